//! `mfactl user …`

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};
use mfactl::users::{self, NewUser, User, UserChanges};
use mfactl::{settings, Error};

use crate::cli::args::UserCommand;
use crate::cli::input;
use crate::cli::output::{yes_no, Human};
use crate::cli::Ctx;

pub fn run(ctx: &Ctx, command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add {
            name,
            email,
            admin,
            directory,
            password_stdin,
        } => {
            let password = if password_stdin {
                Some(input::secret_from_stdin("password")?)
            } else {
                None
            };
            let mut store = ctx.open()?;
            let user = users::add(
                &mut store,
                NewUser {
                    name,
                    email,
                    admin,
                    directory,
                    password,
                },
            )?;
            if !directory && !user.has_password {
                ctx.out.note(&format!(
                    "added user {} (no password yet: mfactl user passwd {})",
                    user.name, user.name
                ));
            } else {
                ctx.out.note(&format!("added user {}", user.name));
            }
            ctx.out.show(user, |_| Human::Nothing)
        }
        UserCommand::List => list(ctx),
        UserCommand::Show { name } => {
            let store = ctx.open()?;
            ctx.out.show(users::show(&store, &name)?, |u| fields(&u))
        }
        UserCommand::Set {
            name,
            email,
            no_email,
            admin,
            emergency_login,
            mfa_type,
        } => {
            let email = if no_email {
                Some(None)
            } else {
                email.map(Some)
            };
            if email.is_none() && admin.is_none() && emergency_login.is_none() && mfa_type.is_none()
            {
                return Err(Error::Invalid(
                    "nothing to change: give --email, --no-email, --admin, --emergency-login or --mfa-type"
                        .into(),
                )
                .into());
            }
            let changes = UserChanges {
                email,
                admin,
                emergency_login,
                mfa_type,
            };
            let mut store = ctx.open()?;
            let user = users::set(&mut store, &name, changes)?;
            if user.emergency_login && !settings::load_config(&store)?.emergency.enabled {
                ctx.out.warn(
                    "emergency login is enabled for this user, but the server setting is off: \
                     mfactl settings set authentication.emergency_code.enabled true",
                );
            }
            ctx.out.note(&format!("updated user {}", user.name));
            ctx.out.show(user, |_| Human::Nothing)
        }
        UserCommand::Remove { name } => {
            let mut store = ctx.open()?;
            users::remove(&mut store, &name)?;
            ctx.out.note(&format!("removed user {name}"));
            ctx.out
                .show(serde_json::json!({ "removed": name }), |_| Human::Nothing)
        }
        UserCommand::Passwd {
            name,
            password_stdin,
        } => {
            let password = if password_stdin {
                input::secret_from_stdin("password")?
            } else {
                input::prompt_secret(
                    ctx,
                    &format!("New password for {name}"),
                    true,
                    &format!(
                        "give it on standard input: mfactl user passwd {name} --password-stdin"
                    ),
                )?
            };
            let mut store = ctx.open()?;
            users::set_password(&mut store, &name, &password)?;
            ctx.out.note(&format!("password of {name} changed"));
            Ok(())
        }
        UserCommand::Unlock { name } => {
            let mut store = ctx.open()?;
            let was_locked = users::unlock(&mut store, &name)?;
            let json = serde_json::json!({ "user": name, "was_locked": was_locked });
            ctx.out.show(json, |_| {
                Human::note(if was_locked {
                    format!("unlocked {name}")
                } else {
                    format!("{name} was not locked; failure count cleared")
                })
            })
        }
        UserCommand::Import { file } => import(ctx, &file),
    }
}

fn mfa_summary(u: &User) -> String {
    let enrolled: Vec<String> = u
        .enrolments
        .iter()
        .map(|e| format!("{} ({})", e.method, e.state))
        .collect();
    if enrolled.is_empty() {
        u.mfa_type.clone()
    } else {
        format!("{}: {}", u.mfa_type, enrolled.join(", "))
    }
}

fn admin_summary(u: &User) -> String {
    match (u.direct_admin, u.admin) {
        (true, _) => "yes".into(),
        (false, true) => "via group".into(),
        _ => "no".into(),
    }
}

/// Every user, streamed: a list of 100 000 is never held in memory.
fn list(ctx: &Ctx) -> anyhow::Result<()> {
    let store = ctx.open()?;
    ctx.out.show_stream(
        [
            "NAME",
            "EMAIL",
            "SOURCE",
            "ADMIN",
            "GROUPS",
            "EMERGENCY",
            "MFA",
            "LOCKED",
        ],
        |emit| {
            users::for_each(&store, |u| {
                emit(&u).map_err(|e| Error::io("writing the list", e))
            })
        },
        |u: &User| {
            [
                u.name.clone(),
                u.email.clone().unwrap_or_default(),
                format!("{:?}", u.source).to_lowercase(),
                admin_summary(u),
                u.groups.join(", "),
                yes_no(u.emergency_login),
                mfa_summary(u),
                yes_no(u.locked),
            ]
        },
    )
}

/// `user show`: one `label: value` line per fact.
fn fields(u: &User) -> Human<'static> {
    let lock = match (u.locked, &u.locked_until) {
        (false, _) => format!("no ({} failed attempt(s) counted)", u.failed_attempts),
        (true, Some(t)) => format!("yes, until {t}"),
        (true, None) => "yes, until an administrator unlocks (mfactl user unlock)".into(),
    };
    let emergency = match (u.emergency_login, users::emergency_ineligibility(u)) {
        (false, _) => "off".to_string(),
        (true, None) => "on".to_string(),
        (true, Some(why)) => format!("on, but unusable: {why}"),
    };
    Human::Fields(vec![
        ("Name", u.name.clone()),
        ("Email", u.email.clone().unwrap_or_else(|| "(none)".into())),
        ("Source", format!("{:?}", u.source).to_lowercase()),
        (
            "Password",
            match (u.source, u.has_password) {
                (users::Source::Directory, _) => "kept in the directory",
                (_, true) => "set",
                (_, false) => "not set (mfactl user passwd)",
            }
            .into(),
        ),
        ("Administrator", admin_summary(u)),
        (
            "Groups",
            if u.groups.is_empty() {
                "(none)".into()
            } else {
                u.groups.join(", ")
            },
        ),
        ("Emergency login", emergency),
        ("MFA", mfa_summary(u)),
        ("Locked", lock),
        ("Added", u.created_at.clone()),
    ])
}

fn import(ctx: &Ctx, file: &std::path::Path) -> anyhow::Result<()> {
    let name = file.display().to_string();
    let (reader, size): (Box<dyn std::io::Read>, u64) = if name == "-" {
        (Box::new(std::io::stdin().lock()), 0)
    } else {
        let f = std::fs::File::open(file)
            .map_err(|e| Error::Invalid(format!("cannot read {name}: {e}")))?;
        if f.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(Error::Invalid(format!("{name} is a folder, not a CSV file")).into());
        }
        let size = f.metadata().map(|m| m.len()).unwrap_or(0);
        (Box::new(std::io::BufReader::new(f)), size)
    };
    let bar = if std::io::stderr().is_terminal() && !ctx.out.quiet && size > 0 {
        let bar = ProgressBar::new(size);
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {percent:>3}% {msg}") {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut store = ctx.open()?;
    let mut progress = |bytes: u64, users: u64| {
        bar.set_position(bytes.min(size));
        bar.set_message(format!("{users} users"));
    };
    let result = users::import_csv(&mut store, reader, &name, &mut progress);
    bar.finish_and_clear();
    let added = result?;
    ctx.out.show(serde_json::json!({ "imported": added }), |_| {
        Human::note(format!("imported {added} user(s) from {name}"))
    })
}
