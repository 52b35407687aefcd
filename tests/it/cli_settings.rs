//! `mfactl settings …` and the store itself, through the built binary:
//! values, validation, refusals (exit code and an unchanged store), secrets
//! at rest, export/import, file modes, store selection and damaged stores
//! or key files.

use crate::common::*;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use serde_json::Value;

// ---------------------------------------------------------------- helpers

/// `settings get KEY` without the trailing line break.
fn get(env: &Env, key: &str) -> String {
    let out = env.ok(&["settings", "get", key]);
    out.strip_suffix('\n').unwrap_or(&out).to_string()
}

fn write(env: &Env, name: &str, contents: impl AsRef<[u8]>) -> String {
    let path = env.path(name);
    fs::write(&path, contents).expect("write test file");
    path.display().to_string()
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Asserts that no store file holds `secret` in plain text.
fn assert_not_in_store_files(env: &Env, secret: &str) {
    let files = store_files(env);
    assert!(!files.is_empty(), "no store files to search");
    for f in files {
        let bytes = fs::read(&f).expect("read store file");
        assert!(
            !contains_bytes(&bytes, secret.as_bytes()),
            "{} contains the secret in plain text",
            f.display()
        );
    }
}

/// Every setting's shown value, by key.
fn values(env: &Env) -> BTreeMap<String, String> {
    env.json(&["settings", "show"])
        .as_array()
        .expect("settings show --json is an array")
        .iter()
        .map(|s| {
            (
                s["key"].as_str().unwrap().to_string(),
                s["value"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn audit_len(env: &Env) -> usize {
    env.json(&["audit", "list"]).as_array().unwrap().len()
}

// ----------------------------------------------------------- show and get

#[test]
fn show_json_lists_every_setting_with_its_fields() {
    let env = Env::new();
    let all = env.json(&["settings", "show"]);
    let all = all.as_array().expect("array");
    assert!(all.len() >= 30, "only {} settings", all.len());
    let mut keys = Vec::new();
    for s in all {
        let obj = s.as_object().expect("each setting is an object");
        let mut fields: Vec<&str> = obj.keys().map(String::as_str).collect();
        fields.sort_unstable();
        assert_eq!(
            fields,
            ["default", "help", "is_set", "key", "secret", "value"],
            "{s}"
        );
        assert!(s["key"].is_string() && s["value"].is_string(), "{s}");
        assert!(s["default"].is_string(), "{s}");
        assert!(s["is_set"].is_boolean() && s["secret"].is_boolean(), "{s}");
        assert!(!s["help"].as_str().unwrap().is_empty(), "{s}");
        assert_eq!(s["is_set"], false, "fresh store: {s}");
        keys.push(s["key"].as_str().unwrap().to_string());
    }
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), keys.len(), "duplicate keys: {keys:?}");
    for k in [
        "smtp.host",
        "smtp.port",
        "smtp.password",
        "smtp.from",
        "authentication.emergency_code.enabled",
        "authentication.emergency_code.lifetime",
        "mfa.default_action",
        "mfa.authenticators",
        "mfa.default",
        "mfa.alternates",
        "mfa.backup_codes.count",
        "mfa.reset_recipient",
        "lockout.attempts",
    ] {
        assert!(keys.iter().any(|x| x == k), "{k} missing from {keys:?}");
    }
    let by_key = |k: &str| all.iter().find(|s| s["key"] == k).unwrap().clone();
    let pw = by_key("smtp.password");
    assert_eq!(pw["secret"], true);
    assert_eq!(pw["value"], "(not set)");
    assert_eq!(by_key("smtp.host")["secret"], false);
    let lifetime = by_key("authentication.emergency_code.lifetime");
    assert_eq!(lifetime["value"], "10m");
    assert_eq!(lifetime["default"], "10m");
    assert_eq!(by_key("mfa.backup_codes.count")["default"], "10");
}

#[test]
fn show_table_marks_changed_settings() {
    let env = Env::new();
    env.ok(&["settings", "set", "smtp.port", "2525"]);
    let out = env.ok(&["settings", "show"]);
    let header = out.lines().next().unwrap();
    for col in ["KEY", "VALUE", "DEFAULT"] {
        assert!(header.contains(col), "{header}");
    }
    let port: Vec<&str> = out
        .lines()
        .find(|l| l.trim_start().starts_with("smtp.port"))
        .unwrap_or_else(|| panic!("no smtp.port row:\n{out}"))
        .split_whitespace()
        .collect();
    assert_eq!(port, ["smtp.port*", "2525", "587"]);
    let security: Vec<&str> = out
        .lines()
        .find(|l| l.trim_start().starts_with("smtp.security"))
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(security, ["smtp.security", "starttls", "starttls"]);
    assert!(
        out.contains("(not set)"),
        "secrets are shown redacted:\n{out}"
    );
}

#[test]
fn get_prints_the_plain_value() {
    let env = Env::new();
    assert_eq!(env.ok(&["settings", "get", "smtp.port"]), "587\n");
    assert_eq!(get(&env, "authentication.emergency_code.lifetime"), "10m");
    assert_eq!(get(&env, "smtp.timeout"), "30s");
    assert_eq!(get(&env, "session.lifetime"), "1h");
    assert_eq!(get(&env, "mfa.authenticators"), "totp");
    assert_eq!(get(&env, "smtp.password"), "(not set)");
    assert_eq!(get(&env, "smtp.host"), "");

    let v = env.json(&["settings", "get", "lockout.window"]);
    assert_eq!(v["key"], "lockout.window");
    assert_eq!(v["value"], "15m");
    assert_eq!(v["default"], "15m");
    assert_eq!(v["is_set"], false);
    assert_eq!(v["secret"], false);
    assert!(v["help"].is_string());
}

#[test]
fn get_unknown_key_is_a_usage_error() {
    let env = Env::new();
    env.ok(&["status"]);
    let err = env.refused(&["settings", "get", "smtp.hots"], 2);
    assert!(err.contains("smtp.hots"), "{err}");
    assert!(err.contains("smtp.host"), "suggests close keys: {err}");
}

// -------------------------------------------------------- set and unset

#[test]
fn set_changes_the_value_and_get_shows_it() {
    let env = Env::new();
    let out = env.run(&["settings", "set", "smtp.port", "2525"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "confirmation goes to stderr");
    assert!(
        stderr(&out).contains("smtp.port = 2525"),
        "{}",
        stderr(&out)
    );
    assert_eq!(get(&env, "smtp.port"), "2525");
    let v = env.json(&["settings", "get", "smtp.port"]);
    assert_eq!(v["is_set"], true);
    assert_eq!(v["default"], "587");

    env.ok(&["settings", "set", "smtp.security", "TLS"]);
    assert_eq!(get(&env, "smtp.security"), "tls", "choices are canonical");
}

#[test]
fn set_canonicalises_booleans_lists_and_durations() {
    let env = Env::new();
    with_smtp(&env);
    env.ok(&[
        "settings",
        "set",
        "authentication.emergency_code.enabled",
        "On",
    ]);
    assert_eq!(get(&env, "authentication.emergency_code.enabled"), "true");
    env.ok(&["settings", "set", "mfa.authenticators", "EMAIL, totp,totp"]);
    assert_eq!(get(&env, "mfa.authenticators"), "totp,email");
    env.ok(&["settings", "set", "session.lifetime", "90m"]);
    assert_eq!(get(&env, "session.lifetime"), "1h 30m");
    env.ok(&["settings", "set", "lockout.duration", "0"]);
    assert_eq!(get(&env, "lockout.duration"), "0s");
}

#[test]
fn set_from_stdin_for_a_plain_setting() {
    let env = Env::new();
    env.ok_stdin(
        &["settings", "set", "smtp.host", "--stdin"],
        "mail.example.com\n",
    );
    assert_eq!(get(&env, "smtp.host"), "mail.example.com");
}

#[test]
fn set_the_same_value_twice_writes_one_audit_entry() {
    let env = Env::new();
    env.ok(&["settings", "set", "smtp.port", "2525"]);
    let out = env.run(&["settings", "set", "smtp.port", "2525"]);
    assert_eq!(code(&out), 0);
    assert!(stderr(&out).contains("unchanged"), "{}", stderr(&out));
    assert_eq!(audit_len(&env), 1);
}

#[test]
fn unset_returns_to_the_default() {
    let env = Env::new();
    env.ok(&["settings", "set", "smtp.port", "2525"]);
    env.ok(&["settings", "unset", "smtp.port"]);
    assert_eq!(get(&env, "smtp.port"), "587");
    let v = env.json(&["settings", "get", "smtp.port"]);
    assert_eq!(v["is_set"], false);
    let n: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM settings WHERE key = 'smtp.port'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0, "the stored row is gone");
}

#[test]
fn human_durations() {
    let env = Env::new();
    env.ok(&[
        "settings",
        "set",
        "authentication.emergency_code.lifetime",
        "15m",
    ]);
    assert_eq!(get(&env, "authentication.emergency_code.lifetime"), "15m");
    env.ok(&[
        "settings",
        "set",
        "authentication.emergency_code.lifetime",
        "1h",
    ]);
    assert_eq!(get(&env, "authentication.emergency_code.lifetime"), "1h");

    let err = env.refused(
        &[
            "settings",
            "set",
            "authentication.emergency_code.lifetime",
            "61m",
        ],
        2,
    );
    assert!(
        err.contains("authentication.emergency_code.lifetime"),
        "{err}"
    );
    assert!(
        err.contains("1m") && err.contains("1h"),
        "says the range: {err}"
    );
    env.refused(
        &[
            "settings",
            "set",
            "authentication.emergency_code.lifetime",
            "30s",
        ],
        2,
    );
    assert_eq!(get(&env, "authentication.emergency_code.lifetime"), "1h");
}

// ------------------------------------------------------------ refusals

#[test]
fn unknown_key_is_refused_and_named() {
    let env = Env::new();
    env.ok(&["status"]);
    let err = env.refused(&["settings", "set", "smtp.hots", "mail.example.com"], 2);
    assert!(err.contains("smtp.hots"), "{err}");
    let err = env.refused(&["settings", "set", "nosuch", "1"], 2);
    assert!(err.contains("nosuch"), "{err}");
    let err = env.refused(&["settings", "unset", "smtp.hots"], 2);
    assert!(err.contains("smtp.hots"), "{err}");
}

#[test]
fn out_of_range_int_is_refused() {
    let env = Env::new();
    env.ok(&["status"]);
    for (key, v) in [
        ("smtp.port", "70000"),
        ("smtp.port", "0"),
        ("smtp.port", "-1"),
        ("smtp.port", "twenty"),
        ("mfa.backup_codes.count", "51"),
        ("mfa.totp.digits", "5"),
    ] {
        let err = env.refused(&["settings", "set", key, v], 2);
        assert!(err.contains(key), "{key}={v}: {err}");
    }
    let err = env.refused(&["settings", "set", "smtp.port", "70000"], 2);
    assert!(err.contains("1 to 65535"), "says what is allowed: {err}");
}

#[test]
fn bad_duration_is_refused() {
    let env = Env::new();
    env.ok(&["status"]);
    let key = "authentication.emergency_code.lifetime";
    let err = env.refused(&["settings", "set", key, "10"], 2);
    assert!(err.contains(key), "{err}");
    assert!(err.contains("unit"), "a bare number needs a unit: {err}");
    let err = env.refused(&["settings", "set", key, "soon"], 2);
    assert!(err.contains(key) && err.contains("soon"), "{err}");
    env.refused(&["settings", "set", "smtp.timeout", "-5s"], 2);
    env.refused(&["settings", "set", "smtp.timeout", "1h"], 2);
}

#[test]
fn bad_email_is_refused() {
    let env = Env::new();
    env.ok(&["status"]);
    let err = env.refused(&["settings", "set", "smtp.from", "not-an-address"], 2);
    assert!(err.contains("smtp.from"), "{err}");
    assert!(err.contains("not-an-address"), "{err}");
    let err = env.refused(&["settings", "set", "mfa.reset_recipient", "bob"], 2);
    assert!(err.contains("mfa.reset_recipient"), "{err}");
    assert!(
        err.contains("administrators"),
        "says what is allowed: {err}"
    );
}

#[test]
fn bad_choice_is_refused_with_the_choices() {
    let env = Env::new();
    env.ok(&["status"]);
    let err = env.refused(&["settings", "set", "smtp.security", "ssl"], 2);
    assert!(err.contains("smtp.security"), "{err}");
    assert!(
        err.contains("none") && err.contains("starttls") && err.contains("tls"),
        "{err}"
    );
    let err = env.refused(
        &["settings", "set", "mfa.authenticators", "totp,passkey"],
        2,
    );
    assert!(err.contains("passkey"), "{err}");
    env.refused(&["settings", "set", "mfa.default_action", "sometimes"], 2);
    env.refused(
        &[
            "settings",
            "set",
            "authentication.emergency_code.enabled",
            "maybe",
        ],
        2,
    );
    env.refused(&["settings", "set", "smtp.host", "mail example.com"], 2);
    env.refused(&["settings", "set", "mfa.totp.issuer", "a\u{1b}[31mred"], 2);
}

#[test]
fn secret_in_argv_is_refused_and_never_stored_or_echoed() {
    let env = Env::new();
    env.ok(&["status"]);
    let before = dump(&env.db());
    let out = env.run(&["settings", "set", "smtp.password", "hunter2"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(before, dump(&env.db()), "the store changed");
    let err = stderr(&out);
    assert!(err.contains("smtp.password"), "{err}");
    assert!(err.contains("--stdin"), "says how to give it: {err}");
    assert!(!err.contains("hunter2"), "stderr echoes the secret: {err}");
    assert!(!stdout(&out).contains("hunter2"));
    assert_not_in_store_files(&env, "hunter2");
    let audit = env.ok(&["--json", "audit", "list"]);
    assert!(!audit.contains("hunter2"), "{audit}");
    // Same for the other secrets.
    for key in [
        "mfa.radius.secret",
        "mfa.duo.secret_key",
        "mfa.yubikey.api_key",
    ] {
        let err = env.refused(&["settings", "set", key, "hunter2"], 2);
        assert!(!err.contains("hunter2"), "{err}");
    }
}

#[test]
fn secret_without_a_value_and_no_input_says_use_stdin() {
    let env = Env::new();
    env.ok(&["status"]);
    let err = env.refused(&["--no-input", "settings", "set", "smtp.password"], 2);
    assert!(err.contains("--stdin"), "{err}");
    // stdin is not a terminal here either: never prompt.
    let err = env.refused(&["settings", "set", "smtp.password"], 2);
    assert!(err.contains("--stdin"), "{err}");
}

#[test]
fn emergency_codes_need_smtp() {
    let env = Env::new();
    env.ok(&["status"]);
    let key = "authentication.emergency_code.enabled";
    let err = env.refused(&["settings", "set", key, "true"], 5);
    assert!(err.contains("smtp.host"), "{err}");
    assert!(err.contains("smtp.from"), "{err}");

    env.ok(&["settings", "set", "smtp.host", "127.0.0.1"]);
    let err = env.refused(&["settings", "set", key, "true"], 5);
    assert!(err.contains("smtp.from"), "{err}");

    env.ok(&["settings", "set", "smtp.from", "mfactl@example.com"]);
    env.ok(&["settings", "set", key, "true"]);
    assert_eq!(get(&env, key), "true");
}

#[test]
fn unsetting_smtp_while_emergency_codes_are_on_is_refused() {
    let env = Env::new();
    with_smtp(&env);
    env.ok(&[
        "settings",
        "set",
        "authentication.emergency_code.enabled",
        "true",
    ]);
    let err = env.refused(&["settings", "unset", "smtp.host"], 5);
    assert!(err.contains("smtp.host"), "{err}");
    let err = env.refused(&["settings", "set", "smtp.host", ""], 5);
    assert!(err.contains("smtp.host"), "{err}");
    let err = env.refused(&["settings", "unset", "smtp.from"], 5);
    assert!(err.contains("smtp.from"), "{err}");
    assert_eq!(get(&env, "smtp.host"), "127.0.0.1");
}

#[test]
fn default_mfa_must_be_enabled() {
    let env = Env::new();
    env.ok(&["status"]);
    let err = env.refused(&["settings", "set", "mfa.default", "yubikey"], 5);
    assert!(err.contains("yubikey"), "{err}");
    assert!(err.contains("mfa.authenticators"), "{err}");
    // Removing the default from the enabled ones is refused too.
    env.ok(&["settings", "set", "mfa.authenticators", "totp,yubikey"]);
    env.ok(&["settings", "set", "mfa.default", "yubikey"]);
    env.refused(&["settings", "set", "mfa.authenticators", "totp"], 5);
    env.refused(&["settings", "set", "mfa.authenticators", ""], 5);
    assert_eq!(get(&env, "mfa.default"), "yubikey");
}

#[test]
fn radius_needs_its_server_and_secret() {
    let env = Env::new();
    env.ok(&["status"]);
    let err = env.refused(&["settings", "set", "mfa.authenticators", "totp,radius"], 5);
    assert!(err.contains("mfa.radius.server"), "{err}");
    assert!(err.contains("mfa.radius.secret"), "{err}");

    env.ok(&["settings", "set", "mfa.radius.server", "10.0.0.5"]);
    let err = env.refused(&["settings", "set", "mfa.authenticators", "totp,radius"], 5);
    assert!(err.contains("mfa.radius.secret"), "{err}");
    env.ok_stdin(
        &["settings", "set", "mfa.radius.secret", "--stdin"],
        "radius-shared",
    );
    env.ok(&["settings", "set", "mfa.authenticators", "totp,radius"]);
    assert_eq!(get(&env, "mfa.authenticators"), "totp,radius");
    // And its secret cannot be removed while it is enabled.
    let err = env.refused(&["settings", "unset", "mfa.radius.secret"], 5);
    assert!(err.contains("mfa.radius.secret"), "{err}");
}

#[test]
fn sms_needs_its_gateway() {
    let env = Env::new();
    with_smtp(&env);
    let err = env.refused(&["settings", "set", "mfa.authenticators", "totp,sms"], 5);
    assert!(err.contains("mfa.sms.gateway"), "{err}");
    env.ok(&[
        "settings",
        "set",
        "mfa.sms.gateway",
        "{number}@sms.example.com",
    ]);
    env.ok(&["settings", "set", "mfa.authenticators", "totp,sms"]);
}

#[test]
fn email_authenticator_and_alternate_need_smtp() {
    let env = Env::new();
    env.ok(&["status"]);
    let err = env.refused(&["settings", "set", "mfa.authenticators", "totp,email"], 5);
    assert!(
        err.contains("smtp.host") && err.contains("smtp.from"),
        "{err}"
    );
    let err = env.refused(&["settings", "set", "mfa.alternates", "email"], 5);
    assert!(err.contains("smtp.host"), "{err}");
    env.ok(&["settings", "set", "mfa.alternates", "backup-codes"]);
}

#[test]
fn sms_without_smtp_is_refused() {
    let env = Env::new();
    env.ok(&["status"]);
    env.ok(&[
        "settings",
        "set",
        "mfa.sms.gateway",
        "{number}@sms.example.com",
    ]);
    let err = env.refused(&["settings", "set", "mfa.authenticators", "totp,sms"], 5);
    assert!(err.contains("smtp.host"), "{err}");
}

#[test]
fn duo_needs_its_settings() {
    let env = Env::new();
    env.ok(&["status"]);
    let err = env.refused(&["settings", "set", "mfa.authenticators", "totp,duo"], 5);
    for k in [
        "mfa.duo.host",
        "mfa.duo.integration_key",
        "mfa.duo.secret_key",
    ] {
        assert!(err.contains(k), "{k}: {err}");
    }
    env.ok(&[
        "settings",
        "set",
        "mfa.duo.host",
        "api-1234abcd.duosecurity.com",
    ]);
    env.ok(&["settings", "set", "mfa.duo.integration_key", "DIXXXXXXXX"]);
    let err = env.refused(&["settings", "set", "mfa.authenticators", "totp,duo"], 5);
    assert!(err.contains("mfa.duo.secret_key"), "{err}");
    assert!(
        !err.contains("mfa.duo.host"),
        "names only what is missing: {err}"
    );
    env.ok_stdin(
        &["settings", "set", "mfa.duo.secret_key", "--stdin"],
        "duo-sk",
    );
    env.ok(&["settings", "set", "mfa.authenticators", "totp,duo"]);
}

// -------------------------------------------------------------- secrets

#[test]
fn secret_from_stdin_is_sealed_and_redacted() {
    let env = Env::new();
    let secret = "Pw-0f-the-SMTP-relay";
    let out = env.ok_stdin(&["settings", "set", "smtp.password", "--stdin"], secret);
    assert!(!out.contains(secret));
    assert_eq!(get(&env, "smtp.password"), "(set)");

    let v = env.json(&["settings", "get", "smtp.password"]);
    assert_eq!(v["value"], "(set)");
    assert_eq!(v["is_set"], true);
    assert_eq!(v["secret"], true);
    for args in [
        &["--json", "settings", "show"][..],
        &["settings", "show"],
        &["--json", "settings", "get", "smtp.password"],
        &["settings", "export"],
        &["settings", "export", "--format", "json"],
        &["--json", "audit", "list"],
        &["audit", "list"],
        &["--json", "status"],
    ] {
        let out = env.ok(args);
        assert!(!out.contains(secret), "mfactl {args:?} shows the secret");
    }
    let toml_out = env.ok(&["settings", "export"]);
    assert!(!toml_out.contains("password"), "{toml_out}");
    let json_out: Value =
        serde_json::from_str(&env.ok(&["settings", "export", "--format", "json"])).unwrap();
    assert!(json_out["smtp"].get("password").is_none(), "{json_out}");

    let sealed: Vec<u8> = env
        .conn()
        .query_row(
            "SELECT sealed FROM settings WHERE key = 'smtp.password'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!contains_bytes(&sealed, secret.as_bytes()));
    assert_not_in_store_files(&env, secret);
}

#[test]
fn secret_never_reaches_the_store_files_or_wal_in_plain_text() {
    let env = Env::new();
    env.ok(&["status"]);
    // Keep a reader open so that the write stays in the WAL.
    let conn = env.conn();
    let _: i64 = conn
        .query_row("SELECT count(*) FROM settings", [], |r| r.get(0))
        .unwrap();
    let secret = "Wal-Secret-7Q2xZ";
    env.ok_stdin(&["settings", "set", "smtp.password", "--stdin"], secret);
    let wal = with_suffix(&env.db(), "-wal");
    assert!(wal.exists(), "expected a -wal file while a reader is open");
    assert_not_in_store_files(&env, secret);
    drop(conn);
    assert_not_in_store_files(&env, secret);
}

#[test]
fn secret_replaced_and_unset() {
    let env = Env::new();
    env.ok_stdin(
        &["settings", "set", "smtp.password", "--stdin"],
        "first-pw\n",
    );
    env.ok_stdin(
        &["settings", "set", "smtp.password", "--stdin"],
        "second-pw",
    );
    assert_eq!(get(&env, "smtp.password"), "(set)");
    env.ok(&["settings", "unset", "smtp.password"]);
    assert_eq!(get(&env, "smtp.password"), "(not set)");
    let audit = env.ok(&["--json", "audit", "list"]);
    assert!(!audit.contains("first-pw") && !audit.contains("second-pw"));
    assert!(audit.contains("(set)"), "{audit}");
}

#[test]
fn empty_secret_on_stdin_is_refused() {
    let env = Env::new();
    env.ok(&["status"]);
    let err = refused_stdin(
        &env,
        &["settings", "set", "smtp.password", "--stdin"],
        "",
        2,
    );
    assert!(err.contains("empty"), "{err}");
}

// ------------------------------------------------------ export and import

#[test]
fn export_toml_and_json_are_nested_and_typed() {
    let env = Env::new();
    env.ok(&["settings", "set", "smtp.port", "2525"]);
    env.ok(&[
        "settings",
        "set",
        "authentication.emergency_code.lifetime",
        "15m",
    ]);
    let text = env.ok(&["settings", "export", "--format", "toml"]);
    assert_eq!(text, env.ok(&["settings", "export"]), "TOML is the default");
    let doc: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(doc["smtp"]["port"].as_integer(), Some(2525));
    assert_eq!(doc["smtp"]["security"].as_str(), Some("starttls"));
    assert_eq!(
        doc["authentication"]["emergency_code"]["lifetime"].as_str(),
        Some("15m")
    );
    assert_eq!(
        doc["authentication"]["emergency_code"]["enabled"].as_bool(),
        Some(false)
    );
    assert_eq!(
        doc["mfa"]["authenticators"].as_array().unwrap()[0].as_str(),
        Some("totp")
    );

    let text = env.ok(&["settings", "export", "--format", "json"]);
    let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(doc["smtp"]["port"], 2525);
    assert_eq!(doc["authentication"]["emergency_code"]["lifetime"], "15m");
    assert_eq!(doc["mfa"]["authenticators"], serde_json::json!(["totp"]));
    assert!(doc["smtp"].get("password").is_none());
    assert!(doc["mfa"]["radius"].get("secret").is_none());
}

#[test]
fn import_nested_toml() {
    let env = Env::new();
    let file = write(
        &env,
        "s.toml",
        "[smtp]\nport = 2525\nsecurity = \"tls\"\n\n\
         [authentication.emergency_code]\nlifetime = \"15m\"\n\n\
         [mfa]\nalternates = [\"backup-codes\"]\n",
    );
    let out = env.run(&["settings", "import", &file]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("4 setting(s) changed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(get(&env, "smtp.port"), "2525");
    assert_eq!(get(&env, "smtp.security"), "tls");
    assert_eq!(get(&env, "authentication.emergency_code.lifetime"), "15m");
    assert_eq!(get(&env, "mfa.alternates"), "backup-codes");
    assert_eq!(
        get(&env, "smtp.timeout"),
        "30s",
        "absent keys keep their value"
    );
}

#[test]
fn import_flat_dotted_keys_toml() {
    let env = Env::new();
    let file = write(
        &env,
        "flat.toml",
        "\"smtp.port\" = 2526\nmfa.totp.digits = 8\n\"mfa.totp.issuer\" = \"Acme\"\n",
    );
    env.ok(&["settings", "import", &file]);
    assert_eq!(get(&env, "smtp.port"), "2526");
    assert_eq!(get(&env, "mfa.totp.digits"), "8");
    assert_eq!(get(&env, "mfa.totp.issuer"), "Acme");
}

#[test]
fn import_json_nested_and_flat() {
    let env = Env::new();
    let file = write(
        &env,
        "s.json",
        r#"{"smtp.port": 2527, "mfa": {"totp": {"issuer": "Acme"}, "backup_codes": {"count": 12}},
            "lockout.duration": "0"}"#,
    );
    let v = env.json(&["settings", "import", &file]);
    assert_eq!(v["changed"], 4);
    assert_eq!(get(&env, "smtp.port"), "2527");
    assert_eq!(get(&env, "mfa.totp.issuer"), "Acme");
    assert_eq!(get(&env, "mfa.backup_codes.count"), "12");
    assert_eq!(get(&env, "lockout.duration"), "0s");

    // --format wins over the extension.
    let file = write(&env, "settings.txt", r#"{"smtp": {"port": 2528}}"#);
    env.ok(&["settings", "import", "--format", "json", &file]);
    assert_eq!(get(&env, "smtp.port"), "2528");
}

#[test]
fn import_from_stdin() {
    let env = Env::new();
    env.ok_stdin(&["settings", "import", "-"], "[smtp]\nport = 2529\n");
    assert_eq!(get(&env, "smtp.port"), "2529");
}

#[test]
fn import_is_checked_as_a_whole() {
    let env = Env::new();
    // SMTP and emergency codes together: fine in one file.
    let file = write(
        &env,
        "ok.toml",
        "[smtp]\nhost = \"127.0.0.1\"\nfrom = \"mfactl@example.com\"\n\
         [authentication.emergency_code]\nenabled = true\n",
    );
    env.ok(&["settings", "import", &file]);
    assert_eq!(get(&env, "authentication.emergency_code.enabled"), "true");

    // Without them: refused by the settings rules, nothing written.
    let env = Env::new();
    env.ok(&["status"]);
    let file = write(
        &env,
        "bad.toml",
        "[smtp]\nport = 2525\n[authentication.emergency_code]\nenabled = true\n",
    );
    let err = env.refused(&["settings", "import", &file], 5);
    assert!(err.contains("smtp.host"), "{err}");
    assert_eq!(get(&env, "smtp.port"), "587");
}

#[test]
fn import_with_one_bad_key_changes_nothing() {
    let env = Env::new();
    env.ok(&["settings", "set", "smtp.port", "2000"]);
    let file = write(
        &env,
        "bad.toml",
        "[smtp]\nport = 2525\nhost = \"mail.example.com\"\nbogus = 1\n[mfa.totp]\ndigits = 8\n",
    );
    let err = env.refused(&["settings", "import", &file], 2);
    assert!(err.contains("smtp.bogus"), "{err}");
    assert_eq!(get(&env, "smtp.port"), "2000");
    assert_eq!(get(&env, "smtp.host"), "");

    let file = write(
        &env,
        "badvalue.toml",
        "[smtp]\nport = 2525\nsecurity = \"ssl\"\n",
    );
    let err = env.refused(&["settings", "import", &file], 2);
    assert!(err.contains("smtp.security"), "{err}");

    let file = write(&env, "twice.toml", "\"smtp.port\" = 1\n[smtp]\nport = 2\n");
    let err = env.refused(&["settings", "import", &file], 2);
    assert!(err.contains("smtp.port"), "{err}");

    let file = write(&env, "typed.json", r#"{"smtp": {"port": {"x": 1}}}"#);
    env.refused(&["settings", "import", &file], 2);
}

#[test]
fn import_reports_every_bad_key_and_value_at_once() {
    let env = Env::new();
    env.ok(&["settings", "set", "smtp.port", "2000"]);
    let file = write(
        &env,
        "bad.toml",
        "[smtp]\nhots = \"mail.example.com\"\nport = \"abc\"\n\
         [lockout]\nattempts = -3\nduration = \"15m\"\n[nosuch]\nthing = 1\n",
    );
    let err = env.refused(&["settings", "import", &file], 2);
    assert!(
        err.starts_with("error: 4 problems in the settings file:\n"),
        "{err}"
    );
    for expected in [
        "\n  unknown setting `smtp.hots`; keys under `smtp`: smtp.host,",
        "\n  invalid value for smtp.port: `abc`",
        "\n  invalid value for lockout.attempts: `-3`",
        "\n  unknown setting `nosuch.thing`",
    ] {
        assert!(err.contains(expected), "`{expected}` missing from: {err}");
    }
    assert!(
        err.ends_with(
            "\nnothing was imported; fix them and import again; see the list of settings: \
             mfactl settings show\n"
        ),
        "{err}"
    );
    assert_eq!(get(&env, "smtp.port"), "2000");

    // Only bad values: no pointer to the list of keys.
    let file = write(
        &env,
        "values.json",
        r#"{"smtp": {"port": 0, "security": "ssl"}}"#,
    );
    let err = env.refused(&["settings", "import", &file], 2);
    assert!(err.starts_with("error: 2 problems"), "{err}");
    assert!(
        err.contains("smtp.port") && err.contains("smtp.security"),
        "{err}"
    );
    assert!(err.ends_with("fix them and import again\n"), "{err}");
}

#[test]
fn import_of_invalid_toml_is_refused() {
    let env = Env::new();
    env.ok(&["status"]);
    let file = write(&env, "inv.toml", "[smtp\nport =");
    let err = env.refused(&["settings", "import", &file], 2);
    assert!(err.contains("TOML"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let file = write(&env, "inv.json", "{\"smtp\": ");
    let err = env.refused(&["settings", "import", &file], 2);
    assert!(err.contains("JSON"), "{err}");
    let file = write(&env, "arr.json", "[1, 2]");
    let err = env.refused(&["settings", "import", &file], 2);
    assert!(err.contains("table"), "{err}");
}

#[test]
fn import_of_etc_passwd_is_refused() {
    let env = Env::new();
    env.ok(&["status"]);
    let err = env.refused(&["settings", "import", "/etc/passwd"], 2);
    assert!(err.contains("TOML"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn import_of_binary_bytes_is_refused() {
    let env = Env::new();
    env.ok(&["status"]);
    let bytes: Vec<u8> = (0..=255u8).rev().cycle().take(4096).collect();
    let file = write(&env, "bin.toml", bytes);
    let err = env.refused(&["settings", "import", &file], 2);
    assert!(err.contains("UTF-8"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn import_of_an_empty_file_is_refused() {
    let env = Env::new();
    env.ok(&["status"]);
    let file = write(&env, "empty.toml", "");
    let err = env.refused(&["settings", "import", &file], 2);
    assert!(err.contains("empty"), "{err}");
}

#[test]
fn import_of_a_missing_file_names_it() {
    let env = Env::new();
    env.ok(&["status"]);
    let before = dump(&env.db());
    let out = env.run(&["settings", "import", "no-such-file.toml"]);
    assert_ne!(code(&out), 0);
    assert!(
        stderr(&out).contains("no-such-file.toml"),
        "{}",
        stderr(&out)
    );
    assert_eq!(before, dump(&env.db()));
}

#[test]
fn import_error_does_not_echo_a_secret() {
    let env = Env::new();
    env.ok(&["status"]);
    let file = write(
        &env,
        "pw.toml",
        "[smtp]\nhost = \"mail.example.com\"\npassword = \"Echoed-Secret-99\n",
    );
    let err = env.refused(&["settings", "import", &file], 2);
    assert!(err.contains("TOML"), "{err}");
    assert!(
        !err.contains("Echoed-Secret-99"),
        "the parse error shows the secret: {err}"
    );
}

#[test]
fn import_of_a_secret_seals_it_and_never_audits_it() {
    let env = Env::new();
    let file = write(
        &env,
        "pw.toml",
        "[smtp]\npassword = \"From-File-Secret-5\"\n",
    );
    env.ok(&["settings", "import", &file]);
    assert_eq!(get(&env, "smtp.password"), "(set)");
    let audit = env.ok(&["--json", "audit", "list"]);
    assert!(!audit.contains("From-File-Secret-5"), "{audit}");
    assert_not_in_store_files(&env, "From-File-Secret-5");
    assert!(!env
        .ok(&["settings", "export"])
        .contains("From-File-Secret-5"));
}

fn customise(env: &Env) {
    with_smtp(env);
    env.ok(&["settings", "set", "smtp.port", "2525"]);
    env.ok(&["settings", "set", "session.lifetime", "90m"]);
    env.ok(&["settings", "set", "lockout.duration", "0"]);
    env.ok(&["settings", "set", "mfa.authenticators", "totp,email"]);
    env.ok(&["settings", "set", "mfa.alternates", "backup-codes,email"]);
    env.ok(&[
        "settings",
        "set",
        "authentication.emergency_code.enabled",
        "true",
    ]);
    env.ok_stdin(&["settings", "set", "smtp.password", "--stdin"], "x-pw");
}

#[test]
fn export_then_import_into_another_store_gives_the_same_settings() {
    let env = Env::new();
    customise(&env);
    for format in ["toml", "json"] {
        let text = env.ok(&["settings", "export", "--format", format]);
        let other = Env::new();
        let file = write(&other, &format!("exported.{format}"), &text);
        other.ok(&["settings", "import", &file]);
        let mut mine = values(&env);
        let mut theirs = values(&other);
        // Secrets are not exported.
        mine.remove("smtp.password");
        theirs.remove("smtp.password");
        assert_eq!(mine, theirs, "{format}");
    }
}

#[test]
fn export_then_import_toml_changes_nothing() {
    let env = Env::new();
    customise(&env);
    let text = env.ok(&["settings", "export"]);
    let file = write(&env, "exported.toml", &text);
    let before = dump(&env.db());
    let v = env.json(&["settings", "import", &file]);
    assert_eq!(v["changed"], 0, "re-importing the export changes settings");
    assert_eq!(
        before,
        dump(&env.db()),
        "re-importing the export changed the store"
    );
}

#[test]
fn export_then_import_json_on_a_fresh_store_changes_nothing() {
    let env = Env::new();
    let text = env.ok(&["settings", "export", "--format", "json"]);
    let file = write(&env, "exported.json", &text);
    let before = dump(&env.db());
    let v = env.json(&["settings", "import", &file]);
    assert_eq!(v["changed"], 0, "re-importing the export changes settings");
    assert_eq!(
        before,
        dump(&env.db()),
        "re-importing the export changed the store"
    );
}

// ---------------------------------------------------------------- store

#[test]
fn store_and_key_file_are_private() {
    let env = Env::new();
    env.ok(&["status"]);
    assert_eq!(mode(&env.db()), 0o600);
    assert_eq!(mode(&with_suffix(&env.db(), ".key")), 0o600);

    // With a reader open, the -wal and -shm stay and can be checked.
    let conn = env.conn();
    let mode_name: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode_name, "wal", "the store uses a WAL journal");
    env.ok(&["settings", "set", "smtp.port", "2525"]);
    for suffix in ["-wal", "-shm"] {
        let p = with_suffix(&env.db(), suffix);
        assert!(p.exists(), "{} missing", p.display());
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
    drop(conn);
    for p in store_files(&env) {
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
}

#[test]
fn between_commands_the_store_file_alone_holds_everything() {
    let env = Env::new();
    env.ok(&["settings", "set", "smtp.port", "2525"]);
    // The -wal and -shm stay (0600), the -wal emptied into the store.
    let wal = with_suffix(&env.db(), "-wal");
    assert_eq!(std::fs::metadata(&wal).unwrap().len(), 0);
    for p in store_files(&env) {
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
    // A copy of the store file alone, as a backup would take it.
    let copy = env.path("copy.db");
    std::fs::copy(env.db(), &copy).unwrap();
    let value: String = rusqlite::Connection::open(&copy)
        .unwrap()
        .query_row(
            "SELECT value FROM settings WHERE key = 'smtp.port'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(value, "2525");
}

#[test]
fn default_store_is_in_the_data_directory() {
    // For anyone but root (root's is /var/lib/mfactl: self_service tests).
    let env = Env::new();
    let user = crate::common::unix::UnixUser::create();
    std::os::unix::fs::chown(env.dir.path(), Some(user.uid), Some(user.gid)).unwrap();
    let out = user
        .command(assert_cmd::cargo::cargo_bin!("mfactl"))
        .env_clear()
        .env("HOME", env.dir.path())
        .args(["--json", "status"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let expected = env.path(".local/share/mfactl/mfactl.db");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["store"], expected.display().to_string());
    assert!(expected.exists());
    assert_eq!(mode(&expected), 0o600);
    assert_eq!(mode(expected.parent().unwrap()), 0o700);
    assert!(!env.db().exists());
}

#[test]
fn db_flag_and_environment_choose_the_store_and_the_flag_wins() {
    let env = Env::new();
    let flag = env.path("flag.db");
    let flag_s = flag.display().to_string();
    let v = env.json(&["--db", &flag_s, "status"]);
    assert_eq!(v["store"], flag_s);
    assert_eq!(v["key_file"], format!("{flag_s}.key"));
    assert!(flag.exists());
    assert!(
        !env.db().exists(),
        "MFACTL_DB was used although --db was given"
    );

    env.ok(&["--db", &flag_s, "settings", "set", "smtp.port", "2525"]);
    let v = env.json(&["status"]);
    assert_eq!(v["store"], env.db().display().to_string());
    assert!(env.db().exists());
    assert_eq!(get(&env, "smtp.port"), "587");
    assert_eq!(
        env.ok(&["--db", &flag_s, "settings", "get", "smtp.port"]),
        "2525\n"
    );

    // --db creates missing folders, private.
    let nested = env.path("a/b/c.db");
    env.ok(&["--db", &nested.display().to_string(), "status"]);
    assert_eq!(mode(&nested), 0o600);
    assert_eq!(mode(&env.path("a/b")), 0o700);
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_cleanly() {
    let env = Env::new();
    fs::write(env.db(), "hello").unwrap();
    for args in [
        &["status"][..],
        &["settings", "set", "smtp.port", "2525"],
        &["audit", "list"],
    ] {
        let err = env.fails(args, 1);
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.contains("SQLite"), "{err}");
        assert!(
            err.contains(&env.db().display().to_string()),
            "names the file: {err}"
        );
    }
    assert_eq!(fs::read(env.db()).unwrap(), b"hello");
    assert!(!with_suffix(&env.db(), ".key").exists());
}

#[test]
fn a_store_from_a_newer_version_is_refused_and_untouched() {
    let env = Env::new();
    env.ok(&["settings", "set", "smtp.port", "2525"]);
    {
        let conn = env.conn();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let bytes = fs::read(env.db()).unwrap();
    for args in [
        &["status"][..],
        &["settings", "set", "smtp.port", "2526"],
        &["settings", "get", "smtp.port"],
    ] {
        let err = env.fails(args, 1);
        assert!(err.contains("newer"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(fs::read(env.db()).unwrap(), bytes, "mfactl {args:?} wrote");
    }
}

#[test]
fn group_readable_key_file_blocks_secrets() {
    let env = Env::new();
    env.ok_stdin(&["settings", "set", "smtp.password", "--stdin"], "pw-1");
    let key = with_suffix(&env.db(), ".key");
    fs::set_permissions(&key, fs::Permissions::from_mode(0o640)).unwrap();
    let err = refused_stdin(
        &env,
        &["settings", "set", "smtp.password", "--stdin"],
        "pw-2",
        1,
    );
    assert!(err.contains("chmod 600"), "{err}");
    assert!(err.contains(&key.display().to_string()), "{err}");
    let v = env.json(&["status"]);
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("chmod 600")),
        "{v}"
    );
}

#[test]
fn deleted_key_file_blocks_secrets_but_not_the_rest() {
    let env = Env::new();
    env.ok_stdin(&["settings", "set", "smtp.password", "--stdin"], "pw-1");
    env.ok(&["user", "add", "alice"]);
    let key = with_suffix(&env.db(), ".key");
    fs::remove_file(&key).unwrap();
    let err = refused_stdin(
        &env,
        &["settings", "set", "smtp.password", "--stdin"],
        "pw-2",
        1,
    );
    assert!(err.contains(&key.display().to_string()), "{err}");
    assert!(err.contains("key file"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        !key.exists(),
        "a new key file was made: old secrets are lost"
    );

    let users = env.ok(&["user", "list"]);
    assert!(users.contains("alice"), "{users}");
    assert_eq!(get(&env, "smtp.password"), "(set)");
    let v = env.json(&["status"]);
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("missing")),
        "{v}"
    );
}

#[test]
fn key_file_of_another_store_is_refused() {
    let env = Env::new();
    env.ok_stdin(&["settings", "set", "smtp.password", "--stdin"], "pw-1");
    let other = Env::new();
    other.ok(&["status"]);
    let key = with_suffix(&env.db(), ".key");
    fs::copy(with_suffix(&other.db(), ".key"), &key).unwrap();
    fs::set_permissions(&key, fs::Permissions::from_mode(0o600)).unwrap();
    let err = refused_stdin(
        &env,
        &["settings", "set", "smtp.password", "--stdin"],
        "pw-2",
        1,
    );
    assert!(err.contains("does not belong"), "{err}");

    // Through MFACTL_KEY_FILE too.
    let env2 = Env::new();
    env2.ok(&["status"]);
    let before = dump(&env2.db());
    let out = env2
        .cmd()
        .env("MFACTL_KEY_FILE", with_suffix(&other.db(), ".key"))
        .args(["settings", "set", "smtp.password", "--stdin"])
        .write_stdin("pw-3")
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("does not belong"), "{}", stderr(&out));
    assert_eq!(before, dump(&env2.db()));
}
