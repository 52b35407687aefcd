//! Emergency code requests by name (known or not), for rate limiting that
//! does not reveal whether a user exists.

use rusqlite::params;

use super::Cached;
use super::{Read, Tx};
use crate::error::Result;

impl Read<'_> {
    /// How many requests were made for `name_key` after `since`, and when
    /// the oldest of them was.
    pub(crate) fn recent_emergency_requests(
        &self,
        name_key: &str,
        since: i64,
    ) -> Result<(i64, Option<i64>)> {
        Ok(self.conn.row(
            "SELECT count(*), min(requested_at) FROM emergency_requests
             WHERE name_key = ?1 AND requested_at > ?2",
            params![name_key, since],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }
}

impl Tx<'_> {
    /// Records a request for `name_key` at `at`.
    pub(crate) fn add_emergency_request(&self, name_key: &str, at: i64) -> Result<()> {
        self.tx.exec(
            "INSERT INTO emergency_requests (name_key, requested_at) VALUES (?1, ?2)",
            params![name_key, at],
        )?;
        Ok(())
    }

    /// Forgets the requests made at or before `before`.
    pub(crate) fn prune_emergency_requests(&self, before: i64) -> Result<()> {
        self.tx.exec(
            "DELETE FROM emergency_requests WHERE requested_at <= ?1",
            [before],
        )?;
        Ok(())
    }

    /// Forgets every request for `name_key`, so a rate-limited user may ask
    /// again.
    pub(crate) fn clear_emergency_requests(&self, name_key: &str) -> Result<()> {
        self.tx.exec(
            "DELETE FROM emergency_requests WHERE name_key = ?1",
            [name_key],
        )?;
        Ok(())
    }
}
