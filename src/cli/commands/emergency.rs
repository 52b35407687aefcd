//! `mfactl emergency …`

use mfactl::auth::emergency;
use mfactl::settings::format_duration;

use serde::Serialize;

use crate::cli::args::EmergencyCommand;
use crate::cli::output::{yes_no, Human};
use crate::cli::{deliver_queued, detach, hints, input, Ctx};

/// `emergency status --json`: the library's answer with each fix's hint
/// rendered into its text.
#[derive(Serialize)]
struct StatusJson {
    user: String,
    eligible: bool,
    conditions: Vec<ConditionJson>,
    live_code: bool,
    code_expires_at: Option<String>,
}

#[derive(Serialize)]
struct ConditionJson {
    condition: String,
    ok: bool,
    fix: Option<String>,
}

pub fn run(ctx: &Ctx, command: EmergencyCommand) -> anyhow::Result<()> {
    match command {
        EmergencyCommand::Request { user } => {
            let answer = detach::split()?;
            let mut store = ctx.open()?;
            let r = emergency::request(&mut store, &user, &ctx.source())?;
            let json = serde_json::json!({ "requested": true, "lifetime_seconds": r.lifetime });
            ctx.out.show(json, |_| {
                // The same words for every name: they must not reveal whether
                // the user exists or may use emergency login.
                let mut human = vec![Human::note(format!(
                    "If `{user}` may use emergency login, a code is on its way to their email address.\n\
                     It works once, for {}. Then run: mfactl emergency login {user}",
                    format_duration(r.lifetime as u64)
                ))];
                if !user.contains('@') {
                    human.push(Human::note(
                        "Directory users: give the name in UPN form, name@domain.",
                    ));
                }
                Human::All(human)
            })?;
            if let Some(delivery) = r.delivery {
                answer.give(mfactl::error::exit::OK);
                // Audited either way, and nobody is left to tell.
                let _ = delivery.finish(&mut store);
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
            let told = if deliver_queued(ctx, &mut store) {
                "Administrators have been notified."
            } else {
                // The warning above says why; the notices are queued.
                "Administrators will be notified once mail works again (mfactl mail flush)."
            };
            let s = &opened.session;
            let note = format!(
                "Emergency login for {} succeeded: session {} valid until {}. {told}",
                s.user, s.id, s.expires_at
            );
            super::login::show_session(ctx, &opened, note)
        }
        EmergencyCommand::Status { user } => {
            let store = ctx.open()?;
            let st = emergency::status(&store, &user)?;
            let json = StatusJson {
                conditions: st
                    .conditions
                    .into_iter()
                    .map(|c| ConditionJson {
                        fix: c.fix.as_ref().map(hints::advice),
                        condition: c.condition,
                        ok: c.ok,
                    })
                    .collect(),
                user: st.user,
                eligible: st.eligible,
                live_code: st.live_code,
                code_expires_at: st.code_expires_at,
            };
            ctx.out.show(json, |st| {
                let live = match &st.code_expires_at {
                    Some(t) => format!("yes, until {t}"),
                    None => "no".into(),
                };
                Human::All(vec![
                    Human::table(
                        ["CONDITION", "MET", "TO FIX"],
                        st.conditions
                            .into_iter()
                            .map(|c| [c.condition, yes_no(c.ok), c.fix.unwrap_or_default()]),
                    ),
                    Human::Fields(vec![
                        ("Can use emergency login", yes_no(st.eligible)),
                        ("Live code", live),
                    ]),
                ])
            })
        }
    }
}
