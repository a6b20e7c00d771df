//! Every text of a version or a translation by its place: a key that names list items by their
//! identity (`purposes.list[id=verhuur].name`), so the same text is found again in the next version
//! and in a translation, with the YAML path to point at it in its own file.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::Value;

use super::overlay::{identity, is_shared, join};

/// One text, where it is in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Text {
    /// The YAML path in its own file (`purposes.list[2].name`).
    pub(crate) yaml_path: String,
    /// The text.
    pub(crate) text: String,
}

/// Every text in `value` (shared fields left out), by its place.
pub(crate) fn texts(value: &Value) -> BTreeMap<String, Text> {
    let mut found = BTreeMap::new();
    walk(value, "", "", &mut found);
    found
}

fn walk(value: &Value, key: &str, yaml_path: &str, found: &mut BTreeMap<String, Text>) {
    match value {
        Value::Mapping(map) => {
            for (name, inner) in map {
                let Some(name) = name.as_str() else { continue };
                if is_shared(name, inner) {
                    continue;
                }
                walk(inner, &join(key, name), &join(yaml_path, name), found);
            }
        }
        Value::Sequence(items) => {
            for (index, item) in items.iter().enumerate() {
                let place = match identity(item) {
                    Some((field, id)) => format!("{key}[{field}={id}]"),
                    None => format!("{key}[{index}]"),
                };
                walk(item, &place, &format!("{yaml_path}[{index}]"), found);
            }
        }
        // A value such as `processing_agreement` is one of a list of choices, not text.
        Value::String(text) if is_choice(text) => {}
        Value::String(text) => {
            found.insert(
                key.to_owned(),
                Text {
                    yaml_path: yaml_path.to_owned(),
                    text: text.clone(),
                },
            );
        }
        _ => {}
    }
}

/// Whether `text` is a choice from a list (`processing_agreement`) rather than text to translate.
fn is_choice(text: &str) -> bool {
    text.contains('_') && text.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

/// The top-level sections of `original` none of whose texts `translated` has, and those of which
/// it has some but not all.
pub(crate) fn coverage(
    original: &BTreeMap<String, Text>,
    translated: &BTreeMap<String, Text>,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for key in original.keys() {
        let entry = counts.entry(section(key)).or_default();
        entry.0 += 1;
        if translated.contains_key(key) {
            entry.1 += 1;
        }
    }
    let mut none = BTreeSet::new();
    let mut some = BTreeSet::new();
    for (name, (all, done)) in counts {
        if done == 0 {
            none.insert(name.to_owned());
        } else if done < all {
            some.insert(name.to_owned());
        }
    }
    (none, some)
}

/// The texts of `original` that a page in the translation's language shows as they are, because
/// `translated` has no text at their place; a text that `translated` also has (somewhere) is left
/// out, since the page cannot tell the two apart.
pub(crate) fn shown_untranslated(
    original: &BTreeMap<String, Text>,
    translated: &BTreeMap<String, Text>,
) -> BTreeSet<String> {
    let own: BTreeSet<&str> = translated.values().map(|t| t.text.as_str()).collect();
    original
        .iter()
        .filter(|(key, text)| !translated.contains_key(*key) && !own.contains(text.text.as_str()))
        .map(|(_, text)| text.text.clone())
        .collect()
}

/// The top-level section of a text's place.
pub(crate) fn section(key: &str) -> &str {
    key.split(['.', '[']).next().unwrap_or(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_keyed_by_identity_and_skip_shared_fields() {
        let value: Value =
            serde_yaml::from_str("p:\n  list:\n    - id: a\n      name: N\n      categories: [c]\nitems: [x]\n")
                .unwrap();
        let found = texts(&value);
        let keys: Vec<(&str, &str)> = found.iter().map(|(k, t)| (k.as_str(), t.yaml_path.as_str())).collect();
        assert_eq!(
            keys,
            [("items[0]", "items[0]"), ("p.list[id=a].name", "p.list[0].name")]
        );
    }

    #[test]
    fn untranslated_texts_are_those_without_a_translation_at_their_place() {
        let original = texts(&serde_yaml::from_str("a: Een\nb: Twee\nc: Drie\n").unwrap());
        // `c` keeps its text in the translation, as `a` gets it: neither is told apart on a page.
        let translated = texts(&serde_yaml::from_str("a: Drie\n").unwrap());
        let shown: Vec<String> = shown_untranslated(&original, &translated).into_iter().collect();
        assert_eq!(shown, ["Twee"]);
    }
}
