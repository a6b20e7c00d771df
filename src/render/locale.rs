//! A theme's locale file (`locales/<language>.yaml`): the fixed wording of every page, loaded once
//! and shared by the templates, the PDF template and the change log.

use std::path::PathBuf;

use crate::error::{ContentError, Error, Result};
use crate::render::theme::Theme;

/// The wording of one language, as the theme's locale file gives it.
#[derive(Debug, Clone)]
pub struct Locale {
    /// The file it was read from, as shown in messages.
    pub file: PathBuf,
    /// The file's bytes, for fingerprints of what goes into a PDF.
    pub bytes: Vec<u8>,
    /// The whole locale, which templates see as `t`.
    pub value: serde_yaml::Value,
    /// The twelve month names, January first.
    pub months: Vec<String>,
}

impl Locale {
    /// Reads the locale of `language` from `theme`; a missing or broken file is an error that names it.
    pub fn load(theme: &Theme, language: &str) -> Result<Locale> {
        let path = format!("locales/{language}.yaml");
        let Some(file) = theme.file(&path) else {
            return Err(Error::Theme {
                file: format!("themes/{}/{path}", theme.name).into(),
                message: msg!(
                    "no locale file for language `{language}`; add one or change `language` in site.yaml",
                    language
                ),
            });
        };
        let shown = file
            .origin
            .clone()
            .unwrap_or_else(|| format!("themes/default/{path}").into());
        let source = String::from_utf8_lossy(&file.content);
        let value: serde_yaml::Value = crate::content::yaml::parse_str(&source, &shown).map_err(|e| theme_error(&e))?;
        let months = month_names(&value).ok_or_else(|| Error::Theme {
            file: shown.clone(),
            message: msg!("the locale needs `months:` with the twelve month names, January first").to_string(),
        })?;
        Ok(Locale {
            file: shown,
            bytes: file.content.clone(),
            value,
            months,
        })
    }
}

/// A YAML mistake in a theme file, reported as a theme error with its line and column.
fn theme_error(error: &ContentError) -> Error {
    let location = error
        .location
        .map(|l| msg!(" (line {line}, column {column})", line = l.line, column = l.column))
        .unwrap_or_default();
    Error::Theme {
        file: error.file.clone(),
        message: format!("{}{location}", error.message),
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

/// The keys of `from` (`statement.title`, dotted) that `into` lacks: a locale must have every key
/// another locale of the theme has, or a page in its language would show an empty label.
pub fn missing_keys(from: &serde_yaml::Value, into: &serde_yaml::Value) -> Vec<String> {
    let mut missing = Vec::new();
    walk_keys(from, into, "", &mut missing);
    missing
}

fn walk_keys(from: &serde_yaml::Value, into: &serde_yaml::Value, path: &str, missing: &mut Vec<String>) {
    let Some(map) = from.as_mapping() else { return };
    for (key, value) in map {
        let Some(name) = key.as_str() else { continue };
        let here = if path.is_empty() {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        };
        match into.get(name) {
            Some(other) => walk_keys(value, other, &here, missing),
            None => missing.push(here),
        }
    }
}
