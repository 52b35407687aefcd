//! One file per command group: each turns arguments into a library call and
//! the result into output.

pub mod audit;
pub mod group;
pub mod policy;
pub mod settings;
pub mod status;
pub mod user;
