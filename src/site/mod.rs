//! The site stage: the whole site as a set of files, each output path decided by one [`routes`]
//! module, each kind of output one small type behind [`output::Output`], and the set written to
//! disk so that a failed build never touches `output/`.
//!
//! Building is a pure function from content and theme to [`SiteFiles`]; [`write`] puts the files in
//! place by building into a temporary folder beside the output folder and swapping it in.

mod builder;
mod changes;
mod data;
mod dpv;
mod feeds;
mod files;
mod host;
mod manifest;
mod output;
mod pages;
pub mod routes;
mod views;

use std::path::Path;

pub use self::builder::{Builder, themes_dir};
pub use self::files::{SiteFiles, write};
use crate::content::date::Date;
use crate::error::Result;
use crate::pdf::{self, PdfStats, Typesetter};

/// What to build, and as of which day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildOptions {
    /// Whether each corporation's draft is rendered too, at `<slug>/draft/`, marked as a draft.
    pub drafts: bool,
    /// The day the site is built for: the newest version published on or before it is current,
    /// later ones are announced as upcoming.
    pub today: Date,
}

/// Loads, validates and renders the site in `content_dir`, with themes from `themes/` beside it,
/// and typesets the PDF of every published version.
pub fn build(content_dir: &Path, options: BuildOptions) -> Result<SiteFiles> {
    build_with_pdf_cache(content_dir, options, None).map(|(site, _)| site)
}

/// [`build`], taking PDFs whose input did not change from `pdf_cache` (a folder, created when
/// missing) instead of typesetting them again; says how many PDFs were typeset and how many reused.
pub fn build_with_pdf_cache(
    content_dir: &Path,
    options: BuildOptions,
    pdf_cache: Option<&Path>,
) -> Result<(SiteFiles, PdfStats)> {
    build_for(content_dir, options, None, pdf_cache)
}

/// [`build_with_pdf_cache`] for the address `base_url` instead of the one in `site.yaml`, when
/// given: the same content built for staging and for production.
pub fn build_for(
    content_dir: &Path,
    options: BuildOptions,
    base_url: Option<&str>,
    pdf_cache: Option<&Path>,
) -> Result<(SiteFiles, PdfStats)> {
    let mut content = crate::content::check(content_dir)?;
    if let Some(url) = base_url {
        content.config.base_url = url.to_owned();
    }
    let builder = Builder::new(&content, options)?;
    let mut site = builder.render(&content)?;
    let stats = typeset_pdfs(&mut site, builder.typesetter()?, pdf_cache)?;
    Ok((site, stats))
}

/// Typesets every PDF that the site's pages link to, from the print page of its job, and adds it
/// to the site; with `cache`, unchanged PDFs are taken from that folder.
pub fn typeset_pdfs(site: &mut SiteFiles, typesetter: &Typesetter, cache: Option<&Path>) -> Result<PdfStats> {
    let jobs: Vec<pdf::Job<'_>> = site
        .pdfs
        .iter()
        .map(|(pdf, page)| pdf::Job {
            page,
            html: site.files.get(page).map(Vec::as_slice).unwrap_or_default(),
            pdf,
        })
        .collect();
    let (pdfs, stats) = pdf::typeset_all(&jobs, typesetter, cache)?;
    let made: Vec<(String, Vec<u8>)> = jobs.iter().map(|job| job.pdf.to_owned()).zip(pdfs).collect();
    for (path, bytes) in made {
        site.files.insert(path, bytes);
    }
    Ok(stats)
}

/// The PDF at `path` in `site`, typeset now from its print page; `None` when no page links to such a
/// PDF. The preview uses this to make a PDF only when someone opens it.
pub fn typeset_one(site: &SiteFiles, typesetter: &Typesetter, path: &str) -> Option<Result<Vec<u8>>> {
    let page = site.pdfs.get(path)?;
    let html = String::from_utf8_lossy(site.files.get(page)?);
    Some(typesetter.typeset(page, &html))
}
