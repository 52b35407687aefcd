//! One-time codes kept as argon2id hashes: the emergency codes and the
//! emailed MFA codes. A user holds at most [`CodeKind::live_limit`] codes
//! of a kind; a new one ends the oldest.

use rusqlite::params;

use super::Cached;
use super::{Read, Tx};
use crate::error::Result;

/// Which kind of code, and so which table it lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// Break-glass emergency codes.
    Emergency,
    /// Emailed MFA codes.
    Email,
}

impl CodeKind {
    fn table(self) -> &'static str {
        match self {
            CodeKind::Emergency => "emergency_codes",
            CodeKind::Email => "mfa_email_codes",
        }
    }

    /// How many codes of this kind a user may hold at once. Two emergency
    /// codes: someone else's request must not kill the code already on its
    /// way (the older one expires on schedule). One emailed code: only the
    /// user, past their password, asks for it.
    pub fn live_limit(self) -> usize {
        match self {
            CodeKind::Emergency => 2,
            CodeKind::Email => 1,
        }
    }
}

/// A stored code: its hash, expiry and use time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCode {
    /// The argon2id PHC string.
    pub hash: String,
    /// Unix seconds.
    pub expires_at: i64,
    /// When it was used, if it was.
    pub used_at: Option<i64>,
}

impl Read<'_> {
    /// The user's codes of this kind, live or not, newest first.
    pub(crate) fn stored_codes(&self, kind: CodeKind, user_id: i64) -> Result<Vec<StoredCode>> {
        let sql = format!(
            "SELECT code_hash, expires_at, used_at FROM {} WHERE user_id = ?1
             ORDER BY id DESC LIMIT ?2",
            kind.table()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![user_id, kind.live_limit() as i64], |r| {
            Ok(StoredCode {
                hash: r.get(0)?,
                expires_at: r.get(1)?,
                used_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// When the user's last live code expires, if one is live at `now`.
    pub(crate) fn live_code_expiry(
        &self,
        kind: CodeKind,
        user_id: i64,
        now: i64,
    ) -> Result<Option<i64>> {
        Ok(self
            .stored_codes(kind, user_id)?
            .into_iter()
            .filter(|c| c.used_at.is_none() && c.expires_at > now)
            .map(|c| c.expires_at)
            .max())
    }
}

impl Tx<'_> {
    /// Adds `hash` as the user's newest code, ending the oldest ones beyond
    /// the kind's [`CodeKind::live_limit`].
    pub(crate) fn add_code(
        &self,
        kind: CodeKind,
        user_id: i64,
        hash: &str,
        created: i64,
        expires: i64,
    ) -> Result<()> {
        let table = kind.table();
        let keep = kind.live_limit() as i64 - 1;
        self.tx.exec(
            &format!(
                "DELETE FROM {table} WHERE user_id = ?1 AND id NOT IN
                 (SELECT id FROM {table} WHERE user_id = ?1 ORDER BY id DESC LIMIT ?2)"
            ),
            params![user_id, keep],
        )?;
        self.tx.exec(
            &format!(
                "INSERT INTO {table} (user_id, code_hash, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4)"
            ),
            params![user_id, hash, created, expires],
        )?;
        Ok(())
    }

    /// Ends the user's codes of this kind, if any.
    pub(crate) fn remove_code(&self, kind: CodeKind, user_id: i64) -> Result<()> {
        let sql = format!("DELETE FROM {} WHERE user_id = ?1", kind.table());
        self.tx.exec(&sql, [user_id])?;
        Ok(())
    }

    /// Ends the user's code if it is still the one whose hash is `hash` (a
    /// later request's code stays).
    pub(crate) fn withdraw_code(&self, kind: CodeKind, user_id: i64, hash: &str) -> Result<()> {
        let sql = format!(
            "DELETE FROM {} WHERE user_id = ?1 AND code_hash = ?2",
            kind.table()
        );
        self.tx.exec(&sql, params![user_id, hash])?;
        Ok(())
    }

    /// Uses up the code whose hash is `hash` if it is still live at `now`,
    /// and ends the user's other codes of the kind: one break-glass, one
    /// code. Of many simultaneous callers exactly one gets `true`.
    pub(crate) fn consume_code(
        &self,
        kind: CodeKind,
        user_id: i64,
        hash: &str,
        now: i64,
    ) -> Result<bool> {
        let table = kind.table();
        let used = self.tx.exec(
            &format!(
                "UPDATE {table} SET used_at = ?3
                 WHERE user_id = ?1 AND code_hash = ?2 AND used_at IS NULL AND expires_at > ?3"
            ),
            params![user_id, hash, now],
        )? == 1;
        if used {
            self.tx.exec(
                &format!(
                    "UPDATE {table} SET expires_at = ?3
                     WHERE user_id = ?1 AND code_hash <> ?2 AND used_at IS NULL AND expires_at > ?3"
                ),
                params![user_id, hash, now],
            )?;
        }
        Ok(used)
    }
}
