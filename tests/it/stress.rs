//! Adversarial stress tests: many real `mfactl` processes on one store at
//! once, and processes killed with SIGKILL at arbitrary points.
//!
//! What this file proves (each test says more):
//! - Concurrency: 50 simultaneous writers of different kinds all succeed
//!   (the 30 s busy timeout and `BEGIN IMMEDIATE` serialise them; nobody
//!   sees "database is locked"), nothing is lost, and the hash-chained audit
//!   log has exactly one entry per change. One backup code, one emergency
//!   code and one TOTP step, each raced by 32 processes, are accepted
//!   exactly once. 200 simultaneous wrong TOTP codes lock the account at
//!   exactly `lockout.attempts` failures, with the failure counter and the
//!   audit log agreeing to the unit.
//! - Crash safety: a `user import` of 100,000 users, a `settings import` of
//!   32 keys, and backup-code consumption, each killed at pseudo-random
//!   moments, leave the store intact (`PRAGMA integrity_check`), the audit
//!   chain valid, and every change all-or-nothing together with its audit
//!   entry.
//!
//! No assertion depends on timing: kill delays only choose where a process
//! dies, and every outcome that a kill can legitimately produce is accepted.
//! The delays come from a fixed pseudo-random sequence, so runs repeat.

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Child, Output};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::common::emergency::Emergency;
use crate::common::*;
use serde_json::Value;

// ---------------------------------------------------------------- helpers

/// A small deterministic pseudo-random sequence (64-bit LCG, Knuth's
/// constants), so kill points are reproducible from run to run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A value in `0..bound`.
    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }
}

/// Races in this file run one at a time: two 200-process races at once on
/// a 2-core runner measure the machine, not mfactl.
fn one_race_at_a_time() -> MutexGuard<'static, ()> {
    static RACE: Mutex<()> = Mutex::new(());
    RACE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Starts `n` processes running `args` with a piped stdin, all before any
/// of them gets input; then writes `input` to each (closing its stdin) and
/// waits for all of them.
fn race_stdin(env: &Env, n: usize, args: &[&str], input: &str) -> Vec<Output> {
    let _alone = one_race_at_a_time();
    let mut children: Vec<Child> = (0..n).map(|_| spawn(env, args, true)).collect();
    for child in &mut children {
        let mut stdin = child.stdin.take().expect("stdin");
        // A process that already exited (it should not) would give EPIPE;
        // its exit code is checked by the caller.
        let _ = stdin.write_all(input.as_bytes());
    }
    children
        .into_iter()
        .map(|c| c.wait_with_output().expect("wait"))
        .collect()
}

fn show_all(outs: &[Output]) -> String {
    outs.iter().map(show).collect::<Vec<_>>().join("\n---\n")
}

/// No process may report SQLite contention: with a 30 s busy timeout and
/// short transactions, waiting is always enough.
fn assert_no_contention(outs: &[Output]) {
    for o in outs {
        let err = stderr(o).to_lowercase();
        assert!(
            !err.contains("database is locked") && !err.contains("busy"),
            "a process reported contention:\n{}",
            show(o)
        );
    }
}

/// How many processes exited with `c`.
fn exits(outs: &[Output], c: i32) -> usize {
    outs.iter().filter(|o| code(o) == c).count()
}

/// Entries of `entries` whose `details.outcome` is `outcome`.
fn with_outcome<'a>(entries: &'a [Value], outcome: &str) -> Vec<&'a Value> {
    entries
        .iter()
        .filter(|e| e["details"]["outcome"] == outcome)
        .collect()
}

/// Every failed entry of `entries` gives `reason`: the losers of a race
/// lost because the code was already taken, not for another cause.
fn assert_reasons(entries: &[Value], reason: &str) {
    for e in with_outcome(entries, "failed") {
        assert_eq!(e["details"]["reason"], reason, "{e:#}");
    }
}

fn audit_verify_ok(env: &Env) {
    let out = env.run(&["audit", "verify"]);
    assert_eq!(code(&out), 0, "audit verify: {}", show(&out));
}

/// `PRAGMA integrity_check` on the store, read directly with rusqlite
/// (before any mfactl command touches the store after a kill).
fn integrity_ok(env: &Env) {
    let conn = env.conn();
    let rows: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows, vec!["ok".to_string()], "integrity_check");
}

/// Kills `child` (SIGKILL) after `delay` and reaps it. A process that
/// finished before the delay is simply reaped.
fn kill_after(mut child: Child, delay: Duration) -> Output {
    std::thread::sleep(delay);
    let _ = child.kill();
    child.wait_with_output().expect("wait")
}

// ------------------------------------------------------------------- TOTP

const PERIOD: u64 = 120;

/// alice (with an email) and an ACTIVE TOTP enrolment with a 120 s step,
/// `lockout.attempts` 100. The confirmation used the code of the PREVIOUS
/// step (accepted within ±1), so the current step's code is still unused.
/// Returns the base32 secret and the current step.
fn totp_alice() -> (Env, String, u64) {
    let env = Env::new();
    set(&env, "lockout.attempts", "100");
    set(&env, "mfa.totp.period", "120s");
    env.ok(&["user", "add", "alice", "--email", "alice@example.com"]);
    let enrolled = env.json(&["mfa", "enroll", "alice"]);
    let secret = enrolled["secret"].as_str().expect("secret").to_string();
    assert!(
        enrolled["uri"]
            .as_str()
            .unwrap_or("")
            .contains("period=120"),
        "{enrolled}"
    );
    // Enough of the step left for the confirmation and the race.
    let step = settled_step(PERIOD, 20);
    let previous = &code_at_step(&secret, step - 1);
    env.ok_stdin(&["mfa", "confirm", "alice", "--code-stdin"], previous);
    assert_eq!(user(&env, "alice")["enrolments"][0]["state"], "active");
    (env, secret, step)
}

// ------------------------------------------------------------ concurrency

/// 50 writers of three kinds (user add, group add, settings set) started
/// together. Proves: every one succeeds without "database is locked" or
/// "busy"; no change is lost (all users and groups exist, and the
/// `smtp.port` history in the audit log is one unbroken old→new chain
/// ending at the stored value, so no writer worked from a stale read); the
/// audit log gains exactly one entry per change and its chain verifies.
#[test]
fn fifty_concurrent_writers_all_succeed_and_are_each_audited_once() {
    let env = Env::new();
    env.ok(&["status"]); // create the store before the stampede
    let _alone = one_race_at_a_time();
    let entries_before = audit(&env, &[]).len();

    let mut users = Vec::new();
    let mut groups = Vec::new();
    let mut ports = Vec::new();
    let mut children = Vec::new();
    for i in 0..50u32 {
        let args: Vec<String> = match i % 3 {
            0 => {
                users.push(format!("u{i}"));
                vec!["user".into(), "add".into(), format!("u{i}")]
            }
            1 => {
                ports.push((2000 + i).to_string());
                vec![
                    "settings".into(),
                    "set".into(),
                    "smtp.port".into(),
                    (2000 + i).to_string(),
                ]
            }
            _ => {
                groups.push(format!("g{i}"));
                vec!["group".into(), "add".into(), format!("g{i}")]
            }
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        children.push(spawn(&env, &args, false));
    }
    let outs: Vec<Output> = children
        .into_iter()
        .map(|c| c.wait_with_output().expect("wait"))
        .collect();
    assert_no_contention(&outs);
    assert_eq!(exits(&outs, 0), 50, "{}", show_all(&outs));

    // Every change is in the store.
    let listed: BTreeSet<String> = env
        .json(&["user", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed, users.iter().cloned().collect());
    let listed: BTreeSet<String> = env
        .json(&["group", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed, groups.iter().cloned().collect());

    // Exactly one audit entry per change, and nothing else.
    audit_verify_ok(&env);
    let all = audit(&env, &[]);
    assert_eq!(all.len(), entries_before + 50, "{all:#?}");
    let targets = |action: &str| -> Vec<String> {
        let mut t: Vec<String> = all
            .iter()
            .filter(|e| e["action"] == action)
            .map(|e| e["target"].as_str().unwrap().to_string())
            .collect();
        t.sort();
        t
    };
    let mut want = users.clone();
    want.sort();
    assert_eq!(targets("user.add"), want);
    let mut want = groups.clone();
    want.sort();
    assert_eq!(targets("group.add"), want);

    // The smtp.port history: one entry per value, each starting from the
    // value the previous one wrote (a lost update would break the chain).
    let history: Vec<&Value> = all
        .iter()
        .filter(|e| e["action"] == "settings.set" && e["target"] == "smtp.port")
        .collect();
    assert_eq!(history.len(), ports.len(), "{history:#?}");
    let mut previous = "587".to_string();
    let mut written = BTreeSet::new();
    for e in &history {
        assert_eq!(
            e["details"]["old"].as_str(),
            Some(previous.as_str()),
            "a writer worked from a stale value: {history:#?}"
        );
        previous = e["details"]["new"].as_str().unwrap().to_string();
        written.insert(previous.clone());
    }
    assert_eq!(written, ports.iter().cloned().collect());
    let stored = env.json(&["settings", "get", "smtp.port"]);
    assert_eq!(
        stored["value"]
            .as_str()
            .map(str::to_string)
            .or_else(|| stored["value"].as_i64().map(|v| v.to_string())),
        Some(previous),
        "{stored}"
    );
}

/// 32 processes verify ONE backup code at once. Proves: exactly one
/// succeeds, the other 31 get exit 3 ("already used"), nobody sees
/// contention, exactly one code is consumed, and the audit log has exactly
/// one success and 31 failures.
#[test]
fn one_backup_code_raced_by_32_processes_is_accepted_once() {
    let env = Env::new();
    set(&env, "lockout.attempts", "100");
    set(&env, "mfa.alternates", "backup-codes");
    env.ok(&["user", "add", "alice", "--email", "alice@example.com"]);
    let generated = env.json(&["--no-input", "backup-codes", "generate", "alice"]);
    let code = generated["codes"][0].as_str().expect("a code").to_string();

    let outs = race_stdin(
        &env,
        32,
        &[
            "mfa",
            "verify",
            "alice",
            "--method",
            "backup-code",
            "--code-stdin",
        ],
        &code,
    );
    assert_no_contention(&outs);
    assert_eq!(exits(&outs, 0), 1, "{}", show_all(&outs));
    assert_eq!(exits(&outs, 3), 31, "{}", show_all(&outs));

    assert_eq!(
        count(
            &env,
            "SELECT count(*) FROM backup_codes WHERE used_at IS NOT NULL"
        ),
        1
    );
    let entries = audit(&env, &["--action", "mfa.verify", "--user", "alice"]);
    assert_eq!(entries.len(), 32, "{entries:#?}");
    assert_eq!(with_outcome(&entries, "success").len(), 1);
    assert_eq!(with_outcome(&entries, "failed").len(), 31);
    assert_reasons(&entries, "already_used");
    audit_verify_ok(&env);
}

/// 32 processes log in with ONE emergency code (requested through a real
/// SMTP server, read from the email) at once. Proves: exactly one login
/// succeeds and prints a token, the rest exit 3, there is exactly one
/// session row, and the audit log has exactly one successful login.
#[test]
fn one_emergency_code_raced_by_32_processes_opens_one_session() {
    let em = Emergency::new();
    let env = &em.env;
    set(env, "lockout.attempts", "100");
    let emergency_code = em.request("alice");

    let outs = race_stdin(
        env,
        32,
        &["emergency", "login", "alice", "--code-stdin"],
        &emergency_code,
    );
    assert_no_contention(&outs);
    assert_eq!(exits(&outs, 0), 1, "{}", show_all(&outs));
    // The losers fail as replays (3), or, once three have failed from this
    // source, are slowed down before their code is checked (4).
    assert_eq!(exits(&outs, 3) + exits(&outs, 4), 31, "{}", show_all(&outs));
    let winner = outs.iter().find(|o| code(o) == 0).unwrap();
    assert!(
        stdout(winner).trim().starts_with("mfs_"),
        "{}",
        show(winner)
    );

    assert_eq!(count(env, "SELECT count(*) FROM sessions"), 1);
    let entries: Vec<Value> = audit(env, &["--action", "emergency.login", "--user", "alice"]);
    assert_eq!(entries.len(), 32, "{entries:#?}");
    assert_eq!(with_outcome(&entries, "success").len(), 1);
    assert_eq!(
        with_outcome(&entries, "failed").len() + with_outcome(&entries, "backoff").len(),
        31
    );
    assert_reasons(&entries, "already_used");
    audit_verify_ok(env);
}

/// 32 processes verify the code of ONE TOTP step at once. Proves the replay
/// protection holds under concurrency: exactly one is accepted, the others
/// exit 3, and the audit log agrees.
#[test]
fn one_totp_code_raced_by_32_processes_is_accepted_once() {
    let (env, secret, step) = totp_alice();
    let current = &code_at_step(&secret, step);

    let outs = race_stdin(
        &env,
        32,
        &["mfa", "verify", "alice", "--method", "totp", "--code-stdin"],
        current,
    );
    assert_no_contention(&outs);
    assert_eq!(exits(&outs, 0), 1, "{}", show_all(&outs));
    assert_eq!(exits(&outs, 3), 31, "{}", show_all(&outs));

    let entries = audit(&env, &["--action", "mfa.verify", "--user", "alice"]);
    assert_eq!(entries.len(), 32, "{entries:#?}");
    assert_eq!(with_outcome(&entries, "success").len(), 1);
    assert_eq!(with_outcome(&entries, "failed").len(), 31);
    assert_reasons(&entries, "replayed");
    assert_eq!(user(&env, "alice")["failed_attempts"], 31);
    audit_verify_ok(&env);
}

/// 200 processes send the same WRONG TOTP code at once, with
/// `lockout.attempts` 100. Proves the lockout counter is exact under
/// contention: `failed_attempts` equals the number of audited failures,
/// which is exactly the limit (100); the account is locked; every later
/// attempt exits 4 and is audited as "locked"; no process exits with
/// anything but 3 or 4; and afterwards even the right code gets exit 4.
#[test]
fn two_hundred_concurrent_wrong_totp_codes_lock_at_exactly_the_limit() {
    const N: usize = 200;
    const LIMIT: usize = 100;
    let (env, secret, step) = totp_alice();
    // A wrong code: none of the steps that can be current during the race,
    // nor their neighbours.
    let near = [step - 2, step - 1, step, step + 1, step + 2].map(|s| code_at_step(&secret, s));
    let wrong = ["000000", "111111", "222222", "333333", "444444", "555555"]
        .into_iter()
        .find(|c| !near.iter().any(|n| n == c))
        .unwrap();

    let outs = race_stdin(
        &env,
        N,
        &["mfa", "verify", "alice", "--method", "totp", "--code-stdin"],
        wrong,
    );
    assert_no_contention(&outs);
    let (failed_exits, locked_exits) = (exits(&outs, 3), exits(&outs, 4));
    assert_eq!(
        failed_exits + locked_exits,
        N,
        "every process exits 3 or 4:\n{}",
        show_all(&outs)
    );

    let user = user(&env, "alice");
    let entries = audit(&env, &["--action", "mfa.verify", "--user", "alice"]);
    assert_eq!(entries.len(), N, "one audit entry per attempt");
    let failed = with_outcome(&entries, "failed").len();
    let locked = with_outcome(&entries, "locked").len();
    assert_eq!(
        user["failed_attempts"].as_u64(),
        Some(failed as u64),
        "failure counter vs audited failures: {user}"
    );
    assert_eq!(failed, LIMIT, "failures counted up to the limit exactly");
    assert_reasons(&entries, "wrong_code");
    assert_eq!(locked, N - LIMIT, "every later attempt audited as locked");
    assert_eq!(user["locked"], true, "{user}");
    // The attempt that reached the limit may report the new lock (4) or the
    // failure (3); all others that failed say 3 and all locked ones say 4.
    assert!(
        failed_exits == LIMIT || failed_exits == LIMIT - 1,
        "exit 3: {failed_exits}, exit 4: {locked_exits}"
    );
    assert_eq!(locked_exits, N - failed_exits);
    for o in outs.iter().filter(|o| code(o) == 4) {
        assert!(stderr(o).to_lowercase().contains("locked"), "{}", show(o));
    }

    // Locked: a right, unused code is refused too.
    let now_step = unix_now() as u64 / PERIOD;
    let right = &code_at_step(&secret, now_step + 1);
    let out = env.run_stdin(
        &["mfa", "verify", "alice", "--method", "totp", "--code-stdin"],
        right,
    );
    assert_eq!(code(&out), 4, "{}", show(&out));
    audit_verify_ok(&env);
}

// ----------------------------------------------------------- crash safety

/// The CSV of the big import: `n` users, a tenth of them directory users
/// in UPN form, some administrators, many in groups `ops`/`dba`.
fn big_csv(n: usize) -> String {
    let mut csv = String::with_capacity(n * 48);
    csv.push_str("name,email,admin,directory,groups\n");
    for i in 0..n {
        let groups = match i % 4 {
            0 => "ops",
            1 => "ops;dba",
            2 => "dba",
            _ => "",
        };
        if i % 10 == 0 {
            csv.push_str(&format!(
                "user{i}@corp.example.com,user{i}@example.com,false,true,{groups}\n"
            ));
        } else {
            let admin = i % 7 == 0;
            csv.push_str(&format!(
                "user{i},user{i}@example.com,{admin},false,{groups}\n"
            ));
        }
    }
    csv
}

/// A store with groups `ops` and `dba` and the import file beside it.
fn import_env(csv: &str) -> Env {
    let env = Env::new();
    env.ok(&["group", "add", "ops"]);
    env.ok(&["group", "add", "dba", "--admin"]);
    std::fs::write(env.path("users.csv"), csv).expect("write CSV");
    env
}

/// After an import that may have been killed: the store is intact, the
/// audit chain verifies, and either all `n` users and the `user.import`
/// entry are there, or none of the users and no entry. Returns whether
/// the import happened.
fn check_import(env: &Env, n: usize) -> bool {
    integrity_ok(env);
    let users = env.json(&["user", "list"]).as_array().unwrap().len();
    assert!(
        users == 0 || users == n,
        "a partial import: {users} of {n} users"
    );
    audit_verify_ok(env);
    let entries = audit(env, &["--action", "user.import"]);
    let imported = users == n;
    assert_eq!(
        entries.len(),
        usize::from(imported),
        "user.import entry iff the users are there ({users} users): {entries:#?}"
    );
    if imported {
        assert_eq!(entries[0]["details"]["users"], n as u64);
    }
    imported
}

/// A 100,000-user import killed with SIGKILL at pseudo-random moments.
/// Proves the import is one transaction together with its audit entry:
/// after each kill either all users and the `user.import` entry are there
/// or neither is, the store passes `PRAGMA integrity_check`, and the audit
/// chain verifies. One uninterrupted run first shows the import works and
/// how long it takes; the kill delays are spread over 0..1.2× that time so
/// that kills land before, during and around the commit.
#[test]
fn killed_user_import_is_all_or_nothing() {
    const N: usize = 100_000;
    let csv = big_csv(N);

    let env = import_env(&csv);
    let started = Instant::now();
    env.ok(&["user", "import", "users.csv"]);
    let full = started.elapsed();
    assert!(check_import(&env, N), "the uninterrupted import");
    drop(env);

    let mut rng = Lcg(0x5eed_0001);
    let span = (full.as_millis() as u64 * 6 / 5).max(300);
    for round in 0..5 {
        let env = import_env(&csv);
        let delay = Duration::from_millis(rng.below(span));
        let child = spawn(&env, &["user", "import", "users.csv"], false);
        let out = kill_after(child, delay);
        let imported = check_import(&env, N);
        if out.status.code() == Some(0) {
            assert!(imported, "round {round}: exit 0 but no users");
        }
        eprintln!("round {round}: killed after {delay:?}, imported: {imported}");
    }
}

/// A settings file changing 32 keys. `variant` 0 and 1 give different
/// values for the same keys; each is valid on its own (all rules hold).
fn settings_file(variant: usize) -> String {
    let v = |a: &str, b: &str| -> String {
        if variant == 0 {
            a.to_string()
        } else {
            b.to_string()
        }
    };
    format!(
        r#"[smtp]
host = "{host}"
port = {port}
security = "{security}"
username = "{username}"
from = "{from}"
timeout = "{smtp_timeout}"

[authentication.emergency_code]
enabled = {emergency}
lifetime = "{lifetime}"
requests_per_hour = {rph}

[session]
lifetime = "{session}"

[mfa]
default_action = "{default_action}"
authenticators = {authenticators}
default = "{default}"
alternates = {alternates}
reset_recipient = "{reset}"

[mfa.backup_codes]
count = {backup_count}

[mfa.totp]
issuer = "{issuer}"
algorithm = "{algorithm}"
digits = {digits}
period = "{period}"

[mfa.email]
lifetime = "{email_lifetime}"

[mfa.sms]
gateway = "{gateway}"

[mfa.yubikey]
client_id = "{client_id}"

[mfa.radius]
server = "{radius}"
port = {radius_port}
timeout = "{radius_timeout}"
nas_identifier = "{nas}"

[mfa.duo]
host = "{duo}"
integration_key = "{ikey}"

[lockout]
attempts = {attempts}
window = "{window}"
duration = "{duration}"
"#,
        host = v("mail-a.example.com", "mail-b.example.com"),
        port = v("2525", "465"),
        security = v("none", "tls"),
        username = v("user-a", "user-b"),
        from = v("a@example.com", "b@example.com"),
        smtp_timeout = v("10s", "20s"),
        emergency = v("true", "false"),
        lifetime = v("15m", "20m"),
        rph = v("5", "7"),
        session = v("2h", "3h"),
        default_action = v("skipped", "optional-per-user"),
        authenticators = v(r#"["totp", "email", "sms"]"#, r#"["totp", "email"]"#),
        default = v("email", "totp"),
        alternates = v(r#"["email", "backup-codes"]"#, r#"["backup-codes"]"#),
        reset = v("sec-a@example.com", "sec-b@example.com"),
        backup_count = v("12", "15"),
        issuer = v("Issuer A", "Issuer B"),
        algorithm = v("sha256", "sha512"),
        digits = v("7", "8"),
        period = v("60s", "90s"),
        email_lifetime = v("6m", "7m"),
        gateway = v("{number}@sms-a.example.com", "{number}@sms-b.example.com"),
        client_id = v("1111", "2222"),
        radius = v("radius-a.example.com", "radius-b.example.com"),
        radius_port = v("1813", "1814"),
        radius_timeout = v("6s", "7s"),
        nas = v("nas-a", "nas-b"),
        duo = v("api-aaaa.duosecurity.com", "api-bbbb.duosecurity.com"),
        ikey = v("DIAAAAAAAAAAAAAAAAAA", "DIBBBBBBBBBBBBBBBBBB"),
        attempts = v("6", "7"),
        window = v("20m", "25m"),
        duration = v("30m", "45m"),
    )
}

/// A `settings import` of 32 keys killed with SIGKILL at pseudo-random
/// moments, alternating between two files. Proves the import is atomic:
/// after each kill `settings export` is exactly the state before or
/// exactly the state the file describes (never a mix), a `settings.import`
/// audit entry exists iff the settings changed, the store passes
/// `PRAGMA integrity_check` and the audit chain verifies.
#[test]
fn killed_settings_import_is_all_or_nothing() {
    // The state each file leads to, from an uninterrupted import.
    let reference = Env::new();
    let mut expected = Vec::new();
    for variant in 0..2 {
        let file = format!("s{variant}.toml");
        std::fs::write(reference.path(&file), settings_file(variant)).unwrap();
        reference.ok(&["settings", "import", &file]);
        expected.push(reference.ok(&["settings", "export"]));
    }
    assert_ne!(expected[0], expected[1]);
    let changed = audit(&reference, &["--action", "settings.import"]);
    assert_eq!(changed.len(), 2);
    assert!(
        changed[1]["details"]["changed"]
            .as_object()
            .is_some_and(|c| c.len() >= 30),
        "the file changes about 30 keys: {:#}",
        changed[1]
    );

    let env = Env::new();
    for variant in 0..2 {
        std::fs::write(
            env.path(&format!("s{variant}.toml")),
            settings_file(variant),
        )
        .unwrap();
    }
    let mut rng = Lcg(0x5eed_0002);
    // The state now: None = the defaults, Some(v) = file v applied.
    let mut state: Option<usize> = None;
    let mut imports = 0;
    for round in 0..14 {
        let target = match state {
            Some(0) => 1,
            _ => 0,
        };
        let before = env.ok(&["settings", "export"]);
        let delay = Duration::from_millis(rng.below(60));
        let child = spawn(
            &env,
            &["settings", "import", &format!("s{target}.toml")],
            false,
        );
        let out = kill_after(child, delay);
        integrity_ok(&env);
        let after = env.ok(&["settings", "export"]);
        let applied = if after == expected[target] {
            true
        } else {
            assert_eq!(
                after, before,
                "round {round}: after a kill the settings are neither the old nor the new ones"
            );
            false
        };
        if out.status.code() == Some(0) {
            assert!(applied, "round {round}: exit 0 but nothing changed");
        }
        if applied {
            state = Some(target);
            imports += 1;
        }
        audit_verify_ok(&env);
        assert_eq!(
            audit(&env, &["--action", "settings.import"]).len(),
            imports,
            "round {round}: one settings.import entry per applied import"
        );
        eprintln!("round {round}: killed after {delay:?}, applied: {applied}");
    }
}

/// Backup-code verifications killed with SIGKILL at pseudo-random moments,
/// over several freshly generated sets. Proves code consumption is atomic
/// with its audit entry (and its email notice): after every kill, the
/// number of used codes in `backup_codes` equals the number of successful
/// `mfa.verify` backup-code audit entries since the set was generated, and
/// the outbox holds one "backup code was used" notice per consumed code.
/// The store stays intact and the audit chain verifies throughout.
#[test]
fn killed_backup_code_verification_consumes_iff_audited() {
    let env = Env::new();
    set(&env, "mfa.alternates", "backup-codes");
    set(&env, "mfa.backup_codes.count", "8");
    env.ok(&["user", "add", "alice", "--email", "alice@example.com"]);
    let mut rng = Lcg(0x5eed_0003);
    let mut consumed_total = 0i64;
    for set_no in 0..3 {
        let generated = env.json(&["--no-input", "backup-codes", "generate", "alice"]);
        let codes: Vec<String> = generated["codes"]
            .as_array()
            .expect("codes")
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect();
        assert_eq!(codes.len(), 8);
        let generated_at = audit(&env, &["--action", "backup-codes.generate"])
            .last()
            .expect("generation audited")["id"]
            .as_i64()
            .unwrap();
        for (i, code) in codes.iter().enumerate().take(6) {
            let delay = Duration::from_millis(rng.below(120));
            let mut child = spawn(
                &env,
                &[
                    "mfa",
                    "verify",
                    "alice",
                    "--method",
                    "backup-code",
                    "--code-stdin",
                ],
                true,
            );
            let mut stdin = child.stdin.take().unwrap();
            let _ = stdin.write_all(code.as_bytes());
            drop(stdin);
            let out = kill_after(child, delay);
            integrity_ok(&env);

            let used = count(
                &env,
                "SELECT count(*) FROM backup_codes WHERE used_at IS NOT NULL",
            );
            let successes = audit(&env, &["--action", "mfa.verify", "--user", "alice"])
                .into_iter()
                .filter(|e| {
                    e["id"].as_i64().unwrap() > generated_at
                        && e["details"]["method"] == "backup-code"
                        && e["details"]["outcome"] == "success"
                })
                .count() as i64;
            assert_eq!(
                used, successes,
                "set {set_no}, code {i} (killed after {delay:?}): used codes vs audited successes"
            );
            if out.status.code() == Some(0) {
                assert!(used > 0, "exit 0 but no code used");
            }
            let total_successes = with_outcome(
                &audit(&env, &["--action", "mfa.verify", "--user", "alice"]),
                "success",
            )
            .len() as i64;
            let notices = count(
                &env,
                "SELECT count(*) FROM outbox WHERE subject LIKE 'A backup code was used%'",
            );
            assert_eq!(
                notices, total_successes,
                "one queued notice per consumed code"
            );
            consumed_total = total_successes;
            audit_verify_ok(&env);
        }
    }
    eprintln!("codes consumed before their process was killed or finished: {consumed_total}");
}
