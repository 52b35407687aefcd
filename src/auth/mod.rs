//! Authentication: the one attempt path and its authenticators, lockout,
//! sessions, break-glass emergency login, TOTP enrolment, emailed codes,
//! backup codes, MFA verification and reset, and `login`.

pub mod attempt;
pub mod backup_codes;
pub mod codes;
pub mod email_code;
pub mod emergency;
pub mod lockout;
pub mod login;
pub mod methods;
pub mod mfa;
pub mod rate;
pub mod second_factor;
pub mod session;
pub mod totp;
