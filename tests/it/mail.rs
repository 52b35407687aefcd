//! `mfactl mail …` against real SMTP counterparts in the test process:
//! delivery of the test message, required STARTTLS (never a plain-text
//! downgrade), unreachable and silent servers, SMTP authentication without
//! leaking the password, and the outbox (`mail queue`, `mail flush`,
//! `status`) fed by emergency-login notifications, including two flushes
//! running at the same time.

use crate::common::emergency::code_in;
use crate::common::smtp::*;
use crate::common::*;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Child;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

// ---------------------------------------------------------------- helpers

const FROM: &str = "mfactl@example.com";

/// Waits for `child`, killing it (and failing the test) after `guard`.
fn wait_guarded(mut child: Child, guard: Duration, what: &str) -> std::process::Output {
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait for mfactl").is_some() {
            return child.wait_with_output().expect("collect output");
        }
        if start.elapsed() > guard {
            let _ = child.kill();
            let out = child.wait_with_output().expect("collect output");
            panic!(
                "{what} still running after {guard:?}; killed.\nstdout: {}\nstderr: {}",
                stdout(&out),
                stderr(&out)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The queue as `mail queue --json` shows it.
fn queue(env: &Env) -> Vec<Value> {
    env.json(&["mail", "queue"])
        .as_array()
        .unwrap_or_else(|| panic!("mail queue --json is not an array"))
        .clone()
}

fn queued_mail_count(env: &Env) -> i64 {
    let v = env.json(&["status"]);
    v["counts"]["queued_mail"]
        .as_i64()
        .unwrap_or_else(|| panic!("status --json has no counts.queued_mail: {v}"))
}

/// The health warnings of `status` (lines `  ! …` of the text output).
fn status_warnings(env: &Env) -> Vec<String> {
    env.ok(&["status"])
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("! "))
        .map(str::to_string)
        .collect()
}

/// Emergency login ready for alice (direct administrator with an email),
/// plus one more administrator per name in `other_admins`.
fn emergency_setup(env: &Env, smtp: &Smtp, other_admins: &[&str]) {
    use_smtp(env, smtp.port);
    set(env, "authentication.emergency_code.enabled", "true");
    env.ok(&[
        "user",
        "add",
        "alice",
        "--email",
        "alice@example.com",
        "--admin",
    ]);
    for name in other_admins {
        let email = format!("{name}@example.com");
        env.ok(&["user", "add", name, "--email", &email, "--admin"]);
    }
    env.ok(&["user", "set", "alice", "--emergency-login", "on"]);
}

/// Requests a code for alice (server up) and returns it as received.
fn request_code(env: &Env, smtp: &Smtp) -> String {
    let before = smtp.to("alice@example.com").len();
    env.ok(&["emergency", "request", "alice"]);
    let mails = smtp.wait_for("alice@example.com", before + 1);
    assert_eq!(mails.len(), before + 1, "no code email for alice");
    let body = mails.last().unwrap().body();
    code_in(&body)
}

/// Requests a code with the server up, takes the server down, and logs
/// in: the login succeeds and its notifications stay queued. Returns the
/// code and the login's stderr.
fn login_with_server_down(env: &Env, smtp: &Smtp) -> (String, String) {
    let secret = request_code(env, smtp);
    set(env, "smtp.port", &dead_port().to_string());
    let out = env.run_stdin(
        &["emergency", "login", "alice", "--code-stdin"],
        &format!("{secret}\n"),
    );
    assert_eq!(
        code(&out),
        0,
        "emergency login with the mail server down:\n{}",
        show(&out)
    );
    (secret, stderr(&out))
}

/// The notifications alice's emergency login produced, as received.
fn login_notices(smtp: &Smtp, to: &str) -> Vec<Mail> {
    smtp.to(to)
        .into_iter()
        .filter(|m| m.subject().contains("Emergency login used by alice"))
        .collect()
}

fn base64(input: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A listener that accepts connections and never says anything.
fn silent_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    port
}

/// A server that answers one byte a second, for ever (well, 2 minutes):
/// every read succeeds, so a per-read timeout never fires.
fn dripping_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                for b in b"220-drip ".iter().cycle().take(120) {
                    if stream.write_all(&[*b]).is_err() {
                        return;
                    }
                    std::thread::sleep(Duration::from_secs(1));
                }
            });
        }
    });
    port
}

#[test]
fn a_dripping_server_cannot_hold_a_command_past_smtp_timeout() {
    let env = Env::new();
    use_smtp(&env, dripping_server());
    set(&env, "smtp.timeout", "2s");
    let started = Instant::now();
    let child = spawn(&env, &["mail", "test", "--to", "x@example.com"], false);
    let out = wait_guarded(child, Duration::from_secs(30), "mail test");
    assert_eq!(code(&out), 69, "{}", show(&out));
    assert!(stderr(&out).contains("smtp.timeout"), "{}", show(&out));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?} with smtp.timeout 2s",
        started.elapsed()
    );
}

#[test]
fn smtp_timeout_bounds_a_whole_flush_not_each_message() {
    // Three queued notices; each takes 1.5 s to be accepted, the timeout is
    // 2 s: one goes, the others stay queued for the next flush.
    let env = Env::new();
    let smtp = Smtp::start();
    emergency_setup(&env, &smtp, &["bob", "carol"]);
    login_with_server_down(&env, &smtp);
    let waiting = queued_mail_count(&env);
    assert!(waiting >= 3, "{waiting} queued");
    let slow = AuthServer::start_slow(true, Duration::from_millis(1500));
    set(&env, "smtp.port", &slow.port.to_string());
    set(&env, "smtp.timeout", "2s");
    let started = Instant::now();
    let child = spawn(&env, &["mail", "flush"], false);
    let out = wait_guarded(child, Duration::from_secs(30), "mail flush");
    let took = started.elapsed();
    assert_eq!(code(&out), 69, "{}", show(&out));
    assert!(took < Duration::from_secs(4), "flush took {took:?}");
    let left = queued_mail_count(&env);
    assert!(
        left >= 1 && left < waiting,
        "{left} of {waiting} still queued"
    );
}

/// A minimal scripted SMTP server that offers `AUTH PLAIN` on a plain
/// connection (mailin-embedded only offers AUTH after STARTTLS), records
/// every line the client sends, and accepts or rejects the credentials.
struct AuthServer {
    port: u16,
    lines: Arc<Mutex<Vec<String>>>,
}

impl AuthServer {
    fn start(accept_credentials: bool) -> AuthServer {
        Self::start_slow(accept_credentials, Duration::ZERO)
    }

    /// A server that takes `delay` to accept each message.
    fn start_slow(accept_credentials: bool, delay: Duration) -> AuthServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let log = lines.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = log.clone();
                std::thread::spawn(move || {
                    let _ = AuthServer::session(stream, &log, accept_credentials, delay);
                });
            }
        });
        AuthServer { port, lines }
    }

    fn session(
        stream: TcpStream,
        log: &Mutex<Vec<String>>,
        accept: bool,
        delay: Duration,
    ) -> std::io::Result<()> {
        let mut out = stream.try_clone()?;
        let mut input = BufReader::new(stream);
        out.write_all(b"220 auth.test ESMTP ready\r\n")?;
        let mut in_data = false;
        loop {
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                return Ok(());
            }
            log.lock().unwrap().push(line.clone());
            let text = line.trim_end();
            if in_data {
                if text == "." {
                    in_data = false;
                    std::thread::sleep(delay);
                    out.write_all(b"250 2.0.0 Ok: queued as AUTHTEST\r\n")?;
                }
                continue;
            }
            let verb = text
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
            let reply: &[u8] = match verb.as_str() {
                "EHLO" => b"250-auth.test\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n",
                "HELO" => b"250 auth.test\r\n",
                "AUTH" if accept => b"235 2.7.0 Authentication successful\r\n",
                "AUTH" => b"535 5.7.8 Authentication credentials invalid\r\n",
                "MAIL" | "RCPT" | "RSET" | "NOOP" => b"250 2.1.0 Ok\r\n",
                "DATA" => {
                    in_data = true;
                    b"354 End data with <CR><LF>.<CR><LF>\r\n"
                }
                "QUIT" => {
                    out.write_all(b"221 2.0.0 Bye\r\n")?;
                    return Ok(());
                }
                _ => b"502 5.5.2 Command not recognized\r\n",
            };
            out.write_all(reply)?;
        }
    }

    fn transcript(&self) -> String {
        self.lines.lock().unwrap().concat()
    }
}

// ------------------------------------------------------------ mail test

#[test]
fn mail_test_delivers_a_real_message_and_prints_the_server_answer() {
    let env = Env::new();
    let smtp = Smtp::start();
    use_smtp(&env, smtp.port);

    let out = env.ok(&["mail", "test", "--to", "bob@example.com"]);
    assert!(out.contains("250"), "no SMTP code 250 in: {out}");
    assert!(
        out.contains("bob@example.com"),
        "recipient not named: {out}"
    );

    let mails = smtp.messages();
    assert_eq!(mails.len(), 1, "{mails:#?}");
    let mail = &mails[0];
    assert_eq!(mail.to, vec!["bob@example.com".to_string()]);
    assert_eq!(mail.from, FROM, "envelope sender");
    let from_header = mail
        .data
        .lines()
        .find_map(|l| l.strip_prefix("From: "))
        .unwrap_or_else(|| panic!("no From header:\n{}", mail.data));
    assert!(
        from_header.contains(FROM),
        "From header is not smtp.from: {from_header}"
    );
    assert!(
        mail.subject().contains("mfactl test message"),
        "subject: {}",
        mail.subject()
    );
}

#[test]
fn mail_test_json_gives_recipient_and_server_answer() {
    let env = Env::new();
    let smtp = Smtp::start();
    use_smtp(&env, smtp.port);

    let v = env.json(&["mail", "test", "--to", "carol@example.com"]);
    let obj = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"));
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["server_answer", "to"], "{v}");
    assert_eq!(v["to"], "carol@example.com");
    let answer = v["server_answer"]
        .as_str()
        .unwrap_or_else(|| panic!("server_answer is not a string: {v}"));
    assert!(answer.contains("250"), "server_answer: {answer}");
    assert_eq!(smtp.to("carol@example.com").len(), 1);
}

#[test]
fn mail_test_uses_the_configured_sender() {
    let env = Env::new();
    let smtp = Smtp::start();
    use_smtp(&env, smtp.port);
    set(&env, "smtp.from", "alerts@corp.example.org");

    env.ok(&["mail", "test", "--to", "bob@example.com"]);
    let mails = smtp.to("bob@example.com");
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].from, "alerts@corp.example.org");
    assert!(
        mails[0]
            .data
            .lines()
            .any(|l| l.starts_with("From: ") && l.contains("alerts@corp.example.org")),
        "{}",
        mails[0].data
    );
}

#[test]
fn starttls_required_fails_against_a_server_without_starttls() {
    let env = Env::new();
    let smtp = Smtp::start();
    use_smtp(&env, smtp.port);
    set(&env, "smtp.security", "starttls");

    let err = env.fails(&["mail", "test", "--to", "bob@example.com"], 69);
    assert!(
        err.contains(&format!("127.0.0.1:{}", smtp.port)),
        "server not named: {err}"
    );
    assert!(
        err.to_ascii_lowercase().contains("starttls"),
        "the reason (no STARTTLS) is not given: {err}"
    );
    assert!(
        smtp.messages().is_empty(),
        "a message went out in plain text although STARTTLS is required: {:#?}",
        smtp.messages()
    );
}

#[test]
fn starttls_is_the_default_and_is_required() {
    // Without smtp.security set, the default (starttls) must not fall back
    // to plain text either.
    let env = Env::new();
    let smtp = Smtp::start();
    set(&env, "smtp.host", "127.0.0.1");
    set(&env, "smtp.port", &smtp.port.to_string());
    set(&env, "smtp.from", FROM);

    env.fails(&["mail", "test", "--to", "bob@example.com"], 69);
    assert!(smtp.messages().is_empty(), "{:#?}", smtp.messages());
}

#[test]
fn tls_against_a_plain_text_server_fails() {
    let env = Env::new();
    let smtp = Smtp::start();
    use_smtp(&env, smtp.port);
    set(&env, "smtp.security", "tls");
    set(&env, "smtp.timeout", "5s");

    let out = wait_guarded(
        spawn(&env, &["mail", "test", "--to", "bob@example.com"], false),
        Duration::from_secs(30),
        "mail test with tls against a plain server",
    );
    assert_eq!(code(&out), 69, "{}", show(&out));
    assert!(smtp.messages().is_empty(), "{:#?}", smtp.messages());
}

#[test]
fn security_none_then_starttls_then_none_again() {
    // Switching the setting is honoured each time, in both directions.
    let env = Env::new();
    let smtp = Smtp::start();
    use_smtp(&env, smtp.port);
    env.ok(&["mail", "test", "--to", "one@example.com"]);
    set(&env, "smtp.security", "starttls");
    env.fails(&["mail", "test", "--to", "two@example.com"], 69);
    set(&env, "smtp.security", "none");
    env.ok(&["mail", "test", "--to", "three@example.com"]);
    let to: Vec<Vec<String>> = smtp.messages().into_iter().map(|m| m.to).collect();
    assert_eq!(
        to,
        vec![
            vec!["one@example.com".to_string()],
            vec!["three@example.com".to_string()]
        ]
    );
}

#[test]
fn unreachable_server_exits_69_naming_server_and_reason() {
    let env = Env::new();
    let port = dead_port();
    use_smtp(&env, port);

    let out = env.run(&["mail", "test", "--to", "bob@example.com"]);
    assert_eq!(code(&out), 69, "{}", show(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("127.0.0.1:{port}")),
        "server not named: {err}"
    );
    assert!(
        err.to_ascii_lowercase().contains("refused"),
        "the reason (connection refused) is not given: {err}"
    );
    assert!(stdout(&out).is_empty(), "stdout: {}", stdout(&out));
}

#[test]
fn unreachable_server_json_mode_still_exits_69() {
    let env = Env::new();
    use_smtp(&env, dead_port());
    env.fails(&["--json", "mail", "test", "--to", "bob@example.com"], 69);
}

#[test]
fn smtp_not_configured_exits_5_naming_what_is_missing() {
    let env = Env::new();
    let err = env.fails(&["mail", "test", "--to", "bob@example.com"], 5);
    assert!(err.contains("smtp.host"), "smtp.host not named: {err}");

    // Only the sender missing: say that.
    let env = Env::new();
    set(&env, "smtp.host", "127.0.0.1");
    let err = env.refused(&["mail", "test", "--to", "bob@example.com"], 5);
    assert!(err.contains("smtp.from"), "smtp.from not named: {err}");
    assert!(
        !err.contains("smtp.host not"),
        "smtp.host is set, yet reported missing: {err}"
    );

    // Only the host missing.
    let env = Env::new();
    set(&env, "smtp.from", FROM);
    let err = env.refused(&["mail", "test", "--to", "bob@example.com"], 5);
    assert!(err.contains("smtp.host"), "smtp.host not named: {err}");
}

#[test]
fn bad_recipient_is_a_usage_error_and_nothing_is_sent() {
    let env = Env::new();
    let smtp = Smtp::start();
    use_smtp(&env, smtp.port);
    for bad in [
        "not-an-address",
        "bob@",
        "@example.com",
        "",
        "bob@example.com\r\nBcc: eve@example.com",
        "bob@example.com, eve@example.com",
    ] {
        let out = env.run(&["mail", "test", "--to", bad]);
        assert_eq!(code(&out), 2, "--to {bad:?}:\n{}", show(&out));
    }
    assert!(smtp.messages().is_empty(), "{:#?}", smtp.messages());
}

#[test]
fn missing_to_is_a_usage_error() {
    let env = Env::new();
    env.fails(&["mail", "test"], 2);
}

// ------------------------------------------------------ authentication

#[test]
fn smtp_password_is_used_but_never_shown_or_stored_in_clear() {
    let env = Env::new();
    let server = AuthServer::start(true);
    use_smtp(&env, server.port);
    let password = "Sm7p-pa55word-Zq9x";
    set(&env, "smtp.username", "mailer");
    let out = env.ok_stdin(
        &["settings", "set", "smtp.password", "--stdin"],
        &format!("{password}\n"),
    );
    assert!(!out.contains(password), "settings set echoed it: {out}");

    let out = env.run(&["mail", "test", "--to", "bob@example.com"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let mut seen = vec![stdout(&out), stderr(&out)];
    assert!(stdout(&out).contains("250"), "{}", show(&out));

    // The password was really used: AUTH PLAIN carries \0user\0password.
    let transcript = server.transcript();
    let plain = base64(format!("\0mailer\0{password}").as_bytes());
    assert!(
        transcript.contains(&plain),
        "AUTH PLAIN with the stored credentials not seen:\n{transcript}"
    );

    // …and shown nowhere.
    for args in [
        &["settings", "show"][..],
        &["--json", "settings", "show"],
        &["settings", "get", "smtp.password"],
        &["--json", "settings", "get", "smtp.password"],
        &["settings", "export"],
        &["status"],
        &["--json", "status"],
        &["audit", "list"],
        &["--json", "audit", "list"],
        &["-v", "mail", "test", "--to", "carol@example.com"],
    ] {
        let out = env.run(args);
        seen.push(stdout(&out));
        seen.push(stderr(&out));
    }
    for text in &seen {
        assert!(!text.contains(password), "the password is shown:\n{text}");
        assert!(
            !text.contains(&plain),
            "the AUTH PLAIN token is shown:\n{text}"
        );
    }
    for file in store_files(&env) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !contains_bytes(&bytes, password.as_bytes()),
            "{} holds the password in clear",
            file.display()
        );
    }
    // The audit table itself, every column.
    let conn = env.conn();
    let mut stmt = conn.prepare("SELECT * FROM audit").unwrap();
    let n = stmt.column_count();
    let mut rows = stmt.query([]).unwrap();
    while let Some(r) = rows.next().unwrap() {
        for i in 0..n {
            let cell = format!("{:?}", r.get_ref(i).unwrap());
            assert!(!cell.contains(password), "audit holds the password: {cell}");
        }
    }
}

#[test]
fn rejected_smtp_credentials_exit_69_without_showing_the_password() {
    let env = Env::new();
    let server = AuthServer::start(false);
    use_smtp(&env, server.port);
    let password = "wr0ng-Secret-77QQ";
    set(&env, "smtp.username", "mailer");
    env.ok_stdin(&["settings", "set", "smtp.password", "--stdin"], password);

    for args in [
        &["mail", "test", "--to", "bob@example.com"][..],
        &["-v", "mail", "test", "--to", "bob@example.com"],
        &["--json", "mail", "test", "--to", "bob@example.com"],
    ] {
        let out = env.run(args);
        assert_eq!(code(&out), 69, "{args:?}: {}", show(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!("127.0.0.1:{}", server.port)),
            "server not named: {err}"
        );
        for text in [stdout(&out), err] {
            assert!(!text.contains(password), "password shown: {text}");
        }
    }
    assert!(
        !server.transcript().contains("DATA"),
        "a message was sent after the server refused the credentials"
    );
    for file in store_files(&env) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !contains_bytes(&bytes, password.as_bytes()),
            "{} holds the password in clear",
            file.display()
        );
    }
}

// ------------------------------------------------------------- timeout

#[test]
fn silent_server_times_out_with_exit_69() {
    let env = Env::new();
    let port = silent_server();
    use_smtp(&env, port);
    set(&env, "smtp.timeout", "1s");

    let out = wait_guarded(
        spawn(&env, &["mail", "test", "--to", "bob@example.com"], false),
        Duration::from_secs(30),
        "mail test against a server that never answers",
    );
    assert_eq!(code(&out), 69, "{}", show(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("127.0.0.1:{port}")),
        "server not named: {err}"
    );
}

// -------------------------------------------------------------- outbox

#[test]
fn fresh_store_has_an_empty_queue() {
    let env = Env::new();
    let v = env.json(&["mail", "queue"]);
    assert_eq!(v, serde_json::json!([]));
    let out = env.run(&["mail", "queue"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert_eq!(queued_mail_count(&env), 0);
    let warnings = status_warnings(&env);
    assert!(
        !warnings.iter().any(|w| w.contains("mail queue")),
        "{warnings:?}"
    );
}

#[test]
fn flush_with_nothing_queued_succeeds() {
    let env = Env::new();
    let smtp = Smtp::start();
    use_smtp(&env, smtp.port);
    env.ok(&["mail", "flush"]);
    let v = env.json(&["mail", "flush"]);
    assert_eq!(v["sent"], 0, "{v}");
    assert_eq!(v["pending"], 0, "{v}");
    assert!(smtp.messages().is_empty());
}

#[test]
fn emergency_login_notification_is_queued_then_flushed() {
    let env = Env::new();
    let smtp = Smtp::start();
    emergency_setup(&env, &smtp, &[]);
    let (_, login_err) = login_with_server_down(&env, &smtp);
    assert!(
        login_err.contains("mail flush"),
        "the login does not warn that notifications stay queued: {login_err}"
    );
    // It does not claim what did not happen.
    assert!(
        !login_err.contains("have been notified"),
        "the login claims administrators were notified although the mail is queued: {login_err}"
    );
    assert!(
        login_err.contains("Administrators will be notified once mail works again"),
        "{login_err}"
    );

    // Queued: one entry for alice (administrator and user, once).
    let q = queue(&env);
    assert_eq!(q.len(), 1, "{q:#?}");
    let entry = q[0].as_object().unwrap();
    let mut keys: Vec<&str> = entry.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        ["attempts", "id", "last_error", "queued_at", "subject", "to"],
        "{entry:?}"
    );
    assert_eq!(entry["to"], "alice@example.com");
    assert!(entry["id"].is_i64(), "{entry:?}");
    assert!(
        entry["queued_at"].as_str().is_some_and(|t| !t.is_empty()),
        "{entry:?}"
    );
    assert!(
        entry["subject"]
            .as_str()
            .unwrap()
            .contains("Emergency login used by alice"),
        "{entry:?}"
    );
    let attempts_before = entry["attempts"].as_i64().unwrap();
    assert!(login_notices(&smtp, "alice@example.com").is_empty());

    // Text listing names it too.
    let out = env.ok(&["mail", "queue"]);
    assert!(out.contains("alice@example.com"), "{out}");

    // status warns and counts.
    assert_eq!(queued_mail_count(&env), 1);
    let warnings = status_warnings(&env);
    assert!(
        warnings.iter().any(|w| w.contains("mail queue")),
        "no mail-queue warning in status: {warnings:?}"
    );
    let v = env.json(&["status"]);
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap_or("").contains("mail queue")),
        "{v}"
    );

    // Server still down: 69, still queued, one more attempt, an error.
    let out = env.run(&["mail", "flush"]);
    assert_eq!(code(&out), 69, "{}", show(&out));
    assert!(
        stderr(&out).contains(
            "1 notification(s) stay queued; once mail works again, send them with: mfactl mail flush"
        ),
        "{}",
        show(&out)
    );
    let q = queue(&env);
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(
        q[0]["attempts"].as_i64().unwrap(),
        attempts_before + 1,
        "{q:#?}"
    );
    assert!(q[0]["attempts"].as_i64().unwrap() >= 1);
    let last_error = q[0]["last_error"].as_str().unwrap_or_else(|| {
        panic!("no last_error after a failed flush: {q:#?}");
    });
    assert!(!last_error.is_empty());
    assert!(login_notices(&smtp, "alice@example.com").is_empty());

    // Server back: delivered, queue empty, no more warning.
    set(&env, "smtp.port", &smtp.port.to_string());
    env.ok(&["mail", "flush"]);
    let got = login_notices(&smtp, "alice@example.com");
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].from, FROM);
    assert!(queue(&env).is_empty());
    assert_eq!(queued_mail_count(&env), 0);
    let warnings = status_warnings(&env);
    assert!(
        !warnings.iter().any(|w| w.contains("mail queue")),
        "{warnings:?}"
    );

    // Nothing left: a second flush sends nothing more.
    env.ok(&["mail", "flush"]);
    assert_eq!(login_notices(&smtp, "alice@example.com").len(), 1);
}

#[test]
fn flush_json_reports_sent_and_pending() {
    let env = Env::new();
    let smtp = Smtp::start();
    emergency_setup(&env, &smtp, &["bob"]);
    login_with_server_down(&env, &smtp);
    assert_eq!(queue(&env).len(), 2);

    let out = env.run(&["--json", "mail", "flush"]);
    assert_eq!(code(&out), 69, "{}", show(&out));
    let v: Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", show(&out)));
    assert_eq!(v["sent"], 0, "{v}");
    assert_eq!(v["pending"], 2, "{v}");

    set(&env, "smtp.port", &smtp.port.to_string());
    let v = env.json(&["mail", "flush"]);
    assert_eq!(v["sent"], 2, "{v}");
    assert_eq!(v["pending"], 0, "{v}");
    assert_eq!(login_notices(&smtp, "alice@example.com").len(), 1);
    assert_eq!(login_notices(&smtp, "bob@example.com").len(), 1);
}

#[test]
fn failed_flush_marks_every_queued_message() {
    let env = Env::new();
    let smtp = Smtp::start();
    emergency_setup(&env, &smtp, &["bob", "carol"]);
    login_with_server_down(&env, &smtp);

    env.fails(&["mail", "flush"], 69);
    let q = queue(&env);
    assert_eq!(q.len(), 3, "{q:#?}");
    for entry in &q {
        assert!(
            entry["attempts"].as_i64().unwrap() >= 1,
            "a message stays queued with no attempt counted after a failed flush: {q:#?}"
        );
        assert!(
            entry["last_error"].as_str().is_some_and(|e| !e.is_empty()),
            "a message stays queued without last_error after a failed flush: {q:#?}"
        );
    }
}

#[test]
fn queued_notification_holds_no_emergency_code() {
    let env = Env::new();
    let smtp = Smtp::start();
    emergency_setup(&env, &smtp, &["bob"]);
    let (secret, _) = login_with_server_down(&env, &smtp);
    let bare = secret.replace('-', "");

    let conn = env.conn();
    let mut stmt = conn.prepare("SELECT * FROM outbox").unwrap();
    let n = stmt.column_count();
    let mut rows = stmt.query([]).unwrap();
    let mut count = 0;
    while let Some(r) = rows.next().unwrap() {
        count += 1;
        for i in 0..n {
            let cell = format!("{:?}", r.get_ref(i).unwrap()).to_ascii_uppercase();
            let squeezed: String = cell.chars().filter(|c| *c != '-').collect();
            assert!(
                !cell.contains(&secret) && !squeezed.contains(&bare),
                "the outbox holds the emergency code {secret}: {cell}"
            );
        }
    }
    assert_eq!(count, 2, "expected alice's and bob's notifications");

    // Delivered notifications do not carry it either.
    set(&env, "smtp.port", &smtp.port.to_string());
    env.ok(&["mail", "flush"]);
    for to in ["alice@example.com", "bob@example.com"] {
        let got = login_notices(&smtp, to);
        assert_eq!(got.len(), 1, "{to}: {got:#?}");
        let text = got[0].data.to_ascii_uppercase().replace('-', "");
        assert!(!text.contains(&bare), "{to} got the code: {}", got[0].data);
    }
}

#[test]
fn two_flushes_at_once_deliver_each_message_exactly_once() {
    let admins = ["bob", "carol", "dave", "erin", "frank", "grace", "heidi"];
    let env = Env::new();
    let smtp = Smtp::start();
    emergency_setup(&env, &smtp, &admins);
    set(
        &env,
        "authentication.emergency_code.requests_per_hour",
        "20",
    );
    let mut recipients = vec!["alice".to_string()];
    recipients.extend(admins.iter().map(|s| s.to_string()));
    let expected = recipients.len();

    // A few rounds, each with a fresh queue and two flushes at once.
    for round in 1..=3 {
        login_with_server_down(&env, &smtp);
        assert_eq!(queue(&env).len(), expected, "round {round}");

        set(&env, "smtp.port", &smtp.port.to_string());
        let a = spawn(&env, &["mail", "flush"], false);
        let b = spawn(&env, &["mail", "flush"], false);
        let a = wait_guarded(a, Duration::from_secs(60), "first mail flush");
        let b = wait_guarded(b, Duration::from_secs(60), "second mail flush");
        assert_eq!(code(&a), 0, "round {round}, first flush: {}", show(&a));
        assert_eq!(code(&b), 0, "round {round}, second flush: {}", show(&b));

        for name in &recipients {
            let to = format!("{name}@example.com");
            let got = login_notices(&smtp, &to);
            assert_eq!(
                got.len(),
                round,
                "round {round}: {to} received {} notices in all",
                got.len()
            );
        }
        // Every notice plus one code mail to alice per round.
        assert_eq!(smtp.messages().len(), round * (expected + 1));
        assert!(queue(&env).is_empty(), "{:#?}", queue(&env));
        assert_eq!(queued_mail_count(&env), 0);
    }
}

#[test]
fn flush_against_a_silent_server_times_out_and_keeps_the_queue() {
    let env = Env::new();
    let smtp = Smtp::start();
    emergency_setup(&env, &smtp, &[]);
    login_with_server_down(&env, &smtp);
    let before = queue(&env)[0]["attempts"].as_i64().unwrap();

    let port = silent_server();
    set(&env, "smtp.port", &port.to_string());
    set(&env, "smtp.timeout", "1s");
    let out = wait_guarded(
        spawn(&env, &["mail", "flush"], false),
        Duration::from_secs(30),
        "mail flush against a server that never answers",
    );
    assert_eq!(code(&out), 69, "{}", show(&out));
    assert!(
        stderr(&out).contains(&format!("127.0.0.1:{port}")),
        "{}",
        show(&out)
    );
    let q = queue(&env);
    assert_eq!(q.len(), 1, "{q:#?}");
    assert_eq!(q[0]["attempts"].as_i64().unwrap(), before + 1, "{q:#?}");
    assert!(
        q[0]["last_error"]
            .as_str()
            .is_some_and(|e| e.contains(&format!("127.0.0.1:{port}"))),
        "{q:#?}"
    );

    // Once the server answers again, the message goes out.
    set(&env, "smtp.port", &smtp.port.to_string());
    env.ok(&["mail", "flush"]);
    assert_eq!(login_notices(&smtp, "alice@example.com").len(), 1);
    assert!(queue(&env).is_empty());
}

#[test]
fn flush_reports_what_is_still_queued_while_another_flush_holds_it() {
    let env = Env::new();
    let smtp = Smtp::start();
    emergency_setup(&env, &smtp, &["bob"]);
    login_with_server_down(&env, &smtp);
    assert_eq!(queue(&env).len(), 2);

    // A first flush gets stuck on a server that never answers…
    set(&env, "smtp.port", &silent_server().to_string());
    set(&env, "smtp.timeout", "60s");
    let mut stuck = spawn(&env, &["mail", "flush"], false);
    let start = Instant::now();
    loop {
        let claimed: i64 = env
            .conn()
            .query_row(
                "SELECT count(*) FROM outbox WHERE claimed_until > 0",
                [],
                |r| r.get(0),
            )
            .unwrap();
        if claimed > 0 {
            break;
        }
        if start.elapsed() > Duration::from_secs(30) || stuck.try_wait().unwrap().is_some() {
            let _ = stuck.kill();
            panic!("the first flush never took the queued messages");
        }
        std::thread::sleep(Duration::from_millis(20));
    }

    // …a second flush meanwhile must not claim that nothing is queued.
    let out = env.run(&["--json", "mail", "flush"]);
    let _ = stuck.kill();
    let _ = stuck.wait();
    let v: Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", show(&out)));
    assert_eq!(v["sent"], 0, "{v}");
    assert_eq!(
        v["pending"], 2,
        "the second flush reports a wrong number of queued messages: {v}"
    );
    assert_eq!(queue(&env).len(), 2);
}

/// A message the server refuses for good (550: no such mailbox) keeps its
/// error, and the other messages are still delivered.
#[test]
fn a_bounced_recipient_does_not_block_the_others() {
    let env = Env::new();
    let smtp = Smtp::start();
    use_smtp(&env, smtp.port);
    env.ok(&["user", "add", "ann"]);
    let dead = dead_port();
    env.ok(&["settings", "set", "smtp.port", &dead.to_string()]);
    // Two queued requests: one to a mailbox that does not exist.
    for to in ["bounce@example.com", "good@example.com"] {
        env.ok(&["settings", "set", "mfa.reset_recipient", to]);
        env.ok(&["mfa", "reset-request", "ann"]);
    }
    env.ok(&["settings", "set", "smtp.port", &smtp.port.to_string()]);
    let out = env.run(&["--json", "mail", "flush"]);
    assert_eq!(code(&out), 69, "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["sent"], 1, "{report}");
    assert_eq!(report["rejected"], 1, "{report}");
    assert_eq!(smtp.to("good@example.com").len(), 1);
    let queue = env.json(&["mail", "queue"]);
    assert_eq!(queue.as_array().unwrap().len(), 1, "{queue}");
    assert_eq!(queue[0]["to"], "bounce@example.com");
    assert!(
        queue[0]["last_error"].as_str().unwrap().contains("550"),
        "{queue}"
    );
}

/// Without SMTP settings, a flush is refused by the settings (exit 5), as
/// `mail test` is, and the messages stay queued.
#[test]
fn flush_without_smtp_is_refused_by_the_settings() {
    let env = Env::new();
    env.ok(&["user", "add", "ann"]);
    env.ok(&[
        "settings",
        "set",
        "mfa.reset_recipient",
        "security@example.com",
    ]);
    env.ok(&["mfa", "reset-request", "ann"]);
    let err = env.fails(&["mail", "flush"], 5);
    assert!(err.contains("smtp.host"), "{err}");
    assert_eq!(env.json(&["mail", "queue"]).as_array().unwrap().len(), 1);
}

/// What lettre calls its error kinds ("internal client error",
/// "Connection error", …) and the OS's error numbers mean nothing to the
/// reader of a message.
fn assert_plain_words(err: &str) {
    for jargon in [
        "internal client error",
        "Connection error",
        "network error",
        "response error",
        "os error",
    ] {
        assert!(!err.contains(jargon), "`{jargon}` leaks into: {err}");
    }
}

#[test]
fn every_exit_69_says_what_became_of_the_request_and_what_to_do() {
    let env = Env::new();
    let smtp = Smtp::start();
    emergency_setup(&env, &smtp, &[]);
    set(&env, "mfa.authenticators", "totp,email");
    add_user(&env, "carol", Some("carol@example.com"));
    env.ok(&["user", "set", "carol", "--mfa-type", "email"]);
    set(&env, "smtp.port", &dead_port().to_string());

    // A code asked for: none was made.
    let no_code = "no code was made; fix the mail server and ask again";
    for args in [
        &["mfa", "challenge", "carol"][..],
        &["emergency", "request", "alice"][..],
    ] {
        let err = env.fails(args, 69);
        assert!(err.contains(no_code), "{args:?}: {err}");
        assert!(err.contains("connection refused"), "{args:?}: {err}");
        assert_plain_words(&err);
    }
    let out = env.run_stdin(
        &["login", "carol", "--password-stdin", "--code-stdin"],
        &format!("{PASSWORD}\n000000\n"),
    );
    assert_eq!(code(&out), 69, "{}", show(&out));
    assert!(stderr(&out).contains(no_code), "{}", show(&out));

    // A test message: nothing was sent.
    let err = env.fails(&["mail", "test", "--to", "bob@example.com"], 69);
    assert!(err.contains("nothing was sent"), "{err}");
    assert_plain_words(&err);

    // A server without STARTTLS when it is required: the reason in words.
    set(&env, "smtp.port", &smtp.port.to_string());
    set(&env, "smtp.security", "starttls");
    let err = env.fails(&["mfa", "challenge", "carol"], 69);
    assert!(err.contains("STARTTLS is not supported"), "{err}");
    assert!(err.ends_with(&format!("{no_code}\n")), "{err}");
    assert_plain_words(&err);
    assert!(smtp.messages().is_empty(), "{:#?}", smtp.messages());
}
