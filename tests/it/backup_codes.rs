//! Backup codes (seed 001): when they may be generated, what they look
//! like, where they go (stdout, JSON, a new 0600 file), verification
//! (single use, any order, case/dash/space insensitive, atomic under
//! concurrency), status, audit, the store layout (one salt per user, raw
//! 32-byte hashes, never the codes) and the emails to the user.

use crate::common::smtp::*;
use crate::common::*;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Output, Stdio};

use serde_json::Value;

// ---------------------------------------------------------------- helpers

const ALPHABET: &str = "abcdefghijkmnpqrstuvwxyz23456789";
/// Backup codes enabled as an alternate, and alice (with an email).
fn setup() -> Env {
    let env = Env::new();
    set(&env, "mfa.alternates", "backup-codes");
    add_user(&env, "alice", Some(ALICE_MAIL));
    env
}

/// Whether `s` looks like a shown backup code: `xxxx-xxxx-xxxx-xxxx`
/// from the 32-symbol alphabet.
fn is_code(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 4
        && groups
            .iter()
            .all(|g| g.len() == 4 && g.chars().all(|c| ALPHABET.contains(c)))
}

/// Every shown code in a text (plain lines or JSON).
fn find_codes(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|t| is_code(t))
        .map(str::to_string)
        .collect()
}

/// `backup-codes generate USER --no-input`: the codes, one per line.
fn generate(env: &Env, user: &str) -> Vec<String> {
    let out = env.run(&["--no-input", "backup-codes", "generate", user]);
    assert_eq!(code(&out), 0, "generate: {}", show(&out));
    let text = stdout(&out);
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    for l in &lines {
        assert!(is_code(l), "not a backup code line: {l:?} in\n{text}");
    }
    for c in &lines {
        assert!(!stderr(&out).contains(c.as_str()), "a code on stderr");
    }
    lines
}

fn verify(env: &Env, user: &str, code_text: &str) -> Output {
    env.run_stdin(
        &[
            "mfa",
            "verify",
            user,
            "--method",
            "backup-code",
            "--code-stdin",
        ],
        code_text,
    )
}

fn verify_ok(env: &Env, user: &str, code_text: &str) {
    let out = verify(env, user, code_text);
    assert_eq!(code(&out), 0, "verify {code_text:?}: {}", show(&out));
}

fn verify_fails(env: &Env, user: &str, code_text: &str, expected: i32) -> Output {
    let out = verify(env, user, code_text);
    assert_eq!(code(&out), expected, "verify {code_text:?}: {}", show(&out));
    out
}

fn status(env: &Env, user: &str) -> Value {
    env.json(&["backup-codes", "status", user])
}

/// The ways a code could be written down: as shown, without dashes, in
/// upper case.
fn spellings(c: &str) -> Vec<String> {
    let bare = c.replace('-', "");
    vec![
        c.to_string(),
        bare.clone(),
        c.to_uppercase(),
        bare.to_uppercase(),
    ]
}

// ---------------------------------------------------------- preconditions

#[test]
fn refused_unless_backup_codes_are_an_enabled_alternate() {
    let env = Env::new();
    add_user(&env, "alice", None);
    let err = env.refused(&["--no-input", "backup-codes", "generate", "alice"], 5);
    assert!(err.contains("mfa.alternates"), "says how to enable: {err}");
    assert!(err.to_lowercase().contains("backup"), "{err}");

    // The email alternate alone does not enable backup codes.
    with_smtp(&env);
    set(&env, "mfa.alternates", "email");
    env.refused(&["--no-input", "backup-codes", "generate", "alice"], 5);

    set(&env, "mfa.alternates", "email,backup-codes");
    assert_eq!(generate(&env, "alice").len(), 10);
}

#[test]
fn optional_per_user_needs_mfa_configured_first() {
    let env = setup();
    set(&env, "mfa.default_action", "optional-per-user");

    let err = env.refused(&["--no-input", "backup-codes", "generate", "alice"], 5);
    let lower = err.to_lowercase();
    assert!(
        lower.contains("mfa") && lower.contains("configur"),
        "says MFA must be configured first: {err}"
    );

    // An explicit MFA type counts as configured.
    env.ok(&["user", "set", "alice", "--mfa-type", "totp"]);
    assert_eq!(generate(&env, "alice").len(), 10);

    // MFA type none does not.
    env.ok(&["user", "set", "alice", "--mfa-type", "none"]);
    env.refused(&["--no-input", "backup-codes", "generate", "alice"], 5);
}

#[test]
fn optional_per_user_accepts_an_active_totp_enrolment_only() {
    let env = setup();
    set(&env, "mfa.default_action", "optional-per-user");
    set(&env, "mfa.totp.period", "120s");

    // A pending (unconfirmed) enrolment is not configured MFA.
    let v = env.json(&["mfa", "enroll", "alice"]);
    let secret = v["secret"].as_str().expect("secret").to_string();
    env.refused(&["--no-input", "backup-codes", "generate", "alice"], 5);

    env.ok_stdin(
        &["mfa", "confirm", "alice", "--code-stdin"],
        &totp_now(&secret, 120),
    );
    let codes = generate(&env, "alice");
    assert_eq!(codes.len(), 10);
    verify_ok(&env, "alice", &codes[0]);
}

#[test]
fn other_default_actions_need_no_configured_mfa() {
    for action in ["required", "skipped"] {
        let env = setup();
        set(&env, "mfa.default_action", action);
        assert_eq!(generate(&env, "alice").len(), 10, "{action}");
    }
}

// ------------------------------------------------------------- generating

#[test]
fn generate_prints_ten_distinct_codes_of_sixteen_symbols() {
    let env = setup();
    let codes = generate(&env, "alice");
    assert_eq!(codes.len(), 10, "default mfa.backup_codes.count");
    for c in &codes {
        assert_eq!(c.len(), 19, "{c}");
        assert_eq!(c.replace('-', "").len(), 16, "16 symbols: {c}");
    }
    let mut unique = codes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), codes.len(), "distinct codes: {codes:?}");
}

#[test]
fn count_setting_of_one_and_fifty() {
    let env = setup();
    set(&env, "mfa.backup_codes.count", "1");
    let one = generate(&env, "alice");
    assert_eq!(one.len(), 1);
    assert_eq!(status(&env, "alice")["total"], 1);
    verify_ok(&env, "alice", &one[0]);

    set(&env, "mfa.backup_codes.count", "50");
    let fifty = generate(&env, "alice");
    assert_eq!(fifty.len(), 50);
    let mut unique = fifty.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 50);
    let st = status(&env, "alice");
    assert_eq!(st["total"], 50);
    assert_eq!(st["remaining"], 50);
    verify_ok(&env, "alice", &fifty[49]);
    verify_ok(&env, "alice", &fifty[0]);
    assert_eq!(status(&env, "alice")["remaining"], 48);

    // Out of range is refused.
    env.refused(&["settings", "set", "mfa.backup_codes.count", "51"], 2);
    env.refused(&["settings", "set", "mfa.backup_codes.count", "0"], 2);
}

#[test]
fn only_alphabet_symbols_appear() {
    // 50 codes: 800 symbols, so every one of the 32 symbols is all but
    // certain to appear (the chance one is missing is < 1e-12), and no
    // look-alike (0, 1, l, o, upper case) ever does.
    let env = setup();
    set(&env, "mfa.backup_codes.count", "50");
    let codes = generate(&env, "alice");
    let symbols: String = codes.concat().replace('-', "");
    assert_eq!(symbols.len(), 800);
    for c in symbols.chars() {
        assert!(ALPHABET.contains(c), "symbol {c:?}");
    }
    for c in ALPHABET.chars() {
        assert!(symbols.contains(c), "symbol {c:?} never appears in 800");
    }
}

#[test]
fn json_gives_user_and_codes() {
    let env = setup();
    let v = env.json(&["--no-input", "backup-codes", "generate", "alice"]);
    assert_eq!(v["user"], "alice", "{v}");
    let codes: Vec<String> = v["codes"]
        .as_array()
        .unwrap_or_else(|| panic!("codes is an array: {v}"))
        .iter()
        .map(|c| c.as_str().expect("a string").to_string())
        .collect();
    assert_eq!(codes.len(), 10);
    for c in &codes {
        assert!(is_code(c), "{c}");
    }
    verify_ok(&env, "alice", &codes[4]);
}

#[test]
fn output_file_is_new_private_and_holds_the_codes() {
    let env = setup();
    let path = env.path("codes.txt");
    let out = env.run(&[
        "--no-input",
        "backup-codes",
        "generate",
        "alice",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "mode {mode:o}");
    let text = std::fs::read_to_string(&path).unwrap();
    let codes = find_codes(&text);
    assert_eq!(codes.len(), 10, "{text}");
    // A header like the printed sheet's: whose, which server, when, how
    // many; then the codes, one per numbered line.
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 13, "header, blank line, codes:\n{text}");
    assert_eq!(
        lines[0],
        format!(
            "Backup codes for alice on {}",
            crate::common::emergency::hostname()
        )
    );
    let when = lines[1]
        .strip_prefix("Generated ")
        .and_then(|l| l.strip_suffix(": 10 codes. Each works once, in any order."))
        .unwrap_or_else(|| panic!("second line: {text}"));
    assert!(
        when.len() == 20 && when.ends_with('Z') && when.as_bytes()[10] == b'T',
        "not an RFC 3339 time: {when}"
    );
    assert_eq!(lines[2], "");
    for (i, line) in lines[3..].iter().enumerate() {
        assert_eq!(*line, format!("{:>2}. {}", i + 1, codes[i]), "{text}");
    }
    // Nothing secret on stdout or stderr.
    assert!(find_codes(&stdout(&out)).is_empty(), "{}", stdout(&out));
    for c in &codes {
        for s in spellings(c) {
            assert!(!stdout(&out).contains(&s), "code on stdout");
            assert!(!stderr(&out).contains(&s), "code on stderr");
        }
    }
    // They are the saved set.
    verify_ok(&env, "alice", &codes[9]);
    assert_eq!(status(&env, "alice")["remaining"], 9);
}

#[test]
fn output_file_with_json_holds_the_codes_not_stdout() {
    let env = setup();
    let path = env.path("codes.json");
    let out = env.run(&[
        "--json",
        "--no-input",
        "backup-codes",
        "generate",
        "alice",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert!(find_codes(&stdout(&out)).is_empty(), "{}", stdout(&out));
    let codes = find_codes(&std::fs::read_to_string(&path).unwrap());
    assert_eq!(codes.len(), 10);
    verify_ok(&env, "alice", &codes[0]);
}

#[test]
fn existing_output_file_is_refused_and_the_old_set_stays() {
    let env = setup();
    let old = generate(&env, "alice");
    let path = env.path("exists.txt");
    std::fs::write(&path, "keep me\n").unwrap();
    let err = env.refused(
        &[
            "--no-input",
            "backup-codes",
            "generate",
            "alice",
            "--output",
            path.to_str().unwrap(),
        ],
        2,
    );
    assert!(err.contains("exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me\n");
    assert!(find_codes(&err).is_empty(), "{err}");
    // The old codes still work: no new set was saved.
    verify_ok(&env, "alice", &old[0]);
    assert_eq!(status(&env, "alice")["total"], 10);
    assert_eq!(status(&env, "alice")["remaining"], 9);
}

#[test]
fn a_new_set_replaces_the_old_one() {
    let env = setup();
    set(&env, "lockout.attempts", "100");
    let first = generate(&env, "alice");
    verify_ok(&env, "alice", &first[0]);
    let second = generate(&env, "alice");
    for c in &first[1..] {
        assert!(!second.contains(c));
        verify_fails(&env, "alice", c, 3);
    }
    let st = status(&env, "alice");
    assert_eq!(st["total"], 10);
    assert_eq!(st["remaining"], 10);
    verify_ok(&env, "alice", &second[0]);
}

#[test]
fn generate_is_audited_as_an_operator_without_the_codes() {
    let env = setup();
    let codes = generate(&env, "alice");
    let entries = env.json(&["audit", "list", "--action", "backup-codes.generate"]);
    let entries = entries.as_array().expect("array");
    assert_eq!(entries.len(), 1, "{entries:?}");
    let e = &entries[0];
    assert_eq!(e["action"], "backup-codes.generate");
    assert_eq!(e["target"], "alice");
    let by = e["details"]["by"].as_str().unwrap_or_default();
    assert!(by.contains("operator"), "details.by: {e}");

    verify_ok(&env, "alice", &codes[0]);
    let all = env.ok(&["--json", "audit", "list"]);
    for c in &codes {
        for s in spellings(c) {
            assert!(!all.contains(&s), "a code in the audit log");
        }
    }
    env.ok(&["audit", "verify"]);
}

#[test]
fn unknown_user_is_an_error() {
    let env = setup();
    env.refused(&["--no-input", "backup-codes", "generate", "nobody"], 1);
}

// ----------------------------------------------------------- verification

#[test]
fn each_code_works_once_in_any_order() {
    let env = setup();
    let codes = generate(&env, "alice");
    for i in [7, 2, 9, 0] {
        verify_ok(&env, "alice", &codes[i]);
    }
    for i in [7, 2, 9, 0] {
        let out = verify_fails(&env, "alice", &codes[i], 3);
        assert!(!stderr(&out).is_empty(), "an error is shown");
    }
    env.ok(&["user", "unlock", "alice"]);
    for i in [1, 3, 4, 5, 6, 8] {
        verify_ok(&env, "alice", &codes[i]);
    }
    assert_eq!(status(&env, "alice")["remaining"], 0);
}

#[test]
fn case_dashes_and_spaces_do_not_matter() {
    let env = setup();
    let codes = generate(&env, "alice");
    // Upper case, with dashes.
    verify_ok(&env, "alice", &codes[0].to_uppercase());
    // No dashes.
    verify_ok(&env, "alice", &codes[1].replace('-', ""));
    // Upper case, no dashes, trailing line break.
    verify_ok(
        &env,
        "alice",
        &format!("{}\n", codes[2].replace('-', "").to_uppercase()),
    );
    // Extra spaces around and inside.
    let spaced = format!("  {}  ", codes[3].replace('-', " "));
    verify_ok(&env, "alice", &spaced);
    // Mixed case and spacing.
    let c = codes[4].replace('-', "");
    let mixed: String = c
        .chars()
        .enumerate()
        .map(|(i, ch)| {
            if i % 2 == 0 {
                ch.to_ascii_uppercase()
            } else {
                ch
            }
        })
        .collect();
    verify_ok(&env, "alice", &format!("{} - {}", &mixed[..8], &mixed[8..]));
    assert_eq!(status(&env, "alice")["remaining"], 5);
    // And each is used up whichever way it is typed.
    verify_fails(&env, "alice", &codes[0], 3);
}

#[test]
fn wrong_codes_fail_with_exit_3() {
    let env = setup();
    set(&env, "lockout.attempts", "100");
    // Before any set exists.
    verify_fails(&env, "alice", "abcd-efgh-ijkm-npqr", 3);
    let codes = generate(&env, "alice");
    let wrong = "2222-3333-4444-5555";
    assert!(!codes.contains(&wrong.to_string()));
    for w in [
        wrong,
        "not a code",
        "abcd",
        &codes[0][..18],
        &format!("{}a", codes[0]),
    ] {
        let out = verify_fails(&env, "alice", w, 3);
        assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    }
    assert_eq!(status(&env, "alice")["remaining"], 10);
    verify_ok(&env, "alice", &codes[0]);
}

#[test]
fn codes_of_one_user_do_not_work_for_another() {
    let env = setup();
    set(&env, "lockout.attempts", "100");
    add_user(&env, "bobby", None);
    let alice = generate(&env, "alice");
    let bobby = generate(&env, "bobby");
    verify_fails(&env, "bobby", &alice[0], 3);
    verify_fails(&env, "alice", &bobby[0], 3);
    verify_ok(&env, "alice", &alice[0]);
    verify_ok(&env, "bobby", &bobby[0]);
}

#[test]
fn status_reports_remaining_total_and_low() {
    let env = setup();
    let st = status(&env, "alice");
    assert_eq!(st["user"], "alice");
    assert_eq!(st["remaining"], 0);
    assert_eq!(st["total"], 0);
    assert!(st["generated_at"].is_null(), "{st}");
    assert_eq!(st["low"], false);
    let text = env.ok(&["backup-codes", "status", "alice"]);
    assert!(text.contains("no backup codes"), "{text}");

    set(&env, "mfa.backup_codes.count", "5");
    let codes = generate(&env, "alice");
    let st = status(&env, "alice");
    assert_eq!(st["remaining"], 5);
    assert_eq!(st["total"], 5);
    let at = st["generated_at"].as_str().expect("generated_at");
    assert!(at.len() >= 20 && at.contains('T'), "RFC 3339: {at}");
    assert_eq!(st["low"], false);

    verify_ok(&env, "alice", &codes[0]);
    verify_ok(&env, "alice", &codes[1]);
    let st = status(&env, "alice");
    assert_eq!(
        (st["remaining"].as_i64(), st["low"].as_bool()),
        (Some(3), Some(false))
    );

    verify_ok(&env, "alice", &codes[2]);
    let st = status(&env, "alice");
    assert_eq!(st["remaining"], 2);
    assert_eq!(st["total"], 5);
    assert_eq!(st["low"], true, "{st}");
    let out = env.run(&["backup-codes", "status", "alice"]);
    assert_eq!(code(&out), 0);
    let said = format!("{}{}", stdout(&out), stderr(&out)).to_lowercase();
    assert!(said.contains("few"), "warns: {said}");
}

#[test]
fn simultaneous_uses_of_one_code_let_exactly_one_through() {
    let env = setup();
    set(&env, "lockout.attempts", "100");
    let codes = generate(&env, "alice");
    let target = &codes[3];

    let mut children: Vec<std::process::Child> = (0..32)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin!("mfactl"))
                .env_clear()
                .env("HOME", env.dir.path())
                .env("MFACTL_DB", env.db())
                .env("NO_COLOR", "1")
                .current_dir(env.dir.path())
                .args([
                    "mfa",
                    "verify",
                    "alice",
                    "--method",
                    "backup-code",
                    "--code-stdin",
                ])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn mfactl")
        })
        .collect();
    // All are started and waiting on stdin; now give them the code.
    for child in &mut children {
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(target.as_bytes()).expect("write code");
    }
    let outs: Vec<Output> = children
        .into_iter()
        .map(|c| c.wait_with_output().expect("wait"))
        .collect();
    let winners = outs.iter().filter(|o| code(o) == 0).count();
    assert_eq!(
        winners,
        1,
        "exit codes: {:?}\n{}",
        outs.iter().map(code).collect::<Vec<_>>(),
        outs.iter().map(show).collect::<Vec<_>>().join("\n")
    );
    for o in &outs {
        assert!(matches!(code(o), 0 | 3), "{}", show(o));
        assert!(!stderr(o).contains(target.as_str()));
    }
    assert_eq!(status(&env, "alice")["remaining"], 9);
    verify_fails(&env, "alice", target, 3);
    verify_ok(&env, "alice", &codes[4]);
}

// ------------------------------------------------------------------ store

#[test]
fn store_keeps_one_salt_per_user_and_32_byte_hashes() {
    let env = setup();
    add_user(&env, "bobby", None);
    generate(&env, "alice");
    generate(&env, "alice");
    set(&env, "mfa.backup_codes.count", "3");
    generate(&env, "bobby");

    let conn = env.conn();
    let sets: Vec<(String, Vec<u8>)> = conn
        .prepare(
            "SELECT u.name, s.salt FROM backup_code_sets s JOIN users u ON u.id = s.user_id \
             ORDER BY u.name",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(sets.len(), 2, "one set (one salt) per user: {sets:?}");
    assert_eq!(sets[0].0, "alice");
    assert_eq!(sets[1].0, "bobby");
    assert!(sets[0].1.len() >= 16, "a salt of at least 16 bytes");
    assert_ne!(sets[0].1, sets[1].1, "each user has their own salt");

    // Only the newest set of alice is kept.
    let per_user: Vec<(String, i64)> = conn
        .prepare(
            "SELECT u.name, count(*) FROM backup_codes c JOIN users u ON u.id = c.user_id \
             GROUP BY u.name ORDER BY u.name",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        per_user,
        vec![("alice".to_string(), 10), ("bobby".to_string(), 3)]
    );

    // The hashes are raw 32-byte blobs, and no column holds text codes.
    let kinds: Vec<(String, i64)> = conn
        .prepare("SELECT typeof(hash), length(hash) FROM backup_codes")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(kinds.len(), 13);
    for (kind, len) in kinds {
        assert_eq!((kind.as_str(), len), ("blob", 32));
    }
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('backup_codes')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for c in &columns {
        assert!(
            !c.contains("code") || c == "code_hash",
            "a column that may hold codes: {columns:?}"
        );
    }
    let distinct: i64 = conn
        .query_row("SELECT count(DISTINCT hash) FROM backup_codes", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(distinct, 13);
}

#[test]
fn codes_never_reach_the_store_files_the_audit_log_or_stderr() {
    let smtp = Smtp::start();
    let env = setup();
    use_smtp(&env, smtp.port);
    set(&env, "lockout.attempts", "100");
    let mut all_codes = Vec::new();
    let mut stderrs = String::new();

    for _ in 0..2 {
        let out = env.run(&["--no-input", "backup-codes", "generate", "alice"]);
        assert_eq!(code(&out), 0, "{}", show(&out));
        stderrs.push_str(&stderr(&out));
        all_codes.extend(find_codes(&stdout(&out)));
    }
    let json = env.run(&["--json", "--no-input", "backup-codes", "generate", "alice"]);
    assert_eq!(code(&json), 0);
    stderrs.push_str(&stderr(&json));
    let current = find_codes(&stdout(&json));
    assert_eq!(current.len(), 10);
    all_codes.extend(current.clone());
    let path = env.path("file.txt");
    let file = env.run(&[
        "--no-input",
        "backup-codes",
        "generate",
        "alice",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code(&file), 0, "{}", show(&file));
    stderrs.push_str(&stderr(&file));
    let current = find_codes(&std::fs::read_to_string(&path).unwrap());
    all_codes.extend(current.clone());
    assert_eq!(all_codes.len(), 40);

    // Use some (right, reused and wrong), and look at what is shown.
    for c in [&current[0], &current[0], &current[1], &all_codes[0]] {
        let out = verify(&env, "alice", c);
        stderrs.push_str(&stderr(&out));
        stderrs.push_str(&stdout(&out));
    }
    for c in [&current[2].to_uppercase(), &current[3].replace('-', "")] {
        let out = env.run_stdin(
            &[
                "login",
                "alice",
                "--password-stdin",
                "--code-stdin",
                "--method",
                "backup-code",
            ],
            &format!("{PASSWORD}\n{c}\n"),
        );
        assert_eq!(code(&out), 0, "{}", show(&out));
        stderrs.push_str(&stderr(&out));
    }
    let status_out = env.run(&["backup-codes", "status", "alice"]);
    stderrs.push_str(&stderr(&status_out));
    stderrs.push_str(&stdout(&status_out));

    let audit = env.ok(&["--json", "audit", "list"]);
    let files: Vec<(PathBuf, Vec<u8>)> = store_files(&env)
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    assert!(!files.is_empty(), "the store exists");
    let mails: String = smtp.messages().iter().map(|m| m.data.clone()).collect();
    assert!(!mails.is_empty());
    for c in &all_codes {
        for s in spellings(c) {
            for (p, bytes) in &files {
                assert!(
                    !contains_bytes(bytes, s.as_bytes()),
                    "a backup code in {}",
                    p.display()
                );
            }
            assert!(!audit.contains(&s), "a backup code in the audit log");
            assert!(!stderrs.contains(&s), "a backup code on stderr:\n{stderrs}");
            assert!(!mails.contains(&s), "a backup code in an email");
        }
    }
}

// ------------------------------------------------------------------ email

#[test]
fn the_user_is_emailed_when_codes_are_generated() {
    let smtp = Smtp::start();
    let env = setup();
    use_smtp(&env, smtp.port);
    let codes = generate(&env, "alice");
    let mails = smtp.to(ALICE_MAIL);
    assert_eq!(mails.len(), 1, "{mails:?}");
    let m = &mails[0];
    assert!(m.subject().contains("New backup codes"), "{}", m.subject());
    assert!(m.body().contains("alice"), "{}", m.body());
    for c in &codes {
        assert!(!m.data.contains(c.as_str()), "the codes are not mailed");
    }

    // Also when written to a file.
    let path = env.path("f.txt");
    env.ok(&[
        "--no-input",
        "backup-codes",
        "generate",
        "alice",
        "--output",
        path.to_str().unwrap(),
    ]);
    let mails = smtp.to(ALICE_MAIL);
    assert_eq!(mails.len(), 2);
    assert!(mails[1].subject().contains("New backup codes"));
}

#[test]
fn the_user_is_emailed_when_a_code_is_used_and_warned_when_few_remain() {
    let smtp = Smtp::start();
    let env = setup();
    use_smtp(&env, smtp.port);
    set(&env, "mfa.backup_codes.count", "4");
    let codes = generate(&env, "alice");
    assert_eq!(smtp.to(ALICE_MAIL).len(), 1);

    let used_mails = |n: usize| -> Vec<Mail> {
        let mails: Vec<Mail> = smtp
            .to(ALICE_MAIL)
            .into_iter()
            .filter(|m| m.subject().contains("A backup code was used"))
            .collect();
        assert_eq!(
            mails.len(),
            n,
            "{:?}",
            smtp.to(ALICE_MAIL)
                .iter()
                .map(|m| m.subject())
                .collect::<Vec<_>>()
        );
        mails
    };
    let warns = |body: &str| {
        let lower = body.to_lowercase();
        lower.contains("only") || lower.contains("few")
    };

    // 3 remain: told, not warned.
    verify_ok(&env, "alice", &codes[0]);
    let mails = used_mails(1);
    let body = mails[0].body();
    assert!(body.contains('3'), "says how many remain: {body}");
    assert!(!warns(&body), "no warning with 3 left: {body}");
    for c in &codes {
        assert!(!mails[0].data.contains(c.as_str()));
    }

    // 2 remain: warned.
    verify_ok(&env, "alice", &codes[1]);
    let mails = used_mails(2);
    let body = mails[1].body();
    assert!(warns(&body) && body.contains('2'), "warns: {body}");
    assert!(
        body.contains("Only 2 backup code(s) remain") || body.to_lowercase().contains("remain"),
        "{body}"
    );

    // 1 remains: warned again.
    verify_ok(&env, "alice", &codes[2]);
    let body = used_mails(3)[2].body();
    assert!(warns(&body) && body.contains('1'), "warns: {body}");

    // A failed use sends no "used" mail.
    verify_fails(&env, "alice", &codes[0], 3);
    used_mails(3);
}

#[test]
fn a_backup_code_login_emails_the_user() {
    let smtp = Smtp::start();
    let env = setup();
    use_smtp(&env, smtp.port);
    let codes = generate(&env, "alice");
    let out = env.run_stdin(
        &[
            "login",
            "alice",
            "--password-stdin",
            "--code-stdin",
            "--method",
            "backup-code",
        ],
        &format!("{PASSWORD}\n{}\n", codes[5]),
    );
    assert_eq!(code(&out), 0, "{}", show(&out));
    let used: Vec<Mail> = smtp
        .to(ALICE_MAIL)
        .into_iter()
        .filter(|m| m.subject().contains("A backup code was used"))
        .collect();
    assert_eq!(used.len(), 1);
    assert_eq!(status(&env, "alice")["remaining"], 9);
}
