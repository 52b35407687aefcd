//! Login sessions: `session list`, `session check`, `session revoke`, and
//! how tokens are kept in the store. Sessions are opened by emergency login.

use crate::common::emergency::*;
use crate::common::*;
use serde_json::Value;

/// Two eligible administrators, alice and bobby.
fn two_users() -> Emergency {
    let em = Emergency::new();
    em.eligible("bobby");
    em
}

fn check(env: &Env, token: &str) -> std::process::Output {
    env.run_stdin(&["session", "check"], token)
}

fn list(env: &Env, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["session", "list"];
    args.extend_from_slice(extra);
    env.json(&args).as_array().expect("a JSON array").clone()
}

/// The id of the session a token belongs to, from `session check --json`.
fn id_of(env: &Env, token: &str) -> i64 {
    let out = env.ok_stdin(&["--json", "session", "check"], token);
    let v: Value = serde_json::from_str(&out).expect("JSON");
    v["id"].as_i64().expect("id")
}

#[test]
fn a_token_is_valid_until_revoked() {
    let em = Emergency::new();
    let token = em.session("alice");
    assert!(token.starts_with("mfs_"), "{token}");
    assert_eq!(token.len(), 4 + 64, "256 bits in hex: {token}");

    let out = check(&em.env, &token);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let said = stdout(&out);
    assert!(said.contains("valid") && said.contains("alice"), "{said}");
    assert!(said.contains("emergency"), "the method: {said}");
    // With a trailing line break, as `echo` gives it.
    assert_eq!(code(&check(&em.env, &format!("{token}\n"))), 0);

    let v: Value = serde_json::from_str(&em.env.ok_stdin(&["--json", "session", "check"], &token))
        .expect("JSON");
    assert_eq!(v["user"], "alice");
    assert_eq!(v["method"], "emergency");
    assert_eq!(v["active"], true);
    let id = v["id"].as_i64().unwrap();

    let first = em.env.run(&["session", "revoke", &id.to_string()]);
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    assert!(
        stderr(&first).contains(&format!("revoked session {id}")),
        "{}",
        stderr(&first)
    );
    let second = em.env.run(&["session", "revoke", &id.to_string()]);
    assert_eq!(code(&second), 0, "{}", stderr(&second));
    assert!(
        stderr(&second).contains("not active"),
        "a second revoke says so: {}",
        stderr(&second)
    );

    let out = check(&em.env, &token);
    assert_eq!(code(&out), 3, "a revoked token: {}", stdout(&out));
    assert!(stderr(&out).contains("not valid"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());

    let audit = audit(&em.env, &["--action", "session"]);
    assert!(
        audit.iter().any(|e| e["action"] == "session.revoke"),
        "{audit:?}"
    );
    assert!(
        audit.iter().any(|e| e["action"] == "session.open"),
        "{audit:?}"
    );
}

#[test]
fn unknown_and_malformed_tokens_are_not_valid() {
    let em = Emergency::new();
    let token = em.session("alice");
    let mut other = token.clone();
    let last = other.pop().unwrap();
    other.push(if last == '0' { '1' } else { '0' });
    for bad in [other.as_str(), "mfs_", "hello", &token.to_uppercase()] {
        let out = check(&em.env, bad);
        assert_eq!(code(&out), 3, "{bad}: {}", stdout(&out));
    }
    // Nothing on stdin is a usage error.
    em.env.fails(&["session", "check"], 2);
    assert_eq!(code(&check(&em.env, &token)), 0);
}

#[test]
fn list_shows_active_sessions_newest_first_and_filters_by_user() {
    let em = two_users();
    let a1 = em.session("alice");
    let b1 = em.session("bobby");
    let a2 = em.session("alice");
    let (a1, b1, a2) = (
        id_of(&em.env, &a1),
        id_of(&em.env, &b1),
        id_of(&em.env, &a2),
    );

    let all = list(&em.env, &[]);
    assert_eq!(ids(&all), [a2, b1, a1]);
    for s in &all {
        for field in [
            "id",
            "user",
            "method",
            "source",
            "created_at",
            "expires_at",
            "active",
        ] {
            assert!(s.get(field).is_some(), "no {field} in {s}");
        }
        assert_eq!(s["method"], "emergency");
        assert_eq!(s["source"], "local terminal");
        assert_eq!(s["active"], true);
        assert!(
            s.get("token").is_none() && s.get("token_hash").is_none(),
            "{s}"
        );
    }
    assert_eq!(ids(&list(&em.env, &["--user", "alice"])), [a2, a1]);
    assert_eq!(ids(&list(&em.env, &["--user", "BOBBY"])), [b1]);

    let table = em.env.ok(&["session", "list"]);
    for word in ["ID", "USER", "METHOD", "alice", "bobby", "emergency"] {
        assert!(table.contains(word), "{word}: {table}");
    }

    let err = em.env.refused(&["session", "list", "--user", "nobody"], 1);
    assert!(err.contains("nobody"), "{err}");
}

#[test]
fn revoked_and_expired_sessions_are_listed_only_with_all() {
    let em = Emergency::new();
    let t1 = em.session("alice");
    let t2 = em.session("alice");
    let t3 = em.session("alice");
    let (s1, s2, s3) = (
        id_of(&em.env, &t1),
        id_of(&em.env, &t2),
        id_of(&em.env, &t3),
    );

    em.env.ok(&["session", "revoke", &s1.to_string()]);
    em.env
        .conn()
        .execute("UPDATE sessions SET expires_at = 0 WHERE id = ?1", [s2])
        .unwrap();

    assert_eq!(ids(&list(&em.env, &[])), [s3]);
    let all = list(&em.env, &["--all"]);
    assert_eq!(ids(&all), [s3, s2, s1]);
    let active: Vec<bool> = all.iter().map(|s| s["active"] == true).collect();
    assert_eq!(active, [true, false, false]);

    assert_eq!(code(&check(&em.env, &t1)), 3, "revoked");
    assert_eq!(code(&check(&em.env, &t2)), 3, "expired");
    assert_eq!(code(&check(&em.env, &t3)), 0);

    let status = em.env.ok(&["status"]);
    assert!(status.contains("1 active"), "{status}");
}

#[test]
fn revoke_every_session_of_a_user() {
    let em = two_users();
    let a1 = em.session("alice");
    let a2 = em.session("alice");
    let b = em.session("bobby");

    let out = em.env.json(&["session", "revoke", "--user", "alice"]);
    assert_eq!(out["revoked"], 2, "{out}");
    for t in [&a1, &a2] {
        assert_eq!(code(&check(&em.env, t)), 3);
    }
    assert_eq!(code(&check(&em.env, &b)), 0, "bobby keeps his session");
    assert!(list(&em.env, &["--user", "alice"]).is_empty());

    let again = em.env.json(&["session", "revoke", "--user", "alice"]);
    assert_eq!(again["revoked"], 0, "{again}");
}

#[test]
fn revoke_needs_a_known_id_or_user() {
    let em = Emergency::new();
    em.session("alice");
    let err = em.env.refused(&["session", "revoke"], 2);
    assert!(err.contains("ID"), "{err}");
    let err = em.env.refused(&["session", "revoke", "999"], 1);
    assert!(err.contains("999"), "{err}");
    let err = em
        .env
        .refused(&["session", "revoke", "--user", "nobody"], 1);
    assert!(err.contains("nobody"), "{err}");
    em.env.fails(&["session", "revoke", "abc"], 2);
}

#[test]
fn the_store_keeps_only_a_hash_of_the_token() {
    let em = Emergency::new();
    let token = em.session("alice");
    let hashes: Vec<String> = {
        let conn = em.env.conn();
        let mut stmt = conn.prepare("SELECT token_hash FROM sessions").unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    assert_eq!(hashes, [sha256_hex(&token)]);
    let store = store_bytes(&em.env);
    let random = token.strip_prefix("mfs_").expect("mfs_ prefix");
    assert!(!contains_bytes(&store, token.as_bytes()));
    assert!(!contains_bytes(&store, random.as_bytes()));
    let audit = em.env.ok(&["--json", "audit", "list"]);
    assert!(!audit.contains(random), "{audit}");
}

#[test]
fn the_session_lifetime_setting_sets_the_expiry() {
    let em = Emergency::new();
    em.env.ok(&["settings", "set", "session.lifetime", "2h"]);
    em.session("alice");
    let (created, expires): (i64, i64) = em
        .env
        .conn()
        .query_row("SELECT created_at, expires_at FROM sessions", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(expires - created, 7200);
}
