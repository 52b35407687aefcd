//! Snapshots of whole outputs that are part of the product: help texts,
//! error messages and JSON shapes. Review changes with `cargo insta review`
//! or accept them with `INSTA_UPDATE=always cargo test --test it snapshots::`.

use crate::common::*;

fn help(args: &[&str]) -> String {
    let env = Env::new();
    let mut full = args.to_vec();
    full.push("--help");
    env.ok(&full)
}

#[test]
fn help_texts() {
    for args in [
        &[][..],
        &["status"],
        &["settings"],
        &["settings", "set"],
        &["settings", "import"],
        &["user"],
        &["user", "add"],
        &["user", "set"],
        &["user", "import"],
        &["group"],
        &["policy"],
        &["policy", "add"],
        &["policy", "test"],
        &["audit"],
        &["audit", "list"],
    ] {
        let name = if args.is_empty() {
            "mfactl".to_string()
        } else {
            args.join("-")
        };
        insta::assert_snapshot!(format!("help-{name}"), help(args));
    }
}

/// stderr of a refused command, with its exit code.
fn refusal(env: &Env, args: &[&str], code: i32) -> String {
    format!("exit {code}\n{}", env.refused(args, code))
}

#[test]
fn error_messages() {
    let env = Env::new();
    env.ok(&[
        "user",
        "add",
        "alice",
        "--email",
        "alice@example.com",
        "--admin",
    ]);
    env.ok(&["group", "add", "ops", "--admin"]);
    env.ok(&["user", "add", "carol"]);
    env.ok(&["group", "add-member", "ops", "carol"]);
    let cases: &[(&str, &[&str], i32)] = &[
        ("unknown-setting", &["settings", "set", "smtp.hots", "x"], 2),
        ("bad-port", &["settings", "set", "smtp.port", "70000"], 2),
        (
            "bare-duration",
            &["settings", "set", "lockout.window", "10"],
            2,
        ),
        (
            "secret-in-argv",
            &["settings", "set", "smtp.password", "hunter2"],
            2,
        ),
        (
            "emergency-without-smtp",
            &[
                "settings",
                "set",
                "authentication.emergency_code.enabled",
                "true",
            ],
            5,
        ),
        (
            "default-mfa-not-enabled",
            &["settings", "set", "mfa.default", "email"],
            5,
        ),
        (
            "downlevel-name",
            &["user", "add", "CORP\\bob", "--directory"],
            2,
        ),
        (
            "bare-directory-name",
            &["user", "add", "bob", "--directory"],
            2,
        ),
        (
            "emergency-group-admin",
            &["user", "set", "carol", "--emergency-login", "on"],
            5,
        ),
        ("unknown-user", &["user", "show", "nobody"], 1),
        (
            "policy-action-mismatch",
            &[
                "policy", "add", "p", "--target", "login", "--action", "skipped",
            ],
            2,
        ),
        (
            "no-input-password",
            &["--no-input", "user", "passwd", "alice"],
            2,
        ),
    ];
    for (name, args, code) in cases {
        insta::assert_snapshot!(format!("error-{name}"), refusal(&env, args, *code));
    }
}

#[test]
fn json_shapes() {
    let env = Env::new();
    with_smtp(&env);
    env.ok(&[
        "user",
        "add",
        "alice",
        "--email",
        "alice@example.com",
        "--admin",
    ]);
    env.ok(&["group", "add", "ops", "--admin"]);
    env.ok(&["group", "add-member", "ops", "alice"]);
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
    let redact = |mut v: serde_json::Value| {
        if let Some(o) = v.as_object_mut() {
            for key in ["created_at", "store", "key_file"] {
                if o.contains_key(key) {
                    o.insert(key.into(), "[redacted]".into());
                }
            }
            // Paths and the temporary folder's mode vary from run to run.
            for f in o
                .get_mut("files")
                .and_then(|f| f.as_array_mut())
                .into_iter()
                .flatten()
            {
                f["path"] = "[redacted]".into();
                if f["role"] == "folder" {
                    f["mode"] = "[redacted]".into();
                }
            }
        }
        v
    };
    insta::assert_json_snapshot!(
        "json-user-show",
        redact(env.json(&["user", "show", "alice"]))
    );
    insta::assert_json_snapshot!(
        "json-settings-get",
        env.json(&["settings", "get", "smtp.port"])
    );
    insta::assert_json_snapshot!("json-group-list", env.json(&["group", "list"]));
    insta::assert_json_snapshot!("json-policy-list", env.json(&["policy", "list"]));
    insta::assert_json_snapshot!(
        "json-policy-test",
        env.json(&["policy", "test", "alice", "--ip", "10.1.2.3"])
    );
    insta::assert_json_snapshot!("json-status", redact(env.json(&["status"])));
    insta::assert_snapshot!("settings-export-toml", env.ok(&["settings", "export"]));
}

#[test]
fn readme_documents_every_setting() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for def in mfactl::settings::DEFS {
        assert!(
            readme.contains(&format!("| `{}` |", def.key)),
            "README lacks {}",
            def.key
        );
    }
}
