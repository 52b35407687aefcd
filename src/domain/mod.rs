//! The plain types every layer shares: users, credentials, methods,
//! states, failure reasons and audit actions. Nothing here touches the
//! store or knows the command line.

pub mod audit;
pub mod audit_action;
pub mod auth;
pub mod config;
pub mod group;
pub mod mail;
pub mod policy;
pub(crate) mod settings;
pub mod status;
pub mod user;
