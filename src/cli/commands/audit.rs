//! `mfactl audit …`

use mfactl::audit::{self, AuditFilter};
use mfactl::clock::format_time;

use crate::cli::args::AuditCommand;
use crate::cli::Ctx;

pub fn run(ctx: &Ctx, command: AuditCommand) -> anyhow::Result<()> {
    let store = ctx.open()?;
    match command {
        AuditCommand::List {
            user,
            action,
            since,
            limit,
        } => {
            let since = since
                .map(|s| audit::parse_since(&s, store.now()))
                .transpose()?;
            let entries = audit::list(
                &store,
                &AuditFilter {
                    user,
                    action,
                    since,
                    limit,
                },
            )?;
            if ctx.out.json {
                return Ok(ctx.out.json(&entries)?);
            }
            let rows = entries
                .into_iter()
                .map(|e| {
                    vec![
                        e.id.to_string(),
                        format_time(e.time),
                        e.actor,
                        e.action,
                        e.target,
                        e.details.to_string(),
                    ]
                })
                .collect();
            Ok(ctx.out.table(
                &["ID", "TIME", "ACTOR", "ACTION", "TARGET", "DETAILS"],
                rows,
            )?)
        }
        AuditCommand::Verify => {
            let n = match audit::verify(&store) {
                Ok(n) => n,
                Err(e) => {
                    // Scripts get a JSON answer either way; the exit code says which.
                    if ctx.out.json {
                        ctx.out.json(
                            &serde_json::json!({ "intact": false, "error": e.to_string() }),
                        )?;
                    }
                    return Err(e.into());
                }
            };
            if ctx.out.json {
                return Ok(ctx
                    .out
                    .json(&serde_json::json!({ "intact": true, "entries": n }))?);
            }
            Ok(ctx.out.line(&format!("audit log intact: {n} entries"))?)
        }
    }
}
