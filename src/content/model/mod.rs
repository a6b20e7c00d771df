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
pub use self::site::SiteConfig;
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
    fn enums_use_snake_case_names() {
        let kind: LegalBasisKind = serde_yaml::from_str("legitimate_interests").unwrap();
        assert_eq!(kind, LegalBasisKind::LegitimateInterests);
        let error = serde_yaml::from_str::<RightKind>("acces").unwrap_err().to_string();
        assert!(error.contains("unknown variant `acces`"), "{error}");
    }
}
