//! Questions and messages through the application's PAM conversation.

use mfactl::crypto::Secret;
use pam::constants::{PamResultCode, PAM_ERROR_MSG, PAM_PROMPT_ECHO_OFF, PAM_TEXT_INFO};
use pam::conv::Conv;
use pam::module::PamHandle;

/// The conversation of one PAM call.
pub struct Conversation<'a> {
    conv: Conv<'a>,
    /// PAM_SILENT: no informational messages.
    silent: bool,
}

impl<'a> Conversation<'a> {
    pub fn new(pamh: &'a PamHandle, silent: bool) -> Result<Self, PamResultCode> {
        match pamh.get_item::<Conv>() {
            Ok(Some(conv)) => Ok(Conversation { conv, silent }),
            Ok(None) => Err(PamResultCode::PAM_CONV_ERR),
            Err(code) => Err(conv_failed(code)),
        }
    }

    /// Asks a question whose answer is not echoed.
    pub fn ask(&self, prompt: &str) -> Result<Secret, PamResultCode> {
        let reply = self
            .conv
            .send(PAM_PROMPT_ECHO_OFF, prompt)
            .map_err(conv_failed)?;
        let Some(reply) = reply else {
            return Err(PamResultCode::PAM_CONV_ERR);
        };
        // Not UTF-8 cannot be any code: treat it as a wrong answer.
        let text = reply.as_str().unwrap_or("\u{fffd}").to_string();
        Ok(Secret::new(text))
    }

    /// Tells the user something (not with PAM_SILENT).
    pub fn info(&self, text: &str) {
        if !self.silent {
            let _ = self.conv.send(PAM_TEXT_INFO, text);
        }
    }

    /// Tells the user something went wrong (not with PAM_SILENT).
    pub fn error(&self, text: &str) {
        if !self.silent {
            let _ = self.conv.send(PAM_ERROR_MSG, text);
        }
    }
}

/// What a failed conversation makes of the call: never the application's
/// own code (a `PAM_IGNORE` from it would skip the second factor on a
/// `required` line).
fn conv_failed(code: PamResultCode) -> PamResultCode {
    match code {
        PamResultCode::PAM_CONV_AGAIN => PamResultCode::PAM_INCOMPLETE,
        _ => PamResultCode::PAM_CONV_ERR,
    }
}
