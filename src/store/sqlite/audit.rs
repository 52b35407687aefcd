//! The audit log: appending to the chain, listing and walking it.

use rusqlite::{params, OptionalExtension};
use serde_json::Value;

use super::Cached;
use super::{head_message, Read, Tx};
use crate::domain::audit::{entry_hash, AuditEntry, AuditFilter, AuditRecord, GENESIS};
use crate::domain::audit_action::AuditAction;
use crate::error::{Error, Result};

/// The head of a chain without entries.
pub(crate) fn empty_head() -> String {
    format!("0:{GENESIS}")
}

fn row_to_record(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRecord> {
    Ok(AuditRecord {
        id: r.get(0)?,
        ts: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        target: r.get(4)?,
        details: r.get(5)?,
        prev_hash: r.get(6)?,
        hash: r.get(7)?,
        mac: r.get(8)?,
    })
}

impl Read<'_> {
    /// The id and hash of the newest entry.
    pub(crate) fn last_audit_entry(&self) -> Result<Option<(i64, String)>> {
        Ok(self
            .conn
            .row(
                "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// The head of the chain as recorded in `meta` (`id:hash`).
    pub(crate) fn audit_head(&self) -> Result<Option<String>> {
        let head: Option<Vec<u8>> = self
            .conn
            .row("SELECT value FROM meta WHERE key = 'audit_head'", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(head.map(|h| String::from_utf8_lossy(&h).into_owned()))
    }

    /// The first entry that carries a MAC (0 when the chain was keyed
    /// before any entry: every entry does).
    pub(crate) fn audit_keyed_from(&self) -> Result<i64> {
        let from: Option<Vec<u8>> = self
            .conn
            .row(
                "SELECT value FROM meta WHERE key = 'audit_keyed_from'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        from.and_then(|v| String::from_utf8(v).ok()?.parse().ok())
            .ok_or_else(|| {
                Error::Integrity(
                    "the audit log's keyed-from mark is missing or damaged (meta.audit_keyed_from)"
                        .into(),
                )
            })
    }

    /// Whether the recorded head (the empty chain's when none) carries
    /// mfactl's MAC over it and `keyed_from`.
    pub(crate) fn audit_head_vouched(&self, key: &[u8], keyed_from: i64) -> Result<bool> {
        let head = self.audit_head()?.unwrap_or_else(empty_head);
        let message = head_message(&head, keyed_from);
        Ok(self
            .audit_head_mac()?
            .is_some_and(|tag| crate::crypto::mac_matches(key, message.as_bytes(), &tag)))
    }

    /// The MAC vouching for the recorded head, if any.
    pub(crate) fn audit_head_mac(&self) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .row(
                "SELECT value FROM meta WHERE key = 'audit_head_mac'",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Whether both triggers that refuse UPDATE and DELETE on the log exist.
    pub(crate) fn audit_triggers_present(&self) -> Result<bool> {
        // By what they do, not only their names: a trigger of that name
        // that refuses nothing (or only WHEN something) does not count.
        let n: i64 = self.conn.row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'
             AND sql LIKE '%RAISE(ABORT%' AND sql NOT LIKE '%WHEN%'
             AND ((name = 'audit_no_update' AND sql LIKE '%BEFORE UPDATE ON audit%')
               OR (name = 'audit_no_delete' AND sql LIKE '%BEFORE DELETE ON audit%'))",
            [],
            |r| r.get(0),
        )?;
        Ok(n == 2)
    }

    /// The entries matching `filter`, oldest first.
    pub(crate) fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let limit = filter
            .limit
            .map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let mut stmt = self.conn.prepare_cached(
            "SELECT * FROM (
                 SELECT id, ts, actor, action, target, details, prev_hash, hash, mac FROM audit
                 WHERE (?1 IS NULL OR actor = ?1 COLLATE NOCASE OR target = ?1 COLLATE NOCASE)
                   AND (?2 IS NULL OR action = ?2 OR substr(action, 1, length(?2) + 1) = ?2 || '.')
                   AND (?3 IS NULL OR ts >= ?3)
                 ORDER BY id DESC LIMIT ?4)
             ORDER BY id",
        )?;
        let rows = stmt.query_map(
            params![filter.user, filter.action, filter.since, limit],
            row_to_record,
        )?;
        let mut entries = Vec::new();
        for row in rows {
            entries.push(AuditEntry::from(row?));
        }
        Ok(entries)
    }

    /// Calls `f` with every entry as stored, in chain order, without holding
    /// them all in memory; stops at the first error `f` returns.
    pub(crate) fn for_each_audit_record(
        &self,
        mut f: impl FnMut(AuditRecord) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, ts, actor, action, target, details, prev_hash, hash, mac FROM audit ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f(row_to_record(r)?)?;
        }
        Ok(())
    }
}

impl Tx<'_> {
    /// Appends an entry in this transaction, so it commits or rolls back
    /// with the change it records.
    pub fn audit(&mut self, action: AuditAction, target: &str, mut details: Value) -> Result<()> {
        let action = action.as_str();
        if let (Some(service), Value::Object(map)) = (&self.ctx.service, &mut details) {
            map.insert("service".into(), service.clone().into());
        }
        let (prev_id, prev_hash) = self
            .read()
            .last_audit_entry()?
            .unwrap_or((0, GENESIS.to_string()));
        // If the newest entries were deleted outside mfactl, number past the
        // recorded head so the gap stays visible to `audit verify`.
        let head_id = self
            .read()
            .audit_head()?
            .and_then(|h| h.split(':').next()?.parse::<i64>().ok())
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
        let hash = entry_hash(id, ts, &actor, action, &target, &details, &prev_hash);
        let key = self.ctx.audit_key(&self.tx)?;
        let mac = Some(crate::crypto::mac(key.as_slice(), hash.as_bytes()));
        let keyed_from = self.read().audit_keyed_from()?;
        // Vouch for the new head only if mfactl vouched for the one it
        // follows and that head is the last entry: otherwise appending would
        // launder a cut or a rewrite. The entry is still written (logins
        // and break-glass go on), and `audit verify` keeps failing.
        let vouched = self.read().audit_head_vouched(key.as_slice(), keyed_from)?
            && self.read().audit_head()?.unwrap_or_else(empty_head)
                == format!("{prev_id}:{prev_hash}");
        self.append_audit(
            &AuditRecord {
                id,
                ts,
                actor,
                action: action.to_string(),
                target,
                details,
                prev_hash,
                hash,
                mac,
            },
            vouched.then_some(key.as_slice()),
            keyed_from,
        )
    }

    /// Writes an entry and records it, with its MAC, as the head of the
    /// chain.
    fn append_audit(&self, e: &AuditRecord, key: Option<&[u8]>, keyed_from: i64) -> Result<()> {
        self.tx.exec(
            "INSERT INTO audit (id, ts, actor, action, target, details, prev_hash, hash, mac)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                e.id,
                e.ts,
                e.actor,
                e.action,
                e.target,
                e.details,
                e.prev_hash,
                e.hash,
                e.mac
            ],
        )?;
        let head = format!("{}:{}", e.id, e.hash);
        self.tx.exec(
            "INSERT INTO meta (key, value) VALUES ('audit_head', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [head.as_bytes()],
        )?;
        if let Some(key) = key {
            let tag = crate::crypto::mac(key, head_message(&head, keyed_from).as_bytes());
            self.tx.exec(
                "INSERT INTO meta (key, value) VALUES ('audit_head_mac', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [tag],
            )?;
        }
        Ok(())
    }
}
