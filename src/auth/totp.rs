//! TOTP (RFC 6238) authenticators: enrolment with a QR code, confirmation
//! with a first valid code, and verification with ±1 step of skew where a
//! step once accepted is never accepted again.

use qrcode::render::{svg, unicode};
use qrcode::QrCode;
use rusqlite::{params, OptionalExtension};
use serde_json::json;
use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, TOTP};
use zeroize::Zeroizing;

use super::lockout;
use crate::crypto::Secret;
use crate::error::{Error, Result};
use crate::settings::{self, Settings};
use crate::store::Store;
use crate::users::{self, User};

/// Seed length: 160 bits, as RFC 4226 recommends.
pub const SEED_BYTES: usize = 20;

/// The parameters codes are made with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    /// The HMAC algorithm.
    pub algorithm: Algorithm,
    /// Code length.
    pub digits: usize,
    /// Time step in seconds.
    pub period: u64,
}

impl Params {
    /// The parameters set by `mfa.totp.*`.
    pub fn from_settings(s: &Settings) -> Params {
        let algorithm = match s.get("mfa.totp.algorithm") {
            "sha256" => Algorithm::SHA256,
            "sha512" => Algorithm::SHA512,
            _ => Algorithm::SHA1,
        };
        Params {
            algorithm,
            digits: s.int("mfa.totp.digits").clamp(6, 8) as usize,
            period: s.int("mfa.totp.period").max(1) as u64,
        }
    }

    fn totp(&self, seed: &[u8]) -> TOTP {
        TOTP::new_unchecked(
            self.algorithm,
            self.digits,
            0,
            self.period,
            seed.to_vec(),
            None,
            String::new(),
        )
    }

    fn algorithm_name(&self) -> &'static str {
        match self.algorithm {
            Algorithm::SHA256 => "SHA256",
            Algorithm::SHA512 => "SHA512",
            _ => "SHA1",
        }
    }
}

/// The code for `seed` at Unix time `time`.
pub fn code_at(seed: &[u8], params: &Params, time: u64) -> String {
    params.totp(seed).generate(time)
}

/// The HOTP (RFC 4226) value of `seed` at `counter`.
pub fn hotp(seed: &[u8], algorithm: Algorithm, digits: usize, counter: u64) -> String {
    // A TOTP with a one-second step at time `counter` is HOTP(counter).
    TOTP::new_unchecked(algorithm, digits, 0, 1, seed.to_vec(), None, String::new())
        .generate(counter)
}

/// The time step (within ±1 of `now`) whose code is `code`, compared in
/// constant time.
pub fn matching_step(seed: &[u8], params: &Params, code: &str, now: i64) -> Option<i64> {
    let totp = params.totp(seed);
    let current = now.max(0) as u64 / params.period;
    let mut found = None;
    for step in [current.saturating_sub(1), current, current + 1] {
        let expected = totp.generate(step * params.period);
        if bool::from(expected.as_bytes().ct_eq(code.as_bytes())) && found.is_none() {
            found = Some(step as i64);
        }
    }
    found
}

/// What a new enrolment shows the user, once.
pub struct Enrolled {
    /// The seed in base32, for typing into an app.
    pub secret: Secret,
    /// The `otpauth://` URI (contains the seed).
    pub uri: Secret,
}

fn aad(user_id: i64) -> String {
    format!("mfa:totp:user:{user_id}")
}

/// Builds the `otpauth://` URI an authenticator app reads.
pub fn otpauth_uri(issuer: &str, account: &str, secret_b32: &str, params: &Params) -> String {
    let issuer_enc = urlencoding::encode(issuer);
    format!(
        "otpauth://totp/{issuer_enc}:{}?secret={secret_b32}&issuer={issuer_enc}&algorithm={}&digits={}&period={}",
        urlencoding::encode(account),
        params.algorithm_name(),
        params.digits,
        params.period
    )
}

/// The QR code of `text` for a terminal (Unicode half blocks, dark on light).
pub fn qr_terminal(text: &str) -> Result<String> {
    let code = QrCode::new(text.as_bytes()).map_err(|e| Error::Invalid(format!("QR code: {e}")))?;
    Ok(code
        .render::<unicode::Dense1x2>()
        .dark_color(unicode::Dense1x2::Light)
        .light_color(unicode::Dense1x2::Dark)
        .quiet_zone(true)
        .build())
}

/// The QR code of `text` as an SVG document.
pub fn qr_svg(text: &str) -> Result<String> {
    let code = QrCode::new(text.as_bytes()).map_err(|e| Error::Invalid(format!("QR code: {e}")))?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(256, 256)
        .build())
}

/// The QR code of `text` as rows of dark (true) and light modules, with a
/// 4-module quiet zone (for checking that it decodes).
pub fn qr_modules(text: &str) -> Result<Vec<Vec<bool>>> {
    let code = QrCode::new(text.as_bytes()).map_err(|e| Error::Invalid(format!("QR code: {e}")))?;
    let w = code.width();
    let colors = code.to_colors();
    let size = w + 8;
    Ok((0..size)
        .map(|y| {
            (0..size)
                .map(|x| {
                    let (cx, cy) = (x as isize - 4, y as isize - 4);
                    cx >= 0
                        && cy >= 0
                        && (cx as usize) < w
                        && (cy as usize) < w
                        && colors[cy as usize * w + cx as usize] == qrcode::Color::Dark
                })
                .collect()
        })
        .collect())
}

pub(crate) fn require_enabled(s: &Settings, method: &str) -> Result<()> {
    if s.list("mfa.authenticators").contains(&method) {
        Ok(())
    } else {
        Err(Error::Refused(format!(
            "the {method} authenticator is not enabled (mfa.authenticators = {})",
            s.get("mfa.authenticators")
        )))
    }
}

/// A user's TOTP enrolment: state, sealed seed, last accepted step.
type Row = (String, Option<Vec<u8>>, Option<i64>);

fn state(store: &Store, user_id: i64) -> Result<Option<Row>> {
    Ok(store
        .conn()
        .query_row(
            "SELECT state, sealed_secret, last_used_step FROM mfa_enrolments WHERE user_id = ?1 AND method = 'totp'",
            [user_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

/// Starts a TOTP enrolment: a fresh 160-bit seed, sealed at rest. It stays
/// pending, and does not authenticate, until [`confirm`] accepts a code.
/// Refused while an active TOTP enrolment exists (reset it first).
pub fn enroll(store: &mut Store, name: &str) -> Result<Enrolled> {
    let s = settings::load(store)?;
    require_enabled(&s, "totp")?;
    let user = users::show(store, name)?;
    let active = || {
        Error::Refused(format!(
            "`{}` already has an active authenticator; to replace it, reset it first: mfactl mfa reset {}",
            user.name, user.name
        ))
    };
    if state(store, user.id)?.is_some_and(|(st, _, _)| st == "active") {
        return Err(active());
    }
    let mut seed = Zeroizing::new([0u8; SEED_BYTES]);
    store.random().fill(seed.as_mut_slice());
    let params = Params::from_settings(&s);
    let b32 = params.totp(seed.as_slice()).get_secret_base32();
    let uri = otpauth_uri(s.get("mfa.totp.issuer"), &user.name, &b32, &params);
    store.write(|tx| {
        let sealed = tx.seal(&aad(user.id), seed.as_slice())?;
        // Only a pending enrolment is replaced: one confirmed meanwhile stays.
        let changed = tx.execute(
            "INSERT INTO mfa_enrolments (user_id, method, state, sealed_secret, created_at)
             VALUES (?1, 'totp', 'pending', ?2, ?3)
             ON CONFLICT (user_id, method) DO UPDATE SET state = 'pending', sealed_secret = ?2,
                 created_at = ?3, confirmed_at = NULL, last_used_step = NULL
             WHERE mfa_enrolments.state = 'pending'",
            params![user.id, sealed, tx.now()],
        )?;
        if changed != 1 {
            return Err(active());
        }
        tx.audit(
            "mfa.enroll",
            &user.name,
            json!({"method": "totp", "state": "pending"}),
        )
    })?;
    Ok(Enrolled {
        secret: Secret::new(b32),
        uri: Secret::new(uri),
    })
}

/// Checks a code against the user's TOTP seed in `wanted` state and, if it
/// matches a step not used before, records the step (so it is never
/// accepted again) and moves the enrolment to `active`. Counts failures
/// toward lockout. `action` names the audit entry.
fn check_code(
    store: &mut Store,
    user: &User,
    code: &Secret,
    wanted: &str,
    action: &str,
    source: &str,
) -> Result<()> {
    let s = settings::load(store)?;
    let params = Params::from_settings(&s);
    let Some((st, Some(sealed), _)) = state(store, user.id)? else {
        return Err(Error::Refused(format!(
            "`{}` has no authenticator; enrol one: mfactl mfa enroll {} --method totp",
            user.name, user.name
        )));
    };
    if st != wanted {
        return Err(Error::Refused(match wanted {
            "pending" => format!("`{}` has no pending authenticator to confirm (it is {st})", user.name),
            _ => format!(
                "`{}`'s authenticator is not confirmed yet; confirm it first: mfactl mfa confirm {}",
                user.name, user.name
            ),
        }));
    }
    let seed = store.unseal(&aad(user.id), &sealed)?;
    let typed: String = code
        .expose()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let step = matching_step(&seed, &params, &typed, store.now());
    store.write(|tx| {
        let attempt = json!({"method": "totp", "source": source});
        if let Some(locked) = lockout::refuse_if_locked(tx, user.id, &user.name, action, attempt)? {
            return Ok(Err(locked));
        }
        // Single use of a step, also under concurrency: only a step later
        // than the last accepted one changes the row.
        let accepted = match step {
            Some(step) => tx.execute(
                "UPDATE mfa_enrolments SET last_used_step = ?2, state = 'active',
                        confirmed_at = coalesce(confirmed_at, ?3)
                 WHERE user_id = ?1 AND method = 'totp' AND state = ?4 AND sealed_secret = ?5
                   AND (last_used_step IS NULL OR last_used_step < ?2)",
                // The seed the code was checked against, not one enrolled since.
                params![user.id, step, tx.now(), wanted, sealed],
            )? == 1,
            None => false,
        };
        if accepted {
            lockout::record_success(tx, user.id)?;
            tx.audit(action, &user.name, json!({"method": "totp", "outcome": "success", "source": source}))?;
            return Ok(Ok(()));
        }
        let reason = if step.is_some() { "replayed" } else { "wrong_code" };
        let lock = lockout::record_failure(tx, &s, user.id, &user.name)?;
        tx.audit(action, &user.name, json!({"method": "totp", "source": source, "outcome": "failed", "reason": reason, "locked": lock.is_some()}))?;
        Ok(Err(lock.unwrap_or_else(|| {
            Error::AuthFailed(if step.is_some() {
                "this code was already used; wait for the next one".into()
            } else {
                "the authenticator code is wrong (check the device's clock if this repeats)".into()
            })
        })))
    })?
}

/// Confirms a pending enrolment with one valid code; it then authenticates.
pub fn confirm(store: &mut Store, name: &str, code: &Secret, source: &str) -> Result<()> {
    let user = users::show(store, name)?;
    check_code(store, &user, code, "pending", "mfa.confirm", source)
}

/// Verifies a code from an active authenticator.
pub(crate) fn verify(store: &mut Store, user: &User, code: &Secret, source: &str) -> Result<()> {
    check_code(store, user, code, "active", "mfa.verify", source)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA1_SEED: &[u8] = b"12345678901234567890";
    const SHA256_SEED: &[u8] = b"12345678901234567890123456789012";
    const SHA512_SEED: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

    /// RFC 6238 Appendix B: time, SHA1, SHA256, SHA512 (8 digits).
    const RFC6238: &[(u64, &str, &str, &str)] = &[
        (59, "94287082", "46119246", "90693936"),
        (1111111109, "07081804", "68084774", "25091201"),
        (1111111111, "14050471", "67062674", "99943326"),
        (1234567890, "89005924", "91819424", "93441116"),
        (2000000000, "69279037", "90698825", "38618901"),
        (20000000000, "65353130", "77737706", "47863826"),
    ];

    #[test]
    fn rfc6238_appendix_b() {
        for &(t, sha1, sha256, sha512) in RFC6238 {
            for (alg, seed, want) in [
                (Algorithm::SHA1, SHA1_SEED, sha1),
                (Algorithm::SHA256, SHA256_SEED, sha256),
                (Algorithm::SHA512, SHA512_SEED, sha512),
            ] {
                let p = Params {
                    algorithm: alg,
                    digits: 8,
                    period: 30,
                };
                assert_eq!(code_at(seed, &p, t), want, "{alg:?} at {t}");
            }
        }
    }

    #[test]
    fn rfc4226_appendix_d() {
        let want = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (counter, w) in want.iter().enumerate() {
            assert_eq!(hotp(SHA1_SEED, Algorithm::SHA1, 6, counter as u64), *w);
        }
    }

    #[test]
    fn skew_is_one_step_each_way() {
        let p = Params {
            algorithm: Algorithm::SHA1,
            digits: 6,
            period: 30,
        };
        let now = 1_000_000_020; // inside step 33333334
        let step = now as u64 / 30;
        for (offset, ok) in [(-2i64, false), (-1, true), (0, true), (1, true), (2, false)] {
            let t = ((step as i64 + offset) * 30) as u64;
            let code = code_at(SHA1_SEED, &p, t);
            assert_eq!(
                matching_step(SHA1_SEED, &p, &code, now).is_some(),
                ok,
                "offset {offset}"
            );
        }
        assert!(matching_step(SHA1_SEED, &p, "000000x", now).is_none());
    }

    #[test]
    fn uri_names_every_parameter() {
        let p = Params {
            algorithm: Algorithm::SHA1,
            digits: 6,
            period: 30,
        };
        assert_eq!(
            otpauth_uri("ACME Corp", "alice@example.com", "GEZDGNBV", &p),
            "otpauth://totp/ACME%20Corp:alice%40example.com?secret=GEZDGNBV&issuer=ACME%20Corp&algorithm=SHA1&digits=6&period=30"
        );
    }
}
