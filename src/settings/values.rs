//! Checking one value against its setting's type, and the parsers behind
//! it (booleans, durations, email addresses).

use std::time::Duration;

use super::defs::{Def, Kind};
use crate::error::quoted;
use crate::error::{Error, Hint, Result};

pub(crate) fn invalid(key: &str, what: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("invalid value for {key}: {what}"))
}

/// Checks `input` against the setting's type and returns its canonical form.
pub fn canonicalize(def: &Def, input: &str) -> Result<String> {
    let key = def.key;
    let input = input.trim();
    if input.len() > 1024 {
        return Err(invalid(key, "longer than 1024 characters"));
    }
    if input.chars().any(char::is_control) {
        return Err(invalid(key, "contains control characters"));
    }
    match def.kind {
        Kind::Bool => parse_bool(input)
            .map(|b| b.to_string())
            .ok_or_else(|| invalid(key, format!("{} is not true or false", quoted(input)))),
        Kind::Int { min, max } => match input.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n.to_string()),
            _ => Err(invalid(
                key,
                format!(
                    "{} is not a whole number from {min} to {max}",
                    quoted(input)
                ),
            )),
        },
        Kind::Duration { min, max } => {
            let secs = parse_duration(input).map_err(|e| invalid(key, e))?;
            if secs < min || secs > max {
                return Err(invalid(
                    key,
                    format!(
                        "{} is outside {} to {}",
                        quoted(input),
                        format_duration(min),
                        format_duration(max)
                    ),
                ));
            }
            Ok(secs.to_string())
        }
        Kind::Choice(words) => {
            let v = input.to_ascii_lowercase();
            if words.contains(&v.as_str()) {
                Ok(v)
            } else {
                Err(invalid(
                    key,
                    format!("{} is not one of {}", quoted(input), words.join(", ")),
                ))
            }
        }
        Kind::List(words) => {
            let mut chosen = Vec::new();
            for item in input.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                let item = item.to_ascii_lowercase();
                if !words.contains(&item.as_str()) {
                    return Err(invalid(
                        key,
                        format!("{} is not one of {}", quoted(&item), words.join(", ")),
                    ));
                }
                chosen.push(item);
            }
            // Canonical order is the definition's order, without repeats.
            Ok(words
                .iter()
                .filter(|w| chosen.iter().any(|c| c == *w))
                .copied()
                .collect::<Vec<_>>()
                .join(","))
        }
        Kind::Host => {
            let ok = input.len() <= 253
                && input
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
            if ok {
                Ok(input.to_ascii_lowercase())
            } else {
                Err(invalid(
                    key,
                    format!("{} is not a host name or IP address", quoted(input)),
                ))
            }
        }
        Kind::Email => {
            if input.is_empty() {
                return Ok(String::new());
            }
            parse_email(input).map_err(|e| invalid(key, e))
        }
        Kind::Recipient => {
            if input.eq_ignore_ascii_case("administrators") {
                return Ok("administrators".into());
            }
            parse_email(input).map_err(|_| {
                invalid(
                    key,
                    format!(
                        "{} is neither `administrators` nor an email address",
                        quoted(input)
                    ),
                )
            })
        }
        Kind::Template => {
            if input.is_empty() {
                return Ok(String::new());
            }
            if !input.contains("{number}") {
                return Err(invalid(
                    key,
                    "the template must contain {number}, e.g. {number}@sms.example.com",
                ));
            }
            parse_email(&input.replace("{number}", "15551234567"))
                .map(|_| input.to_string())
                .map_err(|_| {
                    invalid(
                        key,
                        format!("{} does not make an email address", quoted(input)),
                    )
                })
        }
        Kind::Text => {
            if input.chars().count() > 200 {
                Err(invalid(key, "longer than 200 characters"))
            } else {
                Ok(input.to_string())
            }
        }
        Kind::Secret => Err(Error::Invalid(format!(
            "{key} is a secret and is never taken from the command line (it would be visible \
             to other users and in shell history); leave the value out on a terminal to be \
             prompted, or give it on standard input"
        ))
        .with_hint(Hint::SetSetting { key, example: None })),
    }
}

/// Parses true/false, yes/no, on/off, 1/0 (any case).
pub fn parse_bool(s: &str) -> Option<bool> {
    let is = |words: [&str; 4]| words.iter().any(|w| s.eq_ignore_ascii_case(w));
    if is(["true", "yes", "on", "1"]) {
        Some(true)
    } else if is(["false", "no", "off", "0"]) {
        Some(false)
    } else {
        None
    }
}

/// Parses a duration such as `90s`, `10m`, `1h 30m`; a bare `0` is zero.
/// A bare number other than 0 is refused: its unit would be a guess.
pub fn parse_duration(s: &str) -> std::result::Result<u64, String> {
    if s == "0" {
        return Ok(0);
    }
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        // The example repeats the number only while it is short.
        let n = if s.len() <= 12 { s } else { "30" };
        return Err(format!(
            "{} has no unit; write e.g. {n}s, {n}m or {n}h",
            quoted(s)
        ));
    }
    humantime::parse_duration(s)
        .map(|d| d.as_secs())
        .map_err(|_| format!("{} is not a duration such as 30s, 10m or 1h", quoted(s)))
}

/// Formats seconds as `10m`, `1h 30m`, `0s`.
pub fn format_duration(secs: u64) -> String {
    if secs == 0 {
        return "0s".into();
    }
    humantime::format_duration(Duration::from_secs(secs)).to_string()
}

/// Validates an email address (RFC 5321 mailbox, without a display name).
pub fn parse_email(s: &str) -> std::result::Result<String, String> {
    s.parse::<lettre::Address>()
        .map(|a| a.to_string())
        .map_err(|_| {
            format!(
                "{} is not an email address like name@example.com",
                quoted(s)
            )
        })
}
