//! Typed server settings: their keys, defaults and validation, and
//! export/import for configuration as code.

use std::collections::BTreeMap;
use std::time::Duration;

use rusqlite::params;
use serde::Serialize;
use serde_json::json;

use crate::crypto::Secret;
use crate::error::{Error, Result};
use crate::store::{Store, Tx};

/// The authenticators mfactl knows.
pub const AUTHENTICATORS: &[&str] = &["totp", "yubikey", "email", "sms", "duo", "radius"];
/// The alternate ways to log in.
pub const ALTERNATES: &[&str] = &["email", "backup-codes"];

/// The type of a setting's value and how it is validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `true` or `false` (also yes/no, on/off, 1/0).
    Bool,
    /// A whole number in `min..=max`.
    Int {
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: i64,
    },
    /// A duration like `10m` or `1h`, in `min..=max` seconds.
    Duration {
        /// Shortest allowed, in seconds (0 allows `0`).
        min: u64,
        /// Longest allowed, in seconds.
        max: u64,
    },
    /// One of a fixed set of words.
    Choice(&'static [&'static str]),
    /// A comma-separated subset of a fixed set of words.
    List(&'static [&'static str]),
    /// A host name or IP address (empty = not set).
    Host,
    /// An email address (empty = not set).
    Email,
    /// `administrators` or an email address.
    Recipient,
    /// An email address template containing `{number}` (empty = not set).
    Template,
    /// Free text up to 200 characters.
    Text,
    /// A secret: sealed at rest, never shown, never accepted from argv.
    Secret,
}

/// A setting's definition.
#[derive(Debug, Clone, Copy)]
pub struct Def {
    /// The dotted key, e.g. `smtp.host`.
    pub key: &'static str,
    /// Its type.
    pub kind: Kind,
    /// Its default, in canonical form.
    pub default: &'static str,
    /// One line saying what it does.
    pub help: &'static str,
}

const fn def(key: &'static str, kind: Kind, default: &'static str, help: &'static str) -> Def {
    Def {
        key,
        kind,
        default,
        help,
    }
}

const MIN: u64 = 60;
const HOUR: u64 = 3600;
const DAY: u64 = 86_400;

/// Every setting, in display order.
pub const DEFS: &[Def] = &[
    def(
        "smtp.host",
        Kind::Host,
        "",
        "SMTP server host name or address",
    ),
    def(
        "smtp.port",
        Kind::Int { min: 1, max: 65535 },
        "587",
        "SMTP server port",
    ),
    def(
        "smtp.security",
        Kind::Choice(&["none", "starttls", "tls"]),
        "starttls",
        "none, starttls (required, never downgraded) or tls",
    ),
    def(
        "smtp.username",
        Kind::Text,
        "",
        "SMTP user name (empty: no authentication)",
    ),
    def("smtp.password", Kind::Secret, "", "SMTP password"),
    def(
        "smtp.from",
        Kind::Email,
        "",
        "sender address of every message",
    ),
    def(
        "smtp.timeout",
        Kind::Duration {
            min: 1,
            max: 5 * MIN,
        },
        "30",
        "how long to wait for the SMTP server",
    ),
    def(
        "authentication.emergency_code.enabled",
        Kind::Bool,
        "false",
        "allow break-glass emergency login codes sent by email",
    ),
    def(
        "authentication.emergency_code.lifetime",
        Kind::Duration {
            min: MIN,
            max: HOUR,
        },
        "600",
        "how long an emergency code stays valid",
    ),
    def(
        "authentication.emergency_code.requests_per_hour",
        Kind::Int { min: 1, max: 20 },
        "3",
        "emergency code requests allowed per user per hour",
    ),
    def(
        "session.lifetime",
        Kind::Duration {
            min: MIN,
            max: 30 * DAY,
        },
        "3600",
        "how long a login session lasts",
    ),
    def(
        "mfa.default_action",
        Kind::Choice(&["required", "skipped", "optional-per-user"]),
        "required",
        "MFA when no conditional-access policy matches",
    ),
    def(
        "mfa.authenticators",
        Kind::List(AUTHENTICATORS),
        "totp",
        "enabled authenticators: totp, yubikey, email, sms, duo, radius",
    ),
    def(
        "mfa.default",
        Kind::Choice(AUTHENTICATORS),
        "totp",
        "default authenticator (must be enabled)",
    ),
    def(
        "mfa.alternates",
        Kind::List(ALTERNATES),
        "",
        "alternate ways to log in: email, backup-codes",
    ),
    def(
        "mfa.backup_codes.count",
        Kind::Int { min: 1, max: 50 },
        "10",
        "number of backup codes a user generates",
    ),
    def(
        "mfa.reset_recipient",
        Kind::Recipient,
        "administrators",
        "who receives MFA reset requests: administrators or an address",
    ),
    def(
        "mfa.totp.issuer",
        Kind::Text,
        "mfactl",
        "issuer name shown in authenticator apps",
    ),
    def(
        "mfa.totp.algorithm",
        Kind::Choice(&["sha1", "sha256", "sha512"]),
        "sha1",
        "TOTP hash algorithm",
    ),
    def(
        "mfa.totp.digits",
        Kind::Int { min: 6, max: 8 },
        "6",
        "TOTP code length",
    ),
    def(
        "mfa.totp.period",
        Kind::Duration {
            min: 15,
            max: 2 * MIN,
        },
        "30",
        "TOTP time step",
    ),
    def(
        "mfa.email.lifetime",
        Kind::Duration {
            min: MIN,
            max: 30 * MIN,
        },
        "300",
        "how long an emailed MFA code stays valid",
    ),
    def(
        "mfa.sms.gateway",
        Kind::Template,
        "",
        "email-to-SMS gateway address, e.g. {number}@sms.example.com",
    ),
    def(
        "mfa.yubikey.validation",
        Kind::Choice(&["offline", "yubicloud"]),
        "offline",
        "check Yubico OTPs offline (AES key) or with YubiCloud",
    ),
    def(
        "mfa.yubikey.client_id",
        Kind::Text,
        "",
        "YubiCloud client id",
    ),
    def("mfa.yubikey.api_key", Kind::Secret, "", "YubiCloud API key"),
    def(
        "mfa.radius.server",
        Kind::Host,
        "",
        "RADIUS server host name or address",
    ),
    def(
        "mfa.radius.port",
        Kind::Int { min: 1, max: 65535 },
        "1812",
        "RADIUS server port",
    ),
    def(
        "mfa.radius.secret",
        Kind::Secret,
        "",
        "RADIUS shared secret",
    ),
    def(
        "mfa.radius.timeout",
        Kind::Duration { min: 1, max: MIN },
        "5",
        "how long to wait for the RADIUS server",
    ),
    def(
        "mfa.radius.nas_identifier",
        Kind::Text,
        "mfactl",
        "NAS-Identifier sent to the RADIUS server",
    ),
    def(
        "mfa.duo.host",
        Kind::Host,
        "",
        "Duo API host name, e.g. api-1234abcd.duosecurity.com",
    ),
    def(
        "mfa.duo.integration_key",
        Kind::Text,
        "",
        "Duo integration key",
    ),
    def("mfa.duo.secret_key", Kind::Secret, "", "Duo secret key"),
    def(
        "lockout.attempts",
        Kind::Int { min: 1, max: 100 },
        "5",
        "failed attempts allowed within the window before locking",
    ),
    def(
        "lockout.window",
        Kind::Duration { min: MIN, max: DAY },
        "900",
        "window in which failed attempts are counted",
    ),
    def(
        "lockout.duration",
        Kind::Duration {
            min: 0,
            max: 30 * DAY,
        },
        "900",
        "how long a lock lasts (0: until an administrator unlocks)",
    ),
];

/// The definition of `key`, or an error listing close keys.
pub fn lookup(key: &str) -> Result<&'static Def> {
    DEFS.iter().find(|d| d.key == key).ok_or_else(|| {
        let prefix = key.split('.').next().unwrap_or(key);
        let near: Vec<&str> = DEFS
            .iter()
            .filter(|d| d.key.starts_with(prefix))
            .map(|d| d.key)
            .collect();
        let hint = if near.is_empty() {
            "run `mfactl settings show` for the list".to_string()
        } else {
            format!("keys under `{prefix}`: {}", near.join(", "))
        };
        Error::Invalid(format!("unknown setting `{key}`; {hint}"))
    })
}

fn invalid(key: &str, what: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("invalid value for {key}: {what}"))
}

/// Checks `input` against the setting's type and returns its canonical form.
pub fn canonicalize(def: &Def, input: &str) -> Result<String> {
    let key = def.key;
    let input = input.trim();
    if input.len() > 1024 {
        return Err(invalid(key, "longer than 1024 characters"));
    }
    if input.chars().any(char::is_control) {
        return Err(invalid(key, "contains control characters"));
    }
    match def.kind {
        Kind::Bool => parse_bool(input)
            .map(|b| b.to_string())
            .ok_or_else(|| invalid(key, format!("`{input}` is not true or false"))),
        Kind::Int { min, max } => match input.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n.to_string()),
            _ => Err(invalid(
                key,
                format!("`{input}` is not a whole number from {min} to {max}"),
            )),
        },
        Kind::Duration { min, max } => {
            let secs = parse_duration(input).map_err(|e| invalid(key, e))?;
            if secs < min || secs > max {
                return Err(invalid(
                    key,
                    format!(
                        "`{input}` is outside {} to {}",
                        format_duration(min),
                        format_duration(max)
                    ),
                ));
            }
            Ok(secs.to_string())
        }
        Kind::Choice(words) => {
            let v = input.to_ascii_lowercase();
            if words.contains(&v.as_str()) {
                Ok(v)
            } else {
                Err(invalid(
                    key,
                    format!("`{input}` is not one of {}", words.join(", ")),
                ))
            }
        }
        Kind::List(words) => {
            let mut chosen = Vec::new();
            for item in input.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                let item = item.to_ascii_lowercase();
                if !words.contains(&item.as_str()) {
                    return Err(invalid(
                        key,
                        format!("`{item}` is not one of {}", words.join(", ")),
                    ));
                }
                chosen.push(item);
            }
            // Canonical order is the definition's order, without repeats.
            Ok(words
                .iter()
                .filter(|w| chosen.iter().any(|c| c == *w))
                .copied()
                .collect::<Vec<_>>()
                .join(","))
        }
        Kind::Host => {
            let ok = input.len() <= 253
                && input
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
            if ok {
                Ok(input.to_ascii_lowercase())
            } else {
                Err(invalid(
                    key,
                    format!("`{input}` is not a host name or IP address"),
                ))
            }
        }
        Kind::Email => {
            if input.is_empty() {
                return Ok(String::new());
            }
            parse_email(input).map_err(|e| invalid(key, e))
        }
        Kind::Recipient => {
            if input.eq_ignore_ascii_case("administrators") {
                return Ok("administrators".into());
            }
            parse_email(input).map_err(|_| {
                invalid(
                    key,
                    format!("`{input}` is neither `administrators` nor an email address"),
                )
            })
        }
        Kind::Template => {
            if input.is_empty() {
                return Ok(String::new());
            }
            if !input.contains("{number}") {
                return Err(invalid(
                    key,
                    "the template must contain {number}, e.g. {number}@sms.example.com",
                ));
            }
            parse_email(&input.replace("{number}", "15551234567"))
                .map(|_| input.to_string())
                .map_err(|_| invalid(key, format!("`{input}` does not make an email address")))
        }
        Kind::Text => {
            if input.chars().count() > 200 {
                Err(invalid(key, "longer than 200 characters"))
            } else {
                Ok(input.to_string())
            }
        }
        Kind::Secret => Err(Error::Invalid(format!(
            "{key} is a secret and is never taken from the command line (it would be visible \
             to other users and in shell history); use `mfactl settings set {key} --stdin` or \
             run it without a value on a terminal to be prompted"
        ))),
    }
}

/// Parses true/false, yes/no, on/off, 1/0 (any case).
pub fn parse_bool(s: &str) -> Option<bool> {
    let is = |words: [&str; 4]| words.iter().any(|w| s.eq_ignore_ascii_case(w));
    if is(["true", "yes", "on", "1"]) {
        Some(true)
    } else if is(["false", "no", "off", "0"]) {
        Some(false)
    } else {
        None
    }
}

/// Parses a duration such as `90s`, `10m`, `1h 30m`; a bare `0` is zero.
/// A bare number other than 0 is refused: its unit would be a guess.
pub fn parse_duration(s: &str) -> std::result::Result<u64, String> {
    if s == "0" {
        return Ok(0);
    }
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("`{s}` has no unit; write e.g. {s}s, {s}m or {s}h"));
    }
    humantime::parse_duration(s)
        .map(|d| d.as_secs())
        .map_err(|_| format!("`{s}` is not a duration such as 30s, 10m or 1h"))
}

/// Formats seconds as `10m`, `1h 30m`, `0s`.
pub fn format_duration(secs: u64) -> String {
    if secs == 0 {
        return "0s".into();
    }
    humantime::format_duration(Duration::from_secs(secs)).to_string()
}

/// Validates an email address (RFC 5321 mailbox, without a display name).
pub fn parse_email(s: &str) -> std::result::Result<String, String> {
    s.parse::<lettre::Address>()
        .map(|a| a.to_string())
        .map_err(|_| format!("`{s}` is not an email address like name@example.com"))
}

/// A stored value: plain canonical text, or a sealed secret.
#[derive(Debug, Clone)]
enum Stored {
    Plain(String),
    Sealed(Vec<u8>),
}

/// The effective settings: stored values over defaults.
#[derive(Debug, Clone)]
pub struct Settings {
    stored: BTreeMap<String, Stored>,
}

impl Settings {
    fn load(conn: &rusqlite::Connection) -> Result<Settings> {
        let mut stmt = conn.prepare("SELECT key, value, sealed FROM settings")?;
        let rows = stmt.query_map([], |r| {
            let key: String = r.get(0)?;
            let value: Option<String> = r.get(1)?;
            let sealed: Option<Vec<u8>> = r.get(2)?;
            Ok((key, value, sealed))
        })?;
        let mut stored = BTreeMap::new();
        for row in rows {
            let (key, value, sealed) = row?;
            let v = match (value, sealed) {
                (_, Some(blob)) => Stored::Sealed(blob),
                (Some(v), None) => Stored::Plain(v),
                (None, None) => continue,
            };
            stored.insert(key, v);
        }
        Ok(Settings { stored })
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
    /// Whether SMTP is configured enough to send mail: host and sender.
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
                let example = if smtp_missing[0] == "smtp.host" {
                    "smtp.host mail.example.com"
                } else {
                    "smtp.from mfactl@example.com"
                };
                return Err(Error::Refused(format!(
                    "{first} needs a working SMTP server, but {} {} not set; \
                     set {} first (e.g. `mfactl settings set {example}`)",
                    smtp_missing.join(" and "),
                    if smtp_missing.len() == 1 { "is" } else { "are" },
                    smtp_missing.join(" and ")
                )));
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

fn display_value(def: &Def, canonical: &str, is_set: bool) -> String {
    match def.kind {
        Kind::Secret => if is_set { "(set)" } else { "(not set)" }.into(),
        Kind::Duration { .. } => format_duration(canonical.parse().unwrap_or(0)),
        _ => canonical.to_string(),
    }
}

/// Reads the effective settings.
pub fn load(store: &Store) -> Result<Settings> {
    Settings::load(store.conn())
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
    action: &str,
) -> Result<usize> {
    let before = Settings::load(tx)?;
    let now = tx.now();
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
            None => {
                tx.execute("DELETE FROM settings WHERE key = ?1", [def.key])?;
            }
            Some(NewValue::Plain(v)) => {
                tx.execute(
                    "INSERT INTO settings (key, value, sealed, updated_at) VALUES (?1, ?2, NULL, ?3)
                     ON CONFLICT (key) DO UPDATE SET value = ?2, sealed = NULL, updated_at = ?3",
                    params![def.key, v, now],
                )?;
            }
            Some(NewValue::Secret(s)) => {
                let blob = tx.seal(&format!("setting:{}", def.key), s.expose().as_bytes())?;
                tx.execute(
                    "INSERT INTO settings (key, value, sealed, updated_at) VALUES (?1, NULL, ?2, ?3)
                     ON CONFLICT (key) DO UPDATE SET value = NULL, sealed = ?2, updated_at = ?3",
                    params![def.key, blob, now],
                )?;
            }
        }
        audit.insert(
            def.key.to_string(),
            json!({"old": audit_value(def, old), "new": audit_value(def, new_plain.as_deref())}),
        );
    }
    Settings::load(tx)?.check()?;
    let changed = audit.len();
    if changed == 1 && action != "settings.import" {
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
    store.write(|tx| apply(tx, vec![change], "settings.set").map(|n| n > 0))
}

/// Returns a setting to its default. Returns whether anything changed.
pub fn unset(store: &mut Store, key: &str) -> Result<bool> {
    let change = prepare(key, None)?;
    store.write(|tx| apply(tx, vec![change], "settings.unset").map(|n| n > 0))
}

/// File formats for export and import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML, with one table per dotted prefix.
    Toml,
    /// JSON, nested the same way.
    Json,
}

impl Format {
    /// Guesses the format from a file name (`.json`, else TOML).
    pub fn from_path(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Toml,
        }
    }
}

fn typed_value(def: &Def, canonical: &str) -> serde_json::Value {
    match def.kind {
        Kind::Bool => json!(canonical == "true"),
        Kind::Int { .. } => json!(canonical.parse::<i64>().unwrap_or(0)),
        Kind::Duration { .. } => json!(format_duration(canonical.parse().unwrap_or(0))),
        Kind::List(_) => json!(canonical
            .split(',')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()),
        _ => json!(canonical),
    }
}

/// Every non-secret setting as a nested document. Secrets are left out:
/// they are set with `settings set KEY --stdin`.
pub fn export(store: &Store, format: Format) -> Result<String> {
    let s = load(store)?;
    let mut root = serde_json::Map::new();
    for def in DEFS.iter().filter(|d| d.kind != Kind::Secret) {
        let mut parts: Vec<&str> = def.key.split('.').collect();
        let leaf = parts.pop().unwrap_or(def.key);
        let mut table = &mut root;
        for p in parts {
            let entry = table.entry(p).or_insert_with(|| json!({}));
            table = match entry.as_object_mut() {
                Some(t) => t,
                None => {
                    return Err(Error::Invalid(format!(
                        "setting {} clashes with a table",
                        def.key
                    )))
                }
            };
        }
        table.insert(leaf.to_string(), typed_value(def, s.get(def.key)));
    }
    let doc = serde_json::Value::Object(root);
    match format {
        Format::Json => serde_json::to_string_pretty(&doc)
            .map(|s| s + "\n")
            .map_err(|e| Error::Invalid(e.to_string())),
        Format::Toml => {
            let body = toml::to_string(&doc).map_err(|e| Error::Invalid(e.to_string()))?;
            Ok(format!(
                "# mfactl settings. Secrets are not exported: set them with\n\
                 # `mfactl settings set KEY --stdin`.\n\n{body}"
            ))
        }
    }
}

fn flatten(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, serde_json::Value)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        other => out.push((prefix.to_string(), other.clone())),
    }
}

fn value_as_input(key: &str, v: &serde_json::Value) -> Result<String> {
    match v {
        serde_json::Value::Bool(b) => Ok(b.to_string()),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        serde_json::Value::String(s) => Ok(s.clone()),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| invalid(key, "list items must be strings"))
            })
            .collect::<Result<Vec<_>>>()
            .map(|v| v.join(",")),
        _ => Err(invalid(key, "expected a string, number, boolean or list")),
    }
}

/// A TOML error with its line and column but without the offending text,
/// which may be a secret.
fn toml_error(text: &str, e: &toml::de::Error) -> Error {
    let at = e.span().map_or(String::new(), |span| {
        let before = &text[..span.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        format!(" at line {line}, column {column}")
    });
    Error::Invalid(format!(
        "the file is not valid TOML{at}: {}",
        e.message().trim_end()
    ))
}

/// JSON whose objects may not repeat a key (serde_json keeps the last one
/// silently; a settings file with `port` twice is a mistake to report).
struct StrictJson(serde_json::Value);

impl<'de> serde::Deserialize<'de> for StrictJson {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = StrictJson;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> std::result::Result<StrictJson, E> {
        Ok(StrictJson(v.into()))
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<StrictJson, E> {
        Ok(StrictJson(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<StrictJson, E> {
        Ok(StrictJson(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> std::result::Result<StrictJson, E> {
        Ok(StrictJson(v.into()))
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<StrictJson, E> {
        Ok(StrictJson(v.into()))
    }
    fn visit_unit<E>(self) -> std::result::Result<StrictJson, E> {
        Ok(StrictJson(serde_json::Value::Null))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<StrictJson, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictJson(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(StrictJson(items.into()))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<StrictJson, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some((key, StrictJson(v))) = map.next_entry::<String, StrictJson>()? {
            if out.contains_key(&key) {
                return Err(serde::de::Error::custom(format!(
                    "the key `{key}` appears twice"
                )));
            }
            out.insert(key, v);
        }
        Ok(StrictJson(out.into()))
    }
}

/// Parses a settings document into key/value pairs, without applying it.
pub fn parse_document(text: &str, format: Format) -> Result<Vec<(String, serde_json::Value)>> {
    let doc: serde_json::Value = match format {
        Format::Json => serde_json::from_str::<StrictJson>(text)
            .map(|s| s.0)
            .map_err(|e| Error::Invalid(format!("the file is not valid JSON: {e}")))?,
        Format::Toml => {
            let table: toml::Table = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
            serde_json::to_value(table).map_err(|e| Error::Invalid(e.to_string()))?
        }
    };
    if !doc.is_object() {
        return Err(Error::Invalid(
            "the file must hold a table of settings".into(),
        ));
    }
    let mut pairs = Vec::new();
    flatten("", &doc, &mut pairs);
    if pairs.is_empty() {
        return Err(Error::Invalid(
            "the file is empty or holds no settings; `mfactl settings export` shows the format"
                .into(),
        ));
    }
    Ok(pairs)
}

/// Imports a settings document: every key is validated and the result
/// checked as a whole before anything is written; one bad key and nothing
/// changes. Keys absent from the document keep their values. Secrets may be
/// given in the file. Returns how many keys changed.
pub fn import(store: &mut Store, text: &str, format: Format) -> Result<usize> {
    let pairs = parse_document(text, format)?;
    let mut changes = Vec::with_capacity(pairs.len());
    let mut seen = std::collections::HashSet::new();
    for (key, v) in pairs {
        let def = lookup(&key)?;
        if !seen.insert(def.key) {
            return Err(invalid(&key, "given twice"));
        }
        let input = value_as_input(&key, &v)?;
        let value = if def.kind == Kind::Secret {
            NewValue::Secret(Secret::new(input))
        } else {
            NewValue::Plain(input)
        };
        changes.push(prepare(&key, Some(value))?);
    }
    store.write(|tx| apply(tx, changes, "settings.import"))
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
        assert!(matches!(e, Error::Refused(_)));
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
