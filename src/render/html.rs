//! HTML: escaping text for it, and reading it into a tree of elements and text.
//!
//! The HTML is verklaar's own (templates and Markdown), but a theme may override templates, so the
//! reader is forgiving: unknown tags are kept as they are, unclosed elements are closed where HTML
//! would close them, stray end tags are ignored. It never fails; at worst text ends up in a
//! different element. The PDF reads print pages with it, the text diff reads statement pages.

use std::collections::BTreeMap;

use serde::Serialize;

/// Deeper elements are replaced by their content, so a template's recursion stays within typst's
/// limit on nested function calls.
pub(crate) const MAX_DEPTH: usize = 24;

/// A piece of the tree: text, or an element with attributes and children.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub(crate) enum Node {
    /// Text, entities decoded.
    Text(String),
    /// An element.
    Element(Element),
}

/// An element: `{"tag": "p", "attrs": {"class": "refs"}, "children": [...]}` in the JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Element {
    /// Tag name in lower case.
    pub(crate) tag: String,
    /// Attributes, names in lower case, values decoded.
    pub(crate) attrs: BTreeMap<String, String>,
    /// Content.
    pub(crate) children: Vec<Node>,
}

/// Calls `f` on every element, parents before children.
pub(crate) fn visit(element: &Element, f: &mut impl FnMut(&Element)) {
    f(element);
    for child in &element.children {
        if let Node::Element(child) = child {
            visit(child, f);
        }
    }
}

/// Calls `f` on every element, parents before children, but not below an element for which `f`
/// says `false`.
pub(crate) fn visit_until(element: &Element, f: &mut impl FnMut(&Element) -> bool) {
    if f(element) {
        for child in &element.children {
            if let Node::Element(child) = child {
                visit_until(child, f);
            }
        }
    }
}

/// All text inside an element.
pub(crate) fn text_of(element: &Element) -> String {
    let mut text = String::new();
    for child in &element.children {
        match child {
            Node::Text(t) => text.push_str(t),
            Node::Element(e) => text.push_str(&text_of(e)),
        }
    }
    text
}

/// Elements without content or end tag.
pub(crate) const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
];

/// Elements that flow inside a line; every other element starts a block.
pub(crate) const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "label", "mark",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
];

/// Elements whose content is not text to show.
pub(crate) const RAW: &[&str] = &["script", "style"];

/// Reads HTML into a tree under a root element named `#document`.
pub(crate) fn parse(html: &str) -> Element {
    let mut stack = vec![Element {
        tag: "#document".to_owned(),
        attrs: BTreeMap::new(),
        children: Vec::new(),
    }];
    let mut rest = html;
    while !rest.is_empty() {
        let Some(at) = rest.find('<') else {
            push_text(&mut stack, rest);
            break;
        };
        push_text(&mut stack, &rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
        } else if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').unwrap_or(after.len());
            let name = tag_name(&after[..end]);
            close(&mut stack, &name);
            rest = after.get(end + 1..).unwrap_or("");
        } else if rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            let (element, self_closing, after) = start_tag(&rest[1..]);
            rest = after;
            let tag = element.tag.clone();
            if RAW.contains(&tag.as_str()) {
                let end_tag = format!("</{tag}");
                rest = find_ignoring_case(rest, &end_tag).map_or("", |end| &rest[end..]);
                continue;
            }
            open(&mut stack, element, self_closing);
        } else {
            push_text(&mut stack, "<");
            rest = &rest[1..];
        }
    }
    while stack.len() > 1 {
        pop(&mut stack);
    }
    stack.pop().unwrap_or_else(|| Element {
        tag: "#document".to_owned(),
        attrs: BTreeMap::new(),
        children: Vec::new(),
    })
}

fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack.to_ascii_lowercase().find(needle)
}

fn tag_name(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Reads `name attr="value" …>` (after the `<`): the element, whether it ended in `/>`, and the rest.
fn start_tag(text: &str) -> (Element, bool, &str) {
    let name = tag_name(text);
    let mut rest = &text[name.len()..];
    let mut attrs = BTreeMap::new();
    let mut self_closing = false;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        if let Some(after) = rest.strip_prefix('>') {
            rest = after;
            break;
        }
        if let Some(after) = rest.strip_prefix("/>") {
            self_closing = true;
            rest = after;
            break;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
            .unwrap_or(rest.len())
            .max(1.min(rest.len()));
        let attr = rest[..name_end].to_ascii_lowercase();
        rest = rest[name_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let inner = &after[1..];
                    let end = inner.find(quote).unwrap_or(inner.len());
                    value = decode_entities(&inner[..end]);
                    rest = inner.get(end + 1..).unwrap_or("");
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(after.len());
                    value = decode_entities(&after[..end]);
                    rest = &after[end..];
                }
            }
        }
        if attr.starts_with(|c: char| c.is_ascii_alphabetic()) {
            attrs.entry(attr).or_insert(value);
        }
    }
    let element = Element {
        tag: name,
        attrs,
        children: Vec::new(),
    };
    (element, self_closing, rest)
}

fn push_text(stack: &mut [Element], text: &str) {
    if text.is_empty() {
        return;
    }
    let text = decode_entities(text);
    if let Some(top) = stack.last_mut() {
        if let Some(Node::Text(last)) = top.children.last_mut() {
            last.push_str(&text);
        } else {
            top.children.push(Node::Text(text));
        }
    }
}

/// Moves the innermost open element into its parent.
fn pop(stack: &mut Vec<Element>) {
    if stack.len() > 1
        && let Some(element) = stack.pop()
        && let Some(parent) = stack.last_mut()
    {
        parent.children.push(Node::Element(element));
    }
}

fn top_is(stack: &[Element], tags: &[&str]) -> bool {
    stack.len() > 1 && stack.last().is_some_and(|top| tags.contains(&top.tag.as_str()))
}

fn open(stack: &mut Vec<Element>, element: Element, self_closing: bool) {
    // The end tags HTML lets authors leave out: these open elements end where this one starts.
    let tag = element.tag.as_str();
    let implied: &[&str] = match tag {
        "li" => &["li"],
        "dt" | "dd" => &["dt", "dd"],
        "td" | "th" => &["td", "th"],
        "tr" => &["td", "th", "tr"],
        _ => &[],
    };
    while top_is(stack, implied) {
        pop(stack);
    }
    let phrasing = INLINE.contains(&tag) || matches!(tag, "br" | "wbr" | "img");
    if !phrasing && top_is(stack, &["p"]) {
        pop(stack);
    }
    if VOID.contains(&tag) || self_closing || stack.len() > MAX_DEPTH {
        if stack.len() <= MAX_DEPTH
            && let Some(top) = stack.last_mut()
        {
            top.children.push(Node::Element(element));
        }
        return;
    }
    stack.push(element);
}

/// Closes the innermost open element named `name` and everything inside it; a stray end tag is
/// ignored.
fn close(stack: &mut Vec<Element>, name: &str) {
    if let Some(at) = stack.iter().skip(1).rposition(|e| e.tag == name) {
        while stack.len() > at + 1 {
            pop(stack);
        }
    }
}

/// Decodes character references: the named ones HTML output uses, and numeric ones.
pub(crate) fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|n| n + 1)
            .unwrap_or(rest.len());
        let name = &rest[1..end];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => name.strip_prefix('#').and_then(|number| {
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => number.parse().ok(),
                };
                code.and_then(char::from_u32)
            }),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether an element flows inside a line of text.
pub(crate) fn is_inline(element: &Element) -> bool {
    INLINE.contains(&element.tag.as_str())
}

/// The Unicode noncharacters U+FDD0 to U+FDD3, which the renderer uses inside a page to mark text
/// in another language (`render::fragments`); a text from content never brings them along: escaping
/// and Markdown turn them into U+FFFD, so no version file can open or close such a mark.
pub(crate) fn is_reserved(c: char) -> bool {
    ('\u{FDD0}'..='\u{FDD3}').contains(&c)
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            c if is_reserved(c) => escaped.push(char::REPLACEMENT_CHARACTER),
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}
