//! A local user's password, checked against its argon2id hash.

use super::{Authenticator, Check, Consume, Verdict};
use crate::crypto::{verify_dummy, verify_secret};
use crate::domain::auth::{FailReason, Method};
use crate::error::{Error, Result};
use crate::store::{Read, Store};
use crate::users::{Source, User};

/// The password authenticator.
pub struct Password;

impl Authenticator for Password {
    fn method(&self) -> Method {
        Method::Password
    }

    fn held_by(&self, _r: Read<'_>, user: &User) -> Result<bool> {
        Ok(user.source == Source::Local && user.has_password)
    }

    fn check(&self, store: &mut Store, check: &Check<'_>) -> Result<Verdict> {
        let typed = check.response.expose().as_bytes();
        let ok = match store.read().password_hash(check.user.id)? {
            Some(hash) => verify_secret(typed, &hash),
            None => {
                // As slow as a real check, so the time tells nothing.
                verify_dummy(typed);
                false
            }
        };
        Ok(if ok {
            Verdict::Pass(Consume::Nothing)
        } else {
            Verdict::Fail(FailReason::WrongPassword)
        })
    }

    fn failure(&self, _reason: FailReason, _user: &User) -> Error {
        wrong()
    }
}

/// The answer to a wrong name or password: the same for both.
pub fn wrong() -> Error {
    Error::AuthFailed("the user name or password is wrong".into())
}
