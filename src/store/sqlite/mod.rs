//! The SQLite engine of the store: opening, creating and migrating the
//! file, and the read view and write transaction every query goes through.
//! All SQL of mfactl lives in this folder.

mod audit;
mod backup_codes;
mod codes;
mod credentials;
mod error;
mod groups;
mod lockout;
mod migrations;
mod outbox;
mod policies;
mod rate_events;
mod secrets;
mod sessions;
mod settings;
mod status;
mod users;

pub use backup_codes::BackupCounts;
pub use codes::{CodeKind, StoredCode};
pub(crate) use credentials::NewCredential;
pub(crate) use sessions::NewSession;

use std::fs;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use zeroize::Zeroizing;

use crate::clock::Clock;
use crate::crypto::{Random, SealKey, Secret};
use crate::domain::config::Config;
use crate::error::{Error, Hint, Result};

pub use migrations::SCHEMA_VERSION;

use super::{
    default_key_path, files, keyfile, Actor, OpenOptions, AUDIT_KEY_AAD, AUDIT_KEY_PURPOSE,
    KEY_CHECK_AAD, KEY_CHECK_TEXT,
};

/// The migration (by index) that keys the audit chain.
const AUDIT_KEYED_MIGRATION: usize = 6;

/// Keys the audit chain: derives the audit key from the key file's, keeps
/// it sealed in `meta`, and vouches for the current head with its MAC.
fn seal_audit_chain(conn: &Connection, ctx: &mut Context) -> Result<()> {
    ctx.key(conn)?;
    let path = ctx.key_path.clone();
    let Context { key, random, .. } = &mut *ctx;
    let Some(key) = key else {
        return Err(Error::Key {
            path,
            message: "could not be loaded".into(),
        });
    };
    let audit_key = key.derive(AUDIT_KEY_PURPOSE);
    let sealed = key.seal(AUDIT_KEY_AAD, audit_key.as_slice(), random.as_mut())?;
    conn.exec(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('audit_key', ?1)",
        [sealed],
    )?;
    // Also an empty chain's: deleting every entry and the head is a cut too.
    let read = Read { conn };
    let head = read.audit_head()?.unwrap_or_else(audit::empty_head);
    let from = read.audit_keyed_from()?;
    let tag = crate::crypto::mac(audit_key.as_slice(), head_message(&head, from).as_bytes());
    conn.exec(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('audit_head_mac', ?1)",
        [tag],
    )?;
    ctx.audit_key = Some(audit_key);
    Ok(())
}

/// What the head's MAC covers: the head and where keyed entries begin
/// (moving that point would otherwise unkey entries).
pub(crate) fn head_message(head: &str, keyed_from: i64) -> String {
    format!("audit head {head}; keyed from {keyed_from}")
}

/// Statements kept prepared per connection: every one a login uses, so a
/// store kept open (by `mfactl pam daemon`) parses no SQL after the first.
const STATEMENT_CACHE: usize = 128;

/// `execute` and `query_row` through the connection's statement cache.
pub(crate) trait Cached {
    fn exec(&self, sql: &str, params: impl rusqlite::Params) -> rusqlite::Result<usize>;
    fn row<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T>;
}

impl Cached for Connection {
    fn exec(&self, sql: &str, params: impl rusqlite::Params) -> rusqlite::Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    fn row<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        self.prepare_cached(sql)?.query_row(params, f)
    }
}

/// How many -wal pages trigger a checkpoint when closing does not.
const WAL_PAGES_BEFORE_CHECKPOINT: i64 = 64;

/// How long a command waits for others holding the store: long enough for
/// a queue of hundreds of logins on a slow machine, short beside sshd's
/// 120 s LoginGraceTime.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// What a write needs besides the connection: time, randomness, the key and
/// the actor.
pub(crate) struct Context {
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) random: Box<dyn Random>,
    actor: Actor,
    actor_name: std::cell::OnceCell<String>,
    pub(crate) key_path: PathBuf,
    pub(crate) key: Option<SealKey>,
    /// The PAM service the store serves, if any (for the audit log).
    pub(crate) service: Option<String>,
    /// The typed settings, read once per command; a settings write through
    /// this store forgets them.
    config: std::cell::RefCell<Option<Arc<Config>>>,
    /// An interrupted rotation was finished while loading the key: the
    /// next commit records it in the audit log.
    resumed_rotation: bool,
    /// The audit chain's key, unsealed on first use.
    pub(crate) audit_key: Option<Zeroizing<[u8; 32]>>,
}

impl Context {
    /// The audit chain's key, unsealed from `meta` on first use.
    pub(crate) fn audit_key(&mut self, conn: &Connection) -> Result<Zeroizing<[u8; 32]>> {
        if let Some(k) = &self.audit_key {
            return Ok(k.clone());
        }
        let sealed: Option<Vec<u8>> = conn
            .row("SELECT value FROM meta WHERE key = 'audit_key'", [], |r| {
                r.get(0)
            })
            .optional()?;
        let Some(sealed) = sealed else {
            return Err(Error::Integrity(
                "the audit log's key is missing from the store (meta.audit_key): the store was \
                 tampered with; restore it from a backup"
                    .into(),
            ));
        };
        let plain = self.key(conn)?.open(AUDIT_KEY_AAD, &sealed)?;
        let key: [u8; 32] = plain
            .as_slice()
            .try_into()
            .map_err(|_| Error::Integrity("the audit log's key in the store is damaged".into()))?;
        let key = Zeroizing::new(key);
        self.audit_key = Some(key.clone());
        Ok(key)
    }

    pub(crate) fn actor(&self) -> &str {
        self.actor_name.get_or_init(|| match &self.actor {
            Actor::Named(name) => name.clone(),
            Actor::Deferred(find) => find(),
        })
    }

    /// Loads the key file on first use, so commands that need no secret
    /// work even when it is missing.
    pub(crate) fn key(&mut self, conn: &Connection) -> Result<&SealKey> {
        if self.key.is_none() {
            let mut key = keyfile::read_key_file(&self.key_path)?;
            let check: Option<Vec<u8>> = conn
                .row("SELECT value FROM meta WHERE key = 'key_check'", [], |r| {
                    r.get(0)
                })
                .optional()?;
            if let Some(check) = check {
                if key.open(KEY_CHECK_AAD, &check).is_err() {
                    // An interrupted rotation left the new key beside the old.
                    let chosen: Option<Vec<u8>> = conn
                        .row(
                            "SELECT value FROM meta WHERE key = 'key_rotation'",
                            [],
                            |r| r.get(0),
                        )
                        .optional()?;
                    if let Some(new) =
                        keyfile::finish_rotation(&self.key_path, &key, &check, chosen.as_deref())?
                    {
                        key = new;
                        self.resumed_rotation = true;
                    }
                }
                if key.open(KEY_CHECK_AAD, &check).is_err() {
                    return Err(Error::Key {
                        path: self.key_path.clone(),
                        message: "does not belong to this store; restore the key file that \
                                  was created with it, or say where it is"
                            .into(),
                    }
                    .with_hint(Hint::ChooseKeyFile));
                }
            }
            self.key = Some(key);
        }
        self.key.as_ref().ok_or_else(|| Error::Key {
            path: self.key_path.clone(),
            message: "could not be loaded".into(),
        })
    }
}

/// An open store.
pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
    created: bool,
    pub(crate) ctx: Context,
    /// The store and key files this connection was opened on.
    files: FileIds,
    /// The schema version and key check it was opened on.
    marks: Marks,
}

/// What a store kept open must still hold to be used again: another
/// process may have migrated it, or rotated its key.
type Marks = (i64, Option<Vec<u8>>);

fn marks(conn: &Connection) -> Result<Marks> {
    let version = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let check = conn
        .row("SELECT value FROM meta WHERE key = 'key_check'", [], |r| {
            r.get(0)
        })
        .optional()?;
    Ok((version, check))
}

fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Fails when the store file was removed or replaced since it was opened
/// (`opened`): what was just committed went to the old file, which no one
/// will read again.
fn ensure_same_file(path: &Path, opened: Option<(u64, u64)>) -> Result<()> {
    let now = file_id(path);
    if now.is_some() && now == opened {
        return Ok(());
    }
    let what = if now.is_none() { "removed" } else { "replaced" };
    Err(Error::Store {
        message: format!(
            "the store {} was {what} while mfactl was using it: what this command wrote went \
             to the old file and is lost. Check who changed the store, then run the command \
             again",
            path.display()
        ),
        source: None,
    })
}

/// See [`Store::lock_code_mail`]; released when dropped (closed).
pub struct CodeMailLock(#[allow(dead_code)] fs::File);

/// How long a request waits for an earlier one's mail to the same user.
const CODE_MAIL_WAIT: Duration = Duration::from_secs(120);

/// What tells a file apart from one put in its place.
#[derive(Debug, PartialEq, Eq)]
struct FileIds {
    store: Option<(u64, u64)>,
    key: Option<(u64, u64, i64, i64, u64)>,
}

impl FileIds {
    fn of(store: &Path, key: &Path) -> FileIds {
        use std::os::unix::fs::MetadataExt;
        FileIds {
            store: file_id(store),
            key: fs::metadata(key)
                .ok()
                .map(|m| (m.dev(), m.ino(), m.mtime(), m.mtime_nsec(), m.len())),
        }
    }
}

impl Store {
    /// Opens the store, creating it (and its key file) when missing and
    /// migrating it to the current schema. A store written by a newer
    /// mfactl is refused and left untouched.
    pub fn open(opts: OpenOptions) -> Result<Store> {
        let key_path = opts
            .key_path
            .clone()
            .unwrap_or_else(|| default_key_path(&opts.path));
        let created = !opts.path.exists();
        if created && !opts.create {
            return Err(Error::Store {
                message: format!("the store {} does not exist", opts.path.display()),
                source: None,
            });
        }
        // Before anything is created: a folder others can write is refused
        // as it is, not after mfactl put a store in it.
        files::ensure_safe(&opts.path, &key_path)?;
        create_private_file(&opts.path)?;
        let wal = files::suffixed(&opts.path, "-wal");
        let wal_existed = wal.exists();
        let conn = Connection::open(&opts.path).map_err(|e| Error::Store {
            message: format!("cannot open the store {}: {e}", opts.path.display()),
            source: Some(Box::new(e)),
        })?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        let version = schema_version(&conn, &opts.path)?;
        if version == 0 && !opts.create {
            // An empty file where a store should be: never made a store
            // (with a new key) by a caller that must not create one.
            return Err(Error::Store {
                message: format!(
                    "{} is not an initialised mfactl store; create it as root with any mfactl \
                     command, or check the path",
                    opts.path.display()
                ),
                source: None,
            });
        }
        if version > SCHEMA_VERSION {
            return Err(Error::Store {
                message: format!(
                    "the store {} was written by a newer mfactl (schema {version}; this one knows \
                     up to {SCHEMA_VERSION}); upgrade mfactl. The store was not changed.",
                    opts.path.display()
                ),
                source: None,
            });
        }
        // WAL lets readers run beside one writer; FULL makes each commit
        // durable before the command reports success.
        let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        keep_wal_files(&conn)?;
        if !opts.checkpoint_on_close {
            conn.set_db_config(
                rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
                true,
            )?;
            // Every process reads the whole -wal when it opens the store
            // (SQLite rebuilds its index), so keep it short: a login adds a
            // few pages, and one in about fifteen copies them over.
            conn.pragma_update(None, "wal_autocheckpoint", WAL_PAGES_BEFORE_CHECKPOINT)?;
        }
        let mut store = Store {
            marks: (0, None),
            files: FileIds::of(&opts.path, &key_path),
            conn,
            path: opts.path,
            created,
            ctx: Context {
                clock: opts.clock,
                random: opts.random,
                actor: opts.actor,
                actor_name: std::cell::OnceCell::new(),
                key_path,
                key: None,
                service: opts.service,
                config: std::cell::RefCell::new(None),
                resumed_rotation: false,
                audit_key: None,
            },
        };
        if version < SCHEMA_VERSION {
            store.migrate()?;
        }
        // SQLite is built without its directory syncs (one per connection,
        // LIBSQLITE3_FLAGS in .cargo/config.toml): the folder is synced
        // here instead, once the store, its -wal and its key file exist.
        if created || !wal_existed {
            files::sync_folder(&store.path)?;
        }
        store.marks = marks(&store.conn)?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<()> {
        let path = self.path.clone();
        let key_path = self.ctx.key_path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        let from = schema_version(&tx, &path)?;
        if from > SCHEMA_VERSION {
            return Err(Error::Store {
                message: format!(
                    "the store {} was upgraded by a newer mfactl meanwhile; upgrade mfactl",
                    path.display()
                ),
                source: None,
            });
        }
        for (i, sql) in migrations::MIGRATIONS
            .iter()
            .enumerate()
            .skip(from as usize)
        {
            tx.execute_batch(sql)?;
            if i == AUDIT_KEYED_MIGRATION {
                seal_audit_chain(&tx, &mut self.ctx)?;
            }
            if i == 0 {
                let key = keyfile::create_or_read_key_file(&key_path, self.ctx.random.as_mut())?;
                let check = key.seal(KEY_CHECK_AAD, KEY_CHECK_TEXT, self.ctx.random.as_mut())?;
                tx.exec(
                    "INSERT INTO meta (key, value) VALUES ('key_check', ?1)",
                    [check],
                )?;
                self.ctx.key = Some(key);
            }
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit()?;
        Ok(())
    }

    /// Whether a store kept open (by a daemon) may serve another request:
    /// its files are still the ones it opened, with safe owners and modes.
    /// A replaced store or a rotated key file needs a fresh open.
    pub fn is_current(&self) -> bool {
        files::ensure_safe(&self.path, &self.ctx.key_path).is_ok()
            && FileIds::of(&self.path, &self.ctx.key_path) == self.files
            && marks(&self.conn).is_ok_and(|m| m == self.marks)
    }

    /// Readies a store kept open for the next request: who acts and for
    /// which PAM service; the settings are read afresh.
    pub fn reuse_as(&mut self, actor: Actor, service: Option<String>) {
        self.ctx.actor = actor;
        self.ctx.actor_name = std::cell::OnceCell::new();
        self.ctx.service = service;
        self.ctx.config.replace(None);
    }

    /// Whether this open created the store (a new, empty one).
    pub fn created(&self) -> bool {
        self.created
    }

    /// The store's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The key file's path.
    pub fn key_path(&self) -> &Path {
        &self.ctx.key_path
    }

    /// Who is acting, as recorded in the audit log.
    pub fn actor(&self) -> &str {
        self.ctx.actor()
    }

    /// The current time from the store's clock (Unix seconds).
    pub fn now(&self) -> i64 {
        self.ctx.clock.now()
    }

    /// A view for reads outside a transaction: each query sees the latest
    /// committed state.
    pub fn read(&self) -> Read<'_> {
        Read { conn: &self.conn }
    }

    /// The typed settings read earlier in this command, if any.
    pub(crate) fn cached_config(&self) -> Option<Arc<Config>> {
        self.ctx.config.borrow().clone()
    }

    /// Keeps the typed settings for the rest of this command.
    pub(crate) fn cache_config(&self, config: Arc<Config>) {
        self.ctx.config.replace(Some(config));
    }

    /// Serialises the emailing of one user's codes: held from making a
    /// code to sending it, so that of two requests racing, the mail sent
    /// last carries the code that is live. Other users' codes do not wait
    /// (a lock on the byte `user_id` of one file, per open file, so threads
    /// of a daemon exclude each other too); a wait is bounded.
    pub fn lock_code_mail(&self, user_id: i64) -> Result<CodeMailLock> {
        use std::os::fd::AsRawFd;
        use std::os::unix::fs::OpenOptionsExt;
        let path = files::suffixed(&self.path, "-codes.lock");
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(&path)
            .map_err(|e| Error::io(format!("cannot open {}", path.display()), e))?;
        // SAFETY: flock is plain data; all-zero is a valid value of it.
        let mut range: nix::libc::flock = unsafe { std::mem::zeroed() };
        range.l_type = nix::libc::F_WRLCK as i16;
        range.l_whence = nix::libc::SEEK_SET as i16;
        range.l_start = user_id;
        range.l_len = 1;
        let deadline = std::time::Instant::now() + CODE_MAIL_WAIT;
        loop {
            match nix::fcntl::fcntl(file.as_raw_fd(), nix::fcntl::FcntlArg::F_OFD_SETLK(&range)) {
                Ok(_) => return Ok(CodeMailLock(file)),
                Err(nix::errno::Errno::EAGAIN | nix::errno::Errno::EACCES)
                    if std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(nix::errno::Errno::EAGAIN | nix::errno::Errno::EACCES) => {
                    return Err(Error::MailUnavailable(
                        "an earlier code for this user is still being mailed, for longer than \
                         mail should take"
                            .into(),
                    ))
                }
                Err(e) => {
                    return Err(Error::io(
                        format!("cannot lock {}", path.display()),
                        std::io::Error::from(e),
                    ))
                }
            }
        }
    }

    /// The audit chain's key (needs the key file).
    pub(crate) fn audit_key(&mut self) -> Result<Zeroizing<[u8; 32]>> {
        self.ctx.audit_key(&self.conn)
    }

    /// Loads the key (again), checking it against the store.
    pub(crate) fn load_key(&mut self) -> Result<&SealKey> {
        self.ctx.key(&self.conn)?;
        if self.ctx.resumed_rotation {
            // Recorded by the commit of an otherwise empty transaction.
            self.write(|_| Ok(()))?;
        }
        self.ctx.key(&self.conn)
    }

    /// Runs `f` in a `BEGIN IMMEDIATE` transaction and commits when it
    /// returns `Ok`; any error rolls everything back.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut tx = Tx {
            tx,
            ctx: &mut self.ctx,
        };
        let out = f(&mut tx)?;
        if tx.ctx.resumed_rotation {
            let key_path = tx.ctx.key_path.display().to_string();
            tx.audit(
                crate::domain::audit_action::AuditAction::KeyRotateResume,
                &key_path,
                serde_json::json!({}),
            )?;
            tx.ctx.resumed_rotation = false;
        }
        tx.tx.commit()?;
        ensure_same_file(&self.path, self.files.store)?;
        Ok(out)
    }

    /// Like [`Store::write`], for bulk loads: foreign-key enforcement is off
    /// for the transaction (`f` checks the references it writes; SQLite
    /// would check each row, a third of a bulk load), and the page cache is
    /// large enough that b-tree pages are not written out and read back
    /// before the commit.
    pub(crate) fn write_bulk<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        const BULK_CACHE_KIB: i64 = 16 * 1024;
        let cache: i64 = self
            .conn
            .pragma_query_value(None, "cache_size", |r| r.get(0))?;
        // foreign_keys cannot change inside a transaction: set both around it.
        self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        self.conn
            .pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
        let out = self.write(f);
        let restored = self
            .conn
            .pragma_update(None, "foreign_keys", "ON")
            .and_then(|()| self.conn.pragma_update(None, "cache_size", cache));
        let out = out?;
        restored?;
        Ok(out)
    }

    /// Decrypts a secret sealed under `aad`.
    pub(crate) fn unseal(&mut self, aad: &str, blob: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        self.load_key()?.open(aad, blob)
    }

    /// The random source.
    pub(crate) fn random(&mut self) -> &mut dyn Random {
        self.ctx.random.as_mut()
    }

    /// Hashes a password or code with argon2id, using the store's random
    /// source for the salt. Done outside transactions: it takes ~20 ms.
    pub(crate) fn hash_secret(&mut self, secret: &Secret) -> Result<String> {
        crate::crypto::hash_secret(secret.expose().as_bytes(), self.ctx.random.as_mut())
    }
}

/// Reads, from outside a transaction ([`Store::read`]) or inside one
/// ([`Tx::read`]). The query functions are grouped by what they read in the
/// files of this folder.
#[derive(Clone, Copy)]
pub struct Read<'a> {
    pub(crate) conn: &'a Connection,
}

/// A write transaction, with the clock, randomness, key and actor.
pub struct Tx<'a> {
    pub(crate) tx: rusqlite::Transaction<'a>,
    pub(crate) ctx: &'a mut Context,
}

impl Tx<'_> {
    /// Forgets the cached typed settings: a setting changes.
    pub(crate) fn forget_config(&self) {
        self.ctx.config.replace(None);
    }

    /// Reads inside this transaction: they see its own changes.
    pub fn read(&self) -> Read<'_> {
        Read { conn: &self.tx }
    }

    /// The current time (Unix seconds).
    pub fn now(&self) -> i64 {
        self.ctx.clock.now()
    }

    /// Who is acting.
    pub fn actor(&self) -> &str {
        self.ctx.actor()
    }

    /// Encrypts a secret for storage; `aad` names its row and purpose.
    pub(crate) fn seal(&mut self, aad: &str, plaintext: &[u8]) -> Result<Vec<u8>> {
        self.ctx.key(&self.tx)?;
        let Context { key, random, .. } = &mut *self.ctx;
        match key {
            Some(key) => key.seal(aad, plaintext, random.as_mut()),
            None => Err(Error::Key {
                path: self.ctx.key_path.clone(),
                message: "could not be loaded".into(),
            }),
        }
    }

    /// The random source.
    pub(crate) fn random(&mut self) -> &mut dyn Random {
        self.ctx.random.as_mut()
    }
}

/// Keeps the `-wal` and `-shm` files when the last connection closes
/// (`SQLITE_FCNTL_PERSIST_WAL`) instead of removing them, and creating them
/// again in the next process: that was a third of a short command's time.
/// SQLite still checkpoints at close (unless `checkpoint_on_close` is off, as in
/// the PAM module), so the store file alone is complete,
/// and `journal_size_limit = 0` empties the `-wal` when it does.
fn keep_wal_files(conn: &Connection) -> Result<()> {
    use rusqlite::ffi;
    conn.pragma_update(None, "journal_size_limit", 0)?;
    let mut on: std::ffi::c_int = 1;
    // SAFETY: the handle is that of `conn`, open for the whole call, and
    // SQLite reads and writes the int behind the pointer during the call
    // only.
    let rc = unsafe {
        ffi::sqlite3_file_control(
            conn.handle(),
            c"main".as_ptr(),
            ffi::SQLITE_FCNTL_PERSIST_WAL,
            (&raw mut on).cast(),
        )
    };
    // A file system without the control (SQLITE_NOTFOUND) removes the files
    // as before; that costs time, not correctness.
    if rc != ffi::SQLITE_OK && rc != ffi::SQLITE_NOTFOUND {
        return Err(rusqlite::Error::SqliteFailure(ffi::Error::new(rc), None).into());
    }
    Ok(())
}

fn schema_version(conn: &Connection, path: &Path) -> Result<i64> {
    conn.row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => Error::Store {
                message: format!(
                    "{} is not an mfactl store (not an SQLite database); check which store is \
                     meant",
                    path.display()
                ),
                source: Some(Box::new(e)),
            }
            .with_hint(Hint::ChooseStore),
            _ => Error::from(e),
        })
}

/// Creates `path` (and missing parent folders, 0700) as an empty file with
/// mode 0600, unless it exists. SQLite gives `-wal` and `-shm` the mode of
/// the main file, so they are private too.
fn create_private_file(path: &Path) -> Result<()> {
    if path.exists() {
        return Ok(());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| Error::io(format!("cannot create the folder {}", dir.display()), e))?;
    }
    match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::io(
            format!("cannot create the store {}", path.display()),
            e,
        )),
    }
}
