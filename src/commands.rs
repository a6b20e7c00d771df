//! What each command of the `verklaar` binary does and says: the library call behind it and the
//! summary printed when it succeeds, so `main.rs` only parses arguments and prints.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::content::date::Date;
use crate::diff::{ChangeKind, Materiality};
use crate::error::Result;
use crate::lifecycle;
use crate::site::{self, BuildOptions, Builder};

/// `verklaar build`: builds the site into `out`, keeping PDFs between builds in a cache beside it.
pub fn build(content: &Path, out: &Path, options: BuildOptions) -> Result<String> {
    let started = Instant::now();
    let cache = pdf_cache_dir(out);
    let (site, pdfs) = site::build_with_pdf_cache(content, options, Some(&cache))?;
    site::write(&site, out)?;
    Ok(format!(
        "built {} files into {} in {} ms ({} PDFs typeset, {} unchanged from {})",
        site.files.len(),
        out.display(),
        started.elapsed().as_millis(),
        pdfs.typeset,
        pdfs.reused,
        cache.display(),
    ))
}

/// Where `build` keeps PDFs between builds: `.verklaar-cache/` beside the output folder, so that it is
/// never published with the site.
fn pdf_cache_dir(out: &Path) -> PathBuf {
    match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.join(".verklaar-cache"),
        _ => PathBuf::from(".verklaar-cache"),
    }
}

/// `verklaar check`: loads and validates everything.
pub fn check(content: &Path) -> Result<String> {
    let content = crate::content::check(content)?;
    let versions: usize = content.corporations.iter().map(|c| c.versions.len()).sum();
    Ok(format!(
        "content is valid: {} corporations, {} versions",
        content.corporations.iter().filter(|c| !c.is_document()).count(),
        versions
    ))
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

/// `verklaar record`.
pub fn record(content: &Path, slug: &str, version: &str) -> Result<String> {
    let ledger = lifecycle::record(content, slug, version)?;
    Ok(format!("recorded {slug} {version} in {}", ledger.display()))
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
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut out = format!("{slug}: {from} → {to}, {} changes", changes.len());
    let fundamental = changes
        .iter()
        .filter(|(c, _)| c.materiality == Materiality::Fundamental)
        .count();
    if fundamental > 0 {
        out.push_str(&format!(" ({fundamental} fundamental, marked !)"));
    }
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
