//! Groups and their members.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension};

use super::Cached;
use super::{Read, Tx};
use crate::domain::group::Group;
use crate::domain::user::name_key;
use crate::error::Result;

impl Read<'_> {
    /// The id and stored name of the group named `name` (case-insensitive).
    pub(crate) fn find_group(&self, name: &str) -> Result<Option<(i64, String)>> {
        Ok(self
            .conn
            .row(
                "SELECT id, name FROM groups WHERE name_key = ?1",
                [name_key(name)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Whether a group named `name` exists (case-insensitive).
    pub(crate) fn group_exists(&self, name: &str) -> Result<bool> {
        Ok(self.conn.row(
            "SELECT EXISTS (SELECT 1 FROM groups WHERE name_key = ?1)",
            [name_key(name)],
            |r| r.get(0),
        )?)
    }

    /// Every group's name.
    pub(crate) fn group_names(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT name FROM groups")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many members a group has.
    pub(crate) fn member_count(&self, group_id: i64) -> Result<i64> {
        Ok(self.conn.row(
            "SELECT count(*) FROM memberships WHERE group_id = ?1",
            [group_id],
            |r| r.get(0),
        )?)
    }

    /// Every group's id by its name key.
    pub(crate) fn group_ids_by_key(&self) -> Result<HashMap<String, i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name_key, id FROM groups")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every group with its members, by name.
    pub(crate) fn groups(&self) -> Result<Vec<Group>> {
        // Memberships are keyed by user: read them all in one pass rather
        // than scanning them once per group.
        let mut members: HashMap<i64, Vec<String>> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.group_id, u.name FROM memberships m JOIN users u ON u.id = m.user_id
             ORDER BY u.name",
        )?;
        for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
            let (group, user) = row?;
            members.entry(group).or_default().push(user);
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name, is_admin FROM groups ORDER BY name")?;
        let groups = stmt.query_map([], |r| {
            Ok(Group {
                members: members.remove(&r.get(0)?).unwrap_or_default(),
                name: r.get(1)?,
                admin: r.get(2)?,
            })
        })?;
        Ok(groups.collect::<rusqlite::Result<_>>()?)
    }
}

impl Tx<'_> {
    /// Adds a group, created now.
    pub(crate) fn insert_group(&self, name: &str, admin: bool) -> Result<()> {
        self.tx.exec(
            "INSERT INTO groups (name, name_key, is_admin, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![name, name_key(name), admin, self.now()],
        )?;
        Ok(())
    }

    /// Removes a group and its memberships.
    pub(crate) fn delete_group(&self, id: i64) -> Result<()> {
        self.tx.exec("DELETE FROM groups WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Adds a user to a group. Returns false if they were a member already.
    pub(crate) fn add_membership(&self, group_id: i64, user_id: i64) -> Result<bool> {
        let added = self.tx.exec(
            "INSERT OR IGNORE INTO memberships (group_id, user_id) VALUES (?1, ?2)",
            params![group_id, user_id],
        )?;
        Ok(added == 1)
    }

    /// Removes a user from a group. Returns false if they were not a member.
    pub(crate) fn remove_membership(&self, group_id: i64, user_id: i64) -> Result<bool> {
        let removed = self.tx.exec(
            "DELETE FROM memberships WHERE group_id = ?1 AND user_id = ?2",
            params![group_id, user_id],
        )?;
        Ok(removed == 1)
    }

    /// Adds the users to each group (group id → user ids), one statement
    /// per group; memberships that exist are left alone. Returns how many
    /// were added.
    pub(crate) fn add_memberships(&self, members: BTreeMap<i64, Vec<i64>>) -> Result<u64> {
        rusqlite::vtab::array::load_module(&self.tx)?;
        let mut insert = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO memberships (user_id, group_id) SELECT value, ?1 FROM rarray(?2)",
        )?;
        let mut added = 0;
        for (gid, users) in members {
            let users: Vec<Value> = users.into_iter().map(Value::Integer).collect();
            added += insert.execute(params![gid, Rc::new(users)])? as u64;
        }
        Ok(added)
    }
}
