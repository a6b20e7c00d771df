//! The text blocks of a rendered statement page: paragraphs, list items, headings, table rows.

use super::parts::{Block, Section};
use crate::render::html::{self, Element, Node};

/// The parts of a rendered statement page, in page order.
pub fn sections(html: &str) -> Vec<Section> {
    let mut sections = Vec::new();
    html::visit_until(&html::parse(html), &mut |element| {
        let Some(anchor) = element.attrs.get("data-diff-section") else {
            return true;
        };
        let mut section = Section {
            anchor: anchor.clone(),
            title: element.attrs.get("data-diff-title").cloned().unwrap_or_default(),
            blocks: Vec::new(),
        };
        let mut text = String::new();
        collect_blocks(element, "p", &mut text, &mut section.blocks);
        flush(&mut section.blocks, "p", &mut text);
        sections.push(section);
        false
    });
    sections
}

/// What separates the cells of a table row in its block.
const CELL_SEPARATOR: &str = " · ";

/// Marks the end of a cell while a row is read (the ASCII unit separator, never in page text).
const CELL_END: char = '\u{1f}';

/// Adds the text of `element` to `text`, the block being read (from a `tag` element); a block
/// element inside ends that block and is read as a block of its own.
fn collect_blocks(element: &Element, tag: &str, text: &mut String, blocks: &mut Vec<Block>) {
    for child in &element.children {
        let child = match child {
            Node::Text(t) => {
                text.push_str(t);
                continue;
            }
            Node::Element(child) => child,
        };
        // A section's own heading is its title, not part of its text.
        if child.tag == "h2" || child.attrs.contains_key("data-diff-skip") {
            continue;
        }
        if is_block(&child.tag) {
            flush(blocks, tag, text);
            let mut inner = String::new();
            collect_blocks(child, &child.tag, &mut inner, blocks);
            flush(blocks, &child.tag, &mut inner);
        } else if html::is_inline(child) {
            collect_blocks(child, tag, text, blocks);
        } else {
            text.push(' ');
            collect_blocks(child, tag, text, blocks);
            // A table row is one block; its cells read one after another.
            text.push(if matches!(child.tag.as_str(), "td" | "th") {
                CELL_END
            } else {
                ' '
            });
        }
    }
}

/// Ends the block being read: its text, white space collapsed and empty cells left out, becomes a
/// block unless empty.
fn flush(blocks: &mut Vec<Block>, tag: &str, text: &mut String) {
    let cells: Vec<String> = text
        .split(CELL_END)
        .map(|cell| cell.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|cell| !cell.is_empty())
        .collect();
    text.clear();
    if !cells.is_empty() {
        blocks.push(Block {
            tag: tag.to_owned(),
            text: cells.join(CELL_SEPARATOR),
        });
    }
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "dt"
            | "dd"
            | "tr"
            | "caption"
            | "blockquote"
            | "address"
            | "figcaption"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_split_into_text_blocks() {
        let html = "<body><nav><p>menu</p></nav><div data-diff-section=\"intro\" data-diff-title=\"Inleiding &amp; doel\"><p>Wij   zijn <a href=\"x\">de &lt;corporatie&gt;</a>.</p><ul><li>een<ul><li>twee</li></ul></li></ul><span data-diff-skip>weg</span><br>na</div><p>buiten</p>";
        let sections = sections(html);
        assert_eq!(sections.len(), 1);
        assert_eq!(sections[0].title, "Inleiding & doel");
        let blocks: Vec<(&str, &str)> = sections[0]
            .blocks
            .iter()
            .map(|b| (b.tag.as_str(), b.text.as_str()))
            .collect();
        assert_eq!(
            blocks,
            [
                ("p", "Wij zijn de <corporatie>."),
                ("li", "een"),
                ("li", "twee"),
                ("p", "na")
            ]
        );
    }

    #[test]
    fn a_table_row_is_one_block() {
        let html = "<div data-diff-section=\"r\"><table><tr><th>Categorie</th><th>Termijn</th></tr><tr><td>Betaalgegevens</td><td></td><td>2 jaar</td></tr></table></div>";
        let sections = sections(html);
        let texts: Vec<(&str, &str)> = sections[0]
            .blocks
            .iter()
            .map(|b| (b.tag.as_str(), b.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            [("tr", "Categorie · Termijn"), ("tr", "Betaalgegevens · 2 jaar")],
            "cells in reading order, empty ones left out"
        );
    }
}
