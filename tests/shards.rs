//! A site built in shards (`build --only`), and a site built again into its existing output, are
//! the full build byte for byte; a rebuild keeps every unchanged file as it was (inode and mtime).

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::*;

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

#[cfg(unix)]
#[test]
fn a_rebuild_keeps_unchanged_files_and_equals_a_fresh_build() {
    use std::os::unix::fs::MetadataExt;
    let dir = two_corporations();
    let cwd = dir.path();
    let build = |out: &str| run(&["build", "--drafts", "--today", TODAY, "--out", out], cwd);
    let inodes = |out: &str| -> BTreeMap<String, (u64, std::time::SystemTime)> {
        tree(&cwd.join(out))
            .into_keys()
            .map(|path| {
                let meta = fs::metadata(cwd.join(out).join(&path)).unwrap();
                (path, (meta.ino(), meta.modified().unwrap()))
            })
            .collect()
    };
    build("output");
    let (before, before_files) = (inodes("output"), tree(&cwd.join("output")));
    let draft = cwd.join("content/voorbeeld-wonen/draft.yaml");
    let text = fs::read_to_string(&draft).unwrap();
    let edited = text.replacen("Onze diensten.", "Onze diensten, anders gezegd.", 1);
    assert_ne!(edited, text);
    fs::write(&draft, edited).unwrap();
    build("output");
    build("fresh");
    let after_files = tree(&cwd.join("output"));
    assert_eq!(
        after_files,
        tree(&cwd.join("fresh")),
        "a rebuild is a fresh build, byte for byte"
    );

    let after = inodes("output");
    let (mut kept, mut renewed) = (0, 0);
    for (path, bytes) in &after_files {
        let Some(old) = before_files.get(path) else { continue };
        if old == bytes {
            assert_eq!(
                after[path], before[path],
                "{path} is unchanged, so it keeps its inode and mtime"
            );
            kept += 1;
        } else {
            assert_ne!(after[path].0, before[path].0, "{path} changed, so it is a new file");
            renewed += 1;
        }
    }
    assert!(kept > 0 && renewed > 0, "kept {kept}, renewed {renewed}");
    assert!(
        after_files
            .keys()
            .filter(|p| p.starts_with("ander-wonen/"))
            .all(|p| after[p] == before[p]),
        "the other corporation's files are untouched"
    );
}
