//! Verification costs, measured through the library on a temporary store:
//! one argon2id evaluation for reference, backup-code verification with 5
//! and with 50 codes held (the target: within 10% of each other, because
//! checking costs one argon2 evaluation however many codes there are), and
//! TOTP verification. Run with `cargo bench --bench verify`; the costs of
//! whole commands are measured by benches/auth.sh and benches/run.sh.

use std::time::{Duration, Instant};

use mfactl::auth::{backup_codes, mfa, totp};
use mfactl::crypto::{hash_secret, OsRandom, Secret};
use mfactl::{settings, users, OpenOptions, Store};

fn open(dir: &std::path::Path) -> Store {
    let mut store =
        Store::open(OpenOptions::new(dir.join("bench.db"), "bench")).expect("open store");
    let set = |store: &mut Store, k: &str, v: &str| {
        settings::set(store, k, settings::NewValue::Plain(v.into())).expect("setting");
    };
    set(&mut store, "mfa.alternates", "backup-codes");
    set(&mut store, "lockout.attempts", "100");
    set(&mut store, "mfa.totp.period", "15s");
    users::add(
        &mut store,
        users::NewUser {
            name: "alice".into(),
            ..Default::default()
        },
    )
    .expect("user");
    store
}

fn report(label: &str, samples: &[Duration]) -> f64 {
    let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(|a, b| a.total_cmp(b));
    let median = ms[ms.len() / 2];
    println!(
        "{label:<44} median {median:7.2} ms  (min {:.2}, max {:.2}, n={})",
        ms[0],
        ms[ms.len() - 1],
        ms.len()
    );
    median
}

/// Verifies every code of fresh sets of `count` codes until `samples` uses.
fn backup(store: &mut Store, count: usize, samples: usize) -> Vec<Duration> {
    settings::set(
        store,
        "mfa.backup_codes.count",
        settings::NewValue::Plain(count.to_string()),
    )
    .expect("count");
    let mut times = Vec::new();
    while times.len() < samples {
        let (user, codes) = backup_codes::generate(store, "alice").expect("generate");
        backup_codes::save(store, &user, &codes, "bench").expect("save");
        // Use the codes from the end, so a linear scan would be at its worst.
        for code in codes.iter().rev().take(samples - times.len()) {
            let t = Instant::now();
            mfa::verify(store, "alice", Some(mfa::Method::BackupCode), code, "bench")
                .expect("valid code");
            times.push(t.elapsed());
        }
    }
    times
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open(dir.path());

    let argon: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            hash_secret(b"correct horse battery", &mut OsRandom).expect("hash");
            t.elapsed()
        })
        .collect();
    report("argon2id (m=19456 KiB, t=2, p=1), one hash", &argon);
    // The same evaluation, raw output: the argon2 crate allocating its own
    // memory, and mfactl's crypto::argon2id_raw (huge-page memory, not
    // written before argon2). In one process both reuse freed memory after
    // the first evaluation, so the difference is smaller here than per
    // process (benches/auth.sh).
    let params = argon2::Params::new(19_456, 2, 1, Some(32)).expect("params");
    let crate_argon2 =
        argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..20 {
        let mut out = [0u8; 32];
        let t = Instant::now();
        crate_argon2
            .hash_password_into(b"pw", b"somesaltsomesalt", &mut out)
            .expect("hash");
        theirs.push(t.elapsed());
        let t = Instant::now();
        let raw = mfactl::crypto::argon2id_raw(b"pw", b"somesaltsomesalt").expect("hash");
        ours.push(t.elapsed());
        assert_eq!(raw, out);
    }
    report("argon2id raw, argon2 crate's own memory", &theirs);
    report("argon2id raw, crypto::argon2id_raw", &ours);

    let five = report(
        "backup code verify, 5 codes held",
        &backup(&mut store, 5, 30),
    );
    let fifty = report(
        "backup code verify, 50 codes held",
        &backup(&mut store, 50, 30),
    );
    println!(
        "{:<44} {:.3} (target <= 1.10)",
        "ratio 50 / 5",
        fifty / five
    );

    let enrolled = totp::enroll(&mut store, "alice").expect("enroll");
    let seed = totp_rs::Secret::Encoded(enrolled.secret.expose().to_string())
        .to_bytes()
        .expect("base32");
    let params =
        totp::Params::from_config(&settings::load_config(&store).expect("settings").mfa.totp);
    let mut times = Vec::new();
    let mut last_step = 0;
    for i in 0..8 {
        // Each step is accepted once: wait for a fresh step.
        let mut now = store.now();
        while now / 15 == last_step {
            std::thread::sleep(Duration::from_millis(200));
            now = store.now();
        }
        last_step = now / 15;
        let code = Secret::new(totp::code_at(&seed, &params, now as u64));
        let t = Instant::now();
        if i == 0 {
            totp::confirm(&mut store, "alice", &code, "bench").expect("confirm");
        } else {
            mfa::verify(&mut store, "alice", Some(mfa::Method::Totp), &code, "bench")
                .expect("valid totp");
        }
        times.push(t.elapsed());
        if i >= 3 {
            break;
        }
    }
    report("TOTP verify (unseal, HMAC, replay-safe update)", &times);
}
