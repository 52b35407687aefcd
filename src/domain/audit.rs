//! Audit entries and the hash that chains them.

use serde::Serialize;
use serde_json::Value;

use crate::crypto::sha256_hex;

/// The previous hash of the first entry.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

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

/// Which entries [`crate::audit::list`] returns.
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

/// An entry as stored: the details are the JSON text the hash covers.
#[derive(Debug, Clone)]
pub(crate) struct AuditRecord {
    pub(crate) id: i64,
    pub(crate) ts: i64,
    pub(crate) actor: String,
    pub(crate) action: String,
    pub(crate) target: String,
    pub(crate) details: String,
    pub(crate) prev_hash: String,
    pub(crate) hash: String,
    /// The HMAC of `hash` under the audit key (entries written before the
    /// chain was keyed have none).
    pub(crate) mac: Option<Vec<u8>>,
}

impl AuditRecord {
    /// The hash this entry should have, from its fields and `prev_hash`.
    pub(crate) fn expected_hash(&self) -> String {
        entry_hash(
            self.id,
            self.ts,
            &self.actor,
            &self.action,
            &self.target,
            &self.details,
            &self.prev_hash,
        )
    }
}

impl From<AuditRecord> for AuditEntry {
    fn from(r: AuditRecord) -> AuditEntry {
        AuditEntry {
            id: r.id,
            time: r.ts,
            actor: r.actor,
            action: r.action,
            target: r.target,
            details: serde_json::from_str(&r.details).unwrap_or(Value::String(r.details)),
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

/// The hash of an entry: its fields and the previous entry's hash.
pub(crate) fn entry_hash(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_covers_every_field() {
        let base = entry_hash(1, 2, "a", "b", "c", "{}", GENESIS);
        assert_ne!(base, entry_hash(1, 2, "a", "b", "c", "{ }", GENESIS));
        assert_ne!(base, entry_hash(1, 3, "a", "b", "c", "{}", GENESIS));
        assert_ne!(base, entry_hash(1, 2, "a", "bc", "", "{}", GENESIS));
    }
}
