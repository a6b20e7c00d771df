//! The rest of a statement: laws, definitions and free Markdown sections with their place.

use serde::{Deserialize, Serialize};

use super::common::{Id, Markdown};

/// A law, regulation or code.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Law {
    /// Name.
    pub name: String,
    /// Abbreviation, e.g. "AVG".
    #[serde(default)]
    pub abbreviation: Option<String>,
    /// What it is (Markdown).
    #[serde(default)]
    pub description: Option<Markdown>,
}

/// A term and its meaning.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    /// The term, e.g. "Persoonsgegevens".
    pub term: String,
    /// Its meaning (Markdown).
    pub definition: Markdown,
}

/// A free Markdown section.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FreeSection {
    /// Reference id; also the anchor of the section.
    pub id: Id,
    /// Heading.
    pub title: String,
    /// Content (Markdown).
    pub body: Markdown,
    /// Where it goes: `start`, `end`, or `after: <section>` / `before: <section>` with a section key
    /// (see [`crate::content::outline::SECTION_KEYS`]) or another free section's id.
    #[serde(default)]
    pub place: Placement,
}

/// Where a free section goes, written as `start`, `end`, `after <section>` or `before <section>`.
#[derive(Debug, Clone, PartialEq, Eq, Default, schemars::JsonSchema)]
#[schemars(with = "String", extend("pattern" = "^\\s*(start|end|(after|before)\\s+\\S+)\\s*$"))]
pub enum Placement {
    /// First, before every other section.
    Start,
    /// Last, after every other section.
    #[default]
    End,
    /// Right after the named section.
    After(String),
    /// Right before the named section.
    Before(String),
}

impl std::str::FromStr for Placement {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let mut words = text.split_whitespace();
        let placement = match (words.next(), words.next(), words.next()) {
            (Some("start"), None, None) => Placement::Start,
            (Some("end"), None, None) => Placement::End,
            (Some("after"), Some(key), None) => Placement::After(key.to_owned()),
            (Some("before"), Some(key), None) => Placement::Before(key.to_owned()),
            _ => {
                return Err(format!(
                    "invalid place `{text}`: write `start`, `end`, `after <section>` or `before <section>`"
                ));
            }
        };
        Ok(placement)
    }
}

impl std::fmt::Display for Placement {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Placement::Start => f.write_str("start"),
            Placement::End => f.write_str("end"),
            Placement::After(key) => write!(f, "after {key}"),
            Placement::Before(key) => write!(f, "before {key}"),
        }
    }
}

impl<'de> Deserialize<'de> for Placement {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for Placement {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
