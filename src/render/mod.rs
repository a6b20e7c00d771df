//! The render stage: one minijinja environment per theme and locale, in which every page, feed
//! and change sentence is rendered; with the theme files, the locale, the filters, safe Markdown and
//! the HTML reader that the later stages share.

pub mod filters;
pub mod fragments;
pub mod html;
pub mod links;
pub mod locale;
pub mod markdown;
pub mod strict;
pub mod theme;

use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment};

use crate::error::{Error, Result};
use crate::render::locale::Locale;
use crate::render::theme::Theme;

/// A ready-to-use template environment for one theme and language.
pub struct Renderer {
    env: Environment<'static>,
    /// Whether text shown in the default language is marked with its `lang` (see `fragments`).
    marking: bool,
}

impl Renderer {
    /// Sets up the templates of `theme` and its locale for `language`; `assets` maps each asset's
    /// name in the theme (`style.css`) to its path in the site, for the `asset` filter.
    pub fn new(theme: &Theme, locale: &Locale, assets: BTreeMap<String, String>) -> Result<Renderer> {
        Renderer::with(theme, locale, assets, false)
    }

    /// The same for a language besides the default: a page's text that is shown in the default
    /// language (its `translation.texts`) is marked with that language's `lang`.
    pub fn marking(theme: &Theme, locale: &Locale, assets: BTreeMap<String, String>) -> Result<Renderer> {
        Renderer::with(theme, locale, assets, true)
    }

    fn with(theme: &Theme, locale: &Locale, assets: BTreeMap<String, String>, marking: bool) -> Result<Renderer> {
        for (name, file) in theme.templates() {
            check_locale_keys(name, file, locale)?;
        }
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
        env.set_formatter(move |out, state, value| fragments::format(out, state, value, marking));
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()?;
        env.set_syntax(syntax);
        filters::register(&mut env, locale.months.clone(), assets);
        if marking {
            fragments::register(&mut env);
        }
        // The locale is a global so that macros imported from other templates see it too.
        env.add_global("t", strict::locale_value(&locale.value));
        Ok(Renderer { env, marking })
    }

    /// Renders template `name` with `context`.
    pub fn render(&self, name: &str, context: Value) -> Result<String> {
        let template = self.env.get_template(name)?;
        let output = template.render(&context)?;
        if !self.marking {
            return Ok(output);
        }
        let code = fragments::code(&context);
        let is_html = name.ends_with(".html") && code.is_some();
        Ok(fragments::finish(output, code.as_deref().unwrap_or_default(), is_html))
    }
}

/// An error naming the template, line and key when a template uses a locale key (`t.a.b`) that
/// the locale does not have, which would otherwise render as an empty label.
fn check_locale_keys(name: &str, file: &theme::ThemeFile, locale: &Locale) -> Result<()> {
    let text = String::from_utf8_lossy(&file.content);
    for (index, line) in text.lines().enumerate() {
        for key in locale_keys(line) {
            let mut value = &locale.value;
            for part in key.split('.') {
                match value.get(part) {
                    Some(inner) => value = inner,
                    None => {
                        let shown = file
                            .origin
                            .clone()
                            .unwrap_or_else(|| format!("themes/default/templates/{name}").into());
                        return Err(Error::Theme {
                            file: shown,
                            message: msg!(
                                "line {line}: `t.{key}` is not in the locale file {file}; add it there",
                                line = index + 1,
                                key,
                                file = locale.file.display()
                            ),
                        });
                    }
                }
            }
        }
    }
    Ok(())
}

/// The keys after `t.` in a line of a template, e.g. `statement.title` for `t.statement.title`.
fn locale_keys(line: &str) -> Vec<&str> {
    let bytes = line.as_bytes();
    let is_name = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut keys = Vec::new();
    let mut i = 0;
    while let Some(found) = line[i..].find("t.") {
        let start = i + found;
        i = start + 2;
        if start > 0 && (is_name(bytes[start - 1]) || bytes[start - 1] == b'.') {
            continue;
        }
        let mut end = i;
        while end < bytes.len()
            && (is_name(bytes[end]) || (bytes[end] == b'.' && end + 1 < bytes.len() && is_name(bytes[end + 1])))
        {
            end += 1;
        }
        if end > i && !bytes[i].is_ascii_digit() {
            keys.push(&line[i..end]);
        }
        i = end.max(i);
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_locale_key_looked_up_at_run_time_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("x/templates")).unwrap();
        let templates = [
            ("missing.html", "[{{ t.statement[key] }}]"),
            ("fallback.html", "[{{ t.statement[key] or \"x\" }}]"),
            ("gap.html", "[{{ t.statement[nothing] }}]"),
        ];
        for (name, text) in templates {
            std::fs::write(dir.path().join("x/templates").join(name), text).unwrap();
        }
        let theme = Theme::load(dir.path(), "x").unwrap();
        let locale = Locale::load(&theme, "nl").unwrap();
        let renderer = Renderer::new(&theme, &locale, BTreeMap::new()).unwrap();
        let context = minijinja::context! { key => "no_such_label", nothing => () };
        let error = renderer
            .render("missing.html", context.clone())
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("the locale has no key `t.statement.no_such_label`"),
            "{error}"
        );
        assert_eq!(renderer.render("fallback.html", context.clone()).unwrap(), "[x]");
        assert_eq!(renderer.render("gap.html", context).unwrap(), "[]");
    }

    #[test]
    fn locale_keys_are_found_in_template_lines() {
        assert_eq!(
            locale_keys("{{ t.statement.title }} {{ st.x }} {{ a.t.y }} {{ t.changes[c.kind] }}."),
            ["statement.title", "changes"]
        );
    }

    #[test]
    fn a_missing_locale_key_names_template_line_and_key() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("x/templates")).unwrap();
        std::fs::write(
            dir.path().join("x/templates/extra.html"),
            "<p>\n{{ t.statement.no_such_label }}</p>\n",
        )
        .unwrap();
        let theme = Theme::load(dir.path(), "x").unwrap();
        let locale = Locale::load(&theme, "nl").unwrap();
        let error = Renderer::new(&theme, &locale, BTreeMap::new())
            .err()
            .unwrap()
            .to_string();
        assert!(error.contains("extra.html"), "{error}");
        assert!(error.contains("line 2: `t.statement.no_such_label`"), "{error}");
    }
}
