//! pam_mfactl: mfactl as the second factor of sshd, sudo, su and login.
//!
//! A thin layer on the mfactl library: it reads its arguments, asks through
//! the PAM conversation, and maps what the library decided to a PAM result.
//! It fails closed: any error is `PAM_AUTH_ERR` or `PAM_SYSTEM_ERR` with a
//! line in syslog, never `PAM_SUCCESS`; a panic is caught at the boundary
//! by the bindings' hooks (and becomes `PAM_ABORT`). It prints nothing and
//! reads no environment variable.

mod conversation;
mod flows;
mod log;
mod options;

use std::ffi::CStr;

use pam::constants::{PamFlag, PamResultCode, PAM_SILENT};
use pam::module::{PamHandle, PamHooks};
use pam::pam_hooks;

use conversation::Conversation;
use flows::Ctx;
use log::Log;
use options::Options;

struct Module;
pam_hooks!(Module);

impl PamHooks for Module {
    fn sm_authenticate(pamh: &mut PamHandle, args: Vec<&CStr>, flags: PamFlag) -> PamResultCode {
        with_context(pamh, &args, "auth", |pamh, ctx| {
            let silent = flags & PAM_SILENT != 0;
            let user = user_name(pamh, &ctx.log)?;
            let rhost = remote_host(pamh);
            let conv = Conversation::new(pamh, silent)?;
            flows::authenticate(&conv, ctx, &user, rhost.as_deref())
        })
    }

    fn sm_setcred(_pamh: &mut PamHandle, _args: Vec<&CStr>, _flags: PamFlag) -> PamResultCode {
        // mfactl holds no credentials to set: a second factor adds none.
        PamResultCode::PAM_SUCCESS
    }

    fn acct_mgmt(pamh: &mut PamHandle, args: Vec<&CStr>, _flags: PamFlag) -> PamResultCode {
        with_context(pamh, &args, "account", |pamh, ctx| {
            let user = user_name(pamh, &ctx.log)?;
            let rhost = remote_host(pamh);
            flows::account(ctx, &user, rhost.as_deref())
        })
    }
}

/// Parses the arguments and runs `f`; an argument error is logged and
/// fails the call.
fn with_context(
    pamh: &mut PamHandle,
    args: &[&CStr],
    facility: &str,
    f: impl FnOnce(&mut PamHandle, &Ctx) -> Result<PamResultCode, PamResultCode>,
) -> PamResultCode {
    let service = pamh
        .get_item::<pam::items::Service>()
        .ok()
        .flatten()
        .and_then(|s| s.0.to_str().ok().map(str::to_string))
        .unwrap_or_else(|| "unknown".to_string());
    let opts = match Options::parse(args) {
        Ok(o) => o,
        Err(e) => {
            Log::new(&service, facility, false).error(&format!("bad module arguments: {e}"));
            return PamResultCode::PAM_SERVICE_ERR;
        }
    };
    let ctx = Ctx {
        log: Log::new(&service, facility, opts.debug),
        opts,
        service,
    };
    match f(pamh, &ctx) {
        Ok(code) | Err(code) => code,
    }
}

fn user_name(pamh: &mut PamHandle, log: &Log) -> Result<String, PamResultCode> {
    pamh.get_user(None).map_err(|code| {
        log.error(&format!("no user name from the application ({code:?})"));
        code
    })
}

/// PAM_RHOST: the only source address mfactl believes.
fn remote_host(pamh: &PamHandle) -> Option<String> {
    pamh.get_item::<pam::items::RHost>()
        .ok()
        .flatten()
        .and_then(|h| h.0.to_str().ok().map(str::to_string))
        .filter(|h| !h.is_empty())
}
