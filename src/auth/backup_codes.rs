//! Backup codes: generating a set, storing it, and its status. Checking a
//! code is the backup-code authenticator's ([`super::methods::backup_codes`]).

use serde::Serialize;
use serde_json::json;

use super::methods::backup_codes::digest;
pub use super::methods::backup_codes::{ALPHABET, FEW, LEN};
use super::{codes, mfa};
use crate::clock::format_time;
use crate::crypto::Secret;
use crate::domain::audit_action::AuditAction;
use crate::domain::auth::Method;
use crate::error::{Error, Hint, Result};
use crate::mail;
use crate::settings::{self, Config, DefaultAction};
use crate::store::Store;
use crate::users::{self, User};

/// Checks that backup codes may be generated for `user`: they must be an
/// enabled alternate, and under `optional-per-user` the user must have MFA
/// configured first.
pub fn check_allowed(s: &Config, user: &User) -> Result<()> {
    if !s.mfa.alternates.contains(&Method::BackupCode) {
        // The other alternate stays enabled.
        let alternates = if s.mfa.alternates.contains(&Method::Email) {
            "email,backup-codes"
        } else {
            "backup-codes"
        };
        return Err(Error::Refused(
            "backup codes are not enabled: add backup-codes to mfa.alternates".into(),
        )
        .with_hint(Hint::SetSetting {
            key: "mfa.alternates",
            example: Some(alternates.into()),
        }));
    }
    if s.mfa.default_action == DefaultAction::OptionalPerUser && !mfa::has_mfa_configured(user) {
        return Err(Error::Refused(format!(
            "MFA usage is optional per user and `{}` has no MFA configured; configure MFA for the \
             user first (an MFA type, then an enrolled authenticator)",
            user.name
        ))
        .with_hint(Hint::ConfigureMfa {
            user: user.name.clone(),
        }));
    }
    Ok(())
}

/// A fresh set of codes, not yet stored: show them, then [`save`] them.
pub fn generate(store: &mut Store, name: &str) -> Result<(User, Vec<Secret>)> {
    let s = settings::load_config(store)?;
    let user = users::show(store, name)?;
    check_allowed(&s, &user)?;
    let count = s.mfa.backup_codes.clamp(1, 50);
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
        .map(|c| digest(c.expose(), &salt))
        .collect::<Result<Vec<_>>>()?;
    store.write(|tx| {
        tx.replace_backup_codes(user.id, &salt, &hashes, tx.now())?;
        tx.audit(
            AuditAction::BackupCodesGenerate,
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
    let counts = store.read().backup_counts(user.id)?;
    Ok(Status {
        user: user.name,
        remaining: counts.remaining,
        total: counts.total,
        generated_at: counts.created_at.map(format_time),
        low: counts.created_at.is_some() && counts.remaining <= FEW,
    })
}
