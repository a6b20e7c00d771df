//! The fact diff on whole statements: added, removed, changed and moved facts, and how each is classed.

use super::*;
use serde_json::Value as Json;
use std::path::Path;

const BASE: &str = r#"
organisation: { name: Woonstichting Voorbeeld }
data_subjects:
  - { id: tenants, name: Huurders }
data:
  categories:
    - id: contact
      label: "1"
      name: Contactgegevens
      items: [naam, adres, telefoonnummer]
    - id: payment
      label: "2"
      name: Betaalgegevens
      sensitivity: financial
      items: [rekeningnummer]
purposes:
  list:
    - { id: rent, label: C1, name: Verhuur, categories: [contact] }
    - { id: collect, label: C3, name: Huurincasso, categories: [payment] }
    - { id: repairs, label: C4, name: Reparaties, categories: [contact] }
recipients:
  list:
    - { id: bank, name: De bank, kind: third_party, categories: [payment] }
    - { id: contractor, name: Aannemers, kind: processor }
retention:
  periods:
    - { category: payment, period: 2 jaar, trigger: na de betaling }
    - { category: contact, period: 5 jaar, trigger: na het einde van de huur }
rights:
  list:
    - kind: access
complaints: { internal: Bel ons. }
"#;

fn statement(yaml: &str) -> Statement {
    match crate::content::yaml::parse_str(yaml, Path::new("test.yaml")) {
        Ok(statement) => statement,
        Err(error) => panic!("test statement does not parse: {error:?}"),
    }
}

fn diff(edit: impl Fn(&str) -> String) -> Vec<Change> {
    facts(&statement(BASE), &statement(&edit(BASE)))
}

/// The key a kind serialises to, as the theme reads it.
fn kind_key(kind: FactKind) -> String {
    match serde_json::to_value(kind) {
        Ok(Json::String(key)) => key,
        other => panic!("a kind serialises to a string, not {other:?}"),
    }
}

fn summary(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .map(|c| {
            format!(
                "{:?} {} {}{}{} {:?}",
                c.kind,
                kind_key(c.entity),
                c.name,
                c.field.as_deref().map(|f| format!(" .{f}")).unwrap_or_default(),
                c.parent.as_deref().map(|p| format!(" in {p}")).unwrap_or_default(),
                c.reason
            )
        })
        .collect()
}

#[test]
fn identical_statements_have_no_changes() {
    assert!(diff(|s| s.to_owned()).is_empty());
}

#[test]
fn an_added_recipient_is_fundamental() {
    let changes = diff(|s| {
        s.replace(
            "    - { id: contractor",
            "    - { id: debt, name: Incassobureau, kind: processor }\n    - { id: contractor",
        )
    });
    assert_eq!(summary(&changes), ["Added recipient Incassobureau Some(NewRecipient)"]);
    assert_eq!(materiality(&changes), Materiality::Fundamental);
}

#[test]
fn a_removed_purpose_is_editorial() {
    let changes = diff(|s| {
        s.replace(
            "    - { id: collect, label: C3, name: Huurincasso, categories: [payment] }\n",
            "",
        )
    });
    assert_eq!(summary(&changes), ["Removed purpose C3 Huurincasso None"]);
    assert_eq!(materiality(&changes), Materiality::Editorial);
}

#[test]
fn a_longer_retention_period_is_fundamental_and_a_shorter_one_editorial() {
    let longer = diff(|s| s.replace("period: 2 jaar", "period: 7 jaar"));
    assert_eq!(
        summary(&longer),
        ["Changed retention_period Betaalgegevens .period Some(LongerRetention)"]
    );
    assert_eq!(longer[0].before, Some(Json::String("2 jaar".into())));
    assert_eq!(longer[0].after, Some(Json::String("7 jaar".into())));
    let shorter = diff(|s| s.replace("period: 2 jaar", "period: 18 maanden"));
    assert_eq!(shorter[0].materiality, Materiality::Editorial);
    let words = diff(|s| s.replace("period: 2 jaar", "period: twee jaar"));
    assert_eq!(words[0].materiality, Materiality::Editorial);
    let unknown = diff(|s| s.replace("period: 2 jaar", "period: zolang nodig"));
    assert_eq!(unknown[0].reason, Some(Reason::RetentionChanged));
}

#[test]
fn a_new_data_item_names_its_category() {
    let changes = diff(|s| {
        s.replace(
            "[naam, adres, telefoonnummer]",
            "[naam, geboorteplaats, adres, telefoonnummer]",
        )
    });
    assert_eq!(
        summary(&changes),
        ["Added data_item geboorteplaats in Contactgegevens Some(NewData)"]
    );
}

#[test]
fn reordered_items_are_moved_not_new() {
    let changes = diff(|s| s.replace("[naam, adres, telefoonnummer]", "[telefoonnummer, naam, adres]"));
    assert_eq!(
        summary(&changes),
        ["Moved data_item telefoonnummer in Contactgegevens None"]
    );
    let purposes = diff(|s| {
        s.replace(
            "    - { id: rent, label: C1, name: Verhuur, categories: [contact] }\n",
            "",
        )
        .replace(
            "    - { id: repairs, label: C4, name: Reparaties, categories: [contact] }\n",
            "    - { id: repairs, label: C4, name: Reparaties, categories: [contact] }\n    - { id: rent, label: C1, name: Verhuur, categories: [contact] }\n",
        )
    });
    assert_eq!(summary(&purposes), ["Moved purpose C1 Verhuur None"]);
    assert_eq!(materiality(&purposes), Materiality::Editorial);
}

#[test]
fn an_item_moved_to_another_category_says_from_where() {
    let changes = diff(|s| {
        s.replace("[naam, adres, telefoonnummer]", "[naam, adres]")
            .replace("items: [rekeningnummer]", "items: [rekeningnummer, telefoonnummer]")
    });
    assert_eq!(
        summary(&changes),
        ["Moved data_item telefoonnummer in Betaalgegevens None"]
    );
    assert_eq!(changes[0].from_parent.as_deref(), Some("Contactgegevens"));
}

#[test]
fn a_new_kind_of_recipient_and_new_data_for_a_recipient_are_fundamental() {
    let kind = diff(|s| s.replace("kind: processor", "kind: police"));
    assert_eq!(
        summary(&kind),
        ["Changed recipient Aannemers .kind Some(NewRecipientKind)"]
    );
    let data = diff(|s| {
        s.replace(
            "kind: third_party, categories: [payment]",
            "kind: third_party, categories: [payment, contact]",
        )
    });
    assert_eq!(data[0].reason, Some(Reason::NewData));
    assert_eq!(
        data[0].after,
        Some(serde_json::json!(["Betaalgegevens", "Contactgegevens"]))
    );
    assert_eq!(data[0].gained, ["Contactgegevens"], "a list change says what is new");
    assert!(data[0].lost.is_empty());
    let fewer = diff(|s| s.replace("kind: third_party, categories: [payment]", "kind: third_party"));
    assert_eq!(fewer[0].materiality, Materiality::Editorial);
}

#[test]
fn introducing_automated_decisions_and_transfers_is_fundamental() {
    let automated = diff(|s| format!("{s}automated_decisions: {{ decision_making: true }}\n"));
    assert_eq!(
        summary(&automated),
        ["Added automated_decisions  Some(AutomatedDecisions)"]
    );
    let none = diff(|s| format!("{s}automated_decisions: {{ decision_making: false }}\n"));
    assert_eq!(none[0].materiality, Materiality::Editorial);
    let transfer = diff(|s| {
        format!(
            "{s}transfers:\n  outside_eu: true\n  list:\n    - {{ country: Verenigde Staten, recipient: contractor, safeguard: modelcontractbepalingen }}\n"
        )
    });
    assert_eq!(
        summary(&transfer),
        [
            "Added transfers  None",
            "Added transfer Aannemers (Verenigde Staten) Some(NewTransfer)"
        ]
    );
}

#[test]
fn a_changed_legal_basis_a_new_subject_and_a_new_controller_name_are_fundamental() {
    let with_basis =
        |kind: &str| format!("{BASE}legal_bases:\n  list:\n    - {{ id: contract, kind: {kind}, purposes: [rent] }}\n");
    let changes = facts(&statement(&with_basis("contract")), &statement(&with_basis("consent")));
    assert_eq!(summary(&changes), ["Changed legal_basis  .kind Some(LegalBasis)"]);
    assert_eq!(
        changes[0].variant.as_deref(),
        Some("consent"),
        "a basis without a name is named by its kind"
    );
    let subjects = diff(|s| {
        s.replace(
            "  - { id: tenants, name: Huurders }",
            "  - { id: tenants, name: Huurders }\n  - { id: applicants, name: Woningzoekenden }",
        )
    });
    assert_eq!(subjects[0].reason, Some(Reason::NewDataSubjects));
    let renamed = diff(|s| s.replace("name: Woonstichting Voorbeeld", "name: Woonstichting Nieuw"));
    assert_eq!(summary(&renamed), ["Changed organisation  .name Some(Controller)"]);
}

#[test]
fn long_texts_are_marked_long_and_lists_are_compared_whole() {
    let changes = diff(|s| {
        s.replace(
            "internal: Bel ons.",
            "internal: Bel ons of schrijf ons een brief aan het adres dat onderaan elke pagina van onze website staat.",
        )
    });
    assert_eq!(summary(&changes), ["Changed complaints  .internal None"]);
    assert!(changes[0].long);
}

#[test]
fn more_sensitive_data_is_fundamental_by_the_models_order() {
    let special = diff(|s| s.replace("sensitivity: financial", "sensitivity: special"));
    assert_eq!(
        summary(&special),
        ["Changed category Betaalgegevens .sensitivity Some(NewData)"]
    );
    let ordinary = diff(|s| s.replace("      sensitivity: financial\n", ""));
    assert_eq!(
        ordinary[0].materiality,
        Materiality::Editorial,
        "less sensitive is editorial"
    );
    let criminal = facts(
        &statement(&BASE.replace("sensitivity: financial", "sensitivity: special")),
        &statement(&BASE.replace("sensitivity: financial", "sensitivity: criminal")),
    );
    assert_eq!(
        criminal[0].reason,
        Some(Reason::NewData),
        "special to criminal is more sensitive"
    );
    let item = diff(|s| {
        s.replace(
            "items: [rekeningnummer]",
            "items: [rekeningnummer, { name: schulden, sensitivity: criminal }]",
        )
    });
    assert_eq!(
        summary(&item),
        ["Added data_item schulden in Betaalgegevens Some(NewData)"]
    );
}

#[test]
fn a_right_or_legal_basis_taken_away_is_fundamental_and_camera_surveillance_added_too() {
    let rights = diff(|s| s.replace("    - kind: access\n", "    - kind: access\n    - kind: erasure\n"));
    assert_eq!(summary(&rights), ["Added right  None"]);
    assert_eq!(
        rights[0].variant.as_deref(),
        Some("erasure"),
        "a right is named by its kind"
    );
    let gone = facts(&statement(&rights_base("erasure")), &statement(BASE));
    assert_eq!(summary(&gone), ["Removed right  Some(Rights)"]);
    let basis = format!("{BASE}legal_bases:\n  list:\n    - {{ id: contract, kind: contract, purposes: [rent] }}\n");
    let dropped = facts(&statement(&basis), &statement(BASE));
    assert_eq!(
        summary(&dropped),
        ["Removed legal_bases  None", "Removed legal_basis  Some(LegalBasis)"]
    );
    let camera = diff(|s| format!("{s}camera_surveillance: {{ locations: [garage], purpose: Veiligheid. }}\n"));
    assert_eq!(camera.last().and_then(|c| c.reason), Some(Reason::CameraSurveillance));
    assert!(camera.iter().all(|c| c.section == "camera_surveillance"));
}

fn rights_base(extra: &str) -> String {
    BASE.replace(
        "    - kind: access\n",
        &format!("    - kind: access\n    - kind: {extra}\n"),
    )
}

#[test]
fn the_fewest_moves_explain_a_new_order() {
    let purposes = |order: [&str; 3]| {
        let lines: Vec<String> = order
            .iter()
            .map(|id| format!("    - {{ id: {id}, name: {id}, categories: [contact] }}"))
            .collect();
        BASE.replace(
            "    - { id: rent, label: C1, name: Verhuur, categories: [contact] }\n    - { id: collect, label: C3, name: Huurincasso, categories: [payment] }\n    - { id: repairs, label: C4, name: Reparaties, categories: [contact] }\n",
            &format!("{}\n", lines.join("\n")),
        )
    };
    let moves =
        |from: [&str; 3], to: [&str; 3]| summary(&facts(&statement(&purposes(from)), &statement(&purposes(to))));
    assert_eq!(moves(["a", "b", "c"], ["c", "a", "b"]), ["Moved purpose c None"]);
    assert_eq!(moves(["a", "b", "c"], ["b", "c", "a"]), ["Moved purpose a None"]);
    assert_eq!(
        moves(["a", "b", "c"], ["c", "b", "a"]),
        ["Moved purpose b None", "Moved purpose a None"],
        "a reversed list keeps its last item in place"
    );
    assert!(moves(["a", "b", "c"], ["a", "b", "c"]).is_empty());
}

#[test]
fn a_sub_purpose_names_its_purpose_and_a_changed_field_gives_both_values() {
    let with_sub = BASE.replace(
        "    - { id: repairs, label: C4, name: Reparaties, categories: [contact] }\n",
        "    - id: repairs\n      label: C4\n      name: Reparaties\n      categories: [contact]\n      sub_purposes:\n        - { id: urgent, name: Spoed, categories: [contact] }\n",
    );
    let added = facts(&statement(BASE), &statement(&with_sub));
    assert_eq!(
        summary(&added),
        ["Added purpose Spoed in C4 Reparaties Some(NewPurpose)"]
    );
    let renamed = facts(
        &statement(&with_sub),
        &statement(&with_sub.replace("name: Spoed", "name: Met spoed")),
    );
    assert_eq!(
        summary(&renamed),
        ["Changed purpose Met spoed .name in C4 Reparaties None"]
    );
    assert_eq!(renamed[0].before, Some(Json::String("Spoed".into())));
    assert_eq!(renamed[0].after, Some(Json::String("Met spoed".into())));
    assert!(!renamed[0].long);
}
