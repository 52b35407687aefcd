//! The check shared by the authenticators whose responses are one-time
//! codes kept as hashes in the store (emergency and emailed codes).

use super::{Consume, Verdict};
use crate::crypto::{verify_dummy, verify_secret, Secret};
use crate::domain::auth::FailReason;
use crate::error::Result;
use crate::store::{CodeKind, Store, StoredCode};

/// A typed code checked against the user's stored one.
pub(crate) struct StoredCheck {
    kind: CodeKind,
    stored: Option<StoredCode>,
    /// Whether the typed code is the stored one (used, expired or not).
    matches: bool,
}

impl StoredCheck {
    /// Checks `typed` (normalised; `None` if malformed) against the user's
    /// stored code. The argon2 work is done even when there is nothing to
    /// compare with, so the time taken does not tell whether a code exists.
    pub(crate) fn run(
        store: &Store,
        kind: CodeKind,
        user_id: i64,
        typed: Option<&Secret>,
        raw: &Secret,
    ) -> Result<StoredCheck> {
        let stored = store.read().stored_code(kind, user_id)?;
        let matches = match (typed, &stored) {
            (Some(t), Some(code)) => verify_secret(t.expose().as_bytes(), &code.hash),
            _ => {
                verify_dummy(raw.expose().as_bytes());
                false
            }
        };
        Ok(StoredCheck {
            kind,
            stored,
            matches,
        })
    }

    /// Pass with the code to consume if it matched and was live at `now`;
    /// otherwise why not.
    pub(crate) fn verdict(self, now: i64) -> Verdict {
        match (self.stored, self.matches) {
            (None, _) => Verdict::Fail(FailReason::NoLiveCode),
            (Some(_), false) => Verdict::Fail(FailReason::WrongCode),
            (
                Some(StoredCode {
                    used_at: Some(_), ..
                }),
                true,
            ) => Verdict::Fail(FailReason::AlreadyUsed),
            (Some(c), true) if c.expires_at <= now => Verdict::Fail(FailReason::Expired),
            (Some(c), true) => Verdict::Pass(Consume::Code {
                kind: self.kind,
                hash: c.hash,
            }),
        }
    }
}
