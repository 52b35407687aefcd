//! A store made by the release before credentials (schema 5, commit
//! d75667f) opens with this mfactl, and everything in it still works: the
//! TOTP enrolments, the backup codes (used ones stay used), the session, the
//! settings' sealed secret and the audit chain.
//!
//! The fixture in tests/fixtures/store-v5 was made with that release's
//! binary: SMTP settings (with a sealed password), users alice (direct
//! admin, emergency login, backup codes, one used), bob (active TOTP,
//! backup codes, in the admin group `ops`) and carol (pending TOTP, MFA
//! skipped by a policy, one open session). secrets.json holds what it was
//! made with.

use std::path::Path;

use mfactl::auth::session;
use mfactl::clock::FixedClock;
use mfactl::crypto::Secret;
use mfactl::{OpenOptions, Store};
use serde_json::Value;

use crate::common::totp_now;
use crate::common::{code, stderr, Env};

/// A copy of the fixture store and what it was made with.
struct Fixture {
    env: Env,
    secrets: Value,
}

impl Fixture {
    fn new() -> Fixture {
        let env = Env::new();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-v5");
        for f in ["mfactl.db", "mfactl.db.key"] {
            let to = env.path(f);
            std::fs::copy(src.join(f), &to).expect("copy fixture");
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        }
        let secrets = std::fs::read_to_string(src.join("secrets.json")).expect("secrets.json");
        Fixture {
            env,
            secrets: serde_json::from_str(&secrets).expect("secrets.json is JSON"),
        }
    }

    fn secret(&self, path: &[&str]) -> String {
        let mut v = &self.secrets;
        for p in path {
            v = match p.parse::<usize>() {
                Ok(i) => &v[i],
                Err(_) => &v[*p],
            };
        }
        v.as_str()
            .unwrap_or_else(|| panic!("{path:?} in secrets.json"))
            .to_string()
    }
}

#[test]
fn a_schema_5_store_upgrades_and_everything_in_it_still_works() {
    let fx = Fixture::new();
    let env = &fx.env;
    // Opening migrates; the chain made by the old release verifies.
    let verify = env.json(&["audit", "verify"]);
    assert_eq!(verify["intact"], true, "{verify}");
    let status = env.ok(&["status"]);
    assert!(
        status.contains(&format!(
            "Schema version:  {}",
            mfactl::store::SCHEMA_VERSION
        )),
        "{status}"
    );

    // Enrolments came across as credentials, in their states.
    let bob = env.json(&["user", "show", "bob"]);
    assert_eq!(
        bob["enrolments"],
        serde_json::json!([{"method": "totp", "state": "active"}])
    );
    assert_eq!(bob["admin"], true, "admin through the group ops");
    let carol = env.json(&["user", "show", "carol"]);
    assert_eq!(
        carol["enrolments"],
        serde_json::json!([{"method": "totp", "state": "pending"}])
    );

    // bob's seed still opens under the old key and verifies.
    let bob_code = totp_now(&fx.secret(&["totp_seed", "bob"]), 30);
    env.ok_stdin(&["mfa", "verify", "bob", "--code-stdin"], &bob_code);
    // ... and the same step is not accepted twice.
    let replay = env.run_stdin(&["mfa", "verify", "bob", "--code-stdin"], &bob_code);
    assert_eq!(code(&replay), 3, "{}", stderr(&replay));
    // carol's pending enrolment can still be confirmed.
    let carol_code = totp_now(&fx.secret(&["totp_seed", "carol"]), 30);
    env.ok_stdin(&["mfa", "confirm", "carol", "--code-stdin"], &carol_code);

    // Backup codes: the used one stays used, an unused one works once.
    let used = fx.secret(&["used_backup_code", "alice"]);
    let pw = fx.secret(&["passwords", "alice"]);
    let args = [
        "login",
        "alice",
        "--password-stdin",
        "--code-stdin",
        "--method",
        "backup-code",
    ];
    let out = env.run_stdin(&args, &format!("{pw}\n{used}\n"));
    assert_eq!(code(&out), 3, "a used backup code: {}", stderr(&out));
    assert!(stderr(&out).contains("already used"), "{}", stderr(&out));
    let fresh = fx.secret(&["backup_codes", "alice", "1"]);
    env.ok_stdin(&args, &format!("{pw}\n{fresh}\n"));
    let st = env.json(&["backup-codes", "status", "alice"]);
    assert_eq!(st["remaining"], 8, "{st}");

    // The session opened by the old release is found by its token (at a
    // time inside its lifetime).
    let token = fx.secret(&["session", "token"]);
    let created = fx.secret(&["session", "session", "created_at"]);
    let at = humantime::parse_rfc3339(&created).expect("RFC 3339");
    let at = at
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64;
    let mut opts = OpenOptions::new(env.db(), "test");
    opts.clock = std::sync::Arc::new(FixedClock(at + 60));
    let store = Store::open(opts).expect("open");
    let s = session::check(&store, &Secret::new(token)).expect("the session still checks");
    assert_eq!(s.user, "carol");
    drop(store);

    // The sealed SMTP password survived; the chain still verifies after all
    // of the above.
    let smtp = env.ok(&["settings", "get", "smtp.password"]);
    assert!(smtp.contains("(set)"), "{smtp}");
    let verify = env.json(&["audit", "verify"]);
    assert_eq!(verify["intact"], true, "{verify}");
}
