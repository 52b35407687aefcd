//! The second factor of a login whose first factor another system checked:
//! what the PAM module asks of sshd's, sudo's or login's user. One prompt
//! takes whatever the user may use — a TOTP code, a backup code (told apart
//! by its form) or the word `email`, which sends an emailed code — and every
//! answer goes through the one attempt path.
//!
//! Unknown users and users who cannot pass (denied by a policy, no usable
//! method) get the same prompt and the same kind of work as everyone else,
//! so the conversation does not tell whether an account exists.

use std::net::IpAddr;

use serde_json::json;

use super::attempt::{self, Attempt, Stage};
use super::lockout;
use super::login::usable_methods;
use super::methods::{backup_codes, email};
use super::mfa::{self, Method};
use crate::crypto::{verify_dummy, Secret};
use crate::domain::audit_action::AuditAction;
use crate::error::{Error, Result};
use crate::mail;
use crate::policy::{self, Action};
use crate::settings::{self, Config};
use crate::store::Store;
use crate::users::{self, User};

use super::codes;

/// What to do with a user the store does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// Ask for a code as for anyone, and fail.
    Deny,
    /// Stay out of the way (for a gradual roll-out): the caller's other
    /// modules decide.
    Ignore,
}

/// A login that needs its second factor.
pub struct Request<'a> {
    /// The user logging in.
    pub user: &'a str,
    /// The remote host as the caller gave it (an address or a name), if any.
    pub remote_host: Option<&'a str>,
    /// For a local login, who asked for it (PAM_RUSER: the user who ran
    /// sudo or su), if the application said.
    pub requested_by: Option<&'a str>,
    /// What to do if the store does not know the user.
    pub unknown: Unknown,
}

impl Request<'_> {
    /// The address network policies match: the remote host if it is an
    /// address. A name is not resolved (DNS is not proof of anything).
    fn address(&self) -> Option<IpAddr> {
        self.remote_host.and_then(|h| policy::parse_ip(h).ok())
    }

    /// Where the login comes from, for the audit log and the per-source
    /// rate limits: local logins of different users count apart.
    fn source(&self) -> String {
        login_source(self.remote_host, self.requested_by)
    }
}

/// Where a login comes from: the remote host, or `local`, with who asked
/// for a local one when known (`local (alice)`).
pub fn login_source(remote_host: Option<&str>, requested_by: Option<&str>) -> String {
    match (remote_host, requested_by) {
        (Some(host), _) => host.to_string(),
        (None, Some(who)) => format!("local ({who})"),
        (None, None) => "local".to_string(),
    }
}

/// What [`begin`] decided.
pub enum Plan {
    /// No second factor is needed: the policies skip MFA for this login.
    Pass {
        /// Why, in words.
        reason: String,
    },
    /// The store does not know the user and [`Unknown::Ignore`] was asked.
    Ignore,
    /// Ask for a code and give the answers to [`Pending::answer`].
    Ask(Box<Pending>),
}

/// A second factor being asked for.
pub struct Pending {
    /// Who is asked, if they can pass at all.
    user: Option<User>,
    /// Why an answer cannot pass (unknown user, denied by a policy, no
    /// usable method), for the audit log and the caller's log.
    refusal: Option<String>,
    name: String,
    methods: Vec<Method>,
    source: String,
    offers_email: bool,
    /// When the emailed code sent in this conversation expires.
    email_sent: Option<i64>,
}

/// What one answer did.
pub enum Reply {
    /// The second factor passed, with this method.
    Passed(Method),
    /// A code was emailed (or, for a user who cannot pass, seemed to be);
    /// ask again.
    Sent,
    /// No code could be emailed now (the mail server is down); ask again.
    NotSent(Error),
    /// The answer failed: wrong, replayed, locked or refused. Why, for the
    /// caller's log only: the person at the prompt should not learn it.
    Failed(String),
}

/// Decides what the login needs. Errors only for the store or settings
/// (the caller must fail closed).
pub fn begin(store: &mut Store, req: &Request<'_>) -> Result<Plan> {
    let s = settings::load_config(store)?;
    let offers_email = s.mfa.default == Method::Email || s.mfa.alternates.contains(&Method::Email);
    let mut pending = Pending {
        user: None,
        refusal: None,
        name: req.user.to_string(),
        methods: Vec::new(),
        source: req.source(),
        offers_email,
        email_sent: None,
    };
    let user = match users::show(store, req.user) {
        Ok(u) => u,
        Err(e) if matches!(e.kind(), Error::NotFound(_)) => {
            if req.unknown == Unknown::Ignore {
                return Ok(Plan::Ignore);
            }
            pending.refusal = Some(e.to_string());
            return ask(pending, store, &s);
        }
        Err(e) => return Err(e),
    };
    let decision = policy::evaluate(store, &user.name, req.address())?;
    let locked = lockout::locked_at(&store.read().lock_state(user.id)?, store.now()).is_some();
    if locked {
        // Even where a policy skips MFA: a locked account stays locked.
        pending.refusal = Some(format!("`{}` is locked", user.name));
    } else if decision.login.outcome == Action::Deny {
        pending.refusal = Some(format!("login denied: {}", decision.login.reason));
    } else if decision.mfa.outcome == Action::Skipped {
        let details =
            json!({"source": pending.source, "outcome": "skipped", "reason": decision.mfa.reason});
        store.write(|tx| tx.audit(AuditAction::MfaVerify, &user.name, details))?;
        return Ok(Plan::Pass {
            reason: decision.mfa.reason,
        });
    } else {
        pending.methods = usable_methods(store, &s, &user)?;
        if pending.methods.is_empty() {
            pending.refusal = Some(format!(
                "MFA is required ({}) but `{}` has no usable method",
                decision.mfa.reason, user.name
            ));
        }
    }
    pending.user = Some(user);
    ask(pending, store, &s)
}

/// Asks for a code. A user with nothing else to type gets an emailed code
/// without asking; a user who cannot pass is treated as a user of the
/// default method would be, so the start of the conversation does not tell
/// them apart.
fn ask(mut pending: Pending, store: &mut Store, s: &Config) -> Result<Plan> {
    let only_email = match pending.refusal {
        Some(_) => s.mfa.default == Method::Email,
        None => pending.methods == [Method::Email],
    };
    if only_email {
        pending.email_sent = pending.send_email(store, s)?.ok();
    }
    Ok(Plan::Ask(Box::new(pending)))
}

impl Pending {
    /// Whether the prompt offers `email` (from the settings alone, so the
    /// prompt is the same for every name).
    pub fn offers_email(&self) -> bool {
        self.offers_email
    }

    /// Whether an emailed code was sent in this conversation.
    pub fn email_sent(&self) -> bool {
        self.email_sent.is_some()
    }

    /// Why an answer cannot pass, if it cannot.
    pub fn refusal(&self) -> Option<&str> {
        self.refusal.as_deref()
    }

    /// Takes one answer at the prompt.
    pub fn answer(&mut self, store: &mut Store, response: &Secret) -> Result<Reply> {
        let s = settings::load_config(store)?;
        let typed = response.expose().trim();
        if self.offers_email && typed.eq_ignore_ascii_case("email") {
            return Ok(match self.send_email(store, &s)? {
                Ok(expires) => {
                    self.email_sent = Some(expires);
                    Reply::Sent
                }
                Err(e) => Reply::NotSent(e),
            });
        }
        let method = self.method_for(typed);
        let (Some(user), None) = (&self.user, &self.refusal) else {
            return self.refuse(store, method, typed);
        };
        if !self.methods.contains(&method) {
            return self.refuse(store, method, typed);
        }
        let a = Attempt {
            user,
            method,
            response,
            source: &self.source,
            stage: Stage::Complete,
            confirm: false,
        };
        Ok(match attempt::attempt(store, &s, &a, |_, _| Ok(())) {
            Ok(()) => Reply::Passed(method),
            Err(e) if e.is_verdict() => Reply::Failed(e.to_string()),
            Err(e) => return Err(e),
        })
    }

    /// Which method an answer is for: a backup code by its form, digits for
    /// the emailed code once one was sent in this conversation, else TOTP.
    fn method_for(&self, typed: &str) -> Method {
        let upper = backup_codes::ALPHABET.to_ascii_uppercase();
        if codes::normalize(typed, &upper, backup_codes::LEN).is_some() {
            Method::BackupCode
        } else if self.email_sent.is_some()
            && codes::normalize(typed, email::DIGITS, email::LEN).is_some()
        {
            Method::Email
        } else {
            Method::Totp
        }
    }

    /// Emails a code if the user may get one. For a user who cannot pass,
    /// nothing is sent but the answer is the same.
    fn send_email(&self, store: &mut Store, s: &Config) -> Result<std::result::Result<i64, Error>> {
        let user = self.user.as_ref().filter(|_| self.refusal.is_none());
        let Some(user) = user.filter(|_| self.methods.contains(&Method::Email)) else {
            // Talk to the mail server as a real send would, so the answer
            // takes about as long, and fails alike when the server is down.
            return Ok(match mail::probe(store) {
                Err(e) if matches!(e.kind(), Error::MailUnavailable(_)) => Err(e),
                _ => Ok(store.now() + s.mfa.email_lifetime),
            });
        };
        match mfa::challenge(store, user, Method::Email, &self.source) {
            Ok(expires) => Ok(Ok(expires)),
            Err(e) if e.is_verdict() || matches!(e.kind(), Error::MailUnavailable(_)) => Ok(Err(e)),
            Err(e) => Err(e),
        }
    }

    /// Fails an answer that cannot pass, after the work a real check of its
    /// kind does (a backup code is hashed), with an audit entry.
    fn refuse(&self, store: &mut Store, method: Method, typed: &str) -> Result<Reply> {
        // The hashing a real check of that kind would do.
        if matches!(method, Method::BackupCode | Method::Email) {
            verify_dummy(typed.as_bytes());
        }
        let why = self
            .refusal
            .clone()
            .unwrap_or_else(|| format!("{method} is not one of the user's usable methods"));
        let outcome = if self.user.is_some() {
            "refused"
        } else {
            "unknown_user"
        };
        store.write(|tx| {
            tx.audit(
                AuditAction::MfaVerify,
                &self.name,
                json!({"method": method.as_str(), "source": self.source, "outcome": outcome, "reason": why}),
            )
        })?;
        Ok(Reply::Failed(why))
    }
}

/// What account management says of a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Account {
    /// May log in.
    Allowed,
    /// Not in the store.
    Unknown,
    /// Locked after failed attempts (or by an administrator).
    Locked,
    /// A login policy denies it.
    Denied(String),
}

/// Whether `name` may log in now from `remote_host`: not locked, not denied
/// by a login policy.
pub fn account(store: &Store, name: &str, remote_host: Option<&str>) -> Result<Account> {
    let user = match users::show(store, name) {
        Ok(u) => u,
        Err(e) if matches!(e.kind(), Error::NotFound(_)) => return Ok(Account::Unknown),
        Err(e) => return Err(e),
    };
    let state = store.read().lock_state(user.id)?;
    if lockout::locked_at(&state, store.now()).is_some() {
        return Ok(Account::Locked);
    }
    let address = remote_host.and_then(|h| policy::parse_ip(h).ok());
    let decision = policy::evaluate(store, &user.name, address)?;
    Ok(match decision.login.outcome {
        Action::Deny => Account::Denied(decision.login.reason),
        _ => Account::Allowed,
    })
}
