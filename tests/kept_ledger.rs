//! What a build keeps beside the page cache: the parsed ledger in `.verklaar-cache/ledger.json` is
//! read back only for exactly the ledger's text, so an entry removed by hand still stops the build;
//! a broken kept ledger or kept site feed is a miss.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// Builds into `output`; its exit code and what it said.
fn build(dir: &Path) -> (i32, String) {
    let output = verklaar(&["build", "--drafts", "--today", TODAY, "--out", "output"], dir);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), text)
}

#[test]
fn a_kept_ledger_is_read_back_only_for_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    copy_dir(&repo().join("tests/fixtures/valid"), dir);
    let draft = dir.join("content/voorbeeld-wonen/draft.yaml");
    let text = fs::read_to_string(&draft).unwrap();
    fs::write(&draft, format!("summary: Een nieuwe versie.\n{text}")).unwrap();
    let published = verklaar(&["publish", "voorbeeld-wonen", "--date", "2026-01-01"], dir);
    assert!(published.status.success());
    let (code, said) = build(dir);
    assert_eq!(code, 0, "{said}");
    let kept = dir.join(".verklaar-cache/ledger.json");
    assert!(kept.is_file(), "the parsed ledger is kept");

    let ledger = dir.join("content/ledger.yaml");
    let text = fs::read_to_string(&ledger).unwrap();
    let start = text.find("\n  2021-03-01:").unwrap();
    let end = text[start + 1..].find("\n  2026-01-01:").unwrap() + start + 1;
    fs::write(&ledger, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let (code, said) = build(dir);
    assert_eq!(code, 1, "{said}");
    assert!(
        said.contains("the entry of version 2021-03-01, recorded before 2026-01-01, is missing"),
        "{said}"
    );

    fs::write(&ledger, &text).unwrap();
    let (code, said) = build(dir);
    assert_eq!(code, 0, "{said}");
    let before = tree(&dir.join("output"));
    fs::write(&kept, "not the key\n{").unwrap();
    let (code, said) = build(dir);
    assert_eq!(code, 0, "a broken kept ledger is a miss: {said}");
    assert!(tree(&dir.join("output")) == before);

    let feed = dir.join(".verklaar-cache/pages/output.nl.feed");
    assert!(feed.is_file(), "the site feed is kept");
    fs::write(&feed, "not the key\n<feed/>").unwrap();
    let (code, said) = build(dir);
    assert_eq!(code, 0, "a broken kept feed is a miss: {said}");
    assert!(tree(&dir.join("output")) == before);
}
