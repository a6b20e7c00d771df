//! The site builder: a theme's templates and locale prepared once, then every output rendered from
//! the content, again and again for the preview.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use minijinja::context;
use minijinja::value::{Serde, Value};

use crate::content::date::Date;
use crate::content::model::SiteConfig;
use crate::content::{Content, Version};
use crate::diff::{self, Change};
use crate::error::{Error, Result};
use crate::pdf::Typesetter;
use crate::render::Renderer;
use crate::render::locale::Locale;
use crate::render::theme::{Theme, fingerprinted_name};
use crate::site::announcements::{self, Announcements, needs_announcement};
use crate::site::changes::{Changelogs, VersionChangePages};
use crate::site::data::FactsFiles;
use crate::site::dpv::DpvExports;
use crate::site::feeds::Feeds;
use crate::site::files::SiteFiles;
use crate::site::host::{NotFoundPage, Robots, Sitemap};
use crate::site::incremental::FeedCache;
use crate::site::manifest::Manifest;
use crate::site::output::{BuildContext, Output};
use crate::site::pages::{Assets, IndexPage, StatementPages};
use crate::site::routes::Route;
use crate::site::views::{CorporationView, change_views};

/// What to build, and as of which day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildOptions {
    /// Whether each corporation's draft is rendered too, at `<slug>/draft/`, marked as a draft.
    pub drafts: bool,
    /// The day the site is built for: the newest version published on or before it is current,
    /// later ones are announced as upcoming.
    pub today: Date,
}

/// A version's announcement, to send before it applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    /// As Markdown, for a news item on the corporation's website.
    pub markdown: String,
    /// As plain text, for a letter or an e-mail.
    pub text: String,
}

/// Renders sites with one theme; its templates are parsed once and reused for every page and every
/// rebuild, until the theme or the site settings change.
pub struct Builder {
    theme: Theme,
    locale: Locale,
    renderer: Renderer,
    config: SiteConfig,
    drafts: bool,
    today: Date,
    /// Made on first use: the preview typesets a PDF only when someone asks for it.
    typesetter: OnceLock<Typesetter>,
}

impl Builder {
    /// Resolves the theme that `content`'s settings name and prepares its templates.
    pub fn new(content: &Content, options: BuildOptions) -> Result<Builder> {
        let theme = Theme::load(&themes_dir(&content.dir), &content.config.theme)?;
        let locale = Locale::load(&theme, &content.config.language)?;
        let renderer = Renderer::new(&theme, &locale, asset_paths(&theme))?;
        Ok(Builder {
            theme,
            locale,
            renderer,
            config: content.config.clone(),
            drafts: options.drafts,
            today: options.today,
            typesetter: OnceLock::new(),
        })
    }

    /// Whether this builder was made for the settings of `content`; if not, make a new one.
    pub fn fits(&self, content: &Content) -> bool {
        self.config == content.config
    }

    /// The template renderer of the theme.
    pub fn renderer(&self) -> &Renderer {
        &self.renderer
    }

    /// The theme in use.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// The site's absolute address, ending in `/`.
    fn base_url(&self) -> String {
        with_trailing_slash(&self.config.base_url)
    }

    /// The `site` value every page template gets.
    fn site_value(&self) -> Value {
        context! {
            title => &self.config.title,
            description => &self.config.description,
            language => &self.config.language,
            base_url => self.base_url(),
            feed_path => Route::SiteFeed.path(),
        }
    }

    /// The preview's page for a path that does not exist (yet), in the site's own title and language.
    pub fn render_not_found(&self, path: &str) -> Result<String> {
        self.renderer.render(
            "serve/not_found.html",
            context! {
                site => self.site_value(),
                page => context! { root => "/", path => path, canonical => "" },
            },
        )
    }

    /// The PDF typesetter of the theme and language, made on first use.
    pub fn typesetter(&self) -> Result<&Typesetter> {
        if let Some(typesetter) = self.typesetter.get() {
            return Ok(typesetter);
        }
        let typesetter = Typesetter::new(&self.theme, &self.locale)?;
        Ok(self.typesetter.get_or_init(|| typesetter))
    }

    /// Renders every page of the site, without PDFs (the preview typesets a PDF when it is opened).
    pub fn render(&self, content: &Content) -> Result<SiteFiles> {
        self.render_keeping(content, &FeedCache::default())
    }

    /// [`Builder::render`], remembering in `feed` the site feed's entries of every corporation, for
    /// [`Builder::render_update_keeping`].
    pub fn render_keeping(&self, content: &Content, feed: &FeedCache) -> Result<SiteFiles> {
        let slugs: BTreeSet<&str> = content.corporations.iter().map(|c| c.slug.as_str()).collect();
        self.render_outputs(content, &SiteFiles::default(), &slugs, None, feed)
    }

    /// Renders the pages of the corporations in `slugs` and the site-wide files, then `last` (the
    /// PDFs of a build).
    pub(crate) fn render_with(
        &self,
        content: &Content,
        slugs: &BTreeSet<&str>,
        last: &dyn Output,
        feed: &FeedCache,
    ) -> Result<SiteFiles> {
        self.render_outputs(content, &SiteFiles::default(), slugs, Some(last), feed)
    }

    /// Renders the pages of the corporations in `changed` (and the pages that list corporations),
    /// keeping every other page of `previous` as it was. A corporation's other documents
    /// (`<slug>/<document>`) are rendered with it: they link to each other.
    pub fn render_update(
        &self,
        content: &Content,
        previous: &SiteFiles,
        changed: &BTreeSet<&str>,
    ) -> Result<SiteFiles> {
        self.render_outputs(content, previous, changed, None, &FeedCache::default())
    }

    /// [`Builder::render_update`], taking the site feed's entries of the corporations not in
    /// `changed` from `feed` (see [`FeedCache::carry`]) instead of making them again.
    pub fn render_update_keeping(
        &self,
        content: &Content,
        previous: &SiteFiles,
        changed: &BTreeSet<&str>,
        feed: &FeedCache,
    ) -> Result<SiteFiles> {
        self.render_outputs(content, previous, changed, None, feed)
    }

    /// Every output, in order, for the corporations in `changed`; `last` runs after them.
    fn render_outputs(
        &self,
        content: &Content,
        previous: &SiteFiles,
        changed: &BTreeSet<&str>,
        last: Option<&dyn Output>,
        feed: &FeedCache,
    ) -> Result<SiteFiles> {
        let mut site = SiteFiles::default();
        let kept: BTreeSet<&str> = content
            .corporations
            .iter()
            .map(|c| c.corporation_slug())
            .filter(|slug| !changed.contains(slug))
            .collect();
        let is_kept = |path: &str| path.split_once('/').is_some_and(|(slug, _)| kept.contains(slug));
        for (path, bytes) in previous.files.iter().filter(|(path, _)| is_kept(path)) {
            site.files.insert(path.clone(), bytes.clone());
        }
        for (pdf, page) in previous.pdfs.iter().filter(|(pdf, _)| is_kept(pdf)) {
            site.pdfs.insert(pdf.clone(), page.clone());
        }
        let base_url = self.base_url();
        let views = crate::trace::span("views");
        let changed = content
            .corporations
            .iter()
            .filter(|c| changed.contains(c.corporation_slug()))
            .map(|c| CorporationView::new(c, content, &self.renderer, &base_url, self.drafts, self.today))
            .collect::<Result<Vec<_>>>()?;
        drop(views);
        let build = BuildContext {
            content,
            renderer: &self.renderer,
            drafts: self.drafts,
            today: self.today,
            changed,
            site_value: self.site_value(),
            base_url,
            feed,
        };
        let outputs: [&dyn Output; 13] = [
            &IndexPage,
            &StatementPages,
            &VersionChangePages,
            &Announcements,
            &Changelogs,
            &Feeds,
            &Assets { theme: &self.theme },
            &Manifest,
            &FactsFiles,
            &DpvExports,
            &NotFoundPage,
            &Sitemap,
            &Robots,
        ];
        // Names for the trace only; an output without one (a new one) is traced by its place.
        const NAMES: [&str; 13] = [
            "index",
            "statements",
            "change pages",
            "announcements",
            "changelogs",
            "feeds",
            "assets",
            "manifest",
            "facts",
            "dpv",
            "404",
            "sitemap",
            "robots",
        ];
        let count = outputs.len();
        for (place, output) in outputs.into_iter().chain(last).enumerate() {
            let started = std::time::Instant::now();
            output.add(&build, &mut site)?;
            crate::trace::note(|| {
                let name = match NAMES.get(place) {
                    _ if place == count => "pdfs".to_owned(),
                    Some(name) => (*name).to_owned(),
                    None => format!("output {place}"),
                };
                format!("render {name} {:.1} ms", started.elapsed().as_secs_f64() * 1000.0)
            });
        }
        Ok(site)
    }

    /// The announcement of version `id` of `slug` as Markdown and as plain text, or `None` when the
    /// version changes nothing fundamentally and needs no announcement.
    pub fn announcement(&self, content: &Content, slug: &str, id: &str) -> Result<Option<Announcement>> {
        let Some(corporation) = content.corporation(slug) else {
            return Err(Error::command(
                format!("there is no corporation `{slug}`"),
                "run `verklaar check` to see the corporations",
            ));
        };
        let base_url = self.base_url();
        let view = CorporationView::new(corporation, content, &self.renderer, &base_url, false, self.today)?;
        let Some(version) = view.views.iter().find(|v| v.id == id) else {
            let ids: Vec<&str> = corporation.versions.iter().map(|v| v.id.as_str()).collect();
            return Err(Error::command(
                format!("{slug} has no published version `{id}`"),
                format!("the published versions are: {}", ids.join(", ")),
            ));
        };
        if !needs_announcement(version) {
            return Ok(None);
        }
        let markdown = announcements::render(&self.renderer, &view, version, &base_url, "announcement.md", None)?;
        let text = announcements::render(&self.renderer, &view, version, &base_url, "announcement.txt", None)?;
        Ok(Some(Announcement { markdown, text }))
    }

    /// The header of `verklaar diff` in the theme's words: which versions, how many changes, how
    /// many of them fundamental.
    pub fn diff_header(
        &self,
        slug: &str,
        (from, to): (&str, &str),
        count: usize,
        fundamental: usize,
    ) -> Result<String> {
        let context = context! { slug, from, to, count, fundamental };
        Ok(self
            .renderer
            .render("changes/terminal_header.txt", context)?
            .trim()
            .to_owned())
    }

    /// The fact-level changes between two versions as sentences, for the terminal; a fundamental
    /// one ends with the rule that makes it so, as on the change log.
    pub fn change_sentences(&self, old: &Version, new: &Version) -> Result<Vec<(Change, String)>> {
        let changes = diff::facts(&old.statement, &new.statement);
        let views = change_views(&self.renderer, &changes)?;
        changes
            .into_iter()
            .zip(views)
            .map(|(change, view)| {
                let sentence = match change.reason {
                    Some(reason) => {
                        let why = self
                            .renderer
                            .render("changes/reason.txt", context! { r => Serde(reason) })?;
                        format!("{} ({})", view.sentence, why.trim())
                    }
                    None => view.sentence,
                };
                Ok((change, sentence))
            })
            .collect()
    }
}

/// The path in the site of every asset of `theme`, by its name in the theme: its fingerprinted name
/// under `assets/`, for the templates' `asset` filter.
fn asset_paths(theme: &Theme) -> BTreeMap<String, String> {
    theme
        .assets()
        .map(|(name, file)| {
            let path = Route::Asset(&fingerprinted_name(name, &file.content)).path();
            (name.to_owned(), path)
        })
        .collect()
}

/// The folder that holds the themes of a content folder: `themes/` beside it.
pub fn themes_dir(content_dir: &Path) -> std::path::PathBuf {
    content_dir.parent().unwrap_or(Path::new(".")).join("themes")
}

fn with_trailing_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    }
}
