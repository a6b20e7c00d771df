//! Save-to-updated-page latency of `verklaar serve` on the shipped content.
//!
//! Serves a copy of `content/`, keeps a live-reload stream open for one statement as a browser does,
//! saves its YAML through a rename (as editors do), and times from the rename until the stream says
//! "reload" and the page, fetched again, shows the edit. Prints the median and the 95th percentile.
//! Run with `cargo bench --bench reload`.

use std::fs;
use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use verklaar::serve::{Preview, ServeOptions};

#[path = "../tests/common/mod.rs"]
mod common;

const ROUNDS: usize = 60;
const PAGE: &str = "cocon-wonen/draft/index.html";
const FILE: &str = "cocon-wonen/draft.yaml";

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    common::copy_dir(&repo.join("content"), &content);
    // Editors edit the next version, a draft of the newest published one.
    verklaar::lifecycle::new_version(&content, "cocon-wonen").expect("start a draft");
    let options = ServeOptions {
        content: content.clone(),
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        poll: false,
    };
    let preview = Preview::start(&options, |_| {}).expect("start preview");
    let address = preview.address();
    let file = content.join(FILE);
    let original = fs::read_to_string(&file).expect("read statement");

    let mut timings = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        let version = page_version(address);
        let mut stream = TcpStream::connect(address).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
        write!(
            stream,
            "GET /__verklaar/events?page={PAGE}&version={version} HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
            address.port()
        )
        .expect("subscribe");
        read_until(&mut stream, "event: status");

        let marker = format!("Soest (meting {round})");
        let edited = original.replacen("city: Soest", &format!("city: {marker}"), 1);
        let temporary = file.with_extension("yaml.tmp");
        fs::write(&temporary, edited).expect("write");
        let saved = Instant::now();
        fs::rename(&temporary, &file).expect("rename");
        read_until(&mut stream, "event: reload");
        let page = get(address, &format!("/{}", PAGE.trim_end_matches("index.html")));
        assert!(page.contains(&marker), "page does not show the edit");
        timings.push(saved.elapsed());
    }
    preview.stop();
    fs::write(&file, original).expect("restore");

    timings.sort();
    let millis = |d: Duration| d.as_secs_f64() * 1000.0;
    let p95 = timings[(timings.len() * 95).div_ceil(100) - 1];
    println!(
        "save-to-updated-page latency over {ROUNDS} saves: median {:.1} ms, p95 {:.1} ms, min {:.1} ms, max {:.1} ms",
        millis(timings[timings.len() / 2]),
        millis(p95),
        millis(timings[0]),
        millis(timings[timings.len() - 1]),
    );
}

fn get(address: SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
        address.port()
    )
    .expect("request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    response
}

fn page_version(address: SocketAddr) -> u64 {
    let page = get(address, &format!("/{}", PAGE.trim_end_matches("index.html")));
    page.split("data-version=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|v| v.parse().ok())
        .expect("page version")
}

fn read_until(stream: &mut TcpStream, marker: &str) {
    let mut text = String::new();
    let mut buffer = [0u8; 4096];
    while !text.contains(marker) {
        let read = stream.read(&mut buffer).expect("event in time");
        assert!(read > 0, "stream closed before {marker}");
        text.push_str(&String::from_utf8_lossy(&buffer[..read]));
    }
}
