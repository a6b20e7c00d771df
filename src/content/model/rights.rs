//! What people can do: their rights, how to use them, and where to complain.

use serde::{Deserialize, Serialize};

use super::common::Markdown;

/// The rights of data subjects.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RightKind {
    /// Right of access (art. 15).
    Access,
    /// Right to rectification (art. 16).
    Rectification,
    /// Right to have incomplete data completed (art. 16).
    Completion,
    /// Right to erasure (art. 17).
    Erasure,
    /// Right to restriction of processing (art. 18).
    Restriction,
    /// Right to data portability (art. 20).
    Portability,
    /// Right to object (art. 21).
    Objection,
    /// Right to withdraw consent (art. 7).
    WithdrawConsent,
}

/// Rights, how to use them and their limits.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rights {
    /// Text before the list (Markdown).
    #[serde(default)]
    pub introduction: Option<Markdown>,
    /// The rights.
    #[serde(default)]
    pub list: Vec<Right>,
    /// How people use their rights.
    #[serde(default)]
    pub procedure: Option<RightsProcedure>,
}

/// One right.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Right {
    /// Which right.
    pub kind: RightKind,
    /// The name the statement uses when it differs from the theme's, e.g. "recht van verzet".
    #[serde(default)]
    pub name: Option<String>,
    /// What the right means, in the corporation's words (Markdown); the theme explains it otherwise.
    #[serde(default)]
    pub description: Option<Markdown>,
    /// How a request is handled (Markdown).
    #[serde(default)]
    pub handling: Option<Markdown>,
    /// Ways to submit a request for this right, when they differ from the general procedure.
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// How a request is made when it differs from the general procedure (Markdown).
    #[serde(default)]
    pub how: Option<Markdown>,
    /// Deadline to answer a request, e.g. "vier weken".
    #[serde(default)]
    pub deadline: Option<String>,
    /// Limits and exceptions (Markdown each).
    #[serde(default)]
    pub limits: Vec<Markdown>,
}

/// A way to submit a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// By e-mail.
    Email,
    /// Through the website.
    Website,
    /// By letter.
    Letter,
    /// In person at the office.
    InPerson,
    /// By phone.
    Phone,
}

/// The general procedure to use rights.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RightsProcedure {
    /// Ways to submit a request.
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// How to reach the corporation for a request (Markdown).
    #[serde(default)]
    pub contact: Option<Markdown>,
    /// How requesters identify themselves (Markdown).
    #[serde(default)]
    pub identification: Option<Markdown>,
    /// Rules for minors and people who cannot act for themselves (Markdown).
    #[serde(default)]
    pub representation: Option<Markdown>,
    /// Deadline to answer, e.g. "vier weken".
    #[serde(default)]
    pub deadline: Option<String>,
}

/// Where to complain.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Complaints {
    /// Text before the steps (Markdown).
    #[serde(default)]
    pub introduction: Option<Markdown>,
    /// The corporation's own complaint procedure (Markdown).
    #[serde(default)]
    pub internal: Option<Markdown>,
    /// The supervisory authority.
    #[serde(default)]
    pub authority: Option<Authority>,
    /// Going to court (Markdown).
    #[serde(default)]
    pub court: Option<Markdown>,
    /// Deadlines that apply to the next steps (Markdown).
    #[serde(default)]
    pub deadlines: Option<Markdown>,
}

/// The Autoriteit Persoonsgegevens or another supervisory authority.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    /// Name.
    pub name: String,
    /// Postal address, one line per element.
    #[serde(default)]
    pub address: Vec<String>,
    /// Web page for complaints.
    #[serde(default)]
    pub url: Option<String>,
    /// What the authority is asked to do (Markdown).
    #[serde(default)]
    pub note: Option<Markdown>,
}
