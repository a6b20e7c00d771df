//! Tests of the message catalog: every pattern in `src/` has a Dutch entry with the same
//! placeholders, and every entry is used.

use std::collections::BTreeSet;
use std::path::Path;

use super::*;

/// Every pattern of `msg!("...")` and `msg_id!("...")` in the `.rs` files under `src/`.
fn patterns_in_source() -> BTreeSet<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut patterns = BTreeSet::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs")
            || path.ends_with("messages/mod.rs")
            || path.ends_with("messages/tests.rs")
        {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for marker in ["msg!(", "msg_id!(", "Error::io("] {
            let mut rest = text.as_str();
            while let Some(at) = rest.find(marker) {
                let line_start = rest[..at].rfind('\n').map_or(0, |n| n + 1);
                let in_comment = rest[line_start..at].trim_start().starts_with("//");
                let after = rest[at + marker.len()..].trim_start();
                rest = &rest[at + marker.len()..];
                let Some(literal) = after.strip_prefix('"').filter(|_| !in_comment) else {
                    continue;
                };
                let (pattern, tail) = string_literal(literal);
                patterns.insert(pattern);
                rest = tail;
            }
        }
    }
    patterns
}

/// The value of the Rust string literal at the start of `text` (after its opening quote), with
/// `\n`, `\"`, `\\` and line continuations resolved, and the text after it.
fn string_literal(text: &str) -> (String, &str) {
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (value, &text[i + 1..]),
            '\\' => match chars.next() {
                Some((_, 'n')) => value.push('\n'),
                Some((_, '\n')) => {
                    // A continuation: skip the next line's leading whitespace.
                    let rest = &text[i + 2..];
                    let skipped = rest.len() - rest.trim_start().len();
                    for _ in 0..rest[..skipped].chars().count() {
                        chars.next();
                    }
                }
                Some((_, other)) => value.push(other),
                None => {}
            },
            other => value.push(other),
        }
    }
    (value, "")
}

#[test]
fn every_message_has_a_dutch_entry_with_the_same_placeholders_and_every_entry_is_used() {
    let parsed: Result<HashMap<String, String>, _> = serde_yaml::from_str(NL_CATALOG);
    let catalog = parsed.expect("src/messages/nl.yaml is a map of text to text");
    let used = patterns_in_source();
    let missing: Vec<&String> = used.iter().filter(|p| !catalog.contains_key(*p)).collect();
    assert!(
        missing.is_empty(),
        "messages without a Dutch entry in src/messages/nl.yaml:\n{missing:#?}"
    );
    let unused: Vec<&String> = catalog.keys().filter(|k| !used.contains(*k)).collect();
    assert!(
        unused.is_empty(),
        "entries of src/messages/nl.yaml that no code uses:\n{unused:#?}"
    );
    for (english, dutch) in &catalog {
        let mut want = placeholders(english);
        let mut got = placeholders(dutch);
        want.sort_unstable();
        got.sort_unstable();
        assert_eq!(want, got, "placeholders differ for {english:?} -> {dutch:?}");
    }
}

#[test]
fn placeholders_are_filled_by_name_in_either_language() {
    let message = Message::new(
        "no version `{version}` of `{slug}`",
        vec![("version", "2020-01-01".into()), ("slug", "acme".into())],
    );
    assert_eq!(message.render(Lang::En), "no version `2020-01-01` of `acme`");
    assert_eq!(
        fill("{b} {a} {c} {", &[("a", "1".into()), ("b", "2".into())]),
        "2 1 {c} {"
    );
}

#[test]
fn the_language_comes_from_the_flag_then_lc_all_lc_messages_lang() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned())
    };
    assert_eq!(choose(None, env(&[])), Lang::En);
    assert_eq!(choose(None, env(&[("LANG", "C")])), Lang::En);
    assert_eq!(choose(None, env(&[("LANG", "nl_NL.UTF-8")])), Lang::Nl);
    assert_eq!(choose(None, env(&[("LANG", "nl_NL.UTF-8"), ("LC_ALL", "C")])), Lang::En);
    assert_eq!(choose(None, env(&[("LANG", "C"), ("LC_MESSAGES", "nl_BE")])), Lang::Nl);
    assert_eq!(choose(Some("en"), env(&[("LC_ALL", "nl_NL")])), Lang::En);
    assert_eq!(choose(Some("nl"), env(&[])), Lang::Nl);
}

#[test]
fn texts_of_other_libraries_are_matched_against_patterns() {
    let found = matches(
        "invalid type: {found}, expected {expected}",
        "invalid type: string \"a, b\", expected a map",
    );
    assert_eq!(found, Some(vec![("found", "string \"a, b\""), ("expected", "a map")]));
    assert_eq!(
        matches("missing field `{name}`", "missing field `title`"),
        Some(vec![("name", "title")])
    );
    assert_eq!(matches("unknown anchor", "unknown anchor"), Some(vec![]));
    assert_eq!(matches("unknown anchor", "unknown anchors"), None);
    assert_eq!(matches("missing field `{name}`", "missing fields"), None);
}
