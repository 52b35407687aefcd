//! A real SMTP server in the test process (mailin-embedded on
//! 127.0.0.1:0), recording every message it accepts.

use std::net::{IpAddr, TcpListener};
use std::sync::{Arc, Mutex};

use mailin_embedded::{response, Handler, Response, Server};

/// A message as received.
#[derive(Debug, Clone)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

impl Mail {
    /// The body, after the headers, with quoted-printable soft breaks undone.
    pub fn body(&self) -> String {
        let body = self
            .data
            .split_once("\r\n\r\n")
            .map_or(self.data.as_str(), |(_, b)| b);
        body.replace("=\r\n", "").replace("=3D", "=")
    }
    pub fn subject(&self) -> String {
        self.data
            .lines()
            .find_map(|l| l.strip_prefix("Subject: "))
            .unwrap_or("")
            .to_string()
    }
}

#[derive(Clone)]
struct Recorder {
    inbox: Arc<Mutex<Vec<Mail>>>,
    current: Option<Mail>,
}

impl Handler for Recorder {
    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Some(Mail {
            from: from.to_string(),
            to: to.to_vec(),
            data: String::new(),
        });
        response::OK
    }
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(m) = self.current.as_mut() {
            m.data.push_str(&String::from_utf8_lossy(buf));
        }
        Ok(())
    }
    /// A message to a mailbox starting with `stall` gets no answer after
    /// its data for 20 s, as from a server that hangs at the end of DATA.
    fn data_end(&mut self) -> Response {
        let stalls = self.current.as_ref().is_some_and(|m| {
            m.to.iter()
                .any(|t| t.trim_start_matches('<').starts_with("stall"))
        });
        if stalls {
            std::thread::sleep(std::time::Duration::from_secs(20));
            return response::OK;
        }
        if let Some(m) = self.current.take() {
            self.inbox.lock().unwrap().push(m);
        }
        response::OK
    }
    fn helo(&mut self, _ip: IpAddr, _domain: &str) -> Response {
        response::OK
    }
    /// Mailboxes starting with `bounce` do not exist (550), as a real
    /// server would say for a mistyped address.
    fn rcpt(&mut self, to: &str) -> Response {
        if to.trim_start_matches('<').starts_with("bounce") {
            response::NO_MAILBOX
        } else {
            response::OK
        }
    }
}

/// A running server. It stops with the test process (mailin has no
/// shutdown), which is fine for tests.
pub struct Smtp {
    pub port: u16,
    inbox: Arc<Mutex<Vec<Mail>>>,
}

impl Smtp {
    pub fn start() -> Smtp {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let inbox = Arc::new(Mutex::new(Vec::new()));
        let mut server = Server::new(Recorder {
            inbox: inbox.clone(),
            current: None,
        });
        server
            .with_name("test.smtp")
            .with_tcp_listener(listener)
            .with_num_threads(8);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        Smtp { port, inbox }
    }

    pub fn messages(&self) -> Vec<Mail> {
        self.inbox.lock().unwrap().clone()
    }

    /// The messages to `address` once there are `count` of them (or after
    /// 30 s): mail that a command sends after its answer.
    pub fn wait_for(&self, address: &str, count: usize) -> Vec<Mail> {
        let until = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let mails = self.to(address);
            if mails.len() >= count || std::time::Instant::now() > until {
                return mails;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    pub fn to(&self, address: &str) -> Vec<Mail> {
        self.messages()
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(address)))
            .collect()
    }
}

/// A port where nothing listens: connections are refused.
pub fn dead_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}
