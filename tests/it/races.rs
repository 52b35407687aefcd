//! Races between commands that change the same record.

use crate::common::*;

use std::io::Write;
use std::process::Stdio;

fn spawn(env: &Env, args: &[&str], stdin: Option<&str>) -> std::process::Child {
    let mut child = env
        .process()
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn mfactl");
    if let (Some(text), Some(mut input)) = (stdin, child.stdin.take()) {
        input.write_all(text.as_bytes()).expect("write stdin");
    }
    child
}

/// Confirming an enrolment while it is enrolled again: never both. A
/// confirmation activates exactly the seed its code came from, and an
/// active authenticator is never replaced by a new, unconfirmed seed.
#[test]
fn confirm_and_enroll_never_both_succeed() {
    for _ in 0..12 {
        let env = Env::new();
        env.ok(&["settings", "set", "mfa.totp.period", "120s"]);
        env.ok(&["user", "add", "alice"]);
        let first = env.json(&["mfa", "enroll", "alice"]);
        let code = totp_now(first["secret"].as_str().unwrap(), 120);
        let mut confirm = spawn(
            &env,
            &["mfa", "confirm", "alice", "--code-stdin"],
            Some(&code),
        );
        let mut enroll = spawn(&env, &["mfa", "enroll", "alice"], None);
        let confirmed = confirm.wait().unwrap().success();
        let enrolled = enroll.wait().unwrap().success();
        assert!(
            !(confirmed && enrolled),
            "an active authenticator was replaced"
        );
        let state = env.json(&["user", "show", "alice"])["enrolments"][0]["state"].clone();
        assert_eq!(state, if confirmed { "active" } else { "pending" });
    }
}
