//! `mfactl policy …`

use mfactl::policy::{self, Action, NewPolicy, Target};

use crate::cli::args::{PolicyAction, PolicyAdd, PolicyCommand, PolicyTarget};
use crate::cli::output::Human;
use crate::cli::Ctx;

pub fn run(ctx: &Ctx, command: PolicyCommand) -> anyhow::Result<()> {
    match command {
        PolicyCommand::Add(add) => {
            let new = new_policy(add)?;
            let mut store = ctx.open()?;
            let p = policy::add(&mut store, &new)?;
            ctx.out.show(p, |p| {
                Human::note(format!(
                    "added policy {} at position {}: {} {}, applies to {}",
                    p.name,
                    p.position,
                    p.target.as_str(),
                    p.action.as_str(),
                    p.conditions()
                ))
            })
        }
        PolicyCommand::List => {
            let store = ctx.open()?;
            ctx.out.show(policy::list(&store)?, |all| {
                Human::table(
                    ["#", "NAME", "TARGET", "APPLIES TO", "ACTION"],
                    all.iter().map(|p| {
                        [
                            p.position.to_string(),
                            p.name.clone(),
                            p.target.as_str().into(),
                            p.conditions(),
                            p.action.as_str().into(),
                        ]
                    }),
                )
            })
        }
        PolicyCommand::Remove { name } => {
            let mut store = ctx.open()?;
            policy::remove(&mut store, &name)?;
            ctx.out.show(serde_json::json!({ "removed": name }), |_| {
                Human::note(format!("removed policy {name}"))
            })
        }
        PolicyCommand::Move { name, position } => {
            let mut store = ctx.open()?;
            let at = policy::move_to(&mut store, &name, position)?;
            ctx.out.show(
                serde_json::json!({ "policy": name, "position": at }),
                |_| Human::note(format!("policy {name} is now at position {at}")),
            )
        }
        PolicyCommand::Test { user, ip } => {
            let ip = ip.as_deref().map(policy::parse_ip).transpose()?;
            let store = ctx.open()?;
            ctx.out.show(policy::evaluate(&store, &user, ip)?, |d| {
                let login = match d.login.outcome {
                    Action::Deny => "denied",
                    _ => "allowed",
                };
                Human::Fields(vec![
                    ("User", d.user.clone()),
                    (
                        "Source",
                        d.ip.map_or_else(
                            || "(unknown: network conditions do not match)".into(),
                            |ip| ip.to_string(),
                        ),
                    ),
                    ("Login", format!("{login} — {}", d.login.reason)),
                    (
                        "MFA",
                        format!("{} — {}", d.mfa.outcome.as_str(), d.mfa.reason),
                    ),
                ])
            })
        }
    }
}

fn new_policy(add: PolicyAdd) -> anyhow::Result<NewPolicy> {
    let networks = add
        .networks
        .iter()
        .map(|n| policy::parse_network(n))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(NewPolicy {
        name: add.name,
        target: match add.target {
            PolicyTarget::Login => Target::Login,
            PolicyTarget::Mfa => Target::Mfa,
        },
        action: match add.action {
            PolicyAction::Allow => Action::Allow,
            PolicyAction::Deny => Action::Deny,
            PolicyAction::Required => Action::Required,
            PolicyAction::Skipped => Action::Skipped,
        },
        users: add.users,
        groups: add.groups,
        admins: add.admins,
        networks,
    })
}
