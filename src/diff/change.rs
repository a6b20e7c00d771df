//! One change between two versions, as keys (kind of fact, field, values, reason) that the theme
//! turns into a sentence.

use serde::Serialize;
use serde_json::Value as Json;

use super::classes::{ChangeKind, Materiality, Reason};
use super::kind::FactKind;

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
    /// kind, e.g. `legal_obligation`, for the theme to name; for a recipient: its kind, e.g.
    /// `processor`.
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
