//! The lockout rules, as one pure function: given a user's failure count,
//! what happened and when, the new count and whether the user may go on.
//! The attempt path ([`super::attempt`]) reads and writes the state; the
//! rules themselves touch nothing.

use crate::clock::format_time;
use crate::domain::auth::LockState;
use crate::domain::user::LOCKED_INDEFINITELY;
use crate::error::{quoted, Error, Hint};
use crate::settings::LockoutConfig;

/// The limits set by `lockout.*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Failures that lock the user (`lockout.attempts`).
    pub attempts: i64,
    /// How long failures keep counting, in seconds (`lockout.window`).
    pub window: i64,
    /// How long a lock lasts in seconds; 0 = until an administrator unlocks
    /// (`lockout.duration`).
    pub duration: i64,
}

impl Rules {
    /// The rules of these settings.
    pub fn from_config(c: &LockoutConfig) -> Rules {
        Rules {
            attempts: c.attempts,
            window: c.window,
            duration: c.duration,
        }
    }
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Someone is about to try: may they?
    Check,
    /// A wrong response.
    Failure,
    /// A complete, successful authentication.
    Success,
}

/// Whether the user may go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Not locked.
    Allowed,
    /// Locked until then ([`LOCKED_INDEFINITELY`]: until unlocked); after a
    /// [`Event::Failure`], possibly by that very failure.
    Locked {
        /// Unix seconds, or [`LOCKED_INDEFINITELY`].
        until: i64,
    },
}

/// Whether `state` is a lock in force at `now`.
pub fn locked_at(state: &LockState, now: i64) -> Option<i64> {
    state.locked_until.filter(|&t| t > now)
}

/// The lockout rules. A locked user is refused whatever the event and the
/// state does not change. A failure starts a new count when the window has
/// passed or a lock has expired, and locks at `rules.attempts`. Only a
/// success clears the count.
pub fn apply(state: LockState, event: Event, now: i64, rules: &Rules) -> (LockState, Decision) {
    if let Some(until) = locked_at(&state, now) {
        return (state, Decision::Locked { until });
    }
    match event {
        Event::Check => (state, Decision::Allowed),
        Event::Success => (LockState::default(), Decision::Allowed),
        Event::Failure => {
            let expired_lock = state.locked_until.is_some();
            let fresh = expired_lock
                || state
                    .first_failure_at
                    .is_none_or(|first| now.saturating_sub(first) >= rules.window);
            let (failures, first) = if fresh {
                (1, now)
            } else {
                (
                    state.failures.saturating_add(1),
                    state.first_failure_at.unwrap_or(now),
                )
            };
            let lock = (failures >= rules.attempts).then(|| match rules.duration {
                0 => LOCKED_INDEFINITELY,
                d => now.saturating_add(d),
            });
            let next = LockState {
                failures,
                first_failure_at: Some(first),
                locked_until: lock,
            };
            let decision = lock.map_or(Decision::Allowed, |until| Decision::Locked { until });
            (next, decision)
        }
    }
}

/// The error reported to someone refused by a lock.
pub fn locked_error(name: &str, until: i64) -> Error {
    if until == LOCKED_INDEFINITELY {
        Error::Locked(format!(
            "{} is locked after too many failed attempts, until an administrator unlocks it",
            quoted(name)
        ))
        .with_hint(Hint::UnlockUser {
            user: name.to_string(),
        })
    } else {
        Error::Locked(format!(
            "{} is locked after too many failed attempts, until {}",
            quoted(name),
            format_time(until)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const RULES: Rules = Rules {
        attempts: 3,
        window: 600,
        duration: 900,
    };
    const NOW: i64 = 1_000_000;

    fn state(failures: i64, first: Option<i64>, until: Option<i64>) -> LockState {
        LockState {
            failures,
            first_failure_at: first,
            locked_until: until,
        }
    }

    /// Every kind of state against every event: (state, event, rules) →
    /// (new state, decision).
    #[test]
    fn table() {
        let clean = LockState::default();
        let forever = Rules {
            duration: 0,
            ..RULES
        };
        let cases: &[(LockState, Event, Rules, LockState, Decision)] = &[
            // A clean user.
            (clean, Event::Check, RULES, clean, Decision::Allowed),
            (clean, Event::Success, RULES, clean, Decision::Allowed),
            (
                clean,
                Event::Failure,
                RULES,
                state(1, Some(NOW), None),
                Decision::Allowed,
            ),
            // Counting inside the window.
            (
                state(1, Some(NOW - 10), None),
                Event::Failure,
                RULES,
                state(2, Some(NOW - 10), None),
                Decision::Allowed,
            ),
            (
                state(1, Some(NOW - 10), None),
                Event::Check,
                RULES,
                state(1, Some(NOW - 10), None),
                Decision::Allowed,
            ),
            // The failure that reaches the limit locks.
            (
                state(2, Some(NOW - 10), None),
                Event::Failure,
                RULES,
                state(3, Some(NOW - 10), Some(NOW + 900)),
                Decision::Locked { until: NOW + 900 },
            ),
            (
                state(2, Some(NOW - 10), None),
                Event::Failure,
                forever,
                state(3, Some(NOW - 10), Some(LOCKED_INDEFINITELY)),
                Decision::Locked {
                    until: LOCKED_INDEFINITELY,
                },
            ),
            // The window has passed: a new count.
            (
                state(2, Some(NOW - 600), None),
                Event::Failure,
                RULES,
                state(1, Some(NOW), None),
                Decision::Allowed,
            ),
            // A success clears the count.
            (
                state(2, Some(NOW - 10), None),
                Event::Success,
                RULES,
                clean,
                Decision::Allowed,
            ),
            // Locked: every event is refused and nothing changes.
            (
                state(3, Some(NOW - 10), Some(NOW + 1)),
                Event::Check,
                RULES,
                state(3, Some(NOW - 10), Some(NOW + 1)),
                Decision::Locked { until: NOW + 1 },
            ),
            (
                state(3, Some(NOW - 10), Some(NOW + 1)),
                Event::Success,
                RULES,
                state(3, Some(NOW - 10), Some(NOW + 1)),
                Decision::Locked { until: NOW + 1 },
            ),
            (
                state(3, Some(NOW - 10), Some(NOW + 1)),
                Event::Failure,
                RULES,
                state(3, Some(NOW - 10), Some(NOW + 1)),
                Decision::Locked { until: NOW + 1 },
            ),
            (
                state(3, Some(NOW - 10), Some(LOCKED_INDEFINITELY)),
                Event::Success,
                forever,
                state(3, Some(NOW - 10), Some(LOCKED_INDEFINITELY)),
                Decision::Locked {
                    until: LOCKED_INDEFINITELY,
                },
            ),
            // An expired lock: allowed, and the next failure counts anew.
            (
                state(3, Some(NOW - 10), Some(NOW)),
                Event::Check,
                RULES,
                state(3, Some(NOW - 10), Some(NOW)),
                Decision::Allowed,
            ),
            (
                state(3, Some(NOW - 10), Some(NOW)),
                Event::Failure,
                RULES,
                state(1, Some(NOW), None),
                Decision::Allowed,
            ),
            (
                state(3, Some(NOW - 10), Some(NOW - 5)),
                Event::Success,
                RULES,
                clean,
                Decision::Allowed,
            ),
        ];
        for (i, (before, event, rules, after, decision)) in cases.iter().enumerate() {
            assert_eq!(
                apply(*before, *event, NOW, rules),
                (*after, *decision),
                "case {i}: {before:?} {event:?}"
            );
        }
    }

    fn event() -> impl Strategy<Value = Event> {
        prop_oneof![
            Just(Event::Check),
            Just(Event::Failure),
            Just(Event::Success)
        ]
    }

    proptest! {
        /// Over any sequence of events: a locked user is never allowed, a
        /// lock comes only from a failure, the count never passes the limit
        /// while unlocked, `attempts` failures in a row within the window
        /// always lock, and only a success clears the count.
        #[test]
        fn rules_hold_over_any_sequence(
            events in proptest::collection::vec((event(), 0i64..400), 1..60),
            attempts in 1i64..8,
            duration in prop_oneof![Just(0i64), 1i64..2000],
        ) {
            let rules = Rules { attempts, window: 600, duration };
            let mut state = LockState::default();
            let mut now = NOW;
            let mut run = 0;
            for (event, step) in events {
                now += step;
                let was_locked = locked_at(&state, now);
                let (next, decision) = apply(state, event, now, &rules);
                if let Some(until) = was_locked {
                    prop_assert_eq!(decision, Decision::Locked { until });
                    prop_assert_eq!(next, state);
                } else {
                    match event {
                        Event::Success => {
                            prop_assert_eq!(next, LockState::default());
                            run = 0;
                        }
                        Event::Check => prop_assert_eq!(next, state),
                        Event::Failure => {
                            prop_assert!(next.failures >= 1 && next.failures <= attempts);
                            prop_assert_eq!(
                                matches!(decision, Decision::Locked { .. }),
                                next.failures >= attempts
                            );
                        }
                    }
                    if event != Event::Failure {
                        prop_assert!(decision == Decision::Allowed);
                    }
                }
                // Failures in a row, each within the window of the first.
                if event == Event::Failure && was_locked.is_none() {
                    run = if next.failures == 1 { 1 } else { run + 1 };
                    prop_assert_eq!(run, next.failures);
                }
                state = next;
            }
        }
    }
}
