//! Ctrl-C at a prompt: mfactl gives the terminal back as it found it and
//! exits 130 (128 + SIGINT, the shell's convention), whichever prompt was
//! showing.
//!
//! A hidden prompt turns the terminal's echo off, and a menu hides the
//! cursor and reads keys raw. Dying of SIGINT there would leave the shell
//! without echo. So before the first prompt the terminal's settings are
//! saved and a SIGINT handler installed that puts them back (only
//! async-signal-safe calls: it runs wherever the signal lands) and exits.
//! A menu in raw mode gets Ctrl-C as a key, not a signal: [`exit`] ends it
//! the same way. The library knows nothing of this.

use std::io::IsTerminal;
use std::os::fd::{AsFd, IntoRawFd, RawFd};
use std::sync::OnceLock;

use nix::libc;
use nix::sys::signal::{sigaction, SaFlags, SigAction, SigHandler, SigSet, Signal};

/// The exit code after Ctrl-C, documented in the README.
pub const INTERRUPTED: i32 = 130;

/// The terminal as it was before the first prompt.
struct Terminal {
    fd: RawFd,
    settings: libc::termios,
    /// Whether stderr is that terminal, so the cursor can be shown again.
    stderr: bool,
}

static TERMINAL: OnceLock<Terminal> = OnceLock::new();

/// Shows the cursor (a menu hides it) and ends the prompt's line.
const SHOW_CURSOR: &[u8] = b"\x1b[?25h\n";

/// Call before every prompt: saves the terminal's settings (the first
/// time) and installs the SIGINT handler. Without a terminal nothing is
/// prompted, and SIGINT keeps its default.
pub fn guard() {
    if TERMINAL.get().is_some() {
        return;
    }
    let Some(terminal) = snapshot() else {
        return;
    };
    // Saved before the handler can run, which reads it.
    if TERMINAL.set(terminal).is_ok() {
        let action = SigAction::new(
            SigHandler::Handler(on_interrupt),
            SaFlags::empty(),
            SigSet::empty(),
        );
        // SAFETY: the handler calls only async-signal-safe functions
        // (tcsetattr, write, _exit) on data set before it was installed.
        let _ = unsafe { sigaction(Signal::SIGINT, &action) };
    }
}

/// The settings of the terminal the prompts use: standard input when it
/// is one, else the controlling terminal (as dialoguer does).
fn snapshot() -> Option<Terminal> {
    let fd = if std::io::stdin().is_terminal() {
        libc::STDIN_FILENO
    } else {
        let tty = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .ok()?;
        // Kept open for the handler, for the life of the process.
        tty.into_raw_fd()
    };
    // SAFETY: `fd` is open for the rest of the process (stdin, or the
    // descriptor just leaked above).
    let borrowed = unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) };
    let settings = nix::sys::termios::tcgetattr(borrowed.as_fd()).ok()?;
    Some(Terminal {
        fd,
        settings: settings.into(),
        stderr: std::io::stderr().is_terminal(),
    })
}

extern "C" fn on_interrupt(_: libc::c_int) {
    exit()
}

/// Puts the terminal back as it was before the first prompt and exits
/// [`INTERRUPTED`] at once.
pub fn exit() -> ! {
    if let Some(t) = TERMINAL.get() {
        // SAFETY: async-signal-safe calls on a descriptor that stays open
        // and settings that never change once set.
        unsafe {
            libc::tcsetattr(t.fd, libc::TCSAFLUSH, &t.settings);
            if t.stderr {
                libc::write(
                    libc::STDERR_FILENO,
                    SHOW_CURSOR.as_ptr().cast(),
                    SHOW_CURSOR.len(),
                );
            }
        }
    }
    // SAFETY: ends the process without running anything else, as a
    // signal handler must.
    unsafe { libc::_exit(INTERRUPTED) }
}
