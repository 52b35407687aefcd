//! No secret leaks.
//!
//! (a) One scenario uses every kind of secret — the SMTP password and the
//!     other secret settings (`--stdin` and a settings file), local
//!     passwords (`--password-stdin`), a TOTP seed and TOTP codes, backup
//!     codes, an emergency code and an email code (both read from the
//!     email), session tokens, the key file's key — and collects every
//!     command's stdout and stderr. None of the secrets may appear, in any
//!     of its forms (with and without dashes, any case; base32, hex, base64
//!     and the raw bytes of the seed and the key), in the raw bytes of
//!     `mfactl.db`, `-wal` and `-shm` (read while a connection is held open,
//!     so the WAL is not checkpointed away, and again after every connection
//!     closed), in `audit list --json`, in a queued notification, or in any
//!     output — except where the person must see it: the enrolment output
//!     shows the seed, the generate output the backup codes, a login its
//!     session token, and the code emails their code.
//! (b) The store, `-wal`, `-shm`, the key file (also after rotation), the
//!     `--output` backup-code file and the `--qr-svg` file are mode 0600 and
//!     a new store's folder 0700, even under `umask 000`.
//! (c) No command takes a secret in argv: the clap tree is walked and no
//!     argument that takes a value may be named like a secret; and
//!     `settings set KEY VALUE` is refused at run time for every secret key
//!     (exit 2, nothing stored, the value never echoed).

use crate::args;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::smtp::*;
use crate::common::*;
use base64::Engine;
use clap::{ArgAction, CommandFactory};
use serde_json::Value;

// ---------------------------------------------------------------- secrets

const ALICE_PASSWORD: &str = "Alice-Passw0rd-Qx7vZk";
const BOB_PASSWORD: &str = "Bob-Passw0rd-Lm3nRt";
const BOB_NEW_PASSWORD: &str = "Bob-NewPassw0rd-Hy8sWe";
const WRONG_PASSWORD: &str = "Wrong-Passw0rd-Jc5dFu";
const SMTP_PASSWORD: &str = "Smtp-Secret-Pw9kTq";
const YUBIKEY_API_KEY: &str = "Yubikey-ApiKey-Zr2mXc";
const RADIUS_SECRET: &str = "Radius-Shared-Nb6yVh";
const DUO_SECRET_KEY: &str = "Duo-SecretKey-Gt4pWs";

/// One secret: a name, the forms it may take, and whether a match must
/// stand alone (short digit codes, which could otherwise match inside a
/// longer number by chance).
#[derive(Clone)]
struct Secret {
    name: String,
    forms: Vec<Vec<u8>>,
    standalone: bool,
}

impl Secret {
    fn text(name: &str, value: &str) -> Secret {
        Secret {
            name: name.into(),
            forms: vec![value.as_bytes().to_vec()],
            standalone: false,
        }
    }

    /// A code shown with dashes: with and without them, in both cases.
    fn code(name: &str, shown: &str) -> Secret {
        let bare = shown.replace('-', "");
        let forms = [
            shown.to_string(),
            shown.to_ascii_lowercase(),
            shown.to_ascii_uppercase(),
            bare.clone(),
            bare.to_ascii_lowercase(),
            bare.to_ascii_uppercase(),
        ];
        Secret {
            name: name.into(),
            forms: forms.iter().map(|f| f.as_bytes().to_vec()).collect(),
            standalone: false,
        }
    }

    /// A short digit code: only where it stands alone.
    fn digits(name: &str, code: &str) -> Secret {
        Secret {
            name: name.into(),
            forms: vec![code.as_bytes().to_vec()],
            standalone: true,
        }
    }

    /// Bytes: raw, hex in both cases, base64, and base32 when given.
    fn bytes(name: &str, raw: &[u8], base32: Option<&str>) -> Secret {
        let mut forms = vec![
            raw.to_vec(),
            hex::encode(raw).into_bytes(),
            hex::encode_upper(raw).into_bytes(),
            base64::engine::general_purpose::STANDARD
                .encode(raw)
                .into_bytes(),
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(raw)
                .into_bytes(),
        ];
        if let Some(b32) = base32 {
            let trimmed = b32.trim_end_matches('=');
            forms.push(trimmed.as_bytes().to_vec());
            forms.push(trimmed.to_ascii_lowercase().into_bytes());
        }
        Secret {
            name: name.into(),
            forms,
            standalone: false,
        }
    }

    /// The first form found in `haystack`, if any.
    fn found_in(&self, haystack: &[u8]) -> Option<String> {
        self.forms
            .iter()
            .find(|f| contains(haystack, f, self.standalone))
            .map(|f| String::from_utf8_lossy(f).into_owned())
    }
}

fn contains(haystack: &[u8], needle: &[u8], standalone: bool) -> bool {
    if needle.is_empty() || haystack.len() < needle.len() {
        return false;
    }
    (0..=haystack.len() - needle.len()).any(|i| {
        haystack[i..i + needle.len()] == *needle
            && (!standalone
                || ((i == 0 || !haystack[i - 1].is_ascii_alphanumeric())
                    && haystack
                        .get(i + needle.len())
                        .is_none_or(|b| !b.is_ascii_alphanumeric())))
    })
}

// ---------------------------------------------------------------- the scenario

/// One command's output, and the secrets it may show.
struct Captured {
    what: String,
    out: Output,
    allowed: Vec<String>,
}

struct Scenario {
    env: Env,
    smtp: Smtp,
    captured: Vec<Captured>,
    secrets: Vec<Secret>,
}

impl Scenario {
    /// Runs mfactl, keeps its output, returns it; the command must exit
    /// with `expected`. `allowed` names the secrets this output may show.
    fn run(&mut self, args: &[&str], stdin: &str, expected: i32, allowed: &[&str]) -> Output {
        let out = self.env.run_stdin(args, stdin);
        assert_eq!(
            code(&out),
            expected,
            "mfactl {args:?}\nstdout: {}\nstderr: {}",
            stdout(&out),
            stderr(&out)
        );
        self.captured.push(Captured {
            what: format!("mfactl {args:?}"),
            out: out.clone(),
            allowed: allowed.iter().map(|s| s.to_string()).collect(),
        });
        out
    }

    fn ok(&mut self, args: &[&str]) -> String {
        stdout(&self.run(args, "", 0, &[]))
    }

    fn json(&mut self, args: &[&str], allowed: &[&str]) -> Value {
        let mut full = vec!["--json"];
        full.extend_from_slice(args);
        let out = self.run(&full, "", 0, allowed);
        serde_json::from_slice(&out.stdout).expect("JSON")
    }

    fn secret(&mut self, s: Secret) {
        self.secrets.push(s);
    }

    /// The newest email to `to` whose subject starts with `subject`
    /// (waiting for it: an emergency code is mailed after the answer).
    fn mail(&self, to: &str, subject: &str) -> Mail {
        let until = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let found = self
                .smtp
                .to(to)
                .into_iter()
                .rev()
                .find(|m| m.subject().starts_with(subject));
            match found {
                Some(m) => return m,
                None if std::time::Instant::now() < until => {
                    std::thread::sleep(std::time::Duration::from_millis(20))
                }
                None => panic!("no email {subject:?} to {to}"),
            }
        }
    }

    /// Every secret found in `bytes`, but those in `allowed`.
    fn leaks(&self, bytes: &[u8], allowed: &[String]) -> Vec<String> {
        self.secrets
            .iter()
            .filter(|s| !allowed.contains(&s.name))
            .filter_map(|s| s.found_in(bytes).map(|f| format!("{} ({f:?})", s.name)))
            .collect()
    }
}

/// The line of an email body that is a code made of `alphabet` and dashes.
fn code_line(body: &str, alphabet: &str, len: usize) -> String {
    body.lines()
        .map(|l| l.trim())
        .find(|l| l.len() == len && l.chars().all(|c| c == '-' || alphabet.contains(c)))
        .unwrap_or_else(|| panic!("no code in:\n{body}"))
        .to_string()
}

/// The store files but the key file and its companions: names and bytes.
fn store_files_but_the_key(env: &Env) -> Vec<(String, Vec<u8>)> {
    store_files(env)
        .into_iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .filter(|(name, _)| !name.contains(".key"))
        .map(|(name, p)| (name, fs::read(&p).unwrap()))
        .collect()
}

fn read_key(env: &Env) -> Vec<u8> {
    let text = fs::read_to_string(env.path("mfactl.db.key")).expect("key file");
    hex::decode(text.trim()).expect("hex key")
}

#[test]
fn no_secret_leaks_anywhere() {
    let mut sc = Scenario {
        env: Env::new(),
        smtp: Smtp::start(),
        captured: Vec::new(),
        secrets: Vec::new(),
    };
    sc.ok(&["status"]);
    // Held open from here on, so that no mfactl process is the last to close
    // the store: the WAL keeps every page written, to be searched below.
    let hold = sc.env.conn();
    let _: i64 = hold
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    let old_key = read_key(&sc.env);
    sc.secret(Secret::bytes("the first key", &old_key, None));

    // Mail, and every secret setting: three from standard input, one from
    // a settings file.
    let port = sc.smtp.port.to_string();
    for (key, value) in [
        ("smtp.host", "127.0.0.1"),
        ("smtp.port", port.as_str()),
        ("smtp.security", "none"),
        ("smtp.from", "mfactl@example.com"),
    ] {
        sc.ok(&["settings", "set", key, value]);
    }
    for (key, value) in [
        ("smtp.password", SMTP_PASSWORD),
        ("mfa.yubikey.api_key", YUBIKEY_API_KEY),
        ("mfa.duo.secret_key", DUO_SECRET_KEY),
    ] {
        sc.secret(Secret::text(key, value));
        sc.run(&["settings", "set", key, "--stdin"], value, 0, &[]);
    }
    sc.secret(Secret::text("mfa.radius.secret", RADIUS_SECRET));
    fs::write(
        sc.env.path("radius.toml"),
        format!("[mfa.radius]\nserver = \"radius.example.com\"\nsecret = \"{RADIUS_SECRET}\"\n"),
    )
    .unwrap();
    sc.ok(&["settings", "import", "radius.toml"]);
    // A broken settings file with a secret in it: refused, never echoed.
    fs::write(
        sc.env.path("broken.toml"),
        format!("[mfa.radius]\nsecret = {RADIUS_SECRET}x\n"),
    )
    .unwrap();
    sc.run(&["settings", "import", "broken.toml"], "", 2, &[]);
    for (key, value) in [
        ("mfa.authenticators", "totp,email"),
        ("mfa.alternates", "email,backup-codes"),
        ("authentication.emergency_code.enabled", "true"),
    ] {
        sc.ok(&["settings", "set", key, value]);
    }

    // Local passwords.
    for (name, pw) in [
        ("alice's password", ALICE_PASSWORD),
        ("bob's password", BOB_PASSWORD),
        ("bob's new password", BOB_NEW_PASSWORD),
        ("a wrong password", WRONG_PASSWORD),
    ] {
        sc.secret(Secret::text(name, pw));
    }
    sc.run(
        &[
            "user",
            "add",
            "alice",
            "--email",
            "alice@example.com",
            "--admin",
            "--password-stdin",
        ],
        ALICE_PASSWORD,
        0,
        &[],
    );
    sc.ok(&["user", "set", "alice", "--emergency-login", "on"]);
    sc.run(
        &["user", "add", "bob", "--password-stdin"],
        BOB_PASSWORD,
        0,
        &[],
    );
    sc.run(
        &["user", "passwd", "bob", "--password-stdin"],
        &format!("{BOB_NEW_PASSWORD}\n"),
        0,
        &[],
    );

    // A TOTP seed, and codes from it.
    let enrolled = sc.json(
        &["mfa", "enroll", "alice", "--qr-svg", "qr.svg"],
        &["the TOTP seed"],
    );
    let seed_b32 = enrolled["secret"].as_str().expect("secret").to_string();
    let seed = base32_decode(&seed_b32);
    assert_eq!(seed.len(), 20, "a 160-bit seed");
    sc.secret(Secret::bytes("the TOTP seed", &seed, Some(&seed_b32)));
    let confirm_code = totp_now(&seed_b32, 30);
    let verify_code = code_at_step(&seed_b32, current_step(30) + 1);
    sc.secret(Secret::digits("a TOTP code", &confirm_code));
    sc.secret(Secret::digits("another TOTP code", &verify_code));
    sc.run(
        &["mfa", "confirm", "alice", "--code-stdin"],
        &confirm_code,
        0,
        &[],
    );
    sc.run(
        &["mfa", "verify", "alice", "--method", "totp", "--code-stdin"],
        &verify_code,
        0,
        &[],
    );

    // Backup codes: alice's on stdout (JSON), bob's to a file.
    let generated = sc.json(
        &["--no-input", "backup-codes", "generate", "alice"],
        &["alice's backup codes"],
    );
    let alice_codes: Vec<String> = generated["codes"]
        .as_array()
        .expect("codes")
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(alice_codes.len(), 10);
    for c in &alice_codes {
        let mut s = Secret::code("alice's backup codes", c);
        s.name = "alice's backup codes".into();
        sc.secret(s);
    }
    sc.run(
        &[
            "--no-input",
            "backup-codes",
            "generate",
            "bob",
            "--output",
            "bob-codes.txt",
        ],
        "",
        0,
        &[],
    );
    let bob_codes = fs::read_to_string(sc.env.path("bob-codes.txt")).unwrap();
    // The codes, after the sheet's header ("Backup codes for bob on …").
    for line in bob_codes.lines().skip(3) {
        let (_, c) = line.split_once(". ").expect("a numbered code line");
        sc.secret(Secret::code("bob's backup codes (in a file)", c));
    }
    sc.run(
        &[
            "mfa",
            "verify",
            "alice",
            "--method",
            "backup-code",
            "--code-stdin",
        ],
        &alice_codes[0].replace('-', "").to_ascii_uppercase(),
        0,
        &[],
    );

    // An emergency code from the email, and the session it opens.
    sc.run(&["emergency", "request", "alice"], "", 0, &[]);
    let mail = sc.mail("alice@example.com", "Emergency login code");
    let emergency_code = code_line(&mail.body(), "23456789ABCDEFGHJKMNPQRSTUVWXYZ", 14);
    sc.secret(Secret::code("the emergency code", &emergency_code));
    let out = sc.run(
        &["emergency", "login", "alice", "--code-stdin"],
        &emergency_code.to_ascii_lowercase(),
        0,
        &["the emergency session token"],
    );
    let emergency_token = stdout(&out).trim().to_string();
    assert!(emergency_token.starts_with("mfs_"), "{emergency_token}");
    sc.secret(Secret::text(
        "the emergency session token",
        &emergency_token,
    ));
    sc.secret(Secret::text(
        "the emergency session token",
        &emergency_token["mfs_".len()..],
    ));

    // An email MFA code.
    sc.run(&["mfa", "challenge", "alice"], "", 0, &[]);
    let mail = sc.mail("alice@example.com", "Your sign-in code");
    let email_code = code_line(&mail.body(), "0123456789", 6);
    sc.secret(Secret::digits("the email code", &email_code));
    sc.run(
        &[
            "mfa",
            "verify",
            "alice",
            "--method",
            "email",
            "--code-stdin",
        ],
        &email_code,
        0,
        &[],
    );

    // A login: password, then a backup code; its session token.
    let out = sc.run(
        &[
            "--json",
            "login",
            "alice",
            "--password-stdin",
            "--code-stdin",
            "--method",
            "backup-code",
            "--ip",
            "192.0.2.10",
        ],
        &format!("{ALICE_PASSWORD}\n{}\n", alice_codes[1]),
        0,
        &["the login session token"],
    );
    let login: Value = serde_json::from_slice(&out.stdout).unwrap();
    let login_token = login["token"].as_str().expect("token").to_string();
    sc.secret(Secret::text("the login session token", &login_token));
    sc.secret(Secret::text(
        "the login session token",
        &login_token["mfs_".len()..],
    ));

    // Failures: a wrong password, wrong codes, a used code.
    sc.run(
        &["login", "alice", "--password-stdin"],
        WRONG_PASSWORD,
        3,
        &[],
    );
    sc.run(
        &[
            "mfa",
            "verify",
            "alice",
            "--method",
            "email",
            "--code-stdin",
        ],
        &email_code,
        3,
        &[],
    );
    sc.run(
        &["emergency", "login", "alice", "--code-stdin"],
        &emergency_code,
        3,
        &[],
    );
    sc.run(
        &[
            "mfa",
            "verify",
            "alice",
            "--method",
            "backup-code",
            "--code-stdin",
        ],
        &alice_codes[0],
        3,
        &[],
    );
    sc.ok(&["user", "unlock", "alice"]);
    // A secret given in argv is refused.
    sc.run(
        &["settings", "set", "smtp.password", WRONG_PASSWORD],
        "",
        2,
        &[],
    );

    // Sessions.
    for token in [&login_token, &emergency_token] {
        sc.run(&["session", "check"], token, 0, &[]);
        sc.run(&["--json", "session", "check"], token, 0, &[]);
    }

    // Everything an administrator looks at.
    for args in [
        &["status"][..],
        &["--json", "status"],
        &["settings", "show"],
        &["--json", "settings", "show"],
        &["settings", "get", "smtp.password"],
        &["--json", "settings", "get", "mfa.radius.secret"],
        &["settings", "export"],
        &["settings", "export", "--format", "json"],
        &["user", "list"],
        &["--json", "user", "list"],
        &["--json", "user", "show", "alice"],
        &["--json", "group", "list"],
        &["--json", "emergency", "status", "alice"],
        &["--json", "backup-codes", "status", "alice"],
        &["--json", "session", "list", "--all"],
        &["session", "list", "--all"],
        &["--json", "mail", "queue"],
        &["mail", "flush"],
        &["--json", "mail", "test", "--to", "ops@example.com"],
        &["audit", "list"],
        &["audit", "verify"],
        &["-v", "--json", "mfa", "reset-request", "alice"],
    ] {
        sc.ok(args);
    }
    let audit = sc.run(&["--json", "audit", "list"], "", 0, &[]);

    // The key, rotated: the new one is a secret too.
    sc.ok(&["key", "rotate"]);
    let new_key = read_key(&sc.env);
    sc.secret(Secret::bytes("the rotated key", &new_key, None));
    sc.ok(&["--json", "settings", "show"]);
    sc.ok(&["session", "revoke", "--user", "alice"]);
    sc.run(&["session", "check"], &login_token, 3, &[]);

    let mut leaks = Vec::new();

    // The search finds what is there: the files that hold secrets on
    // purpose hold them in one of the forms searched for.
    let key_file = fs::read(sc.env.path("mfactl.db.key")).unwrap();
    assert!(
        !sc.leaks(&key_file, &[]).is_empty(),
        "the key not found in the key file"
    );
    let codes_file = fs::read(sc.env.path("bob-codes.txt")).unwrap();
    assert_eq!(
        sc.leaks(&codes_file, &[]).len(),
        sc.leaks(&codes_file.to_ascii_uppercase(), &[]).len(),
        "the codes not found in upper case"
    );
    assert!(
        sc.leaks(&codes_file, &[])
            .iter()
            .any(|l| l.starts_with("bob's backup codes")),
        "bob's codes not found in their file"
    );

    // The outputs that must show a secret do.
    for (what, name) in [
        ("mfa\", \"enroll", "the TOTP seed"),
        (
            "backup-codes\", \"generate\", \"alice",
            "alice's backup codes",
        ),
        ("emergency\", \"login", "the emergency session token"),
        (
            "\"login\", \"alice\", \"--password-stdin\", \"--code-stdin",
            "the login session token",
        ),
    ] {
        let c = sc
            .captured
            .iter()
            .find(|c| c.what.contains(what))
            .unwrap_or_else(|| panic!("no output of {what}"));
        let s = sc.secrets.iter().find(|s| s.name == name).unwrap();
        assert!(
            s.found_in(&c.out.stdout).is_some(),
            "{} does not show {name}",
            c.what
        );
    }

    // Every output.
    for c in &sc.captured {
        for (stream, bytes) in [("stdout", &c.out.stdout), ("stderr", &c.out.stderr)] {
            for leak in sc.leaks(bytes, &c.allowed) {
                leaks.push(format!("{leak} on the {stream} of {}", c.what));
            }
        }
        // Nothing is ever shown on stderr, even where stdout may show it.
        for leak in sc.leaks(&c.out.stderr, &[]) {
            leaks.push(format!("{leak} on the stderr of {}", c.what));
        }
    }
    for leak in sc.leaks(&audit.stdout, &[]) {
        leaks.push(format!("{leak} in audit list --json"));
    }

    // The emails: a code email shows its own code and nothing else secret;
    // notifications show none.
    for m in sc.smtp.messages() {
        let allowed: Vec<String> = if m.subject().starts_with("Emergency login code") {
            vec!["the emergency code".into()]
        } else if m.subject().starts_with("Your sign-in code") {
            vec!["the email code".into()]
        } else {
            vec![]
        };
        for leak in sc.leaks(m.data.as_bytes(), &allowed) {
            leaks.push(format!(
                "{leak} in the email {:?} to {:?}",
                m.subject(),
                m.to
            ));
        }
    }

    // The store files while a connection is held: the WAL is all there.
    let files = store_files_but_the_key(&sc.env);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names.contains(&"mfactl.db-wal") && names.contains(&"mfactl.db-shm"),
        "the WAL was not kept while a connection was open: {names:?}"
    );
    for (name, bytes) in &files {
        for leak in sc.leaks(bytes, &[]) {
            leaks.push(format!("{leak} in {name} (connection held)"));
        }
    }

    // And after every connection closed (the last close checkpoints).
    drop(hold);
    sc.ok(&["status"]);
    for (name, bytes) in &store_files_but_the_key(&sc.env) {
        for leak in sc.leaks(bytes, &[]) {
            leaks.push(format!("{leak} in {name} (all closed)"));
        }
    }
    // The outbox, explicitly: queued notifications never carry a secret.
    let conn = sc.env.conn();
    let mut stmt = conn
        .prepare("SELECT recipient || subject || body FROM outbox")
        .unwrap();
    let queued: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for q in queued {
        for leak in sc.leaks(q.as_bytes(), &[]) {
            leaks.push(format!("{leak} in a queued notification"));
        }
    }

    leaks.sort();
    leaks.dedup();
    assert!(leaks.is_empty(), "secrets leaked:\n{}", leaks.join("\n"));
}

// ---------------------------------------------------------------- file modes

/// Runs mfactl under `umask 000` (the loosest), with the test's cleared
/// environment.
fn umask0(env: &Env, args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new("sh");
    cmd.env_clear()
        .env("HOME", env.dir.path())
        .env("MFACTL_DB", env.db())
        .env("NO_COLOR", "1")
        .env("PATH", "/usr/bin:/bin")
        .current_dir(env.dir.path())
        .arg("-c")
        .arg("umask 000; exec \"$0\" \"$@\"")
        .arg(assert_cmd::cargo::cargo_bin!("mfactl"))
        .args(args);
    cmd
}

fn umask0_ok(env: &Env, args: &[&str], stdin: &str) {
    let mut child = umask0(env, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run mfactl");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        code(&out),
        0,
        "mfactl {args:?}: {}{}",
        stdout(&out),
        stderr(&out)
    );
}

#[test]
fn secret_files_are_private_even_under_umask_000() {
    let env = Env::new();
    let smtp = Smtp::start();
    // A new store in a new folder.
    let db = env.path("private/store/mfactl.db");
    let db_arg = db.to_string_lossy().into_owned();
    umask0_ok(&env, &["--db", &db_arg, "status"], "");
    let mut problems = Vec::new();
    let mut expect = |path: &Path, wanted: u32| {
        let m = mode(path);
        if m != wanted {
            problems.push(format!("{} is {m:o}, not {wanted:o}", path.display()));
        }
    };
    expect(&db, 0o600);
    expect(&PathBuf::from(format!("{db_arg}.key")), 0o600);
    expect(&env.path("private/store"), 0o700);

    // The default store of this environment, with a user and SMTP.
    umask0_ok(&env, &["status"], "");
    use_smtp(&env, smtp.port);
    env.ok(&["settings", "set", "mfa.alternates", "backup-codes"]);
    umask0_ok(
        &env,
        &[
            "user",
            "add",
            "alice",
            "--email",
            "alice@example.com",
            "--password-stdin",
        ],
        ALICE_PASSWORD,
    );
    umask0_ok(
        &env,
        &["settings", "set", "smtp.password", "--stdin"],
        SMTP_PASSWORD,
    );
    expect(&env.db(), 0o600);
    expect(&env.path("mfactl.db.key"), 0o600);

    // The -wal and -shm files, while an mfactl process has the store open:
    // `user import -` opens it, then waits for its standard input.
    let mut child = umask0(&env, &["user", "import", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run mfactl");
    let (wal, shm) = (env.path("mfactl.db-wal"), env.path("mfactl.db-shm"));
    let start = Instant::now();
    while !(wal.exists() && shm.exists()) && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(wal.exists() && shm.exists(), "no -wal/-shm appeared");
    expect(&wal, 0o600);
    expect(&shm, 0o600);
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 2, "an empty import: {}", stderr(&out));

    // The backup-code file and the QR code file.
    umask0_ok(
        &env,
        &[
            "--no-input",
            "backup-codes",
            "generate",
            "alice",
            "--output",
            "codes.txt",
        ],
        "",
    );
    expect(&env.path("codes.txt"), 0o600);
    umask0_ok(&env, &["mfa", "enroll", "alice", "--qr-svg", "qr.svg"], "");
    expect(&env.path("qr.svg"), 0o600);

    // The key file after rotation.
    umask0_ok(&env, &["key", "rotate"], "");
    expect(&env.path("mfactl.db.key"), 0o600);
    for entry in fs::read_dir(env.dir.path()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name().to_string_lossy().starts_with("mfactl.db") {
            expect(&entry.path(), 0o600);
        }
    }

    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------- argv

/// Words that name a secret.
const SECRET_WORDS: &[&str] = &["password", "secret", "code", "token", "pin", "otp"];

#[test]
fn no_argument_takes_a_secret_value() {
    fn walk(cmd: &clap::Command, path: &str, found: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            if !matches!(arg.get_action(), ArgAction::Set | ArgAction::Append) {
                continue;
            }
            let mut names = vec![arg.get_id().to_string()];
            names.extend(arg.get_long().map(str::to_string));
            names.extend(arg.get_short().map(|c| c.to_string()));
            names.extend(
                arg.get_value_names()
                    .unwrap_or_default()
                    .iter()
                    .map(|v| v.to_string()),
            );
            names.extend(arg.get_env().map(|e| e.to_string_lossy().into_owned()));
            for name in names {
                let lower = name.to_ascii_lowercase();
                if let Some(word) = SECRET_WORDS.iter().find(|w| lower.contains(*w)) {
                    found.push(format!(
                        "`mfactl {path}` takes a value for `{name}` (looks like a {word})"
                    ));
                }
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), found);
        }
    }
    let mut root = args::Cli::command();
    root.build();
    let mut found = Vec::new();
    walk(&root, "", &mut found);
    found.sort();
    found.dedup();
    assert!(found.is_empty(), "secrets in argv:\n{}", found.join("\n"));

    // The walk did see the value arguments it should (so it is not vacuous).
    let mut seen = 0;
    for sub in root.get_subcommands() {
        for leaf in sub.get_subcommands() {
            seen += leaf
                .get_arguments()
                .filter(|a| matches!(a.get_action(), ArgAction::Set | ArgAction::Append))
                .count();
        }
    }
    assert!(seen > 20, "only {seen} value arguments found");
}

/// `settings set KEY VALUE` with a secret key is refused at run time:
/// exit 2, the store unchanged, the value nowhere (store files, audit,
/// output); the way in (`--stdin`) works.
#[test]
fn secret_settings_are_refused_from_argv() {
    let env = Env::new();
    env.ok(&["status"]);
    let hold = env.conn();
    let _: i64 = hold
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    let secret_keys: Vec<&str> = mfactl::settings::DEFS
        .iter()
        .filter(|d| d.kind == mfactl::settings::Kind::Secret)
        .map(|d| d.key)
        .collect();
    assert_eq!(
        secret_keys,
        [
            "smtp.password",
            "mfa.yubikey.api_key",
            "mfa.radius.secret",
            "mfa.duo.secret_key"
        ]
    );
    let mut problems = Vec::new();
    for key in secret_keys.iter().copied() {
        let value = format!("Argv-Secret-{}", key.replace('.', "-"));
        for args in [
            vec!["settings", "set", key, &value],
            vec!["--no-input", "settings", "set", key, &value],
            vec!["settings", "set", key, "--", &value],
            vec!["settings", "set", key, &value, "--stdin"],
            vec!["--json", "settings", "set", key, &value],
        ] {
            let before = dump(&env.db());
            let out = env.run(&args);
            if code(&out) != 2 {
                problems.push(format!("mfactl {args:?} exited {}", code(&out)));
            }
            if before != dump(&env.db()) {
                problems.push(format!("mfactl {args:?} changed the store"));
            }
            if contains(&out.stdout, value.as_bytes(), false)
                || contains(&out.stderr, value.as_bytes(), false)
            {
                problems.push(format!(
                    "mfactl {args:?} echoed the secret: {}{}",
                    stdout(&out),
                    stderr(&out)
                ));
            }
        }
        // Without a value and without a terminal: asks for --stdin (exit 2).
        let out = env.run(&["--no-input", "settings", "set", key]);
        if code(&out) != 2 || !stderr(&out).contains("--stdin") {
            problems.push(format!(
                "settings set {key} without a value: exit {}, {}",
                code(&out),
                stderr(&out)
            ));
        }
        let audit = env.run(&["--json", "audit", "list"]);
        let mut everywhere = audit.stdout.clone();
        for (_, bytes) in store_files_but_the_key(&env) {
            everywhere.extend(bytes);
        }
        if contains(&everywhere, value.as_bytes(), false) {
            problems.push(format!("the refused value of {key} was stored"));
        }
        // The right way works, and is shown as (set).
        env.ok_stdin(&["settings", "set", key, "--stdin"], "Stdin-Secret-Value");
        let shown = env.json(&["settings", "get", key]);
        if shown["value"] != "(set)" {
            problems.push(format!("settings get {key} shows {}", shown["value"]));
        }
    }
    drop(hold);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
