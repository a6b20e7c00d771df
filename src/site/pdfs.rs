//! The PDFs of a build: every PDF a corporation's pages link to, typeset from the print page of its
//! job (the site hands the jobs over as values) as soon as the corporation's pages are made, or
//! taken from the cache when its input is unchanged.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use crate::error::Result;
use crate::pdf::{self, PdfStats, Typesetter};
use crate::site::files::SiteFiles;

/// The typesetter of the PDF at a path (that of the language whose folder it is in), made when a
/// PDF first needs it.
pub(crate) type TypesetterFor<'a> = dyn Fn(&str) -> Result<&'a Typesetter> + Sync + 'a;

/// Typesets the PDFs of each part of a site, and remembers how many it typeset and reused.
pub(crate) struct Pdfs<'a> {
    typesetter_for: &'a TypesetterFor<'a>,
    cache: Option<&'a Path>,
    stats: Mutex<PdfStats>,
    /// The cache key of every PDF of the build, so that the cache can be pruned to them.
    keys: Mutex<BTreeSet<String>>,
}

impl<'a> Pdfs<'a> {
    /// PDFs typeset with the typesetter `typesetter_for` gives for each, kept between builds in
    /// `cache` when given. A build that keeps every corporation never loads a typesetter's fonts.
    pub(crate) fn new(typesetter_for: &'a TypesetterFor<'a>, cache: Option<&'a Path>) -> Pdfs<'a> {
        Pdfs {
            typesetter_for,
            cache,
            stats: Mutex::default(),
            keys: Mutex::default(),
        }
    }

    /// How many PDFs the build typeset and how many it took from the cache.
    pub(crate) fn stats(&self) -> PdfStats {
        *self.stats.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds to `part` the PDF of each of its jobs, typeset from its print page in `part`. One PDF at
    /// a time: the corporations of a build are made in parallel already, one per processor.
    ///
    /// Each PDF goes through [`pdf::typeset_each`] on its own, which typesets on a thread of its
    /// own that ends with it. Typesetting straight on the build's long-lived threads instead made a
    /// cold 100 x 10 build peak at 990 MB instead of 202 MB (measured; what a thread holds on to,
    /// such as its allocator heap, is given back only when the thread ends).
    pub(crate) fn typeset(&self, part: &mut SiteFiles) -> Result<()> {
        let mut made = Vec::with_capacity(part.pdfs.len());
        let mut copied = Vec::new();
        for (path, page) in &part.pdfs {
            let job = pdf::Job {
                page,
                html: part.files.get(page).map(Vec::as_slice).unwrap_or_default(),
                pdf: path,
            };
            let typesetter = (self.typesetter_for)(path)?;
            let key = typesetter.cache_key(job.html);
            if let Some(file) = self.cache.and_then(|cache| pdf::cached_file(cache, &key)) {
                copied.push((path.clone(), file));
                self.keys.lock().unwrap_or_else(PoisonError::into_inner).insert(key);
                self.stats.lock().unwrap_or_else(PoisonError::into_inner).reused += 1;
                continue;
            }
            let (mut pdfs, stats) = pdf::typeset_each(std::slice::from_ref(&job), &[typesetter], self.cache, false)?;
            {
                let mut total = self.stats.lock().unwrap_or_else(PoisonError::into_inner);
                total.typeset += stats.typeset;
                total.reused += stats.reused;
            }
            // Typeset now and stored in the cache: linked from there like the PDFs found in it.
            match self.cache.and_then(|cache| pdf::cached_file(cache, &key)) {
                Some(file) => copied.push((path.clone(), file)),
                None => made.extend(pdfs.pop().map(|bytes| (path.clone(), bytes))),
            }
            self.keys.lock().unwrap_or_else(PoisonError::into_inner).insert(key);
        }
        part.files.extend(made);
        part.copied.extend(copied);
        Ok(())
    }

    /// Once every part is made: when the build made every corporation's pages (so knows every PDF
    /// the site still uses), removes every other PDF from the cache.
    pub(crate) fn finish(&self, whole: bool) -> Result<()> {
        match self.cache.filter(|_| whole) {
            Some(cache) => pdf::prune_cache(cache, &self.keys.lock().unwrap_or_else(PoisonError::into_inner)),
            None => Ok(()),
        }
    }
}
