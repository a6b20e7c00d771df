//! The pieces of a text diff: sections and blocks read from a page, and what happened to each.

use serde::Serialize;

/// A part of a rendered statement, as text blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The part's anchor on the statement page.
    pub anchor: String,
    /// Its heading.
    pub title: String,
    /// Its text, block by block.
    pub blocks: Vec<Block>,
}

/// A block of text: one paragraph, list item, heading or table cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The element it came from: `p`, `li`, `h3`, `td`, ...
    pub tag: String,
    /// Its text, with whitespace collapsed.
    pub text: String,
}

/// What happened to a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionStatus {
    /// The same text.
    Unchanged,
    /// Some text changed.
    Changed,
    /// The section is new.
    Added,
    /// The section is gone.
    Removed,
}

/// What happened to a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockStatus {
    /// The same text in the same place.
    Equal,
    /// A new block.
    Inserted,
    /// A block that is gone.
    Deleted,
    /// A block with some words changed.
    Changed,
    /// A block that came here, unchanged, from another place.
    MovedHere,
    /// A block that went, unchanged, to another place.
    MovedAway,
}

/// Whether a stretch of words is the same, inserted or deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// In both versions.
    Equal,
    /// Only in the newer version.
    Insert,
    /// Only in the older version.
    Delete,
}

/// A stretch of words with one [`Op`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// Same, inserted or deleted.
    pub op: Op,
    /// The words, with their spaces.
    pub text: String,
}

/// One block in the diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlockDiff {
    /// The element it came from.
    pub tag: String,
    /// What happened to it.
    pub status: BlockStatus,
    /// Its words.
    pub segments: Vec<Segment>,
    /// For a moved block: the title of the section on the other side of the move.
    pub other_section: Option<String>,
}

/// A run of blocks that are all unchanged, or all part of a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlockGroup {
    /// Whether every block in the run is unchanged.
    pub unchanged: bool,
    /// Whether the run is folded away: unchanged, and not next to a change.
    pub collapsed: bool,
    /// The blocks.
    pub blocks: Vec<BlockDiff>,
}

/// One section in the diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionDiff {
    /// Anchor of the section on the newer statement page (or the older one, when removed).
    pub anchor: String,
    /// Its title.
    pub title: String,
    /// What happened to it.
    pub status: SectionStatus,
    /// Its blocks, grouped.
    pub groups: Vec<BlockGroup>,
}
