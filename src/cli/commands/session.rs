//! `mfactl session …`

use std::io::IsTerminal;

use mfactl::auth::session;

use crate::cli::args::SessionCommand;
use crate::cli::output::yes_no;
use crate::cli::{input, Ctx};

pub fn run(ctx: &Ctx, command: SessionCommand) -> anyhow::Result<()> {
    match command {
        SessionCommand::List { user, all } => {
            let store = ctx.open()?;
            let sessions = session::list(&store, user.as_deref(), all)?;
            if ctx.out.json {
                return Ok(ctx.out.json(&sessions)?);
            }
            let rows = sessions
                .into_iter()
                .map(|s| {
                    vec![
                        s.id.to_string(),
                        s.user,
                        s.method,
                        s.source,
                        s.created_at,
                        s.expires_at,
                        yes_no(s.active),
                    ]
                })
                .collect();
            Ok(ctx.out.table(
                &[
                    "ID", "USER", "METHOD", "SOURCE", "OPENED", "EXPIRES", "ACTIVE",
                ],
                rows,
            )?)
        }
        SessionCommand::Check => {
            let token = if std::io::stdin().is_terminal() && !ctx.no_input {
                input::prompt_secret(ctx, "Session token", false, "")?
            } else {
                input::secret_from_stdin("session token")?
            };
            let store = ctx.open()?;
            let s = session::check(&store, &token)?;
            if ctx.out.json {
                return Ok(ctx.out.json(&s)?);
            }
            Ok(ctx.out.line(&format!(
                "valid: session {} of {} ({}), until {}",
                s.id, s.user, s.method, s.expires_at
            ))?)
        }
        SessionCommand::Revoke { id, user } => {
            let mut store = ctx.open()?;
            let (message, json) = match (id, user) {
                (Some(id), _) => {
                    let was_active = session::revoke(&mut store, id)?;
                    let m = if was_active {
                        format!("revoked session {id}")
                    } else {
                        format!("session {id} was not active")
                    };
                    (
                        m,
                        serde_json::json!({ "session": id, "revoked": was_active }),
                    )
                }
                (None, Some(user)) => {
                    let n = session::revoke_user(&mut store, &user)?;
                    (
                        format!("revoked {n} session(s) of {user}"),
                        serde_json::json!({ "user": user, "revoked": n }),
                    )
                }
                (None, None) => {
                    return Err(
                        mfactl::Error::Invalid("give a session id or --user NAME".into()).into(),
                    )
                }
            };
            if ctx.out.json {
                return Ok(ctx.out.json(&json)?);
            }
            ctx.out.note(&message);
            Ok(())
        }
    }
}
