//! `mfactl status`

use mfactl::status::Counts;
use serde::Serialize;

use crate::cli::{hints, Ctx};

/// `status --json`: the library's overview with each warning's hint
/// rendered into its text.
#[derive(Serialize)]
struct StatusJson<'a> {
    store: &'a str,
    key_file: &'a str,
    schema_version: i64,
    counts: &'a Counts,
    emergency_login_enabled: bool,
    warnings: &'a [String],
}

pub fn run(ctx: &Ctx) -> anyhow::Result<()> {
    let store = ctx.open()?;
    let s = mfactl::status::status(&store)?;
    let warnings: Vec<String> = s.warnings.iter().map(hints::advice).collect();
    if ctx.out.json {
        return Ok(ctx.out.json(&StatusJson {
            store: &s.store,
            key_file: &s.key_file,
            schema_version: s.schema_version,
            counts: &s.counts,
            emergency_login_enabled: s.emergency_login_enabled,
            warnings: &warnings,
        })?);
    }
    let c = &s.counts;
    ctx.out.fields(&[
        ("Store", s.store.clone()),
        ("Key file", s.key_file.clone()),
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
    ])?;
    if warnings.is_empty() {
        ctx.out.line("Health:          no warnings")?;
    } else {
        ctx.out.line("Health:")?;
        for w in &warnings {
            ctx.out.line(&format!("  ! {w}"))?;
        }
    }
    Ok(())
}
