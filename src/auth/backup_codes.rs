//! Backup codes: one-time codes generated in advance for when the usual
//! authenticator is not at hand.
//!
//! A code is 16 symbols from a 32-symbol alphabet (80 bits), shown as
//! `xxxx-xxxx-xxxx-xxxx`. All codes of a set are hashed with one salt
//! (argon2id, raw 32-byte output): checking a code is one argon2 evaluation
//! and one indexed lookup, however many codes the user holds.

use argon2::{Algorithm, Argon2, Params, Version};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use serde_json::json;
use zeroize::Zeroizing;

use super::{codes, lockout, mfa};
use crate::clock::format_time;
use crate::crypto::{Secret, ARGON2_M_KIB, ARGON2_P, ARGON2_T};
use crate::error::{Error, Result};
use crate::mail;
use crate::settings::{self, Settings};
use crate::store::Store;
use crate::users::{self, User};

/// Lower-case letters and digits without 0/o, 1/l: exactly 32 symbols.
pub const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
/// Symbols per code.
pub const LEN: usize = 16;
/// At or below this many remaining codes, the user is warned.
pub const FEW: i64 = 2;

fn hash(code: &str, salt: &[u8]) -> Result<[u8; 32]> {
    let params = Params::new(ARGON2_M_KIB, ARGON2_T, ARGON2_P, Some(32))
        .map_err(|e| Error::Internal(format!("argon2 parameters: {e}")))?;
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(code.as_bytes(), salt, &mut out)
        .map_err(|e| Error::Internal(format!("argon2 hashing failed: {e}")))?;
    Ok(out)
}

/// Checks that backup codes may be generated for `user`: they must be an
/// enabled alternate, and under `optional-per-user` the user must have MFA
/// configured first.
pub fn check_allowed(s: &Settings, user: &User) -> Result<()> {
    if !s.list("mfa.alternates").contains(&"backup-codes") {
        return Err(Error::Refused(
            "backup codes are not enabled: add backup-codes to mfa.alternates \
             (mfactl settings set mfa.alternates backup-codes)"
                .into(),
        ));
    }
    if s.get("mfa.default_action") == "optional-per-user" && !mfa::has_mfa_configured(user) {
        return Err(Error::Refused(format!(
            "MFA usage is optional per user and `{}` has no MFA configured; configure MFA for the \
             user first (mfactl user set {} --mfa-type totp, then mfactl mfa enroll {} --method totp)",
            user.name, user.name, user.name
        )));
    }
    Ok(())
}

/// A fresh set of codes, not yet stored: show them, then [`save`] them.
pub fn generate(store: &mut Store, name: &str) -> Result<(User, Vec<Secret>)> {
    let s = settings::load(store)?;
    let user = users::show(store, name)?;
    check_allowed(&s, &user)?;
    let count = s.int("mfa.backup_codes.count").clamp(1, 50) as usize;
    let codes = (0..count)
        .map(|_| codes::random_code(ALPHABET, LEN, store.random()))
        .collect();
    Ok((user, codes))
}

/// Stores a set of codes for the user, replacing the previous set, and
/// emails the user. `by` says who made them (for the audit log).
pub fn save(store: &mut Store, user: &User, codes: &[Secret], by: &str) -> Result<()> {
    let mut salt = [0u8; 16];
    store.random().fill(&mut salt);
    let hashes = codes
        .iter()
        .map(|c| hash(c.expose(), &salt))
        .collect::<Result<Vec<_>>>()?;
    store.write(|tx| {
        tx.execute("DELETE FROM backup_code_sets WHERE user_id = ?1", [user.id])?;
        tx.execute(
            "INSERT INTO backup_code_sets (user_id, salt, created_at) VALUES (?1, ?2, ?3)",
            params![user.id, salt.as_slice(), tx.now()],
        )?;
        for h in &hashes {
            tx.execute(
                "INSERT INTO backup_codes (user_id, hash) VALUES (?1, ?2)",
                params![user.id, h.as_slice()],
            )?;
        }
        tx.audit(
            "backup-codes.generate",
            &user.name,
            json!({"count": codes.len(), "by": by}),
        )?;
        if let Some(to) = &user.email {
            mail::queue(
                tx,
                to,
                &format!("New backup codes for {} on {}", user.name, mail::hostname()),
                &format!(
                    "A new set of {} backup codes was generated for \"{}\" on {} at {} (UTC).\n\
                     Every earlier backup code no longer works.\n\n\
                     If you did not do this, tell your administrator at once.\n",
                    codes.len(),
                    user.name,
                    mail::hostname(),
                    format_time(tx.now())
                ),
            )?;
        }
        Ok(())
    })
}

/// Checks a backup code and uses it up. Of many simultaneous uses of one
/// code exactly one succeeds. Emails the user, with a warning when few remain.
pub(crate) fn verify(store: &mut Store, user: &User, code: &Secret, source: &str) -> Result<i64> {
    let s = settings::load(store)?;
    let salt: Option<Vec<u8>> = store
        .conn()
        .query_row(
            "SELECT salt FROM backup_code_sets WHERE user_id = ?1",
            [user.id],
            |r| r.get(0),
        )
        .optional()?;
    let typed = codes::normalize(code.expose(), &ALPHABET.to_ascii_uppercase(), LEN);
    // One argon2 evaluation, whether or not there is a set or a well-formed code.
    let probe = Zeroizing::new(
        typed
            .as_ref()
            .map_or_else(|| code.expose().to_string(), |t| t.expose().to_lowercase()),
    );
    let digest = hash(&probe, salt.as_deref().unwrap_or(b"no backup codes!"))?;
    let usable = salt.is_some() && typed.is_some();
    store.write(|tx| {
        let attempt = json!({"method": "backup-code", "source": source});
        if let Some(locked) = lockout::refuse_if_locked(tx, user.id, &user.name, "mfa.verify", attempt)? {
            return Ok(Err(locked));
        }
        let consumed = usable
            && tx.execute(
                "UPDATE backup_codes SET used_at = ?3 WHERE user_id = ?1 AND hash = ?2 AND used_at IS NULL",
                params![user.id, digest.as_slice(), tx.now()],
            )? == 1;
        if !consumed {
            let used: bool = usable
                && tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM backup_codes WHERE user_id = ?1 AND hash = ?2)",
                    params![user.id, digest.as_slice()],
                    |r| r.get(0),
                )?;
            let lock = lockout::record_failure(tx, &s, user.id, &user.name)?;
            let reason = if used { "already_used" } else { "wrong_code" };
            tx.audit("mfa.verify", &user.name, json!({"method": "backup-code", "source": source, "outcome": "failed", "reason": reason, "locked": lock.is_some()}))?;
            return Ok(Err(lock.unwrap_or_else(|| {
                Error::AuthFailed(if used {
                    "this backup code was already used; each code works once".into()
                } else {
                    "the backup code is wrong".into()
                })
            })));
        }
        lockout::record_success(tx, user.id)?;
        let remaining: i64 = tx.query_row(
            "SELECT count(*) FROM backup_codes WHERE user_id = ?1 AND used_at IS NULL",
            [user.id],
            |r| r.get(0),
        )?;
        tx.audit("mfa.verify", &user.name, json!({"method": "backup-code", "source": source, "outcome": "success", "remaining": remaining}))?;
        if let Some(to) = &user.email {
            let warning = if remaining <= FEW {
                format!(
                    "\nOnly {remaining} backup code(s) remain. Generate a new set soon:\n\n    mfactl backup-codes generate {}\n",
                    user.name
                )
            } else {
                String::new()
            };
            mail::queue(
                tx,
                to,
                &format!("A backup code was used for {} on {}", user.name, mail::hostname()),
                &format!(
                    "A backup code was used to sign in as \"{}\" on {} at {} (UTC).\n\
                     {remaining} unused backup code(s) remain.\n{warning}\n\
                     If this was not you, tell your administrator at once.\n",
                    user.name,
                    mail::hostname(),
                    format_time(tx.now())
                ),
            )?;
        }
        Ok(Ok(remaining))
    })?
}

/// How many backup codes a user has left.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// The user.
    pub user: String,
    /// Unused codes.
    pub remaining: i64,
    /// Codes in the set.
    pub total: i64,
    /// When the set was generated (RFC 3339), if there is one.
    pub generated_at: Option<String>,
    /// Whether few (≤ 2) remain.
    pub low: bool,
}

/// The user's backup-code status.
pub fn status(store: &Store, name: &str) -> Result<Status> {
    let user = users::show(store, name)?;
    let created: Option<i64> = store
        .conn()
        .query_row(
            "SELECT created_at FROM backup_code_sets WHERE user_id = ?1",
            [user.id],
            |r| r.get(0),
        )
        .optional()?;
    let (total, remaining): (i64, i64) = store.conn().query_row(
        "SELECT count(*), count(*) FILTER (WHERE used_at IS NULL) FROM backup_codes WHERE user_id = ?1",
        [user.id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(Status {
        user: user.name,
        remaining,
        total,
        generated_at: created.map(format_time),
        low: created.is_some() && remaining <= FEW,
    })
}
