//! Error kinds of the library and the one table that maps them to exit codes.

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
        match self {
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
