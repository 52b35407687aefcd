//! Who may write the store: its files and their folder must belong to root
//! or to the user running mfactl, and nobody else may write them. Anyone
//! who can write the store can forge sessions, reset lockouts and mint
//! codes, so a store others can write is refused, not just warned about.

use std::fs::Metadata;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// One file of the store as found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileState {
    /// What the file is: `store`, `store -wal`, `store -shm`, `key file`,
    /// `folder`.
    pub role: &'static str,
    /// Where it is.
    pub path: PathBuf,
    /// Its owner's uid.
    pub owner: u32,
    /// Its permission bits.
    pub mode: u32,
    /// What is wrong with it, and what to do; `None` when it is safe.
    pub problem: Option<String>,
}

/// The store's files that exist, each with what is wrong with it (if
/// anything): the folder, the store, its `-wal` and `-shm`, the key file.
pub fn inspect(store: &Path, key_file: &Path) -> Vec<FileState> {
    let folder = folder_of(store);
    let euid = nix::unistd::geteuid().as_raw();
    let mut found = Vec::new();
    let paths = [
        ("folder", folder.to_path_buf()),
        ("store", store.to_path_buf()),
        ("store -wal", suffixed(store, "-wal")),
        ("store -shm", suffixed(store, "-shm")),
        ("key file", key_file.to_path_buf()),
    ];
    for (role, path) in paths {
        // A folder may be reached through a link; a file may not.
        let meta = if role == "folder" {
            std::fs::metadata(&path)
        } else {
            std::fs::symlink_metadata(&path)
        };
        match meta {
            Ok(meta) => found.push(FileState {
                role,
                problem: problem(role, &path, &meta, euid),
                owner: meta.uid(),
                mode: meta.permissions().mode() & 0o7777,
                path,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => found.push(FileState {
                role,
                problem: Some(format!("cannot check the {role} {}: {e}", path.display())),
                owner: 0,
                mode: 0,
                path,
            }),
        }
    }
    found
}

/// The folder a store or key file is in.
pub(crate) fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Makes the entries of `path`'s folder durable (a new store, -wal or key
/// file must survive a crash along with what is written in it).
pub(crate) fn sync_folder(path: &Path) -> Result<()> {
    let folder = folder_of(path);
    std::fs::File::open(folder)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io(format!("cannot sync the folder {}", folder.display()), e))
}

/// Refuses the store when one of its files is unsafe (see [`inspect`]).
pub(crate) fn ensure_safe(store: &Path, key_file: &Path) -> Result<()> {
    match inspect(store, key_file).into_iter().find_map(|f| f.problem) {
        Some(problem) => Err(Error::Store {
            message: problem,
            source: None,
        }),
        None => Ok(()),
    }
}

/// Holds an exclusive lock on the file `path` (made, mode 0600, if
/// missing) until dropped; waits for another holder.
pub(crate) fn lock_exclusive(path: &Path) -> Result<nix::fcntl::Flock<std::fs::File>> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| Error::io(format!("cannot open {}", path.display()), e))?;
    nix::fcntl::Flock::lock(file, nix::fcntl::FlockArg::LockExclusive).map_err(|(_, errno)| {
        Error::io(
            format!("cannot lock {}", path.display()),
            std::io::Error::from_raw_os_error(errno as i32),
        )
    })
}

/// `path` with `suffix` appended (`mfactl.db` → `mfactl.db-wal`).
pub(crate) fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// What is wrong with one file: a symbolic link (the files beside it would
/// be elsewhere), another owner than root or `euid`, or writable by group
/// or others (for a folder, even with the sticky bit: another user could
/// make the -wal before SQLite does).
fn problem(role: &str, path: &Path, meta: &Metadata, euid: u32) -> Option<String> {
    let shown = path.display();
    let mode = meta.permissions().mode();
    if meta.file_type().is_symlink() {
        return Some(format!(
            "the {role} {shown} is a symbolic link; give the path of the file itself"
        ));
    }
    if meta.uid() != 0 && meta.uid() != euid {
        return Some(format!(
            "the {role} {shown} belongs to uid {}, not to root or to the user running mfactl: \
             its owner could change the store behind mfactl's back. Make root its owner \
             (chown root: {shown}) or check the path",
            meta.uid()
        ));
    }
    if mode & 0o022 != 0 {
        let fix = if meta.is_dir() { "700" } else { "600" };
        return Some(format!(
            "the {role} {shown} is writable by other users (mode {:o}): they could forge \
             sessions and codes. Run: chmod {fix} {shown}",
            mode & 0o777
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn a_private_store_passes_and_a_shared_one_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("m.db");
        let key = dir.path().join("m.db.key");
        fs::write(&db, "").unwrap();
        fs::write(&key, "").unwrap();
        fs::set_permissions(&db, fs::Permissions::from_mode(0o600)).unwrap();
        fs::set_permissions(&key, fs::Permissions::from_mode(0o600)).unwrap();
        assert!(ensure_safe(&db, &key).is_ok());

        fs::set_permissions(&db, fs::Permissions::from_mode(0o620)).unwrap();
        let e = ensure_safe(&db, &key).unwrap_err().to_string();
        assert!(
            e.contains("writable by other users") && e.contains("chmod 600"),
            "{e}"
        );

        fs::set_permissions(&db, fs::Permissions::from_mode(0o600)).unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
        let e = ensure_safe(&db, &key).unwrap_err().to_string();
        assert!(e.contains("folder") && e.contains("chmod 700"), "{e}");
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o1777)).unwrap();
        assert!(ensure_safe(&db, &key).is_err(), "a sticky /tmp-like folder");
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700)).unwrap();

        let link = dir.path().join("link.db");
        std::os::unix::fs::symlink(&db, &link).unwrap();
        let e = ensure_safe(&link, &key).unwrap_err().to_string();
        assert!(e.contains("symbolic link"), "{e}");
    }
}
