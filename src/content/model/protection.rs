//! How data is protected and kept: camera surveillance, security, retention.

use serde::{Deserialize, Serialize};

use super::common::{Id, Markdown};

/// Camera surveillance.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CameraSurveillance {
    /// Where cameras are, e.g. "bij de toegangsdeuren van alle wooncomplexen".
    pub locations: Vec<String>,
    /// What the cameras are aimed at.
    #[serde(default)]
    pub aimed_at: Option<String>,
    /// Why.
    pub purpose: String,
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
    /// How long recordings are kept.
    #[serde(default)]
    pub retention: Option<String>,
    /// Anything else (Markdown).
    #[serde(default)]
    pub note: Option<Markdown>,
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
    /// The period, e.g. "2 jaar"; leave out when kept until the trigger.
    #[serde(default)]
    pub period: Option<String>,
    /// What starts or ends the period, e.g. "nadat de klantrelatie is beëindigd".
    pub trigger: String,
    /// A longer period that applies, e.g. where a law requires it.
    #[serde(default)]
    pub extension: Option<String>,
    /// The law behind the period or extension, e.g. "artikel 55 lid 3 Woningwet".
    #[serde(default)]
    pub law: Option<String>,
}
