//! Login sessions: random 256-bit tokens, stored only as SHA-256 hashes,
//! with an expiry and the method that opened them.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use serde_json::json;

use crate::clock::format_time;
use crate::crypto::{sha256_hex, Secret};
use crate::error::{Error, Result};
use crate::settings::Settings;
use crate::store::{Store, Tx};
use crate::users;

/// A session as listed (never its token).
#[derive(Debug, Clone, Serialize)]
pub struct Session {
    /// Session id, for `session revoke`.
    pub id: i64,
    /// The user.
    pub user: String,
    /// How it was opened, e.g. `emergency`, `password+totp`.
    pub method: String,
    /// Where from (an address, or `local`).
    pub source: String,
    /// When it was opened (RFC 3339).
    pub created_at: String,
    /// When it expires (RFC 3339).
    pub expires_at: String,
    /// Whether it can still be used.
    pub active: bool,
}

/// A newly opened session and its token, shown once.
#[derive(Debug)]
pub struct Opened {
    /// The session.
    pub session: Session,
    /// The bearer token; only its hash is stored.
    pub token: Secret,
}

/// Opens a session for `user_id` in `tx` (lifetime from `session.lifetime`).
pub fn open(
    tx: &mut Tx<'_>,
    settings: &Settings,
    user_id: i64,
    method: &str,
    source: &str,
) -> Result<Opened> {
    let mut raw = zeroize::Zeroizing::new([0u8; 32]);
    tx.random().fill(raw.as_mut_slice());
    let token = Secret::new(format!("mfs_{}", hex::encode(raw.as_slice())));
    let now = tx.now();
    let expires = now.saturating_add(settings.int("session.lifetime"));
    tx.execute(
        "INSERT INTO sessions (token_hash, user_id, method, source, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            sha256_hex(token.expose().as_bytes()),
            user_id,
            method,
            source,
            now,
            expires
        ],
    )?;
    let id = tx.last_insert_rowid();
    let session = load(tx, id, now)?;
    tx.audit(
        "session.open",
        &session.user,
        json!({"session": id, "method": method, "source": source}),
    )?;
    Ok(Opened { session, token })
}

const COLUMNS: &str = "s.id, u.name, s.method, s.source, s.created_at, s.expires_at, s.revoked_at";

fn row(r: &rusqlite::Row<'_>, now: i64) -> rusqlite::Result<Session> {
    let expires: i64 = r.get(5)?;
    let revoked: Option<i64> = r.get(6)?;
    Ok(Session {
        id: r.get(0)?,
        user: r.get(1)?,
        method: r.get(2)?,
        source: r.get(3)?,
        created_at: format_time(r.get(4)?),
        expires_at: format_time(expires),
        active: revoked.is_none() && expires > now,
    })
}

fn load(conn: &rusqlite::Connection, id: i64, now: i64) -> Result<Session> {
    let sql = format!(
        "SELECT {COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?1"
    );
    conn.query_row(&sql, [id], |r| row(r, now))
        .optional()?
        .ok_or_else(|| {
            Error::NotFound(format!(
                "no session with id {id}; `mfactl session list` shows them"
            ))
        })
}

/// Sessions, newest first; only active ones unless `all`.
pub fn list(store: &Store, user: Option<&str>, all: bool) -> Result<Vec<Session>> {
    let user_id = user.map(|u| users::user_id(store.read(), u)).transpose()?;
    let now = store.now();
    let sql = format!(
        "SELECT {COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE (?1 IS NULL OR s.user_id = ?1)
           AND (?2 OR (s.revoked_at IS NULL AND s.expires_at > ?3))
         ORDER BY s.id DESC"
    );
    let mut stmt = store.conn().prepare(&sql)?;
    let rows = stmt.query_map(params![user_id, all, now], |r| row(r, now))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The active session a token belongs to, or [`Error::AuthFailed`].
pub fn check(store: &Store, token: &Secret) -> Result<Session> {
    let now = store.now();
    let sql = format!(
        "SELECT {COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1"
    );
    let session = store
        .conn()
        .query_row(&sql, [sha256_hex(token.expose().trim().as_bytes())], |r| {
            row(r, now)
        })
        .optional()?;
    match session {
        Some(s) if s.active => Ok(s),
        _ => Err(Error::AuthFailed(
            "the session token is not valid (unknown, expired or revoked)".into(),
        )),
    }
}

/// Revokes one session by id. Returns whether it was active.
pub fn revoke(store: &mut Store, id: i64) -> Result<bool> {
    store.write(|tx| {
        let s = load(tx, id, tx.now())?;
        let changed = tx.execute(
            "UPDATE sessions SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
            params![id, tx.now()],
        )?;
        tx.audit("session.revoke", &s.user, json!({"session": id}))?;
        Ok(changed == 1 && s.active)
    })
}

/// Revokes every session of a user. Returns how many were revoked.
pub fn revoke_user(store: &mut Store, user: &str) -> Result<usize> {
    store.write(|tx| {
        let u = users::load_user(tx.read(), user, tx.now())?;
        let n = tx.execute(
            "UPDATE sessions SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL AND expires_at > ?2",
            params![u.id, tx.now()],
        )?;
        tx.audit("session.revoke", &u.name, json!({"sessions": n}))?;
        Ok(n)
    })
}
