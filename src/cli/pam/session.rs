//! One PAM call, decided here and relayed by the module: what it asks
//! through the PAM conversation, what it logs, and its outcome.

use std::io::{self, Read, Write};

use mfactl::auth::emergency;
use mfactl::auth::second_factor::{self, Account, Plan, Reply, Request, Unknown};
use mfactl::crypto::Secret;
use mfactl::pam_wire::{self, Level, Message, Outcome, Start};
use mfactl::settings::format_duration;
use mfactl::{Error, Store};

/// Answers one conversation takes: a keyword (`email`, `request`) asks
/// again, a code ends it.
const MAX_ANSWERS: usize = 3;

/// The module at the other end of a socket or a pipe. What is said goes
/// out when an answer is awaited or the call ends: one write, one wake-up
/// of the module.
pub struct Link<R: Read, W: Write> {
    /// Read without a buffer of its own: an answer is read into a frame
    /// that is wiped, and nowhere else.
    r: R,
    w: io::BufWriter<W>,
    debug: bool,
}

/// The module went away or broke the protocol: the call ends, nothing
/// more is said.
type Gone = io::Error;

type Result<T> = std::result::Result<T, Gone>;

impl<R: Read, W: Write> Link<R, W> {
    pub fn new(r: R, w: W) -> Self {
        Link {
            r,
            w: io::BufWriter::new(w),
            debug: false,
        }
    }

    /// The call's first message.
    pub fn start(&mut self) -> Result<Start> {
        match pam_wire::receive(&mut self.r)? {
            Message::Start(s) => {
                self.debug = s.debug;
                Ok(s)
            }
            _ => Err(pam_wire::invalid("expected the start of a call")),
        }
    }

    /// Asks a question whose answer is not echoed.
    fn ask(&mut self, prompt: &str) -> Result<Secret> {
        self.send(Message::Ask(prompt.into()))?;
        self.w.flush()?;
        match pam_wire::receive(&mut self.r)? {
            Message::Answer(a) => Ok(Secret::new(a)),
            _ => Err(pam_wire::invalid("expected an answer")),
        }
    }

    fn info(&mut self, text: &str) -> Result<()> {
        self.send(Message::Info(text.into()))
    }

    fn error(&mut self, text: &str) -> Result<()> {
        self.send(Message::Error(text.into()))
    }

    fn log(&mut self, level: Level, text: String) -> Result<()> {
        if level == Level::Debug && !self.debug {
            return Ok(());
        }
        self.send(Message::Log(level, text))
    }

    /// Ends the call.
    pub fn done(&mut self, outcome: Outcome) -> Result<()> {
        self.send(Message::Done(outcome))?;
        self.w.flush()
    }

    /// A fault of the store, the key file or the settings: logged, and the
    /// call fails closed.
    pub fn fault(&mut self, e: &Error) -> Result<Outcome> {
        self.log(Level::Error, format!("failing closed: {e}"))?;
        Ok(Outcome::SystemErr)
    }

    fn send(&mut self, m: Message) -> Result<()> {
        pam_wire::send(&mut self.w, &m)
    }
}

/// Serves the call `start` describes on an open store.
pub fn serve<R: Read, W: Write>(
    link: &mut Link<R, W>,
    start: &Start,
    store: &mut Store,
) -> Result<Outcome> {
    match start.call {
        pam_wire::Call::Account => account(link, start, store),
        pam_wire::Call::Authenticate => {
            let waiting = match mfactl::mail::queued(store) {
                Ok(n) => n,
                Err(e) => return link.fault(&e),
            };
            let outcome = if start.emergency {
                emergency_login(link, start, store)?
            } else {
                second_factor(link, start, store)?
            };
            // Only when this call queued something (an emergency-login
            // notice, a lock): a backlog left by a mail server that is down
            // must not make every login wait for it; `mfactl mail flush`
            // delivers it.
            if mfactl::mail::queued(store).is_ok_and(|n| n > waiting) {
                deliver(link, store)?;
            }
            Ok(outcome)
        }
    }
}

fn unknown(start: &Start) -> Unknown {
    if start.ignore_unknown {
        Unknown::Ignore
    } else {
        Unknown::Deny
    }
}

/// `pam_sm_acct_mgmt`: refuses locked users and users a login policy denies.
fn account<R: Read, W: Write>(
    link: &mut Link<R, W>,
    start: &Start,
    store: &Store,
) -> Result<Outcome> {
    let user = &start.user;
    let account = match second_factor::account(store, user, start.rhost.as_deref()) {
        Ok(a) => a,
        Err(e) => return link.fault(&e),
    };
    let (outcome, line) = match account {
        Account::Allowed => return Ok(Outcome::Success),
        Account::Unknown if start.ignore_unknown => return Ok(Outcome::Ignore),
        Account::Unknown => (
            Outcome::UserUnknown,
            format!("{user}: not in the mfactl store (unknown=deny)"),
        ),
        Account::Locked => (
            Outcome::PermDenied,
            format!("{user}: account locked after failed attempts"),
        ),
        Account::Denied(why) => (
            Outcome::PermDenied,
            format!("{user}: login denied by policy: {why}"),
        ),
    };
    link.log(Level::Notice, line)?;
    Ok(outcome)
}

fn second_factor<R: Read, W: Write>(
    link: &mut Link<R, W>,
    start: &Start,
    store: &mut Store,
) -> Result<Outcome> {
    let user = &start.user;
    let req = Request {
        user,
        remote_host: start.rhost.as_deref(),
        requested_by: start.ruser.as_deref(),
        unknown: unknown(start),
    };
    let plan = match second_factor::begin(store, &req) {
        Ok(p) => p,
        Err(e) => return link.fault(&e),
    };
    let mut pending = match plan {
        Plan::Pass { reason } => {
            link.log(
                Level::Notice,
                format!("{user}: no second factor needed ({reason})"),
            )?;
            return Ok(Outcome::Success);
        }
        Plan::Ignore => {
            link.log(
                Level::Debug,
                format!("{user}: not in the mfactl store (unknown=ignore)"),
            )?;
            return Ok(Outcome::Ignore);
        }
        Plan::Ask(pending) => pending,
    };
    if let Some(why) = pending.refusal() {
        link.log(Level::Debug, format!("{user}: cannot pass: {why}"))?;
    }
    if pending.email_sent() {
        link.info("A sign-in code was sent to you by email.")?;
    }
    let prompt = if pending.offers_email() {
        "Verification code (or \"email\" to have one sent): "
    } else {
        "Verification code: "
    };
    for _ in 0..MAX_ANSWERS {
        let answer = link.ask(prompt)?;
        let reply = match pending.answer(store, &answer) {
            Ok(r) => r,
            Err(e) => return link.fault(&e),
        };
        match reply {
            Reply::Passed(method) => {
                link.log(
                    Level::Notice,
                    format!("{user}: second factor passed ({method})"),
                )?;
                return Ok(Outcome::Success);
            }
            Reply::Sent => link.info("If emailed codes are set up for you, one is on its way.")?,
            Reply::NotSent(e) => {
                link.log(
                    Level::Error,
                    format!("{user}: no emailed code could be sent: {e}"),
                )?;
                link.error("No code can be sent by email right now; use another code.")?;
            }
            Reply::Failed(why) => {
                link.log(
                    Level::Notice,
                    format!("{user}: second factor failed: {why}"),
                )?;
                return Ok(Outcome::AuthErr);
            }
        }
    }
    Ok(Outcome::AuthErr)
}

/// Break-glass: `request` emails a code to an eligible user; the code
/// logs in. Every name sees the same conversation.
fn emergency_login<R: Read, W: Write>(
    link: &mut Link<R, W>,
    start: &Start,
    store: &mut Store,
) -> Result<Outcome> {
    let user = &start.user;
    let source = &second_factor::login_source(start.rhost.as_deref(), start.ruser.as_deref());
    for _ in 0..MAX_ANSWERS {
        let answer = link.ask("Emergency code (or \"request\" to have one emailed): ")?;
        if answer.expose().trim().eq_ignore_ascii_case("request") {
            if let Some(outcome) = request_code(link, store, user, source)? {
                return Ok(outcome);
            }
            continue;
        }
        return match emergency::login(store, user, &answer, source) {
            Ok(opened) => {
                link.log(
                    Level::Notice,
                    format!("{user}: emergency login (session {})", opened.session.id),
                )?;
                Ok(Outcome::Success)
            }
            Err(e) if e.is_verdict() => {
                link.log(
                    Level::Notice,
                    format!("{user}: emergency login failed: {e}"),
                )?;
                Ok(Outcome::AuthErr)
            }
            Err(e) => link.fault(&e),
        };
    }
    Ok(Outcome::AuthErr)
}

/// Asks for an emergency code; an outcome when the call ends here.
fn request_code<R: Read, W: Write>(
    link: &mut Link<R, W>,
    store: &mut Store,
    user: &str,
    source: &str,
) -> Result<Option<Outcome>> {
    let requested = match emergency::request(store, user, source) {
        Ok(r) => r,
        Err(e) => {
            return match e.kind() {
                Error::Locked(_) => {
                    link.error("Too many emergency code requests; try again later.")?;
                    Ok(None)
                }
                Error::Refused(_) | Error::Invalid(_) => {
                    link.log(
                        Level::Notice,
                        format!("{user}: emergency code refused: {e}"),
                    )?;
                    link.error("Emergency login is not available.")?;
                    Ok(Some(Outcome::AuthErr))
                }
                // Said to every name alike: an eligible one must not stand out.
                Error::MailUnavailable(_) => {
                    link.log(
                        Level::Error,
                        format!("{user}: emergency code not sent: {e}"),
                    )?;
                    link.info(SENT_IF_ELIGIBLE)?;
                    Ok(None)
                }
                _ => link.fault(&e).map(Some),
            };
        }
    };
    link.info(&format!(
        "{SENT_IF_ELIGIBLE} It works once, for {}.",
        format_duration(requested.lifetime as u64)
    ))?;
    // The answer is shown before the code is made and mailed; the next
    // prompt follows the mail (`smtp.timeout` bounds it).
    link.w.flush()?;
    if let Some(delivery) = requested.delivery {
        if let Err(e) = delivery.finish(store) {
            link.log(
                Level::Error,
                format!("{user}: emergency code not sent: {e}"),
            )?;
        }
    }
    Ok(None)
}

const SENT_IF_ELIGIBLE: &str =
    "If this account may use emergency login, a code is on its way to its email address.";

/// Sends the notifications an attempt queued; a failure leaves them queued.
fn deliver<R: Read, W: Write>(link: &mut Link<R, W>, store: &mut Store) -> Result<()> {
    match mfactl::mail::flush(store) {
        Ok(r) if r.failure.is_some() => link.log(
            Level::Error,
            format!(
                "{} notification(s) stay queued: {}",
                r.pending,
                r.error.unwrap_or_default()
            ),
        ),
        Ok(_) => Ok(()),
        Err(e) => link.log(Level::Error, format!("notifications stay queued: {e}")),
    }
}
