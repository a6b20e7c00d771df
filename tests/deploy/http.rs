//! A small HTTP/1.1 client for the deployed site, and the resolution of links found in its pages.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// One answer of the server.
pub struct Response {
    /// The status code, e.g. 200.
    pub status: u16,
    /// Header names in lower case, with their values.
    pub headers: Vec<(String, String)>,
    /// The body as sent.
    pub body: Vec<u8>,
}

impl Response {
    /// The first value of header `name` (lower case), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The media type without parameters, e.g. `text/html`.
    pub fn media_type(&self) -> String {
        let value = self.header("content-type").unwrap_or_default();
        value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `GET path` to `address` with header `Host: host` and reads the whole answer.
pub fn get(address: SocketAddr, host: &str, path: &str) -> Response {
    let mut stream = TcpStream::connect(address).unwrap_or_else(|e| panic!("connect to {address}: {e}"));
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("read GET {path}: {e}"));
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("GET {path}: no end of head in {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = raw[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("GET {path}: no status line in {head:?}"));
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let response = Response { status, headers, body };
    if let Some(length) = response.header("content-length").and_then(|v| v.parse::<usize>().ok()) {
        assert_eq!(
            response.body.len(),
            length,
            "GET {path}: body shorter than Content-Length"
        );
    }
    response
}

/// Where a link in a page points, seen from the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A path on the site's own server (absolute, e.g. `/privacy/a/`), with the fragment if any.
    Local { path: String, fragment: Option<String> },
    /// Anywhere else (another host, `mailto:`, `tel:`): not followed, there is no internet.
    External,
}

/// Resolves `link` (an `href` or `src` value) found on the page at absolute path `page` of a site
/// whose absolute URL is `origin` (e.g. `http://privacy.test`, no trailing slash).
pub fn resolve(link: &str, page: &str, origin: &str) -> Target {
    let link = link.trim();
    let (link, fragment) = match link.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment.to_owned())),
        None => (link, None),
    };
    let path = if let Some(rest) = link.strip_prefix(origin) {
        if !rest.is_empty() && !rest.starts_with('/') {
            return Target::External;
        }
        if rest.is_empty() {
            "/".to_owned()
        } else {
            rest.to_owned()
        }
    } else if link.starts_with("//") || has_scheme(link) {
        return Target::External;
    } else if link.is_empty() {
        page.to_owned()
    } else if link.starts_with('/') {
        link.to_owned()
    } else {
        let directory = &page[..page.rfind('/').map_or(0, |i| i + 1)];
        format!("{directory}{link}")
    };
    let path = path.split('?').next().unwrap_or_default();
    Target::Local {
        path: normalise(path),
        fragment,
    }
}

/// Whether `link` starts with a scheme (`mailto:`, `https:`), i.e. a colon before any `/` or `?`.
fn has_scheme(link: &str) -> bool {
    let first = link.split(['/', '?']).next().unwrap_or_default();
    first.contains(':')
}

/// Removes `.` and `..` segments from an absolute path, keeping a trailing slash.
fn normalise(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = path.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        match *part {
            "" | "." if !last => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(if other == "." { "" } else { other }),
        }
    }
    format!("/{}", segments.join("/"))
}

#[test]
fn links_resolve_like_a_browser() {
    let origin = "http://privacy.test";
    let local = |path: &str, fragment: Option<&str>| Target::Local {
        path: path.to_owned(),
        fragment: fragment.map(str::to_owned),
    };
    assert_eq!(resolve("../x/", "/privacy/a/b/", origin), local("/privacy/a/x/", None));
    assert_eq!(resolve("../../", "/privacy/a/b/", origin), local("/privacy/", None));
    assert_eq!(
        resolve("assets/s.css", "/privacy/", origin),
        local("/privacy/assets/s.css", None)
    );
    assert_eq!(
        resolve("#top", "/privacy/a/", origin),
        local("/privacy/a/", Some("top"))
    );
    assert_eq!(
        resolve("./", "/privacy/a/index.html", origin),
        local("/privacy/a/", None)
    );
    assert_eq!(
        resolve("http://privacy.test/privacy/a/", "/", origin),
        local("/privacy/a/", None)
    );
    assert_eq!(resolve("http://privacy.testing/", "/", origin), Target::External);
    assert_eq!(resolve("mailto:a@b.example", "/", origin), Target::External);
    assert_eq!(resolve("https://example.org/a", "/", origin), Target::External);
}
