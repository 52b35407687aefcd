//! One file per command group: each turns arguments into a library call and
//! the result into output.

pub mod audit;
pub mod backup_codes;
pub mod emergency;
pub mod group;
pub mod login;
pub mod mail;
pub mod mfa;
pub mod policy;
pub mod self_service;
pub mod session;
pub mod settings;
pub mod status;
pub mod user;
