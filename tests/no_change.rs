//! A build with nothing to change leaves the output folder as it is (same folder, same files) once
//! a spare tree is there for the next build, and a build after a hand put a file into the output
//! still removes it.

mod common;

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use common::*;

fn build(dir: &Path) {
    let output = verklaar(&["build", "--drafts", "--today", TODAY, "--out", "output"], dir);
    assert!(
        output.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The inode of the output folder and of each of its files, by path.
fn inodes(dir: &Path) -> (u64, Vec<(String, u64)>) {
    let files = tree(dir)
        .into_keys()
        .map(|path| {
            let ino = fs::metadata(dir.join(&path)).unwrap().ino();
            (path, ino)
        })
        .collect();
    (fs::metadata(dir).unwrap().ino(), files)
}

#[test]
fn a_no_change_build_leaves_the_output_and_a_stray_file_still_goes() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    copy_dir(&repo().join("tests/fixtures/valid"), dir);
    build(dir);
    build(dir);
    assert!(
        dir.join(".verklaar-cache/pages/output.tree").is_dir(),
        "a build after a fresh one writes, leaving the spare tree for the next"
    );
    let out = dir.join("output");
    let before = (tree(&out), inodes(&out));
    build(dir);
    assert!((tree(&out), inodes(&out)) == before, "nothing was written");

    fs::write(out.join("stray.html"), "by hand").unwrap();
    build(dir);
    assert!(!out.join("stray.html").exists(), "a file no build made is removed");
    assert!(tree(&out) == before.0);
    fs::create_dir(out.join("empty")).unwrap();
    build(dir);
    assert!(!out.join("empty").exists(), "a folder no build made is removed");
    assert!(tree(&out) == before.0);
}
