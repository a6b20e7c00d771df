//! Who the corporation is: the controller, its privacy contact and who signs the statement.

use serde::{Deserialize, Serialize};

use crate::content::date::Date;

use super::common::Markdown;

/// The corporation as controller.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Full name, e.g. "Woningstichting Kockengen".
    pub name: String,
    /// The abbreviation the statement uses, e.g. "WSK".
    #[serde(default)]
    pub short_name: Option<String>,
    /// Legal form, e.g. "stichting".
    #[serde(default)]
    pub legal_form: Option<String>,
    /// Place of business.
    #[serde(default)]
    pub city: Option<String>,
    /// Postal address, one line per element.
    #[serde(default)]
    pub address: Vec<String>,
    /// Website URL.
    #[serde(default)]
    pub website: Option<String>,
    /// General e-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// General phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// Extra words on the controller's role (Markdown), e.g. that it is the legal controller.
    #[serde(default)]
    pub controller_note: Option<Markdown>,
}

/// The kind of privacy contact a corporation appoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PrivacyContactKind {
    /// A formally appointed data protection officer (functionaris gegevensbescherming).
    Dpo,
    /// A privacy officer without the formal DPO role.
    PrivacyOfficer,
    /// A plain point of contact for privacy questions.
    Contact,
}

/// The person or role people contact about privacy.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrivacyContact {
    /// What kind of role this is.
    pub kind: PrivacyContactKind,
    /// The name of the person in the role, e.g. "mr. A. de Vries".
    #[serde(default)]
    pub name: Option<String>,
    /// The position of whoever holds the role, e.g. "Manager Servicecentrum"; shown next to the
    /// role's name, and left out where it only repeats it.
    #[serde(default)]
    pub held_by: Option<String>,
    /// E-mail address of the contact.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone number of the contact.
    #[serde(default)]
    pub phone: Option<String>,
    /// How to reach them and anything else worth saying (Markdown).
    #[serde(default)]
    pub note: Option<Markdown>,
}

/// Who signs.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    /// Name.
    pub name: String,
    /// Role, e.g. "directeur-bestuurder".
    #[serde(default)]
    pub role: Option<String>,
    /// Place of signing.
    #[serde(default)]
    pub place: Option<String>,
    /// Date of signing.
    #[serde(default)]
    pub date: Option<Date>,
}
