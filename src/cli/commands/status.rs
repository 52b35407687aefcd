//! `mfactl status`

use mfactl::status::Counts;
use mfactl::store::FileState;
use serde::Serialize;

use crate::cli::output::Human;
use crate::cli::{hints, Ctx};

/// `status --json`: the library's overview with each warning's hint
/// rendered into its text.
#[derive(Serialize)]
struct StatusJson {
    store: String,
    key_file: String,
    schema_version: i64,
    counts: Counts,
    emergency_login_enabled: bool,
    files: Vec<FileJson>,
    warnings: Vec<String>,
}

/// One file of the store: who owns it and its mode (octal, as text).
#[derive(Serialize)]
struct FileJson {
    role: &'static str,
    path: String,
    owner: String,
    mode: String,
}

impl From<&FileState> for FileJson {
    fn from(f: &FileState) -> FileJson {
        FileJson {
            role: f.role,
            path: f.path.display().to_string(),
            owner: owner_name(f.owner),
            mode: format!("{:04o}", f.mode),
        }
    }
}

fn owner_name(uid: u32) -> String {
    nix::unistd::User::from_uid(uid.into())
        .ok()
        .flatten()
        .map_or_else(|| format!("uid {uid}"), |u| u.name)
}

/// The store's files, or every reason mfactl refuses them (the store is
/// not opened then).
fn check_files(ctx: &Ctx) -> anyhow::Result<Vec<FileState>> {
    let (path, key) = ctx.paths()?;
    let files = mfactl::store::inspect(&path, &key);
    let problems: Vec<&String> = files.iter().filter_map(|f| f.problem.as_ref()).collect();
    if let Some(last) = problems.last() {
        for p in &problems[..problems.len() - 1] {
            ctx.out.warn(p);
        }
        return Err(mfactl::Error::Store {
            message: (*last).clone(),
            source: None,
        }
        .into());
    }
    Ok(files)
}

pub fn run(ctx: &Ctx) -> anyhow::Result<()> {
    check_files(ctx)?;
    let store = ctx.open()?;
    // Read again: opening may have created the store and its -wal/-shm.
    let files = mfactl::store::inspect(store.path(), store.key_path());
    let s = mfactl::status::status(&store)?;
    let json = StatusJson {
        warnings: s.warnings.iter().map(hints::advice).collect(),
        store: s.store,
        key_file: s.key_file,
        schema_version: s.schema_version,
        counts: s.counts,
        emergency_login_enabled: s.emergency_login_enabled,
        files: files.iter().map(FileJson::from).collect(),
    };
    ctx.out.show(json, |s| {
        let c = &s.counts;
        let fields = Human::Fields(vec![
            ("Store", s.store),
            ("Key file", s.key_file),
            (
                "Files",
                s.files
                    .iter()
                    .map(|f| format!("{} {} {}", f.role, f.owner, f.mode))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            ("Schema version", s.schema_version.to_string()),
            (
                "Users",
                format!(
                    "{} ({} administrators, {} with emergency login, {} locked)",
                    c.users, c.administrators, c.emergency_login, c.locked
                ),
            ),
            ("Groups", c.groups.to_string()),
            ("Policies", c.policies.to_string()),
            ("Audit entries", c.audit_entries.to_string()),
            ("Sessions", format!("{} active", c.active_sessions)),
            ("Mail queue", format!("{} waiting", c.queued_mail)),
            (
                "Emergency login",
                if s.emergency_login_enabled {
                    "enabled"
                } else {
                    "disabled"
                }
                .to_string(),
            ),
        ]);
        let health = if s.warnings.is_empty() {
            "Health:          no warnings".into()
        } else {
            s.warnings
                .iter()
                .fold("Health:".to_string(), |h, w| format!("{h}\n  ! {w}"))
        };
        Human::All(vec![fields, Human::text(health)])
    })
}
