//! What a version file based on a model was resolved from: the model version, the resolved facts
//! and the deviations.

use std::path::PathBuf;

use serde_yaml::Mapping;

use super::resolve::Deviation;

/// What a version file that is based on a model was resolved from.
#[derive(Debug, Clone, PartialEq)]
pub struct Basis {
    /// The model's name, e.g. `sectormodel`.
    pub model: String,
    /// The model version, e.g. `2026-01-01`.
    pub version: String,
    /// The model version's file, as shown in messages.
    pub model_file: PathBuf,
    /// The resolved statement as YAML text: what is fingerprinted.
    pub facts: String,
    /// Where the corporation differs from the model.
    pub deviations: Vec<Deviation>,
    /// The file's own facts and deviations (without `based_on`), for rebasing and conflicts.
    pub own: Mapping,
}

impl Basis {
    /// `name@version`, as `based_on:` says it.
    pub fn reference(&self) -> String {
        format!("{}@{}", self.model, self.version)
    }
}
