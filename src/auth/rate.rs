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

/// Wrong emergency codes slow down the name and source that typed them,
/// without locking the account: the first [`FREE_FAILURES`] cost nothing,
/// then each makes the next try wait twice as long, from 30 s up to an
/// hour. A day without failures forgets them.
pub const FREE_FAILURES: i64 = 3;
const FIRST_WAIT: i64 = 30;
const LONGEST_WAIT: i64 = 3600;
const FAILURES_KEPT: i64 = 86_400;

/// The key of `name`'s failures from `source`.
pub fn failure_key(name: &str, source: &str) -> String {
    format!("{}|source:{source}", rate_key_for_name(name))
}

/// Until when `key` must wait before its next emergency code, if it must.
pub fn backoff_until(r: crate::store::Read<'_>, key: &str, now: i64) -> Result<Option<i64>> {
    let (failures, _) = r.recent_events(RateKind::EmergencyFailure, key, now - FAILURES_KEPT)?;
    if failures < FREE_FAILURES {
        return Ok(None);
    }
    let last = r
        .last_event(RateKind::EmergencyFailure, key)?
        .unwrap_or(now);
    let doublings = u32::try_from(failures - FREE_FAILURES)
        .unwrap_or(u32::MAX)
        .min(16);
    let wait = FIRST_WAIT.saturating_mul(1 << doublings).min(LONGEST_WAIT);
    Ok(Some(last + wait).filter(|&until| until > now))
}

/// Counts a wrong emergency code of `key`.
pub fn count_failure(tx: &Tx<'_>, key: &str) -> Result<()> {
    let now = tx.now();
    tx.prune_events(RateKind::EmergencyFailure, now - FAILURES_KEPT)?;
    tx.add_event(RateKind::EmergencyFailure, key, now)
}

/// Forgets `key`'s failures (after a success).
pub fn clear_failures(tx: &Tx<'_>, key: &str) -> Result<()> {
    tx.clear_kind(RateKind::EmergencyFailure, key)
}

/// The error for a name and source that must wait.
pub fn backoff_error(name: &str, source: &str, until: i64) -> Error {
    Error::Locked(format!(
        "too many wrong emergency codes for {} from {}; try again after {} (each wrong code \
         doubles the wait; the account itself is not locked)",
        quoted(name),
        quoted(source),
        format_time(until)
    ))
}
