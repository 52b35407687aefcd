//! Who is running mfactl: root, a user on their own store, or a user
//! through sudo — who may only act on their own account (`mfactl self …`).

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

/// Runs `f` with the file-system rights of the user who ran sudo (root's
/// otherwise): a file a `self` command writes where the user asked must be
/// one the user could have written, never one only root may (a name in
/// /etc/profile.d, say). glibc applies the change to every thread.
pub fn with_callers_rights<T>(caller: &Caller, f: impl FnOnce() -> T) -> std::io::Result<T> {
    let Caller::Sudo { uid, gid, .. } = caller else {
        return Ok(f());
    };
    let _rights = CallersRights::take(*uid, *gid)?;
    Ok(f())
}

/// The invoking user's rights until dropped; then root's again (also when
/// `f` panics). If they cannot be restored, nothing more may run.
struct CallersRights {
    groups: Vec<nix::unistd::Gid>,
}

impl CallersRights {
    fn take(uid: u32, gid: u32) -> std::io::Result<CallersRights> {
        use nix::unistd::{getgroups, setegid, seteuid, setgroups, Gid, Uid};
        let rights = CallersRights {
            groups: getgroups()?,
        };
        // From here on, Drop restores whatever was changed.
        setgroups(&[Gid::from_raw(gid)])?;
        setegid(Gid::from_raw(gid))?;
        seteuid(Uid::from_raw(uid))?;
        Ok(rights)
    }
}

impl Drop for CallersRights {
    fn drop(&mut self) {
        use nix::unistd::{setegid, seteuid, setgroups, Gid, Uid};
        let restored = seteuid(Uid::from_raw(0))
            .and_then(|()| setegid(Gid::from_raw(0)))
            .and_then(|()| setgroups(&self.groups));
        if let Err(e) = restored {
            eprintln!("error: cannot return to root's rights ({e}); stopping");
            std::process::exit(1);
        }
    }
}
