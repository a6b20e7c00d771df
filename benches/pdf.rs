//! How long PDFs take, and whether memory stays bounded over a large build.
//!
//! Prints, for the shipped content:
//! - the time to typeset one PDF (median and 95th percentile over every published version, each
//!   typeset many times in one process, with typst's memo cache emptied before each one so that
//!   nothing of an earlier run is reused);
//! - the wall time of `verklaar build` as a person runs it: cold (no PDF cache) and warm (every
//!   PDF unchanged, so none is typeset);
//! - the memory in use while 200 PDFs (copies of the shipped statements, each under another name)
//!   are typeset one after another, which levels off because typst's memo cache is evicted after
//!   each PDF; and the time of a build of all of them.
//!
//! Run with `cargo bench --bench pdf` (a release build).

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use verklaar::content::check;
use verklaar::site::{Builder, build_with_pdf_cache};

#[path = "../tests/common/mod.rs"]
mod common;

const ROUNDS: usize = 20;
const BUILD_ROUNDS: usize = 7;
/// Copies of each shipped corporation in the large build.
const COPIES: usize = 100;

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let content = repo.join("content");
    per_pdf(&content);
    whole_builds(&content);
    memory(&content);
}

fn per_pdf(content_dir: &Path) {
    let content = check(content_dir).expect("valid content");
    let builder = Builder::new(&content, common::options(false)).expect("theme");
    let site = builder.render(&content).expect("render");
    let typesetter = builder.typesetter().expect("typesetter");
    let pages: Vec<(&String, String)> = site
        .files
        .iter()
        .filter(|(path, _)| path.ends_with("/print/index.html"))
        .map(|(path, bytes)| (path, String::from_utf8_lossy(bytes).into_owned()))
        .collect();
    // The first PDF also builds typst's standard library and loads the fonts.
    let started = Instant::now();
    typesetter.typeset(pages[0].0, &pages[0].1).expect("typeset");
    let first = started.elapsed();
    let mut timings = Vec::new();
    for _ in 0..ROUNDS {
        for (path, html) in &pages {
            typst::comemo::evict(0);
            let started = Instant::now();
            typesetter.typeset(path, html).expect("typeset");
            timings.push(started.elapsed());
        }
    }
    let (median, p95) = stats(&mut timings);
    println!(
        "one PDF: median {} ms, p95 {} ms ({} versions x {ROUNDS} rounds; the first PDF of a process {} ms)",
        ms(median),
        ms(p95),
        pages.len(),
        ms(first)
    );
}

fn whole_builds(content: &Path) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("output");
    let run = || {
        let started = Instant::now();
        let output = Command::new(env!("CARGO_BIN_EXE_verklaar"))
            .arg("build")
            .arg("--content")
            .arg(content)
            .arg("--out")
            .arg(&out)
            .output()
            .expect("run verklaar");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        (started.elapsed(), String::from_utf8_lossy(&output.stdout).into_owned())
    };
    let (mut cold, mut warm) = (Vec::new(), Vec::new());
    let (mut cold_line, mut warm_line) = (String::new(), String::new());
    for _ in 0..BUILD_ROUNDS {
        let _ = fs::remove_dir_all(dir.path().join(".verklaar-cache"));
        let (time, line) = run();
        cold.push(time);
        cold_line = line;
        let (time, line) = run();
        warm.push(time);
        warm_line = line;
    }
    println!(
        "verklaar build, cold cache: median {} ms   ({})",
        ms(stats(&mut cold).0),
        cold_line.trim()
    );
    println!(
        "verklaar build, warm cache: median {} ms   ({})",
        ms(stats(&mut warm).0),
        warm_line.trim()
    );
}

fn memory(content: &Path) {
    let dir = tempfile::tempdir().expect("temp dir");
    let many = dir.path().join("content");
    common::copy_dir(content, &many);
    for entry in fs::read_dir(content).expect("content") {
        let path = entry.expect("entry").path();
        if !path.is_dir() {
            continue;
        }
        let slug = path.file_name().expect("name").to_string_lossy().into_owned();
        for copy in 1..COPIES {
            let target = many.join(format!("{slug}-{copy}"));
            common::copy_dir(&path, &target);
            for file in fs::read_dir(&target).expect("copy") {
                let file = file.expect("file").path();
                let yaml = fs::read_to_string(&file).expect("read");
                fs::write(&file, yaml.replacen("  name: ", &format!("  name: {copy} "), 1)).expect("write");
                // A copy is a new published version: record it, as `verklaar record` would.
                let id = file.file_stem().expect("stem").to_string_lossy().into_owned();
                if id != "draft" {
                    verklaar::lifecycle::record(&many, Some(&[(format!("{slug}-{copy}"), id)])).expect("record");
                }
            }
        }
    }
    // One PDF after another, keeping none: memory levels off once typst's memo cache is full, as
    // it drops what recent PDFs did not use.
    let content = check(&many).expect("valid content");
    let builder = Builder::new(&content, common::options(false)).expect("theme");
    let site = builder.render(&content).expect("render");
    let typesetter = builder.typesetter().expect("typesetter");
    let pages: Vec<_> = site
        .files
        .iter()
        .filter(|(path, _)| path.ends_with("/print/index.html"))
        .collect();
    let mut line = format!(
        "memory in use, with the site of {} versions rendered: {} before typesetting",
        pages.len(),
        memory_in_use()
    );
    for (done, (path, html)) in pages.into_iter().enumerate() {
        typesetter
            .typeset(path, &String::from_utf8_lossy(html))
            .expect("typeset");
        if [10, 50, 100, 200].contains(&(done + 1)) {
            line.push_str(&format!(", {} after {} PDFs", memory_in_use(), done + 1));
        }
    }
    println!("{line}");
    // The whole build, PDFs in parallel.
    let started = Instant::now();
    let (_, stats) = build_with_pdf_cache(&many, common::options(false), None).expect("build");
    println!(
        "build of {} PDFs (copies of the shipped statements under other names): {} ms",
        stats.typeset,
        ms(started.elapsed())
    );
}

/// The process's resident memory, from Linux's /proc.
fn memory_in_use() -> String {
    let kib = fs::read_to_string("/proc/self/status").ok().and_then(|status| {
        let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
        line.split_whitespace().nth(1)?.parse::<u64>().ok()
    });
    kib.map_or_else(
        || "unknown (needs Linux)".to_owned(),
        |kib| format!("{} MiB", kib / 1024),
    )
}

fn stats(timings: &mut [Duration]) -> (Duration, Duration) {
    timings.sort();
    let median = timings[timings.len() / 2];
    let p95 = timings[(timings.len() * 95 / 100).min(timings.len() - 1)];
    (median, p95)
}

fn ms(duration: Duration) -> String {
    format!("{:.1}", duration.as_secs_f64() * 1000.0)
}
