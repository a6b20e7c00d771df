//! Property targets shared by the short run in the suite (`tests/properties.rs`) and the long
//! run in `benches/fuzz.rs`: random YAML, Markdown and paths fed to the loader, the renderer and the
//! preview's router,
//! each checking that nothing panics and that what comes out is safe.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use verklaar::content::ledger::{fingerprint, text_hash};
use verklaar::content::model::{SiteConfig, Statement};
use verklaar::content::version::Version;
use verklaar::content::yaml::parse_str;
use verklaar::render::markdown::{is_safe_url, link, to_html, to_inline_html};

/// The valid fixture's draft, which the mutating strategies start from.
pub const DRAFT: &str = include_str!("../fixtures/valid/content/voorbeeld-wonen/draft.yaml");

/// Pieces that YAML and Markdown give meaning to, so random text hits the parsers' corners.
const PIECES: &[&str] = &[
    ":",
    ": ",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\"",
    "'",
    "#",
    "&a ",
    "*a",
    "!!str ",
    "|",
    ">",
    "\n",
    "\n  ",
    "\n    - ",
    "\t",
    "---\n",
    "...",
    "~",
    "null",
    "true",
    "True",
    "1.10",
    "0x1F",
    "2021-02-30",
    "id: a",
    "<<: *a",
    "\\",
    "\u{0}",
    "\u{feff}",
    "é",
    "𝄞",
    "<script>",
    "javascript:",
    "JaVaScRiPt:",
    "data:",
    "vbscript:",
    "](",
    "[x](",
    "<",
    ">",
    "&",
    "&amp;",
    "&#106;",
    "`",
    "```",
    "*",
    "_",
    "**",
    "> ",
    "# ",
    "1. ",
    "|a|b|\n|-|-|",
    "![i](",
    "<a href=",
    "http://",
    "https://x",
    "mailto:",
    "tel:",
    "%0a",
    "..",
    "/",
    "//",
    "\\\\",
    "\r\n",
];

/// Random text built from [`PIECES`] and arbitrary characters.
pub fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(str::to_owned),
            1 => any::<String>(),
            2 => "[a-z ]{1,8}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

/// The valid draft with random text put in at a random place.
pub fn mutated_draft() -> impl Strategy<Value = String> {
    (0..DRAFT.len(), text(), 0..4usize).prop_map(|(at, insert, cut)| {
        let mut at = at;
        while !DRAFT.is_char_boundary(at) {
            at -= 1;
        }
        let end = (at + cut * 7).min(DRAFT.len());
        let end = (end..=DRAFT.len())
            .find(|i| DRAFT.is_char_boundary(*i))
            .unwrap_or(DRAFT.len());
        format!("{}{insert}{}", &DRAFT[..at], &DRAFT[end..])
    })
}

/// YAML text to the parser, the checks and the fingerprints: errors, never a panic, and every
/// located error points at a line of the text.
pub fn yaml(source: &str) -> Result<(), TestCaseError> {
    let shown = Path::new("content/x/draft.yaml");
    match parse_str::<Statement>(source, shown) {
        Ok(statement) => {
            let version = Version {
                id: "draft".to_owned(),
                file: shown.to_path_buf(),
                statement,
                source: source.to_owned(),
                basis: None,
                translations: Default::default(),
            };
            let _ = verklaar::content::validate::check_draft(&version);
        }
        Err(error) => {
            if let Some(location) = error.location {
                prop_assert!(location.line >= 1 && location.line <= source.lines().count().max(1) + 1);
            }
        }
    }
    let _ = parse_str::<SiteConfig>(source, shown);
    let _ = fingerprint(source);
    let _ = text_hash(source);
    Ok(())
}

/// Markdown to HTML: never a script, an event handler or a link with a scheme other than the
/// allowed ones.
pub fn markdown(text: &str) -> Result<(), TestCaseError> {
    for html in [
        to_html(text),
        to_inline_html(text),
        link(text, text),
        verklaar::render::links::link_urls(&to_html(text)),
    ] {
        let lower = html.to_lowercase();
        prop_assert!(!lower.contains("<script"), "{html}");
        prop_assert!(!lower.contains(" onerror="), "{html}");
        for scheme in ["javascript:", "vbscript:", "data:"] {
            // Escaped text (`&lt;a href=...`) is harmless; a tag that links to the scheme is not.
            prop_assert!(!lower.contains(&format!("<a href=\"{scheme}")), "{html}");
            prop_assert!(!lower.contains(&format!("<img src=\"{scheme}")), "{html}");
        }
    }
    if is_safe_url(text) {
        let lower = text.trim().to_lowercase();
        prop_assert!(!lower.starts_with("javascript:") && !lower.starts_with("data:"));
    }
    Ok(())
}

/// A content folder for [`paths`]: site settings and one tiny corporation.
pub fn content_folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir_all(content.join("acme")).unwrap();
    fs::write(content.join("site.yaml"), "title: T\nbase_url: https://example.org/\n").unwrap();
    fs::write(content.join("acme/draft.yaml"), "organisation: { name: A }\n").unwrap();
    (dir, content)
}

/// A random file name (and a theme name) to the loader: whatever the name, loading ends with
/// content or errors, never a panic, and a theme name that passes stays inside `themes/`.
pub fn paths(content: &Path, name: &str, body: &str) -> Result<(), TestCaseError> {
    if verklaar::render::theme::is_theme_name(name) {
        let mut components = Path::new(name).components();
        prop_assert!(matches!(components.next(), Some(std::path::Component::Normal(_))));
        prop_assert!(components.next().is_none());
    }
    let _ = verklaar::content::files::is_ignored(Path::new(name));
    let valid = !name.is_empty() && !name.contains(['/', '\0']) && name != "." && name != "..";
    if !valid {
        return Ok(());
    }
    let file = content.join("acme").join(name);
    if fs::write(&file, body).is_err() {
        return Ok(());
    }
    let loaded = verklaar::content::load::load(content);
    let _ = fs::remove_file(&file);
    prop_assert!(loaded.is_ok() || loaded.is_err());
    Ok(())
}

/// A file name for [`paths`].
pub fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9.-]{1,12}\\.(yaml|yml|txt)",
        prop::collection::vec(
            prop::sample::select(&["..", ".", "/", "draft", "yaml", ".yml", "~", "#", " ", "é"][..]),
            1..6
        )
        .prop_map(|p| p.concat()),
        any::<String>(),
    ]
}

/// Runs `test` on `cases` values of `strategy`; the number of cases run and the time taken.
pub fn run<S: Strategy>(
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) -> (u32, std::time::Duration) {
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let started = std::time::Instant::now();
    if let Err(error) = runner.run(&strategy, test) {
        panic!("{error}");
    }
    (cases, started.elapsed())
}

/// Request paths: slashes, dots, escapes (good and broken), backslashes and bytes a browser or an
/// attacker might send.
pub fn request_path() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("/".to_owned()),
        Just("//".to_owned()),
        Just("..".to_owned()),
        Just(".".to_owned()),
        Just("%2e%2e".to_owned()),
        Just("%2f".to_owned()),
        Just("%5c".to_owned()),
        Just("%00".to_owned()),
        Just("%".to_owned()),
        Just("%zz".to_owned()),
        Just("%c3%a9".to_owned()),
        Just("%ff".to_owned()),
        Just("\\".to_owned()),
        Just("index.html".to_owned()),
        Just("?x=1".to_owned()),
        "[a-z0-9-]{1,8}",
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// The preview's router never panics, and what it resolves a path to stays inside the site: no
/// `..` or `.` segment, no backslash or NUL, never absolute.
pub fn router(path: &str) -> Result<(), TestCaseError> {
    if let Some(key) = verklaar::serve::resolve(path) {
        prop_assert!(!key.starts_with('/'), "{path:?} -> {key:?}");
        prop_assert!(!key.contains('\\') && !key.contains('\0'), "{path:?} -> {key:?}");
        prop_assert!(
            key.split('/').all(|part| part != ".." && part != "."),
            "{path:?} -> {key:?}"
        );
    }
    Ok(())
}
