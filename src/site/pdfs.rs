//! The PDFs as one more output: every PDF the pages link to, typeset from the print page of its
//! job (the site hands the jobs over as values), or taken from the cache when its input is unchanged.

use std::cell::Cell;
use std::path::Path;

use crate::error::Result;
use crate::pdf::{self, PdfStats, Typesetter};
use crate::site::files::SiteFiles;
use crate::site::output::{BuildContext, Output};

/// Typesets the site's PDFs after its pages, and remembers how many it typeset and reused.
pub(crate) struct Pdfs<'a> {
    typesetter: &'a Typesetter,
    cache: Option<&'a Path>,
    stats: Cell<PdfStats>,
}

impl<'a> Pdfs<'a> {
    /// PDFs typeset with `typesetter`, kept between builds in `cache` when given.
    pub(crate) fn new(typesetter: &'a Typesetter, cache: Option<&'a Path>) -> Pdfs<'a> {
        Pdfs {
            typesetter,
            cache,
            stats: Cell::new(PdfStats::default()),
        }
    }

    /// How many PDFs the last build typeset and how many it took from the cache.
    pub(crate) fn stats(&self) -> PdfStats {
        self.stats.get()
    }
}

impl Output for Pdfs<'_> {
    fn add(&self, build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()> {
        let jobs: Vec<pdf::Job<'_>> = site
            .pdfs
            .iter()
            .map(|(pdf, page)| pdf::Job {
                page,
                html: site.files.get(page).map(Vec::as_slice).unwrap_or_default(),
                pdf,
            })
            .collect();
        // Only a build that renders every corporation knows every PDF the site still uses.
        let whole = build.changed.len() == build.content.corporations.len();
        let (made, stats) = pdf::typeset_jobs(&jobs, self.typesetter, self.cache, whole)?;
        let paths: Vec<String> = jobs.iter().map(|job| job.pdf.to_owned()).collect();
        for (path, bytes) in paths.into_iter().zip(made) {
            site.files.insert(path, bytes);
        }
        self.stats.set(stats);
        Ok(())
    }
}

/// The PDF at `path` in `site`, typeset now from its print page; `None` when no page links to such a
/// PDF. The preview uses this to make a PDF only when someone opens it.
pub fn typeset_one(site: &SiteFiles, typesetter: &Typesetter, path: &str) -> Option<Result<Vec<u8>>> {
    let page = site.pdfs.get(path)?;
    let html = String::from_utf8_lossy(site.files.get(page)?);
    Some(typesetter.typeset(page, &html))
}
