//! How data is protected and kept: camera surveillance, security, retention.

use serde::{Deserialize, Serialize};

use super::common::{Id, Markdown};
use super::duration::{Period, StrictPeriod};

/// Camera surveillance.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CameraSurveillance {
    /// Where cameras are: each a plain text ("bij de toegangsdeuren van alle wooncomplexen") or a
    /// location with its own retention.
    #[serde(default)]
    pub locations: Vec<CameraLocation>,
    /// What the cameras are aimed at.
    #[serde(default)]
    pub aimed_at: Option<String>,
    /// Why.
    #[serde(default)]
    pub purpose: Option<String>,
    /// Id of the legal basis.
    #[serde(default)]
    pub legal_basis: Option<Id>,
    /// What is recorded, e.g. "beeld en geluid".
    #[serde(default)]
    pub recorded: Option<String>,
    /// How people are told, e.g. "een bordje bij de toegangsdeuren".
    #[serde(default)]
    pub signage: Option<String>,
    /// Who was consulted before placing cameras.
    #[serde(default)]
    pub consultation: Option<String>,
    /// How long recordings are kept, e.g. "72 uur" or "zolang nodig"; read as a duration when it is one.
    #[serde(default)]
    pub retention: Option<Period>,
    /// How long recordings are kept when there is an incident, e.g. "tot de zaak is afgehandeld".
    #[serde(default)]
    pub incident_retention: Option<Period>,
    /// Places never filmed, e.g. "voordeuren van woningen".
    #[serde(default)]
    pub never_filmed: Vec<String>,
    /// Whether and when the public road is filmed, e.g. "alleen als het niet anders kan".
    #[serde(default)]
    pub public_road: Option<String>,
    /// Who may watch the footage, e.g. "alleen de beveiligingscoördinator".
    #[serde(default)]
    pub access: Vec<String>,
    /// The necessity test done before placing cameras (Markdown).
    #[serde(default)]
    pub necessity_test: Option<Markdown>,
    /// Anything else (Markdown).
    #[serde(default)]
    pub note: Option<Markdown>,
}

/// A place with a camera: a plain text, or a map with `id`, `name`, `retention` and `note`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum CameraLocation {
    /// Just the place, as before locations had details.
    Plain(String),
    /// The place with its own retention.
    Detailed(CameraLocationDetails),
}

/// A camera location with details.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CameraLocationDetails {
    /// Reference id; keeps the location's identity across versions.
    #[serde(default)]
    pub id: Option<Id>,
    /// The place, e.g. "Parkeergarage Zonnehof".
    pub name: String,
    /// How long footage from here is kept; must be a duration, e.g. "72 uur" or "veertien dagen".
    #[serde(default)]
    pub retention: Option<StrictPeriod>,
    /// Anything else, e.g. "alleen 's nachts".
    #[serde(default)]
    pub note: Option<String>,
}

impl CameraLocation {
    /// The place.
    pub fn name(&self) -> &str {
        match self {
            CameraLocation::Plain(name) => name,
            CameraLocation::Detailed(details) => &details.name,
        }
    }
}

impl<'de> Deserialize<'de> for CameraLocation {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LocationVisitor;
        impl<'de> serde::de::Visitor<'de> for LocationVisitor {
            type Value = CameraLocation;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a place, or a map with `name` and optional `id`, `retention`, `note`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<CameraLocation, E> {
                Ok(CameraLocation::Plain(v.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<CameraLocation, A::Error> {
                CameraLocationDetails::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(CameraLocation::Detailed)
            }
        }
        deserializer.deserialize_any(LocationVisitor)
    }
}

/// Security and data breaches.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Security {
    /// Text before the measures (Markdown).
    #[serde(default)]
    pub introduction: Option<Markdown>,
    /// The measures.
    #[serde(default)]
    pub measures: Vec<Measure>,
    /// Text after the measures (Markdown).
    #[serde(default)]
    pub notes: Option<Markdown>,
    /// How data breaches are handled (Markdown).
    #[serde(default)]
    pub data_breaches: Option<Markdown>,
}

/// One security measure.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Short name, e.g. "Geheimhouding".
    #[serde(default)]
    pub name: Option<String>,
    /// What it is (Markdown).
    pub description: Markdown,
}

/// How long data is kept.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// The general rule (Markdown).
    #[serde(default)]
    pub introduction: Option<Markdown>,
    /// Periods per category.
    #[serde(default)]
    pub periods: Vec<RetentionPeriod>,
    /// Exceptions to the periods (Markdown each).
    #[serde(default)]
    pub exceptions: Vec<Markdown>,
    /// What happens when the period ends (Markdown).
    #[serde(default)]
    pub afterwards: Option<Markdown>,
}

/// The retention of one category.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetentionPeriod {
    /// Id of the category.
    pub category: Id,
    /// The period, e.g. "2 jaar" or "veertien dagen", read as a duration; text that is not one
    /// ("zolang nodig voor ...") is kept as criteria. Leave out when kept until the trigger.
    #[serde(default)]
    pub period: Option<Period>,
    /// What starts or ends the period, e.g. "nadat de klantrelatie is beëindigd".
    #[serde(default)]
    pub trigger: Option<String>,
    /// A longer period that applies, e.g. where a law requires it.
    #[serde(default)]
    pub extension: Option<String>,
    /// The law behind the period or extension, e.g. "artikel 55 lid 3 Woningwet".
    #[serde(default)]
    pub law: Option<String>,
}
