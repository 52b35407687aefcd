//! Emailed codes: sending one. Checking it is the email authenticator's
//! ([`super::methods::email`]).

use super::attempt;
use super::mfa;
use crate::domain::auth::Method;
use crate::error::{Error, Hint, Result, UserOption};
use crate::settings;
use crate::store::Store;
use crate::users::User;

use super::methods::email::no_email;
pub use super::methods::email::{DIGITS, LEN};

/// Sends a fresh code to the user's email. Returns when it expires (Unix
/// seconds). If the mail cannot be sent, no code is live (exit 69).
pub fn challenge(store: &mut Store, user: &User, source: &str) -> Result<i64> {
    let s = settings::load_config(store)?;
    if !mfa::offered(&s, user).contains(&Method::Email) {
        return Err(Error::Refused(format!(
            "email codes are neither `{}`'s MFA method nor an enabled alternate; make email \
             the user's MFA type, or add email to mfa.alternates",
            user.name
        ))
        .with_hint(Hint::SetUser {
            user: user.name.clone(),
            option: UserOption::MfaType("email".into()),
        }));
    }
    if user.email.is_none() {
        return Err(no_email(user));
    }
    attempt::challenge(store, &s, user, Method::Email, source)
}
