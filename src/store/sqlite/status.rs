//! The store's overview: how many of each thing it holds.

use rusqlite::Connection;

use super::users::IS_ADMIN;
use super::Cached;
use super::Read;
use crate::domain::status::Counts;
use crate::error::Result;

fn count(conn: &Connection, sql: &str) -> Result<i64> {
    Ok(conn.row(sql, [], |r| r.get(0))?)
}

impl Read<'_> {
    /// Counts of users, administrators, groups, policies, audit entries,
    /// queued mail and sessions active at `now`.
    pub(crate) fn counts(&self, now: i64) -> Result<Counts> {
        let conn = self.conn;
        Ok(Counts {
            users: count(conn, "SELECT count(*) FROM users")?,
            administrators: count(
                conn,
                &format!("SELECT count(*) FROM users u WHERE {IS_ADMIN}"),
            )?,
            emergency_login: count(conn, "SELECT count(*) FROM users WHERE emergency_login = 1")?,
            locked: conn
                .prepare_cached("SELECT count(*) FROM users WHERE locked_until > ?1")?
                .query_row([now], |r| r.get(0))?,
            groups: count(conn, "SELECT count(*) FROM groups")?,
            policies: count(conn, "SELECT count(*) FROM policies")?,
            audit_entries: count(conn, "SELECT count(*) FROM audit")?,
            queued_mail: count(conn, "SELECT count(*) FROM outbox")?,
            active_sessions: conn
                .prepare_cached(
                    "SELECT count(*) FROM sessions WHERE revoked_at IS NULL AND expires_at > ?1",
                )?
                .query_row([now], |r| r.get(0))?,
        })
    }
}
