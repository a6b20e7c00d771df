//! Rendering pages with minijinja: one environment per theme, with filters for Markdown and dates and
//! the theme's locale available to every template as `t`.

use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment};

use crate::date::Date;
use crate::diff::Durations;
use crate::error::{Error, Result};
use crate::markdown;
use crate::theme::Theme;

/// A ready-to-use template environment for one theme and language.
pub struct Renderer {
    env: Environment<'static>,
    durations: Durations,
}

impl Renderer {
    /// Sets up the templates of `theme` and its locale for `language`.
    pub fn new(theme: &Theme, language: &str) -> Result<Renderer> {
        let locale_path = format!("locales/{language}.yaml");
        let locale_file = theme.file(&locale_path).ok_or_else(|| Error::Theme {
            file: format!("themes/{}/{locale_path}", theme.name).into(),
            message: format!("no locale file for language `{language}`; add one or change `language` in site.yaml"),
        })?;
        let locale_source = String::from_utf8_lossy(&locale_file.content);
        let shown = locale_file
            .origin
            .clone()
            .unwrap_or_else(|| format!("themes/default/{locale_path}").into());
        let locale: serde_yaml::Value =
            crate::load::parse_str(&locale_source, &shown).map_err(|e| Error::Content(vec![*e]))?;
        let months = month_names(&locale).ok_or_else(|| Error::Theme {
            file: shown.clone(),
            message: "the locale needs `months:` with the twelve month names, January first".to_owned(),
        })?;

        let templates: Arc<BTreeMap<String, String>> = Arc::new(
            theme
                .templates()
                .map(|(name, file)| (name.to_owned(), String::from_utf8_lossy(&file.content).into_owned()))
                .collect(),
        );
        let mut env = Environment::new();
        env.set_loader(move |name| Ok(templates.get(name).cloned()));
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") || name.ends_with(".xml") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(|out, state, value| {
            // Escape the five characters that matter in HTML, and leave `/` alone so URLs stay readable.
            match value.as_str() {
                Some(text) if matches!(state.auto_escape(), AutoEscape::Html) && !value.is_safe() => out
                    .write_str(&escape_html(text))
                    .map_err(|_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "formatting failed")),
                _ => minijinja::escape_formatter(out, state, value),
            }
        });
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()?;
        env.set_syntax(syntax);
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
            Value::from_safe_string(crate::print::link_urls(html))
        });
        env.add_filter(
            "long_date",
            move |text: &str| -> std::result::Result<String, minijinja::Error> {
                let date: Date = text
                    .parse()
                    .map_err(|e: String| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, e))?;
                Ok(format!(
                    "{} {} {}",
                    date.day(),
                    months[usize::from(date.month()) - 1],
                    date.year()
                ))
            },
        );
        let durations = durations(&locale);
        // The locale is a global so that macros imported from other templates see it too.
        env.add_global("t", Value::from(Serde(locale)));
        Ok(Renderer { env, durations })
    }

    /// The locale's words for comparing retention periods.
    pub fn durations(&self) -> &Durations {
        &self.durations
    }

    /// Renders template `name` with `context`.
    pub fn render(&self, name: &str, context: Value) -> Result<String> {
        let template = self.env.get_template(name)?;
        Ok(template.render(context)?)
    }
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
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

/// The `durations:` table of the locale; empty when it has none (periods then cannot be compared).
fn durations(locale: &serde_yaml::Value) -> Durations {
    let table = |key: &str| -> BTreeMap<String, u32> {
        locale
            .get("durations")
            .and_then(|d| d.get(key))
            .and_then(|t| t.as_mapping())
            .map(|map| {
                map.iter()
                    .filter_map(|(k, v)| Some((k.as_str()?.to_lowercase(), u32::try_from(v.as_u64()?).ok()?)))
                    .collect()
            })
            .unwrap_or_default()
    };
    Durations {
        units: table("units"),
        numbers: table("numbers"),
    }
}

fn month_names(locale: &serde_yaml::Value) -> Option<Vec<String>> {
    let months: Vec<String> = locale
        .get("months")?
        .as_sequence()?
        .iter()
        .filter_map(|m| m.as_str().map(str::to_owned))
        .collect();
    (months.len() == 12).then_some(months)
}
