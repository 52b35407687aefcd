//! The integration tests: one binary, one module per area (what was one file under
//! `tests/` each), and the helpers they share in `common`.

// The clap definitions of the binary, walked by `generated`, `bad_input`
// and `secrets`.
#[path = "../../src/cli/args.rs"]
mod args;
mod common;

mod architecture;
mod backup_codes;
mod bad_input;
mod cli_audit;
mod cli_policy;
mod cli_settings;
mod cli_users;
mod deb;
mod emergency;
mod fuzz_parsers;
mod generated;
mod hardening;
mod key_rotation;
mod login;
mod mail;
mod mfa_totp;
mod pam_daemon;
mod pam_module;
mod pam_sshd;
mod prompts;
mod races;
mod regressions;
mod secrets;
mod self_service;
mod sessions;
mod smoke;
mod snapshots;
mod stress;
mod upgrade;
