//! Markdown in free-text fields, rendered safely.
//!
//! Raw HTML is shown as text, never passed through. Only `http`, `https`, `mailto` and `tel` links
//! and links to anchors on the same page survive; any other link keeps its text but loses the link.
//! Images are replaced by their description.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd, html};

/// Whether a link target is allowed in statement text.
pub fn is_safe_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    ["http://", "https://", "mailto:", "tel:", "#"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// A link to `url` with `text` as its label when the URL is allowed, or the text alone when it is
/// not: the one place where a URL from a fact field becomes a link, as [`to_html`] is for Markdown.
pub fn link(url: &str, text: &str) -> String {
    let text = crate::render::html::escape(text);
    if is_safe_url(url) {
        format!(r#"<a href="{}">{text}</a>"#, crate::render::html::escape(url.trim()))
    } else {
        text
    }
}

/// Renders Markdown to HTML that is safe to put in a page.
pub fn to_html(text: &str) -> String {
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut dropped_links = Vec::new();
    let events = parser.filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link {
            link_type,
            ref dest_url,
            ..
        }) => {
            // An e-mail autolink (`<a@b.nl>`) has no scheme yet; the HTML writer adds `mailto:`.
            let safe = link_type == LinkType::Email || is_safe_url(dest_url);
            dropped_links.push(!safe);
            safe.then_some(event)
        }
        Event::End(TagEnd::Link) => match dropped_links.pop() {
            Some(true) => None,
            _ => Some(event),
        },
        // The description inside an image comes through as text; the image itself is dropped.
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        other => Some(other),
    });
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events);
    // Written as they are or as character references, the renderer's own marks stay out.
    if out.contains(crate::render::html::is_reserved) {
        out = out.replace(crate::render::html::is_reserved, "\u{FFFD}");
    }
    out
}

/// Renders Markdown meant for one line: a single paragraph loses its `<p>` wrapper.
pub fn to_inline_html(text: &str) -> String {
    let block = to_html(text);
    let trimmed = block.trim_end();
    match trimmed.strip_prefix("<p>").and_then(|rest| rest.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => block,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_renderers_own_marks_never_come_from_a_text() {
        let marks = "a \u{FDD1}b\u{FDD2} &#xFDD3; c";
        let html = to_html(marks);
        assert!(!html.contains(crate::render::html::is_reserved), "{html}");
        assert!(!crate::render::html::escape(marks).contains(crate::render::html::is_reserved));
    }

    #[test]
    fn raw_html_is_escaped() {
        let html = to_html("Hallo <script>alert(1)</script> <b>vet</b>");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("&lt;b&gt;vet&lt;/b&gt;"), "{html}");
    }

    #[test]
    fn block_html_is_escaped() {
        let html = to_html("<div onclick=\"x()\">tekst</div>\n");
        assert!(!html.contains("<div"), "{html}");
        assert!(html.contains("&lt;div"), "{html}");
    }

    #[test]
    fn only_safe_links_survive() {
        let html = to_html(
            "[web](https://example.org) [mail](mailto:a@b.nl) [bel](tel:+31301234567) [anker](#rights) [js](javascript:alert(1)) [data](data:text/html,x) [rel](../x)",
        );
        assert!(html.contains(r#"<a href="https://example.org">web</a>"#), "{html}");
        assert!(html.contains(r#"<a href="mailto:a@b.nl">mail</a>"#), "{html}");
        assert!(html.contains(r#"<a href="tel:+31301234567">bel</a>"#), "{html}");
        assert!(html.contains(r##"<a href="#rights">anker</a>"##), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(!html.contains("../x"), "{html}");
        assert!(html.contains(" js "), "{html}");
    }

    #[test]
    fn fields_become_links_only_with_an_allowed_scheme() {
        assert_eq!(
            link("https://example.org/?a=1&b=\"2\"", "site"),
            r#"<a href="https://example.org/?a=1&amp;b=&quot;2&quot;">site</a>"#
        );
        for hostile in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "//evil.example/",
        ] {
            let html = link(hostile, hostile);
            assert!(!html.contains("<a"), "{hostile}: {html}");
            assert!(!html.contains("<script"), "{hostile}: {html}");
        }
    }

    #[test]
    fn autolinks_to_mail_work() {
        let html = to_inline_html("Mail <info@example.org>.");
        assert_eq!(html, r#"Mail <a href="mailto:info@example.org">info@example.org</a>."#);
    }

    #[test]
    fn images_become_their_description() {
        let html = to_html("![een foto](https://example.org/x.png)");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("een foto"), "{html}");
    }

    #[test]
    fn inline_keeps_multiple_paragraphs() {
        assert_eq!(to_inline_html("*a*"), "<em>a</em>");
        assert!(to_inline_html("a\n\nb").contains("<p>b</p>"));
    }
}
