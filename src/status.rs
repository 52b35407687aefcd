//! The store's overview and health warnings.

use std::os::unix::fs::PermissionsExt;

use crate::error::{Advice, Hint, Result};
use crate::settings;
use crate::store::{Store, SCHEMA_VERSION};

pub use crate::domain::status::Counts;

/// The store's overview and health.
#[derive(Debug, Clone)]
pub struct Status {
    /// The store file.
    pub store: String,
    /// The key file.
    pub key_file: String,
    /// The store's schema version.
    pub schema_version: i64,
    /// What the store holds.
    pub counts: Counts,
    /// Whether emergency login is enabled server-wide.
    pub emergency_login_enabled: bool,
    /// Problems an administrator should look at, each with what to do.
    pub warnings: Vec<Advice>,
}

/// Lists up to five names, then how many more.
fn some(names: &[String]) -> String {
    let shown = names.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > 5 {
        format!("{shown} and {} more", names.len() - 5)
    } else {
        shown
    }
}

/// Gathers counts and health warnings.
pub fn status(store: &Store) -> Result<Status> {
    let read = store.read();
    let s = settings::load(store)?;
    let counts = read.counts(store.now())?;
    let mut warnings = Vec::new();
    let c = s.config()?;
    let emergency = c.emergency.enabled;
    let smtp_missing = c.smtp.missing();
    if emergency && !smtp_missing.is_empty() {
        warnings.push(Advice {
            text: format!(
                "emergency login is enabled but SMTP is incomplete ({} not set), so no code can \
                 be sent; set {}",
                smtp_missing.join(", "),
                smtp_missing.join(" and ")
            ),
            hint: settings::smtp_hint(&smtp_missing),
        });
    }
    if let Err(e) = s.check() {
        warnings.push(Advice::from(&e));
    }
    if !crate::audit::triggers_present(store)? {
        warnings.push(Advice::text(crate::audit::TRIGGERS_MISSING.to_string()));
    }
    let no_email = read.admins_without_email()?;
    if !no_email.is_empty() {
        warnings.push(Advice::text(format!(
            "administrators without an email address (they get no notifications): {}",
            some(&no_email)
        )));
    }
    let ineligible = read.ineligible_emergency_users()?;
    if !ineligible.is_empty() {
        warnings.push(Advice::text(format!(
            "users with emergency login enabled who are no longer eligible (need the direct \
             administrator flag and an email): {}",
            some(&ineligible)
        )));
    }
    if !emergency && counts.emergency_login > 0 {
        warnings.push(Advice::text(format!(
            "{} user(s) have emergency login enabled, but authentication.emergency_code.enabled \
             is off",
            counts.emergency_login
        )));
    }
    if emergency && counts.emergency_login == ineligible.len() as i64 {
        warnings.push(Advice::hinted(
            "emergency login is enabled, but no administrator can use it; enable it for a \
             direct administrator with an email",
            Hint::ChooseEmergencyAdmin,
        ));
    }
    let enabled: Vec<&str> = c.mfa.authenticators.iter().map(|m| m.as_str()).collect();
    for (method, n) in read.mfa_type_counts()? {
        if !enabled.contains(&method.as_str()) {
            warnings.push(Advice::text(format!(
                "{n} user(s) have MFA type `{method}`, which is not an enabled authenticator"
            )));
        }
    }
    let (queued, last_error) = read.mail_queue_state()?;
    if queued > 0 {
        let why = last_error.map_or(String::new(), |e| format!(" (last error: {e})"));
        warnings.push(Advice::hinted(
            format!("{queued} notification(s) waiting in the mail queue{why}; deliver them"),
            Hint::FlushMail,
        ));
    }
    if c.smtp.username.is_some() && !c.smtp.password_set {
        warnings.push(Advice::hinted(
            "smtp.username is set but smtp.password is not; set it",
            Hint::SetSetting {
                key: "smtp.password",
                example: None,
            },
        ));
    }
    for path in [store.path(), store.key_path()] {
        match std::fs::metadata(path) {
            Ok(m) if m.permissions().mode() & 0o077 != 0 => warnings.push(Advice::text(format!(
                "{} is readable by other users (mode {:o}); run: chmod 600 {}",
                path.display(),
                m.permissions().mode() & 0o777,
                path.display()
            ))),
            Ok(_) => {}
            Err(_) => warnings.push(Advice::text(format!(
                "the key file {} is missing: stored secrets cannot be used; restore it from your \
                 backup",
                path.display()
            ))),
        }
    }
    Ok(Status {
        store: store.path().display().to_string(),
        key_file: store.key_path().display().to_string(),
        schema_version: SCHEMA_VERSION,
        counts,
        emergency_login_enabled: emergency,
        warnings,
    })
}
