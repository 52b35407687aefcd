//! `login USER` (password, then MFA as the policies decide), lockout across
//! every verification path, and the email authenticator (`mfa challenge`,
//! `mfa verify --method email`, uniform digits).

use crate::common::smtp::*;
use crate::common::*;

use std::collections::VecDeque;
use std::process::Output;

use mfactl::auth::codes::random_code;
use mfactl::auth::email_code::DIGITS;
use mfactl::crypto::{OsRandom, Random};
use proptest::prelude::*;
use serde_json::Value;

// ---------------------------------------------------------------- helpers

const WRONG_PASSWORD: &str = "incorrect horse";

/// alice, a local user with a password and an email.
fn with_alice() -> Env {
    let env = Env::new();
    add_user(&env, "alice", Some(ALICE_MAIL));
    env
}

/// `login USER --password-stdin [extra…]` with `input` on stdin.
fn login(env: &Env, user: &str, input: &str, extra: &[&str]) -> Output {
    let mut args = vec!["login", user, "--password-stdin"];
    args.extend_from_slice(extra);
    env.run_stdin(&args, input)
}

fn login_expect(env: &Env, user: &str, input: &str, extra: &[&str], expected: i32) -> Output {
    let out = login(env, user, input, extra);
    assert_eq!(
        code(&out),
        expected,
        "login {user} {extra:?}: {}",
        show(&out)
    );
    out
}

/// A successful login's token (the only stdout line).
fn token_of(out: &Output) -> String {
    let text = stdout(out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "one line on stdout: {text}");
    assert!(lines[0].starts_with("mfs_"), "{text}");
    lines[0].to_string()
}

/// `session check --json` for a token: the session.
fn check_session(env: &Env, token: &str) -> Value {
    let out = env.ok_stdin(&["--json", "session", "check"], token);
    serde_json::from_str(&out).expect("JSON")
}

/// Backup codes enabled; returns alice's new set.
fn backup_codes(env: &Env, user: &str) -> Vec<String> {
    let alts = env.ok(&["settings", "get", "mfa.alternates"]);
    if !alts.contains("backup-codes") {
        let new = if alts.trim().is_empty() {
            "backup-codes".to_string()
        } else {
            format!("{},backup-codes", alts.trim())
        };
        set(env, "mfa.alternates", &new);
    }
    let out = env.ok(&["--no-input", "backup-codes", "generate", user]);
    let codes: Vec<String> = out.lines().map(str::to_string).collect();
    assert_eq!(codes.len(), 10, "{out}");
    codes
}

fn verify(env: &Env, user: &str, method: &str, code_text: &str) -> Output {
    env.run_stdin(
        &["mfa", "verify", user, "--method", method, "--code-stdin"],
        code_text,
    )
}

fn verify_expect(env: &Env, user: &str, method: &str, code_text: &str, expected: i32) -> Output {
    let out = verify(env, user, method, code_text);
    assert_eq!(
        code(&out),
        expected,
        "verify {method} {code_text:?}: {}",
        show(&out)
    );
    out
}

/// The `login` audit entries for a user, oldest first.
fn login_audit(env: &Env, user: &str) -> Vec<Value> {
    audit(env, &["--action", "login", "--user", user])
        .into_iter()
        .filter(|e| e["action"] == "login")
        .collect()
}

fn outcomes(entries: &[Value]) -> Vec<String> {
    entries
        .iter()
        .map(|e| e["details"]["outcome"].as_str().unwrap_or("?").to_string())
        .collect()
}

/// Enrols and confirms TOTP (period 120 s); returns the secret.
fn activate_totp(env: &Env, user: &str) -> String {
    set(env, "mfa.totp.period", "120s");
    let v = env.json(&["mfa", "enroll", user]);
    let secret = v["secret"].as_str().expect("secret").to_string();
    env.ok_stdin(
        &["mfa", "confirm", user, "--code-stdin"],
        &totp_now(&secret, 120),
    );
    secret
}

/// The 6-digit code on a line of its own in a mail body.
fn six_digits(body: &str) -> Option<String> {
    body.lines()
        .map(|l| l.trim_end_matches('\r').trim())
        .find(|l| l.len() == 6 && l.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_string)
}

fn code_mails(smtp: &Smtp, to: &str) -> Vec<Mail> {
    smtp.to(to)
        .into_iter()
        .filter(|m| six_digits(&m.body()).is_some())
        .collect()
}

/// Sends an email code to `user` and returns it (the newest mail's code).
fn challenge(env: &Env, smtp: &Smtp, user: &str, to: &str) -> String {
    let before = code_mails(smtp, to).len();
    env.ok(&["mfa", "challenge", user]);
    let mails = code_mails(smtp, to);
    assert_eq!(mails.len(), before + 1, "one code mail per challenge");
    six_digits(&mails[before].body()).expect("a code")
}

/// A 6-digit code that is not `real`.
fn other_than(real: &str) -> String {
    if real == "123456" {
        "654321".into()
    } else {
        "123456".into()
    }
}

/// SMTP, the email authenticator enabled, and alice using it.
fn email_env(smtp: &Smtp) -> Env {
    let env = with_alice();
    use_smtp(&env, smtp.port);
    set(&env, "mfa.authenticators", "totp,email");
    env.ok(&["user", "set", "alice", "--mfa-type", "email"]);
    env
}

// ------------------------------------------------------- login: policies

#[test]
fn mfa_skipped_by_policy_logs_in_with_the_password_alone() {
    let env = with_alice();
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
    let out = login_expect(&env, "alice", PASSWORD, &["--ip", "10.1.2.3"], 0);
    let token = token_of(&out);
    assert_eq!(token.len(), 4 + 64, "{token}");
    let s = check_session(&env, &token);
    assert_eq!(s["user"], "alice");
    assert_eq!(s["method"], "password");
    assert_eq!(s["active"], true);
    assert_eq!(s["source"], "10.1.2.3");
    let out = env.run_stdin(&["session", "check"], &token);
    assert_eq!(code(&out), 0, "{}", show(&out));

    let audit = login_audit(&env, "alice");
    assert_eq!(outcomes(&audit), vec!["success"]);
    assert_eq!(audit[0]["details"]["source"], "10.1.2.3");

    // From outside the network the policy does not match: MFA is required,
    // and alice has no usable method.
    let err = stderr(&login_expect(
        &env,
        "alice",
        PASSWORD,
        &["--ip", "192.0.2.7"],
        5,
    ));
    assert!(err.contains("no usable method"), "{err}");
}

#[test]
fn json_gives_token_session_and_expiry() {
    let env = with_alice();
    set(&env, "mfa.default_action", "skipped");
    let out = login_expect(&env, "alice", PASSWORD, &["--json"], 0);
    let v: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let token = v["token"].as_str().expect("token");
    assert!(token.starts_with("mfs_"), "{v}");
    assert_eq!(v["session"]["user"], "alice");
    assert_eq!(v["session"]["method"], "password");
    let expires = v["expires_at"].as_str().expect("expires_at");
    assert_eq!(v["session"]["expires_at"], expires);
    let s = check_session(&env, token);
    assert_eq!(s["id"], v["session"]["id"]);
}

#[test]
fn login_denied_by_policy_names_the_policy() {
    let env = with_alice();
    set(&env, "mfa.default_action", "skipped");
    env.ok(&[
        "policy", "add", "no-alice", "--target", "login", "--user", "alice", "--action", "deny",
    ]);
    let out = login_expect(&env, "alice", PASSWORD, &[], 5);
    assert!(stdout(&out).is_empty(), "no token: {}", stdout(&out));
    assert!(stderr(&out).contains("no-alice"), "{}", stderr(&out));
    let audit = login_audit(&env, "alice");
    assert_eq!(outcomes(&audit), vec!["denied"]);
    assert_eq!(audit[0]["details"]["policy"], "no-alice");
    let sessions = env.json(&["session", "list"]);
    assert_eq!(sessions.as_array().map(Vec::len), Some(0), "{sessions}");

    // Another user is not denied.
    add_user(&env, "bobby", None);
    login_expect(&env, "bobby", PASSWORD, &[], 0);
}

#[test]
fn required_mfa_needs_a_code() {
    let env = with_alice();
    let codes = backup_codes(&env, "alice");

    // No code given: nothing to prompt with, no session.
    let out = login_expect(
        &env,
        "alice",
        PASSWORD,
        &["--no-input", "--method", "backup-code"],
        2,
    );
    assert!(stdout(&out).is_empty());
    let out = login_expect(
        &env,
        "alice",
        &format!("{PASSWORD}\n"),
        &["--code-stdin", "--method", "backup-code"],
        2,
    );
    assert!(stdout(&out).is_empty());
    let sessions = env.json(&["session", "list"]);
    assert_eq!(sessions.as_array().map(Vec::len), Some(0), "{sessions}");

    // A wrong code fails.
    login_expect(
        &env,
        "alice",
        &format!("{PASSWORD}\n2222-3333-4444-5555\n"),
        &["--code-stdin", "--method", "backup-code"],
        3,
    );

    // A backup code works, once.
    let input = format!("{PASSWORD}\n{}\n", codes[0]);
    let out = login_expect(
        &env,
        "alice",
        &input,
        &["--code-stdin", "--method", "backup-code"],
        0,
    );
    let token = token_of(&out);
    let s = check_session(&env, &token);
    assert_eq!(s["method"], "password+backup-code");
    login_expect(
        &env,
        "alice",
        &input,
        &["--code-stdin", "--method", "backup-code"],
        3,
    );
    let audit = login_audit(&env, "alice");
    assert!(
        outcomes(&audit).contains(&"success".to_string()),
        "{audit:?}"
    );
    assert_eq!(
        env.json(&["backup-codes", "status", "alice"])["remaining"],
        9
    );
}

#[test]
fn required_mfa_with_totp() {
    let env = with_alice();
    let secret = activate_totp(&env, "alice");
    // The step used to confirm is spent; the next one is within ±1 step.
    let input = format!(
        "{PASSWORD}\n{}\n",
        code_at_step(&secret, current_step(120) + 1)
    );
    let out = login_expect(
        &env,
        "alice",
        &input,
        &["--code-stdin", "--method", "totp", "--ip", "192.0.2.7"],
        0,
    );
    let s = check_session(&env, &token_of(&out));
    assert_eq!(s["method"], "password+totp");
    assert_eq!(s["source"], "192.0.2.7");
    let audit = login_audit(&env, "alice");
    assert_eq!(outcomes(&audit), vec!["success"]);
    assert_eq!(audit[0]["details"]["mfa"], "totp");
}

#[test]
fn a_method_that_is_not_offered_is_refused() {
    let env = with_alice();
    activate_totp(&env, "alice");
    // Backup codes are not an enabled alternate.
    login_expect(
        &env,
        "alice",
        &format!("{PASSWORD}\nabcd-efgh-ijkm-npqr\n"),
        &["--code-stdin", "--method", "backup-code"],
        5,
    );
    // Not a method at all.
    login_expect(
        &env,
        "alice",
        &format!("{PASSWORD}\n123456\n"),
        &["--code-stdin", "--method", "carrier-pigeon"],
        2,
    );
}

#[test]
fn optional_per_user_without_configured_mfa_skips_mfa() {
    let env = with_alice();
    set(&env, "mfa.default_action", "optional-per-user");
    let out = login_expect(&env, "alice", PASSWORD, &[], 0);
    let s = check_session(&env, &token_of(&out));
    assert_eq!(s["method"], "password");
}

#[test]
fn optional_per_user_with_mfa_type_but_no_usable_method_is_refused() {
    let env = with_alice();
    set(&env, "mfa.default_action", "optional-per-user");
    env.ok(&["user", "set", "alice", "--mfa-type", "totp"]);
    let out = login_expect(
        &env,
        "alice",
        &format!("{PASSWORD}\n123456\n"),
        &["--code-stdin"],
        5,
    );
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("no usable method"), "{}", show(&out));
    let audit = login_audit(&env, "alice");
    assert_eq!(outcomes(&audit), vec!["refused"]);

    // Once it has a backup code, that is a usable method.
    let codes = backup_codes(&env, "alice");
    let out = login_expect(
        &env,
        "alice",
        &format!("{PASSWORD}\n{}\n", codes[0]),
        &["--code-stdin"],
        0,
    );
    assert_eq!(
        check_session(&env, &token_of(&out))["method"],
        "password+backup-code"
    );
}

#[test]
fn optional_per_user_with_active_totp_requires_it() {
    let env = with_alice();
    set(&env, "mfa.default_action", "optional-per-user");
    let secret = activate_totp(&env, "alice");
    login_expect(&env, "alice", PASSWORD, &["--no-input"], 2);
    let out = login_expect(
        &env,
        "alice",
        &format!(
            "{PASSWORD}\n{}\n",
            code_at_step(&secret, current_step(120) + 1)
        ),
        &["--code-stdin"],
        0,
    );
    assert_eq!(
        check_session(&env, &token_of(&out))["method"],
        "password+totp"
    );
}

#[test]
fn mfa_type_none_with_required_mfa_is_refused() {
    let env = with_alice();
    env.ok(&["user", "set", "alice", "--mfa-type", "none"]);
    let out = login_expect(&env, "alice", PASSWORD, &[], 5);
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("none"), "{}", stderr(&out));
    assert_eq!(outcomes(&login_audit(&env, "alice")), vec!["refused"]);

    // A skip policy still lets them in with the password.
    env.ok(&[
        "policy", "add", "skip", "--target", "mfa", "--user", "alice", "--action", "skipped",
    ]);
    login_expect(&env, "alice", PASSWORD, &[], 0);
}

// ------------------------------------------------- login: wrong passwords

#[test]
fn wrong_password_and_unknown_user_look_the_same() {
    let env = with_alice();
    set(&env, "mfa.default_action", "skipped");
    let wrong = login_expect(&env, "alice", WRONG_PASSWORD, &[], 3);
    let unknown = login_expect(&env, "mallory", WRONG_PASSWORD, &[], 3);
    assert!(
        stderr(&wrong).contains("user name or password is wrong"),
        "{}",
        stderr(&wrong)
    );
    assert_eq!(stderr(&wrong), stderr(&unknown));
    assert!(stdout(&wrong).is_empty() && stdout(&unknown).is_empty());

    let audit = login_audit(&env, "alice");
    assert_eq!(outcomes(&audit), vec!["failed"]);
    assert_eq!(
        outcomes(&login_audit(&env, "mallory")),
        vec!["unknown_user"]
    );
    // The password is never recorded.
    let all = env.ok(&["--json", "audit", "list"]);
    assert!(!all.contains(WRONG_PASSWORD) && !all.contains(PASSWORD));
}

#[test]
fn repeated_wrong_passwords_lock_until_unlocked() {
    let env = with_alice();
    set(&env, "mfa.default_action", "skipped");
    set(&env, "lockout.attempts", "3");
    login_expect(&env, "alice", WRONG_PASSWORD, &[], 3);
    login_expect(&env, "alice", WRONG_PASSWORD, &[], 3);
    let third = login(&env, "alice", WRONG_PASSWORD, &[]);
    assert!(matches!(code(&third), 3 | 4), "{}", show(&third));
    // Now locked: even the right password is refused.
    let out = login_expect(&env, "alice", PASSWORD, &[], 4);
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("locked"), "{}", stderr(&out));
    let audit = login_audit(&env, "alice");
    assert_eq!(audit.last().unwrap()["details"]["outcome"], "locked");

    env.ok(&["user", "unlock", "alice"]);
    let out = login_expect(&env, "alice", PASSWORD, &[], 0);
    token_of(&out);
}

#[test]
fn a_success_clears_the_failure_count() {
    let env = with_alice();
    set(&env, "mfa.default_action", "skipped");
    set(&env, "lockout.attempts", "3");
    for _ in 0..3 {
        login_expect(&env, "alice", WRONG_PASSWORD, &[], 3);
        login_expect(&env, "alice", WRONG_PASSWORD, &[], 3);
        login_expect(&env, "alice", PASSWORD, &[], 0);
    }
}

#[test]
fn directory_users_are_refused() {
    let env = Env::new();
    set(&env, "mfa.default_action", "skipped");
    env.ok(&["user", "add", "bob@corp.example.com", "--directory"]);
    let out = login_expect(&env, "bob@corp.example.com", "whatever1", &[], 5);
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("directory"), "{}", stderr(&out));
    assert_eq!(
        outcomes(&login_audit(&env, "bob@corp.example.com")),
        vec!["refused"],
        "every login outcome is audited"
    );
}

#[test]
fn a_failed_second_factor_is_audited_as_a_failed_login() {
    let env = with_alice();
    backup_codes(&env, "alice");
    login_expect(
        &env,
        "alice",
        &format!("{PASSWORD}\n2222-3333-4444-5555\n"),
        &[
            "--code-stdin",
            "--method",
            "backup-code",
            "--ip",
            "192.0.2.9",
        ],
        3,
    );
    let audit = login_audit(&env, "alice");
    assert_eq!(outcomes(&audit), vec!["failed"], "{audit:?}");
    assert_eq!(audit[0]["details"]["source"], "192.0.2.9");
}

#[test]
fn no_password_without_input_is_a_usage_error() {
    let env = with_alice();
    let out = env.run(&["--no-input", "login", "alice"]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(
        stderr(&out).contains("--password-stdin"),
        "{}",
        stderr(&out)
    );
    // Without a terminal it is the same.
    let out = env.run_stdin(&["login", "alice"], "");
    assert_eq!(code(&out), 2, "{}", show(&out));
    // --password-stdin with nothing on it.
    let out = env.run_stdin(&["login", "alice", "--password-stdin"], "");
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(login_audit(&env, "alice").is_empty());
}

#[test]
fn bad_source_address_is_a_usage_error() {
    let env = with_alice();
    set(&env, "mfa.default_action", "skipped");
    login_expect(&env, "alice", PASSWORD, &["--ip", "not-an-ip"], 2);
}

// ------------------------------------------- lockout across every path

/// alice with backup codes and the email alternate; attempts 3.
fn all_paths(smtp: &Smtp) -> (Env, Vec<String>) {
    let env = with_alice();
    use_smtp(&env, smtp.port);
    set(&env, "mfa.alternates", "email,backup-codes");
    set(&env, "lockout.attempts", "3");
    let codes = backup_codes(&env, "alice");
    (env, codes)
}

#[test]
fn failures_on_different_paths_add_up_to_one_lock() {
    let smtp = Smtp::start();
    let (env, codes) = all_paths(&smtp);
    let email_code = challenge(&env, &smtp, "alice", ALICE_MAIL);

    // 1: wrong password.
    login_expect(&env, "alice", WRONG_PASSWORD, &[], 3);
    // 2: wrong backup code.
    verify_expect(&env, "alice", "backup-code", "2222-3333-4444-5555", 3);
    // 3: wrong email code: the third failure locks.
    let out = verify(&env, "alice", "email", &other_than(&email_code));
    assert!(matches!(code(&out), 3 | 4), "{}", show(&out));

    // Locked on every path, even with right secrets.
    verify_expect(&env, "alice", "backup-code", &codes[0], 4);
    verify_expect(&env, "alice", "email", &email_code, 4);
    login_expect(
        &env,
        "alice",
        &format!("{PASSWORD}\n{}\n", codes[1]),
        &["--code-stdin", "--method", "backup-code"],
        4,
    );
    let st = env.json(&["backup-codes", "status", "alice"]);
    assert_eq!(st["remaining"], 10, "no code was used while locked");

    env.ok(&["user", "unlock", "alice"]);
    verify_expect(&env, "alice", "backup-code", &codes[0], 0);
    verify_expect(&env, "alice", "email", &email_code, 0);
    let out = login_expect(
        &env,
        "alice",
        &format!("{PASSWORD}\n{}\n", codes[1]),
        &["--code-stdin", "--method", "backup-code"],
        0,
    );
    token_of(&out);
}

#[test]
fn a_wrong_second_factor_at_login_counts_toward_the_lock() {
    let smtp = Smtp::start();
    let (env, codes) = all_paths(&smtp);
    let wrong_code = format!("{PASSWORD}\n2222-3333-4444-5555\n");
    let args = ["--code-stdin", "--method", "backup-code"];
    // Right password, wrong code: the right password does not clear the
    // count, so three such logins lock.
    login_expect(&env, "alice", &wrong_code, &args, 3);
    login_expect(&env, "alice", &wrong_code, &args, 3);
    let out = login(&env, "alice", &wrong_code, &args);
    assert!(matches!(code(&out), 3 | 4), "{}", show(&out));
    login_expect(
        &env,
        "alice",
        &format!("{PASSWORD}\n{}\n", codes[0]),
        &args,
        4,
    );
    env.ok(&["user", "unlock", "alice"]);
    login_expect(
        &env,
        "alice",
        &format!("{PASSWORD}\n{}\n", codes[0]),
        &args,
        0,
    );
}

#[test]
fn email_and_password_failures_add_up() {
    let smtp = Smtp::start();
    let (env, _codes) = all_paths(&smtp);
    let c = challenge(&env, &smtp, "alice", ALICE_MAIL);
    verify_expect(&env, "alice", "email", &other_than(&c), 3);
    verify_expect(&env, "alice", "email", &other_than(&c), 3);
    let out = login(&env, "alice", WRONG_PASSWORD, &[]);
    assert!(matches!(code(&out), 3 | 4), "{}", show(&out));
    login_expect(&env, "alice", PASSWORD, &[], 4);
    // A new challenge while locked sends nothing.
    let before = code_mails(&smtp, ALICE_MAIL).len();
    let out = env.run(&["mfa", "challenge", "alice"]);
    assert_eq!(code(&out), 4, "{}", show(&out));
    assert_eq!(code_mails(&smtp, ALICE_MAIL).len(), before);
}

// ------------------------------------------------- email authenticator

#[test]
fn enabling_the_email_authenticator_needs_smtp() {
    let env = with_alice();
    let err = env.refused(&["settings", "set", "mfa.authenticators", "totp,email"], 5);
    assert!(err.contains("smtp"), "{err}");
    with_smtp(&env);
    set(&env, "mfa.authenticators", "totp,email");
}

#[test]
fn challenge_mails_a_six_digit_code_that_works_once() {
    let smtp = Smtp::start();
    let env = email_env(&smtp);
    let out = env.run(&["mfa", "challenge", "alice"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let mails = smtp.to(ALICE_MAIL);
    assert_eq!(mails.len(), 1);
    let body = mails[0].body();
    let c = six_digits(&body).unwrap_or_else(|| panic!("no 6-digit line: {body}"));
    assert!(!stdout(&out).contains(&c) && !stderr(&out).contains(&c));

    let ok = verify_expect(&env, "alice", "email", &c, 0);
    assert!(!stderr(&ok).contains(&c));
    verify_expect(&env, "alice", "email", &c, 3);

    // The code is in no audit entry, and stored hashed only.
    let audit = env.ok(&["--json", "audit", "list", "--user", "alice"]);
    assert!(!audit.contains(&format!("\"{c}\"")), "{audit}");
    let stored: String = env
        .conn()
        .query_row("SELECT code_hash FROM mfa_email_codes", [], |r| r.get(0))
        .unwrap();
    assert!(stored.starts_with("$argon2id$"), "{stored}");
    assert!(!stored.contains(&c));
}

#[test]
fn the_code_lives_for_mfa_email_lifetime() {
    let smtp = Smtp::start();
    let env = email_env(&smtp);
    let unix_now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
    };
    // The stored expiry lies `lifetime` after some moment during the
    // challenge command (bracketed by the clock before and after it).
    let challenge_with_lifetime = |lifetime: i64| -> String {
        let before = unix_now();
        let c = challenge(&env, &smtp, "alice", ALICE_MAIL);
        let after = unix_now();
        let expires: i64 = env
            .conn()
            .query_row("SELECT expires_at FROM mfa_email_codes", [], |r| r.get(0))
            .unwrap();
        assert!(
            (before + lifetime..=after + lifetime).contains(&expires),
            "expires_at {expires} is not {lifetime} s after the challenge \
             ({before}..={after})"
        );
        c
    };
    challenge_with_lifetime(300);
    let v = env.json(&["mfa", "challenge", "alice"]);
    assert_eq!(v["user"], "alice");
    assert_eq!(v["method"], "email");
    assert!(v["expires_at"].as_str().is_some(), "{v}");

    set(&env, "mfa.email.lifetime", "10m");
    let c = challenge_with_lifetime(600);
    let body = code_mails(&smtp, ALICE_MAIL).last().unwrap().body();
    assert!(body.contains("10m") || body.contains("10 min"), "{body}");
    verify_expect(&env, "alice", "email", &c, 0);
}

#[test]
fn a_second_challenge_ends_the_first_code() {
    let smtp = Smtp::start();
    let env = email_env(&smtp);
    set(&env, "lockout.attempts", "100");
    let first = challenge(&env, &smtp, "alice", ALICE_MAIL);
    let mut second = challenge(&env, &smtp, "alice", ALICE_MAIL);
    // One in a million: the same code again. Ask once more.
    while second == first {
        second = challenge(&env, &smtp, "alice", ALICE_MAIL);
    }
    verify_expect(&env, "alice", "email", &first, 3);
    verify_expect(&env, "alice", "email", &second, 0);
    verify_expect(&env, "alice", "email", &second, 3);
}

#[test]
fn a_resend_does_not_reset_the_failure_count() {
    let smtp = Smtp::start();
    let env = email_env(&smtp);
    set(&env, "lockout.attempts", "3");
    let first = challenge(&env, &smtp, "alice", ALICE_MAIL);
    verify_expect(&env, "alice", "email", &other_than(&first), 3);
    verify_expect(&env, "alice", "email", &other_than(&first), 3);
    let second = challenge(&env, &smtp, "alice", ALICE_MAIL);
    let out = verify(&env, "alice", "email", &other_than(&second));
    assert!(matches!(code(&out), 3 | 4), "{}", show(&out));
    // Locked: the right code no longer helps.
    let out = verify_expect(&env, "alice", "email", &second, 4);
    assert!(stderr(&out).contains("locked"), "{}", stderr(&out));

    env.ok(&["user", "unlock", "alice"]);
    let third = challenge(&env, &smtp, "alice", ALICE_MAIL);
    verify_expect(&env, "alice", "email", &third, 0);
}

#[test]
fn a_user_without_email_is_refused() {
    let smtp = Smtp::start();
    let env = email_env(&smtp);
    add_user(&env, "bobby", None);
    env.ok(&["user", "set", "bobby", "--mfa-type", "email"]);
    let err = env.refused(&["mfa", "challenge", "bobby"], 5);
    assert!(err.contains("email"), "{err}");
    assert!(smtp.messages().is_empty());
}

#[test]
fn an_expired_code_is_refused() {
    let smtp = Smtp::start();
    let env = email_env(&smtp);
    let c = challenge(&env, &smtp, "alice", ALICE_MAIL);
    // Age the code past its lifetime in the store.
    env.conn()
        .execute(
            "UPDATE mfa_email_codes SET created_at = created_at - 600, \
             expires_at = expires_at - 600",
            [],
        )
        .unwrap();
    let out = verify_expect(&env, "alice", "email", &c, 3);
    assert!(stderr(&out).contains("expired"), "{}", stderr(&out));
    let fresh = challenge(&env, &smtp, "alice", ALICE_MAIL);
    verify_expect(&env, "alice", "email", &fresh, 0);
}

#[test]
fn challenge_is_refused_when_email_codes_are_not_enabled() {
    let smtp = Smtp::start();
    let env = with_alice();
    use_smtp(&env, smtp.port);
    let err = env.refused(&["mfa", "challenge", "alice"], 5);
    assert!(err.contains("email"), "{err}");
    assert!(smtp.messages().is_empty());
    // Only email is sent: another method is a usage error.
    set(&env, "mfa.authenticators", "totp,email");
    env.refused(&["mfa", "challenge", "alice", "--method", "totp"], 2);
}

#[test]
fn smtp_down_at_challenge_exits_69_and_leaves_no_live_code() {
    let env = with_alice();
    use_smtp(&env, dead_port());
    set(&env, "mfa.authenticators", "totp,email");
    env.ok(&["user", "set", "alice", "--mfa-type", "email"]);
    let out = env.run(&["mfa", "challenge", "alice"]);
    assert_eq!(code(&out), 69, "{}", show(&out));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    let live: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM mfa_email_codes WHERE used_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(live, 0, "no code that nobody received");
}

#[test]
fn email_code_at_login_is_sent_and_checked() {
    // A login with --method email mails a fresh code; this run cannot type
    // it (stdin was given up front), so the wrong code fails, and the code
    // that was mailed is then shown to be live.
    let smtp = Smtp::start();
    let env = email_env(&smtp);
    set(&env, "lockout.attempts", "100");
    let out = login(
        &env,
        "alice",
        &format!("{PASSWORD}\n000000\n"),
        &["--code-stdin", "--method", "email"],
    );
    let mails = code_mails(&smtp, ALICE_MAIL);
    assert_eq!(mails.len(), 1, "the login mailed a code: {}", show(&out));
    let c = six_digits(&mails[0].body()).unwrap();
    // 000000 is the mailed code once in a million runs.
    if c == "000000" {
        assert_eq!(code(&out), 0, "{}", show(&out));
        return;
    }
    assert_eq!(code(&out), 3, "{}", show(&out));
    assert!(stdout(&out).is_empty());
    verify_expect(&env, "alice", "email", &c, 0);
}

// ------------------------------------------------ digits: the library

/// Chi-squared critical value for 9 degrees of freedom with an upper tail
/// of about 1.2e-8: seven such checks together fail by chance < 1e-7.
const CHI2_9_CRITICAL: f64 = 55.0;

fn chi2(counts: &[u64; 10], n: u64) -> f64 {
    let expected = n as f64 / 10.0;
    counts
        .iter()
        .map(|&c| (c as f64 - expected).powi(2) / expected)
        .sum()
}

#[test]
fn email_code_digits_are_uniform_at_every_position() {
    // 300,000 codes: 30,000 expected per digit and position. Plain modulo
    // reduction of a byte (26/256 vs 25/256) would give a chi-squared of
    // about 110 per position, far above the critical value.
    const N: u64 = 300_000;
    let mut counts = [[0u64; 10]; 6];
    for _ in 0..N {
        let c = random_code(DIGITS, 6, &mut OsRandom);
        let s = c.expose();
        assert_eq!(s.len(), 6);
        for (i, b) in s.bytes().enumerate() {
            assert!(b.is_ascii_digit(), "{s:?}");
            counts[i][(b - b'0') as usize] += 1;
        }
    }
    let mut pooled = [0u64; 10];
    for (i, row) in counts.iter().enumerate() {
        let x = chi2(row, N);
        assert!(x < CHI2_9_CRITICAL, "position {i}: chi2 {x:.1}, {row:?}");
        for d in 0..10 {
            pooled[d] += row[d];
        }
    }
    let x = chi2(&pooled, 6 * N);
    assert!(
        x < CHI2_9_CRITICAL,
        "all positions: chi2 {x:.1}, {pooled:?}"
    );
}

/// A `Random` that gives scripted bytes, then 255 (always rejected for 10
/// symbols); it fails the test instead of looping forever.
struct Scripted {
    bytes: VecDeque<u8>,
    calls: usize,
}

impl Scripted {
    fn new(bytes: &[u8]) -> Scripted {
        Scripted {
            bytes: bytes.iter().copied().collect(),
            calls: 0,
        }
    }
}

impl Random for Scripted {
    fn fill(&mut self, buf: &mut [u8]) {
        self.calls += 1;
        assert!(self.calls < 1000, "random_code keeps asking for bytes");
        for b in buf.iter_mut() {
            *b = self.bytes.pop_front().unwrap_or(255);
        }
    }
}

fn draw(bytes: &[u8], len: usize) -> String {
    random_code(DIGITS, len, &mut Scripted::new(bytes))
        .expose()
        .to_string()
}

#[test]
fn rejection_sampling_discards_bytes_from_250_up() {
    assert_eq!(draw(&[255, 3], 1), "3");
    assert_eq!(draw(&[250, 251, 252, 253, 254, 255, 7], 1), "7");
    // 249 is the last byte kept: 249 % 10 = 9.
    assert_eq!(draw(&[249], 1), "9");
    assert_eq!(draw(&[250, 0, 255, 19, 128, 249, 201, 34], 6), "098914");
    // Bytes can run across several requests of the generator.
    let mut long = vec![255u8; 100];
    long.push(42);
    assert_eq!(draw(&long, 1), "2");
}

proptest! {
    /// random_code(DIGITS) is exactly: keep the bytes below 250, take each
    /// modulo 10, in order.
    #[test]
    fn random_code_is_the_kept_bytes_modulo_ten(
        bytes in proptest::collection::vec(any::<u8>(), 0..120),
        len in 1usize..12,
    ) {
        let kept: Vec<u8> = bytes.iter().copied().filter(|&b| b < 250).collect();
        prop_assume!(kept.len() >= len);
        let expected: String = kept[..len].iter().map(|b| (b'0' + b % 10) as char).collect();
        prop_assert_eq!(draw(&bytes, len), expected);
    }
}

fn failed_attempts(env: &Env, user: &str) -> i64 {
    env.json(&["user", "show", user])["failed_attempts"]
        .as_i64()
        .expect("failed_attempts")
}

#[test]
fn only_a_complete_login_clears_the_failure_count() {
    let env = with_alice();
    let secret = activate_totp(&env, "alice");
    let wrong = other_than(&totp_now(&secret, 120));
    verify_expect(&env, "alice", "totp", &wrong, 3);
    verify_expect(&env, "alice", "totp", &wrong, 3);
    assert_eq!(failed_attempts(&env, "alice"), 2);
    // The right password followed by a wrong second factor: one more
    // failure, not a fresh count.
    login_expect(
        &env,
        "alice",
        &format!("{PASSWORD}\n{wrong}\n"),
        &["--code-stdin", "--method", "totp"],
        3,
    );
    assert_eq!(failed_attempts(&env, "alice"), 3);
    // The right password with no second factor given at all (no terminal,
    // no code): the count stays.
    let out = login(&env, "alice", &format!("{PASSWORD}\n"), &["--no-input"]);
    assert_ne!(code(&out), 0, "{}", show(&out));
    assert_eq!(failed_attempts(&env, "alice"), 3);
    // Password and second factor both right: cleared.
    let code_now = code_at_step(&secret, current_step(120) + 1);
    login_expect(
        &env,
        "alice",
        &format!("{PASSWORD}\n{code_now}\n"),
        &["--code-stdin", "--method", "totp"],
        0,
    );
    assert_eq!(failed_attempts(&env, "alice"), 0);
}

#[test]
fn a_password_login_without_mfa_clears_the_failure_count() {
    let env = with_alice();
    set(&env, "mfa.default_action", "skipped");
    login_expect(&env, "alice", WRONG_PASSWORD, &[], 3);
    assert_eq!(failed_attempts(&env, "alice"), 1);
    login_expect(&env, "alice", PASSWORD, &[], 0);
    assert_eq!(failed_attempts(&env, "alice"), 0);
    // A password denied by a login policy is no complete login.
    env.ok(&[
        "policy", "add", "no-alice", "--target", "login", "--user", "alice", "--action", "deny",
    ]);
    login_expect(&env, "alice", WRONG_PASSWORD, &[], 3);
    login_expect(&env, "alice", PASSWORD, &[], 5);
    assert_eq!(failed_attempts(&env, "alice"), 1);
}
