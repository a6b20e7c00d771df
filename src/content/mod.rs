//! The content stage: finding and parsing the YAML facts, checking them, and the ledger of
//! published versions.
//!
//! [`load::load`] reads a content folder into [`Content`] and collects every problem;
//! [`validate::validate`] checks references, dates and the [`ledger`]; [`check`] does both.

pub mod corpus;
pub mod date;
pub mod files;
pub mod journal;
pub mod ledger;
pub mod load;
pub mod model;
pub mod outline;
pub mod scan;
pub mod validate;
pub mod version;
pub mod yaml;

use std::path::Path;

pub use self::corpus::{Content, Loaded};
pub use self::files::DRAFT_FILE_STEM;
pub use self::version::{Corporation, Version};
use crate::error::{Error, Result};

/// Loads and validates without rendering anything; every problem in every file is reported.
pub fn check(content_dir: &Path) -> Result<Content> {
    let loaded = load::load(content_dir)?;
    let mut errors = loaded.errors;
    if let Some(content) = &loaded.content {
        errors.extend(
            validate::validate(content)
                .into_iter()
                .map(|e| load::with_line(e, content)),
        );
    }
    match loaded.content {
        Some(content) if errors.is_empty() => Ok(content),
        _ => Err(Error::Content(errors)),
    }
}
