//! Unit tests of the semantic checks.

use super::*;
use std::path::PathBuf;

const MINIMAL: &str = "published: 2020-01-01\norganisation: {name: X}\ndata:\n  categories:\n    - {id: contact, items: [Naam]}\nrights: {list: []}\ncomplaints: {}\n";

fn version(id: &str, extra: &str) -> Version {
    Version {
        id: id.to_owned(),
        file: PathBuf::from("content/x/v.yaml"),
        statement: serde_yaml::from_str(&format!("{MINIMAL}{extra}")).unwrap(),
        source: String::new(),
        basis: None,
        translations: Default::default(),
    }
}

fn problems(id: &str, extra: &str) -> Vec<(ContentErrorKind, String, Option<String>)> {
    check_version(&version(id, extra))
        .into_iter()
        .map(|e| (e.kind, e.message, e.yaml_path))
        .collect()
}

#[test]
fn a_minimal_statement_is_valid() {
    assert!(problems("2020-01-01", "").is_empty());
    assert!(problems("2020-01-01-2", "").is_empty());
}

#[test]
fn a_published_version_needs_a_date_and_a_draft_does_not() {
    let mut undated = version("2020-01-01", "");
    undated.statement.published = None;
    let found: Vec<_> = check_version(&undated)
        .into_iter()
        .map(|e| (e.kind, e.message, e.yaml_path))
        .collect();
    assert_eq!(
        found,
        [(
            ContentErrorKind::Type,
            "a published version needs its date".to_owned(),
            Some("published".to_owned())
        )]
    );
    undated.id = "draft".to_owned();
    assert!(check_draft(&undated).is_empty());
}

#[test]
fn file_name_must_match_the_date() {
    for id in ["2020-01-02", "2020-01-01-", "2020-01-01-b", "versie"] {
        let found = problems(id, "");
        assert_eq!(found.len(), 1, "{id}");
        assert_eq!(found[0].0, ContentErrorKind::Invalid);
    }
}

#[test]
fn every_kind_of_reference_is_checked() {
    let extra = "\
purposes:
  list:
    - {id: a, name: A, categories: [nope], sub_purposes: [{id: a1, name: A1, categories: [contact, zip]}]}
services: {list: [{id: s, name: S, categories: [contact], purposes: [b]}]}
legal_bases: {list: [{id: l, kind: consent, purposes: [a1, q], services: [t]}]}
recipients: {list: [{id: r, name: R, categories: [x], purposes: [y]}]}
transfers: {outside_eu: true, list: [{country: VS, recipient: cloud, safeguard: SCC}]}
camera_surveillance: {locations: [hal], purpose: veiligheid, legal_basis: belang}
retention: {periods: [{category: geld, trigger: einde}]}
sources: {others: [{name: WoningNet, categories: [w]}]}
";
    let paths: Vec<String> = problems("2020-01-01", extra)
        .into_iter()
        .map(|(kind, _, path)| {
            assert_eq!(kind, ContentErrorKind::BrokenReference);
            path.unwrap()
        })
        .collect();
    assert_eq!(
        paths,
        [
            "purposes.list[0].categories[0]",
            "purposes.list[0].sub_purposes[0].categories[1]",
            "services.list[0].purposes[0]",
            "legal_bases.list[0].purposes[1]",
            "legal_bases.list[0].services[0]",
            "recipients.list[0].categories[0]",
            "recipients.list[0].purposes[0]",
            "sources.others[0].categories[0]",
            "retention.periods[0].category",
            "camera_surveillance.legal_basis",
            "transfers.list[0].recipient",
        ]
    );
}

#[test]
fn duplicate_ids_are_reported_once_per_repeat() {
    let extra = "purposes:\n  list:\n    - {id: a, name: A, sub_purposes: [{id: a, name: A1}]}\n";
    let found = problems("2020-01-01", extra);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, ContentErrorKind::DuplicateId);
    assert_eq!(found[0].2.as_deref(), Some("purposes.list[0].sub_purposes[0].id"));
}

#[test]
fn contradictions_are_invalid() {
    let extra = "transfers: {outside_eu: false, list: [{country: VS, recipient: r, safeguard: SCC}]}\nrecipients: {list: [{id: r, name: R}]}\n";
    let found = problems("2020-01-01", extra);
    assert_eq!(
        found,
        [(
            ContentErrorKind::Invalid,
            "`outside_eu` is false but transfers are listed".to_owned(),
            Some("transfers.outside_eu".to_owned())
        )]
    );
}

#[test]
fn free_sections_must_be_placed_next_to_something_that_exists() {
    let extra = "sections:\n  - {id: a, title: A, body: x, place: after b}\n  - {id: b, title: B, body: y, place: after rigths}\n";
    let found = problems("2020-01-01", extra);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].2.as_deref(), Some("sections[1].place"));
}

#[test]
fn free_section_ids_cannot_take_a_standard_section_anchor() {
    let found = problems("2020-01-01", "sections: [{id: rights, title: R, body: x}]\n");
    assert_eq!(found[0].2.as_deref(), Some("sections[0].id"));
}

#[test]
fn slugs_must_fit_in_urls() {
    assert!(is_valid_slug("cocon-wonen"));
    for bad in ["", "Cocon", "cocon wonen", "-x", "x-", "wsk_2"] {
        assert!(!is_valid_slug(bad), "{bad}");
    }
}

#[test]
fn ids_of_promises_places_documents_and_items_are_unique() {
    let extra = "commitments:\n  - {id: a, text: x}\n  - {id: a, text: y}\n\
                 camera_surveillance:\n  locations:\n    - {id: g, name: G, retention: 72 uur}\n    - {id: g, name: H}\n    - Plain\n\
                 related_documents:\n  - {id: c, title: C}\n";
    let found = problems("2020-01-01", extra);
    let paths: Vec<Option<String>> = found.iter().map(|(_, _, path)| path.clone()).collect();
    assert_eq!(
        paths,
        [
            Some("commitments[1].id".to_owned()),
            Some("camera_surveillance.locations[1].id".to_owned())
        ],
        "{found:?}"
    );
}

#[test]
fn a_retention_period_says_how_long_or_until_when() {
    let found = problems("2020-01-01", "retention:\n  periods:\n    - {category: contact}\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].2.as_deref(), Some("retention.periods[0]"));
    assert!(
        problems(
            "2020-01-01",
            "retention:\n  periods:\n    - {category: contact, period: zolang nodig}\n"
        )
        .is_empty()
    );
}
