//! Lines in syslog (authpriv facility), in the form PAM modules use:
//! `pam_mfactl(sshd:auth): …`. Never a secret.

use std::ffi::CString;

use mfactl::pam_wire::Level;

/// Where the module's log lines go.
pub struct Log {
    prefix: String,
    pub debug: bool,
}

impl Log {
    pub fn new(service: &str, facility: &str, debug: bool) -> Log {
        Log {
            prefix: format!("pam_mfactl({service}:{facility})"),
            debug,
        }
    }

    pub fn error(&self, text: &str) {
        self.syslog(libc::LOG_ERR, text);
    }

    pub fn notice(&self, text: &str) {
        self.syslog(libc::LOG_NOTICE, text);
    }

    /// Only with the `debug` argument.
    pub fn debug(&self, text: &str) {
        if self.debug {
            self.syslog(libc::LOG_DEBUG, text);
        }
    }

    /// A line mfactl sent, at its level.
    pub fn write(&self, level: Level, text: &str) {
        match level {
            Level::Error => self.error(text),
            Level::Notice => self.notice(text),
            Level::Debug => self.debug(text),
        }
    }

    fn syslog(&self, level: libc::c_int, text: &str) {
        // A user name comes from the client: no line breaks or escapes of
        // its own may reach the log (a forged second line).
        let text: String = text
            .chars()
            .flat_map(|c| {
                let escaped: Vec<char> = if c.is_control() {
                    c.escape_default().collect()
                } else {
                    vec![c]
                };
                escaped
            })
            .collect();
        let line = format!("{}: {}", self.prefix, text);
        if let Ok(line) = CString::new(line) {
            // SAFETY: both pointers are valid NUL-terminated strings, and the
            // format takes exactly one string argument.
            unsafe {
                libc::syslog(libc::LOG_AUTHPRIV | level, c"%s".as_ptr(), line.as_ptr());
            }
        }
    }
}
