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
            msg!(
                "`language: {language}` and the first of `languages` (`{first}`) disagree",
                language,
                first
            ),
            msg!(
                "the first of `languages` is the default language: list `{language}` first, or leave out `language`",
                language
            ),
            "languages[0]".to_owned(),
        ));
    }
    let mut seen = Vec::new();
    for (index, language) in config.languages.iter().enumerate() {
        if seen.contains(&language) {
            errors.push(error(
                msg!("language `{language}` is listed twice", language),
                msg!("list each language once"),
                format!("languages[{index}]"),
            ));
        }
        seen.push(language);
    }
    let others = config.other_languages();
    for code in config.translations.keys() {
        if !others.contains(&code.as_str()) {
            errors.push(error(
                msg!(
                    "`translations` has text for `{code}`, which is not one of the site's other languages",
                    code
                ),
                msg!(
                    "the languages besides the default are: {others}; add `{code}` to `languages:` or remove its text",
                    others = if others.is_empty() {
                        msg!("none")
                    } else {
                        codes(&others)
                    },
                    code
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
                msg!(
                    "language `{language}` has no locale file: the theme needs `themes/{theme}/locales/{language}.yaml`",
                    language,
                    theme = config.theme
                ),
                msg!(
                    "the locales that exist are: {existing}; add the file (with every key of the others) or remove the \
                     language",
                    existing = codes(&existing)
                ),
                path,
            )),
        }
    }
    for (language, value, shown_locale) in &locales {
        for (other, other_value, _) in &locales {
            let missing = missing_keys(other_value, value);
            let Some(first) = missing.first() else { continue };
            let message = msg!(
                "the locale `{language}` lacks {count} key(s) that the locale `{other}` has, the first `{first}`",
                language,
                count = missing.len(),
                other,
                first
            );
            let help = msg!(
                "add them, in the words of `{language}`: {keys}",
                language,
                keys = missing.iter().take(8).cloned().collect::<Vec<_>>().join(", ")
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

/// Language codes as a message quotes them, `` `nl`, `en` ``: a code such as `de` is a word too.
pub(crate) fn codes(codes: &[&str]) -> String {
    codes.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
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
                msg!(
                    "the folder `{slug}` has the name of a language of the site, whose pages are in `{slug}/`",
                    slug = c.slug
                ),
            )
            .with_help(msg!("rename the corporation's folder, e.g. after its full name"))
        })
        .collect()
}
