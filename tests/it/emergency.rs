//! Break-glass emergency login (seed 000): `emergency request`, `emergency
//! login`, `emergency status`, against a real SMTP server in the test
//! process.

use std::io::{Read, Write};
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::emergency::*;
use crate::common::smtp::*;
use crate::common::*;
use serde_json::Value;

const WRONG_CODE: &str = "2222-3333-4444";

/// `(exit code, stdout, stderr)` with `name` replaced by `NAME` and
/// timestamps by `<TIME>`: what must be identical for every user name.
fn neutral(out: &Output, name: &str) -> (i32, String, String) {
    let strip = |s: String| without_times(&s.replace(name, "NAME"));
    (code(out), strip(stdout(out)), strip(stderr(out)))
}

/// The request time and the expiry in a code email: its first two
/// timestamps, as Unix seconds.
fn times_in(body: &str) -> (i64, i64) {
    let times: Vec<i64> = body
        .split_whitespace()
        .filter(|w| w.len() == 20 && without_times(w) == "<TIME>")
        .map(|w| {
            let t = humantime::parse_rfc3339(w).expect("RFC 3339");
            t.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
        })
        .collect();
    assert!(times.len() >= 2, "request time and expiry in:\n{body}");
    (times[0], times[1])
}

fn live_code(env: &Env, name: &str) -> bool {
    let st = env.json(&["emergency", "status", name]);
    st["live_code"].as_bool().expect("live_code is a bool")
}

fn code_rows(env: &Env, name: &str) -> i64 {
    env.conn()
        .query_row(
            "SELECT count(*) FROM emergency_codes c JOIN users u ON u.id = c.user_id
             WHERE u.name = ?1",
            [name],
            |r| r.get(0),
        )
        .unwrap()
}

fn sessions(env: &Env) -> i64 {
    count(env, "SELECT count(*) FROM sessions")
}

/// Notifications about an emergency login by `name` received by `address`.
fn notices(smtp: &Smtp, address: &str, name: &str) -> usize {
    let subject = format!("Emergency login used by {name}");
    smtp.to(address)
        .iter()
        .filter(|m| m.subject().contains(&subject))
        .count()
}

// ---------------------------------------------------------------- request

#[test]
fn request_emails_a_well_formed_code_with_expiry_and_host() {
    let em = Emergency::new();
    let out = em.env.run(&["emergency", "request", "alice"]);
    assert_eq!(code_of(&out), 0, "{}", stderr(&out));
    // The answer is a confirmation, so it goes to stderr (data is on stdout).
    let said = stderr(&out);
    assert!(said.contains("alice"), "{said}");
    assert!(said.contains("10m"), "the lifetime is shown: {said}");
    assert!(
        said.contains("mfactl emergency login alice"),
        "the next step is shown: {said}"
    );

    let mails = em.smtp.wait_for("alice@example.com", 1);
    assert_eq!(mails.len(), 1, "{mails:?}");
    let mail = &mails[0];
    assert_eq!(mail.to, vec!["alice@example.com".to_string()]);
    let body = mail.body();
    let code = code_in(&body);
    for c in code.chars().filter(|c| *c != '-') {
        assert!(ALPHABET.contains(c), "symbol {c:?} of {code} not allowed");
    }
    let host = hostname();
    assert!(
        body.contains(&host),
        "the email names the host {host}:\n{body}"
    );
    assert!(
        mail.subject().contains("alice"),
        "subject: {}",
        mail.subject()
    );

    // The expiry time in the email is the one the store keeps.
    let st = em.env.json(&["emergency", "status", "alice"]);
    assert_eq!(st["live_code"], true);
    let expires = st["code_expires_at"].as_str().expect("code_expires_at");
    assert!(
        body.contains(expires),
        "the email shows the expiry {expires}:\n{body}"
    );

    // Nothing but the email carries the code.
    assert!(!said.contains(&code) && !stderr(&out).contains(&code));

    // Stored as an argon2id hash, valid for the default 10 minutes.
    let (hash, expires_at): (String, i64) = em
        .env
        .conn()
        .query_row(
            "SELECT code_hash, expires_at FROM emergency_codes",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(
        hash.contains("m=19456,t=2,p=1"),
        "argon2id parameters of the spec: {hash}"
    );
    let (requested, until) = times_in(&body);
    assert_eq!(until, expires_at, "{body}");
    assert_eq!(until - requested, 600, "{body}");

    let audit = em.audit();
    assert_eq!(outcomes(&audit, "emergency.request", "alice"), ["issued"]);
}

#[test]
fn codes_use_the_unambiguous_alphabet_and_are_all_different() {
    let em = Emergency::new();
    em.env.ok(&[
        "settings",
        "set",
        "authentication.emergency_code.requests_per_hour",
        "20",
    ]);
    let mut seen = std::collections::HashSet::new();
    for i in 0..12 {
        let code = em.request("alice");
        let symbols: String = code.chars().filter(|c| *c != '-').collect();
        assert_eq!(symbols.len(), 12, "{code}");
        for c in symbols.chars() {
            assert!(ALPHABET.contains(c), "{c:?} in {code}");
            assert!(!"0O1IL".contains(c), "look-alike {c:?} in {code}");
        }
        assert!(seen.insert(code.clone()), "code {code} came twice");
        // At most two codes per user, however many requests.
        assert_eq!(code_rows(&em.env, "alice"), (i + 1).min(2));
    }
}

#[test]
fn a_new_request_keeps_the_code_already_sent_and_one_use_ends_both() {
    // Someone else's request must not kill the code on its way to the
    // administrator: two codes are live, the oldest ends with a third.
    let em = Emergency::new();
    let first = em.request("alice");
    let second = em.request("alice");
    let third = em.request("alice");
    assert_ne!(first, second);
    assert_eq!(code_rows(&em.env, "alice"), 2);

    let out = em.login("alice", &first);
    assert_eq!(
        code_of(&out),
        3,
        "the oldest code must be dead: {}",
        stderr(&out)
    );
    assert_eq!(sessions(&em.env), 0);
    let token = em.login_ok("alice", &second);
    assert!(token.starts_with("mfs_"), "{token}");
    // One break-glass, one code: the other live code ended with the use.
    let out = em.login("alice", &third);
    assert_eq!(code_of(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("expired"), "{}", stderr(&out));
    assert_eq!(sessions(&em.env), 1);
}

#[test]
fn the_lifetime_setting_sets_the_expiry() {
    let em = Emergency::new();
    em.env.ok(&[
        "settings",
        "set",
        "authentication.emergency_code.lifetime",
        "1m",
    ]);
    let said = stderr(&em.env.run(&["emergency", "request", "alice"]));
    assert!(said.contains("1m"), "{said}");
    em.smtp.wait_for("alice@example.com", 1);
    let expires: i64 = em
        .env
        .conn()
        .query_row("SELECT expires_at FROM emergency_codes", [], |r| r.get(0))
        .unwrap();
    let body = em.smtp.to("alice@example.com")[0].body();
    let (requested, until) = times_in(&body);
    assert_eq!(until, expires, "{body}");
    assert_eq!(until - requested, 60, "{body}");
    let st = em.env.json(&["emergency", "status", "alice"]);
    assert!(
        body.contains(st["code_expires_at"].as_str().unwrap()),
        "{body}"
    );
}

#[test]
fn request_is_refused_when_the_feature_is_off() {
    let em = Emergency::new();
    em.env.ok(&[
        "settings",
        "set",
        "authentication.emergency_code.enabled",
        "false",
    ]);
    for name in ["alice", "nobod"] {
        let err = em.env.refused(&["emergency", "request", name], 5);
        assert!(
            err.contains("authentication.emergency_code.enabled"),
            "the message names the setting: {err}"
        );
    }
    assert!(em.smtp.messages().is_empty());
}

#[test]
fn request_is_refused_when_smtp_is_not_configured() {
    let em = Emergency::new();
    // `settings` refuses to remove the SMTP host while emergency login is
    // on, so an incomplete configuration can only come from the store.
    em.env
        .conn()
        .execute("DELETE FROM settings WHERE key = 'smtp.host'", [])
        .unwrap();
    let err = em.env.refused(&["emergency", "request", "alice"], 5);
    assert!(err.contains("smtp.host"), "{err}");
    assert!(em.smtp.messages().is_empty());
    let st = em.env.json(&["emergency", "status", "alice"]);
    assert_eq!(st["eligible"], false);
    let smtp = st["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["condition"] == "SMTP configured")
        .expect("an SMTP condition");
    assert_eq!(smtp["ok"], false);
    assert!(
        smtp["fix"].as_str().unwrap().contains("smtp.host"),
        "{smtp}"
    );
}

#[test]
fn a_domain_backslash_name_gets_a_upn_hint() {
    let em = Emergency::new();
    em.env
        .ok(&["user", "add", "bob@corp.example.com", "--directory"]);
    let known = em.env.refused(&["emergency", "request", "CORP\\bob"], 2);
    assert!(known.contains("UPN"), "{known}");
    assert!(known.contains("bob@corp.example.com"), "{known}");
    // The same for a name nobody has.
    let unknown = em.env.refused(&["emergency", "request", "CORP\\zed"], 2);
    assert_eq!(known.replace("bob", "zed"), unknown);
    assert!(em.smtp.messages().is_empty());
}

#[test]
fn a_bare_name_gets_a_upn_note() {
    let em = Emergency::new();
    let out = em.env.run(&["emergency", "request", "alice"]);
    assert_eq!(code_of(&out), 0);
    assert!(stderr(&out).contains("UPN"), "{}", stderr(&out));
    let out = em
        .env
        .run(&["emergency", "request", "bob@corp.example.com"]);
    assert_eq!(code_of(&out), 0);
    assert!(!stderr(&out).contains("UPN"), "{}", stderr(&out));
}

/// Users of five letters, one of each kind: eligible `alice`, then users who
/// may not get a code, and `nobod`, who does not exist.
fn population(em: &Emergency) -> Vec<(&'static str, Option<&'static str>)> {
    let env = &em.env;
    // A direct administrator without the emergency flag.
    env.ok(&[
        "user",
        "add",
        "carol",
        "--email",
        "carol@example.com",
        "--admin",
    ]);
    // An administrator only through a group.
    env.ok(&["group", "add", "admins", "--admin"]);
    env.ok(&["user", "add", "grace", "--email", "grace@example.com"]);
    env.ok(&["group", "add-member", "admins", "grace"]);
    // A user who is not an administrator.
    env.ok(&["user", "add", "peggy", "--email", "peggy@example.com"]);
    // A direct administrator without an email.
    env.ok(&["user", "add", "danny", "--admin"]);
    // (A locked administrator is eligible: a lock does not shut the
    // break-glass path; see the back-off tests below.)
    vec![
        ("alice", None),
        ("carol", Some("ineligible")),
        ("grace", Some("ineligible")),
        ("peggy", Some("ineligible")),
        ("danny", Some("ineligible")),
        ("nobod", Some("unknown_user")),
    ]
}

#[test]
fn request_answers_the_same_for_every_user() {
    let em = Emergency::new();
    let people = population(&em);
    // Twelve requests from one terminal: within the per-source limit.
    em.env.ok(&[
        "settings",
        "set",
        "authentication.emergency_code.requests_per_hour",
        "5",
    ]);
    for json in [false, true] {
        let mut reference = None;
        for (name, _) in &people {
            let mut args = vec!["emergency", "request", name];
            if json {
                args.insert(0, "--json");
            }
            let out = em.env.run(&args);
            let seen = neutral(&out, name);
            assert_eq!(seen.0, 0, "{name}: {}", stderr(&out));
            match &reference {
                None => reference = Some(seen),
                Some(r) => assert_eq!(
                    r, &seen,
                    "`emergency request {name}` (json: {json}) differs from alice's"
                ),
            }
        }
    }
    // Only alice received anything.
    let mails = em.smtp.messages();
    assert_eq!(mails.len(), 2, "{mails:?}");
    assert!(mails.iter().all(|m| m.to == ["alice@example.com"]));

    // The audit log has the truth.
    let audit = em.audit();
    for (name, outcome) in &people {
        let want = outcome.unwrap_or("issued");
        assert_eq!(
            outcomes(&audit, "emergency.request", name),
            [want, want],
            "{name}"
        );
    }
    let reason = |name: &str| {
        audit
            .iter()
            .find(|e| e["action"] == "emergency.request" && e["target"] == name)
            .map(|e| e["details"]["reason"].as_str().unwrap_or("").to_string())
            .unwrap()
    };
    assert!(reason("carol").contains("not enabled"));
    assert!(reason("grace").contains("direct administrator"));
    assert!(reason("peggy").contains("direct administrator"));
    assert!(!reason("danny").is_empty());
}

#[test]
fn request_with_the_mail_server_down_answers_69_for_everyone_and_makes_no_code() {
    let em = Emergency::new();
    let people = population(&em);
    em.env.ok(&["settings", "set", "lockout.attempts", "5"]);
    // A live code from before the outage.
    let old = em.request("alice");
    assert!(live_code(&em.env, "alice"));

    em.env
        .ok(&["settings", "set", "smtp.port", &dead_port().to_string()]);
    let mut reference = None;
    for (name, _) in &people {
        let out = em.env.run(&["emergency", "request", name]);
        let seen = neutral(&out, name);
        assert_eq!(seen.0, 69, "{name}: {}", stderr(&out));
        assert!(seen.1.is_empty(), "{name}: nothing on stdout: {}", seen.1);
        assert!(seen.2.contains("mail server"), "{name}: {}", seen.2);
        match &reference {
            None => reference = Some(seen),
            Some(r) => assert_eq!(r, &seen, "`emergency request {name}` differs from alice's"),
        }
    }

    // A code is never queued for later.
    assert!(em
        .env
        .json(&["mail", "queue"])
        .as_array()
        .unwrap()
        .is_empty());
    // No new live code that nobody received; the one sent before the
    // outage still works.
    assert_eq!(code_rows(&em.env, "alice"), 1);
    assert!(live_code(&em.env, "alice"));

    let audit = em.audit();
    assert_eq!(
        outcomes(&audit, "emergency.request", "alice"),
        ["issued", "mail_unavailable"]
    );
    em.login_ok("alice", &old);
    assert_eq!(
        outcomes(&audit, "emergency.request", "nobod"),
        ["unknown_user"]
    );
    assert_eq!(
        outcomes(&audit, "emergency.request", "carol"),
        ["ineligible"]
    );
}

#[test]
fn requests_are_rate_limited_per_name_known_or_not() {
    let em = Emergency::new();
    for name in ["alice", "nobod"] {
        for _ in 0..3 {
            em.env.ok(&["emergency", "request", name]);
        }
    }
    let limited = em.env.run(&["emergency", "request", "alice"]);
    assert_eq!(code_of(&limited), 4, "{}", stderr(&limited));
    assert!(
        stderr(&limited).contains("too many"),
        "{}",
        stderr(&limited)
    );
    let unknown = em.env.run(&["emergency", "request", "nobod"]);
    assert_eq!(
        neutral(&limited, "alice"),
        neutral(&unknown, "nobod"),
        "the limit must not tell known and unknown names apart"
    );
    // The codes are mailed after the answers, by the commands' children.
    assert_eq!(em.smtp.wait_for("alice@example.com", 3).len(), 3);
    // The code of the third request is still the live one.
    assert!(live_code(&em.env, "alice"));

    let audit = em.audit();
    assert_eq!(
        outcomes(&audit, "emergency.request", "alice"),
        ["issued", "issued", "issued", "rate_limited"]
    );
    assert_eq!(
        outcomes(&audit, "emergency.request", "nobod"),
        [
            "unknown_user",
            "unknown_user",
            "unknown_user",
            "rate_limited"
        ]
    );

    // Another name has its own budget.
    em.eligible("bobby");
    em.request("bobby");
}

#[test]
fn the_rate_limit_ignores_the_case_of_the_name() {
    let em = Emergency::new();
    for name in ["alice", "ALICE", "Alice"] {
        em.env.ok(&["emergency", "request", name]);
    }
    em.env.fails(&["emergency", "request", "alice"], 4);
}

#[test]
fn the_requests_per_hour_setting_is_honoured() {
    let em = Emergency::new();
    em.env.ok(&[
        "settings",
        "set",
        "authentication.emergency_code.requests_per_hour",
        "1",
    ]);
    em.request("alice");
    em.env.fails(&["emergency", "request", "alice"], 4);
    em.env.ok(&["emergency", "request", "nobod"]);
    em.env.fails(&["emergency", "request", "nobod"], 4);
}

// ------------------------------------------------------------------ login

#[test]
fn login_opens_a_session_and_notifies_every_administrator_and_the_user() {
    let em = Emergency::new();
    let env = &em.env;
    // Another direct administrator, an administrator through a group, an
    // administrator without email and a user who is no administrator.
    env.ok(&[
        "user",
        "add",
        "bob",
        "--email",
        "bob@example.com",
        "--admin",
    ]);
    env.ok(&["group", "add", "ops", "--admin"]);
    env.ok(&["user", "add", "grace", "--email", "grace@example.com"]);
    env.ok(&["group", "add-member", "ops", "grace"]);
    env.ok(&["group", "add", "staff"]);
    env.ok(&["user", "add", "peggy", "--email", "peggy@example.com"]);
    env.ok(&["group", "add-member", "staff", "peggy"]);
    env.ok(&["user", "add", "danny", "--admin"]);

    let code = em.request("alice");
    let out = em.login("alice", &code);
    assert_eq!(code_of(&out), 0, "{}", stderr(&out));
    let token = stdout(&out).trim().to_string();
    assert_eq!(stdout(&out), format!("{token}\n"), "stdout is the token");
    assert!(token.starts_with("mfs_"), "{token}");
    assert!(
        stderr(&out).contains("succeeded"),
        "a note for people: {}",
        stderr(&out)
    );

    // The token works.
    let valid = env.ok_stdin(&["session", "check"], &token);
    assert!(valid.contains("alice"), "{valid}");

    // Audited.
    let audit = em.audit();
    assert_eq!(outcomes(&audit, "emergency.login", "alice"), ["success"]);

    // Every administrator with an email, and the user, once each.
    for address in ["alice@example.com", "bob@example.com", "grace@example.com"] {
        assert_eq!(notices(&em.smtp, address, "alice"), 1, "{address}");
    }
    assert_eq!(notices(&em.smtp, "peggy@example.com", "alice"), 0);
    let all: Vec<Mail> = em
        .smtp
        .messages()
        .into_iter()
        .filter(|m| m.subject().contains("Emergency login used by alice"))
        .collect();
    assert_eq!(all.len(), 3, "{all:?}");
    let body = all[0].body();
    assert!(body.contains("alice"), "{body}");
    assert!(body.contains("local terminal"), "from where: {body}");
    assert!(!body.contains(&code) && !body.contains(&token), "{body}");

    // Nothing left in the queue.
    let queue = env.json(&["mail", "queue"]);
    assert_eq!(queue.as_array().unwrap().len(), 0, "{queue}");
}

#[test]
fn login_notifies_the_user_once_when_the_user_is_also_a_group_administrator() {
    let em = Emergency::new();
    em.env.ok(&["group", "add", "ops", "--admin"]);
    em.env.ok(&["group", "add-member", "ops", "alice"]);
    em.session("alice");
    assert_eq!(notices(&em.smtp, "alice@example.com", "alice"), 1);
}

#[test]
fn login_as_json() {
    let em = Emergency::new();
    let code = em.request("alice");
    let out = em.env.run_stdin(
        &["--json", "emergency", "login", "alice", "--code-stdin"],
        &code,
    );
    assert_eq!(code_of(&out), 0, "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let token = v["token"].as_str().expect("token");
    assert!(token.starts_with("mfs_"), "{v}");
    let s = &v["session"];
    assert!(s["id"].is_i64(), "{v}");
    assert_eq!(s["user"], "alice");
    assert_eq!(s["method"], "emergency");
    assert_eq!(s["source"], "local terminal");
    assert_eq!(s["active"], true);
    assert!(s["created_at"].is_string(), "{v}");
    assert_eq!(v["expires_at"], s["expires_at"]);
    em.env.ok_stdin(&["session", "check"], token);
}

#[test]
fn the_code_is_accepted_in_lower_case_without_dashes_and_with_spaces() {
    let em = Emergency::new();
    let variants: [fn(&str) -> String; 3] = [
        |c| c.to_lowercase(),
        |c| c.replace('-', ""),
        |c| format!("  {}  \n", c.replace('-', " ")),
    ];
    for variant in variants {
        let code = em.request("alice");
        let typed = variant(&code);
        let token = em.login_ok("alice", &typed);
        assert!(token.starts_with("mfs_"));
    }
    assert_eq!(sessions(&em.env), 3);
}

#[test]
fn a_wrong_code_fails_clearly_and_counts_toward_its_own_limit() {
    let em = Emergency::new();
    let code = em.request("alice");
    let mut wrong = code.replace('-', "");
    // Change one symbol.
    let first = wrong.remove(0);
    wrong.insert(0, if first == '2' { '3' } else { '2' });

    for (n, typed) in [wrong.as_str(), "hello"].iter().enumerate() {
        let out = em.login("alice", typed);
        assert_eq!(code_of(&out), 3, "{}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{}", stdout(&out));
        let err = stderr(&out);
        assert!(err.contains("emergency code"), "{err}");
        assert!(err.contains("wrong"), "{err}");
        // Counted apart: the account's own failure count does not move.
        assert_eq!(user(&em.env, "alice")["failed_attempts"], 0, "try {n}");
    }
    assert_eq!(sessions(&em.env), 0);
    assert!(live_code(&em.env, "alice"), "a wrong guess keeps the code");
    let audit = em.audit();
    assert_eq!(
        outcomes(&audit, "emergency.login", "alice"),
        ["failed", "failed"]
    );
    // No notification for a failure.
    assert_eq!(notices(&em.smtp, "alice@example.com", "alice"), 0);
    // The right code still works (two failures cost nothing yet).
    em.login_ok("alice", &code);
}

#[test]
fn an_unknown_user_fails_like_a_wrong_code() {
    let em = Emergency::new();
    em.request("alice");
    let wrong = em.login("alice", WRONG_CODE);
    let unknown = em.login("nobod", WRONG_CODE);
    assert_eq!(neutral(&wrong, "alice"), neutral(&unknown, "nobod"));
    assert_eq!(code_of(&unknown), 3);
}

#[test]
fn an_expired_code_fails() {
    let em = Emergency::new();
    em.env.ok(&[
        "settings",
        "set",
        "authentication.emergency_code.lifetime",
        "1m",
    ]);
    let code = em.request("alice");
    em.env
        .conn()
        .execute("UPDATE emergency_codes SET expires_at = 0", [])
        .unwrap();
    assert!(!live_code(&em.env, "alice"));
    let out = em.login("alice", &code);
    assert_eq!(code_of(&out), 3, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("expired"), "{err}");
    assert!(
        err.contains("mfactl emergency request alice"),
        "says what to do: {err}"
    );
    assert_eq!(sessions(&em.env), 0);
    assert_eq!(user(&em.env, "alice")["failed_attempts"], 0);
}

#[test]
fn a_used_code_fails_the_second_time() {
    let em = Emergency::new();
    let code = em.request("alice");
    em.login_ok("alice", &code);
    let out = em.login("alice", &code);
    assert_eq!(code_of(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("already used"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    assert_eq!(sessions(&em.env), 1);
    assert!(!live_code(&em.env, "alice"));
}

#[test]
fn wrong_codes_slow_their_source_down_and_never_lock_the_account() {
    let em = Emergency::new();
    em.env.ok(&["settings", "set", "lockout.attempts", "2"]);
    em.env.ok(&["settings", "set", "lockout.duration", "0"]);
    let code = em.request("alice");
    // Three wrong codes cost nothing more than a wrong answer...
    for _ in 0..3 {
        assert_eq!(code_of(&em.login("alice", WRONG_CODE)), 3);
    }
    let u = user(&em.env, "alice");
    assert_eq!(u["locked"], false, "{u}");
    assert_eq!(u["failed_attempts"], 0, "{u}");
    // ...then this source must wait, even with the right code, and is told
    // until when; the account is not locked.
    let out = em.login("alice", &code);
    assert_eq!(code_of(&out), 4, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("try again after") && err.contains("not locked"),
        "{err}"
    );
    assert_eq!(sessions(&em.env), 0);
    assert!(outcomes(&em.audit(), "emergency.login", "alice").contains(&"backoff".to_string()));
    // A new request does not reset the wait.
    let fresh = em.request("alice");
    assert_eq!(code_of(&em.login("alice", &fresh)), 4);

    // An administrator can clear it at once.
    em.env.ok(&["user", "unlock", "alice"]);
    let token = em.login_ok("alice", &fresh);
    em.env.ok_stdin(&["session", "check"], &token);
}

#[test]
fn a_locked_account_can_still_break_glass() {
    let em = Emergency::new();
    em.env.ok(&["settings", "set", "lockout.attempts", "1"]);
    em.env.ok(&["settings", "set", "lockout.duration", "0"]);
    // Someone locks alice with a wrong password.
    em.env.ok_stdin(
        &["user", "passwd", "alice", "--password-stdin"],
        "correct horse battery",
    );
    let out = em
        .env
        .run_stdin(&["login", "alice", "--password-stdin"], "wrong password!");
    assert_eq!(code_of(&out), 4, "{}", stderr(&out));
    assert_eq!(user(&em.env, "alice")["locked"], true);
    let code = em.request("alice");
    em.login_ok("alice", &code);
}

#[test]
fn login_without_a_terminal_asks_for_code_stdin() {
    let em = Emergency::new();
    em.request("alice");
    let err = em
        .env
        .refused(&["--no-input", "emergency", "login", "alice"], 2);
    assert!(err.contains("--code-stdin"), "{err}");
    // stdin is not a terminal in tests: the same without --no-input.
    let err = em.env.refused(&["emergency", "login", "alice"], 2);
    assert!(err.contains("--code-stdin"), "{err}");
    assert_eq!(user(&em.env, "alice")["failed_attempts"], 0);
}

#[test]
fn login_is_refused_when_the_feature_is_turned_off() {
    let em = Emergency::new();
    let code = em.request("alice");
    em.env.ok(&[
        "settings",
        "set",
        "authentication.emergency_code.enabled",
        "false",
    ]);
    let before = dump(&em.env.db());
    let out = em.login("alice", &code);
    assert_eq!(code_of(&out), 5, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("authentication.emergency_code.enabled"),
        "{}",
        stderr(&out)
    );
    assert_eq!(before, dump(&em.env.db()), "a refusal changes nothing");
}

/// Requests a code, applies `user set alice CHANGE`, and expects the code
/// to be refused: the preconditions hold at login too, not only at request.
fn code_dies_with(change: &[&str]) {
    let em = Emergency::new();
    let code = em.request("alice");
    let mut args = vec!["user", "set", "alice"];
    args.extend_from_slice(change);
    em.env.ok(&args);
    let out = em.login("alice", &code);
    assert_ne!(
        code_of(&out),
        0,
        "after `user set alice {}` the old code still logs in: {}",
        change.join(" "),
        stdout(&out)
    );
    assert!(
        [3, 5].contains(&code_of(&out)),
        "exit {}: {}",
        code_of(&out),
        stderr(&out)
    );
    assert_eq!(sessions(&em.env), 0);
}

#[test]
fn a_live_code_stops_working_when_emergency_login_is_turned_off_for_the_user() {
    code_dies_with(&["--emergency-login", "off"]);
}

#[test]
fn a_live_code_stops_working_when_the_user_is_no_longer_an_administrator() {
    code_dies_with(&["--admin", "false", "--emergency-login", "off"]);
}

#[test]
fn a_live_code_stops_working_when_the_user_loses_the_email_address() {
    code_dies_with(&["--no-email", "--emergency-login", "off"]);
}

fn spawn_login(env: &Env) -> Child {
    env.process()
        .args(["emergency", "login", "alice", "--code-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn mfactl")
}

/// Waits for `child` until `deadline`; kills it and fails after.
fn finish(mut child: Child, deadline: Instant) -> (i32, String, String) {
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("an `emergency login` did not finish in time");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut out = String::new();
    let mut err = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (status.code().unwrap_or(-1), out, err)
}

#[test]
fn simultaneous_logins_with_the_same_code_succeed_exactly_once() {
    let em = Emergency::new();
    let code = em.request("alice");
    let mut children: Vec<Child> = (0..16).map(|_| spawn_login(&em.env)).collect();
    for child in &mut children {
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(code.as_bytes()).unwrap();
    } // each stdin is closed here
    let deadline = Instant::now() + Duration::from_secs(120);
    let results: Vec<_> = children.into_iter().map(|c| finish(c, deadline)).collect();

    let winners: Vec<_> = results.iter().filter(|r| r.0 == 0).collect();
    assert_eq!(winners.len(), 1, "{results:#?}");
    assert!(winners[0].1.trim().starts_with("mfs_"));
    for r in results.iter().filter(|r| r.0 != 0) {
        assert!([3, 4].contains(&r.0), "{r:#?}");
        assert!(r.1.is_empty(), "{r:#?}");
        assert!(!r.2.contains("busy"), "{r:#?}");
    }
    assert_eq!(sessions(&em.env), 1);
    let audit = em.audit();
    let ok = outcomes(&audit, "emergency.login", "alice")
        .iter()
        .filter(|o| *o == "success")
        .count();
    assert_eq!(ok, 1);
    assert_eq!(notices(&em.smtp, "alice@example.com", "alice"), 1);
}

// ----------------------------------------------------------------- status

fn condition<'a>(status: &'a Value, name: &str) -> &'a Value {
    status["conditions"]
        .as_array()
        .expect("conditions")
        .iter()
        .find(|c| c["condition"] == name)
        .unwrap_or_else(|| panic!("no condition {name:?} in {status}"))
}

#[test]
fn status_of_an_eligible_user() {
    let em = Emergency::new();
    let st = em.env.json(&["emergency", "status", "alice"]);
    assert_eq!(st["user"], "alice");
    assert_eq!(st["eligible"], true);
    assert_eq!(st["live_code"], false);
    assert_eq!(st["code_expires_at"], Value::Null);
    let conditions = st["conditions"].as_array().unwrap();
    assert!(conditions.len() >= 5, "{st}");
    for c in conditions {
        assert_eq!(c["ok"], true, "{c}");
        assert_eq!(c["fix"], Value::Null, "{c}");
    }
    let text = em.env.ok(&["emergency", "status", "alice"]);
    assert!(text.contains("Can use emergency login: yes"), "{text}");
    assert!(text.contains("Live code:               no"), "{text}");

    let code = em.request("alice");
    let st = em.env.json(&["emergency", "status", "alice"]);
    assert_eq!(st["live_code"], true);
    assert!(st["code_expires_at"].is_string(), "{st}");
    let text = em.env.ok(&["emergency", "status", "alice"]);
    assert!(text.contains("yes, until"), "{text}");
    for shown in [st.to_string(), text] {
        assert!(!shown.contains(&code), "status shows the code: {shown}");
        assert!(!shown.contains(&code.replace('-', "")), "{shown}");
    }
}

#[test]
fn status_shows_each_unmet_condition_with_a_fix() {
    let em = Emergency::new();
    let env = &em.env;
    env.ok(&["group", "add", "admins", "--admin"]);
    env.ok(&["user", "add", "grace"]);
    env.ok(&["group", "add-member", "admins", "grace"]);
    env.ok(&[
        "settings",
        "set",
        "authentication.emergency_code.enabled",
        "false",
    ]);

    let st = env.json(&["emergency", "status", "grace"]);
    assert_eq!(st["eligible"], false);
    for (name, fix) in [
        (
            "emergency login enabled on the server",
            "authentication.emergency_code.enabled true",
        ),
        ("direct administrator", "--admin true"),
        ("email address", "--email"),
        (
            "emergency login enabled for the user",
            "--emergency-login on",
        ),
    ] {
        let c = condition(&st, name);
        assert_eq!(c["ok"], false, "{c}");
        let f = c["fix"].as_str().unwrap_or_else(|| panic!("no fix: {c}"));
        assert!(f.contains(fix), "{name}: {f}");
    }
    assert!(
        condition(&st, "direct administrator")["fix"]
            .as_str()
            .unwrap()
            .contains("group"),
        "says that a group is not enough: {st}"
    );
    assert_eq!(condition(&st, "SMTP configured")["ok"], true);

    let text = env.ok(&["emergency", "status", "grace"]);
    assert!(
        text.contains("mfactl user set grace --emergency-login on"),
        "{text}"
    );
    assert!(text.contains("Can use emergency login: no"), "{text}");

    // An unknown user is an error in the administrator's view.
    env.fails(&["emergency", "status", "nobody"], 1);
}

// ---------------------------------------------------------------- secrets

#[test]
fn the_code_and_the_token_never_leave_the_email_and_stdout() {
    let em = Emergency::new();
    em.env.ok(&[
        "user",
        "add",
        "bob",
        "--email",
        "bob@example.com",
        "--admin",
    ]);
    let mut outputs: Vec<Output> = Vec::new();
    let mut run = |args: &[&str], stdin: Option<&str>| {
        let out = match stdin {
            Some(s) => em.env.run_stdin(args, s),
            None => em.env.run(args),
        };
        outputs.push(out.clone());
        out
    };
    run(&["emergency", "request", "alice"], None);
    run(&["--json", "emergency", "request", "alice"], None);
    let code = code_in(
        &em.smtp
            .wait_for("alice@example.com", 2)
            .last()
            .unwrap()
            .body(),
    );
    let bare = code.replace('-', "");
    run(&["emergency", "status", "alice"], None);
    run(&["--json", "emergency", "status", "alice"], None);
    run(
        &["emergency", "login", "alice", "--code-stdin"],
        Some(WRONG_CODE),
    );
    run(&["emergency", "login", "bob", "--code-stdin"], Some(&code));
    let ok = run(
        &["emergency", "login", "alice", "--code-stdin"],
        Some(&code),
    );
    assert_eq!(code_of(&ok), 0, "{}", stderr(&ok));
    let token = stdout(&ok).trim().to_string();
    run(
        &["emergency", "login", "alice", "--code-stdin"],
        Some(&code),
    );
    run(&["-v", "session", "list", "--all"], None);
    run(&["--json", "session", "list", "--all"], None);
    run(&["--json", "audit", "list"], None);
    run(&["audit", "list"], None);
    run(&["--json", "mail", "queue"], None);
    run(&["status"], None);

    for (i, out) in outputs.iter().enumerate() {
        for text in [stdout(out), stderr(out)] {
            assert!(
                !text.contains(&code) && !text.contains(&bare),
                "output {i} shows the code: {text}"
            );
        }
    }
    let audit = em.env.ok(&["--json", "audit", "list"]);
    assert!(!audit.contains(&code) && !audit.contains(&bare));
    assert!(!audit.contains(&token), "the audit shows the token");

    let store = store_bytes(&em.env);
    for secret in [&code, &bare, &code.to_lowercase(), &token] {
        assert!(
            !contains_bytes(&store, secret.as_bytes()),
            "the store files contain {secret}"
        );
    }
    // Only the code email carries the code; notifications do not.
    for mail in em.smtp.messages() {
        if mail.subject().contains("Emergency login used") {
            assert!(!mail.data.contains(&code) && !mail.data.contains(&token));
        }
    }
}

// ------------------------------------------------------------------- mail

#[test]
fn notifications_wait_in_the_queue_while_the_mail_server_is_down() {
    let em = Emergency::new();
    let env = &em.env;
    env.ok(&[
        "user",
        "add",
        "bob",
        "--email",
        "bob@example.com",
        "--admin",
    ]);
    let code = em.request("alice");

    env.ok(&["settings", "set", "smtp.port", &dead_port().to_string()]);
    let out = em.login("alice", &code);
    assert_eq!(
        code_of(&out),
        0,
        "login must not depend on mail: {}",
        stderr(&out)
    );
    let token = stdout(&out).trim().to_string();
    assert!(token.starts_with("mfs_"));
    let err = stderr(&out);
    assert!(err.contains("warning"), "{err}");
    assert!(err.contains("queued"), "{err}");
    assert!(err.contains("mfactl mail flush"), "{err}");

    let queue = env.json(&["mail", "queue"]);
    let queue = queue.as_array().unwrap();
    assert_eq!(queue.len(), 2, "{queue:?}");
    let mut to: Vec<&str> = queue.iter().map(|m| m["to"].as_str().unwrap()).collect();
    to.sort();
    assert_eq!(to, ["alice@example.com", "bob@example.com"]);
    for m in queue {
        for field in ["id", "queued_at", "to", "subject", "attempts", "last_error"] {
            assert!(m.get(field).is_some(), "no {field} in {m}");
        }
        assert!(
            m["subject"]
                .as_str()
                .unwrap()
                .contains("Emergency login used by alice"),
            "{m}"
        );
    }
    assert!(
        queue.iter().any(|m| m["attempts"].as_i64().unwrap() >= 1
            && m["last_error"].as_str().is_some_and(|e| !e.is_empty())),
        "the failed attempt is recorded: {queue:?}"
    );

    let status = env.ok(&["status"]);
    assert!(status.contains("Mail queue:      2 waiting"), "{status}");
    assert!(status.contains("mail queue"), "a health warning: {status}");
    assert!(status.contains("mfactl mail flush"), "{status}");

    // Flushing while still down keeps everything.
    env.fails(&["mail", "flush"], 69);
    assert_eq!(env.json(&["mail", "queue"]).as_array().unwrap().len(), 2);

    env.ok(&["settings", "set", "smtp.port", &em.smtp.port.to_string()]);
    env.ok(&["mail", "flush"]);
    assert_eq!(env.json(&["mail", "queue"]).as_array().unwrap().len(), 0);
    for address in ["alice@example.com", "bob@example.com"] {
        assert_eq!(notices(&em.smtp, address, "alice"), 1, "{address}");
    }
    let status = env.ok(&["status"]);
    assert!(status.contains("Mail queue:      0 waiting"), "{status}");
    // A second flush has nothing to do and sends nothing twice.
    env.ok(&["mail", "flush"]);
    assert_eq!(notices(&em.smtp, "bob@example.com", "alice"), 1);
}

// ----------------------------------------------------------------- source

#[test]
fn ssh_client_is_never_believed() {
    // Anyone can set SSH_CLIENT: it must neither label a login's source
    // nor decide a network policy (the PAM module takes PAM_RHOST).
    let em = Emergency::new();
    let from = "203.0.113.7";
    let ssh = format!("{from} 50022 22");
    let out = em
        .env
        .cmd()
        .env("SSH_CLIENT", &ssh)
        .args(["emergency", "request", "alice"])
        .output()
        .unwrap();
    assert_eq!(code_of(&out), 0, "{}", stderr(&out));
    let body = em.smtp.wait_for("alice@example.com", 1)[0].body();
    assert!(
        !body.contains(from),
        "SSH_CLIENT reached the email:\n{body}"
    );
    let code = code_in(&body);
    let out = em
        .env
        .cmd()
        .env("SSH_CLIENT", &ssh)
        .args(["--json", "emergency", "login", "alice", "--code-stdin"])
        .write_stdin(code)
        .output()
        .unwrap();
    assert_eq!(code_of(&out), 0, "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["session"]["source"], "local terminal");

    // A policy that skips MFA for that network does not apply either.
    let env = &em.env;
    add_user(env, "carol", Some("carol@example.com"));
    env.json(&["mfa", "enroll", "carol", "--method", "totp"]);
    env.ok(&[
        "policy",
        "add",
        "office",
        "--target",
        "mfa",
        "--action",
        "skipped",
        "--ip",
        "203.0.113.0/24",
    ]);
    let out = env
        .cmd()
        .env("SSH_CLIENT", &ssh)
        .args([
            "--json",
            "login",
            "carol",
            "--password-stdin",
            "--code-stdin",
        ])
        .write_stdin(format!("{PASSWORD}\n000000\n"))
        .output()
        .unwrap();
    assert_ne!(code_of(&out), 0, "SSH_CLIENT skipped MFA: {}", stdout(&out));
}

#[test]
fn a_failed_login_prints_nothing_on_stdout_even_as_json() {
    let em = Emergency::new();
    em.request("alice");
    for args in [
        &["--json", "emergency", "login", "alice", "--code-stdin"][..],
        &["-q", "emergency", "login", "alice", "--code-stdin"],
    ] {
        let out = em.env.run_stdin(args, WRONG_CODE);
        assert_eq!(code_of(&out), 3, "{args:?}");
        assert!(stdout(&out).is_empty(), "{args:?}: {}", stdout(&out));
        assert!(stderr(&out).contains("error"), "{}", stderr(&out));
    }
}

#[test]
fn a_directory_administrator_uses_the_upn_form() {
    let em = Emergency::new();
    let env = &em.env;
    env.ok(&[
        "user",
        "add",
        "bob@corp.example.com",
        "--directory",
        "--admin",
        "--email",
        "bob@mail.example.com",
    ]);
    env.ok(&[
        "user",
        "set",
        "bob@corp.example.com",
        "--emergency-login",
        "on",
    ]);
    let out = env.run(&["emergency", "request", "BOB@corp.example.com"]);
    assert_eq!(code_of(&out), 0, "{}", stderr(&out));
    let mails = em.smtp.wait_for("bob@mail.example.com", 1);
    assert_eq!(mails.len(), 1);
    let code = code_in(&mails[0].body());
    let out = env.run_stdin(
        &["emergency", "login", "bob@corp.example.com", "--code-stdin"],
        &code,
    );
    assert_eq!(code_of(&out), 0, "{}", stderr(&out));
    // The bare name is nobody: no code, and a hint.
    let out = env.run(&["emergency", "request", "bob"]);
    assert_eq!(code_of(&out), 0);
    assert!(stderr(&out).contains("UPN"), "{}", stderr(&out));
    assert_eq!(em.smtp.to("bob@mail.example.com").len(), 2, "code + notice");
}
