//! TOTP (RFC 6238) authenticator apps: enrolment with a QR code, and
//! confirmation with a first valid code. Checking codes is the TOTP
//! authenticator's ([`super::methods::totp`]); confirming goes through the
//! attempt path like every other check.

use qrcode::render::{svg, unicode};
use qrcode::QrCode;
use serde_json::json;
use zeroize::Zeroizing;

use super::attempt::{self, Attempt, Stage};
use super::methods::totp::aad;
pub use super::methods::totp::{code_at, hotp, matching_step, Params, SEED_BYTES};
use crate::crypto::Secret;
use crate::domain::audit_action::AuditAction;
use crate::domain::auth::Method;
use crate::error::{Error, Hint, Result};
use crate::settings::{self, Config};
use crate::store::{NewCredential, Store};
use crate::users;

/// What a new enrolment shows the user, once.
pub struct Enrolled {
    /// The seed in base32, for typing into an app.
    pub secret: Secret,
    /// The `otpauth://` URI (contains the seed).
    pub uri: Secret,
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

pub(crate) fn require_enabled(s: &Config, method: Method) -> Result<()> {
    if s.mfa.authenticators.contains(&method) {
        Ok(())
    } else {
        let enabled: Vec<&str> = s.mfa.authenticators.iter().map(|m| m.as_str()).collect();
        Err(Error::Refused(format!(
            "the {method} authenticator is not enabled (mfa.authenticators = {})",
            enabled.join(",")
        )))
    }
}

/// Starts a TOTP enrolment: a fresh 160-bit seed, sealed at rest, in a
/// credential labelled `label` (`totp` when not given). It stays pending,
/// and does not authenticate, until [`confirm`] accepts a code. Enrolling
/// again under the label of a pending credential replaces its seed; the
/// label of an active one is refused (reset or remove it first, or choose
/// another label to hold a second authenticator).
pub fn enroll(store: &mut Store, name: &str) -> Result<Enrolled> {
    enroll_labelled(store, name, None)
}

/// Checks a label for [`enroll_labelled`] before anything else is asked.
pub fn check_label(label: &str) -> Result<()> {
    users::validate_label("credential", label)
}

/// [`enroll`] under a label of the caller's choice.
pub fn enroll_labelled(store: &mut Store, name: &str, label: Option<&str>) -> Result<Enrolled> {
    let s = settings::load_config(store)?;
    require_enabled(&s, Method::Totp)?;
    let user = users::show(store, name)?;
    let label = label.unwrap_or(Method::Totp.as_str());
    users::validate_label("credential", label)?;
    let active = || {
        Error::Refused(format!(
            "`{}` already has an active authenticator labelled `{label}`; to replace it, reset \
             it first, or enrol another under a new label",
            user.name
        ))
        .with_hint(Hint::ReplaceTotp {
            user: user.name.clone(),
        })
    };
    let mut seed = Zeroizing::new([0u8; SEED_BYTES]);
    store.random().fill(seed.as_mut_slice());
    let params = Params::from_config(&s.mfa.totp);
    let b32 = params.totp(seed.as_slice()).get_secret_base32();
    let uri = otpauth_uri(&s.mfa.totp.issuer, &user.name, &b32, &params);
    store.write(|tx| {
        let sealed = tx.seal(&aad(user.id), seed.as_slice())?;
        let new = NewCredential {
            user_id: user.id,
            method: Method::Totp,
            label,
            sealed_secret: &sealed,
            now: tx.now(),
        };
        let Some(id) = tx.enroll_credential(&new)? else {
            return Err(active());
        };
        tx.audit(
            AuditAction::MfaEnroll,
            &user.name,
            json!({"method": "totp", "state": "pending", "credential": id, "label": label}),
        )
    })?;
    Ok(Enrolled {
        secret: Secret::new(b32),
        uri: Secret::new(uri),
    })
}

/// Confirms a pending enrolment with one valid code; it then authenticates.
/// The code is checked against each of the user's pending authenticators.
pub fn confirm(store: &mut Store, name: &str, code: &Secret, source: &str) -> Result<()> {
    let s = settings::load_config(store)?;
    let user = users::show(store, name)?;
    let a = Attempt {
        user: &user,
        method: Method::Totp,
        response: code,
        source,
        stage: Stage::Complete,
        confirm: true,
    };
    attempt::attempt(store, &s, &a, |_, _| Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use totp_rs::Algorithm;

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
