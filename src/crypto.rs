//! Password hashing (argon2id), secret sealing (XChaCha20-Poly1305) and the
//! random source, which tests can replace.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Error, Result};

/// argon2id memory cost in KiB (OWASP's minimum recommendation).
pub const ARGON2_M_KIB: u32 = 19_456;
/// argon2id iterations.
pub const ARGON2_T: u32 = 2;
/// argon2id parallelism.
pub const ARGON2_P: u32 = 1;

const SEAL_VERSION: u8 = 1;
const NONCE_LEN: usize = 24;

/// A source of cryptographically secure random bytes. The library uses the
/// operating system's generator; tests may inject a deterministic one.
pub trait Random: Send {
    /// Fills `buf` with random bytes.
    fn fill(&mut self, buf: &mut [u8]);
}

/// The operating system's CSPRNG.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsRandom;

impl Random for OsRandom {
    fn fill(&mut self, buf: &mut [u8]) {
        // getrandom only fails when the OS has no entropy source at all;
        // continuing with zeros would be worse than stopping.
        #[allow(clippy::expect_used)]
        getrandom::fill(buf).expect("the operating system's random generator failed");
    }
}

/// A secret string (password, code, key) whose `Debug` never shows it and
/// whose memory is wiped on drop.
#[derive(Clone, Default)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Self {
        Secret(Zeroizing::new(s.into()))
    }
    /// The secret itself; keep the borrow short.
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// Whether the secret is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

fn argon2() -> Argon2<'static> {
    // The parameters are constants inside the library's documented range.
    #[allow(clippy::expect_used)]
    let params = Params::new(ARGON2_M_KIB, ARGON2_T, ARGON2_P, None)
        .expect("argon2 parameters are valid constants");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes `secret` with argon2id and a fresh salt; returns a PHC string.
pub fn hash_secret(secret: &[u8], rng: &mut dyn Random) -> Result<String> {
    let mut salt = [0u8; 16];
    rng.fill(&mut salt);
    let salt =
        SaltString::encode_b64(&salt).map_err(|e| Error::Internal(format!("argon2 salt: {e}")))?;
    argon2()
        .hash_password(secret, &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Internal(format!("argon2 hashing failed: {e}")))
}

/// Checks `secret` against a PHC string in constant time. A malformed hash
/// never matches.
pub fn verify_secret(secret: &[u8], phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => argon2().verify_password(secret, &parsed).is_ok(),
        Err(_) => false,
    }
}

/// Spends the same work as [`verify_secret`] without a stored hash, so that
/// an unknown user takes as long as a known one.
pub fn verify_dummy(secret: &[u8]) {
    const DUMMY: &str =
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Nk7MGEi0jE5y1AZL9k3c1kZJt3aPo3NIHnx5LB3Dm0";
    let _ = verify_secret(secret, DUMMY);
}

/// The 256-bit key that seals recoverable secrets at rest.
pub struct SealKey(Zeroizing<[u8; 32]>);

impl SealKey {
    /// Builds a key from raw bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        SealKey(Zeroizing::new(bytes))
    }
    /// A fresh random key.
    pub fn generate(rng: &mut dyn Random) -> Self {
        let mut k = [0u8; 32];
        rng.fill(&mut k);
        let key = SealKey::from_bytes(k);
        k.zeroize();
        key
    }
    /// The raw key bytes (for writing the key file).
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Encrypts `plaintext`; `aad` binds the ciphertext to its row and
    /// purpose so it cannot be moved elsewhere in the store.
    pub fn seal(&self, aad: &str, plaintext: &[u8], rng: &mut dyn Random) -> Result<Vec<u8>> {
        let mut nonce = [0u8; NONCE_LEN];
        rng.fill(&mut nonce);
        let cipher = XChaCha20Poly1305::new(self.0.as_slice().into());
        let ct = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| Error::Internal("sealing a secret failed".into()))?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + ct.len());
        out.push(SEAL_VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        Ok(out)
    }

    /// Decrypts a blob made by [`SealKey::seal`] with the same `aad`.
    pub fn open(&self, aad: &str, blob: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        let fail = || {
            Error::Integrity(format!(
                "a sealed secret ({aad}) cannot be decrypted: the key file does not match, \
                 or the value was altered or copied from another row"
            ))
        };
        if blob.len() < 1 + NONCE_LEN || blob[0] != SEAL_VERSION {
            return Err(fail());
        }
        let cipher = XChaCha20Poly1305::new(self.0.as_slice().into());
        cipher
            .decrypt(
                XNonce::from_slice(&blob[1..1 + NONCE_LEN]),
                Payload {
                    msg: &blob[1 + NONCE_LEN..],
                    aad: aad.as_bytes(),
                },
            )
            .map(Zeroizing::new)
            .map_err(|_| fail())
    }
}

/// SHA-256 of `data`, as lowercase hex.
pub fn sha256_hex(data: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let h = hash_secret(b"correct horse", &mut OsRandom).unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_secret(b"correct horse", &h));
        assert!(!verify_secret(b"wrong", &h));
        assert!(!verify_secret(b"x", "not a hash"));
    }

    #[test]
    fn seal_binds_aad() {
        let key = SealKey::generate(&mut OsRandom);
        let blob = key
            .seal("setting:smtp.password", b"hunter2", &mut OsRandom)
            .unwrap();
        assert_eq!(
            &*key.open("setting:smtp.password", &blob).unwrap(),
            b"hunter2"
        );
        assert!(key.open("setting:mfa.radius.secret", &blob).is_err());
        let other = SealKey::generate(&mut OsRandom);
        assert!(other.open("setting:smtp.password", &blob).is_err());
        let mut tampered = blob.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert!(key.open("setting:smtp.password", &tampered).is_err());
    }

    #[test]
    fn secret_debug_is_redacted() {
        assert_eq!(format!("{:?}", Secret::new("pw")), "Secret(<redacted>)");
    }
}
