//! The render stage: one minijinja environment per theme and locale, in which every page, feed
//! and change sentence is rendered; with the theme files, the locale, the filters, safe Markdown and
//! the HTML reader that the later stages share.

pub mod filters;
pub mod html;
pub mod links;
pub mod locale;
pub mod markdown;
pub mod theme;

use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment};

use crate::diff::Durations;
use crate::error::Result;
use crate::render::locale::Locale;
use crate::render::theme::Theme;

/// A ready-to-use template environment for one theme and language.
pub struct Renderer {
    env: Environment<'static>,
    durations: Durations,
}

impl Renderer {
    /// Sets up the templates of `theme` and its locale for `language`; `assets` maps each asset's
    /// name in the theme (`style.css`) to its path in the site, for the `asset` filter.
    pub fn new(theme: &Theme, locale: &Locale, assets: BTreeMap<String, String>) -> Result<Renderer> {
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
                    .write_str(&html::escape(text))
                    .map_err(|_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "formatting failed")),
                _ => minijinja::escape_formatter(out, state, value),
            }
        });
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()?;
        env.set_syntax(syntax);
        filters::register(&mut env, locale.months.clone(), assets);
        // The locale is a global so that macros imported from other templates see it too.
        env.add_global("t", Value::from(Serde(locale.value.clone())));
        Ok(Renderer {
            env,
            durations: locale.durations.clone(),
        })
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
