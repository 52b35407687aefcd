//! The store: where mfactl keeps users, credentials, codes, sessions, the
//! audit log, the outbox, settings and policies, and the key file that
//! seals its secrets.
//!
//! This is the storage port. The rest of the library sees typed functions
//! on [`Read`] (a consistent view for reads) and [`Tx`] (a write
//! transaction that serialises writers); the SQL behind them lives in the
//! engine's folder, [`sqlite`] for the embedded default.

mod files;
mod keyfile;
mod sqlite;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::clock::{Clock, SystemClock};
use crate::crypto::{OsRandom, Random};
use crate::error::{Error, Hint, Result};

pub use files::{inspect, FileState};
pub use sqlite::{
    BackupCounts, CodeKind, CodeMailLock, Read, Store, StoredCode, Tx, SCHEMA_VERSION,
};
pub(crate) use sqlite::{NewCredential, NewSession};

const KEY_CHECK_AAD: &str = "meta:key_check";
const KEY_CHECK_TEXT: &[u8] = b"mfactl key check";
/// The old key's seal over the new key's fingerprint, written by a
/// rotation in the transaction that re-seals the store: proof that the
/// holder of the old key chose the new one.
const ROTATION_AAD: &str = "meta:key_rotation";
/// The audit chain's key, derived from the key file's under its own label
/// when the chain was keyed and kept sealed in `meta.audit_key` (so that a
/// key rotation re-seals it and the chain's MACs stay valid).
const AUDIT_KEY_AAD: &str = "meta:audit_key";
const AUDIT_KEY_PURPOSE: &str = "mfactl audit chain v1";

/// Root's store: where the PAM module and `sudo mfactl self …` find it.
pub const ROOT_STORE: &str = "/var/lib/mfactl/mfactl.db";

/// The default store path: [`ROOT_STORE`] for root; for anyone else (trying
/// mfactl out) `<platform data dir>/mfactl/mfactl.db`
/// (`~/.local/share/mfactl/mfactl.db` on Linux).
pub fn default_store_path() -> Result<PathBuf> {
    if nix::unistd::geteuid().is_root() {
        return Ok(PathBuf::from(ROOT_STORE));
    }
    directories::ProjectDirs::from("", "", "mfactl")
        .map(|d| d.data_dir().join("mfactl.db"))
        .ok_or_else(|| {
            Error::Invalid("no home directory to put the store in; say where it is".into())
                .with_hint(Hint::ChooseStore)
        })
}

/// The default key file for a store: the store's path with `.key` appended.
pub fn default_key_path(store: &Path) -> PathBuf {
    let mut s = store.as_os_str().to_owned();
    s.push(".key");
    PathBuf::from(s)
}

/// Who is acting, as recorded in the audit log: a name, or a function that
/// finds it when first needed (looking up the OS user costs start-up time
/// that read-only commands need not pay).
pub enum Actor {
    /// A known name.
    Named(String),
    /// Found on first use.
    Deferred(fn() -> String),
}

impl From<&str> for Actor {
    fn from(s: &str) -> Actor {
        Actor::Named(s.to_string())
    }
}

impl From<String> for Actor {
    fn from(s: String) -> Actor {
        Actor::Named(s)
    }
}

/// How to open a store.
pub struct OpenOptions {
    /// The store file; created (mode 0600) when missing.
    pub path: PathBuf,
    /// The key file; [`default_key_path`] when `None`.
    pub key_path: Option<PathBuf>,
    /// Who is acting, recorded in the audit log.
    pub actor: Actor,
    /// The time source.
    pub clock: Arc<dyn Clock>,
    /// The random source.
    pub random: Box<dyn Random>,
    /// Create the store when it is missing (the PAM module never does: a
    /// missing store is a fault, not a fresh start).
    pub create: bool,
    /// The PAM service (sshd, sudo…) the store is opened for, recorded in
    /// every audit entry written through it.
    pub service: Option<String>,
    /// Copy the -wal into the store file when the last connection closes
    /// (the default), so that the store file alone holds everything. The
    /// PAM module leaves it to the next command (or SQLite's automatic
    /// checkpoint): it saves two disk syncs per login.
    pub checkpoint_on_close: bool,
}

impl OpenOptions {
    /// Options for the store at `path`, acting as `actor`, with the system
    /// clock and the operating system's random generator.
    pub fn new(path: impl Into<PathBuf>, actor: impl Into<Actor>) -> Self {
        OpenOptions {
            path: path.into(),
            key_path: None,
            actor: actor.into(),
            clock: Arc::new(SystemClock),
            random: Box::new(OsRandom),
            create: true,
            service: None,
            checkpoint_on_close: true,
        }
    }
}
