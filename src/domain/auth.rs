//! The words of authentication: methods, credential states, why an attempt
//! failed, and a user's failure count. Each has one string form, the one
//! the audit log and the JSON output use.

use std::fmt;

use serde::Serialize;

use crate::error::{Error, Result};

/// What a rate limit counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateKind {
    /// `emergency request`.
    EmergencyRequest,
    /// An emailed MFA code sent (`mfa challenge`, `email` at a prompt).
    MfaChallenge,
    /// `mfa reset-request`.
    ResetRequest,
    /// A wrong emergency code, by name and source.
    EmergencyFailure,
}

/// The key under which a rate limit counts a name (known or not).
pub fn rate_key_for_name(name: &str) -> String {
    format!("name:{}", crate::domain::user::name_key(name))
}

impl RateKind {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            RateKind::EmergencyRequest => "emergency.request",
            RateKind::MfaChallenge => "mfa.challenge",
            RateKind::ResetRequest => "mfa.reset-request",
            RateKind::EmergencyFailure => "emergency.failure",
        }
    }
}

/// A way to prove who you are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// A local user's password.
    Password,
    /// An authenticator app (TOTP, RFC 6238).
    Totp,
    /// A code sent by email.
    Email,
    /// A backup code.
    BackupCode,
    /// A break-glass emergency code.
    Emergency,
    /// A YubiKey one-time password.
    Yubikey,
    /// A code sent by SMS.
    Sms,
    /// A RADIUS server.
    Radius,
    /// Duo.
    Duo,
}

impl Method {
    /// Every method, in the order they are offered.
    pub const ALL: [Method; 9] = [
        Method::Password,
        Method::Totp,
        Method::Email,
        Method::BackupCode,
        Method::Emergency,
        Method::Yubikey,
        Method::Sms,
        Method::Radius,
        Method::Duo,
    ];

    /// The method's name, as in the audit log and the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Password => "password",
            Method::Totp => "totp",
            Method::Email => "email",
            Method::BackupCode => "backup-code",
            Method::Emergency => "emergency",
            Method::Yubikey => "yubikey",
            Method::Sms => "sms",
            Method::Radius => "radius",
            Method::Duo => "duo",
        }
    }

    /// Parses a second-factor method: `totp`, `email`, `backup-code` (or
    /// `backup-codes`), or another authenticator's name.
    pub fn parse(s: &str) -> Result<Method> {
        let lower = s.to_ascii_lowercase();
        if lower == "backup-codes" {
            return Ok(Method::BackupCode);
        }
        Method::ALL
            .into_iter()
            .filter(|m| m.is_second_factor())
            .find(|m| m.as_str() == lower)
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "`{s}` is not an MFA method; use totp, email or backup-code"
                ))
            })
    }

    /// Whether the method can be a second factor (everything but the
    /// password and the emergency code, which stand alone).
    pub fn is_second_factor(self) -> bool {
        !matches!(self, Method::Password | Method::Emergency)
    }

    /// What the person types, in words: "authenticator app code", ….
    pub fn code_name(self) -> &'static str {
        match self {
            Method::Password => "password",
            Method::Totp => "authenticator app code",
            Method::Email => "emailed code",
            Method::BackupCode => "backup code",
            Method::Emergency => "emergency code",
            Method::Yubikey => "YubiKey one-time password",
            Method::Sms => "code sent by SMS",
            Method::Radius => "RADIUS passcode",
            Method::Duo => "Duo passcode",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a credential is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CredentialState {
    /// Enrolled, but not yet confirmed with a first valid response: it does
    /// not authenticate.
    Pending,
    /// Confirmed: it authenticates.
    Active,
}

impl CredentialState {
    /// The stored and shown form.
    pub fn as_str(self) -> &'static str {
        match self {
            CredentialState::Pending => "pending",
            CredentialState::Active => "active",
        }
    }

    /// Parses the stored form.
    pub fn parse(s: &str) -> Option<CredentialState> {
        match s {
            "pending" => Some(CredentialState::Pending),
            "active" => Some(CredentialState::Active),
            _ => None,
        }
    }
}

/// Why an attempt failed, as recorded in the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailReason {
    /// The password is wrong (or the user has none).
    WrongPassword,
    /// The code matches nothing the user holds.
    WrongCode,
    /// A time step or counter that was accepted before.
    Replayed,
    /// A single-use code that was used before.
    AlreadyUsed,
    /// A code past its lifetime.
    Expired,
    /// No code was sent, or it was replaced.
    NoLiveCode,
    /// The user may no longer use this method.
    Ineligible,
}

impl FailReason {
    /// The form in the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            FailReason::WrongPassword => "wrong_password",
            FailReason::WrongCode => "wrong_code",
            FailReason::Replayed => "replayed",
            FailReason::AlreadyUsed => "already_used",
            FailReason::Expired => "expired",
            FailReason::NoLiveCode => "no_live_code",
            FailReason::Ineligible => "ineligible",
        }
    }
}

impl fmt::Display for FailReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A user's failed attempts, as counted toward lockout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LockState {
    /// Failures counted in the current window.
    pub failures: i64,
    /// When the current window began (the first failure in it).
    pub first_failure_at: Option<i64>,
    /// Until when the user is locked ([`LOCKED_INDEFINITELY`]: until an
    /// administrator unlocks); may lie in the past.
    ///
    /// [`LOCKED_INDEFINITELY`]: crate::domain::user::LOCKED_INDEFINITELY
    pub locked_until: Option<i64>,
}

/// One credential a user holds: an authenticator app, later a YubiKey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// Its id, for `mfa remove`.
    pub id: i64,
    /// The user it belongs to.
    pub user_id: i64,
    /// What kind of authenticator it is.
    pub method: Method,
    /// The user's name for it, unique among their credentials.
    pub label: String,
    /// Pending until confirmed.
    pub state: CredentialState,
    /// Its secret, sealed with the store's key.
    pub sealed_secret: Option<Vec<u8>>,
    /// The last accepted time step or counter (replay protection).
    pub counter: Option<i64>,
    /// When it was enrolled (Unix seconds).
    pub created_at: i64,
    /// When it last authenticated.
    pub last_used_at: Option<i64>,
}

/// A login session as stored (never its token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// Session id.
    pub id: i64,
    /// The user's name.
    pub user: String,
    /// How it was opened, e.g. `emergency`, `password+totp`.
    pub method: String,
    /// Where from.
    pub source: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub expires_at: i64,
    /// When it was revoked, if it was.
    pub revoked_at: Option<i64>,
}
