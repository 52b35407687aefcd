//! Emailed codes: sending one. Checking it is the email authenticator's
//! ([`super::methods::email`]).

use super::attempt;
use super::mfa;
use crate::domain::auth::Method;
use crate::error::{Error, Result};
use crate::settings;
use crate::store::Store;
use crate::users::User;

pub use super::methods::email::{DIGITS, LEN};

/// Sends a fresh code to the user's email. Returns when it expires (Unix
/// seconds). If the mail cannot be sent, no code is live (exit 69).
pub fn challenge(store: &mut Store, user: &User, source: &str) -> Result<i64> {
    let s = settings::load_config(store)?;
    if !mfa::offered(&s, user).contains(&Method::Email) {
        return Err(Error::Refused(format!(
            "email codes are neither `{}`'s MFA method nor an enabled alternate; set \
             `mfactl user set {} --mfa-type email` or add email to mfa.alternates",
            user.name, user.name
        )));
    }
    if user.email.is_none() {
        return Err(Error::Refused(format!(
            "`{}` has no email address to send a code to (mfactl user set {} --email ADDRESS)",
            user.name, user.name
        )));
    }
    attempt::challenge(store, &s, user, Method::Email, source)
}
