//! The typst `World` of one PDF: the theme's `print/` folder as the project, the print page's data
//! as `/statement.json`, and the theme's fonts and nothing else (no system fonts, no packages, no
//! clock), so that the same input always gives the same PDF.

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use std::collections::HashMap;

use typst_kit::fonts::FontStore;

/// What every PDF of a build shares: the standard library, the theme's fonts and print folder.
pub(super) struct Project {
    pub(super) library: LazyHash<Library>,
    pub(super) fonts: FontStore,
    /// The template typst starts from.
    pub(super) main: FileId,
    /// Where the template reads the print page's data.
    pub(super) data: FileId,
    /// The `.typ` files of the print folder, parsed.
    pub(super) sources: HashMap<FileId, Source>,
    /// Every file of the print folder.
    pub(super) files: HashMap<FileId, Bytes>,
}

/// Everything typst may read while typesetting one print page.
pub(super) struct PrintWorld<'a> {
    /// Template, fonts and library, shared by every PDF of a build.
    pub(super) project: &'a Project,
    /// The JSON the template reads from `/statement.json`.
    pub(super) data: Bytes,
}

impl World for PrintWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.project.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.project.fonts.book()
    }

    fn main(&self) -> FileId {
        self.project.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        match self.project.sources.get(&id) {
            Some(source) => Ok(source.clone()),
            None if self.project.files.contains_key(&id) || id == self.project.data => Err(FileError::NotSource),
            None => Err(not_found(id)),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.project.data {
            return Ok(self.data.clone());
        }
        self.project.files.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.project.fonts.font(index)
    }

    /// No clock: a PDF must not depend on the day it was made.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}
