//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub mod driver;
pub mod webdriver;

use verklaar::site::{BuildOptions, SiteFiles};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The content folder of fixture `name`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name).join("content")
}

/// Runs the `verklaar` binary in `cwd`, speaking English (`LANG=C`) whatever this machine's locale.
pub fn verklaar(args: &[&str], cwd: &Path) -> std::process::Output {
    verklaar_in("C", args, cwd)
}

/// Runs the `verklaar` binary in `cwd` with `LANG` set to `lang` (and `LC_ALL`, `LC_MESSAGES` unset).
pub fn verklaar_in(lang: &str, args: &[&str], cwd: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_verklaar"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("run verklaar")
}

/// The day the tests build sites for, so that which version is current never depends on the clock.
pub const TODAY: &str = "2026-11-21";

/// Build options for the tests: drafts or not, as of [`TODAY`].
pub fn options(drafts: bool) -> BuildOptions {
    BuildOptions {
        drafts,
        today: TODAY.parse().expect("a date"),
    }
}

/// Builds a content folder, panicking with the rendered error when it fails.
pub fn build(content: &Path) -> SiteFiles {
    verklaar::site::build(content, options(false))
        .unwrap_or_else(|e| panic!("build of {} failed:\n{e}", content.display()))
}

/// A built file as text.
pub fn page(site: &SiteFiles, path: &str) -> String {
    let bytes = site
        .files
        .get(path)
        .unwrap_or_else(|| panic!("no file {path}; files: {:?}", site.files.keys()));
    String::from_utf8(bytes.clone()).expect("utf-8")
}

/// Decodes the HTML entities that minijinja and pulldown-cmark write.
pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// The text a reader sees: tags removed, entities decoded, white space collapsed.
pub fn visible_text(html: &str) -> String {
    let body = html.split_once("<body>").map(|(_, b)| b).unwrap_or(html);
    let mut text = String::with_capacity(body.len());
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = unescape(&text);
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut joined = words.join(" ");
    // Tags between a word and its punctuation leave a space; take it out again.
    for punctuation in [" .", " ,", " :", " ;", " )"] {
        joined = joined.replace(punctuation, &punctuation[1..]);
    }
    joined.replace("( ", "(")
}

/// Values of every `attribute="..."` in `html`, decoded.
pub fn attribute_values(html: &str, attribute: &str) -> Vec<String> {
    let needle = format!(" {attribute}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest.find('"').map(|end| unescape(&rest[..end]))
        })
        .collect()
}

/// Every `id` in a page.
pub fn ids(html: &str) -> BTreeSet<String> {
    attribute_values(html, "id").into_iter().collect()
}

/// Copies a folder tree, e.g. a fixture into a temp dir that a test may change.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `path` with the content hash of a fingerprinted asset name written as `HASH`.
pub fn without_hash(path: &str) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    match parts.as_slice() {
        [stem, hash, extension] if hash.len() == 8 && hash.chars().all(|c| c.is_ascii_hexdigit()) => {
            format!("{stem}.HASH.{extension}")
        }
        _ => path.to_owned(),
    }
}

/// `html` with every `assets/<name>.<hash>.<ext>"` written as `assets/<name>.HASH.<ext>"`.
pub fn asset_hashes_as_words(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find("assets/") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find('"').map_or(rest.len(), |e| at + e);
        out.push_str(&without_hash(&rest[at..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// How many published version files a content folder holds (also in the folders of other
/// documents), so that tests on the shipped content do not depend on how much demo content there is.
pub fn published_versions(content: &Path) -> usize {
    let dirs = |path: &Path| -> Vec<PathBuf> {
        let entries = std::fs::read_dir(path).unwrap().flatten();
        entries.map(|e| e.path()).filter(|p| p.is_dir()).collect()
    };
    // The sector's model statements (`content/models/`) are not published as pages by default.
    let corporations = dirs(content).into_iter().filter(|c| !c.ends_with("models"));
    let folders = corporations.flat_map(|c| {
        let documents = dirs(&c);
        std::iter::once(c).chain(documents)
    });
    folders
        .flat_map(|folder| std::fs::read_dir(folder).unwrap().flatten())
        .filter(|f| f.path().extension().is_some_and(|x| x == "yaml") && !f.path().ends_with("draft.yaml"))
        // A translation (`2021-01-01.en.yaml`) is not a version of its own.
        .filter(|f| {
            let stem = f
                .path()
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            stem.rsplit_once('.').is_none_or(|(_, language)| language.len() > 3)
        })
        .count()
}

/// The languages of the site in a content folder besides the default (`en`), whose pages and PDFs
/// are in a folder of their own.
#[allow(dead_code)]
pub fn other_languages(content: &Path) -> Vec<String> {
    let config = verklaar::content::check(content).unwrap().config;
    config.other_languages().into_iter().map(str::to_owned).collect()
}

/// Every file of a folder tree (hidden ones included) by relative path, with its bytes: what a test
/// compares to say a folder was left exactly as it was.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (relative, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The cases of `tests/fixtures/bad/`, sorted by name: each file's name, the file of the `valid`
/// fixture it replaces (its first line, `# target: <path>`; a file without that line, which may not
/// be UTF-8, replaces the draft) and the bytes that follow.
pub fn bad_cases() -> Vec<(String, String, Vec<u8>)> {
    let corpus = repo().join("tests/fixtures/bad");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&corpus).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    cases
        .into_iter()
        .map(|case| {
            let name = case.file_stem().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&case).unwrap();
            let (target, body) = match bytes.strip_prefix(b"# target: ") {
                Some(rest) => {
                    let end = rest.iter().position(|b| *b == b'\n').unwrap();
                    (
                        String::from_utf8(rest[..end].to_vec()).unwrap(),
                        rest[end + 1..].to_vec(),
                    )
                }
                None => ("voorbeeld-wonen/draft.yaml".to_owned(), bytes),
            };
            (name, target, body)
        })
        .collect()
}
