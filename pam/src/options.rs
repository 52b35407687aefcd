//! The module's arguments, from the PAM file: the only configuration it
//! takes (it reads no environment variable).

use std::ffi::CStr;
use std::path::PathBuf;

use mfactl::auth::second_factor::Unknown;

/// Root's default store, the same as the CLI's.
const DEFAULT_STORE: &str = mfactl::store::ROOT_STORE;

/// What the module asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The second factor after the caller's first (the default).
    SecondFactor,
    /// Break-glass: an emergency code sent by email replaces both factors.
    Emergency,
}

/// The parsed arguments.
#[derive(Debug, Clone)]
pub struct Options {
    pub store: PathBuf,
    pub key_file: Option<PathBuf>,
    pub unknown: Unknown,
    pub mode: Mode,
    pub debug: bool,
}

impl Options {
    /// Parses `store=PATH key_file=PATH unknown=deny|ignore emergency debug`.
    /// Anything else is an error: a mistyped option must not weaken a login.
    pub fn parse(args: &[&CStr]) -> Result<Options, String> {
        let mut o = Options {
            store: PathBuf::from(DEFAULT_STORE),
            key_file: None,
            unknown: Unknown::Deny,
            mode: Mode::SecondFactor,
            debug: false,
        };
        for arg in args {
            let arg = arg
                .to_str()
                .map_err(|_| "a module argument is not UTF-8".to_string())?;
            match arg.split_once('=') {
                Some(("store", v)) => o.store = absolute(v, "store")?,
                Some(("key_file", v)) => o.key_file = Some(absolute(v, "key_file")?),
                Some(("unknown", "deny")) => o.unknown = Unknown::Deny,
                Some(("unknown", "ignore")) => o.unknown = Unknown::Ignore,
                Some(("unknown", v)) => {
                    return Err(format!(
                        "unknown={v}: expected unknown=deny or unknown=ignore"
                    ))
                }
                None if arg == "debug" => o.debug = true,
                None if arg == "emergency" => o.mode = Mode::Emergency,
                _ => {
                    return Err(format!(
                        "unknown argument `{arg}` (expected store=, key_file=, unknown=, \
                         emergency, debug)"
                    ))
                }
            }
        }
        Ok(o)
    }
}

fn absolute(value: &str, name: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(value);
    if path.is_absolute() {
        Ok(path)
    } else {
        Err(format!("{name}={value}: give an absolute path"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options, String> {
        let owned: Vec<std::ffi::CString> = args
            .iter()
            .map(|a| std::ffi::CString::new(*a).unwrap())
            .collect();
        let refs: Vec<&CStr> = owned.iter().map(|c| c.as_c_str()).collect();
        Options::parse(&refs)
    }

    #[test]
    fn defaults_to_roots_store_and_deny() {
        let o = parse(&[]).unwrap();
        assert_eq!(o.store, PathBuf::from(DEFAULT_STORE));
        assert_eq!(o.unknown, Unknown::Deny);
        assert_eq!(o.mode, Mode::SecondFactor);
        assert!(!o.debug);
    }

    #[test]
    fn reads_every_option() {
        let o = parse(&[
            "store=/s/m.db",
            "key_file=/k/m.key",
            "unknown=ignore",
            "emergency",
            "debug",
        ])
        .unwrap();
        assert_eq!(o.store, PathBuf::from("/s/m.db"));
        assert_eq!(o.key_file, Some(PathBuf::from("/k/m.key")));
        assert_eq!(o.unknown, Unknown::Ignore);
        assert_eq!(o.mode, Mode::Emergency);
        assert!(o.debug);
    }

    #[test]
    fn refuses_typos_and_relative_paths() {
        assert!(parse(&["unkown=ignore"]).unwrap_err().contains("unkown"));
        assert!(parse(&["unknown=allow"]).is_err());
        assert!(parse(&["store=m.db"]).unwrap_err().contains("absolute"));
        assert!(parse(&["nodebug"]).is_err());
    }
}
