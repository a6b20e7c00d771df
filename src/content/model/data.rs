//! Whose data and which: data subjects, categories and items with their sensitivity, and sources.

use serde::{Deserialize, Serialize};

use super::common::{Id, Markdown};

/// A group of people whose data is processed.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataSubject {
    /// Reference id.
    pub id: Id,
    /// Name as the statement uses it, e.g. "(potentiële) huurders".
    pub name: String,
    /// Which kind of group it is, if one the theme knows.
    #[serde(default)]
    pub kind: Option<DataSubjectKind>,
    /// Explanation, e.g. who counts as one.
    #[serde(default)]
    pub note: Option<String>,
}

/// The groups of people whose data housing corporations process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DataSubjectKind {
    /// Tenants.
    Tenant,
    /// People applying for a home.
    Applicant,
    /// People living with a tenant.
    CoResident,
    /// Guarantors.
    Guarantor,
    /// Visitors of the office or complexes.
    Visitor,
    /// Suppliers and contractors.
    Supplier,
    /// Job applicants.
    JobApplicant,
    /// Owners in an owners' association (VvE).
    Owner,
    /// Any other group.
    Other,
}

/// How sensitive a category or item of data is, least sensitive first: the order is what the
/// change log compares ("more sensitive data" is a fundamental change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, Default, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    /// Ordinary personal data.
    #[default]
    Ordinary,
    /// Financial data (bank account, income).
    Financial,
    /// The citizen service number (BSN) or documents that carry it.
    NationalId,
    /// Special categories (GDPR art. 9), such as health.
    Special,
    /// Criminal data (GDPR art. 10).
    Criminal,
}

/// All personal data, in categories, with context.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonalData {
    /// Text before the categories (Markdown).
    #[serde(default)]
    pub introduction: Option<Markdown>,
    /// The categories; a statement with a flat list has one unnamed category.
    #[serde(default)]
    pub categories: Vec<Category>,
    /// Whether the statement says the list is not exhaustive ("deze lijst is niet uitputtend").
    #[serde(default)]
    pub not_exhaustive: Option<bool>,
    /// Text after the categories (Markdown), e.g. on legal duties to keep or share data.
    #[serde(default)]
    pub notes: Option<Markdown>,
}

/// A category of personal data.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Reference id.
    pub id: Id,
    /// Number or letter the statement shows, e.g. "1".
    #[serde(default)]
    pub label: Option<String>,
    /// Name, e.g. "Betaalgegevens"; a flat list may leave it out.
    #[serde(default)]
    pub name: Option<String>,
    /// Most sensitive kind of data in this category.
    #[serde(default)]
    pub sensitivity: Sensitivity,
    /// Explanation (Markdown).
    #[serde(default)]
    pub description: Option<Markdown>,
    /// The data items.
    pub items: Vec<DataItem>,
}

/// One item of personal data, written as a plain string or as a map with details.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum DataItem {
    /// Just the name of the item.
    Plain(String),
    /// The item with sensitivity, condition or examples.
    Detailed(DataItemDetails),
}

/// The details of a data item.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataItemDetails {
    /// Reference id; keeps the item's identity when its name changes.
    #[serde(default)]
    pub id: Option<Id>,
    /// Name of the item.
    pub name: String,
    /// Sensitivity when it differs from the ordinary.
    #[serde(default)]
    pub sensitivity: Option<Sensitivity>,
    /// When the item is processed only in some cases, that condition.
    #[serde(default)]
    pub condition: Option<String>,
    /// Examples, e.g. "rijbewijs, ID-kaart en paspoort".
    #[serde(default)]
    pub examples: Option<String>,
    /// Why this item falls in its category or other explanation.
    #[serde(default)]
    pub note: Option<String>,
}

/// Where personal data comes from.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sources {
    /// Whether data is collected from the data subjects themselves; leave out when the statement does not say.
    #[serde(default)]
    pub from_data_subjects: Option<bool>,
    /// Whether data is collected from other parties; leave out when the statement does not say.
    #[serde(default)]
    pub from_others: Option<bool>,
    /// The other parties and what they provide.
    #[serde(default)]
    pub others: Vec<Source>,
    /// When or how data is collected (Markdown).
    #[serde(default)]
    pub note: Option<Markdown>,
}

/// A party from which personal data is obtained.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Name of the party, e.g. "WoningNet".
    pub name: String,
    /// Which categories come from it.
    #[serde(default)]
    pub categories: Vec<Id>,
    /// Explanation (Markdown).
    #[serde(default)]
    pub note: Option<Markdown>,
}

impl<'de> Deserialize<'de> for DataItem {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl<'de> serde::de::Visitor<'de> for ItemVisitor {
            type Value = DataItem;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the name of a data item, or a map with `name` and details")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DataItem, E> {
                Ok(DataItem::Plain(v.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<DataItem, A::Error> {
                DataItemDetails::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(DataItem::Detailed)
            }
        }
        deserializer.deserialize_any(ItemVisitor)
    }
}

impl DataItem {
    /// The item's name.
    pub fn name(&self) -> &str {
        match self {
            DataItem::Plain(name) => name,
            DataItem::Detailed(details) => &details.name,
        }
    }

    /// The item's id, when it has one.
    pub fn id(&self) -> Option<&str> {
        match self {
            DataItem::Plain(_) => None,
            DataItem::Detailed(details) => details.id.as_deref(),
        }
    }
}
