//! The store's overview and health warnings.

use std::os::unix::fs::PermissionsExt;

use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;
use crate::settings;
use crate::store::{Store, SCHEMA_VERSION};

/// Counts of what the store holds.
#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    /// Users.
    pub users: i64,
    /// Administrators, direct or through a group.
    pub administrators: i64,
    /// Users with emergency login enabled.
    pub emergency_login: i64,
    /// Users locked now.
    pub locked: i64,
    /// Groups.
    pub groups: i64,
    /// Conditional-access policies.
    pub policies: i64,
    /// Audit entries.
    pub audit_entries: i64,
    /// Notifications waiting for delivery.
    pub queued_mail: i64,
    /// Active sessions.
    pub active_sessions: i64,
}

/// The overview shown by `mfactl status`.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// The store file.
    pub store: String,
    /// The key file.
    pub key_file: String,
    /// The store's schema version.
    pub schema_version: i64,
    /// What the store holds.
    pub counts: Counts,
    /// Whether emergency login is enabled server-wide.
    pub emergency_login_enabled: bool,
    /// Problems an administrator should look at.
    pub warnings: Vec<String>,
}

fn count(conn: &Connection, sql: &str, now: i64) -> Result<i64> {
    let mut stmt = conn.prepare(sql)?;
    let n = if stmt.parameter_count() == 1 {
        stmt.query_row([now], |r| r.get(0))?
    } else {
        stmt.query_row([], |r| r.get(0))?
    };
    Ok(n)
}

fn names(conn: &Connection, sql: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Lists up to five names, then how many more.
fn some(names: &[String]) -> String {
    let shown = names.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > 5 {
        format!("{shown} and {} more", names.len() - 5)
    } else {
        shown
    }
}

const ADMIN: &str = "(u.is_admin = 1 OR EXISTS (SELECT 1 FROM memberships m JOIN groups g
                      ON g.id = m.group_id WHERE m.user_id = u.id AND g.is_admin = 1))";

/// Gathers counts and health warnings.
pub fn status(store: &Store) -> Result<Status> {
    let conn = store.conn();
    let now = store.now();
    let s = settings::load(store)?;
    let counts = Counts {
        users: count(conn, "SELECT count(*) FROM users", now)?,
        administrators: count(
            conn,
            &format!("SELECT count(*) FROM users u WHERE {ADMIN}"),
            now,
        )?,
        emergency_login: count(
            conn,
            "SELECT count(*) FROM users WHERE emergency_login = 1",
            now,
        )?,
        locked: count(
            conn,
            "SELECT count(*) FROM users WHERE locked_until > ?1",
            now,
        )?,
        groups: count(conn, "SELECT count(*) FROM groups", now)?,
        policies: count(conn, "SELECT count(*) FROM policies", now)?,
        audit_entries: count(conn, "SELECT count(*) FROM audit", now)?,
        queued_mail: count(conn, "SELECT count(*) FROM outbox", now)?,
        active_sessions: count(
            conn,
            "SELECT count(*) FROM sessions WHERE revoked_at IS NULL AND expires_at > ?1",
            now,
        )?,
    };
    let mut warnings = Vec::new();
    let emergency = s.bool("authentication.emergency_code.enabled");
    let smtp_missing = s.smtp_missing();
    if emergency && !smtp_missing.is_empty() {
        warnings.push(format!(
            "emergency login is enabled but SMTP is incomplete ({} not set): no code can be sent",
            smtp_missing.join(", ")
        ));
    }
    if let Err(e) = s.check() {
        warnings.push(e.to_string());
    }
    let no_email = names(
        conn,
        &format!("SELECT u.name FROM users u WHERE {ADMIN} AND u.email IS NULL ORDER BY u.name"),
    )?;
    if !no_email.is_empty() {
        warnings.push(format!(
            "administrators without an email address (they get no notifications): {}",
            some(&no_email)
        ));
    }
    let ineligible = names(
        conn,
        "SELECT name FROM users WHERE emergency_login = 1 AND (is_admin = 0 OR email IS NULL) ORDER BY name",
    )?;
    if !ineligible.is_empty() {
        warnings.push(format!(
            "users with emergency login enabled who are no longer eligible (need the direct administrator flag and an email): {}",
            some(&ineligible)
        ));
    }
    if !emergency && counts.emergency_login > 0 {
        warnings.push(format!(
            "{} user(s) have emergency login enabled, but authentication.emergency_code.enabled is off",
            counts.emergency_login
        ));
    }
    if emergency && counts.emergency_login == ineligible.len() as i64 {
        warnings.push("emergency login is enabled, but no administrator can use it (mfactl user set NAME --emergency-login on)".into());
    }
    let enabled = s.list("mfa.authenticators");
    let mut stmt = conn.prepare("SELECT mfa_type, count(*) FROM users WHERE mfa_type NOT IN ('default', 'none') GROUP BY mfa_type")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (method, n) = row?;
        if !enabled.contains(&method.as_str()) {
            warnings.push(format!(
                "{n} user(s) have MFA type `{method}`, which is not an enabled authenticator"
            ));
        }
    }
    let (queued, last_error) = store.read().mail_queue_state()?;
    if queued > 0 {
        let why = last_error.map_or(String::new(), |e| format!(" (last error: {e})"));
        warnings.push(format!(
            "{queued} notification(s) waiting in the mail queue{why}; deliver them with: mfactl mail flush"
        ));
    }
    if s.is_set("smtp.username") && !s.is_set("smtp.password") {
        warnings.push("smtp.username is set but smtp.password is not (mfactl settings set smtp.password --stdin)".into());
    }
    for path in [store.path(), store.key_path()] {
        match std::fs::metadata(path) {
            Ok(m) if m.permissions().mode() & 0o077 != 0 => warnings.push(format!(
                "{} is readable by other users (mode {:o}); run: chmod 600 {}",
                path.display(),
                m.permissions().mode() & 0o777,
                path.display()
            )),
            Ok(_) => {}
            Err(_) => warnings.push(format!(
                "the key file {} is missing: stored secrets cannot be used; restore it from your backup",
                path.display()
            )),
        }
    }
    Ok(Status {
        store: store.path().display().to_string(),
        key_file: store.key_path().display().to_string(),
        schema_version: SCHEMA_VERSION,
        counts,
        emergency_login_enabled: emergency,
        warnings,
    })
}
