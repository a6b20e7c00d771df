//! A fact as the diff compares it: its kind, its key, its name and its compared fields.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::kind::FactKind;
use crate::content::model::Sensitivity;

/// One fact with the fields that are compared; lists of other facts are facts of their own.
#[derive(Debug)]
pub(super) struct Record {
    /// Its kind.
    pub(super) kind: FactKind,
    /// What identifies it among the facts of its kind (see [`Keying`]).
    pub(super) key: String,
    /// Its name as people read it.
    pub(super) name: String,
    /// For facts named by their kind: that kind.
    pub(super) variant: Option<String>,
    /// The key of the fact it belongs to, if any.
    pub(super) parent_key: Option<String>,
    /// For data: how sensitive it is.
    pub(super) sensitivity: Sensitivity,
    /// Its compared fields, flattened (nested maps as dotted keys).
    pub(super) fields: BTreeMap<String, Json>,
}
