//! The lifecycle of a statement: starting the next version as a draft, publishing it, and recording or correcting
//! published versions in the ledger. These are the library halves of `verklaar new-version`,
//! `publish`, `record` and `erratum`.
//!
//! Version files are edited as text, not re-serialised, so the editor's comments and layout stay.

use std::path::{Path, PathBuf};

use crate::content::date::Date;
use crate::content::ledger::{self, Erratum, Fingerprint};
use crate::content::model::Statement;
use crate::content::schema;
use crate::content::{Content, Corporation, DRAFT_FILE_STEM, Version, journal, load, validate};
use crate::diff::{self, Materiality};
use crate::error::{Error, Result};

/// What `publish` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The new version's id, e.g. `2026-11-21`.
    pub id: String,
    /// The new version file.
    pub file: PathBuf,
}

/// Copies the newest published version of `slug` into `draft.yaml`, without what belonged to that
/// version alone (its date, summary, `last_modified` and date of signing), with the schema line
/// first (the schema is written beside `site.yaml`), and returns the draft's path. The comment that
/// opened the copied file stays, under a line saying where it came from.
pub fn new_version(content_dir: &Path, slug: &str) -> Result<PathBuf> {
    let content = load_all(content_dir)?;
    let corporation = find_corporation(&content, slug)?;
    if let Some(draft) = &corporation.draft {
        return Err(Error::command(
            format!("{slug} already has a draft: {}", draft.file.display()),
            format!("publish it with `verklaar publish {slug}`, or delete it to start again"),
        ));
    }
    let newest = corporation.newest().ok_or_else(|| {
        Error::command(
            format!("{slug} has no published version to start from"),
            format!("write the first version in content/{slug}/draft.yaml and publish it"),
        )
    })?;
    let mut text = newest.source.clone();
    for key in ["published", "summary", "last_modified"] {
        text = without_top_level_key(&text, key);
    }
    let text = marked_as_copied(&without_signing_date(&text), &newest.id);
    let path = content_dir.join(slug).join(format!("{DRAFT_FILE_STEM}.yaml"));
    schema::write_beside(content_dir)?;
    journal::write_atomic(&path, schema::with_modeline_for(&text, slug).as_bytes())?;
    Ok(path)
}

/// The scaffold of a new corporation's first version: every section as a commented Dutch example.
const SCAFFOLD: &str = include_str!("../scaffold/new-corporation.yaml");

/// Adds the corporation `slug` named `name`: writes `content/<slug>/draft.yaml` from the scaffold,
/// ready to publish as it is and with the schema line first (the schema is written beside
/// `site.yaml`), and returns its path.
pub fn new_corporation(content_dir: &Path, slug: &str, name: &str) -> Result<PathBuf> {
    if !content_dir.join(crate::content::files::SITE_FILE).is_file() {
        return Err(Error::command(
            format!("{} is not a content folder: it has no site.yaml", content_dir.display()),
            "run verklaar where `content/` is, or pass the folder with --content",
        ));
    }
    if !validate::is_valid_slug(slug) {
        return Err(Error::command(
            format!("`{slug}` cannot be used in a web address"),
            "use lowercase letters, digits and hyphens, e.g. `woningstichting-kockengen`",
        ));
    }
    if name.trim().is_empty() {
        return Err(Error::command(
            "the name is empty",
            "give the full name, e.g. --name \"Woningstichting Kockengen\"",
        ));
    }
    let folder = content_dir.join(slug);
    if folder.exists() {
        return Err(Error::command(
            format!("{} already exists", folder.display()),
            format!("choose another folder name, or start its next version with `verklaar new-version {slug}`"),
        ));
    }
    let quoted = serde_yaml::to_string(name.trim()).map_err(|e| {
        Error::command(
            format!("the name cannot be written: {e}"),
            "leave out unusual characters",
        )
    })?;
    let text = SCAFFOLD
        .replace("{{name}}", quoted.trim_end())
        .replace("{{slug}}", slug);
    std::fs::create_dir_all(&folder).map_err(|e| Error::io("create", &folder, e))?;
    let path = folder.join(format!("{DRAFT_FILE_STEM}.yaml"));
    schema::write_beside(content_dir)?;
    journal::write_atomic(&path, schema::with_modeline(&text).as_bytes())?;
    Ok(path)
}

/// Publishes the draft of `slug` on `date`: it becomes `<date>.yaml` (`<date>-2.yaml` for a second
/// version that day), is recorded in the ledger, and the draft is removed.
pub fn publish(content_dir: &Path, slug: &str, date: Date) -> Result<Published> {
    // Only valid content is published: the draft, and everything it refers to, must check.
    let content = crate::content::check(content_dir)?;
    let corporation = find_corporation(&content, slug)?;
    let draft = corporation.draft.as_ref().ok_or_else(|| {
        Error::command(
            format!("{slug} has no draft to publish"),
            format!("start one with `verklaar new-version {slug}`, edit it, then publish"),
        )
    })?;
    if let Some(newest) = corporation.newest()
        && let Some(newest_date) = newest.statement.published
    {
        if date < newest_date {
            return Err(Error::command(
                format!(
                    "the newest published version of {slug} is from {newest_date}; a new version cannot start before it"
                ),
                format!("publish with a date on or after {newest_date}, e.g. `--date {newest_date}`"),
            ));
        }
        if draft.statement.summary.as_deref().is_none_or(|s| s.trim().is_empty()) {
            return Err(Error::command(
                "the draft has no `summary:`; readers of the change log need to know what changed and why",
                format!(
                    "add `summary:` to {} with a few sentences on this version's changes",
                    draft.file.display()
                ),
            ));
        }
    }
    let mut id = date.to_string();
    let mut n = 2;
    while corporation.file_ids.contains(&id) || content.ledger.entry(slug, &id).is_some() {
        id = format!("{date}-{n}");
        n += 1;
    }
    let text = with_published(&draft.source, date);
    let fingerprint = fingerprint_of(&text, &draft.file)?;
    let mut ledger = content.ledger.clone();
    ledger.record(slug, &id, fingerprint);
    ledger.seal(&content.corporations)?;
    let publish = journal::Publish {
        version_file: format!("{slug}/{id}.yaml"),
        version_text: text,
        ledger_text: ledger.to_yaml()?,
        draft_file: format!("{slug}/{DRAFT_FILE_STEM}.yaml"),
    };
    journal::publish(content_dir, &publish)?;
    Ok(Published {
        file: content_dir.join(&publish.version_file),
        id,
    })
}

/// Records a published version that is not in the ledger yet (one published before verklaar kept
/// a ledger). It only has to load: it is published already, so whatever it says is frozen as it
/// is, and a build still reports its problems.
pub fn record(content_dir: &Path, slug: &str, id: &str) -> Result<PathBuf> {
    let content = load_all(content_dir)?;
    let version = find_published(&content, slug, id)?;
    if content.ledger.entry(slug, id).is_some() {
        return Err(Error::command(
            format!("{slug} {id} is already in the ledger"),
            format!("to correct it, record an erratum: `verklaar erratum {slug} {id} --reason \"...\"`"),
        ));
    }
    let fingerprint = fingerprint_of(&version.source, &version.file)?;
    let mut ledger = content.ledger.clone();
    ledger.record(slug, id, fingerprint);
    ledger.seal(&content.corporations)?;
    ledger.save(content_dir)?;
    Ok(content_dir.join(crate::content::files::LEDGER_FILE))
}

/// Accepts the current facts of a published version as a correction made on `today` for `reason`,
/// and returns the parts that changed.
pub fn erratum(content_dir: &Path, slug: &str, id: &str, reason: &str, today: Date) -> Result<Vec<String>> {
    let content = load_all(content_dir)?;
    let version = find_published(&content, slug, id)?;
    let entry = content.ledger.entry(slug, id).ok_or_else(|| {
        Error::command(
            format!("{slug} {id} is not in the ledger, so there is nothing to correct"),
            format!("record it first with `verklaar record {slug} {id}`"),
        )
    })?;
    if reason.trim().is_empty() {
        return Err(Error::command(
            "an erratum needs a reason",
            "say what was wrong, e.g. --reason \"Typefout in het telefoonnummer hersteld\"",
        ));
    }
    check_one(version)?;
    let fingerprint = fingerprint_of(&version.source, &version.file)?;
    let changes = ledger::compare(&entry.parts, &fingerprint);
    if fingerprint.hash == entry.hash && fingerprint.text == entry.text {
        return Err(Error::command(
            format!("{} has not changed since it was recorded", version.file.display()),
            "correct the file first, then record the erratum",
        ));
    }
    refuse_fundamental(&content, slug, version, entry, &changes)?;
    let mut entry = entry.clone();
    entry.hash = fingerprint.hash;
    entry.text = fingerprint.text;
    entry.parts = fingerprint.parts;
    entry.errata.push(Erratum {
        date: today,
        reason: reason.trim().to_owned(),
        parts: changes.all(),
    });
    let mut ledger = content.ledger.clone();
    ledger
        .corporations
        .entry(slug.to_owned())
        .or_default()
        .insert(id.to_owned(), entry);
    ledger.seal(&content.corporations)?;
    ledger.save(content_dir)?;
    Ok(changes.all())
}

/// Refuses an erratum that changes the facts in a way the materiality rules call fundamental: that
/// needs a new version, of which people are told before it applies. The recorded facts are rebuilt
/// from the other versions (see [`ledger::original`]); a part found nowhere cannot be judged.
fn refuse_fundamental(
    content: &Content,
    slug: &str,
    version: &Version,
    entry: &ledger::Entry,
    changes: &ledger::PartChanges,
) -> Result<()> {
    let corporation = find_corporation(content, slug)?;
    let others: Vec<&str> = corporation
        .versions
        .iter()
        .chain(&corporation.draft)
        .filter(|v| v.id != version.id)
        .map(|v| v.source.as_str())
        .collect();
    let Some(recorded) = ledger::original::recorded(entry, &version.source, changes, &others) else {
        return Ok(());
    };
    let Ok(before) = serde_yaml::from_value::<Statement>(recorded.value) else {
        return Ok(());
    };
    let fundamental: Vec<String> = diff::facts(&before, &version.statement)
        .into_iter()
        .filter(|c| c.materiality == Materiality::Fundamental)
        .map(|c| {
            let what = serde_json::to_value(c.entity)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned));
            let why = c
                .reason
                .and_then(|r| serde_json::to_value(r).ok())
                .and_then(|v| v.as_str().map(str::to_owned));
            format!(
                "{} `{}`{}",
                what.unwrap_or_default(),
                c.name,
                why.map(|w| format!(" ({w})")).unwrap_or_default()
            )
        })
        .collect();
    if fundamental.is_empty() {
        return Ok(());
    }
    Err(Error::command(
        format!(
            "this correction makes a fundamental change, which an erratum cannot: {}",
            fundamental.join(", ")
        ),
        format!(
            "undo it in {file} and publish it as a new version, of which people are told before it applies: \
             `verklaar new-version {slug}`, edit `draft.yaml`, then `verklaar publish {slug}`",
            file = version.file.display()
        ),
    ))
}

/// The two versions of `slug` to compare; `draft` names the draft.
pub fn pair<'a>(content: &'a Content, slug: &str, from: &str, to: &str) -> Result<(&'a Version, &'a Version)> {
    let corporation = find_corporation(content, slug)?;
    let find = |id: &str| {
        corporation.version(id).ok_or_else(|| {
            Error::command(
                format!("{slug} has no version `{id}`"),
                format!("the versions are: {}", version_list(corporation)),
            )
        })
    };
    Ok((find(from)?, find(to)?))
}

fn version_list(corporation: &Corporation) -> String {
    let mut ids: Vec<&str> = corporation.versions.iter().map(|v| v.id.as_str()).collect();
    if corporation.draft.is_some() {
        ids.push(DRAFT_FILE_STEM);
    }
    if ids.is_empty() {
        "(none)".to_owned()
    } else {
        ids.join(", ")
    }
}

fn load_all(content_dir: &Path) -> Result<Content> {
    let loaded = load::load(content_dir)?;
    match loaded.content {
        Some(content) => Ok(content),
        None => Err(Error::Content(loaded.errors)),
    }
}

fn find_corporation<'a>(content: &'a Content, slug: &str) -> Result<&'a Corporation> {
    content.corporation(slug).ok_or_else(|| {
        let slugs: Vec<&str> = content.corporations.iter().map(|c| c.slug.as_str()).collect();
        Error::command(
            format!("there is no corporation `{slug}` in {}", content.dir.display()),
            format!("the corporations are: {}", slugs.join(", ")),
        )
    })
}

fn find_published<'a>(content: &'a Content, slug: &str, id: &str) -> Result<&'a Version> {
    let corporation = find_corporation(content, slug)?;
    corporation.versions.iter().find(|v| v.id == id).ok_or_else(|| {
        let help = if corporation.file_ids.contains(id) {
            format!("content/{slug}/{id}.yaml does not load; run `verklaar check` to see why")
        } else {
            format!("the published versions are: {}", version_list(corporation))
        };
        Error::command(format!("{slug} has no published version `{id}`"), help)
    })
}

fn check_one(version: &Version) -> Result<()> {
    let errors =
        crate::content::positions::locate_all(validate::check_version(version), |_| Some(version.source.clone()));
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Content(errors))
    }
}

fn fingerprint_of(text: &str, file: &Path) -> Result<Fingerprint> {
    ledger::fingerprint(text).ok_or_else(|| {
        Error::command(
            format!("{} cannot be fingerprinted", file.display()),
            "it must be valid YAML with text keys; run `verklaar check`",
        )
    })
}

/// `source` with the top-level `published:` set to `date`: the line is replaced where there is
/// one, or added before the first key.
fn with_published(source: &str, date: Date) -> String {
    let line = format!("published: {date}");
    let mut lines: Vec<String> = source.lines().map(str::to_owned).collect();
    match lines.iter().position(|l| is_top_level_key(l, "published")) {
        Some(i) => lines[i] = line,
        None => {
            let first_key = lines
                .iter()
                .position(|l| !(l.trim().is_empty() || l.starts_with('#') || l.starts_with("---")))
                .unwrap_or(lines.len());
            lines.insert(first_key, line);
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// `source` without the top-level `key` and the lines that continue its value.
fn without_top_level_key(source: &str, key: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut skipping = false;
    for line in source.lines() {
        if is_top_level_key(line, key) {
            skipping = true;
            continue;
        }
        if skipping && (line.starts_with([' ', '\t']) || line.trim().is_empty()) {
            continue;
        }
        skipping = false;
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `source` without the `date:` of its `signatory:`: the new version is signed on another day.
fn without_signing_date(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut in_signatory = false;
    for line in source.lines() {
        if !line.starts_with([' ', '\t']) && !line.trim().is_empty() {
            in_signatory = is_top_level_key(line, "signatory");
        }
        if in_signatory
            && line
                .trim_start()
                .strip_prefix("date")
                .is_some_and(|r| r.trim_start().starts_with(':'))
        {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `source` with a line, after the comment that opens it, saying which version it was copied from,
/// so that the comment is not taken for one written for the draft.
fn marked_as_copied(source: &str, from: &str) -> String {
    let comment: usize = source
        .split_inclusive('\n')
        .take_while(|line| line.starts_with('#'))
        .map(str::len)
        .sum();
    let note = if comment > 0 {
        format!("# (Draft copied from {from}.yaml: check that the comment above still fits this version.)\n")
    } else {
        format!("# Draft copied from {from}.yaml.\n")
    };
    format!("{}{note}{}", &source[..comment], &source[comment..])
}

fn is_top_level_key(line: &str, key: &str) -> bool {
    line.strip_prefix(key)
        .is_some_and(|rest| rest.trim_start().starts_with(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_line_is_replaced_or_added() {
        let date: Date = "2026-11-21".parse().unwrap();
        assert_eq!(
            with_published("# kop\npublished: 2020-01-01\norganisation: x\n", date),
            "# kop\npublished: 2026-11-21\norganisation: x\n"
        );
        assert_eq!(
            with_published("# kop\n\norganisation: x\n", date),
            "# kop\n\npublished: 2026-11-21\norganisation: x\n"
        );
    }

    #[test]
    fn a_draft_loses_the_signing_date_and_says_where_its_comment_came_from() {
        let source = "# Over 2020\norganisation: {name: X}\nsignatory:\n  name: Y\n  date: 2020-01-01\nchanges: z\n";
        assert_eq!(
            without_signing_date(source),
            "# Over 2020\norganisation: {name: X}\nsignatory:\n  name: Y\nchanges: z\n"
        );
        assert!(marked_as_copied(source, "2020-01-01").starts_with(
            "# Over 2020\n# (Draft copied from 2020-01-01.yaml: check that the comment above still fits this version.)\norganisation"
        ));
        assert_eq!(marked_as_copied("a: b\n", "v"), "# Draft copied from v.yaml.\na: b\n");
    }

    #[test]
    fn a_key_goes_with_its_continuation_lines() {
        let source = "published: 2020-01-01\nsummary: >-\n  Twee regels\n\n  tekst.\norganisation:\n  name: X\npublished_note: y\n";
        assert_eq!(
            without_top_level_key(&without_top_level_key(source, "summary"), "published"),
            "organisation:\n  name: X\npublished_note: y\n"
        );
    }
}
