//! The preview's responses: status lines, bodies, and writing them within
//! bounds of time, so that a client that does not read cannot hold a worker.

use std::io::{self, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// How long a client may go without sending or reading anything before it is dropped.
pub(super) const IDLE: Duration = Duration::from_secs(5);
/// How long a client may take to read a whole response.
const WRITE_DEADLINE: Duration = Duration::from_secs(60);
/// The most bytes written at once: a client must take in this much per [`IDLE`] (13 kB/s).
const CHUNK: usize = 64 * 1024;
/// The statuses the preview answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
    Ok,
    MovedPermanently,
    BadRequest,
    NotFound,
    MethodNotAllowed,
    RequestTimeout,
    Misdirected,
    HeadTooLarge,
    InternalError,
    Unavailable,
}

impl Status {
    fn line(self) -> &'static str {
        match self {
            Status::Ok => "200 OK",
            Status::MovedPermanently => "301 Moved Permanently",
            Status::BadRequest => "400 Bad Request",
            Status::NotFound => "404 Not Found",
            Status::MethodNotAllowed => "405 Method Not Allowed",
            Status::RequestTimeout => "408 Request Timeout",
            Status::Misdirected => "421 Misdirected Request",
            Status::HeadTooLarge => "431 Request Header Fields Too Large",
            Status::InternalError => "500 Internal Server Error",
            Status::Unavailable => "503 Service Unavailable",
        }
    }
}

/// A whole response, sent with its length; every response closes its connection, so that only the
/// live-reload streams hold a connection open.
pub(super) struct Response {
    status: Status,
    content_type: String,
    body: Vec<u8>,
    extra: Option<(&'static str, String)>,
}

impl Response {
    pub(super) fn new(status: Status, content_type: impl Into<String>, body: Vec<u8>) -> Response {
        Response {
            status,
            content_type: content_type.into(),
            body,
            extra: None,
        }
    }

    /// A plain-text response.
    pub(super) fn text(status: Status, text: &str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", text.as_bytes().to_vec())
    }

    pub(super) fn with_header(mut self, name: &'static str, value: String) -> Response {
        self.extra = Some((name, value));
        self
    }

    /// Writes the response (without its body for HEAD) and closes the sending side. A client that
    /// reads nothing for [`IDLE`], or not all of it in [`WRITE_DEADLINE`], is dropped.
    pub(super) fn send(&self, stream: &mut TcpStream, head_only: bool) {
        let body = self.body.as_slice();
        let mut head = format!(
            "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
             X-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            self.status.line(),
            self.content_type,
            body.len()
        );
        if let Some((name, value)) = &self.extra {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let deadline = Instant::now() + WRITE_DEADLINE;
        let body = if head_only { &[] } else { body };
        // The client may have gone or been too slow; nothing to do about that.
        let _ = write_by(stream, head.as_bytes(), deadline).and_then(|()| write_by(stream, body, deadline));
        let _ = stream.shutdown(Shutdown::Write);
    }
}

/// Writes all of `bytes` unless the client stalls or `deadline` passes. The bytes go in chunks of
/// [`CHUNK`]; a chunk that the client does not take in within [`IDLE`] ends the response (a blocking
/// write returns short only when its time is up).
fn write_by(stream: &mut TcpStream, mut bytes: &[u8], deadline: Instant) -> io::Result<()> {
    while !bytes.is_empty() {
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(remaining.min(IDLE)))?;
        let chunk = &bytes[..bytes.len().min(CHUNK)];
        match stream.write(chunk) {
            Ok(written) if written == chunk.len() => bytes = &bytes[written..],
            Ok(_) => return Err(io::ErrorKind::TimedOut.into()),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}
