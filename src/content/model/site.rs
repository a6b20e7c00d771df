//! Site-wide settings from `content/site.yaml`.

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
    /// Language code; selects `themes/<theme>/locales/<language>.yaml`.
    #[serde(default = "default_language")]
    pub language: String,
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
}

fn default_language() -> String {
    "nl".to_owned()
}

fn default_theme() -> String {
    "default".to_owned()
}
