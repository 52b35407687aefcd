//! What the store holds, in numbers.

use serde::Serialize;

/// Counts of what the store holds.
#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    /// Users.
    pub users: i64,
    /// Administrators, direct or through a group.
    pub administrators: i64,
    /// Users with emergency login enabled.
    pub emergency_login: i64,
    /// Users locked now.
    pub locked: i64,
    /// Groups.
    pub groups: i64,
    /// Conditional-access policies.
    pub policies: i64,
    /// Audit entries.
    pub audit_entries: i64,
    /// Notifications waiting for delivery.
    pub queued_mail: i64,
    /// Active sessions.
    pub active_sessions: i64,
}
