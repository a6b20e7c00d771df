//! The ledger of published versions, `content/ledger.yaml`: a hash of the facts of every published
//! version, and the errata recorded against them.
//!
//! Published versions never change silently: a build whose version no longer matches its hash, or
//! whose published version is gone, fails and says which facts changed. Hashes are taken over the
//! parsed YAML (keys sorted), so comments and layout may change; facts may not. Besides the hash of
//! the whole version, the ledger keeps a short hash per part (each top-level key, and each item of
//! its lists by id), so that an error can name what changed.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use serde_yaml::Value as Yaml;
use sha2::{Digest, Sha256};

use crate::content::date::Date;
use crate::content::files::{LEDGER_FILE, display_path};
use crate::content::version::{Corporation, Version};
use crate::error::{ContentError, ContentErrorKind, Error, Location, Result};

/// Every published version's fingerprint, by corporation and version.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(transparent)]
pub struct Ledger {
    /// Slug → version → entry.
    pub corporations: BTreeMap<String, BTreeMap<String, Entry>>,
}

/// What the ledger knows of one published version.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// `sha256:` and the hash of the whole version's facts.
    pub hash: String,
    /// A short hash per part of the version, by part name (e.g. `purposes.list[rent]`).
    pub parts: BTreeMap<String, String>,
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

/// The fingerprint of a version's facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// Hash of the whole version.
    pub hash: String,
    /// Short hash per part.
    pub parts: BTreeMap<String, String>,
}

/// How the parts of a version differ from what the ledger recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartChanges {
    /// Parts with other facts.
    pub changed: Vec<String>,
    /// Parts that are new.
    pub added: Vec<String>,
    /// Parts that are gone.
    pub removed: Vec<String>,
}

impl PartChanges {
    /// Every part named, for messages: "changed `a`, added `b`".
    pub fn describe(&self) -> String {
        let list = |parts: &[String]| parts.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ");
        [
            ("changed", &self.changed),
            ("added", &self.added),
            ("removed", &self.removed),
        ]
        .into_iter()
        .filter(|(_, parts)| !parts.is_empty())
        .map(|(what, parts)| format!("{what} {}", list(parts)))
        .collect::<Vec<_>>()
        .join("; ")
    }

    /// All parts in one list.
    pub fn all(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .changed
            .iter()
            .chain(&self.added)
            .chain(&self.removed)
            .cloned()
            .collect();
        all.sort();
        all
    }

    /// Whether nothing differs.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }
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
                parts: fingerprint.parts,
                errata: Vec::new(),
            },
        );
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

/// The fingerprint of a version file's text; `None` when it is not valid YAML (that error is
/// reported by loading).
pub fn fingerprint(source: &str) -> Option<Fingerprint> {
    let value: Yaml = serde_yaml::from_str(source).ok()?;
    let whole = canonical(&value)?;
    let mut parts = BTreeMap::new();
    if let Yaml::Mapping(map) = &value {
        for (key, value) in map {
            let key = key.as_str()?;
            split_part(key, value, &mut parts)?;
        }
    }
    Some(Fingerprint {
        hash: format!("sha256:{}", hex(&Sha256::digest(whole.as_bytes()))),
        parts: parts
            .into_iter()
            .map(|(name, text)| (name, hex(&Sha256::digest(text.as_bytes()))[..16].to_owned()))
            .collect(),
    })
}

/// Splits a top-level value into parts: its lists of identified items one part per item, the rest
/// as one part.
fn split_part(key: &str, value: &Yaml, parts: &mut BTreeMap<String, String>) -> Option<()> {
    match value {
        Yaml::Sequence(items) if identified(items) => add_items(key, items, parts),
        Yaml::Mapping(map) => {
            let mut rest = serde_yaml::Mapping::new();
            for (child, child_value) in map {
                match (child.as_str(), child_value) {
                    (Some(name), Yaml::Sequence(items)) if identified(items) => {
                        add_items(&format!("{key}.{name}"), items, parts)?
                    }
                    _ => {
                        rest.insert(child.clone(), child_value.clone());
                    }
                }
            }
            if !rest.is_empty() {
                parts.insert(key.to_owned(), canonical(&Yaml::Mapping(rest))?);
            }
            Some(())
        }
        other => {
            parts.insert(key.to_owned(), canonical(other)?);
            Some(())
        }
    }
}

/// The keys that identify an item in a list, in order of preference.
const IDENTIFYING_KEYS: [&str; 6] = ["id", "kind", "category", "term", "name", "recipient"];

fn identity(item: &Yaml) -> Option<String> {
    IDENTIFYING_KEYS.iter().find_map(|key| match item.get(key)? {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

fn identified(items: &[Yaml]) -> bool {
    !items.is_empty() && items.iter().all(|item| identity(item).is_some())
}

fn add_items(prefix: &str, items: &[Yaml], parts: &mut BTreeMap<String, String>) -> Option<()> {
    for item in items {
        let id = identity(item)?;
        let mut name = format!("{prefix}[{id}]");
        let mut n = 2;
        while parts.contains_key(&name) {
            name = format!("{prefix}[{id}#{n}]");
            n += 1;
        }
        parts.insert(name, canonical(item)?);
    }
    Some(())
}

/// The value as JSON with sorted keys: the same facts always give the same text.
fn canonical(value: &Yaml) -> Option<String> {
    let json: Json = serde_json::to_value(value).ok()?;
    serde_json::to_string(&json).ok()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// How `now` differs from the recorded `entry`.
pub fn compare(entry: &Entry, now: &Fingerprint) -> PartChanges {
    let names: BTreeSet<&String> = entry.parts.keys().chain(now.parts.keys()).collect();
    let mut changes = PartChanges::default();
    for name in names {
        match (entry.parts.get(name), now.parts.get(name)) {
            (Some(a), Some(b)) if a != b => changes.changed.push(name.clone()),
            (None, Some(_)) => changes.added.push(name.clone()),
            (Some(_), None) => changes.removed.push(name.clone()),
            _ => {}
        }
    }
    changes
}

/// Reads `content/ledger.yaml`; an empty ledger when there is none.
pub fn load(content_dir: &Path, shown: &Path) -> Result<Ledger, Box<ContentError>> {
    let path = content_dir.join(LEDGER_FILE);
    if !path.is_file() {
        return Ok(Ledger::default());
    }
    let source = fs::read_to_string(&path).map_err(|e| {
        Box::new(ContentError::new(
            ContentErrorKind::Missing,
            shown,
            format!("cannot read the ledger: {e}"),
        ))
    })?;
    crate::content::yaml::parse_str(&source, shown)
}

/// Checks every published version against the ledger: recorded, unchanged, and none removed.
pub fn verify(ledger: &Ledger, content_dir: &Path, corporations: &[Corporation]) -> Vec<ContentError> {
    let mut errors = Vec::new();
    let ledger_file = display_path(content_dir, &content_dir.join(LEDGER_FILE));
    for corporation in corporations {
        let recorded = ledger.corporations.get(&corporation.slug);
        for version in &corporation.versions {
            match recorded.and_then(|r| r.get(&version.id)) {
                None => errors.push(
                    ContentError::new(
                        ContentErrorKind::Published,
                        &version.file,
                        format!(
                            "this published version is not in the ledger ({})",
                            ledger_file.display()
                        ),
                    )
                    .with_help(format!(
                        "publish a new version with `verklaar publish {slug}`, which records it; a version that \
                         was published before verklaar kept a ledger is recorded once with \
                         `verklaar record {slug} {id}`; a version that is not published yet belongs in `draft.yaml`",
                        slug = corporation.slug,
                        id = version.id
                    )),
                ),
                Some(entry) => {
                    if let Some(error) = check_unchanged(version, entry, &corporation.slug) {
                        errors.push(error);
                    }
                }
            }
        }
        for id in recorded.into_iter().flat_map(|r| r.keys()) {
            if !corporation.file_ids.contains(id) {
                errors.push(removed(content_dir, &corporation.slug, id));
            }
        }
    }
    for (slug, versions) in &ledger.corporations {
        if !corporations.iter().any(|c| &c.slug == slug) {
            for id in versions.keys() {
                errors.push(removed(content_dir, slug, id));
            }
        }
    }
    errors
}

fn check_unchanged(version: &Version, entry: &Entry, slug: &str) -> Option<ContentError> {
    let now = fingerprint(&version.source)?;
    if now.hash == entry.hash {
        return None;
    }
    let changes = compare(entry, &now);
    let first = changes.all().into_iter().next();
    let mut error = ContentError::new(
        ContentErrorKind::Published,
        &version.file,
        format!(
            "this version is published, and its facts changed after publication: {}",
            if changes.is_empty() {
                "the order of its facts".to_owned()
            } else {
                changes.describe()
            }
        ),
    )
    .with_help(format!(
        "published versions never change. Undo the edit (e.g. `git checkout -- {file}`) and make the change in \
         a new version: `verklaar new-version {slug}`, edit `draft.yaml`, then `verklaar publish {slug}`. \
         To correct a mistake in this version itself, record an erratum with its reason: \
         `verklaar erratum {slug} {id} --reason \"...\"`",
        file = version.file.display(),
        id = version.id
    ));
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

fn removed(content_dir: &Path, slug: &str, id: &str) -> ContentError {
    let file = display_path(content_dir, &content_dir.join(slug).join(format!("{id}.yaml")));
    ContentError::new(
        ContentErrorKind::Published,
        &file,
        "this published version was removed; published versions stay online at their address forever",
    )
    .with_help(format!(
        "restore the file (e.g. `git checkout -- {}`); to replace it, publish a new version",
        file.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const VERSION: &str = "published: 2020-01-01\n# a comment\norganisation: { name: X }\npurposes:\n  list:\n    - { id: rent, name: Verhuur }\n    - { id: repairs, name: Reparaties }\nrights:\n  list:\n    - kind: access\n";

    #[test]
    fn comments_and_layout_do_not_change_the_fingerprint() {
        let a = fingerprint(VERSION);
        let b = fingerprint(
            &VERSION
                .replace("# a comment\n", "")
                .replace("{ name: X }", "\n  name: X"),
        );
        assert!(a.is_some());
        assert_eq!(a, b);
    }

    #[test]
    fn parts_name_what_changed() {
        let (Some(before), Some(after)) = (
            fingerprint(VERSION),
            fingerprint(
                &VERSION
                    .replace("name: Reparaties", "name: Onderhoud")
                    .replace("kind: access", "kind: erasure"),
            ),
        ) else {
            panic!("fingerprints");
        };
        let entry = Entry {
            hash: before.hash.clone(),
            parts: before.parts.clone(),
            errata: Vec::new(),
        };
        let changes = compare(&entry, &after);
        assert_eq!(changes.changed, ["purposes.list[repairs]"]);
        assert_eq!(changes.added, ["rights.list[erasure]"]);
        assert_eq!(changes.removed, ["rights.list[access]"]);
        assert_eq!(
            changes.describe(),
            "changed `purposes.list[repairs]`; added `rights.list[erasure]`; removed `rights.list[access]`"
        );
        assert_eq!(
            before.parts.keys().collect::<Vec<_>>(),
            [
                "organisation",
                "published",
                "purposes.list[rent]",
                "purposes.list[repairs]",
                "rights.list[access]"
            ]
        );
    }

    #[test]
    fn invalid_yaml_has_no_fingerprint() {
        assert_eq!(fingerprint("a: [b"), None);
    }
}
