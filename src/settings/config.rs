//! The effective settings as one typed value, read once per command: a
//! misspelt setting is a compile error here, not a silent default.

use super::Settings;
use crate::domain::auth::Method;
use crate::error::{Error, Result};

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

/// A stored value that does not parse: the store was written by hand.
fn corrupt(key: &str, value: &str) -> Error {
    Error::Integrity(format!(
        "the stored setting {key} = {value:?} is not valid; set it again"
    ))
}

impl Settings {
    fn number<T: std::str::FromStr>(&self, key: &str) -> Result<T> {
        let v = self.get(key);
        v.parse().map_err(|_| corrupt(key, v))
    }

    fn text(&self, key: &str) -> Option<String> {
        Some(self.get(key).to_string()).filter(|v| !v.is_empty())
    }

    fn method(&self, key: &str, value: &str) -> Result<Method> {
        Method::parse(value).map_err(|_| corrupt(key, value))
    }

    fn methods(&self, key: &str) -> Result<Vec<Method>> {
        self.list(key)
            .into_iter()
            .map(|m| self.method(key, m))
            .collect()
    }

    /// The settings as one typed value. Fails only on a value that was not
    /// written by mfactl (every write is validated).
    pub fn config(&self) -> Result<Config> {
        let security = match self.get("smtp.security") {
            "none" => SmtpSecurity::None,
            "tls" => SmtpSecurity::Tls,
            "starttls" => SmtpSecurity::Starttls,
            other => return Err(corrupt("smtp.security", other)),
        };
        let default_action = match self.get("mfa.default_action") {
            "required" => DefaultAction::Required,
            "skipped" => DefaultAction::Skipped,
            "optional-per-user" => DefaultAction::OptionalPerUser,
            other => return Err(corrupt("mfa.default_action", other)),
        };
        let reset_recipient = match self.get("mfa.reset_recipient") {
            "administrators" => ResetRecipient::Administrators,
            address => ResetRecipient::Address(address.to_string()),
        };
        let default = self.get("mfa.default");
        Ok(Config {
            smtp: SmtpConfig {
                host: self.text("smtp.host"),
                port: self.number("smtp.port")?,
                security,
                username: self.text("smtp.username"),
                password_set: self.is_set("smtp.password"),
                from: self.text("smtp.from"),
                timeout: self.number("smtp.timeout")?,
            },
            emergency: EmergencyConfig {
                enabled: self.bool("authentication.emergency_code.enabled"),
                lifetime: self.number("authentication.emergency_code.lifetime")?,
                requests_per_hour: self
                    .number("authentication.emergency_code.requests_per_hour")?,
            },
            session_lifetime: self.number("session.lifetime")?,
            mfa: MfaConfig {
                default_action,
                authenticators: self.methods("mfa.authenticators")?,
                default: self.method("mfa.default", default)?,
                alternates: self.methods("mfa.alternates")?,
                backup_codes: self.number("mfa.backup_codes.count")?,
                reset_recipient,
                totp: TotpConfig {
                    issuer: self.get("mfa.totp.issuer").to_string(),
                    algorithm: self.get("mfa.totp.algorithm").to_string(),
                    digits: self.number("mfa.totp.digits")?,
                    period: self.number("mfa.totp.period")?,
                },
                email_lifetime: self.number("mfa.email.lifetime")?,
            },
            lockout: LockoutConfig {
                attempts: self.number("lockout.attempts")?,
                window: self.number("lockout.window")?,
                duration: self.number("lockout.duration")?,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn defaults_read_into_the_typed_value() {
        let c = Settings {
            stored: BTreeMap::new(),
        }
        .config()
        .expect("the defaults are valid");
        assert_eq!(c.smtp.port, 587);
        assert_eq!(c.smtp.security, SmtpSecurity::Starttls);
        assert_eq!(c.mfa.default, Method::Totp);
        assert_eq!(c.mfa.authenticators, vec![Method::Totp]);
        assert!(c.mfa.alternates.is_empty());
        assert_eq!(c.lockout.attempts, 5);
        assert_eq!(c.mfa.default_action, DefaultAction::Required);
        assert_eq!(c.emergency.lifetime, 600);
    }
}
