//! The deployed site: the shipped content built once per test run, served by a real nginx with the
//! server block that the README shows (`tests/deploy/nginx.conf`).

use std::fs;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::common;

/// The host name the site is built for; nginx answers it on a loopback port.
pub const HOST: &str = "privacy.test";
/// Scheme and host of the site, as absolute links in its pages start.
pub const ORIGIN: &str = "http://privacy.test";
/// The path the site is published under.
pub const PREFIX: &str = "/privacy/";
/// The site's base URL: [`ORIGIN`] and [`PREFIX`].
pub const BASE_URL: &str = "http://privacy.test/privacy/";

/// A built site on disk: `root` is nginx's document root, the site itself is `root/privacy/`.
pub struct Built {
    /// The document root.
    pub root: PathBuf,
}

impl Built {
    /// The built site, i.e. verklaar's output folder.
    pub fn site(&self) -> PathBuf {
        self.root.join(PREFIX.trim_matches('/'))
    }
}

/// The shipped content with a draft added (so that every page type exists), built with `--drafts`
/// for [`BASE_URL`]; built once per test binary, under Cargo's temporary folder so that the PDF
/// cache makes later runs fast.
pub fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| build(&PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("deploy")))
}

fn build(work: &Path) -> Built {
    let source = work.join("source");
    if source.exists() {
        fs::remove_dir_all(&source).unwrap();
    }
    common::copy_dir(&common::repo().join("content"), &source.join("content"));
    common::copy_dir(&common::repo().join("themes"), &source.join("themes"));
    let config = source.join("content/site.yaml");
    let yaml = fs::read_to_string(&config).unwrap();
    let mut lines: Vec<String> = yaml
        .lines()
        .filter(|line| !line.starts_with("base_url:"))
        .map(str::to_owned)
        .collect();
    lines.push(format!("base_url: {BASE_URL}"));
    fs::write(&config, lines.join("\n") + "\n").unwrap();

    // A draft of the first corporation, so that draft pages are deployed and checked too.
    let first = fs::read_dir(source.join("content"))
        .unwrap()
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .min()
        .expect("the shipped content has a corporation");
    let content = source.join("content");
    let content = content.to_str().unwrap();
    run(&["new-version", &first, "--content", content], work);

    let root = work.join("www");
    let out = root.join(PREFIX.trim_matches('/'));
    let out = out.to_str().unwrap();
    run(
        &[
            "build",
            "--content",
            content,
            "--out",
            out,
            "--drafts",
            "--today",
            common::TODAY,
        ],
        work,
    );
    Built { root }
}

fn run(args: &[&str], cwd: &Path) {
    fs::create_dir_all(cwd).unwrap();
    let output = common::verklaar(args, cwd);
    assert!(
        output.status.success(),
        "verklaar {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// nginx on a free loopback port, serving a document root with the README's server block; stopped
/// when dropped.
pub struct Nginx {
    process: Child,
    /// Where it listens.
    pub address: SocketAddr,
    _dir: tempfile::TempDir,
}

impl Nginx {
    /// Starts nginx for `root` (the folder that holds `privacy/`).
    pub fn start(root: &Path) -> Nginx {
        let dir = tempfile::tempdir().unwrap();
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let server = server_block(port, root);
        fs::write(dir.path().join("site.conf"), server).unwrap();
        let d = dir.path().display();
        let main = format!(
            "daemon off;\nmaster_process off;\nworker_processes 1;\npid {d}/nginx.pid;\n\
             error_log {d}/error.log warn;\nevents {{ worker_connections 64; }}\n\
             http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n\
             access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
             fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
             include {d}/site.conf;\n}}\n"
        );
        fs::write(dir.path().join("nginx.conf"), main).unwrap();
        let binary = ["/usr/sbin/nginx", "/usr/local/sbin/nginx"]
            .into_iter()
            .find(|path| Path::new(path).exists())
            .unwrap_or("nginx");
        let process = Command::new(binary)
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(dir.path().join("nginx.conf"))
            .arg("-e")
            .arg(dir.path().join("error.log"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start nginx ({e}); run tests/run, which installs it"));
        let mut nginx = Nginx {
            process,
            address: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port),
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(nginx.address).is_err() {
            let exited = nginx.process.try_wait().unwrap().is_some();
            if exited || Instant::now() > deadline {
                let log = fs::read_to_string(nginx._dir.path().join("error.log")).unwrap_or_default();
                panic!("nginx did not start on {}:\n{log}", nginx.address);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        nginx
    }

    /// The site's URL on this server, for a browser.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// The README's server block, listening on `port` of 127.0.0.1 with document root `root`.
fn server_block(port: u16, root: &Path) -> String {
    let block = fs::read_to_string(common::repo().join("tests/deploy/nginx.conf")).unwrap();
    let (listen, document_root) = ("listen 80;", "root /var/www/verklaar;");
    assert!(
        block.contains(listen) && block.contains(document_root),
        "the server block changed its listen or root line"
    );
    block
        .replace(listen, &format!("listen 127.0.0.1:{port};"))
        .replace(document_root, &format!("root {};", root.display()))
}
