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
use crate::site::languages::{OtherLanguage, add_in_folder, language_list, outside_folder, translated};
use crate::site::manifest::Manifest;
use crate::site::output::{BuildContext, Output};
use crate::site::pages::{Assets, IndexPage, StatementPages};
use crate::site::routes::{LANGUAGE_TO_ROOT, Route, in_language};
use crate::site::sector::SectorView;
use crate::site::views::{CorporationView, change_views};

/// One language of a build: its code, templates and wording, and which other language it is
/// (`None` for the default).
type Language<'a> = (&'a str, &'a Renderer, &'a Locale, Option<&'a OtherLanguage>);

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

    /// The typesetter of the default language, and of each other language by its folder (`en/`).
    pub(crate) fn typesetters(&self) -> Result<(&Typesetter, Vec<(String, &Typesetter)>)> {
        let others = self
            .languages
            .iter()
            .map(|l| Ok((in_language(Some(&l.code), ""), l.typesetter(&self.theme)?)))
            .collect::<Result<_>>()?;
        Ok((self.typesetter()?, others))
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
        let is_kept = |path: &str| {
            let path = outside_folder(path, &self.languages);
            path.split_once('/').is_some_and(|(slug, _)| kept.contains(slug))
        };
        for (path, bytes) in previous.files.iter().filter(|(path, _)| is_kept(path)) {
            site.files.insert(path.clone(), bytes.clone());
        }
        for (pdf, page) in previous.pdfs.iter().filter(|(pdf, _)| is_kept(pdf)) {
            site.pdfs.insert(pdf.clone(), page.clone());
        }
        // The change pages are made from the statement pages, so those two go in order; every other
        // output reads only the content, and is made at the same time (see `render_language`).
        let chained: [&(dyn Output + Sync); 2] = [&StatementPages, &VersionChangePages];
        let beside: [&(dyn Output + Sync); 12] = [
            &IndexPage,
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
            &SectorView,
        ];
        let default = (self.config.default_language(), &self.renderer, &self.locale, None);
        let build = {
            let _span = crate::trace::span("render: views of the corporations");
            self.context(content, changed, default, feed)?
        };
        render_language(&build, (&chained, &beside), &mut site)?;
        // Each other language mirrors the pages (not the files every language shares) in its folder.
        let translated_beside: [&(dyn Output + Sync); 8] = [
            &IndexPage,
            &Announcements,
            &Changelogs,
            &Feeds,
            &Manifest,
            &FactsFiles,
            &DpvExports,
            &SectorView,
        ];
        for language in &self.languages {
            let translated = translated(content, &language.code);
            let mut part = SiteFiles::default();
            let this = (
                language.code.as_str(),
                &language.renderer,
                &language.locale,
                Some(language),
            );
            let outputs = (&chained[..], &translated_beside[..]);
            let build = self.context(&translated, changed, this, feed)?;
            render_language(&build, outputs, &mut part)?;
            add_in_folder(&mut site, part, &language.code);
        }
        if let Some(last) = last {
            last.add(&build, &mut site)?;
        }
        Ok(site)
    }

    /// The build context of the pages of `changed` in one language.
    fn context<'a>(
        &'a self,
        content: &'a Content,
        changed: &BTreeSet<&str>,
        (code, renderer, locale, other): Language<'a>,
        feed: &'a FeedCache,
    ) -> Result<BuildContext<'a>> {
        let root_url = self.base_url();
        let base_url = format!("{root_url}{}", in_language(other.map(|l| l.code.as_str()), ""));
        // Each corporation's views hold the changes between its versions in words: the diffs of
        // the whole site, made on every core.
        let changed = content
            .corporations
            .par_iter()
            .filter(|c| changed.contains(c.corporation_slug()))
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

/// Adds `outputs` for the pages of one language (that of `build`) to `site`: the first list in
/// order, and at the same time the second (whose outputs read nothing another made), each into a
/// part of its own; the parts hold no path twice, so the site does not depend on the order.
fn render_language(
    build: &BuildContext<'_>,
    (chained, beside): (&[&(dyn Output + Sync)], &[&(dyn Output + Sync)]),
    site: &mut SiteFiles,
) -> Result<()> {
    let run = |outputs: &[&(dyn Output + Sync)]| -> Result<SiteFiles> {
        let mut part = SiteFiles::default();
        for output in outputs {
            let _span = crate::trace::span("render output");
            output.add(build, &mut part)?;
        }
        Ok(part)
    };
    let (first, second) = rayon::join(|| run(chained), || run(beside));
    for part in [first?, second?] {
        site.files.extend(part.files);
        site.pdfs.extend(part.pdfs);
    }
    Ok(())
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
