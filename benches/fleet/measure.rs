//! Running the tools as separate processes and measuring them: wall time and peak memory (through
//! `/usr/bin/time`), and the preview's start-up and save-to-reload latency over HTTP.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of a program took.
#[derive(Debug, Clone)]
pub struct Run {
    /// Wall time, from start to exit.
    pub wall: Duration,
    /// User and system CPU time; far below `wall` when it waited for the disk or for a core.
    pub cpu: Duration,
    /// Peak resident memory, in MB.
    pub peak_mb: f64,
    /// What it printed on standard output.
    pub stdout: String,
}

/// Runs `program` with `args` under `/usr/bin/time`, failing when it fails.
pub fn run(program: &Path, args: &[&str], dir: &Path) -> Result<Run, String> {
    let report = dir.join(".peak-rss");
    // Each run starts with what the one before wrote on disk: otherwise a build that follows the
    // cold build (3,000 PDFs, 21,000 files) waits for its writeback, and is timed for it.
    let _ = Command::new("sync").status();
    let started = Instant::now();
    let output = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M %U %S")
        .arg("-o")
        .arg(&report)
        .arg(program)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .map_err(|e| format!("/usr/bin/time {}: {e}", program.display()))?;
    let wall = started.elapsed();
    if !output.status.success() {
        return Err(format!(
            "{} {} failed:\n{}{}",
            program.display(),
            args.join(" "),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let figures: Vec<f64> = fs::read_to_string(&report)
        .ok()
        .and_then(|text| {
            text.lines()
                .last()
                .map(|l| l.split_whitespace().flat_map(str::parse).collect())
        })
        .unwrap_or_default();
    let _ = fs::remove_file(&report);
    let [kilobytes, user, system] = figures[..] else {
        return Err("no peak memory and CPU time from /usr/bin/time".to_owned());
    };
    Ok(Run {
        wall,
        cpu: Duration::from_secs_f64(user + system),
        peak_mb: kilobytes / 1024.0,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
    })
}

/// The median and the 95th percentile of `timings`.
pub fn percentiles(timings: &mut [Duration]) -> (Duration, Duration) {
    timings.sort();
    if timings.is_empty() {
        return (Duration::ZERO, Duration::ZERO);
    }
    let p95 = timings[(timings.len() * 95).div_ceil(100) - 1];
    (timings[timings.len() / 2], p95)
}

/// The preview's figures.
pub struct Preview {
    /// From starting `verklaar serve` until it answers the first page.
    pub startup: Duration,
    /// Save-to-updated-page latencies.
    pub reloads: Vec<Duration>,
    /// Peak resident memory of the preview process, in MB.
    pub peak_mb: f64,
}

/// Starts `verklaar serve` on `content`, waits until it answers, then saves `file` (a draft,
/// `<slug>/draft.yaml`) `rounds` times through a rename, as editors do, and times each save until
/// the live-reload stream of its page says "reload" and the page shows the edit.
pub fn preview(binary: &Path, content: &Path, slug: &str, rounds: usize) -> Result<Preview, String> {
    let started = Instant::now();
    let mut child = Command::new(binary)
        .args(["serve", "--port", "0", "--content"])
        .arg(content)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("start verklaar serve: {e}"))?;
    let result = (|| {
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let address = loop {
            let line = lines
                .next()
                .ok_or("verklaar serve stopped")?
                .map_err(|e| e.to_string())?;
            if let Some(rest) = line.split("http://").nth(1) {
                let address = rest.trim_end_matches(|c| c != '/').trim_end_matches('/');
                break address.parse::<SocketAddr>().map_err(|e| format!("{line}: {e}"))?;
            }
        };
        // Keep reading its log so that it never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        let page = format!("/{slug}/draft/");
        get(address, &page)?;
        let startup = started.elapsed();
        let file = content.join(slug).join("draft.yaml");
        let original = fs::read_to_string(&file).map_err(|e| e.to_string())?;
        let mut reloads = Vec::with_capacity(rounds);
        for round in 0..rounds {
            reloads.push(save_and_reload(address, &file, &original, &page, round)?);
        }
        fs::write(&file, &original).map_err(|e| e.to_string())?;
        let peak_mb = peak_mb(child.id()).unwrap_or(f64::NAN);
        Ok(Preview {
            startup,
            reloads,
            peak_mb,
        })
    })();
    let _ = child.kill();
    let _ = child.wait();
    result
}

fn save_and_reload(
    address: SocketAddr,
    file: &Path,
    original: &str,
    page: &str,
    round: usize,
) -> Result<Duration, String> {
    let html = get(address, page)?;
    let version = html
        .split("data-version=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .ok_or("the page has no data-version")?
        .to_owned();
    let mut stream = TcpStream::connect(address).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .map_err(|e| e.to_string())?;
    let request = format!(
        "GET /__verklaar/events?page={}index.html&version={version} HTTP/1.1\r\nHost: {address}\r\n\r\n",
        &page[1..]
    );
    stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
    read_until(&mut stream, "event: status")?;
    let marker = format!("meting {round} ");
    let edited = original.replacen("city: ", &format!("city: {marker}"), 1);
    let temporary = file.with_extension("yaml.tmp");
    fs::write(&temporary, edited).map_err(|e| e.to_string())?;
    let saved = Instant::now();
    fs::rename(&temporary, file).map_err(|e| e.to_string())?;
    read_until(&mut stream, "event: reload")?;
    if !get(address, page)?.contains(marker.trim_end()) {
        return Err("the reloaded page does not show the edit".to_owned());
    }
    Ok(saved.elapsed())
}

/// The body of a GET, failing on anything but 200.
fn get(address: SocketAddr, path: &str) -> Result<String, String> {
    let mut stream = TcpStream::connect(address).map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut response = String::new();
    stream.read_to_string(&mut response).map_err(|e| e.to_string())?;
    if response.starts_with("HTTP/1.1 200") {
        Ok(response)
    } else {
        Err(format!("GET {path}: {}", response.lines().next().unwrap_or_default()))
    }
}

fn read_until(stream: &mut TcpStream, marker: &str) -> Result<(), String> {
    let mut text = String::new();
    let mut buffer = [0u8; 4096];
    while !text.contains(marker) {
        let read = stream
            .read(&mut buffer)
            .map_err(|e| format!("waiting for {marker}: {e}"))?;
        if read == 0 {
            return Err(format!("stream closed before {marker}"));
        }
        text.push_str(&String::from_utf8_lossy(&buffer[..read]));
    }
    Ok(())
}

/// A running process's peak resident memory (`VmHWM`), in MB.
fn peak_mb(pid: u32) -> Option<f64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kilobytes: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes / 1024.0)
}
