//! The site stage: the whole site as a set of files, each output path decided by one [`routes`]
//! module, each kind of output one small type behind [`output::Output`], and the set written to
//! disk so that a failed build never touches `output/`.
//!
//! Building is a pure function from content and theme to [`SiteFiles`]; [`write`] puts the files in
//! place by building into a temporary folder beside the output folder and swapping it in.

mod builder;
mod changes;
mod feeds;
mod files;
mod manifest;
mod output;
mod pages;
pub mod routes;
mod views;

use std::path::Path;

pub use self::builder::{BuildOptions, Builder, themes_dir};
pub use self::files::{SiteFiles, write};
use crate::error::Result;
use crate::pdf::{self, PdfStats, Typesetter};

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
    let content = crate::content::check(content_dir)?;
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
