//! The site stage: the whole site as a set of files, each output path decided by one [`routes`]
//! module, each kind of output one small type behind [`output::Output`], and the set written to
//! disk so that a failed build never touches `output/`.
//!
//! Building is a pure function from content and theme to a set of files. The preview keeps the
//! set in memory ([`SiteFiles`]); `build` writes each corporation's files into a staging folder
//! beside the output as soon as they are made ([`build_into`]) and swaps it in at the end.

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
mod sink;
mod staging;
mod stream;
mod views;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub use self::builder::{Announcement, BuildOptions, Builder, themes_dir};
pub use self::files::{SiteFiles, Stamp};
pub use self::incremental::FeedCache;
pub(crate) use self::languages::translated;
use self::pdfs::Pdfs;
pub use self::preview::{PreviewBuilt, build_preview};
use self::stream::Stage;
pub use self::stream::{write, write_reusing};
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
    let slugs = shard(content, only)?;
    let builder = Builder::new(content, options)?;
    let typesetter_for = |path: &str| builder.typesetter_for(path);
    let pdfs = Pdfs::new(&typesetter_for, pdf_cache);
    let sink = sink::InMemory::default();
    builder.render_into(content, &slugs, Some(&pdfs), &incremental::FeedCache::default(), &sink)?;
    pdfs.finish(whole(content, &slugs))?;
    Ok((sink.into_site(), pdfs.stats()))
}

/// A build written into its output folder as it was made (see [`build_into`]); [`Built::write`]
/// puts it in the output's place.
pub struct Built {
    /// How many PDFs were typeset and how many were unchanged.
    pub pdfs: PdfStats,
    /// The corporations whose pages were rendered, by slug.
    pub rendered: Vec<String>,
    /// The corporations whose files were kept from the output, unrendered, by slug.
    pub kept: Vec<String>,
    stage: Stage,
    cache: Option<(incremental::PageCache, incremental::Plan, incremental::FeedCache)>,
}

impl Built {
    /// Puts the build in the place of the output (see [`write`]), then remembers in the page cache
    /// what each rendered corporation's files are, so that the next build into the output can keep
    /// them; then lets the next build into the same output go ahead.
    pub fn write(&self) -> Result<()> {
        self.stage.finish()?;
        let saved = match &self.cache {
            Some((cache, plan, feed)) => cache.save(plan, &self.stage.made(), feed, self.stage.out()),
            None => Ok(()),
        };
        self.stage.release();
        saved
    }

    /// How many files the site has: made this build and kept from the output.
    pub fn files(&self) -> usize {
        self.stage.count()
    }

    /// Where to keep lint findings, and the page-cache key of every corporation built, when the
    /// build had a page cache.
    pub fn lint_keys(&self) -> Option<(PathBuf, &BTreeMap<String, String>)> {
        self.cache.as_ref().map(|(cache, plan, _)| (cache.lints(), plan.keys()))
    }
}

/// [`build_checked`] for the output folder `out`, each corporation's files written into the staging
/// folder beside `out` as soon as they are made, so that the site is never in memory as a whole;
/// the builds into `out` take turns from here until [`Built::write`]. With a PDF cache, a
/// corporation whose inputs did not change since the last build into `out` is not rendered again,
/// and its files there are kept (see [`Built`]).
pub fn build_into(
    content: &Content,
    options: BuildOptions,
    only: Option<&[String]>,
    pdf_cache: Option<&Path>,
    out: &Path,
) -> Result<Built> {
    let slugs = shard(content, only)?;
    let builder = Builder::new(content, options)?;
    let cache = pdf_cache.map(|dir| incremental::PageCache::new(dir, out, content, builder.theme(), options.drafts));
    let stage = Stage::open(out, cache.as_ref().map(|cache| cache.spare()).as_deref())?;
    let mut cache = cache.map(|cache| {
        let _span = crate::trace::span("page cache plan");
        let plan = cache.plan(content, &slugs, out, options.today);
        (cache, plan)
    });
    let (rendered, feed) = match &mut cache {
        Some((cache, plan)) => (plan.rendered(&slugs), cache.feed(plan)),
        None => (slugs.clone(), incremental::FeedCache::default()),
    };
    let typesetter_for = |path: &str| builder.typesetter_for(path);
    let pdfs = Pdfs::new(&typesetter_for, pdf_cache);
    builder.render_into(content, &rendered, Some(&pdfs), &feed, &stage)?;
    pdfs.finish(whole(content, &rendered))?;
    let mut stats = pdfs.stats();
    let kept = match &cache {
        Some((_, plan)) => {
            let mut linked = SiteFiles::default();
            plan.keep_into(&mut linked, &mut stats);
            sink::Sink::put(&stage, linked)?;
            plan.kept().map(str::to_owned).collect()
        }
        None => Vec::new(),
    };
    crate::trace::note(|| format!("rendered {}, kept {}", rendered.len(), kept.len()));
    Ok(Built {
        pdfs: stats,
        rendered: rendered.iter().map(|s| (*s).to_owned()).collect(),
        kept,
        stage,
        cache: cache.map(|(cache, plan)| (cache, plan, feed)),
    })
}

/// The corporations a build makes: all, or those `only` names (each of which must exist).
fn shard<'a>(content: &'a Content, only: Option<&[String]>) -> Result<BTreeSet<&'a str>> {
    match only {
        None => Ok(content.corporations.iter().map(|c| c.corporation_slug()).collect()),
        Some(only) => only.iter().map(|slug| known_slug(content, slug)).collect(),
    }
}

/// Whether `slugs` are all the corporations of `content`: then the build knows every PDF the site
/// still uses.
fn whole(content: &Content, slugs: &BTreeSet<&str>) -> bool {
    content
        .corporations
        .iter()
        .all(|c| slugs.contains(c.corporation_slug()))
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
