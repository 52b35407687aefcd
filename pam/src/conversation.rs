//! Questions and messages through the application's PAM conversation.

use pam::constants::{PamResultCode, PAM_ERROR_MSG, PAM_PROMPT_ECHO_OFF, PAM_TEXT_INFO};
use pam::conv::Conv;
use pam::module::PamHandle;

/// The conversation of one PAM call.
pub struct Conversation<'a> {
    /// None when the application gave none (an `account` call needs none).
    conv: Option<Conv<'a>>,
    /// PAM_SILENT: no informational messages.
    silent: bool,
}

impl<'a> Conversation<'a> {
    pub fn new(pamh: &'a PamHandle, silent: bool) -> Self {
        Conversation {
            conv: pamh.get_item::<Conv>().ok().flatten(),
            silent,
        }
    }

    /// Asks a question whose answer is not echoed.
    pub fn ask(&self, prompt: &str) -> Result<String, PamResultCode> {
        let conv = self.conv.as_ref().ok_or(PamResultCode::PAM_CONV_ERR)?;
        let reply = conv
            .send(PAM_PROMPT_ECHO_OFF, prompt)
            .map_err(conv_failed)?;
        let Some(reply) = reply else {
            return Err(PamResultCode::PAM_CONV_ERR);
        };
        // Not UTF-8 (or holding a NUL) cannot be any code: a wrong answer.
        Ok(reply.as_str().unwrap_or("\u{fffd}").to_string())
    }

    /// Tells the user something (not with PAM_SILENT).
    pub fn info(&self, text: &str) {
        self.say(PAM_TEXT_INFO, text);
    }

    /// Tells the user something went wrong (not with PAM_SILENT).
    pub fn error(&self, text: &str) {
        self.say(PAM_ERROR_MSG, text);
    }

    fn say(&self, style: pam::constants::PamMessageStyle, text: &str) {
        if let (Some(conv), false) = (&self.conv, self.silent) {
            let _ = conv.send(style, text);
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
