//! The filters that templates use: safe Markdown, links only for allowed schemes, printed link
//! targets, dates in words, the fingerprinted names of assets and locale placeholders filled in one pass.

use std::collections::BTreeMap;

use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind};

use crate::content::date::Date;
use crate::render::{links, markdown};

/// Adds every filter to `env`; `months` are the locale's month names, January first, and `assets`
/// the path in the site of each theme asset, by its name in the theme.
pub fn register(env: &mut Environment<'static>, months: Vec<String>, assets: BTreeMap<String, String>) {
    // `{{ page.root }}{{ "style.css" | asset }}`: the one way templates name an asset, so that its
    // fingerprinted name is used everywhere.
    env.add_filter("asset", move |name: &str| -> Result<String, Error> {
        assets.get(name).cloned().ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidOperation,
                msg!("the theme has no asset `{name}` (looked for assets/{name})", name),
            )
        })
    });
    env.add_filter("markdown", |text: &str| {
        Value::from_safe_string(markdown::to_html(text))
    });
    env.add_filter("markdown_inline", |text: &str| {
        Value::from_safe_string(markdown::to_inline_html(text))
    });
    // `{{ url | link }}` or `{{ url | link(label) }}`: a link only for an allowed scheme.
    env.add_filter("link", |url: &str, text: Option<&str>| {
        Value::from_safe_string(markdown::link(url, text.unwrap_or(url)))
    });
    // `{{ t.x | fill(name=..., date=...) }}`: every `{name}` placeholder of a locale pattern
    // replaced in one pass, so text put in for one placeholder is never searched for the next.
    env.add_filter("fill", |pattern: &str, kwargs: Kwargs| -> Result<String, Error> {
        let mut values = BTreeMap::new();
        for key in kwargs.args() {
            values.insert(key.to_owned(), kwargs.get::<Value>(key)?.to_string());
        }
        Ok(fill(pattern, &values))
    });
    env.add_filter("link_urls", |html: &str| {
        Value::from_safe_string(links::link_urls(html))
    });
    // `{{ name | lowercase_first }}`: a name inside a sentence ("Recht op inzage" -> "recht op
    // inzage"); a word in capitals ("BSN", "WoningNet") keeps its capitals.
    env.add_filter("lowercase_first", |text: &str| lowercase_first(text));
    // `{{ item | item_name }}`: a data item's name, written as a plain string or as a map.
    env.add_filter("item_name", |item: Value| match item.get_attr("name") {
        Ok(name) if !name.is_undefined() => name,
        _ => item,
    });
    // `{{ key | lookup(map) }}`: the value of `map` at `key`, e.g. a right's wording by its kind.
    env.add_filter("lookup", |key: Value, map: Value| {
        map.get_item(&key).unwrap_or(Value::UNDEFINED)
    });
    env.add_filter("long_date", move |text: &str| -> Result<String, Error> {
        let date: Date = text
            .parse()
            .map_err(|e: String| Error::new(ErrorKind::InvalidOperation, e))?;
        Ok(format!(
            "{} {} {}",
            date.day(),
            months[usize::from(date.month()) - 1],
            date.year()
        ))
    });
}

/// `pattern` with each `{key}` of `values` replaced by its value, in one pass; other braces stay.
pub fn fill(pattern: &str, values: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after
            .find('}')
            .and_then(|close| Some((close, values.get(&after[..close])?)))
        {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `text` with its first letter in lower case, unless its first word has more capitals (an
/// abbreviation or a name such as "BSN" or "WoningNet").
pub(crate) fn lowercase_first(text: &str) -> String {
    let first_word = text.split_whitespace().next().unwrap_or_default();
    if first_word.chars().skip(1).any(char::is_uppercase) {
        return text.to_owned();
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_in_filled_text_stay_as_they_are() {
        let values: BTreeMap<String, String> = [("name", "Wonen {date}"), ("date", "1 mei 2024")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        assert_eq!(
            fill("{name}: versie van {date} {other}", &values),
            "Wonen {date}: versie van 1 mei 2024 {other}"
        );
    }

    #[test]
    fn names_inside_sentences_keep_abbreviations() {
        assert_eq!(lowercase_first("Recht op inzage"), "recht op inzage");
        assert_eq!(lowercase_first("BSN"), "BSN");
        assert_eq!(lowercase_first("WoningNet gegevens"), "WoningNet gegevens");
        assert_eq!(lowercase_first("Één ding"), "één ding");
        assert_eq!(lowercase_first(""), "");
    }
}
