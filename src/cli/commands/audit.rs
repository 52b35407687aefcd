//! `mfactl audit …`

use mfactl::audit::{self, AuditFilter};
use mfactl::clock::format_time;

use crate::cli::args::AuditCommand;
use crate::cli::output::Human;
use crate::cli::Ctx;

pub fn run(ctx: &Ctx, command: AuditCommand) -> anyhow::Result<()> {
    let mut store = ctx.open()?;
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
            ctx.out.show(entries, |entries| {
                Human::table(
                    ["ID", "TIME", "ACTOR", "ACTION", "TARGET", "DETAILS"],
                    entries.into_iter().map(|e| {
                        [
                            e.id.to_string(),
                            format_time(e.time),
                            e.actor,
                            e.action,
                            e.target,
                            e.details.to_string(),
                        ]
                    }),
                )
            })
        }
        AuditCommand::Verify => {
            let n = match audit::verify(&mut store) {
                Ok(n) => n,
                Err(e) => {
                    // Scripts get a JSON answer either way; the exit code says which.
                    let answer = serde_json::json!({ "intact": false, "error": e.to_string() });
                    ctx.out.show(answer, |_| Human::Nothing)?;
                    return Err(e.into());
                }
            };
            ctx.out
                .show(serde_json::json!({ "intact": true, "entries": n }), |_| {
                    Human::text(format!("audit log intact: {n} entries"))
                })
        }
    }
}
