//! Rate limits on what sends mail, counted in the store per name (known or
//! not) and per source, so they hold across processes. A request is
//! counted before it is served: asking again never resets a limit.

use crate::clock::format_time;
use crate::domain::auth::{rate_key_for_name, RateKind};
use crate::error::{quoted, Error, Result};
use crate::store::Tx;

/// At most `count` events in `window` seconds.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// Events allowed.
    pub count: i64,
    /// Seconds.
    pub window: i64,
}

/// The limits of one kind of request.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// What is counted.
    pub kind: RateKind,
    /// What the error calls the requests.
    pub what: &'static str,
    /// Per user name.
    pub per_name: Limit,
    /// Per source (the OS user at a terminal, `sudo (uid N)`, or the remote
    /// host of a PAM login).
    pub per_source: Limit,
}

/// Emailed MFA codes: 5 per name per 15 minutes, 60 per source per hour.
pub const MFA_CHALLENGES: Limits = Limits {
    kind: RateKind::MfaChallenge,
    what: "emailed codes",
    per_name: Limit {
        count: 5,
        window: 15 * 60,
    },
    per_source: Limit {
        count: 60,
        window: 3600,
    },
};

/// MFA reset requests: 3 per name and 10 per source per day.
pub const RESET_REQUESTS: Limits = Limits {
    kind: RateKind::ResetRequest,
    what: "MFA reset requests",
    per_name: Limit {
        count: 3,
        window: 86_400,
    },
    per_source: Limit {
        count: 10,
        window: 86_400,
    },
};

/// Counts one request for `name` from `source` in this transaction, or
/// returns the error of the limit it would pass (counting nothing then).
pub fn take(tx: &Tx<'_>, limits: &Limits, name: &str, source: &str) -> Result<Option<Error>> {
    let now = tx.now();
    let longest = limits.per_name.window.max(limits.per_source.window);
    tx.prune_events(limits.kind, now - longest)?;
    let name_key = rate_key_for_name(name);
    let source_key = format!("source:{source}");
    let checks = [
        (&name_key, limits.per_name, format!("for {}", quoted(name))),
        (
            &source_key,
            limits.per_source,
            format!("from {}", quoted(source)),
        ),
    ];
    for (key, limit, whom) in checks {
        let (n, oldest) = tx
            .read()
            .recent_events(limits.kind, key, now - limit.window)?;
        if n >= limit.count {
            return Ok(Some(Error::Locked(format!(
                "too many {} {whom} ({} in {}); try again after {}",
                limits.what,
                limit.count,
                crate::settings::format_duration(limit.window as u64),
                format_time(oldest.unwrap_or(now) + limit.window)
            ))));
        }
    }
    tx.add_event(limits.kind, &name_key, now)?;
    tx.add_event(limits.kind, &source_key, now)?;
    Ok(None)
}
