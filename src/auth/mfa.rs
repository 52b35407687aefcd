//! Multifactor: which methods a user is offered, verification through the
//! attempt path, and MFA resets.

use serde::Serialize;
use serde_json::json;

use super::attempt::{self, Attempt, Stage};
use super::{rate, totp};
use crate::clock::format_time;
use crate::crypto::Secret;
use crate::domain::audit_action::AuditAction;
pub use crate::domain::auth::Method;
use crate::domain::auth::{Credential, CredentialState};
use crate::error::{Error, Hint, Result, UserOption};
use crate::mail;
use crate::settings::{self, Config, ResetRecipient};
use crate::store::{CodeKind, Store};
use crate::users::{self, User};

/// Whether a user counts as having MFA configured: an explicitly chosen
/// authenticator, or an active enrolment (and MFA type not `none`).
pub fn has_mfa_configured(user: &User) -> bool {
    user.has_mfa_configured()
}

/// The user's own method: their MFA type, or the server default.
pub fn user_method(s: &Config, user: &User) -> Result<Method> {
    match user.mfa_type.as_str() {
        "none" => Err(Error::Refused(format!("`{}` has MFA type none", user.name))),
        "default" => Ok(s.mfa.default),
        other => Method::parse(other),
    }
}

/// The methods a user may pass MFA with now: their own, then the enabled
/// alternates.
pub fn offered(s: &Config, user: &User) -> Vec<Method> {
    let mut methods = Vec::new();
    if let Ok(m) = user_method(s, user) {
        methods.push(m);
    }
    for &m in &s.mfa.alternates {
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
    let s = settings::load_config(store)?;
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
    if method == Method::Totp {
        totp::require_enabled(&s, Method::Totp)?;
    }
    let a = Attempt {
        user: &user,
        method,
        response: code,
        source,
        stage: Stage::Complete,
        confirm: false,
    };
    attempt::attempt(store, &s, &a, |_, _| Ok(()))?;
    Ok(method)
}

/// Sends the challenge of `method` (an emailed code) to the user, after
/// checking that the method is theirs or an enabled alternate and that they
/// hold one. Returns when the response expires (Unix seconds).
pub fn challenge(store: &mut Store, user: &User, method: Method, source: &str) -> Result<i64> {
    let s = settings::load_config(store)?;
    if !offered(&s, user).contains(&method) {
        return Err(Error::Refused(format!(
            "{method} codes are neither `{}`'s MFA method nor an enabled alternate; make \
             {method} the user's MFA type, or add {method} to mfa.alternates",
            user.name
        ))
        .with_hint(Hint::SetUser {
            user: user.name.clone(),
            option: UserOption::MfaType(method.as_str().into()),
        }));
    }
    let auth = attempt::authenticator(method)?;
    if !auth.needs_challenge() {
        return Err(Error::Invalid(format!(
            "{method} needs nothing sent first: type the {} directly",
            method.code_name()
        )));
    }
    if !auth.held_by(store.read(), user)? {
        return Err(auth.not_held(user));
    }
    attempt::challenge(store, &s, user, method, source)
}

/// Clears a user's MFA: enrolments, emailed codes and backup codes. The
/// user is told by email.
pub fn reset(store: &mut Store, name: &str) -> Result<usize> {
    let user = users::show(store, name)?;
    store.write(|tx| {
        let enrolments = tx.remove_credentials(user.id)?;
        tx.remove_code(CodeKind::Email, user.id)?;
        let sets = tx.delete_backup_codes(user.id)?;
        tx.audit(AuditAction::MfaReset, &user.name, json!({"enrolments": enrolments, "backup_codes": sets}))?;
        // Tell the user only when something they relied on was removed.
        let removed = enrolments > 0 || sets;
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
/// Returns the recipients. Limited per name and per `source`
/// ([`rate::RESET_REQUESTS`]): exit 4 past the limit.
pub fn reset_request(store: &mut Store, name: &str, source: &str) -> Result<Vec<String>> {
    let s = settings::load_config(store)?;
    let user = users::show(store, name)?;
    let recipients = match &s.mfa.reset_recipient {
        ResetRecipient::Administrators => mail::administrator_addresses(store.read())?,
        ResetRecipient::Address(address) => vec![address.clone()],
    };
    if recipients.is_empty() {
        return Err(Error::Refused(
            "no administrator has an email address to receive the reset request; \
             set mfa.reset_recipient to an address or give an administrator an email"
                .into(),
        ));
    }
    store.write(|tx| {
        if let Some(limited) = rate::take(tx, &rate::RESET_REQUESTS, &user.name, source)? {
            tx.audit(
                AuditAction::MfaResetRequest,
                &user.name,
                json!({"outcome": "rate_limited", "source": source}),
            )?;
            return Ok(Err(limited));
        }
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
            AuditAction::MfaResetRequest,
            &user.name,
            json!({"recipients": recipients.len(), "source": source}),
        )?;
        Ok(Ok(()))
    })??;
    Ok(recipients)
}

/// A credential as listed (never its secret).
#[derive(Debug, Clone, Serialize)]
pub struct CredentialView {
    /// Its id, for `mfa remove`.
    pub id: i64,
    /// The authenticator.
    pub method: Method,
    /// The user's name for it.
    pub label: String,
    /// `pending` until confirmed, then `active`.
    pub state: CredentialState,
    /// When it was enrolled (RFC 3339).
    pub created_at: String,
    /// When it last authenticated (RFC 3339).
    pub last_used_at: Option<String>,
}

/// The user's credentials, oldest first.
pub fn credentials(store: &Store, name: &str) -> Result<Vec<CredentialView>> {
    let user = users::show(store, name)?;
    Ok(store
        .read()
        .credentials(user.id)?
        .into_iter()
        .map(CredentialView::from)
        .collect())
}

impl From<Credential> for CredentialView {
    fn from(c: Credential) -> CredentialView {
        CredentialView {
            id: c.id,
            method: c.method,
            label: c.label,
            state: c.state,
            created_at: format_time(c.created_at),
            last_used_at: c.last_used_at.map(format_time),
        }
    }
}

/// Removes one of the user's credentials by id; the user is told by email.
pub fn remove_credential(store: &mut Store, name: &str, id: i64) -> Result<CredentialView> {
    let user = users::show(store, name)?;
    let Some(removed) = store
        .read()
        .credential(user.id, id)?
        .map(CredentialView::from)
    else {
        return Err(Error::NotFound(format!(
            "`{}` has no credential with id {id}; see the user's credentials",
            user.name
        ))
        .with_hint(Hint::ListCredentials {
            user: user.name.clone(),
        }));
    };
    store.write(|tx| {
        if !tx.remove_credential(user.id, id)? {
            return Err(Error::NotFound(format!(
                "`{}` has no credential with id {id} (removed meanwhile)",
                user.name
            )));
        }
        tx.audit(AuditAction::MfaRemove,
            &user.name,
            json!({"credential": id, "method": removed.method.as_str(), "label": removed.label}),
        )?;
        if let Some(to) = &user.email {
            let host = mail::hostname();
            mail::queue(
                tx,
                to,
                &format!("An authenticator of yours was removed on {host}"),
                &format!(
                    "The {} authenticator \"{}\" of \"{}\" on {host} was removed by {} at {} (UTC).\n\
                     It no longer works.\n\n\
                     If you did not ask for this, tell your security team at once.\n",
                    removed.method,
                    removed.label,
                    user.name,
                    tx.actor(),
                    format_time(tx.now())
                ),
            )?;
        }
        Ok(())
    })?;
    Ok(removed)
}
