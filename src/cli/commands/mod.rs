//! One file per command group: each turns arguments into a library call and
//! the result into output.

pub mod audit;
pub mod emergency;
pub mod group;
pub mod mail;
pub mod policy;
pub mod session;
pub mod settings;
pub mod status;
pub mod user;
