//! Random one-time codes: generation without bias, and normalisation of
//! what a person types (any case, with or without dashes and spaces).

use crate::crypto::{Random, Secret};

/// Symbols of emergency codes: digits and capital letters without the
/// look-alikes 0/O and 1/I/L. (That leaves 31 symbols, not 32: about 4.95
/// bits each.)
pub const EMERGENCY_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Symbols in an emergency code.
pub const EMERGENCY_LEN: usize = 12;

/// A uniformly random code of `len` symbols from `alphabet` (at most 256
/// symbols), by rejection sampling so no symbol is more likely than another.
pub fn random_code(alphabet: &[u8], len: usize, rng: &mut dyn Random) -> Secret {
    let n = alphabet.len();
    // Largest multiple of n that fits in a byte: bytes above it are redrawn.
    let limit = 256 - 256 % n;
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 32];
    while out.len() < len {
        rng.fill(&mut buf);
        for &b in &buf {
            if (b as usize) < limit && out.len() < len {
                out.push(alphabet[b as usize % n] as char);
            }
        }
        zeroize::Zeroize::zeroize(&mut buf);
    }
    Secret::new(out)
}

/// Groups a code in fours with dashes: `ABCD-EFGH-JKMN`.
pub fn format_code(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// What a person typed, as the canonical code: dashes and white space
/// removed, upper case. `None` unless it is `len` symbols of `alphabet`.
pub fn normalize(input: &str, alphabet: &[u8], len: usize) -> Option<Secret> {
    let code: String = input
        .chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let ok = code.len() == len && code.bytes().all(|b| alphabet.contains(&b));
    ok.then(|| Secret::new(code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::OsRandom;

    #[test]
    fn alphabet_has_no_look_alikes() {
        for c in b"01OIL" {
            assert!(!EMERGENCY_ALPHABET.contains(c));
        }
        assert_eq!(EMERGENCY_ALPHABET.len(), 31);
    }

    #[test]
    fn codes_round_trip() {
        let code = random_code(EMERGENCY_ALPHABET, EMERGENCY_LEN, &mut OsRandom);
        let shown = format_code(code.expose());
        assert_eq!(shown.len(), 14);
        let typed = format!(" {} ", shown.to_lowercase());
        assert_eq!(
            normalize(&typed, EMERGENCY_ALPHABET, EMERGENCY_LEN).map(|c| c.expose().to_string()),
            Some(code.expose().to_string())
        );
        assert!(normalize("ABCD-EFGH-JKM", EMERGENCY_ALPHABET, EMERGENCY_LEN).is_none());
        assert!(normalize("ABCD-EFGH-JKM0", EMERGENCY_ALPHABET, EMERGENCY_LEN).is_none());
    }

    #[test]
    fn symbols_are_uniform() {
        // 31,000 symbols: each should appear ~1,000 times. A chi-squared
        // statistic above 80 (30 degrees of freedom) would happen by chance
        // less than once in a million runs.
        let code = random_code(EMERGENCY_ALPHABET, 31_000, &mut OsRandom);
        let mut counts = [0f64; 31];
        for b in code.expose().bytes() {
            let i = EMERGENCY_ALPHABET.iter().position(|&a| a == b).unwrap();
            counts[i] += 1.0;
        }
        let chi2: f64 = counts.iter().map(|c| (c - 1000.0).powi(2) / 1000.0).sum();
        assert!(chi2 < 80.0, "chi2 = {chi2}");
    }
}
