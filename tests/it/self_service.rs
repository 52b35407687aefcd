//! `sudo mfactl self …` through real sudo: a Unix test user, a test
//! sudoers file and root's store at /var/lib/mfactl, all mounted in a
//! private mount namespace (the machine's own files are untouched).

use std::process::{Command, Output, Stdio};

use crate::common::pam::{namespaced_script, require};
use crate::common::unix::UnixUser;
use crate::common::*;

/// The store of `env` as root's store, and sudoers letting `user` run
/// `mfactl self *` (and nothing else) without a password.
struct SudoSetup<'a> {
    env: &'a Env,
    user: UnixUser,
    sudoers: std::path::PathBuf,
}

fn mfactl_bin() -> String {
    assert_cmd::cargo::cargo_bin!("mfactl")
        .display()
        .to_string()
}

impl<'a> SudoSetup<'a> {
    /// Sudoers allowing `mfactl self *`, as the README says.
    fn new(env: &'a Env) -> SudoSetup<'a> {
        Self::allowing(env, "self *")
    }

    /// Sudoers allowing `mfactl PATTERN` (a too broad `*` shows what mfactl
    /// itself refuses).
    fn allowing(env: &'a Env, pattern: &str) -> SudoSetup<'a> {
        require("sudo", "sudo");
        require("setpriv", "util-linux");
        let user = UnixUser::create();
        let sudoers = env.path("sudoers");
        std::fs::write(
            &sudoers,
            format!(
                "Defaults env_reset,lecture=never\nroot ALL=(ALL:ALL) ALL\n\
                 {} ALL=(root) NOPASSWD: {} {pattern}\n",
                user.name,
                mfactl_bin()
            ),
        )
        .expect("sudoers");
        let check = Command::new("visudo")
            .arg("-cf")
            .arg(&sudoers)
            .output()
            .expect("visudo");
        assert!(check.status.success(), "visudo: {}", show(&check));
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&sudoers, std::fs::Permissions::from_mode(0o440)).unwrap();
        add_user(env, &user.name, Some("someone@example.com"));
        SudoSetup { env, user, sudoers }
    }

    /// `sudo -n mfactl ARGS` as the test user, `stdin` on standard input.
    fn sudo(&self, args: &[&str], stdin: &str) -> Output {
        let mut inner = vec![
            "setpriv".to_string(),
            format!("--reuid={}", self.user.uid),
            format!("--regid={}", self.user.gid),
            "--init-groups".into(),
            "sudo".into(),
            "-n".into(),
            mfactl_bin(),
        ];
        inner.extend(args.iter().map(|a| a.to_string()));
        self.run_as_root_store(&inner, stdin)
    }

    /// `argv` in a namespace where the test store is root's store and the
    /// test sudoers is /etc/sudoers.
    fn run_as_root_store(&self, argv: &[String], stdin: &str) -> Output {
        let folder = self.env.db().parent().unwrap().display().to_string();
        let script = "mount -t tmpfs -o mode=0755 tmpfs /var/lib && mkdir -m 0700 /var/lib/mfactl \
             && mount --bind \"$1\" /var/lib/mfactl && mount --bind \"$2\" /etc/sudoers \
             && shift 2 && exec \"$@\"";
        let mut cmd = namespaced_script(script);
        cmd.arg(&folder).arg(&self.sudoers).args(argv);
        cmd.env_clear().env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("start sudo");
        use std::io::Write;
        let mut input = child.stdin.take().expect("stdin");
        let _ = input.write_all(stdin.as_bytes());
        drop(input);
        child.wait_with_output().expect("sudo")
    }
}

fn codes_in(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.len() == 19 && l.matches('-').count() == 3)
        .map(str::to_string)
        .collect()
}

#[test]
fn a_user_generates_their_own_backup_codes_after_confirming_it_is_them() {
    let env = Env::new();
    set(&env, "mfa.alternates", "backup-codes");
    let s = SudoSetup::new(&env);

    let out = s.sudo(&["self", "backup-codes", "generate"], "wrong password\n");
    assert_eq!(code(&out), 3, "wrong password: {}", show(&out));
    assert!(
        codes_in(&stdout(&out)).is_empty(),
        "codes shown: {}",
        show(&out)
    );

    let out = s.sudo(
        &["self", "backup-codes", "generate"],
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(code(&out), 0, "{}", show(&out));
    let codes = codes_in(&stdout(&out));
    assert_eq!(codes.len(), 10, "{}", show(&out));
    // They work for that user, once.
    env.ok_stdin(
        &[
            "mfa",
            "verify",
            &s.user.name,
            "--method",
            "backup-code",
            "--code-stdin",
        ],
        &codes[0],
    );
    let status = env.json(&["backup-codes", "status", &s.user.name]);
    assert_eq!(status["remaining"], 9, "{status}");
    // The audit log says who, and that it came through sudo.
    let entry = audit(&env, &[])
        .into_iter()
        .rev()
        .find(|e| e["action"] == "backup-codes.generate")
        .expect("a generate entry");
    assert_eq!(entry["target"], s.user.name.as_str(), "{entry}");
    assert_eq!(entry["actor"], format!("{} (sudo)", s.user.name), "{entry}");
    let json = entry.to_string();
    assert!(!codes.iter().any(|c| json.contains(c.as_str())));
}

#[test]
fn a_user_enrols_and_confirms_their_own_app() {
    let env = Env::new();
    let s = SudoSetup::new(&env);
    let out = s.sudo(
        &["self", "mfa", "enroll", "--json"],
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(code(&out), 0, "{}", show(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let secret = v["secret"].as_str().expect("secret").to_string();
    let step = settled_step(30, 5);
    let out = s.sudo(
        &["self", "mfa", "confirm", "--code-stdin"],
        &code_at_step(&secret, step),
    );
    assert_eq!(code(&out), 0, "{}", show(&out));
    let list = env.json(&["mfa", "list", &s.user.name]);
    assert_eq!(list[0]["state"], "active", "{list}");
    // Enrolling another app now needs the password again.
    let out = s.sudo(&["self", "mfa", "enroll", "--label", "second"], "nope\n");
    assert_eq!(code(&out), 3, "{}", show(&out));
}

#[test]
fn through_sudo_only_self_runs_and_only_on_roots_store() {
    let env = Env::new();
    // Even if sudoers lets the user run any mfactl command…
    let s = SudoSetup::allowing(&env, "*");
    let before = dump(&env.db());
    for args in [
        vec!["user", "list"],
        vec!["user", "set", "x", "--admin", "on"],
        vec!["status"],
    ] {
        let out = s.sudo(&args, "");
        assert_eq!(code(&out), 5, "{args:?}: {}", show(&out));
        assert!(stderr(&out).contains("only `self`"), "{}", show(&out));
    }
    let out = s.sudo(&["self", "mfa", "list", "--db", "/tmp/elsewhere.db"], "");
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert_eq!(
        before,
        dump(&env.db()),
        "a refused command changed the store"
    );
    // Sessions and the list are the user's own.
    let out = s.sudo(&["self", "sessions", "--json"], "");
    assert_eq!(code(&out), 0, "{}", show(&out));
}

#[test]
fn self_without_sudo_and_sudo_uid_without_sudo() {
    let env = Env::new();
    add_user(&env, "alice", None);
    let err = env.fails(&["self", "mfa", "list"], 5);
    assert!(err.contains("through sudo"), "{err}");
    // A root shell that kept SUDO_UID (sudo -i) is root, not that user.
    let out = env
        .cmd()
        .env("SUDO_UID", "1000")
        .env("SUDO_USER", "someone")
        .args(["user", "list"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", show(&out));
}

#[test]
fn only_root_names_the_source_address() {
    let env = Env::new();
    add_user(&env, "alice", None);
    let u = UnixUser::create();
    // A non-root user on a store of their own still cannot claim an address.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("own.db");
    std::os::unix::fs::chown(dir.path(), Some(u.uid), Some(u.gid)).unwrap();
    let out = u
        .command(mfactl_bin())
        .args([
            "--db",
            db.to_str().unwrap(),
            "login",
            "x",
            "--password-stdin",
            "--ip",
        ])
        .arg("10.0.0.1")
        .env_clear()
        .env("HOME", dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(code(&out), 5, "{}", show(&out));
    assert!(stderr(&out).contains("only root"), "{}", show(&out));
}

#[test]
fn a_store_others_can_write_is_refused_and_status_says_why() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    add_user(&env, "alice", None);
    let db = env.db();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o666)).unwrap();
    let err = env.refused(&["user", "list"], 1);
    assert!(
        err.contains("writable by other users") && err.contains("chmod 600"),
        "{err}"
    );
    let err = env.fails(&["status"], 1);
    assert!(err.contains("chmod 600"), "{err}");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).unwrap();

    // A key file owned by someone else is refused too.
    let u = UnixUser::create();
    let key = env.path("mfactl.db.key");
    std::os::unix::fs::chown(&key, Some(u.uid), None).unwrap();
    let err = env.fails(&["user", "list"], 1);
    assert!(
        err.contains("key file") && err.contains("belongs to uid"),
        "{err}"
    );
    std::os::unix::fs::chown(&key, Some(0), None).unwrap();

    let v = env.json(&["status"]);
    let roles: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["role"].as_str().unwrap())
        .collect();
    assert!(
        roles.contains(&"store") && roles.contains(&"key file"),
        "{v}"
    );
    assert!(v["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["owner"] == "root"));
}

#[test]
fn roots_default_store_is_in_var_lib_mfactl() {
    let env = Env::new();
    let mut cmd =
        namespaced_script("mount -t tmpfs -o mode=0755 tmpfs /var/lib && shift && exec \"$@\"");
    cmd.arg("-")
        .arg(mfactl_bin())
        .args(["--json", "status"])
        .env_clear()
        .env("HOME", env.dir.path());
    let out = cmd.output().expect("mfactl");
    assert_eq!(code(&out), 0, "{}", show(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(v["store"], "/var/lib/mfactl/mfactl.db", "{v}");
    let folder = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["role"] == "folder")
        .expect("the folder")
        .clone();
    assert_eq!(folder["mode"], "0700", "{folder}");
}

#[test]
fn bad_input_through_sudo_changes_nothing() {
    let env = Env::new();
    set(&env, "mfa.alternates", "backup-codes");
    let s = SudoSetup::new(&env);
    let before = dump(&env.db());
    for (args, stdin, expected) in [
        (
            vec!["self", "mfa", "enroll", "--label", ""],
            format!("{PASSWORD}\n"),
            2,
        ),
        (
            vec!["self", "mfa", "enroll", "--label", "a\u{1b}[31m"],
            format!("{PASSWORD}\n"),
            2,
        ),
        (vec!["self", "mfa", "enroll"], String::new(), 2),
        (vec!["self", "mfa", "list", "--bogus"], String::new(), 2),
        (vec!["self", "backup-codes", "generate"], "\n".into(), 2),
    ] {
        let out = s.sudo(&args, &stdin);
        assert_eq!(code(&out), expected, "{args:?}: {}", show(&out));
        assert!(
            stderr(&out).starts_with("error:"),
            "{args:?}: {}",
            show(&out)
        );
    }
    assert_eq!(before, dump(&env.db()), "bad input changed the store");
}

#[test]
fn through_sudo_roots_store_is_never_created() {
    let env = Env::new();
    let s = SudoSetup::new(&env);
    std::fs::remove_file(env.db()).unwrap();
    std::fs::remove_file(env.path("mfactl.db.key")).unwrap();
    let _ = std::fs::remove_file(env.path("mfactl.db-wal"));
    let _ = std::fs::remove_file(env.path("mfactl.db-shm"));
    let out = s.sudo(&["self", "mfa", "list"], "");
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(stderr(&out).contains("does not exist"), "{}", show(&out));
    assert!(
        !env.db().exists(),
        "a user through sudo created root's store"
    );
}
