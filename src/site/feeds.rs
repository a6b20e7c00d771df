//! The Atom feeds: one per corporation with its published versions, and one of the whole site.
//!
//! A feed never dates the future: an upcoming version is announced as of the day the version
//! before it took effect (clamped to the build date), which stays the same from build to build,
//! and its entry says from when it applies. verklaar does not know the day a version was added:
//! the ledger keeps no dates, and the build date would re-date the entry on every build.

use std::collections::BTreeMap;

use minijinja::context;
use minijinja::value::{Serde, Value};

use crate::content::Corporation;
use crate::content::date::Date;
use crate::error::{Context, Error, Result};
use crate::site::files::SiteFiles;
use crate::site::incremental::{FeedEntry, feed_key};
use crate::site::output::{BuildContext, Output};
use crate::site::routes::Route;
use crate::site::views::{CorporationView, Standing, corporation_name, periods};

/// The day each published version of `corporation` is announced in the feeds, by version id: the
/// day it takes effect, or for an upcoming version the day the version before it took effect,
/// never later than `today`.
fn announced(corporation: &Corporation, today: Date) -> BTreeMap<&str, Date> {
    let mut days = BTreeMap::new();
    let mut previous: Option<Date> = None;
    for period in periods(corporation, today) {
        if let Some(published) = period.version.statement.published {
            let day = if period.upcoming {
                previous.unwrap_or(today).min(today)
            } else {
                published
            };
            days.insert(period.version.id.as_str(), day);
            previous = Some(published);
        }
    }
    days
}

/// Each corporation's feed; its entries of the site feed are made with it (see [`SiteFeed`]).
pub(crate) struct Feeds;

impl Output for Feeds {
    fn add(&self, build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()> {
        build.each_corporation(site, |corporation, _done, site| {
            let key = feed_key(&corporation.corporation.slug, build.translated_into);
            if build.feed.kept(&key).is_none() {
                build.feed.made(&key, feed_entries(build, corporation)?);
            }
            if corporation.corporation.versions.is_empty() {
                return Ok(());
            }
            let slug = corporation.corporation.slug.as_str();
            let entries = corporation.published_newest_first();
            let days = announced(corporation.corporation, build.today);
            let day = |id: &str| days.get(id).map(|d| d.to_string());
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
                        updated => days.values().max().map(|d| d.to_string()),
                        entries => entries.iter().map(|view| context! {
                            name => corporation_name(corporation.corporation),
                            announced => day(&view.id),
                            upcoming => view.standing == Standing::Upcoming,
                            version => Serde(view),
                        }).collect::<Vec<_>>(),
                    },
                )
                .context(|| msg!("rendering feed {file}", file = route.file()))?;
            site.insert(route.file(), xml);
            Ok(())
        })
    }
}

/// The feed of the whole site: every published version of every corporation, newest first, each
/// with its changes in plain words, as in the corporation's own feed. The entries of a corporation
/// are those kept from the last build, or made with its feed ([`Feeds`]), or made here for a
/// corporation this build neither renders nor keeps (another shard's).
pub(crate) struct SiteFeed;

impl Output for SiteFeed {
    fn add(&self, build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()> {
        site_feed(build, site)
    }
}

fn site_feed(build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()> {
    for corporation in &build.content.corporations {
        let key = feed_key(&corporation.slug, build.translated_into);
        if build.feed.kept(&key).is_none() && !build.feed.is_made(&key) {
            let view = CorporationView::new(
                corporation,
                build.content,
                build.renderer,
                &build.base_url,
                false,
                build.today,
            )?;
            build.feed.made(&key, feed_entries(build, &view)?);
        }
    }
    // An update that keeps the site feed it has, when no entry changed, need not make it.
    if build.feed.unchanged(build.translated_into) {
        return Ok(());
    }
    let now = build.feed.made_so_far();
    let entries_of = |corporation: &Corporation| {
        let key = feed_key(&corporation.slug, build.translated_into);
        build.feed.kept(&key).or_else(|| now.get(&key).map(Vec::as_slice))
    };
    let mut entries: Vec<&FeedEntry> = build
        .content
        .corporations
        .iter()
        .filter_map(entries_of)
        .flatten()
        .collect();
    entries.sort_by(|a, b| b.day.cmp(&a.day).then(a.slug.cmp(&b.slug)));
    let route = Route::SiteFeed;
    let render = || {
        let values = entries
            .iter()
            .map(|e| {
                serde_json::from_str::<serde_json::Value>(&e.value)
                    .map(|value| Value::from(Serde(value)))
                    .map_err(|e| unkept(route.file(), &e))
            })
            .collect::<Result<Vec<_>>>()?;
        build
            .renderer
            .render(
                "feed.xml",
                context! {
                    site => build.site_value.clone(),
                    base_url => &build.base_url,
                    feed_path => route.path(),
                    alternate_path => Route::Index.path(),
                    updated => entries.first().map(|e| e.day.clone()),
                    entries => values,
                },
            )
            .context(|| msg!("rendering feed {file}", file = route.file()))
    };
    // Rendered only when its context differs from the last build's into the same folder.
    let xml = match build.feed.memo() {
        Some(memo) => {
            let context = (&build.site_value, &build.base_url, route.path(), Route::Index.path());
            memo.feed(build.language, &context, &entries, render)?
        }
        None => render()?,
    };
    site.insert(route.file(), xml);
    Ok(())
}

/// The site feed's entries of one document (its views), newest first; as plain data (the form
/// the page cache keeps them in), so that a kept entry and a new one render alike.
fn feed_entries(build: &BuildContext<'_>, published: &CorporationView<'_>) -> Result<Vec<FeedEntry>> {
    let corporation = published.corporation;
    let days = announced(corporation, build.today);
    let mut entries = Vec::new();
    // A draft in the views (with drafts built) has no announced day, so it is never an entry.
    for view in &published.views {
        let Some(day) = days.get(view.id.as_str()) else {
            continue;
        };
        let value = context! {
            name => corporation_name(corporation),
            announced => day.to_string(),
            upcoming => view.standing == Standing::Upcoming,
            version => Serde(view),
        };
        let value = serde_json::to_value(&value)
            .and_then(|value| serde_json::to_string(&value))
            .map_err(|e| unkept(view.path.clone(), &e))?;
        entries.push(FeedEntry {
            day: day.to_string(),
            slug: corporation.slug.clone(),
            value,
        });
    }
    Ok(entries)
}

/// The error of a feed entry of the page at `path` that cannot be kept or read back.
fn unkept(path: String, e: &serde_json::Error) -> Error {
    Error::command(
        msg!("the feed entry of {path} cannot be kept: {e}", path, e),
        msg!("build again"),
    )
}
