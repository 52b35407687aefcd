//! `sudo mfactl self …`: a user's own account, reached through sudo. The
//! account is the invoking user's (checked in `cli::check_caller`); the
//! user confirms who they are before new codes or a new authenticator.

use std::io::IsTerminal;

use mfactl::auth::login;
use mfactl::auth::{backup_codes as codes, codes as format};
use mfactl::users::{self, User};
use mfactl::{Error, Store};

use super::{backup_codes, mfa, session};
use crate::cli::args::{
    BackupCodesCommand, MfaCommand, SelfBackupCodesCommand, SelfCommand, SelfMfaCommand,
    SessionCommand,
};
use crate::cli::output::Human;
use crate::cli::{deliver_queued, input, Caller, Ctx};

pub fn run(ctx: &Ctx, command: SelfCommand) -> anyhow::Result<()> {
    let me = invoking_user(ctx)?;
    match command {
        SelfCommand::BackupCodes(SelfBackupCodesCommand::Generate) => generate(ctx, &me),
        SelfCommand::BackupCodes(SelfBackupCodesCommand::Status) => {
            backup_codes::run(ctx, BackupCodesCommand::Status { user: me })
        }
        SelfCommand::Mfa(SelfMfaCommand::Enroll { label }) => {
            // Bad input is refused before anything is asked or recorded.
            if let Some(label) = &label {
                mfactl::auth::totp::check_label(label)?;
            }
            let mut store = ctx.open()?;
            let user = users::show(&store, &me)?;
            if login::reauth_factor(&store, &user)?.is_some() {
                backup_codes::reauthenticate(ctx, &mut store, &user, from_stdin(ctx)?)?;
            } else if holds_a_factor(&store, &user)? {
                return Err(Error::Refused(format!(
                    "`{me}` has a second factor but no password or app code to confirm it is \
                     you here; ask an administrator to enrol your new app"
                ))
                .into());
            }
            // Otherwise this is the first factor of a user without a
            // password: sudo vouched for them.
            drop(store);
            let confirm = "sudo mfactl self mfa confirm";
            mfa::enroll(ctx, &me, "totp", None, label.as_deref(), confirm)
        }
        SelfCommand::Mfa(SelfMfaCommand::Confirm { code_stdin }) => mfa::run(
            ctx,
            MfaCommand::Confirm {
                user: me,
                code_stdin,
            },
        ),
        SelfCommand::Mfa(SelfMfaCommand::List) => mfa::run(ctx, MfaCommand::List { user: me }),
        SelfCommand::Mfa(SelfMfaCommand::ResetRequest) => {
            mfa::run(ctx, MfaCommand::ResetRequest { user: me })
        }
        SelfCommand::Sessions { all } => session::run(
            ctx,
            SessionCommand::List {
                user: Some(me),
                all,
            },
        ),
    }
}

/// The mfactl account of the user who ran sudo: the one named like their
/// login (as the PAM module looks users up).
fn invoking_user(ctx: &Ctx) -> Result<String, Error> {
    match ctx.caller() {
        Caller::Sudo {
            name: Some(name), ..
        } => Ok(name.clone()),
        Caller::Sudo { uid, .. } => Err(Error::Refused(format!(
            "uid {uid}, who ran sudo, has no login name: there is no account to act on"
        ))),
        // `check_caller` lets only sudo callers reach `self`.
        _ => Err(Error::Refused(
            "`mfactl self` runs only through sudo".into(),
        )),
    }
}

/// The re-authentication secret: `None` to prompt at a terminal, else the
/// first line of standard input.
fn from_stdin(ctx: &Ctx) -> Result<Option<mfactl::crypto::Secret>, Error> {
    if std::io::stdin().is_terminal() && !ctx.no_input {
        return Ok(None);
    }
    input::StdinLines::read()?
        .next("password or app code (to confirm it is you)")
        .map(Some)
}

/// New backup codes for the invoking user: at a terminal the interactive
/// flow (confirm it is you, show, save, confirm stored); without one, the
/// secret from standard input and the codes on standard output.
fn generate(ctx: &Ctx, me: &str) -> anyhow::Result<()> {
    let mut store = ctx.open()?;
    let (user, new) = codes::generate(&mut store, me)?;
    match from_stdin(ctx)? {
        None if !ctx.out.json => backup_codes::interactive_generate(ctx, &mut store, &user, &new)?,
        given => scripted(ctx, &mut store, &user, &new, given)?,
    }
    deliver_queued(ctx, &mut store);
    Ok(())
}

fn scripted(
    ctx: &Ctx,
    store: &mut Store,
    user: &User,
    new: &[mfactl::crypto::Secret],
    given: Option<mfactl::crypto::Secret>,
) -> anyhow::Result<()> {
    backup_codes::reauthenticate(ctx, store, user, given)?;
    codes::save(store, user, new, &format!("user {}", user.name))?;
    let shown: Vec<String> = new
        .iter()
        .map(|c| format::format_code(c.expose()))
        .collect();
    let json = serde_json::json!({ "user": user.name, "codes": shown });
    ctx.out.show(json, |_| Human::text(shown.join("\n")))
}

/// Whether the user holds any second factor (an active authenticator of any
/// kind, or backup codes).
fn holds_a_factor(store: &Store, user: &User) -> Result<bool, Error> {
    Ok(user.enrolments.iter().any(|e| e.state == "active")
        || codes::status(store, &user.name)?.remaining > 0)
}
