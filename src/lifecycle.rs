//! The lifecycle of a statement: starting the next version as a draft, publishing it, and recording or correcting
//! published versions in the ledger. These are the library halves of `verklaar new-version`,
//! `publish`, `record` and `erratum`.
//!
//! Version files are edited as text, not re-serialised, so the editor's comments and layout stay.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::content::date::Date;
use crate::content::ledger::{self, Erratum, Fingerprint};
use crate::content::model::Statement;
use crate::content::schema;
use crate::content::translate::recorded::{self, Recordable};
use crate::content::{Content, Corporation, DRAFT_FILE_STEM, Version, journal, validate};
use crate::diff::{self, Materiality};
use crate::error::{Error, Result};

mod found;
pub mod rebase;
mod text;

use self::found::{find_corporation, load_all};
pub use self::rebase::{Rebased, Update, model_update, rebase};
use self::text::{marked_as_copied, with_published, without_signing_date, without_top_level_key};

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
/// first (the schema is written beside `site.yaml`), and each of its translations into
/// `draft.<language>.yaml`, and returns the draft's path. The comment that
/// opened the copied file stays, under a line saying where it came from.
pub fn new_version(content_dir: &Path, slug: &str) -> Result<PathBuf> {
    let content = load_all(content_dir)?;
    let corporation = find_corporation(&content, slug)?;
    if let Some(draft) = &corporation.draft {
        return Err(Error::command(
            msg!("{slug} already has a draft: {file}", slug, file = draft.file.display()),
            msg!(
                "publish it with `verklaar publish {slug}`, or delete it to start again",
                slug
            ),
        ));
    }
    let newest = corporation.newest().ok_or_else(|| {
        Error::command(
            msg!("{slug} has no published version to start from", slug),
            msg!(
                "write the first version in content/{slug}/draft.yaml and publish it",
                slug
            ),
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
    // Its translations start from the newest version's too, without the summary of that version.
    for (language, translation) in &newest.translations {
        let text = marked_as_copied(&without_top_level_key(&translation.source, "summary"), &newest.id);
        let file = content_dir
            .join(slug)
            .join(format!("{DRAFT_FILE_STEM}.{language}.yaml"));
        journal::write_atomic(&file, text.as_bytes())?;
    }
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
            msg!(
                "{content_dir} is not a content folder: it has no site.yaml",
                content_dir = content_dir.display()
            ),
            msg!("run verklaar where `content/` is, or pass the folder with --content"),
        ));
    }
    if !validate::is_valid_slug(slug) {
        return Err(Error::command(
            msg!("`{slug}` cannot be used in a web address", slug),
            msg!("use lowercase letters, digits and hyphens, e.g. `woningstichting-kockengen`"),
        ));
    }
    if name.trim().is_empty() {
        return Err(Error::command(
            msg!("the name is empty"),
            msg!("give the full name, e.g. --name \"Woningstichting Kockengen\""),
        ));
    }
    let folder = content_dir.join(slug);
    if folder.exists() {
        return Err(Error::command(
            msg!("{folder} already exists", folder = folder.display()),
            msg!(
                "choose another folder name, or start its next version with `verklaar new-version {slug}`",
                slug
            ),
        ));
    }
    let quoted = serde_yaml::to_string(name.trim()).map_err(|e| {
        Error::command(
            msg!("the name cannot be written: {e}", e),
            msg!("leave out unusual characters"),
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
            msg!("{slug} has no draft to publish", slug),
            msg!(
                "start one with `verklaar new-version {slug}`, edit it, then publish",
                slug
            ),
        )
    })?;
    if let Some(newest) = corporation.newest()
        && let Some(newest_date) = newest.statement.published
    {
        if date < newest_date {
            return Err(Error::command(
                msg!(
                    "the newest published version of {slug} is from {newest_date}; a new version cannot start before it",
                    slug,
                    newest_date
                ),
                msg!(
                    "publish with a date on or after {newest_date}, e.g. `--date {newest_date}`",
                    newest_date
                ),
            ));
        }
        if draft.statement.summary.as_deref().is_none_or(|s| s.trim().is_empty()) {
            return Err(Error::command(
                msg!("the draft has no `summary:`; readers of the change log need to know what changed and why"),
                msg!(
                    "add `summary:` to {file} with a few sentences on this version's changes",
                    file = draft.file.display()
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
    let facts = match &draft.basis {
        Some(_) => crate::content::models::Library::read(content_dir)
            .parse(&text, &draft.file)
            .map_err(Error::Content)?
            .1
            .map_or_else(|| text.clone(), |basis| basis.facts),
        None => text.clone(),
    };
    let fingerprint = fingerprint_of(&facts, &draft.file)?;
    let mut ledger = content.ledger.clone();
    ledger.record(slug, &id, fingerprint);
    // The draft's translations are published with it, each recorded under `<id>.<language>`.
    let mut translations = Vec::new();
    for (language, translation) in &draft.translations {
        ledger.record(
            slug,
            &format!("{id}.{language}"),
            fingerprint_of(&translation.source, &translation.file)?,
        );
        translations.push(journal::Moved {
            file: format!("{slug}/{id}.{language}.yaml"),
            text: translation.source.clone(),
            draft_file: format!("{slug}/{DRAFT_FILE_STEM}.{language}.yaml"),
        });
    }
    ledger.seal(&content.corporations)?;
    let publish = journal::Publish {
        version_file: format!("{slug}/{id}.yaml"),
        version_text: text,
        ledger_text: ledger.to_yaml()?,
        draft_file: format!("{slug}/{DRAFT_FILE_STEM}.yaml"),
        translations,
    };
    journal::publish(content_dir, &publish)?;
    Ok(Published {
        file: content_dir.join(&publish.version_file),
        id,
    })
}

/// Records published versions that are not in the ledger yet (ones published before verklaar kept
/// a ledger), in one load and one write of the ledger, and returns them as (slug, id) in ledger
/// order. `versions` names them; `None` records every published version not yet recorded. They
/// only have to load: they are published already, so whatever they say is frozen as it is, and a
/// build still reports their problems.
pub fn record(content_dir: &Path, versions: Option<&[(String, String)]>) -> Result<Vec<(String, String)>> {
    let content = load_all(content_dir)?;
    let chosen: Vec<(&str, Recordable<'_>)> = match versions {
        Some(named) => named
            .iter()
            .map(|(slug, id)| Ok((slug.as_str(), find_unrecorded(&content, slug, id)?)))
            .collect::<Result<_>>()?,
        None => content
            .corporations
            .iter()
            .chain(&content.models)
            .flat_map(|c| {
                let versions = c.versions.iter().map(Recordable::from);
                let versions = versions.filter(|v| content.ledger.entry(&c.slug, &v.id).is_none());
                versions
                    .chain(recorded::unrecorded(&content.ledger, c))
                    .map(move |v| (c.slug.as_str(), v))
            })
            .collect(),
    };
    let fingerprints: Vec<Fingerprint> = chosen
        .par_iter()
        .map(|(_, v)| fingerprint_of(v.source, v.file))
        .collect::<Result<_>>()?;
    let mut ledger = content.ledger.clone();
    let mut recorded = BTreeSet::new();
    for ((slug, version), fingerprint) in chosen.iter().zip(fingerprints) {
        ledger.record(slug, &version.id, fingerprint);
        recorded.insert((slug.to_string(), version.id.clone()));
    }
    if recorded.is_empty() {
        return Ok(Vec::new());
    }
    ledger.seal(&content.corporations)?;
    ledger.save(content_dir)?;
    Ok(recorded.into_iter().collect())
}

/// The published version `slug` `id`, or its translation (`2021-01-01.en`), refused when it is
/// recorded already.
fn find_unrecorded<'a>(content: &'a Content, slug: &str, id: &str) -> Result<Recordable<'a>> {
    let version = match recorded::translation(content, slug, id) {
        Some(translation) => translation,
        None => Recordable::from(find_published(content, slug, id)?),
    };
    if content.ledger.entry(slug, id).is_some() {
        return Err(Error::command(
            msg!("{slug} {id} is already in the ledger", slug, id),
            msg!(
                "to correct it, record an erratum: `verklaar erratum {slug} {id} --reason \"...\"`",
                slug,
                id
            ),
        ));
    }
    Ok(version)
}

/// Accepts the current facts of a published version as a correction made on `today` for `reason`,
/// and returns the parts that changed.
pub fn erratum(content_dir: &Path, slug: &str, id: &str, reason: &str, today: Date) -> Result<Vec<String>> {
    let content = load_all(content_dir)?;
    let version = find_published(&content, slug, id)?;
    let entry = content.ledger.entry(slug, id).ok_or_else(|| {
        Error::command(
            msg!(
                "{slug} {id} is not in the ledger, so there is nothing to correct",
                slug,
                id
            ),
            msg!("record it first with `verklaar record {slug} {id}`", slug, id),
        )
    })?;
    if reason.trim().is_empty() {
        return Err(Error::command(
            msg!("an erratum needs a reason"),
            msg!("say what was wrong, e.g. --reason \"Typefout in het telefoonnummer hersteld\""),
        ));
    }
    check_one(version)?;
    let fingerprint = fingerprint_of(version.facts_text(), &version.file)?;
    let changes = ledger::compare(&entry.parts, &fingerprint);
    if fingerprint.hash == entry.hash && fingerprint.text == entry.text {
        return Err(Error::command(
            msg!(
                "{file} has not changed since it was recorded",
                file = version.file.display()
            ),
            msg!("correct the file first, then record the erratum"),
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
        msg!(
            "this correction makes a fundamental change, which an erratum cannot: {fundamental}",
            fundamental = fundamental.join(", ")
        ),
        msg!(
            "undo it in {file} and publish it as a new version, of which people are told before it applies: \
             `verklaar new-version {slug}`, edit `draft.yaml`, then `verklaar publish {slug}`",
            file = version.file.display(),
            slug
        ),
    ))
}

/// The two versions of `slug` to compare; `draft` names the draft.
pub fn pair<'a>(content: &'a Content, slug: &str, from: &str, to: &str) -> Result<(&'a Version, &'a Version)> {
    let corporation = find_corporation(content, slug)?;
    let find = |id: &str| {
        corporation.version(id).ok_or_else(|| {
            Error::command(
                msg!("{slug} has no version `{id}`", slug, id),
                msg!(
                    "the versions are: {version_list}",
                    version_list = version_list(corporation)
                ),
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

fn find_published<'a>(content: &'a Content, slug: &str, id: &str) -> Result<&'a Version> {
    let corporation = find_corporation(content, slug)?;
    corporation.versions.iter().find(|v| v.id == id).ok_or_else(|| {
        let help = if corporation.file_ids.contains(id) {
            msg!(
                "content/{slug}/{id}.yaml does not load; run `verklaar check` to see why",
                slug,
                id
            )
        } else {
            msg!(
                "the published versions are: {version_list}",
                version_list = version_list(corporation)
            )
        };
        Error::command(msg!("{slug} has no published version `{id}`", slug, id), help)
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
            msg!("{file} cannot be fingerprinted", file = file.display()),
            msg!("it must be valid YAML with text keys; run `verklaar check`"),
        )
    })
}
