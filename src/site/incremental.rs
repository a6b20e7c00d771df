//! The page cache of a build into an output folder: a corporation whose inputs did not change since
//! the last build into that folder keeps its files from it (hard links), without rendering them.
//!
//! Each corporation has one entry in `.verklaar-cache/pages/<output name>/<slug>.json`: the key, a
//! SHA-256 over every input its pages depend on (its version files' bytes, its ledger entries, the
//! standing of its versions on the build date, the theme's files, `site.yaml` as used, the build
//! options and the verklaar binary), the stamp (size, inode, mtime) of each of its output files, and
//! its entries of the site feed, which the site-wide files need. An entry counts only when its key
//! matches and every file it names still has its stamp, so a crash at any moment (entries are
//! written atomically, after the new output is in place) or a hand in the output makes a miss, never
//! a wrong build.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::content::Content;
use crate::content::date::Date;
use crate::content::journal::write_atomic;
use crate::error::Result;
use crate::pdf::PdfStats;
use crate::render::theme::Theme;
use crate::site::feed_memo::FeedMemo;
use crate::site::files::{SiteFiles, Stamp};
use crate::site::views::periods;

/// Changes whenever the meaning of an entry does, so that an old entry is never read as new.
const FORMAT: &str = "verklaar-pages-2";

/// One entry of the site feed, as the feed template gets it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FeedEntry {
    /// The day the version is announced (`YYYY-MM-DD`).
    pub(crate) day: String,
    /// The document's slug.
    pub(crate) slug: String,
    /// The template value of the entry, as JSON text: a fleet's entries are kept for the whole
    /// build, and as text they take a fraction of the memory of a parsed value.
    pub(crate) value: String,
}

/// What the cache keeps of one corporation.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    key: String,
    /// Its output files, by path, with their stamps.
    files: BTreeMap<String, Stamp>,
    /// Its site feed entries, by document slug.
    feed: BTreeMap<String, Vec<FeedEntry>>,
}

/// The key of a document's site-feed entries in one language: its slug in the default language,
/// `<slug>@<language>` in another (each language's site feed has its own wording).
pub(crate) fn feed_key(slug: &str, language: Option<&str>) -> String {
    match language {
        Some(language) => format!("{slug}@{language}"),
        None => slug.to_owned(),
    }
}

/// The corporation whose site-feed entries `key` (see [`feed_key`]) holds.
fn feed_owner(key: &str) -> &str {
    key.split(['/', '@']).next().unwrap_or(key)
}

/// The site feed's entries by document slug and language: those kept from the cache (or the preview's last
/// build), and those made this run.
#[derive(Debug, Default)]
pub struct FeedCache {
    kept: BTreeMap<String, Vec<FeedEntry>>,
    made: Mutex<BTreeMap<String, Vec<FeedEntry>>>,
    /// Where the rendered site feeds are kept, in a build into an output folder.
    memo: Option<FeedMemo>,
    /// In an update of a site whose files are kept (the preview's): the entries of the documents
    /// rendered again, as they were before. When they come out the same, the site feed is too.
    before: Option<BTreeMap<String, Vec<FeedEntry>>>,
}

impl FeedCache {
    /// The kept entries of document `slug`, if its corporation was not rendered again.
    pub(crate) fn kept(&self, slug: &str) -> Option<&[FeedEntry]> {
        self.kept.get(slug).map(Vec::as_slice)
    }

    /// Where the rendered site feeds are kept, if anywhere.
    pub(crate) fn memo(&self) -> Option<&FeedMemo> {
        self.memo.as_ref()
    }

    /// Remembers the entries made for document `slug`, for its cache entry.
    pub(crate) fn made(&self, slug: &str, entries: Vec<FeedEntry>) {
        if let Ok(mut made) = self.made.lock() {
            made.insert(slug.to_owned(), entries);
        }
    }

    /// Whether entries of document `slug` were made this run.
    pub(crate) fn is_made(&self, slug: &str) -> bool {
        self.made.lock().is_ok_and(|made| made.contains_key(slug))
    }

    /// The entries made this run so far, by document slug (held while the guard lives).
    pub(crate) fn made_so_far(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Vec<FeedEntry>>> {
        self.made.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The entries to keep in the next build of the same content, theme and options, in which the
    /// corporations in `changed` (and their other documents) are rendered again: the preview's.
    /// The site feeds stay kept where they were.
    pub fn carry(&self, changed: &BTreeSet<&str>) -> FeedCache {
        let made = self.made.lock().map(|made| made.clone()).unwrap_or_default();
        let kept = self
            .kept
            .iter()
            .map(|(slug, entries)| (slug.clone(), entries.clone()))
            .chain(made)
            .filter(|(key, _)| !changed.contains(feed_owner(key)))
            .collect();
        FeedCache {
            kept,
            made: Mutex::default(),
            memo: self.memo.clone(),
            before: None,
        }
    }

    /// [`FeedCache::carry`], moving the entries rather than copying them, for an update whose
    /// caller keeps the files it has and writes only those the update makes: the site feed of a
    /// language is then not made at all when the entries of `changed` come out as before (see
    /// [`FeedCache::unchanged`]).
    pub fn into_update(self, changed: &BTreeSet<&str>) -> FeedCache {
        let made = self.made.into_inner().unwrap_or_default();
        let (before, kept) = self
            .kept
            .into_iter()
            .chain(made)
            .partition(|(key, _)| changed.contains(feed_owner(key)));
        FeedCache {
            kept,
            made: Mutex::default(),
            memo: self.memo,
            before: Some(before),
        }
    }

    /// Whether the site feed in `language` (`None`: the default) is the one the caller has: in an
    /// update (see [`FeedCache::into_update`]) whose documents rendered again have the entries in
    /// that language they had before.
    pub(crate) fn unchanged(&self, language: Option<&str>) -> bool {
        let Some(before) = &self.before else {
            return false;
        };
        let in_language = |key: &&String| key.split_once('@').map(|(_, code)| code) == language;
        let made = self.made.lock().map(|made| made.clone()).unwrap_or_default();
        made.iter()
            .filter(|(key, _)| in_language(key))
            .eq(before.iter().filter(|(key, _)| in_language(key)))
    }
}

/// The cache of the builds into one output folder.
pub(crate) struct PageCache {
    dir: PathBuf,
    site_key: Vec<u8>,
    /// The site's languages besides the default, whose pages are in a folder of their own.
    languages: Vec<String>,
}

/// Which corporations a build renders and which it keeps.
pub(crate) struct Plan {
    /// The key of every corporation of the build, by slug.
    keys: BTreeMap<String, String>,
    /// The entries of the corporations kept, by slug.
    kept: BTreeMap<String, Entry>,
}

impl PageCache {
    /// The cache in `cache_dir` (`.verklaar-cache/`) of builds into `out` with `theme`, with or
    /// without drafts.
    pub(crate) fn new(cache_dir: &Path, out: &Path, content: &Content, theme: &Theme, drafts: bool) -> Self {
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".to_owned());
        let mut hasher = Sha256::new();
        field(&mut hasher, FORMAT.as_bytes());
        field(&mut hasher, env!("CARGO_PKG_VERSION").as_bytes());
        field(&mut hasher, crate::content::cache::binary_stamp().as_bytes());
        field(&mut hasher, &serde_json::to_vec(&content.config).unwrap_or_default());
        field(&mut hasher, &[u8::from(drafts)]);
        for (path, file) in theme.files_under("") {
            field(&mut hasher, path.as_bytes());
            field(&mut hasher, &file.content);
        }
        PageCache {
            dir: cache_dir.join("pages").join(name),
            site_key: hasher.finalize().to_vec(),
            languages: content
                .config
                .other_languages()
                .into_iter()
                .map(str::to_owned)
                .collect(),
        }
    }

    /// Decides, for each corporation in `slugs`, whether its files in `out` can be kept: when its
    /// entry's key is this build's and every file it names is still as it was.
    pub(crate) fn plan(&self, content: &Content, slugs: &BTreeSet<&str>, out: &Path, today: Date) -> Plan {
        let found: Vec<(String, String, Option<Entry>)> = slugs
            .par_iter()
            .map(|slug| {
                let key = self.key(content, slug, today);
                let entry = self.read(slug).filter(|entry| entry.key == key).filter(|entry| {
                    entry
                        .files
                        .iter()
                        .all(|(path, stamp)| Stamp::of(&out.join(path)) == Some(*stamp))
                });
                ((*slug).to_owned(), key, entry)
            })
            .collect();
        let mut plan = Plan {
            keys: BTreeMap::new(),
            kept: BTreeMap::new(),
        };
        for (slug, key, entry) in found {
            if let Some(entry) = entry {
                plan.kept.insert(slug.clone(), entry);
            }
            plan.keys.insert(slug, key);
        }
        plan
    }

    /// The key of corporation `slug`: every input its pages depend on.
    fn key(&self, content: &Content, slug: &str, today: Date) -> String {
        let mut hasher = Sha256::new();
        field(&mut hasher, &self.site_key);
        for (name, bytes) in inputs(content, slug, today) {
            field(&mut hasher, name.as_bytes());
            field(&mut hasher, &bytes);
        }
        hex(&hasher.finalize())
    }

    /// Where the output before the current one is kept, for the next build to start from (see
    /// [`crate::site::write_reusing`]).
    pub(crate) fn spare(&self) -> PathBuf {
        self.dir.with_extension("tree")
    }

    /// The site feed entries of the corporations `plan` keeps (taken out of it, not copied: a
    /// fleet's entries are large), and where the site feeds are kept.
    pub(crate) fn feed(&self, plan: &mut Plan) -> FeedCache {
        FeedCache {
            kept: plan
                .kept
                .values_mut()
                .flat_map(|entry| std::mem::take(&mut entry.feed))
                .collect(),
            made: Mutex::default(),
            before: None,
            memo: Some(FeedMemo {
                base: self.dir.clone(),
                site_key: hex(&self.site_key),
            }),
        }
    }

    /// Where the lint findings of the builds into this output are kept (see [`crate::content::lint::lint_keeping`]).
    pub(crate) fn lints(&self) -> PathBuf {
        self.dir.with_extension("lints.json")
    }

    fn entry_path(&self, slug: &str) -> PathBuf {
        self.dir.join(format!("{slug}.json"))
    }

    fn read(&self, slug: &str) -> Option<Entry> {
        let bytes = std::fs::read(self.entry_path(slug)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Writes the entry of every corporation `plan` rendered, from the files now in `out` of those
    /// the build made (`paths`).
    pub(crate) fn save(&self, plan: &Plan, paths: &BTreeSet<String>, feed: &FeedCache, out: &Path) -> Result<()> {
        std::fs::create_dir_all(&self.dir).map_err(|e| crate::error::Error::io("create", &self.dir, e))?;
        let made = feed.made.lock().map(|made| made.clone()).unwrap_or_default();
        let rendered: Vec<(&String, &String)> = plan
            .keys
            .iter()
            .filter(|(slug, _)| !plan.kept.contains_key(*slug))
            .collect();
        rendered.par_iter().try_for_each(|(slug, key)| {
            // The corporation's pages in the default language, and in each other one's folder.
            let prefixes: Vec<String> = std::iter::once(format!("{slug}/"))
                .chain(self.languages.iter().map(|language| format!("{language}/{slug}/")))
                .collect();
            let mut files = BTreeMap::new();
            let own = |path: &&String| prefixes.iter().any(|prefix| path.starts_with(prefix.as_str()));
            for path in paths.iter().filter(own) {
                // A file that cannot be stamped leaves the corporation without an entry: a miss.
                let Some(stamp) = Stamp::of(&out.join(path)) else {
                    return Ok(());
                };
                files.insert(path.clone(), stamp);
            }
            let feed = made
                .iter()
                .filter(|(key, _)| feed_owner(key) == slug.as_str())
                .map(|(document, entries)| (document.clone(), entries.clone()))
                .collect();
            let entry = Entry {
                key: (*key).clone(),
                files,
                feed,
            };
            let bytes = serde_json::to_vec(&entry).map_err(|e| {
                crate::error::Error::command(
                    msg!("the page cache entry of {slug} cannot be written: {e}", slug, e),
                    msg!("build again"),
                )
            })?;
            write_atomic(&self.entry_path(slug), &bytes)
        })
    }
}

impl Plan {
    /// The slugs to render: those of the build that are not kept.
    pub(crate) fn rendered<'a>(&self, slugs: &BTreeSet<&'a str>) -> BTreeSet<&'a str> {
        slugs
            .iter()
            .copied()
            .filter(|slug| !self.kept.contains_key(*slug))
            .collect()
    }

    /// The key of every corporation of the build, by slug: every input its pages depend on.
    pub(crate) fn keys(&self) -> &BTreeMap<String, String> {
        &self.keys
    }

    /// The slugs kept from the output being replaced.
    pub(crate) fn kept(&self) -> impl Iterator<Item = &str> {
        self.kept.keys().map(String::as_str)
    }

    /// Adds the files of the kept corporations to `site` as files to keep; their PDFs count as
    /// unchanged in `stats`.
    pub(crate) fn keep_into(&self, site: &mut SiteFiles, stats: &mut PdfStats) {
        for entry in self.kept.values() {
            stats.reused += entry.files.keys().filter(|path| path.ends_with(".pdf")).count();
            site.linked
                .extend(entry.files.iter().map(|(path, stamp)| (path.clone(), *stamp)));
        }
    }
}

/// Every input of corporation `slug`'s pages besides the theme, `site.yaml`, the options and the
/// binary (which all corporations share): a name and its bytes each. An input a new feature adds
/// (a model statement a corporation is based on, a translation file) is one more entry here.
fn inputs<'a>(content: &'a Content, slug: &str, today: Date) -> Vec<(String, Cow<'a, [u8]>)> {
    let mut inputs = Vec::new();
    for corporation in content.corporations.iter().filter(|c| c.corporation_slug() == slug) {
        let ids: Vec<&str> = corporation.file_ids.iter().map(String::as_str).collect();
        inputs.push((
            format!("{}: files", corporation.slug),
            Cow::Owned(ids.join("\n").into_bytes()),
        ));
        for version in corporation.versions.iter().chain(&corporation.draft) {
            let name = format!("{}: {}", version.id, version.file.to_string_lossy());
            inputs.push((name.clone(), Cow::Borrowed(version.source.as_bytes())));
            // A version based on a model takes its facts from the model's files too.
            if version.basis.is_some() {
                inputs.push((
                    format!("{name}: resolved"),
                    Cow::Borrowed(version.facts_text().as_bytes()),
                ));
            }
            for (language, translation) in &version.translations {
                let name = format!("{name}: {language} {}", translation.file.to_string_lossy());
                inputs.push((name, Cow::Borrowed(translation.source.as_bytes())));
            }
        }
        let ledger = (
            content.ledger.corporations.get(&corporation.slug),
            content.ledger.heads.get(&corporation.slug),
        );
        let ledger = serde_json::to_vec(&ledger).unwrap_or_default();
        inputs.push((format!("{}: ledger", corporation.slug), Cow::Owned(ledger)));
        let periods = periods(corporation, today);
        let standing: Vec<u8> = periods
            .iter()
            .flat_map(|p| [u8::from(p.current), u8::from(p.upcoming)])
            .collect();
        inputs.push((format!("{}: standing", corporation.slug), Cow::Owned(standing)));
        // The site feed dates an upcoming version by the build date when that is earlier.
        if periods.iter().any(|p| p.upcoming) {
            inputs.push(("today".to_owned(), Cow::Owned(today.to_string().into_bytes())));
        }
    }
    inputs
}

/// Feeds `bytes` to `hasher` with their length first, so that no two lists of fields hash alike.
fn field(hasher: &mut Sha256, bytes: &[u8]) {
    hasher.update((bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
