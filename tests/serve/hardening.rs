//! The preview defends itself: only its own host names, same-origin redirects, a warning when
//! reachable from other machines, bounded threads and connections, and no client that can hold it up.

use std::io::{BufRead, BufReader};
use std::net::Ipv4Addr;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use super::*;

/// The head of a request for `path` with `Host: host`.
fn with_host(path: &str, host: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
}

#[test]
fn only_its_own_host_names_are_answered() {
    let server = Running::start(false);
    let port = server.address().port();
    for own in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, body) = parse(&raw(server.address(), &with_host("/", &own)));
        assert_eq!(status, 200, "{own}");
        assert!(body.contains("Voorbeeld Wonen"), "{own}");
    }
    // A DNS name that an attacker's page has pointed at 127.0.0.1 reads nothing, not even the
    // live-reload stream.
    for foreign in [
        format!("attacker.example:{port}"),
        format!("localhost.attacker.example:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
        "localhost".to_owned(),
    ] {
        for path in [
            "/",
            "/voorbeeld-wonen/draft/",
            "/__verklaar/events?page=index.html&version=1",
        ] {
            let (status, body) = parse(&raw(server.address(), &with_host(path, &foreign)));
            assert_eq!(status, 421, "{foreign} {path}");
            assert!(!body.contains("Voorbeeld Wonen"), "{foreign} {path}");
        }
    }
    // HTTP/1.1 requires a Host; HTTP/1.0 may leave it out.
    let missing = parse(&send(
        server.address(),
        "GET / HTTP/1.1\r\nConnection: close\r\n\r\n",
        false,
    ));
    assert_eq!(missing.0, 400);
    assert_eq!(parse(&raw(server.address(), "GET / HTTP/1.0\r\n\r\n")).0, 200);
}

#[test]
fn double_slashes_redirect_to_one_clean_path() {
    let server = Running::start(false);
    for (path, target) in [
        ("//voorbeeld-wonen", "/voorbeeld-wonen/"),
        ("//voorbeeld-wonen/", "/voorbeeld-wonen/"),
        ("/voorbeeld-wonen//2020-01-01/", "/voorbeeld-wonen/2020-01-01/"),
        ("//assets//style.css", "/assets/style.css"),
        ("//", "/"),
    ] {
        let response = String::from_utf8(raw(
            server.address(),
            &format!("GET {path} HTTP/1.1\r\nConnection: close\r\n\r\n"),
        ))
        .unwrap();
        assert!(response.starts_with("HTTP/1.1 301"), "{path}: {response}");
        let location = response
            .lines()
            .find_map(|line| line.strip_prefix("Location: "))
            .unwrap_or_default();
        assert_eq!(location, target, "{path}");
    }
    // What does not exist stays a 404, however it is spelled.
    assert_eq!(server.get("//no-such-page/").0, 404);
}

#[test]
fn binding_beyond_loopback_warns() {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = lines.clone();
    // A copy: the preview builds into `.verklaar-cache/` beside the content folder.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("valid"), &dir.path().join("content"));
    let options = ServeOptions {
        content: dir.path().join("content"),
        bind: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        port: 0,
        poll: false,
    };
    let preview = Preview::start(&options, move |line| sink.lock().unwrap().push(line.to_owned())).unwrap();
    preview.stop();
    let said = lines.lock().unwrap().join("\n");
    assert!(said.contains("warning: listening on 0.0.0.0:"), "{said}");
    assert!(said.contains("other machines"), "{said}");

    let server = Running::start(false);
    let said = server.log.lock().unwrap().join("\n");
    assert!(!said.contains("warning"), "{said}");
}

#[test]
fn clients_that_do_not_read_cannot_hold_up_the_server() {
    let server = Running::start_with("theme-override", false, Path::to_owned);
    // Far more than the system buffers of a connection take in.
    let big = server.content.parent().unwrap().join("themes/custom/assets/big.bin");
    fs::write(&big, vec![b'x'; 32 << 20]).unwrap();
    assert_eq!(server.wait_for_status("/assets/big.bin", 200), 200);
    // As many stalled clients as there are workers, twice the four that used to block everything.
    let stalled: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut stream = TcpStream::connect(server.address()).unwrap();
            stream
                .write_all(with_host("/assets/big.bin", &host(server.address())).as_bytes())
                .unwrap();
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let mut stream = TcpStream::connect(server.address()).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    stream
        .write_all(with_host("/acme/", &host(server.address())).as_bytes())
        .unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    assert_eq!(parse(&response).0, 200, "answered in {:?}", started.elapsed());
    assert!(started.elapsed() < Duration::from_secs(15), "{:?}", started.elapsed());
    drop(stalled);
}

#[test]
fn a_silent_client_is_dropped() {
    let server = Running::start(false);
    let mut silent = TcpStream::connect(server.address()).unwrap();
    silent.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let started = Instant::now();
    let mut response = Vec::new();
    let _ = silent.read_to_end(&mut response);
    assert!(started.elapsed() < Duration::from_secs(15), "{:?}", started.elapsed());
    assert_eq!(parse(&response).0, 408);
}

#[test]
fn live_reload_streams_are_capped_with_503() {
    let server = Running::start(false);
    let open = || server.events("index.html", 1);
    // MAX_EVENT_STREAMS in src/serve/live.rs.
    let streams: Vec<TcpStream> = (0..256)
        .map(|_| {
            let mut stream = open();
            read_until(&mut stream, "\n\n", "event: status");
            stream
        })
        .collect();
    let mut refused = open();
    let mut response = Vec::new();
    let _ = refused.read_to_end(&mut response);
    let (status, body) = parse(&response);
    assert_eq!(status, 503, "{body}");
    // Ordinary requests are still answered, and a closed stream frees its place.
    assert_eq!(server.get("/").0, 200);
    drop(streams);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mut stream = open();
        let mut head = [0u8; 12];
        let read = stream.read(&mut head).unwrap_or(0);
        if head[..read].starts_with(b"HTTP/1.1 200") {
            break;
        }
        assert!(Instant::now() < deadline, "no place freed");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A `verklaar serve` process, killed when dropped.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The `Threads:` of a process.
fn threads_of(pid: u32) -> usize {
    fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find_map(|line| line.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

#[test]
fn thousands_of_connections_cost_a_bounded_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("valid"), &dir.path().join("content"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_verklaar"))
        .args(["serve", "--port", "0"])
        .current_dir(dir.path())
        .env("LC_ALL", "C")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let process = Process(child);
    let address: SocketAddr = BufReader::new(stdout)
        .lines()
        .map_while(|line| line.ok())
        .find_map(|line| {
            let url = line.split(" at http://").nth(1)?;
            url.split('/').next()?.parse().ok()
        })
        .expect("the address it serves at");
    // All open at once, none saying anything yet, as clients on a slow network do.
    let silent: Vec<TcpStream> = (0..2000).map(|_| TcpStream::connect(address).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(200));
    let threads = threads_of(process.0.id());
    drop(silent);
    let (status, _) = parse(&raw(address, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n"));
    assert_eq!(status, 200);
    assert!(threads <= 32, "{threads} threads for 2000 connections");
}
