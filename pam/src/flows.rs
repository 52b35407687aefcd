//! What the module does for `auth` and `account`, on the library.

use mfactl::auth::emergency;
use mfactl::auth::second_factor::{self, Account, Plan, Reply, Request, Unknown};
use mfactl::settings::format_duration;
use mfactl::store::Actor;
use mfactl::{Error, OpenOptions, Store};
use pam::constants::PamResultCode;

use crate::conversation::Conversation;
use crate::log::Log;
use crate::options::{Mode, Options};

/// Answers one conversation takes: a keyword (`email`, `request`) asks
/// again, a code ends it.
const MAX_ANSWERS: usize = 3;

/// The call being served.
pub struct Ctx {
    pub opts: Options,
    pub log: Log,
    pub service: String,
}

type PamResult = Result<PamResultCode, PamResultCode>;

/// `pam_sm_authenticate`.
pub fn authenticate(
    conv: &Conversation<'_>,
    ctx: &Ctx,
    user: &str,
    rhost: Option<&str>,
) -> PamResult {
    let mut store = open(ctx)?;
    let waiting = mfactl::mail::queued(&store).map_err(|e| fault(ctx, &e))?;
    let result = match ctx.opts.mode {
        Mode::SecondFactor => second_factor(conv, ctx, &mut store, user, rhost),
        Mode::Emergency => emergency_login(conv, ctx, &mut store, user, rhost),
    };
    // Only when this call queued something (an emergency-login notice, a
    // lock): a backlog left by a mail server that is down must not make
    // every login wait for it; `mfactl mail flush` delivers it.
    if mfactl::mail::queued(&store).is_ok_and(|n| n > waiting) {
        deliver(ctx, &mut store);
    }
    result
}

/// `pam_sm_acct_mgmt`: refuses locked users and users a login policy denies.
pub fn account(ctx: &Ctx, user: &str, rhost: Option<&str>) -> PamResult {
    let store = open(ctx)?;
    match second_factor::account(&store, user, rhost).map_err(|e| fault(ctx, &e))? {
        Account::Allowed => Ok(PamResultCode::PAM_SUCCESS),
        Account::Unknown if ctx.opts.unknown == Unknown::Ignore => Ok(PamResultCode::PAM_IGNORE),
        Account::Unknown => {
            ctx.log
                .notice(&format!("{user}: not in the mfactl store (unknown=deny)"));
            Ok(PamResultCode::PAM_USER_UNKNOWN)
        }
        Account::Locked => {
            ctx.log
                .notice(&format!("{user}: account locked after failed attempts"));
            Ok(PamResultCode::PAM_PERM_DENIED)
        }
        Account::Denied(why) => {
            ctx.log
                .notice(&format!("{user}: login denied by policy: {why}"));
            Ok(PamResultCode::PAM_PERM_DENIED)
        }
    }
}

fn second_factor(
    conv: &Conversation<'_>,
    ctx: &Ctx,
    store: &mut Store,
    user: &str,
    rhost: Option<&str>,
) -> PamResult {
    let req = Request {
        user,
        remote_host: rhost,
        unknown: ctx.opts.unknown,
    };
    let mut pending = match second_factor::begin(store, &req).map_err(|e| fault(ctx, &e))? {
        Plan::Pass { reason } => {
            ctx.log
                .notice(&format!("{user}: no second factor needed ({reason})"));
            return Ok(PamResultCode::PAM_SUCCESS);
        }
        Plan::Ignore => {
            ctx.log
                .debug(&format!("{user}: not in the mfactl store (unknown=ignore)"));
            return Ok(PamResultCode::PAM_IGNORE);
        }
        Plan::Ask(pending) => pending,
    };
    if let Some(why) = pending.refusal() {
        ctx.log.debug(&format!("{user}: cannot pass: {why}"));
    }
    if pending.email_sent() {
        conv.info("A sign-in code was sent to you by email.");
    }
    let prompt = if pending.offers_email() {
        "Verification code (or \"email\" to have one sent): "
    } else {
        "Verification code: "
    };
    for _ in 0..MAX_ANSWERS {
        let answer = conv.ask(prompt)?;
        match pending.answer(store, &answer).map_err(|e| fault(ctx, &e))? {
            Reply::Passed(method) => {
                ctx.log
                    .notice(&format!("{user}: second factor passed ({method})"));
                return Ok(PamResultCode::PAM_SUCCESS);
            }
            Reply::Sent => conv.info("If emailed codes are set up for you, one is on its way."),
            Reply::NotSent(e) => {
                ctx.log
                    .error(&format!("{user}: no emailed code could be sent: {e}"));
                conv.error("No code can be sent by email right now; use another code.");
            }
            Reply::Failed(why) => {
                ctx.log
                    .notice(&format!("{user}: second factor failed: {why}"));
                return Ok(PamResultCode::PAM_AUTH_ERR);
            }
        }
    }
    Ok(PamResultCode::PAM_AUTH_ERR)
}

/// Break-glass: `request` emails a code to an eligible user; the code
/// logs in. Every name sees the same conversation.
fn emergency_login(
    conv: &Conversation<'_>,
    ctx: &Ctx,
    store: &mut Store,
    user: &str,
    rhost: Option<&str>,
) -> PamResult {
    let source = rhost.unwrap_or("local");
    for _ in 0..MAX_ANSWERS {
        let answer = conv.ask("Emergency code (or \"request\" to have one emailed): ")?;
        if answer.expose().trim().eq_ignore_ascii_case("request") {
            request_code(conv, ctx, store, user, source)?;
            continue;
        }
        return match emergency::login(store, user, &answer, source) {
            Ok(opened) => {
                ctx.log.notice(&format!(
                    "{user}: emergency login (session {})",
                    opened.session.id
                ));
                Ok(PamResultCode::PAM_SUCCESS)
            }
            Err(e) if e.is_verdict() => {
                ctx.log
                    .notice(&format!("{user}: emergency login failed: {e}"));
                Ok(PamResultCode::PAM_AUTH_ERR)
            }
            Err(e) => Err(fault(ctx, &e)),
        };
    }
    Ok(PamResultCode::PAM_AUTH_ERR)
}

fn request_code(
    conv: &Conversation<'_>,
    ctx: &Ctx,
    store: &mut Store,
    user: &str,
    source: &str,
) -> Result<(), PamResultCode> {
    let lifetime = match emergency::request(store, user, source) {
        Ok(r) => r.lifetime,
        Err(e) => match e.kind() {
            Error::Locked(_) => {
                conv.error("Too many emergency code requests; try again later.");
                return Ok(());
            }
            Error::Refused(_) | Error::Invalid(_) => {
                ctx.log
                    .notice(&format!("{user}: emergency code refused: {e}"));
                conv.error("Emergency login is not available.");
                return Err(PamResultCode::PAM_AUTH_ERR);
            }
            // Said to every name alike: an eligible one must not stand out.
            Error::MailUnavailable(_) => {
                ctx.log
                    .error(&format!("{user}: emergency code not sent: {e}"));
                conv.info(SENT_IF_ELIGIBLE);
                return Ok(());
            }
            _ => return Err(fault(ctx, &e)),
        },
    };
    conv.info(&format!(
        "{SENT_IF_ELIGIBLE} It works once, for {}.",
        format_duration(lifetime as u64)
    ));
    Ok(())
}

const SENT_IF_ELIGIBLE: &str =
    "If this account may use emergency login, a code is on its way to its email address.";

/// Opens the store named by the arguments; never creates one.
fn open(ctx: &Ctx) -> Result<Store, PamResultCode> {
    let mut o = OpenOptions::new(
        &ctx.opts.store,
        Actor::Named(format!("pam:{}", ctx.service)),
    );
    o.key_path = ctx.opts.key_file.clone();
    o.create = false;
    o.service = Some(ctx.service.clone());
    o.checkpoint_on_close = false;
    Store::open(o).map_err(|e| fault(ctx, &e))
}

/// Sends the notifications an attempt queued; a failure leaves them queued.
fn deliver(ctx: &Ctx, store: &mut Store) {
    match mfactl::mail::flush(store) {
        Ok(r) if r.failure.is_some() => ctx.log.error(&format!(
            "{} notification(s) stay queued: {}",
            r.pending,
            r.error.unwrap_or_default()
        )),
        Ok(_) => {}
        Err(e) => ctx.log.error(&format!("notifications stay queued: {e}")),
    }
}

/// A fault of the store, the key file or the settings: logged, and the
/// login fails closed.
fn fault(ctx: &Ctx, e: &Error) -> PamResultCode {
    ctx.log.error(&format!("failing closed: {e}"));
    PamResultCode::PAM_SYSTEM_ERR
}
