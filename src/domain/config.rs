//! The effective settings as one typed value (read by
//! [`crate::settings::load_config`]).

use crate::domain::auth::Method;

/// `smtp.security`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain SMTP.
    None,
    /// STARTTLS, required.
    Starttls,
    /// TLS from the first byte.
    Tls,
}

impl SmtpSecurity {
    /// The setting's value.
    pub fn as_str(self) -> &'static str {
        match self {
            SmtpSecurity::None => "none",
            SmtpSecurity::Starttls => "starttls",
            SmtpSecurity::Tls => "tls",
        }
    }
}

/// `smtp.*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpConfig {
    /// The server; `None` when not set.
    pub host: Option<String>,
    /// Its port.
    pub port: u16,
    /// How the connection is protected.
    pub security: SmtpSecurity,
    /// The user name to authenticate as; `None`: no authentication.
    pub username: Option<String>,
    /// Whether a password is stored (it is read only when sending).
    pub password_set: bool,
    /// The sender address; `None` when not set.
    pub from: Option<String>,
    /// Bound on one exchange with the server, in seconds.
    pub timeout: u64,
}

impl SmtpConfig {
    /// The settings still needed to send mail (host and sender).
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.host.is_none() {
            missing.push("smtp.host");
        }
        if self.from.is_none() {
            missing.push("smtp.from");
        }
        missing
    }
}

/// `authentication.emergency_code.*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmergencyConfig {
    /// Whether emergency login is on.
    pub enabled: bool,
    /// How long a code lives, in seconds.
    pub lifetime: i64,
    /// Requests allowed per name and hour.
    pub requests_per_hour: i64,
    /// Seconds after which every request answers, whatever the name.
    pub answer_time: u64,
}

/// `mfa.default_action`: what happens when no `mfa` policy matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultAction {
    /// MFA for everyone.
    Required,
    /// No MFA.
    Skipped,
    /// MFA for users who have it configured.
    OptionalPerUser,
}

impl DefaultAction {
    /// The setting's value.
    pub fn as_str(self) -> &'static str {
        match self {
            DefaultAction::Required => "required",
            DefaultAction::Skipped => "skipped",
            DefaultAction::OptionalPerUser => "optional-per-user",
        }
    }
}

/// `mfa.reset_recipient`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResetRecipient {
    /// Every administrator with an email.
    Administrators,
    /// This address.
    Address(String),
}

/// `mfa.totp.*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotpConfig {
    /// The issuer shown in authenticator apps.
    pub issuer: String,
    /// `sha1`, `sha256` or `sha512`.
    pub algorithm: String,
    /// Code length.
    pub digits: usize,
    /// Time step, in seconds.
    pub period: u64,
}

/// `mfa.*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MfaConfig {
    /// When no `mfa` policy matches.
    pub default_action: DefaultAction,
    /// The enabled authenticators.
    pub authenticators: Vec<Method>,
    /// The default authenticator.
    pub default: Method,
    /// The enabled alternate ways to log in.
    pub alternates: Vec<Method>,
    /// Codes in a backup-code set.
    pub backup_codes: usize,
    /// Who receives MFA reset requests.
    pub reset_recipient: ResetRecipient,
    /// Authenticator apps.
    pub totp: TotpConfig,
    /// How long an emailed code lives, in seconds.
    pub email_lifetime: i64,
}

/// `lockout.*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutConfig {
    /// Failures that lock the user.
    pub attempts: i64,
    /// How long failures keep counting, in seconds.
    pub window: i64,
    /// How long a lock lasts in seconds; 0: until unlocked.
    pub duration: i64,
}

/// The effective settings, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Mail.
    pub smtp: SmtpConfig,
    /// Break-glass emergency login.
    pub emergency: EmergencyConfig,
    /// How long a session lasts, in seconds.
    pub session_lifetime: i64,
    /// Multifactor authentication.
    pub mfa: MfaConfig,
    /// Lockout.
    pub lockout: LockoutConfig,
}
