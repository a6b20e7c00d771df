//! The page cache of `build`: a build that keeps unchanged corporations from the existing output is
//! the full build byte for byte, over a sequence of edits; each kind of change renders exactly the
//! corporations that depend on it; the output does not depend on the number of threads; and a cache
//! entry whose files are gone counts as a miss.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::*;

/// Runs verklaar in `cwd` with `threads` rayon threads, panicking when it fails; its stdout.
fn run_with(args: &[&str], cwd: &Path, threads: usize) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_verklaar"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("RAYON_NUM_THREADS", threads.to_string())
        .output()
        .expect("run verklaar");
    assert!(
        output.status.success(),
        "verklaar {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

/// The valid fixture with a second corporation, a copy of the first, recorded in the ledger.
fn two_corporations() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("valid"), &content);
    copy_dir(&content.join("voorbeeld-wonen"), &content.join("ander-wonen"));
    run_with(&["record", "--all"], dir.path(), 2);
    dir
}

/// Builds into `out` as of `today` with drafts; how many corporations it rendered and kept.
fn build(cwd: &Path, out: &str, today: &str) -> (usize, usize) {
    let said = run_with(&["build", "--drafts", "--today", today, "--out", out], cwd, 2);
    said.split("); ")
        .nth(1)
        .and_then(|rest| {
            let words: Vec<&str> = rest.split_whitespace().collect();
            Some((words.first()?.parse().ok()?, words.get(3)?.parse().ok()?))
        })
        .unwrap_or_else(|| panic!("no counts in: {said}"))
}

/// Builds into the existing `output` and into a fresh folder, asserts both are the same files,
/// and returns how many corporations the build into `output` rendered and kept.
fn rebuild_equals_fresh(cwd: &Path, today: &str, step: &str) -> (usize, usize) {
    let counts = build(cwd, "output", today);
    let fresh = format!("fresh-{step}");
    assert_eq!(build(cwd, &fresh, today), (2, 0), "a fresh folder renders everything");
    assert!(
        tree(&cwd.join("output")) == tree(&cwd.join(&fresh)),
        "after {step}, the incremental build is the full build byte for byte"
    );
    fs::remove_dir_all(cwd.join(&fresh)).unwrap();
    counts
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    let edited = text.replacen(from, to, 1);
    assert_ne!(edited, text, "{from} is in {}", path.display());
    fs::write(path, edited).unwrap();
}

#[test]
fn incremental_builds_equal_full_builds_and_render_exactly_what_changed() {
    let dir = two_corporations();
    let cwd = dir.path();
    let content = cwd.join("content");
    assert_eq!(build(cwd, "output", TODAY), (2, 0));
    assert_eq!(rebuild_equals_fresh(cwd, TODAY, "nothing"), (0, 2), "nothing changed");

    edit(
        &content.join("voorbeeld-wonen/draft.yaml"),
        "Onze diensten.",
        "Onze diensten, anders gezegd.",
    );
    assert_eq!(
        rebuild_equals_fresh(cwd, TODAY, "draft"),
        (1, 1),
        "a draft edit renders its corporation"
    );

    let draft = content.join("voorbeeld-wonen/draft.yaml");
    let text = fs::read_to_string(&draft).unwrap();
    fs::write(&draft, format!("summary: Onze diensten anders gezegd.\n{text}")).unwrap();
    assert_eq!(rebuild_equals_fresh(cwd, TODAY, "summary"), (1, 1));
    run_with(&["publish", "voorbeeld-wonen", "--date", "2027-01-01"], cwd, 2);
    assert_eq!(
        rebuild_equals_fresh(cwd, TODAY, "publish"),
        (1, 1),
        "a publish renders its corporation"
    );

    assert_eq!(
        rebuild_equals_fresh(cwd, "2027-01-01", "today"),
        (1, 1),
        "the day the new version starts renders only the corporation whose current version changes"
    );

    let theme = cwd.join("themes/default/templates");
    fs::create_dir_all(&theme).unwrap();
    let statement = repo().join("themes/default/templates/statement.html");
    fs::write(
        theme.join("statement.html"),
        format!("{}\n<!-- changed -->\n", fs::read_to_string(statement).unwrap()),
    )
    .unwrap();
    assert_eq!(
        rebuild_equals_fresh(cwd, "2027-01-01", "theme"),
        (2, 0),
        "a theme edit renders everything"
    );

    let locales = cwd.join("themes/default/locales");
    fs::create_dir_all(&locales).unwrap();
    let locale = fs::read_to_string(repo().join("themes/default/locales/nl.yaml")).unwrap();
    fs::write(locales.join("nl.yaml"), format!("{locale}\n# changed\n")).unwrap();
    assert_eq!(
        rebuild_equals_fresh(cwd, "2027-01-01", "locale"),
        (2, 0),
        "a locale edit renders everything"
    );

    edit(&content.join("site.yaml"), "title: Testsite", "title: Andere testsite");
    assert_eq!(
        rebuild_equals_fresh(cwd, "2027-01-01", "site"),
        (2, 0),
        "a site.yaml edit renders everything"
    );
    assert_eq!(rebuild_equals_fresh(cwd, "2027-01-01", "again"), (0, 2));
}

#[test]
fn the_output_does_not_depend_on_the_number_of_threads() {
    let dir = two_corporations();
    let cwd = dir.path();
    let args = |out: &'static str| ["build", "--drafts", "--today", TODAY, "--out", out];
    run_with(&args("serial"), cwd, 1);
    run_with(&args("parallel"), cwd, 4);
    assert!(
        tree(&cwd.join("serial")) == tree(&cwd.join("parallel")),
        "serial == parallel"
    );
}

#[test]
fn a_cache_entry_whose_files_are_gone_or_changed_is_a_miss() {
    let dir = two_corporations();
    let cwd = dir.path();
    build(cwd, "output", TODAY);
    build(cwd, "fresh", TODAY);
    fs::remove_file(cwd.join("output/ander-wonen/changes/index.html")).unwrap();
    assert_eq!(
        build(cwd, "output", TODAY),
        (1, 1),
        "the corporation with a missing file is rendered"
    );
    fs::write(cwd.join("output/voorbeeld-wonen/index.html"), "by hand").unwrap();
    assert_eq!(
        build(cwd, "output", TODAY),
        (1, 1),
        "and so is one with a file changed by hand"
    );
    for entry in fs::read_dir(cwd.join(".verklaar-cache/pages/output")).unwrap() {
        fs::write(entry.unwrap().path(), "{ not json").unwrap();
    }
    assert_eq!(build(cwd, "output", TODAY), (2, 0), "an unreadable entry is a miss");
    assert!(tree(&cwd.join("output")) == tree(&cwd.join("fresh")));
}

#[test]
fn a_published_version_changed_after_a_cached_check_still_fails_the_build() {
    let dir = two_corporations();
    let cwd = dir.path();
    build(cwd, "output", TODAY);
    assert!(
        cwd.join(".verklaar-cache/verified").is_file(),
        "the proved versions are kept"
    );
    build(cwd, "output", TODAY);
    edit(
        &cwd.join("content/ander-wonen/2021-03-01.yaml"),
        "name: Voorbeeld Wonen",
        "name: Ander Wonen",
    );
    let output = verklaar(&["build", "--drafts", "--today", TODAY, "--out", "output"], cwd);
    assert_eq!(output.status.code(), Some(1));
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("its facts changed after publication"), "{error}");
}

#[test]
fn the_preview_update_with_carried_feed_entries_is_the_full_render() {
    use std::collections::BTreeSet;
    use verklaar::site::{Builder, FeedCache};
    let dir = two_corporations();
    let content_dir = dir.path().join("content");
    let content = verklaar::content::check(&content_dir).unwrap();
    let builder = Builder::new(&content, options(true)).unwrap();
    let feed = FeedCache::default();
    let first = builder.render_keeping(&content, &feed).unwrap();
    edit(
        &content_dir.join("ander-wonen/draft.yaml"),
        "Onze diensten.",
        "Onze diensten, anders gezegd.",
    );
    let content = verklaar::content::check(&content_dir).unwrap();
    let changed: BTreeSet<&str> = ["ander-wonen"].into();
    let updated = builder
        .render_update_keeping(&content, &first, &changed, &feed.carry(&changed))
        .unwrap();
    assert!(
        updated == builder.render(&content).unwrap(),
        "the update is the full render"
    );
    assert!(updated != first, "the edit shows");
}

#[test]
fn the_preview_check_reuses_unchanged_files_and_still_catches_an_edited_published_version() {
    use verklaar::content::cache::Verified;
    let dir = two_corporations();
    let content_dir = dir.path().join("content");
    let verified = Verified::in_memory();
    let first = verklaar::content::check_with(&content_dir, &verified).unwrap();
    let next = verified.next();
    let again = verklaar::content::check_reusing(&content_dir, &next, Some(&first)).unwrap();
    let statements = |c: &verklaar::content::Content| -> Vec<_> {
        c.corporations
            .iter()
            .flat_map(|c| c.versions.iter().map(|v| v.statement.clone()))
            .collect()
    };
    assert!(statements(&again) == statements(&first), "the same facts");
    edit(
        &content_dir.join("ander-wonen/2021-03-01.yaml"),
        "name: Voorbeeld Wonen",
        "name: Ander Wonen",
    );
    let error = verklaar::content::check_reusing(&content_dir, &next.next(), Some(&again))
        .unwrap_err()
        .to_string();
    assert!(error.contains("its facts changed after publication"), "{error}");
}

/// The facts of every version file that loads, shipped or fixture.
fn every_statement() -> Vec<(String, verklaar::content::model::Statement)> {
    let mut dirs = vec![repo().join("content")];
    for entry in fs::read_dir(repo().join("tests/fixtures")).unwrap() {
        dirs.push(entry.unwrap().path().join("content"));
    }
    dirs.iter()
        .filter_map(|dir| verklaar::content::load::load(dir).ok()?.content)
        .flat_map(|content| content.corporations)
        .flat_map(|c| c.versions.into_iter().chain(c.draft))
        .map(|v| (v.file.display().to_string(), v.statement))
        .collect()
}

#[test]
fn the_facts_of_every_version_file_read_back_from_json_unchanged() {
    let all = every_statement();
    assert!(all.len() > 10);
    for (file, statement) in all {
        let json = serde_json::to_string(&statement).unwrap();
        let back: verklaar::content::model::Statement =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(
            back == statement,
            "{file} reads back from JSON otherwise: the facts cache would change it"
        );
    }
}

#[test]
fn kept_facts_are_the_parsed_facts_and_an_edited_file_is_parsed_again() {
    use verklaar::content::cache::Verified;
    let dir = two_corporations();
    let (content_dir, cache) = (dir.path().join("content"), dir.path().join(".verklaar-cache"));
    let plain = verklaar::content::check(&content_dir).unwrap();
    let statements = |c: &verklaar::content::Content| -> Vec<_> {
        c.corporations
            .iter()
            .flat_map(|c| c.versions.iter().chain(&c.draft).map(|v| v.statement.clone()))
            .collect()
    };
    let first = verklaar::content::check_with(&content_dir, &Verified::open_in(&cache)).unwrap();
    assert!(cache.join("facts/ander-wonen.json").is_file(), "the facts are kept");
    let again = verklaar::content::check_with(&content_dir, &Verified::open_in(&cache)).unwrap();
    assert!(statements(&first) == statements(&plain) && statements(&again) == statements(&plain));
    edit(
        &content_dir.join("ander-wonen/draft.yaml"),
        "organisation:",
        "organisation:\n  emial: x",
    );
    let error = verklaar::content::check_with(&content_dir, &Verified::open_in(&cache))
        .unwrap_err()
        .to_string();
    assert!(error.contains("emial"), "{error}");
}
