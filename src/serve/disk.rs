//! The preview's site on disk: its own folder under `.verklaar-cache/`, read by the requests and
//! changed in place after a save (only the files whose bytes changed), and its PDFs, typeset into
//! the PDF cache the build shares when one is first opened.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::content::Content;
use crate::error::{Error, Result};
use crate::site::routes::{Route, in_language};
use crate::site::{Builder, Stamp};

/// The folder the preview builds into and serves from, and the cache folder beside the content.
#[derive(Debug, Clone)]
pub(super) struct SiteDir {
    /// The preview's output: `.verklaar-cache/preview-<content folder name>/`.
    pub(super) out: PathBuf,
    /// `.verklaar-cache/` beside the content folder: the page cache, parsed facts and PDFs that
    /// `build` keeps there too (for its default output folder beside the content).
    pub(super) cache: PathBuf,
}

/// What writing the files of a save changed: the files written (new or with other bytes) and the
/// files removed, by path in the site.
#[derive(Debug, Default)]
pub(super) struct Applied {
    pub(super) written: Vec<String>,
    pub(super) removed: Vec<String>,
}

impl SiteDir {
    /// The preview's folders for the content folder `content`.
    pub(super) fn for_content(content: &Path) -> SiteDir {
        let cache = match content.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.join(".verklaar-cache"),
            _ => PathBuf::from(".verklaar-cache"),
        };
        let name = content
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "content".to_owned());
        SiteDir {
            out: cache.join(format!("preview-{name}")),
            cache,
        }
    }

    /// The bytes of the site file `key`, if it is there.
    pub(super) fn read(&self, key: &str) -> Option<Vec<u8>> {
        fs::read(self.out.join(key)).ok()
    }

    /// Every file of the site, by path (with `/`), with its stamp.
    pub(super) fn stamps(&self) -> BTreeMap<String, Stamp> {
        WalkDir::new(&self.out)
            .into_iter()
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.file_type().is_file())
            .filter_map(|entry| {
                let key = site_key(entry.path().strip_prefix(&self.out).ok()?);
                Some((key, Stamp::of(entry.path())?))
            })
            .collect()
    }

    /// Writes each of `files` whose bytes are not those in the folder already (through a new file
    /// renamed over the old, so a request reads the old file or the new, never half of one), and
    /// removes every file in the folders `owned` (`<slug>/`, one corporation's) that `files` lacks.
    pub(super) fn apply(&self, files: &BTreeMap<String, Vec<u8>>, owned: &[String]) -> Result<Applied> {
        let written: Vec<String> = files
            .par_iter()
            .filter(|(key, bytes)| fs::read(self.out.join(key.as_str())).ok().as_deref() != Some(bytes.as_slice()))
            .map(|(key, bytes)| {
                let target = self.out.join(key);
                if let Some(dir) = target.parent() {
                    fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
                }
                let temporary = target.with_file_name(format!(
                    ".{}.{}.tmp",
                    target.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
                    std::process::id()
                ));
                fs::write(&temporary, bytes).map_err(|e| Error::io("write", &temporary, e))?;
                fs::rename(&temporary, &target).map_err(|e| Error::io("write", &target, e))?;
                Ok(key.clone())
            })
            .collect::<Result<_>>()?;
        let mut removed = Vec::new();
        for folder in owned {
            let dir = self.out.join(folder);
            let gone: Vec<PathBuf> = WalkDir::new(&dir)
                .into_iter()
                .filter_map(|entry| entry.ok())
                .filter(|entry| entry.file_type().is_file())
                .map(|entry| entry.into_path())
                .collect();
            for path in gone {
                let Ok(relative) = path.strip_prefix(&self.out) else {
                    continue;
                };
                let key = site_key(relative);
                if !files.contains_key(&key) {
                    fs::remove_file(&path).map_err(|e| Error::io("remove", &path, e))?;
                    removed.push(key);
                }
            }
            remove_empty_folders(&dir);
        }
        Ok(Applied { written, removed })
    }

    /// The PDF at `key`, typeset from `html`, the print page `page` of the site, or read from the
    /// PDF cache when a build or an earlier preview typeset the same print page.
    pub(super) fn pdf(&self, builder: &Builder, key: &str, page: &str, html: &[u8]) -> Result<Vec<u8>> {
        let typesetter = builder.typesetter_for(key)?;
        let job = crate::pdf::Job { page, html, pdf: key };
        let (mut made, _) = crate::pdf::typeset_each(&[job], &[typesetter], Some(&self.cache), false)?;
        Ok(made.pop().unwrap_or_default())
    }
}

/// The path in the site of `relative`, a path inside the site's folder.
fn site_key(relative: &Path) -> String {
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Removes the folders under `dir` (and `dir`) that hold no file any more; a folder that cannot be
/// removed stays, which only costs an empty folder.
fn remove_empty_folders(dir: &Path) {
    let folders: Vec<PathBuf> = WalkDir::new(dir)
        .contents_first(true)
        .into_iter()
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_dir())
        .map(|entry| entry.into_path())
        .collect();
    for folder in folders {
        // Fails, as it should, for a folder that still holds something.
        let _ = fs::remove_dir(folder);
    }
}

/// The folders that hold only the files of the corporations `slugs`: `<slug>/`, and `<lang>/<slug>/`
/// for each other language of the site.
pub(super) fn owned_folders(content: &Content, slugs: &BTreeSet<String>) -> Vec<String> {
    let languages = content.config.other_languages();
    slugs
        .iter()
        .flat_map(|slug| {
            std::iter::once(format!("{slug}/")).chain(
                languages
                    .iter()
                    .map(move |code| in_language(Some(code), &format!("{slug}/"))),
            )
        })
        .collect()
}

/// Every PDF the site can link to, with the print page it is typeset from: each published
/// version's, in each language (the preview serves one only when its print page is there).
pub(super) fn pdf_pages(content: &Content) -> BTreeMap<String, String> {
    let languages = content.config.other_languages();
    let mut pdfs = BTreeMap::new();
    for corporation in &content.corporations {
        for version in &corporation.versions {
            let Some(pdf) = Route::pdf(corporation, version) else {
                continue;
            };
            let (pdf, page) = (pdf.path(), Route::print(corporation, version).file());
            for code in &languages {
                pdfs.insert(in_language(Some(code), &pdf), in_language(Some(code), &page));
            }
            pdfs.insert(pdf, page);
        }
    }
    pdfs
}
