//! What each command of the `verklaar` binary does and says: the library call behind it and the
//! summary printed when it succeeds, so `main.rs` only parses arguments and prints.

mod rebase;

pub use self::rebase::{model_update, rebase};

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::content::date::Date;
use crate::content::lint::{self, Severity};
use crate::diff::{ChangeKind, Materiality};
use crate::error::{ContentError, ContentErrorKind, Error, Result};
use crate::lifecycle;
use crate::site::{self, BuildOptions, Builder};

/// What `check`, `build` and `diff` print when they succeed: a summary for stdout, and the lints (or
/// the note of `diff`) for stderr.
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
    let built = site::build_into(&content, options, only, Some(&cache), out)?;
    {
        let _span = crate::trace::span("write");
        built.write()?;
    }
    let lints = {
        let _span = crate::trace::span("lint");
        match built.lint_keys() {
            Some((file, keys)) => lint::lint_keeping(&content, &file, keys)?,
            None => lint::lint(&content)?,
        }
    };
    let (warnings, notes): (Vec<_>, Vec<_>) = lints.iter().partition(|l| l.severity == Severity::Warning);
    let mut shown: String = warnings.iter().map(|l| format!("{l}\n")).collect();
    if !lints.is_empty() {
        shown.push_str(
            &msg!(
                "{warnings}, {notes} in the content (not blocking); `verklaar check` shows them all",
                warnings = count_warnings(warnings.len()),
                notes = count_notes(notes.len())
            )
            .to_string(),
        );
    }
    let summary = msg!(
        "built {files} files into {out} in {ms} ms ({typeset} PDFs typeset, {reused} unchanged from {cache}); {rendered} rendered, {kept} kept as they were",
        files = built.files(),
        out = out.display(),
        ms = started.elapsed().as_millis(),
        typeset = built.pdfs.typeset,
        reused = built.pdfs.reused,
        cache = cache.display(),
        rendered = corporations(built.rendered.len()),
        kept = built.kept.len(),
    )
    .to_string();
    // Freeing a large fleet's parsed content and site takes a tenth of a second; a thread does it,
    // and the command does not wait for it.
    std::thread::spawn(move || drop((content, built, lints)));
    Ok(Reported { summary, lints: shown })
}

/// "1 corporation", "2 corporations".
fn corporations(n: usize) -> String {
    if n == 1 {
        msg!("1 corporation").to_string()
    } else {
        msg!("{n} corporations", n).to_string()
    }
}

/// "1 warning", "2 warnings".
fn count_warnings(n: usize) -> String {
    if n == 1 {
        msg!("1 warning").to_string()
    } else {
        msg!("{n} warnings", n).to_string()
    }
}

/// "1 note", "2 notes".
fn count_notes(n: usize) -> String {
    if n == 1 {
        msg!("1 note").to_string()
    } else {
        msg!("{n} notes", n).to_string()
    }
}

/// A `--base-url` as given: an absolute `http` or `https` address, ending in `/` so that page
/// paths can follow it.
pub fn parse_base_url(url: &str) -> std::result::Result<String, String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| {
            msg!(
                "`{url}` is not an absolute web address; write e.g. https://privacy.example.org/",
                url
            )
            .to_string()
        })?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(msg!("`{url}` names no host; write e.g. https://privacy.example.org/", url).to_string());
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
        summary: msg!(
            "content is valid: {corporations} corporations, {versions} versions; {warnings}, {notes}",
            corporations = content.corporations.iter().filter(|c| !c.is_document()).count(),
            versions,
            warnings = count_warnings(warnings),
            notes = count_notes(notes),
        )
        .to_string(),
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
            let code = if line.starts_with(&msg!("error").to_string()) {
                "31;1"
            } else if line.starts_with(&format!("{}[", msg!("warning"))) {
                "33;1"
            } else if line.starts_with(&format!("{}[", msg!("info"))) {
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
    Ok(msg!(
        "started the next version of {slug} in {draft}\n\
         its date, summary, `last_modified` and date of signing were left out: set them for this version\n\
         edit it (preview with `verklaar serve`), describe the change in `summary:`, then run `verklaar publish {slug}`",
        slug,
        draft = draft.display()
    )
    .to_string())
}

/// `verklaar schema`: the JSON Schema of a version file, for stdout.
pub fn schema() -> Result<String> {
    crate::content::schema::version_schema_json()
}

/// `verklaar schema --out FILE`: writes the JSON Schema of a version file to `out`.
pub fn write_schema(out: &Path) -> Result<String> {
    let text = crate::content::schema::version_schema_json()?;
    crate::content::journal::write_atomic(out, text.as_bytes())?;
    Ok(msg!(
        "wrote the schema of a version file to {out}; a version file names it in its first line, as in `{modeline}`",
        out = out.display(),
        modeline = crate::content::schema::MODELINE
    )
    .to_string())
}

/// `verklaar new-corporation`.
pub fn new_corporation(content: &Path, slug: &str, name: &str) -> Result<String> {
    let draft = lifecycle::new_corporation(content, slug, name)?;
    Ok(msg!(
        "added {slug}: its first version is in {draft}\n\
         fill it in (the comments explain each section; `verklaar check` says what is missing), \
         then run `verklaar publish {slug}` and `verklaar build`",
        slug,
        draft = draft.display()
    )
    .to_string())
}

/// `verklaar publish`, on `date` or today in the Netherlands.
pub fn publish(content: &Path, slug: &str, date: Option<Date>) -> Result<String> {
    let published = lifecycle::publish(content, slug, date.unwrap_or_else(Date::today))?;
    Ok(msg!(
        "published {file} as version {version} and recorded it in the ledger; run `verklaar build` to update the site",
        file = published.file.display(),
        version = published.id
    )
    .to_string())
}

/// `verklaar erratum`.
pub fn erratum(content: &Path, slug: &str, version: &str, reason: &str) -> Result<String> {
    let parts = lifecycle::erratum(content, slug, version, reason, Date::today())?;
    Ok(msg!(
        "recorded the correction of {slug} {version} ({parts}); its page will say so",
        slug,
        version,
        parts = parts.join(", ")
    )
    .to_string())
}

/// `verklaar record`: the named versions of `slug`, or with `slug` `None` every published version
/// not yet in the ledger, in one write of the ledger.
pub fn record(content: &Path, slug: Option<&str>, versions: &[String]) -> Result<String> {
    let named: Option<Vec<(String, String)>> =
        slug.map(|slug| versions.iter().map(|id| (slug.to_owned(), id.clone())).collect());
    let recorded = lifecycle::record(content, named.as_deref())?;
    let ledger = content.join(crate::content::files::LEDGER_FILE);
    Ok(match recorded.as_slice() {
        [] => msg!("every published version is in the ledger already").to_string(),
        [(slug, id)] => match crate::content::translate::split_stem(id) {
            Some((version, language)) => msg!(
                "recorded the `{language}` translation of {slug} {version} in {ledger}",
                language,
                slug,
                version,
                ledger = ledger.display()
            ),
            None => msg!(
                "recorded {slug} {version} in {ledger}",
                slug,
                version = id,
                ledger = ledger.display()
            ),
        },
        many => msg!(
            "recorded {what} in {ledger}",
            what = counted(many),
            ledger = ledger.display()
        ),
    })
}

/// How many versions and translations (`2021-01-01.en`) `recorded` holds, `2 versions`, or
/// `2 versions and 1 translation`.
fn counted(recorded: &[(String, String)]) -> String {
    let translations = recorded
        .iter()
        .filter(|(_, id)| crate::content::translate::split_stem(id).is_some())
        .count();
    let versions = match recorded.len() - translations {
        0 => None,
        1 => Some(msg!("1 version")),
        n => Some(msg!("{n} versions", n)),
    };
    let translations = match translations {
        0 => None,
        1 => Some(msg!("1 translation")),
        n => Some(msg!("{n} translations", n)),
    };
    match (versions, translations) {
        (Some(versions), Some(translations)) => msg!("{versions} and {translations}", versions, translations),
        (versions, translations) => versions.or(translations).unwrap_or_default(),
    }
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
        return Ok(msg!(
            "{slug} {version} changes nothing fundamentally (only editorial changes): it needs no announcement, \
             so nothing was written",
            slug,
            version
        )
        .to_string());
    };
    std::fs::create_dir_all(out).map_err(|e| Error::io("create", out, e))?;
    let mut written = Vec::new();
    for (extension, text) in [("md", &announcement.markdown), ("txt", &announcement.text)] {
        let file = out.join(format!("{slug}-{version}-announcement.{extension}"));
        crate::content::journal::write_atomic(&file, text.as_bytes())?;
        written.push(file.display().to_string());
    }
    Ok(msg!(
        "wrote the announcement of {slug} {version}: {files}; it is also on the site at {slug}/{version}/announcement/",
        slug,
        version,
        files = written.join(&msg!(" and ").to_string())
    )
    .to_string())
}

/// `verklaar diff`: the fact-level changes between two versions, one line each, coloured on a
/// terminal unless `NO_COLOR` is set. Header and lines come from the theme's locale in the tool's
/// language; a theme without one gives them in the site's language, and a note on stderr says so.
pub fn diff(content_dir: &Path, slug: &str, from: &str, to: &str) -> Result<Reported> {
    let mut content = crate::content::check(content_dir)?;
    let (builder, note) = diff_builder(&mut content)?;
    let (old, new) = lifecycle::pair(&content, slug, from, to)?;
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
    Ok(Reported {
        summary: out,
        lints: note.unwrap_or_default(),
    })
}

/// The builder whose locale words `diff`: the theme's locale of the tool's language when there is
/// one (and the content's translations into it, when the site has that language), else the site's,
/// with a note in the tool's language that says so.
fn diff_builder(content: &mut crate::content::Content) -> Result<(Builder, Option<String>)> {
    let options = BuildOptions {
        drafts: true,
        today: Date::today(),
    };
    let site_language = content.config.default_language().to_owned();
    let tool_language = crate::messages::language().code();
    if tool_language == site_language {
        return Ok((Builder::new(content, options)?, None));
    }
    let theme = crate::render::theme::Theme::load(&site::themes_dir(&content.dir), &content.config.theme)?;
    if theme.file(&format!("locales/{tool_language}.yaml")).is_none() {
        let note = msg!(
            "note: the theme has no wording in this language (locales/{tool}.yaml), so the changes are in the site's language, `{site}`",
            tool = tool_language,
            site = site_language
        );
        return Ok((Builder::new(content, options)?, Some(note)));
    }
    // The changes are worded in the tool's language alone: that language becomes the only one, and
    // where the site has the facts in that language too (translation files), they are compared.
    if content.config.other_languages().contains(&tool_language) {
        *content = site::translated(content, tool_language);
    }
    let language = content.config.language.replace(tool_language.to_owned());
    let languages = std::mem::take(&mut content.config.languages);
    let builder = Builder::new(content, options);
    content.config.language = language;
    content.config.languages = languages;
    Ok((builder?, None))
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
