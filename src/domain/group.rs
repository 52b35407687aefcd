//! A group as the store holds it.

use serde::Serialize;

/// A group and its members.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The group's name.
    pub name: String,
    /// Whether members are administrators through it.
    pub admin: bool,
    /// Member user names, sorted.
    pub members: Vec<String>,
}
