//! pam_mfactl: mfactl as the second factor of sshd, sudo, su and login.
//!
//! A thin relay: it reads its arguments, hands the call to `mfactl pam
//! daemon` over a Unix socket (or, when no daemon listens, to a `mfactl pam
//! helper` process it starts), asks through the PAM conversation what that
//! side asks, writes its syslog lines, and returns its outcome. Keeping the
//! store and its settings out of this shared object makes it quick to load
//! into every sshd, sudo or login process. It fails closed: any error is
//! `PAM_SYSTEM_ERR` with a line in syslog, never `PAM_SUCCESS`; a panic is
//! caught at the boundary by the bindings' hooks (and becomes `PAM_ABORT`).
//! It prints nothing and reads no environment variable.

mod conversation;
mod log;
mod options;
mod peer;

use std::ffi::CStr;

use mfactl::pam_wire::{Call, Message, Outcome, Start};
use pam::constants::{PamFlag, PamResultCode, PAM_SILENT};
use pam::module::{PamHandle, PamHooks};
use pam::pam_hooks;
use zeroize::Zeroize;

use conversation::Conversation;
use log::Log;
use options::Options;
use peer::Peer;

struct Module;
pam_hooks!(Module);

impl PamHooks for Module {
    fn sm_authenticate(pamh: &mut PamHandle, args: Vec<&CStr>, flags: PamFlag) -> PamResultCode {
        let silent = flags & PAM_SILENT != 0;
        call(pamh, &args, Call::Authenticate, silent)
    }

    fn sm_setcred(_pamh: &mut PamHandle, _args: Vec<&CStr>, _flags: PamFlag) -> PamResultCode {
        // mfactl holds no credentials to set: a second factor adds none.
        PamResultCode::PAM_SUCCESS
    }

    fn acct_mgmt(pamh: &mut PamHandle, args: Vec<&CStr>, flags: PamFlag) -> PamResultCode {
        let silent = flags & PAM_SILENT != 0;
        call(pamh, &args, Call::Account, silent)
    }
}

/// Serves one PAM call; every failure is logged and fails it.
fn call(pamh: &mut PamHandle, args: &[&CStr], call: Call, silent: bool) -> PamResultCode {
    // The typed code passes through the application's memory: no core
    // dump of it while the call runs; its own setting comes back after.
    let _undumpable = Undumpable::new();
    let service = item::<pam::items::Service>(pamh).unwrap_or_else(|| "unknown".to_string());
    let facility = match call {
        Call::Authenticate => "auth",
        Call::Account => "account",
    };
    let opts = match Options::parse(args) {
        Ok(o) => o,
        Err(e) => {
            Log::new(&service, facility, false).error(&format!("bad module arguments: {e}"));
            return PamResultCode::PAM_SERVICE_ERR;
        }
    };
    let log = Log::new(&service, facility, opts.debug);
    let user = match pamh.get_user(None) {
        Ok(u) => u,
        Err(code) => {
            log.error(&format!("no user name from the application ({code:?})"));
            return code;
        }
    };
    let start = Start {
        call,
        service,
        user,
        // PAM_RHOST: the only source address mfactl believes.
        rhost: item::<pam::items::RHost>(pamh).filter(|h| !h.is_empty()),
        ruser: item::<pam::items::RUser>(pamh).filter(|u| !u.is_empty()),
        store: opts.store.clone(),
        key_file: opts.key_file.clone(),
        ignore_unknown: opts.ignore_unknown,
        emergency: opts.emergency,
        debug: opts.debug,
    };
    let conv = Conversation::new(pamh, silent);
    match relay(&opts, &start, &conv, &log) {
        Ok(code) | Err(code) => code,
    }
}

/// Makes the process non-dumpable until dropped, then restores what the
/// application had.
struct Undumpable {
    was: libc::c_int,
}

impl Undumpable {
    fn new() -> Undumpable {
        // SAFETY: PR_GET_DUMPABLE and PR_SET_DUMPABLE take no pointers.
        let was = unsafe { libc::prctl(libc::PR_GET_DUMPABLE) };
        unsafe { libc::prctl(libc::PR_SET_DUMPABLE, 0) };
        Undumpable { was }
    }
}

impl Drop for Undumpable {
    /// Only a plain "dumpable" comes back: a setuid application's
    /// `suid_dumpable` mode 2 cannot be set again, and it stays
    /// non-dumpable, the stricter of the two.
    fn drop(&mut self) {
        if self.was == 1 {
            // SAFETY: as above.
            unsafe { libc::prctl(libc::PR_SET_DUMPABLE, self.was) };
        }
    }
}

/// Hands the call over and relays until it is decided.
fn relay(
    opts: &Options,
    start: &Start,
    conv: &Conversation<'_>,
    log: &Log,
) -> Result<PamResultCode, PamResultCode> {
    let mut peer = Peer::connect(opts, log)?;
    let broken = |e: std::io::Error| {
        log.error(&format!("failing closed: mfactl stopped answering: {e}"));
        PamResultCode::PAM_SYSTEM_ERR
    };
    peer.send(&Message::Start(start.clone())).map_err(broken)?;
    loop {
        match peer.receive().map_err(broken)? {
            Message::Ask(prompt) => {
                let mut message = Message::Answer(conv.ask(&prompt)?);
                let sent = peer.send(&message);
                if let Message::Answer(answer) = &mut message {
                    answer.zeroize();
                }
                sent.map_err(broken)?;
            }
            Message::Info(text) => conv.info(&text),
            Message::Error(text) => conv.error(&text),
            Message::Log(level, line) => log.write(level, &line),
            Message::Done(outcome) => return Ok(pam_code(outcome)),
            Message::Start(_) | Message::Answer(_) => {
                return Err(broken(std::io::Error::other("unexpected message")))
            }
        }
    }
}

fn pam_code(outcome: Outcome) -> PamResultCode {
    match outcome {
        Outcome::Success => PamResultCode::PAM_SUCCESS,
        Outcome::AuthErr => PamResultCode::PAM_AUTH_ERR,
        Outcome::SystemErr => PamResultCode::PAM_SYSTEM_ERR,
        Outcome::Ignore => PamResultCode::PAM_IGNORE,
        Outcome::UserUnknown => PamResultCode::PAM_USER_UNKNOWN,
        Outcome::PermDenied => PamResultCode::PAM_PERM_DENIED,
    }
}

/// A string item (PAM_SERVICE, PAM_RHOST), when set and UTF-8.
fn item<'a, T>(pamh: &'a PamHandle) -> Option<String>
where
    T: pam::items::Item<'a> + std::ops::Deref<Target = &'a CStr>,
{
    pamh.get_item::<T>()
        .ok()
        .flatten()
        .and_then(|v| v.to_str().ok().map(str::to_string))
}
