//! The bad-input corpus: every broken input under `tests/fixtures/bad/` (a whole file put into a
//! copy of the valid fixture, at the path its first line names) and a few that only code can make
//! (links, pipes, folders). Each must make `verklaar build` exit 1 with the file (and, where the
//! file has lines, the line) in its message, never panic, and leave the earlier `output/` exactly
//! as it was. The messages are snapshots.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::*;

/// A site folder with the valid fixture built into `output/`, and that output's files.
struct Site {
    dir: tempfile::TempDir,
    output: BTreeMap<String, Vec<u8>>,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("tests/fixtures/valid"), dir.path());
        let built = verklaar(&["build", "--today", TODAY], dir.path());
        assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
        let output = tree(&dir.path().join("output"));
        Site { dir, output }
    }

    /// Puts back a fresh copy of the valid content.
    fn reset(&self) -> &Path {
        let content = self.dir.path().join("content");
        fs::remove_dir_all(&content).unwrap();
        copy_dir(&fixture("valid"), &content);
        self.dir.path()
    }

    /// Builds, and checks that the build failed as it must: the message it printed.
    fn fails(&self, case: &str, with_line: bool) -> String {
        let output = verklaar(&["build", "--today", TODAY], self.dir.path());
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(1), "{case}: exit 1, no panic:\n{stderr}");
        assert!(!stderr.contains("panicked"), "{case}: {stderr}");
        let located = stderr.lines().find(|l| {
            let l = l.trim_start();
            l.starts_with("--> content/") || l.starts_with("--> themes/")
        });
        let Some(located) = located else {
            panic!("{case}: names no file:\n{stderr}")
        };
        if with_line {
            let after = located.trim_start().trim_start_matches("--> ");
            let line = after.split(':').nth(1).unwrap_or_default();
            assert!(
                line.chars().next().is_some_and(|c| c.is_ascii_digit()),
                "{case}: names no line:\n{stderr}"
            );
        }
        assert!(
            tree(&self.dir.path().join("output")) == self.output,
            "{case}: the earlier output changed"
        );
        assert!(
            !stderr.contains(&*self.dir.path().to_string_lossy()),
            "{case}: names a machine path"
        );
        stderr
    }
}

/// A case made in code: its name, and what it does to the site folder.
type Case<'a> = (&'a str, &'a dyn Fn(&Path));

/// Files the corpus puts into the site whose errors have no line (the file cannot be read as text).
const WITHOUT_LINE: &[&str] = &["utf16-le-bom", "utf16-be-bom", "utf16-without-bom"];

#[test]
fn every_broken_file_fails_with_a_located_message() {
    let site = Site::new();
    let cases = bad_cases();
    assert!(cases.len() >= 80, "{} cases", cases.len());
    for (name, target, body) in cases {
        let dir = site.reset();
        fs::write(dir.join("content").join(&target), body).unwrap();
        let started = std::time::Instant::now();
        let message = site.fails(&name, !WITHOUT_LINE.contains(&name.as_str()));
        assert!(started.elapsed().as_secs() < 10, "{name}: took {:?}", started.elapsed());
        insta::assert_snapshot!(format!("bad-{name}"), message);
    }
}

#[cfg(unix)]
#[test]
fn links_pipes_folders_and_twins_fail_without_reading_outside() {
    use std::os::unix::fs::symlink;
    let site = Site::new();
    let secret = tempfile::tempdir().unwrap();
    fs::write(secret.path().join("passwd"), "root:x:0:0:geheim\n").unwrap();
    let make: [Case; 9] = [
        ("draft-links-outside", &|c| {
            fs::remove_file(c.join("voorbeeld-wonen/draft.yaml")).unwrap();
            symlink(secret.path().join("passwd"), c.join("voorbeeld-wonen/draft.yaml")).unwrap();
        }),
        ("folder-links-outside", &|c| {
            symlink(secret.path(), c.join("elders")).unwrap()
        }),
        ("site-links-outside", &|c| {
            fs::remove_file(c.join("site.yaml")).unwrap();
            symlink(secret.path().join("passwd"), c.join("site.yaml")).unwrap();
        }),
        ("ledger-links-outside", &|c| {
            fs::remove_file(c.join("ledger.yaml")).unwrap();
            symlink(secret.path().join("passwd"), c.join("ledger.yaml")).unwrap();
        }),
        ("dangling-link", &|c| {
            symlink(c.join("nergens.yaml"), c.join("voorbeeld-wonen/2022-01-01.yaml")).unwrap()
        }),
        ("draft-is-a-folder", &|c| {
            fs::remove_file(c.join("voorbeeld-wonen/draft.yaml")).unwrap();
            fs::create_dir(c.join("voorbeeld-wonen/draft.yaml")).unwrap();
        }),
        ("draft-is-a-pipe", &|c| {
            fs::remove_file(c.join("voorbeeld-wonen/draft.yaml")).unwrap();
            let status = std::process::Command::new("mkfifo")
                .arg(c.join("voorbeeld-wonen/draft.yaml"))
                .status()
                .unwrap();
            assert!(status.success());
        }),
        ("version-as-yml-and-yaml", &|c| {
            fs::copy(
                c.join("voorbeeld-wonen/2021-03-01.yaml"),
                c.join("voorbeeld-wonen/2021-03-01.yml"),
            )
            .unwrap();
        }),
        ("corporation-without-versions", &|c| {
            fs::create_dir(c.join("leeg-wonen")).unwrap()
        }),
    ];
    for (name, make) in make {
        let dir = site.reset();
        make(&dir.join("content"));
        let message = site.fails(name, false);
        assert!(!message.contains("geheim"), "{name}: shows what is outside:\n{message}");
        insta::assert_snapshot!(format!("bad-{name}"), message);
    }
}

#[test]
fn published_versions_edited_or_removed_fail() {
    let site = Site::new();
    let version = "content/voorbeeld-wonen/2021-03-01.yaml";
    let cases: [Case; 3] = [
        ("published-version-edited", &|d| {
            let text = fs::read_to_string(d.join(version)).unwrap();
            fs::write(d.join(version), text.replace("2 jaar", "10 jaar")).unwrap();
        }),
        ("published-version-removed", &|d| {
            fs::remove_file(d.join(version)).unwrap()
        }),
        ("published-version-renamed", &|d| {
            fs::rename(d.join(version), d.join("content/voorbeeld-wonen/2021-03-02.yaml")).unwrap()
        }),
    ];
    for (name, make) in cases {
        let dir = site.reset();
        make(dir);
        let message = site.fails(name, false);
        insta::assert_snapshot!(format!("bad-{name}"), message);
    }
}

#[test]
fn a_template_with_a_missing_locale_key_fails_and_names_it() {
    let site = Site::new();
    let dir = site.reset();
    fs::create_dir_all(dir.join("themes/eigen/templates")).unwrap();
    fs::write(
        dir.join("themes/eigen/templates/extra.html"),
        "<p>{{ t.statement.bestaat_niet }}</p>\n",
    )
    .unwrap();
    let site_yaml = dir.join("content/site.yaml");
    let text = fs::read_to_string(&site_yaml).unwrap();
    fs::write(&site_yaml, text.replace("theme: default", "theme: eigen")).unwrap();
    let output = verklaar(&["build", "--today", TODAY], dir);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("themes/eigen/templates/extra.html"), "{stderr}");
    assert!(
        stderr.contains("line 1: `t.statement.bestaat_niet` is not in the locale"),
        "{stderr}"
    );
    assert!(tree(&dir.join("output")) == site.output);
}

#[test]
fn a_placeholder_in_a_name_is_printed_as_written() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/valid"), dir.path());
    let content = dir.path().join("content");
    for file in ["voorbeeld-wonen/2020-01-01.yaml", "voorbeeld-wonen/2021-03-01.yaml"] {
        let text = fs::read_to_string(content.join(file)).unwrap();
        fs::write(
            content.join(file),
            text.replace("name: Voorbeeld Wonen", "name: Wonen {date} {name}"),
        )
        .unwrap();
    }
    // The versions changed, so they are recorded again in a new ledger.
    fs::remove_file(content.join("ledger.yaml")).unwrap();
    for id in ["2020-01-01", "2021-03-01"] {
        let output = verklaar(&["record", "voorbeeld-wonen", id], dir.path());
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
    let site = build(&content);
    let feed = page(&site, "voorbeeld-wonen/feed.xml");
    assert!(feed.contains("Wonen {date} {name}: versie van"), "{feed}");
}
