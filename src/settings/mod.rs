//! Typed server settings: their keys, defaults and validation, the rules
//! between them, and export/import for configuration as code.

mod config;
mod defs;
mod document;
mod values;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;

use crate::crypto::Secret;
use crate::domain::audit_action::AuditAction;
use crate::domain::settings::SettingValue as Stored;
use crate::error::{Error, Hint, Result};
use crate::store::{Read, Store, Tx};

pub use config::{
    load_config, Config, DefaultAction, EmergencyConfig, LockoutConfig, MfaConfig, ResetRecipient,
    SmtpConfig, SmtpSecurity, TotpConfig,
};
pub use defs::{lookup, Def, Kind, ALTERNATES, AUTHENTICATORS, DEFS};
pub use document::{export, import, parse_document, Format};
use values::invalid;
pub use values::{canonicalize, format_duration, parse_bool, parse_duration, parse_email};

/// The effective settings: stored values over defaults.
#[derive(Debug, Clone)]
pub struct Settings {
    stored: BTreeMap<String, Stored>,
}

impl Settings {
    fn load(r: Read<'_>) -> Result<Settings> {
        Ok(Settings {
            stored: r.settings()?,
        })
    }

    /// The canonical value of a non-secret setting (its default when unset).
    pub fn get(&self, key: &str) -> &str {
        match self.stored.get(key) {
            Some(Stored::Plain(v)) => v,
            _ => DEFS.iter().find(|d| d.key == key).map_or("", |d| d.default),
        }
    }
    /// A boolean setting.
    pub fn bool(&self, key: &str) -> bool {
        self.get(key) == "true"
    }
    /// A whole-number or duration setting (durations in seconds).
    pub fn int(&self, key: &str) -> i64 {
        self.get(key).parse().unwrap_or(0)
    }
    /// A list setting's items.
    pub fn list(&self, key: &str) -> Vec<&str> {
        self.get(key).split(',').filter(|s| !s.is_empty()).collect()
    }
    /// Whether a setting has a value (for secrets: whether one is stored).
    pub fn is_set(&self, key: &str) -> bool {
        match self.stored.get(key) {
            Some(Stored::Sealed(_)) => true,
            _ => !self.get(key).is_empty(),
        }
    }
    /// The SMTP settings still needed to send mail (host and sender).
    pub fn smtp_missing(&self) -> Vec<&'static str> {
        ["smtp.host", "smtp.from"]
            .into_iter()
            .filter(|k| !self.is_set(k))
            .collect()
    }
    pub(crate) fn sealed(&self, key: &str) -> Option<&[u8]> {
        match self.stored.get(key) {
            Some(Stored::Sealed(b)) => Some(b),
            _ => None,
        }
    }

    /// The setting as shown to people: secrets redacted, durations readable.
    pub fn display(&self, def: &Def) -> String {
        display_value(def, self.get(def.key), self.is_set(def.key))
    }

    /// Checks the rules between settings. Refusals name what is missing.
    pub fn check(&self) -> Result<()> {
        let authenticators = self.list("mfa.authenticators");
        if authenticators.is_empty() {
            return Err(Error::Refused(
                "mfa.authenticators cannot be empty: enable at least one authenticator \
                 (use mfa.default_action = skipped to turn MFA off)"
                    .into(),
            ));
        }
        let default = self.get("mfa.default");
        if !authenticators.contains(&default) {
            return Err(Error::Refused(format!(
                "the default MFA `{default}` is not among the enabled authenticators ({}); \
                 enable it in mfa.authenticators or choose another mfa.default",
                authenticators.join(", ")
            )));
        }
        let smtp_missing = self.smtp_missing();
        if !smtp_missing.is_empty() {
            let mut needs_mail = Vec::new();
            if self.bool("authentication.emergency_code.enabled") {
                needs_mail.push("authentication.emergency_code.enabled (codes are sent by email)");
            }
            for (method, why) in [
                ("email", "the email authenticator"),
                ("sms", "the SMS authenticator"),
            ] {
                if authenticators.contains(&method) {
                    needs_mail.push(why);
                }
            }
            if self.list("mfa.alternates").contains(&"email") {
                needs_mail.push("the email alternate in mfa.alternates");
            }
            if let Some(first) = needs_mail.first() {
                let e = Error::Refused(format!(
                    "{first} needs a working SMTP server, but {} {} not set; set {} first",
                    smtp_missing.join(" and "),
                    if smtp_missing.len() == 1 { "is" } else { "are" },
                    smtp_missing.join(" and ")
                ));
                return Err(e.with_hint_if(smtp_hint(&smtp_missing)));
            }
        }
        let requirements: [(&str, &[&str]); 3] = [
            ("sms", &["mfa.sms.gateway"]),
            ("radius", &["mfa.radius.server", "mfa.radius.secret"]),
            (
                "duo",
                &[
                    "mfa.duo.host",
                    "mfa.duo.integration_key",
                    "mfa.duo.secret_key",
                ],
            ),
        ];
        for (method, keys) in requirements {
            let missing: Vec<&str> = keys.iter().copied().filter(|k| !self.is_set(k)).collect();
            if authenticators.contains(&method) && !missing.is_empty() {
                return Err(Error::Refused(format!(
                    "the {method} authenticator cannot be enabled until {} {} set",
                    missing.join(", "),
                    if missing.len() == 1 { "is" } else { "are" }
                )));
            }
        }
        if authenticators.contains(&"yubikey") && self.get("mfa.yubikey.validation") == "yubicloud"
        {
            let missing: Vec<&str> = ["mfa.yubikey.client_id", "mfa.yubikey.api_key"]
                .into_iter()
                .filter(|k| !self.is_set(k))
                .collect();
            if !missing.is_empty() {
                return Err(Error::Refused(format!(
                    "YubiCloud validation needs {} to be set",
                    missing.join(" and ")
                )));
            }
        }
        Ok(())
    }
}

/// The next step for missing SMTP settings (`missing` as from
/// [`Settings::smtp_missing`]): set the first, with an example value.
pub(crate) fn smtp_hint(missing: &[&'static str]) -> Option<Hint> {
    let key = *missing.first()?;
    let example = if key == "smtp.host" {
        "mail.example.com"
    } else {
        "mfactl@example.com"
    };
    Some(Hint::SetSetting {
        key,
        example: Some(example.into()),
    })
}

fn display_value(def: &Def, canonical: &str, is_set: bool) -> String {
    match def.kind {
        Kind::Secret => if is_set { "(set)" } else { "(not set)" }.into(),
        Kind::Duration { .. } => format_duration(canonical.parse().unwrap_or(0)),
        _ => canonical.to_string(),
    }
}

/// Reads the effective settings.
pub fn load(store: &Store) -> Result<Settings> {
    Settings::load(store.read())
}

/// A setting as shown by `settings show` and `settings get`.
#[derive(Debug, Clone, Serialize)]
pub struct SettingView {
    /// The key.
    pub key: &'static str,
    /// The value as shown (secrets: `(set)` or `(not set)`).
    pub value: String,
    /// The default as shown.
    pub default: String,
    /// Whether a value is stored (false: the default applies).
    pub is_set: bool,
    /// Whether this is a secret.
    pub secret: bool,
    /// What it does.
    pub help: &'static str,
}

fn view(settings: &Settings, def: &'static Def) -> SettingView {
    SettingView {
        key: def.key,
        value: settings.display(def),
        default: display_value(def, def.default, false),
        is_set: settings.stored.contains_key(def.key),
        secret: def.kind == Kind::Secret,
        help: def.help,
    }
}

/// Every setting with its effective value.
pub fn show(store: &Store) -> Result<Vec<SettingView>> {
    let s = load(store)?;
    Ok(DEFS.iter().map(|d| view(&s, d)).collect())
}

/// One setting.
pub fn get(store: &Store, key: &str) -> Result<SettingView> {
    let def = lookup(key)?;
    Ok(view(&load(store)?, def))
}

/// A new value for a setting.
#[derive(Debug, Clone)]
pub enum NewValue {
    /// A plain value, validated against the setting's type.
    Plain(String),
    /// A secret value, for secret settings only.
    Secret(Secret),
}

fn audit_value(def: &Def, canonical: Option<&str>) -> serde_json::Value {
    match (def.kind, canonical) {
        (Kind::Secret, Some(_)) => json!("(set)"),
        (Kind::Secret, None) => json!("(not set)"),
        (_, Some(v)) => json!(display_value(def, v, true)),
        (_, None) => json!(display_value(def, def.default, false)),
    }
}

/// Validates one change; returns the key and what to store (`None` = unset).
fn prepare(key: &str, value: Option<NewValue>) -> Result<(&'static Def, Option<NewValue>)> {
    let def = lookup(key)?;
    let value = match (def.kind, value) {
        (_, None) => None,
        (Kind::Secret, Some(NewValue::Secret(s))) => {
            if s.is_empty() {
                return Err(invalid(
                    key,
                    "the secret is empty (use `settings unset` to remove it)",
                ));
            }
            if s.expose().len() > 1024 || s.expose().contains(['\n', '\r', '\0']) {
                return Err(invalid(
                    key,
                    "the secret is longer than 1024 bytes or has a line break",
                ));
            }
            Some(NewValue::Secret(s))
        }
        (Kind::Secret, Some(NewValue::Plain(_))) => {
            return Err(canonicalize(def, "")
                .err()
                .unwrap_or_else(|| invalid(key, "secret")))
        }
        (_, Some(NewValue::Plain(v))) => Some(NewValue::Plain(canonicalize(def, &v)?)),
        (_, Some(NewValue::Secret(s))) => Some(NewValue::Plain(canonicalize(def, s.expose())?)),
    };
    Ok((def, value))
}

/// Applies validated changes in `tx`, checks the result as a whole, and
/// audits each change. Returns how many keys changed.
fn apply(
    tx: &mut Tx<'_>,
    changes: Vec<(&'static Def, Option<NewValue>)>,
    action: AuditAction,
) -> Result<usize> {
    let before = Settings::load(tx.read())?;
    let mut audit = serde_json::Map::new();
    for (def, value) in changes {
        let old = match before.stored.get(def.key) {
            Some(Stored::Plain(v)) => Some(v.as_str()),
            Some(Stored::Sealed(_)) => Some(""),
            None => None,
        };
        let new_plain: Option<String> = match &value {
            Some(NewValue::Plain(v)) => Some(v.clone()),
            Some(NewValue::Secret(_)) => Some(String::new()),
            None => None,
        };
        // Compare with the effective value, so that writing a default (as
        // an export/import round trip does) changes nothing.
        let unchanged = match &value {
            None => old.is_none(),
            Some(NewValue::Plain(v)) => before.get(def.key) == v,
            Some(NewValue::Secret(_)) => false,
        };
        if unchanged {
            continue;
        }
        match value {
            None => tx.delete_setting(def.key)?,
            Some(NewValue::Plain(v)) => tx.set_setting(def.key, &v)?,
            Some(NewValue::Secret(s)) => {
                let blob = tx.seal(&format!("setting:{}", def.key), s.expose().as_bytes())?;
                tx.set_sealed_setting(def.key, &blob)?;
            }
        }
        audit.insert(
            def.key.to_string(),
            json!({"old": audit_value(def, old), "new": audit_value(def, new_plain.as_deref())}),
        );
    }
    Settings::load(tx.read())?.check()?;
    let changed = audit.len();
    if changed == 1 && action != AuditAction::SettingsImport {
        let (key, change) = audit.into_iter().next().unwrap_or_default();
        tx.audit(action, &key, change)?;
    } else if changed > 0 {
        tx.audit(action, "settings", json!({ "changed": audit }))?;
    }
    Ok(changed)
}

/// Sets one setting. Refused (nothing written) when the value is invalid or
/// breaks a rule between settings. Returns whether the value changed.
pub fn set(store: &mut Store, key: &str, value: NewValue) -> Result<bool> {
    let change = prepare(key, Some(value))?;
    store.write(|tx| apply(tx, vec![change], AuditAction::SettingsSet).map(|n| n > 0))
}

/// Returns a setting to its default. Returns whether anything changed.
pub fn unset(store: &mut Store, key: &str) -> Result<bool> {
    let change = prepare(key, None)?;
    store.write(|tx| apply(tx, vec![change], AuditAction::SettingsUnset).map(|n| n > 0))
}

/// Decrypts a secret setting, for the library's own use (sending mail).
pub fn secret(store: &mut Store, key: &str) -> Result<Option<Secret>> {
    let s = load(store)?;
    let Some(blob) = s.sealed(key) else {
        return Ok(None);
    };
    let plain = store.unseal(&format!("setting:{key}"), blob)?;
    let text = String::from_utf8(plain.to_vec())
        .map_err(|_| Error::Integrity(format!("{key} is not valid text")))?;
    Ok(Some(Secret::new(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(key: &str) -> &'static Def {
        lookup(key).unwrap()
    }

    #[test]
    fn defaults_are_valid() {
        for def in DEFS.iter().filter(|d| d.kind != Kind::Secret) {
            assert_eq!(
                canonicalize(def, &display_value(def, def.default, false)).unwrap(),
                def.default,
                "{}",
                def.key
            );
        }
        let s = Settings {
            stored: BTreeMap::new(),
        };
        s.check().unwrap();
    }

    #[test]
    fn durations() {
        let lt = d("authentication.emergency_code.lifetime");
        assert_eq!(canonicalize(lt, "10m").unwrap(), "600");
        assert_eq!(canonicalize(lt, "1h").unwrap(), "3600");
        assert!(canonicalize(lt, "61m").is_err());
        assert!(canonicalize(lt, "30s").is_err());
        let err = canonicalize(lt, "10").unwrap_err().to_string();
        assert!(err.contains("no unit"), "{err}");
        assert_eq!(canonicalize(d("lockout.duration"), "0").unwrap(), "0");
        assert_eq!(format_duration(5400), "1h 30m");
    }

    #[test]
    fn lists_are_canonical() {
        let a = d("mfa.authenticators");
        assert_eq!(canonicalize(a, "EMAIL, totp,totp").unwrap(), "totp,email");
        assert!(canonicalize(a, "totp,passkey")
            .unwrap_err()
            .to_string()
            .contains("passkey"));
    }

    #[test]
    fn scalar_validation() {
        assert!(canonicalize(d("smtp.port"), "0").is_err());
        assert!(canonicalize(d("smtp.port"), "65536").is_err());
        assert_eq!(canonicalize(d("smtp.port"), "465").unwrap(), "465");
        assert_eq!(
            canonicalize(d("authentication.emergency_code.enabled"), "On").unwrap(),
            "true"
        );
        assert!(canonicalize(d("smtp.from"), "not-an-address").is_err());
        assert!(canonicalize(d("smtp.host"), "mail example").is_err());
        assert_eq!(
            canonicalize(d("mfa.reset_recipient"), "Administrators").unwrap(),
            "administrators"
        );
        assert!(canonicalize(d("mfa.sms.gateway"), "sms.example.com").is_err());
        assert!(canonicalize(d("mfa.backup_codes.count"), "51").is_err());
        assert!(canonicalize(d("smtp.password"), "x").is_err());
        assert!(canonicalize(d("smtp.username"), "a\u{7}b").is_err());
    }

    fn with(pairs: &[(&str, &str)]) -> Settings {
        let stored = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Stored::Plain(v.to_string())))
            .collect();
        Settings { stored }
    }

    #[test]
    fn rules_between_settings() {
        let e = with(&[("authentication.emergency_code.enabled", "true")])
            .check()
            .unwrap_err();
        assert!(matches!(e.kind(), Error::Refused(_)));
        assert!(e.to_string().contains("smtp.host and smtp.from"), "{e}");
        with(&[
            ("authentication.emergency_code.enabled", "true"),
            ("smtp.host", "mail"),
            ("smtp.from", "a@b.c"),
        ])
        .check()
        .unwrap();
        let e = with(&[("mfa.default", "email")]).check().unwrap_err();
        assert!(e.to_string().contains("not among the enabled"), "{e}");
        let e = with(&[("mfa.authenticators", "totp,radius")])
            .check()
            .unwrap_err();
        assert!(e.to_string().contains("mfa.radius.server"), "{e}");
        assert!(with(&[("mfa.authenticators", "")]).check().is_err());
    }
}
