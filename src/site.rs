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

use crate::error::{Error, Result};
use crate::load::{self, Content, Corporation, DRAFT_FILE_STEM, Version};
use crate::model::{Category, Purpose, SiteConfig};
use crate::outline::outline;
use crate::pdf::{self, PdfStats, Typesetter};
use crate::print;
use crate::render::Renderer;
use crate::theme::Theme;
use crate::validate;

/// Every output file, by path relative to the output folder (with `/` separators).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteFiles {
    /// Path to content.
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Loads, validates and renders the site in `content_dir`, with themes from `themes/` beside it,
/// and typesets the PDF of every published version. With `drafts`, each corporation's draft is
/// rendered too, at `<slug>/draft/`, marked as a draft.
pub fn build(content_dir: &Path, drafts: bool) -> Result<SiteFiles> {
    build_with_pdf_cache(content_dir, drafts, None).map(|(site, _)| site)
}

/// [`build`], taking PDFs whose input did not change from `pdf_cache` (a folder, created when
/// missing) instead of typesetting them again; says how many PDFs were typeset and how many reused.
pub fn build_with_pdf_cache(
    content_dir: &Path,
    drafts: bool,
    pdf_cache: Option<&Path>,
) -> Result<(SiteFiles, PdfStats)> {
    let content = check(content_dir)?;
    let builder = Builder::new(&content, drafts)?;
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
    /// Made on first use: the preview typesets a PDF only when someone asks for it.
    typesetter: OnceLock<Typesetter>,
}

impl Builder {
    /// Resolves the theme that `content`'s settings name and prepares its templates; `drafts` says
    /// whether drafts are rendered.
    pub fn new(content: &Content, drafts: bool) -> Result<Builder> {
        let theme = Theme::load(&themes_dir(&content.dir), &content.config.theme)?;
        let renderer = Renderer::new(&theme, &content.config.language)?;
        Ok(Builder {
            theme,
            renderer,
            config: content.config.clone(),
            drafts,
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
            self.render_corporation(corporation, &site_value, &base_url, &mut site)?;
        }
        for (name, file) in self.theme.assets() {
            site.files.insert(format!("assets/{name}"), file.content.clone());
        }
        site.files
            .insert("index.json".to_owned(), manifest(content)?.into_bytes());
        Ok(site)
    }

    fn render_index(&self, content: &Content, site_value: &Value, base_url: &str) -> Result<String> {
        let corporations: Vec<Value> = content
            .corporations
            .iter()
            .filter_map(|corporation| {
                let (shown, path) = match (corporation.newest(), &corporation.draft) {
                    (Some(newest), _) => (newest, corporation_path(corporation)),
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
        site_value: &Value,
        base_url: &str,
        site: &mut SiteFiles,
    ) -> Result<()> {
        let draft = corporation.draft.iter().filter(|_| self.drafts);
        for version in corporation.versions.iter().chain(draft) {
            let path = version_path(corporation, version);
            let page = self.render_statement(site_value, base_url, corporation, version, &path, "../../")?;
            site.files.insert(format!("{path}index.html"), page.into_bytes());
            let print_path = print::print_path(corporation, version);
            let page = self.render_page(
                "print.html",
                site_value,
                base_url,
                corporation,
                version,
                &print_path,
                "../../../",
            )?;
            site.files.insert(format!("{print_path}index.html"), page.into_bytes());
        }
        if let Some(newest) = corporation.newest() {
            let path = corporation_path(corporation);
            let page = self.render_statement(site_value, base_url, corporation, newest, &path, "../")?;
            site.files.insert(format!("{path}index.html"), page.into_bytes());
        }
        Ok(())
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
    versions: Vec<ManifestVersion<'a>>,
}

#[derive(Debug, Serialize)]
struct ManifestVersion<'a> {
    version: &'a str,
    published: String,
    url: String,
    /// The print page.
    print: String,
    /// The PDF.
    pdf: Option<String>,
}

/// Path of a corporation's current statement, relative to the site root.
fn corporation_path(corporation: &Corporation) -> String {
    format!("{}/", corporation.slug)
}

/// Path of one version's statement, relative to the site root.
fn version_path(corporation: &Corporation, version: &Version) -> String {
    format!("{}/{}/", corporation.slug, version.id)
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
    fn render_statement(
        &self,
        site_value: &Value,
        base_url: &str,
        corporation: &Corporation,
        version: &Version,
        path: &str,
        root: &str,
    ) -> Result<String> {
        self.render_page("statement.html", site_value, base_url, corporation, version, path, root)
    }

    /// Renders `template` with everything one version of a statement offers.
    #[allow(clippy::too_many_arguments)]
    fn render_page(
        &self,
        template: &str,
        site_value: &Value,
        base_url: &str,
        corporation: &Corporation,
        version: &Version,
        path: &str,
        root: &str,
    ) -> Result<String> {
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
        let draft = corporation.draft.iter().filter(|_| self.drafts);
        let versions: Vec<Value> = draft
            .chain(corporation.versions.iter().rev())
            .map(|v| {
                context! {
                    id => &v.id,
                    published => v.statement.published.map(|d| d.to_string()),
                    path => version_path(corporation, v),
                    current => v.id == version.id,
                    newest => corporation.newest().is_some_and(|newest| newest.id == v.id),
                    draft => v.id == DRAFT_FILE_STEM,
                }
            })
            .collect();
        let newest_id = corporation.newest().map(|v| v.id.as_str());
        self.renderer.render(
            template,
            context! {
                site => site_value.clone(),
                page => context! {
                    root => root,
                    path => path,
                    canonical => format!("{base_url}{}", corporation_path(corporation)),
                },
                corporation => context! {
                    slug => &corporation.slug,
                    name => corporation_name(corporation),
                    path => corporation_path(corporation),
                },
                version => context! {
                    id => &version.id,
                    published => statement.published.map(|d| d.to_string()),
                    newest => newest_id == Some(version.id.as_str()),
                    draft => version.id == DRAFT_FILE_STEM,
                    path => version_path(corporation, version),
                    url => format!("{base_url}{}", version_path(corporation, version)),
                    print_path => print::print_path(corporation, version),
                    pdf_path => print::pdf_path(corporation, version),
                },
                versions => versions,
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
}

fn collect_purposes<'a>(list: &'a [Purpose], out: &mut BTreeMap<&'a str, &'a Purpose>) {
    for purpose in list {
        out.insert(purpose.id.as_str(), purpose);
        collect_purposes(&purpose.sub_purposes, out);
    }
}

fn manifest(content: &Content) -> Result<String> {
    let manifest = Manifest {
        corporations: content
            .corporations
            .iter()
            .map(|corporation| ManifestCorporation {
                slug: &corporation.slug,
                name: corporation_name(corporation),
                url: format!("/{}", corporation_path(corporation)),
                versions: corporation
                    .versions
                    .iter()
                    .map(|version| ManifestVersion {
                        version: &version.id,
                        published: version.statement.published.map(|d| d.to_string()).unwrap_or_default(),
                        url: format!("/{}", version_path(corporation, version)),
                        print: format!("/{}", print::print_path(corporation, version)),
                        pdf: print::pdf_path(corporation, version).map(|path| format!("/{path}")),
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
