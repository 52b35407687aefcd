//! pam_mfactl asking `mfactl pam daemon`: pamtester loads the module, which
//! relays the call over the daemon's socket. The module lines name a helper
//! that does not exist, so a login can pass only if the daemon decided it.

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use crate::common::pam::*;
use crate::common::*;
use crate::pam_module::{alice_with_totp, office_skips_mfa, passed};

const NO_HELPER: &str = "/nonexistent/mfactl";

fn backup_codes(env: &Env) -> Vec<String> {
    let out = env.run(&["--no-input", "backup-codes", "generate", "alice"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    stdout(&out).lines().map(str::to_string).collect()
}

/// auth and account through `daemon`, on the store of `env`.
fn daemon_stack(env: &Env, daemon: &Daemon, helper: &str) -> PamConf {
    let m = daemon.module_line(helper);
    let db = env.db();
    let db = db.display();
    PamConf::with_stack(
        env,
        &format!(
            "auth required {m} store={db} key_file={db}.key\n\
             account required {m} store={db} key_file={db}.key\n"
        ),
    )
}

#[test]
fn the_daemon_decides_logins_and_codes_stay_single_use() {
    let env = Env::new();
    set(&env, "mfa.alternates", "backup-codes");
    let secret = alice_with_totp(&env);
    let codes = backup_codes(&env);
    let daemon = Daemon::start(&env);
    let mut pam = daemon_stack(&env, &daemon, NO_HELPER);
    let syslog = pam.capture_syslog(&env);

    let now = fresh_code(&secret);
    let out = pam.auth("alice", &[&now]);
    assert!(passed(&out), "right code: {}", said(&out));
    assert!(said(&out).contains("Verification code"), "{}", said(&out));
    assert!(
        !passed(&pam.auth("alice", &[&now])),
        "a replayed code passed"
    );
    assert!(passed(&pam.auth("alice", &[&codes[0]])), "backup code");
    assert!(
        !passed(&pam.auth("alice", &[&codes[0]])),
        "a used backup code passed"
    );
    assert!(
        !passed(&pam.auth("alice", &["000000"])),
        "a wrong code passed"
    );
    let out = pam.run("alice", None, &["acct_mgmt"], &[]);
    assert_eq!(code(&out), 0, "account: {}", said(&out));

    // The daemon's log lines reach syslog through the module, as the
    // application's own.
    let lines = syslog.lines();
    let prefix = format!("pam_mfactl({SERVICE}:auth): alice:");
    assert!(
        lines
            .iter()
            .any(|l| l.contains(&format!("{prefix} second factor passed (totp)"))),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains(&format!("{prefix} second factor failed"))),
        "{lines:?}"
    );
    assert!(!lines.iter().any(|l| l.contains(&now)), "a code in syslog");
    let attempts: Vec<_> = audit(&env, &[])
        .into_iter()
        .filter(|e| e["actor"] == format!("pam:{SERVICE}"))
        .collect();
    assert!(attempts.len() >= 5, "{attempts:?}");

    // No daemon and no helper: the login fails closed, and says why.
    drop(daemon);
    let out = pam.auth("alice", &[&codes[1]]);
    assert!(!passed(&out), "passed with nothing to decide");
    assert!(said(&out).contains("System error"), "{}", said(&out));
    let lines = syslog.lines();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("failing closed") && l.contains(NO_HELPER)),
        "{lines:?}"
    );
}

#[test]
fn a_rotated_key_and_a_new_policy_are_seen_at_the_next_login() {
    let env = Env::new();
    set(&env, "mfa.alternates", "backup-codes");
    let secret = alice_with_totp(&env);
    let codes = backup_codes(&env);
    let daemon = Daemon::start(&env);
    let pam = daemon_stack(&env, &daemon, NO_HELPER);
    assert!(passed(&pam.auth("alice", &[&codes[0]])), "before rotation");

    // The daemon holds the store and the old key open: the TOTP seed is
    // sealed under the new key now, so only a fresh open can check it.
    env.ok(&["key", "rotate"]);
    let out = pam.auth("alice", &[&fresh_code(&secret)]);
    assert!(passed(&out), "after rotation: {}", said(&out));

    office_skips_mfa(&env);
    let out = pam.run("alice", Some("10.9.1.1"), &["authenticate"], &[]);
    assert!(passed(&out), "exempt after a new policy: {}", said(&out));
    assert!(!said(&out).contains("code"), "{}", said(&out));
}

#[test]
fn a_socket_served_by_another_user_is_refused() {
    let env = Env::new();
    alice_with_totp(&env);
    let dir = crate::common::unix::nobodys_folder();
    let daemon = Daemon::start_as(dir.path().join("pam.sock"), Some("nobody"));
    // A working helper: the refusal is the module's, not a fallback's.
    let mut pam = daemon_stack(&env, &daemon, env!("CARGO_BIN_EXE_mfactl"));
    let syslog = pam.capture_syslog(&env);
    let out = pam.auth("alice", &["123456"]);
    assert!(!passed(&out), "an impostor's socket was believed");
    let lines = syslog.lines();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("failing closed") && l.contains("uid 65534, not root")),
        "{lines:?}"
    );
}

fn daemon_on(socket: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mfactl"))
        .args(["pam", "daemon", "--socket"])
        .arg(socket)
        .output()
        .expect("run mfactl pam daemon")
}

#[test]
fn the_daemon_refuses_an_open_folder_and_a_taken_socket_and_replaces_a_stale_one() {
    let env = Env::new();
    let open = env.path("open");
    std::fs::create_dir(&open).expect("folder");
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let out = daemon_on(&open.join("pam.sock"));
    assert_ne!(code(&out), 0);
    assert!(
        stderr(&out).contains("can be written by others"),
        "{}",
        show(&out)
    );
    assert!(!open.join("pam.sock").exists());

    let first = Daemon::start(&env);
    let out = daemon_on(&first.socket);
    assert_ne!(code(&out), 0);
    assert!(stderr(&out).contains("already listens"), "{}", show(&out));

    // A daemon killed without cleaning up leaves its socket behind.
    let socket = first.socket.clone();
    drop(first);
    assert!(socket.exists(), "the test needs a stale socket");
    let second = Daemon::start(&env);
    let mode = std::fs::metadata(&second.socket)
        .expect("socket")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "socket mode {mode:o}");
    let dir_mode = std::fs::metadata(env.path("run"))
        .expect("folder")
        .permissions()
        .mode();
    assert_eq!(dir_mode & 0o777, 0o700, "folder mode {dir_mode:o}");
}

#[test]
fn the_helper_refuses_what_is_not_the_protocol_and_changes_nothing() {
    let env = Env::new();
    alice_with_totp(&env);
    let before = std::fs::read(env.db()).unwrap();
    let start = |store: &str| {
        let fields = [
            "2", "auth", "sshd", "alice", "", "", store, "", "0", "0", "0",
        ]
        .join("\0");
        let mut frame = ((fields.len() + 1) as u32).to_be_bytes().to_vec();
        frame.push(b'S');
        frame.extend_from_slice(fields.as_bytes());
        frame
    };
    let garbage: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"GET / HTTP/1.0\r\n\r\n".to_vec(),
        vec![0xff; 64],
        // A length past the limit, and a frame cut short.
        [&[0u8, 0x10, 0, 1][..], b"S"].concat(),
        start(&env.db().display().to_string())[..12].to_vec(),
        // A start from another version.
        [&[0u8, 0, 0, 4][..], b"S1\0x"].concat(),
    ];
    for input in garbage {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mfactl"))
            .args(["pam", "helper"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("mfactl pam helper");
        use std::io::Write;
        let _ = child.stdin.take().unwrap().write_all(&input);
        let out = child.wait_with_output().unwrap();
        assert_eq!(code(&out), 1, "{input:?}: {}", show(&out));
        assert!(!stderr(&out).contains("panicked"), "{}", show(&out));
    }
    // A store given by a relative path: refused, closed.
    let mut child = Command::new(env!("CARGO_BIN_EXE_mfactl"))
        .args(["pam", "helper"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("mfactl pam helper");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&start("mfactl.db"))
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("absolute path") && said.ends_with("Dsystem_err"),
        "{said:?}"
    );
    assert_eq!(
        std::fs::read(env.db()).unwrap(),
        before,
        "the store changed"
    );
}
