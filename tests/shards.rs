//! A site built in shards (`build --only`) adds up to the whole site, byte for byte.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::*;

/// Every file under `dir`, by its path inside it.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (path, fs::read(e.path()).unwrap())
        })
        .collect()
}

fn run(args: &[&str], cwd: &Path) -> std::process::Output {
    let output = verklaar(args, cwd);
    assert!(
        output.status.success(),
        "verklaar {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The valid fixture with a second corporation, a copy of the first, recorded in the ledger.
fn two_corporations() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("valid"), &content);
    copy_dir(&content.join("voorbeeld-wonen"), &content.join("ander-wonen"));
    run(&["record", "--all"], dir.path());
    dir
}

#[test]
fn shards_built_with_only_add_up_to_the_whole_site() {
    let dir = two_corporations();
    let cwd = dir.path();
    let build = |out: &str, only: &[&str]| {
        let mut args = vec!["build", "--drafts", "--today", TODAY, "--out", out];
        if !only.is_empty() {
            args.push("--only");
            args.extend(only);
        }
        run(&args, cwd);
        tree(&cwd.join(out))
    };
    let full = build("full", &[]);
    let first = build("first", &["voorbeeld-wonen"]);
    let second = build("second", &["ander-wonen"]);
    let both = build("both", &["ander-wonen", "voorbeeld-wonen"]);
    assert_eq!(both, full, "--only with every corporation is the full build");

    assert!(first.keys().any(|p| p.starts_with("voorbeeld-wonen/")));
    assert!(
        !first.keys().any(|p| p.starts_with("ander-wonen/")),
        "a shard has only its own pages"
    );
    assert!(first.keys().any(|p| p.ends_with(".pdf")));
    let mut union = first.clone();
    for (path, bytes) in &second {
        if let Some(theirs) = first.get(path) {
            assert_eq!(theirs, bytes, "{path} differs between shards");
        }
        union.insert(path.clone(), bytes.clone());
    }
    assert_eq!(union, full, "the shards together are the whole site");
    let index = String::from_utf8(first["index.html"].clone()).unwrap();
    assert!(
        index.contains("ander-wonen/"),
        "the index of a shard lists every corporation"
    );
}

#[test]
fn only_refuses_an_unknown_corporation_naming_the_closest() {
    let dir = two_corporations();
    let output = verklaar(&["build", "--only", "ander-wonn"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("no corporation `ander-wonn`"), "{error}");
    assert!(error.contains("did you mean `ander-wonen`"), "{error}");
    assert!(!dir.path().join("output").exists(), "nothing is written");
}
