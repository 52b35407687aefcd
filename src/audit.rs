//! The append-only, hash-chained audit log.
//!
//! Each entry's hash covers its own fields and the previous entry's hash, so
//! altering or deleting a row breaks the chain from that row on. The id and
//! hash of the newest entry are also kept in `meta`, so that deleting the
//! newest entries is noticed too.

use crate::error::{Error, Result};
use crate::store::Store;

use crate::domain::audit::GENESIS;
pub use crate::domain::audit::{AuditEntry, AuditFilter};

/// The entries matching `filter`, oldest first.
pub fn list(store: &Store, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
    store.read().audit_entries(filter)
}

/// Walks the whole chain. Returns the number of entries when it is intact,
/// or an [`Error::Integrity`] naming the first broken entry.
pub fn verify(store: &Store) -> Result<u64> {
    let (mut last_id, mut last_hash) = (0i64, GENESIS.to_string());
    let broken = |id: i64, why: &str| {
        Error::Integrity(format!(
            "the audit log is broken at entry {id}: {why}. Entries from there on cannot be trusted."
        ))
    };
    store.read().for_each_audit_record(|entry| {
        if entry.id != last_id + 1 {
            return Err(broken(last_id + 1, "it is missing (deleted)"));
        }
        if entry.prev_hash != last_hash {
            return Err(broken(
                entry.id,
                "it does not follow the previous entry (an entry before it was altered or deleted)",
            ));
        }
        if entry.expected_hash() != entry.hash {
            return Err(broken(entry.id, "its contents were altered"));
        }
        (last_id, last_hash) = (entry.id, entry.hash);
        Ok(())
    })?;
    let expected = store.read().audit_head()?;
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
}
