//! What changed between two versions of a statement.
//!
//! The fact diff ([`facts`]) compares the typed facts, matching every item by its stable key (its
//! id, or for items without one: the right's kind, the data item's name, the law's name, ...), so a
//! reordered or moved item is reported as moved, never as removed and added. Each change is classed
//! as fundamental or editorial, following the transparency guidelines of the EDPB (WP260 rev.01,
//! par. 29–30). The text diff ([`text`]) compares the rendered statements word by word.
//!
//! [`FactKind`] says, for each kind of fact, the section it is shown in, how its facts are keyed
//! and which of its changes are fundamental; `facts` flattens statements into keyed records and
//! matches them; `materiality` holds the WP260 rules, one function each.
//!
//! Changes carry keys (`entity`, `field`, `reason`), not sentences: the theme's locale turns them
//! into plain words.

mod facts;
mod fields;
mod identity;
mod kind;
mod materiality;
pub mod text;

use serde::Serialize;
use serde_json::Value as Json;

use crate::content::model::Statement;

pub use kind::FactKind;
pub use materiality::Durations;

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

/// One change between two versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// What happened.
    pub kind: ChangeKind,
    /// The kind of fact; serialised as `recipient`, `retention_period`, `data_item`, ...
    pub entity: FactKind,
    /// The fact's stable key (its id, or what identifies it).
    pub key: String,
    /// The fact's name as people read it (from the newer version, unless it was removed).
    pub name: String,
    /// For facts named by their kind (a legal basis or right without a name of its own): that
    /// kind, e.g. `legal_obligation`, for the theme to name.
    pub variant: Option<String>,
    /// The name of what the fact belongs to (the category of a data item, the purpose of a
    /// sub-purpose), where it belongs to something.
    pub parent: Option<String>,
    /// For a move to another parent: the parent it came from.
    pub from_parent: Option<String>,
    /// For a change: which field changed, e.g. `period`, `kind`, `authority.address`.
    pub field: Option<String>,
    /// For a change: the value before, as text or a list of texts (ids replaced by names).
    pub before: Option<Json>,
    /// For a change: the value after.
    pub after: Option<Json>,
    /// For a change of a list: the entries that are new, and those that are gone.
    pub gained: Vec<String>,
    /// See `gained`.
    pub lost: Vec<String>,
    /// Whether the values are long texts, better shown in the text diff than in one line.
    pub long: bool,
    /// Fundamental or editorial.
    pub materiality: Materiality,
    /// Why it is fundamental.
    pub reason: Option<Reason>,
    /// The outline key of the section the fact is in, to link to it.
    pub section: &'static str,
}

/// The changes from `old` to `new`, in the order of the statement's sections.
pub fn facts(old: &Statement, new: &Statement, durations: &Durations) -> Vec<Change> {
    facts::changes(old, new, durations)
}

/// The most serious materiality among `changes`; editorial when there are none.
pub fn materiality(changes: &[Change]) -> Materiality {
    changes
        .iter()
        .map(|c| c.materiality)
        .max()
        .unwrap_or(Materiality::Editorial)
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_new_facts;
