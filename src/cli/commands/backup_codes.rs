//! `mfactl backup-codes …`

use std::io::{IsTerminal, Write};
use std::path::Path;

use mfactl::auth::login::{self, Reauth};
use mfactl::auth::{backup_codes, codes};
use mfactl::clock::format_time;
use mfactl::crypto::Secret;
use mfactl::users::User;
use mfactl::{Error, Store};
use zeroize::Zeroizing;

use crate::cli::args::BackupCodesCommand;
use crate::cli::caller::with_callers_rights;
use crate::cli::output::Human;
use crate::cli::{deliver_queued, input, interrupt, Ctx};

pub fn run(ctx: &Ctx, command: BackupCodesCommand) -> anyhow::Result<()> {
    match command {
        BackupCodesCommand::Generate { user, output } => {
            let mut store = ctx.open()?;
            let (user, codes) = backup_codes::generate(&mut store, &user)?;
            let interactive = !ctx.no_input
                && std::io::stdin().is_terminal()
                && output.is_none()
                && !ctx.out.json;
            if interactive {
                interactive_generate(ctx, &mut store, &user, &codes)?;
            } else {
                scripted_generate(ctx, &mut store, &user, &codes, output.as_deref())?;
            }
            deliver_queued(ctx, &mut store);
            Ok(())
        }
        BackupCodesCommand::Status { user } => {
            let store = ctx.open()?;
            let st = backup_codes::status(&store, &user)?;
            ctx.out.show(st, |st| {
                let mut human = vec![Human::text(match &st.generated_at {
                    None => format!("{} has no backup codes", st.user),
                    Some(t) => format!(
                        "{} of {} backup codes remain (generated {t})",
                        st.remaining, st.total
                    ),
                })];
                if st.low {
                    human.push(Human::warn(format!(
                        "few backup codes remain: mfactl backup-codes generate {}",
                        st.user
                    )));
                }
                Human::All(human)
            })
        }
    }
}

/// The sheet of new codes, as shown at the terminal and saved to a file:
/// whose they are, for which server, when they were made and how many,
/// then the numbered codes.
fn sheet(store: &Store, user: &User, codes: &[Secret]) -> Zeroizing<String> {
    let mut text = Zeroizing::new(format!(
        "Backup codes for {} on {}\n\
         Generated {}: {} codes. Each works once, in any order.\n\n",
        user.name,
        mfactl::mail::hostname(),
        format_time(store.now()),
        codes.len()
    ));
    text.push_str(&shown(codes));
    text
}

pub fn shown(codes: &[Secret]) -> Zeroizing<String> {
    let mut text = String::new();
    for (i, c) in codes.iter().enumerate() {
        text.push_str(&format!(
            "{:>2}. {}\n",
            i + 1,
            codes::format_code(c.expose())
        ));
    }
    Zeroizing::new(text)
}

/// For administrators and scripts: the codes go to a new 0600 file or to
/// stdout; the set is saved only once they have been written out.
fn scripted_generate(
    ctx: &Ctx,
    store: &mut Store,
    user: &User,
    codes: &[Secret],
    output: Option<&Path>,
) -> anyhow::Result<()> {
    let formatted: Vec<String> = codes
        .iter()
        .map(|c| codes::format_code(c.expose()))
        .collect();
    let by = format!("operator {}", store.actor());
    if let Some(path) = output {
        let text = if ctx.out.json {
            Zeroizing::new(
                serde_json::json!({ "user": user.name, "codes": formatted }).to_string() + "\n",
            )
        } else {
            sheet(store, user, codes)
        };
        input::write_private_file(path, text.as_bytes())?;
        if let Err(e) = backup_codes::save(store, user, codes, &by) {
            let _ = std::fs::remove_file(path);
            return Err(e.into());
        }
        ctx.out.note(&format!(
            "{} backup codes for {} written to {}",
            codes.len(),
            user.name,
            path.display()
        ));
        return Ok(());
    }
    backup_codes::save(store, user, codes, &by)?;
    let json = serde_json::json!({ "user": user.name, "codes": formatted });
    ctx.out.show(json, |_| Human::text(formatted.join("\n")))
}

/// For the user at a terminal: re-authenticate, show, offer to save or
/// copy, and store the set only once they confirm having kept it.
pub fn interactive_generate(
    ctx: &Ctx,
    store: &mut Store,
    user: &User,
    codes: &[Secret],
) -> anyhow::Result<()> {
    reauthenticate(ctx, store, user, None)?;
    let sheet = sheet(store, user, codes);
    let mut out = std::io::stdout().lock();
    writeln!(out, "\n{}", *sheet)?;
    drop(out);
    interrupt::guard();
    loop {
        let choice = dialoguer::Select::new()
            .with_prompt("Keep them somewhere safe")
            .items(&[
                "Save to a file (readable only by you)",
                "Copy to the clipboard (terminal)",
                "Done",
            ])
            .default(0)
            .interact()
            .map_err(|e| input::prompt_failed(e, "menu failed"))?;
        match choice {
            0 => {
                let path: String = dialoguer::Input::new()
                    .with_prompt("File name")
                    .default(format!(
                        "mfactl-backup-codes-{}.txt",
                        user.name.replace(['@', '/'], "_")
                    ))
                    .interact_text()
                    .map_err(|e| input::prompt_failed(e, "reading the file name failed"))?;
                // Through sudo, with the user's own rights: the file is
                // theirs, and only where they may write.
                let saved = with_callers_rights(ctx.caller(), || {
                    input::write_private_file(Path::new(&path), sheet.as_bytes())
                })
                .map_err(|e| Error::io("cannot take on your rights to save the file", e))
                .and_then(|written| written);
                match saved {
                    Ok(()) => ctx.out.note(&format!("saved to {path} (mode 0600)")),
                    Err(e) => ctx.out.warn(&e.to_string()),
                }
            }
            1 => {
                // OSC 52 asks the terminal to put text on the clipboard;
                // it works over SSH too, where there is no local clipboard.
                let b64 = base64_encode(sheet.as_bytes());
                let mut err = std::io::stderr().lock();
                write!(err, "\x1b]52;c;{}\x07", *b64)?;
                ctx.out
                    .note("sent to the terminal's clipboard (if your terminal allows it)");
            }
            _ => break,
        }
    }
    let stored = dialoguer::Confirm::new()
        .with_prompt("They will not be shown again. Have you stored these codes somewhere safe?")
        .default(false)
        .wait_for_newline(true)
        .interact()
        .map_err(|e| input::prompt_failed(e, "confirmation failed"))?;
    if !stored {
        return Err(Error::Cancelled(
            "not confirmed: the new codes were discarded (delete any file you saved them to); \
             the user's previous backup codes, if any, still work"
                .into(),
        )
        .into());
    }
    backup_codes::save(store, user, codes, &format!("user {}", user.name))?;
    ctx.out
        .note("saved: these codes are now your backup codes, and any earlier ones no longer work");
    Ok(())
}

fn base64_encode(bytes: &[u8]) -> Zeroizing<String> {
    use base64::Engine;
    Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// The user proves who they are before seeing new codes: with the secret
/// already read (`given`), or at a prompt.
pub fn reauthenticate(
    ctx: &Ctx,
    store: &mut Store,
    user: &User,
    given: Option<Secret>,
) -> anyhow::Result<()> {
    let Some(factor) = login::reauth_factor(store, user)? else {
        return Err(Error::Refused(format!(
            "`{}` has no password or authenticator to confirm who they are; an administrator can \
             generate codes with --no-input --output FILE",
            user.name
        ))
        .into());
    };
    if let Some(secret) = given {
        login::reauthenticate(store, user, factor, &secret, &ctx.source())?;
        return Ok(());
    }
    let prompt = match factor {
        Reauth::Password => format!("Password for {} (to confirm it is you)", user.name),
        Reauth::Totp => "Code from your authenticator app (to confirm it is you)".to_string(),
    };
    let secret = input::prompt_secret(ctx, &prompt, false, "")?;
    login::reauthenticate(store, user, factor, &secret, &ctx.source())?;
    Ok(())
}
