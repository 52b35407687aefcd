//! Sealed secrets across tables, for key rotation.

use std::path::Path;

use rusqlite::{params, OptionalExtension};
use serde_json::json;

use super::Cached;
use super::Tx;
use crate::crypto::SealKey;
use crate::domain::audit_action::AuditAction;
use crate::error::Result;
use crate::store::{AUDIT_KEY_AAD, KEY_CHECK_AAD, KEY_CHECK_TEXT, ROTATION_AAD};

/// Where a sealed value lives.
enum Place {
    Setting(String),
    Credential(i64),
    /// The audit chain's key.
    AuditKey,
}

/// A sealed value, its place and its associated data.
struct Sealed {
    place: Place,
    aad: String,
    blob: Vec<u8>,
}

impl Tx<'_> {
    /// Every sealed value in the store.
    fn sealed_values(&self) -> Result<Vec<Sealed>> {
        let mut all = Vec::new();
        let mut stmt = self
            .tx
            .prepare_cached("SELECT key, sealed FROM settings WHERE sealed IS NOT NULL")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
            let (key, blob) = row?;
            all.push(Sealed {
                aad: format!("setting:{key}"),
                place: Place::Setting(key),
                blob,
            });
        }
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, user_id, method, sealed_secret FROM credentials
             WHERE sealed_secret IS NOT NULL",
        )?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get(3)?,
            ))
        })? {
            let (id, user_id, method, blob) = row?;
            all.push(Sealed {
                place: Place::Credential(id),
                aad: format!("mfa:{method}:user:{user_id}"),
                blob,
            });
        }
        let audit_key: Option<Vec<u8>> = self
            .tx
            .row("SELECT value FROM meta WHERE key = 'audit_key'", [], |r| {
                r.get(0)
            })
            .optional()?;
        if let Some(blob) = audit_key {
            all.push(Sealed {
                place: Place::AuditKey,
                aad: AUDIT_KEY_AAD.into(),
                blob,
            });
        }
        Ok(all)
    }

    /// Re-seals every secret from `old` to `new`, in this transaction.
    pub(crate) fn reseal_all(
        &mut self,
        old: &SealKey,
        new: &SealKey,
        key_path: &Path,
    ) -> Result<usize> {
        let values = self.sealed_values()?;
        for v in &values {
            let plain = old.open(&v.aad, &v.blob)?;
            let sealed = new.seal(&v.aad, &plain, self.random())?;
            match &v.place {
                Place::Setting(key) => self.tx.exec(
                    "UPDATE settings SET sealed = ?2 WHERE key = ?1",
                    params![key, sealed],
                )?,
                Place::Credential(id) => self.tx.exec(
                    "UPDATE credentials SET sealed_secret = ?2 WHERE id = ?1",
                    params![id, sealed],
                )?,
                Place::AuditKey => self.tx.exec(
                    "UPDATE meta SET value = ?1 WHERE key = 'audit_key'",
                    [sealed],
                )?,
            };
        }
        let check = new.seal(KEY_CHECK_AAD, KEY_CHECK_TEXT, self.random())?;
        self.tx.exec(
            "UPDATE meta SET value = ?1 WHERE key = 'key_check'",
            [check],
        )?;
        // Signed by the old key: only its holder can make the store adopt
        // the new one if mfactl stops before the new key file is in place.
        let chosen = old.seal(ROTATION_AAD, &new.fingerprint(), self.random())?;
        self.tx.exec(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('key_rotation', ?1)",
            [chosen],
        )?;
        self.audit(
            AuditAction::KeyRotate,
            &key_path.display().to_string(),
            json!({"secrets": values.len()}),
        )?;
        Ok(values.len())
    }
}
