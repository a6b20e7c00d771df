//! The free text of a statement, value by value with its YAML path, for rules that read words.

use serde_yaml::Value;

use crate::content::model::Statement;

/// Keys whose values are ids, choices, dates or addresses rather than prose.
const NOT_PROSE: [&str; 18] = [
    "id",
    "kind",
    "category",
    "categories",
    "purposes",
    "services",
    "recipient",
    "legal_basis",
    "place",
    "channels",
    "sensitivity",
    "safeguard",
    "published",
    "date",
    "website",
    "email",
    "url",
    "phone",
];

/// Every text value of `statement` with its YAML path, in file order: the prose, without ids,
/// choices, dates and addresses.
pub(super) fn texts(statement: &Statement) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Ok(value) = serde_yaml::to_value(statement) {
        walk(&value, String::new(), &mut out);
    }
    out.retain(|(path, _)| {
        let last = path.rsplit('.').next().unwrap_or(path);
        let key = last.split('[').next().unwrap_or(last);
        !NOT_PROSE.contains(&key)
    });
    out
}

fn walk(value: &Value, path: String, out: &mut Vec<(String, String)>) {
    match value {
        Value::String(text) => out.push((path, text.clone())),
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, format!("{path}[{i}]"), out);
            }
        }
        Value::Mapping(map) => {
            for (key, item) in map {
                let Some(key) = key.as_str() else { continue };
                let here = if path.is_empty() {
                    key.to_owned()
                } else {
                    format!("{path}.{key}")
                };
                walk(item, here, out);
            }
        }
        Value::Tagged(tagged) => walk(&tagged.value, path, out),
        _ => {}
    }
}

/// Whether `text` contains `word` as a whole word, ignoring case.
pub(super) fn has_word(text: &str, word: &str) -> bool {
    let lower = text.to_lowercase();
    let word = word.to_lowercase();
    lower.match_indices(&word).any(|(at, _)| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}
