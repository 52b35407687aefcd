//! Names that look alike: `аlice` (with a Cyrillic а) beside `alice`, or
//! `ﬁona` beside `fiona`. A new user or group name is stored in NFKC and
//! refused when its Unicode TR39 skeleton is that of an existing name.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use super::name_key;
use crate::error::{quoted, Error};

/// The form a new name is stored in: NFKC (a fullwidth `ａ` is `a`, the
/// ligature `ﬁ` is `fi`).
pub fn normalized(name: &str) -> String {
    name.nfkc().collect()
}

/// What a name looks like: the TR39 skeleton of its case-folded NFKC form.
/// Two names with one skeleton can be mistaken for each other.
pub fn skeleton(name: &str) -> String {
    unicode_security::skeleton(&name_key(&normalized(name))).collect()
}

/// Existing names by what they look like.
pub struct Lookalikes {
    by_skeleton: HashMap<String, String>,
}

impl Lookalikes {
    pub fn new(existing: impl IntoIterator<Item = String>) -> Lookalikes {
        let mut l = Lookalikes {
            by_skeleton: HashMap::new(),
        };
        for name in existing {
            l.add(&name);
        }
        l
    }

    pub fn add(&mut self, name: &str) {
        self.by_skeleton
            .entry(skeleton(name))
            .or_insert_with(|| name.to_string());
    }

    /// Refuses `name` when it looks like another existing `kind` (the same
    /// name is left to the caller's "exists already").
    pub fn check(&self, kind: &str, name: &str) -> Result<(), Error> {
        match self.by_skeleton.get(&skeleton(name)) {
            Some(existing) if name_key(existing) != name_key(name) => Err(Error::Exists(format!(
                "{} looks like the existing {kind} `{existing}`: one could be mistaken for the \
                 other; choose a name that cannot",
                quoted(name)
            ))),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_alikes_share_a_skeleton() {
        for (a, b) in [
            ("alice", "\u{430}lice"),  // Cyrillic а
            ("alice", "al\u{131}ce"),  // dotless ı
            ("alice", "\u{ff41}lice"), // fullwidth ａ
            ("fiona", "\u{fb01}ona"),  // the ligature ﬁ
            ("alice", "ALICE"),
        ] {
            assert_eq!(skeleton(a), skeleton(b), "{a} and {b}");
        }
        assert_ne!(skeleton("alice"), skeleton("alina"));
        assert_eq!(normalized("\u{fb01}ona"), "fiona");
    }

    #[test]
    fn only_another_name_is_refused() {
        let l = Lookalikes::new(["alice".to_string()]);
        assert!(l.check("user", "Alice").is_ok());
        assert!(l.check("user", "bob").is_ok());
        let e = l.check("user", "\u{430}lice").unwrap_err().to_string();
        assert!(e.contains("`alice`"), "{e}");
    }
}
