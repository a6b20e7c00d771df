//! No page shows an internal id or field name: every page built from the shipped content and from
//! fixtures is searched for the ids of its content and for snake_case keys.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{build, fixture, repo, visible_text};
use serde_yaml::Value;

/// Every id in the version files under `content` (an `id:` and each reference to one), and every
/// word of their other texts and of the theme's wording.
fn ids_and_words(content: &Path) -> (BTreeSet<String>, BTreeSet<String>) {
    fn walk(value: &Value, ids: &mut BTreeSet<String>, words: &mut BTreeSet<String>) {
        match value {
            Value::Mapping(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        (Some("id" | "category" | "recipient" | "legal_basis"), Value::String(id)) => {
                            ids.insert(id.to_lowercase());
                        }
                        (Some("categories" | "purposes" | "services"), Value::Sequence(list))
                            if list.iter().all(Value::is_string) =>
                        {
                            ids.extend(list.iter().filter_map(Value::as_str).map(str::to_lowercase));
                        }
                        _ => walk(value, ids, words),
                    }
                }
            }
            Value::Sequence(list) => list.iter().for_each(|v| walk(v, ids, words)),
            Value::String(text) => words.extend(tokens(text)),
            _ => {}
        }
    }
    let (mut ids, mut words) = (BTreeSet::new(), BTreeSet::new());
    let locale = std::fs::read_to_string(repo().join("themes/default/locales/nl.yaml")).expect("the locale");
    let locale: Value = serde_yaml::from_str(&locale).expect("the locale parses");
    walk(&locale, &mut BTreeSet::new(), &mut words);
    let mut stack = vec![content.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("a content folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") && !path.ends_with("ledger.yaml") {
                let text = std::fs::read_to_string(&path).expect("a version file");
                if let Ok(value) = serde_yaml::from_str::<Value>(&text) {
                    walk(&value, &mut ids, &mut words);
                }
            }
        }
    }
    (ids, words)
}

/// The words of a text, lower case; a hyphen or underscore keeps a word together, as in an id.
fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .map(|w| w.trim_matches('-').to_lowercase())
        .filter(|w| !w.is_empty())
}

/// A page's visible text, without its scripts and styles.
fn reader_text(html: &str) -> String {
    let mut html = html.to_owned();
    for tag in ["script", "style"] {
        while let Some(start) = html.find(&format!("<{tag}")) {
            let end = html[start..]
                .find(&format!("</{tag}>"))
                .map_or(html.len(), |e| start + e + tag.len() + 3);
            html.replace_range(start..end, " ");
        }
    }
    visible_text(&html)
}

#[test]
fn no_page_shows_an_id_or_a_field_name() {
    let folders = [
        repo().join("content"),
        fixture("history"),
        fixture("valid"),
        fixture("documents"),
        fixture("camera-statement"),
    ];
    let mut leaks = Vec::new();
    for content in &folders {
        let (ids, words) = ids_and_words(content);
        // An id that is also an ordinary word of the content's own texts or the theme's wording
        // ("contact") cannot be told from that word; the others must never be read.
        let internal: BTreeSet<&String> = ids.iter().filter(|id| !words.contains(*id)).collect();
        assert!(!internal.is_empty(), "{}: the content has ids", content.display());
        let site = build(content);
        for (path, bytes) in &site.files {
            if !path.ends_with(".html") {
                continue;
            }
            let text = reader_text(&String::from_utf8_lossy(bytes));
            for token in tokens(&text).collect::<BTreeSet<_>>() {
                if internal.contains(&token) || (token.contains('_') && !token.starts_with('_')) {
                    leaks.push(format!("{}: {path}: `{token}`", content.display()));
                }
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "internal ids or field names on pages:\n{}",
        leaks.join("\n")
    );
}
