//! Failure counts and locks, and the password hashes they guard.

use rusqlite::{params, OptionalExtension};

use super::Cached;
use super::{Read, Tx};
use crate::domain::auth::LockState;
use crate::error::Result;

impl Read<'_> {
    /// A user's failure count and lock.
    pub(crate) fn lock_state(&self, user_id: i64) -> Result<LockState> {
        Ok(self
            .conn
            .row(
                "SELECT failed_attempts, first_failure_at, locked_until FROM users WHERE id = ?1",
                [user_id],
                |r| {
                    Ok(LockState {
                        failures: r.get(0)?,
                        first_failure_at: r.get(1)?,
                        locked_until: r.get(2)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_default())
    }

    /// A local user's argon2id password hash, if they have one.
    pub(crate) fn password_hash(&self, user_id: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .row(
                "SELECT password_hash FROM users WHERE id = ?1",
                [user_id],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }
}

impl Tx<'_> {
    /// Records a user's new failure count and lock.
    pub(crate) fn set_lock_state(&self, user_id: i64, state: &LockState) -> Result<()> {
        self.tx.exec(
            "UPDATE users SET failed_attempts = ?2, first_failure_at = ?3, locked_until = ?4
             WHERE id = ?1",
            params![
                user_id,
                state.failures,
                state.first_failure_at,
                state.locked_until
            ],
        )?;
        Ok(())
    }
}
