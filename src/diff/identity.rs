//! Which facts are the same across versions although their names changed: "BSN" and
//! "Burgerservicenummer (BSN)" in the same category are one renamed item, not a removal and an addition.

use std::collections::BTreeMap;

use similar::TextDiff;

use super::kind::FactKind;
use super::record::Record;

/// How alike two names must be, as the share of characters they have in common, to be one fact.
const SIMILAR: f32 = 0.8;

/// For the facts of `kind` that are only in `new`, the key of the fact only in `old` that is clearly
/// the same one: in the same list, and one name contains the other or they are nearly alike. Only
/// kinds named by what they are (data items, camera locations) are matched; each old fact at most once.
pub(super) fn renames<'a>(kind: FactKind, old: &[&'a Record], new: &[&'a Record]) -> BTreeMap<&'a str, &'a str> {
    let mut renamed = BTreeMap::new();
    if !is_named_by_what_it_is(kind) {
        return renamed;
    }
    let gone: Vec<&Record> = old
        .iter()
        .filter(|o| !new.iter().any(|n| n.key == o.key))
        .copied()
        .collect();
    let added: Vec<&Record> = new
        .iter()
        .filter(|n| !old.iter().any(|o| o.key == n.key))
        .copied()
        .collect();
    let mut taken = vec![false; gone.len()];
    for record in added {
        let candidate = gone.iter().enumerate().find(|(i, before)| {
            !taken[*i] && before.parent_key == record.parent_key && same_thing(&before.name, &record.name)
        });
        if let Some((i, before)) = candidate {
            taken[i] = true;
            renamed.insert(record.key.as_str(), before.key.as_str());
        }
    }
    renamed
}

/// Whether facts of `kind` are keyed by their name, so that a new name may be the same fact.
pub(super) fn is_named_by_what_it_is(kind: FactKind) -> bool {
    matches!(kind, FactKind::DataItem | FactKind::CameraLocation)
}

/// Whether two names clearly name the same thing: one contains the other (as a word or more), or
/// they are nearly alike.
fn same_thing(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    let contains = |long: &str, short: &str| {
        short.chars().count() >= 3 && long.split(|c: char| !c.is_alphanumeric()).any(|word| word == short)
            || (short.contains(' ') && long.contains(short))
    };
    contains(&a, &b) || contains(&b, &a) || TextDiff::from_chars(&a, &b).ratio() >= SIMILAR
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_contain_each_other_or_nearly_match_are_one_thing() {
        assert!(same_thing("BSN", "Burgerservicenummer (BSN)"));
        assert!(same_thing("Telefoonnummer", "Telefoonnummers"));
        assert!(same_thing("Naam en adres", "Naam en adres en woonplaats"));
        assert!(!same_thing("Naam", "Inkomen"));
        assert!(!same_thing("IBAN", "Burgerservicenummer (BSN)"));
        assert!(
            !same_thing("Huur", "Huurachterstand"),
            "a word inside another word is not enough"
        );
    }
}
