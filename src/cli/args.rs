//! The command-line definitions. Self-contained (clap and std only) so the
//! generator of completions and man pages can include this file as is.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

const EXIT_CODES: &str = "\
Exit codes:
  0   success
  1   error (not found, exists already, store or key file problem, broken audit chain,
      \"no\" at a confirmation prompt)
  2   usage: bad flag, argument, input value or input file; input needed but --no-input
  3   authentication failed
  4   locked or rate limited
  5   refused by the settings or a policy
  69  mail server unavailable
  130 interrupted: Ctrl-C at a prompt (the terminal is restored)";

/// The heading global options are listed under, after a command's own.
const GLOBAL: &str = "Global options";

/// Administer multifactor authentication and break-glass emergency access.
#[derive(Debug, Parser)]
#[command(
    name = "mfactl",
    version,
    about,
    long_about = "Administer a server's multifactor authentication and break-glass emergency \
                  access: settings, users and groups, conditional-access policies and the \
                  audit log, kept in a local SQLite store.",
    after_help = EXIT_CODES,
    propagate_version = true
)]
pub struct Cli {
    /// The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]
    #[arg(
        long,
        global = true,
        env = "MFACTL_DB",
        hide_env_values = true,
        value_name = "PATH",
        help_heading = GLOBAL
    )]
    pub db: Option<PathBuf>,

    /// The key file that seals secrets [default: the store's path + .key]
    #[arg(
        long,
        global = true,
        env = "MFACTL_KEY_FILE",
        hide_env_values = true,
        value_name = "PATH",
        help_heading = GLOBAL
    )]
    pub key_file: Option<PathBuf>,

    /// Print data as JSON
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub json: bool,

    /// Never prompt: fail if input would be needed
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub no_input: bool,

    /// Print only data and errors
    #[arg(short, long, global = true, conflicts_with = "verbose", help_heading = GLOBAL)]
    pub quiet: bool,

    /// Say more about what is done (repeat for more)
    #[arg(short, long, global = true, action = ArgAction::Count, help_heading = GLOBAL)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Command,
}

/// The command groups.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the store, counts and health warnings
    Status,
    /// Read and change server settings
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Manage users
    #[command(subcommand)]
    User(UserCommand),
    /// Manage groups and their members
    #[command(subcommand)]
    Group(GroupCommand),
    /// Manage conditional-access policies
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Read and verify the audit log
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Break-glass emergency login with a code sent by email
    #[command(subcommand)]
    Emergency(EmergencyCommand),
    /// List, check and revoke login sessions
    #[command(subcommand)]
    Session(SessionCommand),
    /// Test the mail server and manage the notification queue
    #[command(subcommand)]
    Mail(MailCommand),
    /// Enrol, verify and reset multifactor authentication
    #[command(subcommand)]
    Mfa(MfaCommand),
    /// Generate and check backup codes
    #[command(subcommand)]
    BackupCodes(BackupCodesCommand),
    /// Manage the key file that seals secrets
    #[command(subcommand)]
    Key(KeyCommand),
    /// What the PAM module talks to: a daemon that keeps the store open, or a one-off helper
    #[command(subcommand)]
    Pam(PamCommand),
    /// Log in: password, then MFA as the policies require; prints a session token
    #[command(
        after_help = "In scripts, give the password and then the code on standard input, \
        one per line:\n  printf '%s\\n%s\\n' \"$PW\" \"$CODE\" | mfactl login alice --password-stdin --code-stdin --method totp"
    )]
    Login(LoginArgs),
    /// Your own account, through sudo: backup codes, authenticator app, sessions
    #[command(
        name = "self",
        subcommand,
        after_help = "Run through sudo by any user, for their own account only:\n  \
        sudo mfactl self backup-codes generate\n\
        The sudoers line that allows it:\n  \
        ALL ALL=(root) /usr/bin/mfactl self *\n\
        Root runs the administrative commands instead (mfactl backup-codes generate USER)."
    )]
    SelfService(SelfCommand),
}

/// `mfactl self …`
#[derive(Debug, Subcommand)]
pub enum SelfCommand {
    /// Your backup codes
    #[command(subcommand)]
    BackupCodes(SelfBackupCodesCommand),
    /// Your authenticator apps
    #[command(subcommand)]
    Mfa(SelfMfaCommand),
    /// Your login sessions
    Sessions {
        /// Include expired and revoked sessions
        #[arg(long)]
        all: bool,
    },
}

/// `mfactl self backup-codes …`
#[derive(Debug, Subcommand)]
pub enum SelfBackupCodesCommand {
    /// Confirm it is you, then get a new set of backup codes (the old set stops working)
    #[command(
        after_help = "At a terminal the codes are shown with options to save or copy them, and \
        kept only once you confirm. Without a terminal, the first line of standard input is \
        your password (or a code from your app) and the codes are printed on standard output."
    )]
    Generate,
    /// How many of your backup codes remain
    Status,
}

/// `mfactl self mfa …`
#[derive(Debug, Subcommand)]
pub enum SelfMfaCommand {
    /// Confirm it is you, then start enrolling an authenticator app (QR code, URI, key)
    Enroll {
        /// A name for this app, to hold more than one [default: totp]
        #[arg(long, value_name = "NAME")]
        label: Option<String>,
    },
    /// Confirm your enrolment with a first valid code from the app
    Confirm {
        /// Read the code from standard input
        #[arg(long)]
        code_stdin: bool,
    },
    /// List your authenticators
    List,
    /// Ask an administrator to reset your MFA (you lost your device)
    ResetRequest,
}

/// `mfactl key …`
#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Replace the key: re-seal every secret under a new key, in one transaction
    #[command(
        after_help = "Back up the new key file afterwards: the old one no longer opens \
        the store's secrets. If mfactl stops midway, the next command finishes the rotation."
    )]
    Rotate,
}

/// `mfactl pam …`
#[derive(Debug, Subcommand)]
pub enum PamCommand {
    /// Serve pam_mfactl on a Unix socket, keeping stores open (fast logins)
    #[command(
        after_help = "Run as root, usually by systemd (mfactl-pam.service). Only root may \
        connect: the socket is made mode 0600 in a folder of mode 0700. The module names the \
        store and key file in its arguments; the daemon opens each once and checks before \
        every login that the files are still the same ones."
    )]
    Daemon {
        /// The socket to listen on
        #[arg(long, value_name = "PATH", default_value = mfactl::pam_wire::DEFAULT_SOCKET)]
        socket: PathBuf,
    },
    /// Serve one PAM call on standard input and output (what pam_mfactl runs when no daemon listens)
    Helper,
}

/// `mfactl login …`
#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The user name
    pub user: String,
    /// Read the password from the first line of standard input
    #[arg(long)]
    pub password_stdin: bool,
    /// Read the MFA code from (the next line of) standard input
    #[arg(long)]
    pub code_stdin: bool,
    /// The MFA method: totp, email or backup-code [default: the user's own]
    #[arg(long, value_name = "METHOD")]
    pub method: Option<String>,
    /// Where the login comes from, for network policies (root only) [default: this machine]
    #[arg(long, value_name = "ADDR")]
    pub ip: Option<String>,
}

/// `mfactl mfa …`
#[derive(Debug, Subcommand)]
pub enum MfaCommand {
    /// Start enrolling an authenticator app: shows a QR code, the URI and the key
    Enroll {
        /// The user name
        user: String,
        /// The authenticator to enrol
        #[arg(long, default_value = "totp", value_name = "METHOD")]
        method: String,
        /// Also write the QR code as an SVG file (mode 0600: it holds the secret)
        #[arg(long, value_name = "FILE")]
        qr_svg: Option<PathBuf>,
        /// A name for this authenticator, to hold more than one [default: the method]
        #[arg(long, value_name = "NAME")]
        label: Option<String>,
    },
    /// List a user's authenticators (credentials) with their ids
    List {
        /// The user name
        user: String,
    },
    /// Remove one authenticator of a user by id (the user is emailed)
    Remove {
        /// The user name
        user: String,
        /// The credential's id, from `mfactl mfa list`
        id: i64,
    },
    /// Confirm an enrolment with a first valid code; the authenticator then works
    Confirm {
        /// The user name
        user: String,
        /// Read the code from standard input
        #[arg(long)]
        code_stdin: bool,
    },
    /// Send a one-time code by email
    Challenge {
        /// The user name
        user: String,
        /// How to send it
        #[arg(long, default_value = "email", value_name = "METHOD")]
        method: String,
    },
    /// Check an MFA code (exit 0 valid, 3 invalid, 4 locked)
    Verify {
        /// The user name
        user: String,
        /// totp, email or backup-code [default: the user's own method]
        #[arg(long, value_name = "METHOD")]
        method: Option<String>,
        /// Read the code from standard input
        #[arg(long)]
        code_stdin: bool,
    },
    /// Clear a user's MFA enrolments and backup codes (the user is emailed)
    Reset {
        /// The user name
        user: String,
    },
    /// Ask for an MFA reset for a user who lost their device (emails mfa.reset_recipient)
    ResetRequest {
        /// The user name
        user: String,
    },
}

/// `mfactl backup-codes …`
#[derive(Debug, Subcommand)]
pub enum BackupCodesCommand {
    /// Generate a new set of backup codes (the old set stops working)
    #[command(
        after_help = "On a terminal the user re-authenticates, sees the codes, can save \
        or copy them, and confirms having stored them. With --no-input (or no terminal) the codes \
        go to --output FILE (mode 0600) or standard output, for administrators."
    )]
    Generate {
        /// The user name
        user: String,
        /// Write the codes to this new file (mode 0600), with a header: user, server, date, how many
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Show how many backup codes remain
    Status {
        /// The user name
        user: String,
    },
}

/// `mfactl emergency …`
#[derive(Debug, Subcommand)]
pub enum EmergencyCommand {
    /// Ask for an emergency code, sent to the user's email address
    #[command(
        after_help = "The reply is the same whether or not the user exists or may use \
        emergency login. Directory users give their UPN (name@domain)."
    )]
    Request {
        /// The user name (directory users: name@domain)
        user: String,
    },
    /// Log in with an emergency code (hidden prompt, or --code-stdin)
    Login {
        /// The user name (directory users: name@domain)
        user: String,
        /// Read the code from standard input
        #[arg(long)]
        code_stdin: bool,
    },
    /// Show whether a user can use emergency login, and what is missing
    Status {
        /// The user name
        user: String,
    },
}

/// `mfactl session …`
#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// List active sessions, newest first
    List {
        /// Only this user's sessions
        #[arg(long)]
        user: Option<String>,
        /// Include expired and revoked sessions
        #[arg(long)]
        all: bool,
    },
    /// Check a session token read from standard input (exit 0 valid, 3 not)
    Check,
    /// Revoke a session, or every session of a user
    #[command(group(clap::ArgGroup::new("which").required(true).args(["id", "user"])))]
    Revoke {
        /// The session id (from `session list`)
        id: Option<i64>,
        /// Revoke every session of this user
        #[arg(long, conflicts_with = "id")]
        user: Option<String>,
    },
}

/// `mfactl mail …`
#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Send a test message and show the server's answer
    Test {
        /// The recipient
        #[arg(long, value_name = "ADDRESS")]
        to: String,
    },
    /// List notifications waiting for delivery
    Queue,
    /// Try to deliver the waiting notifications now
    Flush,
}

/// Settings file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FileFormat {
    /// TOML
    Toml,
    /// JSON
    Json,
}

/// `mfactl settings …`
#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Show every setting with its value and default
    Show,
    /// Print one setting's value
    Get {
        /// The setting, e.g. smtp.host
        key: String,
    },
    /// Change a setting (secrets: from a hidden prompt or --stdin only)
    #[command(
        after_help = "Examples:\n  mfactl settings set smtp.host mail.example.com\n  \
        mfactl settings set authentication.emergency_code.lifetime 15m\n  \
        printf '%s' \"$SMTP_PASSWORD\" | mfactl settings set smtp.password --stdin"
    )]
    Set {
        /// The setting, e.g. smtp.host
        key: String,
        /// The new value (never for secrets)
        #[arg(conflicts_with = "stdin", allow_hyphen_values = true)]
        value: Option<String>,
        /// Read the value from standard input (the way to give a secret in scripts)
        #[arg(long)]
        stdin: bool,
    },
    /// Return a setting to its default
    Unset {
        /// The setting, e.g. smtp.host
        key: String,
    },
    /// Print every non-secret setting as TOML or JSON
    Export {
        /// Output format [default: toml, or json with --json]
        #[arg(long, value_enum)]
        format: Option<FileFormat>,
    },
    /// Apply a TOML or JSON settings file: all of it, or nothing if any key is bad
    Import {
        /// The file ("-" for standard input)
        file: PathBuf,
        /// Its format [default: from the extension, else TOML]
        #[arg(long, value_enum)]
        format: Option<FileFormat>,
    },
}

/// `mfactl user …`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user
    #[command(
        after_help = "Examples:\n  mfactl user add alice --email alice@example.com --admin\n  \
        mfactl user add bob@corp.example.com --directory\n  \
        printf '%s' \"$PW\" | mfactl user add carol --password-stdin"
    )]
    Add {
        /// The user name (directory users: UPN form, name@domain)
        name: String,
        /// Email address
        #[arg(long, value_name = "ADDRESS")]
        email: Option<String>,
        /// Make the user a direct administrator
        #[arg(long)]
        admin: bool,
        /// A directory user (password kept in the directory)
        #[arg(long)]
        directory: bool,
        /// Read the local password from standard input
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users
    List,
    /// Show one user
    Show {
        /// The user name
        name: String,
    },
    /// Change a user
    #[command(
        after_help = "Examples:\n  mfactl user set alice --email alice@example.com --admin true --emergency-login on\n  \
        mfactl user set bob --mfa-type totp"
    )]
    Set {
        /// The user name
        name: String,
        /// New email address
        #[arg(long, value_name = "ADDRESS", conflicts_with = "no_email")]
        email: Option<String>,
        /// Remove the email address
        #[arg(long)]
        no_email: bool,
        /// Direct administrator flag
        #[arg(long, value_name = "true|false", value_parser = parse_switch)]
        admin: Option<bool>,
        /// Emergency login (direct administrators with an email only)
        #[arg(long, value_name = "on|off", value_parser = parse_switch)]
        emergency_login: Option<bool>,
        /// MFA type: default, none, or an enabled authenticator
        #[arg(long, value_name = "TYPE")]
        mfa_type: Option<String>,
    },
    /// Remove a user
    Remove {
        /// The user name
        name: String,
    },
    /// Set a local user's password (hidden prompt, or --password-stdin)
    Passwd {
        /// The user name
        name: String,
        /// Read the password from standard input
        #[arg(long)]
        password_stdin: bool,
    },
    /// Clear a user's lockout and failure count
    Unlock {
        /// The user name
        name: String,
    },
    /// Add users from a CSV file (header: name,email,admin,directory,groups)
    Import {
        /// The CSV file ("-" for standard input)
        file: PathBuf,
    },
}

/// `mfactl group …`
#[derive(Debug, Subcommand)]
pub enum GroupCommand {
    /// Add a group
    Add {
        /// The group name
        name: String,
        /// Members are administrators through this group
        #[arg(long)]
        admin: bool,
    },
    /// Remove a group (its memberships go with it)
    Remove {
        /// The group name
        name: String,
    },
    /// List groups and their members
    List,
    /// Add a user to a group
    AddMember {
        /// The group name
        group: String,
        /// The user name
        user: String,
    },
    /// Remove a user from a group
    RemoveMember {
        /// The group name
        group: String,
        /// The user name
        user: String,
    },
}

/// What a policy applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyTarget {
    /// Whether a user may log in
    Login,
    /// Whether a user must pass MFA
    Mfa,
}

/// What a policy decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyAction {
    /// Allow login (target login)
    Allow,
    /// Deny login (target login)
    Deny,
    /// Require MFA (target mfa)
    Required,
    /// Skip MFA (target mfa)
    Skipped,
}

/// `mfactl policy …`
#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Add a policy at the end of the list
    #[command(
        after_help = "Conditions of different kinds must all hold; within a kind, any \
        may. A policy without conditions applies to everyone.\n\nExamples:\n  \
        mfactl policy add office --target mfa --ip 10.0.0.0/8 --action skipped\n  \
        mfactl policy add admins-mfa --target mfa --admins --action required\n  \
        mfactl policy add no-contractors --target login --group contractors --action deny"
    )]
    Add(PolicyAdd),
    /// List policies in evaluation order
    List,
    /// Remove a policy
    Remove {
        /// The policy name
        name: String,
    },
    /// Move a policy to another place in the evaluation order
    Move {
        /// The policy name
        name: String,
        /// The new place, from 1
        #[arg(long, value_name = "N")]
        position: i64,
    },
    /// Show which policy applies to a user and the outcome
    Test {
        /// The user name
        user: String,
        /// The source address
        #[arg(long, value_name = "ADDR")]
        ip: Option<String>,
    },
}

/// `mfactl policy add …`
#[derive(Debug, Args)]
pub struct PolicyAdd {
    /// The policy name
    pub name: String,
    /// What the policy applies to
    #[arg(long, value_enum)]
    pub target: PolicyTarget,
    /// What it decides: allow|deny for login, required|skipped for mfa
    #[arg(long, value_enum)]
    pub action: PolicyAction,
    /// Applies to this user (repeatable)
    #[arg(long = "user", value_name = "USER")]
    pub users: Vec<String>,
    /// Applies to members of this group (repeatable)
    #[arg(long = "group", value_name = "GROUP")]
    pub groups: Vec<String>,
    /// Applies to administrators
    #[arg(long)]
    pub admins: bool,
    /// Applies to logins from this network, e.g. 10.0.0.0/8 (repeatable)
    #[arg(long = "ip", value_name = "CIDR")]
    pub networks: Vec<String>,
}

/// `mfactl audit …`
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// List audit entries, oldest first
    #[command(after_help = "Examples:\n  mfactl audit list --since 24h\n  \
        mfactl audit list --user alice --action user --json")]
    List {
        /// Entries whose actor or target is this user
        #[arg(long)]
        user: Option<String>,
        /// Entries with this action or under it (user matches user.add)
        #[arg(long)]
        action: Option<String>,
        /// Entries since a duration ago (24h, 7d) or a date (2026-11-01, RFC 3339)
        #[arg(long, value_name = "WHEN")]
        since: Option<String>,
        /// Only the newest N entries
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
    },
    /// Check the hash chain; names the first broken entry
    Verify,
}

/// Parses on/off, true/false, yes/no, 1/0.
pub fn parse_switch(s: &str) -> Result<bool, String> {
    match s.to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Ok(true),
        "false" | "no" | "off" | "0" => Ok(false),
        _ => Err(format!("`{s}` is not on/off or true/false")),
    }
}
