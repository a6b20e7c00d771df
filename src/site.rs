//! The whole site as a set of files: every output path decided here, every page rendered, the
//! manifest written; and writing that set to disk so that a failed build never touches `output/`.
//!
//! Building is a pure function from content and theme to [`SiteFiles`]; [`write`] puts the files in
//! place by building into a temporary folder beside the output folder and swapping it in.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use minijinja::context;
use minijinja::value::{Serde, Value};
use serde::Serialize;

use crate::date::Date;
use crate::diff::{self, Change, ChangeKind, Materiality, Reason, text};
use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::load::{self, Content, Corporation, Version};
use crate::model::{Category, Purpose, SiteConfig};
use crate::outline::outline;
use crate::pdf::{self, PdfStats, Typesetter};
use crate::print;
use crate::render::Renderer;
use crate::theme::Theme;
use crate::validate;

/// What to build, and as of which day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildOptions {
    /// Whether each corporation's draft is rendered too, at `<slug>/draft/`, marked as a draft.
    pub drafts: bool,
    /// The day the site is built for: the newest version published on or before it is current,
    /// later ones are announced as upcoming.
    pub today: Date,
}

/// Every output file, by path relative to the output folder (with `/` separators).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteFiles {
    /// Path to content.
    pub files: BTreeMap<String, Vec<u8>>,
}

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
    let content = check(content_dir)?;
    let builder = Builder::new(&content, options)?;
    let mut site = builder.render(&content)?;
    let stats = pdf::typeset_site(&mut site, builder.typesetter()?, pdf_cache)?;
    Ok((site, stats))
}

/// The folder that holds the themes of a content folder: `themes/` beside it.
pub fn themes_dir(content_dir: &Path) -> PathBuf {
    content_dir.parent().unwrap_or(Path::new(".")).join("themes")
}

/// Renders sites with one theme; its templates are parsed once and reused for every page and every
/// rebuild, until the theme or the site settings change.
pub struct Builder {
    theme: Theme,
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
        let renderer = Renderer::new(&theme, &content.config.language)?;
        Ok(Builder {
            theme,
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

    /// The `site` value every page template gets.
    fn site_context(&self) -> Value {
        context! {
            title => &self.config.title,
            description => &self.config.description,
            language => &self.config.language,
            base_url => with_trailing_slash(&self.config.base_url),
        }
    }

    /// The preview's page for a path that does not exist (yet), in the site's own title and language.
    pub fn render_not_found(&self, path: &str) -> Result<String> {
        self.renderer.render(
            "serve/not_found.html",
            context! {
                site => self.site_context(),
                page => context! { root => "/", path => path, canonical => "" },
            },
        )
    }

    /// The theme in use.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// The PDF typesetter of the theme and language, made on first use.
    pub fn typesetter(&self) -> Result<&Typesetter> {
        if let Some(typesetter) = self.typesetter.get() {
            return Ok(typesetter);
        }
        let typesetter = Typesetter::new(&self.theme, &self.config.language)?;
        Ok(self.typesetter.get_or_init(|| typesetter))
    }

    /// Renders every page of the site; PDFs are typeset from the print pages afterwards, by
    /// [`pdf::typeset_site`].
    pub fn render(&self, content: &Content) -> Result<SiteFiles> {
        let slugs: BTreeSet<&str> = content.corporations.iter().map(|c| c.slug.as_str()).collect();
        self.render_update(content, &SiteFiles::default(), &slugs)
    }

    /// Renders the pages of the corporations in `changed` (and the pages that list corporations),
    /// keeping every other page of `previous` as it was.
    pub fn render_update(
        &self,
        content: &Content,
        previous: &SiteFiles,
        changed: &BTreeSet<&str>,
    ) -> Result<SiteFiles> {
        let mut site = SiteFiles::default();
        let kept: BTreeSet<&str> = content
            .corporations
            .iter()
            .map(|c| c.slug.as_str())
            .filter(|slug| !changed.contains(slug))
            .collect();
        for (path, bytes) in &previous.files {
            if let Some((slug, _)) = path.split_once('/')
                && kept.contains(slug)
            {
                site.files.insert(path.clone(), bytes.clone());
            }
        }
        let base_url = with_trailing_slash(&self.config.base_url);
        let site_value = self.site_context();
        site.files.insert(
            "index.html".to_owned(),
            self.render_index(content, &site_value, &base_url)?.into_bytes(),
        );
        for corporation in content
            .corporations
            .iter()
            .filter(|c| changed.contains(c.slug.as_str()))
        {
            self.render_corporation(corporation, &content.ledger, &site_value, &base_url, &mut site)?;
        }
        for (name, file) in self.theme.assets() {
            site.files.insert(format!("assets/{name}"), file.content.clone());
        }
        site.files
            .insert("index.json".to_owned(), self.manifest(content)?.into_bytes());
        site.files.insert(
            "feed.xml".to_owned(),
            self.render_site_feed(content, &site_value)?.into_bytes(),
        );
        Ok(site)
    }

    fn render_index(&self, content: &Content, site_value: &Value, base_url: &str) -> Result<String> {
        let corporations: Vec<Value> = content
            .corporations
            .iter()
            .filter_map(|corporation| {
                let current = self.periods(corporation).into_iter().find(|p| p.current).map(|p| p.version);
                let (shown, path) = match (current, &corporation.draft) {
                    (Some(current), _) => (current, corporation_path(corporation)),
                    (None, Some(draft)) if self.drafts => (draft, version_path(corporation, draft)),
                    _ => return None,
                };
                Some(context! {
                    slug => &corporation.slug,
                    name => corporation_name(corporation),
                    path => path,
                    city => &shown.statement.organisation.city,
                    published => shown.statement.published.map(|d| d.to_string()),
                    version_count => corporation.versions.len(),
                    draft_path => corporation.draft.as_ref().filter(|_| self.drafts).map(|d| version_path(corporation, d)),
                })
            })
            .collect();
        self.renderer.render(
            "index.html",
            context! {
                site => site_value.clone(),
                page => context! { root => "", path => "", canonical => base_url },
                corporations => corporations,
            },
        )
    }

    fn render_corporation(
        &self,
        corporation: &Corporation,
        ledger: &Ledger,
        site_value: &Value,
        base_url: &str,
        site: &mut SiteFiles,
    ) -> Result<()> {
        let periods = self.periods(corporation);
        let views = self.version_views(corporation, &periods, ledger)?;
        let ctx = CorporationPages {
            corporation,
            site_value,
            base_url,
            views: &views,
        };
        let mut statements: BTreeMap<&str, String> = BTreeMap::new();
        for view in &views {
            let page = self.render_statement(&ctx, view, &view.path, "../../")?;
            site.files
                .insert(format!("{}index.html", view.path), page.clone().into_bytes());
            statements.insert(view.id.as_str(), page);
            let print = self.render_page("print.html", &ctx, view, &view.print_path, "../../../")?;
            site.files
                .insert(format!("{}index.html", view.print_path), print.into_bytes());
        }
        if let Some(current) = views.iter().find(|v| v.is_current()) {
            let path = corporation_path(corporation);
            let page = self.render_statement(&ctx, current, &path, "../")?;
            site.files.insert(format!("{path}index.html"), page.into_bytes());
        }
        for view in &views {
            let (Some(changes_path), Some(previous)) = (&view.changes_path, &view.previous) else {
                continue;
            };
            let (Some(old), Some(new)) = (statements.get(previous.as_str()), statements.get(view.id.as_str())) else {
                continue;
            };
            let sections = text::diff(&text::sections(old), &text::sections(new));
            let page = self.render_changes_page(&ctx, view, &sections)?;
            site.files
                .insert(format!("{changes_path}index.html"), page.into_bytes());
        }
        if !corporation.versions.is_empty() {
            let changelog = self.render_changelog(&ctx)?;
            site.files.insert(
                format!("{}index.html", changelog_path(corporation)),
                changelog.into_bytes(),
            );
            let feed = self.render_corporation_feed(&ctx)?;
            site.files.insert(feed_path(corporation), feed.into_bytes());
        }
        Ok(())
    }

    /// The published versions of `corporation` with the period each is in force, oldest first.
    fn periods<'a>(&self, corporation: &'a Corporation) -> Vec<Period<'a>> {
        let versions = &corporation.versions;
        let current = versions
            .iter()
            .rposition(|v| v.statement.published.is_some_and(|d| d <= self.today))
            .or(if versions.is_empty() { None } else { Some(0) });
        versions
            .iter()
            .enumerate()
            .map(|(i, version)| Period {
                version,
                until: versions.get(i + 1).and_then(|next| next.statement.published),
                current: Some(i) == current,
                upcoming: current.is_some_and(|c| i > c),
            })
            .collect()
    }

    /// Everything the pages say about each version (published ones oldest first, then the draft when
    /// drafts are built): its period, its changes against the version before it, its errata.
    fn version_views(
        &self,
        corporation: &Corporation,
        periods: &[Period],
        ledger: &Ledger,
    ) -> Result<Vec<VersionView>> {
        let mut views = Vec::new();
        let draft = corporation.draft.iter().filter(|_| self.drafts);
        let durations = self.renderer.durations();
        let mut previous: Option<&Version> = None;
        for (version, period) in periods
            .iter()
            .map(|p| (p.version, Some(p)))
            .chain(draft.map(|d| (d, None)))
        {
            let standing = match period {
                None => Standing::Draft,
                Some(p) if p.current => Standing::Current,
                Some(p) if p.upcoming => Standing::Upcoming,
                Some(_) => Standing::Past,
            };
            let changes: Option<Vec<Change>> =
                previous.map(|before| diff::facts(&before.statement, &version.statement, durations));
            let path = version_path(corporation, version);
            let errata = ledger
                .entry(&corporation.slug, &version.id)
                .map(|entry| entry.errata.as_slice())
                .unwrap_or_default()
                .iter()
                .map(|e| ErratumView {
                    date: e.date.to_string(),
                    reason: e.reason.clone(),
                })
                .collect();
            views.push(VersionView {
                id: version.id.clone(),
                published: version.statement.published.map(|d| d.to_string()),
                until: period.and_then(|p| p.until).map(|d| d.to_string()),
                standing,
                changes_path: previous.map(|_| format!("{path}changes/")),
                previous: previous.map(|p| p.id.clone()),
                previous_published: previous.and_then(|p| p.statement.published).map(|d| d.to_string()),
                url: format!("{}{path}", with_trailing_slash(&self.config.base_url)),
                print_path: print::print_path(corporation, version),
                pdf_path: print::pdf_path(corporation, version),
                path,
                summary: version.statement.summary.clone(),
                materiality: changes.as_deref().map(diff::materiality),
                reasons: changes.as_deref().map(reasons).unwrap_or_default(),
                changes: match changes {
                    Some(changes) => self.change_views(&changes)?,
                    None => Vec::new(),
                },
                errata,
            });
            if period.is_some() {
                previous = Some(version);
            }
        }
        Ok(views)
    }

    /// Each change as a sentence in the theme's words.
    fn change_views(&self, changes: &[Change]) -> Result<Vec<ChangeView>> {
        changes
            .iter()
            .map(|change| {
                Ok(ChangeView {
                    sentence: self
                        .renderer
                        .render("changes/sentence.txt", context! { c => Serde(change) })?,
                    kind: change.kind,
                    materiality: change.materiality,
                    reason: change.reason,
                })
            })
            .collect()
    }

    /// The fact-level changes between two versions as sentences, for the terminal.
    pub fn change_sentences(&self, old: &Version, new: &Version) -> Result<Vec<(Change, String)>> {
        let changes = diff::facts(&old.statement, &new.statement, self.renderer.durations());
        let views = self.change_views(&changes)?;
        Ok(changes.into_iter().zip(views.into_iter().map(|v| v.sentence)).collect())
    }
}

/// Loads and validates without rendering anything; every problem in every file is reported.
pub fn check(content_dir: &Path) -> Result<Content> {
    let loaded = load::load(content_dir)?;
    let mut errors = loaded.errors;
    if let Some(content) = &loaded.content {
        errors.extend(validate::validate(content));
    }
    match loaded.content {
        Some(content) if errors.is_empty() => Ok(content),
        _ => Err(Error::Content(errors)),
    }
}

/// The manifest `index.json`.
#[derive(Debug, Serialize)]
struct Manifest<'a> {
    corporations: Vec<ManifestCorporation<'a>>,
}

#[derive(Debug, Serialize)]
struct ManifestCorporation<'a> {
    slug: &'a str,
    name: &'a str,
    url: String,
    changelog: String,
    feed: String,
    versions: Vec<ManifestVersion<'a>>,
}

#[derive(Debug, Serialize)]
struct ManifestVersion<'a> {
    version: &'a str,
    published: String,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_force_until: Option<String>,
    /// The print page.
    print: String,
    /// The PDF.
    #[serde(skip_serializing_if = "Option::is_none")]
    pdf: Option<String>,
}

/// A published version and the period it is in force.
struct Period<'a> {
    version: &'a Version,
    /// The day the next version takes over, if there is one.
    until: Option<Date>,
    /// Whether this version is in force on the build date.
    current: bool,
    /// Whether it comes after the current one.
    upcoming: bool,
}

/// Where a version stands on the build date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum Standing {
    Current,
    Past,
    Upcoming,
    Draft,
}

/// What the pages say about one version.
#[derive(Debug, Serialize)]
struct VersionView {
    id: String,
    published: Option<String>,
    until: Option<String>,
    standing: Standing,
    /// Path of the version's page, relative to the site root.
    path: String,
    /// Its absolute address.
    url: String,
    /// Path of its print page.
    print_path: String,
    /// Path of its PDF (published versions only).
    pdf_path: Option<String>,
    /// Path of the page that compares it with the version before it.
    changes_path: Option<String>,
    previous: Option<String>,
    previous_published: Option<String>,
    summary: Option<String>,
    materiality: Option<Materiality>,
    /// The distinct reasons why the version is fundamental.
    reasons: Vec<Reason>,
    changes: Vec<ChangeView>,
    errata: Vec<ErratumView>,
}

impl VersionView {
    fn is_current(&self) -> bool {
        self.standing == Standing::Current
    }
}

/// One change as the pages show it.
#[derive(Debug, Serialize)]
struct ChangeView {
    sentence: String,
    kind: ChangeKind,
    materiality: Materiality,
    reason: Option<Reason>,
}

#[derive(Debug, Serialize)]
struct ErratumView {
    date: String,
    reason: String,
}

/// What every page of one corporation shares.
struct CorporationPages<'a> {
    corporation: &'a Corporation,
    site_value: &'a Value,
    base_url: &'a str,
    views: &'a [VersionView],
}

impl CorporationPages<'_> {
    /// The published versions, newest first.
    fn published_newest_first(&self) -> Vec<&VersionView> {
        self.views
            .iter()
            .rev()
            .filter(|v| v.standing != Standing::Draft)
            .collect()
    }

    fn value(&self) -> Value {
        context! {
            slug => &self.corporation.slug,
            name => corporation_name(self.corporation),
            path => corporation_path(self.corporation),
            changelog_path => (!self.corporation.versions.is_empty()).then(|| changelog_path(self.corporation)),
            feed_path => (!self.corporation.versions.is_empty()).then(|| feed_path(self.corporation)),
        }
    }
}

fn reasons(changes: &[Change]) -> Vec<Reason> {
    let mut reasons: Vec<Reason> = Vec::new();
    for reason in changes.iter().filter_map(|c| c.reason) {
        if !reasons.contains(&reason) {
            reasons.push(reason);
        }
    }
    reasons
}

/// Path of a corporation's current statement, relative to the site root.
fn corporation_path(corporation: &Corporation) -> String {
    format!("{}/", corporation.slug)
}

/// Path of one version's statement, relative to the site root.
fn version_path(corporation: &Corporation, version: &Version) -> String {
    format!("{}/{}/", corporation.slug, version.id)
}

/// Path of a corporation's change log, relative to the site root.
fn changelog_path(corporation: &Corporation) -> String {
    format!("{}/changes/", corporation.slug)
}

/// Path of a corporation's Atom feed, relative to the site root.
fn feed_path(corporation: &Corporation) -> String {
    format!("{}/feed.xml", corporation.slug)
}

/// The corporation's display name: the organisation name of its newest version (or of its draft,
/// when nothing is published yet).
fn corporation_name(corporation: &Corporation) -> &str {
    corporation
        .newest_or_draft()
        .map(|v| v.statement.organisation.name.as_str())
        .unwrap_or(corporation.slug.as_str())
}

impl Builder {
    fn render_statement(&self, ctx: &CorporationPages, view: &VersionView, path: &str, root: &str) -> Result<String> {
        self.render_page("statement.html", ctx, view, path, root)
    }

    /// Renders `template` with everything one version of a statement offers.
    fn render_page(
        &self,
        template: &str,
        ctx: &CorporationPages,
        view: &VersionView,
        path: &str,
        root: &str,
    ) -> Result<String> {
        let corporation = ctx.corporation;
        let Some(version) = corporation.version(&view.id) else {
            return Err(Error::Theme {
                file: PathBuf::from(path),
                message: format!("version {} vanished while rendering", view.id),
            });
        };
        let statement = &version.statement;
        let mut purposes = BTreeMap::new();
        collect_purposes(&statement.purposes.list, &mut purposes);
        let categories: BTreeMap<&str, &Category> =
            statement.data.categories.iter().map(|c| (c.id.as_str(), c)).collect();
        let by_id = |items: Vec<(&str, Value)>| -> BTreeMap<String, Value> {
            items.into_iter().map(|(id, value)| (id.to_owned(), value)).collect()
        };
        let services = statement
            .services
            .as_ref()
            .map(|s| s.list.as_slice())
            .unwrap_or_default();
        let bases = statement
            .legal_bases
            .as_ref()
            .map(|b| b.list.as_slice())
            .unwrap_or_default();
        let recipients = statement
            .recipients
            .as_ref()
            .map(|r| r.list.as_slice())
            .unwrap_or_default();
        let current = ctx.views.iter().find(|v| v.is_current());
        let upcoming = if view.is_current() {
            ctx.views.iter().find(|v| v.standing == Standing::Upcoming)
        } else {
            None
        };
        let versions: Vec<&VersionView> = ctx.views.iter().rev().collect();
        self.renderer.render(
            template,
            context! {
                site => ctx.site_value.clone(),
                page => context! {
                    root => root,
                    path => path,
                    canonical => format!("{}{}", ctx.base_url, corporation_path(corporation)),
                    noindex => !view.is_current(),
                },
                corporation => ctx.value(),
                version => Serde(view),
                current => current.map(Serde),
                upcoming => upcoming.map(Serde),
                versions => Serde(versions),
                statement => Serde(statement),
                outline => Serde(outline(statement)),
                categories => Serde(categories),
                purposes => Serde(purposes),
                services => by_id(services.iter().map(|s| (s.id.as_str(), Value::from(Serde(s)))).collect()),
                legal_bases => by_id(bases.iter().map(|b| (b.id.as_str(), Value::from(Serde(b)))).collect()),
                recipients => by_id(recipients.iter().map(|r| (r.id.as_str(), Value::from(Serde(r)))).collect()),
            },
        )
    }

    /// The page that compares a version with the one before it.
    fn render_changes_page(
        &self,
        ctx: &CorporationPages,
        view: &VersionView,
        sections: &[text::SectionDiff],
    ) -> Result<String> {
        let path = view.changes_path.clone().unwrap_or_default();
        self.renderer.render(
            "version_changes.html",
            context! {
                site => ctx.site_value.clone(),
                page => context! {
                    root => "../../../",
                    path => &path,
                    canonical => format!("{}{path}", ctx.base_url),
                    noindex => view.standing == Standing::Draft,
                },
                corporation => ctx.value(),
                version => Serde(view),
                sections => Serde(sections),
            },
        )
    }

    /// The change log: every version, newest first, with its changes.
    fn render_changelog(&self, ctx: &CorporationPages) -> Result<String> {
        let path = changelog_path(ctx.corporation);
        let published = ctx.published_newest_first();
        self.renderer.render(
            "changelog.html",
            context! {
                site => ctx.site_value.clone(),
                page => context! {
                    root => "../../",
                    path => &path,
                    canonical => format!("{}{path}", ctx.base_url),
                    noindex => false,
                },
                corporation => ctx.value(),
                versions => Serde(published),
            },
        )
    }

    /// The Atom feed of one corporation: one entry per published version, newest first.
    fn render_corporation_feed(&self, ctx: &CorporationPages) -> Result<String> {
        let entries = ctx.published_newest_first();
        self.renderer.render(
            "feed.xml",
            context! {
                site => ctx.site_value.clone(),
                base_url => ctx.base_url,
                feed_path => feed_path(ctx.corporation),
                alternate_path => changelog_path(ctx.corporation),
                corporation => ctx.value(),
                updated => entries.first().and_then(|v| v.published.clone()),
                entries => entries.iter().map(|view| context! {
                    name => corporation_name(ctx.corporation),
                    version => Serde(view),
                }).collect::<Vec<_>>(),
            },
        )
    }

    /// The Atom feed of the whole site: every published version of every corporation, newest first.
    fn render_site_feed(&self, content: &Content, site_value: &Value) -> Result<String> {
        let base_url = with_trailing_slash(&self.config.base_url);
        let mut entries: Vec<(Date, &str, Value)> = Vec::new();
        for corporation in &content.corporations {
            for period in self.periods(corporation) {
                let version = period.version;
                let Some(published) = version.statement.published else {
                    continue;
                };
                entries.push((
                    published,
                    corporation.slug.as_str(),
                    context! {
                        name => corporation_name(corporation),
                        version => context! {
                            id => &version.id,
                            path => version_path(corporation, version),
                            published => published.to_string(),
                            summary => &version.statement.summary,
                            changes => Vec::<Value>::new(),
                        },
                    },
                ));
            }
        }
        entries.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        self.renderer.render(
            "feed.xml",
            context! {
                site => site_value.clone(),
                base_url => &base_url,
                feed_path => "feed.xml",
                alternate_path => "",
                updated => entries.first().map(|e| e.0.to_string()),
                entries => entries.into_iter().map(|e| e.2).collect::<Vec<_>>(),
            },
        )
    }

    fn manifest(&self, content: &Content) -> Result<String> {
        let manifest = Manifest {
            corporations: content
                .corporations
                .iter()
                .map(|corporation| ManifestCorporation {
                    slug: &corporation.slug,
                    name: corporation_name(corporation),
                    url: format!("/{}", corporation_path(corporation)),
                    changelog: format!("/{}", changelog_path(corporation)),
                    feed: format!("/{}", feed_path(corporation)),
                    versions: self
                        .periods(corporation)
                        .into_iter()
                        .map(|period| ManifestVersion {
                            version: &period.version.id,
                            published: period
                                .version
                                .statement
                                .published
                                .map(|d| d.to_string())
                                .unwrap_or_default(),
                            url: format!("/{}", version_path(corporation, period.version)),
                            in_force_until: period.until.map(|d| d.to_string()),
                            print: format!("/{}", print::print_path(corporation, period.version)),
                            pdf: print::pdf_path(corporation, period.version).map(|path| format!("/{path}")),
                        })
                        .collect(),
                })
                .collect(),
        };
        let mut json = serde_json::to_string_pretty(&manifest).map_err(|e| Error::Theme {
            file: PathBuf::from("index.json"),
            message: e.to_string(),
        })?;
        json.push('\n');
        Ok(json)
    }
}

fn collect_purposes<'a>(list: &'a [Purpose], out: &mut BTreeMap<&'a str, &'a Purpose>) {
    for purpose in list {
        out.insert(purpose.id.as_str(), purpose);
        collect_purposes(&purpose.sub_purposes, out);
    }
}

fn with_trailing_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    }
}

/// Writes `site` to `out`, replacing what was there only once every file is written.
///
/// Files go into a temporary folder beside `out`, which is then swapped in. A folder that exists and
/// does not look like verklaar output (no `index.json`) is never replaced.
pub fn write(site: &SiteFiles, out: &Path) -> Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_owned());
    if out.exists() {
        let is_ours = out.join("index.json").is_file();
        let is_empty = fs::read_dir(out)
            .map_err(|e| Error::io("read", out, e))?
            .next()
            .is_none();
        if !is_ours && !is_empty {
            return Err(Error::io(
                "replace",
                out,
                std::io::Error::other(
                    "the folder is not empty and holds no verklaar output (no index.json); choose another --out",
                ),
            ));
        }
    }
    fs::create_dir_all(&parent).map_err(|e| Error::io("create", &parent, e))?;
    let staging = parent.join(format!(".{name}.new"));
    let previous = parent.join(format!(".{name}.old"));
    for leftover in [&staging, &previous] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(|e| Error::io("remove", leftover, e))?;
        }
    }
    for (path, bytes) in &site.files {
        let target = staging.join(path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
        }
        fs::write(&target, bytes).map_err(|e| Error::io("write", &target, e))?;
    }
    if out.exists() {
        fs::rename(out, &previous).map_err(|e| Error::io("move aside", out, e))?;
    }
    fs::rename(&staging, out).map_err(|e| Error::io("move into place", &staging, e))?;
    if previous.exists() {
        fs::remove_dir_all(&previous).map_err(|e| Error::io("remove", &previous, e))?;
    }
    Ok(())
}
