//! A print page as data for the PDF template: its metadata and the content of its `.print-body`,
//! as a tree of elements and text (read by [`crate::html`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::render::html::{Element, Node, is_inline, parse, text_of, visit};

/// What the PDF needs from a print page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct PrintPage {
    /// `<html lang>`.
    pub(crate) lang: String,
    /// `<title>`.
    pub(crate) title: String,
    /// The `<meta name="dcterms.x" content="…">` of the head, keyed by `x`.
    pub(crate) meta: BTreeMap<String, String>,
    /// The children of the element with class `print-body`, white space collapsed as a browser would;
    /// an `id` that is not one of `anchors` is left out, and so is the `href` of an internal link
    /// (`#id`) to no anchor, so every `id` in the body is a link target and every `#id` link has one.
    pub(crate) body: Vec<Node>,
    /// The `id`s that occur exactly once in the body: the targets an internal link may have.
    pub(crate) anchors: BTreeSet<String>,
}

impl PrintPage {
    /// Reads a print page.
    pub(crate) fn read(html: &str) -> PrintPage {
        let root = parse(html);
        let mut page = PrintPage {
            lang: String::new(),
            title: String::new(),
            meta: BTreeMap::new(),
            body: Vec::new(),
            anchors: BTreeSet::new(),
        };
        visit(&root, &mut |element| {
            let attr = |name: &str| element.attrs.get(name).map(String::as_str);
            match element.tag.as_str() {
                "html" if page.lang.is_empty() => page.lang = attr("lang").unwrap_or_default().to_owned(),
                "title" if page.title.is_empty() => page.title = collapse(&text_of(element)).trim().to_owned(),
                "meta" => {
                    if let (Some(name), Some(content)) = (attr("name"), attr("content"))
                        && let Some(key) = name.strip_prefix("dcterms.")
                    {
                        page.meta.entry(key.to_owned()).or_insert_with(|| content.to_owned());
                    }
                }
                _ => {}
            }
            let is_body = attr("class").is_some_and(|c| c.split_whitespace().any(|c| c == "print-body"));
            if is_body && page.body.is_empty() {
                let mut body = element.clone();
                normalize_whitespace(&mut body);
                let mut seen = BTreeMap::new();
                visit(&body, &mut |element| {
                    if let Some(id) = element.attrs.get("id") {
                        *seen.entry(id.clone()).or_insert(0) += 1;
                    }
                });
                page.anchors = seen.into_iter().filter(|(_, n)| *n == 1).map(|(id, _)| id).collect();
                keep_only_anchors(&mut body, &page.anchors);
                page.body = body.children;
            }
        });
        page
    }
}

/// Drops the `id`s that are not in `anchors` and the `href`s of internal links to none of them, so
/// the template can label every `id` and link every `#id` without a list of anchors to check: a
/// template that needs nothing of its document to render an element lets typst reuse that work for
/// the same element in another document.
fn keep_only_anchors(element: &mut Element, anchors: &BTreeSet<String>) {
    if element.attrs.get("id").is_some_and(|id| !anchors.contains(id)) {
        element.attrs.remove("id");
    }
    let dangling = |href: &String| href.strip_prefix('#').is_some_and(|id| !anchors.contains(id));
    if element.tag == "a" && element.attrs.get("href").is_some_and(dangling) {
        element.attrs.remove("href");
    }
    for child in &mut element.children {
        if let Node::Element(child) = child {
            keep_only_anchors(child, anchors);
        }
    }
}

/// Collapses runs of ASCII white space to one space (a no-break space stays).
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c.is_ascii_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

/// Treats white space as a browser does: runs collapse to one space, and space at the start or end
/// of a line (next to a block boundary or a `<br>`) disappears. Text left empty is removed.
fn normalize_whitespace(root: &mut Element) {
    let mut at_line_start = true;
    collapse_forward(root, &mut at_line_start);
    let mut at_line_end = true;
    trim_backward(root, &mut at_line_end);
    remove_empty_text(root);
}

/// Collapses white space and drops a space that follows a line start or another space.
fn collapse_forward(element: &mut Element, at_line_start: &mut bool) {
    let block = !is_inline(element);
    if block {
        *at_line_start = true;
    }
    for child in &mut element.children {
        match child {
            Node::Text(text) => {
                let mut collapsed = collapse(text);
                if *at_line_start && collapsed.starts_with(' ') {
                    collapsed.remove(0);
                }
                if !collapsed.is_empty() {
                    *at_line_start = collapsed.ends_with(' ');
                }
                *text = collapsed;
            }
            Node::Element(child) if child.tag == "br" => *at_line_start = true,
            Node::Element(child) => collapse_forward(child, at_line_start),
        }
    }
    if block {
        *at_line_start = true;
    }
}

/// Drops a space before a line end, walking backwards.
fn trim_backward(element: &mut Element, at_line_end: &mut bool) {
    let block = !is_inline(element);
    if block {
        *at_line_end = true;
    }
    for child in element.children.iter_mut().rev() {
        match child {
            Node::Text(text) => {
                if *at_line_end && text.ends_with(' ') {
                    text.pop();
                }
                if !text.is_empty() {
                    *at_line_end = false;
                }
            }
            Node::Element(child) if child.tag == "br" => *at_line_end = true,
            Node::Element(child) => trim_backward(child, at_line_end),
        }
    }
    if block {
        *at_line_end = true;
    }
}

fn remove_empty_text(element: &mut Element) {
    element
        .children
        .retain(|child| !matches!(child, Node::Text(text) if text.is_empty()));
    for child in &mut element.children {
        if let Node::Element(child) = child {
            remove_empty_text(child);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::html::MAX_DEPTH;

    fn text(t: &str) -> Node {
        Node::Text(t.to_owned())
    }

    fn element(tag: &str, attrs: &[(&str, &str)], children: Vec<Node>) -> Node {
        Node::Element(Element {
            tag: tag.to_owned(),
            attrs: attrs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            children,
        })
    }

    fn body(html: &str) -> Vec<Node> {
        PrintPage::read(&format!("<div class=\"print-body\">{html}</div>")).body
    }

    #[test]
    fn reads_metadata_from_the_head() {
        let page = PrintPage::read(
            r#"<!doctype html><html lang="nl"><head><title>Privacyverklaring  Acme &amp; Co</title>
            <link rel="alternate" type="application/pdf" href="../acme-2020-01-01.pdf">
            <meta name="dcterms.issued" content="2020-01-01"><meta name="viewport" content="x">
            </head><body><main><div class="sheet print-body"><p>Tekst</p></div></main></body></html>"#,
        );
        assert_eq!(page.lang, "nl");
        assert_eq!(page.title, "Privacyverklaring Acme & Co");
        assert_eq!(
            page.meta,
            BTreeMap::from([("issued".to_owned(), "2020-01-01".to_owned())])
        );
        assert_eq!(page.body, [element("p", &[], vec![text("Tekst")])]);
    }

    #[test]
    fn anchors_are_the_ids_that_occur_once() {
        let page = PrintPage::read(
            r#"<p id="titel">x</p><div class="print-body"><section id="a"><p id="b">x</p><p id="b">y</p></section></div>"#,
        );
        assert_eq!(page.anchors, BTreeSet::from(["a".to_owned()]));
    }

    #[test]
    fn only_anchors_keep_their_id_and_only_links_to_them_their_href() {
        assert_eq!(
            body(
                r##"<p id="a"><a href="#a">1</a><a href="#b">2</a><a href="#">3</a><a href="https://x.nl/#b">4</a></p><p id="b"></p><p id="b"></p>"##
            ),
            [
                element(
                    "p",
                    &[("id", "a")],
                    vec![
                        element("a", &[("href", "#a")], vec![text("1")]),
                        element("a", &[], vec![text("2")]),
                        element("a", &[], vec![text("3")]),
                        element("a", &[("href", "https://x.nl/#b")], vec![text("4")]),
                    ]
                ),
                element("p", &[], vec![]),
                element("p", &[], vec![]),
            ]
        );
    }

    #[test]
    fn white_space_collapses_as_in_a_browser() {
        assert_eq!(
            body("\n  <p>\n  Een   <strong> vette </strong> zin.<br>\n Nieuwe regel </p>\n <ul><li> a </li></ul>"),
            [
                element(
                    "p",
                    &[],
                    vec![
                        text("Een "),
                        element("strong", &[], vec![text("vette ")]),
                        text("zin."),
                        element("br", &[], vec![]),
                        text("Nieuwe regel"),
                    ]
                ),
                element("ul", &[], vec![element("li", &[], vec![text("a")])]),
            ]
        );
    }

    #[test]
    fn entities_and_attributes_are_decoded() {
        assert_eq!(
            body(r#"<a href="https://x.nl/?a=1&amp;b=2" class='c'>&lt;x&gt; &#233;&#xe9;&nbsp;&bogus; &amp</a>"#),
            [element(
                "a",
                &[("class", "c"), ("href", "https://x.nl/?a=1&b=2")],
                vec![text("<x> éé\u{a0}&bogus; &")]
            )]
        );
    }

    #[test]
    fn omitted_end_tags_are_implied_and_stray_ones_ignored() {
        assert_eq!(
            body("<ul><li>a<li>b</ul></span><dl><dt>t<dd>d</dl><p>p1<br>r2<p>p2<div>d</div>"),
            [
                element(
                    "ul",
                    &[],
                    vec![element("li", &[], vec![text("a")]), element("li", &[], vec![text("b")])]
                ),
                element(
                    "dl",
                    &[],
                    vec![element("dt", &[], vec![text("t")]), element("dd", &[], vec![text("d")])]
                ),
                element("p", &[], vec![text("p1"), element("br", &[], vec![]), text("r2")]),
                element("p", &[], vec![text("p2")]),
                element("div", &[], vec![text("d")]),
            ]
        );
    }

    #[test]
    fn scripts_comments_and_broken_tags_never_fail() {
        assert_eq!(
            body("<script>if (a < b) {}</script><!-- x -->1 < 2 <em>ja"),
            [text("1 < 2 "), element("em", &[], vec![text("ja")])]
        );
        for broken in [
            "<",
            "<a href=\"x",
            "</",
            "<!--",
            "&#xffffffff;",
            "<p a=>",
            "<p =x>",
            "<ü>",
        ] {
            PrintPage::read(broken);
            body(broken);
        }
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let html = format!("{}diep{}", "<div>".repeat(100), "</div>".repeat(100));
        fn depth(nodes: &[Node]) -> usize {
            nodes
                .iter()
                .map(|n| match n {
                    Node::Element(e) => 1 + depth(&e.children),
                    Node::Text(_) => 0,
                })
                .max()
                .unwrap_or(0)
        }
        let tree = body(&html);
        assert!(depth(&tree) <= MAX_DEPTH, "{}", depth(&tree));
        assert!(serde_json::to_string(&tree).unwrap().contains("diep"));
    }
}
