//! What the pages say about each version: the period it is in force, where it stands on the build
//! date, its changes as sentences, its errata, and the addresses of its pages.

use minijinja::context;
use minijinja::value::{Serde, Value};
use rayon::prelude::*;
use serde::Serialize;

use crate::content::Content;
use crate::content::date::Date;
use crate::content::ledger::Ledger;
use crate::content::{Corporation, Version};
use crate::diff::{self, Change, ChangeKind, Materiality, Reason};
use crate::error::Result;
use crate::render::Renderer;
use crate::site::routes::Route;

/// A published version and the period it is in force.
pub(crate) struct Period<'a> {
    pub(crate) version: &'a Version,
    /// The day the next version takes over, if there is one.
    pub(crate) until: Option<Date>,
    /// Whether this version is in force on the build date.
    pub(crate) current: bool,
    /// Whether it comes after the current one.
    pub(crate) upcoming: bool,
}

/// The published versions of `corporation` with the period each is in force, oldest first, as of
/// `today`: the newest version published on or before it is current, later ones are upcoming. When
/// every version starts later, none is current and all are upcoming.
pub(crate) fn periods(corporation: &Corporation, today: Date) -> Vec<Period<'_>> {
    let versions = &corporation.versions;
    let current = versions
        .iter()
        .rposition(|v| v.statement.published.is_some_and(|d| d <= today));
    versions
        .iter()
        .enumerate()
        .map(|(i, version)| Period {
            version,
            until: versions.get(i + 1).and_then(|next| next.statement.published),
            current: Some(i) == current,
            upcoming: current.is_none_or(|c| i > c),
        })
        .collect()
}

/// Where a version stands on the build date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Standing {
    Current,
    Past,
    Upcoming,
    Draft,
}

/// What the pages say about one version.
#[derive(Debug, Serialize)]
pub(crate) struct VersionView {
    pub(crate) id: String,
    pub(crate) published: Option<String>,
    pub(crate) until: Option<String>,
    pub(crate) standing: Standing,
    /// Path of the version's page, relative to the site root.
    pub(crate) path: String,
    /// Its absolute address.
    pub(crate) url: String,
    /// Path of its print page.
    pub(crate) print_path: String,
    /// Path of its PDF (published versions only).
    pub(crate) pdf_path: Option<String>,
    /// Path of its facts as JSON (published versions only).
    pub(crate) facts_path: Option<String>,
    /// Path of its facts in DPV, as JSON-LD (published versions only).
    pub(crate) dpv_path: Option<String>,
    /// Path of the page that compares it with the version before it.
    pub(crate) changes_path: Option<String>,
    /// Path of its announcement, for a published version with fundamental changes.
    pub(crate) announcement_path: Option<String>,
    pub(crate) previous: Option<String>,
    pub(crate) previous_published: Option<String>,
    pub(crate) summary: Option<String>,
    pub(crate) materiality: Option<Materiality>,
    /// The distinct reasons why the version is fundamental.
    pub(crate) reasons: Vec<Reason>,
    pub(crate) changes: Vec<ChangeView>,
    pub(crate) errata: Vec<ErratumView>,
}

impl VersionView {
    pub(crate) fn is_current(&self) -> bool {
        self.standing == Standing::Current
    }
}

/// One change as the pages show it.
#[derive(Debug, Serialize)]
pub(crate) struct ChangeView {
    pub(crate) sentence: String,
    pub(crate) kind: ChangeKind,
    pub(crate) materiality: Materiality,
    pub(crate) reason: Option<Reason>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ErratumView {
    date: String,
    reason: String,
}

/// Everything the pages of one corporation share.
pub(crate) struct CorporationView<'a> {
    pub(crate) corporation: &'a Corporation,
    /// Published versions oldest first, then the draft when drafts are built.
    pub(crate) views: Vec<VersionView>,
}

impl<'a> CorporationView<'a> {
    /// The views of `corporation`'s versions, with their changes in the theme's words.
    pub(crate) fn new(
        corporation: &'a Corporation,
        content: &Content,
        renderer: &Renderer,
        base_url: &str,
        drafts: bool,
        today: Date,
    ) -> Result<CorporationView<'a>> {
        let views = version_views(corporation, &content.ledger, renderer, base_url, drafts, today)?;
        Ok(CorporationView { corporation, views })
    }

    /// The published versions, newest first.
    pub(crate) fn published_newest_first(&self) -> Vec<&VersionView> {
        self.views
            .iter()
            .rev()
            .filter(|v| v.standing != Standing::Draft)
            .collect()
    }

    /// The version shown at the corporation's address: the one in force on the build date, or,
    /// when none is in force yet, the first that will be.
    pub(crate) fn current(&self) -> Option<&VersionView> {
        let first_upcoming = || self.views.iter().find(|v| v.standing == Standing::Upcoming);
        self.views.iter().find(|v| v.is_current()).or_else(first_upcoming)
    }

    /// The `corporation` value of the templates.
    pub(crate) fn value(&self) -> Value {
        corporation_value(self.corporation)
    }
}

/// The `corporation` value of the templates.
pub(crate) fn corporation_value(corporation: &Corporation) -> Value {
    let slug = corporation.slug.as_str();
    let published = !corporation.versions.is_empty();
    let document = corporation.newest_or_draft().and_then(|v| v.statement.document);
    context! {
        slug => slug,
        name => corporation_name(corporation),
        document => document.map(Serde),
        path => Route::Corporation { slug }.path(),
        changelog_path => published.then(|| Route::Changelog { slug }.path()),
        feed_path => published.then(|| Route::Feed { slug }.path()),
    }
}

/// The corporation's display name: the organisation name of its newest version (or of its draft,
/// when nothing is published yet).
pub(crate) fn corporation_name(corporation: &Corporation) -> &str {
    corporation
        .newest_or_draft()
        .map(|v| v.statement.organisation.name.as_str())
        .unwrap_or(corporation.slug.as_str())
}

/// Everything the pages say about each version (published ones oldest first, then the draft when
/// drafts are built): its period, its changes against the version before it, its errata.
fn version_views(
    corporation: &Corporation,
    ledger: &Ledger,
    renderer: &Renderer,
    base_url: &str,
    drafts: bool,
    today: Date,
) -> Result<Vec<VersionView>> {
    let periods = periods(corporation, today);
    let draft = corporation.draft.iter().filter(|_| drafts);
    // Each version with its period (none for the draft) and the published version before it; the
    // views are then made in parallel (a corporation rendered alone still uses every core).
    let mut previous: Option<&Version> = None;
    let mut versions = Vec::new();
    for (version, period) in periods
        .iter()
        .map(|p| (p.version, Some(p)))
        .chain(draft.map(|d| (d, None)))
    {
        versions.push((version, period, previous));
        if period.is_some() {
            previous = Some(version);
        }
    }
    versions
        .into_par_iter()
        .map(|(version, period, previous)| {
            let standing = match period {
                None => Standing::Draft,
                Some(p) if p.current => Standing::Current,
                Some(p) if p.upcoming => Standing::Upcoming,
                Some(_) => Standing::Past,
            };
            let changes: Option<Vec<Change>> =
                previous.map(|before| diff::facts(&before.statement, &version.statement));
            let path = Route::version(corporation, version).path();
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
            Ok(VersionView {
                id: version.id.clone(),
                published: version.statement.published.map(|d| d.to_string()),
                until: period.and_then(|p| p.until).map(|d| d.to_string()),
                standing,
                changes_path: previous.map(|_| Route::version_changes(corporation, version).path()),
                announcement_path: (period.is_some()
                    && changes.as_deref().map(diff::materiality) == Some(Materiality::Fundamental))
                .then(|| {
                    Route::Announcement {
                        slug: &corporation.slug,
                        version: &version.id,
                    }
                    .path()
                }),
                previous: previous.map(|p| p.id.clone()),
                previous_published: previous.and_then(|p| p.statement.published).map(|d| d.to_string()),
                url: format!("{base_url}{path}"),
                print_path: Route::print(corporation, version).path(),
                pdf_path: Route::pdf(corporation, version).map(|r| r.path()),
                facts_path: period.map(|_| Route::facts(corporation, version).path()),
                dpv_path: period.map(|_| Route::dpv(corporation, version).path()),
                path,
                summary: version.statement.summary.clone(),
                materiality: changes.as_deref().map(diff::materiality),
                reasons: changes.as_deref().map(reasons).unwrap_or_default(),
                changes: match changes {
                    Some(changes) => change_views(renderer, &changes)?,
                    None => Vec::new(),
                },
                errata,
            })
        })
        .collect()
}

/// Each change as a sentence in the theme's words.
pub(crate) fn change_views(renderer: &Renderer, changes: &[Change]) -> Result<Vec<ChangeView>> {
    changes
        .iter()
        .map(|change| {
            Ok(ChangeView {
                sentence: renderer.render("changes/sentence.txt", context! { c => Serde(change) })?,
                kind: change.kind,
                materiality: change.materiality,
                reason: change.reason,
            })
        })
        .collect()
}

/// The distinct reasons of `changes`, in order of first appearance.
fn reasons(changes: &[Change]) -> Vec<Reason> {
    let mut reasons: Vec<Reason> = Vec::new();
    for reason in changes.iter().filter_map(|c| c.reason) {
        if !reasons.contains(&reason) {
            reasons.push(reason);
        }
    }
    reasons
}
