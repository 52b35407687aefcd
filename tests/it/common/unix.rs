//! Real login programs for the PAM module: a private sshd and sudo, each
//! given a test PAM stack (and, for sudo, a test sudoers) by bind mounts in
//! a private mount namespace, so the machine's own /etc files are never
//! modified. Test Unix users are created with useradd and always removed.
//!
//! Needs root, `unshare`, openssh-server and -client, expect, sudo and
//! util-linux's `setpriv` (installed by .ci/run).
//!
//! Every wait is bounded: sshd must be listening within `START_TIMEOUT`,
//! a client is ended by `timeout(1)` after `CLIENT_TIMEOUT`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::common::pam::{namespaced, require, said};
use crate::common::*;

/// The password every test Unix user gets (pam_unix checks it).
pub const UNIX_PASSWORD: &str = "unix-pw-4242";

/// How long sshd may take to listen.
const START_TIMEOUT: Duration = Duration::from_secs(15);
/// How long one ssh or sudo client may run, in seconds (for `timeout`).
const CLIENT_TIMEOUT: &str = "30";

/// A Unix account made for one test; removed (with its home) on drop, even
/// when the test fails.
pub struct UnixUser {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
}

impl UnixUser {
    /// A new account `mfat-<pid>-<n>` with a home, /bin/sh and
    /// `UNIX_PASSWORD`.
    pub fn create() -> UnixUser {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        require("useradd", "passwd");
        let mut tries = 0;
        let name = loop {
            let name = format!(
                "mfat-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            );
            let out = run(Command::new("useradd").args(["-m", "-s", "/bin/sh", &name]));
            // 9: the name is taken (left over from a killed run): take the next.
            if code(&out) == 9 && tries < 20 {
                tries += 1;
                continue;
            }
            assert_eq!(code(&out), 0, "useradd {name}: {}", show(&out));
            break name;
        };
        // From here on, Drop removes the account whatever happens.
        let mut user = UnixUser {
            name,
            uid: 0,
            gid: 0,
        };
        user.uid = id_number(&user.name, "-u");
        user.gid = id_number(&user.name, "-g");
        let out = run_with_stdin(
            &mut Command::new("chpasswd"),
            &format!("{}:{UNIX_PASSWORD}\n", user.name),
        );
        assert_eq!(code(&out), 0, "chpasswd {}: {}", user.name, show(&out));
        user
    }
}

impl UnixUser {
    /// `program` run as this user (setpriv, no supplementary groups).
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut cmd = Command::new("setpriv");
        cmd.arg(format!("--reuid={}", self.uid))
            .arg(format!("--regid={}", self.gid))
            .arg("--clear-groups")
            .arg(program);
        cmd
    }
}

impl Drop for UnixUser {
    fn drop(&mut self) {
        // -f: even if a process of the user is still running.
        let out = run(Command::new("userdel").args(["-r", "-f", &self.name]));
        if code(&out) != 0 && !std::thread::panicking() {
            panic!("userdel -r {}: {}", self.name, show(&out));
        }
    }
}

fn id_number(name: &str, flag: &str) -> u32 {
    let out = run(Command::new("id").args([flag, name]));
    stdout(&out)
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("id {flag} {name}: {}", show(&out)))
}

fn run(cmd: &mut Command) -> Output {
    cmd.stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("run {cmd:?}: {e}"))
}

fn run_with_stdin(cmd: &mut Command, input: &str) -> Output {
    use std::io::Write;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("run {cmd:?}: {e}"));
    let mut stdin = child.stdin.take().expect("stdin");
    // A client that exits early closes the pipe: not an error here.
    let _ = stdin.write_all(input.as_bytes());
    drop(stdin);
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("wait for {cmd:?}: {e}"))
}

/// `user` in the store of `env` under the same name, with an active TOTP
/// app confirmed with the code of the step before the current one, so that
/// the codes of the current and the next step (returned, in that order)
/// are both fresh: each can log in once within the next 30 seconds
/// (the store accepts ±1 step, and never a step at or before the last one
/// accepted). Call it last before the logins (after `pam::module()` has
/// built the module): the codes go stale a minute later.
pub fn with_totp(env: &Env, user: &UnixUser) -> [String; 2] {
    add_user(env, &user.name, None);
    let v = env.json(&["mfa", "enroll", &user.name, "--method", "totp"]);
    let secret = v["secret"].as_str().expect("secret").to_string();
    // The confirmation must fall in the step the codes were taken in.
    let step = settled_step(30, 10);
    env.ok_stdin(
        &["mfa", "confirm", &user.name, "--code-stdin"],
        &code_at_step(&secret, step - 1),
    );
    [code_at_step(&secret, step), code_at_step(&secret, step + 1)]
}

/// A 6-digit code that is none of `codes` (so, given the codes of every
/// step the store could accept now, a wrong code).
pub fn wrong_code(codes: &[&str]) -> String {
    (0..)
        .map(|n: u32| format!("{:06}", (123_456 + n * 111_111) % 1_000_000))
        .find(|c| !codes.contains(&c.as_str()))
        .expect("a wrong code")
}

/// The PAM file of a login service: pam_unix (the password), then
/// pam_mfactl on the store of `env`; account and session lines enough for
/// sshd and sudo.
pub fn login_stack(env: &Env) -> String {
    login_stack_with(env, &pam::module_line())
}

/// [`login_stack`] with `m` as the module's line (its path and arguments).
pub fn login_stack_with(env: &Env, m: &str) -> String {
    let db = env.db();
    let db = db.display();
    format!(
        "auth required pam_unix.so nodelay\n\
         auth required {m} store={db} key_file={db}.key\n\
         account required pam_unix.so\n\
         account required {m} store={db} key_file={db}.key\n\
         session required pam_unix.so\n"
    )
}

/// A private sshd on 127.0.0.1 that lets in only `user`, with the PAM
/// service `sshd` replaced (in its mount namespace) by `stack`. Dropping it
/// stops sshd (by pid); it borrows the user, so it always stops before the
/// user is deleted.
pub struct Sshd<'a> {
    pub port: u16,
    pub log: PathBuf,
    env: &'a Env,
    user: &'a UnixUser,
    child: Child,
}

impl<'a> Sshd<'a> {
    pub fn start(env: &'a Env, user: &'a UnixUser, stack: &str) -> Sshd<'a> {
        require("sshd", "openssh-server");
        require("unshare", "util-linux");
        let dir = env.path("sshd");
        std::fs::create_dir_all(&dir).expect("sshd folder");
        // sshd's privilege separation folder (what its service unit makes).
        if !Path::new("/run/sshd").is_dir() {
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new()
                .mode(0o755)
                .recursive(true)
                .create("/run/sshd")
                .expect("create /run/sshd");
        }
        let host_key = dir.join("host_ed25519");
        if !host_key.exists() {
            let out = run(Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", ""])
                .arg("-f")
                .arg(&host_key));
            assert_eq!(code(&out), 0, "ssh-keygen: {}", show(&out));
        }
        let pam_file = dir.join("pam-sshd");
        std::fs::write(&pam_file, stack).expect("PAM file");

        // A port free a moment ago may be taken before sshd binds it: retry.
        let mut last = String::new();
        for attempt in 0..5 {
            let port = free_port();
            let config = dir.join(format!("sshd_config.{attempt}"));
            let log = dir.join(format!("sshd.{attempt}.log"));
            std::fs::write(
                &config,
                format!(
                    "Port {port}\n\
                     ListenAddress 127.0.0.1\n\
                     HostKey {hk}\n\
                     PidFile {pid}\n\
                     UsePAM yes\n\
                     KbdInteractiveAuthentication yes\n\
                     PasswordAuthentication no\n\
                     PubkeyAuthentication no\n\
                     AuthenticationMethods keyboard-interactive\n\
                     AllowUsers {user}\n\
                     PermitRootLogin no\n\
                     UseDNS no\n\
                     PrintMotd no\n\
                     LogLevel VERBOSE\n",
                    hk = host_key.display(),
                    pid = dir.join("sshd.pid").display(),
                    user = user.name,
                ),
            )
            .expect("sshd_config");
            // unshare and sh exec: the child's pid is sshd's.
            let mut cmd = namespaced(&[(&pam_file, "/etc/pam.d/sshd")]);
            cmd.arg("/usr/sbin/sshd")
                .arg("-D")
                .arg("-f")
                .arg(&config)
                .arg("-E")
                .arg(&log)
                .env_clear()
                .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            let child = cmd.spawn().expect("start sshd");
            let mut sshd = Sshd {
                port,
                log,
                env,
                user,
                child,
            };
            match sshd.wait_listening() {
                Ok(()) => return sshd,
                Err(why) => last = why,
            }
            // Dropping `sshd` stops it if it still runs.
            if !last.contains("Address already in use") {
                break;
            }
        }
        panic!("sshd did not start: {last}");
    }

    /// Waits until the log says sshd listens; on failure, why.
    fn wait_listening(&mut self) -> Result<(), String> {
        let ready = format!("Server listening on 127.0.0.1 port {}", self.port);
        let start = Instant::now();
        loop {
            if self.log_text().contains(&ready) {
                return Ok(());
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                let mut err = String::new();
                if let Some(mut e) = self.child.stderr.take() {
                    use std::io::Read;
                    let _ = e.read_to_string(&mut err);
                }
                return Err(format!(
                    "sshd exited ({status}): {err}\nlog:\n{}",
                    self.log_text()
                ));
            }
            if start.elapsed() > START_TIMEOUT {
                return Err(format!(
                    "not listening after {START_TIMEOUT:?}; log:\n{}",
                    self.log_text()
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// What sshd has logged so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// `ssh user@127.0.0.1 printf 'ok-%s\n' TOKEN`, answering the password
    /// prompt with `password` and the code prompt with `answer` (expect, in a
    /// pty). Returns the client's output and whether the command's output
    /// (`ok-TOKEN`) was seen.
    pub fn login(&self, password: &str, answer: &str) -> SshLogin {
        let (env, user) = (self.env, self.user);
        require("expect", "expect");
        require("ssh", "openssh-client");
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let token = format!(
            "{:x}{:x}{}",
            std::process::id(),
            unix_now().to_bits() & 0xffff_ffff,
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let script = env.path("ssh-client.exp");
        std::fs::write(&script, EXPECT_SSH).expect("expect script");
        let out = run(Command::new("timeout")
            .arg(CLIENT_TIMEOUT)
            .arg("expect")
            .arg("-f")
            .arg(&script)
            .env_clear()
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .env("HOME", env.dir.path())
            .env("TERM", "dumb")
            .env("SSH_PORT", self.port.to_string())
            .env("SSH_USER", &user.name)
            .env("SSH_PASSWORD", password)
            .env("SSH_CODE", answer)
            .env("SSH_TOKEN", &token));
        let text = said(&out);
        SshLogin {
            ran: text.lines().any(|l| l.trim_end() == format!("ok-{token}")),
            exit: code(&out),
            text,
        }
    }
}

impl Drop for Sshd<'_> {
    fn drop(&mut self) {
        let pid = self.child.id().to_string();
        if let Ok(None) = self.child.try_wait() {
            // The child is not reaped yet: its pid is still sshd's.
            // The shell's kill: /bin/kill (procps) may not be installed.
            let _ = run(Command::new("sh").args(["-c", "kill -TERM \"$1\"", "sh", &pid]));
            let start = Instant::now();
            while let Ok(None) = self.child.try_wait() {
                if start.elapsed() > Duration::from_secs(5) {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

/// What one ssh client run did.
pub struct SshLogin {
    /// The remote command ran and its output came back.
    pub ran: bool,
    /// ssh's exit code (124: `timeout` ended it; 99: a prompt not answered).
    pub exit: i32,
    /// Everything the client showed: prompts, messages, output.
    pub text: String,
}

/// Answers `Password:` and a prompt naming a code, once each (a second
/// prompt of either kind means something asked again: exit 99).
const EXPECT_SSH: &str = r#"
set timeout 20
log_user 1
set pw_sent 0
set code_sent 0
spawn -noecho ssh -F /dev/null -p $env(SSH_PORT) \
    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
    -o PreferredAuthentications=keyboard-interactive \
    -o PubkeyAuthentication=no -o NumberOfPasswordPrompts=1 \
    -o ConnectTimeout=10 -o LogLevel=ERROR \
    $env(SSH_USER)@127.0.0.1 printf 'ok-%s\\n' $env(SSH_TOKEN)
expect {
    -re {[Pp]assword: ?$} {
        if {$pw_sent} { puts "\nEXPECT: password asked again"; exit 99 }
        set pw_sent 1
        send -- "$env(SSH_PASSWORD)\r"
        exp_continue
    }
    -re {[Cc]ode[^\n]*: ?$} {
        if {$code_sent} { puts "\nEXPECT: code asked again"; exit 99 }
        set code_sent 1
        send -- "$env(SSH_CODE)\r"
        exp_continue
    }
    timeout {
        puts "\nEXPECT: timed out"
        exit 124
    }
    eof
}
set result [wait]
exit [lindex $result 3]
"#;

impl SshLogin {
    pub fn report(&self, sshd: &Sshd) -> String {
        format!(
            "ssh exit {}\n--- client:\n{}\n--- sshd log:\n{}",
            self.exit,
            self.text,
            sshd.log_text()
        )
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port on 127.0.0.1")
        .port()
}

/// sudo with a test PAM stack and a test sudoers (both bind-mounted in a
/// private mount namespace) that lets `user` run `id -un` as root.
pub struct Sudo<'a> {
    user: &'a UnixUser,
    pam_file: PathBuf,
    sudoers: PathBuf,
    log: PathBuf,
}

impl<'a> Sudo<'a> {
    pub fn new(env: &Env, user: &'a UnixUser, stack: &str) -> Sudo<'a> {
        require("sudo", "sudo");
        require("setpriv", "util-linux");
        require("unshare", "util-linux");
        let dir = env.path("sudo");
        std::fs::create_dir_all(&dir).expect("sudo folder");
        let pam_file = dir.join("pam-sudo");
        std::fs::write(&pam_file, stack).expect("PAM file");
        let log = dir.join("sudo.log");
        let sudoers = dir.join("sudoers");
        std::fs::write(
            &sudoers,
            format!(
                "Defaults env_reset\n\
                 Defaults secure_path=\"/usr/sbin:/usr/bin:/sbin:/bin\"\n\
                 Defaults passwd_tries=1\n\
                 Defaults timestamp_timeout=0\n\
                 Defaults !lecture\n\
                 Defaults logfile=\"{log}\"\n\
                 root ALL=(ALL:ALL) ALL\n\
                 {user} ALL=(root) /usr/bin/id -un\n",
                log = log.display(),
                user = user.name,
            ),
        )
        .expect("sudoers");
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&sudoers, std::fs::Permissions::from_mode(0o440))
                .expect("chmod sudoers");
        }
        let out = run(Command::new("visudo").arg("-cf").arg(&sudoers));
        assert_eq!(code(&out), 0, "visudo -cf: {}", show(&out));
        Sudo {
            user,
            pam_file,
            sudoers,
            log,
        }
    }

    /// As `user`: `sudo -S -k id -un`, with `password` and `code` on
    /// standard input, one a line (sudo -S reads every prompt from it).
    pub fn run(&self, password: &str, code: &str) -> Output {
        let user = self.user;
        let mut cmd = namespaced(&[
            (&self.pam_file, "/etc/pam.d/sudo"),
            (&self.sudoers, "/etc/sudoers"),
        ]);
        cmd.arg("timeout")
            .arg(CLIENT_TIMEOUT)
            .arg("setpriv")
            .arg(format!("--reuid={}", user.uid))
            .arg(format!("--regid={}", user.gid))
            .arg("--init-groups")
            .args(["sudo", "-S", "-k", "id", "-un"])
            .env_clear()
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .env("HOME", "/")
            .current_dir("/");
        run_with_stdin(&mut cmd, &format!("{password}\n{code}\n"))
    }

    /// sudo's output and its log, for assertion messages.
    pub fn report(&self, out: &Output) -> String {
        format!(
            "{}\n--- sudo log:\n{}",
            show(out),
            std::fs::read_to_string(&self.log).unwrap_or_default()
        )
    }
}

/// A folder the user nobody owns (mode 0700), outside the test's private
/// folder (which nobody cannot enter).
pub fn nobodys_folder() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::Builder::new()
        .prefix("mfactl-nobody")
        .tempdir_in("/tmp")
        .expect("folder");
    std::os::unix::fs::chown(dir.path(), Some(65534), Some(65534)).expect("chown");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).expect("chmod");
    dir
}
