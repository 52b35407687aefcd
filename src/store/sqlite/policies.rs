//! Conditional-access policies, in evaluation order, and what they name.

use super::Read;
use crate::error::Result;

impl Read<'_> {
    /// Names of the policies that name the user, in evaluation order.
    pub(crate) fn policies_naming_user(&self, user_id: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT p.name FROM policy_users x JOIN policies p ON p.id = x.policy_id
             WHERE x.user_id = ?1 ORDER BY p.position",
        )?;
        let names = stmt.query_map([user_id], |r| r.get(0))?;
        Ok(names.collect::<rusqlite::Result<_>>()?)
    }

    /// Names of the policies that name the group, in evaluation order.
    pub(crate) fn policies_naming_group(&self, group_id: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT p.name FROM policy_groups x JOIN policies p ON p.id = x.policy_id
             WHERE x.group_id = ?1 ORDER BY p.position",
        )?;
        let names = stmt.query_map([group_id], |r| r.get(0))?;
        Ok(names.collect::<rusqlite::Result<_>>()?)
    }
}
