//! The break-glass emergency code: one live code per direct administrator,
//! sent by email on request, single use.

use super::stored_code::{self, StoredCheck};
use super::{Authenticator, Check, Verdict};
use crate::auth::codes::{self, EMERGENCY_ALPHABET, EMERGENCY_LEN};
use crate::crypto::Secret;
use crate::domain::auth::{FailReason, Method};
use crate::error::{Error, Hint, Result};
use crate::store::{CodeKind, Read, Store};
use crate::users::{self, User};

/// The emergency-code authenticator.
pub struct Emergency;

/// Why a user cannot receive or use a code now, or `None` if they can: the
/// user-record rules of [`users::emergency_ineligibility`]. A lock does not
/// count: break-glass must work for an account someone else locked (wrong
/// emergency codes slow down instead, per name and source).
pub fn ineligibility(user: &User) -> Option<String> {
    users::emergency_ineligibility(user)
}

impl Authenticator for Emergency {
    fn method(&self) -> Method {
        Method::Emergency
    }

    fn held_by(&self, _r: Read<'_>, user: &User) -> Result<bool> {
        Ok(ineligibility(user).is_none())
    }

    fn check(&self, store: &mut Store, check: &Check<'_>) -> Result<Verdict> {
        let typed = codes::normalize(check.response.expose(), EMERGENCY_ALPHABET, EMERGENCY_LEN);
        let id = check.user.id;
        StoredCheck::run(
            store,
            CodeKind::Emergency,
            id,
            typed.as_ref(),
            check.response,
        )
        .map(|c| c.verdict(store.now()))
    }

    /// The user may have lost eligibility since the code was sent.
    fn still_allowed(&self, r: Read<'_>, user: &User, now: i64) -> Result<Option<FailReason>> {
        let current = users::load_user(r, &user.name, now)?;
        Ok(ineligibility(&current).map(|_| FailReason::Ineligible))
    }

    fn failure(&self, reason: FailReason, user: &User) -> Error {
        match reason {
            FailReason::Expired => {
                Error::AuthFailed("this emergency code has expired; request a new one".into())
                    .with_hint(Hint::RequestEmergencyCode {
                        user: user.name.clone(),
                    })
            }
            FailReason::AlreadyUsed => {
                Error::AuthFailed("this emergency code was already used; request a new one".into())
                    .with_hint(Hint::RequestEmergencyCode {
                        user: user.name.clone(),
                    })
            }
            _ => invalid(),
        }
    }
}

/// The argon2 work of checking a code, for a name that has none.
pub fn dummy_check(code: &Secret) {
    stored_code::dummy(CodeKind::Emergency, code, 0);
}

/// The answer to a wrong code, or an unknown or ineligible name.
pub fn invalid() -> Error {
    Error::AuthFailed("the emergency code is wrong, has expired or was already used".into())
}
