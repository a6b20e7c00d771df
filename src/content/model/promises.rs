//! What the corporation promises and how it collects: commitments, the obligation to provide data,
//! collection channels, accountability and related documents.

use serde::{Deserialize, Serialize};

use super::common::{Id, Markdown};

/// The kinds of promise that recur across statements; the change log names a withdrawn one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentKind {
    /// "We never sell data."
    NoSale,
    /// "We do not profile."
    NoProfiling,
    /// "No face recognition."
    NoFaceRecognition,
    /// "No hidden cameras, unless there is a concrete suspicion."
    NoHiddenCameras,
    /// "We do not keep a copy of your ID."
    NoIdCopy,
    /// "No data outside the EU."
    NoTransfersOutsideEu,
    /// "We do not use your data for marketing."
    NoMarketing,
    /// Any other promise.
    Other,
}

/// A promise the statement makes.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    /// Reference id; keeps the promise's identity across versions.
    pub id: Id,
    /// The promise in the corporation's words (Markdown).
    pub text: Markdown,
    /// Which recurring promise it is, if one.
    #[serde(default)]
    pub kind: Option<CommitmentKind>,
}

/// Whether people must provide their data (GDPR art. 13(2)(e)), for what, and what happens if not.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Obligation {
    /// Whether providing data is required; leave out when the statement does not say.
    #[serde(default)]
    pub required: Option<bool>,
    /// Why it is required: by law, by contract, or to enter into a contract.
    #[serde(default)]
    pub basis: Option<ObligationBasis>,
    /// For what it is required, e.g. "het sluiten van een huurovereenkomst".
    #[serde(default)]
    pub applies_to: Option<String>,
    /// What happens when people do not provide it, e.g. "wij kunnen geen huurovereenkomst sluiten".
    #[serde(default)]
    pub consequence: Option<String>,
    /// Anything else (Markdown).
    #[serde(default)]
    pub note: Option<Markdown>,
}

/// What makes providing data required (art. 13(2)(e)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ObligationBasis {
    /// A law requires it.
    Law,
    /// The contract requires it.
    Contract,
    /// It is needed to enter into a contract.
    ContractEntry,
}

/// The kinds of channel through which data is collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CollectionChannelKind {
    /// The website.
    Website,
    /// A mobile app.
    App,
    /// The tenant portal ("Mijn ...").
    TenantPortal,
    /// By phone.
    Phone,
    /// At the office.
    Office,
    /// By e-mail.
    Email,
    /// By letter or form on paper.
    Letter,
    /// During a home visit.
    HomeVisit,
    /// Social media.
    SocialMedia,
    /// Another channel; name it.
    Other,
}

/// A channel through which data is collected: a kind, or a map with `kind`, `name` and `note`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CollectionChannel {
    /// Which kind of channel.
    pub kind: CollectionChannelKind,
    /// Its own name, e.g. "Mijn Zonnedal".
    pub name: Option<String>,
    /// Explanation.
    pub note: Option<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct ChannelMap {
    kind: CollectionChannelKind,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

impl<'de> Deserialize<'de> for CollectionChannel {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Kind(CollectionChannelKind),
            Map(ChannelMap),
        }
        match Written::deserialize(deserializer) {
            Ok(Written::Kind(kind)) => Ok(CollectionChannel {
                kind,
                name: None,
                note: None,
            }),
            Ok(Written::Map(map)) => Ok(CollectionChannel {
                kind: map.kind,
                name: map.name,
                note: map.note,
            }),
            Err(_) => Err(serde::de::Error::custom(
                "a channel is one of website, app, tenant_portal, phone, office, email, letter, home_visit, \
                 social_media, other, or a map with `kind` and optional `name` and `note`",
            )),
        }
    }
}

/// How the corporation accounts for its processing.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Accountability {
    /// Whether it keeps a register of processing activities (art. 30).
    #[serde(default)]
    pub register: Option<bool>,
    /// Whether it assesses the impact of risky processing beforehand (DPIA, art. 35).
    #[serde(default)]
    pub impact_assessments: Option<bool>,
    /// Anything else (Markdown).
    #[serde(default)]
    pub note: Option<Markdown>,
}

/// Another document of the corporation this statement refers to, e.g. its camera statement.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RelatedDocument {
    /// Reference id.
    pub id: Id,
    /// Its title, e.g. "Cameraverklaring".
    pub title: String,
    /// Which kind of document.
    #[serde(default)]
    pub kind: Option<DocumentKind>,
    /// Where to read it.
    #[serde(default)]
    pub url: Option<String>,
    /// Its version or date, as the corporation names it.
    #[serde(default)]
    pub version: Option<String>,
    /// What it covers.
    #[serde(default)]
    pub note: Option<String>,
}

/// Kinds of document next to a privacy statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// A camera statement (cameraverklaring).
    CameraStatement,
    /// A cookie statement.
    CookieStatement,
    /// A privacy regulation (privacyreglement).
    PrivacyRegulation,
    /// Another document.
    Other,
}

/// In the schema for editors a channel is its kind, or a map with `kind`, `name` and `note`.
impl schemars::JsonSchema for CollectionChannel {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CollectionChannel".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let kind = generator.subschema_for::<CollectionChannelKind>();
        let map = generator.subschema_for::<ChannelMap>();
        schemars::json_schema!({ "anyOf": [kind, map] })
    }
}
