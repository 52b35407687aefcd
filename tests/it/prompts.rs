//! Prompts at a real terminal (a pseudo-terminal, with mfactl as the
//! session leader it controls): Ctrl-C ends mfactl with exit 130 and gives
//! the terminal back as it was, echo on, whichever prompt was showing.

use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::os::unix::process::CommandExt;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::pty::openpty;
use nix::sys::termios::{tcgetattr, LocalFlags};

use crate::common::*;

/// mfactl running on a pseudo-terminal, and what it wrote there.
struct Terminal {
    controller: std::fs::File,
    /// The terminal's own side, kept to read its settings.
    device: OwnedFd,
    screen: Arc<Mutex<Vec<u8>>>,
    child: Child,
}

impl Terminal {
    fn start(env: &Env, args: &[&str]) -> Terminal {
        let pty = openpty(None, None).expect("openpty");
        let side = || Stdio::from(pty.slave.try_clone().expect("dup pty"));
        let mut cmd = env.process();
        cmd.args(args)
            .env("TERM", "xterm")
            .stdin(side())
            .stdout(side())
            .stderr(side());
        // SAFETY: only async-signal-safe calls between fork and exec. A new
        // session whose controlling terminal is the pty, as a login shell's
        // child has: Ctrl-C there sends SIGINT to mfactl.
        unsafe {
            cmd.pre_exec(|| {
                nix::unistd::setsid()?;
                if nix::libc::ioctl(0, nix::libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("start mfactl on a pty");
        let controller = std::fs::File::from(pty.master);
        let screen = Arc::new(Mutex::new(Vec::new()));
        let mut reader = controller.try_clone().expect("dup controller");
        let seen = screen.clone();
        // Ends when the last terminal side closes (the read fails).
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                seen.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Terminal {
            controller,
            device: pty.slave,
            screen,
            child,
        }
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.screen.lock().unwrap()).into_owned()
    }

    /// Waits (30 s at most, and only while mfactl runs) until `done` holds.
    fn wait_until(&mut self, what: &str, done: impl Fn(&Terminal) -> bool) {
        let until = Instant::now() + Duration::from_secs(30);
        while !done(self) {
            let ended = self.child.try_wait().expect("wait");
            assert!(
                ended.is_none() && Instant::now() < until,
                "waited for {what} ({ended:?}); the screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_for(&mut self, text: &str) {
        self.wait_until(&format!("`{text}`"), |t| t.screen().contains(text));
    }

    fn flags(&self) -> LocalFlags {
        tcgetattr(&self.device).expect("tcgetattr").local_flags
    }

    fn echoes(&self) -> bool {
        self.flags().contains(LocalFlags::ECHO)
    }

    fn type_in(&mut self, text: &str) {
        self.controller
            .write_all(text.as_bytes())
            .expect("write to the pty");
    }

    /// The exit code (30 s at most; a process killed by a signal has none).
    fn exit_code(&mut self) -> Option<i32> {
        let until = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code();
            }
            if Instant::now() > until {
                let _ = self.child.kill();
                panic!("mfactl still running; the screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Ctrl-C, as the terminal's VINTR character.
const CTRL_C: &str = "\x03";

#[test]
fn ctrl_c_at_a_hidden_prompt_exits_130_with_echo_back_on() {
    let env = Env::new();
    add_user(&env, "alice", None);
    let mut term = Terminal::start(&env, &["login", "alice"]);
    assert!(term.echoes(), "a fresh terminal echoes");
    term.wait_for("Password for alice");
    term.wait_until("echo off at the hidden prompt", |t| !t.echoes());

    term.type_in("half a pass");
    term.type_in(CTRL_C);
    assert_eq!(term.exit_code(), Some(130), "{}", term.screen());
    assert!(
        term.echoes(),
        "echo is still off after Ctrl-C; the screen:\n{}",
        term.screen()
    );
    assert!(!term.screen().contains("half a pass"), "{}", term.screen());
    let sessions = env.json(&["session", "list"]);
    assert_eq!(sessions.as_array().map(Vec::len), Some(0), "{sessions}");
}

#[test]
fn ctrl_c_at_a_menu_exits_130_with_the_terminal_and_cursor_restored() {
    let env = Env::new();
    add_user(&env, "alice", None);
    set(&env, "mfa.alternates", "backup-codes");
    let mut term = Terminal::start(&env, &["backup-codes", "generate", "alice"]);
    term.wait_for("Password for alice");
    term.wait_until("echo off at the hidden prompt", |t| !t.echoes());
    term.type_in(&format!("{PASSWORD}\r"));
    term.wait_for("Keep them somewhere safe");
    // The menu reads keys one by one: Ctrl-C arrives as a key, not a signal.
    term.wait_until("the menu's raw mode", |t| {
        !t.flags().contains(LocalFlags::ICANON)
    });

    term.type_in(CTRL_C);
    assert_eq!(term.exit_code(), Some(130), "{}", term.screen());
    let flags = term.flags();
    assert!(
        flags.contains(LocalFlags::ECHO) && flags.contains(LocalFlags::ICANON),
        "the terminal is not back to normal ({flags:?}); the screen:\n{}",
        term.screen()
    );
    let screen = term.screen();
    let menu = screen.find("Keep them somewhere safe").unwrap();
    assert!(
        screen[menu..].contains("\x1b[?25h"),
        "the cursor the menu hid is not shown again: {screen:?}"
    );
    // Nothing was saved: the codes were never confirmed.
    let status = env.json(&["backup-codes", "status", "alice"]);
    assert_eq!(status["total"], 0, "{status}");
}

#[test]
fn the_sheet_shown_and_the_file_saved_from_the_menu_have_the_same_header() {
    let env = Env::new();
    add_user(&env, "alice", None);
    set(&env, "mfa.alternates", "backup-codes");
    let mut term = Terminal::start(&env, &["backup-codes", "generate", "alice"]);
    term.wait_for("Password for alice");
    term.wait_until("echo off at the hidden prompt", |t| !t.echoes());
    term.type_in(&format!("{PASSWORD}\r"));
    term.wait_for("Keep them somewhere safe");
    term.type_in("\r"); // Save to a file
    term.wait_for("File name");
    term.type_in("sheet.txt\r");
    term.wait_for("saved to sheet.txt");
    term.type_in("\x1b[B\x1b[B\r"); // Done
    term.wait_for("Have you stored these codes");
    term.type_in("y\r");
    assert_eq!(term.exit_code(), Some(0), "{}", term.screen());

    let file = std::fs::read_to_string(env.path("sheet.txt")).expect("the saved file");
    let header = format!(
        "Backup codes for alice on {}\r\nGenerated ",
        crate::common::emergency::hostname()
    );
    assert!(term.screen().contains(&header), "{}", term.screen());
    assert!(
        file.starts_with(&header.replace('\r', "")),
        "no header in the saved file:\n{file}"
    );
    assert!(file.contains(": 10 codes. Each works once"), "{file}");
    let first = file.lines().nth(3).and_then(|l| l.strip_prefix(" 1. "));
    let first = first.unwrap_or_else(|| panic!("no first code:\n{file}"));
    assert!(term.screen().contains(first), "{}", term.screen());
    let out = env.run_stdin(
        &[
            "mfa",
            "verify",
            "alice",
            "--method",
            "backup-code",
            "--code-stdin",
        ],
        first,
    );
    assert_eq!(code(&out), 0, "{}", show(&out));
}
