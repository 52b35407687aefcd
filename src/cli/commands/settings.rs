//! `mfactl settings …`

use mfactl::settings::{self, Format, Kind, NewValue};
use mfactl::Error;

use crate::cli::args::{FileFormat, SettingsCommand};
use crate::cli::input;
use crate::cli::output::Human;
use crate::cli::Ctx;

fn format(f: FileFormat) -> Format {
    match f {
        FileFormat::Toml => Format::Toml,
        FileFormat::Json => Format::Json,
    }
}

pub fn run(ctx: &Ctx, command: SettingsCommand) -> anyhow::Result<()> {
    match command {
        SettingsCommand::Show => show(ctx),
        SettingsCommand::Get { key } => get(ctx, &key),
        SettingsCommand::Set { key, value, stdin } => set(ctx, &key, value, stdin),
        SettingsCommand::Unset { key } => {
            let mut store = ctx.open()?;
            let changed = settings::unset(&mut store, &key)?;
            report(ctx, &store, &key, changed)
        }
        SettingsCommand::Export { format: f } => {
            let store = ctx.open()?;
            let f = f.map_or(
                if ctx.out.json {
                    Format::Json
                } else {
                    Format::Toml
                },
                format,
            );
            let text = settings::export(&store, f)?;
            if f == Format::Toml {
                ctx.out.line(
                    "# mfactl settings. Secrets are not exported: set them with\n\
                     # `mfactl settings set KEY --stdin`.\n",
                )?;
            }
            Ok(ctx.out.line(text.trim_end())?)
        }
        SettingsCommand::Import { file, format: f } => {
            let text = input::text_file(&file)?;
            let f = f.map_or_else(|| Format::from_path(&file), format);
            let mut store = ctx.open()?;
            let changed = settings::import(&mut store, &text, f)?;
            ctx.out
                .show(serde_json::json!({ "changed": changed }), |_| {
                    Human::note(format!(
                        "imported {}: {changed} setting(s) changed",
                        file.display()
                    ))
                })
        }
    }
}

fn show(ctx: &Ctx) -> anyhow::Result<()> {
    let store = ctx.open()?;
    ctx.out.show(settings::show(&store)?, |all| {
        Human::table(
            ["KEY (* = changed)", "VALUE", "DEFAULT"],
            all.into_iter().map(|s| {
                let marker = if s.is_set { "*" } else { "" };
                [format!("{}{marker}", s.key), s.value, s.default]
            }),
        )
    })
}

fn get(ctx: &Ctx, key: &str) -> anyhow::Result<()> {
    let store = ctx.open()?;
    ctx.out
        .show(settings::get(&store, key)?, |view| Human::text(view.value))
}

fn set(ctx: &Ctx, key: &str, value: Option<String>, stdin: bool) -> anyhow::Result<()> {
    let def = settings::lookup(key)?;
    let value = match (def.kind, value, stdin) {
        (Kind::Secret, None, true) => NewValue::Secret(input::secret_from_stdin(key)?),
        (Kind::Secret, None, false) => NewValue::Secret(input::prompt_secret(
            ctx,
            key,
            true,
            &format!("give it on standard input: mfactl settings set {key} --stdin"),
        )?),
        (_, None, true) => NewValue::Plain(input::secret_from_stdin(key)?.expose().to_string()),
        (_, None, false) => {
            return Err(Error::Invalid(format!(
                "no value given for {key}; write `mfactl settings set {key} VALUE` or pass --stdin"
            ))
            .into())
        }
        (_, Some(v), _) => NewValue::Plain(v),
    };
    let mut store = ctx.open()?;
    let changed = settings::set(&mut store, key, value)?;
    report(ctx, &store, key, changed)
}

fn report(ctx: &Ctx, store: &mfactl::Store, key: &str, changed: bool) -> anyhow::Result<()> {
    ctx.out.show(settings::get(store, key)?, |view| {
        Human::note(if changed {
            format!("{key} = {}", view.value)
        } else {
            format!("{key} is already {} (unchanged)", view.value)
        })
    })
}
