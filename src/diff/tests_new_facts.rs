//! The fact diff on the newer facts: promises, camera locations, obligation, channels, and items
//! that keep their identity when renamed.

use super::*;
use std::path::Path;

const BASE: &str = r#"
organisation: { name: Woonstichting Voorbeeld }
commitments:
  - { id: no-sale, kind: no_sale, text: Wij verkopen uw gegevens nooit. }
  - { id: no-faces, kind: no_face_recognition, text: Wij gebruiken geen gezichtsherkenning. }
data:
  categories:
    - id: contact
      name: Contactgegevens
      items: [Naam, BSN, { id: phone, name: Telefoon }]
channels: [website, { kind: tenant_portal, name: Mijn Voorbeeld }]
obligation: { required: false }
camera_surveillance:
  locations:
    - { id: garage, name: Parkeergarage, retention: 14 dagen }
    - { id: hall, name: Entree, retention: 72 uur }
"#;

fn statement(yaml: &str) -> Statement {
    match crate::content::yaml::parse_str(yaml, Path::new("test.yaml")) {
        Ok(statement) => statement,
        Err(error) => panic!("test statement does not parse: {error:?}"),
    }
}

fn summary(edit: impl Fn(&str) -> String) -> Vec<String> {
    let changes = facts(&statement(BASE), &statement(&edit(BASE)));
    changes
        .iter()
        .map(|c| {
            let key = serde_json::to_value(c.entity)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned));
            let field = c.field.as_deref().map(|f| format!(" .{f}")).unwrap_or_default();
            format!(
                "{:?} {} {}{field} {:?}",
                c.kind,
                key.unwrap_or_default(),
                c.name,
                c.reason
            )
        })
        .collect()
}

#[test]
fn a_renamed_item_without_id_is_one_change_of_its_name() {
    let changes = summary(|s| s.replace("BSN,", "Burgerservicenummer (BSN),"));
    assert_eq!(changes, ["Changed data_item Burgerservicenummer (BSN) .name None"]);
}

#[test]
fn an_item_with_an_id_keeps_it_whatever_its_new_name() {
    let changes = summary(|s| s.replace("name: Telefoon }", "name: Mobiel nummer }"));
    assert_eq!(changes, ["Changed data_item Mobiel nummer .name None"]);
}

#[test]
fn unrelated_items_are_still_a_removal_and_an_addition() {
    let changes = summary(|s| s.replace("BSN,", "Inkomen,"));
    assert_eq!(
        changes,
        ["Added data_item Inkomen Some(NewData)", "Removed data_item BSN None"]
    );
}

#[test]
fn a_withdrawn_promise_is_fundamental_and_a_reworded_one_editorial() {
    let withdrawn = summary(|s| {
        s.replace(
            "  - { id: no-faces, kind: no_face_recognition, text: Wij gebruiken geen gezichtsherkenning. }\n",
            "",
        )
    });
    assert_eq!(
        withdrawn,
        ["Removed commitment Wij gebruiken geen gezichtsherkenning. Some(Commitment)"]
    );
    let reworded = summary(|s| s.replace("verkopen uw gegevens nooit", "verkopen uw gegevens nooit aan anderen"));
    assert_eq!(
        reworded,
        ["Changed commitment Wij verkopen uw gegevens nooit aan anderen. .text None"]
    );
}

#[test]
fn camera_footage_kept_longer_is_fundamental_in_any_wording() {
    assert_eq!(
        summary(|s| s.replace("retention: 14 dagen", "retention: 28 dagen")),
        ["Changed camera_location Parkeergarage .retention Some(LongerRetention)"]
    );
    assert!(summary(|s| s.replace("retention: 14 dagen", "retention: veertien dagen"))[0].ends_with(" None"));
    assert!(summary(|s| s.replace("retention: 14 dagen", "retention: 72 uur"))[0].ends_with(" None"));
    assert_eq!(
        summary(|s| s.replace(
            "    - { id: hall, name: Entree, retention: 72 uur }\n",
            "    - { id: hall, name: Entree, retention: 72 uur }\n    - { id: shop, name: Winkel, retention: 24 uur }\n"
        )),
        ["Added camera_location Winkel Some(CameraSurveillance)"]
    );
}

#[test]
fn a_new_obligation_is_fundamental_and_channels_are_told_by_kind() {
    assert_eq!(
        summary(|s| s.replace("required: false", "required: true")),
        ["Changed obligation  .required Some(Obligation)"]
    );
    assert_eq!(
        summary(|s| s.replace("channels: [website,", "channels: [website, app,")),
        ["Added channel  None"]
    );
}
