//! TOTP (RFC 6238) authenticator apps: codes of a sealed 160-bit seed,
//! accepted within ±1 step, where a step once accepted is never accepted
//! again. A user may hold several (each its own credential and counter).

use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, TOTP};

use super::{Authenticator, Check, Consume, Verdict};
use crate::domain::auth::{Credential, CredentialState, FailReason, Method};
use crate::error::{Error, Hint, Result};
use crate::settings::TotpConfig;
use crate::store::{Read, Store};
use crate::users::User;

/// Seed length: 160 bits, as RFC 4226 recommends.
pub const SEED_BYTES: usize = 20;

/// The parameters codes are made with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    /// The HMAC algorithm.
    pub algorithm: Algorithm,
    /// Code length.
    pub digits: usize,
    /// Time step in seconds.
    pub period: u64,
}

impl Params {
    /// The parameters set by `mfa.totp.*`.
    pub fn from_config(c: &TotpConfig) -> Params {
        let algorithm = match c.algorithm.as_str() {
            "sha256" => Algorithm::SHA256,
            "sha512" => Algorithm::SHA512,
            _ => Algorithm::SHA1,
        };
        Params {
            algorithm,
            digits: c.digits.clamp(6, 8),
            period: c.period.max(1),
        }
    }

    pub(crate) fn totp(&self, seed: &[u8]) -> TOTP {
        TOTP::new_unchecked(
            self.algorithm,
            self.digits,
            0,
            self.period,
            seed.to_vec(),
            None,
            String::new(),
        )
    }

    pub(crate) fn algorithm_name(&self) -> &'static str {
        match self.algorithm {
            Algorithm::SHA256 => "SHA256",
            Algorithm::SHA512 => "SHA512",
            _ => "SHA1",
        }
    }
}

/// The code for `seed` at Unix time `time`.
pub fn code_at(seed: &[u8], params: &Params, time: u64) -> String {
    params.totp(seed).generate(time)
}

/// The HOTP (RFC 4226) value of `seed` at `counter`.
pub fn hotp(seed: &[u8], algorithm: Algorithm, digits: usize, counter: u64) -> String {
    // A TOTP with a one-second step at time `counter` is HOTP(counter).
    TOTP::new_unchecked(algorithm, digits, 0, 1, seed.to_vec(), None, String::new())
        .generate(counter)
}

/// The time step (within ±1 of `now`) whose code is `code`, compared in
/// constant time.
pub fn matching_step(seed: &[u8], params: &Params, code: &str, now: i64) -> Option<i64> {
    let totp = params.totp(seed);
    let current = now.max(0) as u64 / params.period;
    let mut found = None;
    for step in [current.saturating_sub(1), current, current + 1] {
        let expected = totp.generate(step * params.period);
        if bool::from(expected.as_bytes().ct_eq(code.as_bytes())) && found.is_none() {
            found = Some(step as i64);
        }
    }
    found
}

/// The associated data a user's TOTP seeds are sealed with.
pub fn aad(user_id: i64) -> String {
    format!("mfa:totp:user:{user_id}")
}

/// The user's TOTP credentials in `state`.
pub fn credentials(r: Read<'_>, user_id: i64, state: CredentialState) -> Result<Vec<Credential>> {
    Ok(r.credentials(user_id)?
        .into_iter()
        .filter(|c| c.method == Method::Totp && c.state == state)
        .collect())
}

/// The TOTP authenticator.
pub struct Totp;

impl Totp {
    /// Why there is nothing to check a code against.
    fn nothing_to_check(r: Read<'_>, user: &User, wanted: CredentialState) -> Result<Error> {
        let all = r.credentials(user.id)?;
        let any = all.iter().any(|c| c.method == Method::Totp);
        let name = user.name.clone();
        Ok(match (any, wanted) {
            (false, _) => Error::Refused(format!("`{name}` has no authenticator; enrol one"))
                .with_hint(Hint::EnrollTotp { user: name }),
            (true, CredentialState::Pending) => Error::Refused(format!(
                "`{name}` has no pending authenticator to confirm (it is active)"
            )),
            (true, CredentialState::Active) => Error::Refused(format!(
                "`{name}`'s authenticator is not confirmed yet; confirm it first"
            ))
            .with_hint(Hint::ConfirmTotp { user: name }),
        })
    }
}

impl Authenticator for Totp {
    fn method(&self) -> Method {
        Method::Totp
    }

    fn held_by(&self, r: Read<'_>, user: &User) -> Result<bool> {
        Ok(!credentials(r, user.id, CredentialState::Active)?.is_empty())
    }

    fn check(&self, store: &mut Store, check: &Check<'_>) -> Result<Verdict> {
        let user = check.user;
        let candidates = credentials(store.read(), user.id, check.state)?;
        if candidates.is_empty() {
            return Err(Totp::nothing_to_check(store.read(), user, check.state)?);
        }
        let params = Params::from_config(&check.config.mfa.totp);
        let typed: String = check
            .response
            .expose()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let now = store.now();
        let mut verdict = Verdict::Fail(FailReason::WrongCode);
        for c in candidates {
            let Some(sealed) = &c.sealed_secret else {
                continue;
            };
            let seed = store.unseal(&aad(user.id), sealed)?;
            let Some(step) = matching_step(&seed, &params, &typed, now) else {
                continue;
            };
            if c.counter.is_some_and(|used| used >= step) {
                verdict = Verdict::Fail(FailReason::Replayed);
                continue;
            }
            return Ok(Verdict::Pass(Consume::Counter {
                credential: c.id,
                from: check.state,
                value: step,
            }));
        }
        Ok(verdict)
    }

    fn failure(&self, reason: FailReason, _user: &User) -> Error {
        Error::AuthFailed(if reason == FailReason::Replayed {
            "this code was already used; wait for the next one".into()
        } else {
            "the authenticator code is wrong (check the device's clock if this repeats)".into()
        })
    }
}
