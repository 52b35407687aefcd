//! Break-glass emergency login: a one-time code sent by email to a direct
//! administrator when the normal identity providers are down.
//!
//! A request answers the same way whether or not the user exists or may use
//! emergency login, and takes about as long (the code is hashed and the mail
//! server contacted either way); the audit log records the real outcome.

use std::time::{Duration, Instant};

use serde_json::json;

use super::attempt::{self, Attempt, Stage};
use super::codes::{self, EMERGENCY_ALPHABET, EMERGENCY_LEN};
use super::methods::emergency::{dummy_check, ineligibility, invalid};
use super::methods::Notice;
use super::{rate, session};
use crate::clock::format_time;
use crate::crypto::Secret;
use crate::domain::audit_action::AuditAction;
use crate::domain::auth::{rate_key_for_name, Method, RateKind};
use crate::error::{Advice, Error, Hint, Result, UserOption};
use crate::mail::{self, Email};
use crate::settings::{self, format_duration, Config};
use crate::store::{CodeKind, Store};
use crate::users::{self, User};

const WINDOW: i64 = 3600;

/// A source may make this many times the per-name limit of requests per
/// hour, whatever the names.
const SOURCE_REQUESTS_PER_NAME_LIMIT: i64 = 3;

/// What `request` tells the caller: the same for every name.
#[derive(Debug)]
pub struct Requested {
    /// How long a code stays valid, in seconds.
    pub lifetime: i64,
    /// For an eligible name, the code still to make and mail: give the
    /// answer first, then [`Delivery::finish`] it.
    pub delivery: Option<Delivery>,
}

fn check_enabled(s: &Config) -> Result<()> {
    if !s.emergency.enabled {
        return Err(Error::Refused(
            "emergency login is not enabled on this server \
             (authentication.emergency_code.enabled is off)"
                .into(),
        ));
    }
    let missing = s.smtp.missing();
    if !missing.is_empty() {
        return Err(Error::Refused(format!(
            "emergency login needs a working SMTP server, but {} not set",
            missing.join(" and ")
        )));
    }
    Ok(())
}

fn check_name_form(name: &str) -> Result<()> {
    // Before the name is stored (the per-name rate limit): bounded.
    users::check_name_length(name)?;
    if name.is_empty() || name.contains('\\') {
        // Only the form of the name is judged here, never its existence.
        return users::validate_name(name, name.contains('\\'));
    }
    Ok(())
}

enum Plan {
    Send { user: Box<User>, email: String },
    Skip,
}

/// Requests an emergency code for `name`. The answer is the same for every
/// name: `Ok` unless the feature is off (5), the request is rate limited
/// (4) or the mail server as a whole is unavailable (69; then no code is
/// made). It comes `answer_time` after the request began, later only if
/// the mail server is slower for everyone (a probe of it is made for every
/// name). For an eligible name the code is made and mailed afterwards, by
/// [`Delivery::finish`], so nothing about the code's own mail shows in the
/// answer or its time.
pub fn request(store: &mut Store, name: &str, source: &str) -> Result<Requested> {
    let began = Instant::now();
    check_name_form(name)?;
    let s = settings::load_config(store)?;
    check_enabled(&s)?;
    let answer_at = began + Duration::from_secs(s.emergency.answer_time);
    let plan = plan(store, &s, name, source);
    // The probe is bounded by `smtp.timeout` and takes as long for every
    // name; errors answer at the same time as successes.
    let server = mail::probe(store);
    if let (Ok(Ok(Plan::Send { user, .. })), Err(e)) = (&plan, &server) {
        let details =
            json!({"outcome": "mail_unavailable", "error": e.to_string(), "source": source});
        store.write(|tx| tx.audit(AuditAction::EmergencyRequest, &user.name, details))?;
    }
    std::thread::sleep(answer_at.saturating_duration_since(Instant::now()));
    let plan = plan??;
    server.map_err(mail::no_code_made)?;
    let delivery = match plan {
        Plan::Send { user, email } => Some(Delivery {
            user,
            email,
            source: source.to_string(),
            lifetime: s.emergency.lifetime,
        }),
        Plan::Skip => None,
    };
    Ok(Requested {
        lifetime: s.emergency.lifetime,
        delivery,
    })
}

/// Counts the request and decides whether a code is sent, in one
/// transaction that records what happened for an unknown or ineligible
/// name. The inner error is the rate limit's.
fn plan(store: &mut Store, s: &Config, name: &str, source: &str) -> Result<Result<Plan>> {
    let limit = s.emergency.requests_per_hour;
    // Per name (the setting) and, apart, per source: one colleague's
    // requests cannot use up every name's, nor a name's all sources'.
    let limits = rate::Limits {
        kind: RateKind::EmergencyRequest,
        what: "emergency code requests",
        per_name: rate::Limit {
            count: limit,
            window: WINDOW,
        },
        per_source: rate::Limit {
            count: limit.saturating_mul(SOURCE_REQUESTS_PER_NAME_LIMIT),
            window: WINDOW,
        },
    };
    store.write(|tx| {
        let now = tx.now();
        let skip = |tx: &mut crate::store::Tx<'_>, who: &str, details: serde_json::Value| {
            tx.audit(AuditAction::EmergencyRequest, who, details)
                .map(|_| Plan::Skip)
        };
        if let Some(limited) = rate::take(tx, &limits, name, source)? {
            skip(
                tx,
                name,
                json!({"outcome": "rate_limited", "source": source}),
            )?;
            return Ok(Err(limited));
        }
        let user = match users::user_id(tx.read(), name) {
            Ok(_) => users::load_user(tx.read(), name, now)?,
            Err(e) if matches!(e.kind(), Error::NotFound(_)) => {
                let details = json!({"outcome": "unknown_user", "source": source});
                return skip(tx, name, details).map(Ok);
            }
            Err(e) => return Err(e),
        };
        Ok(Ok(match (ineligibility(&user), user.email.clone()) {
            (None, Some(email)) => Plan::Send {
                user: Box::new(user),
                email,
            },
            (why, _) => {
                let why = why.unwrap_or_else(|| "no email address".into());
                let details = json!({"outcome": "ineligible", "reason": why, "source": source});
                skip(tx, &user.name, details)?
            }
        }))
    })
}

/// The code an answered request owes an eligible user. Dropping it sends
/// nothing and leaves no code.
#[must_use = "an eligible user's code is only made and mailed by `finish`"]
#[derive(Debug)]
pub struct Delivery {
    user: Box<User>,
    email: String,
    source: String,
    lifetime: i64,
}

impl Delivery {
    /// Makes the code live (audited `issued`, committed: nothing is mailed
    /// for a transaction that failed), mails it, and withdraws it if the
    /// mail fails (audited `mail_failed`), so no live code exists that
    /// nobody received. Requests for one user take turns from making their
    /// code to sending it, so of racing requests the mail sent last carries
    /// a live code. `smtp.timeout` bounds the mail.
    pub fn finish(self, store: &mut Store) -> Result<()> {
        let (user, source) = (&self.user, self.source.as_str());
        let _turn = store.lock_code_mail(user.id)?;
        let code = codes::random_code(EMERGENCY_ALPHABET, EMERGENCY_LEN, store.random());
        let hash = store.hash_secret(&code)?;
        let now = store.now();
        let expires = now + self.lifetime;
        let made = store.write(|tx| {
            tx.add_code(CodeKind::Emergency, user.id, &hash, now, expires)?;
            tx.audit(AuditAction::EmergencyRequest,
                &user.name,
                json!({"outcome": "issued", "to": self.email, "expires_at": format_time(expires), "source": source}),
            )
        });
        if let Err(e) = made {
            // Recorded if the store still takes a write (nobody else hears).
            let details = json!({"outcome": "failed", "error": e.to_string(), "source": source});
            let _ = store.write(|tx| tx.audit(AuditAction::EmergencyRequest, &user.name, details));
            return Err(e);
        }
        let message = code_email(user, &self.email, &code, now, expires, source);
        if let Err(e) = mail::send(store, &message) {
            store.write(|tx| {
                tx.withdraw_code(CodeKind::Emergency, user.id, &hash)?;
                let details =
                    json!({"outcome": "mail_failed", "error": e.to_string(), "source": source});
                tx.audit(AuditAction::EmergencyRequest, &user.name, details)
            })?;
            return Err(e);
        }
        Ok(())
    }
}

fn code_email(user: &User, to: &str, code: &Secret, now: i64, expires: i64, source: &str) -> Email {
    let host = mail::hostname();
    let body = format!(
        "Hello {name},\n\n\
         An emergency login code was requested for the account \"{name}\" on {host}\n\
         at {when} (UTC), from {source}.\n\n\
         Your emergency login code:\n\n\
         {code}\n\n\
         It works once, until {until} (UTC), {minutes} after the request.\n\
         To use it, run on {host}:\n\n    mfactl emergency login {name}\n\n\
         and type the code when asked (dashes and case do not matter).\n\n\
         If you did NOT ask for this code: do not use it, and tell your security team at once.\n\
         Someone may be trying to get into {host} with your account. The code stops working\n\
         when it expires or when a new one is requested.\n",
        name = user.name,
        when = format_time(now),
        code = codes::format_code(code.expose()),
        until = format_time(expires),
        minutes = format_duration((expires - now).max(0) as u64),
    );
    Email {
        to: to.to_string(),
        subject: format!("Emergency login code for {} on {host}", user.name),
        body,
    }
}

/// Logs in with an emergency code. On success a session is opened, the
/// audit log written and every administrator and the user notified (queued;
/// deliver with [`mail::flush`]). Errors: wrong/expired/used code (3),
/// locked (4, even with the right code), feature off (5).
pub fn login(
    store: &mut Store,
    name: &str,
    code: &Secret,
    source: &str,
) -> Result<session::Opened> {
    let s = settings::load_config(store)?;
    check_enabled(&s)?;
    let user = match users::show(store, name) {
        Ok(u) => u,
        Err(e) if matches!(e.kind(), Error::NotFound(_)) => {
            dummy_check(code);
            store.write(|tx| {
                tx.audit(
                    AuditAction::EmergencyLogin,
                    name,
                    json!({"outcome": "unknown_user", "source": source}),
                )
            })?;
            return Err(invalid());
        }
        Err(e) => return Err(e),
    };
    let a = Attempt {
        user: &user,
        method: Method::Emergency,
        response: code,
        source,
        stage: Stage::Complete,
        confirm: false,
    };
    attempt::attempt(store, &s, &a, |tx, success| {
        let opened = session::open(tx, &s, user.id, "emergency", source)?;
        success
            .details
            .insert("session".into(), opened.session.id.into());
        success
            .notices
            .push(login_notice(tx.read(), &user, &opened, source)?);
        Ok(opened)
    })
}

/// The mail to every administrator and the user that an emergency login
/// was used.
fn login_notice(
    r: crate::store::Read<'_>,
    user: &User,
    opened: &session::Opened,
    source: &str,
) -> Result<Notice> {
    let host = mail::hostname();
    let subject = format!("Emergency login used by {} on {host}", user.name);
    let body = format!(
        "An emergency login code was used on {host}.\n\n\
         User:    {name}\n\
         When:    {when} (UTC)\n\
         From:    {source}\n\
         Session: {id}, valid until {until} (UTC)\n\n\
         Emergency login is the break-glass path for when the normal identity providers\n\
         are down. If you did not expect this, revoke the session and look at the audit log:\n\n\
         \x20   mfactl session revoke {id}\n\
         \x20   mfactl audit list --action emergency\n",
        name = user.name,
        when = opened.session.created_at,
        id = opened.session.id,
        until = opened.session.expires_at,
    );
    let mut to = mail::administrator_addresses(r)?;
    if let Some(own) = &user.email {
        if !to.iter().any(|r| r.eq_ignore_ascii_case(own)) {
            to.push(own.clone());
        }
    }
    Ok(Notice { to, subject, body })
}

/// One condition of emergency-login eligibility.
#[derive(Debug, Clone)]
pub struct Condition {
    /// What is required.
    pub condition: String,
    /// Whether it holds.
    pub ok: bool,
    /// How to fix it when it does not.
    pub fix: Option<Advice>,
}

/// Whether a user can use emergency login now, and why not.
#[derive(Debug, Clone)]
pub struct Status {
    /// The user.
    pub user: String,
    /// Whether every condition holds.
    pub eligible: bool,
    /// Each condition.
    pub conditions: Vec<Condition>,
    /// Whether an unused, unexpired code exists (never the code).
    pub live_code: bool,
    /// Until when that code is valid (RFC 3339).
    pub code_expires_at: Option<String>,
}

/// The administrator's view of a user's emergency-login eligibility.
pub fn status(store: &Store, name: &str) -> Result<Status> {
    let s = settings::load_config(store)?;
    let user = users::show(store, name)?;
    let n = &user.name;
    let cond = |condition: &str, ok: bool, text: String, hint: Option<Hint>| Condition {
        condition: condition.into(),
        ok,
        fix: (!ok).then_some(Advice { text, hint }),
    };
    let set_user = |option| {
        Some(Hint::SetUser {
            user: n.clone(),
            option,
        })
    };
    let unlock = || Some(Hint::UnlockUser { user: n.clone() });
    let missing = s.smtp.missing();
    let conditions = vec![
        cond(
            "emergency login enabled on the server",
            s.emergency.enabled,
            "turn it on".into(),
            Some(Hint::SetSetting {
                key: "authentication.emergency_code.enabled",
                example: Some("true".into()),
            }),
        ),
        cond(
            "SMTP configured",
            missing.is_empty(),
            format!("set {}", missing.join(" and ")),
            settings::smtp_hint(&missing),
        ),
        cond(
            "direct administrator",
            user.direct_admin,
            if user.admin {
                "administrator only through a group; make them a direct administrator".into()
            } else {
                "make them a direct administrator".into()
            },
            set_user(UserOption::Admin(true)),
        ),
        cond(
            "email address",
            user.email.is_some(),
            "give them an email address".into(),
            set_user(UserOption::Email),
        ),
        cond(
            "emergency login enabled for the user",
            user.emergency_login,
            "turn it on for them".into(),
            set_user(UserOption::EmergencyLogin(true)),
        ),
    ];
    let now = store.now();
    let (requests, oldest) = store.read().recent_events(
        RateKind::EmergencyRequest,
        &rate_key_for_name(n),
        now - WINDOW,
    )?;
    let limit = s.emergency.requests_per_hour;
    let mut conditions = conditions;
    conditions.push(cond(
        "request limit not reached",
        requests < limit,
        format!(
            "{requests} of {limit} requests in the last hour; wait until {}, or clear them by \
             unlocking the user",
            format_time(oldest.unwrap_or(now) + WINDOW)
        ),
        unlock(),
    ));
    let expires = store
        .read()
        .live_code_expiry(CodeKind::Emergency, user.id, now)?;
    Ok(Status {
        user: user.name.clone(),
        eligible: conditions.iter().all(|c| c.ok),
        conditions,
        live_code: expires.is_some(),
        code_expires_at: expires.map(format_time),
    })
}
