//! The email authenticator: a 6-digit code, drawn uniformly, sent by email,
//! valid `mfa.email.lifetime`, single use. A new challenge ends the
//! previous code; the failure count is the user's and survives resends.

use super::stored_code::StoredCheck;
use super::{Authenticator, Check, Sent, Verdict};
use crate::auth::codes;
use crate::clock::format_time;
use crate::domain::auth::{FailReason, Method};
use crate::error::{Error, Hint, Result, UserOption};
use crate::mail::{self, Email as Message};
use crate::settings::{format_duration, Config};
use crate::store::{CodeKind, Read, Store};
use crate::users::User;

/// Digits of emailed codes.
pub const DIGITS: &[u8] = b"0123456789";
/// Length of emailed codes.
pub const LEN: usize = 6;

/// The email authenticator.
pub struct Email;

impl Authenticator for Email {
    fn method(&self) -> Method {
        Method::Email
    }

    fn held_by(&self, _r: Read<'_>, user: &User) -> Result<bool> {
        Ok(user.email.is_some())
    }

    fn needs_challenge(&self) -> bool {
        true
    }

    fn not_held(&self, user: &User) -> Error {
        no_email(user)
    }

    /// Emails a fresh code, which replaces the previous one. The code is
    /// made live (committed) before it is mailed, and withdrawn if the mail
    /// is refused, so no live code exists that nobody received; requests
    /// take turns, so the mail sent last carries the live code.
    fn send_challenge(&self, store: &mut Store, s: &Config, user: &User) -> Result<Sent> {
        let Some(to) = user.email.clone() else {
            return Err(self.not_held(user));
        };
        let code = codes::random_code(DIGITS, LEN, store.random());
        let hash = store.hash_secret(&code)?;
        let now = store.now();
        let expires = now + s.mfa.email_lifetime;
        let _turn = store.lock_code_mail(user.id)?;
        store.write(|tx| tx.add_code(CodeKind::Email, user.id, &hash, now, expires))?;
        let host = mail::hostname();
        let message = Message {
            to: to.clone(),
            subject: format!("Your sign-in code for {host}"),
            body: format!(
                "Hello {name},\n\nYour sign-in code for {host} is:\n\n{code}\n\n\
                 It works once, until {until} (UTC), {lifetime} from now.\n\n\
                 If you are not signing in right now, do not share this code with anyone,\n\
                 and tell your administrator: someone may know your password.\n",
                name = user.name,
                code = code.expose(),
                until = format_time(expires),
                lifetime = format_duration((expires - now) as u64),
            ),
        };
        if let Err(e) = mail::send(store, &message) {
            store.write(|tx| tx.withdraw_code(CodeKind::Email, user.id, &hash))?;
            return Err(e);
        }
        Ok(Sent {
            expires_at: expires,
            to,
        })
    }

    fn check(&self, store: &mut Store, check: &Check<'_>) -> Result<Verdict> {
        let typed = codes::normalize(check.response.expose(), DIGITS, LEN);
        StoredCheck::run(
            store,
            CodeKind::Email,
            check.user.id,
            typed.as_ref(),
            check.response,
        )
        .map(|c| c.verdict(store.now()))
    }

    fn failure(&self, reason: FailReason, user: &User) -> Error {
        let new_code = |e: Error| {
            e.with_hint(Hint::SendChallenge {
                user: user.name.clone(),
            })
        };
        match reason {
            FailReason::Expired => new_code(Error::AuthFailed(
                "this code has expired; ask for a new one".into(),
            )),
            FailReason::AlreadyUsed => new_code(Error::AuthFailed(
                "this code was already used; ask for a new one".into(),
            )),
            FailReason::NoLiveCode => new_code(Error::AuthFailed(
                "no code was sent, or it was replaced; ask for one".into(),
            )),
            _ => Error::AuthFailed("the code is wrong".into()),
        }
    }
}
/// The refusal for a user without an email address to send a code to.
fn no_email(user: &User) -> Error {
    Error::Refused(format!(
        "`{}` has no email address to send a code to; add one",
        user.name
    ))
    .with_hint(Hint::SetUser {
        user: user.name.clone(),
        option: UserOption::Email,
    })
}
