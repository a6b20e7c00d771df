//! Reading again only the folders of the corporations a save touched, the rest of the content
//! kept as it was loaded: the preview's load after a save.

use std::collections::BTreeSet;

use crate::content::cache::Facts;
use crate::content::corpus::Content;
use crate::content::load::{ParsedBefore, Shared, folders_of, load_folder};
use crate::content::models::Library;
use crate::content::version::Corporation;
use crate::error::{ContentError, Error, Result};

/// The folders of the corporations `slugs` read again (each with its other documents), the rest of
/// `previous` left as it was: the preview's load after a save in those folders. A file whose text is
/// unchanged is not parsed again. Gives the folders' corporations (none for a folder that is gone)
/// and their problems.
pub(crate) fn reload_folders(
    previous: &Content,
    slugs: &BTreeSet<String>,
) -> Result<(Vec<Corporation>, Vec<ContentError>)> {
    let dir = previous.dir.as_path();
    let root = dir.canonicalize().map_err(|e| Error::io("read", dir, e))?;
    let library = Library::read(dir);
    let languages = previous.config.languages();
    let parsed_before = ParsedBefore::of(Some(previous));
    let facts = Facts::default();
    let shared = Shared {
        dir,
        root: &root,
        library: &library,
        languages: &languages,
        facts: &facts,
        parsed_before: &parsed_before,
    };
    let folders = folders_of(&root, dir, |slug| slugs.contains(slug))?;
    let mut corporations = Vec::new();
    let mut errors = Vec::new();
    for (folder, slug) in folders {
        corporations.extend(load_folder(&shared, folder, slug, &mut errors)?);
    }
    Ok((corporations, errors))
}
