//! What the PAM module and the process that decides for it (`mfactl pam
//! daemon`, or `mfactl pam helper` when no daemon runs) say to each other
//! over a Unix socket or a pipe.
//!
//! The module stays small and fast to load: it relays the PAM conversation
//! and writes syslog lines, while the store stays open in the daemon. Each
//! message is a frame: a 4-byte big-endian length, a tag byte, then fields
//! separated by NUL (PAM strings cannot hold one). A frame is at most
//! [`MAX_FRAME`] bytes; anything else ends the session.

use std::io::{self, Read, Write};

/// Sent first, in [`Start`]: both sides must speak the same version.
pub const VERSION: &str = "2";

/// The largest frame either side accepts.
pub const MAX_FRAME: usize = 16 * 1024;

/// The socket the daemon listens on by default.
pub const DEFAULT_SOCKET: &str = "/run/mfactl/pam.sock";

/// Which PAM call is being served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    /// `pam_sm_authenticate`.
    Authenticate,
    /// `pam_sm_acct_mgmt`.
    Account,
}

/// The first frame: the call and the module's arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Start {
    /// The PAM call.
    pub call: Call,
    /// PAM_SERVICE (sshd, sudo…).
    pub service: String,
    /// PAM_USER.
    pub user: String,
    /// PAM_RHOST, when the application set one.
    pub rhost: Option<String>,
    /// PAM_RUSER (who asked: the user who ran sudo or su), when set.
    pub ruser: Option<String>,
    /// The module's `store=` argument.
    pub store: String,
    /// The module's `key_file=` argument.
    pub key_file: Option<String>,
    /// The module's `unknown=` argument: `true` for `ignore`.
    pub ignore_unknown: bool,
    /// The module's `emergency` argument.
    pub emergency: bool,
    /// The module's `debug` argument.
    pub debug: bool,
}

/// A syslog priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// LOG_ERR: something is broken.
    Error,
    /// LOG_NOTICE: an outcome.
    Notice,
    /// LOG_DEBUG: only with the `debug` argument.
    Debug,
}

/// How a call ended, as the module returns it to PAM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// PAM_SUCCESS.
    Success,
    /// PAM_AUTH_ERR.
    AuthErr,
    /// PAM_SYSTEM_ERR: fail closed.
    SystemErr,
    /// PAM_IGNORE.
    Ignore,
    /// PAM_USER_UNKNOWN.
    UserUnknown,
    /// PAM_PERM_DENIED.
    PermDenied,
}

/// Every message of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Module → daemon, first.
    Start(Start),
    /// Module → daemon: the user's answer to the last [`Message::Ask`].
    Answer(String),
    /// Daemon → module: a question whose answer is not echoed.
    Ask(String),
    /// Daemon → module: information for the user.
    Info(String),
    /// Daemon → module: an error for the user.
    Error(String),
    /// Daemon → module: a line for syslog.
    Log(Level, String),
    /// Daemon → module, last.
    Done(Outcome),
}

const OUTCOMES: [(Outcome, &str); 6] = [
    (Outcome::Success, "success"),
    (Outcome::AuthErr, "auth_err"),
    (Outcome::SystemErr, "system_err"),
    (Outcome::Ignore, "ignore"),
    (Outcome::UserUnknown, "user_unknown"),
    (Outcome::PermDenied, "perm_denied"),
];

const LEVELS: [(Level, &str); 3] = [
    (Level::Error, "err"),
    (Level::Notice, "notice"),
    (Level::Debug, "debug"),
];

/// Writes one message as one frame (a buffered writer keeps it until
/// flushed).
pub fn send(w: &mut impl Write, m: &Message) -> io::Result<()> {
    let (tag, fields): (u8, Vec<&str>) = match m {
        Message::Start(s) => (
            b'S',
            vec![
                VERSION,
                match s.call {
                    Call::Authenticate => "auth",
                    Call::Account => "account",
                },
                &s.service,
                &s.user,
                s.rhost.as_deref().unwrap_or(""),
                s.ruser.as_deref().unwrap_or(""),
                &s.store,
                s.key_file.as_deref().unwrap_or(""),
                flag(s.ignore_unknown),
                flag(s.emergency),
                flag(s.debug),
            ],
        ),
        Message::Answer(t) => (b'A', vec![t]),
        Message::Ask(t) => (b'P', vec![t]),
        Message::Info(t) => (b'I', vec![t]),
        Message::Error(t) => (b'E', vec![t]),
        Message::Log(l, t) => (b'L', vec![word(&LEVELS, *l), t]),
        Message::Done(o) => (b'D', vec![word(&OUTCOMES, *o)]),
    };
    let mut frame = zeroize::Zeroizing::new(Vec::with_capacity(64));
    frame.extend_from_slice(&[0; 4]);
    frame.push(tag);
    for (i, f) in fields.iter().enumerate() {
        if f.contains('\0') {
            return Err(invalid("a field holds a NUL byte"));
        }
        if i > 0 {
            frame.push(0);
        }
        frame.extend_from_slice(f.as_bytes());
    }
    let len = frame.len() - 4;
    if len > MAX_FRAME {
        return Err(invalid("frame too long"));
    }
    frame[..4].copy_from_slice(&(len as u32).to_be_bytes());
    w.write_all(&frame)
}

/// Reads one message. The buffer that held an answer is wiped.
pub fn receive(r: &mut impl Read) -> io::Result<Message> {
    let mut len = [0; 4];
    r.read_exact(&mut len)?;
    let len = u32::from_be_bytes(len) as usize;
    if len == 0 || len > MAX_FRAME {
        return Err(invalid("bad frame length"));
    }
    let mut body = zeroize::Zeroizing::new(vec![0; len]);
    r.read_exact(&mut body)?;
    let text = std::str::from_utf8(&body[1..]).map_err(|_| invalid("not UTF-8"))?;
    let fields: Vec<&str> = text.split('\0').collect();
    let one = |fields: &[&str]| match fields {
        [t] => Ok(t.to_string()),
        _ => Err(invalid("expected one field")),
    };
    Ok(match body[0] {
        b'S' => Message::Start(start(&fields)?),
        b'A' => Message::Answer(one(&fields)?),
        b'P' => Message::Ask(one(&fields)?),
        b'I' => Message::Info(one(&fields)?),
        b'E' => Message::Error(one(&fields)?),
        b'L' => match fields.as_slice() {
            [l, t] => Message::Log(parse_word(&LEVELS, l)?, t.to_string()),
            _ => return Err(invalid("expected a level and a line")),
        },
        b'D' => match fields.as_slice() {
            [o] => Message::Done(parse_word(&OUTCOMES, o)?),
            _ => return Err(invalid("expected an outcome")),
        },
        _ => return Err(invalid("unknown message")),
    })
}

/// The user id of the process at the other end of a Unix socket.
pub fn peer_uid(stream: &std::os::unix::net::UnixStream) -> io::Result<u32> {
    let cred = nix::sys::socket::getsockopt(stream, nix::sys::socket::sockopt::PeerCredentials)
        .map_err(io::Error::from)?;
    Ok(cred.uid())
}

/// Whom either end believes: root, or the user it runs as itself.
pub fn trusted_uid(uid: u32) -> bool {
    uid == 0 || uid == nix::unistd::geteuid().as_raw()
}

fn start(fields: &[&str]) -> io::Result<Start> {
    let [version, call, service, user, rhost, ruser, store, key_file, ignore, emergency, debug] =
        fields
    else {
        return Err(invalid("a start message has eleven fields"));
    };
    if *version != VERSION {
        return Err(invalid("the module and mfactl are of different versions"));
    }
    let call = match *call {
        "auth" => Call::Authenticate,
        "account" => Call::Account,
        _ => return Err(invalid("unknown call")),
    };
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    Ok(Start {
        call,
        service: service.to_string(),
        user: user.to_string(),
        rhost: some(rhost),
        ruser: some(ruser),
        store: store.to_string(),
        key_file: some(key_file),
        ignore_unknown: *ignore == "1",
        emergency: *emergency == "1",
        debug: *debug == "1",
    })
}

fn flag(on: bool) -> &'static str {
    if on {
        "1"
    } else {
        "0"
    }
}

fn word<T: PartialEq + Copy>(table: &[(T, &'static str)], value: T) -> &'static str {
    table
        .iter()
        .find(|(v, _)| *v == value)
        .map_or("", |(_, w)| w)
}

fn parse_word<T: Copy>(table: &[(T, &'static str)], w: &str) -> io::Result<T> {
    table
        .iter()
        .find(|(_, name)| *name == w)
        .map(|(v, _)| *v)
        .ok_or_else(|| invalid("unknown word"))
}

/// A message that breaks the protocol.
pub fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("pam protocol: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(m: Message) {
        let mut buf = Vec::new();
        send(&mut buf, &m).unwrap();
        assert_eq!(receive(&mut buf.as_slice()).unwrap(), m);
    }

    #[test]
    fn every_message_survives_the_wire() {
        round_trip(Message::Start(Start {
            call: Call::Authenticate,
            service: "sshd".into(),
            user: "alice".into(),
            rhost: Some("192.0.2.7".into()),
            ruser: None,
            store: "/var/lib/mfactl/mfactl.db".into(),
            key_file: None,
            ignore_unknown: true,
            emergency: false,
            debug: true,
        }));
        round_trip(Message::Answer(String::new()));
        round_trip(Message::Ask("Verification code: ".into()));
        round_trip(Message::Info("two\nlines".into()));
        round_trip(Message::Error("no".into()));
        round_trip(Message::Log(Level::Notice, "alice: passed".into()));
        for (o, _) in OUTCOMES {
            round_trip(Message::Done(o));
        }
    }

    #[test]
    fn refuses_what_is_not_a_frame() {
        let mut too_long = Vec::from((MAX_FRAME as u32 + 1).to_be_bytes());
        too_long.push(b'A');
        assert!(receive(&mut too_long.as_slice()).is_err());
        assert!(receive(&mut [0u8, 0, 0, 2, b'D', b'x'].as_slice()).is_err());
        assert!(receive(&mut [0u8, 0, 0, 1].as_slice()).is_err());
        assert!(send(&mut Vec::new(), &Message::Answer("a\0b".into())).is_err());
        assert!(send(&mut Vec::new(), &Message::Answer("x".repeat(MAX_FRAME))).is_err());
    }
}
