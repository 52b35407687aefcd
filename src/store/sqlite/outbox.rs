//! The outbox: notifications queued with the event they report, claimed
//! and delivered after commit.

use rusqlite::params;

use super::Cached;
use super::{Read, Tx};
use crate::clock::format_time;
use crate::domain::mail::{Email, Pending};
use crate::error::Result;

impl Read<'_> {
    /// Messages waiting for delivery, oldest first.
    pub(crate) fn pending_mail(&self) -> Result<Vec<Pending>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, created_at, recipient, subject, attempts, last_error FROM outbox ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Pending {
                id: r.get(0)?,
                queued_at: format_time(r.get(1)?),
                to: r.get(2)?,
                subject: r.get(3)?,
                attempts: r.get(4)?,
                last_error: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many messages are queued.
    pub(crate) fn queued_mail_count(&self) -> Result<usize> {
        Ok(self
            .conn
            .row("SELECT count(*) FROM outbox", [], |r| r.get(0))?)
    }

    /// How many messages are queued, and the newest delivery error.
    pub(crate) fn mail_queue_state(&self) -> Result<(i64, Option<String>)> {
        Ok(self.conn.row(
            "SELECT count(*), (SELECT last_error FROM outbox WHERE last_error IS NOT NULL ORDER BY id DESC LIMIT 1) FROM outbox",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }
}

impl Tx<'_> {
    /// Queues a message, to be delivered after commit.
    pub(crate) fn queue_mail(&self, to: &str, subject: &str, body: &str) -> Result<()> {
        self.tx.exec(
            "INSERT INTO outbox (created_at, recipient, subject, body) VALUES (?1, ?2, ?3, ?4)",
            params![self.now(), to, subject, body],
        )?;
        Ok(())
    }

    /// Claims for `secs` seconds every message no other flush holds, and
    /// returns them by id.
    pub(crate) fn claim_mail(&self, secs: i64) -> Result<Vec<(i64, Email)>> {
        let mut stmt = self.tx.prepare_cached(
            "UPDATE outbox SET claimed_until = ?1 + ?2 WHERE claimed_until <= ?1
             RETURNING id, recipient, subject, body",
        )?;
        let rows = stmt.query_map(params![self.now(), secs], |r| {
            Ok((
                r.get(0)?,
                Email {
                    to: r.get(1)?,
                    subject: r.get(2)?,
                    body: r.get(3)?,
                },
            ))
        })?;
        let mut claimed: Vec<(i64, Email)> = rows.collect::<rusqlite::Result<_>>()?;
        claimed.sort_by_key(|(id, _)| *id);
        Ok(claimed)
    }

    /// Removes a delivered message.
    pub(crate) fn delete_mail(&self, id: i64) -> Result<()> {
        self.tx.exec("DELETE FROM outbox WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Records a failed delivery attempt on a message and releases its claim.
    pub(crate) fn mail_failed(&self, id: i64, error: &str) -> Result<()> {
        self.tx.exec(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, last_attempt = ?3,
                               claimed_until = 0 WHERE id = ?1",
            params![id, error, self.now()],
        )?;
        Ok(())
    }
}
