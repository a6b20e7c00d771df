//! Links on paper: the `link_urls` filter writes the target of every outside link after its text,
//! so that a printed page still says where a link goes.

use crate::render::html::escape;

/// Adds `<span class="link-url">(target)</span>` after every link to a web page, e-mail address or
/// phone number whose text does not already say where it goes.
///
/// `html` is verklaar's own output (templates and [`crate::markdown`]), so links are well formed
/// and never nested; anything that does not look like a link is passed through untouched.
///
/// ```
/// let html = r#"Lees <a href="https://example.org/meer">meer</a>."#;
/// assert_eq!(
///     verklaar::render::links::link_urls(html),
///     r#"Lees <a href="https://example.org/meer">meer</a> <span class="link-url">(https://example.org/meer)</span>."#
/// );
/// ```
pub fn link_urls(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(start) = rest.find("<a ") {
        let Some(close) = rest[start..].find("</a>").map(|at| start + at + "</a>".len()) else {
            break;
        };
        let link = &rest[start..close];
        out.push_str(&rest[..close]);
        if let Some(shown) = link_target(link) {
            out.push_str(" <span class=\"link-url\">(");
            out.push_str(&escape(&shown));
            out.push_str(")</span>");
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// The target to print after `link` (`<a …>…</a>`), or `None` when its text already shows it or it
/// points inside the site.
fn link_target(link: &str) -> Option<String> {
    let tag_end = link.find('>')?;
    let href = attribute(&link[..tag_end], "href")?;
    // A start tag that never closes (`<a href="x"</a>`) has its `>` inside the end tag: no text.
    let text = visible_text(link.get(tag_end + 1..link.len() - "</a>".len())?);
    let lower = href.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        let bare = |s: &str| {
            let s = s.trim().trim_end_matches('/').to_ascii_lowercase();
            let s = s
                .strip_prefix("https://")
                .or(s.strip_prefix("http://"))
                .unwrap_or(&s)
                .to_owned();
            s.strip_prefix("www.").unwrap_or(&s).to_owned()
        };
        (bare(&text) != bare(&href)).then_some(href)
    } else if lower.starts_with("mailto:") {
        let address = href["mailto:".len()..].split('?').next().unwrap_or_default().to_owned();
        (!address.is_empty() && !text.contains(&address)).then_some(address)
    } else if lower.starts_with("tel:") {
        let number = href["tel:".len()..].to_owned();
        let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
        (!number.is_empty() && digits(&text) != digits(&number)).then_some(number)
    } else {
        None
    }
}

/// The value of `name="…"` in a start tag, with entities decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = start + tag[start..].find('"')?;
    Some(unescape(&tag[start..end]))
}

/// Text without tags, entities decoded, white space collapsed.
fn visible_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    unescape(&text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes the entities that verklaar's templates and Markdown write.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_follow_links_whose_text_does_not_show_them() {
        let html = concat!(
            r#"<a href="https://example.org/a?x=1&amp;y=2">hier</a>, "#,
            r#"<a href="mailto:info@example.org">mail ons</a>, "#,
            r#"<a href="tel:+31301234567">bel ons</a>."#
        );
        assert_eq!(
            link_urls(html),
            concat!(
                r#"<a href="https://example.org/a?x=1&amp;y=2">hier</a> <span class="link-url">(https://example.org/a?x=1&amp;y=2)</span>, "#,
                r#"<a href="mailto:info@example.org">mail ons</a> <span class="link-url">(info@example.org)</span>, "#,
                r#"<a href="tel:+31301234567">bel ons</a> <span class="link-url">(+31301234567)</span>."#
            )
        );
    }

    #[test]
    fn links_that_show_their_target_or_stay_inside_are_left_alone() {
        let html = concat!(
            r#"<a href="https://example.org/">example.org</a> "#,
            r#"<a href="https://www.example.org">https://www.example.org</a> "#,
            r#"<a href="mailto:info@example.org">info@example.org</a> "#,
            r#"<a href="tel:0301234567">030 123 45 67</a> "#,
            r##"<a href="#rights">rechten</a> <a href="../x/">x</a>"##
        );
        assert_eq!(link_urls(html), html);
    }

    #[test]
    fn broken_markup_passes_through() {
        for html in [
            "<a href=\"https://x.nl\">open",
            "<a >x</a>",
            "<a href=https://x.nl>x</a>",
            "<a href=\"x\"</a>",
            "",
        ] {
            assert_eq!(link_urls(html), html);
        }
    }
}
