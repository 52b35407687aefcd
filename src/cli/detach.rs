//! Answering before the work is done. `emergency request` answers at a
//! fixed time whatever the name, and makes and mails an eligible user's
//! code after that, in a child process that outlives the command: so
//! neither the answer nor the time the command takes tells anything about
//! the code's mail.

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, OwnedFd};

use nix::sys::wait::{waitpid, WaitStatus};
use nix::unistd::{fork, ForkResult};

/// The child's side: where it gives its answer.
pub struct Answer(OwnedFd);

/// Forks; only the child returns. The parent waits for the child's answer
/// (an exit code) and exits with it, or, if the child ends without
/// answering, with the child's own exit status. Call it before any thread
/// is started: the child of a fork has only the thread that forked.
pub fn split() -> anyhow::Result<Answer> {
    let (read, write) = nix::unistd::pipe()?;
    // SAFETY: no other thread runs in this process yet (see above), so the
    // child's memory is consistent and it may do anything.
    match unsafe { fork() }? {
        ForkResult::Child => {
            drop(read);
            Ok(Answer(write))
        }
        ForkResult::Parent { child } => {
            drop(write);
            let mut code = [0u8; 1];
            let mut read = std::fs::File::from(read);
            if matches!(read.read(&mut code), Ok(1)) {
                std::process::exit(i32::from(code[0]));
            }
            let status = match waitpid(child, None) {
                Ok(WaitStatus::Exited(_, code)) => code,
                Ok(WaitStatus::Signaled(_, signal, _)) => 128 + signal as i32,
                _ => i32::from(mfactl::error::exit::ERROR),
            };
            std::process::exit(status)
        }
    }
}

impl Answer {
    /// Tells the waiting parent to exit with `code`. From here on this
    /// process has its own session, and its standard input and output are
    /// /dev/null: neither a closed terminal nor anyone reading its output
    /// waits for it or stops it.
    pub fn give(self, code: u8) {
        let _ = std::io::stdout().flush();
        let _ = std::io::stderr().flush();
        let _ = nix::unistd::setsid();
        if let Ok(null) = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/null")
        {
            for fd in 0..=2 {
                let _ = nix::unistd::dup2(null.as_raw_fd(), fd);
            }
        }
        let _ = std::fs::File::from(self.0).write_all(&[code]);
    }
}
