//! One-time codes kept as argon2id hashes, one live code per user and
//! kind: the emergency codes and the emailed MFA codes.

use rusqlite::{params, OptionalExtension};

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
    /// The user's code of this kind, live or not.
    pub(crate) fn stored_code(&self, kind: CodeKind, user_id: i64) -> Result<Option<StoredCode>> {
        let sql = format!(
            "SELECT code_hash, expires_at, used_at FROM {} WHERE user_id = ?1",
            kind.table()
        );
        Ok(self
            .conn
            .row(&sql, [user_id], |r| {
                Ok(StoredCode {
                    hash: r.get(0)?,
                    expires_at: r.get(1)?,
                    used_at: r.get(2)?,
                })
            })
            .optional()?)
    }

    /// When the user's live code expires, if one is live at `now`.
    pub(crate) fn live_code_expiry(
        &self,
        kind: CodeKind,
        user_id: i64,
        now: i64,
    ) -> Result<Option<i64>> {
        Ok(self
            .stored_code(kind, user_id)?
            .filter(|c| c.used_at.is_none() && c.expires_at > now)
            .map(|c| c.expires_at))
    }
}

impl Tx<'_> {
    /// Makes `hash` the user's live code, replacing any earlier one.
    pub(crate) fn replace_code(
        &self,
        kind: CodeKind,
        user_id: i64,
        hash: &str,
        created: i64,
        expires: i64,
    ) -> Result<()> {
        let sql = format!(
            "INSERT INTO {} (user_id, code_hash, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (user_id) DO UPDATE SET code_hash = ?2, created_at = ?3, expires_at = ?4,
                 used_at = NULL",
            kind.table()
        );
        self.tx
            .exec(&sql, params![user_id, hash, created, expires])?;
        Ok(())
    }

    /// Ends the user's code, if any.
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

    /// Uses up the code whose hash is `hash` if it is still live at `now`.
    /// Of many simultaneous callers exactly one gets `true`.
    pub(crate) fn consume_code(
        &self,
        kind: CodeKind,
        user_id: i64,
        hash: &str,
        now: i64,
    ) -> Result<bool> {
        let sql = format!(
            "UPDATE {} SET used_at = ?3
             WHERE user_id = ?1 AND code_hash = ?2 AND used_at IS NULL AND expires_at > ?3",
            kind.table()
        );
        Ok(self.tx.exec(&sql, params![user_id, hash, now])? == 1)
    }
}
