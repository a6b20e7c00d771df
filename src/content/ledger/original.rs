//! The facts of a published version as they were recorded, rebuilt part by part from the other
//! versions of its statement, so that an erratum can be judged against what it corrects.
//!
//! The ledger keeps only a hash per part. Versions copy most of their parts from the one before,
//! so a recorded part is usually found, unchanged, in a neighbouring version or the draft: the
//! part with the same name and hash is exactly what was published.

use serde_yaml::{Mapping, Value as Yaml};

use crate::content::ledger::fingerprint::{part_hash, part_values};
use crate::content::ledger::{Entry, PartChanges};

/// What the recorded version looked like, as far as it can be known.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// The version as recorded: the current text with every part rebuilt that could be.
    pub value: Yaml,
    /// The parts whose recorded facts were found nowhere, so that they could not be rebuilt.
    pub unknown: Vec<String>,
}

/// The recorded version behind `source`, whose parts differ from `entry` as `changes` say,
/// rebuilt from the texts of `others`.
pub fn recorded(entry: &Entry, source: &str, changes: &PartChanges, others: &[&str]) -> Option<Recorded> {
    let now: Yaml = serde_yaml::from_str(source).ok()?;
    let mut parts = part_values(&now)?;
    let candidates: Vec<(String, Yaml)> = others
        .iter()
        .filter_map(|text| serde_yaml::from_str::<Yaml>(text).ok())
        .filter_map(|value| part_values(&value))
        .flatten()
        .collect();
    let find = |name: &str| {
        let hash = entry.parts.get(name)?;
        candidates
            .iter()
            .find(|(n, value)| n == name && part_hash(value).as_ref() == Some(hash))
            .map(|(_, value)| value.clone())
    };
    let mut unknown = Vec::new();
    parts.retain(|(name, _)| !changes.added.contains(name));
    for name in &changes.changed {
        match (find(name), parts.iter_mut().find(|(n, _)| n == name)) {
            (Some(value), Some(slot)) => slot.1 = value,
            _ => unknown.push(name.clone()),
        }
    }
    for name in &changes.removed {
        match find(name) {
            Some(value) => parts.push((name.clone(), value)),
            None => unknown.push(name.clone()),
        }
    }
    Some(Recorded {
        value: assemble(parts),
        unknown,
    })
}

/// A version from its parts: the inverse of `part_values`.
fn assemble(parts: Vec<(String, Yaml)>) -> Yaml {
    let mut doc = Mapping::new();
    for (name, value) in parts {
        let Some((prefix, _)) = name.split_once('[') else {
            match (doc.get_mut(name.as_str()), value) {
                (Some(Yaml::Mapping(existing)), Yaml::Mapping(rest)) => existing.extend(rest),
                (_, value) => {
                    doc.insert(Yaml::from(name), value);
                }
            }
            continue;
        };
        let (key, child) = match prefix.split_once('.') {
            Some((key, child)) => (key, Some(child)),
            None => (prefix, None),
        };
        let slot = doc.entry(Yaml::from(key)).or_insert_with(|| {
            if child.is_some() {
                Yaml::Mapping(Mapping::new())
            } else {
                Yaml::Sequence(Vec::new())
            }
        });
        let list = match (child, slot) {
            (Some(child), Yaml::Mapping(map)) => map
                .entry(Yaml::from(child))
                .or_insert_with(|| Yaml::Sequence(Vec::new())),
            (None, slot) => slot,
            (Some(_), _) => continue,
        };
        if let Yaml::Sequence(items) = list {
            items.push(value);
        }
    }
    Yaml::Mapping(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::ledger::{compare, fingerprint};

    const V1: &str = "organisation: { name: X }\nretention:\n  list:\n    - { id: rent, period: 2 jaar }\n    - { id: mail, period: 1 jaar }\n";

    #[test]
    fn parts_round_trip() {
        let value: Yaml = serde_yaml::from_str(V1).unwrap();
        assert_eq!(assemble(part_values(&value).unwrap()), value);
    }

    #[test]
    fn a_changed_part_is_rebuilt_from_another_version() {
        let recorded_fp = fingerprint(V1).unwrap();
        let entry = Entry {
            hash: recorded_fp.hash.clone(),
            text: None,
            parts: recorded_fp.parts.clone(),
            chain: None,
            errata: Vec::new(),
        };
        let edited = V1
            .replace("2 jaar", "10 jaar")
            .replace("    - { id: mail, period: 1 jaar }\n", "");
        let changes = compare(&entry.parts, &fingerprint(&edited).unwrap());
        let rebuilt = recorded(&entry, &edited, &changes, &[V1]).unwrap();
        assert_eq!(rebuilt.value, serde_yaml::from_str::<Yaml>(V1).unwrap());
        assert!(rebuilt.unknown.is_empty());
        let alone = recorded(&entry, &edited, &changes, &[]).unwrap();
        assert_eq!(alone.unknown, ["retention.list[rent]", "retention.list[mail]"]);
    }
}
