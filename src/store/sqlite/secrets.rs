//! Sealed secrets across tables, for key rotation.

use std::path::Path;

use rusqlite::params;
use serde_json::json;

use super::Tx;
use crate::crypto::SealKey;
use crate::error::Result;
use crate::store::{KEY_CHECK_AAD, KEY_CHECK_TEXT};

/// A sealed value: its table, key (setting key or MFA method), user id,
/// associated data and ciphertext.
type Sealed = (&'static str, String, i64, String, Vec<u8>);

/// Every sealed value in the store.
fn sealed_values(conn: &rusqlite::Connection) -> Result<Vec<Sealed>> {
    let mut all = Vec::new();
    let mut stmt = conn.prepare("SELECT key, sealed FROM settings WHERE sealed IS NOT NULL")?;
    for row in stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
    })? {
        let (key, blob) = row?;
        all.push(("settings", key.clone(), 0, format!("setting:{key}"), blob));
    }
    let mut stmt = conn.prepare(
        "SELECT user_id, method, sealed_secret FROM mfa_enrolments WHERE sealed_secret IS NOT NULL",
    )?;
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Vec<u8>>(2)?,
        ))
    })? {
        let (user_id, method, blob) = row?;
        all.push((
            "mfa_enrolments",
            method.clone(),
            user_id,
            format!("mfa:{method}:user:{user_id}"),
            blob,
        ));
    }
    Ok(all)
}

impl Tx<'_> {
    /// Re-seals every secret from `old` to `new`, in this transaction.
    pub(crate) fn reseal_all(
        &mut self,
        old: &SealKey,
        new: &SealKey,
        key_path: &Path,
    ) -> Result<usize> {
        let tx = self;
        let values = sealed_values(tx)?;
        for (table, key, user_id, aad, blob) in &values {
            let plain = old.open(aad, blob)?;
            let sealed = new.seal(aad, &plain, tx.random())?;
            match *table {
            "settings" => tx.execute(
                "UPDATE settings SET sealed = ?2 WHERE key = ?1",
                params![key, sealed],
            )?,
            _ => tx.execute(
                "UPDATE mfa_enrolments SET sealed_secret = ?3 WHERE user_id = ?1 AND method = ?2",
                params![user_id, key, sealed],
            )?,
        };
        }
        let check = new.seal(KEY_CHECK_AAD, KEY_CHECK_TEXT, tx.random())?;
        tx.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'key_check'",
            [check],
        )?;
        tx.audit(
            "key.rotate",
            &key_path.display().to_string(),
            json!({"secrets": values.len()}),
        )?;
        Ok(values.len())
    }
}
