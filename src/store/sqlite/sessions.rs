//! Login sessions, found by id or by the SHA-256 of their token.

use rusqlite::{params, OptionalExtension, Row};

use super::Cached;
use super::{Read, Tx};
use crate::domain::auth::SessionRecord;
use crate::error::Result;

const COLUMNS: &str = "s.id, u.name, s.method, s.source, s.created_at, s.expires_at, s.revoked_at";

fn row(r: &Row<'_>) -> rusqlite::Result<SessionRecord> {
    Ok(SessionRecord {
        id: r.get(0)?,
        user: r.get(1)?,
        method: r.get(2)?,
        source: r.get(3)?,
        created_at: r.get(4)?,
        expires_at: r.get(5)?,
        revoked_at: r.get(6)?,
    })
}

/// A session to open.
pub(crate) struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user_id: i64,
    pub method: &'a str,
    pub source: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
}

impl Read<'_> {
    /// One session by id.
    pub(crate) fn session(&self, id: i64) -> Result<Option<SessionRecord>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?1"
        );
        Ok(self.conn.row(&sql, [id], row).optional()?)
    }

    /// The session whose token hashes to `token_hash`.
    pub(crate) fn session_by_token(&self, token_hash: &str) -> Result<Option<SessionRecord>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = ?1"
        );
        Ok(self.conn.row(&sql, [token_hash], row).optional()?)
    }

    /// Sessions, newest first: of one user or all, and only those active at
    /// `now` unless `all`.
    pub(crate) fn sessions(
        &self,
        user_id: Option<i64>,
        all: bool,
        now: i64,
    ) -> Result<Vec<SessionRecord>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE (?1 IS NULL OR s.user_id = ?1)
               AND (?2 OR (s.revoked_at IS NULL AND s.expires_at > ?3))
             ORDER BY s.id DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![user_id, all, now], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Tx<'_> {
    /// Stores a new session. Returns its id (never reused).
    pub(crate) fn insert_session(&self, new: &NewSession<'_>) -> Result<i64> {
        self.tx.exec(
            "INSERT INTO sessions (token_hash, user_id, method, source, created_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                new.token_hash,
                new.user_id,
                new.method,
                new.source,
                new.created_at,
                new.expires_at
            ],
        )?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Revokes one session. Returns whether it was not revoked before.
    pub(crate) fn revoke_session(&self, id: i64, now: i64) -> Result<bool> {
        Ok(self.tx.exec(
            "UPDATE sessions SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
            params![id, now],
        )? == 1)
    }

    /// Revokes the user's sessions active at `now`. Returns how many.
    pub(crate) fn revoke_user_sessions(&self, user_id: i64, now: i64) -> Result<usize> {
        Ok(self.tx.exec(
            "UPDATE sessions SET revoked_at = ?2
             WHERE user_id = ?1 AND revoked_at IS NULL AND expires_at > ?2",
            params![user_id, now],
        )?)
    }
}
