//! `mfactl mail …`

use mfactl::mail::{self, Email};
use mfactl::settings::parse_email;
use mfactl::Error;

use crate::cli::args::MailCommand;
use crate::cli::output::Human;
use crate::cli::Ctx;

pub fn run(ctx: &Ctx, command: MailCommand) -> anyhow::Result<()> {
    match command {
        MailCommand::Test { to } => {
            let to = parse_email(&to).map_err(Error::Invalid)?;
            let mut store = ctx.open()?;
            let host = mail::hostname();
            let email = Email {
                to: to.clone(),
                subject: format!("mfactl test message from {host}"),
                body: format!(
                    "This is a test message sent by `mfactl mail test` on {host}.\n\
                     If you can read it, {host} can send emergency codes and notifications.\n"
                ),
            };
            let answer = mail::send(&mut store, &email).map_err(nothing_sent)?;
            ctx.out.show(
                serde_json::json!({ "to": to, "server_answer": answer }),
                |_| Human::text(format!("sent to {to}; the server answered: {answer}")),
            )
        }
        MailCommand::Queue => {
            let store = ctx.open()?;
            ctx.out.show(mail::pending(&store)?, |pending| {
                if pending.is_empty() {
                    return Human::note("the mail queue is empty");
                }
                Human::table(
                    ["ID", "QUEUED", "TO", "SUBJECT", "ATTEMPTS", "LAST ERROR"],
                    pending.into_iter().map(|p| {
                        [
                            p.id.to_string(),
                            p.queued_at,
                            p.to,
                            p.subject,
                            p.attempts.to_string(),
                            p.last_error.unwrap_or_default(),
                        ]
                    }),
                )
            })
        }
        MailCommand::Flush => {
            let mut store = ctx.open()?;
            let report = mail::flush(&mut store)?;
            ctx.out.show(&report, |r| {
                Human::note(format!("sent {}, still queued {}", r.sent, r.pending))
            })?;
            match report.failure {
                Some(e) => Err(still_queued(e, report.pending, report.server_down).into()),
                None => Ok(()),
            }
        }
    }
}

/// A failed `mail test`: what it means and what to do.
fn nothing_sent(e: Error) -> Error {
    match e.kind() {
        Error::MailUnavailable(_) => Error::MailUnavailable(format!(
            "{e}; nothing was sent; fix the mail server or the smtp settings \
             (mfactl settings show) and test again"
        )),
        _ => e,
    }
}

/// A failed flush: what became of the notifications, and what to do.
fn still_queued(e: Error, pending: usize, server_down: bool) -> Error {
    if !matches!(e.kind(), Error::MailUnavailable(_)) {
        return e;
    }
    let then = if server_down {
        "once mail works again, send them with: mfactl mail flush"
    } else {
        "see why with: mfactl mail queue"
    };
    Error::MailUnavailable(format!(
        "{e}; {pending} notification(s) stay queued; {then}"
    ))
}
