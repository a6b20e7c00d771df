//! How a change is classed: what happened to the fact, how much it matters, and why it is fundamental.

use serde::Serialize;

/// What happened to a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The fact is new.
    Added,
    /// The fact is gone.
    Removed,
    /// One field of the fact has another value.
    Changed,
    /// The fact moved to another place (another parent, or another position in its list).
    Moved,
}

/// How much a change matters to the people the statement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Materiality {
    /// Wording, order, or less processing: no need to alert people.
    Editorial,
    /// A change people must be told about before it applies (WP260 par. 29–30).
    Fundamental,
}

/// Why a change is fundamental.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// A new purpose of processing.
    NewPurpose,
    /// A new category or item of personal data, or data of a more sensitive kind.
    NewData,
    /// A new group of people whose data is processed.
    NewDataSubjects,
    /// A new recipient.
    NewRecipient,
    /// A recipient of another kind than before.
    NewRecipientKind,
    /// A new transfer outside the EU.
    NewTransfer,
    /// A legal basis added, removed or applied differently.
    LegalBasis,
    /// Data is kept longer.
    LongerRetention,
    /// A retention period changed in a way that cannot be compared, so it may be longer.
    RetentionChanged,
    /// Automated decision-making or profiling is introduced.
    AutomatedDecisions,
    /// Camera surveillance is introduced.
    CameraSurveillance,
    /// The controller's identity changed.
    Controller,
    /// A right, or the way to use it, was taken away.
    Rights,
    /// A promise withdrawn or changed into another.
    Commitment,
    /// People must now provide data.
    Obligation,
}
