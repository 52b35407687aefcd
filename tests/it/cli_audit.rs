//! `mfactl audit …`, `mfactl status` and the command-line conventions
//! (JSON for every read command, broken pipes, usage errors, help),
//! through the built binary.

use crate::common::audit as entries;
use crate::common::*;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::Value;

// ---------------------------------------------------------------- helpers

/// The OS user running the tests, as `id -un` reports it.
fn os_user() -> String {
    let out = Command::new("id").arg("-un").output().expect("run id -un");
    if out.status.success() {
        return String::from_utf8_lossy(&out.stdout).trim().to_string();
    }
    let uid = Command::new("id").arg("-u").output().expect("run id -u");
    format!("uid:{}", String::from_utf8_lossy(&uid.stdout).trim())
}

/// Six entries: user.add alice, group.add ops, policy.add office,
/// settings.set, settings.unset, user.add bob.
fn six_entries(env: &Env) {
    env.ok(&["user", "add", "alice", "--email", "alice@example.com"]);
    env.ok(&["group", "add", "ops"]);
    env.ok(&[
        "policy",
        "add",
        "office",
        "--target",
        "mfa",
        "--action",
        "skipped",
        "--ip",
        "10.0.0.0/8",
    ]);
    env.ok(&["settings", "set", "smtp.port", "2525"]);
    env.ok(&["settings", "unset", "smtp.port"]);
    env.ok(&["user", "add", "bob"]);
}

/// Drops the triggers that keep the log append-only, then runs `sql`: what
/// someone with write access to the file could do.
fn tamper(env: &Env, sql: &str) {
    let conn = env.conn();
    conn.execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
        .unwrap();
    conn.execute_batch(sql).unwrap();
}

// ----------------------------------------------------------------- audit

#[test]
fn every_change_is_audited_with_the_os_user() {
    let env = Env::new();
    six_entries(&env);
    let file = env.path("s.toml");
    std::fs::write(&file, "[smtp]\nport = 2600\nhost = \"mail.example.com\"\n").unwrap();
    env.ok(&["settings", "import", &file.display().to_string()]);

    let list = entries(&env, &[]);
    assert_eq!(
        actions(&list),
        [
            "user.add",
            "group.add",
            "policy.add",
            "settings.set",
            "settings.unset",
            "user.add",
            "settings.import"
        ]
    );
    let targets: Vec<&str> = list.iter().map(|e| e["target"].as_str().unwrap()).collect();
    assert_eq!(
        targets,
        [
            "alice",
            "ops",
            "office",
            "smtp.port",
            "smtp.port",
            "bob",
            "settings"
        ]
    );
    let me = os_user();
    for e in &list {
        assert_eq!(e["actor"], me.as_str(), "{e}");
    }
    assert_eq!(list[3]["details"]["old"], "587");
    assert_eq!(list[3]["details"]["new"], "2525");
    assert_eq!(list[4]["details"]["new"], "587");
    let changed = list[6]["details"]["changed"].as_object().unwrap();
    assert!(changed.contains_key("smtp.port") && changed.contains_key("smtp.host"));
    assert_eq!(changed.len(), 2, "{changed:?}");
}

#[test]
fn the_actor_comes_from_the_os_not_the_environment() {
    let env = Env::new();
    let out = env
        .cmd()
        .env("USER", "mallory")
        .env("LOGNAME", "mallory")
        .args(["group", "add", "ops"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let list = entries(&env, &[]);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["actor"], os_user().as_str());
}

#[test]
fn reads_and_refusals_are_not_audited() {
    let env = Env::new();
    env.ok(&["group", "add", "ops"]);
    env.ok(&["settings", "show"]);
    env.ok(&["settings", "get", "smtp.port"]);
    env.ok(&["settings", "export"]);
    env.ok(&["status"]);
    env.ok(&["group", "list"]);
    env.ok(&["audit", "verify"]);
    env.fails(&["settings", "set", "smtp.port", "0"], 2);
    env.fails(&["group", "add", "ops"], 1);
    assert_eq!(entries(&env, &[]).len(), 1);
}

#[test]
fn list_json_shape() {
    let env = Env::new();
    six_entries(&env);
    let list = entries(&env, &[]);
    assert_eq!(list.len(), 6);
    let mut prev = "0".repeat(64);
    for (i, e) in list.iter().enumerate() {
        let obj = e.as_object().expect("object");
        let mut fields: Vec<&str> = obj.keys().map(String::as_str).collect();
        fields.sort_unstable();
        assert_eq!(
            fields,
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
        assert_eq!(e["id"], i as i64 + 1, "oldest first, ids from 1");
        assert!(e["time"].as_i64().unwrap() > 1_600_000_000, "{e}");
        assert!(e["details"].is_object(), "{e}");
        let hash = e["hash"].as_str().unwrap();
        assert_eq!(hash.len(), 64);
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()), "{hash}");
        assert_eq!(
            e["prev_hash"],
            prev.as_str(),
            "chained to the previous entry"
        );
        prev = hash.to_string();
    }
}

#[test]
fn list_table() {
    let env = Env::new();
    six_entries(&env);
    let out = env.ok(&["audit", "list"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 7, "{out}");
    for col in ["ID", "TIME", "ACTOR", "ACTION", "TARGET"] {
        assert!(lines[0].contains(col), "{out}");
    }
    assert!(
        lines[1].contains("user.add") && lines[1].contains("alice"),
        "{out}"
    );
    assert!(lines[6].contains("bob"), "{out}");
}

#[test]
fn list_filters() {
    let env = Env::new();
    six_entries(&env);
    env.ok(&["user", "set", "alice", "--admin", "true"]);

    let alice = entries(&env, &["--user", "alice"]);
    assert_eq!(actions(&alice), ["user.add", "user.set"]);
    assert!(alice.iter().all(|e| e["target"] == "alice"));
    assert_eq!(entries(&env, &["--user", "ALICE"]).len(), 2);
    assert_eq!(entries(&env, &["--user", "nobody"]).len(), 0);

    let user = entries(&env, &["--action", "user"]);
    assert_eq!(actions(&user), ["user.add", "user.add", "user.set"]);
    assert_eq!(ids(&entries(&env, &["--action", "user.add"])), [1, 6]);
    assert_eq!(
        entries(&env, &["--action", "use"]).len(),
        0,
        "prefix is per word"
    );
    assert_eq!(
        actions(&entries(&env, &["--action", "settings"])),
        ["settings.set", "settings.unset"]
    );

    assert_eq!(
        ids(&entries(&env, &["--limit", "2"])),
        [6, 7],
        "the newest two"
    );
    assert_eq!(
        ids(&entries(&env, &["--action", "user", "--limit", "1"])),
        [7]
    );
    assert_eq!(
        ids(&entries(&env, &["--user", "alice", "--action", "user.add"])),
        [1]
    );
}

#[test]
fn list_action_filter_takes_the_text_literally() {
    let env = Env::new();
    six_entries(&env);
    assert_eq!(entries(&env, &["--action", "%"]).len(), 0);
    assert_eq!(entries(&env, &["--action", "u%"]).len(), 0);
    assert_eq!(entries(&env, &["--action", "us_r"]).len(), 0);
}

#[test]
fn list_since() {
    let env = Env::new();
    six_entries(&env);
    // An entry from 1970 (the chain is irrelevant to listing).
    env.conn()
        .execute(
            "INSERT INTO audit (id, ts, actor, action, target, details, prev_hash, hash)
             VALUES (7, 1000, 'old', 'group.add', 'ancient', '{}', 'x', 'y')",
            [],
        )
        .unwrap();
    assert_eq!(entries(&env, &[]).len(), 7);
    assert_eq!(ids(&entries(&env, &["--since", "1h"])), [1, 2, 3, 4, 5, 6]);
    assert_eq!(entries(&env, &["--since", "2000-01-01"]).len(), 6);
    assert_eq!(entries(&env, &["--since", "2000-01-01T00:00:00Z"]).len(), 6);
    assert_eq!(entries(&env, &["--since", "1970-01-01"]).len(), 7);
    assert_eq!(entries(&env, &["--since", "9000-01-01"]).len(), 0);
}

#[test]
fn list_since_rejects_words() {
    let env = Env::new();
    six_entries(&env);
    let err = env.refused(&["audit", "list", "--since", "yesterday"], 2);
    assert!(err.contains("yesterday"), "{err}");
    env.refused(&["audit", "list", "--since", ""], 2);
    env.refused(&["audit", "list", "--limit", "-1"], 2);
    env.refused(&["audit", "list", "--limit", "two"], 2);
}

#[test]
fn verify_an_intact_chain() {
    let env = Env::new();
    let out = env.ok(&["audit", "verify"]);
    assert!(out.contains("intact") && out.contains('0'), "{out}");
    six_entries(&env);
    let out = env.ok(&["audit", "verify"]);
    assert!(out.contains("intact"), "{out}");
    assert!(out.contains('6'), "{out}");
    let v = env.json(&["audit", "verify"]);
    assert_eq!(v["intact"], true);
    assert_eq!(v["entries"], 6);
}

#[test]
fn the_log_is_append_only() {
    let env = Env::new();
    six_entries(&env);
    let conn = env.conn();
    let err = conn
        .execute("UPDATE audit SET details = '{}' WHERE id = 3", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = conn
        .execute("DELETE FROM audit WHERE id = 3", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    drop(conn);
    env.ok(&["audit", "verify"]);
}

#[test]
fn verify_names_an_altered_entry() {
    let env = Env::new();
    six_entries(&env);
    tamper(
        &env,
        "UPDATE audit SET details = '{\"action\":\"allow\"}' WHERE id = 3",
    );
    let err = env.refused(&["audit", "verify"], 1);
    assert!(err.contains("entry 3"), "{err}");
    assert!(!err.contains("entry 4"), "{err}");
}

#[test]
fn verify_names_an_altered_actor() {
    let env = Env::new();
    six_entries(&env);
    tamper(&env, "UPDATE audit SET actor = 'someone-else' WHERE id = 5");
    let err = env.refused(&["audit", "verify"], 1);
    assert!(err.contains("entry 5"), "{err}");
}

#[test]
fn verify_names_a_deleted_middle_entry() {
    let env = Env::new();
    six_entries(&env);
    tamper(&env, "DELETE FROM audit WHERE id = 4");
    let err = env.refused(&["audit", "verify"], 1);
    assert!(err.contains("entry 4"), "{err}");
    assert!(err.contains("missing") || err.contains("deleted"), "{err}");
}

#[test]
fn verify_detects_a_deleted_newest_entry() {
    let env = Env::new();
    six_entries(&env);
    tamper(&env, "DELETE FROM audit WHERE id = 6");
    let err = env.refused(&["audit", "verify"], 1);
    assert!(err.contains("deleted"), "{err}");
    assert!(err.contains("entry 6"), "{err}");
}

#[test]
fn a_deleted_newest_entry_stays_detected_after_the_next_change() {
    let env = Env::new();
    six_entries(&env);
    tamper(&env, "DELETE FROM audit WHERE id = 6");
    // A later, legitimate command must not paper over the gap.
    let _ = env.run(&["group", "add", "later"]);
    let out = env.run(&["audit", "verify"]);
    assert_eq!(
        code(&out),
        1,
        "the deletion went unnoticed after the next change:\n{}",
        stdout(&out)
    );
}

// ---------------------------------------------------------------- status

#[test]
fn status_creates_the_store_on_first_use() {
    let env = Env::new();
    assert!(!env.db().exists());
    let out = env.ok(&["status"]);
    assert!(env.db().exists());
    for label in [
        "Store:",
        "Key file:",
        "Schema version:",
        "Users:",
        "Groups:",
        "Policies:",
        "Audit entries:",
        "Emergency login:",
        "Health:",
    ] {
        assert!(out.contains(label), "{label}\n{out}");
    }
    assert!(out.contains(&env.db().display().to_string()), "{out}");
    assert!(out.contains("no warnings"), "{out}");
    assert!(out.contains("disabled"), "{out}");
}

#[test]
fn status_json_shape() {
    let env = Env::new();
    let v = env.json(&["status"]);
    let mut fields: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "counts",
            "emergency_login_enabled",
            "files",
            "key_file",
            "schema_version",
            "store",
            "warnings"
        ]
    );
    assert_eq!(v["store"], env.db().display().to_string());
    assert_eq!(v["key_file"], format!("{}.key", env.db().display()));
    assert!(v["schema_version"].as_i64().unwrap() >= 1);
    let mut counts: Vec<&str> = v["counts"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    counts.sort_unstable();
    assert_eq!(
        counts,
        [
            "active_sessions",
            "administrators",
            "audit_entries",
            "emergency_login",
            "groups",
            "locked",
            "policies",
            "queued_mail",
            "users"
        ]
    );
    for (k, n) in v["counts"].as_object().unwrap() {
        assert_eq!(n, 0, "{k}");
    }
    assert_eq!(v["emergency_login_enabled"], false);
    assert_eq!(v["warnings"], serde_json::json!([]));

    let user_version: i64 = env
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v["schema_version"], user_version);
}

#[test]
fn status_counts() {
    let env = Env::new();
    six_entries(&env);
    env.ok(&[
        "user",
        "add",
        "root",
        "--admin",
        "--email",
        "root@example.com",
    ]);
    with_smtp(&env);
    env.ok(&[
        "settings",
        "set",
        "authentication.emergency_code.enabled",
        "true",
    ]);
    env.ok(&["user", "set", "root", "--emergency-login", "on"]);
    let v = env.json(&["status"]);
    let c = &v["counts"];
    assert_eq!(c["users"], 3);
    assert_eq!(c["administrators"], 1);
    assert_eq!(c["emergency_login"], 1);
    assert_eq!(c["locked"], 0);
    assert_eq!(c["groups"], 1);
    assert_eq!(c["policies"], 1);
    let n = entries(&env, &[]).len();
    assert_eq!(c["audit_entries"], n as i64);
    assert_eq!(v["emergency_login_enabled"], true);
    assert_eq!(v["warnings"], serde_json::json!([]), "{v}");
}

#[test]
fn status_warns_about_administrators_without_email() {
    let env = Env::new();
    env.ok(&["user", "add", "carol", "--admin"]);
    env.ok(&["user", "add", "dave"]);
    env.ok(&["group", "add", "admins", "--admin"]);
    env.ok(&["group", "add-member", "admins", "dave"]);
    env.ok(&[
        "user",
        "add",
        "erin",
        "--admin",
        "--email",
        "erin@example.com",
    ]);

    let v = env.json(&["status"]);
    assert_eq!(v["counts"]["administrators"], 3);
    let warnings: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    let w = warnings
        .iter()
        .find(|w| w.contains("without an email"))
        .unwrap_or_else(|| panic!("no warning in {warnings:?}"));
    assert!(w.contains("carol"), "{w}");
    assert!(w.contains("dave"), "administrator through a group: {w}");
    assert!(!w.contains("erin"), "{w}");

    let out = env.ok(&["status"]);
    assert!(out.contains("without an email"), "{out}");
    assert!(!out.contains("no warnings"), "{out}");
}

// ----------------------------------------------------------- conventions

#[test]
fn every_read_command_prints_json() {
    let env = Env::new();
    six_entries(&env);
    for args in [
        &["status"][..],
        &["settings", "show"],
        &["settings", "get", "smtp.port"],
        &["settings", "export", "--format", "json"],
        &["user", "list"],
        &["user", "show", "alice"],
        &["group", "list"],
        &["policy", "list"],
        &["policy", "test", "alice", "--ip", "10.1.2.3"],
        &["audit", "list"],
        &["audit", "list", "--action", "user", "--limit", "1"],
        &["audit", "verify"],
    ] {
        let mut full = vec!["--json"];
        full.extend_from_slice(args);
        let out = env.ok(&full);
        let v: Result<Value, _> = serde_json::from_str(&out);
        assert!(v.is_ok(), "mfactl {full:?} is not JSON:\n{out}");
    }
    // The global flag may also follow the subcommand.
    let out = env.ok(&["settings", "show", "--json"]);
    assert!(serde_json::from_str::<Value>(&out).is_ok(), "{out}");
}

#[test]
fn json_flag_makes_export_json() {
    let env = Env::new();
    let out = env.ok(&["--json", "settings", "export"]);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"));
    assert_eq!(v["smtp"]["port"], 587);
}

#[test]
fn changes_print_json_too() {
    let env = Env::new();
    let v = env.json(&["settings", "set", "smtp.port", "2525"]);
    assert_eq!(v["key"], "smtp.port");
    assert_eq!(v["value"], "2525");
    let v = env.json(&["settings", "unset", "smtp.port"]);
    assert_eq!(v["value"], "587");
    let v = env.json(&["group", "add", "ops"]);
    assert!(v.is_object(), "{v}");
}

#[test]
fn data_on_stdout_notes_on_stderr_quiet_silences_notes() {
    let env = Env::new();
    let out = env.run(&["group", "add", "ops"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).contains("ops"), "{}", stderr(&out));

    let out = env.run(&["-q", "settings", "set", "smtp.port", "2525"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "");
    assert_eq!(stderr(&out), "");

    let out = env.run(&["-q", "settings", "get", "smtp.port"]);
    assert_eq!(stdout(&out), "2525\n", "-q keeps the data");

    let out = env.run(&["settings", "set", "smtp.port", "0"]);
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    assert!(!stderr(&out).contains('\x1b'), "no colour with NO_COLOR");
}

/// Builds a long audit log through the binary: alternating imports of two
/// files with long values give entries of a few KiB each.
fn long_log(env: &Env) {
    for (name, letter) in [("a.toml", "a"), ("b.toml", "b")] {
        let v = letter.repeat(200);
        let text = format!(
            "[smtp]\nusername = \"{v}\"\n[mfa.totp]\nissuer = \"{v}\"\n\
             [mfa.radius]\nnas_identifier = \"{v}\"\n[mfa.yubikey]\nclient_id = \"{v}\"\n\
             [mfa.duo]\nintegration_key = \"{v}\"\n"
        );
        std::fs::write(env.path(name), text).unwrap();
    }
    let a = env.path("a.toml").display().to_string();
    let b = env.path("b.toml").display().to_string();
    for _ in 0..50 {
        env.ok(&["-q", "settings", "import", &a]);
        env.ok(&["-q", "settings", "import", &b]);
    }
}

/// Runs `mfactl ARGS`, reads one line of its output and closes the pipe,
/// like `mfactl … | head -1`. Returns the line, the exit code and stderr.
fn first_line_then_close(env: &Env, args: &[&str]) -> (String, i32, String) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("mfactl"))
        .env_clear()
        .env("HOME", env.dir.path())
        .env("MFACTL_DB", env.db())
        .env("NO_COLOR", "1")
        .current_dir(env.dir.path())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn mfactl");
    let mut line = String::new();
    {
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        reader.read_line(&mut line).unwrap();
    } // the read end is closed here
    let out = child.wait_with_output().unwrap();
    (line, code(&out), stderr(&out))
}

#[test]
fn a_closed_pipe_is_a_quiet_success() {
    let env = Env::new();
    long_log(&env);
    let size = env.ok(&["audit", "list"]).len();
    assert!(
        size > 128 * 1024,
        "the log must overflow a pipe: {size} bytes"
    );

    for args in [&["audit", "list"][..], &["--json", "audit", "list"]] {
        let (line, status, err) = first_line_then_close(&env, args);
        assert!(!line.is_empty());
        assert_eq!(status, 0, "mfactl {args:?} | head -1: {err}");
        assert!(!err.contains("error"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let env = Env::new();
    for args in [
        &["frobnicate"][..],
        &["settings", "frobnicate"],
        &["audit", "list", "--frob"],
        &["settings", "set"],
        &[],
    ] {
        let err = env.fails(args, 2);
        assert!(!err.contains("panicked"), "{err}");
    }
    assert!(!env.db().exists(), "usage errors must not create a store");

    let out = env.ok(&["--help"]);
    assert!(out.contains("Usage"), "{out}");
    assert!(out.contains("Exit codes"), "{out}");
    for sub in [
        &["status", "--help"][..],
        &["settings", "--help"],
        &["settings", "set", "--help"],
        &["settings", "import", "--help"],
        &["audit", "--help"],
        &["audit", "list", "--help"],
        &["audit", "verify", "--help"],
        &["help", "settings"],
    ] {
        let out = env.ok(sub);
        assert!(out.contains("Usage"), "{sub:?}: {out}");
    }
    let out = env.ok(&["--version"]);
    assert!(out.starts_with("mfactl "), "{out}");
    assert!(!env.db().exists(), "help must not create a store");
}
