//! The module's arguments, from the PAM file: the only configuration it
//! takes (it reads no environment variable).

use std::ffi::CStr;
use std::path::Path;

/// Root's default store, the same as the CLI's.
const DEFAULT_STORE: &str = mfactl::store::ROOT_STORE;

/// The mfactl binary started when no daemon listens.
const DEFAULT_HELPER: &str = "/usr/bin/mfactl";

/// The parsed arguments.
#[derive(Debug, Clone)]
pub struct Options {
    /// The store and key file, passed on to mfactl.
    pub store: String,
    pub key_file: Option<String>,
    /// `unknown=ignore`: users the store does not know are let through.
    pub ignore_unknown: bool,
    /// Break-glass: an emergency code sent by email replaces both factors.
    pub emergency: bool,
    pub debug: bool,
    /// Where `mfactl pam daemon` listens.
    pub socket: String,
    /// The mfactl binary run as `mfactl pam helper` when no daemon listens.
    pub helper: String,
}

impl Options {
    /// Parses `store=PATH key_file=PATH unknown=deny|ignore emergency debug
    /// socket=PATH helper=PATH`. Anything else is an error: a mistyped
    /// option must not weaken a login.
    pub fn parse(args: &[&CStr]) -> Result<Options, String> {
        let mut o = Options {
            store: DEFAULT_STORE.to_string(),
            key_file: None,
            ignore_unknown: false,
            emergency: false,
            debug: false,
            socket: mfactl::pam_wire::DEFAULT_SOCKET.to_string(),
            helper: DEFAULT_HELPER.to_string(),
        };
        for arg in args {
            let arg = arg
                .to_str()
                .map_err(|_| "a module argument is not UTF-8".to_string())?;
            match arg.split_once('=') {
                Some(("store", v)) => o.store = absolute(v, "store")?,
                Some(("key_file", v)) => o.key_file = Some(absolute(v, "key_file")?),
                Some(("socket", v)) => o.socket = absolute(v, "socket")?,
                Some(("helper", v)) => o.helper = absolute(v, "helper")?,
                Some(("unknown", "deny")) => o.ignore_unknown = false,
                Some(("unknown", "ignore")) => o.ignore_unknown = true,
                Some(("unknown", v)) => {
                    return Err(format!(
                        "unknown={v}: expected unknown=deny or unknown=ignore"
                    ))
                }
                None if arg == "debug" => o.debug = true,
                None if arg == "emergency" => o.emergency = true,
                _ => {
                    return Err(format!(
                        "unknown argument `{arg}` (expected store=, key_file=, unknown=, \
                         emergency, debug, socket=, helper=)"
                    ))
                }
            }
        }
        Ok(o)
    }
}

fn absolute(value: &str, name: &str) -> Result<String, String> {
    if Path::new(value).is_absolute() {
        Ok(value.to_string())
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
        assert_eq!(o.store, DEFAULT_STORE);
        assert!(!o.ignore_unknown);
        assert!(!o.emergency);
        assert!(!o.debug);
        assert_eq!(o.socket, "/run/mfactl/pam.sock");
        assert_eq!(o.helper, "/usr/bin/mfactl");
    }

    #[test]
    fn reads_every_option() {
        let o = parse(&[
            "store=/s/m.db",
            "key_file=/k/m.key",
            "unknown=ignore",
            "emergency",
            "debug",
            "socket=/r/s.sock",
            "helper=/b/mfactl",
        ])
        .unwrap();
        assert_eq!(o.store, "/s/m.db");
        assert_eq!(o.key_file.as_deref(), Some("/k/m.key"));
        assert!(o.ignore_unknown);
        assert!(o.emergency);
        assert!(o.debug);
        assert_eq!(o.socket, "/r/s.sock");
        assert_eq!(o.helper, "/b/mfactl");
    }

    #[test]
    fn refuses_typos_and_relative_paths() {
        assert!(parse(&["unkown=ignore"]).unwrap_err().contains("unkown"));
        assert!(parse(&["unknown=allow"]).is_err());
        assert!(parse(&["store=m.db"]).unwrap_err().contains("absolute"));
        assert!(parse(&["nodebug"]).is_err());
        assert!(parse(&["helper=mfactl"]).unwrap_err().contains("absolute"));
    }
}
