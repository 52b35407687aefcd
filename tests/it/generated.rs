//! The shell completions in `completions/` and the man pages in `man/` are
//! generated from the clap definitions. This test fails when they are stale;
//! regenerate them with:
//!
//!     MFACTL_REGENERATE=1 cargo test --test it generated::

use crate::args;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

/// File name → contents of everything that should be generated.
fn expected() -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::PowerShell,
        Shell::Elvish,
    ] {
        let mut cmd = args::Cli::command();
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut cmd, "mfactl", &mut buf);
        let name = match shell {
            Shell::Bash => "mfactl.bash",
            Shell::Zsh => "_mfactl",
            Shell::Fish => "mfactl.fish",
            Shell::PowerShell => "_mfactl.ps1",
            _ => "mfactl.elv",
        };
        files.insert(format!("completions/{name}"), buf);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    clap_mangen::generate_to(args::Cli::command(), dir.path()).expect("man pages");
    for entry in fs::read_dir(dir.path()).expect("read man pages") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        files.insert(format!("man/{name}"), fs::read(&path).expect("read"));
    }
    files
}

fn present(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for dir in ["completions", "man"] {
        let Ok(entries) = fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            // Section 8 (pam_mfactl.8) is written by hand, not generated.
            if name.ends_with(".8") {
                continue;
            }
            files.insert(format!("{dir}/{name}"), fs::read(&path).expect("read"));
        }
    }
    files
}

#[test]
fn completions_and_man_pages_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let expected = expected();
    if std::env::var_os("MFACTL_REGENERATE").is_some() {
        for name in present(root).keys() {
            fs::remove_file(root.join(name)).expect("remove a generated file");
        }
        for dir in ["completions", "man"] {
            fs::create_dir_all(root.join(dir)).expect("create dir");
        }
        for (name, body) in &expected {
            fs::write(root.join(name), body).expect("write");
        }
        return;
    }
    let present = present(root);
    let stale: Vec<&String> = expected
        .keys()
        .chain(present.keys())
        .filter(|k| expected.get(*k) != present.get(*k))
        .collect();
    assert!(
        stale.is_empty(),
        "stale generated files: {stale:?}\nregenerate with: MFACTL_REGENERATE=1 cargo test --test it generated::"
    );
}
