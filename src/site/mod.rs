//! The site stage: the whole site as a set of files, each output path decided by one [`routes`]
//! module, each kind of output one small type behind [`output::Output`], and the set written to
//! disk so that a failed build never touches `output/`.
//!
//! Building is a pure function from content and theme to [`SiteFiles`]; [`write`] puts the files in
//! place by building into a temporary folder beside the output folder and swapping it in.

mod announcements;
mod builder;
mod changes;
mod data;
mod dpv;
mod feed_memo;
mod feeds;
mod files;
mod host;
mod incremental;
mod languages;
mod manifest;
mod output;
mod pages;
mod pdfs;
mod preview;
pub mod routes;
mod sector;
mod staging;
mod views;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub use self::builder::{Announcement, BuildOptions, Builder, themes_dir};
pub use self::files::{SiteFiles, Stamp, write, write_reusing};
pub use self::incremental::FeedCache;
pub(crate) use self::languages::translated;
use self::pdfs::Pdfs;
pub use self::preview::{PreviewBuilt, build_preview};
use crate::content::Content;
use crate::error::{Error, Result};
use crate::pdf::PdfStats;

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
    build_checked(&content, options, None, pdf_cache)
}

/// Renders checked `content` and typesets its PDFs. With `only`, just the pages and PDFs of those
/// corporations (and their other documents) are made, a shard of the site: the files that list
/// every corporation (index, site feed, manifest, sitemap, 404, robots, assets) are made in full
/// from all the content, the same in every shard, so shards built apart add up to the whole site.
pub fn build_checked(
    content: &Content,
    options: BuildOptions,
    only: Option<&[String]>,
    pdf_cache: Option<&Path>,
) -> Result<(SiteFiles, PdfStats)> {
    let built = build_into(content, options, only, pdf_cache, None)?;
    Ok((built.site, built.pdfs))
}

/// A build made for an output folder, to be written there with [`Built::write`].
pub struct Built {
    /// The files made, and those kept from the output being replaced.
    pub site: SiteFiles,
    /// How many PDFs were typeset and how many were unchanged.
    pub pdfs: PdfStats,
    /// The corporations whose pages were rendered, by slug.
    pub rendered: Vec<String>,
    /// The corporations whose files were kept from the output, unrendered, by slug.
    pub kept: Vec<String>,
    cache: Option<(incremental::PageCache, incremental::Plan, incremental::FeedCache)>,
}

impl Built {
    /// Writes the site to `out` (see [`write`]), then remembers in the page cache what each
    /// rendered corporation's files are, so that the next build into `out` can keep them.
    pub fn write(&self, out: &Path) -> Result<()> {
        let spare = self.cache.as_ref().map(|(cache, _, _)| cache.spare());
        write_reusing(&self.site, out, spare.as_deref())?;
        match &self.cache {
            Some((cache, plan, feed)) => cache.save(plan, &self.site, feed, out),
            None => Ok(()),
        }
    }

    /// Where to keep lint findings, and the page-cache key of every corporation built, when the
    /// build had a page cache.
    pub fn lint_keys(&self) -> Option<(PathBuf, &BTreeMap<String, String>)> {
        self.cache.as_ref().map(|(cache, plan, _)| (cache.lints(), plan.keys()))
    }
}

/// [`build_checked`] for the output folder `out`: with a PDF cache and `out` given, a corporation
/// whose inputs did not change since the last build into `out` is not rendered again, and its files
/// there are kept (see [`Built`]).
pub fn build_into(
    content: &Content,
    options: BuildOptions,
    only: Option<&[String]>,
    pdf_cache: Option<&Path>,
    out: Option<&Path>,
) -> Result<Built> {
    let slugs: BTreeSet<&str> = match only {
        None => content.corporations.iter().map(|c| c.corporation_slug()).collect(),
        Some(only) => only
            .iter()
            .map(|slug| known_slug(content, slug))
            .collect::<Result<_>>()?,
    };
    let builder = Builder::new(content, options)?;
    let cache = match (pdf_cache, out) {
        (Some(dir), Some(out)) => {
            let _span = crate::trace::span("page cache plan");
            let cache = incremental::PageCache::new(dir, out, content, builder.theme(), options.drafts);
            let plan = cache.plan(content, &slugs, out, options.today);
            Some((cache, plan))
        }
        _ => None,
    };
    let (rendered, feed) = match &cache {
        Some((cache, plan)) => (plan.rendered(&slugs), cache.feed(plan)),
        None => (slugs.clone(), incremental::FeedCache::default()),
    };
    let pdfs = Pdfs::new(builder.typesetters()?, pdf_cache);
    let mut site = builder.render_with(content, &rendered, &pdfs, &feed)?;
    let mut stats = pdfs.stats();
    let kept = match &cache {
        Some((_, plan)) => {
            plan.keep_into(&mut site, &mut stats);
            plan.kept().map(str::to_owned).collect()
        }
        None => Vec::new(),
    };
    crate::trace::note(|| format!("rendered {}, kept {}", rendered.len(), kept.len()));
    Ok(Built {
        site,
        pdfs: stats,
        rendered: rendered.iter().map(|s| (*s).to_owned()).collect(),
        kept,
        cache: cache.map(|(cache, plan)| (cache, plan, feed)),
    })
}

/// `slug` when it names a corporation of `content`; an error that names the closest one otherwise.
fn known_slug<'a>(content: &'a Content, slug: &str) -> Result<&'a str> {
    let slugs = || content.corporations.iter().map(|c| c.corporation_slug());
    slugs().find(|known| *known == slug).ok_or_else(|| {
        Error::command(
            msg!(
                "there is no corporation `{slug}` in {dir}",
                slug,
                dir = content.dir.display()
            ),
            msg!(
                "{did_you_mean}--only takes the names of corporation folders, as in `content/<slug>/`",
                did_you_mean = crate::suggest::did_you_mean(slug, slugs())
            ),
        )
    })
}
