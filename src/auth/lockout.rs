//! Counting failed attempts and locking accounts, as set by `lockout.*`.
//! Every verification path (password, codes, emergency) goes through here.

use rusqlite::{params, OptionalExtension};
use serde_json::Value;

use crate::clock::format_time;
use crate::error::{Error, Result};
use crate::settings::Settings;
use crate::store::Tx;
use crate::users::LOCKED_INDEFINITELY;

/// The lock on a user, if any, as the error to report.
pub fn lock(tx: &Tx<'_>, user_id: i64, name: &str) -> Result<Option<Error>> {
    let locked_until: Option<i64> = tx
        .query_row(
            "SELECT locked_until FROM users WHERE id = ?1",
            [user_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    Ok(locked_until
        .filter(|&t| t > tx.now())
        .map(|t| locked_error(name, t)))
}

/// For an attempt by a locked user: audits it under `action` (the details
/// plus `"outcome": "locked"`) and returns the lock error to report after
/// the transaction commits. `None` when the user is not locked.
pub fn refuse_if_locked(
    tx: &mut Tx<'_>,
    user_id: i64,
    name: &str,
    action: &str,
    mut details: Value,
) -> Result<Option<Error>> {
    let Some(locked) = lock(tx, user_id, name)? else {
        return Ok(None);
    };
    if let Some(d) = details.as_object_mut() {
        d.insert("outcome".into(), "locked".into());
    }
    tx.audit(action, name, details)?;
    Ok(Some(locked))
}

fn locked_error(name: &str, until: i64) -> Error {
    if until == LOCKED_INDEFINITELY {
        Error::Locked(format!(
            "`{name}` is locked after too many failed attempts, until an administrator runs \
             `mfactl user unlock {name}`"
        ))
    } else {
        Error::Locked(format!(
            "`{name}` is locked after too many failed attempts, until {}",
            format_time(until)
        ))
    }
}

/// Counts a failed attempt. Returns the lock error when this attempt locks
/// the user, so the caller can report it.
pub fn record_failure(
    tx: &Tx<'_>,
    settings: &Settings,
    user_id: i64,
    name: &str,
) -> Result<Option<Error>> {
    let now = tx.now();
    let (count, first, locked_until): (i64, Option<i64>, Option<i64>) = tx.query_row(
        "SELECT failed_attempts, first_failure_at, locked_until FROM users WHERE id = ?1",
        [user_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let window = settings.int("lockout.window");
    // A new count starts when the window has passed or a lock has expired.
    let fresh = first.is_none_or(|f| now - f >= window) || locked_until.is_some_and(|t| t <= now);
    let (count, first) = if fresh {
        (1, now)
    } else {
        (count + 1, first.unwrap_or(now))
    };
    let limit = settings.int("lockout.attempts");
    let lock = (count >= limit).then(|| match settings.int("lockout.duration") {
        0 => LOCKED_INDEFINITELY,
        d => now.saturating_add(d),
    });
    tx.execute(
        "UPDATE users SET failed_attempts = ?2, first_failure_at = ?3,
                          locked_until = CASE WHEN ?4 IS NULL THEN
                              (CASE WHEN locked_until > ?5 THEN locked_until END) ELSE ?4 END
         WHERE id = ?1",
        params![user_id, count, first, lock, now],
    )?;
    Ok(lock.map(|t| locked_error(name, t)))
}

/// Clears the failure count after a success.
pub fn record_success(tx: &Tx<'_>, user_id: i64) -> Result<()> {
    tx.execute(
        "UPDATE users SET failed_attempts = 0, first_failure_at = NULL, locked_until = NULL
         WHERE id = ?1",
        [user_id],
    )?;
    Ok(())
}
