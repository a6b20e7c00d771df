//! The preview server over real HTTP on 127.0.0.1: live rebuilds, the error overlay, and requests
//! that try to leave the site or break the server.

#[path = "../common/mod.rs"]
mod common;
mod disk;
mod edits;
mod hardening;

use std::fs;
use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use verklaar::serve::{Preview, ServeOptions};

const LOCALHOST: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

/// A copy of the valid fixture in a temp dir, served on a free port.
struct Running {
    _dir: tempfile::TempDir,
    content: PathBuf,
    preview: Option<Preview>,
    log: Arc<Mutex<Vec<String>>>,
}

impl Running {
    fn start(poll: bool) -> Running {
        Running::start_with("valid", poll, |content| content.to_owned())
    }

    /// Serves a copy of fixture `name` (its content and themes), naming the content folder to the
    /// server as `path` makes it.
    fn start_with(name: &str, poll: bool, path: impl Fn(&std::path::Path) -> PathBuf) -> Running {
        Running::start_prepared(name, poll, path, |_| {})
    }

    /// [`Running::start_with`], after `prepare` has changed the copied content folder.
    fn start_prepared(
        name: &str,
        poll: bool,
        path: impl Fn(&std::path::Path) -> PathBuf,
        prepare: impl Fn(&std::path::Path),
    ) -> Running {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        copy_dir(&fixture(name), &content);
        let themes = fixture(name).parent().unwrap().join("themes");
        if themes.is_dir() {
            copy_dir(&themes, &dir.path().join("themes"));
        }
        prepare(&content);
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = log.clone();
        let options = ServeOptions {
            content: path(&content),
            bind: LOCALHOST,
            port: 0,
            poll,
        };
        let preview = Preview::start(&options, move |line| sink.lock().unwrap().push(line.to_owned())).unwrap();
        Running {
            _dir: dir,
            content,
            preview: Some(preview),
            log,
        }
    }

    fn address(&self) -> SocketAddr {
        self.preview.as_ref().unwrap().address()
    }

    fn get(&self, path: &str) -> (u16, String) {
        let response = raw(
            self.address(),
            &format!("GET {path} HTTP/1.1\r\nConnection: close\r\n\r\n"),
        );
        parse(&response)
    }

    /// Writes a file the way many editors save: to a temporary file, then renamed over the original.
    fn save(&self, relative: &str, text: &str) {
        save(&self.content.join(relative), text);
    }

    /// The text of a content file.
    fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.content.join(relative)).unwrap()
    }

    /// The status of `path`, once it is `status` (or after 10 s).
    fn wait_for_status(&self, path: &str, status: u16) -> u16 {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (now, _) = self.get(path);
            if now == status || Instant::now() > deadline {
                return now;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

/// Writes `target` through a temporary file renamed over it, as many editors save.
fn save(target: &std::path::Path, text: &str) {
    {
        let mut name = target.file_name().unwrap().to_owned();
        name.push(".tmp");
        let temporary = target.with_file_name(name);
        fs::write(&temporary, text).unwrap();
        fs::rename(&temporary, target).unwrap();
    }
}

impl Running {
    /// Waits until `path` answers with a body for which `done` holds.
    fn wait_for(&self, path: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (_, body) = self.get(path);
            if done(&body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting on {path}; log: {:?}",
                self.log.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// A live-reload stream for `page` as of `version`, opened with the server's own Host.
    fn events(&self, page: &str, version: u64) -> TcpStream {
        let mut stream = TcpStream::connect(self.address()).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        write!(
            stream,
            "GET /__verklaar/events?page={page}&version={version} HTTP/1.1\r\nHost: {}\r\n\r\n",
            host(self.address())
        )
        .unwrap();
        stream
    }

    /// The `error` of the first status event the server sends for a page.
    fn status_error(&self, page: &str, version: u64) -> serde_json::Value {
        let mut stream = self.events(page, version);
        let text = read_until(&mut stream, "\n\n", "event: status");
        let data = text
            .split("event: status\ndata: ")
            .nth(1)
            .unwrap()
            .split('\n')
            .next()
            .unwrap();
        serde_json::from_str::<serde_json::Value>(data).unwrap()["error"].clone()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(preview) = self.preview.take() {
            preview.stop();
        }
    }
}

/// Sends a request and reads the whole answer (the server closes or the read times out). An
/// HTTP/1.1 request without a `Host` gets one naming the server as a browser would.
fn raw(address: SocketAddr, request: &str) -> Vec<u8> {
    let request = match request.split_once("\r\n") {
        Some((line, rest)) if line.ends_with("HTTP/1.1") && !request.contains("\r\nHost:") => {
            format!("{line}\r\nHost: {}\r\n{rest}", host(address))
        }
        _ => request.to_owned(),
    };
    send(address, &request, false)
}

/// The `Host` a browser sends for the server at `address`.
fn host(address: SocketAddr) -> String {
    format!("localhost:{}", address.port())
}

/// Sends raw bytes, optionally closes the sending side (so the server sees the end of an
/// unfinished request at once), and reads what comes back.
fn send(address: SocketAddr, request: &str, close_after: bool) -> Vec<u8> {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    if close_after {
        let _ = stream.shutdown(std::net::Shutdown::Write);
    }
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    response
}

fn parse(response: &[u8]) -> (u16, String) {
    let text = String::from_utf8_lossy(response).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// Reads from a stream until the text after `marker` holds `end`.
fn read_until(stream: &mut TcpStream, end: &str, marker: &str) -> String {
    let mut text = String::new();
    let mut buffer = [0u8; 4096];
    while !text.split_once(marker).is_some_and(|(_, rest)| rest.contains(end)) {
        let read = stream.read(&mut buffer).expect("event within 5 s");
        assert!(read > 0, "stream closed: {text}");
        text.push_str(&String::from_utf8_lossy(&buffer[..read]));
    }
    text
}

fn version_of(html: &str) -> u64 {
    html.split("data-version=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .parse()
        .unwrap()
}

/// The draft: the file people edit while they watch the preview (published versions never change).
const STATEMENT: &str = "voorbeeld-wonen/draft.yaml";

#[test]
fn serves_the_site_with_the_preview_script_and_right_types() {
    let server = Running::start(false);
    let (status, body) = server.get("/");
    assert_eq!(status, 200);
    assert!(body.contains("Voorbeeld Wonen"));
    assert!(
        body.contains(r#"<script src="/__verklaar/reload.js" data-page="index.html" data-version="1""#),
        "{body}"
    );
    let (status, body) = server.get("/voorbeeld-wonen/2020-01-01/");
    assert_eq!(status, 200);
    assert!(visible_text(&body).contains("Gold van 1 januari 2020 tot 1 maart 2021"));

    let response = String::from_utf8(raw(
        server.address(),
        "GET /assets/style.css HTTP/1.1\r\nConnection: close\r\n\r\n",
    ))
    .unwrap();
    assert!(response.contains("Content-Type: text/css; charset=utf-8"), "{response}");
    assert!(!response.contains("__verklaar"), "only HTML gets the script");
    let response = String::from_utf8(raw(
        server.address(),
        "GET /index.json HTTP/1.1\r\nConnection: close\r\n\r\n",
    ))
    .unwrap();
    assert!(response.contains("Content-Type: application/json"));
    let (status, script) = server.get("/__verklaar/reload.js");
    assert_eq!(status, 200);
    assert!(script.contains("EventSource"));

    let head = String::from_utf8(raw(server.address(), "HEAD / HTTP/1.1\r\nConnection: close\r\n\r\n")).unwrap();
    assert!(head.starts_with("HTTP/1.1 200"));
    assert!(head.ends_with("\r\n\r\n"), "HEAD has no body: {head}");
    let post = String::from_utf8(raw(
        server.address(),
        "POST / HTTP/1.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    ))
    .unwrap();
    assert!(
        post.starts_with("HTTP/1.1 405") && post.contains("Allow: GET, HEAD"),
        "{post}"
    );
    let redirect = String::from_utf8(raw(
        server.address(),
        "GET /voorbeeld-wonen HTTP/1.1\r\nConnection: close\r\n\r\n",
    ))
    .unwrap();
    assert!(
        redirect.starts_with("HTTP/1.1 301") && redirect.contains("Location: /voorbeeld-wonen/"),
        "{redirect}"
    );

    let (status, draft) = server.get("/voorbeeld-wonen/draft/");
    assert_eq!(status, 200, "the preview shows drafts");
    assert!(
        visible_text(&draft).contains("Concept. Deze versie is nog niet gepubliceerd"),
        "{draft}"
    );
    // On request, the draft's change log against the last published version.
    assert!(
        draft.contains(r#"<a href="../../voorbeeld-wonen/draft/changes/">Bekijk wat er verandert als dit concept wordt gepubliceerd</a>"#),
        "{draft}"
    );
    let (status, changes) = server.get("/voorbeeld-wonen/draft/changes/");
    assert_eq!(status, 200);
    let changes = visible_text(&changes);
    assert!(
        changes.contains("Het concept vergeleken met de gepubliceerde versie van 1 maart 2021: dit verandert er als het concept wordt gepubliceerd."),
        "{changes}"
    );
    assert!(
        changes.contains(
            "Bij onderdeel Uitgangspunten is tekst voortaan: Wij zijn zuinig op gegevens, ook in het concept. (was: Wij zijn zuinig op gegevens.)"
        ),
        "{changes}"
    );

    let (status, body) = server.get("/no-such-page/");
    assert_eq!(status, 404);
    assert!(
        body.contains("Pagina niet gevonden") && body.contains("/__verklaar/reload.js"),
        "{body}"
    );
    // The 404 page speaks with the site's own title.
    assert!(body.contains("Testsite privacyverklaringen"), "{body}");
}

#[test]
fn the_preview_has_print_pages_and_typesets_a_pdf_only_when_it_is_opened() {
    let server = Running::start(false);
    let (status, print) = server.get("/voorbeeld-wonen/2021-03-01/print/");
    assert_eq!(status, 200);
    assert!(visible_text(&print).contains("Geldt vanaf 1 maart 2021"), "{print}");
    let pdf = "/voorbeeld-wonen/2021-03-01/voorbeeld-wonen-2021-03-01.pdf";
    assert!(print.contains(&format!("href=\"../../..{pdf}\"")), "{print}");

    // HTTP/1.0, so that the body comes whole rather than in chunks.
    let response = raw(server.address(), &format!("GET {pdf} HTTP/1.0\r\n\r\n"));
    let at = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&response[..at]);
    assert!(
        head.contains(" 200 ") && head.contains("Content-Type: application/pdf"),
        "{head}"
    );
    let body = &response[at + 4..];
    assert!(body.starts_with(b"%PDF-") && body.trim_ascii_end().ends_with(b"%%EOF"));
    // It is the PDF that `build` makes.
    let built = build(&server.content);
    assert_eq!(body, built.files[pdf.trim_start_matches('/')].as_slice());

    // A draft is previewed for print, but it is not a document to hand out: no PDF.
    let (status, draft) = server.get("/voorbeeld-wonen/draft/print/");
    assert_eq!(status, 200);
    assert!(!draft.contains("application/pdf"));
    assert_eq!(server.get("/voorbeeld-wonen/draft/voorbeeld-wonen-draft.pdf").0, 404);
}

#[test]
fn traversal_attempts_get_404() {
    let server = Running::start(false);
    for target in [
        "/../../../../etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fcontent%2Fsite.yaml",
        "/assets/../../content/site.yaml",
        "/assets\\..\\..\\content\\site.yaml",
        "/%5c..%5c..%5ccontent%5csite.yaml",
        "//etc/passwd",
        "/content/site.yaml",
        "/./index.html",
        "/%00",
    ] {
        let (status, body) = parse(&raw(
            server.address(),
            &format!("GET {target} HTTP/1.1\r\nConnection: close\r\n\r\n"),
        ));
        assert_eq!(status, 404, "{target}");
        assert!(
            !body.contains("root:") && !body.contains("base_url"),
            "{target} leaked a file"
        );
    }
}

#[test]
fn malformed_requests_do_not_kill_the_server() {
    let server = Running::start(false);
    let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(100_000));
    for garbage in [
        "GARBAGE\r\n\r\n",
        "GET\r\n\r\n",
        "GET / HTTP/9.9\r\n\r\n",
        "\u{1}\u{2}\u{3}\r\n\r\n",
        "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
        &long,
        "GET /",
    ] {
        let _ = send(server.address(), garbage, true);
    }
    // A client that connects and says nothing does not block others either.
    let _silent = TcpStream::connect(server.address()).unwrap();
    let (status, _) = server.get("/");
    assert_eq!(status, 200);
}

#[test]
fn many_reload_connections_do_not_starve_requests() {
    let server = Running::start(false);
    // 64 open reload streams, each confirmed open by its first event.
    let streams: Vec<TcpStream> = (0..64)
        .map(|_| {
            let mut stream = TcpStream::connect(server.address()).unwrap();
            stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            write!(
                stream,
                "GET /__verklaar/events?page=index.html&version=1 HTTP/1.1\r\nHost: {}\r\n\r\n",
                host(server.address())
            )
            .unwrap();
            read_until(&mut stream, "\n\n", "event: status");
            stream
        })
        .collect();
    let handles: Vec<_> = (0..16)
        .map(|_| {
            let address = server.address();
            std::thread::spawn(move || {
                parse(&raw(
                    address,
                    "GET /voorbeeld-wonen/ HTTP/1.1\r\nConnection: close\r\n\r\n",
                ))
                .0
            })
        })
        .collect();
    for handle in handles {
        assert_eq!(handle.join().unwrap(), 200);
    }
    drop(streams);
}

#[test]
fn a_port_in_use_moves_to_the_next_one() {
    let taken = TcpListener::bind((LOCALHOST, 0)).unwrap();
    let port = taken.local_addr().unwrap().port();
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = lines.clone();
    // A copy: the preview builds into `.verklaar-cache/` beside the content folder.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("valid"), &dir.path().join("content"));
    let options = ServeOptions {
        content: dir.path().join("content"),
        bind: LOCALHOST,
        port,
        poll: false,
    };
    let preview = Preview::start(&options, move |line| sink.lock().unwrap().push(line.to_owned())).unwrap();
    assert_ne!(preview.address().port(), port);
    let said = lines.lock().unwrap().join("\n");
    assert!(said.contains(&format!("port {port} is in use; using port")), "{said}");
    preview.stop();
}

#[test]
fn serving_broken_content_fails_with_the_same_message_as_check() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("unknown-key"), &dir.path().join("content"));
    let options = ServeOptions {
        content: dir.path().join("content"),
        bind: LOCALHOST,
        port: 0,
        poll: false,
    };
    let error = Preview::start(&options, |_| {}).err().expect("must fail").to_string();
    assert!(error.starts_with("error: unknown key `emial`"), "{error}");
}
