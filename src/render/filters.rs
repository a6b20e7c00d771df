//! The filters that templates use: safe Markdown, links only for allowed schemes, printed link
//! targets, dates in words and the fingerprinted names of assets.

use std::collections::BTreeMap;

use minijinja::value::Value;
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
                format!("the theme has no asset `{name}` (looked for assets/{name})"),
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
