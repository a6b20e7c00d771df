//! Fingerprints of a version's text: a hash of its facts (parsed values, keys sorted), a short
//! hash per part to name what changed, and a hash of its scalars as spelled.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as Json;
use serde_yaml::Value as Yaml;
use sha2::{Digest, Sha256};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// The fingerprint of a version's facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// Hash of the whole version.
    pub hash: String,
    /// Short hash per part.
    pub parts: BTreeMap<String, String>,
    /// `sha256:` and the hash of the text readers see: every scalar as it is spelled, so that
    /// `1.10` and `1.1`, or `true` and `True`, differ. `None` for text only serde_yaml reads.
    pub text: Option<String>,
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
            (&self.changed, msg!("changed {parts}", parts = list(&self.changed))),
            (&self.added, msg!("added {parts}", parts = list(&self.added))),
            (&self.removed, msg!("removed {parts}", parts = list(&self.removed))),
        ]
        .into_iter()
        .filter(|(parts, _)| !parts.is_empty())
        .map(|(_, text)| text)
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

/// The fingerprint of a version file's text; `None` when it is not valid YAML (that error is
/// reported by loading).
pub fn fingerprint(source: &str) -> Option<Fingerprint> {
    let value: Yaml = serde_yaml::from_str(source).ok()?;
    let whole = canonical(&value)?;
    let mut parts = BTreeMap::new();
    for (name, part) in part_values(&value)? {
        parts.insert(name, part_hash(&part)?);
    }
    Some(Fingerprint {
        hash: format!("sha256:{}", hex(&Sha256::digest(whole.as_bytes()))),
        text: text_hash(source),
        parts,
    })
}

/// The short hash of one part, as the ledger keeps it.
pub(super) fn part_hash(part: &Yaml) -> Option<String> {
    Some(hex(&Sha256::digest(canonical(part)?.as_bytes()))[..16].to_owned())
}

/// The parts of a version, in the order of the file: each top-level key, with its lists of
/// identified items one part per item (`key[id]`, `key.child[id]`) and the rest as one part.
pub(super) fn part_values(value: &Yaml) -> Option<Vec<(String, Yaml)>> {
    let mut parts = Vec::new();
    if let Yaml::Mapping(map) = value {
        for (key, value) in map {
            split_part(key.as_str()?, value, &mut parts)?;
        }
    }
    Some(parts)
}

fn split_part(key: &str, value: &Yaml, parts: &mut Vec<(String, Yaml)>) -> Option<()> {
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
                parts.push((key.to_owned(), Yaml::Mapping(rest)));
            }
            Some(())
        }
        other => {
            parts.push((key.to_owned(), other.clone()));
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

fn add_items(prefix: &str, items: &[Yaml], parts: &mut Vec<(String, Yaml)>) -> Option<()> {
    for item in items {
        let id = identity(item)?;
        let taken = |name: &str| parts.iter().any(|(n, _)| n == name);
        let mut name = format!("{prefix}[{id}]");
        let mut n = 2;
        while taken(&name) {
            name = format!("{prefix}[{id}#{n}]");
            n += 1;
        }
        parts.push((name, item.clone()));
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

/// How `now` differs from the `recorded` part hashes.
pub fn compare(recorded: &BTreeMap<String, String>, now: &Fingerprint) -> PartChanges {
    let names: BTreeSet<&String> = recorded.keys().chain(now.parts.keys()).collect();
    let mut changes = PartChanges::default();
    for name in names {
        match (recorded.get(name), now.parts.get(name)) {
            (Some(a), Some(b)) if a != b => changes.changed.push(name.clone()),
            (None, Some(_)) => changes.added.push(name.clone()),
            (Some(_), None) => changes.removed.push(name.clone()),
            _ => {}
        }
    }
    changes
}

/// The hash of `source` with every scalar as it is written (quotes and escapes resolved, plain
/// scalars not typed), mappings sorted by key: what readers see, without comments or layout.
pub fn text_hash(source: &str) -> Option<String> {
    let mut tree = Tree::default();
    Parser::new_from_str(source).load(&mut tree, false).ok()?;
    if tree.failed || tree.stack.len() != 1 {
        return None;
    }
    let root = tree.stack.pop()?.pop()?;
    Some(format!("sha256:{}", hex(&Sha256::digest(root.as_bytes()))))
}

/// Builds the canonical text of a YAML document from its parser events.
#[derive(Default)]
struct Tree {
    /// One frame per open collection: its canonical items so far; the bottom frame is the document.
    stack: Vec<Vec<String>>,
    /// Whether each open collection is a mapping, and its anchor.
    open: Vec<(bool, usize)>,
    anchors: BTreeMap<usize, String>,
    failed: bool,
}

impl Tree {
    fn push(&mut self, text: String, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, text.clone());
        }
        match self.stack.last_mut() {
            Some(frame) => frame.push(text),
            None => self.failed = true,
        }
    }
}

impl MarkedEventReceiver for Tree {
    fn on_event(&mut self, event: Event, _: Marker) {
        match event {
            Event::DocumentStart => self.stack = vec![Vec::new()],
            Event::Scalar(text, _, anchor, _) => {
                self.push(Json::String(text).to_string(), anchor);
            }
            Event::Alias(anchor) => match self.anchors.get(&anchor).cloned() {
                Some(text) => self.push(text, 0),
                None => self.failed = true,
            },
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                self.open.push((matches!(event, Event::MappingStart(..)), anchor));
                self.stack.push(Vec::new());
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (Some((is_map, anchor)), Some(items)) = (self.open.pop(), self.stack.pop()) else {
                    self.failed = true;
                    return;
                };
                let text = if is_map {
                    let mut pairs: Vec<String> = items
                        .chunks(2)
                        .map(|pair| format!("{}:{}", pair[0], pair.get(1).map_or("", String::as_str)))
                        .collect();
                    pairs.sort();
                    format!("{{{}}}", pairs.join(","))
                } else {
                    format!("[{}]", items.join(","))
                };
                self.push(text, anchor);
            }
            _ => {}
        }
    }
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
        let changes = compare(&before.parts, &after);
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
    fn a_respelled_scalar_changes_the_text_hash_only() {
        let base = "version: 1.10\nflag: true\nname: 'x'\nlist: [a, b]\n";
        let (Some(a), Some(b), Some(c), Some(d)) = (
            fingerprint(base),
            fingerprint(&base.replace("1.10", "1.1")),
            fingerprint(&base.replace("true", "True")),
            fingerprint(&base.replace("'x'", "\"x\"").replace("[a, b]", "\n  - a\n  - b")),
        ) else {
            panic!("fingerprints");
        };
        assert_eq!(a.hash, b.hash, "the old hash keeps reading 1.10 as 1.1");
        assert_eq!(a.hash, c.hash);
        assert_ne!(a.text, b.text);
        assert_ne!(a.text, c.text);
        assert_eq!(a.text, d.text, "quotes and layout are not what readers see");
        assert!(a.text.is_some());
    }

    #[test]
    fn invalid_yaml_has_no_fingerprint() {
        assert_eq!(fingerprint("a: [b"), None);
    }
}
