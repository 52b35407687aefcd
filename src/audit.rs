//! The append-only, hash-chained audit log.
//!
//! Each entry's hash covers its own fields and the previous entry's hash, so
//! altering or deleting a row breaks the chain from that row on. The id and
//! hash of the newest entry are also kept in `meta`, so that deleting the
//! newest entries is noticed too.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use serde_json::Value;

use crate::crypto::sha256_hex;
use crate::error::{Error, Result};
use crate::store::{Store, Tx};

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit entry.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AuditEntry {
    /// Position in the chain, from 1.
    pub id: i64,
    /// When, in Unix seconds.
    pub time: i64,
    /// Who acted: the OS user for administrative commands.
    pub actor: String,
    /// What was done, e.g. `user.add`.
    pub action: String,
    /// What it was done to, e.g. a user name or setting key.
    pub target: String,
    /// Further details; never a secret.
    pub details: Value,
    /// The previous entry's hash.
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
}

fn entry_hash(
    id: i64,
    ts: i64,
    actor: &str,
    action: &str,
    target: &str,
    details: &str,
    prev: &str,
) -> String {
    // A JSON array is an unambiguous encoding of the fields.
    let encoded = serde_json::json!([id, ts, actor, action, target, details, prev]).to_string();
    sha256_hex(encoded.as_bytes())
}

impl Tx<'_> {
    /// Appends an entry in this transaction, so it commits or rolls back
    /// with the change it records.
    pub fn audit(&mut self, action: &str, target: &str, details: Value) -> Result<()> {
        let (prev_id, prev_hash): (i64, String) = self
            .query_row(
                "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .unwrap_or((0, GENESIS.to_string()));
        // If the newest entries were deleted outside mfactl, number past the
        // recorded head so the gap stays visible to `audit verify`.
        let head: Option<Vec<u8>> = self
            .query_row("SELECT value FROM meta WHERE key = 'audit_head'", [], |r| {
                r.get(0)
            })
            .optional()?;
        let head_id = head
            .and_then(|h| {
                String::from_utf8_lossy(&h)
                    .split(':')
                    .next()?
                    .parse::<i64>()
                    .ok()
            })
            .unwrap_or(0);
        let id = prev_id.max(head_id) + 1;
        let ts = self.now();
        let actor = self.actor().to_string();
        let details = details.to_string();
        // Names typed at a login prompt can be anything: keep entries bounded.
        let target: String = match target.char_indices().nth(256) {
            Some((cut, _)) => format!("{}…", &target[..cut]),
            None => target.to_string(),
        };
        let target = target.as_str();
        let hash = entry_hash(id, ts, &actor, action, target, &details, &prev_hash);
        self.execute(
            "INSERT INTO audit (id, ts, actor, action, target, details, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![id, ts, actor, action, target, details, prev_hash, hash],
        )?;
        self.execute(
            "INSERT INTO meta (key, value) VALUES ('audit_head', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [format!("{id}:{hash}").into_bytes()],
        )?;
        Ok(())
    }
}

/// Which entries [`list`] returns.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    /// Entries whose actor or target is this user.
    pub user: Option<String>,
    /// Entries with this action, or an action under it (`user` matches `user.add`).
    pub action: Option<String>,
    /// Entries at or after this time (Unix seconds).
    pub since: Option<i64>,
    /// At most this many entries, the newest ones.
    pub limit: Option<usize>,
}

fn row_to_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    let details: String = r.get(5)?;
    Ok(AuditEntry {
        id: r.get(0)?,
        time: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        target: r.get(4)?,
        details: serde_json::from_str(&details).unwrap_or(Value::String(details)),
        prev_hash: r.get(6)?,
        hash: r.get(7)?,
    })
}

/// The entries matching `filter`, oldest first.
pub fn list(store: &Store, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
    let limit = filter
        .limit
        .map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
    let mut stmt = store.conn().prepare(
        "SELECT * FROM (
             SELECT id, ts, actor, action, target, details, prev_hash, hash FROM audit
             WHERE (?1 IS NULL OR actor = ?1 COLLATE NOCASE OR target = ?1 COLLATE NOCASE)
               AND (?2 IS NULL OR action = ?2 OR substr(action, 1, length(?2) + 1) = ?2 || '.')
               AND (?3 IS NULL OR ts >= ?3)
             ORDER BY id DESC LIMIT ?4)
         ORDER BY id",
    )?;
    let rows = stmt.query_map(
        params![filter.user, filter.action, filter.since, limit],
        row_to_entry,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Walks the whole chain. Returns the number of entries when it is intact,
/// or an [`Error::Integrity`] naming the first broken entry.
pub fn verify(store: &Store) -> Result<u64> {
    let mut stmt = store.conn().prepare(
        "SELECT id, ts, actor, action, target, details, prev_hash, hash FROM audit ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let (mut last_id, mut last_hash) = (0i64, GENESIS.to_string());
    let broken = |id: i64, why: &str| {
        Error::Integrity(format!(
            "the audit log is broken at entry {id}: {why}. Entries from there on cannot be trusted."
        ))
    };
    while let Some(r) = rows.next()? {
        let (id, ts): (i64, i64) = (r.get(0)?, r.get(1)?);
        let (actor, action, target, details): (String, String, String, String) =
            (r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
        let (prev, hash): (String, String) = (r.get(6)?, r.get(7)?);
        if id != last_id + 1 {
            return Err(broken(last_id + 1, "it is missing (deleted)"));
        }
        if prev != last_hash {
            return Err(broken(
                id,
                "it does not follow the previous entry (an entry before it was altered or deleted)",
            ));
        }
        if entry_hash(id, ts, &actor, &action, &target, &details, &prev) != hash {
            return Err(broken(id, "its contents were altered"));
        }
        (last_id, last_hash) = (id, hash);
    }
    let head: Option<Vec<u8>> = store
        .conn()
        .query_row("SELECT value FROM meta WHERE key = 'audit_head'", [], |r| {
            r.get(0)
        })
        .optional()?;
    let expected = head.map(|h| String::from_utf8_lossy(&h).into_owned());
    let actual = (last_id > 0).then(|| format!("{last_id}:{last_hash}"));
    if expected != actual {
        return Err(broken(last_id + 1, "the newest entries were deleted"));
    }
    Ok(last_id as u64)
}

/// Parses `--since`: a duration ago (`24h`, `7d`), a date (`2026-11-01`,
/// midnight UTC) or an RFC 3339 time. Returns Unix seconds.
pub fn parse_since(s: &str, now: i64) -> Result<i64> {
    let s = s.trim();
    if let Ok(d) = humantime::parse_duration(s) {
        return Ok(now.saturating_sub(i64::try_from(d.as_secs()).unwrap_or(i64::MAX)));
    }
    let full = if s.len() == 10 {
        format!("{s}T00:00:00Z")
    } else {
        s.to_string()
    };
    humantime::parse_rfc3339_weak(&full)
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs() as i64)
        .ok_or_else(|| {
            Error::Invalid(format!(
                "`{s}` is neither a duration (24h, 7d) nor a date (2026-11-01 or 2026-11-01T08:00:00Z)"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since() {
        assert_eq!(parse_since("1h", 10_000).unwrap(), 6_400);
        assert_eq!(parse_since("1970-01-02", 0).unwrap(), 86_400);
        assert_eq!(parse_since("1970-01-01T00:01:00Z", 0).unwrap(), 60);
        assert!(parse_since("yesterday", 0).is_err());
        assert!(parse_since("", 0).is_err());
    }

    #[test]
    fn hash_covers_every_field() {
        let base = entry_hash(1, 2, "a", "b", "c", "{}", GENESIS);
        assert_ne!(base, entry_hash(1, 2, "a", "b", "c", "{ }", GENESIS));
        assert_ne!(base, entry_hash(1, 3, "a", "b", "c", "{}", GENESIS));
        assert_ne!(base, entry_hash(1, 2, "a", "bc", "", "{}", GENESIS));
    }
}
