//! Tests of the lint rules that need no fixture: ids and the B1 measures.

use super::*;

#[test]
fn rule_ids_are_unique_and_stable_in_form() {
    let ids: Vec<&str> = rules().iter().map(|r| r.id).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len());
    for id in ids {
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{id}"
        );
    }
}

#[test]
fn long_sentences_and_words_are_found() {
    let long = "een ".repeat(26);
    assert_eq!(wording_long_sentence(&long).map(|s| s.0), Some(26));
    assert_eq!(wording_long_sentence("Kort. Ook kort."), None);
}

fn wording_long_sentence(text: &str) -> Option<(usize, String)> {
    super::wording::long_sentence(text)
}
