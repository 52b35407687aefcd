//! The key file beside the store: 64 hex digits of a 256-bit key, mode
//! 0600, published atomically; and key rotation, which re-seals every secret
//! in one transaction and survives a crash at any point.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::{files, Store, KEY_CHECK_AAD, ROTATION_AAD};
use crate::crypto::{Random, SealKey};
use crate::error::{Error, Hint, Result};

/// Where a rotation writes the new key before the store is re-sealed.
pub(crate) fn pending_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".new");
    PathBuf::from(s)
}

pub(crate) fn read_key_file(path: &Path) -> Result<SealKey> {
    let key_err = |message: String| Error::Key {
        path: path.to_path_buf(),
        message,
    };
    let meta = fs::metadata(path).map_err(|e| {
        key_err(format!(
            "cannot be read ({e}); secrets in the store cannot be used without it. \
             Restore it from your backup, or say where it is"
        ))
        .with_hint(Hint::ChooseKeyFile)
    })?;
    let me = nix::unistd::geteuid().as_raw();
    if meta.uid() != 0 && meta.uid() != me {
        return Err(key_err(format!(
            "belongs to uid {}, not to root or to the user running mfactl (uid {me}): whoever \
             owns it chooses the key. Check where it came from, then run: chown root {}",
            meta.uid(),
            path.display()
        )));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(key_err(format!(
            "is readable by other users (mode {:o}); run: chmod 600 {}",
            meta.permissions().mode() & 0o777,
            path.display()
        )));
    }
    let text = Zeroizing::new(
        fs::read_to_string(path).map_err(|e| key_err(format!("cannot be read: {e}")))?,
    );
    let mut bytes = Zeroizing::new([0u8; 32]);
    hex::decode_to_slice(text.trim(), bytes.as_mut_slice())
        .map_err(|_| key_err("is not a mfactl key (64 hexadecimal digits expected)".into()))?;
    Ok(SealKey::from_bytes(*bytes))
}

/// Reads the key file, or creates it when missing. Publishing is atomic
/// (hard link of a complete temporary file), so two processes creating the
/// same store at once agree on one key.
pub(crate) fn create_or_read_key_file(path: &Path, rng: &mut dyn Random) -> Result<SealKey> {
    if path.exists() {
        return read_key_file(path);
    }
    let key = SealKey::generate(rng);
    let tmp = temp_path(path, rng);
    let published = write_key(&tmp, &key).and_then(|()| fs::hard_link(&tmp, path));
    let _ = fs::remove_file(&tmp);
    match published {
        Ok(()) => files::sync_folder(path).map(|()| key),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read_key_file(path),
        Err(e) => Err(Error::io(
            format!("cannot create the key file {}", path.display()),
            e,
        )),
    }
}

fn temp_path(path: &Path, rng: &mut dyn Random) -> PathBuf {
    let mut suffix = [0u8; 8];
    rng.fill(&mut suffix);
    PathBuf::from(format!("{}.tmp-{}", path.display(), hex::encode(suffix)))
}

/// Writes `key` to a new file at `path` (mode 0600) and syncs it.
fn write_key(path: &Path, key: &SealKey) -> std::io::Result<()> {
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    let text = Zeroizing::new(format!("{}\n", hex::encode(key.as_bytes())));
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

impl Store {
    /// Replaces the key: every sealed secret is re-sealed under a new key in
    /// one transaction. The new key is written beside the old one
    /// (`KEYFILE.new`) before the store changes and moved into place after
    /// it commits; if mfactl stops in between, the next use of the key
    /// finishes the move. Returns how many secrets were re-sealed.
    pub fn rotate_key(&mut self) -> Result<usize> {
        let key_path = self.key_path().to_path_buf();
        let pending = pending_path(&key_path);
        // One rotation at a time, from writing KEYFILE.new to moving it into
        // place: a second one would otherwise replace the first one's new key.
        let _lock = lock_rotation(&key_path)?;
        // Another rotation may have finished since the key was loaded.
        self.ctx.key = None;
        self.load_key()?;
        // The audit entry of the rotation is made while the store is
        // sealed under neither key alone: unseal the audit key now.
        self.audit_key()?;
        let Some(old) = self.ctx.key.take() else {
            return Err(Error::Key {
                path: key_path,
                message: "could not be loaded".into(),
            });
        };
        let new = SealKey::generate(self.ctx.random.as_mut());
        let _ = fs::remove_file(&pending);
        let written = write_key(&pending, &new)
            .map_err(|e| Error::io(format!("cannot write {}", pending.display()), e));
        let result = written.and_then(|()| self.write(|tx| tx.reseal_all(&old, &new, &key_path)));
        let count = match result {
            Ok(n) => n,
            Err(e) => {
                let _ = fs::remove_file(&pending);
                self.ctx.key = Some(old);
                return Err(e);
            }
        };
        if let Err(e) = fs::rename(&pending, &key_path) {
            // Another process loading the key may have finished the move.
            let moved = read_key_file(&key_path).is_ok_and(|k| k.as_bytes() == new.as_bytes());
            if !moved {
                return Err(Error::io(
                    format!(
                        "the store uses the new key in {}, but moving it to {} failed",
                        pending.display(),
                        key_path.display()
                    ),
                    e,
                ));
            }
        }
        let _ = files::sync_folder(&key_path);
        self.ctx.key = Some(new);
        Ok(count)
    }
}

/// Holds an exclusive lock on `KEYFILE.lock` until dropped.
fn lock_rotation(key_path: &Path) -> Result<nix::fcntl::Flock<fs::File>> {
    files::lock_exclusive(&files::suffixed(key_path, ".lock"))
}

/// Finishes a rotation that stopped after the store was re-sealed: the
/// pending key matches the store and `chosen` (the store's `key_rotation`)
/// proves the holder of `old` chose it, so it becomes the key file. `None`
/// when there is no pending key that opens the store. A pending key that
/// opens the store without that proof is an error: someone who can write
/// the store and the key's folder would otherwise choose the key.
pub(crate) fn finish_rotation(
    path: &Path,
    old: &SealKey,
    check: &[u8],
    chosen: Option<&[u8]>,
) -> Result<Option<SealKey>> {
    let pending = pending_path(path);
    let Ok(new) = read_key_file(&pending) else {
        return Ok(None);
    };
    if new.open(KEY_CHECK_AAD, check).is_err() {
        return Ok(None);
    }
    let proven = chosen
        .and_then(|c| old.open(ROTATION_AAD, c).ok())
        .is_some_and(|fingerprint| *fingerprint == new.fingerprint());
    if !proven {
        return Err(Error::Key {
            path: path.to_path_buf(),
            message: format!(
                "does not open the store, and {} does, but no rotation made with this key file \
                 chose it: the store or that file may have been tampered with. mfactl will not \
                 adopt it. Restore the store and the key file from backups; if you made that \
                 key yourself, move it into place by hand",
                pending.display()
            ),
        });
    }
    fs::rename(&pending, path).map_err(|e| {
        Error::io(
            format!(
                "cannot finish the key rotation: moving {} to {}",
                pending.display(),
                path.display()
            ),
            e,
        )
    })?;
    let _ = files::sync_folder(path);
    Ok(Some(new))
}
