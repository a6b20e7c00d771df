//! The preview server: `verklaar serve`.
//!
//! The site is built with the same code as `build` into the preview's own folder under
//! `.verklaar-cache/` (`disk`), through the page cache of that folder, so that a start-up renders only
//! the corporations changed since the last preview (`rebuild`), and served from there over plain
//! HTTP/1.1 from a fixed pool of worker threads (`http`); no copy of the site is held in memory. A
//! notify watcher on the content and themes folders triggers rebuilds (`watch`); after a save only
//! the corporations saved are checked and rendered again, with the site-wide pages, and only files
//! whose bytes changed are written. HTML pages get a small script that listens on Server-Sent Events
//! (`live`) and reloads only when its own page changed. When a rebuild fails, every page keeps the
//! last good build and the script lays the error over it. A PDF is typeset only when it is asked
//! for, or taken from the PDF cache that `build` shares.
//!
//! The server answers only requests addressed to its own host names (DNS rebinding protection),
//! holds a bounded number of connections and threads whatever the load, and drops clients that stop
//! sending or reading.

mod disk;
mod host;
mod http;
mod live;
mod rebuild;
mod response;
mod state;
mod watch;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

pub use self::http::resolve;
pub use self::state::ServeOptions;
use self::state::{Live, Shared};

/// How many ports after the asked one are tried when it is in use.
const PORT_ATTEMPTS: u16 = 10;
/// Threads answering ordinary requests, one connection at a time each.
const WORKERS: usize = 8;
/// Accepted connections waiting for a worker at most; beyond that, new ones wait in the system's
/// listen backlog, so a flood of connections costs neither threads nor unbounded memory.
const QUEUED_CONNECTIONS: usize = 4096;

/// A running preview server.
pub struct Preview {
    shared: Arc<Shared>,
    threads: Vec<JoinHandle<()>>,
    /// Told of a stop so the watcher thread ends.
    stop_watcher: mpsc::Sender<watch::Message>,
}

impl Preview {
    /// Builds the site, starts listening and watching. `log` receives one line per event worth
    /// telling (the address, each rebuild, each failure, a warning when reachable from other machines).
    pub fn start(options: &ServeOptions, log: impl Fn(&str) + Send + Sync + 'static) -> Result<Preview> {
        let log: Arc<dyn Fn(&str) + Send + Sync> = Arc::new(log);
        let started = Instant::now();
        let first = rebuild::Site::start(&options.content)?;
        let versions = first.files.into_iter().map(|path| (path, 1)).collect();
        log(&msg!(
            "built the site in {ms} ms ({rendered} corporations rendered, {kept} kept from the last preview)",
            ms = started.elapsed().as_millis(),
            rendered = first.rendered,
            kept = first.kept
        ));
        let builder = first.site.builder.clone();

        let (listener, address) = listen(options.bind, options.port, &*log)?;
        if !options.bind.is_loopback() {
            log(&msg!(
                "warning: listening on {address}, which other machines can reach: anyone on the network \
                 can read every page of the preview, drafts included; use --bind 127.0.0.1 to keep it local",
                address
            ));
        }
        let shared = Arc::new(Shared {
            site: first.site.dir.clone(),
            files: std::sync::RwLock::new(()),
            live: Mutex::new(Live {
                versions,
                pdfs: Arc::new(first.pdfs),
                generation: 1,
                error: None,
                builder,
            }),
            changed: Condvar::new(),
            stopping: AtomicBool::new(false),
            event_streams: AtomicUsize::new(0),
            address,
        });

        let (queue, waiting) = mpsc::sync_channel(QUEUED_CONNECTIONS);
        let waiting = Arc::new(Mutex::new(waiting));
        let mut threads = Vec::new();
        for _ in 0..WORKERS {
            let (waiting, shared) = (waiting.clone(), shared.clone());
            threads.push(thread::spawn(move || work(&waiting, &shared)));
        }
        let accepting = shared.clone();
        threads.push(thread::spawn(move || accept(&listener, &queue, &accepting)));

        let (sender, receiver) = mpsc::channel();
        let rebuilder = watch::Rebuilder::new(options, shared.clone(), first.site, log);
        let watcher = watch::start(options, rebuilder.watched(), sender.clone())?;
        threads.push(thread::spawn(move || {
            // The watcher lives as long as this thread; dropping it stops the events.
            let _watcher = watcher;
            rebuilder.run(&receiver);
        }));
        Ok(Preview {
            shared,
            threads,
            stop_watcher: sender,
        })
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.shared.address
    }

    /// Stops serving and watching, and waits for every thread to end (live-reload streams end
    /// on their own at once).
    pub fn stop(self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        self.shared.changed.notify_all();
        let _ = self.stop_watcher.send(watch::Message::Stop);
        // Wake the accepting thread with a connection of our own.
        let _ = TcpStream::connect_timeout(&reachable(self.shared.address), Duration::from_secs(1));
        for thread in self.threads {
            let _ = thread.join();
        }
    }
}

/// An address at which this machine reaches a server listening on `address`.
fn reachable(address: SocketAddr) -> SocketAddr {
    match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::new(Ipv4Addr::LOCALHOST.into(), address.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => SocketAddr::new(Ipv6Addr::LOCALHOST.into(), address.port()),
        _ => address,
    }
}

/// Accepts connections and queues them for the workers; blocks while the queue is full.
fn accept(listener: &TcpListener, queue: &SyncSender<TcpStream>, shared: &Shared) {
    for stream in listener.incoming() {
        if shared.stopping() {
            return;
        }
        match stream {
            Ok(stream) => {
                if queue.send(stream).is_err() {
                    return;
                }
            }
            // Out of file descriptors, or a connection reset before it was accepted: try again
            // shortly rather than spin.
            Err(_) => thread::sleep(Duration::from_millis(10)),
        }
    }
}

/// One worker: answers queued connections one by one until the server stops.
fn work(waiting: &Mutex<Receiver<TcpStream>>, shared: &Arc<Shared>) {
    loop {
        let next = waiting.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).recv();
        let Ok(stream) = next else {
            return;
        };
        // When stopping, drain the queue without answering, so the accepting thread never blocks.
        if !shared.stopping() {
            http::serve_connection(stream, shared);
        }
    }
}

/// Binds to `port`, or to one of the next ports when it is taken (and says so).
fn listen(bind: IpAddr, port: u16, log: &dyn Fn(&str)) -> Result<(TcpListener, SocketAddr)> {
    let attempts = if port == 0 { 1 } else { PORT_ATTEMPTS };
    let mut last_error = None;
    for offset in 0..attempts {
        let Some(candidate) = port.checked_add(offset) else {
            break;
        };
        match TcpListener::bind(SocketAddr::new(bind, candidate)) {
            Ok(listener) => {
                let address = listener.local_addr().unwrap_or(SocketAddr::new(bind, candidate));
                if offset > 0 {
                    log(&msg!(
                        "port {port} is in use; using port {used} instead",
                        port,
                        used = address.port()
                    ));
                }
                return Ok((listener, address));
            }
            Err(error) => last_error = Some(error.to_string()),
        }
    }
    let last = port.saturating_add(attempts - 1);
    Err(Error::io(
        msg_id!("listen on"),
        Path::new(&format!("{bind}:{port}")),
        std::io::Error::other(msg!(
            "ports {port} to {last} are all unavailable ({error}); choose another with --port",
            port,
            last,
            error = last_error.unwrap_or_default()
        )),
    ))
}
