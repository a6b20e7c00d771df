//! The Atom feeds: one per corporation with its published versions, and one of the whole site.

use minijinja::context;
use minijinja::value::{Serde, Value};

use crate::content::date::Date;
use crate::error::{Context, Result};
use crate::site::files::SiteFiles;
use crate::site::output::{BuildContext, Output};
use crate::site::routes::Route;
use crate::site::views::{corporation_name, periods};

/// Each corporation's feed, and the site's feed.
pub(crate) struct Feeds;

impl Output for Feeds {
    fn add(&self, build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()> {
        for corporation in build.changed.iter().filter(|c| !c.corporation.versions.is_empty()) {
            let slug = corporation.corporation.slug.as_str();
            let entries = corporation.published_newest_first();
            let route = Route::Feed { slug };
            let xml = build
                .renderer
                .render(
                    "feed.xml",
                    context! {
                        site => build.site_value.clone(),
                        base_url => &build.base_url,
                        feed_path => route.path(),
                        alternate_path => Route::Changelog { slug }.path(),
                        corporation => corporation.value(),
                        updated => entries.first().and_then(|v| v.published.clone()),
                        entries => entries.iter().map(|view| context! {
                            name => corporation_name(corporation.corporation),
                            version => Serde(view),
                        }).collect::<Vec<_>>(),
                    },
                )
                .context(|| format!("rendering feed {}", route.file()))?;
            site.insert(route.file(), xml);
        }
        site_feed(build, site)
    }
}

/// The feed of the whole site: every published version of every corporation, newest first.
fn site_feed(build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()> {
    let mut entries: Vec<(Date, &str, Value)> = Vec::new();
    for corporation in &build.content.corporations {
        for period in periods(corporation, build.today) {
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
                        path => Route::version(corporation, version).path(),
                        published => published.to_string(),
                        summary => &version.statement.summary,
                        changes => Vec::<Value>::new(),
                    },
                },
            ));
        }
    }
    entries.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let route = Route::SiteFeed;
    let xml = build
        .renderer
        .render(
            "feed.xml",
            context! {
                site => build.site_value.clone(),
                base_url => &build.base_url,
                feed_path => route.path(),
                alternate_path => Route::Index.path(),
                updated => entries.first().map(|e| e.0.to_string()),
                entries => entries.into_iter().map(|e| e.2).collect::<Vec<_>>(),
            },
        )
        .context(|| format!("rendering feed {}", route.file()))?;
    site.insert(route.file(), xml);
    Ok(())
}
