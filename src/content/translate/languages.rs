//! The `language` and `languages` settings of `site.yaml`: they agree, and every language has a
//! locale file in the theme with every key the others have.

use std::path::Path;

use crate::content::model::SiteConfig;
use crate::error::{ContentError, ContentErrorKind};
use crate::render::locale::missing_keys;
use crate::render::theme::Theme;

/// Every problem with the languages of `config`, read from `shown`; `themes` is the themes folder.
pub(crate) fn check(config: &SiteConfig, shown: &Path, themes: &Path) -> Vec<ContentError> {
    let mut errors = Vec::new();
    let error = |message: String, help: String, path: String| {
        ContentError::new(ContentErrorKind::Invalid, shown, message)
            .with_help(help)
            .at_path(&path)
    };
    if let (Some(language), Some(first)) = (&config.language, config.languages.first())
        && language != first
    {
        errors.push(error(
            format!("`language: {language}` and the first of `languages` (`{first}`) disagree"),
            format!(
                "the first of `languages` is the default language: list `{language}` first, or leave out `language`"
            ),
            "languages[0]".to_owned(),
        ));
    }
    let mut seen = Vec::new();
    for (index, language) in config.languages.iter().enumerate() {
        if seen.contains(&language) {
            errors.push(error(
                format!("language `{language}` is listed twice"),
                "list each language once".to_owned(),
                format!("languages[{index}]"),
            ));
        }
        seen.push(language);
    }
    let others = config.other_languages();
    for code in config.translations.keys() {
        if !others.contains(&code.as_str()) {
            errors.push(error(
                format!("`translations` has text for `{code}`, which is not one of the site's other languages"),
                format!(
                    "the languages besides the default are: {}; add `{code}` to `languages:` or remove its text",
                    if others.is_empty() {
                        "none".to_owned()
                    } else {
                        others.join(", ")
                    }
                ),
                format!("translations.{code}"),
            ));
        }
    }
    let Ok(theme) = Theme::load(themes, &config.theme) else {
        // A theme that cannot be read is reported by its own check.
        return errors;
    };
    let existing: Vec<&str> = theme
        .files_under("locales/")
        .filter_map(|(name, _)| name.strip_suffix(".yaml"))
        .collect();
    let mut locales = Vec::new();
    for (index, language) in config.languages().into_iter().enumerate() {
        let path = if config.languages.is_empty() {
            "language".to_owned()
        } else {
            format!(
                "languages[{}]",
                config.languages.iter().position(|l| l == language).unwrap_or(index)
            )
        };
        match theme.file(&format!("locales/{language}.yaml")) {
            Some(file) => {
                let text = String::from_utf8_lossy(&file.content);
                // A locale of a theme folder is shown as `themes/<folder>/locales/<language>.yaml`.
                let shown = file
                    .origin
                    .as_deref()
                    .and_then(|origin| origin.strip_prefix(themes).ok())
                    .map(|inside| Path::new("themes").join(inside));
                if let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(&text) {
                    locales.push((language, value, shown));
                }
            }
            None => errors.push(error(
                format!(
                    "language `{language}` has no locale file: the theme needs `themes/{}/locales/{language}.yaml`",
                    config.theme
                ),
                format!(
                    "the locales that exist are: {}; add the file (with every key of the others) or remove the language",
                    existing.join(", ")
                ),
                path,
            )),
        }
    }
    for (language, value, shown_locale) in &locales {
        for (other, other_value, _) in &locales {
            let missing = missing_keys(other_value, value);
            let Some(first) = missing.first() else { continue };
            let message = format!(
                "the locale `{language}` lacks {} key(s) that the locale `{other}` has, the first `{first}`",
                missing.len()
            );
            let help = format!(
                "add them, in the words of `{language}`: {}",
                missing.iter().take(8).cloned().collect::<Vec<_>>().join(", ")
            );
            // In a theme's own locale file, the error is at the map that lacks the key.
            errors.push(match shown_locale {
                Some(file) => {
                    let parent = first.rsplit_once('.').map_or("", |(parent, _)| parent);
                    let error = ContentError::new(ContentErrorKind::Missing, file, message).with_help(help);
                    if parent.is_empty() {
                        error
                    } else {
                        error.at_path(parent)
                    }
                }
                None => error(message, help, "languages".to_owned()),
            });
        }
    }
    errors
}

/// An error for every corporation whose folder has the name of one of the site's other languages,
/// whose pages are in a folder of that name (`en/`).
pub(crate) fn check_slugs(content: &crate::content::corpus::Content) -> Vec<ContentError> {
    let others = content.config.other_languages();
    content
        .corporations
        .iter()
        .filter(|c| !c.is_document() && others.contains(&c.slug.as_str()))
        .map(|c| {
            let shown = content.shown_path(&content.dir.join(&c.slug));
            ContentError::new(
                ContentErrorKind::Invalid,
                &shown,
                format!(
                    "the folder `{}` has the name of a language of the site, whose pages are in `{}/`",
                    c.slug, c.slug
                ),
            )
            .with_help("rename the corporation's folder, e.g. after its full name")
        })
        .collect()
}
