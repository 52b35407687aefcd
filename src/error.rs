//! Error kinds of the library, the typed hints they may carry, and the one
//! table that maps them to exit codes.
//!
//! A message says in words what is wrong and what to do ("`alice` is locked
//! after too many failed attempts, until an administrator unlocks it"); it
//! is complete without its hint. The [`Hint`] names the next step as data
//! (unlock user `alice`), and a front end turns it into its own advice: the
//! `mfactl` command line prints `MESSAGE: mfactl user unlock alice`. No
//! library message names a command line, a flag or an environment variable.

use std::fmt;
use std::path::PathBuf;

/// The result type used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, in terms a caller can match on. Each variant maps to
/// exactly one process exit code through [`Error::exit_code`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value given by the caller is malformed or out of range.
    #[error("{0}")]
    Invalid(String),
    /// The named thing does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The thing to create exists already.
    #[error("{0}")]
    Exists(String),
    /// The request is well-formed but the settings or a policy forbid it.
    #[error("{0}")]
    Refused(String),
    /// A password or code was wrong.
    #[error("{0}")]
    AuthFailed(String),
    /// The account is locked or the request rate limited.
    #[error("{0}")]
    Locked(String),
    /// The mail server could not be reached or refused the message.
    #[error("{0}")]
    MailUnavailable(String),
    /// The audit chain or another integrity check failed.
    #[error("{0}")]
    Integrity(String),
    /// Something failed that input cannot explain (a hashing or sealing
    /// primitive refused its parameters).
    #[error("internal error: {0}")]
    Internal(String),
    /// The person at the terminal chose not to go on; nothing was changed.
    #[error("{0}")]
    Cancelled(String),
    /// An interactive prompt was needed but input is not interactive.
    #[error("{0}")]
    NeedsInput(String),
    /// The store could not be opened or used.
    #[error("{message}")]
    Store {
        /// What failed, with advice.
        message: String,
        /// The underlying engine error, when there is one.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// The key file is missing, unreadable or does not match the store.
    #[error("key file {path}: {message}")]
    Key {
        /// Where the key file was looked for.
        path: PathBuf,
        /// What is wrong, with advice.
        message: String,
    },
    /// A file could not be read or written.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// Another error with the typed next step that fixes it. Its message and
    /// source are the inner error's; match on [`Error::kind`] to see through
    /// it, and read the step with [`Error::hint`].
    #[error(transparent)]
    Hinted(Box<Hinted>),
}

/// An error and the next step that fixes it (see [`Error::with_hint`]).
#[derive(Debug)]
pub struct Hinted {
    /// The error itself.
    pub error: Error,
    /// What to do about it.
    pub hint: Hint,
}

impl fmt::Display for Hinted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for Hinted {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.error.source()
    }
}

/// The next step that fixes a problem, as data: one variant per kind of
/// step, carrying what that step needs. A front end renders it in its own
/// terms (the command line as an `mfactl …` command).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    /// Say which store to use (the store file was not found where expected
    /// or is not a store).
    ChooseStore,
    /// Say which key file to use.
    ChooseKeyFile,
    /// Look at the list of users.
    ListUsers,
    /// Look at the list of groups.
    ListGroups,
    /// Look at the list of policies.
    ListPolicies,
    /// Look at the list of sessions.
    ListSessions,
    /// Look at a user's credentials (their ids).
    ListCredentials {
        /// The user.
        user: String,
    },
    /// Look at every setting.
    ShowSettings,
    /// Look at an export of the settings (the file format).
    ExportSettings,
    /// Set a setting. Without an example value the setting's kind decides
    /// how it is given (a secret is never a command-line argument).
    SetSetting {
        /// The setting's key.
        key: &'static str,
        /// A value to show, when one makes sense.
        example: Option<String>,
    },
    /// Change one property of a user.
    SetUser {
        /// The user.
        user: String,
        /// The property and its new value.
        option: UserOption,
    },
    /// Enable emergency login for one of the direct administrators who have
    /// an email address.
    ChooseEmergencyAdmin,
    /// Clear a user's lock and failure count.
    UnlockUser {
        /// The user.
        user: String,
    },
    /// Create a group.
    AddGroup {
        /// The group's name.
        name: String,
    },
    /// Remove a policy.
    RemovePolicy {
        /// The policy's name.
        name: String,
    },
    /// Reset a user's authenticator to replace it, or enrol another under a
    /// new label.
    ReplaceTotp {
        /// The user.
        user: String,
    },
    /// Enrol an authenticator app for a user.
    EnrollTotp {
        /// The user.
        user: String,
    },
    /// Confirm a user's pending authenticator app with a first code.
    ConfirmTotp {
        /// The user.
        user: String,
    },
    /// Configure MFA for a user: give them an MFA type, then enrol it.
    ConfigureMfa {
        /// The user.
        user: String,
    },
    /// Send a user a fresh emailed code.
    SendChallenge {
        /// The user.
        user: String,
    },
    /// Request a fresh emergency code for a user.
    RequestEmergencyCode {
        /// The user.
        user: String,
    },
    /// Deliver the queued notifications.
    FlushMail,
}

/// A property of a user that a [`Hint::SetUser`] changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserOption {
    /// Give the user an email address (the address is the person's to
    /// choose).
    Email,
    /// Set or clear the direct administrator flag.
    Admin(bool),
    /// Turn emergency login on or off.
    EmergencyLogin(bool),
    /// Set the MFA type.
    MfaType(String),
}

/// Words for a person and, when there is one, the typed next step: a
/// health warning, or how to meet a condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    /// What is wrong and what to do, in words.
    pub text: String,
    /// The next step, for a front end to render.
    pub hint: Option<Hint>,
}

impl Advice {
    /// Advice in words only.
    pub fn text(text: impl Into<String>) -> Advice {
        Advice {
            text: text.into(),
            hint: None,
        }
    }

    /// Advice in words with its next step.
    pub fn hinted(text: impl Into<String>, hint: Hint) -> Advice {
        Advice {
            text: text.into(),
            hint: Some(hint),
        }
    }
}

impl From<&Error> for Advice {
    fn from(e: &Error) -> Advice {
        Advice {
            text: e.to_string(),
            hint: e.hint().cloned(),
        }
    }
}

/// Exit codes, documented in the README and the man page.
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// Any error not listed below.
    pub const ERROR: u8 = 1;
    /// Bad flag, argument or input value.
    pub const USAGE: u8 = 2;
    /// A password or code was wrong.
    pub const AUTH_FAILED: u8 = 3;
    /// The account is locked or the request rate limited.
    pub const LOCKED: u8 = 4;
    /// Refused by the settings or a policy.
    pub const REFUSED: u8 = 5;
    /// The mail server is unavailable.
    pub const MAIL_UNAVAILABLE: u8 = 69;
}

impl Error {
    /// The process exit code for this error (see [`exit`]).
    pub fn exit_code(&self) -> u8 {
        match self.kind() {
            Error::Invalid(_) | Error::NeedsInput(_) => exit::USAGE,
            Error::AuthFailed(_) => exit::AUTH_FAILED,
            Error::Locked(_) => exit::LOCKED,
            Error::Refused(_) => exit::REFUSED,
            Error::MailUnavailable(_) => exit::MAIL_UNAVAILABLE,
            Error::NotFound(_)
            | Error::Exists(_)
            | Error::Integrity(_)
            | Error::Internal(_)
            | Error::Cancelled(_)
            | Error::Store { .. }
            | Error::Key { .. }
            | Error::Io { .. } => exit::ERROR,
            Error::Hinted(h) => h.error.exit_code(),
        }
    }

    /// Whether this is a verdict on what someone answered (wrong, locked,
    /// refused, malformed) rather than a fault of the store, the key file
    /// or the settings, which a login must treat as a failure to fail
    /// closed on.
    pub fn is_verdict(&self) -> bool {
        matches!(
            self.kind(),
            Error::AuthFailed(_) | Error::Locked(_) | Error::Refused(_) | Error::Invalid(_)
        )
    }

    /// This error with `hint` as its next step (replacing any it had).
    pub fn with_hint(self, hint: Hint) -> Error {
        let error = match self {
            Error::Hinted(h) => h.error,
            other => other,
        };
        Error::Hinted(Box::new(Hinted { error, hint }))
    }

    /// This error with `hint` when there is one.
    pub(crate) fn with_hint_if(self, hint: Option<Hint>) -> Error {
        match hint {
            Some(h) => self.with_hint(h),
            None => self,
        }
    }

    /// The next step that fixes this error, if the library knows one.
    pub fn hint(&self) -> Option<&Hint> {
        match self {
            Error::Hinted(h) => Some(&h.hint),
            _ => None,
        }
    }

    /// The error without its hint: match on this to tell kinds apart
    /// (`matches!(e.kind(), Error::NotFound(_))`).
    pub fn kind(&self) -> &Error {
        match self {
            Error::Hinted(h) => h.error.kind(),
            other => other,
        }
    }

    /// An I/O error with what was being done.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

/// How an error message quotes what someone typed or a file held: in
/// backticks, control characters escaped, at most [`QUOTE_CHARS`]
/// characters. A longer value is cut and its length said, so a 10 MB field
/// makes a short error.
pub fn quoted(s: &str) -> String {
    let mut out = String::from("`");
    for (i, c) in s.chars().enumerate() {
        if i == QUOTE_CHARS {
            out.push_str(&format!("…` ({} characters)", s.chars().count()));
            return out;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.push('`');
    out
}

/// How much of a value an error message quotes.
pub const QUOTE_CHARS: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hint_changes_neither_the_message_nor_the_kind_nor_the_exit_code() {
        let plain = Error::Locked("`alice` is locked".into());
        let hinted = Error::Locked("`alice` is locked".into()).with_hint(Hint::UnlockUser {
            user: "alice".into(),
        });
        assert_eq!(hinted.to_string(), plain.to_string());
        assert_eq!(hinted.exit_code(), plain.exit_code());
        assert!(matches!(hinted.kind(), Error::Locked(m) if m == "`alice` is locked"));
        assert_eq!(
            hinted.hint(),
            Some(&Hint::UnlockUser {
                user: "alice".into()
            })
        );
        assert_eq!(plain.hint(), None);
    }

    #[test]
    fn a_second_hint_replaces_the_first_and_the_source_is_the_inner_one() {
        let e = Error::Store {
            message: "store error".into(),
            source: Some("disk".into()),
        }
        .with_hint(Hint::ListUsers)
        .with_hint(Hint::ChooseStore);
        assert_eq!(e.hint(), Some(&Hint::ChooseStore));
        assert!(matches!(e.kind(), Error::Store { .. }));
        let source = std::error::Error::source(&e).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("disk"));
    }
}
