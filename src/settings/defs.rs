//! The settings mfactl knows: keys, types, defaults and one-line help.

use crate::error::quoted;
use crate::error::{Error, Hint, Result};

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
        "authentication.emergency_code.answer_time",
        Kind::Duration { min: 1, max: MIN },
        "3",
        "every emergency request answers this long after it began",
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
        if near.is_empty() {
            Error::Invalid(format!(
                "unknown setting {}; see the list of settings",
                quoted(key)
            ))
            .with_hint(Hint::ShowSettings)
        } else {
            Error::Invalid(format!(
                "unknown setting `{key}`; keys under `{prefix}`: {}",
                near.join(", ")
            ))
        }
    })
}
