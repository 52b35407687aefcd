//! Test harness: every test gets its own temporary folder, a cleared
//! environment (HOME points into the folder) and its own store.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

pub mod emergency;
mod otp;
pub mod pam;
pub mod smtp;
pub mod unix;

pub use otp::*;

pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The store every command of this environment uses.
    pub fn db(&self) -> PathBuf {
        self.path("mfactl.db")
    }

    /// `mfactl` with a cleared environment and this test's store.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.process())
    }

    /// `mfactl` with the environment of `cmd`, as a plain
    /// `std::process::Command` (see `spawn`).
    pub fn process(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("mfactl"));
        cmd.env_clear()
            .env("HOME", self.dir.path())
            .env("MFACTL_DB", self.db())
            .env("NO_COLOR", "1")
            .current_dir(self.dir.path());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run mfactl")
    }

    pub fn run_stdin(&self, args: &[&str], stdin: &str) -> Output {
        self.cmd()
            .args(args)
            .write_stdin(stdin)
            .output()
            .expect("run mfactl")
    }

    /// Runs and asserts success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(code(&out), 0, "mfactl {args:?} failed:\n{}", stderr(&out));
        stdout(&out)
    }

    /// Runs with stdin and asserts success; returns stdout.
    pub fn ok_stdin(&self, args: &[&str], stdin: &str) -> String {
        let out = self.run_stdin(args, stdin);
        assert_eq!(code(&out), 0, "mfactl {args:?} failed:\n{}", stderr(&out));
        stdout(&out)
    }

    /// Runs and asserts the exit code; returns stderr.
    pub fn fails(&self, args: &[&str], expected: i32) -> String {
        let out = self.run(args);
        assert_eq!(
            code(&out),
            expected,
            "mfactl {args:?}: expected exit {expected}\nstdout: {}\nstderr: {}",
            stdout(&out),
            stderr(&out)
        );
        stderr(&out)
    }

    /// Asserts the command fails with `expected` and changes nothing in
    /// the store; returns stderr.
    pub fn refused(&self, args: &[&str], expected: i32) -> String {
        let before = dump(&self.db());
        let err = self.fails(args, expected);
        assert_eq!(
            before,
            dump(&self.db()),
            "mfactl {args:?} changed the store"
        );
        err
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut full = vec!["--json"];
        full.extend_from_slice(args);
        let out = self.ok(&full);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
    }

    pub fn conn(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.db()).expect("open store")
    }
}

pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every row of every table, as text: equal dumps mean an unchanged store.
pub fn dump(db: &Path) -> String {
    if !db.exists() {
        return String::from("(no store)");
    }
    let conn = rusqlite::Connection::open(db).expect("open store");
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables.sort();
    let mut out = String::new();
    for t in tables {
        out.push_str(&format!("## {t}\n"));
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1"))
            .unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let cells: Vec<String> = (0..n)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect();
            out.push_str(&cells.join("|"));
            out.push('\n');
        }
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    out.push_str(&format!("user_version={version}\n"));
    out
}

/// A real `mfactl` process (the environment of `Env::cmd`) with stdout and
/// stderr piped and, if `stdin`, a piped stdin (otherwise stdin is closed),
/// for processes that must run at the same time or be watched.
pub fn spawn(env: &Env, args: &[&str], stdin: bool) -> std::process::Child {
    use std::process::Stdio;
    env.process()
        .args(args)
        .stdin(if stdin { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn mfactl")
}

/// Like `Env::refused`, with standard input.
pub fn refused_stdin(env: &Env, args: &[&str], input: &str, expected: i32) -> String {
    let before = dump(&env.db());
    let out = env.run_stdin(args, input);
    assert_eq!(
        code(&out),
        expected,
        "mfactl {args:?}: expected exit {expected}\nstdout: {}\nstderr: {}",
        stdout(&out),
        stderr(&out)
    );
    assert_eq!(before, dump(&env.db()), "mfactl {args:?} changed the store");
    stderr(&out)
}

/// How many rows `sql` (a `SELECT count(*) …`) counts.
pub fn count(env: &Env, sql: &str) -> i64 {
    env.conn().query_row(sql, [], |r| r.get(0)).expect(sql)
}

/// The store and every file beside it named after it (`-wal`, `-shm`,
/// `-journal`, the key file and its companions), sorted.
pub fn store_files(env: &Env) -> Vec<PathBuf> {
    let db = env.db();
    let stem = db.file_name().expect("store file name").to_os_string();
    let folder = db.parent().expect("store folder");
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("read the store folder")
        .map(|entry| entry.expect("folder entry").path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.as_encoded_bytes().starts_with(stem.as_encoded_bytes()))
        })
        .collect();
    files.sort();
    files
}

/// Every byte of `store_files`, one file after the other.
pub fn store_bytes(env: &Env) -> Vec<u8> {
    let mut all = Vec::new();
    for p in store_files(env) {
        all.extend(std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())));
    }
    assert!(!all.is_empty(), "no store files found");
    all
}

/// Whether `needle` occurs in `haystack`.
pub fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// The permission bits of a file.
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Audit entries as JSON, `audit list` with `filter` arguments.
pub fn audit(env: &Env, filter: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["audit", "list"];
    args.extend_from_slice(filter);
    env.json(&args)
        .as_array()
        .expect("audit list --json is an array")
        .clone()
}

/// The `action` of every audit entry, in order.
pub fn actions(list: &[serde_json::Value]) -> Vec<String> {
    list.iter()
        .map(|e| {
            e["action"]
                .as_str()
                .expect("action is a string")
                .to_string()
        })
        .collect()
}

/// The `id` of every entry of a JSON list.
pub fn ids(list: &[serde_json::Value]) -> Vec<i64> {
    list.iter().map(|e| e["id"].as_i64().unwrap()).collect()
}

/// `user show NAME --json`.
pub fn user(env: &Env, name: &str) -> serde_json::Value {
    env.json(&["user", "show", name])
}

/// The password of the users `add_user` adds.
pub const PASSWORD: &str = "correct horse battery";
pub const ALICE_MAIL: &str = "alice@example.com";

/// A local user with `PASSWORD` and, if given, an email.
pub fn add_user(env: &Env, name: &str, email: Option<&str>) {
    let mut args = vec!["user", "add", name, "--password-stdin"];
    if let Some(e) = email {
        args.extend_from_slice(&["--email", e]);
    }
    env.ok_stdin(&args, PASSWORD);
}

/// Configures SMTP so that settings needing mail can be enabled.
pub fn with_smtp(env: &Env) {
    env.ok(&["settings", "set", "smtp.host", "127.0.0.1"]);
    env.ok(&["settings", "set", "smtp.from", "mfactl@example.com"]);
    // The shortest fixed answer of emergency requests: the tests' server
    // answers in milliseconds.
    env.ok(&[
        "settings",
        "set",
        "authentication.emergency_code.answer_time",
        "1s",
    ]);
}

/// Points the store at a plain-text SMTP server on 127.0.0.1:`port`.
pub fn use_smtp(env: &Env, port: u16) {
    env.ok(&["settings", "set", "smtp.host", "127.0.0.1"]);
    env.ok(&["settings", "set", "smtp.port", &port.to_string()]);
    env.ok(&["settings", "set", "smtp.security", "none"]);
    env.ok(&["settings", "set", "smtp.from", "mfactl@example.com"]);
    // The shortest fixed answer of emergency requests: the tests' server
    // answers in milliseconds.
    env.ok(&[
        "settings",
        "set",
        "authentication.emergency_code.answer_time",
        "1s",
    ]);
}

/// `mfactl settings set KEY VALUE`, which must succeed.
pub fn set(env: &Env, key: &str, value: &str) {
    env.ok(&["settings", "set", key, value]);
}

/// A command's exit code and output, for assertion messages.
pub fn show(out: &Output) -> String {
    format!(
        "exit {}\nstdout: {}\nstderr: {}",
        code(out),
        stdout(out),
        stderr(out)
    )
}

/// `cargo` for a build inside a test, in the workspace root, without the
/// variables cargo sets for the running test (`CARGO_MANIFEST_DIR`,
/// `CARGO_PKG_*`, …). Build scripts that watch them (ring's) would
/// otherwise run again and rebuild ring, rustls, lettre and mfactl here, and
/// once more at the next `cargo test` or `cargo build`.
pub fn cargo() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO"));
    for (name, _) in std::env::vars_os() {
        let Some(name) = name.to_str() else { continue };
        let set_by_cargo = name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_BIN_EXE_")
            || matches!(
                name,
                "CARGO_MANIFEST_DIR"
                    | "CARGO_MANIFEST_PATH"
                    | "CARGO_MANIFEST_LINKS"
                    | "CARGO_CRATE_NAME"
                    | "CARGO_BIN_NAME"
                    | "CARGO_PRIMARY_PACKAGE"
                    | "CARGO_TARGET_TMPDIR"
                    | "CARGO_RUSTC_CURRENT_DIR"
                    | "OUT_DIR"
            );
        if set_by_cargo {
            cmd.env_remove(name);
        }
    }
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}
