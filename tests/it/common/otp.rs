//! The suite's one reference for HOTP and TOTP codes (RFC 4226, RFC 6238):
//! python3's `hmac`, `hashlib` and `base64`, independent of mfactl and of
//! the crates it uses. Every test that needs a code gets it from here.
//!
//! One python3 process serves the whole test run (started on first use,
//! ended when the test process closes its standard input), so a code costs
//! a line on a pipe, not a process.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The hash of a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alg {
    Sha1,
    Sha256,
    Sha512,
}

impl Alg {
    /// The name of the hash in python's `hashlib`.
    fn hashlib(self) -> &'static str {
        match self {
            Alg::Sha1 => "sha1",
            Alg::Sha256 => "sha256",
            Alg::Sha512 => "sha512",
        }
    }
}

/// Answers each line `KEY HASH DIGITS COUNTER` (KEY is `hex:…` or
/// `b32:…`) with the HOTP code, or with `error: …`.
const SCRIPT: &str = r#"
import base64, hashlib, hmac, struct, sys
for line in sys.stdin:
    try:
        key, alg, digits, counter = line.split()
        kind, text = key.split(":", 1)
        if kind == "b32":
            text = text.upper()
            k = base64.b32decode(text + "=" * (-len(text) % 8))
        else:
            k = bytes.fromhex(text)
        h = hmac.new(k, struct.pack(">Q", int(counter)), getattr(hashlib, alg)).digest()
        o = h[-1] & 15
        n = (struct.unpack(">I", h[o:o + 4])[0] & 0x7FFFFFFF) % 10 ** int(digits)
        print(str(n).zfill(int(digits)), flush=True)
    except Exception as e:
        print("error: %r" % (e,), flush=True)
"#;

struct Python {
    // Kept so that the process is never dropped; it ends with the tests.
    _child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

/// The HOTP code of `key` (`hex:…` or `b32:…`) at `counter`.
fn python_hotp(key: &str, alg: Alg, digits: u32, counter: u64) -> String {
    static PYTHON: OnceLock<Mutex<Python>> = OnceLock::new();
    let python = PYTHON.get_or_init(|| {
        let mut child = Command::new("python3")
            .args(["-c", SCRIPT])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("run python3 (the tests' reference TOTP implementation)");
        let stdin = child.stdin.take().expect("python3 stdin");
        let stdout = BufReader::new(child.stdout.take().expect("python3 stdout"));
        Mutex::new(Python {
            _child: child,
            stdin,
            stdout,
        })
    });
    let answer = {
        let mut p = python.lock().unwrap_or_else(PoisonError::into_inner);
        writeln!(p.stdin, "{key} {} {digits} {counter}", alg.hashlib()).expect("write to python3");
        let mut line = String::new();
        p.stdout.read_line(&mut line).expect("read from python3");
        line
    };
    let code = answer.trim_end();
    assert!(
        code.len() == digits as usize && code.bytes().all(|b| b.is_ascii_digit()),
        "python3 reference for {key} at {counter}: {answer:?}"
    );
    code.to_string()
}

/// The `digits`-digit HOTP code (RFC 4226) of `key` at `counter`; a TOTP
/// code (RFC 6238) is the HOTP code at the time step.
pub fn reference_hotp(key: &[u8], alg: Alg, digits: u32, counter: u64) -> String {
    python_hotp(&format!("hex:{}", hex::encode(key)), alg, digits, counter)
}

/// The code with mfactl's defaults (SHA-1, 6 digits) of a base32 seed, as
/// `mfa enroll` shows it, at time step `step`.
pub fn code_at_step(seed_b32: &str, step: u64) -> String {
    python_hotp(&format!("b32:{seed_b32}"), Alg::Sha1, 6, step)
}

/// The current code (SHA-1, 6 digits) of a base32 seed, for steps of
/// `period` seconds.
pub fn totp_now(seed_b32: &str, period: u64) -> String {
    code_at_step(seed_b32, current_step(period))
}

/// RFC 4648 base32 (upper or lower case, padding optional).
pub fn base32_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = Vec::new();
    let (mut buf, mut bits) = (0u64, 0u32);
    for c in s.trim_end_matches('=').bytes() {
        let v = ALPHABET
            .iter()
            .position(|a| *a == c.to_ascii_uppercase())
            .unwrap_or_else(|| panic!("not base32: {s:?}")) as u64;
        buf = (buf << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    out
}

// Time: never run a step-dependent command within a few seconds of a step
// boundary.

pub fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs_f64()
}

/// The time step of `period` seconds now.
pub fn current_step(period: u64) -> u64 {
    unix_now() as u64 / period
}

/// The current time step of `period` seconds, after waiting for the next
/// step when fewer than `margin` seconds remain in this one.
pub fn settled_step(period: u64, margin: u64) -> u64 {
    let now = unix_now();
    let left = period as f64 - now % period as f64;
    if left < margin as f64 {
        std::thread::sleep(Duration::from_secs_f64(left + 0.2));
    }
    current_step(period)
}

/// A code of `seed_b32` (30 s steps) the store has not seen: the next
/// step's, waiting for that step to begin.
pub fn fresh_code(seed_b32: &str) -> String {
    let step = current_step(30) + 1;
    let wait = (step * 30) as f64 + 0.3 - unix_now();
    std::thread::sleep(std::time::Duration::from_secs_f64(wait.max(0.0)));
    code_at_step(seed_b32, step)
}
