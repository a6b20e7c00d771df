//! A chainable test driver over fixture sites, in the spirit of mdBook's `BookTest`:
//! `SiteTest::fixture("valid").drafts().build().check_contains("index.html", &["..."])`.

use std::fs;
use std::path::{Path, PathBuf};

use verklaar::content::date::Date;
use verklaar::site::{BuildOptions, SiteFiles};

use super::{TODAY, copy_dir, repo};

/// A fixture site copied into a temporary folder, built with chosen options and checked.
pub struct SiteTest {
    name: String,
    // Kept so the folder lives as long as the test.
    _dir: tempfile::TempDir,
    content: PathBuf,
    options: BuildOptions,
    site: Option<SiteFiles>,
}

impl SiteTest {
    /// A copy of `tests/fixtures/<name>/content`, which the test may change.
    pub fn fixture(name: &str) -> SiteTest {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        copy_dir(&repo().join("tests/fixtures").join(name).join("content"), &content);
        let themes = repo().join("tests/fixtures").join(name).join("themes");
        if themes.is_dir() {
            copy_dir(&themes, &dir.path().join("themes"));
        }
        SiteTest {
            name: name.to_owned(),
            _dir: dir,
            content,
            options: BuildOptions {
                drafts: false,
                today: TODAY.parse().unwrap(),
            },
            site: None,
        }
    }

    /// Builds drafts too.
    pub fn drafts(mut self) -> SiteTest {
        self.options.drafts = true;
        self
    }

    /// Builds the site as it is on `day`.
    pub fn today(mut self, day: &str) -> SiteTest {
        self.options.today = day.parse::<Date>().unwrap();
        self
    }

    /// The folder that holds the copy's `content/` (and `themes/`).
    pub fn root(&self) -> &Path {
        self.content.parent().unwrap()
    }

    /// Writes `text` to `path`, relative to the copy's root (`content/...` or `themes/...`).
    pub fn write(self, path: &str, text: &str) -> SiteTest {
        let file = self.root().join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, text).unwrap();
        self
    }

    /// Builds the site; panics with the error people would see when it fails.
    pub fn build(mut self) -> SiteTest {
        let site = verklaar::site::build(&self.content, self.options)
            .unwrap_or_else(|e| panic!("build of fixture {} failed:\n{e}", self.name));
        self.site = Some(site);
        self
    }

    /// Builds the site, which must fail, and returns the error people would see.
    pub fn build_error(self) -> String {
        match verklaar::site::build(&self.content, self.options) {
            Ok(_) => panic!("build of fixture {} should have failed", self.name),
            Err(error) => error.to_string(),
        }
    }

    /// The built file at `path` as text.
    pub fn file(&self, path: &str) -> String {
        let site = self.site.as_ref().expect("call build() first");
        let bytes = site
            .files
            .get(path)
            .unwrap_or_else(|| panic!("no file {path}; files: {:?}", site.files.keys()));
        String::from_utf8(bytes.clone()).unwrap()
    }

    /// The path of every built file.
    #[allow(dead_code)]
    pub fn paths(&self) -> Vec<String> {
        let site = self.site.as_ref().expect("call build() first");
        site.files.keys().cloned().collect()
    }

    /// Checks that the file at `path` contains every one of `expected`.
    pub fn check_contains(self, path: &str, expected: &[&str]) -> SiteTest {
        let text = self.file(path);
        for part in expected {
            assert!(text.contains(part), "{path} lacks {part:?}:\n{text}");
        }
        self
    }

    /// Checks the file at `path` against `tests/fixtures/<name>/expected/<path>`; with `BLESS=1`
    /// in the environment the expected file is written instead.
    pub fn check_expected(self, path: &str) -> SiteTest {
        let text = self.file(path);
        let expected = repo()
            .join("tests/fixtures")
            .join(&self.name)
            .join("expected")
            .join(path);
        if std::env::var_os("BLESS").is_some() {
            fs::create_dir_all(expected.parent().unwrap()).unwrap();
            fs::write(&expected, &text).unwrap();
        }
        let want = fs::read_to_string(&expected)
            .unwrap_or_else(|e| panic!("{}: {e}; run with BLESS=1 to write it", expected.display()));
        assert!(
            want == text,
            "{path} differs from {}; run with BLESS=1 to accept\n{}",
            expected.display(),
            similar::TextDiff::from_lines(&want, &text).unified_diff()
        );
        self
    }
}
