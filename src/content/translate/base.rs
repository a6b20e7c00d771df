//! What a translation is laid over: the parsed YAML of its version.

use serde_yaml::Value;

use crate::content::version::Version;

/// The parsed YAML of `version`, which its translations are laid over and compared by: for a
/// version based on a model, the resolved statement (the model with its deviations).
pub(crate) fn version_value(version: &Version) -> Result<Value, serde_yaml::Error> {
    serde_yaml::from_str(version.facts_text())
}
