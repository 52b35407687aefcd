//! Users: local (argon2id password) or directory (UPN name), administrator
//! flags, group memberships, MFA type, lockout and emergency-login
//! eligibility.

mod groups;
mod import;
mod lookalike;

pub use groups::{add_group, add_member, list_groups, remove_group, remove_member, Group};
pub(crate) use groups::{group_id, validate_label};
pub use import::{import_csv, ImportProgress};

use serde_json::json;

use crate::crypto::Secret;
use crate::domain::audit_action::AuditAction;
use crate::error::quoted;
use crate::error::{Error, Hint, Result, UserOption};
use crate::settings::{self, parse_email, AUTHENTICATORS};
use crate::store::{Read, Store};

pub use crate::domain::user::{name_key, Enrolment, Source, User, LOCKED_INDEFINITELY};

/// A user to add.
#[derive(Debug, Clone, Default)]
pub struct NewUser {
    /// The name; UPN form (`name@domain`) for directory users.
    pub name: String,
    /// Email address.
    pub email: Option<String>,
    /// Direct administrator flag.
    pub admin: bool,
    /// Directory user (no local password).
    pub directory: bool,
    /// Local password.
    pub password: Option<Secret>,
}

/// Changes to a user; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    /// New email; `Some(None)` removes it.
    pub email: Option<Option<String>>,
    /// New direct administrator flag.
    pub admin: Option<bool>,
    /// Turn emergency login on or off.
    pub emergency_login: Option<bool>,
    /// `default`, `none` or an enabled authenticator.
    pub mfa_type: Option<String>,
}

/// The longest user name, in characters.
pub const MAX_NAME_CHARS: usize = 256;

/// Refuses a name no account can have because of its length: checked
/// before anything that stores a name typed by someone not yet
/// authenticated (an emergency request's rate-limit entry).
pub fn check_name_length(name: &str) -> Result<()> {
    if name.len() > MAX_NAME_CHARS && name.chars().count() > MAX_NAME_CHARS {
        return Err(Error::Invalid(format!(
            "the user name is longer than {MAX_NAME_CHARS} characters ({} given)",
            name.chars().count()
        )));
    }
    Ok(())
}

/// Checks a user name. Directory users must use the UPN form; a
/// `DOMAIN\user` or bare name gets a hint.
pub fn validate_name(name: &str, directory: bool) -> Result<()> {
    if name.is_empty() {
        return Err(Error::Invalid("the user name is empty".into()));
    }
    check_name_length(name)?;
    if name.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(Error::Invalid(format!(
            "the user name {} contains spaces or control characters",
            quoted(name)
        )));
    }
    if directory {
        return validate_upn(name);
    }
    let starts_ok = name.chars().next().is_some_and(|c| c.is_alphanumeric());
    if !starts_ok
        || name
            .chars()
            .any(|c| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '@' | '-')))
    {
        return Err(Error::Invalid(format!(
            "the user name {} may only contain letters, digits and . _ @ -, \
             and must start with a letter or digit",
            quoted(name)
        )));
    }
    Ok(())
}

fn validate_upn(name: &str) -> Result<()> {
    if let Some((domain, user)) = name.split_once('\\') {
        return Err(Error::Invalid(format!(
            "`{name}` is a DOMAIN\\user name; directory users are named in UPN form, \
             e.g. {user}@{}.example.com",
            domain.to_ascii_lowercase()
        )));
    }
    let Some((local, domain)) = name.split_once('@') else {
        return Err(Error::Invalid(format!(
            "`{name}` is not in UPN form; directory users are named name@domain, \
             e.g. {name}@example.com"
        )));
    };
    let domain_ok = !domain.is_empty()
        && domain
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'));
    // Letters, digits and . _ - ' only: no quotes, formulas, or invisible
    // and direction-changing characters that would make two names look alike.
    let local_ok = local.chars().next().is_some_and(char::is_alphanumeric)
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '\''));
    if !domain_ok || !local_ok {
        return Err(Error::Invalid(format!(
            "{} is not a valid UPN: name@domain, where the name has letters, digits and . _ - ' \
             and starts with a letter or digit (e.g. alice@example.com)",
            quoted(name)
        )));
    }
    Ok(())
}

fn validate_password(password: &Secret) -> Result<()> {
    let n = password.expose().chars().count();
    if n < 8 {
        return Err(Error::Invalid(
            "the password is shorter than 8 characters".into(),
        ));
    }
    if password.expose().len() > 1024 {
        return Err(Error::Invalid(
            "the password is longer than 1024 bytes".into(),
        ));
    }
    Ok(())
}

/// The error for a user name that is not in the store.
fn no_such_user(name: &str) -> Error {
    let hint = if name.contains('\\') {
        " (directory users are named in UPN form, name@domain)"
    } else {
        ""
    };
    Error::NotFound(format!(
        "no user named `{name}`{hint}; see the list of users"
    ))
    .with_hint(Hint::ListUsers)
}

/// Finds a user's id by name (case-insensitive).
pub(crate) fn user_id(r: Read<'_>, name: &str) -> Result<i64> {
    r.user_id(name)?.ok_or_else(|| no_such_user(name))
}

/// A user by name (case-insensitive), as of `now`.
pub(crate) fn load_user(r: Read<'_>, name: &str, now: i64) -> Result<User> {
    r.user(name, now)?.ok_or_else(|| no_such_user(name))
}

/// One user.
pub fn show(store: &Store, name: &str) -> Result<User> {
    load_user(store.read(), name, store.now())
}

/// Every user, by name.
pub fn list(store: &Store) -> Result<Vec<User>> {
    let mut all = Vec::new();
    for_each(store, |u| {
        all.push(u);
        Ok(())
    })?;
    Ok(all)
}

/// Calls `f` with every user, by name, without holding them all in memory.
pub fn for_each(store: &Store, f: impl FnMut(User) -> Result<()>) -> Result<()> {
    store.read().for_each_user(store.now(), f)
}

/// Adds a user. The password, if any, is hashed before the transaction so
/// the store is not held during the argon2 work.
pub fn add(store: &mut Store, mut new: NewUser) -> Result<User> {
    new.name = lookalike::normalized(&new.name);
    validate_name(&new.name, new.directory)?;
    let email = new
        .email
        .as_deref()
        .map(parse_email)
        .transpose()
        .map_err(Error::Invalid)?;
    let hash = match &new.password {
        Some(_) if new.directory => {
            return Err(Error::Invalid(format!(
                "`{}` is a directory user: its password lives in the directory, not in mfactl",
                new.name
            )))
        }
        Some(p) => {
            validate_password(p)?;
            Some(store.hash_secret(p)?)
        }
        None => None,
    };
    let source = if new.directory {
        Source::Directory
    } else {
        Source::Local
    };
    store.write(|tx| {
        let exists = tx.read().user_exists(&new.name)?;
        if exists {
            return Err(Error::Exists(format!(
                "a user named `{}` exists already",
                new.name
            )));
        }
        lookalike::Lookalikes::new(tx.read().user_names()?).check("user", &new.name)?;
        tx.insert_user(
            &new.name,
            email.as_deref(),
            source,
            hash.as_deref(),
            new.admin,
        )?;
        tx.audit(
            AuditAction::UserAdd,
            &new.name,
            json!({"email": email, "admin": new.admin, "source": source.as_str(),
                   "password": hash.is_some()}),
        )?;
        load_user(tx.read(), &new.name, tx.now())
    })
}

fn check_mfa_type(store_settings: &settings::Settings, mfa_type: &str) -> Result<String> {
    let t = mfa_type.to_ascii_lowercase();
    if t == "default" || t == "none" {
        return Ok(t);
    }
    if !AUTHENTICATORS.contains(&t.as_str()) {
        return Err(Error::Invalid(format!(
            "`{mfa_type}` is not an MFA type; use default, none or one of {}",
            AUTHENTICATORS.join(", ")
        )));
    }
    if !store_settings
        .list("mfa.authenticators")
        .contains(&t.as_str())
    {
        let mut enabled = store_settings.list("mfa.authenticators");
        enabled.push(t.as_str());
        return Err(Error::Refused(format!(
            "`{t}` is not an enabled authenticator; choose another, or first enable it in \
             mfa.authenticators"
        ))
        .with_hint(Hint::SetSetting {
            key: "mfa.authenticators",
            example: Some(enabled.join(",")),
        }));
    }
    Ok(t)
}

/// Why a user (direct administrator or not, administrator through a group
/// or not, with or without an email) may not have
/// emergency login, and what fixes it; `None` if they may.
fn emergency_refusal(
    name: &str,
    direct_admin: bool,
    admin_via_group: bool,
    email: Option<&str>,
) -> Option<(String, Option<Hint>)> {
    if !direct_admin {
        return Some(if admin_via_group {
            (
                format!(
                    "`{name}` is an administrator only through a group; emergency login needs \
                     the direct administrator flag"
                ),
                Some(Hint::SetUser {
                    user: name.to_string(),
                    option: UserOption::Admin(true),
                }),
            )
        } else {
            (
                format!(
                    "`{name}` is not an administrator; emergency login is for direct \
                     administrators only"
                ),
                None,
            )
        });
    }
    if email.is_none() {
        return Some((
            format!("`{name}` has no email address to receive emergency codes; add one"),
            Some(Hint::SetUser {
                user: name.to_string(),
                option: UserOption::Email,
            }),
        ));
    }
    None
}

/// Changes a user. Enabling emergency login needs a direct administrator
/// with an email; a change that would leave emergency login enabled but
/// unusable (losing the admin flag or the email) is refused unless the same
/// change turns emergency login off.
pub fn set(store: &mut Store, name: &str, changes: UserChanges) -> Result<User> {
    let email = match &changes.email {
        Some(Some(e)) => Some(Some(parse_email(e).map_err(Error::Invalid)?)),
        other => other.clone(),
    };
    let current_settings = settings::load(store)?;
    let mfa_type = changes
        .mfa_type
        .as_deref()
        .map(|t| check_mfa_type(&current_settings, t))
        .transpose()?;
    store.write(|tx| {
        let before = load_user(tx.read(), name, tx.now())?;
        let direct_admin = changes.admin.unwrap_or(before.direct_admin);
        let new_email = email.clone().unwrap_or(before.email.clone());
        let emergency = changes.emergency_login.unwrap_or(before.emergency_login);
        let via_group = tx.read().admin_via_group(before.id)?;
        if emergency {
            if let Some((why, hint)) =
                emergency_refusal(&before.name, direct_admin, via_group, new_email.as_deref())
            {
                let (why, hint) = if before.emergency_login && changes.emergency_login.is_none() {
                    (
                        format!(
                            "this change would leave emergency login enabled but unusable for \
                             `{}`: {why}. To go ahead, turn emergency login off first or in the \
                             same change",
                            before.name
                        ),
                        Some(Hint::SetUser {
                            user: before.name.clone(),
                            option: UserOption::EmergencyLogin(false),
                        }),
                    )
                } else {
                    (why, hint)
                };
                return Err(Error::Refused(why).with_hint_if(hint));
            }
        }
        let mfa = mfa_type.clone().unwrap_or(before.mfa_type.clone());
        tx.update_user(
            before.id,
            new_email.as_deref(),
            direct_admin,
            emergency,
            &mfa,
        )?;
        let mut details = serde_json::Map::new();
        if new_email != before.email {
            details.insert(
                "email".into(),
                json!({"old": before.email, "new": new_email}),
            );
        }
        if direct_admin != before.direct_admin {
            details.insert(
                "admin".into(),
                json!({"old": before.direct_admin, "new": direct_admin}),
            );
        }
        if emergency != before.emergency_login {
            details.insert(
                "emergency_login".into(),
                json!({"old": before.emergency_login, "new": emergency}),
            );
        }
        if mfa != before.mfa_type {
            details.insert(
                "mfa_type".into(),
                json!({"old": before.mfa_type, "new": mfa}),
            );
        }
        if !details.is_empty() {
            tx.audit(AuditAction::UserSet, &before.name, details.into())?;
        }
        load_user(tx.read(), &before.name, tx.now())
    })
}

/// Removes a user. Refused while a policy names the user (removing them
/// would silently widen that policy) and while emergency login is enabled
/// for them (it must be turned off on purpose).
pub fn remove(store: &mut Store, name: &str) -> Result<()> {
    store.write(|tx| {
        let user = load_user(tx.read(), name, tx.now())?;
        if user.emergency_login {
            return Err(Error::Refused(format!(
                "`{}` has emergency login enabled: removing them could leave nobody able to \
                 break glass; turn it off first",
                user.name
            ))
            .with_hint(Hint::SetUser {
                user: user.name.clone(),
                option: UserOption::EmergencyLogin(false),
            }));
        }
        let policies = tx.read().policies_naming_user(user.id)?;
        if !policies.is_empty() {
            let hint = match policies.as_slice() {
                [one] => Hint::RemovePolicy { name: one.clone() },
                _ => Hint::ListPolicies,
            };
            return Err(Error::Refused(format!(
                "`{}` is named by the polic{} {}; remove the user from {} first (remove the \
                 policy, and add it again without them), or the policy would apply to other users",
                user.name,
                if policies.len() == 1 { "y" } else { "ies" },
                policies.join(", "),
                if policies.len() == 1 { "it" } else { "them" },
            ))
            .with_hint(hint));
        }
        tx.delete_user(user.id)?;
        tx.audit(
            AuditAction::UserRemove,
            &user.name,
            json!({"email": user.email, "admin": user.direct_admin}),
        )
    })
}

/// Sets a local user's password (argon2id).
pub fn set_password(store: &mut Store, name: &str, password: &Secret) -> Result<()> {
    validate_password(password)?;
    let user = show(store, name)?;
    if user.source == Source::Directory {
        return Err(Error::Invalid(format!(
            "`{}` is a directory user: its password is changed in the directory, not in mfactl",
            user.name
        )));
    }
    let hash = store.hash_secret(password)?;
    store.write(|tx| {
        let changed = tx.set_password_hash(user.id, &hash)?;
        if !changed {
            return Err(Error::NotFound(format!(
                "user `{}` was removed meanwhile",
                user.name
            )));
        }
        tx.audit(AuditAction::UserPasswd, &user.name, json!({}))
    })
}

/// Clears a user's lock and failure count. Returns whether the user was locked.
pub fn unlock(store: &mut Store, name: &str) -> Result<bool> {
    store.write(|tx| {
        let user = load_user(tx.read(), name, tx.now())?;
        tx.clear_lockout(user.id)?;
        // Unlocking also lets a rate-limited user ask for an emergency code.
        tx.clear_events(&crate::domain::auth::rate_key_for_name(&user.name))?;
        tx.audit(
            AuditAction::UserUnlock,
            &user.name,
            json!({"was_locked": user.locked, "failed_attempts": user.failed_attempts}),
        )?;
        Ok(user.locked)
    })
}

/// Whether `user` may use emergency login as far as the user record goes
/// (direct administrator, email, flag on); `None` if so, else why not.
pub fn emergency_ineligibility(user: &User) -> Option<String> {
    emergency_refusal(
        &user.name,
        user.direct_admin,
        user.admin,
        user.email.as_deref(),
    )
    .map(|(why, _)| why)
    .or_else(|| {
        (!user.emergency_login)
            .then(|| format!("emergency login is not enabled for `{}`", user.name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        validate_name("alice", false).unwrap();
        validate_name("alice@example.com", true).unwrap();
        let e = validate_name("CORP\\alice", true).unwrap_err().to_string();
        assert!(e.contains("alice@corp.example.com"), "{e}");
        let e = validate_name("alice", true).unwrap_err().to_string();
        assert!(e.contains("UPN"), "{e}");
        assert!(validate_name("", false).is_err());
        assert!(validate_name("-rf", false).is_err());
        assert!(validate_name("=cmd|' /C calc'!A0", false).is_err());
        assert!(validate_name("a b", false).is_err());
        assert!(validate_name(&"a".repeat(300), false).is_err());
        // The limit counts characters, not bytes.
        validate_name(&"é".repeat(256), false).unwrap();
        assert!(validate_name(&"é".repeat(257), false).is_err());
        assert_eq!(name_key("Émile.B"), "émile.b");
        assert_eq!(name_key("ANN@Corp.example"), "ann@corp.example");
        assert!(validate_name("a@b..c", true).is_err());
    }
}
