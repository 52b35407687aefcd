//! The process that decides the call: `mfactl pam daemon` on its socket,
//! or, when none listens, `mfactl pam helper` started for this call alone.

use std::io::{self, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::MetadataExt;
use std::os::unix::net::UnixStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use mfactl::pam_wire::{self, Message};
use pam::constants::PamResultCode;

use crate::log::Log;
use crate::options::Options;

/// How long mfactl may take to say something: it waits on the store and,
/// at most smtp.timeout, on the mail server.
const REPLY_TIMEOUT: Duration = Duration::from_secs(300);

/// The other end of the call.
pub struct Peer {
    stream: UnixStream,
    /// What mfactl sent at once (several messages) is read at once.
    reader: io::BufReader<UnixStream>,
    helper: Option<Child>,
    done: bool,
}

impl Peer {
    /// Connects to the daemon, or starts a helper.
    pub fn connect(opts: &Options, log: &Log) -> Result<Peer, PamResultCode> {
        let fail = |what: String| {
            log.error(&format!("failing closed: {what}"));
            PamResultCode::PAM_SYSTEM_ERR
        };
        let (stream, helper) = match UnixStream::connect(&opts.socket) {
            Ok(stream) => {
                let uid = pam_wire::peer_uid(&stream)
                    .map_err(|e| fail(format!("{}: {e}", opts.socket)))?;
                if !pam_wire::trusted_uid(uid) {
                    return Err(fail(format!(
                        "{} is served by uid {uid}, not root",
                        opts.socket
                    )));
                }
                (stream, None)
            }
            Err(e) => {
                log.debug(&format!(
                    "no daemon on {} ({e}): running {} pam helper",
                    opts.socket, opts.helper
                ));
                let (stream, child) = start_helper(&opts.helper).map_err(fail)?;
                (stream, Some(child))
            }
        };
        let timeout = Some(REPLY_TIMEOUT);
        stream
            .set_read_timeout(timeout)
            .and_then(|()| stream.set_write_timeout(timeout))
            .map_err(|e| fail(format!("socket: {e}")))?;
        let reader = stream
            .try_clone()
            .map_err(|e| fail(format!("socket: {e}")))?;
        Ok(Peer {
            reader: io::BufReader::new(reader),
            stream,
            helper,
            done: false,
        })
    }

    /// Sends a message at once.
    pub fn send(&mut self, m: &Message) -> io::Result<()> {
        pam_wire::send(&mut NoSigpipe(&self.stream), m)
    }

    pub fn receive(&mut self) -> io::Result<Message> {
        let m = pam_wire::receive(&mut self.reader)?;
        self.done = matches!(m, Message::Done(_));
        Ok(m)
    }
}

impl Drop for Peer {
    /// A helper that answered ends by itself; one that did not is stopped.
    fn drop(&mut self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
        if let Some(child) = &mut self.helper {
            if !self.done {
                let _ = child.kill();
            }
            let _ = child.wait();
        }
    }
}

/// Starts `HELPER pam helper` on one end of a socket pair, with an empty
/// environment (nothing of the application's reaches it).
fn start_helper(helper: &str) -> Result<(UnixStream, Child), String> {
    let meta = std::fs::metadata(helper).map_err(|e| format!("{helper}: {e}"))?;
    if !pam_wire::trusted_uid(meta.uid()) || meta.mode() & 0o022 != 0 {
        return Err(format!(
            "{helper} must belong to root and be writable by no one else"
        ));
    }
    let (ours, theirs) = UnixStream::pair().map_err(|e| format!("socket pair: {e}"))?;
    let input = theirs
        .try_clone()
        .map_err(|e| format!("socket pair: {e}"))?;
    let child = Command::new(helper)
        .args(["pam", "helper"])
        .env_clear()
        .current_dir("/")
        .stdin(Stdio::from(std::os::fd::OwnedFd::from(input)))
        .stdout(Stdio::from(std::os::fd::OwnedFd::from(theirs)))
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {helper}: {e}"))?;
    Ok((ours, child))
}

/// Writes with MSG_NOSIGNAL: a peer that died must not kill the
/// application with SIGPIPE.
struct NoSigpipe<'a>(&'a UnixStream);

impl Write for NoSigpipe<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // SAFETY: the descriptor is open and `buf` is valid for its length.
        let n = unsafe {
            libc::send(
                self.0.as_raw_fd(),
                buf.as_ptr().cast(),
                buf.len(),
                libc::MSG_NOSIGNAL,
            )
        };
        if n < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(n as usize)
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
