//! Groups, which may grant administrator rights, and their members.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;

use super::{load_user, name_key, policies_naming};
use crate::error::{Error, Result};
use crate::store::Store;

/// A group and its members.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The group's name.
    pub name: String,
    /// Whether members are administrators through it.
    pub admin: bool,
    /// Member user names, sorted.
    pub members: Vec<String>,
}

/// Checks a group or policy name: 1 to 128 letters, digits, `.`, `_` or
/// `-`, starting with a letter or digit (so it never reads as a flag).
pub(crate) fn validate_label(what: &str, name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.chars().count() <= 128
        && name.chars().next().is_some_and(char::is_alphanumeric)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || "._-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "the {what} name {name:?} must be 1 to 128 letters, digits, . _ or -, starting with a \
             letter or digit"
        )))
    }
}

pub(crate) fn group_id(conn: &Connection, name: &str) -> Result<(i64, String)> {
    conn.query_row(
        "SELECT id, name FROM groups WHERE name_key = ?1",
        [name_key(name)],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(|| {
        Error::NotFound(format!(
            "no group named `{name}`; `mfactl group list` shows the groups"
        ))
    })
}

/// Adds a group; `admin` makes its members administrators.
pub fn add_group(store: &mut Store, name: &str, admin: bool) -> Result<()> {
    validate_label("group", name)?;
    store.write(|tx| {
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM groups WHERE name_key = ?1)",
            [name_key(name)],
            |r| r.get(0),
        )?;
        if exists {
            return Err(Error::Exists(format!(
                "a group named `{name}` exists already"
            )));
        }
        tx.execute(
            "INSERT INTO groups (name, name_key, is_admin, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![name, name_key(name), admin, tx.now()],
        )?;
        tx.audit("group.add", name, json!({"admin": admin}))
    })
}

/// Removes a group (memberships go with it). Refused while a policy names it.
pub fn remove_group(store: &mut Store, name: &str) -> Result<()> {
    store.write(|tx| {
        let (id, name) = group_id(tx, name)?;
        let policies = policies_naming(tx, "policy_groups", "group_id", id)?;
        if !policies.is_empty() {
            return Err(Error::Refused(format!(
                "group `{name}` is named by the policy {}; change or remove that policy first, \
                 or it would apply to other users",
                policies.join(", ")
            )));
        }
        let members: i64 = tx.query_row(
            "SELECT count(*) FROM memberships WHERE group_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        tx.execute("DELETE FROM groups WHERE id = ?1", [id])?;
        tx.audit("group.remove", &name, json!({"members": members}))
    })
}

/// Adds a user to a group. Returns false if they were a member already.
pub fn add_member(store: &mut Store, group: &str, user: &str) -> Result<bool> {
    store.write(|tx| {
        let (gid, gname) = group_id(tx, group)?;
        let u = load_user(tx, user, tx.now())?;
        let added = tx.execute(
            "INSERT OR IGNORE INTO memberships (group_id, user_id) VALUES (?1, ?2)",
            params![gid, u.id],
        )? == 1;
        if added {
            tx.audit("group.add-member", &gname, json!({"user": u.name}))?;
        }
        Ok(added)
    })
}

/// Removes a user from a group. Returns false if they were not a member.
pub fn remove_member(store: &mut Store, group: &str, user: &str) -> Result<bool> {
    store.write(|tx| {
        let (gid, gname) = group_id(tx, group)?;
        let u = load_user(tx, user, tx.now())?;
        let removed = tx.execute(
            "DELETE FROM memberships WHERE group_id = ?1 AND user_id = ?2",
            params![gid, u.id],
        )? == 1;
        if removed {
            tx.audit("group.remove-member", &gname, json!({"user": u.name}))?;
        }
        Ok(removed)
    })
}

/// Every group with its members.
pub fn list_groups(store: &Store) -> Result<Vec<Group>> {
    let conn = store.conn();
    // Memberships are keyed by user: read them all in one pass rather
    // than scanning them once per group.
    let mut members: HashMap<i64, Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT m.group_id, u.name FROM memberships m JOIN users u ON u.id = m.user_id
         ORDER BY u.name",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (group, user) = row?;
        members.entry(group).or_default().push(user);
    }
    let mut stmt = conn.prepare("SELECT id, name, is_admin FROM groups ORDER BY name")?;
    let groups = stmt.query_map([], |r| {
        Ok(Group {
            members: members.remove(&r.get(0)?).unwrap_or_default(),
            name: r.get(1)?,
            admin: r.get(2)?,
        })
    })?;
    Ok(groups.collect::<rusqlite::Result<_>>()?)
}
