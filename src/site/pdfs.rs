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
    /// The typesetter of the default language.
    typesetter: &'a Typesetter,
    /// The typesetter of each other language, by its folder (`en/`).
    others: Vec<(String, &'a Typesetter)>,
    cache: Option<&'a Path>,
    stats: Cell<PdfStats>,
}

impl<'a> Pdfs<'a> {
    /// PDFs typeset with `typesetter`, or with the one of `others` whose language folder they are in,
    /// kept between builds in `cache` when given.
    pub(crate) fn new(
        (typesetter, others): (&'a Typesetter, Vec<(String, &'a Typesetter)>),
        cache: Option<&'a Path>,
    ) -> Pdfs<'a> {
        Pdfs {
            typesetter,
            others,
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
        let _span = crate::trace::span("pdfs");
        let jobs: Vec<pdf::Job<'_>> = site
            .pdfs
            .iter()
            .map(|(pdf, page)| pdf::Job {
                page,
                html: site.files.get(page).map(Vec::as_slice).unwrap_or_default(),
                pdf,
            })
            .collect();
        let typesetters: Vec<&Typesetter> = jobs.iter().map(|job| self.typesetter_for(job.pdf)).collect();
        // Only a build that renders every corporation knows every PDF the site still uses.
        let whole = build.changed.len() == build.content.corporations.len();
        let (made, stats) = pdf::typeset_each(&jobs, &typesetters, self.cache, whole)?;
        let paths: Vec<String> = jobs.iter().map(|job| job.pdf.to_owned()).collect();
        for (path, bytes) in paths.into_iter().zip(made) {
            site.files.insert(path, bytes);
        }
        self.stats.set(stats);
        crate::trace::note(|| format!("pdfs: {} typeset, {} from the cache", stats.typeset, stats.reused));
        Ok(())
    }
}

impl<'a> Pdfs<'a> {
    /// The typesetter of the language whose folder `pdf` is in; the default's for the rest.
    fn typesetter_for(&self, pdf: &str) -> &'a Typesetter {
        self.others
            .iter()
            .find(|(folder, _)| pdf.starts_with(folder.as_str()))
            .map_or(self.typesetter, |(_, typesetter)| typesetter)
    }
}
