//! The authenticators: one file per way to prove who you are, each a
//! plug-in behind [`Authenticator`]. They only check responses; the attempt
//! path ([`super::attempt`]) does everything around a check — the lock,
//! consuming what was used, counting failures, the audit log and mail.
//!
//! To add one: write `methods/NAME.rs` with a type implementing
//! [`Authenticator`], and add it to [`REGISTRY`]. Login, `mfa verify` and
//! (later) the PAM module offer it from there.

pub mod backup_codes;
pub mod email;
pub mod emergency;
pub mod password;
mod stored_code;
pub mod totp;

use serde_json::Value;

use crate::crypto::Secret;
use crate::domain::auth::{CredentialState, FailReason, Method};
use crate::error::{Error, Result};
use crate::settings::Config;
use crate::store::{CodeKind, Read, Store};
use crate::users::User;

/// What an authenticator is given to check a response.
pub struct Check<'a> {
    /// The effective settings.
    pub config: &'a Config,
    /// Who is trying.
    pub user: &'a User,
    /// What they typed.
    pub response: &'a Secret,
    /// Which credentials count: active ones, or (to confirm an enrolment)
    /// pending ones.
    pub state: CredentialState,
}

/// What to use up when a response is right. The attempt path does it with
/// a guarded update in its write transaction: of many simultaneous uses
/// exactly one wins, and the others fail as replays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Consume {
    /// Nothing is single-use (a password).
    Nothing,
    /// The user's stored one-time code with this hash.
    Code {
        /// Which kind of code.
        kind: CodeKind,
        /// Its stored hash.
        hash: String,
    },
    /// The backup code with this digest.
    BackupCode {
        /// Its digest under the set's salt.
        digest: [u8; 32],
    },
    /// A credential's counter (a TOTP step), which only moves forward; the
    /// credential becomes active.
    Counter {
        /// The credential.
        credential: i64,
        /// The state it must still be in.
        from: CredentialState,
        /// The step or counter just accepted.
        value: i64,
    },
}

impl Consume {
    /// Why the attempt fails when another caller consumed it first.
    pub fn lost(&self) -> FailReason {
        match self {
            Consume::Counter { .. } => FailReason::Replayed,
            _ => FailReason::AlreadyUsed,
        }
    }
}

/// The result of a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Right: use this up.
    Pass(Consume),
    /// Wrong, and why.
    Fail(FailReason),
}

/// What a success adds to its audit entry and the mail it sends.
#[derive(Debug, Default)]
pub struct Success {
    /// Extra fields of the audit entry.
    pub details: serde_json::Map<String, Value>,
    /// Notifications to queue.
    pub notices: Vec<Notice>,
}

/// A notification to queue with the success.
#[derive(Debug, Clone)]
pub struct Notice {
    /// The recipients.
    pub to: Vec<String>,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

/// A challenge that was sent.
#[derive(Debug, Clone)]
pub struct Sent {
    /// When the response stops being accepted (Unix seconds).
    pub expires_at: i64,
    /// Where it went (recorded in the audit log).
    pub to: String,
}

/// A way to prove who you are.
pub trait Authenticator: Sync {
    /// Which method this is.
    fn method(&self) -> Method;

    /// Whether the user holds a credential of this kind they can use now.
    fn held_by(&self, r: Read<'_>, user: &User) -> Result<bool>;

    /// Whether a challenge must be sent before a response can be checked
    /// (an emailed code).
    fn needs_challenge(&self) -> bool {
        false
    }

    /// Sends a challenge and keeps what checking the response needs in the
    /// store, so another process can check it. Only for authenticators
    /// that [`needs_challenge`](Authenticator::needs_challenge).
    fn send_challenge(&self, _store: &mut Store, s: &Config, user: &User) -> Result<Sent> {
        let _ = s;
        Err(Error::Refused(format!(
            "{} sends no challenge; `{}` can type the response directly",
            self.method(),
            user.name
        )))
    }

    /// The refusal when the user holds no credential of this kind.
    fn not_held(&self, user: &User) -> Error {
        Error::Refused(format!(
            "`{}` has no {} credential to authenticate with",
            user.name,
            self.method()
        ))
    }

    /// Checks a response. Slow work (argon2) happens here, outside any
    /// write transaction. An error (nothing to check against) ends the
    /// attempt without counting a failure.
    fn check(&self, store: &mut Store, check: &Check<'_>) -> Result<Verdict>;

    /// Checked again inside the write transaction, just before the
    /// response is used: a reason the user may no longer pass.
    fn still_allowed(&self, _r: Read<'_>, _user: &User, _now: i64) -> Result<Option<FailReason>> {
        Ok(None)
    }

    /// What a success adds to its audit entry and notifications, read
    /// inside the transaction that consumed the response.
    fn used(&self, _r: Read<'_>, _user: &User, _now: i64, _out: &mut Success) -> Result<()> {
        Ok(())
    }

    /// The error a person sees for a failure.
    fn failure(&self, reason: FailReason, user: &User) -> Error;
}

/// Every authenticator mfactl can check.
pub static REGISTRY: &[&dyn Authenticator] = &[
    &password::Password,
    &totp::Totp,
    &email::Email,
    &backup_codes::BackupCodes,
    &emergency::Emergency,
];

/// The authenticator for `method`, if this version of mfactl has one.
pub fn find(method: Method) -> Option<&'static dyn Authenticator> {
    REGISTRY.iter().copied().find(|a| a.method() == method)
}
