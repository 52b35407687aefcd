//! Login sessions: random 256-bit tokens, stored only as SHA-256 hashes,
//! with an expiry and the method that opened them.

use serde::Serialize;
use serde_json::json;

use crate::clock::format_time;
use crate::crypto::{sha256_hex, Secret};
use crate::domain::audit_action::AuditAction;
use crate::domain::auth::SessionRecord;
use crate::error::{Error, Hint, Result};
use crate::settings::Config;
use crate::store::{NewSession, Read, Store, Tx};
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
    settings: &Config,
    user_id: i64,
    method: &str,
    source: &str,
) -> Result<Opened> {
    let mut raw = zeroize::Zeroizing::new([0u8; 32]);
    tx.random().fill(raw.as_mut_slice());
    let token = Secret::new(format!("mfs_{}", hex::encode(raw.as_slice())));
    let now = tx.now();
    let token_hash = sha256_hex(token.expose().as_bytes());
    let id = tx.insert_session(&NewSession {
        token_hash: &token_hash,
        user_id,
        method,
        source,
        created_at: now,
        expires_at: now.saturating_add(settings.session_lifetime),
    })?;
    let session = load(tx.read(), id, now)?;
    tx.audit(
        AuditAction::SessionOpen,
        &session.user,
        json!({"session": id, "method": method, "source": source}),
    )?;
    Ok(Opened { session, token })
}

fn view(s: SessionRecord, now: i64) -> Session {
    Session {
        id: s.id,
        user: s.user,
        method: s.method,
        source: s.source,
        created_at: format_time(s.created_at),
        expires_at: format_time(s.expires_at),
        active: s.revoked_at.is_none() && s.expires_at > now,
    }
}

fn load(r: Read<'_>, id: i64, now: i64) -> Result<Session> {
    r.session(id)?.map(|s| view(s, now)).ok_or_else(|| {
        Error::NotFound(format!("no session with id {id}; see the list of sessions"))
            .with_hint(Hint::ListSessions)
    })
}

/// Sessions, newest first; only active ones unless `all`.
pub fn list(store: &Store, user: Option<&str>, all: bool) -> Result<Vec<Session>> {
    let user_id = user.map(|u| users::user_id(store.read(), u)).transpose()?;
    let now = store.now();
    Ok(store
        .read()
        .sessions(user_id, all, now)?
        .into_iter()
        .map(|s| view(s, now))
        .collect())
}

/// The active session a token belongs to, or [`Error::AuthFailed`].
pub fn check(store: &Store, token: &Secret) -> Result<Session> {
    let now = store.now();
    let hash = sha256_hex(token.expose().trim().as_bytes());
    match store.read().session_by_token(&hash)?.map(|s| view(s, now)) {
        Some(s) if s.active => Ok(s),
        _ => Err(Error::AuthFailed(
            "the session token is not valid (unknown, expired or revoked)".into(),
        )),
    }
}

/// Revokes one session by id. Returns whether it was active.
pub fn revoke(store: &mut Store, id: i64) -> Result<bool> {
    store.write(|tx| {
        let s = load(tx.read(), id, tx.now())?;
        let changed = tx.revoke_session(id, tx.now())?;
        tx.audit(AuditAction::SessionRevoke, &s.user, json!({"session": id}))?;
        Ok(changed && s.active)
    })
}

/// Revokes every session of a user. Returns how many were revoked.
pub fn revoke_user(store: &mut Store, user: &str) -> Result<usize> {
    store.write(|tx| {
        let u = users::load_user(tx.read(), user, tx.now())?;
        let n = tx.revoke_user_sessions(u.id, tx.now())?;
        tx.audit(AuditAction::SessionRevoke, &u.name, json!({"sessions": n}))?;
        Ok(n)
    })
}
