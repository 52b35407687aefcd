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
use std::process::Command as Std;

use assert_cmd::Command;
use mfactl::auth::session;
use mfactl::clock::FixedClock;
use mfactl::crypto::Secret;
use mfactl::{OpenOptions, Store};
use serde_json::Value;

struct Fixture {
    dir: tempfile::TempDir,
    secrets: Value,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-v5");
        for f in ["mfactl.db", "mfactl.db.key"] {
            let to = dir.path().join(f);
            std::fs::copy(src.join(f), &to).expect("copy fixture");
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        }
        let secrets = std::fs::read_to_string(src.join("secrets.json")).expect("secrets.json");
        Fixture {
            dir,
            secrets: serde_json::from_str(&secrets).expect("secrets.json is JSON"),
        }
    }

    fn db(&self) -> std::path::PathBuf {
        self.dir.path().join("mfactl.db")
    }

    fn run(&self, args: &[&str], stdin: &str) -> (i32, String, String) {
        let out = Command::new(assert_cmd::cargo::cargo_bin!("mfactl"))
            .env_clear()
            .env("HOME", self.dir.path())
            .env("MFACTL_DB", self.db())
            .env("NO_COLOR", "1")
            .args(args)
            .write_stdin(stdin)
            .output()
            .expect("run mfactl");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn ok(&self, args: &[&str], stdin: &str) -> String {
        let (code, out, err) = self.run(args, stdin);
        assert_eq!(code, 0, "mfactl {args:?}: {err}");
        out
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

/// The current code of a base32 seed, computed by Python's hmac module.
fn reference_totp(seed_b32: &str) -> String {
    let script = "import base64,hashlib,hmac,struct,sys,time\n\
                  k=base64.b32decode(sys.argv[1])\n\
                  c=int(time.time())//30\n\
                  h=hmac.new(k,struct.pack('>Q',c),hashlib.sha1).digest();o=h[-1]&15\n\
                  print('%06d'%((struct.unpack('>I',h[o:o+4])[0]&0x7fffffff)%1000000))";
    let out = Std::new("python3")
        .args(["-c", script, seed_b32])
        .output()
        .expect("python3");
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .trim()
        .to_string()
}

#[test]
fn a_schema_5_store_upgrades_and_everything_in_it_still_works() {
    let fx = Fixture::new();
    // Opening migrates; the chain made by the old release verifies.
    let verify: Value =
        serde_json::from_str(&fx.ok(&["--json", "audit", "verify"], "")).expect("JSON");
    assert_eq!(verify["intact"], true, "{verify}");
    let status = fx.ok(&["status"], "");
    assert!(
        status.contains(&format!(
            "Schema version:  {}",
            mfactl::store::SCHEMA_VERSION
        )),
        "{status}"
    );

    // Enrolments came across as credentials, in their states.
    let bob: Value =
        serde_json::from_str(&fx.ok(&["--json", "user", "show", "bob"], "")).expect("JSON");
    assert_eq!(
        bob["enrolments"],
        serde_json::json!([{"method": "totp", "state": "active"}])
    );
    assert_eq!(bob["admin"], true, "admin through the group ops");
    let carol: Value =
        serde_json::from_str(&fx.ok(&["--json", "user", "show", "carol"], "")).expect("JSON");
    assert_eq!(
        carol["enrolments"],
        serde_json::json!([{"method": "totp", "state": "pending"}])
    );

    // bob's seed still opens under the old key and verifies.
    let code = reference_totp(&fx.secret(&["totp_seed", "bob"]));
    fx.ok(&["mfa", "verify", "bob", "--code-stdin"], &code);
    // ... and the same step is not accepted twice.
    let (replay, _, err) = fx.run(&["mfa", "verify", "bob", "--code-stdin"], &code);
    assert_eq!(replay, 3, "{err}");
    // carol's pending enrolment can still be confirmed.
    let code = reference_totp(&fx.secret(&["totp_seed", "carol"]));
    fx.ok(&["mfa", "confirm", "carol", "--code-stdin"], &code);

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
    let (code, _, err) = fx.run(&args, &format!("{pw}\n{used}\n"));
    assert_eq!(code, 3, "a used backup code: {err}");
    assert!(err.contains("already used"), "{err}");
    let fresh = fx.secret(&["backup_codes", "alice", "1"]);
    fx.ok(&args, &format!("{pw}\n{fresh}\n"));
    let st: Value =
        serde_json::from_str(&fx.ok(&["--json", "backup-codes", "status", "alice"], ""))
            .expect("JSON");
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
    let mut opts = OpenOptions::new(fx.db(), "test");
    opts.clock = std::sync::Arc::new(FixedClock(at + 60));
    let store = Store::open(opts).expect("open");
    let s = session::check(&store, &Secret::new(token)).expect("the session still checks");
    assert_eq!(s.user, "carol");
    drop(store);

    // The sealed SMTP password survived; the chain still verifies after all
    // of the above.
    let smtp = fx.ok(&["settings", "get", "smtp.password"], "");
    assert!(smtp.contains("(set)"), "{smtp}");
    let verify: Value =
        serde_json::from_str(&fx.ok(&["--json", "audit", "verify"], "")).expect("JSON");
    assert_eq!(verify["intact"], true, "{verify}");
}
