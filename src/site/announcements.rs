//! Announcements: for a version with fundamental changes, the text a corporation sends before the
//! change applies (news item, letter, e-mail), as a page of the site and as Markdown and plain text
//! for `verklaar announce`.

use minijinja::context;
use minijinja::value::{Serde, Value};

use crate::content::model::Statement;
use crate::error::{Context, Result};
use crate::render::Renderer;
use crate::site::files::SiteFiles;
use crate::site::output::{BuildContext, Output};
use crate::site::routes::Route;
use crate::site::views::{CorporationView, VersionView};

/// The page `<slug>/<version>/announcement/` of every published version with fundamental changes.
pub(crate) struct Announcements;

impl Output for Announcements {
    fn add(&self, build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()> {
        build.each_corporation(site, |corporation, _done, site| {
            for view in corporation.views.iter().filter(|v| needs_announcement(v)) {
                let route = Route::Announcement {
                    slug: &corporation.corporation.slug,
                    version: &view.id,
                };
                let html = render(
                    build.renderer,
                    corporation,
                    view,
                    &build.base_url,
                    "announcement.html",
                    Some((route, build.site_value.clone())),
                )?;
                site.insert(route.file(), html);
            }
            Ok(())
        })?;
        Ok(())
    }
}

/// Whether `view` must be announced: it is published and changes something fundamentally.
pub(crate) fn needs_announcement(view: &VersionView) -> bool {
    view.announcement_path.is_some()
}

/// Renders the announcement of `view` with `template`: the page (with its route and the site value)
/// or the Markdown and plain-text versions.
pub(crate) fn render(
    renderer: &Renderer,
    corporation: &CorporationView<'_>,
    view: &VersionView,
    base_url: &str,
    template: &str,
    page: Option<(Route<'_>, Value)>,
) -> Result<String> {
    let statement: Option<&Statement> = corporation.corporation.version(&view.id).map(|v| &v.statement);
    let previous_path = view.previous.as_deref().map(|id| {
        Route::Version {
            slug: &corporation.corporation.slug,
            version: id,
        }
        .path()
    });
    let previous_url = previous_path.as_ref().map(|path| format!("{base_url}{path}"));
    let (page_value, site_value) = match &page {
        Some((route, site)) => (
            context! {
                root => route.root(),
                path => route.path(),
                canonical => format!("{base_url}{}", route.path()),
                // A notice for the weeks before a change, not a page to find later in a search.
                noindex => true,
            },
            site.clone(),
        ),
        None => (Value::UNDEFINED, Value::UNDEFINED),
    };
    renderer
        .render(
            template,
            context! {
                site => site_value,
                page => page_value,
                base_url => base_url,
                corporation => corporation.value(),
                version => Serde(view),
                statement => statement.map(Serde),
                previous_path => previous_path,
                previous_url => previous_url,
                changes_url => view.changes_path.as_ref().map(|p| format!("{base_url}{p}")),
            },
        )
        .context(|| {
            msg!(
                "rendering the announcement of {path} with {template}",
                path = view.path,
                template
            )
        })
}
