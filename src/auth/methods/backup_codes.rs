//! Backup codes: one-time codes generated in advance for when the usual
//! authenticator is not at hand.
//!
//! A code is 16 symbols from a 32-symbol alphabet (80 bits), shown as
//! `xxxx-xxxx-xxxx-xxxx`. All codes of a set are hashed with one salt
//! (argon2id, raw 32-byte output): checking a code is one argon2 evaluation
//! and one indexed lookup, however many codes the user holds.

use zeroize::Zeroizing;

use super::{Authenticator, Check, Consume, Notice, Success, Verdict};
use crate::auth::codes;
use crate::clock::format_time;
use crate::crypto;
use crate::domain::auth::{FailReason, Method};
use crate::error::{Error, Result};
use crate::mail;
use crate::store::{Read, Store};
use crate::users::User;

/// Lower-case letters and digits without 0/o, 1/l: exactly 32 symbols.
pub const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
/// Symbols per code.
pub const LEN: usize = 16;
/// At or below this many remaining codes, the user is warned.
pub const FEW: i64 = 2;
/// The salt hashed with when the user has no set, so a check costs the
/// same either way.
const NO_SET_SALT: &[u8] = b"no backup codes!";

/// The digest of a code under a set's salt.
pub fn digest(code: &str, salt: &[u8]) -> Result<[u8; 32]> {
    crypto::argon2id_raw(code.as_bytes(), salt)
}

/// The backup-code authenticator.
pub struct BackupCodes;

impl Authenticator for BackupCodes {
    fn method(&self) -> Method {
        Method::BackupCode
    }

    fn held_by(&self, r: Read<'_>, user: &User) -> Result<bool> {
        Ok(r.backup_counts(user.id)?.remaining > 0)
    }

    fn check(&self, store: &mut Store, check: &Check<'_>) -> Result<Verdict> {
        let user_id = check.user.id;
        let salt = store.read().backup_salt(user_id)?;
        let raw = check.response.expose();
        let typed = codes::normalize(raw, &ALPHABET.to_ascii_uppercase(), LEN);
        // One argon2 evaluation, whether or not there is a set or a
        // well-formed code.
        let probe = Zeroizing::new(
            typed
                .as_ref()
                .map_or_else(|| raw.to_string(), |t| t.expose().to_lowercase()),
        );
        let digest = digest(&probe, salt.as_deref().unwrap_or(NO_SET_SALT))?;
        if salt.is_none() || typed.is_none() {
            return Ok(Verdict::Fail(FailReason::WrongCode));
        }
        Ok(match store.read().backup_code_used(user_id, &digest)? {
            None => Verdict::Fail(FailReason::WrongCode),
            Some(true) => Verdict::Fail(FailReason::AlreadyUsed),
            Some(false) => Verdict::Pass(Consume::BackupCode { digest }),
        })
    }

    /// Says how many remain, and tells the user by email (with a warning
    /// when few remain).
    fn used(&self, r: Read<'_>, user: &User, now: i64, out: &mut Success) -> Result<()> {
        let remaining = r.backup_counts(user.id)?.remaining;
        out.details.insert("remaining".into(), remaining.into());
        let Some(to) = &user.email else {
            return Ok(());
        };
        let host = mail::hostname();
        let warning = if remaining <= FEW {
            format!(
                "\nOnly {remaining} backup code(s) remain. Generate a new set soon:\n\n    \
                 mfactl backup-codes generate {}\n",
                user.name
            )
        } else {
            String::new()
        };
        out.notices.push(Notice {
            to: vec![to.clone()],
            subject: format!("A backup code was used for {} on {host}", user.name),
            body: format!(
                "A backup code was used to sign in as \"{}\" on {host} at {} (UTC).\n\
                 {remaining} unused backup code(s) remain.\n{warning}\n\
                 If this was not you, tell your administrator at once.\n",
                user.name,
                format_time(now)
            ),
        });
        Ok(())
    }

    fn failure(&self, reason: FailReason, _user: &User) -> Error {
        Error::AuthFailed(if reason == FailReason::AlreadyUsed {
            "this backup code was already used; each code works once".into()
        } else {
            "the backup code is wrong".into()
        })
    }
}
