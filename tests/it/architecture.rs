//! The layering the README's architecture section describes, checked on
//! the source: SQL only under src/store/, the layers below auth never
//! import it, authenticators never import each other, and the library
//! neither prints nor reads the environment.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every library source file (not the CLI), relative to src/, with its text.
fn library() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&src)
                .expect("under src")
                .display()
                .to_string();
            let text = std::fs::read_to_string(&p).expect("read");
            (rel, text)
        })
        .filter(|(rel, _)| !rel.starts_with("cli/") && rel != "main.rs")
        .collect()
}

#[test]
fn sql_and_rusqlite_live_only_under_src_store() {
    let mut offenders = Vec::new();
    for (rel, text) in library() {
        if rel.starts_with("store/") {
            continue;
        }
        let sql = ["SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM"]
            .iter()
            .any(|k| text.contains(k));
        if text.contains("rusqlite") || sql {
            offenders.push(rel);
        }
    }
    assert!(
        offenders.is_empty(),
        "SQL outside src/store/: {offenders:?}"
    );
}

#[test]
fn users_settings_store_and_domain_do_not_depend_on_auth() {
    let mut offenders = Vec::new();
    for (rel, text) in library() {
        let lower = [
            "users/",
            "settings/",
            "store/",
            "domain/",
            "policy.rs",
            "audit.rs",
            "mail.rs",
        ];
        if lower.iter().any(|l| rel.starts_with(l)) && text.contains("crate::auth") {
            offenders.push(rel);
        }
    }
    assert!(offenders.is_empty(), "import auth: {offenders:?}");
}

#[test]
fn authenticators_do_not_import_each_other_or_the_flows() {
    let methods: Vec<(String, String)> = library()
        .into_iter()
        .filter(|(rel, _)| rel.starts_with("auth/methods/") && !rel.ends_with("mod.rs"))
        .collect();
    let names: Vec<String> = methods
        .iter()
        .map(|(rel, _)| {
            rel.trim_start_matches("auth/methods/")
                .trim_end_matches(".rs")
                .to_string()
        })
        .collect();
    for (rel, text) in &methods {
        for other in &names {
            if rel.ends_with(&format!("/{other}.rs")) || other == "stored_code" {
                continue;
            }
            assert!(
                !text.contains(&format!("super::{other}"))
                    && !text.contains(&format!("methods::{other}")),
                "{rel} imports the {other} authenticator"
            );
        }
        for flow in [
            "attempt",
            "login",
            "mfa",
            "emergency::",
            "session",
            "lockout",
        ] {
            assert!(
                !text.contains(&format!("crate::auth::{flow}")),
                "{rel} imports auth::{flow}: authenticators only check responses"
            );
        }
    }
}

#[test]
fn the_library_neither_prints_nor_reads_the_environment() {
    for (rel, text) in library() {
        for banned in [
            "println!",
            "eprintln!",
            "print!(",
            "std::env::var",
            "env::var_os",
        ] {
            assert!(!text.contains(banned), "{rel} uses {banned}");
        }
    }
}
