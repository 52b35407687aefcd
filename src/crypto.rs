//! Password hashing (argon2id), secret sealing (XChaCha20-Poly1305) and the
//! random source, which tests can replace.

use argon2::password_hash::{
    self, Decimal, Ident, Output, ParamsString, PasswordHash, PasswordHasher, PasswordVerifier,
    Salt, SaltString,
};
use argon2::{Algorithm, Argon2, Block, Params, Version};
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

/// argon2id with mfactl's parameters and `output_len` bytes of output
/// (`None`: the PHC default, 32).
fn hasher(output_len: Option<usize>) -> Hasher {
    // The parameters are constants inside the library's documented range.
    #[allow(clippy::expect_used)]
    let params = Params::new(ARGON2_M_KIB, ARGON2_T, ARGON2_P, output_len)
        .expect("argon2 parameters are valid constants");
    Hasher {
        algorithm: Algorithm::Argon2id,
        version: Version::V0x13,
        params,
    }
}

/// `argon2::Argon2` with its working memory from [`Memory`]: the same
/// hashes, with less time spent by the kernel handing out memory. PHC
/// strings are made and checked through the `password_hash` traits as
/// argon2's own implementation does (the check, with its constant-time
/// comparison, is the traits' `verify_password`).
struct Hasher {
    algorithm: Algorithm,
    version: Version,
    params: Params,
}

impl Hasher {
    /// One evaluation into `out`.
    fn hash_into(&self, secret: &[u8], salt: &[u8], out: &mut [u8]) -> argon2::Result<()> {
        let mut memory = Memory::new(self.params.block_count());
        Argon2::new(self.algorithm, self.version, self.params.clone())
            .hash_password_into_with_memory(secret, salt, out, memory.blocks())
    }
}

impl PasswordHasher for Hasher {
    type Params = Params;

    // As `argon2::Argon2::hash_password` (argon2 0.5), but for the memory.
    fn hash_password<'a>(
        &self,
        password: &[u8],
        salt: impl Into<Salt<'a>>,
    ) -> password_hash::Result<PasswordHash<'a>> {
        let salt = salt.into();
        let mut salt_buf = [0u8; 64];
        let salt_bytes = salt.decode_b64(&mut salt_buf)?;
        let output_len = self
            .params
            .output_len()
            .unwrap_or(Params::DEFAULT_OUTPUT_LEN);
        let output = Output::init_with(output_len, |out| {
            Ok(self.hash_into(password, salt_bytes, out)?)
        })?;
        Ok(PasswordHash {
            algorithm: self.algorithm.ident(),
            version: Some(self.version.into()),
            params: ParamsString::try_from(&self.params)?,
            salt: Some(salt),
            hash: Some(output),
        })
    }

    // As `argon2::Argon2::hash_password_customized` (argon2 0.5).
    fn hash_password_customized<'a>(
        &self,
        password: &[u8],
        algorithm: Option<Ident<'a>>,
        version: Option<Decimal>,
        params: Params,
        salt: impl Into<Salt<'a>>,
    ) -> password_hash::Result<PasswordHash<'a>> {
        Hasher {
            algorithm: algorithm
                .map(Algorithm::try_from)
                .transpose()?
                .unwrap_or_default(),
            version: version
                .map(Version::try_from)
                .transpose()?
                .unwrap_or_default(),
            params,
        }
        .hash_password(password, salt)
    }
}

/// The working memory of one argon2 evaluation: 19 MiB for mfactl's
/// parameters, every byte written by argon2 before it is read.
///
/// It is allocated zeroed, which for a block this large gives fresh pages
/// from the kernel that nothing writes before argon2 (the `argon2` crate
/// fills its own buffer with zeros first), and on Linux it is marked for
/// transparent huge pages before it is touched: taking it in 4 KiB pages is
/// 4,864 page faults, about a fifth of a backup-code check's CPU time; in
/// 2 MiB pages it is 10. Where huge pages are not available (disabled,
/// another system) the pages are 4 KiB, as before. The buffer is 2 MiB
/// longer than the blocks, so that they can start on a 2 MiB boundary.
///
/// The blocks are derived from the secret (with the first ones, guesses
/// could be tested cheaply), so they are wiped when the memory is dropped:
/// a PAM module lives inside a long-running sshd.
struct Memory {
    buf: Vec<u8>,
    start: usize,
    count: usize,
}

impl Memory {
    const HUGE_PAGE: usize = 2 << 20;

    fn new(count: usize) -> Memory {
        let span = (count * Block::SIZE).next_multiple_of(Self::HUGE_PAGE);
        // `vec![0; n]` of bytes is `calloc`, which takes fresh zeroed pages
        // for large sizes without writing them.
        let buf = vec![0u8; span + Self::HUGE_PAGE];
        let addr = buf.as_ptr() as usize;
        let start = addr.next_multiple_of(Self::HUGE_PAGE) - addr;
        advise_huge_pages(&buf[start..start + span]);
        Memory { buf, start, count }
    }

    fn blocks(&mut self) -> &mut [Block] {
        let bytes = &mut self.buf[self.start..self.start + self.count * Block::SIZE];
        // SAFETY: `bytes` starts on a 2 MiB boundary, so it is aligned for
        // `Block` (64 bytes), and holds exactly `count` blocks. A `Block` is
        // 128 `u64`s (plain data, `Copy`; `Block::new()` is all zeros), so
        // any initialised bytes, these zeros included, are valid blocks. The
        // slice borrows `self.buf` mutably for its whole life.
        unsafe { std::slice::from_raw_parts_mut(bytes.as_mut_ptr().cast::<Block>(), self.count) }
    }
}

impl Drop for Memory {
    fn drop(&mut self) {
        self.buf.zeroize();
    }
}

/// Asks Linux to back `region` with transparent huge pages when it is first
/// touched (`MADV_HUGEPAGE`; honoured when
/// `/sys/kernel/mm/transparent_hugepage/enabled` is `always` or `madvise`).
#[cfg(target_os = "linux")]
fn advise_huge_pages(region: &[u8]) {
    use nix::sys::mman::{madvise, MmapAdvise};
    let Some(addr) = std::ptr::NonNull::new(region.as_ptr().cast_mut().cast()) else {
        return;
    };
    // SAFETY: MADV_HUGEPAGE changes how the kernel backs these pages, never
    // their contents; the region is page-aligned memory this process owns,
    // borrowed for the call. A kernel without transparent huge pages refuses
    // (EINVAL) and nothing changes: the pages stay 4 KiB.
    let _ = unsafe { madvise(addr, region.len(), MmapAdvise::MADV_HUGEPAGE) };
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages(_region: &[u8]) {}

/// One argon2id evaluation with mfactl's parameters and a raw 32-byte
/// output (backup codes: one salt per set, the digest looked up).
pub fn argon2id_raw(secret: &[u8], salt: &[u8]) -> Result<[u8; 32]> {
    let mut out = [0u8; 32];
    hasher(Some(out.len()))
        .hash_into(secret, salt, &mut out)
        .map_err(|e| Error::Internal(format!("argon2 hashing failed: {e}")))?;
    Ok(out)
}

/// Hashes `secret` with argon2id and a fresh salt; returns a PHC string.
pub fn hash_secret(secret: &[u8], rng: &mut dyn Random) -> Result<String> {
    let mut salt = [0u8; 16];
    rng.fill(&mut salt);
    let salt =
        SaltString::encode_b64(&salt).map_err(|e| Error::Internal(format!("argon2 salt: {e}")))?;
    hasher(None)
        .hash_password(secret, &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Internal(format!("argon2 hashing failed: {e}")))
}

/// Checks `secret` against a PHC string in constant time. A malformed hash
/// never matches.
pub fn verify_secret(secret: &[u8], phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => hasher(None).verify_password(secret, &parsed).is_ok(),
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

/// HMAC-SHA256 of `data` under `key`.
pub fn mac(key: &[u8], data: &[u8]) -> Vec<u8> {
    use hmac::Mac;
    // HMAC takes a key of any length: new_from_slice cannot fail.
    let mut m = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    m.update(data);
    m.finalize().into_bytes().to_vec()
}

/// Whether `tag` is the HMAC-SHA256 of `data` under `key`, compared in
/// constant time.
pub fn mac_matches(key: &[u8], data: &[u8], tag: &[u8]) -> bool {
    use hmac::Mac;
    match <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(key) {
        Ok(mut m) => {
            m.update(data);
            m.verify_slice(tag).is_ok()
        }
        Err(_) => false,
    }
}

impl SealKey {
    /// A key for another purpose, derived from this one with HKDF-SHA256
    /// under its own label: knowing it tells nothing of this key.
    pub fn derive(&self, purpose: &str) -> Zeroizing<[u8; 32]> {
        let mut out = Zeroizing::new([0u8; 32]);
        hkdf::Hkdf::<sha2::Sha256>::new(None, self.as_bytes())
            .expand(purpose.as_bytes(), out.as_mut_slice())
            .unwrap_or_else(|_| unreachable!("32 bytes is a valid HKDF-SHA256 length"));
        out
    }

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

    /// A fingerprint naming this key (SHA-256 of its bytes): safe to
    /// store, it cannot be turned back into the key.
    pub fn fingerprint(&self) -> Vec<u8> {
        use sha2::Digest;
        sha2::Sha256::digest(self.as_bytes()).to_vec()
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
    fn raw_hash_matches_the_c_reference() {
        // `echo -n pw` hashed by the C reference implementation (libargon2:
        // argon2id_hash_raw(2, 19456, 1, "pw", "somesaltsomesalt", 32)).
        assert_eq!(
            hex::encode(argon2id_raw(b"pw", b"somesaltsomesalt").unwrap()),
            "e524810e32dddfdd7a60391c3d2cd80ac8a1d89e92a056e9c9ca8cdb04f4a75b"
        );
    }

    #[test]
    fn phc_hashes_match_the_argon2_crate() {
        let upstream = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(ARGON2_M_KIB, ARGON2_T, ARGON2_P, None).unwrap(),
        );
        let salt = SaltString::encode_b64(b"sixteen byte slt").unwrap();
        let theirs = upstream
            .hash_password(b"hunter22", &salt)
            .unwrap()
            .to_string();
        let ours = hasher(None)
            .hash_password(b"hunter22", &salt)
            .unwrap()
            .to_string();
        assert_eq!(ours, theirs);
        assert!(verify_secret(b"hunter22", &theirs));
        assert!(!verify_secret(b"hunter23", &theirs));
        let fresh = hash_secret(b"hunter22", &mut OsRandom).unwrap();
        let parsed = PasswordHash::new(&fresh).unwrap();
        assert!(upstream.verify_password(b"hunter22", &parsed).is_ok());
        assert!(upstream.verify_password(b"hunter23", &parsed).is_err());
        // Other parameters in a stored hash are honoured, as upstream does.
        let small = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(64, 1, 1, None).unwrap(),
        )
        .hash_password(b"hunter22", &salt)
        .unwrap()
        .to_string();
        assert!(verify_secret(b"hunter22", &small));
        assert!(!verify_secret(b"hunter23", &small));
    }

    #[test]
    fn reused_memory_gives_the_same_hashes() {
        let first = argon2id_raw(b"pw", b"somesaltsomesalt").unwrap();
        // Another evaluation leaves its blocks in the spare memory.
        argon2id_raw(b"other", b"another salt 123").unwrap();
        assert_eq!(argon2id_raw(b"pw", b"somesaltsomesalt").unwrap(), first);
    }

    #[test]
    fn memory_is_aligned_and_zeroed() {
        let mut m = Memory::new(3000);
        let blocks = m.blocks();
        assert_eq!(blocks.len(), 3000);
        assert_eq!(blocks.as_ptr() as usize % Memory::HUGE_PAGE, 0);
        assert!(blocks.iter().all(|b| b.as_ref().iter().all(|w| *w == 0)));
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
