//! Conditional-access policies, in evaluation order, and what they name.

use rusqlite::{params, Connection, OptionalExtension};

use super::Cached;
use super::{Read, Tx};
use crate::domain::policy::{Action, Policy, Target};
use crate::domain::user::name_key;
use crate::error::Result;

fn strings(conn: &Connection, sql: &str, id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Read<'_> {
    /// Every policy, in evaluation order.
    pub(crate) fn policies(&self) -> Result<Vec<Policy>> {
        let conn = self.conn;
        let mut stmt = conn.prepare_cached(
            "SELECT id, name, position, target, action, admins FROM policies ORDER BY position",
        )?;
        let heads = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        heads
            .into_iter()
            .map(|(id, name, position, target, action, admins)| {
                Ok(Policy {
                    name,
                    position,
                    target: Target::parse(&target),
                    action: Action::parse(&action),
                    admins,
                    users: strings(conn, "SELECT u.name FROM policy_users p JOIN users u ON u.id = p.user_id WHERE p.policy_id = ?1 ORDER BY u.name", id)?,
                    groups: strings(conn, "SELECT g.name FROM policy_groups p JOIN groups g ON g.id = p.group_id WHERE p.policy_id = ?1 ORDER BY g.name", id)?,
                    networks: strings(conn, "SELECT cidr FROM policy_networks WHERE policy_id = ?1 ORDER BY cidr", id)?,
                })
            })
            .collect()
    }

    /// The id, stored name and position of the policy named `name`
    /// (case-insensitive).
    pub(crate) fn find_policy(&self, name: &str) -> Result<Option<(i64, String, i64)>> {
        Ok(self
            .conn
            .row(
                "SELECT id, name, position FROM policies WHERE name_key = ?1",
                [name_key(name)],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    }

    /// Whether a policy named `name` exists (case-insensitive).
    pub(crate) fn policy_exists(&self, name: &str) -> Result<bool> {
        Ok(self.conn.row(
            "SELECT EXISTS (SELECT 1 FROM policies WHERE name_key = ?1)",
            [name_key(name)],
            |r| r.get(0),
        )?)
    }

    /// How many policies there are.
    pub(crate) fn policy_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .row("SELECT count(*) FROM policies", [], |r| r.get(0))?)
    }

    /// The position after the last policy.
    pub(crate) fn next_policy_position(&self) -> Result<i64> {
        Ok(self.conn.row(
            "SELECT coalesce(max(position), 0) + 1 FROM policies",
            [],
            |r| r.get(0),
        )?)
    }

    /// Names of the policies that name the user, in evaluation order.
    pub(crate) fn policies_naming_user(&self, user_id: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.name FROM policy_users x JOIN policies p ON p.id = x.policy_id
             WHERE x.user_id = ?1 ORDER BY p.position",
        )?;
        let names = stmt.query_map([user_id], |r| r.get(0))?;
        Ok(names.collect::<rusqlite::Result<_>>()?)
    }

    /// Names of the policies that name the group, in evaluation order.
    pub(crate) fn policies_naming_group(&self, group_id: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.name FROM policy_groups x JOIN policies p ON p.id = x.policy_id
             WHERE x.group_id = ?1 ORDER BY p.position",
        )?;
        let names = stmt.query_map([group_id], |r| r.get(0))?;
        Ok(names.collect::<rusqlite::Result<_>>()?)
    }
}

impl Tx<'_> {
    /// Adds a policy, created now, without conditions; returns its id.
    pub(crate) fn insert_policy(
        &self,
        name: &str,
        target: Target,
        action: Action,
        admins: bool,
        position: i64,
    ) -> Result<i64> {
        self.tx.exec(
            "INSERT INTO policies (name, name_key, position, target, action, admins, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                name,
                name_key(name),
                position,
                target.as_str(),
                action.as_str(),
                admins,
                self.now()
            ],
        )?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Makes a policy apply to a user.
    pub(crate) fn add_policy_user(&self, policy_id: i64, user_id: i64) -> Result<()> {
        self.tx.exec(
            "INSERT OR IGNORE INTO policy_users (policy_id, user_id) VALUES (?1, ?2)",
            params![policy_id, user_id],
        )?;
        Ok(())
    }

    /// Makes a policy apply to the members of a group.
    pub(crate) fn add_policy_group(&self, policy_id: i64, group_id: i64) -> Result<()> {
        self.tx.exec(
            "INSERT OR IGNORE INTO policy_groups (policy_id, group_id) VALUES (?1, ?2)",
            params![policy_id, group_id],
        )?;
        Ok(())
    }

    /// Makes a policy apply to a source network (CIDR).
    pub(crate) fn add_policy_network(&self, policy_id: i64, cidr: &str) -> Result<()> {
        self.tx.exec(
            "INSERT OR IGNORE INTO policy_networks (policy_id, cidr) VALUES (?1, ?2)",
            params![policy_id, cidr],
        )?;
        Ok(())
    }

    /// Removes the policy at `position`; the ones after it move up.
    pub(crate) fn delete_policy(&self, id: i64, position: i64) -> Result<()> {
        self.tx.exec("DELETE FROM policies WHERE id = ?1", [id])?;
        self.tx.exec(
            "UPDATE policies SET position = position - 1 WHERE position > ?1",
            [position],
        )?;
        Ok(())
    }

    /// Moves a policy from position `from` to `to`, shifting the ones in
    /// between.
    pub(crate) fn move_policy(&self, id: i64, from: i64, to: i64) -> Result<()> {
        self.tx
            .exec("UPDATE policies SET position = -1 WHERE id = ?1", [id])?;
        if to < from {
            self.tx.exec("UPDATE policies SET position = position + 1 WHERE position >= ?1 AND position < ?2", [to, from])?;
        } else {
            self.tx.exec("UPDATE policies SET position = position - 1 WHERE position > ?1 AND position <= ?2", [from, to])?;
        }
        self.tx
            .exec("UPDATE policies SET position = ?2 WHERE id = ?1", [id, to])?;
        Ok(())
    }
}
