//! `mfactl status`

use crate::cli::Ctx;

pub fn run(ctx: &Ctx) -> anyhow::Result<()> {
    let store = ctx.open()?;
    let s = mfactl::status::status(&store)?;
    if ctx.out.json {
        return Ok(ctx.out.json(&s)?);
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
    if s.warnings.is_empty() {
        ctx.out.line("Health:          no warnings")?;
    } else {
        ctx.out.line("Health:")?;
        for w in &s.warnings {
            ctx.out.line(&format!("  ! {w}"))?;
        }
    }
    Ok(())
}
