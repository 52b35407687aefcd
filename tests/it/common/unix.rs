//! Unix accounts made for one test (tests run as root).

use std::process::Command;

use crate::common::*;

/// A Unix account made for one test, removed when dropped.
pub struct UnixUser {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
}

impl UnixUser {
    /// A new account `mfas<pid><tag>` without a home folder.
    pub fn new(tag: &str) -> UnixUser {
        let name = format!("mfas{}{tag}", std::process::id() % 100_000);
        let _ = Command::new("userdel").arg(&name).output();
        let out = Command::new("useradd")
            .args(["-M", "-s", "/bin/sh", &name])
            .output()
            .expect("useradd");
        assert!(out.status.success(), "useradd: {}", stderr(&out));
        let id = |flag: &str| -> u32 {
            let out = Command::new("id").args([flag, &name]).output().expect("id");
            stdout(&out).trim().parse().expect("a number from id")
        };
        UnixUser {
            uid: id("-u"),
            gid: id("-g"),
            name,
        }
    }

    /// `program` run as this user (setpriv, no supplementary groups).
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut cmd = Command::new("setpriv");
        cmd.arg(format!("--reuid={}", self.uid))
            .arg(format!("--regid={}", self.gid))
            .arg("--clear-groups")
            .arg(program);
        cmd
    }
}

impl Drop for UnixUser {
    fn drop(&mut self) {
        let _ = Command::new("userdel").arg(&self.name).output();
    }
}
