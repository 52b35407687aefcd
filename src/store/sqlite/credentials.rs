//! Credentials: each authenticator a user holds (an app, later a key),
//! with its own state and replay counter.

use rusqlite::{params, OptionalExtension, Row};

use super::Cached;
use super::{Read, Tx};
use crate::domain::auth::{Credential, CredentialState, Method};
use crate::error::Result;

const COLUMNS: &str =
    "id, user_id, method, label, state, sealed_secret, counter, created_at, last_used_at";

fn row(r: &Row<'_>) -> rusqlite::Result<Credential> {
    let method: String = r.get(2)?;
    let state: String = r.get(4)?;
    let bad = |what: &str, v: &str| {
        rusqlite::Error::FromSqlConversionFailure(
            2,
            rusqlite::types::Type::Text,
            format!("unknown credential {what} `{v}`").into(),
        )
    };
    Ok(Credential {
        id: r.get(0)?,
        user_id: r.get(1)?,
        method: Method::ALL
            .into_iter()
            .find(|m| m.as_str() == method)
            .ok_or_else(|| bad("method", &method))?,
        label: r.get(3)?,
        state: CredentialState::parse(&state).ok_or_else(|| bad("state", &state))?,
        sealed_secret: r.get(5)?,
        counter: r.get(6)?,
        created_at: r.get(7)?,
        last_used_at: r.get(8)?,
    })
}

/// A credential to add.
pub(crate) struct NewCredential<'a> {
    pub user_id: i64,
    pub method: Method,
    pub label: &'a str,
    pub sealed_secret: &'a [u8],
    pub now: i64,
}

impl Read<'_> {
    /// The user's credentials, oldest first.
    pub(crate) fn credentials(&self, user_id: i64) -> Result<Vec<Credential>> {
        let sql = format!("SELECT {COLUMNS} FROM credentials WHERE user_id = ?1 ORDER BY id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([user_id], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One credential of the user's, by id.
    pub(crate) fn credential(&self, user_id: i64, id: i64) -> Result<Option<Credential>> {
        let sql = format!("SELECT {COLUMNS} FROM credentials WHERE user_id = ?1 AND id = ?2");
        Ok(self.conn.row(&sql, params![user_id, id], row).optional()?)
    }
}

impl Tx<'_> {
    /// Adds a pending credential, or replaces the seed of the user's
    /// pending one with the same label. Never touches an active one:
    /// returns `None` when the label belongs to an active credential.
    pub(crate) fn enroll_credential(&self, new: &NewCredential<'_>) -> Result<Option<i64>> {
        let existing: Option<(i64, String)> = self
            .tx
            .row(
                "SELECT id, state FROM credentials WHERE user_id = ?1 AND label = ?2",
                params![new.user_id, new.label],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match existing {
            Some((_, state)) if state != CredentialState::Pending.as_str() => Ok(None),
            Some((id, _)) => {
                // A new id, so a confirmation checked against the old seed
                // cannot activate the new one.
                self.tx
                    .exec("DELETE FROM credentials WHERE id = ?1", [id])?;
                self.insert_credential(new).map(Some)
            }
            None => self.insert_credential(new).map(Some),
        }
    }

    fn insert_credential(&self, new: &NewCredential<'_>) -> Result<i64> {
        self.tx.exec(
            "INSERT INTO credentials (user_id, method, label, state, sealed_secret, created_at)
             VALUES (?1, ?2, ?3, 'pending', ?4, ?5)",
            params![
                new.user_id,
                new.method.as_str(),
                new.label,
                new.sealed_secret,
                new.now
            ],
        )?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Records `counter` as the credential's last accepted step and makes
    /// it active, if it is still in state `from` and `counter` is later
    /// than any accepted before. Of many simultaneous callers with the
    /// same counter exactly one gets `true`.
    pub(crate) fn advance_credential(
        &self,
        id: i64,
        from: CredentialState,
        counter: i64,
        now: i64,
    ) -> Result<bool> {
        Ok(self.tx.exec(
            "UPDATE credentials SET counter = ?2, state = 'active', last_used_at = ?3,
                    confirmed_at = coalesce(confirmed_at, ?3)
             WHERE id = ?1 AND state = ?4 AND (counter IS NULL OR counter < ?2)",
            params![id, counter, now, from.as_str()],
        )? == 1)
    }

    /// Removes one credential. Returns whether it existed.
    pub(crate) fn remove_credential(&self, user_id: i64, id: i64) -> Result<bool> {
        Ok(self.tx.exec(
            "DELETE FROM credentials WHERE user_id = ?1 AND id = ?2",
            params![user_id, id],
        )? == 1)
    }

    /// Removes every credential of the user. Returns how many there were.
    pub(crate) fn remove_credentials(&self, user_id: i64) -> Result<usize> {
        Ok(self
            .tx
            .exec("DELETE FROM credentials WHERE user_id = ?1", [user_id])?)
    }
}
