//! The command line: parse, run one command through the library, print,
//! and map the error to an exit code.

pub mod args;
mod caller;
mod commands;
mod detach;
mod hints;
mod input;
mod interrupt;
mod output;
mod pam;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use mfactl::{Error, OpenOptions, Store};

use args::{Cli, Command};
pub use caller::Caller;
pub use output::Output;

/// The environment variables mfactl reads, read in this one place (clap
/// reads `MFACTL_DB` and `MFACTL_KEY_FILE` as the defaults of `--db` and
/// `--key-file`, documented in `--help`). The library reads none (but the
/// platform data folder of a non-root user's default store, through
/// `directories`), and none decides an authentication: `SSH_CLIENT` is not read at all, and
/// `SUDO_UID` only names whose account `self` acts on, when sudo runs
/// mfactl as root (see [`Caller::detect`]).
pub struct Environment {
    /// `NO_COLOR` is set and not empty.
    pub no_color: bool,
    /// Who runs mfactl.
    pub caller: Caller,
}

impl Environment {
    fn read() -> Environment {
        Environment {
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            caller: Caller::detect(std::env::var("SUDO_UID").ok().as_deref()),
        }
    }
}

/// What every command gets: the output, the store location and whether it
/// may prompt.
pub struct Ctx {
    /// Where data and diagnostics go.
    pub out: Output,
    /// `--no-input`: never prompt.
    pub no_input: bool,
    db: Option<PathBuf>,
    key_file: Option<PathBuf>,
    env: Environment,
}

impl Ctx {
    /// Opens (creating on first use) the store.
    pub fn open(&self) -> anyhow::Result<Store> {
        let (path, _) = self.paths()?;
        if self.out.verbose > 0 {
            self.out.note(&format!("store: {}", path.display()));
        }
        let actor = match &self.env.caller {
            Caller::Sudo { uid, name, .. } => mfactl::store::Actor::Named(format!(
                "{} (sudo)",
                name.clone().unwrap_or_else(|| format!("uid:{uid}"))
            )),
            _ => mfactl::store::Actor::Deferred(actor),
        };
        let mut opts = OpenOptions::new(path, actor);
        opts.key_path = self.key_file.clone();
        // Only root makes root's store: a user through sudo could otherwise
        // put an empty one (and its key) where the PAM module looks.
        opts.create = !matches!(self.env.caller, Caller::Sudo { .. });
        let store = Store::open(opts)?;
        if store.created() {
            // A mistyped --db would otherwise look like an empty store.
            self.out.note(&format!(
                "created a new store at {} (key file {})",
                store.path().display(),
                store.key_path().display()
            ));
        }
        Ok(store)
    }

    /// The store and key file this command uses.
    pub fn paths(&self) -> Result<(PathBuf, PathBuf), Error> {
        let path = match &self.db {
            Some(p) => p.clone(),
            None => mfactl::store::default_store_path()?,
        };
        let key = self
            .key_file
            .clone()
            .unwrap_or_else(|| mfactl::store::default_key_path(&path));
        Ok((path, key))
    }

    /// Where the person running mfactl is, for the audit log. Never taken
    /// from the environment: a network address comes only from PAM_RHOST
    /// (the PAM module) or `login --ip` given by root.
    pub fn source(&self) -> String {
        match &self.env.caller {
            Caller::Sudo { uid, .. } => format!("sudo (uid {uid})"),
            _ => "local terminal".to_string(),
        }
    }

    /// Who runs mfactl.
    pub fn caller(&self) -> &Caller {
        &self.env.caller
    }
}

/// The OS user running mfactl, recorded as the actor in the audit log.
fn actor() -> String {
    let uid = nix::unistd::getuid();
    match nix::unistd::User::from_uid(uid) {
        Ok(Some(user)) => user.name,
        _ => format!("uid:{uid}"),
    }
}

/// Delivers queued notifications after a command that queued some; a
/// failure leaves them queued and says so. Returns whether everything
/// queued went out, so that the command does not claim anyone was told
/// when they were not.
pub fn deliver_queued(ctx: &Ctx, store: &mut Store) -> bool {
    match mfactl::mail::flush(store) {
        Ok(r) if r.failure.is_some() => {
            ctx.out.warn(&format!(
                "{} notification(s) could not be sent and stay queued ({}); \
                 once mail works again, send them with: mfactl mail flush",
                r.pending,
                r.error.unwrap_or_default()
            ));
            false
        }
        Ok(_) => true,
        Err(e) => {
            ctx.out.warn(&format!(
                "notifications stay queued ({e}); once mail works again, send them with: \
                 mfactl mail flush"
            ));
            false
        }
    }
}

/// The process arguments, parsed.
fn parse() -> Result<Cli, clap::Error> {
    let mut cmd = general_usage(built());
    let mut matches = cmd.try_get_matches_from_mut(std::env::args_os())?;
    Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut cmd))
}

/// The command-line definitions, built (so each subcommand knows its full
/// name, `mfactl user add`).
fn built() -> clap::Command {
    let mut cmd = Cli::command();
    cmd.build();
    cmd
}

/// `cmd` and its subcommands with their usage fixed to the general form
/// `--help` shows. clap's errors would otherwise print a usage made of the
/// flags given, without brackets (`mfactl user add --email <ADDRESS>
/// <NAME>`), which makes optional flags look required.
fn general_usage(mut cmd: clap::Command) -> clap::Command {
    let usage = cmd.render_usage().to_string();
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage).to_string();
    cmd.override_usage(usage).mut_subcommands(general_usage)
}

/// Runs mfactl with the process arguments.
pub fn main() -> ExitCode {
    // Passwords and codes pass through this process: no core dump of it
    // (and no ptrace by the same user) may hold them. Failing to say so
    // is not a reason to refuse to run.
    let _ = nix::sys::prctl::set_dumpable(false);
    let cli = match parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are successes; anything else is usage.
            let code = if e.use_stderr() {
                mfactl::error::exit::USAGE
            } else {
                0
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let env = Environment::read();
    let ctx = Ctx {
        out: Output::new(cli.json, cli.quiet, cli.verbose, env.no_color),
        no_input: cli.no_input,
        db: cli.db,
        key_file: cli.key_file,
        env,
    };
    match run(&ctx, cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => ExitCode::from(report(&ctx.out, &e)),
    }
}

/// A user through sudo may run `self` commands on root's store and nothing
/// else; `self` is only for them.
fn check_caller(ctx: &Ctx, command: &Command) -> Result<(), Error> {
    let is_self = matches!(command, Command::SelfService(_));
    match (&ctx.env.caller, is_self) {
        (Caller::Sudo { uid, name, .. }, false) => Err(Error::Refused(format!(
            "through sudo, mfactl runs only `self` commands, for the user who ran sudo ({}); \
             administrators run mfactl as root, from a root shell",
            name.clone().unwrap_or_else(|| format!("uid {uid}"))
        ))),
        (Caller::Sudo { .. }, true) if ctx.db.is_some() || ctx.key_file.is_some() => {
            Err(Error::Invalid(
                "through sudo, `self` uses root's store: --db, --key-file, MFACTL_DB and \
                 MFACTL_KEY_FILE cannot be given"
                    .into(),
            ))
        }
        (Caller::Root | Caller::User, true) => Err(Error::Refused(
            "`mfactl self` acts on the account of the user who runs it through sudo \
             (sudo mfactl self …); as an administrator, name the user in the ordinary commands"
                .into(),
        )),
        _ => Ok(()),
    }
}

fn run(ctx: &Ctx, command: Command) -> anyhow::Result<()> {
    check_caller(ctx, &command)?;
    match command {
        Command::SelfService(c) => commands::self_service::run(ctx, c),
        Command::Status => commands::status::run(ctx),
        Command::Settings(c) => commands::settings::run(ctx, c),
        Command::User(c) => commands::user::run(ctx, c),
        Command::Group(c) => commands::group::run(ctx, c),
        Command::Policy(c) => commands::policy::run(ctx, c),
        Command::Audit(c) => commands::audit::run(ctx, c),
        Command::Emergency(c) => commands::emergency::run(ctx, c),
        Command::Session(c) => commands::session::run(ctx, c),
        Command::Mail(c) => commands::mail::run(ctx, c),
        Command::Mfa(c) => commands::mfa::run(ctx, c),
        Command::BackupCodes(c) => commands::backup_codes::run(ctx, c),
        Command::Login(a) => commands::login::run(ctx, a),
        Command::Pam(args::PamCommand::Daemon { socket }) => pam::daemon(ctx, &socket),
        Command::Pam(args::PamCommand::Helper) => pam::helper(),
        Command::Key(args::KeyCommand::Rotate) => {
            let mut store = ctx.open()?;
            let n = store.rotate_key()?;
            let path = store.key_path().display().to_string();
            ctx.out.show(
                serde_json::json!({ "key_file": path, "resealed": n }),
                |_| {
                    output::Human::note(format!(
                        "re-sealed {n} secret(s) under a new key in {path}; back up that file now \
                         (the old key no longer opens this store)"
                    ))
                },
            )
        }
    }
}

/// Prints the error and returns its exit code. A closed stdout (as in
/// `mfactl audit list | head`) is a quiet success.
fn report(out: &Output, e: &anyhow::Error) -> u8 {
    for cause in e.chain() {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::BrokenPipe {
                return 0;
            }
        }
    }
    // Print the chain of causes, skipping any a message already quotes.
    let mut message = e.to_string();
    for cause in e.chain().skip(1) {
        let text = cause.to_string();
        if !message.contains(&text) {
            message = format!("{message}: {text}");
        }
    }
    // The library's hint, as mfactl advice, last: `error: MESSAGE: mfactl …`.
    let error = e.chain().find_map(|c| c.downcast_ref::<Error>());
    out.error(&hints::with_hint(&message, error.and_then(Error::hint)));
    error.map_or(mfactl::error::exit::ERROR, Error::exit_code)
}
