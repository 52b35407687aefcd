//! mfactl: the store, settings, users, policies and audit log behind a
//! server's multifactor authentication and break-glass emergency access.
//!
//! The library never prints, prompts or exits; the `mfactl` binary is a thin
//! command line on top of it. Nor does it speak that command line: an error
//! says in words what to do and carries the next step as a typed
//! [`error::Hint`], which a front end renders in its own terms.
#![warn(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]
// The library is embedded (a PAM module, a server): it never prints.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod audit;
pub mod auth;
pub mod clock;
pub mod crypto;
pub mod domain;
pub mod error;
pub mod mail;
pub mod pam_wire;
pub mod settings;
pub mod store;

pub use error::{Error, Result};
pub use store::{OpenOptions, Store};
pub mod policy;
pub mod status;
pub mod users;
