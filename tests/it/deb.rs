//! The Debian package: built with cargo-deb (release), installed on this
//! machine with `dpkg -i`, checked file by file, used for a login through
//! PAM with the installed module named bare (so PAM finds it in its own
//! folder), and purged again. Needs root, cargo-deb, dpkg, pamtester and
//! unshare (installed by .ci/run); without them the test fails and says why.
//! A machine where the package `mfactl` is already installed is refused
//! rather than changed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

use crate::common::pam::*;
use crate::common::*;

const PACKAGE: &str = "mfactl";
const VERSION: &str = env!("CARGO_PKG_VERSION");

#[test]
fn the_package_installs_the_cli_the_module_and_their_files_and_logs_in() {
    require_root();
    for (program, package) in [
        ("dpkg", "dpkg"),
        ("dpkg-shlibdeps", "dpkg-dev"),
        ("pamtester", "pamtester"),
        ("unshare", "util-linux"),
    ] {
        require(program, package);
    }
    require_cargo_deb();
    let before = package_status();
    assert!(
        ["not-installed", "config-files"].contains(&before.as_str()),
        "the package {PACKAGE} is on this machine ({before}); this test installs its own \
         build and purges it afterwards, so remove it first: dpkg --purge {PACKAGE}"
    );

    let env = Env::new();
    let deb = build_deb(&env);
    let contents = run_ok(Command::new("dpkg-deb").arg("--contents").arg(&deb));
    let installed = Installed::install(&deb);

    // The command line, the version of this crate.
    let out = run_ok(Command::new("/usr/bin/mfactl").arg("--version"));
    assert_eq!(out.trim(), format!("mfactl {VERSION}"), "mfactl --version");
    let control = run_ok(Command::new("dpkg-query").args(["--status", PACKAGE]));
    assert!(
        control.contains(&format!("Version: {VERSION}")),
        "{control}"
    );
    let depends = control
        .lines()
        .find(|l| l.starts_with("Depends:"))
        .unwrap_or_else(|| panic!("no Depends: {control}"));
    for dep in ["libc6", "libpam0g"] {
        assert!(depends.contains(dep), "{depends}");
    }

    // The module, in the folder where this machine's PAM keeps its own
    // modules (pam_unix.so's), under the name PAM files use.
    let module = Path::new("/usr/lib/x86_64-linux-gnu/security/pam_mfactl.so");
    assert!(module.is_file(), "{} is not installed", module.display());
    assert_eq!(mode(module), 0o644, "{}", module.display());
    let security = pam_security_folder();
    assert_eq!(
        canonical(&security.join("pam_mfactl.so")),
        canonical(module),
        "the module is not in PAM's folder {}",
        security.display()
    );
    assert!(
        !contents.contains("libpam_mfactl.so"),
        "the package holds the cdylib's cargo name:\n{contents}"
    );

    // Manual pages (gzipped by cargo-deb), completions, the example, docs.
    let man = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let mut pages = 0;
    for entry in std::fs::read_dir(&man).expect("man/") {
        let name = entry.expect("man/ entry").file_name();
        let name = name.to_str().expect("UTF-8 man page name");
        let Some(section) = name.rsplit('.').next().filter(|s| ["1", "8"].contains(s)) else {
            continue;
        };
        let installed = PathBuf::from(format!("/usr/share/man/man{section}/{name}.gz"));
        assert!(
            installed.is_file(),
            "{} is not installed",
            installed.display()
        );
        pages += 1;
    }
    assert!(pages > 1, "no man pages found in {}", man.display());
    for file in [
        "/usr/share/man/man1/mfactl.1.gz",
        "/usr/share/bash-completion/completions/mfactl",
        "/usr/share/zsh/vendor-completions/_mfactl",
        "/usr/share/fish/vendor_completions.d/mfactl.fish",
        "/usr/share/doc/mfactl/examples/sshd",
        "/lib/systemd/system/mfactl-pam.service",
        "/usr/share/doc/mfactl/README.md",
        "/usr/share/doc/mfactl/copyright",
    ] {
        assert!(Path::new(file).is_file(), "{file} is not installed");
    }
    let example = std::fs::read_to_string("/usr/share/doc/mfactl/examples/sshd").unwrap();
    assert!(
        example
            .lines()
            .any(|l| l.starts_with("auth") && l.contains(" pam_mfactl.so ")),
        "the example has no pam_mfactl line:\n{example}"
    );

    let unit = std::fs::read_to_string("/lib/systemd/system/mfactl-pam.service").unwrap();
    assert!(
        unit.contains("ExecStart=/usr/bin/mfactl pam daemon"),
        "the unit does not start the daemon:\n{unit}"
    );

    // A login through the installed module: a store made by the installed
    // binary, alice with an authenticator app. No daemon runs here: the
    // module runs the installed /usr/bin/mfactl as its helper.
    let secret = alice_with_totp(&env);
    let db = env.db();
    let db = db.display();
    let pam = PamConf::with_stack(
        &env,
        &format!(
            "auth required pam_mfactl.so store={db} key_file={db}.key\n\
             account required pam_mfactl.so store={db} key_file={db}.key\n"
        ),
    );
    let right = fresh_code(&secret);
    let out = pam.run("alice", None, &["authenticate", "acct_mgmt"], &[&right]);
    assert!(
        code(&out) == 0 && said(&out).contains("successfully authenticated"),
        "the right code: {}",
        said(&out)
    );
    let wrong = format!("{:06}", (right.parse::<u32>().unwrap() + 1) % 1_000_000);
    let out = pam.auth("alice", &[&wrong]);
    assert_ne!(code(&out), 0, "a wrong code passed: {}", said(&out));
    assert!(
        said(&out).contains("Authentication failure"),
        "{}",
        said(&out)
    );

    installed.purge();
    assert!(!Path::new("/usr/bin/mfactl").exists(), "purge left mfactl");
    assert!(!module.exists(), "purge left the module");
    assert_eq!(package_status(), "not-installed");
}

/// Fails the test unless it runs as root (dpkg -i and the PAM namespace).
fn require_root() {
    let id = run_ok(Command::new("id").arg("-u"));
    assert_eq!(
        id.trim(),
        "0",
        "the package test installs a .deb with dpkg: run the tests as root (CI does)"
    );
}

/// Fails the test with how to install cargo-deb if `cargo deb` is missing.
fn require_cargo_deb() {
    let found = cargo()
        .args(["deb", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        found,
        "cargo-deb is not installed: run .ci/run, or cargo install cargo-deb --locked"
    );
}

/// The release build of the workspace and `cargo deb --no-build`, the
/// commands the README gives; returns the .deb.
fn build_deb(env: &Env) -> PathBuf {
    let start = Instant::now();
    let status = cargo()
        .args(["build", "--release", "--workspace"])
        .status()
        .expect("run cargo build --release --workspace");
    assert!(status.success(), "cargo build --release --workspace failed");
    let built = start.elapsed();
    let deb = env.path("mfactl.deb");
    let status = cargo()
        .args(["deb", "--no-build", "--output"])
        .arg(&deb)
        .status()
        .expect("run cargo deb");
    assert!(status.success(), "cargo deb --no-build failed");
    eprintln!(
        "release build {:.0?}, cargo deb {:.0?}",
        built,
        start.elapsed() - built
    );
    assert!(deb.is_file(), "cargo deb wrote no {}", deb.display());
    deb
}

/// The installed package; purged when dropped (a failing test too), so the
/// machine is left as it was found.
struct Installed {
    purged: bool,
}

impl Installed {
    fn install(deb: &Path) -> Installed {
        // From here on the package is removed, whatever happens.
        let installed = Installed { purged: false };
        run_ok(Command::new("dpkg").arg("--install").arg(deb));
        installed
    }

    fn purge(mut self) {
        self.purged = true;
        run_ok(Command::new("dpkg").args(["--purge", PACKAGE]));
    }
}

impl Drop for Installed {
    fn drop(&mut self) {
        if !self.purged {
            let _ = Command::new("dpkg").args(["--purge", PACKAGE]).status();
        }
    }
}

/// dpkg's state of the package: `installed`, `not-installed`,
/// `config-files`, ….
fn package_status() -> String {
    let out = Command::new("dpkg-query")
        .args(["--show", "--showformat=${db:Status-Status}", PACKAGE])
        .output()
        .expect("run dpkg-query");
    let status = stdout(&out).trim().to_string();
    if status.is_empty() {
        // dpkg-query fails for a package it has never heard of.
        "not-installed".to_string()
    } else {
        status
    }
}

/// The folder of libpam-modules' pam_unix.so: where PAM looks for a module
/// named without a path.
fn pam_security_folder() -> PathBuf {
    let files = run_ok(Command::new("dpkg").args(["--listfiles", "libpam-modules"]));
    let unix = files
        .lines()
        .find(|l| l.ends_with("/security/pam_unix.so"))
        .unwrap_or_else(|| panic!("libpam-modules has no pam_unix.so:\n{files}"));
    Path::new(unix).parent().expect("a folder").to_path_buf()
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs `cmd`, asserts success, returns stdout.
fn run_ok(cmd: &mut Command) -> String {
    let out: Output = cmd
        .output()
        .unwrap_or_else(|e| panic!("{cmd:?} did not start: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// The installed mfactl on `env`'s store, with `Env::cmd`'s environment.
fn installed_mfactl(env: &Env, args: &[&str], stdin: &str) -> String {
    use std::io::Write;
    let mut child = Command::new("/usr/bin/mfactl")
        .env_clear()
        .env("HOME", env.dir.path())
        .env("MFACTL_DB", env.db())
        .env("NO_COLOR", "1")
        .current_dir(env.dir.path())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start /usr/bin/mfactl");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.as_bytes()).expect("write stdin");
    drop(input);
    let out = child.wait_with_output().expect("/usr/bin/mfactl");
    assert_eq!(
        code(&out),
        0,
        "/usr/bin/mfactl {args:?} failed:\n{}",
        stderr(&out)
    );
    stdout(&out)
}

/// Alice with an active authenticator app, set up with the installed
/// binary; returns its seed.
fn alice_with_totp(env: &Env) -> String {
    installed_mfactl(env, &["user", "add", "alice", "--password-stdin"], PASSWORD);
    let out = installed_mfactl(
        env,
        &["--json", "mfa", "enroll", "alice", "--method", "totp"],
        "",
    );
    let v: serde_json::Value = serde_json::from_str(&out).expect("enroll --json");
    let secret = v["secret"].as_str().expect("secret").to_string();
    let step = settled_step(30, 5);
    installed_mfactl(
        env,
        &["mfa", "confirm", "alice", "--code-stdin"],
        &code_at_step(&secret, step),
    );
    secret
}
