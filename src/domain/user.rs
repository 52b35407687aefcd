//! A user as the store holds them.

use serde::Serialize;

/// `locked_until` value meaning "until an administrator unlocks".
pub const LOCKED_INDEFINITELY: i64 = i64::MAX;

/// Where a user's password lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// A local user with an argon2id password in the store.
    Local,
    /// A directory user (Active Directory, LDAP…), named in UPN form.
    Directory,
}

impl Source {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Local => "local",
            Source::Directory => "directory",
        }
    }
    /// Parses the stored form (anything but `directory` is local).
    pub fn parse(s: &str) -> Source {
        if s == "directory" {
            Source::Directory
        } else {
            Source::Local
        }
    }
}

/// An MFA enrolment of a user.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Enrolment {
    /// The authenticator, e.g. `totp`.
    pub method: String,
    /// `pending` until confirmed with a valid code, then `active`.
    pub state: String,
}

/// A user as stored, with what follows from it.
#[derive(Debug, Clone, Serialize)]
pub struct User {
    /// Internal id.
    #[serde(skip)]
    pub id: i64,
    /// The user name (UPN form for directory users).
    pub name: String,
    /// Email address, if any.
    pub email: Option<String>,
    /// `local` or `directory`.
    pub source: Source,
    /// Whether the user has the direct administrator flag.
    pub direct_admin: bool,
    /// Whether the user is an administrator, directly or through a group.
    pub admin: bool,
    /// The groups the user belongs to.
    pub groups: Vec<String>,
    /// Whether emergency login is enabled for the user.
    pub emergency_login: bool,
    /// `default`, `none`, or an authenticator.
    pub mfa_type: String,
    /// MFA enrolments.
    pub enrolments: Vec<Enrolment>,
    /// Whether a local password is set.
    pub has_password: bool,
    /// When the user was added (RFC 3339).
    pub created_at: String,
    /// Failed attempts counted toward lockout.
    pub failed_attempts: i64,
    /// Whether the user is locked now.
    pub locked: bool,
    /// Until when (RFC 3339); `null` while locked means until unlocked.
    pub locked_until: Option<String>,
}

/// The form names are compared in: their Unicode lowercase, so `Émile`
/// and `émile` are the same user.
pub fn name_key(name: &str) -> String {
    if name.is_ascii() {
        name.to_ascii_lowercase()
    } else {
        name.to_lowercase()
    }
}

/// A user read from an import file, with the id it will get.
#[derive(Debug, Clone)]
pub(crate) struct ImportedUser {
    /// The id the store must give it (one more than the previous one).
    pub(crate) id: i64,
    /// Its line in the file.
    pub(crate) line: u64,
    pub(crate) name: String,
    /// [`name_key`] of the name.
    pub(crate) key: String,
    pub(crate) email: Option<String>,
    pub(crate) source: Source,
    pub(crate) admin: bool,
}

/// An imported user whose name is taken.
#[derive(Debug)]
pub(crate) struct NameTaken {
    pub(crate) user: ImportedUser,
    /// By a user added earlier in the same import (else by one that was
    /// in the store before).
    pub(crate) by_this_import: bool,
}

impl User {
    /// Whether the user counts as having MFA configured: an explicitly
    /// chosen authenticator, or an active enrolment (and MFA type not
    /// `none`).
    pub fn has_mfa_configured(&self) -> bool {
        self.mfa_type != "none"
            && (self.mfa_type != "default" || self.enrolments.iter().any(|e| e.state == "active"))
    }
}
