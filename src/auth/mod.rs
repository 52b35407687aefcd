//! Authentication: one-time codes, lockout, sessions and the break-glass
//! emergency login.

pub mod codes;
pub mod emergency;
pub mod lockout;
pub mod session;
