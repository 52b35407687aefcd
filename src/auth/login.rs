//! `login`: password for local users, then the conditional-access policies
//! decide whether the login is allowed and whether MFA is needed.

use std::net::IpAddr;

use rusqlite::OptionalExtension;
use serde_json::json;

use super::mfa::{self, Method};
use super::{backup_codes, email_code, lockout, session};
use crate::crypto::{verify_dummy, verify_secret, Secret};
use crate::error::{Error, Result};
use crate::policy::{self, Action, Decision};
use crate::settings;
use crate::store::Store;
use crate::users::{self, Source, User};

/// A login whose password was right and whose policy requires MFA. Only
/// [`begin`] makes one, so [`finish`] cannot skip the password.
pub struct Begun {
    user: User,
    source: String,
    /// What the policies decided.
    pub decision: Decision,
    /// The methods the user can pass MFA with, their own first.
    pub methods: Vec<Method>,
}

impl Begun {
    /// The user logging in.
    pub fn user(&self) -> &User {
        &self.user
    }
}

/// What comes after the password.
pub enum Next {
    /// Logged in without MFA (policy: skipped).
    Done(session::Opened),
    /// MFA is required: call [`finish`] with one of the methods.
    Mfa(Box<Begun>),
}

fn wrong() -> Error {
    Error::AuthFailed("the user name or password is wrong".into())
}

/// Checks the password and the policies. Errors: wrong password (3),
/// locked (4), denied by policy or no usable MFA method (5).
pub fn begin(store: &mut Store, name: &str, password: &Secret, ip: Option<IpAddr>) -> Result<Next> {
    let s = settings::load(store)?;
    let source = ip.map_or_else(|| "local terminal".to_string(), |ip| ip.to_string());
    let user = match users::show(store, name) {
        Ok(u) => u,
        Err(Error::NotFound(_)) => {
            verify_dummy(password.expose().as_bytes());
            store.write(|tx| {
                tx.audit(
                    "login",
                    name,
                    json!({"outcome": "unknown_user", "source": source}),
                )
            })?;
            return Err(wrong());
        }
        Err(e) => return Err(e),
    };
    if user.source == Source::Directory {
        store.write(|tx| {
            tx.audit(
                "login",
                &user.name,
                json!({"outcome": "refused", "reason": "directory_user", "source": source}),
            )
        })?;
        return Err(Error::Refused(format!(
            "`{}` is a directory user: the password is checked by the directory, not by mfactl",
            user.name
        )));
    }
    check_password(store, &user, password, &source)?;

    let decision = policy::evaluate(store, &user.name, ip)?;
    if decision.login.outcome == Action::Deny {
        store.write(|tx| {
            tx.audit(
                "login",
                &user.name,
                json!({"outcome": "denied", "policy": decision.login.policy, "source": source}),
            )
        })?;
        return Err(Error::Refused(format!(
            "login denied: {}",
            decision.login.reason
        )));
    }
    if decision.mfa.outcome == Action::Skipped {
        let opened = store.write(|tx| {
            lockout::record_success(tx, user.id)?;
            let opened = session::open(tx, &s, user.id, "password", &source)?;
            tx.audit("login", &user.name, json!({"outcome": "success", "mfa": "skipped", "session": opened.session.id, "source": source}))?;
            Ok(opened)
        })?;
        return Ok(Next::Done(opened));
    }
    let methods = usable_methods(store, &user)?;
    if methods.is_empty() {
        store.write(|tx| {
            tx.audit(
                "login",
                &user.name,
                json!({"outcome": "refused", "reason": "no_usable_mfa", "source": source}),
            )
        })?;
        let why = if user.mfa_type == "none" {
            format!(
                "MFA is required ({}) but `{}` has MFA type none",
                decision.mfa.reason, user.name
            )
        } else {
            format!(
                "MFA is required ({}) but `{}` has no usable method; an administrator can enrol one: \
                 mfactl mfa enroll {} --method totp",
                decision.mfa.reason, user.name, user.name
            )
        };
        return Err(Error::Refused(why));
    }
    Ok(Next::Mfa(Box::new(Begun {
        user,
        source,
        decision,
        methods,
    })))
}

/// Checks a local user's password; failures count toward lockout. Also
/// used to re-authenticate a user before showing them backup codes.
pub fn check_password(
    store: &mut Store,
    user: &User,
    password: &Secret,
    source: &str,
) -> Result<()> {
    let s = settings::load(store)?;
    let hash: Option<String> = store
        .conn()
        .query_row(
            "SELECT password_hash FROM users WHERE id = ?1",
            [user.id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let ok = match &hash {
        Some(h) => verify_secret(password.expose().as_bytes(), h),
        None => {
            verify_dummy(password.expose().as_bytes());
            false
        }
    };
    store.write(|tx| {
        let attempt = json!({"source": source});
        if let Some(locked) = lockout::refuse_if_locked(tx, user.id, &user.name, "login", attempt)? {
            return Ok(Err(locked));
        }
        if ok {
            return Ok(Ok(()));
        }
        let lock = lockout::record_failure(tx, &s, user.id, &user.name)?;
        tx.audit("login", &user.name, json!({"outcome": "failed", "reason": "wrong_password", "locked": lock.is_some(), "source": source}))?;
        Ok(Err(lock.unwrap_or_else(wrong)))
    })?
}

/// How a user proves who they are again before a sensitive step (seeing
/// new backup codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reauth {
    /// Their local password.
    Password,
    /// A code from their active authenticator app.
    Totp,
}

/// The factor `user` re-authenticates with: their password if they have
/// one, else their authenticator; `None` if they have neither.
pub fn reauth_factor(user: &User) -> Option<Reauth> {
    if user.source == Source::Local && user.has_password {
        Some(Reauth::Password)
    } else if user
        .enrolments
        .iter()
        .any(|e| e.method == "totp" && e.state == "active")
    {
        Some(Reauth::Totp)
    } else {
        None
    }
}

/// Checks the secret for `factor`; failures count toward lockout.
pub fn reauthenticate(
    store: &mut Store,
    user: &User,
    factor: Reauth,
    secret: &Secret,
    source: &str,
) -> Result<()> {
    match factor {
        Reauth::Password => check_password(store, user, secret, source),
        Reauth::Totp => super::totp::verify(store, user, secret, source),
    }
}

/// The offered methods this user can actually use now.
fn usable_methods(store: &Store, user: &User) -> Result<Vec<Method>> {
    let s = settings::load(store)?;
    if user.mfa_type == "none" {
        return Ok(Vec::new());
    }
    let backup = backup_codes::status(store, &user.name)?;
    Ok(mfa::offered(&s, user)
        .into_iter()
        .filter(|m| match m {
            Method::Totp => user
                .enrolments
                .iter()
                .any(|e| e.method == "totp" && e.state == "active"),
            Method::Email => user.email.is_some(),
            Method::BackupCode => backup.remaining > 0,
            Method::Other(_) => false,
        })
        .collect())
}

/// Sends the email code for a login that will finish with [`Method::Email`].
pub fn send_email_code(store: &mut Store, begun: &Begun) -> Result<i64> {
    email_code::challenge(store, &begun.user, &begun.source)
}

/// Verifies the second factor and opens the session.
pub fn finish(
    store: &mut Store,
    begun: Box<Begun>,
    method: Method,
    code: &Secret,
) -> Result<session::Opened> {
    let s = settings::load(store)?;
    let verified = if begun.methods.contains(&method) {
        mfa::verify(store, &begun.user.name, Some(method), code, &begun.source).map(|_| ())
    } else {
        Err(Error::Refused(format!(
            "{} cannot be used by `{}` now; use one of: {}",
            method.as_str(),
            begun.user.name,
            begun
                .methods
                .iter()
                .map(|m| m.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )))
    };
    if let Err(e) = verified {
        let outcome = if matches!(e, Error::Refused(_)) {
            "refused"
        } else {
            "failed"
        };
        store.write(|tx| {
            let details = json!({"outcome": outcome, "mfa": method.as_str(), "error": e.to_string(), "source": begun.source});
            tx.audit("login", &begun.user.name, details)
        })?;
        return Err(e);
    }
    store.write(|tx| {
        let opened = session::open(tx, &s, begun.user.id, &format!("password+{}", method.as_str()), &begun.source)?;
        tx.audit(
            "login",
            &begun.user.name,
            json!({"outcome": "success", "mfa": method.as_str(), "session": opened.session.id, "source": begun.source}),
        )?;
        Ok(opened)
    })
}
