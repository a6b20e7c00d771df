//! One corporation's statement files: its published versions and its draft.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::content::files::DRAFT_FILE_STEM;
use crate::content::model::Statement;

/// One corporation: a folder of versions.
#[derive(Debug, Clone)]
pub struct Corporation {
    /// Folder name, used in URLs.
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
}

impl Corporation {
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
