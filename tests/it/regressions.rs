//! Behaviour added after a new-user trial and a code review: each test
//! names what a person ran into.

use crate::common::emergency::*;
use crate::common::*;

/// The hourly request limit is shown by `emergency status`, and
/// `user unlock` clears it, so break-glass is not stuck for an hour.
#[test]
fn unlock_clears_the_emergency_request_limit() {
    let em = Emergency::new();
    for _ in 0..3 {
        em.request("alice");
    }
    em.env.fails(&["emergency", "request", "alice"], 4);
    let st = em.env.json(&["emergency", "status", "alice"]);
    assert_eq!(st["eligible"], false, "{st}");
    let limit = st["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["condition"] == "request limit not reached")
        .unwrap()
        .clone();
    assert_eq!(limit["ok"], false);
    assert!(
        limit["fix"]
            .as_str()
            .unwrap()
            .contains("mfactl user unlock alice"),
        "{limit}"
    );
    em.env.ok(&["user", "unlock", "alice"]);
    em.request("alice");
}

/// Removing the last user with emergency login must be deliberate.
#[test]
fn a_user_with_emergency_login_cannot_be_removed() {
    let em = Emergency::new();
    let err = em.env.refused(&["user", "remove", "alice"], 5);
    assert!(err.contains("--emergency-login off"), "{err}");
    em.env
        .ok(&["user", "set", "alice", "--emergency-login", "off"]);
    em.env.ok(&["user", "remove", "alice"]);
}

/// Session ids appear in emails and the audit log: never given twice.
#[test]
fn session_ids_are_never_reused() {
    let em = Emergency::new();
    em.eligible("bob");
    let code = em.request("bob");
    let first = em.env.json(&["session", "list", "--all"]);
    assert_eq!(first.as_array().unwrap().len(), 0);
    let out = em.login("bob", &code);
    assert_eq!(code_of(&out), 0);
    let id = em.env.json(&["session", "list"])[0]["id"].as_i64().unwrap();
    em.env
        .ok(&["user", "set", "bob", "--emergency-login", "off"]);
    em.env.ok(&["user", "remove", "bob"]);
    let code = em.request("alice");
    em.login_ok("alice", &code);
    let next = em.env.json(&["session", "list"])[0]["id"].as_i64().unwrap();
    assert!(next > id, "session id {next} reused (previous {id})");
}

/// Mail without a Message-ID is often treated as spam.
#[test]
fn every_mail_has_a_message_id() {
    let em = Emergency::new();
    em.request("alice");
    let mail = &em.smtp.to("alice@example.com")[0];
    assert!(
        mail.data.to_ascii_lowercase().contains("\nmessage-id: <"),
        "{}",
        mail.data
    );
}

/// A mistyped --db must not look like an empty store without a word.
#[test]
fn creating_a_store_is_announced() {
    let env = Env::new();
    let out = env.run(&["user", "list"]);
    assert_eq!(code(&out), 0);
    assert!(
        stderr(&out).contains("created a new store at"),
        "{}",
        stderr(&out)
    );
    let again = env.run(&["user", "list"]);
    assert!(!stderr(&again).contains("created"), "{}", stderr(&again));
}

/// Direction-changing characters in a typed name cannot disguise an audit
/// entry ("mallory\u{202e}nimda" would show as "malloryadmin").
#[test]
fn invisible_characters_are_escaped_in_output() {
    let env = Env::new();
    env.ok(&["status"]);
    env.run_stdin(
        &["login", "mallory\u{202e}nimda", "--password-stdin"],
        "x\n",
    );
    let out = env.ok(&["audit", "list"]);
    assert!(!out.contains('\u{202e}'), "{out}");
    assert!(out.contains("\\u{202e}"), "{out}");
}

/// Answering "no" at the backup-code confirmation is a cancellation (exit
/// 1), not a refusal by the settings; checked through the error kind's code.
#[test]
fn cancelling_is_an_ordinary_error() {
    assert_eq!(mfactl::Error::Cancelled("no".into()).exit_code(), 1);
    assert_eq!(mfactl::Error::Internal("x".into()).exit_code(), 1);
}

/// `user set` without a change is a usage error, not "updated user".
#[test]
fn user_set_without_changes_is_a_usage_error() {
    let env = Env::new();
    env.ok(&["user", "add", "carol"]);
    let err = env.refused(&["user", "set", "carol"], 2);
    assert!(err.contains("nothing to change"), "{err}");
}

/// Resetting the MFA of a user who has none tells nobody anything.
#[test]
fn resetting_nothing_sends_no_mail() {
    let em = Emergency::new();
    em.env
        .ok(&["user", "add", "mike", "--email", "mike@example.com"]);
    em.env.ok(&["mfa", "reset", "mike"]);
    assert!(em.smtp.to("mike@example.com").is_empty());
}

/// `--json audit verify` answers in JSON when the chain is broken too.
#[test]
fn audit_verify_answers_json_when_broken() {
    let env = Env::new();
    env.ok(&["user", "add", "carol"]);
    env.ok(&["user", "add", "dave"]);
    let conn = env.conn();
    conn.execute_batch("DROP TRIGGER audit_no_update; UPDATE audit SET target = 'x' WHERE id = 1;")
        .unwrap();
    let out = env.run(&["--json", "audit", "verify"]);
    assert_eq!(code(&out), 1);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["intact"], false);
    assert!(v["error"].as_str().unwrap().contains("entry 1"), "{v}");
}
