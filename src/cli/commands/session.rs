//! `mfactl session …`

use std::io::IsTerminal;

use mfactl::auth::session;

use crate::cli::args::SessionCommand;
use crate::cli::output::{yes_no, Human};
use crate::cli::{input, Ctx};

pub fn run(ctx: &Ctx, command: SessionCommand) -> anyhow::Result<()> {
    match command {
        SessionCommand::List { user, all } => {
            let store = ctx.open()?;
            ctx.out
                .show(session::list(&store, user.as_deref(), all)?, |sessions| {
                    Human::table(
                        [
                            "ID", "USER", "METHOD", "SOURCE", "OPENED", "EXPIRES", "ACTIVE",
                        ],
                        sessions.into_iter().map(|s| {
                            [
                                s.id.to_string(),
                                s.user,
                                s.method,
                                s.source,
                                s.created_at,
                                s.expires_at,
                                yes_no(s.active),
                            ]
                        }),
                    )
                })
        }
        SessionCommand::Check => {
            let token = if std::io::stdin().is_terminal() && !ctx.no_input {
                input::prompt_secret(ctx, "Session token", false, "")?
            } else {
                input::secret_from_stdin("session token")?
            };
            let store = ctx.open()?;
            ctx.out.show(session::check(&store, &token)?, |s| {
                Human::text(format!(
                    "valid: session {} of {} ({}), until {}",
                    s.id, s.user, s.method, s.expires_at
                ))
            })
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
            ctx.out.show(json, |_| Human::note(message))
        }
    }
}
