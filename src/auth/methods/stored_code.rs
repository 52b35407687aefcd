//! The check shared by the authenticators whose responses are one-time
//! codes kept as hashes in the store (emergency and emailed codes).

use super::{Consume, Verdict};
use crate::crypto::{verify_dummy, verify_secret, Secret};
use crate::domain::auth::FailReason;
use crate::error::Result;
use crate::store::{CodeKind, Store, StoredCode};

/// A typed code checked against the user's stored ones.
pub(crate) struct StoredCheck {
    kind: CodeKind,
    /// Whether the user holds any code of the kind (used, expired or not).
    any: bool,
    /// The stored code the typed one is, if any.
    matched: Option<StoredCode>,
}

impl StoredCheck {
    /// Checks `typed` (normalised; `None` if malformed) against the user's
    /// stored codes. The same argon2 work is done however many codes there
    /// are, so the time taken does not tell whether or how many exist.
    pub(crate) fn run(
        store: &Store,
        kind: CodeKind,
        user_id: i64,
        typed: Option<&Secret>,
        raw: &Secret,
    ) -> Result<StoredCheck> {
        let stored = store.read().stored_codes(kind, user_id)?;
        let any = !stored.is_empty();
        let mut matched = None;
        for code in &stored {
            let hit = match typed {
                Some(t) => verify_secret(t.expose().as_bytes(), &code.hash),
                None => {
                    verify_dummy(raw.expose().as_bytes());
                    false
                }
            };
            if hit && matched.is_none() {
                matched = Some(code.clone());
            }
        }
        dummy(kind, raw, stored.len());
        Ok(StoredCheck { kind, any, matched })
    }

    /// Pass with the code to consume if it matched and was live at `now`;
    /// otherwise why not.
    pub(crate) fn verdict(self, now: i64) -> Verdict {
        match self.matched {
            None if !self.any => Verdict::Fail(FailReason::NoLiveCode),
            None => Verdict::Fail(FailReason::WrongCode),
            Some(StoredCode {
                used_at: Some(_), ..
            }) => Verdict::Fail(FailReason::AlreadyUsed),
            Some(c) if c.expires_at <= now => Verdict::Fail(FailReason::Expired),
            Some(c) => Verdict::Pass(Consume::Code {
                kind: self.kind,
                hash: c.hash,
            }),
        }
    }
}

/// The argon2 work of checking a code against the codes a user of this
/// kind could hold, `done` of them already checked: for unknown names and
/// users with fewer codes.
pub(crate) fn dummy(kind: CodeKind, raw: &Secret, done: usize) {
    for _ in done..kind.live_limit() {
        verify_dummy(raw.expose().as_bytes());
    }
}
