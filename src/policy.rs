//! Conditional-access policies and their evaluation.
//!
//! Policies are kept in order. For each target (`login`, `mfa`) the first
//! policy whose conditions all hold decides; when none matches, login is
//! allowed and MFA follows `mfa.default_action`. A policy's conditions are
//! ANDed across kinds (users, groups, administrators, networks) and ORed
//! within a kind; a policy with no condition matches everyone.

use std::net::IpAddr;

use ipnet::IpNet;
use serde::Serialize;
use serde_json::json;

use crate::domain::audit_action::AuditAction;
use crate::error::{quoted, Error, Hint, Result};
use crate::settings::{self, DefaultAction};
use crate::store::{Read, Store};
use crate::users;

pub use crate::domain::policy::{Action, Policy, Target};

/// A policy to add.
#[derive(Debug, Clone)]
pub struct NewPolicy {
    /// Unique name.
    pub name: String,
    /// What it applies to.
    pub target: Target,
    /// Users it applies to (any of).
    pub users: Vec<String>,
    /// Groups it applies to (members of any of).
    pub groups: Vec<String>,
    /// Applies to administrators (direct or through a group).
    pub admins: bool,
    /// Source networks it applies to (any of).
    pub networks: Vec<IpNet>,
    /// What it decides.
    pub action: Action,
}

/// Parses a network: CIDR (`10.0.0.0/8`, `2001:db8::/32`) or a single address.
pub fn parse_network(s: &str) -> Result<IpNet> {
    let s = s.trim();
    s.parse::<IpNet>()
        .map(|n| canonical_network(n.trunc()))
        .or_else(|_| parse_ip(s).map(IpNet::from))
        .map_err(|_| {
            Error::Invalid(format!(
                "{} is not an IP network like 10.0.0.0/8 or an address",
                quoted(s)
            ))
        })
}

/// An IPv4-mapped IPv6 network (`::ffff:10.0.0.0/104`) as the IPv4
/// network it covers (`10.0.0.0/8`), since source addresses are compared in
/// their IPv4 form.
fn canonical_network(net: IpNet) -> IpNet {
    match net {
        IpNet::V6(v6) if v6.prefix_len() >= 96 => match v6.addr().to_ipv4_mapped() {
            Some(v4) => ipnet::Ipv4Net::new(v4, v6.prefix_len() - 96).map_or(net, IpNet::V4),
            None => net,
        },
        _ => net,
    }
}

/// Parses a source address.
pub fn parse_ip(s: &str) -> Result<IpAddr> {
    s.trim()
        .parse::<IpAddr>()
        .map(|ip| ip.to_canonical())
        .map_err(|_| {
            Error::Invalid(format!(
                "{} is not an IP address like 192.0.2.10 or 2001:db8::1",
                quoted(s)
            ))
        })
}

/// Every policy, in evaluation order.
pub fn list(store: &Store) -> Result<Vec<Policy>> {
    store.read().policies()
}

fn policy_id(r: Read<'_>, name: &str) -> Result<(i64, String, i64)> {
    r.find_policy(name)?.ok_or_else(|| {
        Error::NotFound(format!(
            "no policy named {}; see the list of policies",
            quoted(name)
        ))
        .with_hint(Hint::ListPolicies)
    })
}

/// Adds a policy at the end of the list. Its users and groups must exist.
pub fn add(store: &mut Store, new: &NewPolicy) -> Result<Policy> {
    users::validate_label("policy", &new.name)?;
    if !new.action.fits(new.target) {
        let allowed = match new.target {
            Target::Login => "allow or deny",
            Target::Mfa => "required or skipped",
        };
        return Err(Error::Invalid(format!(
            "a `{}` policy's action is {allowed}, not `{}`",
            new.target.as_str(),
            new.action.as_str()
        )));
    }
    store.write(|tx| {
        let exists = tx.read().policy_exists(&new.name)?;
        if exists {
            return Err(Error::Exists(format!(
                "a policy named `{}` exists already",
                new.name
            )));
        }
        let position = tx.read().next_policy_position()?;
        let id = tx.insert_policy(&new.name, new.target, new.action, new.admins, position)?;
        for u in &new.users {
            let uid = users::user_id(tx.read(), u)?;
            tx.add_policy_user(id, uid)?;
        }
        for g in &new.groups {
            let (gid, _) = users::group_id(tx.read(), g)?;
            tx.add_policy_group(id, gid)?;
        }
        for n in &new.networks {
            tx.add_policy_network(id, &n.to_string())?;
        }
        let policy = tx
            .read()
            .policies()?
            .into_iter()
            .find(|p| p.position == position)
            .ok_or_else(|| Error::NotFound("the new policy vanished".into()))?;
        tx.audit(
            AuditAction::PolicyAdd,
            &policy.name,
            serde_json::to_value(&policy).unwrap_or_default(),
        )?;
        Ok(policy)
    })
}

/// Removes a policy; the ones after it move up.
pub fn remove(store: &mut Store, name: &str) -> Result<()> {
    store.write(|tx| {
        let (id, name, position) = policy_id(tx.read(), name)?;
        tx.delete_policy(id, position)?;
        tx.audit(
            AuditAction::PolicyRemove,
            &name,
            json!({"position": position}),
        )
    })
}

/// Moves a policy to `position` (from 1; past the end means last).
pub fn move_to(store: &mut Store, name: &str, position: i64) -> Result<i64> {
    if position < 1 {
        return Err(Error::Invalid(format!(
            "position {position} is not 1 or more"
        )));
    }
    store.write(|tx| {
        let (id, name, from) = policy_id(tx.read(), name)?;
        let count = tx.read().policy_count()?;
        let to = position.min(count);
        if to != from {
            tx.move_policy(id, from, to)?;
            tx.audit(
                AuditAction::PolicyMove,
                &name,
                json!({"from": from, "to": to}),
            )?;
        }
        Ok(to)
    })
}

/// The outcome for one target.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Outcome {
    /// `allow`/`deny` for login, `required`/`skipped` for MFA.
    pub outcome: Action,
    /// The policy that decided, or `None` for the default.
    pub policy: Option<String>,
    /// Why, in words.
    pub reason: String,
}

/// What the policies decide for a user.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    /// The user.
    pub user: String,
    /// The source address considered.
    pub ip: Option<IpAddr>,
    /// Whether login is allowed.
    pub login: Outcome,
    /// Whether MFA is required.
    pub mfa: Outcome,
}

/// Decides login and MFA for `user` coming from `ip`.
pub fn evaluate(store: &Store, user: &str, ip: Option<IpAddr>) -> Result<Decision> {
    let user = users::show(store, user)?;
    let policies = list(store)?;
    let default_action = settings::load_config(store)?.mfa.default_action;
    let first = |target: Target| {
        policies
            .iter()
            .find(|p| p.target == target && p.matches(&user, ip))
    };
    let from_policy = |p: &Policy| Outcome {
        outcome: p.action,
        policy: Some(p.name.clone()),
        reason: format!(
            "policy `{}` (#{}) matched: {}",
            p.name,
            p.position,
            p.conditions()
        ),
    };
    let login = first(Target::Login)
        .map(from_policy)
        .unwrap_or_else(|| Outcome {
            outcome: Action::Allow,
            policy: None,
            reason: "no login policy matched; login is allowed by default".into(),
        });
    let mfa = first(Target::Mfa).map(from_policy).unwrap_or_else(|| {
        let (outcome, why) = match default_action {
            DefaultAction::Skipped => (Action::Skipped, String::new()),
            DefaultAction::OptionalPerUser if user.has_mfa_configured() => (
                Action::Required,
                format!(" and `{}` has MFA configured", user.name),
            ),
            DefaultAction::OptionalPerUser => (
                Action::Skipped,
                format!(" and `{}` has no MFA configured", user.name),
            ),
            DefaultAction::Required => (Action::Required, String::new()),
        };
        Outcome {
            outcome,
            policy: None,
            reason: format!(
                "no mfa policy matched; the default action is {}{why}",
                default_action.as_str()
            ),
        }
    });
    Ok(Decision {
        user: user.name,
        ip,
        login,
        mfa,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::users::User;

    fn user(name: &str, admin: bool, groups: &[&str]) -> User {
        User {
            id: 1,
            name: name.into(),
            email: None,
            source: users::Source::Local,
            direct_admin: admin,
            admin,
            groups: groups.iter().map(|g| g.to_string()).collect(),
            emergency_login: false,
            mfa_type: "default".into(),
            enrolments: vec![],
            has_password: false,
            created_at: String::new(),
            failed_attempts: 0,
            locked: false,
            locked_until: None,
        }
    }

    fn policy(users: &[&str], groups: &[&str], admins: bool, networks: &[&str]) -> Policy {
        Policy {
            name: "p".into(),
            position: 1,
            target: Target::Mfa,
            action: Action::Skipped,
            users: users.iter().map(|s| s.to_string()).collect(),
            groups: groups.iter().map(|s| s.to_string()).collect(),
            admins,
            networks: networks.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn empty_policy_matches_everyone() {
        assert!(policy(&[], &[], false, &[]).matches(&user("a", false, &[]), None));
    }

    #[test]
    fn conditions_and_across_or_within() {
        let p = policy(&[], &["ops", "dba"], true, &["10.0.0.0/8"]);
        let ip = Some("10.1.2.3".parse().unwrap());
        assert!(p.matches(&user("a", true, &["dba"]), ip));
        assert!(!p.matches(&user("a", false, &["dba"]), ip), "not admin");
        assert!(!p.matches(&user("a", true, &["web"]), ip), "wrong group");
        assert!(
            !p.matches(
                &user("a", true, &["ops"]),
                Some("192.0.2.1".parse().unwrap())
            ),
            "wrong net"
        );
        assert!(
            !p.matches(&user("a", true, &["ops"]), None),
            "unknown source never matches a network"
        );
        assert!(policy(&["Alice"], &[], false, &[]).matches(&user("alice", false, &[]), None));
    }

    #[test]
    fn networks() {
        assert_eq!(
            parse_network("10.1.2.3/8").unwrap().to_string(),
            "10.0.0.0/8"
        );
        assert_eq!(
            parse_network("192.0.2.7").unwrap().to_string(),
            "192.0.2.7/32"
        );
        assert_eq!(
            parse_network("2001:db8::1/32").unwrap().to_string(),
            "2001:db8::/32"
        );
        assert!(parse_network("10.0.0.0/33").is_err());
        assert!(parse_network("example.com").is_err());
        let p = policy(&[], &[], false, &["2001:db8::/32"]);
        assert!(p.matches(&user("a", false, &[]), Some("2001:db8::5".parse().unwrap())));
        assert!(!p.matches(&user("a", false, &[]), Some("10.0.0.1".parse().unwrap())));
    }
}
