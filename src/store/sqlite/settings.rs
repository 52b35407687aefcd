//! Stored settings: plain values and sealed secrets by key.

use std::collections::BTreeMap;

use rusqlite::params;

use super::Cached;
use super::{Read, Tx};
use crate::domain::settings::SettingValue;
use crate::error::Result;

impl Read<'_> {
    /// Every stored setting by key (unset settings are absent).
    pub(crate) fn settings(&self) -> Result<BTreeMap<String, SettingValue>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key, value, sealed FROM settings")?;
        let rows = stmt.query_map([], |r| {
            let key: String = r.get(0)?;
            let value: Option<String> = r.get(1)?;
            let sealed: Option<Vec<u8>> = r.get(2)?;
            Ok((key, value, sealed))
        })?;
        let mut stored = BTreeMap::new();
        for row in rows {
            let (key, value, sealed) = row?;
            let v = match (value, sealed) {
                (_, Some(blob)) => SettingValue::Sealed(blob),
                (Some(v), None) => SettingValue::Plain(v),
                (None, None) => continue,
            };
            stored.insert(key, v);
        }
        Ok(stored)
    }
}

impl Tx<'_> {
    /// Stores a plain value for `key`, replacing any value or secret.
    pub(crate) fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.forget_config();
        self.tx.exec(
            "INSERT INTO settings (key, value, sealed, updated_at) VALUES (?1, ?2, NULL, ?3)
             ON CONFLICT (key) DO UPDATE SET value = ?2, sealed = NULL, updated_at = ?3",
            params![key, value, self.now()],
        )?;
        Ok(())
    }

    /// Stores a sealed secret for `key`, replacing any value or secret.
    pub(crate) fn set_sealed_setting(&self, key: &str, sealed: &[u8]) -> Result<()> {
        self.forget_config();
        self.tx.exec(
            "INSERT INTO settings (key, value, sealed, updated_at) VALUES (?1, NULL, ?2, ?3)
             ON CONFLICT (key) DO UPDATE SET value = NULL, sealed = ?2, updated_at = ?3",
            params![key, sealed, self.now()],
        )?;
        Ok(())
    }

    /// Removes the stored value of `key`: its default applies again.
    pub(crate) fn delete_setting(&self, key: &str) -> Result<()> {
        self.forget_config();
        self.tx.exec("DELETE FROM settings WHERE key = ?1", [key])?;
        Ok(())
    }
}
