//! pam_mfactl behind real login programs: a private OpenSSH server (its own
//! config, port and host key; keyboard-interactive through PAM) and sudo,
//! each with a test PAM stack `pam_unix` then `pam_mfactl`, bind-mounted
//! in a private mount namespace (the machine's /etc/pam.d is untouched).
//! A Unix test user has the same name in the store, with an active TOTP app.

use crate::common::pam::Daemon;
use crate::common::unix::*;
use crate::common::*;

/// The module's audit entries for the PAM service `service`.
fn attempts(env: &Env, service: &str) -> Vec<serde_json::Value> {
    audit(env, &[])
        .into_iter()
        .filter(|e| e["actor"] == format!("pam:{service}"))
        .collect()
}

fn outcomes(entries: &[serde_json::Value]) -> Vec<String> {
    entries
        .iter()
        .map(|e| e["details"]["outcome"].as_str().unwrap_or("?").to_string())
        .collect()
}

#[test]
fn ssh_with_the_password_and_the_right_code_runs_the_command_once() {
    let env = Env::new();
    let user = UnixUser::create();
    // Through the daemon, as the README sets it up; no helper to fall
    // back on, so only the daemon can let the login in.
    let daemon = Daemon::start(&env);
    let stack = login_stack_with(&env, &daemon.module_line("/nonexistent/mfactl"));
    let sshd = Sshd::start(&env, &user, &stack);
    let [first, _] = with_totp(&env, &user);

    let login = sshd.login(UNIX_PASSWORD, &first);
    assert!(
        login.ran && login.exit == 0,
        "the right password and code did not log in:\n{}",
        login.report(&sshd)
    );
    // Both factors were asked, in order, through keyboard-interactive.
    let password_at = login.text.find("assword:");
    let code_at = login.text.find("Verification code:");
    assert!(
        password_at.is_some() && code_at.is_some() && password_at < code_at,
        "expected the password prompt, then the code prompt:\n{}",
        login.report(&sshd)
    );
    let entries = attempts(&env, "sshd");
    assert_eq!(outcomes(&entries), ["success"], "{entries:?}");
    let entry = &entries[0];
    assert_eq!(entry["details"]["service"], "sshd", "{entry}");
    assert_eq!(
        entry["details"]["source"], "127.0.0.1",
        "PAM_RHOST: {entry}"
    );

    // The same code again: a replay, refused.
    let replay = sshd.login(UNIX_PASSWORD, &first);
    assert!(
        !replay.ran && replay.exit != 0,
        "a replayed code logged in:\n{}",
        replay.report(&sshd)
    );
    assert!(
        replay.text.contains("Permission denied"),
        "{}",
        replay.report(&sshd)
    );
    assert_eq!(
        outcomes(&attempts(&env, "sshd")),
        ["success", "failed"],
        "{}",
        replay.report(&sshd)
    );
}

#[test]
fn ssh_with_a_wrong_code_or_a_wrong_password_is_refused() {
    let env = Env::new();
    let user = UnixUser::create();
    let sshd = Sshd::start(&env, &user, &login_stack(&env));
    let [first, second] = with_totp(&env, &user);

    let wrong = wrong_code(&[&first, &second]);
    let login = sshd.login(UNIX_PASSWORD, &wrong);
    assert!(
        !login.ran && login.exit != 0,
        "a wrong code logged in:\n{}",
        login.report(&sshd)
    );
    assert!(
        login.text.contains("Verification code:"),
        "the code was not asked:\n{}",
        login.report(&sshd)
    );

    // The module passing does not make up for pam_unix failing.
    let login = sshd.login("not-the-password", &first);
    assert!(
        !login.ran && login.exit != 0,
        "a wrong password with the right code logged in:\n{}",
        login.report(&sshd)
    );

    // Both refusals were for the answers: the right ones still log in.
    let login = sshd.login(UNIX_PASSWORD, &second);
    assert!(
        login.ran && login.exit == 0,
        "the right password and code did not log in:\n{}",
        login.report(&sshd)
    );
    assert_eq!(
        outcomes(&attempts(&env, "sshd")),
        ["failed", "success", "success"],
        "the module's verdicts (it checks the code whatever pam_unix said)"
    );
}

#[test]
fn sudo_with_the_password_and_the_right_code_runs_as_root_once() {
    let env = Env::new();
    let user = UnixUser::create();
    let sudo = Sudo::new(&env, &user, &login_stack(&env));
    let [first, second] = with_totp(&env, &user);

    let wrong = wrong_code(&[&first, &second]);
    let out = sudo.run(UNIX_PASSWORD, &wrong);
    assert_ne!(code(&out), 0, "a wrong code passed: {}", sudo.report(&out));
    assert!(!stdout(&out).contains("root"), "{}", sudo.report(&out));
    assert!(
        stderr(&out).contains("Verification code:"),
        "the code was not asked: {}",
        sudo.report(&out)
    );

    let out = sudo.run(UNIX_PASSWORD, &first);
    assert_eq!(code(&out), 0, "right code: {}", sudo.report(&out));
    assert_eq!(stdout(&out).trim(), "root", "{}", sudo.report(&out));

    let out = sudo.run(UNIX_PASSWORD, &first);
    assert_ne!(
        code(&out),
        0,
        "a replayed code passed: {}",
        sudo.report(&out)
    );
    assert_eq!(stdout(&out), "", "{}", sudo.report(&out));

    let out = sudo.run("not-the-password", &second);
    assert_ne!(
        code(&out),
        0,
        "a wrong password with the right code passed: {}",
        sudo.report(&out)
    );
    assert_eq!(stdout(&out), "", "{}", sudo.report(&out));

    let entries = attempts(&env, "sudo");
    assert_eq!(
        outcomes(&entries),
        ["failed", "success", "failed", "success"],
        "{entries:?}"
    );
    assert_eq!(entries[1]["details"]["service"], "sudo", "{entries:?}");
    // sudo sets no PAM_RHOST (sudoers' pam_rhost is off) but PAM_RUSER:
    // a local source, named by who ran sudo (per-source limits count local
    // users apart).
    assert_eq!(
        entries[1]["details"]["source"],
        format!("local ({})", user.name),
        "{entries:?}"
    );
}
