//! Emailed codes: the alphabet and length, and sending one (the email
//! authenticator's challenge, [`super::methods::email`]).

use super::mfa;
use crate::domain::auth::Method;
use crate::error::Result;
use crate::store::Store;
use crate::users::User;

pub use super::methods::email::{DIGITS, LEN};

/// Sends a fresh code to the user's email. Returns when it expires (Unix
/// seconds). If the mail cannot be sent, no code is live (exit 69).
pub fn challenge(store: &mut Store, user: &User, source: &str) -> Result<i64> {
    mfa::challenge(store, user, Method::Email, source)
}
