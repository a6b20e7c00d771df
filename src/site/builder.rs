//! The site builder: a theme's templates and locale prepared once, then every output rendered from
//! the content, again and again for the preview.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use minijinja::context;
use minijinja::value::{Serde, Value};
use rayon::prelude::*;

use crate::content::date::Date;
use crate::content::model::SiteConfig;
use crate::content::{Content, Corporation, Version};
use crate::diff::{self, Change};
use crate::error::{Error, Result};
use crate::pdf::Typesetter;
use crate::render::Renderer;
use crate::render::locale::Locale;
use crate::render::theme::{Theme, fingerprinted_name};
use crate::site::announcements::{self, Announcements, needs_announcement};
use crate::site::changes::{Changelogs, VersionChangePages};
use crate::site::data::{FactsFiles, FactsSchema};
use crate::site::dpv::DpvExports;
use crate::site::feeds::{Feeds, SiteFeed};
use crate::site::files::SiteFiles;
use crate::site::host::{NotFoundPage, Robots, Sitemap};
use crate::site::incremental::FeedCache;
use crate::site::languages::{OtherLanguage, in_folder, language_list, outside_folder, translated};
use crate::site::manifest::Manifest;
use crate::site::output::{BuildContext, Output};
use crate::site::pages::{Assets, IndexPage, StatementPages};
use crate::site::pdfs::Pdfs;
use crate::site::routes::{LANGUAGE_TO_ROOT, Route, in_language};
use crate::site::sector::SectorView;
use crate::site::sink::{InMemory, Sink};
use crate::site::views::{CorporationView, change_views};

/// One language of a build: its code, templates and wording, and which other language it is
/// (`None` for the default).
type Language<'a> = (&'a str, &'a Renderer, &'a Locale, Option<&'a OtherLanguage>);

/// What each corporation's pages are made of, in order: a change page compares the statement
/// pages made before it.
const CORPORATION_OUTPUTS: [&dyn Output; 7] = [
    &StatementPages,
    &VersionChangePages,
    &Announcements,
    &Changelogs,
    &Feeds,
    &FactsFiles,
    &DpvExports,
];

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
    /// The languages besides the default, each with its own wording and pages under its folder.
    languages: Vec<OtherLanguage>,
    drafts: bool,
    today: Date,
    /// Made on first use: the preview typesets a PDF only when someone asks for it.
    typesetter: OnceLock<Typesetter>,
}

impl Builder {
    /// Resolves the theme that `content`'s settings name and prepares its templates.
    pub fn new(content: &Content, options: BuildOptions) -> Result<Builder> {
        let theme = Theme::load(&themes_dir(&content.dir), &content.config.theme)?;
        let locale = Locale::load(&theme, content.config.default_language())?;
        let assets = asset_paths(&theme);
        let languages = content
            .config
            .other_languages()
            .into_iter()
            .map(|code| OtherLanguage::new(&theme, code, &assets))
            .collect::<Result<Vec<_>>>()?;
        let renderer = Renderer::new(&theme, &locale, assets)?;
        Ok(Builder {
            theme,
            locale,
            renderer,
            languages,
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

    /// The `site` value every page template gets, for the pages in `language` (`None`: the default).
    fn site_value(&self, language: Option<&OtherLanguage>) -> Value {
        let base_url = self.base_url();
        let own = language.and_then(|l| self.config.translations.get(&l.code));
        context! {
            title => own.and_then(|t| t.title.as_ref()).unwrap_or(&self.config.title),
            description => own.and_then(|t| t.description.as_ref()).or(self.config.description.as_ref()),
            language => language.map_or(self.config.default_language(), |l| l.code.as_str()),
            base_url => format!("{base_url}{}", in_language(language.map(|l| l.code.as_str()), "")),
            root_url => &base_url,
            feed_path => Route::SiteFeed.path(),
            languages => language_list((self.config.default_language(), &self.locale), &self.languages),
            to_root => if language.is_some() { LANGUAGE_TO_ROOT } else { "" },
        }
    }

    /// The preview's page for a path that does not exist (yet), in the site's own title and language.
    pub fn render_not_found(&self, path: &str) -> Result<String> {
        self.renderer.render(
            "serve/not_found.html",
            context! {
                site => self.site_value(None),
                page => context! { root => "/", path => path, canonical => "", single => true },
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

    /// The typesetter for the PDF at `path`: that of the language whose folder it is in.
    pub fn typesetter_for(&self, path: &str) -> Result<&Typesetter> {
        match self
            .languages
            .iter()
            .find(|l| path.starts_with(&in_language(Some(&l.code), "")))
        {
            Some(language) => language.typesetter(&self.theme),
            None => self.typesetter(),
        }
    }

    /// Renders every page of the site, without PDFs (the preview typesets a PDF when it is opened).
    pub fn render(&self, content: &Content) -> Result<SiteFiles> {
        self.render_keeping(content, &FeedCache::default())
    }

    /// [`Builder::render`], remembering in `feed` the site feed's entries of every corporation, for
    /// [`Builder::render_update_keeping`].
    pub fn render_keeping(&self, content: &Content, feed: &FeedCache) -> Result<SiteFiles> {
        let slugs: BTreeSet<&str> = content.corporations.iter().map(|c| c.slug.as_str()).collect();
        self.render_in_memory(content, &SiteFiles::default(), &slugs, feed)
    }

    /// Renders the pages of the corporations in `slugs`, each with its PDFs when `pdfs` is given
    /// (the preview makes a PDF only when it is opened), into `sink` as each corporation is done,
    /// then the site-wide files.
    pub(crate) fn render_into(
        &self,
        content: &Content,
        slugs: &BTreeSet<&str>,
        pdfs: Option<&Pdfs<'_>>,
        feed: &FeedCache,
        sink: &dyn Sink,
    ) -> Result<()> {
        self.render_outputs(content, &SiteFiles::default(), slugs, pdfs, feed, sink)
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
        self.render_in_memory(content, previous, changed, &FeedCache::default())
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
        self.render_in_memory(content, previous, changed, feed)
    }

    /// The site as one set of files in memory, without PDFs: the files of the corporations in
    /// `changed` rendered, those of the others taken from `previous`.
    fn render_in_memory(
        &self,
        content: &Content,
        previous: &SiteFiles,
        changed: &BTreeSet<&str>,
        feed: &FeedCache,
    ) -> Result<SiteFiles> {
        let sink = InMemory::default();
        self.render_outputs(content, previous, changed, None, feed, &sink)?;
        Ok(sink.into_site())
    }

    /// Every output for the corporations in `changed`, into `sink`: the files of `previous` of the
    /// others first, then each corporation's files (with their PDFs, given `pdfs`) as it is done,
    /// then the site-wide files; in the default language, then in each other one.
    fn render_outputs(
        &self,
        content: &Content,
        previous: &SiteFiles,
        changed: &BTreeSet<&str>,
        pdfs: Option<&Pdfs<'_>>,
        feed: &FeedCache,
        sink: &dyn Sink,
    ) -> Result<()> {
        let kept: BTreeSet<&str> = content
            .corporations
            .iter()
            .map(|c| c.corporation_slug())
            .filter(|slug| !changed.contains(slug))
            .collect();
        let is_kept = |path: &str| {
            let path = outside_folder(path, &self.languages);
            path.split_once('/').is_some_and(|(slug, _)| kept.contains(slug))
        };
        let mut part = SiteFiles::default();
        for (path, bytes) in previous.files.iter().filter(|(path, _)| is_kept(path)) {
            part.files.insert(path.clone(), bytes.clone());
        }
        for (pdf, page) in previous.pdfs.iter().filter(|(pdf, _)| is_kept(pdf)) {
            part.pdfs.insert(pdf.clone(), page.clone());
        }
        sink.put(part)?;
        let assets = Assets { theme: &self.theme };
        let site_wide: [&dyn Output; 9] = [
            &IndexPage,
            &SiteFeed,
            &assets,
            &Manifest,
            &FactsSchema,
            &NotFoundPage,
            &Sitemap,
            &Robots,
            &SectorView,
        ];
        let default = (self.config.default_language(), &self.renderer, &self.locale, None);
        self.render_language(content, changed, default, &site_wide, pdfs, feed, sink)?;
        // Each other language mirrors the pages (not the files every language shares) in its folder.
        let in_each: [&dyn Output; 4] = [&IndexPage, &SiteFeed, &Manifest, &SectorView];
        for language in &self.languages {
            let translated = translated(content, &language.code);
            let this = (
                language.code.as_str(),
                &language.renderer,
                &language.locale,
                Some(language),
            );
            self.render_language(&translated, changed, this, &in_each, pdfs, feed, sink)?;
        }
        Ok(())
    }

    /// The build context of the pages of `corporations` in one language.
    fn context<'a>(
        &'a self,
        content: &'a Content,
        corporations: &[&'a Corporation],
        (code, renderer, locale, other): Language<'a>,
        feed: &'a FeedCache,
    ) -> Result<BuildContext<'a>> {
        let root_url = self.base_url();
        let base_url = format!("{root_url}{}", in_language(other.map(|l| l.code.as_str()), ""));
        let changed = corporations
            .iter()
            .map(|c| CorporationView::new(c, content, renderer, &base_url, self.drafts, self.today))
            .collect::<Result<Vec<_>>>()?;
        Ok(BuildContext {
            content,
            renderer,
            drafts: self.drafts,
            today: self.today,
            changed,
            site_value: self.site_value(other),
            base_url,
            root_url,
            language: code,
            translated_into: other.map(|l| l.code.as_str()),
            locale,
            feed,
        })
    }

    /// Puts into `sink` the files of each corporation in `changed` in one language, as each is done
    /// (in parallel, each with its PDFs when `pdfs` is given), then the `site_wide` files.
    #[allow(clippy::too_many_arguments)]
    fn render_language(
        &self,
        content: &Content,
        changed: &BTreeSet<&str>,
        language: Language<'_>,
        site_wide: &[&dyn Output],
        pdfs: Option<&Pdfs<'_>>,
        feed: &FeedCache,
        sink: &dyn Sink,
    ) -> Result<()> {
        let folder = language.3.map(|l| l.code.as_str());
        let corporations: Vec<&Corporation> = content
            .corporations
            .iter()
            .filter(|c| changed.contains(c.corporation_slug()))
            .collect();
        let each = || {
            corporations.par_iter().try_for_each(|corporation| {
                let build = self.context(content, &[corporation], language, feed)?;
                let mut part = SiteFiles::default();
                for output in CORPORATION_OUTPUTS {
                    output.add(&build, &mut part)?;
                }
                let mut part = in_folder(part, folder);
                if let Some(pdfs) = pdfs {
                    pdfs.typeset(&mut part)?;
                }
                sink.put(part)
            })
        };
        {
            let _span = crate::trace::span("render corporations");
            match pdfs {
                // Typesetting waits for typst, which runs work on rayon's global pool: the
                // corporations run on a pool of their own, so that a corporation waiting for its PDF
                // never holds a thread that typst needs.
                Some(_) => rayon::ThreadPoolBuilder::new()
                    .build()
                    .map_err(|e| {
                        Error::command(
                            msg!("cannot start the threads of the build: {e}", e),
                            msg!("build again"),
                        )
                    })?
                    .install(each)?,
                None => each()?,
            }
        }
        let _span = crate::trace::span("render site-wide files");
        let build = self.context(content, &[], language, feed)?;
        let mut part = SiteFiles::default();
        for output in site_wide {
            output.add(&build, &mut part)?;
        }
        sink.put(in_folder(part, folder))
    }

    /// The announcement of version `id` of `slug` as Markdown and as plain text, or `None` when the
    /// version changes nothing fundamentally and needs no announcement.
    pub fn announcement(&self, content: &Content, slug: &str, id: &str) -> Result<Option<Announcement>> {
        let Some(corporation) = content.corporation(slug) else {
            return Err(Error::command(
                msg!("there is no corporation `{slug}`", slug),
                msg!("run `verklaar check` to see the corporations"),
            ));
        };
        let base_url = self.base_url();
        let view = CorporationView::new(corporation, content, &self.renderer, &base_url, false, self.today)?;
        let Some(version) = view.views.iter().find(|v| v.id == id) else {
            let ids: Vec<&str> = corporation.versions.iter().map(|v| v.id.as_str()).collect();
            return Err(Error::command(
                msg!("{slug} has no published version `{id}`", slug, id),
                msg!("the published versions are: {ids}", ids = ids.join(", ")),
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
