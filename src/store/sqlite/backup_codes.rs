//! Backup codes: one set per user, every code hashed with the set's salt.

use rusqlite::{params, OptionalExtension};

use super::Cached;
use super::{Read, Tx};
use crate::error::Result;

/// A user's set of backup codes, as counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BackupCounts {
    /// When the set was generated, if there is one.
    pub created_at: Option<i64>,
    /// Codes in the set.
    pub total: i64,
    /// Unused codes.
    pub remaining: i64,
}

impl Read<'_> {
    /// The salt of the user's set, if they have one.
    pub(crate) fn backup_salt(&self, user_id: i64) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .row(
                "SELECT salt FROM backup_code_sets WHERE user_id = ?1",
                [user_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Whether the code with this digest was used: `None` if the user has
    /// no such code.
    pub(crate) fn backup_code_used(&self, user_id: i64, digest: &[u8]) -> Result<Option<bool>> {
        Ok(self
            .conn
            .row(
                "SELECT used_at IS NOT NULL FROM backup_codes WHERE user_id = ?1 AND hash = ?2",
                params![user_id, digest],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The user's set, counted.
    pub(crate) fn backup_counts(&self, user_id: i64) -> Result<BackupCounts> {
        let created_at = self
            .conn
            .row(
                "SELECT created_at FROM backup_code_sets WHERE user_id = ?1",
                [user_id],
                |r| r.get(0),
            )
            .optional()?;
        let (total, remaining) = self.conn.row(
            "SELECT count(*), count(*) FILTER (WHERE used_at IS NULL) FROM backup_codes
             WHERE user_id = ?1",
            [user_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(BackupCounts {
            created_at,
            total,
            remaining,
        })
    }
}

impl Tx<'_> {
    /// Replaces the user's set with codes of these digests under `salt`.
    pub(crate) fn replace_backup_codes(
        &self,
        user_id: i64,
        salt: &[u8],
        digests: &[[u8; 32]],
        now: i64,
    ) -> Result<()> {
        self.delete_backup_codes(user_id)?;
        self.tx.exec(
            "INSERT INTO backup_code_sets (user_id, salt, created_at) VALUES (?1, ?2, ?3)",
            params![user_id, salt, now],
        )?;
        let mut insert = self
            .tx
            .prepare_cached("INSERT INTO backup_codes (user_id, hash) VALUES (?1, ?2)")?;
        for d in digests {
            insert.execute(params![user_id, d.as_slice()])?;
        }
        Ok(())
    }

    /// Removes the user's set. Returns whether there was one.
    pub(crate) fn delete_backup_codes(&self, user_id: i64) -> Result<bool> {
        Ok(self
            .tx
            .exec("DELETE FROM backup_code_sets WHERE user_id = ?1", [user_id])?
            > 0)
    }

    /// Uses up the unused code with this digest. Of many simultaneous
    /// callers exactly one gets `true`.
    pub(crate) fn consume_backup_code(
        &self,
        user_id: i64,
        digest: &[u8],
        now: i64,
    ) -> Result<bool> {
        Ok(self.tx.exec(
            "UPDATE backup_codes SET used_at = ?3
             WHERE user_id = ?1 AND hash = ?2 AND used_at IS NULL",
            params![user_id, digest, now],
        )? == 1)
    }
}
