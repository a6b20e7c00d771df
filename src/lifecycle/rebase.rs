//! Moving corporations onto a new model version: `verklaar rebase` for one corporation and
//! `verklaar model-update` for every corporation that follows an older version of a model.
//!
//! The corporation's file holds only its own facts and deviations, so a rebase keeps that text
//! (comments and all) and changes its `based_on:` line; the conflicts are the deviations whose fact
//! the model changed between the two versions, for the person to decide on.

use std::path::{Path, PathBuf};

use super::found::{find_corporation, load_all};
use super::text::{marked_as_copied, without_signing_date, without_top_level_key};
use crate::content::models::Library;
use crate::content::models::conflicts::{Conflict, conflicts};
use crate::content::{Content, Corporation, DRAFT_FILE_STEM, Version, journal, schema};
use crate::error::{ContentError, Error, Result};

/// What a rebase did for one corporation.
#[derive(Debug, Clone)]
pub struct Rebased {
    /// The corporation.
    pub slug: String,
    /// The draft written.
    pub file: PathBuf,
    /// The model version it was based on, `name@version`.
    pub from: String,
    /// The model version it is based on now.
    pub onto: String,
    /// Deviations whose fact the model changed in between.
    pub conflicts: Vec<Conflict>,
    /// Whether an existing draft was rebased (with `--force`) rather than the newest version.
    pub replaced_draft: bool,
    /// Problems of the new draft after resolution (e.g. a removed fact the new model lacks).
    pub problems: Vec<ContentError>,
}

/// What `model-update` found for one corporation that follows an older model version.
#[derive(Debug, Clone)]
pub enum Update {
    /// A draft was written.
    Rebased(Rebased),
    /// Left alone: it has a draft already (rebase it with `--force`).
    HasDraft {
        /// The corporation.
        slug: String,
        /// Its draft.
        file: PathBuf,
    },
}

/// Rebases `slug` onto `onto` (`name@version`): writes its draft with its deviations kept and
/// `based_on: onto`. Starts from the newest published version; an existing draft is refused
/// unless `force`, when the draft itself is rebased.
pub fn rebase(content_dir: &Path, slug: &str, onto: &str, force: bool) -> Result<Rebased> {
    let content = load_all(content_dir)?;
    let library = Library::read(content_dir);
    let corporation = find_corporation(&content, slug)?;
    let (model, version) = onto.split_once('@').ok_or_else(|| {
        Error::command(
            msg!("`{onto}` does not name a model version", onto),
            msg!("write the model's name and version, e.g. --onto sectormodel@2026-09-01"),
        )
    })?;
    let published = library.published(model);
    if !published.iter().any(|v| v == version) {
        let names: Vec<&str> = library.names().collect();
        let help = if names.contains(&model) {
            msg!(
                "the published versions of {model} are: {versions}",
                model,
                versions = published.join(", ")
            )
        } else {
            msg!("the models are: {names}", names = names.join(", "))
        };
        return Err(Error::command(
            msg!("there is no published model version `{onto}`", onto),
            help,
        ));
    }
    rebase_one(&content, &library, corporation, model, version, force)
}

/// For the newest published version of `model`: a rebased draft for every corporation whose
/// newest version is based on an older version of it. Corporations with a draft are left alone
/// unless `force`.
pub fn model_update(content_dir: &Path, model: &str, force: bool) -> Result<(String, Vec<Update>)> {
    let content = load_all(content_dir)?;
    let library = Library::read(content_dir);
    let newest = library.published(model).pop().ok_or_else(|| {
        let names: Vec<&str> = library.names().collect();
        Error::command(
            msg!("there is no published model `{model}`", model),
            msg!("the models are: {names}", names = names.join(", ")),
        )
    })?;
    let mut updates = Vec::new();
    for corporation in &content.corporations {
        let Some(basis) = corporation.newest().and_then(|v| v.basis.as_ref()) else {
            continue;
        };
        if basis.model != model || basis.version >= newest {
            continue;
        }
        let draft_follows = |draft: &Version| {
            draft
                .basis
                .as_ref()
                .is_some_and(|b| b.reference() == format!("{model}@{newest}"))
        };
        match &corporation.draft {
            Some(draft) if draft_follows(draft) => {}
            Some(draft) if !force => updates.push(Update::HasDraft {
                slug: corporation.slug.clone(),
                file: draft.file.clone(),
            }),
            _ => updates.push(Update::Rebased(rebase_one(
                &content,
                &library,
                corporation,
                model,
                &newest,
                force,
            )?)),
        }
    }
    Ok((format!("{model}@{newest}"), updates))
}

fn rebase_one(
    content: &Content,
    library: &Library,
    corporation: &Corporation,
    model: &str,
    version: &str,
    force: bool,
) -> Result<Rebased> {
    let slug = &corporation.slug;
    let (start, replaced_draft) = start_from(corporation, force)?;
    let basis = start.basis.as_ref().ok_or_else(|| {
        Error::command(
            msg!("{file} is not based on a model", file = start.file.display()),
            msg!(
                "add `based_on: {model}@{version}` and leave out what the model says, then try again",
                model,
                version
            ),
        )
    })?;
    let before = model_value(library, &basis.model, &basis.version)?;
    let now = model_value(library, model, version)?;
    let found = conflicts(&before, &now, &basis.deviations);
    let onto = format!("{model}@{version}");
    let mut text = with_based_on(&start.source, &onto);
    if !replaced_draft {
        for key in ["published", "summary", "last_modified"] {
            text = without_top_level_key(&text, key);
        }
        text = marked_as_copied(&without_signing_date(&text), &start.id);
    }
    let path = content.dir.join(slug).join(format!("{DRAFT_FILE_STEM}.yaml"));
    let shown = content.shown_path(&path);
    let problems = library.parse(&text, &shown).err().unwrap_or_default();
    schema::write_beside(&content.dir)?;
    let text = if replaced_draft {
        text
    } else {
        schema::with_modeline_for(&text, slug)
    };
    journal::write_atomic(&path, text.as_bytes())?;
    Ok(Rebased {
        slug: slug.clone(),
        file: path,
        from: basis.reference(),
        onto,
        conflicts: found,
        replaced_draft,
        problems,
    })
}

/// The version a rebase starts from: the draft (only with `force`) or the newest published one.
fn start_from(corporation: &Corporation, force: bool) -> Result<(&Version, bool)> {
    let slug = &corporation.slug;
    match (&corporation.draft, corporation.newest()) {
        (Some(draft), _) if force => Ok((draft, true)),
        (Some(draft), _) => Err(Error::command(
            msg!("{slug} already has a draft: {file}", slug, file = draft.file.display()),
            msg!(
                "publish or delete it first, or pass --force to rebase the draft itself (its `based_on:` line \
                 changes, the rest stays)"
            ),
        )),
        (None, Some(newest)) => Ok((newest, false)),
        (None, None) => Err(Error::command(
            msg!("{slug} has no version to rebase", slug),
            msg!("write content/{slug}/draft.yaml with `based_on:` first", slug),
        )),
    }
}

fn model_value(library: &Library, model: &str, version: &str) -> Result<serde_yaml::Mapping> {
    library
        .statement_value(model, version)
        .map_err(|error| Error::Content(vec![*error]))
}

/// `source` with its top-level `based_on:` line saying `onto`.
fn with_based_on(source: &str, onto: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for line in source.split_inclusive('\n') {
        if line.starts_with("based_on:") {
            out.push_str(&format!("based_on: {onto}\n"));
        } else {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_based_on_line_changes() {
        let source = "# kop\nbased_on: m@2026-01-01\nx: based_on: y\n";
        assert_eq!(
            with_based_on(source, "m@2026-09-01"),
            "# kop\nbased_on: m@2026-09-01\nx: based_on: y\n"
        );
    }
}
