//! One corporation's statement files: its published versions and its draft.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::content::files::DRAFT_FILE_STEM;
use crate::content::model::Statement;
use crate::content::models::Basis;
use crate::content::translate::translation::Translation;

/// One corporation's document: a folder of versions. The privacy statement is the corporation's
/// folder `content/<slug>/`; another document, such as a camera statement, is a folder inside it,
/// `content/<slug>/<document>/`, with the slug `<slug>/<document>`.
#[derive(Debug, Clone)]
pub struct Corporation {
    /// Folder name, used in URLs; `<slug>/<document>` for another document of a corporation.
    pub slug: String,
    /// Published versions, sorted oldest first.
    pub versions: Vec<Version>,
    /// The next version while it is being written (`draft.yaml`), if any.
    pub draft: Option<Version>,
    /// The ids of every version file in the folder, also of those that did not parse.
    pub file_ids: BTreeSet<String>,
}

/// One version file.
#[derive(Debug, Clone)]
pub struct Version {
    /// Version id: the file name without extension, e.g. `2018-05-25`.
    pub id: String,
    /// The file, as shown in messages (relative to the content folder's parent).
    pub file: PathBuf,
    /// The facts.
    pub statement: Statement,
    /// The file's text.
    pub source: String,
    /// The model it is based on and how it deviates, when it says `based_on:`.
    pub basis: Option<Basis>,
    /// Its text in other languages, by language code, from the files beside it
    /// (`<version>.<language>.yaml`).
    pub translations: BTreeMap<String, Translation>,
}

impl Version {
    /// The text whose facts are fingerprinted: the resolved statement for a version based on a
    /// model, else the file's own text.
    pub fn facts_text(&self) -> &str {
        self.basis.as_ref().map_or(&self.source, |basis| &basis.facts)
    }
}

impl Corporation {
    /// The slug of the corporation the document belongs to: its own, or the part before `/`.
    pub fn corporation_slug(&self) -> &str {
        self.slug.split('/').next().unwrap_or(&self.slug)
    }

    /// Whether this is another document of a corporation rather than its privacy statement.
    pub fn is_document(&self) -> bool {
        self.slug.contains('/')
    }

    /// The newest published version.
    pub fn newest(&self) -> Option<&Version> {
        self.versions.last()
    }

    /// The published version with id `id`, or the draft for `draft`.
    pub fn version(&self, id: &str) -> Option<&Version> {
        if id == DRAFT_FILE_STEM {
            return self.draft.as_ref();
        }
        self.versions.iter().find(|v| v.id == id)
    }

    /// The newest published version, or the draft when nothing is published yet.
    pub fn newest_or_draft(&self) -> Option<&Version> {
        self.newest().or(self.draft.as_ref())
    }
}
