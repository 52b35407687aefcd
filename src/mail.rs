//! Sending mail through the configured SMTP server (lettre with rustls),
//! and the outbox: notifications are queued in the same transaction as the
//! event they report and delivered after commit, so none is lost while the
//! server is down.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, CertificateStore, Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::settings::{self, SmtpSecurity};
use crate::store::{Read, Store, Tx};

/// How long a flush may hold queued messages before another may retry them.
const CLAIM_SECS: i64 = 300;

pub use crate::domain::mail::{Email, Pending};

/// The name of this host, as shown in messages.
pub fn hostname() -> String {
    // Asked of the system once per process: a command names it in several
    // messages.
    static HOST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HOST.get_or_init(|| {
        nix::unistd::gethostname()
            .ok()
            .and_then(|h| h.into_string().ok())
            .unwrap_or_else(|| "this server".into())
    })
    .clone()
}

struct Smtp {
    transport: SmtpTransport,
    from: Mailbox,
    server: String,
    /// `smtp.timeout`: the limit of everything done with this transport.
    deadline: Duration,
    /// When that time is up (one deadline for a whole flush, not one per
    /// message).
    ends: std::time::Instant,
}

fn unavailable(server: &str, reason: &str) -> Error {
    let hint = if reason.contains("STARTTLS is not supported") {
        "; it does not offer STARTTLS, which smtp.security starttls requires: use smtp.security tls \
         (implicit TLS, usually port 465), or none only for a relay on this host"
    } else {
        ""
    };
    Error::MailUnavailable(format!(
        "the mail server {server} is unavailable: {reason}{hint}"
    ))
}

/// What went wrong talking to the server, in plain words. lettre's own
/// text starts with its internal category ("internal client error: …",
/// "Connection error: …"), which tells a reader nothing: the one place
/// that turns its errors into words.
fn describe(e: &lettre::transport::smtp::Error) -> String {
    use std::error::Error as _;
    let cause = e
        .source()
        .map(|c| plain(&c.to_string()))
        .unwrap_or_default();
    if let Some(code) = e.status() {
        let answer = format!("{code} {cause}").trim_end().to_string();
        return if e.is_transient() {
            format!("it answered {answer} (a temporary refusal)")
        } else {
            format!("it answered {answer}")
        };
    }
    if e.is_timeout() {
        "it did not answer in time (smtp.timeout)".into()
    } else if e.is_tls() {
        format!("the TLS connection failed: {cause}")
    } else if e.is_response() {
        format!("its answer could not be understood: {cause}")
    } else if e.is_transport_shutdown() {
        "the connection was closed".into()
    } else if e.is_client() {
        cause
    } else {
        format!("the connection failed: {cause}")
    }
}

/// An error text as part of a sentence: no trailing "(os error N)", and
/// lower case first, as in "connection refused".
fn plain(text: &str) -> String {
    let text = match text.rfind(" (os error ") {
        Some(i) if text.ends_with(')') => &text[..i],
        _ => text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if chars.clone().next().is_some_and(char::is_lowercase) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => text.to_string(),
    }
}

/// What a code request's mail failure means for the code: none was made.
pub const NO_CODE_MADE: &str = "no code was made; fix the mail server and ask again";

/// `e` with [`NO_CODE_MADE`] after its message when the mail server is the
/// reason (other errors unchanged).
pub fn no_code_made(e: Error) -> Error {
    match e {
        Error::MailUnavailable(m) => Error::MailUnavailable(format!("{m}; {NO_CODE_MADE}")),
        Error::Hinted(h) if matches!(h.error, Error::MailUnavailable(_)) => {
            let hint = h.hint;
            no_code_made(h.error).with_hint(hint)
        }
        other => other,
    }
}

/// Builds the transport from the settings. STARTTLS, when set, is required:
/// a server that does not offer it is an error, never a plain-text fallback.
fn smtp(store: &mut Store) -> Result<Smtp> {
    let smtp = settings::load_config(store)?.smtp.clone();
    let missing = smtp.missing();
    if !missing.is_empty() {
        let e = Error::Refused(format!(
            "SMTP is not configured: {} not set",
            missing.join(" and ")
        ));
        return Err(e.with_hint_if(settings::smtp_hint(&missing)));
    }
    let host = smtp.host.unwrap_or_default();
    let port = smtp.port;
    let server = format!("{host}:{port} ({})", smtp.security.as_str());
    let plain = SmtpTransport::builder_dangerous(&host);
    let builder = match smtp.security {
        SmtpSecurity::None => plain,
        SmtpSecurity::Tls => plain.tls(Tls::Wrapper(tls_parameters(&host, &server)?)),
        SmtpSecurity::Starttls => plain.tls(Tls::Required(tls_parameters(&host, &server)?)),
    };
    let mut builder = builder
        .port(port)
        .timeout(Some(Duration::from_secs(smtp.timeout.max(1))));
    if let Some(username) = smtp.username {
        let password = settings::secret(store, "smtp.password")?.unwrap_or_default();
        builder = builder.credentials(Credentials::new(username, password.expose().to_string()));
    }
    let from = smtp
        .from
        .unwrap_or_default()
        .parse::<Mailbox>()
        .map_err(|e| Error::Invalid(format!("smtp.from is not a usable sender: {e}")))?;
    Ok(Smtp {
        transport: builder.build(),
        from,
        server,
        deadline: Duration::from_secs(smtp.timeout.max(1)),
        ends: std::time::Instant::now() + Duration::from_secs(smtp.timeout.max(1)),
    })
}

/// The system's trust anchors (Debian's ca-certificates, with any local CA
/// that update-ca-certificates added). Read from this fixed file, never
/// from a place the environment names (SSL_CERT_FILE): inside sudo or su
/// the environment is the caller's, who must not choose whom mfactl trusts
/// with a code.
const CA_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

/// TLS to `host`, its certificate checked against [`CA_BUNDLE`].
fn tls_parameters(host: &str, server: &str) -> Result<TlsParameters> {
    let bundle = std::fs::read(CA_BUNDLE).map_err(|e| {
        unavailable(
            server,
            &format!("cannot read the trusted certificates in {CA_BUNDLE} ({e}); install ca-certificates"),
        )
    })?;
    let roots = Certificate::from_pem(&bundle)
        .map_err(|e| unavailable(server, &format!("{CA_BUNDLE}: {}", describe(&e))))?;
    TlsParameters::builder(host.to_string())
        .certificate_store(CertificateStore::None)
        .add_root_certificate(roots)
        .build()
        .map_err(|e| unavailable(server, &describe(&e)))
}

/// Why a message was not sent.
enum SendError {
    /// This message was refused for good (bad recipient, 5xx): others may
    /// still go through.
    Rejected(Error),
    /// The server cannot be reached or refused temporarily: stop trying.
    Unavailable(Error),
}

impl From<SendError> for Error {
    fn from(e: SendError) -> Error {
        match e {
            SendError::Rejected(e) | SendError::Unavailable(e) => e,
        }
    }
}

/// The mail thread's stack: lettre and rustls need far less.
const SMTP_THREAD_STACK: usize = 2 << 20;

impl Smtp {
    fn send(&self, email: &Email) -> std::result::Result<String, SendError> {
        let to = email.to.parse::<Mailbox>().map_err(|e| {
            SendError::Rejected(Error::Invalid(format!(
                "`{}` is not an email address: {e}",
                email.to
            )))
        })?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&email.subject)
            .message_id(None)
            .header(ContentType::TEXT_PLAIN)
            .body(email.body.clone())
            .map_err(|e| {
                SendError::Rejected(Error::Invalid(format!("cannot build the message: {e}")))
            })?;
        let transport = self.transport.clone();
        let response = self.within_deadline(move || transport.send(&message))?;
        let response = response.map_err(|e| {
            if e.is_permanent() {
                SendError::Rejected(Error::MailUnavailable(format!(
                    "the mail server {} refused the message to {}: {}",
                    self.server,
                    email.to,
                    describe(&e)
                )))
            } else {
                SendError::Unavailable(unavailable(&self.server, &describe(&e)))
            }
        })?;
        let text: Vec<&str> = response.message().collect();
        Ok(format!("{} {}", response.code(), text.join(" ")))
    }

    /// Runs one SMTP exchange, giving up when `smtp.timeout` since the
    /// transport was made is over: the transport's own timeout is per
    /// read, so a server that answers one byte at a time would otherwise
    /// hold a login prompt for ever. An abandoned exchange ends on its own
    /// (per-read timeout) or with the process.
    fn within_deadline<T: Send + 'static>(
        &self,
        exchange: impl FnOnce() -> T + Send + 'static,
    ) -> std::result::Result<T, SendError> {
        let (done, result) = std::sync::mpsc::channel();
        // An explicit stack size: std would otherwise read RUST_MIN_STACK,
        // and inside sudo or su the environment is the caller's.
        std::thread::Builder::new()
            .name("smtp".into())
            .stack_size(SMTP_THREAD_STACK)
            .spawn(move || {
                let _ = done.send(exchange());
            })
            .map_err(|e| {
                let reason = format!("cannot start the mail thread: {e}");
                SendError::Unavailable(unavailable(&self.server, &reason))
            })?;
        let left = self
            .ends
            .saturating_duration_since(std::time::Instant::now());
        result.recv_timeout(left).map_err(|_| {
            SendError::Unavailable(unavailable(
                &self.server,
                &format!(
                    "no complete answer within smtp.timeout ({} s)",
                    self.deadline.as_secs()
                ),
            ))
        })
    }
}

/// Sends a message now, bypassing the outbox (for messages that carry a
/// secret, which must never be stored). Returns the server's answer.
pub fn send(store: &mut Store, email: &Email) -> Result<String> {
    Ok(smtp(store)?.send(email)?)
}

/// Connects to the SMTP server and says goodbye without sending, so that a
/// request that sends nothing takes about as long as one that does.
pub fn probe(store: &mut Store) -> Result<()> {
    let smtp = smtp(store)?;
    let transport = smtp.transport.clone();
    match smtp.within_deadline(move || transport.test_connection())? {
        Ok(true) => Ok(()),
        Ok(false) => Err(unavailable(&smtp.server, "it did not answer")),
        Err(e) => Err(unavailable(&smtp.server, &describe(&e))),
    }
}

/// How many notifications wait in the outbox.
pub fn queued(store: &Store) -> Result<usize> {
    store.read().queued_mail_count()
}

/// Queues a notification in `tx`; it is delivered after commit by [`flush`].
pub fn queue(tx: &Tx<'_>, to: &str, subject: &str, body: &str) -> Result<()> {
    tx.queue_mail(to, subject, body)
}

/// Messages waiting for delivery, oldest first.
pub fn pending(store: &Store) -> Result<Vec<Pending>> {
    store.read().pending_mail()
}

/// What a flush did.
#[derive(Debug, Default, Serialize)]
pub struct FlushReport {
    /// Messages delivered (and removed from the queue).
    pub sent: usize,
    /// Messages the server refused for good (they stay queued with the error).
    pub rejected: usize,
    /// Messages still queued.
    pub pending: usize,
    /// Why delivery stopped or failed, if it did.
    pub error: Option<String>,
    /// The same, as an error to return (for its exit code).
    #[serde(skip)]
    pub failure: Option<Error>,
    /// Delivery stopped because the server is unavailable (rather than
    /// refusing one message for good): what is queued goes out when it is
    /// back.
    #[serde(skip)]
    pub server_down: bool,
}

/// Delivers queued messages. Stops at the first failure (the server is
/// probably down), leaving that message and the rest queued with the error.
/// Messages claimed by another flush under way are left to it, and counted
/// as pending.
pub fn flush(store: &mut Store) -> Result<FlushReport> {
    let mut report = FlushReport::default();
    // Most commands queue nothing: a read costs no write transaction.
    if store.read().queued_mail_count()? == 0 {
        return Ok(report);
    }
    let claimed = store.write(|tx| tx.claim_mail(CLAIM_SECS))?;
    if !claimed.is_empty() {
        deliver(store, &claimed, &mut report)?;
    }
    report.error = report.failure.as_ref().map(Error::to_string);
    report.pending = store.read().queued_mail_count()?;
    Ok(report)
}

/// Sends claimed messages in order, removing each one sent. A message
/// refused for good keeps its error and the others go on; when the server
/// is unavailable every message not yet sent stays queued with the error
/// and delivery stops. Claims are released either way.
fn deliver(store: &mut Store, claimed: &[(i64, Email)], report: &mut FlushReport) -> Result<()> {
    let smtp = match smtp(store) {
        Ok(smtp) => smtp,
        Err(e) => {
            mark_failed(store, claimed, &e)?;
            report.server_down = matches!(e.kind(), Error::MailUnavailable(_));
            report.failure = Some(e);
            return Ok(());
        }
    };
    for (i, (id, email)) in claimed.iter().enumerate() {
        match smtp.send(email) {
            Ok(_) => {
                store.write(|tx| tx.delete_mail(*id))?;
                report.sent += 1;
            }
            Err(SendError::Rejected(e)) => {
                mark_failed(store, &claimed[i..=i], &e)?;
                report.rejected += 1;
                report.failure = Some(e);
            }
            Err(SendError::Unavailable(e)) => {
                mark_failed(store, &claimed[i..], &e)?;
                report.server_down = true;
                report.failure = Some(e);
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Records a failed delivery attempt on each message and releases it.
fn mark_failed(store: &mut Store, messages: &[(i64, Email)], error: &Error) -> Result<()> {
    let error = error.to_string();
    store.write(|tx| {
        for (id, _) in messages {
            tx.mail_failed(*id, &error)?;
        }
        Ok(())
    })
}

/// Everyone who must hear about a security event: every administrator
/// (direct or through a group) with an email, deduplicated.
pub fn administrator_addresses(r: Read<'_>) -> Result<Vec<String>> {
    r.administrator_addresses()
}
