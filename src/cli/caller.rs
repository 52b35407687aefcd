//! Who is running mfactl: root, a user on their own store, or a user
//! through sudo — who may only act on their own account (`mfactl self …`).

use std::path::Path;

/// Who runs mfactl.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// Root, not on behalf of another user (a root shell, a unit, cron).
    Root,
    /// A user other than root, running mfactl as themselves: they can only
    /// open stores they own.
    User,
    /// A user other than root, through sudo: only `self` commands, for
    /// their own account.
    Sudo {
        /// The invoking user's uid (SUDO_UID).
        uid: u32,
        /// Their primary group.
        gid: u32,
        /// Their login name, from the password database.
        name: Option<String>,
    },
}

impl Caller {
    /// Decides from the effective uid, `SUDO_UID` and the parent process.
    /// `SUDO_UID` is believed only when mfactl runs as root and its parent
    /// is sudo itself: anyone can set the variable, and a root shell opened
    /// with `sudo -i` keeps it although root is then acting as root.
    pub fn detect(sudo_uid: Option<&str>) -> Caller {
        if !nix::unistd::geteuid().is_root() {
            return Caller::User;
        }
        let Some(uid) = sudo_uid.and_then(|u| u.parse::<u32>().ok()) else {
            return Caller::Root;
        };
        if uid == 0 || !parent_is_sudo() {
            return Caller::Root;
        }
        let account = nix::unistd::User::from_uid(uid.into()).ok().flatten();
        Caller::Sudo {
            uid,
            gid: account.as_ref().map_or(uid, |a| a.gid.as_raw()),
            name: account.map(|a| a.name),
        }
    }
}

fn parent_is_sudo() -> bool {
    let parent = std::os::unix::process::parent_id();
    std::fs::read_link(format!("/proc/{parent}/exe")).is_ok_and(|exe| {
        exe.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n == "sudo" || n == "sudo-rs")
    })
}

/// Gives a file mfactl wrote for a sudo caller to that caller, so they can
/// read it (mfactl runs as root).
pub fn hand_over(caller: &Caller, path: &Path) -> std::io::Result<()> {
    if let Caller::Sudo { uid, gid, .. } = caller {
        std::os::unix::fs::chown(path, Some(*uid), Some(*gid))?;
    }
    Ok(())
}
