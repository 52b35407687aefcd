//! The email authenticator: a 6-digit code, drawn uniformly, sent by email,
//! valid `mfa.email.lifetime`, single use. A new challenge ends the previous
//! code; the failure count (lockout) is the user's and survives resends.

use serde_json::json;

use super::codes;
use super::lockout;
use super::mfa::{self, Method};
use super::stored_code::{self, Table};
use crate::clock::format_time;
use crate::crypto::Secret;
use crate::error::{Error, Result};
use crate::mail::{self, Email};
use crate::settings::{self, format_duration};
use crate::store::Store;
use crate::users::User;

/// Digits of emailed codes.
pub const DIGITS: &[u8] = b"0123456789";
/// Length of emailed codes.
pub const LEN: usize = 6;

/// Sends a fresh code to the user's email. Returns when it expires (Unix
/// seconds). If the mail cannot be sent, no code is live (exit 69).
pub fn challenge(store: &mut Store, user: &User, source: &str) -> Result<i64> {
    let s = settings::load(store)?;
    if !mfa::offered(&s, user).contains(&Method::Email) {
        return Err(Error::Refused(format!(
            "email codes are neither `{}`'s MFA method nor an enabled alternate; set \
             `mfactl user set {} --mfa-type email` or add email to mfa.alternates",
            user.name, user.name
        )));
    }
    let Some(to) = user.email.clone() else {
        return Err(Error::Refused(format!(
            "`{}` has no email address to send a code to (mfactl user set {} --email ADDRESS)",
            user.name, user.name
        )));
    };
    let attempt = json!({"method": "email", "source": source});
    if let Some(locked) = store
        .write(|tx| lockout::refuse_if_locked(tx, user.id, &user.name, "mfa.challenge", attempt))?
    {
        return Err(locked);
    }
    let code = codes::random_code(DIGITS, LEN, store.random());
    let hash = store.hash_secret(&code)?;
    let now = store.now();
    let expires = now + s.int("mfa.email.lifetime");
    store.write(|tx| stored_code::remove(tx, Table::Email, user.id))?;
    let host = mail::hostname();
    let email = Email {
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
    let sent = mail::send(store, &email);
    store.write(|tx| {
        if sent.is_ok() {
            stored_code::replace(tx, Table::Email, user.id, &hash, now, expires)?;
        }
        let outcome = sent
            .as_ref()
            .map_or_else(|e| e.to_string(), |_| "sent".to_string());
        tx.audit(
            "mfa.challenge",
            &user.name,
            json!({"method": "email", "source": source, "outcome": outcome, "to": to}),
        )
    })?;
    sent.map(|_| expires)
}

/// Verifies an emailed code and consumes it.
pub(crate) fn verify(store: &mut Store, user: &User, code: &Secret, source: &str) -> Result<()> {
    let s = settings::load(store)?;
    let typed = codes::normalize(code.expose(), DIGITS, LEN);
    let checked = stored_code::check(store, Table::Email, user.id, typed.as_ref(), code)?;
    store.write(|tx| {
        let attempt = json!({"method": "email", "source": source});
        if let Some(locked) = lockout::refuse_if_locked(tx, user.id, &user.name, "mfa.verify", attempt)? {
            return Ok(Err(locked));
        }
        if checked.consume(tx)? {
            lockout::record_success(tx, user.id)?;
            tx.audit("mfa.verify", &user.name, json!({"method": "email", "outcome": "success", "source": source}))?;
            return Ok(Ok(()));
        }
        let reason = checked.failure(tx.now());
        let lock = lockout::record_failure(tx, &s, user.id, &user.name)?;
        tx.audit("mfa.verify", &user.name, json!({"method": "email", "source": source, "outcome": "failed", "reason": reason, "locked": lock.is_some()}))?;
        Ok(Err(lock.unwrap_or_else(|| {
            Error::AuthFailed(match reason {
                "expired" => "this code has expired; ask for a new one: mfactl mfa challenge".into(),
                "already_used" => "this code was already used; ask for a new one".into(),
                "no_live_code" => "no code was sent, or it was replaced; ask for one: mfactl mfa challenge".into(),
                _ => "the code is wrong".into(),
            })
        })))
    })?
}
