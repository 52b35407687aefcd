//! Answering before the work is done. `emergency request` answers at a
//! fixed time whatever the name, and makes and mails an eligible user's
//! code after that, in a child process that outlives the command: so
//! neither the answer nor the time the command takes tells anything about
//! the code's mail.

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, OwnedFd};

use nix::fcntl::OFlag;
use nix::sys::wait::{waitpid, WaitStatus};
use nix::unistd::{fork, ForkResult};

/// The child's side: where it gives its answer, and what tells it the
/// parent is gone.
pub struct Answer {
    answer: OwnedFd,
    parent_alive: OwnedFd,
}

/// How long the child stays idle after the parent exited, so that its
/// work (argon2, a transaction, the mail) does not compete for the CPU
/// with whoever was waiting for the answer.
const IDLE_AFTER_ANSWER: std::time::Duration = std::time::Duration::from_millis(50);

/// Forks; only the child returns. The parent waits for the child's answer
/// (an exit code) and exits with it, or, if the child ends without
/// answering, with the child's own exit status. Call it before any thread
/// is started: the child of a fork has only the thread that forked.
pub fn split() -> anyhow::Result<Answer> {
    let (read, write) = nix::unistd::pipe2(OFlag::O_CLOEXEC)?;
    // The parent holds the write end until it exits; the child's read
    // ends (EOF) then.
    let (alive_read, alive_write) = nix::unistd::pipe2(OFlag::O_CLOEXEC)?;
    // SAFETY: no other thread runs in this process yet (see above), so the
    // child's memory is consistent and it may do anything.
    match unsafe { fork() }? {
        ForkResult::Child => {
            drop(read);
            drop(alive_write);
            Ok(Answer {
                answer: write,
                parent_alive: alive_read,
            })
        }
        ForkResult::Parent { child } => {
            drop(write);
            drop(alive_read);
            let _held_until_exit = alive_write;
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
    /// waits for it or stops it. Returns once the parent has exited.
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
        let _ = std::fs::File::from(self.answer).write_all(&[code]);
        // The parent exits as soon as it reads the code: wait for that.
        let _ = std::fs::File::from(self.parent_alive).read(&mut [0u8; 1]);
        std::thread::sleep(IDLE_AFTER_ANSWER);
    }
}
