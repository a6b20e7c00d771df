//! What a translation is laid over: the parsed YAML of its version.

use serde_yaml::Value;

use crate::content::version::Version;

/// The parsed YAML of `version`, which its translations are laid over and compared by. (Where a
/// version takes facts from elsewhere at this level, such as a model statement, this is the place
/// to hand over the resolved value.)
pub(crate) fn version_value(version: &Version) -> Result<Value, serde_yaml::Error> {
    serde_yaml::from_str(&version.source)
}
