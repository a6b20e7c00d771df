//! All content of a site in memory: its settings, its corporations and the ledger, and how paths
//! inside the content folder are shown to people.

use std::path::{Path, PathBuf};

use crate::content::files::{LEDGER_FILE, display_path};
use crate::content::ledger::Ledger;
use crate::content::model::SiteConfig;
use crate::content::version::Corporation;
use crate::error::ContentError;

/// All content of a site, parsed but not yet validated.
#[derive(Debug, Clone)]
pub struct Content {
    /// The content folder as given.
    pub dir: PathBuf,
    /// Site-wide settings.
    pub config: SiteConfig,
    /// Corporations, sorted by slug.
    pub corporations: Vec<Corporation>,
    /// Sector model statements (`content/models/<name>/`, slug `models/<name>`), sorted by slug.
    pub models: Vec<Corporation>,
    /// The ledger of published versions (empty when there is no ledger file yet).
    pub ledger: Ledger,
}

impl Content {
    /// The ledger file, as shown in messages.
    pub fn ledger_file(&self) -> PathBuf {
        display_path(&self.dir, &self.dir.join(LEDGER_FILE))
    }

    /// A path inside the content folder as shown in messages.
    pub fn shown_path(&self, path: &Path) -> PathBuf {
        display_path(&self.dir, path)
    }

    /// The content as the site shows it: with `publish_models: true` in `site.yaml`, the models
    /// are built as pages too, like corporations (at `models/<name>/`).
    pub fn with_models_as_pages(mut self) -> Content {
        if self.config.publish_models {
            self.corporations.extend(self.models.iter().cloned());
            self.corporations.sort_by(|a, b| a.slug.cmp(&b.slug));
        }
        self
    }

    /// The corporation with folder name `slug`, or the model `models/<name>`.
    pub fn corporation(&self, slug: &str) -> Option<&Corporation> {
        self.corporations.iter().chain(&self.models).find(|c| c.slug == slug)
    }
}

/// What loading found: the content that parsed, and the problems with the rest.
#[derive(Debug)]
pub struct Loaded {
    /// The content, when `site.yaml` parsed; it holds every version file that parsed.
    pub content: Option<Content>,
    /// Problems with files that did not parse or folders without versions.
    pub errors: Vec<ContentError>,
}
