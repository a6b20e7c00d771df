//! The pages about change: each version compared with the one before it (facts and text), and
//! each corporation's change log.

use std::collections::{BTreeMap, BTreeSet};

use minijinja::context;
use minijinja::value::Serde;
use rayon::prelude::*;

use crate::diff::text::{self, Section};
use crate::error::{Context, Result};
use crate::site::files::SiteFiles;
use crate::site::output::{BuildContext, Output, each_in_parallel};
use crate::site::routes::Route;
use crate::site::views::Standing;

/// Per version with a predecessor, the page that compares them: the changes in words and the text
/// diff of the two statement pages.
pub(crate) struct VersionChangePages;

impl Output for VersionChangePages {
    fn add(&self, build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()> {
        build.each_corporation(site, |corporation, done, site| {
            let slug = corporation.corporation.slug.as_str();
            // Each version's page is read into its parts once, as the newer and as the older side.
            let compared: BTreeSet<&str> = corporation
                .views
                .iter()
                .filter_map(|view| Some([view.previous.as_deref()?, view.id.as_str()]))
                .flatten()
                .collect();
            let parts: BTreeMap<&str, Vec<Section>> = compared
                .into_par_iter()
                .filter_map(|version| {
                    let bytes = done.files.get(&Route::Version { slug, version }.file())?;
                    Some((version, text::sections(&String::from_utf8_lossy(bytes))))
                })
                .collect();
            each_in_parallel(&corporation.views, site, |view, site| {
                let Some(previous) = &view.previous else {
                    return Ok(());
                };
                let (Some(old), Some(new)) = (parts.get(previous.as_str()), parts.get(view.id.as_str())) else {
                    return Ok(());
                };
                let sections = text::diff(old, new);
                let route = Route::VersionChanges {
                    slug,
                    version: &view.id,
                };
                let html = build
                    .renderer
                    .render(
                        "version_changes.html",
                        context! {
                            site => build.site_value.clone(),
                            page => build.page(route, view.standing == Standing::Draft),
                            corporation => corporation.value(),
                            version => Serde(view),
                            sections => Serde(&sections),
                        },
                    )
                    .context(|| msg!("rendering page {file}", file = route.file()))?;
                site.insert(route.file(), html);
                Ok(())
            })
        })?;
        Ok(())
    }
}

/// The change log of each corporation with published versions: every version, newest first, with
/// its changes.
pub(crate) struct Changelogs;

impl Output for Changelogs {
    fn add(&self, build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()> {
        build.each_corporation(site, |corporation, _done, site| {
            if corporation.corporation.versions.is_empty() {
                return Ok(());
            }
            let route = Route::Changelog {
                slug: &corporation.corporation.slug,
            };
            let html = build
                .renderer
                .render(
                    "changelog.html",
                    context! {
                        site => build.site_value.clone(),
                        page => build.page(route, false),
                        corporation => corporation.value(),
                        versions => Serde(corporation.published_newest_first()),
                    },
                )
                .context(|| msg!("rendering page {file}", file = route.file()))?;
            site.insert(route.file(), html);
            Ok(())
        })?;
        Ok(())
    }
}
