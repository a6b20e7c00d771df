//! Site-wide settings from `content/site.yaml`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::common::Markdown;

/// Site-wide settings from `content/site.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Title of the whole site, shown on the index page.
    pub title: String,
    /// Absolute URL where the site is published, e.g. `https://example.org/privacy/`.
    pub base_url: String,
    /// Language code of the statements; selects `themes/<theme>/locales/<language>.yaml`.
    /// Without it, the first of `languages`, or `nl`.
    #[serde(default)]
    pub language: Option<String>,
    /// Every language the statements are published in, the default first: `[nl, en]`. The default
    /// language's pages keep their addresses; each other language's pages are under `<language>/`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// Name of the theme folder under `themes/`; missing files fall back to the default theme.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Optional introduction on the index page (Markdown).
    #[serde(default)]
    pub description: Option<Markdown>,
    /// Whether the sector's model statements (`content/models/`) get pages of their own, at
    /// `models/<name>/`, like a corporation's statement. Off unless set.
    #[serde(default)]
    pub publish_models: bool,
    /// The title and introduction in each other language of `languages`, by its code:
    /// `en: {title: Privacy statements, description: ...}`; what is left out stays as above.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, SiteText>,
}

/// The site's own text in another language.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteText {
    /// Title of the whole site in this language.
    #[serde(default)]
    pub title: Option<String>,
    /// Introduction on the index page in this language (Markdown).
    #[serde(default)]
    pub description: Option<Markdown>,
}

impl SiteConfig {
    /// The default language: `language`, else the first of `languages`, else `nl`.
    pub fn default_language(&self) -> &str {
        self.language
            .as_deref()
            .or(self.languages.first().map(String::as_str))
            .unwrap_or("nl")
    }

    /// Every language of the site, the default first, each once.
    pub fn languages(&self) -> Vec<&str> {
        let mut all = vec![self.default_language()];
        for language in &self.languages {
            if !all.contains(&language.as_str()) {
                all.push(language);
            }
        }
        all
    }

    /// The languages besides the default, whose pages are under `<language>/`.
    pub fn other_languages(&self) -> Vec<&str> {
        self.languages().into_iter().skip(1).collect()
    }
}

fn default_theme() -> String {
    "default".to_owned()
}
