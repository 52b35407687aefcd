//! Conditional-access policies as the store holds them, and whether one
//! applies to a user.

use std::net::IpAddr;

use ipnet::IpNet;
use serde::Serialize;

use super::user::User;

/// What a policy applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// Whether the user may log in at all.
    Login,
    /// Whether the user must pass MFA.
    Mfa,
}

/// What a policy decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Login allowed (target `login`).
    Allow,
    /// Login denied (target `login`).
    Deny,
    /// MFA required (target `mfa`).
    Required,
    /// MFA skipped (target `mfa`).
    Skipped,
}

impl Target {
    /// The word used in the store and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Login => "login",
            Target::Mfa => "mfa",
        }
    }
    pub(crate) fn parse(s: &str) -> Target {
        if s == "mfa" {
            Target::Mfa
        } else {
            Target::Login
        }
    }
}

impl Action {
    /// The word used in the store and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Allow => "allow",
            Action::Deny => "deny",
            Action::Required => "required",
            Action::Skipped => "skipped",
        }
    }
    pub(crate) fn parse(s: &str) -> Action {
        match s {
            "allow" => Action::Allow,
            "required" => Action::Required,
            "skipped" => Action::Skipped,
            _ => Action::Deny,
        }
    }
    /// Whether this action is one a policy on `target` may decide.
    pub(crate) fn fits(self, target: Target) -> bool {
        matches!(
            (target, self),
            (Target::Login, Action::Allow | Action::Deny)
                | (Target::Mfa, Action::Required | Action::Skipped)
        )
    }
}

/// A stored policy.
#[derive(Debug, Clone, Serialize)]
pub struct Policy {
    /// Unique name.
    pub name: String,
    /// Evaluation order, from 1.
    pub position: i64,
    /// What it applies to.
    pub target: Target,
    /// What it decides.
    pub action: Action,
    /// Users it applies to.
    pub users: Vec<String>,
    /// Groups it applies to.
    pub groups: Vec<String>,
    /// Whether it applies to administrators.
    pub admins: bool,
    /// Source networks it applies to.
    pub networks: Vec<String>,
}

impl Policy {
    /// Whether every condition holds for `user` coming from `ip`. A network
    /// condition never holds when the source address is unknown.
    pub fn matches(&self, user: &User, ip: Option<IpAddr>) -> bool {
        // Dual-stack servers report IPv4 clients as ::ffff:a.b.c.d.
        let ip = ip.map(|ip| ip.to_canonical());
        let eq = |a: &String, b: &String| a.eq_ignore_ascii_case(b);
        (self.users.is_empty() || self.users.iter().any(|u| eq(u, &user.name)))
            && (self.groups.is_empty()
                || self
                    .groups
                    .iter()
                    .any(|g| user.groups.iter().any(|ug| eq(g, ug))))
            && (!self.admins || user.admin)
            && (self.networks.is_empty()
                || ip.is_some_and(|ip| {
                    self.networks
                        .iter()
                        .filter_map(|n| n.parse::<IpNet>().ok())
                        .any(|n| n.contains(&ip))
                }))
    }

    /// A one-line description of the conditions.
    pub fn conditions(&self) -> String {
        let mut parts = Vec::new();
        if !self.users.is_empty() {
            parts.push(format!("users {}", self.users.join(", ")));
        }
        if !self.groups.is_empty() {
            parts.push(format!("groups {}", self.groups.join(", ")));
        }
        if self.admins {
            parts.push("administrators".into());
        }
        if !self.networks.is_empty() {
            parts.push(format!("from {}", self.networks.join(", ")));
        }
        if parts.is_empty() {
            "everyone".into()
        } else {
            parts.join(" and ")
        }
    }
}
