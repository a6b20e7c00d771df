//! The HTML pages of statements: every version's page and print page, each corporation's current
//! page, the index of corporations, and the theme's assets.

use std::collections::BTreeMap;

use minijinja::context;
use minijinja::value::{Serde, Value};

use crate::content::model::{Category, Purpose};
use crate::content::outline::outline;
use crate::content::version::Corporation;
use crate::error::{Context, Error, Result};
use crate::render::theme::{Theme, fingerprinted_name};
use crate::site::files::SiteFiles;
use crate::site::languages;
use crate::site::output::{BuildContext, Output, each_in_parallel};
use crate::site::routes::Route;
use crate::site::views::{CorporationView, Standing, VersionView, corporation_name, periods};

/// Every version's statement page and print page, and the corporation's current page; each print
/// page of a published version is handed to the PDF stage as a job.
pub(crate) struct StatementPages;

impl Output for StatementPages {
    fn add(&self, build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()> {
        build.each_corporation(site, |corporation, _done, site| {
            let slug = corporation.corporation.slug.as_str();
            each_in_parallel(&corporation.views, site, |view, site| {
                let page = Route::Version {
                    slug,
                    version: &view.id,
                };
                let html = render_version(build, corporation, view, "statement.html", page)?;
                site.insert(page.file(), html);
                let print = Route::Print {
                    slug,
                    version: &view.id,
                };
                let html = render_version(build, corporation, view, "print.html", print)?;
                site.insert(print.file(), html);
                if view.pdf_path.is_some() {
                    let pdf = Route::Pdf {
                        slug,
                        version: &view.id,
                    };
                    site.pdfs.insert(pdf.path(), print.file());
                }
                Ok(())
            })?;
            if let Some(current) = corporation.current() {
                let page = Route::Corporation { slug };
                let html = render_version(build, corporation, current, "statement.html", page)?;
                site.insert(page.file(), html);
            }
            Ok(())
        })?;
        Ok(())
    }
}

/// Renders `template` at `route` with everything one version of a statement offers.
fn render_version(
    build: &BuildContext<'_>,
    corporation: &CorporationView<'_>,
    view: &VersionView,
    template: &str,
    route: Route<'_>,
) -> Result<String> {
    let Some(version) = corporation.corporation.version(&view.id) else {
        return Err(Error::command(
            msg!("version {id} vanished while rendering", id = view.id),
            msg!("build again"),
        ));
    };
    let statement = &version.statement;
    let mut purposes = BTreeMap::new();
    collect_purposes(&statement.purposes.list, &mut purposes);
    let categories: BTreeMap<&str, &Category> = statement.data.categories.iter().map(|c| (c.id.as_str(), c)).collect();
    let by_id = |items: Vec<(&str, Value)>| -> BTreeMap<String, Value> {
        items.into_iter().map(|(id, value)| (id.to_owned(), value)).collect()
    };
    let services = statement.service_list();
    let bases = statement.legal_basis_list();
    let recipients = statement.recipient_list();
    let upcoming = if view.is_current() {
        corporation.views.iter().find(|v| v.standing == Standing::Upcoming)
    } else {
        None
    };
    let versions: Vec<&VersionView> = corporation.views.iter().rev().collect();
    let slug = corporation.corporation.slug.as_str();
    build
        .renderer
        .render(
            template,
            context! {
                site => build.site_value.clone(),
                page => context! {
                    root => route.root(),
                    path => route.path(),
                    canonical => format!("{}{}", build.base_url, Route::Corporation { slug }.path()),
                    noindex => !view.is_current(),
                },
                corporation => corporation.value(),
                version => Serde(view),
                current => corporation.current().map(Serde),
                upcoming => upcoming.map(Serde),
                documents => documents(build, corporation.corporation),
                versions => Serde(versions),
                statement => Serde(statement),
                translation => languages::translation_value(version, build.translated_into, build.content.config.default_language(), build.locale),
                outline => Serde(outline(statement)),
                categories => Serde(categories),
                purposes => Serde(purposes),
                services => by_id(services.iter().map(|s| (s.id.as_str(), Value::from(Serde(s)))).collect()),
                legal_bases => by_id(bases.iter().map(|b| (b.id.as_str(), Value::from(Serde(b)))).collect()),
                recipients => by_id(recipients.iter().map(|r| (r.id.as_str(), Value::from(Serde(r)))).collect()),
            },
        )
        .context(|| msg!("rendering page {file} with {template}", file = route.file(), template))
}

/// The documents of the corporation `corporation` belongs to (its privacy statement first, then
/// its other documents), for links between them; empty when it has only one.
fn documents(build: &BuildContext<'_>, corporation: &Corporation) -> Vec<Value> {
    let own = corporation.corporation_slug();
    let siblings: Vec<&Corporation> = build
        .content
        .corporations
        .iter()
        .filter(|c| c.corporation_slug() == own && (!c.versions.is_empty() || (build.drafts && c.draft.is_some())))
        .collect();
    if siblings.len() < 2 {
        return Vec::new();
    }
    siblings
        .into_iter()
        .map(|c| {
            let statement = c.newest_or_draft().map(|v| &v.statement);
            let slug = c.slug.as_str();
            context! {
                title => statement.and_then(|s| s.title.clone()),
                kind => statement.and_then(|s| s.document).map(Serde),
                path => Route::Corporation { slug }.path(),
                this => c.slug == corporation.slug,
            }
        })
        .collect()
}

fn collect_purposes<'a>(list: &'a [Purpose], out: &mut BTreeMap<&'a str, &'a Purpose>) {
    for purpose in list {
        out.insert(purpose.id.as_str(), purpose);
        collect_purposes(&purpose.sub_purposes, out);
    }
}

/// The list of corporations, `index.html`: each with its current statement, or its draft when
/// nothing is published yet and drafts are built.
pub(crate) struct IndexPage;

impl Output for IndexPage {
    fn add(&self, build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()> {
        let corporations: Vec<Value> = build
            .content
            .corporations
            .iter()
            // Other documents are reached from their corporation's pages, not listed on their own.
            .filter(|corporation| !corporation.is_document())
            .filter_map(|corporation| {
                let slug = corporation.slug.as_str();
                // The version in force, or the first that will be when none is yet.
                let periods = periods(corporation, build.today);
                let current = periods
                    .iter()
                    .find(|p| p.current)
                    .or(periods.first())
                    .map(|p| p.version);
                let draft_path = |draft| Route::version(corporation, draft).path();
                let (shown, path) = match (current, &corporation.draft) {
                    (Some(current), _) => (current, Route::Corporation { slug }.path()),
                    (None, Some(draft)) if build.drafts => (draft, draft_path(draft)),
                    _ => return None,
                };
                Some(context! {
                    slug => slug,
                    name => corporation_name(corporation),
                    path => path,
                    city => &shown.statement.organisation.city,
                    published => shown.statement.published.map(|d| d.to_string()),
                    version_count => corporation.versions.len(),
                    draft_path => corporation.draft.as_ref().filter(|_| build.drafts).map(draft_path),
                })
            })
            .collect();
        let route = Route::Index;
        let html = build
            .renderer
            .render(
                "index.html",
                context! {
                    site => build.site_value.clone(),
                    page => context! { root => route.root(), path => route.path(), canonical => &build.base_url },
                    corporations => corporations,
                    sector => crate::site::sector::has_sector_view(&build.content.corporations).then(|| Route::Sector.path()),
                },
            )
            .context(|| msg!("rendering page {file}", file = route.file()))?;
        site.insert(route.file(), html);
        Ok(())
    }
}

/// The theme's assets (style sheets, scripts, icons), each under its fingerprinted name, which the
/// pages link to, and under its plain name too: a site theme's own templates, a style sheet's
/// relative `url()` and the preview may still name `assets/style.css`.
pub(crate) struct Assets<'a> {
    /// The theme they come from.
    pub(crate) theme: &'a Theme,
}

impl Output for Assets<'_> {
    fn add(&self, _build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()> {
        for (name, file) in self.theme.assets() {
            site.insert(Route::Asset(name).file(), file.content.clone());
            let fingerprinted = fingerprinted_name(name, &file.content);
            site.insert(Route::Asset(&fingerprinted).file(), file.content.clone());
        }
        Ok(())
    }
}
