//! TOTP multifactor (seeds 002, 003): enrolment with QR code, URI and key,
//! confirmation, verification with ±1 step and replay protection, lockout,
//! resets and reset requests, and the settings that shape the codes.
//!
//! Codes come from the suite's independent reference (`common::otp`:
//! python3's hmac and hashlib), never from mfactl's own code generator,
//! except where the library API itself is under test.

use std::os::unix::fs::PermissionsExt;
use std::sync::{Arc, Barrier};
use std::time::Duration;

use crate::common::smtp::*;
use crate::common::*;
use mfactl::auth::mfa::{self, Method};
use mfactl::auth::totp::{self, Params};
use mfactl::clock::FixedClock;
use mfactl::crypto::Secret;
use mfactl::{Error, OpenOptions, Store};
use serde_json::Value;
use totp_rs::Algorithm;

// ---------------------------------------------------------------------------
// Codes, from the suite's reference (`common::otp`).
// ---------------------------------------------------------------------------

/// A 6-digit code that matches none of the steps around `step`.
fn wrong_code(secret: &str, step: u64) -> String {
    let near: Vec<String> = (step.saturating_sub(3)..=step + 3)
        .map(|s| code_at_step(secret, s))
        .collect();
    ["000000", "111111", "222222", "333333", "444444"]
        .into_iter()
        .find(|c| !near.iter().any(|n| n == c))
        .expect("a wrong code")
        .to_string()
}

// ---------------------------------------------------------------------------
// Time: never run a step-dependent command within a few seconds of a step
// boundary.
// ---------------------------------------------------------------------------

/// Waits until step `step` of `period` seconds has begun.
fn wait_for_step(period: u64, step: u64) {
    let start = (step * period) as f64 + 0.2;
    let now = unix_now();
    if now < start {
        std::thread::sleep(Duration::from_secs_f64(start - now));
    }
}

// ---------------------------------------------------------------------------
// CLI helpers.
// ---------------------------------------------------------------------------

/// A user `alice` (with an email) in a store whose TOTP step is `period`.
fn setup(period: Option<u64>) -> Env {
    let env = Env::new();
    env.ok(&["user", "add", "alice", "--email", "alice@example.com"]);
    if let Some(p) = period {
        env.ok(&["settings", "set", "mfa.totp.period", &format!("{p}s")]);
    }
    env
}

/// Enrols `user` and returns (secret, uri) from the JSON output.
fn enroll(env: &Env, user: &str) -> (String, String) {
    let v = env.json(&["mfa", "enroll", user, "--method", "totp"]);
    let secret = v["secret"].as_str().expect("secret").to_string();
    let uri = v["uri"].as_str().expect("uri").to_string();
    (secret, uri)
}

/// Enrols and confirms `user` with a code for the current step of
/// `period`; returns the secret and the step used.
fn enroll_active(env: &Env, user: &str, period: u64) -> (String, u64) {
    let (secret, _) = enroll(env, user);
    let step = settled_step(period, 5);
    env.ok_stdin(
        &["mfa", "confirm", user, "--code-stdin"],
        &code_at_step(&secret, step),
    );
    (secret, step)
}

fn verify(env: &Env, user: &str, code: &str) -> std::process::Output {
    env.run_stdin(&["mfa", "verify", user, "--code-stdin"], code)
}

fn enrolment_states(env: &Env, name: &str) -> Vec<(String, String)> {
    user(env, name)["enrolments"]
        .as_array()
        .expect("enrolments")
        .iter()
        .map(|e| {
            (
                e["method"].as_str().unwrap_or("").to_string(),
                e["state"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn mfa_audit(env: &Env) -> Vec<Value> {
    audit(env, &["--action", "mfa"])
}

/// Audit entries of code attempts (confirm and verify).
fn attempts(env: &Env) -> Vec<Value> {
    mfa_audit(env)
        .into_iter()
        .filter(|e| e["action"] == "mfa.verify" || e["action"] == "mfa.confirm")
        .collect()
}

fn lower(s: &str) -> String {
    s.to_lowercase()
}

fn is_base32(s: &str) -> bool {
    s.bytes()
        .all(|c| c.is_ascii_uppercase() || (b'2'..=b'7').contains(&c))
}

// ---------------------------------------------------------------------------
// QR codes: decoding what is shown or written.
// ---------------------------------------------------------------------------

/// Decodes every QR code in a greyscale image.
fn decode_grey(w: usize, h: usize, pixel: impl FnMut(usize, usize) -> u8) -> Vec<String> {
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, pixel);
    img.detect_grids()
        .into_iter()
        .filter_map(|g| g.decode().ok().map(|(_, content)| content))
        .collect()
}

/// Decodes a matrix of modules (true = dark), each drawn as 4×4 pixels
/// with an extra light border.
fn decode_modules(modules: &[Vec<bool>]) -> Vec<String> {
    const SCALE: usize = 4;
    const BORDER: usize = 8;
    let rows = modules.len();
    let cols = modules.iter().map(Vec::len).max().unwrap_or(0);
    let (w, h) = (cols * SCALE + 2 * BORDER, rows * SCALE + 2 * BORDER);
    decode_grey(w, h, |x, y| {
        if x < BORDER || y < BORDER {
            return 255;
        }
        let (mx, my) = ((x - BORDER) / SCALE, (y - BORDER) / SCALE);
        match modules.get(my).and_then(|r| r.get(mx)) {
            Some(true) => 0,
            _ => 255,
        }
    })
}

/// The modules of the QR code printed in the terminal: Unicode half blocks
/// where a drawn (foreground) half is a light module, as the quiet zone
/// drawn in full blocks shows.
fn terminal_qr_modules(stdout: &str) -> Vec<Vec<bool>> {
    let blocks = ['█', '▀', '▄', ' '];
    let lines: Vec<&str> = stdout
        .lines()
        .filter(|l| {
            !l.trim().is_empty()
                && l.chars().all(|c| blocks.contains(&c))
                && l.chars().any(|c| c != ' ')
        })
        .collect();
    assert!(
        lines.len() > 10,
        "no QR code drawn in the terminal output:\n{stdout}"
    );
    let mut modules = Vec::new();
    for line in lines {
        let (mut top, mut bottom) = (Vec::new(), Vec::new());
        for c in line.chars() {
            let (t, b) = match c {
                '█' => (true, true),
                '▀' => (true, false),
                '▄' => (false, true),
                _ => (false, false),
            };
            // drawn = light, so dark = not drawn
            top.push(!t);
            bottom.push(!b);
        }
        modules.push(top);
        modules.push(bottom);
    }
    modules
}

/// Renders the dark rectangles of an SVG written by `--qr-svg` and decodes it.
fn decode_svg(svg: &str) -> Vec<String> {
    let attr = |name: &str| -> usize {
        let key = format!(" {name}=\"");
        let start = svg.find(&key).expect(name) + key.len();
        let end = start + svg[start..].find('"').expect("quote");
        svg[start..end].parse().expect("number")
    };
    let (w, h) = (attr("width"), attr("height"));
    let mut dark = vec![false; w * h];
    // Each dark run is drawn as `Mx yhWvHH…V…` in the path's `d`.
    let d_start = svg.find(" d=\"").expect("a path") + 4;
    let d_end = d_start + svg[d_start..].find('"').expect("end of path");
    for seg in svg[d_start..d_end].split('M').filter(|s| !s.is_empty()) {
        let num = |s: &str| -> usize {
            s.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .expect("number in path")
        };
        let x = num(seg);
        let y = num(seg.split(' ').nth(1).expect("y"));
        let rw = num(&seg[seg.find('h').expect("h") + 1..]);
        let rh = num(&seg[seg.find('v').expect("v") + 1..]);
        for yy in y..(y + rh).min(h) {
            for xx in x..(x + rw).min(w) {
                dark[yy * w + xx] = true;
            }
        }
    }
    decode_grey(w, h, |x, y| if dark[y * w + x] { 0 } else { 255 })
}

// ---------------------------------------------------------------------------
// Library: RFC vectors, skew, QR modules.
// ---------------------------------------------------------------------------

const SHA1_SEED: &[u8] = b"12345678901234567890";
const SHA256_SEED: &[u8] = b"12345678901234567890123456789012";
const SHA512_SEED: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

/// RFC 6238 Appendix B: time, SHA1, SHA256, SHA512 (8 digits, 30 s).
const RFC6238: &[(u64, &str, &str, &str)] = &[
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
];

/// RFC 4226 Appendix D: HOTP values for counters 0–9.
const RFC4226: [&str; 10] = [
    "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
    "520489",
];

fn params(alg: Alg, digits: usize, period: u64) -> Params {
    Params {
        algorithm: match alg {
            Alg::Sha1 => Algorithm::SHA1,
            Alg::Sha256 => Algorithm::SHA256,
            Alg::Sha512 => Algorithm::SHA512,
        },
        digits,
        period,
    }
}

#[test]
fn rfc6238_appendix_b_vectors_for_every_algorithm() {
    for &(t, sha1, sha256, sha512) in RFC6238 {
        for (alg, seed, want) in [
            (Alg::Sha1, SHA1_SEED, sha1),
            (Alg::Sha256, SHA256_SEED, sha256),
            (Alg::Sha512, SHA512_SEED, sha512),
        ] {
            assert_eq!(
                totp::code_at(seed, &params(alg, 8, 30), t),
                want,
                "library, {alg:?} at T={t}"
            );
            // The test's own reference agrees with the RFC too.
            assert_eq!(
                reference_hotp(seed, alg, 8, t / 30),
                want,
                "reference, {alg:?} at T={t}"
            );
        }
    }
}

#[test]
fn rfc4226_appendix_d_hotp_values() {
    for (counter, want) in RFC4226.iter().enumerate() {
        assert_eq!(
            totp::hotp(SHA1_SEED, Algorithm::SHA1, 6, counter as u64),
            *want,
            "library HOTP counter {counter}"
        );
        assert_eq!(
            reference_hotp(SHA1_SEED, Alg::Sha1, 6, counter as u64),
            *want,
            "reference HOTP counter {counter}"
        );
    }
}

#[test]
fn matching_step_accepts_exactly_one_step_each_way_at_step_boundaries() {
    for (alg, seed, digits) in [
        (Alg::Sha1, SHA1_SEED, 6u32),
        (Alg::Sha256, SHA256_SEED, 8),
        (Alg::Sha512, SHA512_SEED, 7),
    ] {
        let p = params(alg, digits as usize, 30);
        for k in [2u64, 37_037_037, 59_851_441, 66_666_666] {
            // First second of step k, and last second of step k-1.
            for (now, current) in [(k * 30, k), (k * 30 - 1, k - 1), (k * 30 + 29, k)] {
                for offset in -3i64..=3 {
                    let step = (current as i64 + offset) as u64;
                    let code = reference_hotp(seed, alg, digits, step);
                    let got = totp::matching_step(seed, &p, &code, now as i64);
                    if offset.abs() <= 1 {
                        assert_eq!(
                            got,
                            Some(step as i64),
                            "{alg:?}: code of step {step} at time {now} (offset {offset})"
                        );
                    } else {
                        assert_eq!(
                            got, None,
                            "{alg:?}: code of step {step} at time {now} (offset {offset}) must fail"
                        );
                    }
                }
            }
        }
    }
    let p = params(Alg::Sha1, 6, 30);
    let now = 1_111_111_111i64;
    let good = reference_hotp(SHA1_SEED, Alg::Sha1, 6, now as u64 / 30);
    // Wrong length, extra characters, or another algorithm's code: no match.
    assert_eq!(totp::matching_step(SHA1_SEED, &p, &good[..5], now), None);
    assert_eq!(
        totp::matching_step(SHA1_SEED, &p, &format!("{good}0"), now),
        None
    );
    assert_eq!(totp::matching_step(SHA1_SEED, &p, "", now), None);
    let sha256 = reference_hotp(SHA1_SEED, Alg::Sha256, 6, now as u64 / 30);
    if sha256 != good {
        assert_eq!(totp::matching_step(SHA1_SEED, &p, &sha256, now), None);
    }
}

#[test]
fn matching_step_with_a_longer_period() {
    let p = params(Alg::Sha1, 6, 120);
    let k = 14_962_069u64;
    for (now, current) in [(k * 120, k), (k * 120 - 1, k - 1)] {
        for offset in -2i64..=2 {
            let step = (current as i64 + offset) as u64;
            let code = reference_hotp(SHA1_SEED, Alg::Sha1, 6, step);
            let want = (offset.abs() <= 1).then_some(step as i64);
            assert_eq!(
                totp::matching_step(SHA1_SEED, &p, &code, now as i64),
                want,
                "step {step} at {now}"
            );
        }
    }
}

#[test]
fn otpauth_uri_names_every_parameter() {
    assert_eq!(
        totp::otpauth_uri("mfactl", "alice", "GEZDGNBVGY3TQOJQ", &params(Alg::Sha1, 6, 30)),
        "otpauth://totp/mfactl:alice?secret=GEZDGNBVGY3TQOJQ&issuer=mfactl&algorithm=SHA1&digits=6&period=30"
    );
    assert_eq!(
        totp::otpauth_uri(
            "ACME Corp",
            "bob@example.com",
            "GEZDGNBV",
            &params(Alg::Sha512, 8, 60)
        ),
        "otpauth://totp/ACME%20Corp:bob%40example.com?secret=GEZDGNBV&issuer=ACME%20Corp&algorithm=SHA512&digits=8&period=60"
    );
}

#[test]
fn qr_modules_decode_to_the_same_uri() {
    let uris = [
        "otpauth://totp/mfactl:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=mfactl&algorithm=SHA1&digits=6&period=30".to_string(),
        totp::otpauth_uri(
            "ACME Corp & Co",
            "bob@corp.example.com",
            "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
            &params(Alg::Sha256, 8, 60),
        ),
    ];
    for uri in uris {
        let modules = totp::qr_modules(&uri).expect("QR modules");
        let size = modules.len();
        assert!(
            modules.iter().all(|r| r.len() == size),
            "QR matrix not square"
        );
        // The quiet zone is light.
        assert!(modules[0].iter().all(|m| !m) && modules[size - 1].iter().all(|m| !m));
        assert_eq!(decode_modules(&modules), vec![uri.clone()], "decoded QR");
        // The SVG rendering decodes to it as well.
        let svg = totp::qr_svg(&uri).expect("svg");
        assert!(svg.contains("<svg"), "not an SVG: {svg}");
        assert_eq!(decode_svg(&svg), vec![uri.clone()], "decoded SVG");
    }
}

/// The store of `env` seen through the library with the clock stopped at `t`.
fn store_at(env: &Env, t: i64) -> Store {
    let mut opts = OpenOptions::new(env.db(), "tester");
    opts.clock = Arc::new(FixedClock(t));
    Store::open(opts).expect("open store")
}

fn lib_verify(env: &Env, t: i64, code: &str) -> mfactl::Result<Method> {
    let mut store = store_at(env, t);
    mfa::verify(
        &mut store,
        "alice",
        Some(Method::Totp),
        &Secret::new(code),
        "test",
    )
}

#[test]
fn library_verify_skew_and_replay_with_a_fixed_clock() {
    let env = setup(None);
    let k: i64 = 59_851_441; // some step in 2026
    let t0 = k * 30;
    let secret = {
        let mut store = store_at(&env, t0);
        let enrolled = totp::enroll(&mut store, "alice").expect("enroll");
        enrolled.secret.expose().to_string()
    };
    let code = |step: i64| code_at_step(&secret, step as u64);

    // Pending: verification refused until confirmed.
    assert!(matches!(
        lib_verify(&env, t0, &code(k)).as_ref().map_err(Error::kind),
        Err(Error::Refused(_))
    ));

    // Confirm with the previous step's code at the first second of step k.
    let mut store = store_at(&env, t0);
    totp::confirm(&mut store, "alice", &Secret::new(code(k - 1)), "test").expect("confirm");
    drop(store);

    // The confirm step cannot be replayed by verify.
    match lib_verify(&env, t0, &code(k - 1))
        .as_ref()
        .map_err(Error::kind)
    {
        Err(Error::AuthFailed(m)) => assert!(m.contains("already used"), "{m}"),
        other => panic!("replay of the confirm step: {other:?}"),
    }

    // Two steps later, at the last second of step k+2: the previous step
    // (k+1) is accepted.
    let t1 = (k + 3) * 30 - 1;
    assert_eq!(
        lib_verify(&env, t1, &code(k + 1)).expect("previous step"),
        Method::Totp
    );
    // And the next step (k+3) too.
    assert_eq!(
        lib_verify(&env, t1, &code(k + 3)).expect("next step"),
        Method::Totp
    );
    // Once accepted, never again.
    match lib_verify(&env, t1, &code(k + 3))
        .as_ref()
        .map_err(Error::kind)
    {
        Err(Error::AuthFailed(m)) => assert!(m.contains("already used"), "{m}"),
        other => panic!("replay: {other:?}"),
    }
    // Two steps away either side: wrong.
    let t2 = (k + 10) * 30;
    for step in [k + 8, k + 12] {
        match lib_verify(&env, t2, &code(step))
            .as_ref()
            .map_err(Error::kind)
        {
            Err(Error::AuthFailed(m)) => assert!(m.contains("wrong"), "{m}"),
            other => panic!("code two steps away: {other:?}"),
        }
    }
    assert!(
        lib_verify(&env, t2, &code(k + 11)).is_ok(),
        "next step at t2"
    );
}

// ---------------------------------------------------------------------------
// CLI: enrolment.
// ---------------------------------------------------------------------------

#[test]
fn enroll_shows_qr_code_uri_and_manual_key() {
    let env = setup(None);
    let out = env.ok(&["mfa", "enroll", "alice", "--method", "totp"]);
    // The URI, with every parameter, defaults SHA1/6/30 and issuer mfactl.
    let uri = out
        .split_whitespace()
        .find(|w| w.starts_with("otpauth://"))
        .unwrap_or_else(|| panic!("no otpauth URI in:\n{out}"))
        .to_string();
    let rest = uri
        .strip_prefix("otpauth://totp/mfactl:alice?secret=")
        .unwrap_or_else(|| panic!("unexpected URI {uri}"));
    let (secret, params) = rest.split_once('&').expect("parameters");
    assert_eq!(params, "issuer=mfactl&algorithm=SHA1&digits=6&period=30");
    assert_eq!(secret.len(), 32, "a 160-bit seed is 32 base32 characters");
    assert!(is_base32(secret), "secret {secret} is not base32");
    assert_eq!(base32_decode(secret).len(), 20);

    // The manual key, on a line of its own (spaces for readability allowed).
    let key_line = out
        .lines()
        .filter(|l| !l.contains("otpauth://"))
        .find(|l| l.replace(' ', "").contains(secret))
        .unwrap_or_else(|| panic!("no manual key line in:\n{out}"));
    assert!(lower(key_line).contains("key"), "{key_line}");

    // The QR code in the terminal decodes to the URI.
    let modules = terminal_qr_modules(&out);
    assert_eq!(decode_modules(&modules), vec![uri.clone()]);

    // It is pending, and says how to confirm.
    assert!(out.contains("mfactl mfa confirm alice"), "{out}");
    assert_eq!(
        enrolment_states(&env, "alice"),
        vec![("totp".to_string(), "pending".to_string())]
    );
}

#[test]
fn enroll_json_gives_secret_and_uri_and_seeds_are_fresh() {
    let env = Env::new();
    let mut secrets = Vec::new();
    for u in ["u1", "u2", "u3", "u4"] {
        env.ok(&["user", "add", u]);
        let v = env.json(&["mfa", "enroll", u]);
        let obj = v.as_object().expect("JSON object");
        let secret = obj["secret"].as_str().expect("secret");
        let uri = obj["uri"].as_str().expect("uri");
        assert_eq!(secret.len(), 32);
        assert!(is_base32(secret), "{secret}");
        assert_eq!(base32_decode(secret).len(), 20);
        assert_eq!(
            uri,
            format!(
                "otpauth://totp/mfactl:{u}?secret={secret}&issuer=mfactl&algorithm=SHA1&digits=6&period=30"
            )
        );
        secrets.push(secret.to_string());
    }
    // Re-enrolling a pending user gives yet another seed.
    secrets.push(enroll(&env, "u1").0);
    let mut unique = secrets.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), secrets.len(), "seeds repeat: {secrets:?}");
    // No seed is all zeros or trivially patterned.
    for s in &secrets {
        let bytes = base32_decode(s);
        assert!(bytes.iter().any(|b| *b != bytes[0]), "degenerate seed {s}");
    }
}

#[test]
fn seed_is_sealed_at_rest_and_not_in_the_audit_log() {
    let env = setup(Some(120));
    let (secret, step) = enroll_active(&env, "alice", 120);
    let step = settled_step(120, 5).max(step + 1);
    assert_eq!(
        code(&verify(&env, "alice", &code_at_step(&secret, step))),
        0
    );

    let raw = base32_decode(&secret);
    let needles: Vec<(String, Vec<u8>)> = vec![
        ("raw seed".into(), raw.clone()),
        ("base32 seed".into(), secret.as_bytes().to_vec()),
        ("lower-case base32 seed".into(), lower(&secret).into_bytes()),
        ("hex seed".into(), hex::encode(&raw).into_bytes()),
    ];
    let mut checked = 0;
    for suffix in ["", "-wal", "-shm"] {
        let path = env.path(&format!("mfactl.db{suffix}"));
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        checked += 1;
        for (what, needle) in &needles {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_slice()),
                "the {what} is in {}",
                path.display()
            );
        }
    }
    assert!(checked >= 1, "no store file found");

    let audit = env.ok(&["--json", "audit", "list"]);
    assert!(!audit.contains(&secret), "the seed is in the audit log");
    assert!(!lower(&audit).contains(&lower(&secret)));
    assert!(!audit.contains(&hex::encode(&raw)));
}

#[test]
fn qr_svg_file_is_private_and_decodes_to_the_uri() {
    let env = setup(None);
    let file = env.path("alice-qr.svg");
    let v = env.json(&[
        "mfa",
        "enroll",
        "alice",
        "--qr-svg",
        file.to_str().expect("path"),
    ]);
    let uri = v["uri"].as_str().expect("uri");
    let meta = std::fs::metadata(&file).expect("SVG written");
    assert_eq!(meta.permissions().mode() & 0o777, 0o600, "SVG mode");
    let svg = std::fs::read_to_string(&file).expect("read SVG");
    assert!(svg.contains("<svg"), "no <svg root: {svg}");
    assert_eq!(decode_svg(&svg), vec![uri.to_string()]);
}

#[test]
fn qr_svg_never_overwrites_an_existing_file() {
    let env = setup(None);
    // A pending enrolment the user may already have scanned.
    let (secret, _) = enroll(&env, "alice");
    let file = env.path("existing.svg");
    std::fs::write(&file, "keep me").expect("write");
    let before = dump(&env.db());
    let out = env.run(&[
        "mfa",
        "enroll",
        "alice",
        "--qr-svg",
        file.to_str().expect("path"),
    ]);
    assert_eq!(code(&out), 2, "stderr: {}", stderr(&out));
    assert!(stderr(&out).contains("exists"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "keep me");
    // Refused means nothing changed: no new (never shown) seed replaced the
    // pending one, no enrolment in the audit log.
    let enrolls = mfa_audit(&env)
        .iter()
        .filter(|e| e["action"] == "mfa.enroll")
        .count();
    assert_eq!(enrolls, 1, "the refused enrolment was recorded");
    assert!(
        before == dump(&env.db()),
        "the refused enrolment changed the store"
    );
    // The pending seed is still the one shown before.
    let step = settled_step(30, 8);
    env.ok_stdin(
        &["mfa", "confirm", "alice", "--code-stdin"],
        &code_at_step(&secret, step),
    );
}

#[test]
fn a_sealed_seed_copied_to_another_user_does_not_work() {
    let env = setup(Some(120));
    env.ok(&["user", "add", "bob"]);
    let (alice_secret, _) = enroll(&env, "alice");
    enroll(&env, "bob");
    let conn = env.conn();
    conn.execute(
        "UPDATE credentials SET sealed_secret =
             (SELECT e.sealed_secret FROM credentials e JOIN users u ON u.id = e.user_id
              WHERE u.name = 'alice' AND e.method = 'totp')
         WHERE method = 'totp' AND user_id = (SELECT id FROM users WHERE name = 'bob')",
        [],
    )
    .expect("copy ciphertext");
    drop(conn);
    let step = settled_step(120, 5);
    let out = env.run_stdin(
        &["mfa", "confirm", "bob", "--code-stdin"],
        &code_at_step(&alice_secret, step),
    );
    assert_ne!(code(&out), 0, "alice's sealed seed works for bob");
    assert_eq!(
        enrolment_states(&env, "bob"),
        vec![("totp".to_string(), "pending".to_string())]
    );
}

#[test]
fn enroll_refused_when_totp_is_not_enabled() {
    let env = setup(None);
    env.ok(&["settings", "set", "mfa.authenticators", "totp,yubikey"]);
    env.ok(&["settings", "set", "mfa.default", "yubikey"]);
    env.ok(&["settings", "set", "mfa.authenticators", "yubikey"]);
    let err = env.refused(&["mfa", "enroll", "alice", "--method", "totp"], 5);
    assert!(err.contains("totp") && err.contains("not enabled"), "{err}");
    let err = env.refused(&["mfa", "enroll", "alice"], 5);
    assert!(err.contains("totp"), "{err}");
    assert!(enrolment_states(&env, "alice").is_empty());
}

#[test]
fn enroll_again_while_pending_replaces_the_seed() {
    let env = setup(Some(120));
    let (first, _) = enroll(&env, "alice");
    let (second, _) = enroll(&env, "alice");
    assert_ne!(first, second);
    assert_eq!(
        enrolment_states(&env, "alice"),
        vec![("totp".to_string(), "pending".to_string())]
    );
    let step = settled_step(120, 5);
    let old = code_at_step(&first, step);
    let new = code_at_step(&second, step);
    if old != new {
        let out = env.run_stdin(&["mfa", "confirm", "alice", "--code-stdin"], &old);
        assert_eq!(code(&out), 3, "old seed still works: {}", stderr(&out));
    }
    env.ok_stdin(&["mfa", "confirm", "alice", "--code-stdin"], &new);
    assert_eq!(
        enrolment_states(&env, "alice"),
        vec![("totp".to_string(), "active".to_string())]
    );
}

#[test]
fn enroll_again_while_active_is_refused_until_reset() {
    let env = setup(Some(120));
    let (secret, _) = enroll_active(&env, "alice", 120);
    let err = env.refused(&["mfa", "enroll", "alice", "--method", "totp"], 5);
    assert!(err.contains("reset"), "{err}");
    assert!(err.contains("mfactl mfa reset alice"), "{err}");
    // The active authenticator still works.
    let step = settled_step(120, 5);
    assert_eq!(
        code(&verify(&env, "alice", &code_at_step(&secret, step + 1))),
        0
    );
    env.ok(&["mfa", "reset", "alice"]);
    let (again, _) = enroll(&env, "alice");
    assert_ne!(again, secret);
    assert_eq!(
        enrolment_states(&env, "alice"),
        vec![("totp".to_string(), "pending".to_string())]
    );
}

// ---------------------------------------------------------------------------
// CLI: confirmation and verification.
// ---------------------------------------------------------------------------

#[test]
fn verification_needs_a_confirmed_enrolment() {
    let env = setup(Some(120));
    let (secret, _) = enroll(&env, "alice");
    let step = settled_step(120, 5);
    let good = code_at_step(&secret, step);

    // Before confirmation, even a right code does not verify.
    let out = verify(&env, "alice", &good);
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    assert!(stderr(&out).contains("confirm"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("mfactl mfa confirm alice"),
        "{}",
        stderr(&out)
    );

    // A wrong code does not confirm.
    let out = env.run_stdin(
        &["mfa", "confirm", "alice", "--code-stdin"],
        &wrong_code(&secret, step),
    );
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert_eq!(
        enrolment_states(&env, "alice"),
        vec![("totp".to_string(), "pending".to_string())]
    );

    // A right one does (a trailing newline is fine).
    env.ok_stdin(
        &["mfa", "confirm", "alice", "--code-stdin"],
        &format!("{good}\n"),
    );
    assert_eq!(
        enrolment_states(&env, "alice"),
        vec![("totp".to_string(), "active".to_string())]
    );
    // Confirming again is not possible (nothing pending).
    let out = env.run_stdin(
        &["mfa", "confirm", "alice", "--code-stdin"],
        &code_at_step(&secret, step + 1),
    );
    assert_ne!(code(&out), 0, "confirmed twice");

    // The confirm step cannot be replayed by verify.
    let out = verify(&env, "alice", &good);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("already used"), "{}", stderr(&out));

    // The next step verifies, with --method totp and as JSON.
    let next = code_at_step(&secret, settled_step(120, 5).max(step) + 1);
    let v: Value = serde_json::from_str(&env.ok_stdin(
        &[
            "--json",
            "mfa",
            "verify",
            "alice",
            "--method",
            "totp",
            "--code-stdin",
        ],
        &next,
    ))
    .expect("JSON");
    assert_eq!(v["valid"], true);
    assert_eq!(v["method"], "totp");
}

#[test]
fn codes_are_never_read_without_code_stdin_when_input_is_off() {
    let env = setup(None);
    enroll(&env, "alice");
    let err = env.refused(&["--no-input", "mfa", "confirm", "alice"], 2);
    assert!(err.contains("--code-stdin"), "{err}");
    // stdin not a terminal: same.
    let err = env.refused(&["mfa", "confirm", "alice"], 2);
    assert!(err.contains("--code-stdin"), "{err}");
    let err = env.refused(&["--no-input", "mfa", "verify", "alice"], 2);
    assert!(err.contains("--code-stdin"), "{err}");
    // The code never goes in argv.
    env.fails(&["mfa", "confirm", "alice", "123456"], 2);
}

#[test]
fn verify_accepts_one_step_of_skew_each_way_and_no_more() {
    // Default 30 s step.
    let env = setup(None);
    let (secret, _) = enroll(&env, "alice");

    // Confirm with the previous step's code.
    let k = settled_step(30, 8);
    env.ok_stdin(
        &["mfa", "confirm", "alice", "--code-stdin"],
        &code_at_step(&secret, k - 1),
    );
    // The current step's code.
    let k = settled_step(30, 8);
    let out = verify(&env, "alice", &code_at_step(&secret, k));
    assert_eq!(code(&out), 0, "current step: {}", stderr(&out));
    // Two steps ahead, two steps behind: wrong (not "already used").
    let k = settled_step(30, 8);
    for step in [k + 2, k - 2] {
        let out = verify(&env, "alice", &code_at_step(&secret, step));
        assert_eq!(code(&out), 3, "step offset {}", step as i64 - k as i64);
        assert!(stderr(&out).contains("wrong"), "{}", stderr(&out));
    }
    // The next step's code.
    let k = settled_step(30, 8);
    let out = verify(&env, "alice", &code_at_step(&secret, k + 1));
    assert_eq!(code(&out), 0, "next step: {}", stderr(&out));
}

#[test]
fn verify_accepts_the_previous_step() {
    // 15 s steps, so that waiting for the next step is short.
    let env = setup(Some(15));
    let (secret, _) = enroll(&env, "alice");
    let k = settled_step(15, 6);
    env.ok_stdin(
        &["mfa", "confirm", "alice", "--code-stdin"],
        &code_at_step(&secret, k - 1),
    );
    // In step k+1, the code of step k (never used) is one step old.
    wait_for_step(15, k + 1);
    let out = verify(&env, "alice", &code_at_step(&secret, k));
    assert_eq!(code(&out), 0, "previous step: {}", stderr(&out));
}

#[test]
fn an_accepted_code_is_never_accepted_again() {
    let env = setup(Some(120));
    let (secret, step) = enroll_active(&env, "alice", 120);
    let next = code_at_step(&secret, step + 1);
    assert_eq!(code(&verify(&env, "alice", &next)), 0);
    for _ in 0..2 {
        let out = verify(&env, "alice", &next);
        assert_eq!(code(&out), 3);
        assert!(stderr(&out).contains("already used"), "{}", stderr(&out));
    }
}

#[test]
fn concurrent_verifications_of_one_code_accept_exactly_one() {
    let env = setup(Some(120));
    env.ok(&["settings", "set", "lockout.attempts", "100"]);
    let (secret, _) = enroll(&env, "alice");
    // Generous margin: 16 processes on a busy machine.
    let step = settled_step(120, 30);
    env.ok_stdin(
        &["mfa", "confirm", "alice", "--code-stdin"],
        &code_at_step(&secret, step - 1),
    );
    let good = code_at_step(&secret, step);
    const N: usize = 16;
    let barrier = Barrier::new(N);
    let outs: Vec<std::process::Output> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..N)
            .map(|_| {
                s.spawn(|| {
                    let mut cmd = env.cmd();
                    cmd.args(["mfa", "verify", "alice", "--code-stdin"])
                        .write_stdin(good.as_str());
                    barrier.wait();
                    cmd.output().expect("run mfactl")
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    let codes: Vec<i32> = outs.iter().map(code).collect();
    assert_eq!(
        codes.iter().filter(|c| **c == 0).count(),
        1,
        "exit codes {codes:?}"
    );
    for o in outs.iter().filter(|o| code(o) != 0) {
        assert_eq!(code(o), 3, "stderr: {}", stderr(o));
        assert!(stderr(o).contains("already used"), "{}", stderr(o));
    }
    // Every attempt is in the audit log: one success, N-1 failures.
    let verifies: Vec<Value> = attempts(&env)
        .into_iter()
        .filter(|e| e["action"] == "mfa.verify")
        .collect();
    assert_eq!(verifies.len(), N);
    assert_eq!(
        verifies
            .iter()
            .filter(|e| e["details"]["outcome"] == "success")
            .count(),
        1
    );
}

#[test]
fn every_attempt_is_audited_with_method_and_outcome_but_never_the_code() {
    let env = setup(Some(120));
    let (secret, _) = enroll(&env, "alice");
    let step = settled_step(120, 10);
    let bad = wrong_code(&secret, step);
    let good = code_at_step(&secret, step);
    let next = code_at_step(&secret, step + 1);
    let mut codes_used = Vec::new();

    let before = attempts(&env).len();
    // confirm: wrong, right; verify: replay, wrong, right.
    for (args, c, want) in [
        (["mfa", "confirm", "alice", "--code-stdin"], &bad, 3),
        (["mfa", "confirm", "alice", "--code-stdin"], &good, 0),
        (["mfa", "verify", "alice", "--code-stdin"], &good, 3),
        (["mfa", "verify", "alice", "--code-stdin"], &bad, 3),
        (["mfa", "verify", "alice", "--code-stdin"], &next, 0),
    ] {
        let out = env.run_stdin(&args, c);
        assert_eq!(code(&out), want, "{args:?}: {}", stderr(&out));
        codes_used.push(c.clone());
    }
    let entries = attempts(&env);
    assert_eq!(entries.len() - before, 5, "{entries:#?}");
    let outcomes: Vec<(String, String)> = entries
        .iter()
        .map(|e| {
            assert_eq!(e["target"], "alice");
            assert_eq!(e["details"]["method"], "totp", "{e}");
            (
                e["action"].as_str().unwrap_or("").to_string(),
                e["details"]["outcome"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = [
        ("mfa.confirm", "failed"),
        ("mfa.confirm", "success"),
        ("mfa.verify", "failed"),
        ("mfa.verify", "failed"),
        ("mfa.verify", "success"),
    ]
    .iter()
    .map(|(a, o)| (a.to_string(), o.to_string()))
    .collect();
    assert_eq!(outcomes, want);
    // No code and no seed in any entry's details.
    for e in mfa_audit(&env) {
        let details = e["details"].to_string();
        for c in &codes_used {
            assert!(!details.contains(c.as_str()), "code {c} in {details}");
        }
        assert!(!details.contains(&secret), "seed in {details}");
    }
    env.ok(&["audit", "verify"]);
}

// ---------------------------------------------------------------------------
// Lockout.
// ---------------------------------------------------------------------------

#[test]
fn wrong_codes_lock_the_user_until_unlocked() {
    let env = setup(Some(120));
    env.ok(&["settings", "set", "lockout.attempts", "3"]);
    let (secret, _) = enroll_active(&env, "alice", 120);
    let step = settled_step(120, 10);
    let bad = wrong_code(&secret, step);
    for i in 0..2 {
        let out = verify(&env, "alice", &bad);
        assert_eq!(code(&out), 3, "wrong code {i}: {}", stderr(&out));
    }
    assert_eq!(user(&env, "alice")["locked"], false);
    // The third failure reaches the limit.
    let out = verify(&env, "alice", &bad);
    assert!([3, 4].contains(&code(&out)), "{}", stderr(&out));
    let u = user(&env, "alice");
    assert_eq!(u["locked"], true, "{u}");
    assert_eq!(u["failed_attempts"], 3, "{u}");

    // Locked: even the right code is refused with exit 4.
    let out = verify(&env, "alice", &code_at_step(&secret, step + 1));
    assert_eq!(code(&out), 4, "{}", stderr(&out));
    assert!(lower(&stderr(&out)).contains("locked"), "{}", stderr(&out));
    let out = verify(&env, "alice", &bad);
    assert_eq!(code(&out), 4, "{}", stderr(&out));

    env.ok(&["user", "unlock", "alice"]);
    let u = user(&env, "alice");
    assert_eq!(u["locked"], false, "{u}");
    let step = settled_step(120, 5).max(step);
    let out = verify(&env, "alice", &code_at_step(&secret, step + 1));
    assert_eq!(code(&out), 0, "after unlock: {}", stderr(&out));
}

#[test]
fn confirm_failures_count_toward_lockout() {
    let env = setup(Some(120));
    env.ok(&["settings", "set", "lockout.attempts", "3"]);
    let (secret, _) = enroll(&env, "alice");
    let step = settled_step(120, 10);
    let bad = wrong_code(&secret, step);
    for _ in 0..3 {
        let out = env.run_stdin(&["mfa", "confirm", "alice", "--code-stdin"], &bad);
        assert!([3, 4].contains(&code(&out)), "{}", stderr(&out));
    }
    let out = env.run_stdin(
        &["mfa", "confirm", "alice", "--code-stdin"],
        &code_at_step(&secret, step),
    );
    assert_eq!(code(&out), 4, "{}", stderr(&out));
    assert_eq!(
        enrolment_states(&env, "alice"),
        vec![("totp".to_string(), "pending".to_string())]
    );
}

#[test]
fn attempts_while_locked_are_audited() {
    let env = setup(Some(120));
    env.ok(&["settings", "set", "lockout.attempts", "1"]);
    let (secret, _) = enroll_active(&env, "alice", 120);
    let step = settled_step(120, 10);
    let out = verify(&env, "alice", &wrong_code(&secret, step));
    assert!([3, 4].contains(&code(&out)), "{}", stderr(&out));
    let before = attempts(&env).len();
    let out = verify(&env, "alice", &code_at_step(&secret, step + 1));
    assert_eq!(code(&out), 4, "{}", stderr(&out));
    let entries = attempts(&env);
    assert_eq!(
        entries.len(),
        before + 1,
        "the attempt while locked is not in the audit log"
    );
    let last = entries.last().expect("entry");
    assert_eq!(last["action"], "mfa.verify");
    assert_eq!(last["details"]["method"], "totp");
    assert_ne!(last["details"]["outcome"], "success");
    assert!(last["details"]["outcome"].is_string(), "{last}");
}

// ---------------------------------------------------------------------------
// Reset and reset request.
// ---------------------------------------------------------------------------

#[test]
fn reset_clears_enrolment_and_backup_codes_and_tells_the_user() {
    let smtp = Smtp::start();
    let env = setup(Some(120));
    use_smtp(&env, smtp.port);
    env.ok(&["settings", "set", "mfa.alternates", "backup-codes"]);
    let (secret, step) = enroll_active(&env, "alice", 120);
    let codes_out = env.ok(&["--no-input", "backup-codes", "generate", "alice"]);
    let backup: String = codes_out
        .split_whitespace()
        .find(|w| w.len() == 19 && w.matches('-').count() == 3)
        .unwrap_or_else(|| panic!("no backup code in {codes_out}"))
        .to_string();
    let before_mail = smtp.to("alice@example.com").len();

    let out = env.ok(&["mfa", "reset", "alice"]);
    assert!(out.contains("alice") || out.is_empty(), "{out}");
    assert!(enrolment_states(&env, "alice").is_empty());
    let status = env.json(&["backup-codes", "status", "alice"]);
    assert_eq!(status["remaining"], 0, "{status}");

    // Neither the authenticator nor the backup codes work any more.
    let out = verify(&env, "alice", &code_at_step(&secret, step + 1));
    assert_ne!(code(&out), 0);
    let out = env.run_stdin(
        &[
            "mfa",
            "verify",
            "alice",
            "--method",
            "backup-code",
            "--code-stdin",
        ],
        &backup,
    );
    assert_ne!(code(&out), 0, "backup code still works after reset");

    // Audited and mailed to the user.
    let resets: Vec<Value> = mfa_audit(&env)
        .into_iter()
        .filter(|e| e["action"] == "mfa.reset")
        .collect();
    assert_eq!(resets.len(), 1);
    assert_eq!(resets[0]["target"], "alice");
    let mails = smtp.to("alice@example.com");
    assert_eq!(mails.len(), before_mail + 1, "no reset mail to the user");
    let mail = mails.last().expect("mail");
    assert!(
        lower(&mail.subject()).contains("reset"),
        "{}",
        mail.subject()
    );
    assert!(mail.body().contains("alice"), "{}", mail.body());
    assert!(!mail.data.contains(&secret));

    // The user can enrol again.
    let (again, _) = enroll(&env, "alice");
    assert_ne!(again, secret);
    let step = settled_step(120, 5);
    env.ok_stdin(
        &["mfa", "confirm", "alice", "--code-stdin"],
        &code_at_step(&again, step),
    );
}

#[test]
fn reset_request_mails_every_administrator_with_an_email() {
    let smtp = Smtp::start();
    let env = setup(None);
    use_smtp(&env, smtp.port);
    env.ok(&[
        "user",
        "add",
        "root",
        "--admin",
        "--email",
        "root@example.com",
    ]);
    env.ok(&["user", "add", "gadmin", "--email", "gadmin@example.com"]);
    env.ok(&["group", "add", "secops", "--admin"]);
    env.ok(&["group", "add-member", "secops", "gadmin"]);
    env.ok(&["user", "add", "nomail", "--admin"]);
    env.ok(&["user", "add", "carol", "--email", "carol@example.com"]);
    env.ok(&["group", "add", "staff"]);
    env.ok(&["group", "add-member", "staff", "carol"]);

    env.ok(&["mfa", "reset-request", "alice"]);
    for admin in ["root@example.com", "gadmin@example.com"] {
        let mails = smtp.to(admin);
        assert_eq!(mails.len(), 1, "to {admin}: {:?}", smtp.messages());
        assert!(
            mails[0].subject().contains("alice"),
            "{}",
            mails[0].subject()
        );
        assert!(
            mails[0].body().contains("mfactl mfa reset alice"),
            "{}",
            mails[0].body()
        );
    }
    assert!(smtp.to("carol@example.com").is_empty());
    assert!(smtp.to("alice@example.com").is_empty());
    assert_eq!(smtp.messages().len(), 2, "{:?}", smtp.messages());
    assert!(mfa_audit(&env)
        .iter()
        .any(|e| e["action"] == "mfa.reset-request" && e["target"] == "alice"));

    // A specific address instead.
    env.ok(&[
        "settings",
        "set",
        "mfa.reset_recipient",
        "helpdesk@example.com",
    ]);
    env.ok(&["mfa", "reset-request", "alice"]);
    assert_eq!(smtp.to("helpdesk@example.com").len(), 1);
    assert_eq!(smtp.to("root@example.com").len(), 1);
    assert_eq!(smtp.to("gadmin@example.com").len(), 1);
    assert_eq!(smtp.messages().len(), 3);
}

#[test]
fn reset_request_without_a_recipient_is_refused() {
    let smtp = Smtp::start();
    let env = setup(None);
    use_smtp(&env, smtp.port);
    env.ok(&["user", "add", "nomail", "--admin"]);
    let err = env.refused(&["mfa", "reset-request", "alice"], 5);
    assert!(lower(&err).contains("administrator"), "{err}");
    assert!(smtp.messages().is_empty());
}

// ---------------------------------------------------------------------------
// Settings that shape the codes.
// ---------------------------------------------------------------------------

#[test]
fn issuer_is_url_encoded_in_the_uri() {
    let env = setup(None);
    env.ok(&["settings", "set", "mfa.totp.issuer", "ACME Corp & Co"]);
    let (secret, uri) = enroll(&env, "alice");
    assert_eq!(
        uri,
        format!(
            "otpauth://totp/ACME%20Corp%20%26%20Co:alice?secret={secret}&issuer=ACME%20Corp%20%26%20Co&algorithm=SHA1&digits=6&period=30"
        )
    );
    let out = env.ok(&["mfa", "enroll", "alice"]);
    assert!(out.contains("issuer=ACME%20Corp%20%26%20Co"), "{out}");
}

#[test]
fn digits_and_algorithm_settings_change_uri_and_accepted_codes() {
    let env = setup(Some(120));
    env.ok(&["settings", "set", "mfa.totp.digits", "8"]);
    env.ok(&["settings", "set", "mfa.totp.algorithm", "sha256"]);
    let (secret, uri) = enroll(&env, "alice");
    assert!(
        uri.ends_with("&algorithm=SHA256&digits=8&period=120"),
        "{uri}"
    );
    let key = base32_decode(&secret);
    assert_eq!(key.len(), 20);
    let step = settled_step(120, 10);
    // The default-shaped code (SHA1, 6 digits) is not accepted.
    let sha1_6 = reference_hotp(&key, Alg::Sha1, 6, step);
    let out = env.run_stdin(&["mfa", "confirm", "alice", "--code-stdin"], &sha1_6);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    // Nor a SHA1 8-digit one.
    let sha1_8 = reference_hotp(&key, Alg::Sha1, 8, step);
    let out = env.run_stdin(&["mfa", "confirm", "alice", "--code-stdin"], &sha1_8);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    // The SHA-256, 8-digit code is.
    let good = reference_hotp(&key, Alg::Sha256, 8, step);
    assert_eq!(good.len(), 8);
    env.ok_stdin(&["mfa", "confirm", "alice", "--code-stdin"], &good);
    let out = verify(
        &env,
        "alice",
        &reference_hotp(&key, Alg::Sha256, 8, step + 1),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn sha512_setting_is_honoured() {
    let env = setup(Some(120));
    env.ok(&["settings", "set", "mfa.totp.algorithm", "sha512"]);
    let (secret, uri) = enroll(&env, "alice");
    assert!(
        uri.ends_with("&algorithm=SHA512&digits=6&period=120"),
        "{uri}"
    );
    let key = base32_decode(&secret);
    let step = settled_step(120, 5);
    env.ok_stdin(
        &["mfa", "confirm", "alice", "--code-stdin"],
        &reference_hotp(&key, Alg::Sha512, 6, step),
    );
}

// ---------------------------------------------------------------------------
// Several authenticators (credentials) per user.
// ---------------------------------------------------------------------------

fn enroll_labelled(env: &Env, user: &str, label: &str) -> String {
    let v = env.json(&["mfa", "enroll", user, "--label", label]);
    v["secret"].as_str().expect("secret").to_string()
}

fn credentials(env: &Env, user: &str) -> Vec<Value> {
    env.json(&["mfa", "list", user])
        .as_array()
        .expect("a list")
        .clone()
}

#[test]
fn a_user_holds_two_apps_each_with_its_own_label_state_and_replay_counter() {
    let env = setup(Some(120));
    let phone = enroll_labelled(&env, "alice", "phone");
    let tablet = enroll_labelled(&env, "alice", "tablet");
    let list = credentials(&env, "alice");
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(list[0]["label"], "phone");
    assert_eq!(list[1]["label"], "tablet");
    assert!(list
        .iter()
        .all(|c| c["state"] == "pending" && c["method"] == "totp"));
    assert!(list.iter().all(|c| c["last_used_at"].is_null()));

    // Each confirms with its own code; confirming one leaves the other pending.
    let step = settled_step(120, 5);
    env.ok_stdin(
        &["mfa", "confirm", "alice", "--code-stdin"],
        &code_at_step(&phone, step - 1),
    );
    let states: Vec<Value> = credentials(&env, "alice")
        .iter()
        .map(|c| c["state"].clone())
        .collect();
    assert_eq!(states, vec![Value::from("active"), Value::from("pending")]);
    env.ok_stdin(
        &["mfa", "confirm", "alice", "--code-stdin"],
        &code_at_step(&tablet, step - 1),
    );

    // Either app verifies; a step used on one is still fresh on the other.
    assert_eq!(code(&verify(&env, "alice", &code_at_step(&phone, step))), 0);
    assert_eq!(
        code(&verify(&env, "alice", &code_at_step(&tablet, step))),
        0
    );
    // ... and replaying either is refused.
    let out = verify(&env, "alice", &code_at_step(&phone, step));
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("already used"), "{}", stderr(&out));
    let list = credentials(&env, "alice");
    assert!(
        list.iter().all(|c| c["last_used_at"].is_string()),
        "{list:?}"
    );

    // The label of an active app cannot be enrolled again.
    let err = env.refused(&["mfa", "enroll", "alice", "--label", "phone"], 5);
    assert!(err.contains("--label"), "{err}");

    // Removing one by id: its codes stop working, the other's still work.
    let phone_id = list[0]["id"].as_i64().expect("id").to_string();
    env.ok(&["mfa", "remove", "alice", &phone_id]);
    let out = verify(&env, "alice", &code_at_step(&phone, step + 1));
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert_eq!(
        code(&verify(&env, "alice", &code_at_step(&tablet, step + 1))),
        0
    );
    let list = credentials(&env, "alice");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["label"], "tablet");
    let removed: Vec<Value> = mfa_audit(&env)
        .into_iter()
        .filter(|e| e["action"] == "mfa.remove")
        .collect();
    assert_eq!(removed.len(), 1);
    assert_eq!(removed[0]["details"]["label"], "phone");
    // An id that is not the user's is refused, and nothing changes.
    let out = env.run(&["mfa", "remove", "alice", &phone_id]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(credentials(&env, "alice").len(), 1);
}
