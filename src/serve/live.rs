//! Live reload: Server-Sent Events streams that tell a page to reload or show the rebuild error.

use std::io::{ErrorKind, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::thread;
use std::time::{Duration, Instant};

use percent_encoding::percent_decode_str;

use super::Shared;
use super::http::{self, Response, Status};

/// Open live-reload connections at most; more are refused with 503 so they cannot starve the
/// server. Each holds one thread, so this also bounds the threads they cost.
const MAX_EVENT_STREAMS: usize = 256;
/// How often an idle event stream gets a comment, so dead connections are noticed.
const KEEPALIVE: Duration = Duration::from_secs(15);
/// How often an idle event stream looks whether its client has gone.
const HANG_UP_CHECK: Duration = Duration::from_secs(1);

/// Holds a Server-Sent Events stream open on its own thread: `status` events carry the current
/// error (or none), and a `reload` event tells the page that it changed. The stream keeps the
/// write timeout of its connection, so a client that stops reading is dropped.
pub(super) fn open(mut stream: TcpStream, query: &str, shared: &Arc<Shared>) {
    let _ = stream.set_write_timeout(Some(http::IDLE));
    if shared.event_streams.fetch_add(1, Ordering::SeqCst) >= MAX_EVENT_STREAMS {
        shared.event_streams.fetch_sub(1, Ordering::SeqCst);
        Response::text(Status::Unavailable, "too many live-reload connections\n").send(&mut stream, false);
        return;
    }
    let mut page = String::new();
    let mut version = 0;
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("page", value)) => page = percent_decode_str(value).decode_utf8_lossy().into_owned(),
            Some(("version", value)) => version = value.parse().unwrap_or(0),
            _ => {}
        }
    }
    let streaming = shared.clone();
    let spawned = thread::Builder::new().spawn(move || {
        let _ = stream_events(&mut stream, &streaming, &page, version);
        streaming.event_streams.fetch_sub(1, Ordering::SeqCst);
    });
    if spawned.is_err() {
        // No thread to be had; the connection was dropped with the closure, and its slot is free.
        shared.event_streams.fetch_sub(1, Ordering::SeqCst);
    }
}

fn stream_events(stream: &mut TcpStream, shared: &Shared, page: &str, version: u64) -> std::io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
    )?;
    stream.flush()?;
    let mut sent_error: Option<Option<String>> = None;
    let mut quiet_since = Instant::now();
    let mut live = shared.live();
    loop {
        if shared.stopping() {
            return Ok(());
        }
        let seen = live.generation;
        let current = live.versions.get(page).copied().unwrap_or(0);
        let error = live.error.clone();
        let reload = current != version && live.error.is_none();
        drop(live);
        if sent_error.as_ref() != Some(&error) {
            let data = serde_json::json!({ "error": error }).to_string();
            stream.write_all(format!("event: status\ndata: {data}\n\n").as_bytes())?;
            stream.flush()?;
            sent_error = Some(error);
        }
        if reload {
            stream.write_all(b"event: reload\ndata: {}\n\n")?;
            stream.flush()?;
            return Ok(());
        }
        live = shared.live();
        if live.generation != seen {
            // A rebuild ended while this thread was writing: look again before waiting.
            continue;
        }
        let (guard, timeout) = shared
            .changed
            .wait_timeout(live, HANG_UP_CHECK)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        live = guard;
        if timeout.timed_out() {
            drop(live);
            if hung_up(stream) {
                return Ok(());
            }
            if quiet_since.elapsed() >= KEEPALIVE {
                stream.write_all(b": keepalive\n\n")?;
                stream.flush()?;
                quiet_since = Instant::now();
            }
            live = shared.live();
        }
    }
}

/// Whether the client has closed its side, so that its place is freed without waiting for a write
/// to fail.
fn hung_up(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut byte = [0u8; 1];
    let gone = match stream.peek(&mut byte) {
        Ok(read) => read == 0,
        Err(error) => error.kind() != ErrorKind::WouldBlock,
    };
    gone || stream.set_nonblocking(false).is_err()
}
