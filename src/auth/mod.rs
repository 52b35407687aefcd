//! Authentication: one-time codes, lockout, sessions and the break-glass
//! emergency login.

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
