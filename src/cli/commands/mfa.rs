//! `mfactl mfa …`

use mfactl::auth::mfa::{self, Method};
use mfactl::auth::totp;
use mfactl::clock::format_time;
use mfactl::users;
use mfactl::Error;

use crate::cli::args::MfaCommand;
use crate::cli::output::{Human, Lazy};
use crate::cli::{deliver_queued, input, Ctx};

/// A code from standard input or a hidden prompt.
pub fn read_code(
    ctx: &Ctx,
    from_stdin: bool,
    prompt: &str,
    command: &str,
) -> Result<mfactl::crypto::Secret, Error> {
    if from_stdin {
        input::secret_from_stdin("code")
    } else {
        input::prompt_secret(
            ctx,
            prompt,
            false,
            &format!("give it on standard input: {command} --code-stdin"),
        )
    }
}

pub fn run(ctx: &Ctx, command: MfaCommand) -> anyhow::Result<()> {
    match command {
        MfaCommand::Enroll {
            user,
            method,
            qr_svg,
            label,
        } => {
            let confirm = format!("mfactl mfa confirm {user}");
            enroll(
                ctx,
                &user,
                &method,
                qr_svg.as_deref(),
                label.as_deref(),
                &confirm,
            )
        }
        MfaCommand::List { user } => {
            let store = ctx.open()?;
            ctx.out.show(mfa::credentials(&store, &user)?, |list| {
                Human::table(
                    ["ID", "METHOD", "LABEL", "STATE", "ENROLLED", "LAST USED"],
                    list.into_iter().map(|c| {
                        [
                            c.id.to_string(),
                            c.method.to_string(),
                            c.label,
                            c.state.as_str().to_string(),
                            c.created_at,
                            c.last_used_at.unwrap_or_else(|| "never".into()),
                        ]
                    }),
                )
            })
        }
        MfaCommand::Remove { user, id } => {
            let mut store = ctx.open()?;
            let removed = mfa::remove_credential(&mut store, &user, id)?;
            deliver_queued(ctx, &mut store);
            ctx.out.show(removed, |r| {
                Human::note(format!(
                    "removed the {} authenticator `{}` (id {id}) of {user}",
                    r.method, r.label
                ))
            })
        }
        MfaCommand::Confirm { user, code_stdin } => {
            let code = read_code(
                ctx,
                code_stdin,
                "Code from the app",
                &format!("mfactl mfa confirm {user}"),
            )?;
            let mut store = ctx.open()?;
            totp::confirm(&mut store, &user, &code, &ctx.source())?;
            report(
                ctx,
                &serde_json::json!({ "user": user, "method": "totp", "state": "active" }),
                &format!("authenticator of {user} confirmed: it is active now"),
            )
        }
        MfaCommand::Challenge { user, method } => {
            let method = Method::parse(&method)?;
            let mut store = ctx.open()?;
            let u = users::show(&store, &user)?;
            let expires = mfa::challenge(&mut store, &u, method, &ctx.source())?;
            let to = if method == Method::Email {
                format!("to {}'s email", u.name)
            } else {
                format!("to {} ({method})", u.name)
            };
            report(
                ctx,
                &serde_json::json!({ "user": u.name, "method": method, "expires_at": format_time(expires) }),
                &format!(
                    "a code was sent {to}; it works until {}",
                    format_time(expires)
                ),
            )
        }
        MfaCommand::Verify {
            user,
            method,
            code_stdin,
        } => {
            let method = method.as_deref().map(Method::parse).transpose()?;
            let code = read_code(
                ctx,
                code_stdin,
                "MFA code",
                &format!("mfactl mfa verify {user}"),
            )?;
            let mut store = ctx.open()?;
            let result = mfa::verify(&mut store, &user, method, &code, &ctx.source());
            deliver_queued(ctx, &mut store);
            let used = result?;
            report(
                ctx,
                &serde_json::json!({ "user": user, "method": used.as_str(), "valid": true }),
                &format!("valid {}", used.code_name()),
            )
        }
        MfaCommand::Reset { user } => {
            let mut store = ctx.open()?;
            let n = mfa::reset(&mut store, &user)?;
            let told = if deliver_queued(ctx, &mut store) {
                "the user was notified"
            } else {
                "the user will be notified once mail works again"
            };
            report(
                ctx,
                &serde_json::json!({ "user": user, "enrolments_removed": n }),
                &format!("MFA of {user} reset ({n} enrolment(s) removed); {told}"),
            )
        }
        MfaCommand::ResetRequest { user } => {
            let mut store = ctx.open()?;
            let to = mfa::reset_request(&mut store, &user, &ctx.source())?;
            let sent = if deliver_queued(ctx, &mut store) {
                "sent to"
            } else {
                "queued, to go out once mail works again, for"
            };
            // Who receives it is not said: the requester may be anyone who
            // can run this (through sudo, a user who lost their phone).
            report(
                ctx,
                &serde_json::json!({ "user": user, "recipients": to.len() }),
                &format!(
                    "reset request {sent} {} recipient(s) (mfa.reset_recipient)",
                    to.len()
                ),
            )
        }
    }
}

fn report(ctx: &Ctx, json: &serde_json::Value, message: &str) -> anyhow::Result<()> {
    ctx.out.show(json, |_| Human::note(message))
}

/// Starts an enrolment; `confirm` is the command the person runs next.
pub fn enroll(
    ctx: &Ctx,
    user: &str,
    method: &str,
    qr_svg: Option<&std::path::Path>,
    label: Option<&str>,
    confirm: &str,
) -> anyhow::Result<()> {
    if Method::parse(method)? != Method::Totp {
        return Err(Error::Refused(format!(
            "enrolment of `{method}` is not available in this version; use --method totp"
        ))
        .into());
    }
    // Create the file first: a bad path must not leave a new, unseen seed.
    let mut svg_file = qr_svg
        .map(|p| input::create_private_file(p).map(|f| (f, p)))
        .transpose()?;
    let mut store = ctx.open()?;
    let enrolled = match totp::enroll_labelled(&mut store, user, label) {
        Ok(e) => e,
        Err(e) => {
            if let Some(p) = qr_svg {
                let _ = std::fs::remove_file(p);
            }
            return Err(e.into());
        }
    };
    if let Some((f, path)) = svg_file.as_mut() {
        input::write_all(f, path, totp::qr_svg(enrolled.uri.expose())?.as_bytes())?;
    }
    let json = Lazy(|| {
        serde_json::json!({
            "secret": enrolled.secret.expose(),
            "uri": enrolled.uri.expose(),
        })
    });
    ctx.out.show(json, |_| enrolment_text(&enrolled, confirm))
}

/// The QR code, the key and what to do next, for a person at a terminal.
fn enrolment_text(enrolled: &totp::Enrolled, confirm: &str) -> Result<Human<'static>, Error> {
    let key: Vec<String> = enrolled
        .secret
        .expose()
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    Ok(Human::text(format!(
        "Scan this QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, …):\n\n{}\n\
         Or type this key into the app: {}\n\
         URI: {}\n\n\
         Then confirm with a code from the app: {confirm}",
        totp::qr_terminal(enrolled.uri.expose())?,
        key.join(" "),
        enrolled.uri.expose()
    )))
}
