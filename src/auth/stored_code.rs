//! One-time codes kept as argon2id hashes, one live code per user: the
//! emergency codes and the emailed MFA codes.

use rusqlite::{params, Connection, OptionalExtension};

use crate::crypto::{verify_dummy, verify_secret, Secret};
use crate::error::Result;
use crate::store::{Store, Tx};

/// Which table a code lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    /// `emergency_codes`
    Emergency,
    /// `mfa_email_codes`
    Email,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Emergency => "emergency_codes",
            Table::Email => "mfa_email_codes",
        }
    }
}

/// Makes `hash` the user's live code, replacing any earlier one.
pub(crate) fn replace(
    tx: &Connection,
    table: Table,
    user_id: i64,
    hash: &str,
    created: i64,
    expires: i64,
) -> Result<()> {
    let sql = format!(
        "INSERT INTO {} (user_id, code_hash, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (user_id) DO UPDATE SET code_hash = ?2, created_at = ?3, expires_at = ?4, used_at = NULL",
        table.name()
    );
    tx.execute(&sql, params![user_id, hash, created, expires])?;
    Ok(())
}

/// Ends the user's code, if any.
pub(crate) fn remove(tx: &Connection, table: Table, user_id: i64) -> Result<()> {
    tx.execute(
        &format!("DELETE FROM {} WHERE user_id = ?1", table.name()),
        [user_id],
    )?;
    Ok(())
}

/// A typed code checked against the user's stored one.
pub(crate) struct Checked {
    table: Table,
    user_id: i64,
    /// The stored hash, expiry and use time, if a code was stored.
    stored: Option<(String, i64, Option<i64>)>,
    /// Whether the typed code is the stored one (used or expired or not).
    pub(crate) matches: bool,
}

/// Checks `typed` (already normalised; `None` if malformed) against the
/// user's stored code. The argon2 work is done here, outside the write
/// lock, and done even when there is nothing to compare with, so the time
/// taken does not tell whether a code exists.
pub(crate) fn check(
    store: &Store,
    table: Table,
    user_id: i64,
    typed: Option<&Secret>,
    raw: &Secret,
) -> Result<Checked> {
    let sql = format!(
        "SELECT code_hash, expires_at, used_at FROM {} WHERE user_id = ?1",
        table.name()
    );
    let stored: Option<(String, i64, Option<i64>)> = store
        .conn()
        .query_row(&sql, [user_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let matches = match (typed, &stored) {
        (Some(t), Some((hash, _, _))) => verify_secret(t.expose().as_bytes(), hash),
        _ => {
            verify_dummy(raw.expose().as_bytes());
            false
        }
    };
    Ok(Checked {
        table,
        user_id,
        stored,
        matches,
    })
}

impl Checked {
    /// Uses the code up, if it matched and is still live. Of many
    /// simultaneous callers exactly one gets `true`: the row changes once.
    pub(crate) fn consume(&self, tx: &Tx<'_>) -> Result<bool> {
        let Some((hash, _, _)) = self.stored.as_ref().filter(|_| self.matches) else {
            return Ok(false);
        };
        let sql = format!(
            "UPDATE {} SET used_at = ?3
             WHERE user_id = ?1 AND code_hash = ?2 AND used_at IS NULL AND expires_at > ?3",
            self.table.name()
        );
        Ok(tx.execute(&sql, params![self.user_id, hash, tx.now()])? == 1)
    }

    /// Why the code did not work: `already_used`, `expired`,
    /// `no_live_code` or `wrong_code`.
    pub(crate) fn failure(&self, now: i64) -> &'static str {
        match (&self.stored, self.matches) {
            (None, _) => "no_live_code",
            (Some(_), false) => "wrong_code",
            (Some((_, _, Some(_))), true) => "already_used",
            (Some((_, expires, _)), true) if *expires <= now => "expired",
            // Matched and live when checked, but another caller used it first.
            (Some(_), true) => "already_used",
        }
    }
}
