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

/// Marks where an inline element starts or ends while a block is read (the ASCII record
/// separator): a word that ends there and a word that starts there are two words, as a reader
/// sees them on the page (`<strong>B Innen van de huur</strong><span>Gebruikt …</span>`).
const BOUNDARY: char = '\u{1e}';

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
            let before = blocks.len();
            collect_blocks(child, &child.tag, &mut inner, blocks);
            flush(blocks, &child.tag, &mut inner);
            // A description (`dd`) reads with its term (`dt`), as one row: "Naam · Cocon Wonen".
            if child.tag == "dd" && before > 0 && blocks.len() > before && blocks[before - 1].tag == "dt" {
                let value = blocks.remove(before);
                let term = &mut blocks[before - 1];
                term.text = format!("{}{CELL_SEPARATOR}{}", term.text, value.text);
            }
        } else if html::is_inline(child) {
            text.push(BOUNDARY);
            collect_blocks(child, tag, text, blocks);
            text.push(BOUNDARY);
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
        .map(|cell| separate_words(cell).split_whitespace().collect::<Vec<_>>().join(" "))
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

/// `text` without its [`BOUNDARY`] marks: a space where letters or digits meet across one, nothing
/// elsewhere (so `<a>link</a>.` stays "link.").
fn separate_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at_boundary = false;
    for c in text.chars() {
        if c == BOUNDARY {
            at_boundary = true;
            continue;
        }
        if at_boundary && c.is_alphanumeric() && out.chars().last().is_some_and(char::is_alphanumeric) {
            out.push(' ');
        }
        at_boundary = false;
        out.push(c);
    }
    out
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
    fn words_from_neighbouring_elements_are_never_glued() {
        let html = "<div data-diff-section=\"p\"><ul><li><strong>B Innen van de huur</strong><span class=\"refs\">Gebruikt gegevens uit</span> <a>contact</a>.</li></ul><p>huur<em>prijs</em>, <strong>vet</strong>: ja</p></div>";
        let texts: Vec<String> = sections(html)[0].blocks.iter().map(|b| b.text.clone()).collect();
        assert_eq!(
            texts,
            [
                "B Innen van de huur Gebruikt gegevens uit contact.",
                "huur prijs, vet: ja"
            ]
        );
    }

    #[test]
    fn a_term_and_its_description_are_one_row() {
        let html = "<div data-diff-section=\"o\"><dl><dt>Naam</dt><dd>Cocon Wonen</dd><dt>Adres</dt><dd>Postbus 1</dd><dd>Soest</dd></dl></div>";
        let texts: Vec<String> = sections(html)[0].blocks.iter().map(|b| b.text.clone()).collect();
        assert_eq!(texts, ["Naam · Cocon Wonen", "Adres · Postbus 1 · Soest"]);
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
