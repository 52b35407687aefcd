//! Real PAM clients for the module: the freshly built pam_mfactl.so loaded
//! by absolute path from a test service file, in a private mount namespace
//! whose /etc/pam.d is a folder of the test's (the machine's own PAM files
//! are never touched). Needs root, `unshare`, and pamtester (installed by
//! .ci/run); without them the tests fail and say why.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::common::*;

/// The module, built once per test run with the same profile as the tests.
pub fn module() -> &'static Path {
    static MODULE: OnceLock<PathBuf> = OnceLock::new();
    MODULE.get_or_init(|| {
        let mut cmd = cargo();
        cmd.args([
            "build",
            "-p",
            "pam_mfactl",
            "--message-format=json-render-diagnostics",
        ])
        .stderr(Stdio::inherit());
        if !cfg!(debug_assertions) {
            cmd.arg("--release");
        }
        let out = cmd.output().expect("run cargo build -p pam_mfactl");
        assert!(out.status.success(), "cargo build -p pam_mfactl failed");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["target"]["name"] == "pam_mfactl")
            .flat_map(|v| v["filenames"].as_array().cloned().unwrap_or_default())
            .filter_map(|f| f.as_str().map(PathBuf::from))
            .find(|f| f.extension().is_some_and(|e| e == "so"))
            .expect("cargo reported no libpam_mfactl.so")
    })
}

/// The module as a PAM line names it: the freshly built shared object,
/// running the freshly built mfactl as its helper (no daemon listens on the
/// socket it names).
pub fn module_line() -> String {
    format!(
        "{} helper={} socket=/nonexistent/mfactl-test.sock",
        module().display(),
        env!("CARGO_BIN_EXE_mfactl")
    )
}

/// `mfactl pam daemon` on a socket in the test's folder, as `user` (root
/// when `None`); stopped when dropped.
pub struct Daemon {
    child: Child,
    pub socket: PathBuf,
}

impl Daemon {
    pub fn start(env: &Env) -> Daemon {
        Self::start_as(env.path("run/pam.sock"), None)
    }

    pub fn start_as(socket: PathBuf, user: Option<&str>) -> Daemon {
        let mfactl = env!("CARGO_BIN_EXE_mfactl");
        let mut cmd = match user {
            None => Command::new(mfactl),
            Some(u) => {
                let mut c = Command::new("setpriv");
                c.args([
                    &format!("--reuid={u}"),
                    "--regid=nogroup",
                    "--clear-groups",
                    mfactl,
                ]);
                c
            }
        };
        let child = cmd
            .args(["pam", "daemon", "--socket"])
            .arg(&socket)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start mfactl pam daemon");
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::os::unix::net::UnixStream::connect(&socket).is_err() {
            assert!(
                Instant::now() < deadline,
                "mfactl pam daemon did not listen"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Daemon { child, socket }
    }

    /// The module line that asks this daemon, with `helper` (an absolute
    /// path) for when it does not listen.
    pub fn module_line(&self, helper: &str) -> String {
        format!(
            "{} helper={helper} socket={}",
            module().display(),
            self.socket.display()
        )
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Fails the test with what to install if `program` is missing.
pub fn require(program: &str, package: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "{program} is not installed: run .ci/run, or apt-get install {package}"
    );
}

/// A test PAM configuration: a folder mounted on /etc/pam.d for the
/// client, holding the service `mfactl-test`.
pub struct PamConf {
    pub dir: PathBuf,
    /// A folder the client sees as /dev, with /dev/log ours.
    dev: Option<PathBuf>,
}

/// What the module sends to syslog: a datagram socket the client's
/// namespace sees as /dev/log, drained by a thread (a sender blocks once
/// ten lines wait unread).
pub struct Syslog {
    lines: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Syslog {
    fn serve(socket: std::os::unix::net::UnixDatagram) -> Syslog {
        let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = lines.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = socket.recv(&mut buf) {
                let line = String::from_utf8_lossy(&buf[..n]).into_owned();
                kept.lock().expect("syslog lines").push(line);
            }
        });
        Syslog { lines }
    }

    /// The lines received so far (a moment's wait lets the last arrive).
    pub fn lines(&self) -> Vec<String> {
        std::thread::sleep(Duration::from_millis(50));
        self.lines.lock().expect("syslog lines").clone()
    }
}

pub const SERVICE: &str = "mfactl-test";

impl PamConf {
    /// A service whose auth and account stacks are pam_mfactl with `args`
    /// (the store and key file of `env` come first), after `before` lines.
    pub fn new(env: &Env, args: &str) -> PamConf {
        Self::with_stack(env, &stack(env, args))
    }

    /// A service with exactly this file content.
    pub fn with_stack(env: &Env, content: &str) -> PamConf {
        require("pamtester", "pamtester");
        let dir = env.path("pam.d");
        std::fs::create_dir_all(&dir).expect("pam.d");
        std::fs::write(dir.join(SERVICE), content).expect("service file");
        PamConf { dir, dev: None }
    }

    /// Catches the client's syslog lines from now on.
    pub fn capture_syslog(&mut self, env: &Env) -> Syslog {
        let dev = env.path("dev");
        std::fs::create_dir_all(&dev).expect("dev folder");
        for node in DEV_NODES {
            std::fs::write(dev.join(node), "").expect("a mount point");
        }
        let _ = std::fs::remove_file(dev.join("log"));
        let socket = std::os::unix::net::UnixDatagram::bind(dev.join("log")).expect("/dev/log");
        self.dev = Some(dev);
        Syslog::serve(socket)
    }

    /// pamtester in the private namespace, as a child with piped stdio.
    pub fn spawn(&self, user: &str, rhost: Option<&str>, ops: &[&str]) -> Child {
        self.spawn_as(None, user, rhost, ops)
    }

    /// [`PamConf::spawn`], with pamtester run by the OS user `os_user`
    /// (group nogroup) when given.
    pub fn spawn_as(
        &self,
        os_user: Option<&str>,
        user: &str,
        rhost: Option<&str>,
        ops: &[&str],
    ) -> Child {
        let mut cmd = match &self.dev {
            None => namespaced(&[(&self.dir, "/etc/pam.d")]),
            Some(dev) => {
                // The real device nodes are bound into our folder first, then
                // the folder over /dev.
                let nodes: Vec<String> = DEV_NODES
                    .iter()
                    .map(|n| format!("mount --bind /dev/{n} \"$2/{n}\" && "))
                    .collect();
                let mut cmd = namespaced_script(&format!(
                    "mount --bind \"$1\" /etc/pam.d && {}mount --rbind \"$2\" /dev && \
                     shift 2 && exec \"$@\"",
                    nodes.concat()
                ));
                cmd.arg(&self.dir).arg(dev);
                cmd
            }
        };
        if let Some(u) = os_user {
            cmd.args([
                "setpriv",
                &format!("--reuid={u}"),
                "--regid=nogroup",
                "--clear-groups",
            ]);
        }
        cmd.arg("timeout").arg("60").arg("pamtester").arg("-v");
        if let Some(h) = rhost {
            cmd.arg("-I").arg(format!("rhost={h}"));
        }
        cmd.arg(SERVICE).arg(user).args(ops);
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start pamtester")
    }

    /// pamtester answering the prompts with `answers`, one per line.
    pub fn run(&self, user: &str, rhost: Option<&str>, ops: &[&str], answers: &[&str]) -> Output {
        let mut child = self.spawn(user, rhost, ops);
        let mut stdin = child.stdin.take().expect("stdin");
        for a in answers {
            let _ = writeln!(stdin, "{a}");
        }
        drop(stdin);
        child.wait_with_output().expect("pamtester")
    }

    /// `authenticate` with these answers: pamtester's exit code and output.
    pub fn auth(&self, user: &str, answers: &[&str]) -> Output {
        self.run(user, None, &["authenticate"], answers)
    }
}

/// The device nodes a PAM client needs besides /dev/log.
const DEV_NODES: [&str; 4] = ["null", "zero", "random", "urandom"];

/// The stack of a service using only pam_mfactl.
pub fn stack(env: &Env, args: &str) -> String {
    let m = module_line();
    let db = env.db();
    let db = db.display();
    format!(
        "auth required {m} store={db} key_file={db}.key {args}\n\
         account required {m} store={db} key_file={db}.key {args}\n"
    )
}

/// `sh -c` in a private mount namespace with `binds` (host path → path)
/// bind-mounted; the command's arguments follow.
pub fn namespaced(binds: &[(&Path, &str)]) -> Command {
    let mut script = String::new();
    for i in 0..binds.len() {
        script.push_str(&format!(
            "mount --bind \"${}\" \"${}\" && ",
            2 * i + 1,
            2 * i + 2
        ));
    }
    script.push_str(&format!("shift {} && exec \"$@\"", 2 * binds.len()));
    let mut cmd = namespaced_script(&script);
    for (from, to) in binds {
        cmd.arg(from).arg(to);
    }
    cmd
}

/// `sh -c SCRIPT sh` in a private mount namespace (its mounts are never
/// seen outside); arguments added to the command are the script's `$1`….
pub fn namespaced_script(script: &str) -> Command {
    let mut cmd = Command::new("unshare");
    cmd.args(["-m", "--propagation", "private", "sh", "-c", script, "sh"]);
    cmd
}

/// What pamtester said (its stdout and stderr, where the prompts are).
pub fn said(out: &Output) -> String {
    format!("{}{}", stdout(out), stderr(out))
}

/// Waits (at most 20 s) until `address` has received more than `before`
/// emails; returns the newest.
pub fn next_mail(smtp: &smtp::Smtp, address: &str, before: usize) -> smtp::Mail {
    let start = Instant::now();
    loop {
        let mails = smtp.to(address);
        if mails.len() > before {
            return mails[mails.len() - 1].clone();
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no email for {address} arrived"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
