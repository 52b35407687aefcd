//! pam_mfactl through a real PAM client: pamtester loads the freshly built
//! module from a test service file (in a private mount namespace, so the
//! machine's own /etc/pam.d is untouched) and answers its prompts.

use crate::common::emergency::{code_in, Emergency};
use crate::common::pam::*;
use crate::common::smtp::*;
use crate::common::*;

/// Alice with an active TOTP app; returns its seed.
pub(crate) fn alice_with_totp(env: &Env) -> String {
    add_user(env, "alice", Some(ALICE_MAIL));
    let v = env.json(&["mfa", "enroll", "alice", "--method", "totp"]);
    let secret = v["secret"].as_str().expect("secret").to_string();
    let step = settled_step(30, 5);
    env.ok_stdin(
        &["mfa", "confirm", "alice", "--code-stdin"],
        &code_at_step(&secret, step),
    );
    secret
}

/// A policy that skips MFA from 10.9.0.0/16.
pub(crate) fn office_skips_mfa(env: &Env) {
    env.ok(&[
        "policy",
        "add",
        "office",
        "--target",
        "mfa",
        "--action",
        "skipped",
        "--ip",
        "10.9.0.0/16",
    ]);
}

/// A store with a live SMTP server and the email authenticator enabled.
fn with_email() -> (Env, Smtp) {
    let env = Env::new();
    let smtp = Smtp::start();
    use_smtp(&env, smtp.port);
    set(&env, "mfa.authenticators", "totp,email");
    (env, smtp)
}

/// The 6-digit code in an email's body.
fn six_digits(body: &str) -> String {
    body.split(|c: char| !c.is_ascii_digit())
        .find(|t| t.len() == 6)
        .expect("a 6-digit code in the email")
        .to_string()
}

pub(crate) fn passed(out: &std::process::Output) -> bool {
    code(out) == 0 && said(out).contains("successfully authenticated")
}

/// pamtester's audit entries for `pam:mfactl-test`.
fn pam_attempts(env: &Env) -> Vec<serde_json::Value> {
    audit(env, &[])
        .into_iter()
        .filter(|e| e["actor"] == format!("pam:{SERVICE}"))
        .collect()
}

#[test]
fn right_totp_passes_a_replay_and_a_wrong_code_fail() {
    let env = Env::new();
    let secret = alice_with_totp(&env);
    let pam = PamConf::new(&env, "");
    let code_now = fresh_code(&secret);

    let out = pam.auth("alice", &[&code_now]);
    assert!(passed(&out), "right code: {}", said(&out));
    assert!(said(&out).contains("code"), "the prompt names a code");

    let out = pam.auth("alice", &[&code_now]);
    assert!(!passed(&out), "replayed code passed: {}", said(&out));
    assert!(
        said(&out).contains("Authentication failure"),
        "{}",
        said(&out)
    );

    let wrong = format!("{:06}", (code_now.parse::<u32>().unwrap() + 1) % 1_000_000);
    let out = pam.auth("alice", &[&wrong]);
    assert!(!passed(&out), "wrong code passed");

    let outcomes: Vec<String> = pam_attempts(&env)
        .iter()
        .map(|e| e["details"]["outcome"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(outcomes, ["success", "failed", "failed"], "{outcomes:?}");
}

#[test]
fn the_audit_log_names_the_service_and_the_remote_host() {
    let env = Env::new();
    let secret = alice_with_totp(&env);
    let pam = PamConf::new(&env, "");
    let out = pam.run(
        "alice",
        Some("192.0.2.7"),
        &["authenticate"],
        &[&fresh_code(&secret)],
    );
    assert!(passed(&out), "{}", said(&out));
    let entry = pam_attempts(&env).pop().expect("an audit entry");
    assert_eq!(entry["details"]["service"], SERVICE, "{entry}");
    assert_eq!(entry["details"]["source"], "192.0.2.7", "{entry}");
    assert_eq!(entry["details"]["outcome"], "success", "{entry}");
}

#[test]
fn a_backup_code_works_once() {
    let env = Env::new();
    set(&env, "mfa.alternates", "backup-codes");
    alice_with_totp(&env);
    let out = env.run(&["--no-input", "backup-codes", "generate", "alice"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let backup = stdout(&out).lines().next().expect("a code").to_string();
    let pam = PamConf::new(&env, "");

    // Typed in upper case without dashes: still the same code.
    let typed = backup.replace('-', "").to_uppercase();
    let out = pam.auth("alice", &[&typed]);
    assert!(passed(&out), "backup code: {}", said(&out));
    let out = pam.auth("alice", &[&backup]);
    assert!(!passed(&out), "a used backup code passed again");
    let left = env.json(&["backup-codes", "status", "alice"]);
    assert_eq!(left["remaining"], 9, "{left}");
}

#[test]
fn an_emailed_code_is_sent_on_request_and_logs_in() {
    let (env, smtp) = with_email();
    set(&env, "mfa.alternates", "email");
    alice_with_totp(&env);
    let pam = PamConf::new(&env, "");

    let mut child = pam.spawn("alice", None, &["authenticate"]);
    let mut stdin = child.stdin.take().expect("stdin");
    use std::io::Write;
    writeln!(stdin, "email").unwrap();
    stdin.flush().unwrap();
    let mail = next_mail(&smtp, ALICE_MAIL, 0);
    let code = six_digits(&mail.body());
    writeln!(stdin, "{code}").unwrap();
    drop(stdin);
    let out = child.wait_with_output().expect("pamtester");
    assert!(passed(&out), "emailed code: {}", said(&out));
    assert!(said(&out).contains("\"email\""), "the prompt offers email");
}

#[test]
fn a_user_whose_only_method_is_email_gets_the_code_at_once() {
    let (env, smtp) = with_email();
    set(&env, "mfa.default", "email");
    add_user(&env, "alice", Some(ALICE_MAIL));
    let pam = PamConf::new(&env, "");

    let mut child = pam.spawn("alice", None, &["authenticate"]);
    let mail = next_mail(&smtp, ALICE_MAIL, 0);
    let code = six_digits(&mail.body());
    let mut stdin = child.stdin.take().expect("stdin");
    use std::io::Write;
    writeln!(stdin, "{code}").unwrap();
    drop(stdin);
    let out = child.wait_with_output().expect("pamtester");
    assert!(passed(&out), "emailed code: {}", said(&out));
}

#[test]
fn a_locked_account_is_refused_by_auth_and_account() {
    let env = Env::new();
    let secret = alice_with_totp(&env);
    set(&env, "lockout.attempts", "2");
    let pam = PamConf::new(&env, "");
    for _ in 0..2 {
        assert!(!passed(&pam.auth("alice", &["000000"])));
    }
    let out = pam.auth("alice", &[&fresh_code(&secret)]);
    assert!(!passed(&out), "a locked account passed: {}", said(&out));
    let out = pam.run("alice", None, &["acct_mgmt"], &[]);
    assert_ne!(code(&out), 0, "account management let a locked user in");
    env.ok(&["user", "unlock", "alice"]);
    let out = pam.run("alice", None, &["acct_mgmt"], &[]);
    assert_eq!(code(&out), 0, "{}", said(&out));
}

#[test]
fn a_policy_exempt_network_passes_without_a_prompt() {
    let env = Env::new();
    alice_with_totp(&env);
    office_skips_mfa(&env);
    let pam = PamConf::new(&env, "");
    let out = pam.run("alice", Some("10.9.1.2"), &["authenticate"], &[]);
    assert!(passed(&out), "office: {}", said(&out));
    assert!(
        !said(&out).contains("code"),
        "asked for a code: {}",
        said(&out)
    );
    // Outside the office the code is asked for (and, with none, refused).
    let out = pam.run("alice", Some("198.51.100.1"), &["authenticate"], &[]);
    assert!(!passed(&out), "outside the office passed without a code");
}

#[test]
fn a_locked_user_stays_locked_on_an_exempt_network() {
    let env = Env::new();
    alice_with_totp(&env);
    set(&env, "lockout.attempts", "1");
    office_skips_mfa(&env);
    let pam = PamConf::new(&env, "");
    assert!(
        !passed(&pam.auth("alice", &["000000"])),
        "a wrong code passed"
    );
    let out = pam.run("alice", Some("10.9.1.2"), &["authenticate"], &["000000"]);
    assert!(!passed(&out), "a locked user passed on the exempt network");
    env.ok(&["user", "unlock", "alice"]);
    let out = pam.run("alice", Some("10.9.1.2"), &["authenticate"], &[]);
    assert!(passed(&out), "{}", said(&out));
    let skipped = pam_attempts(&env)
        .into_iter()
        .filter(|e| e["details"]["outcome"] == "skipped")
        .count();
    assert_eq!(skipped, 1, "the exempt login is audited");
}

#[test]
fn an_unknown_user_is_asked_like_anyone_and_refused_under_deny() {
    let env = Env::new();
    alice_with_totp(&env);
    let pam = PamConf::new(&env, "");
    let known = pam.auth("alice", &["123456"]);
    let unknown = pam.auth("mallory", &["123456"]);
    assert!(!passed(&unknown));
    assert_eq!(code(&known), code(&unknown));
    assert_eq!(
        said(&known).replace("alice", "NAME"),
        said(&unknown).replace("mallory", "NAME"),
        "the conversation tells a known name from an unknown one"
    );
}

#[test]
fn with_email_as_the_default_unknown_and_refused_names_look_like_email_users() {
    let (env, _smtp) = with_email(); // the server must stay up
    set(&env, "mfa.default", "email");
    add_user(&env, "alice", Some(ALICE_MAIL));
    env.ok(&["user", "add", "bob", "--email", "bob@example.com"]);
    env.ok(&[
        "policy", "add", "no-bob", "--target", "login", "--action", "deny", "--user", "bob",
    ]);
    let pam = PamConf::new(&env, "");
    let said_by = |name: &str| said(&pam.auth(name, &["000000"])).replace(name, "NAME");
    let alice = said_by("alice");
    assert!(alice.contains("sent to you by email"), "{alice}");
    assert_eq!(alice, said_by("nobody"), "an unknown name stands out");
    assert_eq!(alice, said_by("bob"), "a denied name stands out");
}

#[test]
fn unknown_ignore_lets_the_rest_of_the_stack_decide() {
    let env = Env::new();
    let secret = alice_with_totp(&env);
    let m = module_line();
    let db = env.db();
    let db = db.display();
    let pam = PamConf::with_stack(
        &env,
        &format!(
            "auth requisite {m} store={db} key_file={db}.key unknown=ignore\n\
             auth required pam_permit.so\n"
        ),
    );
    let out = pam.auth("newcomer", &[]);
    assert!(passed(&out), "unknown=ignore: {}", said(&out));
    assert!(!said(&out).contains("code"), "an ignored user was prompted");
    // A known user still needs the code.
    assert!(!passed(&pam.auth("alice", &["000000"])));
    assert!(passed(&pam.auth("alice", &[&fresh_code(&secret)])));
}

#[test]
fn failures_are_logged_to_syslog_without_the_code() {
    let env = Env::new();
    alice_with_totp(&env);
    let m = module_line();
    let missing = env.path("nowhere.db");
    let mut pam = PamConf::with_stack(
        &env,
        &format!("auth required {m} store={}\n", missing.display()),
    );
    let syslog = pam.capture_syslog(&env);
    let out = pam.auth("alice", &["493817"]);
    assert!(!passed(&out));
    assert!(said(&out).contains("System error"), "{}", said(&out));
    let lines = syslog.lines();
    let line = lines
        .iter()
        .find(|l| l.contains(&format!("pam_mfactl({SERVICE}:auth)")))
        .unwrap_or_else(|| panic!("no pam_mfactl line in syslog: {lines:?}"));
    assert!(
        line.contains("failing closed") && line.contains("nowhere.db"),
        "{line}"
    );
    // authpriv (10) at LOG_ERR (3): <83>.
    assert!(line.starts_with("<83>"), "{line}");

    let pam_ok = {
        let mut p = PamConf::new(&env, "");
        let log = p.capture_syslog(&env);
        let out = p.auth("alice", &["493817"]);
        assert!(!passed(&out));
        log.lines()
    };
    assert!(
        pam_ok.iter().any(|l| l.contains("second factor failed")),
        "{pam_ok:?}"
    );
    assert!(
        !pam_ok.iter().any(|l| l.contains("493817")),
        "the typed code reached syslog: {pam_ok:?}"
    );
}

#[test]
fn a_missing_store_or_key_file_fails_closed() {
    let env = Env::new();
    alice_with_totp(&env);
    let m = module_line();
    let missing = env.path("nowhere.db");
    let pam = PamConf::with_stack(
        &env,
        &format!(
            "auth required {m} store={}\nauth optional pam_permit.so\n",
            missing.display()
        ),
    );
    let out = pam.auth("alice", &["123456"]);
    assert!(!passed(&out), "a missing store passed: {}", said(&out));
    assert!(!missing.exists(), "the module created a store");

    let db = env.db();
    let pam = PamConf::with_stack(
        &env,
        &format!(
            "auth required {m} store={} key_file={}\n",
            db.display(),
            env.path("no.key").display()
        ),
    );
    assert!(!passed(&pam.auth("alice", &["123456"])));

    // An empty file where the store should be is not made a store.
    let empty = env.path("empty.db");
    std::fs::write(&empty, "").unwrap();
    let pam = PamConf::with_stack(
        &env,
        &format!("auth required {m} store={}\n", empty.display()),
    );
    assert!(!passed(&pam.auth("alice", &["123456"])));
    assert_eq!(
        std::fs::metadata(&empty).unwrap().len(),
        0,
        "the module wrote a store"
    );
    assert!(!env.path("empty.db.key").exists(), "the module made a key");

    let pam = PamConf::with_stack(&env, &format!("auth required {m} stroe=/x\n"));
    let out = pam.auth("alice", &["123456"]);
    assert!(!passed(&out), "a mistyped option passed");
}

#[test]
fn emergency_mode_requests_a_code_by_email_and_logs_in_with_it() {
    let em = Emergency::new();
    let pam = PamConf::new(&em.env, "emergency");
    let mut child = pam.spawn("alice", Some("203.0.113.5"), &["authenticate"]);
    let mut stdin = child.stdin.take().expect("stdin");
    use std::io::Write;
    writeln!(stdin, "request").unwrap();
    stdin.flush().unwrap();
    let mail = next_mail(&em.smtp, "alice@example.com", 0);
    writeln!(stdin, "{}", code_in(&mail.body())).unwrap();
    drop(stdin);
    let out = child.wait_with_output().expect("pamtester");
    assert!(passed(&out), "emergency code: {}", said(&out));
    // The administrators are told (alice is the only one).
    let notice = next_mail(&em.smtp, "alice@example.com", 1);
    assert!(notice.body().contains("203.0.113.5"), "{}", notice.body());

    // Unknown and ineligible names see the same conversation.
    em.env
        .ok(&["user", "add", "bob", "--email", "bob@example.com"]);
    let a = pam.run(
        "bob",
        None,
        &["authenticate"],
        &["request", "ABCD-EFGH-JKMN"],
    );
    let b = pam.run(
        "nobody",
        None,
        &["authenticate"],
        &["request", "ABCD-EFGH-JKMN"],
    );
    assert!(!passed(&a) && !passed(&b));
    assert_eq!(
        said(&a).replace("bob", "NAME"),
        said(&b).replace("nobody", "NAME")
    );
}
