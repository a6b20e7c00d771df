//! The word-level diff of two rendered statements.
//!
//! Each statement page marks its parts with `data-diff-section` (and `data-diff-title`). The text
//! of each part is taken as blocks (paragraphs, list items, headings, table cells); blocks are
//! matched with the patience algorithm, changed blocks are compared word by word, and a block that
//! left one place and appears unchanged in another is reported as moved rather than as deleted and
//! inserted.

mod align;
mod blocks;
mod parts;

pub use self::align::{diff, words};
pub use self::blocks::sections;
pub use self::parts::{Block, BlockDiff, BlockGroup, BlockStatus, Op, Section, SectionDiff, SectionStatus, Segment};
