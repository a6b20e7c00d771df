//! The preview's whole build: every page (no PDFs) into the preview's own folder, through the page
//! cache of that folder, so that a corporation unchanged since the last preview is kept, not rendered.

use std::collections::BTreeSet;
use std::path::Path;

use crate::content::Content;
use crate::content::date::Date;
use crate::error::Result;
use crate::pdf::PdfStats;
use crate::site::builder::Builder;
use crate::site::files::SiteFiles;
use crate::site::incremental::{FeedCache, PageCache};
use crate::site::sink::Sink;
use crate::site::stream::Stage;

/// What a whole preview build did.
pub struct PreviewBuilt {
    /// How many corporations were rendered.
    pub rendered: usize,
    /// How many corporations kept their files from the last preview.
    pub kept: usize,
    /// The site feed's entries of every corporation, for the renders after a save.
    pub feed: FeedCache,
}

/// Renders every page of `content` (drafts included, as of `today`, which `builder` was made for)
/// into the folder `out`, keeping from the page cache in `cache_dir` the files of each corporation
/// whose inputs are unchanged, and swapping the new folder in at once (see [`Stage`]).
/// PDFs are not made: the preview typesets one when it is opened.
pub fn build_preview(
    builder: &Builder,
    content: &Content,
    cache_dir: &Path,
    out: &Path,
    today: Date,
) -> Result<PreviewBuilt> {
    let slugs: BTreeSet<&str> = content.corporations.iter().map(|c| c.corporation_slug()).collect();
    let cache = PageCache::new(cache_dir, out, content, builder.theme(), true);
    let stage = Stage::open(out, Some(&cache.spare()))?;
    let mut plan = {
        let _span = crate::trace::span("preview: page cache plan");
        cache.plan(content, &slugs, out, today)
    };
    let rendered = plan.rendered(&slugs);
    let feed = cache.feed(&mut plan);
    {
        let _span = crate::trace::span("preview: render");
        builder.render_into(content, &rendered, None, &feed, &stage)?;
    }
    let mut linked = SiteFiles::default();
    plan.keep_into(&mut linked, &mut PdfStats::default());
    stage.put(linked)?;
    {
        let _span = crate::trace::span("preview: write");
        stage.finish()?;
    }
    let saved = {
        let _span = crate::trace::span("preview: page cache save");
        cache.save(&plan, &stage.made(), &feed, out)
    };
    stage.release();
    saved?;
    Ok(PreviewBuilt {
        rendered: rendered.len(),
        kept: plan.kept().count(),
        feed: feed.into_update(&BTreeSet::new()),
    })
}
