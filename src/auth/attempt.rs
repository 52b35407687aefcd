//! The one attempt path. Every way to prove who you are goes through
//! [`attempt`]: refuse if locked → let the authenticator check the response
//! (slow work outside any write transaction) → in one short write
//! transaction, consume what was used (a guarded update: of many
//! simultaneous uses exactly one wins) and record the success or failure →
//! audit → queue notifications. Authenticators only check responses.

use serde_json::{json, Map, Value};

use super::lockout::{self, Decision, Event, Rules};
use super::methods::{self, Authenticator, Check, Consume, Success, Verdict};
use super::rate;
use crate::crypto::Secret;
use crate::domain::audit_action::AuditAction;
use crate::domain::auth::{CredentialState, FailReason, Method};
use crate::error::{Error, Result};
use crate::mail;
use crate::settings::Config;
use crate::store::{Store, Tx};
use crate::users::User;

/// Where an attempt stands in an authentication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// A step that more must follow (login's password before MFA): a
    /// success is neither audited nor clears the failure count, so knowing
    /// the password never buys unlimited guesses at the second factor.
    First,
    /// A proof of identity for one sensitive step (re-authentication): a
    /// success is audited, but the failure count stays.
    Reauth,
    /// The last step of an authentication: a success clears the count.
    Complete,
}

/// One attempt to authenticate.
pub struct Attempt<'a> {
    /// Who is trying.
    pub user: &'a User,
    /// With what.
    pub method: Method,
    /// What they typed.
    pub response: &'a Secret,
    /// Where from, for the audit log.
    pub source: &'a str,
    /// Where it stands.
    pub stage: Stage,
    /// Confirms a pending enrolment instead of using an active one.
    pub confirm: bool,
}

impl Attempt<'_> {
    /// The audit action: the password is part of `login`, an emergency
    /// code of `emergency.login`; second factors are `mfa.verify` (or
    /// `mfa.confirm`) entries.
    fn action(&self) -> AuditAction {
        match self.method {
            Method::Password => AuditAction::Login,
            Method::Emergency => AuditAction::EmergencyLogin,
            _ if self.confirm => AuditAction::MfaConfirm,
            _ => AuditAction::MfaVerify,
        }
    }

    /// The fields every audit entry of this attempt has.
    fn details(&self, outcome: &str) -> Map<String, Value> {
        let mut d = Map::new();
        if self.method.is_second_factor() {
            d.insert("method".into(), self.method.as_str().into());
        }
        d.insert("source".into(), self.source.into());
        d.insert("outcome".into(), outcome.into());
        d
    }
}

/// The authenticator for `method`, or why there is none.
pub fn authenticator(method: Method) -> Result<&'static dyn Authenticator> {
    methods::find(method).ok_or_else(|| {
        Error::Refused(format!(
            "verification with {method} is not available in this version of mfactl; \
             use totp, email or a backup code"
        ))
    })
}

/// Runs one attempt. On success, `on_success` runs inside the same write
/// transaction (to open a session, say) and may add to the audit entry and
/// the notifications. Errors: wrong response (3), locked (4), nothing to
/// check against (5, not counted as a failure).
pub fn attempt<T>(
    store: &mut Store,
    s: &Config,
    a: &Attempt<'_>,
    on_success: impl FnOnce(&mut Tx<'_>, &mut Success) -> Result<T>,
) -> Result<T> {
    let auth = authenticator(a.method)?;
    let rules = Rules::from_config(&s.lockout);
    let user = a.user;
    // A refused response is not even checked.
    let verdict = match refusal(store.read(), a, store.now())? {
        Some(refused) => Err(refused),
        None => {
            let check = Check {
                config: s,
                user,
                response: a.response,
                state: if a.confirm {
                    CredentialState::Pending
                } else {
                    CredentialState::Active
                },
            };
            Ok(auth.check(store, &check)?)
        }
    };
    store.write(|tx| {
        let now = tx.now();
        let state = tx.read().lock_state(user.id)?;
        let verdict = match (refusal(tx.read(), a, now)?, verdict) {
            (Some(refused), _) | (None, Err(refused)) => {
                let outcome = if a.method == Method::Emergency {
                    "backoff"
                } else {
                    "locked"
                };
                tx.audit(a.action(), &user.name, Value::Object(a.details(outcome)))?;
                return Ok(Err(refused));
            }
            (None, Ok(verdict)) => verdict,
        };
        let failed = match verdict {
            Verdict::Fail(reason) => Some(reason),
            Verdict::Pass(consume) => match auth.still_allowed(tx.read(), user, now)? {
                Some(reason) => Some(reason),
                None => (!consume_in(tx, user.id, &consume, now)?).then(|| consume.lost()),
            },
        };
        match failed {
            None => succeed(tx, a, auth, state, &rules, on_success).map(Ok),
            Some(reason) => fail(tx, a, auth, state, &rules, reason).map(Err),
        }
    })?
}

/// Why this attempt may not even be checked now, if it may not: the
/// account is locked, or, for break-glass, the name and source that typed
/// wrong emergency codes must wait (those never lock the account, and a
/// lock does not stop them: a hostile colleague must not be able to shut
/// the break-glass path).
fn refusal(r: crate::store::Read<'_>, a: &Attempt<'_>, now: i64) -> Result<Option<Error>> {
    if a.method == Method::Emergency {
        let key = rate::failure_key(&a.user.name, a.source);
        return Ok(rate::backoff_until(r, &key, now)?
            .map(|until| rate::backoff_error(&a.user.name, a.source, until)));
    }
    let state = r.lock_state(a.user.id)?;
    Ok(lockout::locked_at(&state, now).map(|until| lockout::locked_error(&a.user.name, until)))
}

/// Uses up what a passing response used. `false` when another caller
/// used it first.
fn consume_in(tx: &Tx<'_>, user_id: i64, consume: &Consume, now: i64) -> Result<bool> {
    match consume {
        Consume::Nothing => Ok(true),
        Consume::Code { kind, hash } => tx.consume_code(*kind, user_id, hash, now),
        Consume::BackupCode { digest } => tx.consume_backup_code(user_id, digest, now),
        Consume::Counter {
            credential,
            from,
            value,
        } => tx.advance_credential(*credential, *from, *value, now),
    }
}

fn succeed<T>(
    tx: &mut Tx<'_>,
    a: &Attempt<'_>,
    auth: &dyn Authenticator,
    state: crate::domain::auth::LockState,
    rules: &Rules,
    on_success: impl FnOnce(&mut Tx<'_>, &mut Success) -> Result<T>,
) -> Result<T> {
    let now = tx.now();
    if a.method == Method::Emergency {
        rate::clear_failures(tx, &rate::failure_key(&a.user.name, a.source))?;
    }
    if a.stage == Stage::Complete {
        let (cleared, _) = lockout::apply(state, Event::Success, now, rules);
        tx.set_lock_state(a.user.id, &cleared)?;
    }
    let mut success = Success::default();
    auth.used(tx.read(), a.user, now, &mut success)?;
    let out = on_success(tx, &mut success)?;
    if a.stage != Stage::First {
        let mut details = a.details("success");
        if a.stage == Stage::Reauth {
            details.insert("reauth".into(), true.into());
        }
        details.append(&mut success.details);
        tx.audit(a.action(), &a.user.name, Value::Object(details))?;
    }
    for notice in &success.notices {
        for to in &notice.to {
            mail::queue(tx, to, &notice.subject, &notice.body)?;
        }
    }
    Ok(out)
}

fn fail(
    tx: &mut Tx<'_>,
    a: &Attempt<'_>,
    auth: &dyn Authenticator,
    state: crate::domain::auth::LockState,
    rules: &Rules,
    reason: FailReason,
) -> Result<Error> {
    if a.method == Method::Emergency {
        // Its own count, which slows and never locks the account.
        rate::count_failure(tx, &rate::failure_key(&a.user.name, a.source))?;
        let mut details = a.details("failed");
        details.insert("reason".into(), reason.as_str().into());
        details.insert("locked".into(), false.into());
        tx.audit(a.action(), &a.user.name, Value::Object(details))?;
        return Ok(auth.failure(reason, a.user));
    }
    let (next, decision) = lockout::apply(state, Event::Failure, tx.now(), rules);
    tx.set_lock_state(a.user.id, &next)?;
    let locked = matches!(decision, Decision::Locked { .. });
    let mut details = a.details("failed");
    details.insert("reason".into(), reason.as_str().into());
    details.insert("locked".into(), locked.into());
    tx.audit(a.action(), &a.user.name, Value::Object(details))?;
    Ok(match decision {
        Decision::Locked { until } => lockout::locked_error(&a.user.name, until),
        Decision::Allowed => auth.failure(reason, a.user),
    })
}

/// Sends the challenge of a method that needs one (an emailed code), after
/// the same lock check as an attempt. Returns when the response expires.
pub fn challenge(
    store: &mut Store,
    s: &Config,
    user: &User,
    method: Method,
    source: &str,
) -> Result<i64> {
    let auth = authenticator(method)?;
    let attempt_details = json!({"method": method.as_str(), "source": source});
    let locked = store.write(|tx| {
        let state = tx.read().lock_state(user.id)?;
        let refused = match lockout::locked_at(&state, tx.now()) {
            Some(until) => Some(("locked", lockout::locked_error(&user.name, until))),
            // Counted before anything is sent: asking again never resets it.
            None => rate::take(tx, &rate::MFA_CHALLENGES, &user.name, source)?
                .map(|e| ("rate_limited", e)),
        };
        if let Some((outcome, _)) = &refused {
            let mut details = attempt_details.clone();
            details["outcome"] = (*outcome).into();
            tx.audit(AuditAction::MfaChallenge, &user.name, details)?;
        }
        Ok(refused.map(|(_, e)| e))
    })?;
    if let Some(e) = locked {
        return Err(e);
    }
    let sent = auth.send_challenge(store, s, user);
    let (outcome, to) = match &sent {
        Ok(sent) => ("sent".to_string(), sent.to.clone()),
        Err(e) if matches!(e.kind(), Error::MailUnavailable(_)) => {
            (e.to_string(), user.email.clone().unwrap_or_default())
        }
        Err(_) => return sent.map(|s| s.expires_at),
    };
    store.write(|tx| {
        let mut details = attempt_details;
        details["outcome"] = outcome.into();
        details["to"] = to.into();
        tx.audit(AuditAction::MfaChallenge, &user.name, details)
    })?;
    sent.map(|s| s.expires_at).map_err(mail::no_code_made)
}
