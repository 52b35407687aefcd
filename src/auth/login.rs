//! `login`: password for local users, then the conditional-access policies
//! decide whether the login is allowed and whether MFA is needed.

use std::net::IpAddr;

use serde_json::json;

use super::attempt::{self, Attempt, Stage};
use super::methods::password::wrong;
use super::methods::totp as totp_method;
use super::mfa::{self, Method};
use super::session;
use crate::crypto::{verify_dummy, Secret};
use crate::domain::audit_action::AuditAction;
use crate::domain::auth::CredentialState;
use crate::error::{Error, Hint, Result};
use crate::policy::{self, Action, Decision};
use crate::settings::{self, Config};
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

/// Checks the password and the policies. Errors: wrong password (3),
/// locked (4), denied by policy or no usable MFA method (5).
pub fn begin(store: &mut Store, name: &str, password: &Secret, ip: Option<IpAddr>) -> Result<Next> {
    let s = settings::load_config(store)?;
    let source = ip.map_or_else(|| "local terminal".to_string(), |ip| ip.to_string());
    let user = match users::show(store, name) {
        Ok(u) => u,
        Err(e) if matches!(e.kind(), Error::NotFound(_)) => {
            verify_dummy(password.expose().as_bytes());
            store.write(|tx| {
                tx.audit(
                    AuditAction::Login,
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
                AuditAction::Login,
                &user.name,
                json!({"outcome": "refused", "reason": "directory_user", "source": source}),
            )
        })?;
        return Err(Error::Refused(format!(
            "`{}` is a directory user: the password is checked by the directory, not by mfactl",
            user.name
        )));
    }
    let decision = policy::evaluate(store, &user.name, ip)?;
    let allowed = decision.login.outcome != Action::Deny;
    // The password completes the login only when no second factor follows.
    let complete = allowed && decision.mfa.outcome == Action::Skipped;
    let a = Attempt {
        user: &user,
        method: Method::Password,
        response: password,
        source: &source,
        stage: if complete {
            Stage::Complete
        } else {
            Stage::First
        },
        confirm: false,
    };
    let opened = attempt::attempt(store, &s, &a, |tx, success| {
        if !complete {
            return Ok(None);
        }
        let opened = session::open(tx, &s, user.id, "password", &source)?;
        success.details.insert("mfa".into(), "skipped".into());
        success
            .details
            .insert("session".into(), opened.session.id.into());
        Ok(Some(opened))
    })?;
    if !allowed {
        store.write(|tx| {
            tx.audit(
                AuditAction::Login,
                &user.name,
                json!({"outcome": "denied", "policy": decision.login.policy, "source": source}),
            )
        })?;
        return Err(Error::Refused(format!(
            "login denied: {}",
            decision.login.reason
        )));
    }
    if let Some(opened) = opened {
        return Ok(Next::Done(opened));
    }
    let methods = usable_methods(store, &s, &user)?;
    if methods.is_empty() {
        store.write(|tx| {
            tx.audit(
                AuditAction::Login,
                &user.name,
                json!({"outcome": "refused", "reason": "no_usable_mfa", "source": source}),
            )
        })?;
        return Err(if user.mfa_type == "none" {
            Error::Refused(format!(
                "MFA is required ({}) but `{}` has MFA type none",
                decision.mfa.reason, user.name
            ))
        } else {
            Error::Refused(format!(
                "MFA is required ({}) but `{}` has no usable method; an administrator can enrol one",
                decision.mfa.reason, user.name
            ))
            .with_hint(Hint::EnrollTotp {
                user: user.name.clone(),
            })
        });
    }
    Ok(Next::Mfa(Box::new(Begun {
        user,
        source,
        decision,
        methods,
    })))
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
pub fn reauth_factor(store: &Store, user: &User) -> Result<Option<Reauth>> {
    Ok(if user.source == Source::Local && user.has_password {
        Some(Reauth::Password)
    } else if !totp_method::credentials(store.read(), user.id, CredentialState::Active)?.is_empty()
    {
        Some(Reauth::Totp)
    } else {
        None
    })
}

/// Checks the secret for `factor`. Failures count toward lockout; a
/// success does not clear the count (it proves one factor only).
pub fn reauthenticate(
    store: &mut Store,
    user: &User,
    factor: Reauth,
    secret: &Secret,
    source: &str,
) -> Result<()> {
    let s = settings::load_config(store)?;
    let a = Attempt {
        user,
        method: match factor {
            Reauth::Password => Method::Password,
            Reauth::Totp => Method::Totp,
        },
        response: secret,
        source,
        stage: Stage::Reauth,
        confirm: false,
    };
    attempt::attempt(store, &s, &a, |_, _| Ok(()))
}

/// The offered methods this user can actually use now: those this mfactl
/// has an authenticator for, and of which the user holds a credential.
pub(crate) fn usable_methods(store: &Store, s: &Config, user: &User) -> Result<Vec<Method>> {
    if user.mfa_type == "none" {
        return Ok(Vec::new());
    }
    let mut usable = Vec::new();
    for method in mfa::offered(s, user) {
        if let Ok(auth) = attempt::authenticator(method) {
            if auth.held_by(store.read(), user)? {
                usable.push(method);
            }
        }
    }
    Ok(usable)
}

/// Sends the challenge of a method that needs one (an emailed code) for a
/// login that will finish with it; `None` when the method needs none.
/// Returns when the response expires.
pub fn send_challenge(store: &mut Store, begun: &Begun, method: Method) -> Result<Option<i64>> {
    if !begun.methods.contains(&method) || !attempt::authenticator(method)?.needs_challenge() {
        return Ok(None);
    }
    mfa::challenge(store, &begun.user, method, &begun.source).map(Some)
}

/// Verifies the second factor and opens the session, in one transaction.
pub fn finish(
    store: &mut Store,
    begun: Box<Begun>,
    method: Method,
    code: &Secret,
) -> Result<session::Opened> {
    let s = settings::load_config(store)?;
    let user = &begun.user;
    let source = &begun.source;
    let verified = if begun.methods.contains(&method) {
        let a = Attempt {
            user,
            method,
            response: code,
            source,
            stage: Stage::Complete,
            confirm: false,
        };
        attempt::attempt(store, &s, &a, |tx, _| {
            let how = format!("password+{}", method.as_str());
            let opened = session::open(tx, &s, user.id, &how, source)?;
            tx.audit(AuditAction::Login,
                &user.name,
                json!({"outcome": "success", "mfa": method.as_str(), "session": opened.session.id, "source": source}),
            )?;
            Ok(opened)
        })
    } else {
        Err(Error::Refused(format!(
            "{} cannot be used by `{}` now; use one of: {}",
            method.as_str(),
            user.name,
            begun
                .methods
                .iter()
                .map(|m| m.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )))
    };
    if let Err(e) = &verified {
        let outcome = if matches!(e.kind(), Error::Refused(_)) {
            "refused"
        } else {
            "failed"
        };
        store.write(|tx| {
            let details = json!({"outcome": outcome, "mfa": method.as_str(), "error": e.to_string(), "source": source});
            tx.audit(AuditAction::Login, &user.name, details)
        })?;
    }
    verified
}
