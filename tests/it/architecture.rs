//! The layering the README's architecture section describes, checked on
//! the source: SQL only under src/store/, the layers below auth never
//! import it, authenticators never import each other, the library neither
//! prints nor reads the environment, and it speaks no command line (its
//! errors carry typed hints that src/cli/ renders).

use std::path::{Path, PathBuf};

use clap::CommandFactory;

use crate::args;

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

/// Text the library writes for people that names mfactl commands on
/// purpose: the mail bodies. They are product documentation addressed to
/// administrators and users (how to use an emergency code, how to revoke a
/// session an emergency login opened, how to reset a user's MFA, how to make
/// new backup codes), not the command line's wording of an error, and they
/// read the same whichever front end queued the mail. Each entry is a file
/// under src/ and the text it may hold; an entry that no longer matches
/// fails the test, so the list cannot go stale.
const MAIL_BODY_COMMANDS: &[(&str, &str)] = &[
    ("auth/emergency.rs", "mfactl emergency login {name}"),
    ("auth/emergency.rs", "mfactl session revoke {id}"),
    ("auth/emergency.rs", "mfactl audit list --action emergency"),
    ("auth/mfa.rs", "mfactl mfa reset {}"),
    (
        "auth/methods/backup_codes.rs",
        "mfactl backup-codes generate {}",
    ),
];

/// Every command path of the clap tree below `mfactl` (`["user", "unlock"]`,
/// `["status"]`), every long flag (`--db`) and every environment variable
/// clap reads (`MFACTL_DB`).
fn command_line_words() -> (Vec<Vec<String>>, Vec<String>) {
    fn walk(
        cmd: &clap::Command,
        path: &[String],
        paths: &mut Vec<Vec<String>>,
        words: &mut Vec<String>,
    ) {
        for arg in cmd.get_arguments() {
            if let Some(long) = arg.get_long() {
                words.push(format!("--{long}"));
            }
            if let Some(env) = arg.get_env() {
                words.push(env.to_string_lossy().into_owned());
            }
        }
        for sub in cmd.get_subcommands() {
            let mut p = path.to_vec();
            p.push(sub.get_name().to_string());
            paths.push(p.clone());
            walk(sub, &p, paths, words);
        }
    }
    let (mut paths, mut words) = (Vec::new(), Vec::new());
    walk(&args::Cli::command(), &[], &mut paths, &mut words);
    words.sort();
    words.dedup();
    (paths, words)
}

/// Whether `word` occurs in `line` as a whole word (not as the start of a
/// longer one).
fn has_word(line: &str, word: &str) -> bool {
    line.match_indices(word).any(|(i, _)| {
        let after = line[i + word.len()..].chars().next();
        !after.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_')
    })
}

/// The mfactl command line `line` holds, if any: `mfactl GROUP SUB` for a
/// real subcommand SUB of GROUP, or `mfactl LEAF` for a command without
/// subcommands. The product's name used as a word ("a newer mfactl", "a
/// mfactl key (64 hexadecimal digits)") is not one.
fn names_a_command(line: &str, paths: &[Vec<String>]) -> Option<String> {
    paths
        .iter()
        .filter(|p| p.len() == 2 || !paths.iter().any(|q| q.len() > 1 && q[0] == p[0]))
        .map(|p| format!("mfactl {}", p.join(" ")))
        .find(|cmd| has_word(line, cmd))
}

#[test]
fn the_library_names_no_command_flag_or_environment_variable() {
    let (paths, words) = command_line_words();
    assert!(
        paths.iter().any(|p| p == &["user", "unlock"]) && words.iter().any(|w| w == "--db"),
        "the clap tree was read: {paths:?} {words:?}"
    );
    let mut offenders = Vec::new();
    let mut used = vec![false; MAIL_BODY_COMMANDS.len()];
    for (rel, text) in library() {
        for (n, line) in text.lines().enumerate() {
            // Doc comments and comments may name commands: they document.
            if line.trim_start().starts_with("//") {
                continue;
            }
            let allowed = MAIL_BODY_COMMANDS
                .iter()
                .position(|(file, allowed)| *file == rel && line.contains(allowed));
            if let Some(i) = allowed {
                used[i] = true;
                continue;
            }
            if let Some(cmd) = names_a_command(line, &paths) {
                offenders.push(format!("src/{rel}:{}: `{cmd}`: {}", n + 1, line.trim()));
            }
            for w in &words {
                if has_word(line, w) {
                    offenders.push(format!("src/{rel}:{}: `{w}`: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "library code speaks the command line (give the error a Hint and render it in \
         src/cli/hints.rs):\n{}",
        offenders.join("\n")
    );
    let stale: Vec<_> = MAIL_BODY_COMMANDS
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .collect();
    assert!(stale.is_empty(), "exceptions that match nothing: {stale:?}");
}

#[test]
fn the_command_check_tells_commands_from_the_product_name() {
    let (paths, _) = command_line_words();
    let hit = |line: &str| names_a_command(line, &paths);
    assert_eq!(
        hit("until an administrator runs `mfactl user unlock alice`").as_deref(),
        Some("mfactl user unlock")
    );
    assert_eq!(hit("run: mfactl status").as_deref(), Some("mfactl status"));
    assert_eq!(hit("written by a newer mfactl; upgrade mfactl"), None);
    assert_eq!(hit("is not a mfactl key (64 hexadecimal digits)"), None);
    assert_eq!(hit("b\"mfactl key check\""), None);
    assert_eq!(hit("# mfactl settings. Secrets are not exported"), None);
    assert!(has_word("give --db PATH or set MFACTL_DB", "--db"));
    assert!(!has_word("--dbx", "--db"));
}
