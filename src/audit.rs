//! The append-only, hash-chained, keyed audit log.
//!
//! Each entry's hash covers its own fields and the previous entry's hash, so
//! altering or deleting a row breaks the chain from that row on. The id and
//! hash of the newest entry are also kept in `meta`, so that deleting the
//! newest entries is noticed too. Since schema 7 each entry also carries an
//! HMAC of its hash, and the recorded head one of its own, under a key
//! derived from the key file: someone who can write the store but has not
//! the key file cannot rewrite or truncate the chain consistently.

use crate::error::{Error, Result};
use crate::store::Store;

use crate::domain::audit::GENESIS;
pub use crate::domain::audit::{AuditEntry, AuditFilter};

/// The entries matching `filter`, oldest first.
pub fn list(store: &Store, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
    store.read().audit_entries(filter)
}

/// Walks the whole chain, checking hashes and MACs (with the key file).
/// Returns the number of entries when it is intact, or an
/// [`Error::Integrity`] naming the first broken entry, or saying that the
/// triggers that keep the log append-only are gone.
pub fn verify(store: &mut Store) -> Result<u64> {
    let triggers = store.read().audit_triggers_present()?;
    let entries = walk(store).map_err(|e| match (e, triggers) {
        // Tampering needed the triggers gone: say both.
        (Error::Integrity(m), false) => Error::Integrity(format!("{m} Also: {TRIGGERS_MISSING}")),
        (e, _) => e,
    })?;
    if !triggers {
        return Err(Error::Integrity(TRIGGERS_MISSING.into()));
    }
    Ok(entries)
}

/// The chain's checks, without the triggers'.
fn walk(store: &mut Store) -> Result<u64> {
    let key = store.audit_key()?;
    let keyed_from = store.read().audit_keyed_from()?;
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
        if entry.id >= keyed_from {
            let vouched = entry.mac.as_deref().is_some_and(|tag| {
                crate::crypto::mac_matches(key.as_slice(), entry.hash.as_bytes(), tag)
            });
            if !vouched {
                return Err(broken(
                    entry.id,
                    "its MAC does not match: it was written or rewritten without the key file",
                ));
            }
        }
        (last_id, last_hash) = (entry.id, entry.hash);
        Ok(())
    })?;
    let expected = store.read().audit_head()?;
    let actual = (last_id > 0).then(|| format!("{last_id}:{last_hash}"));
    if expected != actual {
        return Err(broken(last_id + 1, "the newest entries were deleted"));
    }
    if !store
        .read()
        .audit_head_vouched(key.as_slice(), keyed_from)?
    {
        return Err(broken(
            last_id + 1,
            "the recorded head is not the one mfactl wrote (entries after it were deleted, \
             or the head was changed without the key file)",
        ));
    }
    Ok(last_id as u64)
}

/// Said when the triggers that refuse changes to the log are gone.
pub const TRIGGERS_MISSING: &str = "the triggers that keep the audit log append-only \
    (audit_no_update, audit_no_delete) are missing: someone changed the store's schema, and \
    entries may have been altered; restore the store from a backup";

/// Whether the triggers that keep the log append-only are in place.
pub fn triggers_present(store: &Store) -> Result<bool> {
    store.read().audit_triggers_present()
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
