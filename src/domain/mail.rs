//! Messages and the outbox queue.

use serde::Serialize;

/// A plain-text message. Its `Debug` leaves the body out: it may hold a code.
#[derive(Clone)]
pub struct Email {
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

impl std::fmt::Debug for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Email")
            .field("to", &self.to)
            .field("subject", &self.subject)
            .field("body", &"<redacted>")
            .finish()
    }
}

/// A queued message.
#[derive(Debug, Clone, Serialize)]
pub struct Pending {
    /// Queue id.
    pub id: i64,
    /// When it was queued (RFC 3339).
    pub queued_at: String,
    /// Recipient.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// Delivery attempts so far.
    pub attempts: i64,
    /// The last delivery error.
    pub last_error: Option<String>,
}
