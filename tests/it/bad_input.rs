//! Every command fed bad values.
//!
//! The clap definitions are walked (through the `#[path]` include, as
//! `generated` does), so a new command or argument is covered as
//! soon as it exists: the table of valid values below then has to name a
//! valid value for it, or the test fails and says so.
//!
//! For every leaf subcommand a valid baseline invocation is built from that
//! table and run once, to check that the baseline really is valid. Then, for
//! each argument in turn, its value is replaced by each of a list of bad
//! values (empty, very long, not UTF-8, wrong types, injection attempts,
//! control characters), and every run must:
//!
//! - exit with one of the documented codes (0, 1, 2, 3, 4, 5, 69);
//! - never panic (no "panicked" or "RUST_BACKTRACE" on stderr);
//! - never echo a raw ESC (0x1b) or BEL (0x07) to the terminal, on stderr
//!   or stdout (a name echoed in a reply is as much an injection as one in
//!   an error message);
//! - leave the store unchanged when it fails — except that a failed
//!   authentication (exit 3) or a lock (exit 4) is audited and counted, as
//!   the README documents ("Every outcome is audited", "Every failure
//!   counts"): those may append to the audit log and move the failure
//!   counters, nothing else.
//!
//! After the bad values of a command, the administrator's views (`audit
//! list`, `user list`, `status`, …) must not replay anything they stored
//! as escapes either.
//!
//! Every run passes `--no-input`, so nothing can wait for a prompt; no
//! command needs to be skipped. Options are given as `--long=VALUE` and
//! positionals after `--`, so that values such as `-5` reach mfactl's own
//! parsing instead of being taken for flags.
//!
//! Global path options (`--db`, `--key-file`) are checked separately, from
//! a folder deep enough that `../../../../etc/passwd` stays inside the
//! test's temporary folder: mfactl creates and chmods store files, and
//! these tests may run as root.
//!
//! What commands read on standard input (passwords, codes, tokens, `-`
//! files) gets the same bad values and more (NUL, a lone line break, over
//! 1 MiB). The file inputs (`settings import`, `user import`) are also fed
//! whole bad files: /etc/passwd, random bytes, truncated, empty, duplicate
//! keys or names, CSV formulas and line breaks inside quoted fields: a clear
//! error, exit 2 (1 for a user that exists), and the store unchanged.

use crate::args;

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use crate::common::emergency::code_in;
use crate::common::smtp::*;
use crate::common::*;
use clap::{Arg, ArgAction, CommandFactory};

// ---------------------------------------------------------------- values

const DOCUMENTED: &[i32] = &[0, 1, 2, 3, 4, 5, 69];

/// The bad values every argument is fed.
fn bad_values() -> Vec<OsString> {
    vec![
        // Empty, and far too long.
        OsString::new(),
        OsString::from("x".repeat(5001)),
        // Not UTF-8.
        OsString::from_vec(b"bad\xff\xfe\x80value".to_vec()),
        // Wrong types: not a number, negative, too large for any integer.
        OsString::from("abc"),
        OsString::from("-5"),
        OsString::from("99999999999999999999"),
        // SQL injection, path traversal, terminal escapes (clear screen, set
        // the window title, bell), a spreadsheet formula, a line break.
        OsString::from("'; DROP TABLE users;--"),
        OsString::from("../../../../etc/passwd"),
        OsString::from("\u{1b}[2J\u{1b}]0;x\u{7}"),
        OsString::from("=cmd|' /C calc'!A0"),
        OsString::from("a\nb"),
    ]
}

/// A file name no earlier run used, for arguments that create a new file.
fn fresh_file(env: &Env, stem: &str) -> OsString {
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    env.path(&format!("{stem}-{n}")).into_os_string()
}

/// A valid value for argument `id` of the leaf command `path` (e.g.
/// `"user add"`), or `None` when the table has none (the test then fails
/// and asks for one).
fn valid_value(env: &Env, path: &str, id: &str) -> Option<OsString> {
    let v = |s: &str| Some(OsString::from(s));
    // Per-command values first: names that must be new, or must be
    // removable without breaking a policy, and so on.
    let specific = match (path, id) {
        ("settings unset", "key") => v("smtp.timeout"),
        ("settings import", "file") => Some(env.path("settings.toml").into_os_string()),
        ("user add", "name") => v("carol"),
        ("user add", "email") => v("carol@example.com"),
        ("user remove", "name") => v("eve"),
        ("user import", "file") => Some(env.path("users.csv").into_os_string()),
        ("group add", "name") => v("devs"),
        ("group remove", "name") => v("temp"),
        ("group add-member", "user") => v("bob"),
        ("policy add", "name") => v("office2"),
        ("policy remove", "name") | ("policy move", "name") => v("legacy"),
        ("audit list", "action") => v("user"),
        ("mfa challenge", "method") => v("email"),
        ("mfa verify", "method") => v("backup-code"),
        ("mfa enroll", "qr_svg") => Some(fresh_file(env, "qr.svg")),
        ("backup-codes generate", "output") => Some(fresh_file(env, "codes.txt")),
        ("pam daemon", "socket") => Some(env.path("run/pam.sock").into_os_string()),
        _ => None,
    };
    if specific.is_some() {
        return specific;
    }
    match id {
        "user" | "name" => v("alice"),
        "group" => v("ops"),
        "key" => v("smtp.host"),
        "value" => v("mail.example.com"),
        "id" => v("1"),
        "position" => v("1"),
        "ip" => v("10.0.0.1"),
        "to" => v("a@example.com"),
        "method" => v("totp"),
        "email" => v("alice@example.com"),
        "admin" => v("true"),
        "emergency_login" => v("on"),
        "mfa_type" => v("totp"),
        "target" => v("mfa"),
        "action" => v("skipped"),
        "users" => v("alice"),
        "groups" => v("ops"),
        "networks" => v("10.0.0.0/8"),
        "since" => v("24h"),
        "limit" => v("10"),
        "format" => v("toml"),
        "label" => v("phone"),
        _ => None,
    }
}

/// Flags a baseline needs, and what it reads on standard input, prepared
/// in `env` (a code from an email, a session token, …).
fn baseline_extras(env: &Env, smtp: &Smtp, path: &str) -> (Vec<&'static str>, String) {
    match path {
        "user passwd" => (vec!["--password-stdin"], "another good password".into()),
        "login" => (vec!["--password-stdin"], format!("{PASSWORD}\n")),
        "emergency login" => {
            let before = smtp.to("alice@example.com").len();
            env.ok(&["emergency", "request", "alice"]);
            let mails = smtp.wait_for("alice@example.com", before + 1);
            let last = mails.last().expect("an emergency code email");
            (vec!["--code-stdin"], code_in(&last.body()))
        }
        "mfa confirm" => {
            let enrolled = env.json(&["mfa", "enroll", "alice"]);
            let secret = enrolled["secret"].as_str().expect("secret").to_string();
            (vec!["--code-stdin"], totp_now(&secret, 30))
        }
        "mfa remove" => {
            env.ok(&["mfa", "enroll", "alice"]);
            (vec![], String::new())
        }
        "mfa verify" => {
            let generated = env.json(&["--no-input", "backup-codes", "generate", "alice"]);
            let code = generated["codes"][0].as_str().expect("a code").to_string();
            (vec!["--code-stdin"], code)
        }
        "session check" => {
            let out = env.ok_stdin(
                &["login", "alice", "--password-stdin", "--ip", "10.0.0.1"],
                PASSWORD,
            );
            (vec![], out.trim().to_string())
        }
        _ => (vec![], String::new()),
    }
}

// ---------------------------------------------------------------- the store

/// A store prepared once and copied for every command: SMTP (its port is
/// set per copy), emergency login, TOTP and email authenticators, email
/// and backup-code alternates; alice (direct administrator with an email,
/// a password and emergency login, member of the administrator group ops),
/// bob (local, with a password), eve (nothing else), the empty group temp; the policies office
/// (no MFA from 10.0.0.0/8) and legacy (login allowed for bob); and one
/// session (id 1). (It lives as long as the test process; statics are
/// never dropped, so its temporary folder stays behind, a few hundred KB.)
fn template() -> &'static Path {
    static TEMPLATE: OnceLock<tempfile::TempDir> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let env = Env::new();
            use_smtp(&env, dead_port());
            for (key, value) in [
                ("mfa.authenticators", "totp,email"),
                ("mfa.alternates", "email,backup-codes"),
                ("authentication.emergency_code.enabled", "true"),
            ] {
                env.ok(&["settings", "set", key, value]);
            }
            env.ok_stdin(
                &[
                    "user",
                    "add",
                    "alice",
                    "--email",
                    "alice@example.com",
                    "--admin",
                    "--password-stdin",
                ],
                PASSWORD,
            );
            env.ok(&["user", "set", "alice", "--emergency-login", "on"]);
            env.ok_stdin(
                &[
                    "user",
                    "add",
                    "bob",
                    "--email",
                    "bob@example.com",
                    "--password-stdin",
                ],
                PASSWORD,
            );
            env.ok(&["user", "add", "eve"]);
            env.ok(&["group", "add", "ops", "--admin"]);
            env.ok(&["group", "add-member", "ops", "alice"]);
            env.ok(&["group", "add", "temp"]);
            env.ok(&[
                "policy",
                "add",
                "office",
                "--target",
                "mfa",
                "--ip",
                "10.0.0.0/8",
                "--action",
                "skipped",
            ]);
            env.ok(&[
                "policy", "add", "legacy", "--target", "login", "--user", "bob", "--action",
                "allow",
            ]);
            env.ok_stdin(
                &["login", "alice", "--password-stdin", "--ip", "10.0.0.1"],
                PASSWORD,
            );
            env.dir
        })
        .path()
}

/// A copy of the template store, with SMTP pointing at `smtp`, and the
/// valid input files the baselines use.
fn fresh_env(smtp: &Smtp) -> Env {
    let env = Env::new();
    for entry in std::fs::read_dir(template()).expect("template") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        if name.to_string_lossy().starts_with("mfactl.db") {
            std::fs::copy(entry.path(), env.dir.path().join(&name)).expect("copy store");
        }
    }
    env.ok(&["settings", "set", "smtp.port", &smtp.port.to_string()]);
    std::fs::write(env.path("settings.toml"), "[smtp]\ntimeout = \"20s\"\n").unwrap();
    std::fs::write(
        env.path("users.csv"),
        "name,email,admin,directory,groups\ndave,dave@example.com,false,false,ops\n",
    )
    .unwrap();
    env
}

/// Like `common::dump`, but for a failed authentication (exit 3) or a
/// lock (exit 4) it leaves out what such a failure is documented to
/// change: the audit log (and its head), the events counted by rate limits
/// (requests, wrong emergency codes), and each user's failure counters.
fn dump_for(db: &Path, relaxed: bool) -> String {
    if !relaxed {
        return dump(db);
    }
    let conn = rusqlite::Connection::open(db).expect("open store");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for t in tables {
        let sql = match t.as_str() {
            "audit" | "rate_events" => continue,
            "meta" => {
                "SELECT * FROM meta WHERE key NOT IN ('audit_head', 'audit_head_mac') ORDER BY 1"
                    .to_string()
            }
            "users" => "SELECT id, name, name_key, email, source, password_hash, is_admin, \
                        emergency_login, mfa_type, created_at FROM users ORDER BY 1"
                .to_string(),
            _ => format!("SELECT * FROM \"{t}\" ORDER BY 1"),
        };
        out.push_str(&format!("## {t}\n"));
        let mut stmt = conn.prepare(&sql).unwrap();
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
    out
}

// ---------------------------------------------------------------- running

fn show(args: &[OsString], out: &Output) -> String {
    format!(
        "mfactl {}\nexit {}\nstdout: {}\nstderr: {}",
        clip(&format!("{args:?}")),
        code(out),
        clip(&stdout(out)),
        clip(&stderr(out))
    )
}

/// Output for a failure message: control characters escaped (never raw
/// escapes in the test's own output) and long text cut.
fn clip(text: &str) -> String {
    let shown: String = text.escape_debug().collect();
    if shown.chars().count() > 600 {
        let cut: String = shown.chars().take(600).collect();
        format!("{cut}… ({} characters)", text.chars().count())
    } else {
        shown
    }
}

/// Runs mfactl in `env` and checks the rules every run must keep; a
/// broken rule is added to `problems`. Returns the output.
fn run_checked(env: &Env, args: &[OsString], stdin: &str, problems: &mut Vec<String>) -> Output {
    let before = dump(&env.db());
    let before_relaxed = dump_for(&env.db(), true);
    let out = env
        .cmd()
        .args(args)
        .write_stdin(stdin.as_bytes().to_vec())
        .output()
        .expect("run mfactl");
    problems.extend(rule_violations(args, &out));
    let c = code(&out);
    if (c == 3 || c == 4) && before_relaxed != dump_for(&env.db(), true) {
        problems.push(format!(
            "a failed authentication changed more than the audit log and the failure \
             counters:\n{}",
            show(args, &out)
        ));
    } else if c != 0 && c != 3 && c != 4 && before != dump(&env.db()) {
        problems.push(format!(
            "a failed command changed the store:\n{}",
            show(args, &out)
        ));
    }
    out
}

/// What breaks the rules for every run, whatever the store.
fn rule_violations(args: &[OsString], out: &Output) -> Vec<String> {
    let mut problems = Vec::new();
    if !DOCUMENTED.contains(&code(out)) {
        problems.push(format!("undocumented exit code:\n{}", show(args, out)));
    }
    let err = stderr(out);
    if err.contains("panicked") || err.contains("RUST_BACKTRACE") {
        problems.push(format!("mfactl panicked:\n{}", show(args, out)));
    }
    for (stream, bytes) in [("stderr", &out.stderr), ("stdout", &out.stdout)] {
        if let Some(at) = bytes.iter().position(|b| *b == 0x1b || *b == 0x07) {
            let start = bytes[..at]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1);
            let end = bytes[at..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(bytes.len(), |i| at + i);
            let line = String::from_utf8_lossy(&bytes[start..end]);
            problems.push(format!(
                "a raw ESC or BEL reached {stream} (terminal escape injection) in the line \
                 {}\n{}",
                clip(line.trim_end()),
                show(args, out)
            ));
        }
    }
    problems
}

/// Asserts `run_checked` found nothing, listing everything it found.
fn assert_no_problems(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} problem(s):\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

// ---------------------------------------------------------------- the tree

/// A leaf subcommand: its path (`["user", "add"]`) and definition.
struct Leaf {
    path: Vec<String>,
    cmd: clap::Command,
}

impl Leaf {
    fn name(&self) -> String {
        self.path.join(" ")
    }

    /// Its own arguments (not the global ones, not help).
    fn args(&self) -> Vec<&Arg> {
        self.cmd
            .get_arguments()
            .filter(|a| !a.is_global_set() && !matches!(a.get_id().as_str(), "help" | "version"))
            .collect()
    }

    fn conflict(&self, a: &Arg, b: &Arg) -> bool {
        let ab = self
            .cmd
            .get_arg_conflicts_with(a)
            .iter()
            .any(|x| x.get_id() == b.get_id());
        let ba = self
            .cmd
            .get_arg_conflicts_with(b)
            .iter()
            .any(|x| x.get_id() == a.get_id());
        ab || ba
    }
}

fn takes_value(a: &Arg) -> bool {
    matches!(a.get_action(), ArgAction::Set | ArgAction::Append)
}

fn leaves() -> Vec<Leaf> {
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Leaf>) {
        if cmd.get_subcommands().next().is_none() {
            out.push(Leaf {
                path,
                cmd: cmd.clone(),
            });
            return;
        }
        for sub in cmd.get_subcommands() {
            let mut p = path.clone();
            p.push(sub.get_name().to_string());
            walk(sub, p, out);
        }
    }
    let mut root = args::Cli::command();
    root.build();
    let mut out = Vec::new();
    walk(&root, Vec::new(), &mut out);
    out
}

/// The command line for `leaf` with `varied` set to `value` and every other
/// value argument that does not conflict with it at its valid value.
fn command_line(
    env: &Env,
    leaf: &Leaf,
    flags: &[&str],
    varied: Option<(&Arg, &OsString)>,
) -> Vec<OsString> {
    let name = leaf.name();
    let mut included: Vec<&Arg> = Vec::new();
    if let Some((a, _)) = varied {
        included.push(a);
    }
    for a in leaf.args().into_iter().filter(|a| takes_value(a)) {
        if included.iter().any(|b| b.get_id() == a.get_id()) {
            continue;
        }
        if included.iter().any(|b| leaf.conflict(a, b)) {
            continue;
        }
        included.push(a);
    }
    let value_of = |a: &Arg| -> OsString {
        match varied {
            Some((v, value)) if v.get_id() == a.get_id() => value.clone(),
            _ => valid_value(env, &name, a.get_id().as_str()).unwrap_or_else(|| {
                panic!(
                    "no valid value for `{}` of `mfactl {name}`: add one to valid_value()",
                    a.get_id()
                )
            }),
        }
    };
    let mut line: Vec<OsString> = vec!["--no-input".into()];
    line.extend(leaf.path.iter().map(OsString::from));
    line.extend(flags.iter().map(OsString::from));
    let mut positionals: Vec<&Arg> = included
        .iter()
        .copied()
        .filter(|a| a.is_positional())
        .collect();
    positionals.sort_by_key(|a| a.get_index());
    for a in included.iter().filter(|a| !a.is_positional()) {
        let long = a.get_long().expect("an option without a long name");
        let mut opt = OsString::from(format!("--{long}="));
        opt.push(value_of(a));
        line.push(opt);
    }
    if !positionals.is_empty() {
        line.push("--".into());
        for a in positionals {
            line.push(value_of(a));
        }
    }
    line
}

/// Runs the baseline of every leaf under `group`, then every argument with
/// every bad value; fails at the end with every problem found.
fn check_group(group: &str) {
    let smtp = Smtp::start();
    let all = leaves();
    let mine: Vec<&Leaf> = all.iter().filter(|l| l.path[0] == group).collect();
    assert!(!mine.is_empty(), "no command `{group}`");
    let mut problems = Vec::new();
    for leaf in mine {
        let name = leaf.name();

        // The baseline must be valid, or the bad values below would only
        // test the error it already has.
        let env = fresh_env(&smtp);
        let (flags, stdin) = baseline_extras(&env, &smtp, &name);
        let line = command_line(&env, leaf, &flags, None);
        let out = run_checked(&env, &line, &stdin, &mut problems);
        if code(&out) != 0 {
            problems.push(format!("baseline failed:\n{}", show(&line, &out)));
        }

        // Each argument with each bad value, in a fresh copy of the store.
        let env = fresh_env(&smtp);
        let (flags, stdin) = baseline_extras(&env, &smtp, &name);
        let usage = |line: Vec<OsString>, problems: &mut Vec<String>| {
            let out = run_checked(&env, &line, &stdin, problems);
            if code(&out) != 2 {
                problems.push(format!("expected exit 2:\n{}", show(&line, &out)));
            }
        };
        for arg in leaf.args() {
            if takes_value(arg) {
                for value in bad_values() {
                    let line = command_line(&env, leaf, &flags, Some((arg, &value)));
                    run_checked(&env, &line, &stdin, &mut problems);
                }
                // Also given twice, where it may be given once only.
                if matches!(arg.get_action(), ArgAction::Set) && !arg.is_positional() {
                    let mut line = command_line(&env, leaf, &flags, None);
                    let long = arg.get_long().expect("long");
                    line.push(format!("--{long}=x").into());
                    usage(line, &mut problems);
                }
            } else {
                // A flag given a value is a usage error, whatever the value.
                let long = arg.get_long().expect("a flag without a long name");
                for value in bad_values() {
                    let mut line = command_line(&env, leaf, &flags, None);
                    let mut flag = OsString::from(format!("--{long}="));
                    flag.push(&value);
                    line.push(flag);
                    usage(line, &mut problems);
                }
            }
        }
        // Whatever the bad values left in the store (names in the audit
        // log, for instance) must not reach a terminal as escapes when an
        // administrator looks at it later.
        for view in VIEWS {
            let line: Vec<OsString> = view.iter().map(OsString::from).collect();
            run_checked(&env, &line, "", &mut problems);
        }
    }
    assert_no_problems(&problems);
}

/// Commands an administrator runs to look at the store.
const VIEWS: &[&[&str]] = &[
    &["audit", "list"],
    &["audit", "list", "--action", "emergency"],
    &["user", "list"],
    &["group", "list"],
    &["policy", "list"],
    &["session", "list", "--all"],
    &["mail", "queue"],
    &["settings", "show"],
    &["status"],
];

/// The top-level commands, each checked by one test below.
const GROUPS: &[&str] = &[
    "status",
    "settings",
    "user",
    "group",
    "policy",
    "audit",
    "emergency",
    "session",
    "mail",
    "mfa",
    "backup-codes",
    "key",
    "login",
];

#[test]
fn every_command_is_covered() {
    let mut root = args::Cli::command();
    root.build();
    let mut names: Vec<String> = root
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|n| n != "help")
        // `self` runs only through sudo: its bad input is checked there
        // (self_service::bad_input_through_sudo_changes_nothing). `pam`
        // serves the PAM module (a daemon that does not return, a helper
        // that speaks a protocol on stdin): pam_daemon checks its bad input.
        .filter(|n| n != "self" && n != "pam")
        .collect();
    names.sort();
    let mut groups: Vec<String> = GROUPS.iter().map(|s| s.to_string()).collect();
    groups.sort();
    assert_eq!(names, groups, "a command group has no bad-input test below");

    // Every value argument of every leaf has a valid value in the table.
    let env = Env::new();
    for leaf in leaves() {
        for a in leaf.args().into_iter().filter(|a| takes_value(a)) {
            assert!(
                valid_value(&env, &leaf.name(), a.get_id().as_str()).is_some(),
                "no valid value for `{}` of `mfactl {}`",
                a.get_id(),
                leaf.name()
            );
        }
    }
}

#[test]
fn status_bad_input() {
    check_group("status");
}

#[test]
fn settings_bad_input() {
    check_group("settings");
}

#[test]
fn user_bad_input() {
    check_group("user");
}

#[test]
fn group_bad_input() {
    check_group("group");
}

#[test]
fn policy_bad_input() {
    check_group("policy");
}

#[test]
fn audit_bad_input() {
    check_group("audit");
}

#[test]
fn emergency_bad_input() {
    check_group("emergency");
}

#[test]
fn session_bad_input() {
    check_group("session");
}

#[test]
fn mail_bad_input() {
    check_group("mail");
}

#[test]
fn mfa_bad_input() {
    check_group("mfa");
}

#[test]
fn backup_codes_bad_input() {
    check_group("backup-codes");
}

#[test]
fn key_bad_input() {
    check_group("key");
}

#[test]
fn login_bad_input() {
    check_group("login");
}

// ---------------------------------------------------------------- stdin

/// Runs mfactl with these bytes on standard input. The write may fail when
/// mfactl stops reading early (it reads at most 1 MiB): that is fine.
fn run_with_stdin(env: &Env, args: &[OsString], input: Vec<u8>) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("mfactl"))
        .env_clear()
        .env("HOME", env.dir.path())
        .env("MFACTL_DB", env.db())
        .env("NO_COLOR", "1")
        .current_dir(env.dir.path())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run mfactl");
    let mut pipe = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait for mfactl");
    let _ = writer.join();
    out
}

/// What commands read on standard input (secrets, codes, tokens, files),
/// fed bad values: the same rules as for arguments.
#[test]
fn stdin_bad_input() {
    let smtp = Smtp::start();
    let readers: &[&[&str]] = &[
        &["settings", "set", "smtp.password", "--stdin"],
        &["settings", "set", "smtp.host", "--stdin"],
        &["settings", "import", "-"],
        &["settings", "import", "--format", "json", "-"],
        &["user", "add", "carol", "--password-stdin"],
        &["user", "passwd", "alice", "--password-stdin"],
        &["user", "import", "-"],
        &["login", "alice", "--password-stdin"],
        &[
            "login",
            "alice",
            "--password-stdin",
            "--code-stdin",
            "--method",
            "totp",
        ],
        &[
            "login",
            "alice",
            "--password-stdin",
            "--code-stdin",
            "--method",
            "backup-code",
        ],
        &[
            "mfa",
            "verify",
            "alice",
            "--method",
            "backup-code",
            "--code-stdin",
        ],
        &[
            "mfa",
            "verify",
            "alice",
            "--method",
            "email",
            "--code-stdin",
        ],
        &["mfa", "confirm", "alice", "--code-stdin"],
        &["emergency", "login", "alice", "--code-stdin"],
        &["session", "check"],
    ];
    let mut inputs: Vec<Vec<u8>> = bad_values()
        .into_iter()
        .map(OsStringExt::into_vec)
        .collect();
    inputs.extend([
        b"\n".to_vec(),
        b"\r\n".to_vec(),
        b"with\0nul".to_vec(),
        format!("{PASSWORD}\n\u{1b}[2J\u{1b}]0;x\u{7}\n").into_bytes(),
        [PASSWORD.as_bytes(), b"\xff"].concat(),
        [PASSWORD.as_bytes(), b"\n\xff\xfe\n"].concat(),
        vec![b'a'; (1 << 20) + 10],
    ]);
    let mut problems = Vec::new();
    for reader in readers {
        let env = fresh_env(&smtp);
        // A pending TOTP enrolment, so `mfa confirm` reaches the code.
        env.ok(&["mfa", "enroll", "alice"]);
        for input in &inputs {
            let line: Vec<OsString> = std::iter::once("--no-input")
                .chain(reader.iter().copied())
                .map(OsString::from)
                .collect();
            let before = dump(&env.db());
            let before_relaxed = dump_for(&env.db(), true);
            let out = run_with_stdin(&env, &line, input.clone());
            problems.extend(rule_violations(&line, &out));
            let c = code(&out);
            let changed = if c == 3 || c == 4 {
                before_relaxed != dump_for(&env.db(), true)
            } else {
                c != 0 && before != dump(&env.db())
            };
            if changed {
                problems.push(format!(
                    "a failed command changed the store (stdin {}):\n{}",
                    clip(&String::from_utf8_lossy(input)),
                    show(&line, &out)
                ));
            }
        }
        env.ok(&["user", "unlock", "alice"]);
        for view in VIEWS {
            let line: Vec<OsString> = view.iter().map(OsString::from).collect();
            run_checked(&env, &line, "", &mut problems);
        }
    }
    assert_no_problems(&problems);
}

// ---------------------------------------------------------------- globals

/// `--db` and `--key-file` with every bad value, on a read, a write and a
/// command that needs the key. Run from five folders deep inside the test's
/// folder, so the traversal value names a path there, not the real
/// /etc/passwd (these tests may run as root, and mfactl creates store files).
#[test]
fn global_path_options_bad_input() {
    let smtp = Smtp::start();
    let env = fresh_env(&smtp);
    let deep = env.path("a/b/c/d/e");
    std::fs::create_dir_all(&deep).unwrap();
    let mut problems = Vec::new();
    let commands: &[&[&str]] = &[
        &["status"],
        &["settings", "set", "smtp.host", "mail.example.com"],
        &["key", "rotate"],
    ];
    for option in ["--db", "--key-file"] {
        for command in commands {
            for value in bad_values() {
                let mut line: Vec<OsString> = vec!["--no-input".into()];
                let mut opt = OsString::from(format!("{option}="));
                opt.push(&value);
                line.push(opt);
                line.extend(command.iter().map(OsString::from));
                let before = dump(&env.db());
                let out = env
                    .cmd()
                    .current_dir(&deep)
                    .args(&line)
                    .output()
                    .expect("run mfactl");
                problems.extend(rule_violations(&line, &out));
                if code(&out) != 0 && before != dump(&env.db()) {
                    problems.push(format!("the store changed:\n{}", show(&line, &out)));
                }
            }
        }
    }
    assert_no_problems(&problems);
    assert!(
        !Path::new("/etc/passwd-wal").exists() && !Path::new("/etc/passwd.key").exists(),
        "a store file appeared beside /etc/passwd"
    );
}

// ---------------------------------------------------------------- files

/// A file in `env` with these bytes.
fn file(env: &Env, name: &str, bytes: &[u8]) -> PathBuf {
    let p = env.path(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Random-looking bytes (a fixed xorshift sequence: reproducible), not UTF-8.
fn random_bytes(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut out: Vec<u8> = (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    out[0] = 0xff;
    out
}

/// Bad input files, checked one after the other; every problem is
/// collected and reported at the end.
struct Files<'a> {
    env: &'a Env,
    problems: Vec<String>,
}

impl Files<'_> {
    /// A file in the environment with these bytes; returns its path.
    fn file(&self, name: &str, bytes: &[u8]) -> String {
        file(self.env, name, bytes).to_string_lossy().into_owned()
    }

    /// Runs `mfactl --no-input ARGS` and checks the exit code, the rules of
    /// every run, an unchanged store, and an error message on stderr.
    /// Returns stderr.
    fn refused(&mut self, args: &[&str], expected: i32) -> String {
        let line: Vec<OsString> = std::iter::once("--no-input")
            .chain(args.iter().copied())
            .map(OsString::from)
            .collect();
        let before = dump(&self.env.db());
        let out = self.env.cmd().args(&line).output().expect("run mfactl");
        self.problems.extend(rule_violations(&line, &out));
        if code(&out) != expected {
            self.problems
                .push(format!("expected exit {expected}:\n{}", show(&line, &out)));
        }
        if before != dump(&self.env.db()) {
            self.problems
                .push(format!("the store changed:\n{}", show(&line, &out)));
        }
        let err = stderr(&out);
        if !err.starts_with("error: ") {
            self.problems
                .push(format!("no clear error:\n{}", show(&line, &out)));
        }
        err
    }

    /// Like `refused`, and the message must contain `what`.
    fn refused_saying(&mut self, args: &[&str], expected: i32, what: &str) {
        let err = self.refused(args, expected);
        if !err.contains(what) {
            self.problems.push(format!(
                "mfactl {args:?}: the error does not say {what:?}: {err}"
            ));
        }
    }
}

#[test]
fn settings_import_refuses_bad_files() {
    let smtp = Smtp::start();
    let env = fresh_env(&smtp);
    let mut f = Files {
        env: &env,
        problems: Vec::new(),
    };

    f.refused(&["settings", "import", "/etc/passwd"], 2);
    f.refused(
        &["settings", "import", "--format", "json", "/etc/passwd"],
        2,
    );

    let random = f.file("random.toml", &random_bytes(4096));
    f.refused_saying(&["settings", "import", &random], 2, "UTF-8");
    let random = f.file("random.json", &random_bytes(4096));
    f.refused_saying(&["settings", "import", &random], 2, "UTF-8");

    let truncated = f.file(
        "truncated.toml",
        b"[smtp]\nhost = \"mail.example.com\"\nport = 25\ntimeout = \"2",
    );
    f.refused_saying(&["settings", "import", &truncated], 2, "line 4");
    let truncated = f.file(
        "truncated.json",
        br#"{"smtp": {"host": "mail.example.com", "port": 2"#,
    );
    f.refused(&["settings", "import", &truncated], 2);

    let empty = f.file("empty.toml", b"");
    f.refused(&["settings", "import", &empty], 2);
    let empty = f.file("empty.json", b"");
    f.refused(&["settings", "import", &empty], 2);
    let empty = f.file("empty-table.json", b"{}");
    f.refused(&["settings", "import", &empty], 2);

    // The same key twice: in one table, as a table and a quoted dotted key,
    // and in JSON (where a lenient parser silently keeps the last one).
    let dup = f.file("dup.toml", b"[smtp]\nport = 25\nport = 26\n");
    f.refused(&["settings", "import", &dup], 2);
    let dup = f.file(
        "dup-dotted.toml",
        b"\"smtp.port\" = 25\n[smtp]\nport = 26\n",
    );
    f.refused(&["settings", "import", &dup], 2);
    let dup = f.file(
        "dup-dotted.json",
        br#"{"smtp.port": 25, "smtp": {"port": 26}}"#,
    );
    f.refused(&["settings", "import", &dup], 2);
    let dup = f.file("dup.json", br#"{"smtp": {"port": 25, "port": 26}}"#);
    f.refused(&["settings", "import", &dup], 2);
    let dup = f.file(
        "dup-top.json",
        br#"{"smtp": {"port": 25}, "smtp": {"host": "mail.example.com"}}"#,
    );
    f.refused(&["settings", "import", &dup], 2);

    // Bad values inside an otherwise good file: none of it is applied.
    let bad = f.file(
        "bad-value.toml",
        b"[smtp]\nhost = \"mail.example.com\"\nport = \"'; DROP TABLE users;--\"\n",
    );
    f.refused(&["settings", "import", &bad], 2);
    let bad = f.file(
        "escape.toml",
        b"[smtp]\nusername = \"\\u001b[2J\\u001b]0;x\\u0007\"\n",
    );
    f.refused(&["settings", "import", &bad], 2);
    let bad = f.file(
        "formula.toml",
        b"[mfa.totp]\nissuer = \"ok\"\n[smtp]\nhost = \"=cmd|' /C calc'!A0\"\n",
    );
    f.refused(&["settings", "import", &bad], 2);
    let bad = f.file(
        "unknown.toml",
        b"[smtp]\nhost = \"mail.example.com\"\nhots = \"x\"\n",
    );
    f.refused(&["settings", "import", &bad], 2);

    assert_no_problems(&f.problems);
}

#[test]
fn user_import_refuses_bad_files() {
    let smtp = Smtp::start();
    let env = fresh_env(&smtp);
    let mut f = Files {
        env: &env,
        problems: Vec::new(),
    };

    f.refused(&["user", "import", "/etc/passwd"], 2);

    let random = f.file("random.csv", &random_bytes(4096));
    f.refused(&["user", "import", &random], 2);
    // Random bytes after a good header and a good first line.
    let mut bytes = b"name,email\ncarol,carol@example.com\n".to_vec();
    bytes.extend(random_bytes(512));
    let random = f.file("random-tail.csv", &bytes);
    f.refused(&["user", "import", &random], 2);

    // Cut off inside a quoted field, after a good line.
    let truncated = f.file(
        "truncated.csv",
        b"name,email,admin\ncarol,carol@example.com,true\n\"dave,dave@exa",
    );
    f.refused(&["user", "import", &truncated], 2);
    // Cut off in the middle of a line.
    let truncated = f.file(
        "truncated-line.csv",
        b"name,email,admin\ncarol,carol@example.com,true\ndave,dave@example.com",
    );
    f.refused(&["user", "import", &truncated], 2);

    let empty = f.file("empty.csv", b"");
    f.refused(&["user", "import", &empty], 2);
    let blank = f.file("blank.csv", b"\n\n");
    f.refused(&["user", "import", &blank], 2);

    // Duplicate names in the file, also in another case; a duplicate column.
    let dup = f.file(
        "dup.csv",
        b"name,email\ncarol,carol@example.com\ndave,\ncarol,other@example.com\n",
    );
    f.refused_saying(&["user", "import", &dup], 2, "line 4");
    let dup = f.file("dup-case.csv", b"name\ncarol\nCAROL\n");
    f.refused(&["user", "import", &dup], 2);
    let dup = f.file("dup-column.csv", b"name,email,name\ncarol,,x\n");
    f.refused(&["user", "import", &dup], 2);
    // A user that exists already: exit 1.
    let exists = f.file("exists.csv", b"name\ncarol\nAlice\n");
    f.refused_saying(&["user", "import", &exists], 1, "line 3");

    // A spreadsheet formula in each column.
    let formula = "\"=cmd|' /C calc'!A0\"";
    let rows = [
        format!("{formula},carol@example.com,false,false,ops"),
        format!("carol,{formula},false,false,ops"),
        format!("carol,carol@example.com,{formula},false,ops"),
        format!("carol,carol@example.com,false,{formula},ops"),
        format!("carol,carol@example.com,false,false,{formula}"),
        format!("{formula},,,true,"),
    ];
    for (i, row) in rows.iter().enumerate() {
        let text = format!("name,email,admin,directory,groups\ndave,,,,\n{row}\n");
        let path = f.file(&format!("formula-{i}.csv"), text.as_bytes());
        f.refused_saying(&["user", "import", &path], 2, "line 3");
    }

    // A line break inside a quoted field, in each column.
    let rows = [
        "\"car\nol\",carol@example.com,false,false,ops",
        "carol,\"carol@exa\nmple.com\",false,false,ops",
        "carol,carol@example.com,\"fal\nse\",false,ops",
        "carol,carol@example.com,false,\"fal\nse\",ops",
        "carol,carol@example.com,false,false,\"ops\ntemp\"",
        "\"carol@corp\n.example.com\",,false,true,",
    ];
    for (i, row) in rows.iter().enumerate() {
        let text = format!("name,email,admin,directory,groups\ndave,,,,\n{row}\n");
        let path = f.file(&format!("newline-{i}.csv"), text.as_bytes());
        f.refused(&["user", "import", &path], 2);
    }

    // Escapes and SQL in a name.
    for (i, name) in ["\"\u{1b}[2J\u{1b}]0;x\u{7}\"", "\"'; DROP TABLE users;--\""]
        .iter()
        .enumerate()
    {
        let text = format!("name\ndave\n{name}\n");
        let path = f.file(&format!("inject-{i}.csv"), text.as_bytes());
        f.refused(&["user", "import", &path], 2);
    }

    assert_no_problems(&f.problems);
}

// ---------------------------------------------------------------- usage

/// The `Usage:` line (and its continuation lines) of some output.
fn usage_of(text: &str) -> String {
    let start = text
        .find("Usage: ")
        .unwrap_or_else(|| panic!("no usage in: {text}"));
    text[start..]
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_error_shows_the_same_usage_as_help_with_optional_flags_in_brackets() {
    // clap's errors print a usage built from the flags given; given
    // `--email`, `user add` would read `mfactl user add --email <ADDRESS>
    // <NAME>`, as if the address were required.
    let env = Env::new();
    let err = env.fails(&["user", "add", "--email", "x"], 2);
    assert!(
        err.contains("\nUsage: mfactl user add [OPTIONS] <NAME>\n"),
        "{err}"
    );
    let all: Vec<Leaf> = leaves()
        .into_iter()
        .filter(|l| !l.path.iter().any(|w| w == "help"))
        .collect();
    assert!(all.len() > 40, "{} leaf commands", all.len());
    for Leaf { path, cmd } in all {
        let mut words: Vec<String> = path.clone();
        for arg in cmd.get_arguments() {
            let Some(long) = arg.get_long() else {
                continue;
            };
            if arg.is_global_set() || matches!(long, "help" | "version") {
                continue;
            }
            if takes_value(arg) {
                let value = valid_value(&env, &path.join(" "), arg.get_id().as_str())
                    .unwrap_or_else(|| "x".into());
                words.push(format!("--{long}={}", value.to_string_lossy()));
            } else {
                words.push(format!("--{long}"));
            }
        }
        words.push("--no-such-flag".into());
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let err = env.fails(&refs, 2);
        let mut help_args: Vec<&str> = path.iter().map(String::as_str).collect();
        help_args.push("--help");
        let help = env.ok(&help_args);
        assert_eq!(
            usage_of(&err),
            usage_of(&help),
            "mfactl {}",
            words.join(" ")
        );
    }
}
