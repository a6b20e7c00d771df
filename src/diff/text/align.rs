//! Two statements' sections aligned block by block, changed blocks compared word by word, and the
//! result grouped into runs for display.

use std::collections::BTreeMap;

use similar::{Algorithm, ChangeTag, DiffOp, TextDiff, capture_diff_slices};

use super::parts::{Block, BlockDiff, BlockGroup, BlockStatus, Op, Section, SectionDiff, SectionStatus, Segment};

/// Blocks of fewer words than this are never reported as moved.
const MOVED_MIN_WORDS: usize = 3;

/// Blocks more alike than this (share of equal words) are shown as one changed block.
const SAME_BLOCK: f32 = 0.5;

/// The diff of two statements' sections, in the newer statement's order; removed sections appear
/// after the section that came before them.
pub fn diff(old: &[Section], new: &[Section]) -> Vec<SectionDiff> {
    let empty = Section {
        anchor: String::new(),
        title: String::new(),
        blocks: Vec::new(),
    };
    let old_by_anchor: BTreeMap<&str, &Section> = old.iter().map(|s| (s.anchor.as_str(), s)).collect();
    let new_by_anchor: BTreeMap<&str, &Section> = new.iter().map(|s| (s.anchor.as_str(), s)).collect();

    // Pairs of sections, in output order.
    let mut pairs: Vec<(&Section, &Section, SectionStatus)> = Vec::new();
    let removed_after = |anchor: Option<&str>| -> Vec<&Section> {
        // Old sections that are gone and come right after `anchor` (or first, for `None`) in the old order.
        let start = match anchor {
            None => 0,
            Some(anchor) => match old.iter().position(|s| s.anchor == anchor) {
                Some(i) => i + 1,
                None => return Vec::new(),
            },
        };
        old[start..]
            .iter()
            .take_while(|s| !new_by_anchor.contains_key(s.anchor.as_str()))
            .collect()
    };
    for section in removed_after(None) {
        pairs.push((section, &empty, SectionStatus::Removed));
    }
    for section in new {
        match old_by_anchor.get(section.anchor.as_str()) {
            Some(before) => {
                pairs.push((before, section, SectionStatus::Changed));
                for gone in removed_after(Some(&section.anchor)) {
                    pairs.push((gone, &empty, SectionStatus::Removed));
                }
            }
            None => pairs.push((&empty, section, SectionStatus::Added)),
        }
    }

    // Block operations per pair, and the texts that left or arrived anywhere (for moves).
    let ops: Vec<Vec<DiffOp>> = pairs
        .iter()
        .map(|(before, after, _)| {
            let a: Vec<&str> = before.blocks.iter().map(|b| b.text.as_str()).collect();
            let b: Vec<&str> = after.blocks.iter().map(|b| b.text.as_str()).collect();
            capture_diff_slices(Algorithm::Patience, &a, &b)
        })
        .collect();
    let mut left: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut arrived: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for ((before, after, _), ops) in pairs.iter().zip(&ops) {
        for op in ops {
            let (_, old_range, new_range) = op.as_tag_tuple();
            if !matches!(op, DiffOp::Equal { .. }) {
                for block in &before.blocks[old_range] {
                    left.entry(&block.text).or_default().push(section_title(before, after));
                }
                for block in &after.blocks[new_range] {
                    arrived
                        .entry(&block.text)
                        .or_default()
                        .push(section_title(after, before));
                }
            }
        }
    }
    // Short texts ("Naam", "E-mail") recur as labels all over a statement; only longer ones move.
    let moved_text = |text: &str| {
        text.split_whitespace().count() >= MOVED_MIN_WORDS && left.contains_key(text) && arrived.contains_key(text)
    };

    pairs
        .iter()
        .zip(&ops)
        .map(|((before, after, status), ops)| {
            let mut blocks = Vec::new();
            for op in ops {
                let (_, old_range, new_range) = op.as_tag_tuple();
                let gone = &before.blocks[old_range];
                let came = &after.blocks[new_range];
                if let DiffOp::Equal { .. } = op {
                    blocks.extend(came.iter().map(|b| whole(b, BlockStatus::Equal, Op::Equal, None)));
                    continue;
                }
                blocks.extend(replaced(gone, came, &moved_text, &left, &arrived));
            }
            let status = match status {
                SectionStatus::Changed if blocks.iter().all(|b| b.status == BlockStatus::Equal) => {
                    SectionStatus::Unchanged
                }
                other => *other,
            };
            let shown = if after.anchor.is_empty() { before } else { after };
            SectionDiff {
                anchor: shown.anchor.clone(),
                title: shown.title.clone(),
                status,
                groups: group(blocks),
            }
        })
        .collect()
}

fn section_title<'a>(section: &'a Section, other: &'a Section) -> &'a str {
    if section.title.is_empty() {
        &other.title
    } else {
        &section.title
    }
}

/// The blocks of one stretch where `gone` was replaced by `came`: moved blocks are marked as such,
/// similar blocks are paired and compared word by word, the rest is deleted or inserted.
fn replaced(
    gone: &[Block],
    came: &[Block],
    moved_text: &dyn Fn(&str) -> bool,
    left: &BTreeMap<&str, Vec<&str>>,
    arrived: &BTreeMap<&str, Vec<&str>>,
) -> Vec<BlockDiff> {
    let mut out = Vec::new();
    let mut next_new = 0;
    for old_block in gone {
        if moved_text(&old_block.text) {
            let to = arrived
                .get(old_block.text.as_str())
                .and_then(|t| t.first())
                .map(|t| t.to_string());
            out.push(whole(old_block, BlockStatus::MovedAway, Op::Delete, to));
            continue;
        }
        let partner = (next_new..came.len()).find(|&j| {
            !moved_text(&came[j].text)
                && TextDiff::configure()
                    .algorithm(Algorithm::Patience)
                    .diff_words(old_block.text.as_str(), came[j].text.as_str())
                    .ratio()
                    >= SAME_BLOCK
        });
        match partner {
            Some(j) => {
                for new_block in &came[next_new..j] {
                    out.push(arrival(new_block, moved_text, left));
                }
                out.push(BlockDiff {
                    tag: came[j].tag.clone(),
                    status: BlockStatus::Changed,
                    segments: words(&old_block.text, &came[j].text),
                    other_section: None,
                });
                next_new = j + 1;
            }
            None => out.push(whole(old_block, BlockStatus::Deleted, Op::Delete, None)),
        }
    }
    for new_block in &came[next_new..] {
        out.push(arrival(new_block, moved_text, left));
    }
    out
}

fn arrival(block: &Block, moved_text: &dyn Fn(&str) -> bool, left: &BTreeMap<&str, Vec<&str>>) -> BlockDiff {
    if moved_text(&block.text) {
        let from = left
            .get(block.text.as_str())
            .and_then(|t| t.first())
            .map(|t| t.to_string());
        whole(block, BlockStatus::MovedHere, Op::Equal, from)
    } else {
        whole(block, BlockStatus::Inserted, Op::Insert, None)
    }
}

fn whole(block: &Block, status: BlockStatus, op: Op, other_section: Option<String>) -> BlockDiff {
    BlockDiff {
        tag: block.tag.clone(),
        status,
        segments: vec![Segment {
            op,
            text: block.text.clone(),
        }],
        other_section,
    }
}

/// The word-by-word diff of two texts. Within a run of changes, the spaces between changed words
/// join the run, so "a b c" → "x y z" reads as one deletion and one insertion, not six.
pub fn words(old: &str, new: &str) -> Vec<Segment> {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_words(old, new);
    let tokens: Vec<(ChangeTag, String)> = diff
        .iter_all_changes()
        .map(|change| (change.tag(), change.value().to_owned()))
        .collect();
    let mut segments: Vec<Segment> = Vec::new();
    let (mut deleted, mut inserted) = (String::new(), String::new());
    let mut i = 0;
    while i < tokens.len() {
        let (tag, text) = &tokens[i];
        match tag {
            ChangeTag::Delete => deleted.push_str(text),
            ChangeTag::Insert => inserted.push_str(text),
            ChangeTag::Equal => {
                let in_run = !(deleted.is_empty() && inserted.is_empty());
                let next_changes = tokens.get(i + 1).is_some_and(|(t, _)| *t != ChangeTag::Equal);
                if in_run && next_changes && text.trim().is_empty() {
                    deleted.push_str(text);
                    inserted.push_str(text);
                } else {
                    push_run(&mut segments, &mut deleted, &mut inserted);
                    push(&mut segments, Op::Equal, text);
                }
            }
        }
        i += 1;
    }
    push_run(&mut segments, &mut deleted, &mut inserted);
    segments
}

fn push_run(segments: &mut Vec<Segment>, deleted: &mut String, inserted: &mut String) {
    if !deleted.is_empty() {
        push(segments, Op::Delete, deleted);
    }
    if !inserted.is_empty() {
        push(segments, Op::Insert, inserted);
    }
    deleted.clear();
    inserted.clear();
}

fn push(segments: &mut Vec<Segment>, op: Op, text: &str) {
    match segments.last_mut() {
        Some(last) if last.op == op => last.text.push_str(text),
        _ => segments.push(Segment {
            op,
            text: text.to_owned(),
        }),
    }
}

/// Unchanged blocks shown on either side of a change, so that a changed line can be read in
/// its place; longer runs of unchanged blocks are collapsed.
const CONTEXT: usize = 1;

/// Runs of unchanged blocks and runs of changed ones; the middle of a long unchanged run is
/// marked collapsed, keeping [`CONTEXT`] blocks next to each change in view.
fn group(blocks: Vec<BlockDiff>) -> Vec<BlockGroup> {
    let mut runs: Vec<(bool, Vec<BlockDiff>)> = Vec::new();
    for block in blocks {
        let unchanged = block.status == BlockStatus::Equal;
        match runs.last_mut() {
            Some((last, run)) if *last == unchanged => run.push(block),
            _ => runs.push((unchanged, vec![block])),
        }
    }
    let count = runs.len();
    let mut groups = Vec::new();
    for (index, (unchanged, mut run)) in runs.into_iter().enumerate() {
        if !unchanged {
            groups.push(BlockGroup {
                unchanged,
                collapsed: false,
                blocks: run,
            });
            continue;
        }
        let before = if index > 0 { CONTEXT } else { 0 };
        let after = if index + 1 < count { CONTEXT } else { 0 };
        if run.len() <= before + after + 1 {
            groups.push(BlockGroup {
                unchanged,
                collapsed: false,
                blocks: run,
            });
            continue;
        }
        let tail = run.split_off(run.len() - after);
        let middle = run.split_off(before);
        for (blocks, collapsed) in [(run, false), (middle, true), (tail, false)] {
            if !blocks.is_empty() {
                groups.push(BlockGroup {
                    unchanged,
                    collapsed,
                    blocks,
                });
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::text::sections;

    fn page(parts: &[(&str, &str)]) -> String {
        parts
            .iter()
            .map(|(anchor, body)| {
                format!("<section id=\"{anchor}\" data-diff-section=\"{anchor}\" data-diff-title=\"T {anchor}\"><h2>T</h2>{body}</section>")
            })
            .collect()
    }

    fn statuses(diff: &[SectionDiff]) -> Vec<(String, SectionStatus, Vec<BlockStatus>)> {
        diff.iter()
            .map(|s| {
                (
                    s.anchor.clone(),
                    s.status,
                    s.groups
                        .iter()
                        .flat_map(|g| g.blocks.iter().map(|b| b.status))
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn changes_keep_their_neighbours_in_view() {
        let paragraphs = |changed: &str| {
            (1..=8)
                .map(|i| {
                    if i == 5 {
                        format!("<p>{changed}</p>")
                    } else {
                        format!("<p>Alinea nummer {i}.</p>")
                    }
                })
                .collect::<String>()
        };
        let old = sections(&page(&[("s", &paragraphs("Oud."))]));
        let new = sections(&page(&[("s", &paragraphs("Nieuw."))]));
        let groups: Vec<(bool, usize)> = diff(&old, &new)[0]
            .groups
            .iter()
            .map(|g| (g.collapsed, g.blocks.len()))
            .collect();
        assert_eq!(
            groups,
            [(true, 3), (false, 1), (false, 2), (false, 1), (true, 2)],
            "deleted and inserted, in view"
        );
    }

    #[test]
    fn words_mark_only_what_changed() {
        let segments = words(
            "Wij bewaren betaalgegevens 2 jaar na de betaling.",
            "Wij bewaren betaalgegevens 7 jaar na de betaling.",
        );
        let ops: Vec<(Op, &str)> = segments.iter().map(|s| (s.op, s.text.as_str())).collect();
        assert_eq!(
            ops,
            [
                (Op::Equal, "Wij bewaren betaalgegevens "),
                (Op::Delete, "2"),
                (Op::Insert, "7"),
                (Op::Equal, " jaar na de betaling.")
            ]
        );
        let run = words("a b c d", "x y z d");
        let ops: Vec<(Op, &str)> = run.iter().map(|s| (s.op, s.text.as_str())).collect();
        assert_eq!(ops, [(Op::Delete, "a b c"), (Op::Insert, "x y z"), (Op::Equal, " d")]);
    }

    #[test]
    fn unchanged_sections_changed_blocks_and_moves() {
        let old = sections(&page(&[
            ("a", "<p>Alles blijft zoals het was.</p>"),
            (
                "b",
                "<ul><li>naam</li><li>adres</li><li>telefoonnummer van de huurder</li></ul><p>Wij bewaren dit twee jaar lang.</p>",
            ),
            ("c", "<p>Deze sectie verdwijnt.</p>"),
        ]));
        let new = sections(&page(&[
            ("a", "<p>Alles blijft zoals het was.</p>"),
            (
                "b",
                "<ul><li>telefoonnummer van de huurder</li><li>naam</li><li>adres</li><li>geboorteplaats</li></ul><p>Wij bewaren dit zeven jaar lang.</p>",
            ),
            ("d", "<p>Nieuw.</p>"),
        ]));
        let diff = diff(&old, &new);
        use BlockStatus::*;
        assert_eq!(
            statuses(&diff),
            [
                ("a".to_owned(), SectionStatus::Unchanged, vec![Equal]),
                (
                    "b".to_owned(),
                    SectionStatus::Changed,
                    vec![MovedHere, Equal, Equal, MovedAway, Inserted, Changed]
                ),
                ("c".to_owned(), SectionStatus::Removed, vec![Deleted]),
                ("d".to_owned(), SectionStatus::Added, vec![Inserted]),
            ]
        );
        assert_eq!(diff[0].groups.len(), 1);
        assert!(diff[0].groups[0].unchanged);
    }
}
