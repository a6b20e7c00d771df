//! Statements in more languages: a translation file beside a version, `<version>.<language>.yaml`
//! (`2021-01-01.en.yaml`, `draft.en.yaml`), holds only the version's text in another language, in the
//! version's own field names. It is laid over the parsed version before that becomes a `Statement`,
//! so ids, dates, durations and references are the version's own and never written twice.
//!
//! A file per version rather than a field per language: a published version file never changes, so
//! its translation can only be a new file beside it, and a translator works in one file of their
//! own language without touching the facts.

mod base;
mod lag;
pub(crate) mod languages;
mod overlay;
mod periods;
pub mod recorded;
mod texts;
pub mod translation;

use std::path::PathBuf;

use serde_yaml::Value;

use crate::content::collect::parse_statement;
use crate::content::serde_words::in_tool_language;
use crate::content::version::Version;
use crate::content::yaml::read_file;
use crate::error::{ContentError, ContentErrorKind};

use self::overlay::Overlay;
pub use self::translation::{Lag, Translation};

/// A translation file found beside the versions, not read yet.
#[derive(Debug, Clone)]
pub(crate) struct TranslationFile {
    /// The file on disk.
    pub(crate) path: PathBuf,
    /// As shown in messages.
    pub(crate) shown: PathBuf,
    /// The version it translates (`2021-01-01`, `draft`).
    pub(crate) version: String,
    /// Its language (`en`).
    pub(crate) language: String,
}

/// The version and language of a translation file's stem (`2021-01-01.en`), when it is one: a
/// language code is two or three lower-case letters.
pub(crate) fn split_stem(stem: &str) -> Option<(&str, &str)> {
    let (version, language) = stem.rsplit_once('.')?;
    let is_code = (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_lowercase());
    (is_code && !version.is_empty()).then_some((version, language))
}

/// Reads every translation file of one corporation and attaches each to its version; `languages`
/// are the site's, the default first, and `file_ids` the ids of every version file of the folder.
/// Every problem is added to `errors`.
pub(crate) fn attach(
    versions: &mut [Version],
    mut draft: Option<&mut Version>,
    files: Vec<TranslationFile>,
    (languages, file_ids): (&[&str], &std::collections::BTreeSet<String>),
    errors: &mut Vec<ContentError>,
) {
    let default = languages.first().copied().unwrap_or("nl");
    let mut all: Vec<&mut Version> = versions.iter_mut().chain(draft.as_deref_mut()).collect();
    for file in files {
        if !languages[1..].contains(&file.language.as_str()) {
            let (message, help) = if file.language == default {
                (
                    msg!(
                        "`{language}` is the default language: its text is the version itself",
                        language = file.language
                    ),
                    msg!(
                        "put the text in `{version}.yaml`, or remove this file",
                        version = file.version
                    ),
                )
            } else {
                (
                    msg!(
                        "language `{language}` is not one of the site's languages",
                        language = file.language
                    ),
                    msg!(
                        "the site's languages are: {languages}; add `{language}` to `languages:` in site.yaml",
                        languages = languages::codes(languages),
                        language = file.language
                    ),
                )
            };
            errors.push(ContentError::new(ContentErrorKind::Invalid, &file.shown, message).with_help(help));
            continue;
        }
        let Some(version) = all.iter_mut().find(|v| v.id == file.version) else {
            // A version file that does not load has its own errors; its translation waits for it.
            if file_ids.contains(&file.version) {
                continue;
            }
            let ids: Vec<&str> = all.iter().map(|v| v.id.as_str()).collect();
            let message = msg!(
                "there is no version `{version}` for this translation",
                version = file.version
            );
            let help = msg!(
                "name it after a version of the folder: {files}",
                files = ids
                    .iter()
                    .map(|id| format!("{id}.{}.yaml", file.language))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            errors.push(ContentError::new(ContentErrorKind::Missing, &file.shown, message).with_help(help));
            continue;
        };
        match read(&file, version, default) {
            Ok(translation) => {
                version.translations.insert(file.language.clone(), translation);
            }
            Err(file_errors) => errors.extend(file_errors),
        }
    }
    drop(all);
    lag::fill(versions, draft);
}

/// Reads one translation file and lays it over `version`.
fn read(file: &TranslationFile, version: &Version, default: &str) -> Result<Translation, Vec<ContentError>> {
    let source = read_file(&file.path, &file.shown).map_err(|e| vec![*e])?;
    crate::content::yaml::check_depth(&source, &file.shown).map_err(|e| vec![*e])?;
    let translated: Value = match crate::content::yaml::parse_str(&source, &file.shown) {
        Ok(Value::Null) => Value::Mapping(Default::default()),
        Ok(value @ Value::Mapping(_)) => value,
        Ok(_) => {
            return Err(vec![
                ContentError::new(
                    ContentErrorKind::Invalid,
                    &file.shown,
                    msg!("a translation is a map of the version's fields"),
                )
                .with_help(msg!(
                    "write the fields to translate, e.g. `introduction: ...`, each on its own line"
                )),
            ]);
        }
        Err(error) => return Err(vec![*error]),
    };
    let mut base = base::version_value(version).map_err(|e| {
        vec![ContentError::new(
            ContentErrorKind::Syntax,
            &version.file,
            in_tool_language(&e.to_string()),
        )]
    })?;
    let dutch_texts = texts::texts(&base);
    let original = base.clone();
    let mut overlay = Overlay {
        file: &file.shown,
        default,
        errors: Vec::new(),
    };
    overlay.apply(&mut base, &translated, "");
    if !overlay.errors.is_empty() {
        return Err(overlay.errors);
    }
    let period_texts = periods::set_aside(&mut base, &original);
    let merged = serde_yaml::to_string(&base).map_err(|e| {
        vec![ContentError::new(
            ContentErrorKind::Invalid,
            &file.shown,
            in_tool_language(&e.to_string()),
        )]
    })?;
    let mut statement = parse_statement(&merged, &file.shown).map_err(|errors| {
        errors
            .into_iter()
            .map(|mut e| {
                e.location = None;
                e.source_line = None;
                e
            })
            .collect::<Vec<_>>()
    })?;
    periods::put_back(&mut statement, period_texts);
    let texts = texts::texts(&translated);
    let (untranslated, partly) = texts::coverage(&dutch_texts, &texts);
    let untranslated_texts = std::sync::Arc::new(texts::shown_untranslated(&dutch_texts, &texts));
    Ok(Translation {
        file: file.shown.clone(),
        source,
        statement,
        texts,
        untranslated,
        partly,
        untranslated_texts,
        lagging: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translation_stems_name_a_version_and_a_language() {
        assert_eq!(split_stem("2021-01-01.en"), Some(("2021-01-01", "en")));
        assert_eq!(split_stem("draft.fry"), Some(("draft", "fry")));
        assert_eq!(split_stem("2021-01-01"), None);
        assert_eq!(split_stem("2021-01-01.EN"), None);
        assert_eq!(split_stem("2021-01-01.english"), None);
    }
}
