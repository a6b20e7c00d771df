//! The content stage: finding and parsing the YAML facts, checking them, and the ledger of
//! published versions.
//!
//! [`load::load`] reads a content folder into [`Content`] and collects every problem;
//! [`validate::validate`] checks references, dates and the [`ledger`]; [`check`] does both.

pub mod cache;
pub(crate) mod collect;
pub mod corpus;
pub mod date;
pub mod files;
pub(crate) mod indent;
pub mod journal;
pub mod ledger;
pub mod lint;
pub mod load;
pub mod model;
pub mod models;
pub mod outline;
pub mod positions;
mod reload;
pub mod scan;
pub mod schema;
mod serde_words;
pub mod translate;
pub mod validate;
pub mod version;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub use self::corpus::{Content, Loaded};
pub use self::files::DRAFT_FILE_STEM;
pub use self::version::{Corporation, Version};
use crate::error::{ContentError, Error, Result};

/// Loads and validates without rendering anything; every problem in every file is reported.
pub fn check(content_dir: &Path) -> Result<Content> {
    check_with(content_dir, &cache::Verified::none())
}

/// [`check`], taking the published versions that `verified` knows as unchanged without
/// fingerprinting them again, and adding to it those proved now.
pub fn check_with(content_dir: &Path, verified: &cache::Verified) -> Result<Content> {
    check_reusing(content_dir, verified, None)
}

/// [`check_with`], taking the facts of every file unchanged since `previous` was loaded from it
/// (see [`load::load_reusing`]): the preview's check after a save.
pub fn check_reusing(content_dir: &Path, verified: &cache::Verified, previous: Option<&Content>) -> Result<Content> {
    let loaded = {
        let _span = crate::trace::span("load");
        load::load_reusing(content_dir, previous, verified.facts())?
    };
    let mut errors = loaded.errors;
    if let Some(content) = &loaded.content {
        let _span = crate::trace::span("validate");
        errors.extend(validate::validate_with(content, verified));
    }
    match loaded.content {
        Some(content) if errors.is_empty() => Ok(content.with_models_as_pages()),
        content => Err(Error::Content(locate_errors(errors, content.as_ref(), content_dir))),
    }
}

/// [`check_reusing`] after a save in the folders of the corporations `slugs` only: those folders
/// are read again and their corporations checked (their versions, their ledger entries), and on
/// success they replace theirs in `content`; every other corporation stays as it was checked
/// before. On an error `content` is left as it was. A site with model statements is checked
/// whole, since a model's facts are in every corporation based on it.
pub fn check_changed(content: &mut Content, slugs: &BTreeSet<String>, verified: &cache::Verified) -> Result<()> {
    if !content.models.is_empty() || content.config.publish_models {
        *content = check_reusing(&content.dir.clone(), verified, Some(content))?;
        return Ok(());
    }
    let (fresh, mut errors) = {
        let _span = crate::trace::span("load the saved folders");
        reload::reload_folders(content, slugs)?
    };
    let in_slugs = |slug: &String| slugs.contains(slug.split('/').next().unwrap_or(slug));
    // Only what the saved folders hold, with their ledger entries, is checked again.
    let checked = Content {
        dir: content.dir.clone(),
        config: content.config.clone(),
        corporations: fresh,
        models: Vec::new(),
        ledger: ledger::Ledger {
            heads: entries_of(&content.ledger.heads, in_slugs),
            corporations: entries_of(&content.ledger.corporations, in_slugs),
        },
    };
    {
        let _span = crate::trace::span("validate the saved folders");
        errors.extend(validate::validate_with(&checked, verified));
    }
    if !errors.is_empty() {
        return Err(Error::Content(locate_errors(errors, Some(&checked), &content.dir)));
    }
    content.corporations.retain(|c| !in_slugs(&c.slug));
    content.corporations.extend(checked.corporations);
    content.corporations.sort_by(|a, b| a.slug.cmp(&b.slug));
    Ok(())
}

/// The entries of `map` whose slug `keep` accepts.
fn entries_of<T: Clone>(map: &BTreeMap<String, T>, keep: impl Fn(&String) -> bool) -> BTreeMap<String, T> {
    map.iter()
        .filter(|(slug, _)| keep(slug))
        .map(|(slug, value)| (slug.clone(), value.clone()))
        .collect()
}

/// Gives every error with a YAML path its line and column, from the text of its file.
fn locate_errors(errors: Vec<ContentError>, content: Option<&Content>, content_dir: &Path) -> Vec<ContentError> {
    let base = content_dir.parent().unwrap_or(content_dir);
    let versions = || {
        content
            .into_iter()
            .flat_map(|content| content.corporations.iter().chain(&content.models))
            .flat_map(|corporation| corporation.versions.iter().chain(&corporation.draft))
    };
    // An error in a statement based on a model is placed where its fact is written.
    let errors = errors
        .into_iter()
        .map(|error| match versions().find(|v| v.file == error.file) {
            Some(version) => match &version.basis {
                Some(basis) => models::attribute(error, basis, &version.source),
                None => error,
            },
            None => error,
        })
        .collect();
    positions::locate_all(errors, |file| {
        let parsed = content
            .into_iter()
            .flat_map(|content| content.corporations.iter().chain(&content.models))
            .find_map(|corporation| {
                corporation
                    .versions
                    .iter()
                    .chain(&corporation.draft)
                    .find(|version| version.file == file)
                    .map(|version| version.source.clone())
            });
        parsed.or_else(|| std::fs::read_to_string(base.join(file)).ok())
    })
}
