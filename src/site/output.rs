//! The kinds of output a site is made of, behind one trait: pages, change pages, feeds, the index,
//! the manifest, assets and PDFs each are a small type, so a new output is a new type.

use minijinja::context;
use minijinja::value::Value;
use rayon::prelude::*;

use crate::content::Content;
use crate::content::date::Date;
use crate::error::Result;
use crate::render::Renderer;
use crate::site::files::SiteFiles;
use crate::site::incremental::FeedCache;
use crate::site::routes::Route;
use crate::site::views::CorporationView;

/// Everything an output may use: the content, the renderer, and the corporations built this run.
pub(crate) struct BuildContext<'a> {
    /// All content of the site.
    pub(crate) content: &'a Content,
    /// The theme's templates and locale.
    pub(crate) renderer: &'a Renderer,
    /// Whether drafts are built.
    pub(crate) drafts: bool,
    /// The day the site is built for.
    pub(crate) today: Date,
    /// The corporations whose pages are (re)built in this run, with their versions' views.
    pub(crate) changed: Vec<CorporationView<'a>>,
    /// The `site` value of every template.
    pub(crate) site_value: Value,
    /// The absolute address of the pages of this language, ending in `/`: the site's own for the
    /// default language, its folder (`…/en/`) for another.
    pub(crate) base_url: String,
    /// The site's absolute address, ending in `/`, for the files every language shares.
    pub(crate) root_url: String,
    /// The language of the pages (`nl`).
    pub(crate) language: &'a str,
    /// The language the pages are translated into, or `None` for the default language.
    pub(crate) translated_into: Option<&'a str>,
    /// The locale of the pages.
    pub(crate) locale: &'a crate::render::locale::Locale,
    /// The site feed's entries of corporations kept from the last build, and those made now.
    pub(crate) feed: &'a FeedCache,
}

impl BuildContext<'_> {
    /// The `page` value of a template rendered at `route`: the way back to the root, its own path,
    /// and itself as its canonical address.
    pub(crate) fn page(&self, route: Route<'_>, noindex: bool) -> Value {
        context! {
            root => route.root(),
            path => route.path(),
            canonical => format!("{}{}", self.base_url, route.path()),
            noindex => noindex,
        }
    }

    /// Runs `render` for every corporation of this run, in parallel, each into a part of the site of
    /// its own that is then added to `site`; `render` also sees the site as it was before (`done`).
    /// The result does not depend on the order the parts are made in.
    pub(crate) fn each_corporation(
        &self,
        site: &mut SiteFiles,
        render: impl Fn(&CorporationView<'_>, &SiteFiles, &mut SiteFiles) -> Result<()> + Sync,
    ) -> Result<()> {
        let done: &SiteFiles = site;
        let parts: Vec<SiteFiles> = self
            .changed
            .par_iter()
            .map(|corporation| {
                let mut part = SiteFiles::default();
                render(corporation, done, &mut part)?;
                Ok(part)
            })
            .collect::<Result<_>>()?;
        for part in parts {
            site.absorb(part);
        }
        Ok(())
    }
}

/// Runs `render` for each of `items` (the versions of one corporation), in parallel, each into a
/// part of the site of its own that is then added to `site`: a corporation rendered alone (the
/// preview's after a save) still uses every core. The result does not depend on the order.
pub(crate) fn each_in_parallel<T: Sync>(
    items: &[T],
    site: &mut SiteFiles,
    render: impl Fn(&T, &mut SiteFiles) -> Result<()> + Sync,
) -> Result<()> {
    let parts: Vec<SiteFiles> = items
        .par_iter()
        .map(|item| {
            let mut part = SiteFiles::default();
            render(item, &mut part)?;
            Ok(part)
        })
        .collect::<Result<_>>()?;
    for part in parts {
        site.absorb(part);
    }
    Ok(())
}

/// One kind of output: adds its files to the site.
pub(crate) trait Output {
    /// Adds this output's files for the corporations in `build.changed`, and its site-wide files.
    fn add(&self, build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()>;
}
