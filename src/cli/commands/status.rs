//! `mfactl status`

use mfactl::status::Counts;
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
    warnings: Vec<String>,
}

pub fn run(ctx: &Ctx) -> anyhow::Result<()> {
    let store = ctx.open()?;
    let s = mfactl::status::status(&store)?;
    let json = StatusJson {
        warnings: s.warnings.iter().map(hints::advice).collect(),
        store: s.store,
        key_file: s.key_file,
        schema_version: s.schema_version,
        counts: s.counts,
        emergency_login_enabled: s.emergency_login_enabled,
    };
    ctx.out.show(json, |s| {
        let c = &s.counts;
        let fields = Human::Fields(vec![
            ("Store", s.store),
            ("Key file", s.key_file),
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
