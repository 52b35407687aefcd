//! `mfactl group …`

use mfactl::users;

use crate::cli::args::GroupCommand;
use crate::cli::output::{yes_no, Human};
use crate::cli::Ctx;

pub fn run(ctx: &Ctx, command: GroupCommand) -> anyhow::Result<()> {
    let mut store = ctx.open()?;
    let (message, json) = match command {
        GroupCommand::Add { name, admin } => {
            users::add_group(&mut store, &name, admin)?;
            let what = if admin {
                "administrators group"
            } else {
                "group"
            };
            (
                format!("added {what} {name}"),
                serde_json::json!({ "added": name, "admin": admin }),
            )
        }
        GroupCommand::Remove { name } => {
            users::remove_group(&mut store, &name)?;
            (
                format!("removed group {name}"),
                serde_json::json!({ "removed": name }),
            )
        }
        GroupCommand::List => {
            let groups = users::list_groups(&store)?;
            return ctx.out.show(groups, |groups| {
                Human::table(
                    ["NAME", "ADMIN", "COUNT", "MEMBERS"],
                    groups.into_iter().map(|g| {
                        [
                            g.name,
                            yes_no(g.admin),
                            g.members.len().to_string(),
                            g.members.join(", "),
                        ]
                    }),
                )
            });
        }
        GroupCommand::AddMember { group, user } => {
            let added = users::add_member(&mut store, &group, &user)?;
            let message = if added {
                format!("added {user} to {group}")
            } else {
                format!("{user} is already in {group}")
            };
            (
                message,
                serde_json::json!({ "group": group, "user": user, "changed": added }),
            )
        }
        GroupCommand::RemoveMember { group, user } => {
            let removed = users::remove_member(&mut store, &group, &user)?;
            let message = if removed {
                format!("removed {user} from {group}")
            } else {
                format!("{user} was not in {group}")
            };
            (
                message,
                serde_json::json!({ "group": group, "user": user, "changed": removed }),
            )
        }
    };
    ctx.out.show(json, |_| Human::note(message))
}
