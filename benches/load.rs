//! Load test of `verklaar serve`: 10,000 concurrent GETs on loopback, counting errors and the
//! server's threads.
//!
//! Starts the `verklaar` binary on a copy of `content/` at a free port on 127.0.0.1, opens 10,000
//! connections from 100 client threads, each sending a whole request at once, and only when all are
//! open reads the answers. Meanwhile it samples the server's `Threads:` in `/proc/<pid>/status`.
//! Every connection is made once, each step has a timeout and the whole run a time limit, after
//! which the server is killed. Prints the figures. Run with `cargo bench --bench load`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

#[path = "../tests/common/mod.rs"]
mod common;

/// Connections opened at once.
const CONNECTIONS: usize = 10_000;
/// Client threads; each opens `CONNECTIONS / CLIENTS`.
const CLIENTS: usize = 100;
/// Per connect, read and write.
const STEP_TIMEOUT: Duration = Duration::from_secs(30);
/// The whole run; after it the server is killed whatever state the clients are in.
const TIME_LIMIT: Duration = Duration::from_secs(180);
/// How often the server's threads are counted.
const SAMPLE: Duration = Duration::from_millis(5);

/// The server process, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    let needed = CONNECTIONS + 100;
    if let Some(limit) = open_files_limit()
        && limit < needed
    {
        eprintln!("this test needs {needed} open files, the limit is {limit}: raise it with `ulimit -n {needed}`");
        std::process::exit(1);
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    common::copy_dir(&repo.join("content"), &dir.path().join("content"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_verklaar"))
        .args(["serve", "--bind", "127.0.0.1", "--port", "0"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start verklaar serve");
    let stdout = child.stdout.take().expect("stdout");
    let server = Server(child);
    let pid = server.0.id();
    let mut lines = BufReader::new(stdout).lines().map_while(|line| line.ok());
    let address: SocketAddr = lines
        .find_map(|line| line.split(" at http://").nth(1)?.split('/').next()?.parse().ok())
        .expect("the address it serves at");
    // Keep reading what it prints, so that it never blocks on a full pipe.
    thread::spawn(move || lines.for_each(drop));
    let idle_threads = threads_of(pid).unwrap_or(0);

    let done = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicUsize::new(0));
    let sampler = {
        let (done, peak) = (done.clone(), peak.clone());
        thread::spawn(move || {
            while !done.load(Ordering::SeqCst) {
                if let Some(threads) = threads_of(pid) {
                    peak.fetch_max(threads, Ordering::SeqCst);
                }
                thread::sleep(SAMPLE);
            }
        })
    };

    let started = Instant::now();
    let all_open = Arc::new(Barrier::new(CLIENTS + 1));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let all_open = all_open.clone();
            thread::spawn(move || client(address, CONNECTIONS / CLIENTS, &all_open, started))
        })
        .collect();
    all_open.wait();
    let opened = started.elapsed();
    let threads_when_open = threads_of(pid).unwrap_or(0);
    let mut latencies = Vec::with_capacity(CONNECTIONS);
    let mut errors = 0;
    for handle in clients {
        match handle.join() {
            Ok((times, failed)) => {
                latencies.extend(times);
                errors += failed;
            }
            Err(_) => errors += CONNECTIONS / CLIENTS,
        }
    }
    let elapsed = started.elapsed();
    done.store(true, Ordering::SeqCst);
    let _ = sampler.join();
    let memory = status_field(pid, "VmHWM:").unwrap_or_default();
    drop(server);

    latencies.sort();
    let millis = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |p: usize| {
        latencies
            .get((latencies.len() * p).div_ceil(100).saturating_sub(1))
            .copied()
    };
    println!("{CONNECTIONS} concurrent GET / on {address} from {CLIENTS} client threads");
    println!(
        "  answered 200: {}, errors: {errors}, all open after {:.2} s, done in {:.2} s ({:.0} requests/s)",
        latencies.len(),
        opened.as_secs_f64(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64()
    );
    if let (Some(p50), Some(p99), Some(max)) = (at(50), at(99), latencies.last().copied()) {
        println!(
            "  latency from start: median {:.0} ms, p99 {:.0} ms, max {:.0} ms",
            millis(p50),
            millis(p99),
            millis(max)
        );
    }
    println!(
        "  server threads: {idle_threads} idle, {threads_when_open} with all connections open, peak {}",
        peak.load(Ordering::SeqCst)
    );
    println!("  server peak memory (VmHWM): {}", memory.trim());
    if errors > 0 {
        std::process::exit(1);
    }
}

/// Opens `count` connections, each with a whole request written, waits until every client has,
/// then reads the answers. Returns the time from `started` to each 200 and the number of failures.
fn client(address: SocketAddr, count: usize, all_open: &Barrier, started: Instant) -> (Vec<Duration>, usize) {
    let host = format!("localhost:{}", address.port());
    let request = format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    let mut failed = 0;
    let streams: Vec<TcpStream> = (0..count)
        .filter_map(|_| {
            let stream = TcpStream::connect_timeout(&address, STEP_TIMEOUT)
                .ok()
                .and_then(|mut stream| {
                    stream.set_read_timeout(Some(STEP_TIMEOUT)).ok()?;
                    stream.set_write_timeout(Some(STEP_TIMEOUT)).ok()?;
                    stream.write_all(request.as_bytes()).ok()?;
                    Some(stream)
                });
            if stream.is_none() {
                failed += 1;
            }
            stream
        })
        .collect();
    all_open.wait();
    let mut times = Vec::with_capacity(streams.len());
    for mut stream in streams {
        let mut response = Vec::new();
        let ok = started.elapsed() < TIME_LIMIT
            && stream.read_to_end(&mut response).is_ok()
            && response.starts_with(b"HTTP/1.1 200 ");
        if ok {
            times.push(started.elapsed());
        } else {
            failed += 1;
        }
    }
    (times, failed)
}

fn threads_of(pid: u32) -> Option<usize> {
    status_field(pid, "Threads:")?.trim().parse().ok()
}

/// A field of `/proc/<pid>/status`.
fn status_field(pid: u32, name: &str) -> Option<String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(name).map(str::to_owned))
}

/// The soft limit on open files of this process.
fn open_files_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|line| line.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}
