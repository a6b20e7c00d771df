//! Every lint rule, in the order they are documented.

use super::finding::Rule;
use super::{grounds, items, translation, wording};

/// Every rule, in the order they are documented.
pub fn rules() -> Vec<&'static Rule> {
    [items::RULES, grounds::RULES, wording::RULES, translation::RULES].concat()
}
