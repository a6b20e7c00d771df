//! HTTP for the preview: reads a request from a connection, checks its host, routes it and writes
//! the response, every step bounded in size and time.

use std::io::{self, Read};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use minijinja::context;
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

use super::response::{IDLE, Response, Status};
use super::state::Shared;
use super::{host, live};
use crate::site::Builder;

/// How long a client may take to send a whole request head.
const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// The longest request head read; longer ones get 431.
const MAX_HEAD: usize = 16 * 1024;
/// The most header fields read.
const MAX_HEADERS: usize = 64;

/// The characters escaped in a path segment of a `Location`: the URL standard's path percent-encode
/// set, plus `/`, `%` and `\`, so that one segment can never read as several or as another host.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%')
    .add(b'\\');

/// The parts of a request head the preview looks at.
struct Request {
    method: String,
    path: String,
    query: String,
    host: Option<String>,
    /// The minor version: 0 for HTTP/1.0, 1 for HTTP/1.1.
    version: u8,
}

/// What reading a request head came to.
enum Head {
    Request(Request),
    Reject(Response),
    /// The client closed or broke the connection.
    Gone,
}

/// Reads one request head, bounded by [`MAX_HEAD`], [`IDLE`] and [`HEAD_DEADLINE`].
fn read_head(stream: &mut TcpStream) -> Head {
    let deadline = Instant::now() + HEAD_DEADLINE;
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() || stream.set_read_timeout(Some(remaining.min(IDLE))).is_err() {
            return Head::Reject(Response::text(Status::RequestTimeout, "request head too slow\n"));
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Head::Gone,
            Ok(read) => buffer.extend_from_slice(&chunk[..read]),
            Err(error) if matches!(error.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                return Head::Reject(Response::text(Status::RequestTimeout, "request head too slow\n"));
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Head::Gone,
        }
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(&buffer) {
            Ok(httparse::Status::Complete(_)) => return request(&parsed),
            Ok(httparse::Status::Partial) if buffer.len() < MAX_HEAD => {}
            Ok(httparse::Status::Partial) | Err(httparse::Error::TooManyHeaders) => {
                return Head::Reject(Response::text(Status::HeadTooLarge, "request head too large\n"));
            }
            Err(_) => return Head::Reject(Response::text(Status::BadRequest, "malformed request\n")),
        }
    }
}

/// The request of a complete head; more than one `Host` is refused.
fn request(parsed: &httparse::Request) -> Head {
    let bad = || Head::Reject(Response::text(Status::BadRequest, "malformed request\n"));
    let (Some(method), Some(target)) = (parsed.method, parsed.path) else {
        return bad();
    };
    let mut hosts = parsed
        .headers
        .iter()
        .filter(|header| header.name.eq_ignore_ascii_case("host"));
    let host = match (hosts.next(), hosts.next()) {
        (None, _) => None,
        (Some(header), None) => match std::str::from_utf8(header.value) {
            Ok(value) => Some(value.trim().to_owned()),
            Err(_) => return bad(),
        },
        (Some(_), Some(_)) => return bad(),
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    Head::Request(Request {
        method: method.to_owned(),
        path: path.to_owned(),
        query: query.to_owned(),
        host,
        version: parsed.version.unwrap_or(1),
    })
}

/// Answers one connection: one request, one response.
pub(super) fn serve_connection(mut stream: TcpStream, shared: &Arc<Shared>) {
    let request = match read_head(&mut stream) {
        Head::Request(request) => request,
        Head::Reject(response) => return response.send(&mut stream, false),
        Head::Gone => return,
    };
    let local = stream.local_addr().unwrap_or(shared.address);
    let refusal = match &request.host {
        // HTTP/1.1 requires a Host; browsers always send one, so leaving it out is no way around
        // the check below.
        None if request.version >= 1 => Some(Response::text(Status::BadRequest, "a Host header is required\n")),
        None => None,
        Some(host) if host::allowed(host, local, shared.address) => None,
        Some(_) => Some(Response::text(
            Status::Misdirected,
            &format!(
                "{}\n",
                msg!("this preview answers only to localhost, 127.0.0.1, [::1] or the address it listens on")
            ),
        )),
    };
    if let Some(response) = refusal {
        return response.send(&mut stream, false);
    }
    let head_only = match request.method.as_str() {
        "GET" => false,
        "HEAD" => true,
        _ => {
            let response = Response::text(Status::MethodNotAllowed, "only GET and HEAD\n");
            return response
                .with_header("Allow", "GET, HEAD".to_owned())
                .send(&mut stream, false);
        }
    };
    if request.path == "/__verklaar/events" && !head_only {
        return live::open(stream, &request.query, shared);
    }
    route(&request.path, shared).send(&mut stream, head_only);
}

/// The response to a GET of `path`.
fn route(path: &str, shared: &Shared) -> Response {
    if path == "/__verklaar/reload.js" {
        let script = shared
            .live()
            .builder
            .theme()
            .file("serve/reload.js")
            .map(|f| f.content.clone());
        return match script {
            Some(script) => Response::new(Status::Ok, "text/javascript; charset=utf-8", script),
            None => Response::text(Status::NotFound, "not found\n"),
        };
    }
    let Some(key) = resolve(path) else {
        return not_found(shared, "");
    };
    let directory = format!("{key}/index.html");
    let reading = shared.reading();
    let (version, is_folder, print_page, builder) = {
        let live = shared.live();
        let print_page = live
            .pdfs
            .get(&key)
            .filter(|page| live.versions.contains_key(*page))
            .cloned();
        (
            live.versions.get(&key).copied(),
            live.versions.contains_key(&directory),
            print_page,
            live.builder.clone(),
        )
    };
    // `//x` names the same file as `/x`, but relative links on it would resolve elsewhere, and a
    // redirect to `//x/` would send the browser to host `x`: send it to the one clean path.
    let clean = !path.contains("//");
    if let Some(version) = version {
        if !clean {
            return redirect(&key);
        }
        let bytes = shared.site.read(&key);
        drop(reading);
        let Some(bytes) = bytes else {
            return not_found(shared, &key);
        };
        let content_type = content_type(&key);
        if content_type.starts_with("text/html") {
            Response::new(Status::Ok, content_type, inject(&builder, &bytes, &key, version))
        } else {
            Response::new(Status::Ok, content_type, bytes)
        }
    } else if is_folder {
        redirect(&directory)
    } else if let Some(page) = print_page {
        let html = shared.site.read(&page);
        drop(reading);
        // The preview makes a PDF only when someone opens it, so that rebuilding after an edit
        // stays fast; one typeset before (by a build, too) comes from the PDF cache.
        let Some(html) = html else {
            return not_found(shared, &key);
        };
        match shared.site.pdf(&builder, &key, &page, &html) {
            Ok(pdf) => Response::new(Status::Ok, "application/pdf", pdf),
            Err(error) => Response::text(Status::InternalError, &format!("{error}\n")),
        }
    } else {
        not_found(shared, &key)
    }
}

/// A permanent redirect to the page of site file `key`.
fn redirect(key: &str) -> Response {
    Response::new(Status::MovedPermanently, "text/plain; charset=utf-8", Vec::new())
        .with_header("Location", location(key))
}

/// The same-origin path of site file `key`: a single `/`, then the segments percent-encoded, with an
/// `index.html` left to the trailing `/`.
pub(super) fn location(key: &str) -> String {
    let folder = if key == "index.html" {
        Some("")
    } else {
        key.strip_suffix("/index.html")
    };
    let (path, slash) = match folder {
        Some(folder) => (folder, "/"),
        None => (key, ""),
    };
    let encoded: Vec<String> = path
        .split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| utf8_percent_encode(segment, SEGMENT).to_string())
        .collect();
    match (encoded.is_empty(), slash) {
        (true, _) => "/".to_owned(),
        (false, slash) => format!("/{}{slash}", encoded.join("/")),
    }
}

/// The path in the site for a request path, or `None` when it tries to leave the site.
///
/// Percent-encoding is decoded first, so `%2e%2e` and `%2f` are judged as what they stand for; `..`,
/// `.`, backslashes, NUL bytes and malformed escapes are refused outright.
pub fn resolve(path: &str) -> Option<String> {
    if !path.starts_with('/') || !escapes_are_well_formed(path) {
        return None;
    }
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" => {}
            "." | ".." => return None,
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    Some(if joined.is_empty() {
        "index.html".to_owned()
    } else if decoded.ends_with('/') {
        format!("{joined}/index.html")
    } else {
        joined
    })
}

/// Whether every `%` starts an escape of two hex digits (the decoder would keep others as they are).
fn escapes_are_well_formed(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.iter().enumerate().all(|(at, &byte)| {
        byte != b'%'
            || bytes
                .get(at + 1..at + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    })
}

/// The media type of a site file, from its extension; text types say they are UTF-8, as every text
/// the site holds is.
fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.essence_str(),
            "application/json" | "application/javascript" | "application/xml" | "image/svg+xml"
        );
    if text {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_owned()
    }
}

/// Adds the preview script before `</body>`.
fn inject(builder: &Builder, html: &[u8], page: &str, version: u64) -> Vec<u8> {
    let script = builder
        .renderer()
        .render(
            "serve/script.html",
            context! { page => page, version => version, title => msg!(
                "The last change could not be processed. You still see the previous version; fix the error and save again."
            ) },
        )
        .unwrap_or_default();
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{script}").into_bytes(),
    }
}

fn not_found(shared: &Shared, key: &str) -> Response {
    let builder = shared.live().builder.clone();
    let page = builder.render_not_found(key).unwrap_or_default();
    let body = inject(&builder, page.as_bytes(), key, 0);
    Response::new(Status::NotFound, "text/html; charset=utf-8", body)
}

#[cfg(test)]
#[path = "http_tests.rs"]
mod tests;
