//! Events counted by rate limits (emergency code requests, emailed codes,
//! reset requests), by a key that may name a user who does not exist (so
//! a limit reveals nothing) or a source.

use rusqlite::params;

use super::Cached;
use super::{Read, Tx};
use crate::domain::auth::RateKind;
use crate::error::Result;

impl Read<'_> {
    /// How many `kind` events `key` had after `since`, and when the oldest
    /// of them was.
    pub(crate) fn recent_events(
        &self,
        kind: RateKind,
        key: &str,
        since: i64,
    ) -> Result<(i64, Option<i64>)> {
        Ok(self.conn.row(
            "SELECT count(*), min(at) FROM rate_events WHERE kind = ?1 AND key = ?2 AND at > ?3",
            params![kind.as_str(), key, since],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }
}

impl Read<'_> {
    /// When `key` last had a `kind` event.
    pub(crate) fn last_event(&self, kind: RateKind, key: &str) -> Result<Option<i64>> {
        Ok(self.conn.row(
            "SELECT max(at) FROM rate_events WHERE kind = ?1 AND key = ?2",
            params![kind.as_str(), key],
            |r| r.get(0),
        )?)
    }
}

impl Tx<'_> {
    /// Records a `kind` event for `key` at `at`.
    pub(crate) fn add_event(&self, kind: RateKind, key: &str, at: i64) -> Result<()> {
        self.tx.exec(
            "INSERT INTO rate_events (kind, key, at) VALUES (?1, ?2, ?3)",
            params![kind.as_str(), key, at],
        )?;
        Ok(())
    }

    /// Forgets the `kind` events at or before `before`.
    pub(crate) fn prune_events(&self, kind: RateKind, before: i64) -> Result<()> {
        self.tx.exec(
            "DELETE FROM rate_events WHERE kind = ?1 AND at <= ?2",
            params![kind.as_str(), before],
        )?;
        Ok(())
    }

    /// Forgets every event of `key`, of every kind, and of the keys that
    /// begin with `key|` (a name's failures from each source), so a
    /// rate-limited user may go on.
    pub(crate) fn clear_events(&self, key: &str) -> Result<()> {
        self.tx.exec(
            "DELETE FROM rate_events
             WHERE key = ?1 OR substr(key, 1, length(?1) + 1) = ?1 || '|'",
            [key],
        )?;
        Ok(())
    }

    /// Forgets the `kind` events of exactly `key`.
    pub(crate) fn clear_kind(&self, kind: RateKind, key: &str) -> Result<()> {
        self.tx.exec(
            "DELETE FROM rate_events WHERE kind = ?1 AND key = ?2",
            params![kind.as_str(), key],
        )?;
        Ok(())
    }
}
