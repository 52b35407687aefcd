//! Reading the effective settings into one typed value, once per command:
//! a misspelt setting is a compile error here, not a silent default.

use std::sync::Arc;

use super::Settings;
use crate::domain::auth::Method;
pub use crate::domain::config::*;
use crate::error::{Error, Result};
use crate::store::Store;

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
                answer_time: self.number("authentication.emergency_code.answer_time")?,
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

/// The effective settings of `store`, typed. Read from the store once and
/// kept until a setting changes through this store.
pub fn load_config(store: &Store) -> Result<Arc<Config>> {
    if let Some(c) = store.cached_config() {
        return Ok(c);
    }
    let config = Arc::new(super::load(store)?.config()?);
    store.cache_config(Arc::clone(&config));
    Ok(config)
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
