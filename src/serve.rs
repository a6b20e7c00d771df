//! The preview server: `verklaar serve`.
//!
//! The site is built in memory with the same code as `build` and served with tiny_http. A notify
//! watcher on the content and themes folders triggers rebuilds; a rebuild re-renders only the
//! corporations an edit touched, and readers keep getting the previous site until the new one is
//! complete. HTML pages get a small script that listens on Server-Sent Events and reloads only when
//! its own page changed. When a rebuild fails, every page keeps the last good build and the script
//! lays the error over it. PDFs are typeset only when they are asked for.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use minijinja::context;
use notify::{RecursiveMode, Watcher};
use tiny_http::{Header, Method, Request, Response, Server};

use crate::content::date::Date;
use crate::content::files::{LEDGER_FILE, SITE_FILE, is_ignored};
use crate::error::{Error, Result};
use crate::site::{self, BuildOptions, Builder, SiteFiles};

/// How many ports after the asked one are tried when it is in use.
const PORT_ATTEMPTS: u16 = 10;
/// Threads answering ordinary requests.
const WORKERS: usize = 4;
/// Open live-reload connections at most; more are refused with 503 so they cannot starve the server.
const MAX_EVENT_STREAMS: usize = 256;
/// How long the watcher waits for a burst of events to end before rebuilding.
const DEBOUNCE: Duration = Duration::from_millis(30);
/// How often an idle event stream gets a comment, so dead connections are noticed.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// Options of `verklaar serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The content folder.
    pub content: PathBuf,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port to listen on; 0 lets the system choose.
    pub port: u16,
    /// Poll the file system instead of relying on native events.
    pub poll: bool,
}

/// The state that requests read and rebuilds replace.
struct Live {
    /// The last good build.
    site: Arc<SiteFiles>,
    /// For each page, the rebuild in which it last changed.
    versions: BTreeMap<String, u64>,
    /// Number of the last rebuild, good or bad.
    generation: u64,
    /// The error of the last rebuild, when it failed.
    error: Option<String>,
    /// The builder of the last good build (its theme gives the preview script and 404 page).
    builder: Arc<Builder>,
}

struct Shared {
    live: Mutex<Live>,
    changed: Condvar,
    stopping: AtomicBool,
    event_streams: AtomicUsize,
}

impl Shared {
    fn live(&self) -> MutexGuard<'_, Live> {
        // A panic while holding the lock leaves consistent data (every write replaces whole values).
        self.live.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A running preview server.
pub struct Preview {
    shared: Arc<Shared>,
    server: Arc<Server>,
    address: SocketAddr,
    threads: Vec<JoinHandle<()>>,
    /// Told of a stop so the watcher thread ends.
    stop_watcher: mpsc::Sender<WatchMessage>,
}

enum WatchMessage {
    Event(notify::Result<notify::Event>),
    Stop,
}

impl Preview {
    /// Builds the site, starts listening and watching. `log` receives one line per event worth
    /// telling (the address, each rebuild, each failure).
    pub fn start(options: &ServeOptions, log: impl Fn(&str) + Send + Sync + 'static) -> Result<Preview> {
        let log: Arc<dyn Fn(&str) + Send + Sync> = Arc::new(log);
        let started = Instant::now();
        let content = crate::content::check(&options.content)?;
        // The preview always shows drafts, marked as such.
        let builder = Arc::new(Builder::new(&content, preview_options())?);
        let site = builder.render(&content)?;
        let versions = site.files.keys().map(|path| (path.clone(), 1)).collect();
        let shared = Arc::new(Shared {
            live: Mutex::new(Live {
                site: Arc::new(site),
                versions,
                generation: 1,
                error: None,
                builder: builder.clone(),
            }),
            changed: Condvar::new(),
            stopping: AtomicBool::new(false),
            event_streams: AtomicUsize::new(0),
        });
        log(&format!("built the site in {} ms", started.elapsed().as_millis()));

        let (server, address) = listen(options.bind, options.port, &*log)?;
        let server = Arc::new(server);
        let mut threads = Vec::new();
        for _ in 0..WORKERS {
            let (server, shared) = (server.clone(), shared.clone());
            threads.push(thread::spawn(move || serve_requests(&server, &shared)));
        }

        let (sender, receiver) = mpsc::channel();
        let watcher = start_watcher(options, sender.clone())?;
        // The watcher reports absolute paths; compare them with absolute folders.
        let absolute = |path: PathBuf| std::fs::canonicalize(&path).unwrap_or(path);
        let rebuilder = Rebuilder {
            content_dir: options.content.clone(),
            watched_content: absolute(options.content.clone()),
            watched_themes: absolute(site::themes_dir(&options.content)),
            shared: shared.clone(),
            builder,
            last_failed: false,
            log,
        };
        threads.push(thread::spawn(move || {
            // The watcher lives as long as this thread; dropping it stops the events.
            let _watcher = watcher;
            rebuilder.run(&receiver);
        }));
        Ok(Preview {
            shared,
            server,
            address,
            threads,
            stop_watcher: sender,
        })
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Stops serving and watching, and waits for every thread to end.
    pub fn stop(self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        self.shared.changed.notify_all();
        let _ = self.stop_watcher.send(WatchMessage::Stop);
        for _ in 0..WORKERS {
            self.server.unblock();
        }
        for thread in self.threads {
            let _ = thread.join();
        }
    }
}

/// Binds to `port`, or to one of the next ports when it is taken (and says so).
/// The preview shows drafts, as of today.
fn preview_options() -> BuildOptions {
    BuildOptions {
        drafts: true,
        today: Date::today(),
    }
}

fn listen(bind: IpAddr, port: u16, log: &dyn Fn(&str)) -> Result<(Server, SocketAddr)> {
    let attempts = if port == 0 { 1 } else { PORT_ATTEMPTS };
    let mut last_error = None;
    for offset in 0..attempts {
        let Some(candidate) = port.checked_add(offset) else {
            break;
        };
        match Server::http(SocketAddr::new(bind, candidate)) {
            Ok(server) => {
                let address = server.server_addr().to_ip().unwrap_or(SocketAddr::new(bind, candidate));
                if offset > 0 {
                    log(&format!("port {port} is in use; using port {} instead", address.port()));
                }
                return Ok((server, address));
            }
            Err(error) => last_error = Some(error.to_string()),
        }
    }
    let last = port.saturating_add(attempts - 1);
    Err(Error::io(
        "listen on",
        Path::new(&format!("{bind}:{port}")),
        std::io::Error::other(format!(
            "ports {port} to {last} are all unavailable ({}); choose another with --port",
            last_error.unwrap_or_default()
        )),
    ))
}

fn start_watcher(options: &ServeOptions, sender: mpsc::Sender<WatchMessage>) -> Result<Box<dyn Watcher + Send>> {
    let handler = move |event| {
        let _ = sender.send(WatchMessage::Event(event));
    };
    let watch_error = |e: notify::Error| Error::io("watch", &options.content, std::io::Error::other(e.to_string()));
    let mut watcher: Box<dyn Watcher + Send> = if options.poll {
        // Compare contents, not only times: a quick save can keep the same modification time.
        let config = notify::Config::default()
            .with_poll_interval(Duration::from_millis(100))
            .with_compare_contents(true);
        Box::new(notify::PollWatcher::new(handler, config).map_err(watch_error)?)
    } else {
        Box::new(notify::recommended_watcher(handler).map_err(watch_error)?)
    };
    watcher
        .watch(&options.content, RecursiveMode::Recursive)
        .map_err(watch_error)?;
    let themes = site::themes_dir(&options.content);
    if themes.is_dir() {
        watcher.watch(&themes, RecursiveMode::Recursive).map_err(watch_error)?;
    }
    Ok(watcher)
}

/// Owns everything a rebuild needs; runs on the watcher thread.
struct Rebuilder {
    content_dir: PathBuf,
    watched_content: PathBuf,
    watched_themes: PathBuf,
    shared: Arc<Shared>,
    builder: Arc<Builder>,
    last_failed: bool,
    log: Arc<dyn Fn(&str) + Send + Sync>,
}

/// What an edit touched.
#[derive(Debug, Default)]
struct Touched {
    /// The site settings or the theme: everything must be rebuilt.
    everything: bool,
    /// Corporation folders.
    slugs: BTreeSet<String>,
    /// The files, for the log line.
    files: BTreeSet<String>,
}

impl Rebuilder {
    fn run(mut self, receiver: &Receiver<WatchMessage>) {
        loop {
            let mut touched = Touched::default();
            match receiver.recv() {
                Ok(WatchMessage::Event(event)) => self.note(event, &mut touched),
                Ok(WatchMessage::Stop) | Err(_) => return,
            }
            // Editors save in bursts (temp file, rename, chmod): wait until it is quiet.
            loop {
                match receiver.recv_timeout(DEBOUNCE) {
                    Ok(WatchMessage::Event(event)) => self.note(event, &mut touched),
                    Ok(WatchMessage::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                    Err(RecvTimeoutError::Timeout) => break,
                }
            }
            if self.shared.stopping.load(Ordering::SeqCst) {
                return;
            }
            if touched.everything || !touched.slugs.is_empty() {
                self.rebuild(&touched);
            }
        }
    }

    /// Adds the paths of one watcher event; every kind of event counts, since editors save through
    /// renames and new files as often as through writes.
    fn note(&self, event: notify::Result<notify::Event>, touched: &mut Touched) {
        let Ok(event) = event else {
            touched.everything = true;
            return;
        };
        if matches!(event.kind, notify::EventKind::Access(_)) {
            return;
        }
        for path in event.paths {
            if is_ignored(&path) || is_editor_probe(&path) {
                continue;
            }
            if let Ok(relative) = path.strip_prefix(&self.watched_themes) {
                touched.everything = true;
                touched.files.insert(format!("themes/{}", relative.display()));
            } else if let Ok(relative) = path.strip_prefix(&self.watched_content) {
                let mut parts = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned());
                let Some(first) = parts.next() else {
                    touched.everything = true;
                    continue;
                };
                let is_yaml = matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"));
                if parts.next().is_none() {
                    if first == SITE_FILE || first == LEDGER_FILE {
                        touched.everything = true;
                    } else if path.extension().is_none() || path.is_dir() {
                        // A corporation folder itself was added, removed or renamed.
                        touched.slugs.insert(first.clone());
                    } else {
                        continue;
                    }
                } else if is_yaml {
                    touched.slugs.insert(first.clone());
                } else {
                    continue;
                }
                touched
                    .files
                    .insert(self.content_dir.join(relative).display().to_string());
            }
        }
    }

    fn rebuild(&mut self, touched: &Touched) {
        let started = Instant::now();
        let result = crate::content::check(&self.content_dir).and_then(|content| {
            let everything = touched.everything || self.last_failed || !self.builder.fits(&content);
            let builder = if touched.everything || !self.builder.fits(&content) {
                Arc::new(Builder::new(&content, preview_options())?)
            } else {
                self.builder.clone()
            };
            let previous = self.shared.live().site.clone();
            let site = if everything {
                builder.render(&content)?
            } else {
                let slugs: BTreeSet<&str> = touched.slugs.iter().map(String::as_str).collect();
                builder.render_update(&content, &previous, &slugs)?
            };
            Ok((builder, site))
        });
        let files: Vec<&str> = touched.files.iter().map(String::as_str).collect();
        let what = if files.is_empty() {
            "the site".to_owned()
        } else {
            files.join(", ")
        };
        let mut live = self.shared.live();
        live.generation += 1;
        let generation = live.generation;
        match result {
            Ok((builder, site)) => {
                let mut changed = 0;
                let mut versions = BTreeMap::new();
                for (path, bytes) in &site.files {
                    let same = live.site.files.get(path) == Some(bytes);
                    let version = if same {
                        live.versions.get(path).copied().unwrap_or(generation)
                    } else {
                        generation
                    };
                    if !same {
                        changed += 1;
                    }
                    versions.insert(path.clone(), version);
                }
                let removed = live
                    .site
                    .files
                    .keys()
                    .filter(|path| !site.files.contains_key(*path))
                    .count();
                live.site = Arc::new(site);
                live.versions = versions;
                live.error = None;
                live.builder = builder.clone();
                drop(live);
                self.builder = builder;
                self.last_failed = false;
                (self.log)(&format!(
                    "rebuilt after a change to {what}: {changed} pages changed, {removed} removed, in {} ms",
                    started.elapsed().as_millis()
                ));
            }
            Err(error) => {
                let message = error.to_string();
                live.error = Some(message.clone());
                drop(live);
                self.last_failed = true;
                (self.log)(&format!(
                    "rebuild after a change to {what} failed in {} ms; still serving the last good build:\n{message}",
                    started.elapsed().as_millis()
                ));
            }
        }
        self.shared.changed.notify_all();
    }
}

/// Files that editors create only to test whether a folder is writable (vim's `4913`).
fn is_editor_probe(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    !name.is_empty() && name.chars().all(|c| c.is_ascii_digit())
}

fn serve_requests(server: &Server, shared: &Arc<Shared>) {
    while !shared.stopping.load(Ordering::SeqCst) {
        match server.recv() {
            Ok(request) => handle(request, shared),
            // `unblock` and broken connections end up here; the loop condition decides.
            Err(_) => continue,
        }
    }
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

/// Sends a whole response; tiny_http leaves out the body for HEAD requests by itself.
///
/// Every response closes its connection. tiny_http gives each open connection a thread from a pool
/// that can hand one idle thread to several new connections at once; an idle keep-alive connection
/// could then hold up a page's stylesheet or script. Closed connections free their threads at once,
/// so only the live-reload streams stay open.
fn respond(request: Request, status: u16, content_type: &str, body: Vec<u8>, extra: Option<Header>) {
    let mut response = Response::from_data(body).with_status_code(status);
    for h in [
        header("Content-Type", content_type),
        header("Cache-Control", "no-store"),
        header("Connection", "close"),
        extra,
    ]
    .into_iter()
    .flatten()
    {
        response.add_header(h);
    }
    // The client may have gone; nothing to do about that.
    let _ = request.respond(response);
}

fn handle(request: Request, shared: &Arc<Shared>) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        respond(
            request,
            405,
            "text/plain; charset=utf-8",
            b"only GET and HEAD\n".to_vec(),
            header("Allow", "GET, HEAD"),
        );
        return;
    }
    let url = request.url().to_owned();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    if path == "/__verklaar/reload.js" {
        let script = shared
            .live()
            .builder
            .theme()
            .file("serve/reload.js")
            .map(|f| f.content.clone());
        match script {
            Some(script) => respond(request, 200, "text/javascript; charset=utf-8", script, None),
            None => respond(request, 404, "text/plain; charset=utf-8", b"not found\n".to_vec(), None),
        }
        return;
    }
    if path == "/__verklaar/events" {
        open_event_stream(request, query, shared);
        return;
    }
    let Some(key) = resolve(path) else {
        not_found(request, shared, "");
        return;
    };
    let (site, version, builder) = {
        let live = shared.live();
        (
            live.site.clone(),
            live.versions.get(&key).copied().unwrap_or(0),
            live.builder.clone(),
        )
    };
    if let Some(bytes) = site.files.get(&key) {
        let content_type = content_type(&key);
        let body = if content_type.starts_with("text/html") {
            inject(&builder, bytes, &key, version)
        } else {
            bytes.clone()
        };
        respond(request, 200, content_type, body, None);
    } else if let Some(pdf) = preview_pdf(&builder, &site, &key) {
        match pdf {
            Ok(pdf) => respond(request, 200, "application/pdf", pdf, None),
            Err(error) => respond(
                request,
                500,
                "text/plain; charset=utf-8",
                format!("{error}\n").into_bytes(),
                None,
            ),
        }
    } else if site.files.contains_key(&format!("{key}/index.html")) {
        let location = format!("{path}/");
        respond(
            request,
            301,
            "text/plain; charset=utf-8",
            Vec::new(),
            header("Location", &location),
        );
    } else {
        not_found(request, shared, &key);
    }
}

/// The PDF at `key`, typeset now from its print page: the preview makes a PDF only when someone opens
/// it, so that rebuilding after an edit stays fast. `None` when no print page declares that PDF.
fn preview_pdf(builder: &Builder, site: &SiteFiles, key: &str) -> Option<Result<Vec<u8>>> {
    if !key.ends_with(".pdf") {
        return None;
    }
    match builder.typesetter() {
        Ok(typesetter) => site::typeset_one(site, typesetter, key),
        Err(error) => Some(Err(error)),
    }
}

/// The in-memory path for a request path, or `None` when it tries to leave the site.
///
/// Percent-encoding is decoded first, so `%2e%2e` and `%2f` are judged as what they stand for; `..`,
/// `.`, backslashes and NUL bytes are refused outright.
pub fn resolve(path: &str) -> Option<String> {
    if !path.starts_with('/') {
        return None;
    }
    let decoded = percent_decode(path)?;
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

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let value = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            out.push(value);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("woff2") => "font/woff2",
        Some("pdf") => "application/pdf",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Adds the preview script before `</body>`.
fn inject(builder: &Builder, html: &[u8], page: &str, version: u64) -> Vec<u8> {
    let script = builder
        .renderer()
        .render("serve/script.html", context! { page => page, version => version })
        .unwrap_or_default();
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{script}").into_bytes(),
    }
}

fn not_found(request: Request, shared: &Arc<Shared>, key: &str) {
    let builder = shared.live().builder.clone();
    let page = builder.render_not_found(key).unwrap_or_default();
    let body = inject(&builder, page.as_bytes(), key, 0);
    respond(request, 404, "text/html; charset=utf-8", body, None);
}

/// Holds a Server-Sent Events stream open on its own thread: `status` events carry the current
/// error (or none), and a `reload` event tells the page that it changed.
fn open_event_stream(request: Request, query: &str, shared: &Arc<Shared>) {
    if shared.event_streams.fetch_add(1, Ordering::SeqCst) >= MAX_EVENT_STREAMS {
        shared.event_streams.fetch_sub(1, Ordering::SeqCst);
        respond(
            request,
            503,
            "text/plain; charset=utf-8",
            b"too many live-reload connections\n".to_vec(),
            None,
        );
        return;
    }
    let mut page = String::new();
    let mut version = 0;
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("page", value)) => page = percent_decode(value).unwrap_or_default(),
            Some(("version", value)) => version = value.parse().unwrap_or(0),
            _ => {}
        }
    }
    let shared = shared.clone();
    thread::spawn(move || {
        let mut writer = request.into_writer();
        let _ = stream_events(&mut *writer, &shared, &page, version);
        shared.event_streams.fetch_sub(1, Ordering::SeqCst);
    });
}

fn stream_events(writer: &mut dyn Write, shared: &Shared, page: &str, version: u64) -> std::io::Result<()> {
    writer.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
    )?;
    writer.flush()?;
    let mut sent_error: Option<Option<String>> = None;
    let mut live = shared.live();
    loop {
        if shared.stopping.load(Ordering::SeqCst) {
            return Ok(());
        }
        let current = live.versions.get(page).copied().unwrap_or(0);
        let error = live.error.clone();
        let reload = current != version && live.error.is_none();
        drop(live);
        if sent_error.as_ref() != Some(&error) {
            let data = serde_json::json!({ "error": error }).to_string();
            writer.write_all(format!("event: status\ndata: {data}\n\n").as_bytes())?;
            writer.flush()?;
            sent_error = Some(error);
        }
        if reload {
            writer.write_all(b"event: reload\ndata: {}\n\n")?;
            writer.flush()?;
            return Ok(());
        }
        live = shared.live();
        let (guard, timeout) = shared
            .changed
            .wait_timeout(live, KEEPALIVE)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        live = guard;
        if timeout.timed_out() {
            drop(live);
            writer.write_all(b": keepalive\n\n")?;
            writer.flush()?;
            live = shared.live();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_resolve_inside_the_site_only() {
        assert_eq!(resolve("/").as_deref(), Some("index.html"));
        assert_eq!(resolve("/cocon-wonen/").as_deref(), Some("cocon-wonen/index.html"));
        assert_eq!(resolve("/assets/style.css").as_deref(), Some("assets/style.css"));
        assert_eq!(resolve("/caf%C3%A9/").as_deref(), Some("café/index.html"));
        for bad in [
            "/../etc/passwd",
            "/assets/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%2fetc",
            "/a\\..\\b",
            "/a%5c..%5cb",
            "/./x",
            "/%00",
            "/%zz",
            "/%c3",
            "etc/passwd",
            "http://example.org/",
        ] {
            assert_eq!(resolve(bad), None, "{bad}");
        }
    }

    #[test]
    fn editor_probe_files_are_recognised() {
        assert!(is_editor_probe(Path::new("content/4913")));
        assert!(!is_editor_probe(Path::new("content/2018-05-25.yaml")));
    }
}
