//! Authentication: one-time codes, lockout, sessions, break-glass emergency
//! login, TOTP, emailed codes, backup codes, MFA verification and reset,
//! and `login`.

pub mod backup_codes;
pub mod codes;
pub mod email_code;
pub mod emergency;
pub mod lockout;
pub mod login;
pub mod mfa;
pub mod session;
mod stored_code;
pub mod totp;
