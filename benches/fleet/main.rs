//! The fleet benchmark: verklaar and Hugo building the same pages for N corporations x M versions.
//!
//! Generates the fleet (with its ledger) under `target/fleet/<N>x<M>/`, then runs the release
//! `verklaar` as a separate process for each case: a cold build that typesets every PDF (with
//! `--pdfs`; otherwise the PDF cache is only warmed), a full render into a fresh folder and into
//! the existing output with the PDF cache warm, a build after one draft was edited and after one
//! version was published, `verklaar record` of one version, and the preview's start-up and
//! save-to-reload latency. Hugo builds the same pages from a JSON export of the facts in the same
//! run. Prints pages/s of both and their ratio, wall times and peak memory.
//!
//! Run with `cargo bench --bench fleet -- --corporations 30 --versions 10 [--pdfs] [--rounds 3]
//! [--reloads 20]`.

mod generate;
mod hugo;
mod measure;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use measure::{Run, percentiles, run};
use verklaar::content::files::LEDGER_FILE;
use verklaar::content::ledger::Ledger;
use verklaar::site::BuildOptions;

/// The day every build is made as of, after every generated version.
const TODAY: &str = "2026-06-01";

struct Args {
    corporations: usize,
    versions: usize,
    pdfs: bool,
    rounds: usize,
    reloads: usize,
    /// The site's languages, the first the default: `nl` alone, as the fleet, unless asked.
    languages: Vec<String>,
    /// Only the preview: two starts (the second from the caches the first left) and the saves.
    preview_only: bool,
}

fn main() {
    if let Err(error) = parse_args().and_then(|args| bench(&args)) {
        eprintln!("fleet benchmark: {error}");
        std::process::exit(1);
    }
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        corporations: 30,
        versions: 10,
        pdfs: false,
        rounds: 3,
        reloads: 20,
        languages: vec!["nl".to_owned()],
        preview_only: false,
    };
    let mut given = std::env::args().skip(1);
    while let Some(arg) = given.next() {
        let mut number = |name: &str| -> Result<usize, String> {
            given
                .next()
                .and_then(|n| n.parse().ok())
                .ok_or(format!("{name} wants a number"))
        };
        match arg.as_str() {
            "--corporations" => args.corporations = number("--corporations")?,
            "--versions" => args.versions = number("--versions")?.max(1),
            "--rounds" => args.rounds = number("--rounds")?.max(1),
            "--reloads" => args.reloads = number("--reloads")?.max(1),
            "--pdfs" => args.pdfs = true,
            "--preview-only" => args.preview_only = true,
            "--languages" => {
                let list = given.next().ok_or("--languages wants a list such as nl,en")?;
                args.languages = list.split(',').map(str::to_owned).collect();
            }
            // `cargo bench` passes `--bench` to every benchmark.
            "--bench" => {}
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if args.corporations == 0 {
        return Err("--corporations must be at least 1".to_owned());
    }
    Ok(args)
}

fn bench(args: &Args) -> Result<(), String> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let verklaar = PathBuf::from(env!("CARGO_BIN_EXE_verklaar"));
    let (n, m) = (args.corporations, args.versions);
    let root = repo.join("target/fleet").join(format!("{n}x{m}"));
    let content = root.join("content");
    let out = root.join("output");
    let today = TODAY.parse().map_err(|_| "TODAY is not a date")?;
    let options = BuildOptions { drafts: true, today };

    println!("load average before: {}", load_average());
    let started = Instant::now();
    let fleet = generate::fleet(&repo, &content, n, m, &args.languages)?;
    let drafts = fleet.iter().filter(|c| c.draft.is_some()).count();
    let total = n * m;
    println!(
        "fleet {n} x {m} in {}: {total} published versions and {drafts} drafts, generated with their ledger in {} ms ({})",
        args.languages.join(", "),
        ms(started.elapsed()),
        root.display()
    );

    if args.preview_only {
        return preview_only(&verklaar, &content, &fleet[0].slug, args.reloads);
    }
    let hugo = hugo::binary()?;
    // `verklaar record` loads the whole fleet for each version it records.
    let (slug, id) = (&fleet[0].slug, &fleet[0].versions[m - 1].0);
    forget(&content, slug, id)?;
    let record = run(&verklaar, &["record", slug, id, "--content", &path(&content)], &root)?;
    println!(
        "verklaar record of one version: {} ms, so {total} versions one call each: {:.0} s",
        ms(record.wall),
        record.wall.as_secs_f64() * total as f64
    );
    // `verklaar record --all`: every version in one load and one write of the ledger.
    let ledger = content.join(LEDGER_FILE);
    let kept = fs::read(&ledger).map_err(|e| e.to_string())?;
    fs::remove_file(&ledger).map_err(|e| e.to_string())?;
    let all = run(&verklaar, &["record", "--all", "--content", &path(&content)], &root)?;
    println!("verklaar record --all of {total} versions: {} ms", ms(all.wall));
    fs::write(&ledger, kept).map_err(|e| e.to_string())?;

    let started = Instant::now();
    let site = root.join("hugo");
    hugo::export(&repo, &content, &fleet, &site, options)?;
    println!("facts exported for Hugo in {} ms", ms(started.elapsed()));

    let build = [
        "build",
        "--content",
        &path(&content),
        "--out",
        &path(&out),
        "--drafts",
        "--today",
        TODAY,
    ];
    let cache = root.join(".verklaar-cache");
    if args.pdfs {
        let _ = fs::remove_dir_all(&cache);
        let _ = fs::remove_dir_all(&out);
        let cold = run(&verklaar, &build, &root)?;
        report("verklaar cold build, every PDF typeset", &[cold], &out);
    } else {
        let warm = run(&verklaar, &build, &root)?;
        println!(
            "verklaar warm-up build (PDF cache of earlier runs kept): {} ms; {}",
            ms(warm.wall),
            warm.stdout.trim()
        );
    }
    let fresh = rounds(args.rounds, || {
        let _ = fs::remove_dir_all(&out);
        run(&verklaar, &build, &root)
    })?;
    let fresh_pages = report("verklaar into a fresh folder, PDF cache warm", &fresh, &out);
    let fresh_count = count(&out).0;
    let again = rounds(args.rounds, || run(&verklaar, &build, &root))?;
    report("verklaar into the existing output, no change", &again, &out);
    // A web template edited (a comment, so the pages stay the same): every page is rendered again
    // into the existing output, which is what Hugo's rebuild into its `public/` does.
    let template = root.join("themes/default/templates/statement.html");
    let template_text = fs::read_to_string(&template).map_err(|e| e.to_string())?;
    let mut touch = 0;
    let rerendered = rounds(args.rounds, || {
        touch += 1;
        fs::write(&template, format!("{template_text}{{# edit {touch} #}}")).map_err(|e| e.to_string())?;
        run(&verklaar, &build, &root)
    })?;
    fs::write(&template, &template_text).map_err(|e| e.to_string())?;
    let again_pages = report(
        "verklaar into the existing output, a template edited (every page rendered again)",
        &rerendered,
        &out,
    );
    run(&verklaar, &build, &root)?;
    let draft_file = content.join(slug).join("draft.yaml");
    let draft_text = fs::read_to_string(&draft_file).map_err(|e| e.to_string())?;
    let mut edit = 0;
    let edited = rounds(args.rounds, || {
        edit += 1;
        let text = draft_text.replacen("city: ", &format!("city: bewerking {edit} "), 1);
        fs::write(&draft_file, text).map_err(|e| e.to_string())?;
        run(&verklaar, &build, &root)
    })?;
    fs::write(&draft_file, &draft_text).map_err(|e| e.to_string())?;
    report("verklaar after one draft edited", &edited, &out);

    let preview = measure::preview(&verklaar, &content, slug, args.reloads)?;
    let mut reloads = preview.reloads.clone();
    let (p50, p95) = percentiles(&mut reloads);
    println!(
        "verklaar serve: start-up {} ms; save -> reload over {} saves: p50 {} ms, p95 {} ms; peak RSS {:.0} MB",
        ms(preview.startup),
        reloads.len(),
        ms(p50),
        ms(p95),
        preview.peak_mb
    );

    let publish = run(
        &verklaar,
        &["publish", slug, "--date", TODAY, "--content", &path(&content)],
        &root,
    )?;
    let published = run(&verklaar, &build, &root)?;
    println!("verklaar publish of one draft: {} ms", ms(publish.wall));
    report("verklaar after one version published", &[published], &out);

    let public = site.join("public");
    let hugo_args = ["--source", &path(&site), "--destination", &path(&public), "--quiet"];
    let hugo_fresh = rounds(args.rounds, || {
        let _ = fs::remove_dir_all(&public);
        let _ = fs::remove_dir_all(site.join("resources"));
        run(&hugo, &hugo_args, &site)
    })?;
    let hugo_fresh_pages = report("Hugo into a fresh folder", &hugo_fresh, &public);
    let hugo_again = rounds(args.rounds, || run(&hugo, &hugo_args, &site))?;
    let hugo_again_pages = report("Hugo into the existing output, no change", &hugo_again, &public);

    println!(
        "pages/s, fresh folder: verklaar {:.0}, Hugo {:.0}, ratio {:.2}",
        fresh_pages,
        hugo_fresh_pages,
        fresh_pages / hugo_fresh_pages
    );
    println!(
        "pages/s, existing output: verklaar {:.0}, Hugo {:.0}, ratio {:.2}",
        again_pages,
        hugo_again_pages,
        again_pages / hugo_again_pages
    );
    let per_cpu = |runs: &[Run], pages: usize| {
        let mut cpus: Vec<Duration> = runs.iter().map(|r| r.cpu).collect();
        pages as f64 / percentiles(&mut cpus).0.as_secs_f64()
    };
    let (ours, theirs) = (per_cpu(&fresh, fresh_count), per_cpu(&hugo_fresh, count(&public).0));
    println!(
        "pages per CPU second, fresh folder: verklaar {ours:.0}, Hugo {theirs:.0}, ratio {:.2}",
        ours / theirs
    );
    println!("load average after: {}", load_average());
    Ok(())
}

/// Runs `once` `count` times and keeps every run.
/// `--preview-only`: the preview started twice, the second time from the caches the first left.
fn preview_only(verklaar: &Path, content: &Path, slug: &str, reloads: usize) -> Result<(), String> {
    for start in ["first", "second"] {
        let preview = measure::preview(verklaar, content, slug, reloads)?;
        let mut timings = preview.reloads.clone();
        let (p50, p95) = percentiles(&mut timings);
        println!(
            "verklaar serve, {start} start: start-up {} ms; save -> reload over {} saves: p50 {} ms, p95 {} ms; peak RSS {:.0} MB",
            ms(preview.startup),
            timings.len(),
            ms(p50),
            ms(p95),
            preview.peak_mb
        );
    }
    println!("load average after: {}", load_average());
    Ok(())
}

fn rounds(count: usize, mut once: impl FnMut() -> Result<Run, String>) -> Result<Vec<Run>, String> {
    (0..count).map(|_| once()).collect()
}

/// Prints the median wall time, the largest peak memory and the pages/s of `runs` that wrote the
/// site in `out`; returns the pages/s.
fn report(what: &str, runs: &[Run], out: &Path) -> f64 {
    let mut walls: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
    let (median, _) = percentiles(&mut walls);
    let mut cpus: Vec<Duration> = runs.iter().map(|r| r.cpu).collect();
    let (cpu, _) = percentiles(&mut cpus);
    let peak = runs.iter().map(|r| r.peak_mb).fold(0.0, f64::max);
    let (pages, files) = count(out);
    let rate = pages as f64 / median.as_secs_f64();
    println!(
        "{what}: median {} ms of {} (min {} ms; CPU {} ms), {pages} HTML pages of {files} files, {rate:.0} pages/s, peak RSS {peak:.0} MB",
        ms(median),
        runs.len(),
        ms(walls[0]),
        ms(cpu),
    );
    rate
}

/// HTML pages and all files under `dir`.
fn count(dir: &Path) -> (usize, usize) {
    let files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .collect();
    let pages = files
        .iter()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count();
    (pages, files.len())
}

/// Takes one version out of the ledger, so that `verklaar record` has something to record.
fn forget(content: &Path, slug: &str, id: &str) -> Result<(), String> {
    let file = content.join(LEDGER_FILE);
    let text = fs::read_to_string(&file).map_err(|e| e.to_string())?;
    let mut ledger: Ledger = serde_yaml::from_str(&text).map_err(|e| e.to_string())?;
    if let Some(versions) = ledger.corporations.get_mut(slug) {
        versions.remove(id);
    }
    ledger.save(content).map_err(|e| e.to_string())
}

/// The machine's load over 1, 5 and 15 minutes: figures taken while others use the cores are slower.
fn load_average() -> String {
    let text = fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

fn path(path: &Path) -> String {
    path.display().to_string()
}

fn ms(duration: Duration) -> u128 {
    duration.as_millis()
}
