//! Groups, which may grant administrator rights, and their members.

use serde_json::json;

use super::load_user;
use crate::domain::audit_action::AuditAction;
use crate::error::quoted;
use crate::error::{Error, Hint, Result};
use crate::store::{Read, Store};

pub use crate::domain::group::Group;

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
            "the {what} name {} must be 1 to 128 letters, digits, . _ or -, starting with a \
             letter or digit",
            quoted(name)
        )))
    }
}

/// Finds a group's id and stored name by name (case-insensitive).
pub(crate) fn group_id(r: Read<'_>, name: &str) -> Result<(i64, String)> {
    r.find_group(name)?.ok_or_else(|| {
        Error::NotFound(format!(
            "no group named {}; see the list of groups",
            quoted(name)
        ))
        .with_hint(Hint::ListGroups)
    })
}

/// Adds a group; `admin` makes its members administrators.
pub fn add_group(store: &mut Store, name: &str, admin: bool) -> Result<()> {
    let name = &super::lookalike::normalized(name);
    validate_label("group", name)?;
    store.write(|tx| {
        let exists = tx.read().group_exists(name)?;
        if exists {
            return Err(Error::Exists(format!(
                "a group named `{name}` exists already"
            )));
        }
        super::lookalike::Lookalikes::new(tx.read().group_names()?).check("group", name)?;
        tx.insert_group(name, admin)?;
        tx.audit(AuditAction::GroupAdd, name, json!({"admin": admin}))
    })
}

/// Removes a group (memberships go with it). Refused while a policy names it.
pub fn remove_group(store: &mut Store, name: &str) -> Result<()> {
    store.write(|tx| {
        let (id, name) = group_id(tx.read(), name)?;
        let policies = tx.read().policies_naming_group(id)?;
        if !policies.is_empty() {
            return Err(Error::Refused(format!(
                "group `{name}` is named by the policy {}; change or remove that policy first, \
                 or it would apply to other users",
                policies.join(", ")
            )));
        }
        let members = tx.read().member_count(id)?;
        tx.delete_group(id)?;
        tx.audit(AuditAction::GroupRemove, &name, json!({"members": members}))
    })
}

/// Adds a user to a group. Returns false if they were a member already.
pub fn add_member(store: &mut Store, group: &str, user: &str) -> Result<bool> {
    store.write(|tx| {
        let (gid, gname) = group_id(tx.read(), group)?;
        let u = load_user(tx.read(), user, tx.now())?;
        let added = tx.add_membership(gid, u.id)?;
        if added {
            tx.audit(AuditAction::GroupAddMember, &gname, json!({"user": u.name}))?;
        }
        Ok(added)
    })
}

/// Removes a user from a group. Returns false if they were not a member.
pub fn remove_member(store: &mut Store, group: &str, user: &str) -> Result<bool> {
    store.write(|tx| {
        let (gid, gname) = group_id(tx.read(), group)?;
        let u = load_user(tx.read(), user, tx.now())?;
        let removed = tx.remove_membership(gid, u.id)?;
        if removed {
            tx.audit(
                AuditAction::GroupRemoveMember,
                &gname,
                json!({"user": u.name}),
            )?;
        }
        Ok(removed)
    })
}

/// Every group with its members.
pub fn list_groups(store: &Store) -> Result<Vec<Group>> {
    store.read().groups()
}
