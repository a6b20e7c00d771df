//! The filters that templates use: safe Markdown, links only for allowed schemes, printed link
//! targets and dates in words.

use minijinja::value::Value;
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
