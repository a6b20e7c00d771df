//! Translation lag: a text whose default-language wording changed in a version while its
//! translation kept the old wording (or lost it). `check` warns about it, and the page in the other
//! language says that the default-language text is leading there (the warning is in `lint::translation`).

use super::texts::{self, Text, section};
use super::translation::Lag;
use crate::content::version::Version;

/// Finds the lagging texts of every translation of `versions` and of `draft` (each compared with
/// the version before it).
pub(crate) fn fill(versions: &mut [Version], draft: Option<&mut Version>) {
    let mut found: Vec<Vec<(String, Vec<Lag>)>> = Vec::new();
    for (index, version) in versions.iter().enumerate() {
        let previous = index.checked_sub(1).and_then(|i| versions.get(i));
        found.push(lags(previous, version));
    }
    if let Some(draft) = draft {
        for (language, lagging) in lags(versions.last(), draft) {
            if let Some(translation) = draft.translations.get_mut(&language) {
                translation.lagging = lagging;
            }
        }
    }
    for (version, lags) in versions.iter_mut().zip(found) {
        for (language, lagging) in lags {
            if let Some(translation) = version.translations.get_mut(&language) {
                translation.lagging = lagging;
            }
        }
    }
}

/// The name of the fact that the text at `key` belongs to: the `name` (or `term`, `title`) of the
/// list item it is in, as `texts` gives it.
fn fact_name(key: &str, texts: &std::collections::BTreeMap<String, Text>) -> Option<String> {
    let item = &key[..key.rfind(']')? + 1];
    ["name", "term", "title"]
        .iter()
        .find_map(|field| texts.get(&format!("{item}.{field}")))
        .map(|t| t.text.clone())
}

/// The lagging texts of each translation of `version`, compared with `previous`.
fn lags(previous: Option<&Version>, version: &Version) -> Vec<(String, Vec<Lag>)> {
    let Some(previous) = previous else { return Vec::new() };
    if version.translations.is_empty() {
        return Vec::new();
    }
    let original = |v: &Version| {
        super::base::version_value(v)
            .map(|value| texts::texts(&value))
            .unwrap_or_default()
    };
    let (old, new) = (original(previous), original(version));
    let mut all = Vec::new();
    for (language, translation) in &version.translations {
        let Some(before) = previous.translations.get(language) else {
            continue;
        };
        let lagging = new
            .iter()
            .filter(|(key, text)| old.get(*key).is_some_and(|o: &Text| o.text != text.text))
            .filter_map(|(key, text)| {
                let was = before.texts.get(key)?;
                let now = translation.texts.get(key);
                (now.is_none_or(|now| now.text == was.text)).then(|| Lag {
                    section: section(key).to_owned(),
                    yaml_path: text.yaml_path.clone(),
                    translated_path: now.map(|now| now.yaml_path.clone()),
                    fact: fact_name(key, &translation.texts).or_else(|| fact_name(key, &new)),
                })
            })
            .collect();
        all.push((language.clone(), lagging));
    }
    all
}
