//! Finding content files and parsing them into the model.
//!
//! `content/site.yaml` holds the site settings; every other folder in `content/` is one corporation
//! (its name is the slug) with one YAML file per version of its statement, and a folder in it per
//! other document (`content/<slug>/cameraverklaring/`), versioned the same way. Every file is parsed,
//! and every problem is collected, so a person sees all of them at once.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::content::collect::parse_statement;
use crate::content::corpus::{Content, Loaded};
use crate::content::files::{DRAFT_FILE_STEM, LEDGER_FILE, LINTS_FILE, SITE_FILE, display_path, is_ignored};
use crate::content::ledger;
use crate::content::model::SiteConfig;
use crate::content::version::{Corporation, Version};
use crate::content::yaml::{parse_file, read_file};
use crate::error::{ContentError, ContentErrorKind, Error, Result};

/// Reads and parses the whole content folder, collecting every problem rather than stopping at the
/// first, so that the files that did parse can still be validated.
pub fn load(dir: &Path) -> Result<Loaded> {
    if !dir.is_dir() {
        return Err(Error::Content(vec![
            ContentError::new(ContentErrorKind::Missing, dir, "the content folder does not exist")
                .with_help("pass the folder with --content, or run verklaar where `content/` is"),
        ]));
    }
    // A publish that was interrupted is finished first, so no half-published version is ever read.
    crate::content::journal::finish_pending(dir)?;
    let mut errors = Vec::new();
    let site_path = dir.join(SITE_FILE);
    let config = if site_path.is_file() {
        parse_file::<SiteConfig>(&site_path, &display_path(dir, &site_path))
            .map_err(|e| errors.push(*e))
            .ok()
    } else {
        errors.push(
            ContentError::new(
                ContentErrorKind::Missing,
                &display_path(dir, &site_path),
                "the site settings file is missing",
            )
            .with_help("create it with at least `title:` and `base_url:`"),
        );
        None
    };

    let mut corporations = Vec::new();
    for (folder, slug) in document_folders(dir)? {
        let mut versions = Vec::new();
        let mut draft = None;
        let mut file_ids = BTreeSet::new();
        let files: Vec<PathBuf> = sorted_entries(&folder)?
            .into_iter()
            .filter(|f| is_yaml_file(f))
            .collect();
        if files.is_empty() {
            errors.push(
                ContentError::new(
                    ContentErrorKind::Missing,
                    &display_path(dir, &folder),
                    "this corporation has no version of its statement",
                )
                .with_help("add a file named after the publication date, e.g. `2018-05-25.yaml`"),
            );
        }
        for file in files {
            let shown = display_path(dir, &file);
            let id = file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            if id != DRAFT_FILE_STEM {
                file_ids.insert(id.clone());
            }
            let parsed = read_file(&file, &shown)
                .map_err(|e| vec![*e])
                .and_then(|source| parse_statement(&source, &shown).map(|statement| (statement, source)));
            match parsed {
                Ok((statement, source)) => {
                    let version = Version {
                        id,
                        file: shown,
                        statement,
                        source,
                    };
                    if version.id == DRAFT_FILE_STEM {
                        draft = Some(version);
                    } else {
                        versions.push(version);
                    }
                }
                Err(file_errors) => errors.extend(file_errors),
            }
        }
        versions.sort_by(|a, b| a.id.cmp(&b.id));
        corporations.push(Corporation {
            slug,
            versions,
            draft,
            file_ids,
        });
    }

    let ledger = ledger::load(dir, &display_path(dir, &dir.join(LEDGER_FILE)))
        .map_err(|e| errors.push(*e))
        .unwrap_or_default();
    let content = config.map(|config| Content {
        dir: dir.to_path_buf(),
        config,
        corporations,
        ledger,
    });
    Ok(Loaded { content, errors })
}

/// Every folder of versions with its slug: each corporation's folder, followed by the folders of its
/// other documents inside it (`<slug>/<document>`).
fn document_folders(dir: &Path) -> Result<Vec<(PathBuf, String)>> {
    let mut folders = Vec::new();
    for folder in sorted_entries(dir)?.into_iter().filter(|f| f.is_dir()) {
        let slug = file_name(&folder);
        let documents: Vec<PathBuf> = sorted_entries(&folder)?.into_iter().filter(|f| f.is_dir()).collect();
        folders.push((folder, slug.clone()));
        for document in documents {
            let document_slug = format!("{slug}/{}", file_name(&document));
            folders.push((document, document_slug));
        }
    }
    Ok(folders)
}

/// The entries directly in `dir`, sorted by name, without hidden files and editor leftovers.
fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for entry in WalkDir::new(dir).min_depth(1).max_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io("read", &path, e.into())
        })?;
        if !is_ignored(entry.path()) {
            paths.push(entry.into_path());
        }
    }
    Ok(paths)
}

fn is_yaml_file(path: &Path) -> bool {
    path.is_file()
        && matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
        && file_name(path) != SITE_FILE
        && file_name(path) != LEDGER_FILE
        && file_name(path) != LINTS_FILE
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
