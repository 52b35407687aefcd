//! `mfactl key rotate`: every secret re-sealed under a new key, the old key
//! refused afterwards, and an interrupted rotation finished by the next use.

use crate::common::*;

fn key(env: &Env) -> String {
    std::fs::read_to_string(env.path("mfactl.db.key")).unwrap()
}

/// A store with two sealed secrets: the SMTP password and a TOTP seed.
fn with_secrets() -> (Env, String) {
    let env = Env::new();
    env.ok_stdin(
        &["settings", "set", "smtp.password", "--stdin"],
        "smtp-secret-pw",
    );
    env.ok(&["user", "add", "alice"]);
    env.ok(&["settings", "set", "mfa.totp.period", "120s"]);
    let v = env.json(&["mfa", "enroll", "alice"]);
    (env, v["secret"].as_str().unwrap().to_string())
}

#[test]
fn rotation_reseals_every_secret() {
    let (env, secret) = with_secrets();
    let old = key(&env);
    let v = env.json(&["key", "rotate"]);
    // The SMTP password, the TOTP seed and the audit log's key.
    assert_eq!(v["resealed"], 3, "{v}");
    let new = key(&env);
    assert_ne!(old, new);
    assert_eq!(new.trim().len(), 64);
    // The TOTP seed still opens: confirming with a code from it works.
    env.ok_stdin(
        &["mfa", "confirm", "alice", "--code-stdin"],
        &totp_now(&secret, 120),
    );
    let audit = env.json(&["audit", "list", "--action", "key"]);
    assert_eq!(audit[0]["action"], "key.rotate");
    assert!(!audit.to_string().contains("smtp-secret-pw"));
    assert!(!env.path("mfactl.db.key.new").exists());
    env.ok(&["audit", "verify"]);
}

#[test]
fn the_old_key_no_longer_opens_the_store() {
    let (env, _) = with_secrets();
    let old = key(&env);
    env.ok(&["key", "rotate"]);
    std::fs::write(env.path("mfactl.db.key"), old).unwrap();
    let out = env.run_stdin(&["mfa", "confirm", "alice", "--code-stdin"], "123456");
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("does not belong to this store"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_interrupted_rotation_is_finished_by_the_next_use() {
    let (env, secret) = with_secrets();
    let old = key(&env);
    env.ok(&["key", "rotate"]);
    let new = key(&env);
    // As if mfactl stopped after the store was re-sealed but before the new
    // key was moved into place.
    std::fs::write(env.path("mfactl.db.key"), &old).unwrap();
    std::fs::write(env.path("mfactl.db.key.new"), &new).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        env.path("mfactl.db.key.new"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    env.ok_stdin(
        &["mfa", "confirm", "alice", "--code-stdin"],
        &totp_now(&secret, 120),
    );
    assert_eq!(key(&env), new);
    assert!(!env.path("mfactl.db.key.new").exists());
    let audit = env.json(&["audit", "list", "--action", "key"]);
    let actions: Vec<_> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].clone())
        .collect();
    assert!(actions.contains(&"key.rotate.resume".into()), "{audit}");
    env.ok(&["audit", "verify"]);
}

/// The sqlite3 shell on the store of `env` (installed by .ci/run).
fn sqlite3(env: &Env, sql: &str) -> String {
    let out = std::process::Command::new("sqlite3")
        .arg(env.db())
        .arg(sql)
        .output()
        .expect("sqlite3 is not installed: run .ci/run, or apt-get install sqlite3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_planted_key_and_a_forged_key_check_are_not_adopted() {
    let (env, secret) = with_secrets();
    let real = key(&env);
    // The attacker's own store gives them a key and a key check made with it.
    let theirs = Env::new();
    theirs.ok(&["status"]);
    let forged = sqlite3(
        &theirs,
        "SELECT hex(value) FROM meta WHERE key = 'key_check'",
    );
    sqlite3(
        &env,
        &format!(
            "UPDATE meta SET value = x'{}' WHERE key = 'key_check'",
            forged.trim()
        ),
    );
    let planted = env.path("mfactl.db.key.new");
    std::fs::copy(theirs.path("mfactl.db.key"), &planted).unwrap();

    let out = env.run_stdin(
        &["mfa", "confirm", "alice", "--code-stdin"],
        &totp_now(&secret, 120),
    );
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(stderr(&out).contains("will not adopt"), "{}", stderr(&out));
    assert_eq!(key(&env), real, "the planted key replaced the real one");
    assert!(planted.exists(), "the planted key is kept for inspection");
}

#[test]
fn a_key_file_another_user_owns_is_refused() {
    let (env, secret) = with_secrets();
    std::os::unix::fs::chown(env.path("mfactl.db.key"), Some(65534), None).unwrap();
    let out = env.run_stdin(
        &["mfa", "confirm", "alice", "--code-stdin"],
        &totp_now(&secret, 120),
    );
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(
        stderr(&out).contains("belongs to uid 65534"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_rotation_without_the_key_changes_nothing() {
    let (env, _) = with_secrets();
    std::fs::remove_file(env.path("mfactl.db.key")).unwrap();
    let err = env.refused(&["key", "rotate"], 1);
    assert!(err.contains("key file"), "{err}");
    assert!(!env.path("mfactl.db.key.new").exists());
}

#[test]
fn concurrent_rotations_keep_every_secret() {
    let (env, secret) = with_secrets();
    for _ in 0..3 {
        let children: Vec<_> = (0..4)
            .map(|_| {
                std::process::Command::new(assert_cmd::cargo::cargo_bin!("mfactl"))
                    .env_clear()
                    .env("HOME", env.dir.path())
                    .env("MFACTL_DB", env.db())
                    .args(["key", "rotate"])
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut c in children {
            assert!(c.wait().unwrap().success());
        }
    }
    // The key file still opens the store: a sealed seed still confirms.
    env.ok_stdin(
        &["mfa", "confirm", "alice", "--code-stdin"],
        &totp_now(&secret, 120),
    );
    let rotations = env.json(&["audit", "list", "--action", "key.rotate"]);
    assert_eq!(rotations.as_array().unwrap().len(), 12);
}
