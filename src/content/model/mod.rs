//! The typed facts of a privacy statement, one file per group of sections.
//!
//! Every struct denies unknown keys, so a typo in the YAML is an error that names the keys that are
//! allowed. Free-text fields marked "Markdown" are rendered with [`crate::render::markdown`];
//! everything else is plain text and escaped by the templates. Facts refer to each other by short
//! ids (`categories: [contact]`), which [`crate::content::validate`] checks.

pub mod common;
pub mod data;
pub mod duration;
pub mod organisation;
pub mod processing;
pub mod promises;
pub mod protection;
pub mod rights;
pub mod sections;
pub mod site;
pub mod statement;

pub use self::common::{Id, Markdown};
pub use self::data::*;
pub use self::duration::{Duration, Period, StrictPeriod, Unit};
pub use self::organisation::*;
pub use self::processing::*;
pub use self::promises::*;
pub use self::protection::*;
pub use self::rights::*;
pub use self::sections::*;
pub use self::site::{SiteConfig, SiteText};
pub use self::statement::Statement;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_items_are_plain_strings_or_maps() {
        let items: Vec<DataItem> =
            serde_yaml::from_str("- Naam\n- name: Medische gegevens\n  sensitivity: special\n  condition: soms\n")
                .unwrap();
        assert_eq!(items[0], DataItem::Plain("Naam".to_owned()));
        let DataItem::Detailed(details) = &items[1] else {
            panic!("expected details")
        };
        assert_eq!(details.sensitivity, Some(Sensitivity::Special));
        assert_eq!(items[1].name(), "Medische gegevens");
    }

    #[test]
    fn a_detailed_item_with_an_unknown_key_is_refused_by_name() {
        let error = serde_yaml::from_str::<Vec<DataItem>>("- name: X\n  conditon: soms\n").unwrap_err();
        assert!(error.to_string().contains("unknown field `conditon`"), "{error}");
    }

    #[test]
    fn placements_read_and_write_as_words() {
        for text in ["start", "end", "after rights", "before complaints"] {
            let placement: Placement = text.parse().unwrap();
            assert_eq!(placement.to_string(), text);
        }
        assert_eq!(
            "after rights".parse::<Placement>(),
            Ok(Placement::After("rights".to_owned()))
        );
        for wrong in ["", "middle", "after", "after a b"] {
            assert!(
                wrong.parse::<Placement>().unwrap_err().contains("write `start`, `end`"),
                "{wrong}"
            );
        }
    }

    #[test]
    fn camera_locations_and_channels_are_plain_words_or_maps() {
        let camera: CameraSurveillance = serde_yaml::from_str(
            "locations:\n  - bij de deur\n  - {id: g, name: Garage, retention: 72 uur, note: n}\n",
        )
        .unwrap();
        assert_eq!(camera.locations[0], CameraLocation::Plain("bij de deur".to_owned()));
        let CameraLocation::Detailed(garage) = &camera.locations[1] else {
            panic!("expected details")
        };
        let hours = garage
            .retention
            .as_ref()
            .and_then(|r| r.0.duration())
            .map(|d| d.hours());
        assert_eq!(hours, Some(72));
        let channels: Vec<CollectionChannel> =
            serde_yaml::from_str("[website, {kind: tenant_portal, name: Mijn Portaal}]").unwrap();
        assert_eq!(channels[0].kind, CollectionChannelKind::Website);
        assert_eq!(channels[1].name.as_deref(), Some("Mijn Portaal"));
        let error = serde_yaml::from_str::<Vec<CollectionChannel>>("[fax]")
            .unwrap_err()
            .to_string();
        assert!(error.contains("a channel is one of website"), "{error}");
    }

    #[test]
    fn promises_obligations_and_documents_read_their_fields() {
        let yaml = "organisation: {name: X}\ncommitments: [{id: a, kind: no_id_copy, text: Geen kopie.}]\n\
                    obligation: {required: true, basis: law, applies_to: huur, consequence: geen huur}\n\
                    accountability: {register: true}\nrelated_documents: [{id: c, title: C, kind: cookie_statement}]\n\
                    document: camera_statement\nlast_modified: 2024-01-02\n";
        let statement: Statement = serde_yaml::from_str(yaml).unwrap();
        assert_eq!(statement.commitments[0].kind, Some(CommitmentKind::NoIdCopy));
        let obligation = statement.obligation.unwrap();
        assert_eq!(
            (obligation.required, obligation.basis),
            (Some(true), Some(ObligationBasis::Law))
        );
        assert_eq!(statement.accountability.and_then(|a| a.register), Some(true));
        assert_eq!(statement.related_documents[0].kind, Some(DocumentKind::CookieStatement));
        assert_eq!(statement.document, Some(DocumentKind::CameraStatement));
        let error = serde_yaml::from_str::<Commitment>("{id: a, text: x, kind: no_selling}").unwrap_err();
        assert!(error.to_string().contains("unknown variant `no_selling`"), "{error}");
    }

    #[test]
    fn enums_use_snake_case_names() {
        let kind: LegalBasisKind = serde_yaml::from_str("legitimate_interests").unwrap();
        assert_eq!(kind, LegalBasisKind::LegitimateInterests);
        let error = serde_yaml::from_str::<RightKind>("acces").unwrap_err().to_string();
        assert!(error.contains("unknown variant `acces`"), "{error}");
    }
}
