//! Helpers for the tests of emergency login and of the sessions it opens:
//! an environment with a live SMTP server and an eligible administrator,
//! and the request → email → login round trip.

use std::process::Output;

use serde_json::Value;

use crate::common::smtp::*;
use crate::common::*;

/// Symbols an emergency code may contain (no 0/O/1/I/L).
pub const ALPHABET: &str = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// An environment with a live SMTP server, emergency login enabled, and
/// `alice` (direct administrator, alice@example.com, emergency login on).
pub struct Emergency {
    pub env: Env,
    pub smtp: Smtp,
}

impl Emergency {
    pub fn new() -> Emergency {
        let env = Env::new();
        let smtp = Smtp::start();
        use_smtp(&env, smtp.port);
        env.ok(&[
            "settings",
            "set",
            "authentication.emergency_code.enabled",
            "true",
        ]);
        let me = Emergency { env, smtp };
        me.eligible("alice");
        me
    }

    /// Adds `name` as an eligible user: direct administrator with
    /// `name@example.com` and emergency login on.
    pub fn eligible(&self, name: &str) {
        let email = format!("{name}@example.com");
        self.env
            .ok(&["user", "add", name, "--email", &email, "--admin"]);
        self.env
            .ok(&["user", "set", name, "--emergency-login", "on"]);
    }

    /// Requests a code for `name` (must succeed) and returns the code from
    /// the email that arrived for `name@example.com`.
    pub fn request(&self, name: &str) -> String {
        let before = self.smtp.to(&format!("{name}@example.com")).len();
        self.env.ok(&["emergency", "request", name]);
        // The code is mailed after the answer, by the command's child.
        let mails = self
            .smtp
            .wait_for(&format!("{name}@example.com"), before + 1);
        assert_eq!(
            mails.len(),
            before + 1,
            "expected one new email for {name}, got {mails:?}"
        );
        code_in(&mails[mails.len() - 1].body())
    }

    /// `emergency login NAME --code-stdin` with `code` on stdin.
    pub fn login(&self, name: &str, code: &str) -> Output {
        self.env
            .run_stdin(&["emergency", "login", name, "--code-stdin"], code)
    }

    /// Logs in (must succeed) and returns the session token.
    pub fn login_ok(&self, name: &str, code: &str) -> String {
        let out = self.login(name, code);
        assert_eq!(
            code_of(&out),
            0,
            "emergency login {name} failed:\n{}",
            stderr(&out)
        );
        stdout(&out).trim().to_string()
    }

    /// Requests a code and logs in with it; returns the token.
    pub fn session(&self, name: &str) -> String {
        let code = self.request(name);
        self.login_ok(name, &code)
    }

    /// `audit list --json --action emergency`.
    pub fn audit(&self) -> Vec<Value> {
        audit(&self.env, &["--action", "emergency"])
    }
}

impl Default for Emergency {
    fn default() -> Self {
        Emergency::new()
    }
}

/// The exit code (a name that does not clash with a local `code`).
pub fn code_of(out: &Output) -> i32 {
    code(out)
}

/// Whether `line` is `XXXX-XXXX-XXXX` with X in `[2-9A-Z]`.
pub fn is_code_line(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() == 14
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 9 {
                *c == b'-'
            } else {
                matches!(c, b'2'..=b'9' | b'A'..=b'Z')
            }
        })
}

/// The one code line of an email body.
pub fn code_in(body: &str) -> String {
    let lines: Vec<&str> = body
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| is_code_line(l))
        .collect();
    assert_eq!(
        lines.len(),
        1,
        "expected exactly one XXXX-XXXX-XXXX line in:\n{body}"
    );
    lines[0].to_string()
}

/// The `details.outcome` of every entry with exactly `action`, for `target`.
pub fn outcomes(entries: &[Value], action: &str, target: &str) -> Vec<String> {
    entries
        .iter()
        .filter(|e| e["action"] == action && e["target"] == target)
        .map(|e| e["details"]["outcome"].as_str().unwrap_or("").to_string())
        .collect()
}

/// SHA-256 of `text`, as lower-case hex.
pub fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

/// This host's name, as the emails show it.
pub fn hostname() -> String {
    nix::unistd::gethostname()
        .expect("hostname")
        .into_string()
        .expect("UTF-8 hostname")
}

/// Replaces every RFC 3339 timestamp (`2026-11-23T15:02:46Z`) by `<TIME>`.
pub fn without_times(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        if i + 20 <= b.len() && is_time(&b[i..i + 20]) {
            out.push_str("<TIME>");
            i += 20;
        } else {
            let ch = text[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

fn is_time(b: &[u8]) -> bool {
    let pattern = b"dddd-dd-ddTdd:dd:ddZ";
    b.iter().zip(pattern).all(|(c, p)| match p {
        b'd' => c.is_ascii_digit(),
        _ => c == p,
    })
}
