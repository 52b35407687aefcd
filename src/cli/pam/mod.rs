//! `mfactl pam daemon` and `mfactl pam helper`: where pam_mfactl's calls
//! are decided. The module only relays the conversation (see
//! [`mfactl::pam_wire`]); a daemon keeps each store open between logins,
//! which is what makes a login through the module fast.

mod session;

use std::collections::HashMap;
use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;
use mfactl::pam_wire::{self, Start};
use mfactl::store::Actor;
use mfactl::{Error, OpenOptions, Store};

use super::Ctx;
use session::Link;

/// Calls served at once (each a thread waiting on a person); beyond, a
/// call is refused and fails closed. High, so that prompts left open (an
/// `su` without a timeout) cannot starve the logins of others.
const MAX_CALLS: usize = 1024;

/// Open stores kept per store and key file between calls.
const KEEP_OPEN: usize = 8;

/// How long the daemon waits for the module: a person is typing a code,
/// and the application (sshd's LoginGraceTime) gives up before this.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(600);

/// `mfactl pam helper`: one call on standard input and output, with a store
/// opened for it alone.
pub fn helper() -> anyhow::Result<()> {
    use std::os::fd::AsFd;
    // Standard input read directly (std's stdin keeps a buffer of what it
    // read, the typed code among it, that nothing wipes).
    let input = fs::File::from(io::stdin().as_fd().try_clone_to_owned()?);
    let mut link = Link::new(input, io::stdout().lock());
    let start = link.start()?;
    let outcome = match open(&start) {
        Ok(mut store) => session::serve(&mut link, &start, &mut store)?,
        Err(e) => link.fault(&e)?,
    };
    link.done(outcome)?;
    Ok(())
}

/// `mfactl pam daemon`: serves calls on `socket` until killed.
pub fn daemon(ctx: &Ctx, socket: &Path) -> anyhow::Result<()> {
    let listener = listen(socket)?;
    ctx.out
        .note(&format!("serving pam_mfactl on {}", socket.display()));
    let pool = Arc::new(Pool::default());
    let calls = Arc::new(AtomicUsize::new(0));
    for conn in listener.incoming() {
        let conn = match conn {
            Ok(c) => c,
            Err(e) => {
                ctx.out.warn(&format!("accept: {e}"));
                continue;
            }
        };
        match pam_wire::peer_uid(&conn) {
            Ok(uid) if pam_wire::trusted_uid(uid) => {}
            Ok(uid) => {
                ctx.out.warn(&format!(
                    "refused a connection from uid {uid}: only root may ask"
                ));
                continue;
            }
            Err(e) => {
                ctx.out.warn(&format!("refused a connection: {e}"));
                continue;
            }
        }
        let Some(slot) = Slot::take(&calls) else {
            ctx.out.warn(&format!(
                "{MAX_CALLS} calls at once: one refused (fails closed)"
            ));
            continue;
        };
        let pool = pool.clone();
        let spawned = std::thread::Builder::new()
            .name("pam-call".into())
            .spawn(move || {
                let _slot = slot;
                // A module that went away has nothing left to hear.
                let _ = serve_connection(conn, &pool);
            });
        // On failure the closure, and the slot with it, is dropped.
        if let Err(e) = spawned {
            ctx.out.warn(&format!("cannot start a thread: {e}"));
        }
    }
    Ok(())
}

/// One of the [`MAX_CALLS`] calls served at once, given back when dropped
/// (also when a call panics or its thread cannot start).
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(calls: &Arc<AtomicUsize>) -> Option<Slot> {
        if calls.fetch_add(1, Ordering::SeqCst) >= MAX_CALLS {
            calls.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(Slot(calls.clone()))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn serve_connection(conn: UnixStream, pool: &Pool) -> io::Result<()> {
    conn.set_read_timeout(Some(ANSWER_TIMEOUT))?;
    conn.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut link = Link::new(&conn, &conn);
    let start = link.start()?;
    let outcome = match pool.take(&start) {
        Ok(mut store) => {
            let outcome = session::serve(&mut link, &start, &mut store)?;
            pool.give_back(&start, store);
            outcome
        }
        Err(e) => link.fault(&e)?,
    };
    link.done(outcome)
}

/// Opens the store a call names; never creates one.
fn open(start: &Start) -> mfactl::Result<Store> {
    let store = PathBuf::from(&start.store);
    if !store.is_absolute() {
        return Err(Error::Invalid(format!(
            "store={}: give an absolute path",
            start.store
        )));
    }
    let mut o = OpenOptions::new(store, actor(start));
    o.key_path = start.key_file.as_ref().map(PathBuf::from);
    o.create = false;
    o.service = Some(start.service.clone());
    o.checkpoint_on_close = false;
    Store::open(o)
}

fn actor(start: &Start) -> Actor {
    Actor::Named(format!("pam:{}", start.service))
}

/// Stores kept open between calls, by store and key file.
#[derive(Default)]
struct Pool {
    idle: Mutex<Idle>,
}

type Idle = HashMap<(String, Option<String>), Vec<Store>>;

impl Pool {
    /// An open store for the call: a kept one whose files are still the
    /// same ones, or a new one.
    fn take(&self, start: &Start) -> mfactl::Result<Store> {
        let key = (start.store.clone(), start.key_file.clone());
        loop {
            // Checked with the pool unlocked: other calls need not wait.
            let kept = self.lock().get_mut(&key).and_then(Vec::pop);
            let Some(mut store) = kept else { break };
            if store.is_current() {
                store.reuse_as(actor(start), Some(start.service.clone()));
                return Ok(store);
            }
        }
        open(start)
    }

    fn give_back(&self, start: &Start, store: Store) {
        let key = (start.store.clone(), start.key_file.clone());
        let mut idle = self.lock();
        let kept = idle.entry(key).or_default();
        if kept.len() < KEEP_OPEN {
            kept.push(store);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Idle> {
        // A call that panicked leaves the stores as they were: keep going.
        self.idle.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Binds the socket, mode 0600, in a folder only its owner can write.
fn listen(socket: &Path) -> anyhow::Result<UnixListener> {
    let dir = socket
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    let meta = fs::metadata(dir)?;
    let me = nix::unistd::geteuid().as_raw();
    if meta.mode() & 0o022 != 0 || (meta.uid() != me && meta.uid() != 0) {
        return Err(Error::Refused(format!(
            "{} can be written by others, who could put their own socket there; use a folder \
             only root can write (chmod 700 {})",
            dir.display(),
            dir.display()
        ))
        .into());
    }
    if let Ok(m) = fs::symlink_metadata(socket) {
        if !m.file_type().is_socket() {
            return Err(Error::Refused(format!(
                "{} exists and is not a socket; remove it or choose another --socket",
                socket.display()
            ))
            .into());
        }
        if UnixStream::connect(socket).is_ok() {
            return Err(Error::Refused(format!(
                "a daemon already listens on {}",
                socket.display()
            ))
            .into());
        }
        // Left by a daemon that stopped.
        fs::remove_file(socket)?;
    }
    let listener = UnixListener::bind(socket)
        .with_context(|| format!("cannot listen on {}", socket.display()))?;
    fs::set_permissions(socket, fs::Permissions::from_mode(0o600))?;
    Ok(listener)
}
