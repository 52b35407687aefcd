//! Hardening, second round (issue 12): what a hostile input can make
//! mfactl store or print.

use crate::common::emergency::Emergency;
use crate::common::*;

/// An error quotes a short prefix of what it refuses, whatever its size.
fn assert_short(err: &str, what: &str) {
    assert!(err.len() < 600, "{what}: a {} byte error", err.len());
    assert!(
        !err.contains(&"x".repeat(100)) && !err.contains(&"y".repeat(100)),
        "{what}: {err}"
    );
}

#[test]
fn errors_quote_a_short_prefix_of_huge_input() {
    let env = Env::new();
    env.ok(&["status"]);
    let huge = "x".repeat(100_000);

    let csv = env.path("users.csv");
    std::fs::write(
        &csv,
        format!(
            "name,email\nalice,a@example.com\n{},b\n",
            "y".repeat(10_000_000)
        ),
    )
    .unwrap();
    let err = env.refused(&["user", "import", csv.to_str().unwrap()], 2);
    assert_short(&err, "a 10 MB name in a CSV file");

    let err = env.refused(&["user", "add", &huge], 2);
    assert_short(&err, "user add");
    let err = env.refused(&["settings", "set", "smtp.port", &huge], 2);
    assert_short(&err, "settings set");
    let err = env.refused(&["settings", "set", &huge, "1"], 2);
    assert_short(&err, "an unknown setting");
    let err = env.refused(
        &[
            "policy", "add", "p", "--target", "mfa", "--action", "skipped", "--ip", &huge,
        ],
        2,
    );
    assert_short(&err, "policy add --ip");

    // Control characters are shown escaped, not sent to the terminal.
    let err = env.refused(&["settings", "set", "smtp.port", "1\u{1b}[2J"], 2);
    assert!(!err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn an_emergency_request_for_a_name_no_account_can_have_stores_nothing() {
    let e = Emergency::new();
    let long = "a".repeat(300);
    let err = e.env.refused(&["emergency", "request", &long], 2);
    assert!(err.contains("longer than 256 characters"), "{err}");
    assert!(err.len() < 300, "{err}");
    // 256 characters is a name some account could have: asked like any.
    e.env.ok(&["emergency", "request", &"a".repeat(256)]);
}

/// Whether `pid` is non-dumpable, seen from outside: the kernel then gives
/// its /proc entries to root, whoever runs it. Waits up to 5 s for it.
fn becomes_undumpable(pid: u32) -> bool {
    use std::os::unix::fs::MetadataExt;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while std::time::Instant::now() < deadline {
        if std::fs::metadata(format!("/proc/{pid}/environ")).is_ok_and(|m| m.uid() == 0) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    false
}

#[test]
fn a_command_reading_a_secret_cannot_be_dumped() {
    use std::io::Write;
    let dir = crate::common::unix::nobodys_folder();
    let db = dir.path().join("mfactl.db");
    let mut child = std::process::Command::new("setpriv")
        .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_mfactl"))
        .arg("--db")
        .arg(&db)
        .args(["settings", "set", "smtp.password", "--stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("setpriv");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"smtp-secret-pw").expect("write");
    // mfactl now holds the password and waits for the end of its input.
    let undumpable = becomes_undumpable(child.id());
    drop(stdin);
    let out = child.wait_with_output().expect("mfactl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(undumpable, "a core dump of mfactl could hold the password");
}

/// The pid of the pamtester that `uid` runs.
fn pamtester_of(uid: u32) -> Option<u32> {
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let pid: u32 = e.file_name().to_str()?.parse().ok()?;
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).ok()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let real = status
            .lines()
            .find(|l| l.starts_with("Uid:"))?
            .split_whitespace()
            .nth(1)?;
        (comm.trim() == "pamtester" && real == uid.to_string()).then_some(pid)
    })
}

#[test]
fn the_pam_module_makes_its_caller_undumpable_while_it_asks() {
    use crate::common::pam::*;
    use std::io::Write;
    // A store of nobody's, so that pamtester can run as nobody.
    let env = Env::new();
    let dir = env.path("nobody");
    std::fs::create_dir(&dir).unwrap();
    let db = dir.join("mfactl.db");
    let db_arg = db.to_str().unwrap();
    env.ok(&["--db", db_arg, "user", "add", "alice"]);
    let v = env.json(&["--db", db_arg, "mfa", "enroll", "alice", "--method", "totp"]);
    let secret = v["secret"].as_str().unwrap().to_string();
    env.ok_stdin(
        &["--db", db_arg, "mfa", "confirm", "alice", "--code-stdin"],
        &code_at_step(&secret, current_step(30) - 1),
    );
    for f in std::fs::read_dir(&dir).unwrap().flatten() {
        std::os::unix::fs::chown(f.path(), Some(65534), Some(65534)).unwrap();
    }
    std::os::unix::fs::chown(&dir, Some(65534), Some(65534)).unwrap();
    let pam = PamConf::with_stack(
        &env,
        &format!("auth required {} store={db_arg}\n", module_line()),
    );

    let mut child = pam.spawn_as(Some("nobody"), "alice", None, &["authenticate"]);
    // pamtester now waits at the code prompt, inside the module's call.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let pid = loop {
        if let Some(pid) = pamtester_of(65534) {
            break pid;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "pamtester did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let undumpable = becomes_undumpable(pid);
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{}", fresh_code(&secret)).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(
        said(&out).contains("successfully authenticated"),
        "{}",
        said(&out)
    );
    assert!(
        undumpable,
        "a core dump of the application could hold the code"
    );
}

#[test]
fn names_that_look_like_existing_ones_are_refused() {
    let env = Env::new();
    env.ok(&["user", "add", "alice"]);
    env.ok(&["user", "add", "fiona"]);
    env.ok(&["group", "add", "ops"]);
    for name in ["\u{430}lice", "al\u{131}ce", "\u{ff41}lice", "\u{fb01}ona"] {
        let err = env.refused(&["user", "add", name], 1);
        let existing = if name.ends_with("ona") {
            "fiona"
        } else {
            "alice"
        };
        assert!(err.contains(&format!("`{existing}`")), "{name}: {err}");
    }
    let err = env.refused(&["group", "add", "\u{43e}ps"], 1);
    assert!(err.contains("`ops`"), "{err}");

    let csv = env.path("users.csv");
    std::fs::write(&csv, "name\nbob\n\u{430}lice\n").unwrap();
    let err = env.refused(&["user", "import", csv.to_str().unwrap()], 1);
    assert!(err.contains("line 3") && err.contains("`alice`"), "{err}");
    std::fs::write(&csv, "name\nbob\nb\u{43e}b\n").unwrap();
    let err = env.refused(&["user", "import", csv.to_str().unwrap()], 1);
    assert!(err.contains("line 3") && err.contains("`bob`"), "{err}");

    // A name in another script that looks like no one is welcome, stored
    // in NFKC.
    env.ok(&["user", "add", "\u{43c}\u{430}\u{448}\u{430}"]);
    env.ok(&["user", "add", "\u{ff4a}oe"]);
    let users = env.json(&["user", "list"]);
    assert!(users.to_string().contains("\"joe\""), "{users}");
}

#[test]
fn a_store_replaced_or_removed_under_an_import_is_noticed() {
    use std::io::Write;
    for replace in [true, false] {
        let env = Env::new();
        env.ok(&["user", "add", "alice"]);
        let copy = env.path("copy.db");
        std::fs::copy(env.db(), &copy).unwrap();
        let mut child = env
            .process()
            .args(["user", "import", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"name\nbob\n").unwrap();
        stdin.flush().unwrap();
        // The import now waits for more lines, inside its transaction.
        std::thread::sleep(std::time::Duration::from_millis(500));
        if replace {
            std::fs::rename(&copy, env.db()).unwrap();
        } else {
            std::fs::remove_file(env.db()).unwrap();
        }
        stdin.write_all(b"carol\n").unwrap();
        drop(stdin);
        let out = child.wait_with_output().unwrap();
        let what = if replace { "replaced" } else { "removed" };
        assert_eq!(code(&out), 1, "{what}: {}", show(&out));
        assert!(
            stderr(&out).contains(&format!("was {what} while mfactl")),
            "{}",
            show(&out)
        );
    }
}

/// Drops the triggers that keep the log append-only, runs `sql`, and puts
/// the triggers back, as someone who can write the store would.
fn rewrite_log(env: &Env, sql: &str) {
    env.conn()
        .execute_batch(&format!(
            "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;
             {sql}
             CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
             BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
             CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
             BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
        ))
        .unwrap();
}

/// Six audit entries.
fn six_entries(env: &Env) {
    for name in ["ann", "bo", "cy", "di", "ed", "flo"] {
        env.ok(&["user", "add", name]);
    }
}

#[test]
fn a_truncated_log_with_a_matching_head_is_noticed() {
    let env = Env::new();
    six_entries(&env);
    let (id, hash): (i64, String) = env
        .conn()
        .query_row("SELECT id, hash FROM audit WHERE id = 4", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    rewrite_log(
        &env,
        &format!(
            "DELETE FROM audit WHERE id > 4;
             UPDATE meta SET value = CAST('{id}:{hash}' AS BLOB) WHERE key = 'audit_head';"
        ),
    );
    let err = env.refused(&["audit", "verify"], 1);
    assert!(err.contains("entry 5") && err.contains("head"), "{err}");
    // The next change is written (logins go on), but does not launder the
    // cut: the log still fails verification.
    env.ok(&["user", "add", "gus"]);
    let err = env.refused(&["audit", "verify"], 1);
    assert!(err.contains("head"), "{err}");
}

#[test]
fn emptying_the_log_or_moving_its_keyed_mark_is_noticed() {
    for sql in [
        "DELETE FROM audit; DELETE FROM meta WHERE key IN ('audit_head', 'audit_head_mac');",
        "UPDATE meta SET value = CAST('99' AS BLOB) WHERE key = 'audit_keyed_from';",
    ] {
        let env = Env::new();
        six_entries(&env);
        rewrite_log(&env, sql);
        let err = env.refused(&["audit", "verify"], 1);
        assert!(err.contains("head"), "{sql}: {err}");
    }
}

#[test]
fn triggers_that_refuse_nothing_do_not_count() {
    let env = Env::new();
    six_entries(&env);
    env.conn()
        .execute_batch(
            "DROP TRIGGER audit_no_update;
             CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit WHEN 0
             BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
        )
        .unwrap();
    let err = env.refused(&["audit", "verify"], 1);
    assert!(err.contains("append-only"), "{err}");
}

#[test]
fn a_rewritten_chain_without_the_key_file_is_noticed() {
    use sha2::Digest;
    let env = Env::new();
    six_entries(&env);
    // Entry 2 gets another target, and every hash after it is made again
    // exactly as mfactl makes them: the unkeyed chain is consistent.
    let conn = env.conn();
    let rows: Vec<(i64, i64, String, String, String, String)> = conn
        .prepare("SELECT id, ts, actor, action, target, details FROM audit ORDER BY id")
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut prev = "0".repeat(64);
    let mut sql = String::new();
    for (id, ts, actor, action, mut target, details) in rows {
        if id == 2 {
            target = "mallory".into();
        }
        let encoded = serde_json::json!([id, ts, actor, action, target, details, prev]).to_string();
        let hash = hex::encode(sha2::Sha256::digest(encoded.as_bytes()));
        sql += &format!(
            "UPDATE audit SET target = '{target}', prev_hash = '{prev}', hash = '{hash}' WHERE id = {id};"
        );
        prev = hash;
        sql += &format!(
            "UPDATE meta SET value = CAST('{id}:{prev}' AS BLOB) WHERE key = 'audit_head';"
        );
    }
    drop(conn);
    rewrite_log(&env, &sql);
    let err = env.refused(&["audit", "verify"], 1);
    assert!(err.contains("entry 2") && err.contains("MAC"), "{err}");
}

#[test]
fn missing_triggers_are_reported_by_verify_and_status() {
    let env = Env::new();
    six_entries(&env);
    env.conn()
        .execute_batch("DROP TRIGGER audit_no_delete;")
        .unwrap();
    let err = env.refused(&["audit", "verify"], 1);
    assert!(
        err.contains("append-only") && err.contains("missing"),
        "{err}"
    );
    let status = env.json(&["status"]);
    assert!(status.to_string().contains("audit_no_delete"), "{status}");
}

#[test]
fn no_code_is_mailed_for_a_transaction_that_failed() {
    let e = Emergency::new();
    // Any write of a code fails from now on, as on a full disk.
    e.env
        .conn()
        .execute_batch(
            "CREATE TRIGGER no_codes BEFORE INSERT ON emergency_codes
             BEGIN SELECT RAISE(ABORT, 'no space left (simulated)'); END;",
        )
        .unwrap();
    // The answer comes before the code is made, so it cannot tell.
    let out = e.env.run(&["emergency", "request", "alice"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let until = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let outcomes = loop {
        let seen = crate::common::emergency::outcomes(&e.audit(), "emergency.request", "alice");
        if !seen.is_empty() || std::time::Instant::now() > until {
            break seen;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(outcomes, ["failed"]);
    assert!(
        e.smtp.to("alice@example.com").is_empty(),
        "a code was mailed for a request that failed"
    );
}

#[test]
fn of_racing_requests_the_mail_sent_last_carries_a_live_code() {
    let e = Emergency::new();
    e.env.ok(&[
        "settings",
        "set",
        "authentication.emergency_code.requests_per_hour",
        "20",
    ]);
    let children: Vec<_> = (0..8)
        .map(|_| {
            e.env
                .process()
                .args(["emergency", "request", "alice"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let mails = e.smtp.wait_for("alice@example.com", 8);
    assert_eq!(mails.len(), 8);
    let last = crate::common::emergency::code_in(&mails[7].body());
    e.login_ok("alice", &last);
}

#[test]
fn emailed_codes_and_reset_requests_are_rate_limited_across_processes() {
    use crate::common::smtp::*;
    let env = Env::new();
    let smtp = Smtp::start();
    use_smtp(&env, smtp.port);
    set(&env, "mfa.authenticators", "totp,email");
    add_user(&env, "alice", Some(ALICE_MAIL));
    env.ok(&["user", "set", "alice", "--mfa-type", "email"]);
    env.ok(&[
        "user",
        "add",
        "root",
        "--email",
        "root@example.com",
        "--admin",
    ]);

    // Each run is a process of its own: the count lives in the store.
    for _ in 0..5 {
        env.ok(&["mfa", "challenge", "alice"]);
    }
    let err = env.fails(&["mfa", "challenge", "alice"], 4);
    assert!(err.contains("too many emailed codes for `alice`"), "{err}");
    assert_eq!(
        smtp.to(ALICE_MAIL).len(),
        5,
        "a refused challenge sent mail"
    );

    for _ in 0..3 {
        env.ok(&["mfa", "reset-request", "alice"]);
    }
    let err = env.fails(&["mfa", "reset-request", "alice"], 4);
    assert!(
        err.contains("too many MFA reset requests for `alice`"),
        "{err}"
    );
    assert_eq!(smtp.to("root@example.com").len(), 3);

    let audit = env.json(&["audit", "list", "--action", "mfa", "--json"]);
    let limited = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["details"]["outcome"] == "rate_limited")
        .count();
    assert_eq!(limited, 2, "{audit}");

    // Unlocking the user clears the counts kept for their name.
    env.ok(&["user", "unlock", "alice"]);
    env.ok(&["mfa", "challenge", "alice"]);
}

#[test]
fn a_source_is_limited_across_names() {
    use crate::common::smtp::*;
    let env = Env::new();
    let smtp = Smtp::start();
    use_smtp(&env, smtp.port);
    set(&env, "mfa.authenticators", "totp,email");
    let names: Vec<String> = (0..13).map(|i| format!("u{i}")).collect();
    for n in &names {
        add_user(&env, n, Some(&format!("{n}@example.com")));
        env.ok(&["user", "set", n, "--mfa-type", "email"]);
    }
    // 60 per hour from one source: 12 names × 5, then the source is spent.
    for n in &names[..12] {
        for _ in 0..5 {
            env.ok(&["mfa", "challenge", n]);
        }
    }
    let err = env.fails(&["mfa", "challenge", &names[12]], 4);
    assert!(err.contains("from `local terminal`"), "{err}");
    assert!(smtp.to("u12@example.com").is_empty());
}

#[test]
fn a_dangling_link_at_the_store_or_key_path_is_refused_and_nothing_is_made() {
    let env = Env::new();
    let target = env.path("elsewhere.db");
    let link = env.path("link.db");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = env.run(&["--db", link.to_str().unwrap(), "user", "add", "alice"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(stderr(&out).contains("symbolic link"), "{}", show(&out));
    assert!(!target.exists(), "the link's target was created");

    let key_target = env.path("elsewhere.key");
    let key_link = env.path("link.key");
    std::os::unix::fs::symlink(&key_target, &key_link).unwrap();
    let db = env.path("s.db");
    let out = env.run(&[
        "--db",
        db.to_str().unwrap(),
        "--key-file",
        key_link.to_str().unwrap(),
        "user",
        "add",
        "alice",
    ]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(stderr(&out).contains("symbolic link"), "{}", show(&out));
    assert!(!key_target.exists() && !db.exists(), "something was made");
}

#[test]
fn a_reset_request_does_not_name_the_administrators() {
    use crate::common::smtp::*;
    let env = Env::new();
    let smtp = Smtp::start();
    use_smtp(&env, smtp.port);
    add_user(&env, "alice", Some(ALICE_MAIL));
    env.ok(&[
        "user",
        "add",
        "root",
        "--email",
        "root@example.com",
        "--admin",
    ]);
    for args in [
        &["mfa", "reset-request", "alice"][..],
        &["--json", "mfa", "reset-request", "alice"],
    ] {
        let out = env.run(args);
        assert_eq!(code(&out), 0, "{}", show(&out));
        assert!(!show(&out).contains("root@example.com"), "{}", show(&out));
    }
    let v = env.json(&["mfa", "reset-request", "alice"]);
    assert_eq!(v["recipients"], 1, "{v}");
    assert_eq!(smtp.to("root@example.com").len(), 3);
}

#[test]
fn a_user_name_cannot_forge_a_syslog_line() {
    use crate::common::pam::*;
    let env = Env::new();
    env.ok(&["user", "add", "alice"]);
    let mut pam = PamConf::new(&env, "");
    let syslog = pam.capture_syslog(&env);
    let forged = "eve\nsshd: pam_mfactl(sshd:auth): root: second factor passed (totp)";
    let out = pam.auth(forged, &["123456"]);
    assert_ne!(code(&out), 0, "{}", said(&out));
    let lines = syslog.lines();
    let ours: Vec<_> = lines.iter().filter(|l| l.contains("pam_mfactl(")).collect();
    assert!(!ours.is_empty(), "{lines:?}");
    for l in ours {
        assert!(!l.contains('\n'), "a line break reached syslog: {l:?}");
        assert!(l.contains("eve\\n"), "{l:?}");
    }
}

#[test]
fn an_emergency_request_answers_the_same_whatever_happens_to_the_code_mail() {
    // The mail server refuses one eligible user's address (550) and hangs
    // after another's message: neither shows in the answer, which is an
    // unknown name's; the audit log has the truth. (Its time is the same
    // too: benches/emergency.sh measures that.)
    let em = Emergency::new();
    let env = &em.env;
    for (name, email) in [
        ("bounce", "bounce@example.com"),
        ("stall", "stall@example.com"),
    ] {
        env.ok(&["user", "add", name, "--email", email, "--admin"]);
        env.ok(&["user", "set", name, "--emergency-login", "on"]);
    }
    env.ok(&["user", "add", "carol", "--email", "carol@example.com"]);
    env.ok(&["settings", "set", "smtp.timeout", "3s"]);
    let answer = |name: &str| {
        let out = env.run(&["emergency", "request", name]);
        let text = |s: String| s.replace(name, "NAME");
        (code(&out), text(stdout(&out)), text(stderr(&out)))
    };
    let reference = answer("nobody");
    assert_eq!(reference.0, 0, "{reference:?}");
    for name in ["alice", "carol", "bounce", "stall"] {
        assert_eq!(answer(name), reference, "`emergency request {name}`");
    }
    assert_eq!(em.smtp.wait_for("alice@example.com", 1).len(), 1);

    // The codes are made and mailed after the answer; the hung mail ends
    // at smtp.timeout.
    let outcomes = |name: &str| {
        let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let seen = crate::common::emergency::outcomes(&em.audit(), "emergency.request", name);
            if seen.len() >= 2 || std::time::Instant::now() > until {
                return seen;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    };
    assert_eq!(outcomes("bounce"), ["issued", "mail_failed"]);
    assert_eq!(outcomes("stall"), ["issued", "mail_failed"]);
    // No live code that nobody received.
    let codes: i64 = env
        .conn()
        .query_row("SELECT count(*) FROM emergency_codes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(codes, 1, "alice's only");
}
