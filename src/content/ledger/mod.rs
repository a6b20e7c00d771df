//! The ledger of published versions, `content/ledger.yaml`: a hash of the facts of every published
//! version, and the errata recorded against them.
//!
//! Published versions never change silently: a build whose version no longer matches its hash, or
//! whose published version is gone, fails and says which facts changed. Hashes are taken over the
//! parsed YAML (keys sorted), so comments and layout may change; facts may not. Besides the hash of
//! the whole version, the ledger keeps a short hash per part (each top-level key, and each item of
//! its lists by id), so that an error can name what changed, and a hash of the text as readers
//! see it (every scalar as spelled), so that a respelled `1.10` or `True` is a change too.
//!
//! Format versions: entries written before the text hash and the chain have neither; they still
//! verify by their facts hash, and gain both (for a file that still matches) the first time
//! `publish`, `record` or `erratum` writes the ledger. No existing ledger needs editing.

mod chain;
mod fingerprint;
pub mod original;

pub use self::chain::{Broken, Head, Link};
pub use self::fingerprint::{Fingerprint, PartChanges, compare, fingerprint, text_hash};

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::content::cache::Verified;
use crate::content::date::Date;
use crate::content::files::{LEDGER_FILE, display_path};
use crate::content::version::{Corporation, Version};
use crate::error::{ContentError, ContentErrorKind, Error, Location, Result};

/// Every published version's fingerprint, by corporation and version.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct Ledger {
    /// Slug → the newest entry of its chain (`_chain`, which no slug can be called); empty in a
    /// ledger that predates the chain.
    #[serde(rename = "_chain", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub heads: BTreeMap<String, Head>,
    /// Slug → version → entry.
    #[serde(flatten)]
    pub corporations: BTreeMap<String, BTreeMap<String, Entry>>,
}

/// What the ledger knows of one published version.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// `sha256:` and the hash of the whole version's facts.
    pub hash: String,
    /// `sha256:` and the hash of its text as readers see it; absent in entries from before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// A short hash per part of the version, by part name (e.g. `purposes.list[rent]`).
    pub parts: BTreeMap<String, String>,
    /// Its place in the chain; absent in entries from before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<Link>,
    /// Corrections made after publication, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errata: Vec<Erratum>,
}

/// A correction of a published version, made deliberately and shown on its page.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Erratum {
    /// When the correction was made.
    pub date: Date,
    /// Why, in the editor's words; shown to readers.
    pub reason: String,
    /// The parts that changed.
    pub parts: Vec<String>,
}

impl Ledger {
    /// The entry of one version, if recorded.
    pub fn entry(&self, slug: &str, version: &str) -> Option<&Entry> {
        self.corporations.get(slug)?.get(version)
    }

    /// Records a newly published version.
    pub fn record(&mut self, slug: &str, version: &str, fingerprint: Fingerprint) {
        self.corporations.entry(slug.to_owned()).or_default().insert(
            version.to_owned(),
            Entry {
                hash: fingerprint.hash,
                text: fingerprint.text,
                parts: fingerprint.parts,
                chain: None,
                errata: Vec::new(),
            },
        );
    }

    /// The versions of `slug` in the order they were recorded, as far as they are chained.
    pub fn chain_of(&self, slug: &str) -> std::result::Result<Vec<String>, Broken> {
        let links = self
            .corporations
            .get(slug)
            .map(|versions| versions.iter().map(|(id, e)| (id.clone(), e.chain.clone())).collect())
            .unwrap_or_default();
        chain::walk(slug, self.heads.get(slug), &links)
    }

    /// Brings every entry to the current format before the ledger is written: entries without a
    /// text hash gain one when their file (in `corporations`) still matches their facts hash, and
    /// every entry not yet chained is appended to its corporation's chain. Refuses a broken chain,
    /// which would otherwise be sealed over.
    pub fn seal(&mut self, corporations: &[Corporation]) -> Result<()> {
        let slugs: BTreeSet<String> = self.corporations.keys().chain(self.heads.keys()).cloned().collect();
        for slug in slugs {
            let order = self.chain_of(&slug).map_err(|broken| {
                Error::command(
                    msg!(
                        "the ledger's chain of {slug} is broken: {describe}",
                        slug,
                        describe = describe(&broken)
                    ),
                    msg!(
                        "restore ledger.yaml (e.g. `git checkout -- content/ledger.yaml`); `verklaar check` says more"
                    ),
                )
            })?;
            let versions = self.corporations.entry(slug.clone()).or_default();
            for (id, entry) in versions.iter_mut() {
                let source = corporations
                    .iter()
                    .find(|c| c.slug == slug)
                    .and_then(|c| c.versions.iter().find(|v| &v.id == id))
                    .map(Version::facts_text);
                if entry.text.is_none()
                    && let Some(now) = source.and_then(fingerprint)
                    && now.hash == entry.hash
                {
                    entry.text = now.text;
                }
            }
            let ids: Vec<String> = versions.keys().cloned().collect();
            let (links, head) = chain::seal(&slug, &order, &ids);
            for (id, link) in links {
                if let Some(entry) = versions.get_mut(&id) {
                    entry.chain = Some(link);
                }
            }
            match head {
                Some(head) => self.heads.insert(slug.clone(), head),
                None => self.heads.remove(&slug),
            };
            if versions.is_empty() {
                self.corporations.remove(&slug);
            }
        }
        Ok(())
    }

    /// The ledger file's text: a header that says what it is, then the entries.
    pub fn to_yaml(&self) -> Result<String> {
        let body = serde_yaml::to_string(self).map_err(|e| Error::Theme {
            file: PathBuf::from(LEDGER_FILE),
            message: e.to_string(),
        })?;
        Ok(format!(
            "# The published versions of every statement, with a hash of their facts.\n\
             # Written by `verklaar publish`, `verklaar record` and `verklaar erratum`: do not edit it by hand,\n\
             # and commit it with the content.\n{body}"
        ))
    }

    /// Writes the ledger into `content_dir`, replacing the file in one step.
    pub fn save(&self, content_dir: &Path) -> Result<()> {
        crate::content::journal::write_atomic(&content_dir.join(LEDGER_FILE), self.to_yaml()?.as_bytes())
    }
}

/// Reads `content/ledger.yaml`; an empty ledger when there is none.
pub fn load(content_dir: &Path, shown: &Path) -> Result<Ledger, Box<ContentError>> {
    match read(content_dir, shown)? {
        Some(source) => parse(&source, shown),
        None => Ok(Ledger::default()),
    }
}

/// The text of `content/ledger.yaml`; `None` when there is none.
pub(crate) fn read(content_dir: &Path, shown: &Path) -> Result<Option<String>, Box<ContentError>> {
    let path = content_dir.join(LEDGER_FILE);
    if !path.is_file() {
        return Ok(None);
    }
    fs::read_to_string(&path).map(Some).map_err(|e| {
        Box::new(ContentError::new(
            ContentErrorKind::Missing,
            shown,
            msg!("cannot read the ledger: {e}", e),
        ))
    })
}

/// Parses the ledger's text `source`, read from the file shown as `shown`.
pub(crate) fn parse(source: &str, shown: &Path) -> Result<Ledger, Box<ContentError>> {
    crate::content::yaml::parse_str(source, shown)
}

/// A broken chain in words.
fn describe(broken: &Broken) -> String {
    match broken {
        Broken::Missing {
            id,
            before: Some(before),
        } => {
            msg!(
                "the entry of version {id}, recorded before {before}, is missing",
                id,
                before
            )
        }
        Broken::Missing { id, before: None } => msg!("the entry of version {id}, the newest, is missing", id),
        Broken::Edited(id) => msg!(
            "the links at version {id} do not match; the ledger was edited by hand",
            id
        ),
        Broken::NoHead => {
            msg!("`_chain` at the top of the ledger, which names the newest entry, is missing").to_owned()
        }
    }
}

/// An error for every corporation whose chain of entries is broken.
fn verify_chains(ledger: &Ledger, content_dir: &Path, corporations: &[&Corporation]) -> Vec<ContentError> {
    let ledger_file = display_path(content_dir, &content_dir.join(LEDGER_FILE));
    let slugs: BTreeSet<&String> = ledger.corporations.keys().chain(ledger.heads.keys()).collect();
    let mut errors = Vec::new();
    for slug in slugs {
        let Err(broken) = ledger.chain_of(slug) else {
            continue;
        };
        let help = msg!(
            "published versions and their ledger entries are never removed; restore them (e.g. \
             `git checkout -- {ledger_file}` and the version file)",
            ledger_file = ledger_file.display()
        );
        let error = match &broken {
            Broken::Missing { id, .. } => {
                let file = display_path(content_dir, &content_dir.join(slug).join(format!("{id}.yaml")));
                let there = corporations.iter().any(|c| &c.slug == slug && c.file_ids.contains(id));
                let what = if there {
                    msg!("the ledger entry of this published version was removed")
                } else {
                    msg!("this published version was removed together with its ledger entry")
                };
                ContentError::new(
                    ContentErrorKind::Published,
                    &file,
                    msg!("{what}: {describe}", what, describe = describe(&broken)),
                )
            }
            _ => ContentError::new(
                ContentErrorKind::Published,
                &ledger_file,
                msg!(
                    "the ledger's chain of {slug} is broken: {describe}",
                    slug,
                    describe = describe(&broken)
                ),
            ),
        };
        errors.push(error.with_help(help));
    }
    errors
}

/// Checks every published version against the ledger: recorded, unchanged, and none removed.
pub fn verify(
    ledger: &Ledger,
    content_dir: &Path,
    corporations: &[Corporation],
    models: &[Corporation],
) -> Vec<ContentError> {
    verify_with(ledger, content_dir, corporations, models, &Verified::none())
}

/// [`verify`], without fingerprinting the versions that `verified` knows as matching their entries;
/// the corporations are checked in parallel, their errors reported in order.
pub fn verify_with(
    ledger: &Ledger,
    content_dir: &Path,
    corporations: &[Corporation],
    models: &[Corporation],
    verified: &Verified,
) -> Vec<ContentError> {
    let corporations: Vec<&Corporation> = corporations.iter().chain(models).collect();
    let mut errors = verify_chains(ledger, content_dir, &corporations);
    let ledger_file = display_path(content_dir, &content_dir.join(LEDGER_FILE));
    let per_corporation: Vec<Vec<ContentError>> = corporations
        .par_iter()
        .map(|corporation| {
            let mut errors = Vec::new();
            let recorded = ledger.corporations.get(&corporation.slug);
            for version in &corporation.versions {
                match recorded.and_then(|r| r.get(&version.id)) {
                    None => errors.push(not_recorded(version, &corporation.slug, &ledger_file)),
                    Some(entry) => {
                        let key = Verified::key(version.facts_text(), &entry.hash, entry.text.as_deref());
                        if verified.knows(&key) {
                            continue;
                        }
                        match check_unchanged(version, entry, &corporation.slug) {
                            Some(error) => errors.push(error),
                            None => verified.passed(key),
                        }
                    }
                }
            }
            for id in recorded.into_iter().flat_map(|r| r.keys()) {
                if !corporation.file_ids.contains(id) {
                    errors.push(removed(content_dir, &corporation.slug, id));
                }
            }
            errors
        })
        .collect();
    errors.extend(per_corporation.into_iter().flatten());
    for (slug, versions) in &ledger.corporations {
        if !corporations.iter().any(|c| &c.slug == slug) {
            for id in versions.keys() {
                errors.push(removed(content_dir, slug, id));
            }
        }
    }
    errors
}

fn not_recorded(version: &Version, slug: &str, ledger_file: &Path) -> ContentError {
    ContentError::new(
        ContentErrorKind::Published,
        &version.file,
        msg!(
            "this published version is not in the ledger ({ledger_file})",
            ledger_file = ledger_file.display()
        ),
    )
    .with_help(msg!(
        "publish a new version with `verklaar publish {slug}`, which records it; a version that \
         was published before verklaar kept a ledger is recorded once with \
         `verklaar record {slug} {id}`; a version that is not published yet belongs in `draft.yaml`",
        slug,
        id = version.id
    ))
}

fn check_unchanged(version: &Version, entry: &Entry, slug: &str) -> Option<ContentError> {
    let now = fingerprint(version.facts_text())?;
    if now.hash == entry.hash {
        return respelled(version, entry, &now, slug);
    }
    let changes = compare(&entry.parts, &now);
    let first = changes.all().into_iter().next();
    let mut error = ContentError::new(
        ContentErrorKind::Published,
        &version.file,
        msg!(
            "this version is published, and its facts changed after publication: {changes}",
            changes = if changes.is_empty() {
                msg!("the order of its facts")
            } else {
                changes.describe()
            }
        ),
    )
    .with_help(msg!(
        "published versions never change. Undo the edit (e.g. `git checkout -- {file}`) and make the change in \
         a new version: `verklaar new-version {slug}`, edit `draft.yaml`, then `verklaar publish {slug}`. \
         To correct a mistake in this version itself, record an erratum with its reason: \
         `verklaar erratum {slug} {id} --reason \"...\"`",
        file = version.file.display(),
        slug,
        id = version.id
    ));
    if let Some(basis) = &version.basis {
        let help = error.help.take().unwrap_or_default();
        error = error.with_help(msg!(
            "this version is based on the model {reference} ({file}), which is published too: if that file \
             changed, undo that edit. {help}",
            reference = basis.reference(),
            file = basis.model_file.display(),
            help
        ));
    }
    if let Some(part) = first {
        let top = part.split(['.', '[']).next().unwrap_or_default().to_owned();
        if let Some(line) = version.source.lines().position(|l| l.starts_with(&format!("{top}:"))) {
            error = error.at_location(
                Location {
                    line: line + 1,
                    column: 1,
                },
                &version.source,
            );
        }
        error = error.at_path(part);
    }
    Some(error)
}

/// An error when the facts are the same but a value is spelled otherwise than when recorded.
fn respelled(version: &Version, entry: &Entry, now: &Fingerprint, slug: &str) -> Option<ContentError> {
    let recorded = entry.text.as_ref()?;
    if now.text.as_ref() == Some(recorded) {
        return None;
    }
    Some(
        ContentError::new(
            ContentErrorKind::Published,
            &version.file,
            "this version is published, and a value in it is spelled differently than when it was \
             published (e.g. `1.10` written as `1.1`, or `true` as `True`), which changes what readers see",
        )
        .with_help(msg!(
            "undo the edit (e.g. `git checkout -- {file}`); to correct this version, record an erratum: \
             `verklaar erratum {slug} {id} --reason \"...\"`",
            file = version.file.display(),
            slug,
            id = version.id
        )),
    )
}

fn removed(content_dir: &Path, slug: &str, id: &str) -> ContentError {
    let file = display_path(content_dir, &content_dir.join(slug).join(format!("{id}.yaml")));
    // A recorded translation (`2021-01-01.en`) is a published text as well.
    let message = if id.contains('.') {
        msg!("this published translation was removed; published translations stay online at their address forever")
    } else {
        msg!("this published version was removed; published versions stay online at their address forever")
    };
    ContentError::new(ContentErrorKind::Published, &file, message).with_help(msg!(
        "restore the file (e.g. `git checkout -- {file}`); to replace it, publish a new version",
        file = file.display()
    ))
}
