//! Why and with whom: purposes, services, legal bases, automated decisions, recipients and transfers.

use serde::{Deserialize, Serialize};

use super::common::{Id, Markdown};

/// The purposes of processing.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Purposes {
    /// Text before the list (Markdown).
    #[serde(default)]
    pub introduction: Option<Markdown>,
    /// The purposes, possibly with sub-purposes.
    #[serde(default)]
    pub list: Vec<Purpose>,
}

/// A purpose, or a group of sub-purposes.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Purpose {
    /// Reference id.
    pub id: Id,
    /// Number or letter the statement shows, e.g. "A1".
    #[serde(default)]
    pub label: Option<String>,
    /// What the purpose is.
    pub name: String,
    /// Explanation (Markdown).
    #[serde(default)]
    pub description: Option<Markdown>,
    /// Ids of the categories this purpose uses.
    #[serde(default)]
    pub categories: Vec<Id>,
    /// Sub-purposes.
    #[serde(default)]
    pub sub_purposes: Vec<Purpose>,
}

/// Services and the categories they use.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Services {
    /// Text before the list (Markdown).
    #[serde(default)]
    pub introduction: Option<Markdown>,
    /// The services.
    pub list: Vec<Service>,
}

/// A service that uses personal data.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Reference id.
    pub id: Id,
    /// Number the statement shows, e.g. "1".
    #[serde(default)]
    pub label: Option<String>,
    /// Name, e.g. "inschrijven van een klant".
    pub name: String,
    /// Ids of the categories it uses.
    pub categories: Vec<Id>,
    /// Ids of the purposes it serves.
    #[serde(default)]
    pub purposes: Vec<Id>,
    /// Explanation (Markdown).
    #[serde(default)]
    pub description: Option<Markdown>,
}

/// The legal bases of GDPR article 6(1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LegalBasisKind {
    /// Art. 6(1)(a): consent.
    Consent,
    /// Art. 6(1)(b): performance of or entering into a contract.
    Contract,
    /// Art. 6(1)(c): a legal obligation.
    LegalObligation,
    /// Art. 6(1)(d): vital interests (an emergency).
    VitalInterests,
    /// Art. 6(1)(e): a task in the public interest.
    PublicTask,
    /// Art. 6(1)(f): legitimate interests.
    LegitimateInterests,
}

/// Legal bases used.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LegalBases {
    /// Text before the list (Markdown).
    #[serde(default)]
    pub introduction: Option<Markdown>,
    /// The bases.
    pub list: Vec<LegalBasis>,
}

/// One legal basis and what it covers.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LegalBasis {
    /// Reference id.
    pub id: Id,
    /// Which article 6 basis this is; leave out when the statement's ground does not map onto one.
    #[serde(default)]
    pub kind: Option<LegalBasisKind>,
    /// Letter the statement shows, e.g. "B".
    #[serde(default)]
    pub label: Option<String>,
    /// Name when the statement uses its own, e.g. "Gerechtvaardigd belang".
    #[serde(default)]
    pub name: Option<String>,
    /// Explanation in the corporation's words (Markdown).
    #[serde(default)]
    pub description: Option<Markdown>,
    /// Ids of the purposes this basis covers.
    #[serde(default)]
    pub purposes: Vec<Id>,
    /// Ids of the services this basis covers.
    #[serde(default)]
    pub services: Vec<Id>,
    /// Activities it covers that are not a purpose of their own, e.g. "hennepsteelt".
    #[serde(default)]
    pub covers: Vec<String>,
    /// For legitimate interests: the interests spelled out (Markdown).
    #[serde(default)]
    pub legitimate_interests: Option<Markdown>,
}

/// Automated decisions and profiling.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AutomatedDecisions {
    /// Whether automated individual decisions are made; leave out when the statement does not say.
    #[serde(default)]
    pub decision_making: Option<bool>,
    /// Whether people are profiled; leave out when the statement does not say.
    #[serde(default)]
    pub profiling: Option<bool>,
    /// Explanation (Markdown).
    #[serde(default)]
    pub explanation: Option<Markdown>,
}

/// The kind of party that receives data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecipientKind {
    /// Processes data on the corporation's behalf under a processing agreement.
    Processor,
    /// An independent party that receives data for its own task.
    ThirdParty,
    /// A partner under a covenant.
    CovenantPartner,
    /// A care organisation.
    CareOrganisation,
    /// Police or justice.
    Police,
    /// A public authority or body with a legal task.
    Authority,
}

/// Recipients of personal data.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recipients {
    /// Text before the list (Markdown).
    #[serde(default)]
    pub introduction: Option<Markdown>,
    /// The recipients.
    pub list: Vec<Recipient>,
    /// Text after the list (Markdown).
    #[serde(default)]
    pub notes: Option<Markdown>,
}

/// What a sharing arrangement rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SharingSafeguard {
    /// A processing agreement (verwerkersovereenkomst).
    ProcessingAgreement,
    /// A covenant that states purposes, data and handling.
    Covenant,
    /// The data subject's consent asked beforehand.
    Consent,
    /// A legal duty to provide the data.
    LegalDuty,
}

/// A party or kind of party that receives personal data.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    /// Reference id.
    pub id: Id,
    /// Name or description of the party, e.g. "Onderhouds- en installatiebedrijven".
    pub name: String,
    /// Kind of recipient; leave out when the statement does not say.
    #[serde(default)]
    pub kind: Option<RecipientKind>,
    /// Examples of such parties.
    #[serde(default)]
    pub examples: Vec<String>,
    /// What the sharing rests on.
    #[serde(default)]
    pub safeguard: Option<SharingSafeguard>,
    /// What they receive, in words, e.g. "het adres en eventueel een telefoonnummer".
    #[serde(default)]
    pub receives: Option<String>,
    /// Ids of the categories they receive.
    #[serde(default)]
    pub categories: Vec<Id>,
    /// Ids of the purposes for which data is shared.
    #[serde(default)]
    pub purposes: Vec<Id>,
    /// Explanation (Markdown).
    #[serde(default)]
    pub description: Option<Markdown>,
}

/// Transfers of personal data outside the EU.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transfers {
    /// Whether any data leaves the EU.
    pub outside_eu: bool,
    /// The transfers, when there are any.
    #[serde(default)]
    pub list: Vec<Transfer>,
    /// Explanation (Markdown).
    #[serde(default)]
    pub note: Option<Markdown>,
}

/// One transfer outside the EU.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// Receiving country.
    pub country: String,
    /// Id of the recipient.
    pub recipient: Id,
    /// The safeguard, e.g. "adequaatheidsbesluit" or "modelcontractbepalingen".
    pub safeguard: String,
}
