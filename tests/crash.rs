//! `publish`, `record` and `erratum` are all or nothing: killed after any step that changes the
//! disk (`VERKLAAR_CRASH_AFTER=N` aborts the process as `kill -9` would), the content folder is,
//! once loaded again, exactly as before the command or exactly as after it.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::*;

fn run(dir: &Path, args: &[&str], crash_after: Option<usize>) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_verklaar"));
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C");
    if let Some(n) = crash_after {
        command.env("VERKLAAR_CRASH_AFTER", n.to_string());
    }
    command.output().unwrap()
}

/// Runs `args` on fresh copies of the site `prepare` makes, crashing after step 1, 2, ... until
/// the command completes; after each crash, `check` must leave the content as before or as after,
/// and say what it says of that state. Returns the number of steps.
fn kill_at_every_step(args: &[&str], prepare: impl Fn(&Path)) -> usize {
    let fresh = || {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("tests/fixtures/valid"), dir.path());
        prepare(dir.path());
        dir
    };
    let reference = fresh();
    let before = tree(&reference.path().join("content"));
    let check_before = run(reference.path(), &["check"], None).status.code();
    let output = run(reference.path(), args, None);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let after = tree(&reference.path().join("content"));
    assert_ne!(before, after);
    for n in 1.. {
        let dir = fresh();
        let output = run(dir.path(), args, Some(n));
        if output.status.success() {
            assert_eq!(tree(&dir.path().join("content")), after);
            return n - 1;
        }
        assert_eq!(output.status.code(), None, "step {n}: killed, not failed");
        let check = run(dir.path(), &["check"], None);
        let now = tree(&dir.path().join("content"));
        let expected = if now == after {
            Some(0)
        } else {
            assert!(now == before, "step {n}: {:?}", now.keys());
            check_before
        };
        assert_eq!(
            check.status.code(),
            expected,
            "step {n}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
    unreachable!()
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn publish_is_all_or_nothing() {
    let steps = kill_at_every_step(&["publish", "voorbeeld-wonen", "--date", "2026-01-01"], |dir| {
        edit(
            dir,
            "content/voorbeeld-wonen/draft.yaml",
            "# The next",
            "summary: Nieuw.\n# The next",
        );
    });
    assert!(steps >= 8, "{steps}");
}

#[test]
fn erratum_is_all_or_nothing() {
    let steps = kill_at_every_step(
        &["erratum", "voorbeeld-wonen", "2021-03-01", "--reason", "Typefout"],
        |dir| {
            edit(
                dir,
                "content/voorbeeld-wonen/2021-03-01.yaml",
                "Bereikbaar op werkdagen.",
                "Bereikbaar op alle werkdagen.",
            )
        },
    );
    assert!(steps >= 2, "{steps}");
}

#[test]
fn record_is_all_or_nothing() {
    let steps = kill_at_every_step(&["record", "voorbeeld-wonen", "2021-03-01"], |dir| {
        let ledger = dir.join("content/ledger.yaml");
        let text = fs::read_to_string(&ledger).unwrap();
        let start = text.find("\n  2021-03-01:").unwrap();
        fs::write(&ledger, &text[..start + 1]).unwrap();
    });
    assert!(steps >= 2, "{steps}");
}

#[test]
fn two_concurrent_builds_leave_a_complete_output() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/valid"), dir.path());
    let build = |out: &str| {
        Command::new(env!("CARGO_BIN_EXE_verklaar"))
            .args(["build", "--today", TODAY, "--out", out])
            .current_dir(dir.path())
            .spawn()
            .unwrap()
    };
    assert!(build("reference").wait().unwrap().success());
    let reference = tree(&dir.path().join("reference"));
    for run in 0..5 {
        let (mut a, mut b) = (build("output"), build("output"));
        assert!(a.wait().unwrap().success(), "run {run}");
        assert!(b.wait().unwrap().success(), "run {run}");
        assert!(
            tree(&dir.path().join("output")) == reference,
            "run {run}: incomplete output"
        );
        let beside: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".output"))
            .collect();
        assert!(beside.is_empty(), "run {run}: left {beside:?}");
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_complete_output() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/valid"), dir.path());
    let build = || {
        Command::new(env!("CARGO_BIN_EXE_verklaar"))
            .args(["build", "--today", TODAY])
            .current_dir(dir.path())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    assert!(build().wait().unwrap().success());
    let reference = tree(&dir.path().join("output"));
    for run in 0..12u64 {
        let mut child = build();
        std::thread::sleep(std::time::Duration::from_millis(run * 15));
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            tree(&dir.path().join("output")) == reference,
            "run {run}: output incomplete after kill"
        );
    }
    assert!(
        build().wait().unwrap().success(),
        "a build after the kills cleans up and succeeds"
    );
    assert!(tree(&dir.path().join("output")) == reference);
}
