//! Property tests (proptest) of the parsers that take outside input:
//! settings documents and their import, CSV user import, code
//! normalisation, durations and `--since`, networks and addresses, setting
//! values and user names.
//!
//! Properties: nothing panics on any input; what is accepted has the
//! promised shape; an import that fails leaves the store exactly as it was
//! (all or nothing); and a few exact round trips (a duration, an address
//! inside a network).
//!
//! The corpus of failing cases proptest found lives in
//! `proptest-regressions/fuzz_parsers.txt` (at the crate root). Keep it
//! under version control: proptest replays every seed in it before the
//! random cases. Each minimal failing input found so far is also written
//! out below as an explicit regression `#[test]` (see "Regressions"), so
//! the failure stays readable and runs even if the corpus file is lost.
//!
//! Case counts are modest (64–256) so the file runs in seconds; raise them
//! with `PROPTEST_CASES=10000 cargo test --test it fuzz_parsers::` for a longer
//! hunt.

use std::cell::RefCell;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::common::dump;
use mfactl::auth::{backup_codes, codes, email_code};
use mfactl::policy::{parse_ip, parse_network};
use mfactl::settings::{self, canonicalize, lookup, parse_document, parse_duration, Format, Kind};
use mfactl::users::{import_csv, validate_name};
use mfactl::{OpenOptions, Store};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};
use serde_json::{json, Value};

// ---------------------------------------------------------------- set-up

/// The corpus file, relative to the crate root (where `cargo test` runs
/// integration tests).
const CORPUS: &str = "proptest-regressions/fuzz_parsers.txt";

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(CORPUS))),
        ..Config::default()
    }
}

/// A new store in a temporary folder (kept alive by the returned guard).
fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store =
        Store::open(OpenOptions::new(dir.path().join("mfactl.db"), "fuzz")).expect("open store");
    (dir, store)
}

fn user_count(dir: &tempfile::TempDir) -> i64 {
    rusqlite::Connection::open(dir.path().join("mfactl.db"))
        .unwrap()
        .query_row("SELECT count(*) FROM users", [], |r| r.get(0))
        .unwrap()
}

/// Runs a property with state that lives across cases (a store): proptest's
/// runner takes an `Fn`, so the state sits in a `RefCell`.
fn run<S: Strategy>(cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    let mut runner = TestRunner::new(config(cases));
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{e}");
    }
}

// ---------------------------------------------------------------- settings documents

/// Text that looks a bit like TOML or JSON, with multi-byte characters
/// where error positions are computed.
fn doc_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\[\\]{}a-z._=\"':,0-9 \\n\\t#\\\\é€😀-]{0,80}",
        "(\\[smtp\\]\n)?(host|port|[a-zé]{1,5}) ?= ?(\"[a-z.é😀]{0,10}\"?|[0-9]{1,3}|true|\\[|\\{)[\n ]{0,2}",
    ]
}

/// A value of a settings file.
fn leaf_value() -> impl Strategy<Value = Value> {
    let words = prop::sample::select(vec![
        "mail.example.com",
        "a@example.com",
        "administrators",
        "{number}@sms.example.com",
        "10m",
        "1h 30m",
        "30s",
        "0",
        "10",
        "totp",
        "totp,email",
        "email,backup-codes",
        "none",
        "starttls",
        "tls",
        "required",
        "optional-per-user",
        "sha256",
        "true",
        "off",
        "",
        "'; DROP TABLE settings;--",
        "\u{1b}[2J",
        "a\nb",
    ]);
    prop_oneof![
        any::<bool>().prop_map(Value::from),
        prop_oneof![-5i64..70_000, any::<i64>()].prop_map(Value::from),
        words.clone().prop_map(Value::from),
        "[ -~é]{0,20}".prop_map(Value::from),
        prop::collection::vec(words, 0..4).prop_map(|v| json!(v)),
    ]
}

/// A dotted key: mostly real ones, some near misses.
fn doc_key() -> impl Strategy<Value = String> {
    let real: Vec<String> = settings::DEFS.iter().map(|d| d.key.to_string()).collect();
    prop_oneof![
        4 => prop::sample::select(real),
        1 => prop::sample::select(vec![
            "smtp".to_string(),
            "smtp.hots".into(),
            "smtp.port.extra".into(),
            "mfa".into(),
            "x".into(),
            "mfa.totp".into(),
        ]),
        1 => "[a-z]{1,6}(\\.[a-z_]{1,8}){0,2}",
    ]
}

/// Inserts `value` at the dotted `key` of a nested document; false when a
/// leaf is in the way (or a table where a leaf would go).
fn insert(doc: &mut serde_json::Map<String, Value>, key: &str, value: Value) -> bool {
    let mut parts: Vec<&str> = key.split('.').collect();
    let leaf = parts.pop().unwrap();
    let mut table = doc;
    for p in parts {
        let entry = table
            .entry(p.to_string())
            .or_insert_with(|| Value::Object(Default::default()));
        match entry.as_object_mut() {
            Some(t) => table = t,
            None => return false,
        }
    }
    if table.contains_key(leaf) {
        return false;
    }
    table.insert(leaf.to_string(), value);
    true
}

/// A settings document and the pairs it holds.
fn settings_doc() -> impl Strategy<Value = (Value, Vec<(String, Value)>)> {
    prop::collection::vec((doc_key(), leaf_value()), 0..8).prop_map(|entries| {
        let mut doc = serde_json::Map::new();
        let mut pairs = Vec::new();
        for (k, v) in entries {
            if insert(&mut doc, &k, v.clone()) {
                pairs.push((k, v));
            }
        }
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        (Value::Object(doc), pairs)
    })
}

fn sorted(mut pairs: Vec<(String, Value)>) -> Vec<(String, Value)> {
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    pairs
}

proptest! {
    #![proptest_config(config(256))]

    /// Any text, as TOML or JSON: a result, never a panic.
    #[test]
    fn parse_document_never_panics(text in doc_like()) {
        let _ = parse_document(&text, Format::Toml);
        let _ = parse_document(&text, Format::Json);
    }

    /// A nested document gives exactly its leaves as dotted keys, the same
    /// from JSON and from TOML; one without leaves is refused.
    #[test]
    fn parse_document_flattens_json_and_toml_alike((doc, pairs) in settings_doc()) {
        let json_text = serde_json::to_string(&doc).unwrap();
        let toml_text = toml::to_string(&doc).unwrap();
        let from_json = parse_document(&json_text, Format::Json);
        let from_toml = parse_document(&toml_text, Format::Toml);
        if pairs.is_empty() {
            prop_assert!(from_json.is_err(), "{json_text}");
            prop_assert!(from_toml.is_err(), "{toml_text}");
        } else {
            prop_assert_eq!(sorted(from_json.unwrap()), pairs.clone(), "{}", json_text);
            prop_assert_eq!(sorted(from_toml.unwrap()), pairs, "{}", toml_text);
        }
    }

    /// Setting values: never a panic; for every kind but durations (stored
    /// in seconds, written with a unit) the canonical form is canonical.
    #[test]
    fn canonicalize_never_panics_and_is_idempotent(
        def in prop::sample::select(settings::DEFS.to_vec()),
        input in prop_oneof![any::<String>(), "[ -~]{0,30}", "[0-9]{1,25}[smhd]?"],
    ) {
        if let Ok(c) = canonicalize(&def, &input) {
            prop_assert!(!c.chars().any(char::is_control), "{c:?}");
            if !matches!(def.kind, Kind::Duration { .. }) {
                prop_assert_eq!(canonicalize(&def, &c).ok(), Some(c.clone()), "{}", def.key);
            }
        }
    }

    /// Keys: never a panic; a found key is the key asked for.
    #[test]
    fn lookup_finds_only_the_key_asked(key in prop_oneof![any::<String>(), doc_key()]) {
        if let Ok(def) = lookup(&key) {
            prop_assert_eq!(def.key, key.as_str());
        }
    }
}

/// Import of arbitrary text and of shaped documents into one store: it
/// succeeds or fails, never panics, and a failure changes nothing.
#[test]
fn settings_import_is_all_or_nothing() {
    let (dir, store) = temp_store();
    let store = RefCell::new(store);
    let db = dir.path().join("mfactl.db");
    let texts = prop_oneof![
        doc_like().prop_map(|t| (t, Format::Toml)),
        doc_like().prop_map(|t| (t, Format::Json)),
        settings_doc().prop_map(|(d, _)| (serde_json::to_string(&d).unwrap(), Format::Json)),
        settings_doc().prop_map(|(d, _)| (toml::to_string(&d).unwrap(), Format::Toml)),
    ];
    run(192, texts, |(text, format)| {
        let before = dump(&db);
        let result = settings::import(&mut store.borrow_mut(), &text, format);
        match result {
            Ok(changed) => {
                let pairs = parse_document(&text, format).expect("imported, so it parses");
                prop_assert!(changed <= pairs.len());
            }
            Err(e) => {
                prop_assert_eq!(
                    &before,
                    &dump(&db),
                    "failed import ({}) changed the store",
                    e
                );
            }
        }
        Ok(())
    });
}

/// Settings that are valid whatever the rest of the store says.
const VALID_PAIRS: &[(&str, &str)] = &[
    ("smtp.port", "25"),
    ("smtp.timeout", "\"20s\""),
    ("lockout.attempts", "3"),
    ("mfa.totp.issuer", "\"Example\""),
    ("session.lifetime", "\"2h\""),
    ("mfa.backup_codes.count", "12"),
];

/// A valid settings document that gives one key twice (the same member
/// twice in JSON, or as a table member and a dotted key): without the
/// repetition it imports; with it, the import must fail and change
/// nothing, as it does for TOML and for dotted duplicates.
#[test]
fn settings_import_refuses_repeated_keys() {
    let (dir, store) = temp_store();
    let store = RefCell::new(store);
    let db = dir.path().join("mfactl.db");
    let docs = (
        prop::sample::subsequence(VALID_PAIRS.to_vec(), 1..=VALID_PAIRS.len()),
        any::<prop::sample::Index>(),
        0usize..3,
    )
        .prop_map(|(pairs, which, how)| {
            let mut doc = serde_json::Map::new();
            for (k, v) in &pairs {
                insert(&mut doc, k, serde_json::from_str(v).unwrap());
            }
            let doc = Value::Object(doc);
            let (key, value) = pairs[which.index(pairs.len())];
            let (top, leaf) = key.split_once('.').unwrap();
            let repeated = match how {
                0 => format!("\"{key}\": {value}"),
                1 => format!("\"{top}\": {{\"{leaf}\": {value}}}"),
                _ => format!("\"{top}\": {}", doc[top]),
            };
            let text = serde_json::to_string(&doc).unwrap();
            let body = &text[1..text.len() - 1];
            (text.clone(), format!("{{{body},{repeated}}}"), key)
        });
    run(64, docs, |(once, twice, key)| {
        let before = dump(&db);
        let result = settings::import(&mut store.borrow_mut(), &twice, Format::Json);
        prop_assert!(
            result.is_err(),
            "{} given twice was imported: {}",
            key,
            twice
        );
        prop_assert_eq!(&before, &dump(&db));
        let once = settings::import(&mut store.borrow_mut(), &once, Format::Json);
        prop_assert!(
            once.is_ok(),
            "the document itself is valid: {:?}",
            once.err()
        );
        Ok(())
    });
}

// ---------------------------------------------------------------- CSV import

/// A CSV row: name, email, admin, directory, groups.
fn csv_row() -> impl Strategy<Value = [String; 5]> {
    let name = prop_oneof![
        6 => "[a-z][a-z0-9._-]{0,12}",
        2 => "[a-z]{1,8}@corp\\.example\\.com",
        1 => prop::sample::select(vec![
            String::new(),
            " padded".into(),
            "=cmd|' /C calc'!A0".into(),
            "a\nb".into(),
            "CORP\\bob".into(),
            "\u{1b}[2J".into(),
            "'; DROP TABLE users;--".into(),
            "x".repeat(300),
            "Zoë".into(),
            "alice".into(),
        ]),
        1 => any::<String>(),
    ];
    let email = prop_oneof![
        3 => Just(String::new()),
        3 => "[a-z]{1,8}@example\\.com",
        1 => prop::sample::select(vec!["nope".to_string(), "a\nb@example.com".into(), "@".into()]),
    ];
    let flag = prop::sample::select(vec!["", "true", "false", "yes", "0", "maybe", "TRUE"]);
    let groups = prop::sample::select(vec![
        "",
        "ops",
        "ops;ops",
        " ops ",
        "missing",
        "ops;missing",
    ]);
    (name, email, flag.clone(), flag, groups)
        .prop_map(|(n, e, a, d, g)| [n, e, a.to_string(), d.to_string(), g.to_string()])
}

/// A CSV file: a header of some columns (name among them) in any order,
/// and rows, some repeated.
fn csv_file() -> impl Strategy<Value = (Vec<u8>, usize)> {
    (
        Just(vec![0usize, 1, 2, 3, 4]).prop_shuffle(),
        0usize..5,
        prop::collection::vec(csv_row(), 0..12),
        prop::collection::vec(any::<prop::sample::Index>(), 0..2),
    )
        .prop_map(|(order, drop, mut rows, repeats)| {
            const HEADER: [&str; 5] = ["name", "email", "admin", "directory", "groups"];
            // Keep `name`; maybe leave one other column out.
            let columns: Vec<usize> = order
                .into_iter()
                .filter(|&c| c == 0 || drop == 0 || c != drop)
                .collect();
            if !rows.is_empty() {
                for r in repeats {
                    let again = rows[r.index(rows.len())].clone();
                    rows.push(again);
                }
            }
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(columns.iter().map(|&c| HEADER[c])).unwrap();
            for row in &rows {
                w.write_record(columns.iter().map(|&c| row[c].as_str()))
                    .unwrap();
            }
            (w.into_inner().unwrap(), rows.len())
        })
}

fn import_bytes(store: &mut Store, bytes: &[u8]) -> mfactl::Result<u64> {
    import_csv(store, bytes, "fuzz.csv", &mut |_, _| {})
}

/// The store for CSV imports: alice and the group ops exist.
fn csv_store() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = temp_store();
    mfactl::users::add(
        &mut store,
        mfactl::users::NewUser {
            name: "alice".into(),
            ..Default::default()
        },
    )
    .unwrap();
    mfactl::users::add_group(&mut store, "ops", true).unwrap();
    (dir, store)
}

/// Arbitrary bytes and structured rows: the import adds every row or none.
#[test]
fn user_import_is_all_or_nothing() {
    let (dir, store) = csv_store();
    let store = RefCell::new(store);
    let db = dir.path().join("mfactl.db");
    let inputs = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..200).prop_map(|b| (b, None)),
        "name(,email)?\n([ -~\n\"]{0,20}\n){0,4}".prop_map(|s| (s.into_bytes(), None)),
        csv_file().prop_map(|(b, n)| (b, Some(n))),
    ];
    run(192, inputs, |(bytes, rows)| {
        let before = dump(&db);
        let users_before = user_count(&dir);
        match import_bytes(&mut store.borrow_mut(), &bytes) {
            Ok(added) => {
                prop_assert_eq!(user_count(&dir), users_before + added as i64);
                if let Some(rows) = rows {
                    prop_assert_eq!(added as usize, rows, "a row was skipped silently");
                }
            }
            Err(e) => {
                prop_assert_eq!(
                    user_count(&dir),
                    users_before,
                    "failed import added users: {}",
                    e
                );
                prop_assert_eq!(
                    &before,
                    &dump(&db),
                    "failed import ({}) changed the store",
                    e
                );
                prop_assert!(
                    matches!(e.exit_code(), 1 | 2),
                    "an import error exits 1 or 2, not {} ({})",
                    e.exit_code(),
                    e
                );
            }
        }
        Ok(())
    });
}

proptest! {
    #![proptest_config(config(256))]

    /// User names: never a panic; an accepted name is non-empty, at most
    /// 256 characters, without spaces or control characters.
    #[test]
    fn validate_name_accepts_only_clean_names(name in any::<String>(), directory in any::<bool>()) {
        if validate_name(&name, directory).is_ok() {
            prop_assert!(!name.is_empty());
            prop_assert!(name.chars().count() <= 256);
            prop_assert!(!name.chars().any(|c| c.is_control() || c.is_whitespace()), "{name:?}");
            if directory {
                prop_assert!(name.contains('@'), "{name:?}");
            }
        }
    }
}

// ---------------------------------------------------------------- codes

/// The alphabets codes are checked against, as the library calls
/// `normalize` (backup codes compare in upper case), and their lengths.
fn alphabets() -> Vec<(Vec<u8>, usize)> {
    vec![
        (codes::EMERGENCY_ALPHABET.to_vec(), codes::EMERGENCY_LEN),
        (
            backup_codes::ALPHABET.to_ascii_uppercase(),
            backup_codes::LEN,
        ),
        (email_code::DIGITS.to_vec(), email_code::LEN),
    ]
}

/// Flips the ASCII case of the characters where `flips` says so.
fn flip_case(s: &str, flips: &[bool]) -> String {
    s.chars()
        .zip(flips.iter().copied().chain(std::iter::repeat(false)))
        .map(|(c, f)| {
            if !f {
                c
            } else if c.is_ascii_uppercase() {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect()
}

/// Inserts each `(position, separator)` at that character position.
fn insert_separators(s: &str, seps: &[(prop::sample::Index, char)]) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    for (at, sep) in seps {
        let i = at.index(chars.len() + 1);
        chars.insert(i, *sep);
    }
    chars.into_iter().collect()
}

fn separator() -> impl Strategy<Value = char> {
    prop::sample::select(vec!['-', ' ', '\t', '-'])
}

proptest! {
    #![proptest_config(config(256))]

    /// Any input: never a panic; an accepted code is exactly the length
    /// asked, of alphabet symbols only.
    #[test]
    fn normalize_accepts_only_alphabet_codes(
        input in prop_oneof![any::<String>(), "[a-zA-Z0-9 -]{0,24}"],
        which in 0usize..3,
        len in prop_oneof![Just(None), (0usize..24).prop_map(Some)],
    ) {
        let (alphabet, default_len) = &alphabets()[which];
        let len = len.unwrap_or(*default_len);
        if let Some(code) = codes::normalize(&input, alphabet, len) {
            prop_assert_eq!(code.expose().len(), len);
            prop_assert!(code.expose().bytes().all(|b| alphabet.contains(&b)), "{:?}", code.expose());
        }
    }

    /// Whether input is accepted, and as what, does not change with ASCII
    /// case or with dashes and spaces put anywhere.
    #[test]
    fn normalize_ignores_case_and_separators(
        input in prop_oneof![any::<String>(), "[a-zA-Z0-9 -]{0,24}"],
        which in 0usize..3,
        flips in prop::collection::vec(any::<bool>(), 0..32),
        seps in prop::collection::vec((any::<prop::sample::Index>(), separator()), 0..6),
    ) {
        let (alphabet, len) = &alphabets()[which];
        let plain = codes::normalize(&input, alphabet, *len);
        let flipped = codes::normalize(&flip_case(&input, &flips), alphabet, *len);
        let separated = codes::normalize(&insert_separators(&input, &seps), alphabet, *len);
        prop_assert_eq!(plain.as_ref().map(|c| c.expose()), flipped.as_ref().map(|c| c.expose()));
        prop_assert_eq!(plain.as_ref().map(|c| c.expose()), separated.as_ref().map(|c| c.expose()));
    }

    /// A real code, typed in any case with dashes and spaces, is accepted
    /// as itself.
    #[test]
    fn normalize_accepts_every_real_code_however_typed(
        which in 0usize..3,
        symbols in prop::collection::vec(any::<prop::sample::Index>(), 16),
        flips in prop::collection::vec(any::<bool>(), 0..32),
        seps in prop::collection::vec((any::<prop::sample::Index>(), separator()), 0..8),
    ) {
        let (alphabet, len) = &alphabets()[which];
        let code: String = symbols
            .iter()
            .take(*len)
            .map(|i| alphabet[i.index(alphabet.len())] as char)
            .collect();
        let shown = codes::format_code(&code);
        let typed = insert_separators(&flip_case(&shown, &flips), &seps);
        let got = codes::normalize(&typed, alphabet, *len);
        prop_assert_eq!(got.as_ref().map(|c| c.expose()), Some(code.as_str()), "typed {:?}", typed);
    }
}

// ---------------------------------------------------------------- durations

proptest! {
    #![proptest_config(config(256))]

    /// Any text: never a panic.
    #[test]
    fn parse_duration_never_panics(s in prop_oneof![any::<String>(), "[0-9]{0,30}[a-z ]{0,6}[0-9]{0,5}"]) {
        let _ = parse_duration(&s);
    }

    /// `{n}s`, `{n}m`, `{n}h` are n seconds, minutes, hours.
    #[test]
    fn parse_duration_reads_units(n in prop_oneof![0u64..100_000, 0u64..(u64::MAX / 3600)], unit in 0usize..3) {
        let (suffix, factor) = [("s", 1u64), ("m", 60), ("h", 3600)][unit];
        prop_assert_eq!(parse_duration(&format!("{n}{suffix}")), Ok(n * factor));
    }

    /// `{h}h {m}m {s}s` adds up; a bare number other than 0 is refused.
    #[test]
    fn parse_duration_adds_parts_and_refuses_bare_numbers(h in 0u64..1000, m in 0u64..1000, s in 0u64..1000) {
        prop_assert_eq!(parse_duration(&format!("{h}h {m}m {s}s")), Ok(h * 3600 + m * 60 + s));
        let bare = parse_duration(&format!("{}", h + 1));
        prop_assert!(bare.is_err(), "bare number accepted: {bare:?}");
    }

    /// `--since`: never a panic; `{n}h` is n hours before now.
    #[test]
    fn parse_since_never_panics(s in prop_oneof![any::<String>(), "[0-9:TZ+-]{0,30}"], now in any::<i64>()) {
        let _ = mfactl::audit::parse_since(&s, now);
    }

    #[test]
    fn parse_since_reads_durations(n in 0i64..1_000_000, now in 0i64..4_000_000_000) {
        prop_assert_eq!(mfactl::audit::parse_since(&format!("{n}h"), now).ok(), Some(now - n * 3600));
    }
}

// ---------------------------------------------------------------- networks

fn v4_mask(prefix: u8) -> u32 {
    if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix))
    }
}

fn v6_mask(prefix: u8) -> u128 {
    if prefix == 0 {
        0
    } else {
        u128::MAX << (128 - u32::from(prefix))
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// Any text: never a panic.
    #[test]
    fn network_parsers_never_panic(s in prop_oneof![any::<String>(), "[0-9a-f:./%]{0,45}"]) {
        let _ = parse_network(&s);
        let _ = parse_ip(&s);
    }

    /// Every IPv4 address inside a parsed network is contained in it.
    #[test]
    fn ipv4_networks_contain_their_addresses(addr in any::<u32>(), prefix in 0u8..=32, host in any::<u32>()) {
        let net = parse_network(&format!("{}/{prefix}", Ipv4Addr::from(addr))).unwrap();
        let mask = v4_mask(prefix);
        let inside = Ipv4Addr::from((addr & mask) | (host & !mask));
        let ip = parse_ip(&inside.to_string()).unwrap();
        prop_assert!(net.contains(&ip), "{net} does not contain {ip}");
        // Flipping the last bit of the network part leaves the network.
        if prefix > 0 {
            let outside = Ipv4Addr::from(u32::from(inside) ^ (1u32 << (32 - u32::from(prefix))));
            let ip = parse_ip(&outside.to_string()).unwrap();
            prop_assert!(!net.contains(&ip), "{net} contains {ip}");
        }
    }

    /// Every IPv6 address inside a parsed network is contained in it.
    #[test]
    fn ipv6_networks_contain_their_addresses(addr in any::<u128>(), prefix in 0u8..=128, host in any::<u128>()) {
        let net = parse_network(&format!("{}/{prefix}", Ipv6Addr::from(addr))).unwrap();
        let mask = v6_mask(prefix);
        let inside = Ipv6Addr::from((addr & mask) | (host & !mask));
        let ip = parse_ip(&inside.to_string()).unwrap();
        // An address in the IPv4-mapped range reads as its IPv4 address.
        let contained = net.contains(&ip)
            || matches!(ip, IpAddr::V4(v4) if net.contains(&IpAddr::V6(v4.to_ipv6_mapped())));
        prop_assert!(contained, "{net} does not contain {ip}");
    }

    /// An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) is the IPv4 address.
    #[test]
    fn ipv4_mapped_addresses_are_canonical(addr in any::<u32>()) {
        let v4 = Ipv4Addr::from(addr);
        prop_assert_eq!(parse_ip(&format!("::ffff:{v4}")).unwrap(), IpAddr::V4(v4));
        prop_assert_eq!(parse_ip(&format!("::FFFF:{v4}")).unwrap(), IpAddr::V4(v4));
        prop_assert_eq!(parse_ip(&format!(" {v4} ")).unwrap(), IpAddr::V4(v4));
    }

    /// A network written in IPv4-mapped form contains the addresses in it,
    /// as `parse_ip` reads them (policies compare exactly these): a
    /// network `::ffff:10.0.0.0/104` is 10.0.0.0/8.
    #[test]
    fn ipv4_mapped_networks_contain_their_addresses(addr in any::<u32>(), prefix in 0u8..=32, host in any::<u32>()) {
        let net = parse_network(&format!("::ffff:{}/{}", Ipv4Addr::from(addr), 96 + prefix)).unwrap();
        let mask = v4_mask(prefix);
        let inside = Ipv4Addr::from((addr & mask) | (host & !mask));
        let ip = parse_ip(&format!("::ffff:{inside}")).unwrap();
        prop_assert!(net.contains(&ip), "{net} does not contain {ip}");
    }
}

// ---------------------------------------------------------------- regressions

// The minimal failing inputs proptest found (their seeds are in the corpus
// file named at the top), written out so they stay readable.

/// A JSON settings file with the same key twice is refused, as TOML and
/// dotted duplicates are; serde_json alone keeps the last one silently.
#[test]
fn regression_json_duplicate_keys_are_refused() {
    for text in [
        r#"{"smtp": {"port": 25, "port": 26}}"#,
        r#"{"smtp": {"port": 25}, "smtp": {"host": "mail.example.com"}}"#,
        r#"{"lockout.attempts": 3, "lockout.attempts": 4}"#,
        // settings_import_refuses_repeated_keys, minimal.
        r#"{"lockout":{"attempts":3},"lockout": {"attempts": 3}}"#,
    ] {
        assert!(
            parse_document(text, Format::Json).is_err(),
            "a duplicate key was accepted: {text}"
        );
        let (dir, mut store) = temp_store();
        let db = dir.path().join("mfactl.db");
        let before = dump(&db);
        assert!(
            settings::import(&mut store, text, Format::Json).is_err(),
            "{text}"
        );
        assert_eq!(before, dump(&db), "{text}");
    }
}

/// `ipv4_mapped_networks_contain_their_addresses`, minimal case (addr = 0,
/// prefix = 0, host = 0), which is corpus seed `cc 5ae4d931…`:
/// `::ffff:0.0.0.0/96`: the mapped network must contain
/// `::ffff:0.0.0.0`, which `parse_ip` reads as 0.0.0.0. And the policy
/// example: `::ffff:10.0.0.0/104` must contain 10.1.2.3.
#[test]
fn regression_ipv4_mapped_network_contains_its_addresses() {
    for (net, ip) in [
        ("::ffff:0.0.0.0/96", "::ffff:0.0.0.0"),
        ("::ffff:10.0.0.0/104", "10.1.2.3"),
        ("::ffff:10.0.0.0/104", "::ffff:10.1.2.3"),
        ("::ffff:192.0.2.10", "192.0.2.10"),
    ] {
        let n = parse_network(net).unwrap();
        let a = parse_ip(ip).unwrap();
        assert!(
            n.contains(&a),
            "{net} (parsed as {n}) does not contain {ip} (parsed as {a})"
        );
    }
}
