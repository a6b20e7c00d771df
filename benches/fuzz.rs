//! The long run of the property targets: at least 100,000 random cases per target (more with
//! `FUZZ_CASES=N`), printing how many ran and how fast. `cargo bench --bench fuzz`; `FUZZ_ONLY=router`
//! runs only the targets whose name contains that word.

#[path = "../tests/props/mod.rs"]
mod props;

use props::*;

fn report(target: &str, (cases, took): (u32, std::time::Duration)) {
    println!(
        "{target:<28} {cases:>8} cases, no panic, in {:>6.1} s ({:>7.0} cases/s)",
        took.as_secs_f64(),
        f64::from(cases) / took.as_secs_f64()
    );
}

fn main() {
    let cases: u32 = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let only = std::env::var("FUZZ_ONLY").unwrap_or_default();
    let wanted = |target: &str| target.contains(only.as_str());
    if wanted("random YAML -> loader") {
        report("random YAML -> loader", run(cases, text(), |s| yaml(&s)));
    }
    if wanted("mutated statement -> loader") {
        report("mutated statement -> loader", run(cases, mutated_draft(), |s| yaml(&s)));
    }
    if wanted("random Markdown -> renderer") {
        report("random Markdown -> renderer", run(cases, text(), |s| markdown(&s)));
    }
    if wanted("random request paths -> preview router") {
        report(
            "random request paths -> preview router",
            run(cases, request_path(), |p| router(&p)),
        );
    }
    if wanted("random file names -> loader") {
        let (_dir, content) = content_folder();
        report(
            "random file names -> loader",
            run(cases, (name(), text()), |(n, b)| paths(&content, &n, &b)),
        );
    }
}
