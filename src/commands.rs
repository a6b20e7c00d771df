//! What each command of the `verklaar` binary does and says: the library call behind it and the
//! summary printed when it succeeds, so `main.rs` only parses arguments and prints.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::content::date::Date;
use crate::content::lint::{self, Severity};
use crate::diff::{ChangeKind, Materiality};
use crate::error::{ContentError, ContentErrorKind, Error, Result};
use crate::lifecycle;
use crate::site::{self, BuildOptions, Builder};

/// What `check` and `build` print when they succeed: a summary for stdout and the lints for stderr.
pub struct Reported {
    /// The one-line summary.
    pub summary: String,
    /// The lints, rendered for people; empty when there are none.
    pub lints: String,
}

/// `verklaar build`: builds the site into `out` for `base_url` (or the one in `site.yaml`), keeping
/// PDFs between builds in a cache beside it; lints of severity warning are shown, notes only counted.
/// With `only`, just those corporations' pages and PDFs are built (see [`site::build_checked`]).
pub fn build(
    content_dir: &Path,
    out: &Path,
    options: BuildOptions,
    base_url: Option<&str>,
    only: Option<&[String]>,
) -> Result<Reported> {
    let started = Instant::now();
    let cache = pdf_cache_dir(out);
    // Checked once, for the build and the lints (which do not depend on the address).
    let verified = crate::content::cache::Verified::open_in(&cache);
    let mut content = crate::content::check_with(content_dir, &verified)?;
    verified.save()?;
    if let Some(url) = base_url {
        content.config.base_url = url.to_owned();
    }
    let built = site::build_into(&content, options, only, Some(&cache), Some(out))?;
    {
        let _span = crate::trace::span("write");
        built.write(out)?;
    }
    let lints = {
        let _span = crate::trace::span("lint");
        lint::lint(&content)?
    };
    let (warnings, notes): (Vec<_>, Vec<_>) = lints.iter().partition(|l| l.severity == Severity::Warning);
    let mut shown: String = warnings.iter().map(|l| format!("{l}\n")).collect();
    if !lints.is_empty() {
        shown.push_str(&format!(
            "{} warning{}, {} note{} in the content (not blocking); `verklaar check` shows them all",
            warnings.len(),
            plural(warnings.len()),
            notes.len(),
            plural(notes.len())
        ));
    }
    let summary = format!(
        "built {} files into {} in {} ms ({} PDFs typeset, {} unchanged from {}); {} corporation{} rendered, {} kept as they were",
        built.site.files.len() + built.site.linked.len(),
        out.display(),
        started.elapsed().as_millis(),
        built.pdfs.typeset,
        built.pdfs.reused,
        cache.display(),
        built.rendered.len(),
        plural(built.rendered.len()),
        built.kept.len(),
    );
    Ok(Reported { summary, lints: shown })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A `--base-url` as given: an absolute `http` or `https` address, ending in `/` so that page
/// paths can follow it.
pub fn parse_base_url(url: &str) -> std::result::Result<String, String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("`{url}` is not an absolute web address; write e.g. https://privacy.example.org/"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!(
            "`{url}` names no host; write e.g. https://privacy.example.org/"
        ));
    }
    Ok(if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    })
}

/// Where `build` keeps PDFs between builds: `.verklaar-cache/` beside the output folder, so that it is
/// never published with the site.
fn pdf_cache_dir(out: &Path) -> PathBuf {
    match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.join(".verklaar-cache"),
        _ => PathBuf::from(".verklaar-cache"),
    }
}

/// `verklaar check`: loads and validates everything, and lints the newest version and the draft of
/// each corporation.
pub fn check(content: &Path) -> Result<Reported> {
    let content = crate::content::check(content)?;
    let lints = lint::lint(&content)?;
    let versions: usize = content.corporations.iter().map(|c| c.versions.len()).sum();
    let warnings = lints.iter().filter(|l| l.severity == Severity::Warning).count();
    let notes = lints.len() - warnings;
    Ok(Reported {
        summary: format!(
            "content is valid: {} corporations, {} versions; {warnings} warning{}, {notes} note{}",
            content.corporations.iter().filter(|c| !c.is_document()).count(),
            versions,
            plural(warnings),
            plural(notes),
        ),
        lints: lints.iter().map(|l| format!("{l}\n")).collect::<Vec<_>>().join(""),
    })
}

/// `verklaar check --format json`: errors and lints as JSON, and whether there were errors.
pub fn check_json(content: &Path) -> (String, bool) {
    let checked = crate::content::check(content).and_then(|content| lint::lint(&content));
    match checked {
        Ok(lints) => (lint::to_json(&[], &lints), false),
        Err(Error::Content(errors)) => (lint::to_json(&errors, &[]), true),
        Err(other) => {
            let error = ContentError::new(ContentErrorKind::Missing, content, other.to_string());
            (lint::to_json(&[error], &[]), true)
        }
    }
}

/// Whether output to a terminal may be coloured: it is one, and `NO_COLOR` is not set.
pub fn colour_allowed(terminal: bool) -> bool {
    terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Colours the headings of errors (red), warnings (yellow) and notes (cyan) in `text`.
pub fn paint(text: &str) -> String {
    text.lines()
        .map(|line| {
            let code = if line.starts_with("error") {
                "31;1"
            } else if line.starts_with("warning[") {
                "33;1"
            } else if line.starts_with("info[") {
                "36"
            } else {
                return line.to_owned();
            };
            format!("\x1b[{code}m{line}\x1b[0m")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `verklaar new-version`.
pub fn new_version(content: &Path, slug: &str) -> Result<String> {
    let draft = lifecycle::new_version(content, slug)?;
    Ok(format!(
        "started the next version of {slug} in {}\n\
         its date, summary, `last_modified` and date of signing were left out: set them for this version\n\
         edit it (preview with `verklaar serve`), describe the change in `summary:`, then run `verklaar publish {slug}`",
        draft.display()
    ))
}

/// `verklaar schema`: the JSON Schema of a version file, for stdout.
pub fn schema() -> Result<String> {
    crate::content::schema::version_schema_json()
}

/// `verklaar schema --out FILE`: writes the JSON Schema of a version file to `out`.
pub fn write_schema(out: &Path) -> Result<String> {
    let text = crate::content::schema::version_schema_json()?;
    crate::content::journal::write_atomic(out, text.as_bytes())?;
    Ok(format!(
        "wrote the schema of a version file to {}; a version file names it in its first line, as in `{}`",
        out.display(),
        crate::content::schema::MODELINE
    ))
}

/// `verklaar new-corporation`.
pub fn new_corporation(content: &Path, slug: &str, name: &str) -> Result<String> {
    let draft = lifecycle::new_corporation(content, slug, name)?;
    Ok(format!(
        "added {slug}: its first version is in {}\n\
         fill it in (the comments explain each section; `verklaar check` says what is missing), \
         then run `verklaar publish {slug}` and `verklaar build`",
        draft.display()
    ))
}

/// `verklaar publish`, on `date` or today in the Netherlands.
pub fn publish(content: &Path, slug: &str, date: Option<Date>) -> Result<String> {
    let published = lifecycle::publish(content, slug, date.unwrap_or_else(Date::today))?;
    Ok(format!(
        "published {} as version {} and recorded it in the ledger; run `verklaar build` to update the site",
        published.file.display(),
        published.id
    ))
}

/// `verklaar erratum`.
pub fn erratum(content: &Path, slug: &str, version: &str, reason: &str) -> Result<String> {
    let parts = lifecycle::erratum(content, slug, version, reason, Date::today())?;
    Ok(format!(
        "recorded the correction of {slug} {version} ({}); its page will say so",
        parts.join(", ")
    ))
}

/// `verklaar record`: the named versions of `slug`, or with `slug` `None` every published version
/// not yet in the ledger, in one write of the ledger.
pub fn record(content: &Path, slug: Option<&str>, versions: &[String]) -> Result<String> {
    let named: Option<Vec<(String, String)>> =
        slug.map(|slug| versions.iter().map(|id| (slug.to_owned(), id.clone())).collect());
    let recorded = lifecycle::record(content, named.as_deref())?;
    let ledger = content.join(crate::content::files::LEDGER_FILE);
    Ok(match recorded.as_slice() {
        [] => "every published version is in the ledger already".to_owned(),
        [(slug, version)] => format!("recorded {slug} {version} in {}", ledger.display()),
        many => format!("recorded {} versions in {}", many.len(), ledger.display()),
    })
}

/// `verklaar announce`: writes the announcement of a version with fundamental changes into `out`
/// as Markdown and plain text; a version with only editorial changes needs none, and gets none.
pub fn announce(content_dir: &Path, slug: &str, version: &str, out: &Path) -> Result<String> {
    let content = crate::content::check(content_dir)?;
    let builder = Builder::new(
        &content,
        BuildOptions {
            drafts: false,
            today: Date::today(),
        },
    )?;
    let Some(announcement) = builder.announcement(&content, slug, version)? else {
        return Ok(format!(
            "{slug} {version} changes nothing fundamentally (only editorial changes): it needs no announcement, \
             so nothing was written"
        ));
    };
    std::fs::create_dir_all(out).map_err(|e| Error::io("create", out, e))?;
    let mut written = Vec::new();
    for (extension, text) in [("md", &announcement.markdown), ("txt", &announcement.text)] {
        let file = out.join(format!("{slug}-{version}-announcement.{extension}"));
        crate::content::journal::write_atomic(&file, text.as_bytes())?;
        written.push(file.display().to_string());
    }
    Ok(format!(
        "wrote the announcement of {slug} {version}: {}; it is also on the site at {slug}/{version}/announcement/",
        written.join(" and ")
    ))
}

/// `verklaar diff`: the fact-level changes between two versions, one line each, coloured on a
/// terminal unless `NO_COLOR` is set.
pub fn diff(content_dir: &Path, slug: &str, from: &str, to: &str) -> Result<String> {
    let content = crate::content::check(content_dir)?;
    let (old, new) = lifecycle::pair(&content, slug, from, to)?;
    let builder = Builder::new(
        &content,
        BuildOptions {
            drafts: true,
            today: Date::today(),
        },
    )?;
    let changes = builder.change_sentences(old, new)?;
    let colour = colour_allowed(std::io::stdout().is_terminal());
    let fundamental = changes
        .iter()
        .filter(|(c, _)| c.materiality == Materiality::Fundamental)
        .count();
    let mut out = builder.diff_header(slug, (from, to), changes.len(), fundamental)?;
    for (change, sentence) in &changes {
        let (sign, code) = match change.kind {
            ChangeKind::Added => ('+', "32"),
            ChangeKind::Removed => ('-', "31"),
            ChangeKind::Changed => ('~', "33"),
            ChangeKind::Moved => ('>', "36"),
        };
        let mark = if change.materiality == Materiality::Fundamental {
            '!'
        } else {
            ' '
        };
        let line = format!("{mark}{sign} {sentence}");
        if colour {
            let bold = if mark == '!' { ";1" } else { "" };
            out.push_str(&format!("\n\x1b[{code}{bold}m{line}\x1b[0m"));
        } else {
            out.push_str(&format!("\n{line}"));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_painted_and_other_lines_left_alone() {
        let text = "error: x\n  --> a.yaml\nwarning[id]: y\ninfo[id]: z";
        assert_eq!(
            paint(text),
            "\x1b[31;1merror: x\x1b[0m\n  --> a.yaml\n\x1b[33;1mwarning[id]: y\x1b[0m\n\x1b[36minfo[id]: z\x1b[0m"
        );
        assert!(!colour_allowed(false));
    }
}
