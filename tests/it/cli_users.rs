//! Users and groups from the command line: adding, listing, changing and
//! removing them, passwords, emergency-login eligibility, MFA type, lockout,
//! bulk CSV import, and the audit entries all of these leave.

use crate::common::*;

use serde_json::Value;

/// An environment whose store exists already, so that `refused` compares
/// two real dumps.
fn setup() -> Env {
    let env = Env::new();
    env.ok(&["status"]);
    env
}

fn user_count(env: &Env) -> i64 {
    count(env, "SELECT count(*) FROM users")
}

fn membership_count(env: &Env) -> i64 {
    count(env, "SELECT count(*) FROM memberships")
}

fn locked_line(text: &str) -> String {
    text.lines()
        .find(|l| l.starts_with("Locked:"))
        .unwrap_or_else(|| panic!("no Locked: line in\n{text}"))
        .to_string()
}

// ---------------------------------------------------------------- add/list/show

#[test]
fn add_list_and_show_a_user() {
    let env = setup();
    let added = env.json(&[
        "user",
        "add",
        "alice",
        "--email",
        "alice@example.com",
        "--admin",
    ]);
    assert_eq!(added["name"], "alice");
    assert_eq!(added["email"], "alice@example.com");
    assert_eq!(added["source"], "local");
    assert_eq!(added["direct_admin"], true);
    assert_eq!(added["admin"], true);
    assert_eq!(added["emergency_login"], false);
    assert_eq!(added["mfa_type"], "default");
    assert_eq!(added["has_password"], false);
    assert_eq!(added["locked"], false);

    env.ok(&["user", "add", "bob@corp.example.com", "--directory"]);

    let list = env.json(&["user", "list"]);
    let list = list.as_array().unwrap();
    let names: Vec<&str> = list.iter().map(|u| u["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["alice", "bob@corp.example.com"]);
    assert_eq!(list[1]["source"], "directory");
    assert_eq!(list[1]["admin"], false);
    assert_eq!(list[1]["email"], Value::Null);
    for u in list {
        let keys: Vec<&String> = u.as_object().unwrap().keys().collect();
        assert!(
            !keys.iter().any(|k| k.contains("hash")),
            "a user's JSON shows a hash: {u}"
        );
    }

    let table = env.ok(&["user", "list"]);
    assert!(table.contains("NAME"), "{table}");
    assert!(table.contains("alice@example.com"), "{table}");
    assert!(table.contains("bob@corp.example.com"), "{table}");

    let shown = env.ok(&["user", "show", "alice"]);
    assert!(shown.contains("alice@example.com"), "{shown}");
    assert!(
        shown
            .lines()
            .any(|l| l.starts_with("Administrator:") && l.contains("yes")),
        "{shown}"
    );

    let shown = user(&env, "bob@corp.example.com");
    assert_eq!(shown["source"], "directory");

    assert_eq!(actions(&audit(&env, &[])), ["user.add", "user.add"]);
    let entries = audit(&env, &[]);
    assert_eq!(entries[0]["target"], "alice");
    assert_eq!(entries[1]["target"], "bob@corp.example.com");
}

#[test]
fn show_of_an_unknown_user_is_an_error() {
    let env = setup();
    let err = env.refused(&["user", "show", "nobody"], 1);
    assert!(err.contains("nobody"), "{err}");
    let err = env.refused(&["user", "show", "CORP\\bob"], 1);
    assert!(err.contains("UPN"), "{err}");
}

#[test]
fn names_are_unique_regardless_of_case() {
    let env = setup();
    env.ok(&["user", "add", "alice"]);
    let err = env.refused(&["user", "add", "Alice"], 1);
    assert!(err.contains("exists already"), "{err}");
    let err = env.refused(&["user", "add", "ALICE", "--email", "a@example.com"], 1);
    assert!(err.contains("exists already"), "{err}");
    // Lookups ignore case too.
    assert_eq!(user(&env, "ALICE")["name"], "alice");
}

#[test]
fn non_ascii_names_are_unique_regardless_of_case() {
    let env = setup();
    env.ok(&["user", "add", "émile"]);
    let err = env.refused(&["user", "add", "Émile"], 1);
    assert!(err.contains("exists already"), "{err}");
}

#[test]
fn valid_local_names_are_accepted() {
    let env = setup();
    for name in ["a", "0day", "a.b_c-d@e", "Zoë", "x1-2.3_4"] {
        env.ok(&["user", "add", name]);
        assert_eq!(user(&env, name)["name"], name);
    }
    let long = "a".repeat(256);
    env.ok(&["user", "add", &long]);
}

#[test]
fn malformed_local_names_are_refused() {
    let env = setup();
    env.ok(&["user", "add", "existing"]);
    let long = "a".repeat(5000);
    for name in [
        "",
        long.as_str(),
        "a b",
        " alice",
        "alice ",
        "a\tb",
        "a\nb",
        "a\u{1}b",
        "a\u{7f}b",
        "a\u{85}b",
        "-rf",
        "_alice",
        ".alice",
        "@alice",
        "a/b",
        "a:b",
        "a\\b",
        "a;b",
        "a'b",
        "=cmd|' /C calc'!A0",
        "=1+2",
        "a\u{200b}b",
        "a\u{202e}b",
    ] {
        let err = env.refused(&["user", "add", "--", name], 2);
        assert!(err.contains("error"), "{name:?}: {err}");
    }
    assert_eq!(user_count(&env), 1);
}

// ------------------------------------------------------------------ directory

#[test]
fn directory_user_in_domain_backslash_form_gets_a_upn_hint() {
    let env = setup();
    let err = env.refused(&["user", "add", "CORP\\bob", "--directory"], 2);
    assert!(err.contains("bob@corp.example.com"), "{err}");
}

#[test]
fn bare_directory_user_name_is_refused_with_a_upn_hint() {
    let env = setup();
    let err = env.refused(&["user", "add", "bob", "--directory"], 2);
    assert!(err.contains("UPN"), "{err}");
}

#[test]
fn malformed_upns_are_refused() {
    let env = setup();
    for name in [
        "bob@",
        "@corp.example.com",
        "bob@corp..example.com",
        "bob@corp.example.com.",
        "bob@@corp.example.com",
        "-bob@corp.example.com",
        "bob smith@corp.example.com",
    ] {
        env.refused(&["user", "add", "--", name, "--directory"], 2);
    }
}

#[test]
fn directory_names_with_formulas_or_invisible_characters_are_refused() {
    // A directory name ends up in exports and spreadsheets like any other:
    // a leading `=` is a formula, and invisible or bidirectional-override
    // characters make one name look like another.
    let env = setup();
    for name in [
        "=HYPERLINK(\"http://evil.example\")@corp.example.com",
        "=1+2@corp.example.com",
        "al\u{202e}ice@corp.example.com",
        "ali\u{200b}ce@corp.example.com",
    ] {
        env.refused(&["user", "add", name, "--directory"], 2);
    }
}

#[test]
fn directory_user_has_no_password() {
    let env = setup();
    let u = env.json(&["user", "add", "bob@corp.example.com", "--directory"]);
    assert_eq!(u["source"], "directory");
    assert_eq!(u["has_password"], false);
    let err = refused_stdin(
        &env,
        &[
            "user",
            "add",
            "carol@corp.example.com",
            "--directory",
            "--password-stdin",
        ],
        "Sup3r-secret-pw\n",
        2,
    );
    assert!(err.contains("directory"), "{err}");
    assert!(!err.contains("Sup3r-secret-pw"), "{err}");

    let err = refused_stdin(
        &env,
        &["user", "passwd", "bob@corp.example.com", "--password-stdin"],
        "Sup3r-secret-pw\n",
        2,
    );
    assert!(err.contains("directory"), "{err}");
    assert!(!err.contains("Sup3r-secret-pw"), "{err}");
}

// ------------------------------------------------------------------ passwords

#[test]
fn password_is_stored_as_argon2id_and_never_shown() {
    let env = setup();
    let first = "Correct-Horse-Battery-1";
    let second = "Tr0ub4dor&3-second";
    let mut seen = String::new();

    let out = env.run_stdin(
        &["-v", "--json", "user", "add", "carol", "--password-stdin"],
        &format!("{first}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    seen.push_str(&stdout(&out));
    seen.push_str(&stderr(&out));
    let added: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(added["has_password"], true);

    let hash: String = env
        .conn()
        .query_row(
            "SELECT password_hash FROM users WHERE name = 'carol'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    assert!(mfactl::crypto::verify_secret(first.as_bytes(), &hash));
    assert!(!mfactl::crypto::verify_secret(second.as_bytes(), &hash));

    let out = env.run_stdin(
        &["-v", "user", "passwd", "carol", "--password-stdin"],
        second,
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    seen.push_str(&stdout(&out));
    seen.push_str(&stderr(&out));
    let new_hash: String = env
        .conn()
        .query_row(
            "SELECT password_hash FROM users WHERE name = 'carol'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_ne!(hash, new_hash);
    assert!(new_hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
    assert!(mfactl::crypto::verify_secret(second.as_bytes(), &new_hash));
    assert!(!mfactl::crypto::verify_secret(first.as_bytes(), &new_hash));

    for cmd in [
        vec!["user", "show", "carol"],
        vec!["--json", "user", "show", "carol"],
        vec!["user", "list"],
        vec!["--json", "user", "list"],
        vec!["audit", "list"],
        vec!["--json", "audit", "list"],
    ] {
        let out = env.run(&cmd);
        seen.push_str(&stdout(&out));
        seen.push_str(&stderr(&out));
    }
    for pw in [first, second] {
        assert!(!seen.contains(pw), "the password was printed:\n{seen}");
        assert!(
            !contains_bytes(&store_bytes(&env), pw.as_bytes()),
            "the password is in the store files"
        );
    }
    assert_eq!(actions(&audit(&env, &[])), ["user.add", "user.passwd"]);
    let entries = audit(&env, &[]);
    assert_eq!(entries[1]["target"], "carol");
}

#[test]
fn short_or_empty_passwords_are_refused() {
    let env = setup();
    let err = refused_stdin(
        &env,
        &["user", "add", "carol", "--password-stdin"],
        "Seven77\n",
        2,
    );
    assert!(err.contains('8'), "{err}");
    assert!(!err.contains("Seven77"), "{err}");

    let err = refused_stdin(&env, &["user", "add", "carol", "--password-stdin"], "", 2);
    assert!(err.contains("empty"), "{err}");

    env.ok(&["user", "add", "dave"]);
    let err = refused_stdin(
        &env,
        &["user", "passwd", "dave", "--password-stdin"],
        "Seven77",
        2,
    );
    assert!(!err.contains("Seven77"), "{err}");

    // Exactly eight characters is enough.
    env.ok_stdin(&["user", "add", "carol", "--password-stdin"], "Eight888\n");
    assert_eq!(user(&env, "carol")["has_password"], true);
}

#[test]
fn passwd_without_input_names_password_stdin() {
    let env = setup();
    env.ok(&["user", "add", "dave"]);
    let err = env.refused(&["--no-input", "user", "passwd", "dave"], 2);
    assert!(err.contains("--password-stdin"), "{err}");
    // Standard input that is not a terminal cannot be prompted either.
    let err = env.refused(&["user", "passwd", "dave"], 2);
    assert!(err.contains("--password-stdin"), "{err}");
}

#[test]
fn passwd_of_an_unknown_user_is_an_error() {
    let env = setup();
    refused_stdin(
        &env,
        &["user", "passwd", "nobody", "--password-stdin"],
        "Long-enough-pw",
        1,
    );
}

// ------------------------------------------------------------ emergency login

#[test]
fn emergency_login_for_a_direct_administrator_with_email() {
    let env = setup();
    env.ok(&[
        "user",
        "add",
        "alice",
        "--admin",
        "--email",
        "alice@example.com",
    ]);
    let out = env.run(&["--json", "user", "set", "alice", "--emergency-login", "on"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let u: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(u["emergency_login"], true);
    // The server setting is off by default: say so.
    assert!(stderr(&out).contains("warning"), "{}", stderr(&out));
    assert_eq!(user(&env, "alice")["emergency_login"], true);

    let entries = audit(&env, &[]);
    let last = entries.last().unwrap();
    assert_eq!(last["action"], "user.set");
    assert_eq!(last["target"], "alice");
    assert_eq!(last["details"]["emergency_login"]["new"], true);

    env.ok(&["user", "set", "alice", "--emergency-login", "off"]);
    assert_eq!(user(&env, "alice")["emergency_login"], false);
}

#[test]
fn emergency_login_is_refused_to_an_administrator_through_a_group() {
    let env = setup();
    env.ok(&["group", "add", "admins", "--admin"]);
    env.ok(&["user", "add", "carol", "--email", "carol@example.com"]);
    env.ok(&["group", "add-member", "admins", "carol"]);
    let u = user(&env, "carol");
    assert_eq!(u["admin"], true);
    assert_eq!(u["direct_admin"], false);
    let err = env.refused(&["user", "set", "carol", "--emergency-login", "on"], 5);
    assert!(err.contains("only through a group"), "{err}");
}

#[test]
fn emergency_login_is_refused_to_a_non_administrator() {
    let env = setup();
    env.ok(&["user", "add", "bob", "--email", "bob@example.com"]);
    let err = env.refused(&["user", "set", "bob", "--emergency-login", "on"], 5);
    assert!(err.contains("administrator"), "{err}");
}

#[test]
fn emergency_login_is_refused_to_an_administrator_without_email() {
    let env = setup();
    env.ok(&["user", "add", "root1", "--admin"]);
    let err = env.refused(&["user", "set", "root1", "--emergency-login", "on"], 5);
    assert!(err.contains("email"), "{err}");
    // Giving the email in the same command makes it possible.
    env.ok(&[
        "user",
        "set",
        "root1",
        "--email",
        "root1@example.com",
        "--emergency-login",
        "on",
    ]);
    assert_eq!(user(&env, "root1")["emergency_login"], true);
}

#[test]
fn emergency_login_cannot_be_left_unusable() {
    let env = setup();
    env.ok(&["group", "add", "admins", "--admin"]);
    env.ok(&[
        "user",
        "add",
        "alice",
        "--admin",
        "--email",
        "alice@example.com",
    ]);
    env.ok(&["group", "add-member", "admins", "alice"]);
    env.ok(&["user", "set", "alice", "--emergency-login", "on"]);

    let err = env.refused(&["user", "set", "alice", "--admin", "false"], 5);
    assert!(err.contains("--emergency-login off"), "{err}");
    let err = env.refused(&["user", "set", "alice", "--no-email"], 5);
    assert!(err.contains("email"), "{err}");
    assert!(err.contains("--emergency-login off"), "{err}");

    env.ok(&[
        "user",
        "set",
        "alice",
        "--admin",
        "false",
        "--emergency-login",
        "off",
    ]);
    let u = user(&env, "alice");
    assert_eq!(u["direct_admin"], false);
    assert_eq!(u["emergency_login"], false);

    env.ok(&["user", "set", "alice", "--admin", "true"]);
    env.ok(&["user", "set", "alice", "--emergency-login", "on"]);
    env.ok(&[
        "user",
        "set",
        "alice",
        "--no-email",
        "--emergency-login",
        "off",
    ]);
    let u = user(&env, "alice");
    assert_eq!(u["email"], Value::Null);
    assert_eq!(u["emergency_login"], false);
    assert_eq!(u["direct_admin"], true);

    let entries = audit(&env, &[]);
    let last = entries.last().unwrap();
    assert_eq!(last["action"], "user.set");
    assert_eq!(last["details"]["email"]["old"], "alice@example.com");
    assert_eq!(last["details"]["email"]["new"], Value::Null);
    assert_eq!(last["details"]["emergency_login"]["new"], false);
}

// --------------------------------------------------------------- user set misc

#[test]
fn mfa_type_must_be_default_none_or_an_enabled_authenticator() {
    let env = setup();
    env.ok(&["user", "add", "bob"]);
    env.ok(&["user", "set", "bob", "--mfa-type", "totp"]);
    assert_eq!(user(&env, "bob")["mfa_type"], "totp");
    env.ok(&["user", "set", "bob", "--mfa-type", "none"]);
    assert_eq!(user(&env, "bob")["mfa_type"], "none");
    env.ok(&["user", "set", "bob", "--mfa-type", "default"]);
    assert_eq!(user(&env, "bob")["mfa_type"], "default");

    let err = env.refused(&["user", "set", "bob", "--mfa-type", "yubikey"], 5);
    assert!(err.contains("yubikey"), "{err}");
    let err = env.refused(&["user", "set", "bob", "--mfa-type", "bogus"], 2);
    assert!(err.contains("bogus"), "{err}");
    env.refused(&["user", "set", "bob", "--mfa-type", ""], 2);

    env.ok(&["settings", "set", "mfa.authenticators", "totp,yubikey"]);
    env.ok(&["user", "set", "bob", "--mfa-type", "yubikey"]);
    assert_eq!(user(&env, "bob")["mfa_type"], "yubikey");

    let entries = audit(&env, &[]);
    let last = entries.last().unwrap();
    assert_eq!(last["action"], "user.set");
    assert_eq!(last["details"]["mfa_type"]["old"], "default");
    assert_eq!(last["details"]["mfa_type"]["new"], "yubikey");
}

#[test]
fn user_set_validates_its_values() {
    let env = setup();
    env.ok(&["user", "add", "bob"]);
    let err = env.refused(&["user", "set", "bob", "--email", "not-an-email"], 2);
    assert!(err.contains("not-an-email"), "{err}");
    env.refused(&["user", "set", "bob", "--email", ""], 2);
    env.refused(
        &[
            "user",
            "set",
            "bob",
            "--email",
            "b@example.com",
            "--no-email",
        ],
        2,
    );
    env.refused(&["user", "set", "bob", "--admin", "maybe"], 2);
    env.refused(&["user", "set", "bob", "--emergency-login", "sometimes"], 2);
    env.refused(&["user", "set", "nobody", "--admin", "true"], 1);

    env.ok(&["user", "set", "bob", "--email", "bob@example.com"]);
    env.ok(&["user", "set", "bob", "--admin", "true"]);
    let u = user(&env, "bob");
    assert_eq!(u["email"], "bob@example.com");
    assert_eq!(u["direct_admin"], true);
    env.ok(&["user", "set", "bob", "--admin", "false", "--no-email"]);
    let u = user(&env, "bob");
    assert_eq!(u["email"], Value::Null);
    assert_eq!(u["direct_admin"], false);
}

#[test]
fn user_add_refuses_a_bad_email() {
    let env = setup();
    let err = env.refused(&["user", "add", "bob", "--email", "bob at example"], 2);
    assert!(err.contains("bob at example"), "{err}");
}

// --------------------------------------------------------------------- remove

#[test]
fn remove_a_user_with_its_memberships() {
    let env = setup();
    env.ok(&["group", "add", "ops"]);
    env.ok(&["user", "add", "bob"]);
    env.ok(&["group", "add-member", "ops", "bob"]);
    let out = env.json(&["user", "remove", "BOB"]);
    assert_eq!(out["removed"], "BOB");
    env.refused(&["user", "show", "bob"], 1);
    let members = membership_count(&env);
    assert_eq!(members, 0);
    let groups = env.json(&["group", "list"]);
    assert_eq!(groups[0]["members"], serde_json::json!([]));
    let entries = audit(&env, &[]);
    let last = entries.last().unwrap();
    assert_eq!(last["action"], "user.remove");
    assert_eq!(last["target"], "bob");

    env.refused(&["user", "remove", "bob"], 1);
}

#[test]
fn a_user_named_by_a_policy_cannot_be_removed() {
    let env = setup();
    env.ok(&["user", "add", "bob"]);
    env.ok(&[
        "policy", "add", "bob-skip", "--target", "mfa", "--user", "bob", "--action", "skipped",
    ]);
    let err = env.refused(&["user", "remove", "bob"], 5);
    assert!(err.contains("bob-skip"), "{err}");
    env.ok(&["policy", "remove", "bob-skip"]);
    env.ok(&["user", "remove", "bob"]);
    assert_eq!(user_count(&env), 0);
}

// --------------------------------------------------------------------- groups

#[test]
fn groups_and_memberships() {
    let env = setup();
    env.ok(&["group", "add", "ops"]);
    let out = env.json(&["group", "add", "admins", "--admin"]);
    assert_eq!(out["added"], "admins");
    assert_eq!(out["admin"], true);
    env.ok(&["user", "add", "bob"]);
    env.ok(&["user", "add", "alice"]);

    let out = env.json(&["group", "add-member", "admins", "bob"]);
    assert_eq!(out["changed"], true);
    env.ok(&["group", "add-member", "ops", "bob"]);
    env.ok(&["group", "add-member", "ops", "alice"]);
    let n = audit(&env, &[]).len();
    let out = env.json(&["group", "add-member", "ops", "alice"]);
    assert_eq!(out["changed"], false);
    assert_eq!(audit(&env, &[]).len(), n, "a no-op was audited");

    let groups = env.json(&["group", "list"]);
    assert_eq!(
        groups,
        serde_json::json!([
            {"name": "admins", "admin": true, "members": ["bob"]},
            {"name": "ops", "admin": false, "members": ["alice", "bob"]},
        ])
    );
    let table = env.ok(&["group", "list"]);
    assert!(table.contains("admins"), "{table}");
    assert!(table.contains("alice, bob"), "{table}");

    let bob = user(&env, "bob");
    assert_eq!(bob["groups"], serde_json::json!(["admins", "ops"]));
    assert_eq!(bob["admin"], true);
    assert_eq!(bob["direct_admin"], false);
    assert_eq!(user(&env, "alice")["admin"], false);

    let out = env.json(&["group", "remove-member", "ops", "alice"]);
    assert_eq!(out["changed"], true);
    let out = env.json(&["group", "remove-member", "ops", "alice"]);
    assert_eq!(out["changed"], false);
    assert_eq!(user(&env, "alice")["groups"], serde_json::json!([]));

    // Removing a group drops its memberships and the rights it gave.
    let out = env.json(&["group", "remove", "admins"]);
    assert_eq!(out["removed"], "admins");
    let bob = user(&env, "bob");
    assert_eq!(bob["groups"], serde_json::json!(["ops"]));
    assert_eq!(bob["admin"], false);
    let left = membership_count(&env);
    assert_eq!(left, 1);

    assert_eq!(
        actions(&audit(&env, &[])),
        [
            "group.add",
            "group.add",
            "user.add",
            "user.add",
            "group.add-member",
            "group.add-member",
            "group.add-member",
            "group.remove-member",
            "group.remove",
        ]
    );
    let last = audit(&env, &[]).last().unwrap().clone();
    assert_eq!(last["target"], "admins");
}

#[test]
fn group_refusals() {
    let env = setup();
    env.ok(&["group", "add", "ops"]);
    env.ok(&["user", "add", "bob"]);
    let err = env.refused(&["group", "add", "OPS"], 1);
    assert!(err.contains("exists already"), "{err}");
    for bad in ["", "a b", "-x", "a/b", "a@b", "a\nb"] {
        env.refused(&["group", "add", "--", bad], 2);
    }
    env.refused(&["group", "add-member", "nogroup", "bob"], 1);
    env.refused(&["group", "add-member", "ops", "nobody"], 1);
    env.refused(&["group", "remove-member", "ops", "nobody"], 1);
    env.refused(&["group", "remove", "nogroup"], 1);
}

#[test]
fn a_group_named_by_a_policy_cannot_be_removed() {
    let env = setup();
    env.ok(&["group", "add", "contractors"]);
    env.ok(&[
        "policy",
        "add",
        "no-contractors",
        "--target",
        "login",
        "--group",
        "contractors",
        "--action",
        "deny",
    ]);
    let err = env.refused(&["group", "remove", "contractors"], 5);
    assert!(err.contains("no-contractors"), "{err}");
    env.ok(&["policy", "remove", "no-contractors"]);
    env.ok(&["group", "remove", "contractors"]);
    assert_eq!(env.json(&["group", "list"]), serde_json::json!([]));
}

// --------------------------------------------------------------------- unlock

#[test]
fn unlock_a_user_locked_for_a_while() {
    let env = setup();
    env.ok(&["user", "add", "bob"]);
    let until = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + 3600;
    env.conn()
        .execute(
            "UPDATE users SET locked_until = ?1, failed_attempts = 5 WHERE name = 'bob'",
            [until],
        )
        .unwrap();

    let shown = env.ok(&["user", "show", "bob"]);
    let line = locked_line(&shown);
    assert!(line.contains("yes"), "{line}");
    let u = user(&env, "bob");
    assert_eq!(u["locked"], true);
    assert_eq!(u["failed_attempts"], 5);
    assert!(u["locked_until"].is_string(), "{u}");
    let table = env.ok(&["user", "list"]);
    assert!(table.lines().nth(1).unwrap().ends_with("yes"), "{table}");

    let out = env.json(&["user", "unlock", "bob"]);
    assert_eq!(out["was_locked"], true);
    let u = user(&env, "bob");
    assert_eq!(u["locked"], false);
    assert_eq!(u["failed_attempts"], 0);
    assert_eq!(u["locked_until"], Value::Null);
    let line = locked_line(&env.ok(&["user", "show", "bob"]));
    assert!(line.contains("no"), "{line}");
    let (locked_until, failed): (Option<i64>, i64) = env
        .conn()
        .query_row(
            "SELECT locked_until, failed_attempts FROM users WHERE name = 'bob'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(locked_until, None);
    assert_eq!(failed, 0);

    let last = audit(&env, &[]).last().unwrap().clone();
    assert_eq!(last["action"], "user.unlock");
    assert_eq!(last["target"], "bob");
    assert_eq!(last["details"]["was_locked"], true);
}

#[test]
fn unlock_a_user_locked_until_an_administrator_unlocks() {
    let env = setup();
    env.ok(&["user", "add", "bob"]);
    env.conn()
        .execute(
            "UPDATE users SET locked_until = 9223372036854775807, failed_attempts = 5 \
             WHERE name = 'bob'",
            [],
        )
        .unwrap();
    let u = user(&env, "bob");
    assert_eq!(u["locked"], true);
    assert_eq!(u["locked_until"], Value::Null);
    let line = locked_line(&env.ok(&["user", "show", "bob"]));
    assert!(line.contains("yes"), "{line}");
    assert!(line.contains("administrator"), "{line}");

    let out = env.json(&["user", "unlock", "bob"]);
    assert_eq!(out["was_locked"], true);
    assert_eq!(user(&env, "bob")["locked"], false);
}

#[test]
fn unlock_of_an_unlocked_user_clears_the_count() {
    let env = setup();
    env.ok(&["user", "add", "bob"]);
    env.conn()
        .execute(
            "UPDATE users SET failed_attempts = 3, locked_until = 1 WHERE name = 'bob'",
            [],
        )
        .unwrap();
    assert_eq!(user(&env, "bob")["locked"], false, "a lock in the past");
    let out = env.json(&["user", "unlock", "bob"]);
    assert_eq!(out["was_locked"], false);
    assert_eq!(user(&env, "bob")["failed_attempts"], 0);
    env.refused(&["user", "unlock", "nobody"], 1);
}

// --------------------------------------------------------------------- import

const HEADER: &str = "name,email,admin,directory,groups\n";

/// Imports `content` and expects a refusal that changes nothing; returns
/// stderr.
fn import_refused(env: &Env, content: &[u8], expected: i32) -> String {
    let path = env.path("import.csv");
    std::fs::write(&path, content).unwrap();
    let users = user_count(env);
    let err = env.refused(&["user", "import", path.to_str().unwrap()], expected);
    assert_eq!(user_count(env), users);
    err
}

fn import_setup() -> Env {
    let env = setup();
    env.ok(&["group", "add", "ops"]);
    env.ok(&["user", "add", "existing"]);
    env
}

#[test]
fn import_adds_users_with_groups_in_one_audited_step() {
    let env = import_setup();
    env.ok(&["group", "add", "admins", "--admin"]);
    let csv = format!(
        "{HEADER}ann,ann@example.com,true,,ops\n\
         bo,,false,false,ops;Admins\n\
         cy@corp.example.com,cy@corp.example.com,,true,\n\
         \"dee\",\"dee@example.com\",no,,\" ops \"\n"
    );
    std::fs::write(env.path("users.csv"), csv).unwrap();
    let before = audit(&env, &[]).len();
    let out = env.json(&["user", "import", "users.csv"]);
    assert_eq!(out, serde_json::json!({"imported": 4}));

    let ann = user(&env, "ann");
    assert_eq!(ann["email"], "ann@example.com");
    assert_eq!(ann["direct_admin"], true);
    assert_eq!(ann["source"], "local");
    assert_eq!(ann["has_password"], false);
    assert_eq!(ann["groups"], serde_json::json!(["ops"]));
    let bo = user(&env, "bo");
    assert_eq!(bo["direct_admin"], false);
    assert_eq!(bo["admin"], true);
    assert_eq!(bo["groups"], serde_json::json!(["admins", "ops"]));
    let cy = user(&env, "cy@corp.example.com");
    assert_eq!(cy["source"], "directory");
    assert_eq!(cy["groups"], serde_json::json!([]));
    let dee = user(&env, "dee");
    assert_eq!(dee["email"], "dee@example.com");
    assert_eq!(dee["groups"], serde_json::json!(["ops"]));
    assert_eq!(user_count(&env), 5);

    let entries = audit(&env, &[]);
    assert_eq!(entries.len(), before + 1, "one entry for the whole import");
    let last = entries.last().unwrap();
    assert_eq!(last["action"], "user.import");
    assert_eq!(last["details"]["users"], 4);
}

#[test]
fn import_from_standard_input() {
    let env = import_setup();
    let out = env.ok_stdin(
        &["--json", "user", "import", "-"],
        &format!("{HEADER}ann,,,,\nbo,,,,\n"),
    );
    let out: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(out["imported"], 2);
    assert_eq!(user(&env, "bo")["name"], "bo");
}

#[test]
fn import_of_a_header_only_file_adds_nobody() {
    let env = import_setup();
    std::fs::write(env.path("h.csv"), HEADER).unwrap();
    let out = env.json(&["user", "import", "h.csv"]);
    assert_eq!(out["imported"], 0);
    assert_eq!(user_count(&env), 1);
}

#[test]
fn import_accepts_a_byte_order_mark_and_a_partial_header() {
    let env = import_setup();
    std::fs::write(
        env.path("bom.csv"),
        "\u{feff}Name,Email\nann,ann@example.com\n",
    )
    .unwrap();
    let out = env.json(&["user", "import", "bom.csv"]);
    assert_eq!(out["imported"], 1);
    assert_eq!(user(&env, "ann")["email"], "ann@example.com");
}

#[test]
fn import_refuses_a_name_twice_in_the_file() {
    let env = import_setup();
    let err = import_refused(
        &env,
        format!("{HEADER}ann,,,,\nbo,,,,\nAnn,,,,\n").as_bytes(),
        2,
    );
    assert!(err.contains("line 4:"), "{err}");
    assert!(err.contains("twice"), "{err}");
}

#[test]
fn import_refuses_a_name_already_in_the_store() {
    let env = import_setup();
    let err = import_refused(
        &env,
        format!("{HEADER}ann,,,,\nEXISTING,,,,\n").as_bytes(),
        1,
    );
    assert!(err.contains("line 3:"), "{err}");
    assert!(err.contains("exists already"), "{err}");
}

#[test]
fn import_refuses_an_unknown_group() {
    let env = import_setup();
    let err = import_refused(
        &env,
        format!("{HEADER}ann,,,,ops\nbo,,,,ops;nogroup\n").as_bytes(),
        2,
    );
    assert!(err.contains("line 3:"), "{err}");
    assert!(err.contains("nogroup"), "{err}");
    // Nothing half-done: no membership either.
    let members = membership_count(&env);
    assert_eq!(members, 0);
}

#[test]
fn import_refuses_a_bad_email() {
    let env = import_setup();
    let err = import_refused(
        &env,
        format!("{HEADER}ann,,,,\nbo,bo-at-example,,,\n").as_bytes(),
        2,
    );
    assert!(err.contains("line 3:"), "{err}");
    assert!(err.contains("bo-at-example"), "{err}");
}

#[test]
fn import_refuses_a_bad_admin_value() {
    let env = import_setup();
    let err = import_refused(
        &env,
        format!("{HEADER}ann,,true,,\nbo,,maybe,,\n").as_bytes(),
        2,
    );
    assert!(err.contains("line 3:"), "{err}");
    assert!(err.contains("maybe"), "{err}");
}

#[test]
fn import_refuses_a_directory_user_not_in_upn_form() {
    let env = import_setup();
    let err = import_refused(
        &env,
        format!("{HEADER}ann@corp.example.com,,,true,\nCORP\\bo,,,true,\n").as_bytes(),
        2,
    );
    assert!(err.contains("line 3:"), "{err}");
    assert!(err.contains("bo@corp.example.com"), "{err}");
    let err = import_refused(
        &env,
        format!("{HEADER}ann@corp.example.com,,,true,\nbo,,,true,\n").as_bytes(),
        2,
    );
    assert!(err.contains("line 3:"), "{err}");
    assert!(err.contains("UPN"), "{err}");
}

#[test]
fn import_refuses_an_unknown_column() {
    let env = import_setup();
    let err = import_refused(&env, b"name,email,role\nann,,x\n", 2);
    assert!(err.contains("line 1:"), "{err}");
    assert!(err.contains("role"), "{err}");
}

#[test]
fn import_refuses_a_header_without_name() {
    let env = import_setup();
    let err = import_refused(&env, b"email,admin\nann@example.com,true\n", 2);
    assert!(err.contains("line 1:"), "{err}");
    assert!(err.contains("name"), "{err}");
}

#[test]
fn import_refuses_an_empty_file() {
    let env = import_setup();
    let err = import_refused(&env, b"", 2);
    assert!(err.contains("empty"), "{err}");
}

#[test]
fn import_refuses_etc_passwd() {
    let env = import_setup();
    let err = env.refused(&["user", "import", "/etc/passwd"], 2);
    assert!(err.contains("line 1:"), "{err}");
    assert_eq!(user_count(&env), 1);
}

#[test]
fn import_refuses_bytes_that_are_not_utf8() {
    let env = import_setup();
    let mut content = format!("{HEADER}ann,,,,\n").into_bytes();
    content.extend_from_slice(b"b\xff\xfeo,,,,\n");
    let err = import_refused(&env, &content, 2);
    assert!(err.contains("line 3:"), "{err}");
    assert!(err.contains("UTF-8"), "{err}");

    let binary: Vec<u8> = (0..=255u8).cycle().take(2048).collect();
    let err = import_refused(&env, &binary, 2);
    assert!(err.contains("line"), "{err}");
}

#[test]
fn import_refuses_a_truncated_row() {
    let env = import_setup();
    let err = import_refused(&env, format!("{HEADER}ann,,,,\nbo,,\n").as_bytes(), 2);
    assert!(err.contains("line 3:"), "{err}");
    let err = import_refused(&env, format!("{HEADER}ann,,,,\nbo,,,,,,\n").as_bytes(), 2);
    assert!(err.contains("line 3:"), "{err}");
}

#[test]
fn import_refuses_a_formula_as_a_name() {
    let env = import_setup();
    let err = import_refused(
        &env,
        format!("{HEADER}ann,,,,\n\"=cmd|' /C calc'!A0\",,,,\n").as_bytes(),
        2,
    );
    assert!(err.contains("line 3:"), "{err}");
    let err = import_refused(&env, format!("{HEADER}ann,,,,\n=1+2,,,,\n").as_bytes(), 2);
    assert!(err.contains("line 3:"), "{err}");
    let err = import_refused(
        &env,
        format!("{HEADER}ann,,,,\n\"=HYPERLINK(\"\"http://evil.example\"\")@corp.example.com\",,,true,\n")
            .as_bytes(),
        2,
    );
    assert!(err.contains("line 3:"), "{err}");
}

#[test]
fn import_refuses_a_quoted_name_with_a_newline() {
    let env = import_setup();
    let err = import_refused(
        &env,
        format!("{HEADER}ann,,,,\n\"bo\nsmith\",,,,\ncy,,,,\n").as_bytes(),
        2,
    );
    assert!(err.contains("line 3:"), "{err}");
}

#[test]
fn import_line_numbers_count_lines_of_multiline_records() {
    let env = import_setup();
    // The second record spans lines 2 and 3, so the bad one is on line 4.
    let err = import_refused(
        &env,
        format!("{HEADER}ann,,,,\"ops;\nops\"\nbo,,maybe,,\n").as_bytes(),
        2,
    );
    assert!(err.contains("line 4:"), "{err}");
}

/// A file of `rows` users `u0`, `u1`…, all in staff and every third also in
/// ops: enough rows for several of the import's 64-row batches and a
/// partial one. `edit` may change a row (by index) before it is written.
fn many_rows(rows: usize, edit: impl Fn(usize, String) -> String) -> String {
    let mut csv = HEADER.to_string();
    for i in 0..rows {
        let groups = if i % 3 == 0 { "staff;ops" } else { "staff" };
        csv += &edit(i, format!("u{i},u{i}@example.com,,,{groups}"));
        csv.push('\n');
    }
    csv
}

fn many_setup() -> Env {
    let env = import_setup();
    env.ok(&["group", "add", "staff"]);
    env
}

#[test]
fn import_of_many_rows_adds_every_user_and_membership_in_file_order() {
    let env = many_setup();
    std::fs::write(env.path("many.csv"), many_rows(200, |_, row| row)).unwrap();
    assert_eq!(env.json(&["user", "import", "many.csv"])["imported"], 200);

    let conn = env.conn();
    let mut stmt = conn
        .prepare(
            "SELECT u.name, u.email, (SELECT group_concat(g.name, ';') FROM
                (SELECT g.name FROM memberships m JOIN groups g ON g.id = m.group_id
                 WHERE m.user_id = u.id ORDER BY g.name DESC) g)
             FROM users u WHERE u.name <> 'existing' ORDER BY u.id",
        )
        .unwrap();
    let rows: Vec<String> = stmt
        .query_map([], |r| {
            Ok(format!(
                "{},{},,,{}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let expected = many_rows(200, |_, row| row);
    let expected: Vec<&str> = expected.lines().skip(1).collect();
    assert_eq!(rows, expected, "every row, its groups, in file order");

    let last = audit(&env, &[]).pop().unwrap();
    assert_eq!(last["details"]["memberships"], 200 + 67);
    assert_eq!(user(&env, "u199")["groups"], serde_json::json!(["staff"]));
    assert_eq!(
        user(&env, "u198")["groups"],
        serde_json::json!(["ops", "staff"])
    );
    let violations: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(violations, 0);
}

#[test]
fn import_names_the_line_of_a_taken_name_in_any_batch() {
    let env = many_setup();
    // (row index, name written there, what the error says). Row i is on
    // line i + 2. Batches are rows 0-63, 64-127, 128-191 and 192-199.
    let cases = [
        (100, "u90", "twice"),               // earlier row in the same batch
        (150, "U3", "twice"),                // row of a batch already written
        (130, "EXISTING", "exists already"), // a user already in the store
        (199, "u0", "twice"),                // in the last, partial batch
        (63, "u62", "twice"),                // last row of the first batch
    ];
    for (at, name, says) in cases {
        let csv = many_rows(
            200,
            |i, row| {
                if i == at {
                    format!("{name},,,,")
                } else {
                    row
                }
            },
        );
        let code = if says == "twice" { 2 } else { 1 };
        let err = import_refused(&env, csv.as_bytes(), code);
        assert!(err.contains(&format!("line {}:", at + 2)), "{name}: {err}");
        assert!(err.contains(says), "{name}: {err}");
    }
    let members = membership_count(&env);
    assert_eq!(members, 0);
}

#[test]
fn import_reports_the_first_bad_line_whatever_is_wrong_with_it() {
    let env = many_setup();
    // Row 70 repeats a name (noticed when its batch is written); row 75,
    // still in the same batch, has a bad email (noticed at once). Line 72
    // comes first and is the one reported.
    let csv = many_rows(200, |i, row| match i {
        70 => "u1,,,,".to_string(),
        75 => "u75,not-an-email,,,".to_string(),
        _ => row,
    });
    let err = import_refused(&env, csv.as_bytes(), 2);
    assert!(err.contains("line 72:"), "{err}");
    assert!(err.contains("twice"), "{err}");
    // The bad email alone, after three batches were written: still nothing
    // is added.
    let csv = many_rows(
        200,
        |i, row| if i == 195 { "u195,@,,,".into() } else { row },
    );
    let err = import_refused(&env, csv.as_bytes(), 2);
    assert!(err.contains("line 197:"), "{err}");
}

#[test]
fn a_store_with_the_schema_4_memberships_is_upgraded_keeping_them() {
    let env = import_setup();
    env.ok(&["group", "add", "staff", "--admin"]);
    env.ok(&["user", "add", "ann"]);
    env.ok(&["group", "add-member", "ops", "ann"]);
    env.ok(&["group", "add-member", "staff", "ann"]);
    env.ok(&["group", "add-member", "ops", "existing"]);
    let before = env.json(&["group", "list"]);
    // Schema 4 keyed memberships by group, with a second index by user.
    env.conn()
        .execute_batch(
            "CREATE TABLE m4 (
                group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
                user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                PRIMARY KEY (group_id, user_id)
             ) STRICT, WITHOUT ROWID;
             INSERT INTO m4 SELECT group_id, user_id FROM memberships;
             DROP TABLE memberships;
             ALTER TABLE m4 RENAME TO memberships;
             CREATE INDEX memberships_user ON memberships (user_id);
             CREATE TABLE mfa_enrolments (
                user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                method         TEXT NOT NULL,
                state          TEXT NOT NULL CHECK (state IN ('pending', 'active')),
                sealed_secret  BLOB,
                created_at     INTEGER NOT NULL,
                confirmed_at   INTEGER,
                last_used_step INTEGER,
                PRIMARY KEY (user_id, method)
             ) STRICT, WITHOUT ROWID;
             DROP TABLE credentials;
             ALTER TABLE audit DROP COLUMN mac;
             CREATE TABLE emergency_requests (name_key TEXT NOT NULL, requested_at INTEGER NOT NULL) STRICT;
             DROP TABLE rate_events;
             DELETE FROM meta WHERE key IN ('audit_keyed_from', 'audit_key', 'audit_head_mac');
             PRAGMA user_version = 4;",
        )
        .unwrap();
    assert_eq!(env.json(&["group", "list"]), before);
    assert_eq!(user(&env, "ann")["admin"], true);

    let conn = env.conn();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, mfactl::store::SCHEMA_VERSION);
    let sql: String = conn
        .query_row(
            "SELECT group_concat(sql, ' ') FROM sqlite_schema WHERE tbl_name = 'memberships'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(sql.contains("PRIMARY KEY (user_id, group_id)"), "{sql}");
    assert!(!sql.contains("memberships_user"), "{sql}");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    // Removing a user or group still takes its memberships along.
    env.ok(&["group", "remove", "staff"]);
    env.ok(&["user", "remove", "existing"]);
    let left = membership_count(&env);
    assert_eq!(left, 1);
}

#[test]
fn import_errors_do_not_echo_terminal_escapes_from_the_file() {
    // A CSV from elsewhere must not be able to drive the admin's terminal
    // through an error message.
    let env = import_setup();
    for content in [
        "name,e\u{1b}[2J\u{1b}]0;owned\u{7}mail\nann,x\n".to_string(),
        format!("{HEADER}ann,a\u{1b}[31m@example.com,,,\n"),
        format!("{HEADER}ann,,,,o\u{1b}[31mps\n"),
        format!("{HEADER}ann,,y\u{1b}[31mes,,\n"),
    ] {
        let err = import_refused(&env, content.as_bytes(), 2);
        assert!(err.contains("line"), "{err}");
        assert!(
            !err.contains('\u{1b}'),
            "raw escape in the message: {err:?}"
        );
        assert!(!err.contains('\u{7}'), "raw BEL in the message: {err:?}");
    }
}

#[test]
fn import_of_a_folder_names_the_file_not_line_zero() {
    let env = import_setup();
    let dir = env.path("folder");
    std::fs::create_dir(&dir).unwrap();
    let err = env.refused(&["user", "import", dir.to_str().unwrap()], 2);
    assert!(err.contains("folder"), "{err}");
    assert!(!err.contains("line 0"), "there is no line 0: {err}");
}

#[test]
fn import_audit_counts_a_repeated_group_once() {
    let env = import_setup();
    std::fs::write(env.path("g.csv"), format!("{HEADER}ann,,,,ops;OPS\n")).unwrap();
    env.ok(&["user", "import", "g.csv"]);
    assert_eq!(user(&env, "ann")["groups"], serde_json::json!(["ops"]));
    let last = audit(&env, &[]).last().unwrap().clone();
    assert_eq!(last["action"], "user.import");
    assert_eq!(last["details"]["memberships"], 1, "{last}");
}

#[test]
fn import_of_a_missing_file_is_refused() {
    let env = import_setup();
    env.refused(&["user", "import", "no-such-file.csv"], 2);
}

#[test]
fn import_of_ten_thousand_users() {
    let env = import_setup();
    let mut csv = String::from(HEADER);
    for i in 0..10_000 {
        let admin = if i % 100 == 0 { "true" } else { "false" };
        let group = if i % 2 == 1 { "ops" } else { "" };
        csv.push_str(&format!("user{i},user{i}@example.com,{admin},,{group}\n"));
    }
    std::fs::write(env.path("big.csv"), csv).unwrap();
    let out = env.json(&["user", "import", "big.csv"]);
    assert_eq!(out["imported"], 10_000);
    assert_eq!(user_count(&env), 10_001);
    let conn = env.conn();
    let members = membership_count(&env);
    assert_eq!(members, 5_000);
    let admins: i64 = conn
        .query_row("SELECT count(*) FROM users WHERE is_admin = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(admins, 100);
    let u = user(&env, "user9999");
    assert_eq!(u["email"], "user9999@example.com");
    assert_eq!(u["groups"], serde_json::json!(["ops"]));
    let imports: Vec<Value> = audit(&env, &[])
        .into_iter()
        .filter(|e| e["action"] == "user.import")
        .collect();
    assert_eq!(imports.len(), 1);
    assert_eq!(imports[0]["details"]["users"], 10_000);
}

// ---------------------------------------------------------------------- audit

#[test]
fn every_user_and_group_change_is_audited_with_an_intact_chain() {
    let env = setup();
    env.ok(&[
        "user",
        "add",
        "alice",
        "--admin",
        "--email",
        "a@example.com",
    ]);
    env.ok(&["group", "add", "ops"]);
    env.ok(&["group", "add-member", "ops", "alice"]);
    env.ok(&["user", "set", "alice", "--mfa-type", "none"]);
    env.ok_stdin(
        &["user", "passwd", "alice", "--password-stdin"],
        "Long-pass-123",
    );
    env.ok(&["user", "unlock", "alice"]);
    env.ok(&["group", "remove-member", "ops", "alice"]);
    env.ok(&["group", "remove", "ops"]);
    env.ok(&["user", "remove", "alice"]);
    let entries = audit(&env, &[]);
    let got: Vec<&str> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        got,
        [
            "user.add",
            "group.add",
            "group.add-member",
            "user.set",
            "user.passwd",
            "user.unlock",
            "group.remove-member",
            "group.remove",
            "user.remove",
        ]
    );
    for (i, e) in entries.iter().enumerate() {
        let mut keys: Vec<&str> = e.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "action",
                "actor",
                "details",
                "hash",
                "id",
                "prev_hash",
                "target",
                "time"
            ]
        );
        if i > 0 {
            assert_eq!(e["prev_hash"], entries[i - 1]["hash"]);
        }
    }
    let verify = env.ok(&["audit", "verify"]);
    assert!(verify.contains("intact"), "{verify}");
    // A change that changes nothing is not recorded.
    env.ok(&["user", "add", "bob"]);
    let n = audit(&env, &[]).len();
    env.ok(&["user", "set", "bob", "--mfa-type", "default"]);
    assert_eq!(audit(&env, &[]).len(), n);
}
