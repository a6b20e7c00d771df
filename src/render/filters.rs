//! The filters that templates use: safe Markdown, links only for allowed schemes, printed link
//! targets and dates in words.

use std::collections::BTreeMap;

use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind};

use crate::content::date::Date;
use crate::render::{links, markdown};

/// Adds every filter to `env`; `months` are the locale's month names, January first.
pub fn register(env: &mut Environment<'static>, months: Vec<String>) {
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
}
