//! Multifactor verification across methods, and MFA resets.

use serde_json::json;

use super::{backup_codes, email_code, totp};
use crate::clock::format_time;
use crate::crypto::Secret;
use crate::error::{Error, Result};
use crate::mail;
use crate::settings::{self, Settings};
use crate::store::Store;
use crate::users::{self, User};

/// A way to pass the second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// An authenticator app (TOTP).
    Totp,
    /// A code sent by email.
    Email,
    /// A backup code.
    BackupCode,
    /// An authenticator whose verification mfactl does not do yet.
    Other(&'static str),
}

impl Method {
    /// Parses `totp`, `email`, `backup-code`, or another authenticator name.
    pub fn parse(s: &str) -> Result<Method> {
        match s.to_ascii_lowercase().as_str() {
            "totp" => Ok(Method::Totp),
            "email" => Ok(Method::Email),
            "backup-code" | "backup-codes" => Ok(Method::BackupCode),
            other => settings::AUTHENTICATORS
                .iter()
                .find(|a| **a == other)
                .map(|a| Method::Other(a))
                .ok_or_else(|| {
                    Error::Invalid(format!(
                        "`{s}` is not an MFA method; use totp, email or backup-code"
                    ))
                }),
        }
    }

    /// What the person types, in words: "authenticator app code", ….
    pub fn code_name(self) -> &'static str {
        match self {
            Method::Totp => "authenticator app code",
            Method::Email => "emailed code",
            Method::BackupCode => "backup code",
            Method::Other(name) => name,
        }
    }

    /// The method's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Totp => "totp",
            Method::Email => "email",
            Method::BackupCode => "backup-code",
            Method::Other(name) => name,
        }
    }
}

/// Whether a user counts as having MFA configured: an explicitly chosen
/// authenticator, or an active enrolment (and MFA type not `none`).
pub fn has_mfa_configured(user: &User) -> bool {
    user.mfa_type != "none"
        && (user.mfa_type != "default" || user.enrolments.iter().any(|e| e.state == "active"))
}

/// The user's own method: their MFA type, or the server default.
pub fn user_method(s: &Settings, user: &User) -> Result<Method> {
    match user.mfa_type.as_str() {
        "none" => Err(Error::Refused(format!("`{}` has MFA type none", user.name))),
        "default" => Method::parse(s.get("mfa.default")),
        other => Method::parse(other),
    }
}

/// The methods a user may pass MFA with now: their own, then the enabled
/// alternates.
pub fn offered(s: &Settings, user: &User) -> Vec<Method> {
    let mut methods = Vec::new();
    if let Ok(m) = user_method(s, user) {
        methods.push(m);
    }
    for alt in s.list("mfa.alternates") {
        let m = if alt == "email" {
            Method::Email
        } else {
            Method::BackupCode
        };
        if !methods.contains(&m) {
            methods.push(m);
        }
    }
    methods
}

/// Verifies a second-factor code. Exit codes: 0 valid, 3 invalid, 4 locked,
/// 5 when the method is not allowed for this user.
pub fn verify(
    store: &mut Store,
    name: &str,
    method: Option<Method>,
    code: &Secret,
    source: &str,
) -> Result<Method> {
    let s = settings::load(store)?;
    let user = users::show(store, name)?;
    let method = match method {
        Some(m) => m,
        None => user_method(&s, &user)?,
    };
    let allowed = offered(&s, &user).contains(&method);
    if !allowed {
        return Err(Error::Refused(format!(
            "{} is neither `{}`'s MFA method nor an enabled alternate",
            method.as_str(),
            user.name
        )));
    }
    match method {
        Method::Totp => {
            totp::require_enabled(&s, "totp")?;
            totp::verify(store, &user, code, source)?
        }
        Method::Email => email_code::verify(store, &user, code, source)?,
        Method::BackupCode => {
            backup_codes::verify(store, &user, code, source)?;
        }
        Method::Other(name) => {
            return Err(Error::Refused(format!(
                "verification with {name} is not available in this version of mfactl; \
                 use totp, email or a backup code"
            )))
        }
    }
    Ok(method)
}

/// Clears a user's MFA: enrolments, emailed codes and backup codes. The
/// user is told by email.
pub fn reset(store: &mut Store, name: &str) -> Result<usize> {
    let user = users::show(store, name)?;
    store.write(|tx| {
        let enrolments = tx.execute("DELETE FROM mfa_enrolments WHERE user_id = ?1", [user.id])?;
        tx.execute("DELETE FROM mfa_email_codes WHERE user_id = ?1", [user.id])?;
        let sets = tx.execute("DELETE FROM backup_code_sets WHERE user_id = ?1", [user.id])?;
        tx.audit("mfa.reset", &user.name, json!({"enrolments": enrolments, "backup_codes": sets > 0}))?;
        // Tell the user only when something they relied on was removed.
        let removed = enrolments > 0 || sets > 0;
        if let Some(to) = user.email.as_ref().filter(|_| removed) {
            let host = mail::hostname();
            mail::queue(
                tx,
                to,
                &format!("Your multifactor authentication on {host} was reset"),
                &format!(
                    "An administrator ({}) reset the multifactor authentication of \"{}\" on {host}\n\
                     at {} (UTC). Your authenticator and backup codes no longer work; enrol again\n\
                     with your administrator's help.\n\n\
                     If you did not ask for this, tell your security team at once.\n",
                    tx.actor(),
                    user.name,
                    format_time(tx.now())
                ),
            )?;
        }
        Ok(enrolments)
    })
}

/// Asks for an MFA reset on behalf of a user who lost their device: emails
/// `mfa.reset_recipient` (every administrator, or the given address).
/// Returns the recipients.
pub fn reset_request(store: &mut Store, name: &str) -> Result<Vec<String>> {
    let s = settings::load(store)?;
    let user = users::show(store, name)?;
    let recipients = match s.get("mfa.reset_recipient") {
        "administrators" => mail::administrator_addresses(store.read())?,
        address => vec![address.to_string()],
    };
    if recipients.is_empty() {
        return Err(Error::Refused(
            "no administrator has an email address to receive the reset request; \
             set mfa.reset_recipient to an address or give an administrator an email"
                .into(),
        ));
    }
    store.write(|tx| {
        let host = mail::hostname();
        for to in &recipients {
            mail::queue(
                tx,
                to,
                &format!("MFA reset requested for {} on {host}", user.name),
                &format!(
                    "\"{}\" asked for their multifactor authentication on {host} to be reset\n\
                     (they no longer have their device), at {} (UTC), from the account {}.\n\n\
                     Check that the request really comes from them (call them), then run:\n\n\
                     \x20   mfactl mfa reset {}\n",
                    user.name,
                    format_time(tx.now()),
                    tx.actor(),
                    user.name
                ),
            )?;
        }
        tx.audit(
            "mfa.reset-request",
            &user.name,
            json!({"recipients": recipients.len()}),
        )?;
        Ok(())
    })?;
    Ok(recipients)
}
