//! `mfactl emergency …`

use mfactl::auth::emergency;
use mfactl::settings::format_duration;

use serde::Serialize;

use crate::cli::args::EmergencyCommand;
use crate::cli::output::yes_no;
use crate::cli::{deliver_queued, hints, input, Ctx};

/// `emergency status --json`: the library's answer with each fix's hint
/// rendered into its text.
#[derive(Serialize)]
struct StatusJson<'a> {
    user: &'a str,
    eligible: bool,
    conditions: Vec<ConditionJson<'a>>,
    live_code: bool,
    code_expires_at: Option<&'a str>,
}

#[derive(Serialize)]
struct ConditionJson<'a> {
    condition: &'a str,
    ok: bool,
    fix: Option<String>,
}

pub fn run(ctx: &Ctx, command: EmergencyCommand) -> anyhow::Result<()> {
    match command {
        EmergencyCommand::Request { user } => {
            let mut store = ctx.open()?;
            let r = emergency::request(&mut store, &user, &ctx.source())?;
            if ctx.out.json {
                return Ok(ctx.out.json(
                    &serde_json::json!({ "requested": true, "lifetime_seconds": r.lifetime }),
                )?);
            }
            // The same words for every name: they must not reveal whether
            // the user exists or may use emergency login.
            ctx.out.note(&format!(
                "If `{user}` may use emergency login, a code is on its way to their email address.\n\
                 It works once, for {}. Then run: mfactl emergency login {user}",
                format_duration(r.lifetime as u64)
            ));
            if !user.contains('@') {
                ctx.out
                    .note("Directory users: give the name in UPN form, name@domain.");
            }
            Ok(())
        }
        EmergencyCommand::Login { user, code_stdin } => {
            let code = if code_stdin {
                input::secret_from_stdin("code")?
            } else {
                input::prompt_secret(
                    ctx,
                    "Emergency code",
                    false,
                    &format!(
                        "give it on standard input: mfactl emergency login {user} --code-stdin"
                    ),
                )?
            };
            let mut store = ctx.open()?;
            let opened = emergency::login(&mut store, &user, &code, &ctx.source())?;
            deliver_queued(ctx, &mut store);
            let s = &opened.session;
            if ctx.out.json {
                return Ok(ctx.out.json(&serde_json::json!({
                    "token": opened.token.expose(),
                    "session": s,
                    "expires_at": s.expires_at,
                }))?);
            }
            ctx.out.note(&format!(
                "Emergency login for {} succeeded: session {} valid until {}. \
                 Administrators have been notified.",
                s.user, s.id, s.expires_at
            ));
            Ok(ctx.out.line(opened.token.expose())?)
        }
        EmergencyCommand::Status { user } => {
            let store = ctx.open()?;
            let st = emergency::status(&store, &user)?;
            let conditions: Vec<ConditionJson> = st
                .conditions
                .iter()
                .map(|c| ConditionJson {
                    condition: &c.condition,
                    ok: c.ok,
                    fix: c.fix.as_ref().map(hints::advice),
                })
                .collect();
            if ctx.out.json {
                return Ok(ctx.out.json(&StatusJson {
                    user: &st.user,
                    eligible: st.eligible,
                    conditions,
                    live_code: st.live_code,
                    code_expires_at: st.code_expires_at.as_deref(),
                })?);
            }
            let rows = conditions
                .into_iter()
                .map(|c| {
                    vec![
                        c.condition.to_string(),
                        yes_no(c.ok),
                        c.fix.unwrap_or_default(),
                    ]
                })
                .collect();
            ctx.out.table(&["CONDITION", "MET", "TO FIX"], rows)?;
            let live = match &st.code_expires_at {
                Some(t) => format!("yes, until {t}"),
                None => "no".into(),
            };
            ctx.out.fields(&[
                ("Can use emergency login", yes_no(st.eligible)),
                ("Live code", live),
            ])?;
            Ok(())
        }
    }
}
