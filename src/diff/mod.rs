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

mod change;
mod classes;
mod facts;
mod fields;
mod identity;
mod kind;
mod materiality;
mod record;
pub mod text;

use crate::content::model::Statement;

pub use self::change::Change;
pub use self::classes::{ChangeKind, Materiality, Reason};
pub use self::kind::FactKind;

/// The changes from `old` to `new`, in the order of the statement's sections.
pub fn facts(old: &Statement, new: &Statement) -> Vec<Change> {
    facts::changes(old, new)
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
