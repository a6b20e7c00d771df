//! One version's text in another language, as the version holds it (kept apart from reading it,
//! so that a version and its translations do not depend on each other's files).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use super::texts::Text;
use crate::content::model::Statement;

/// One version's text in one other language.
#[derive(Debug, Clone)]
pub struct Translation {
    /// The translation file, as shown in messages.
    pub file: PathBuf,
    /// The file's text.
    pub source: String,
    /// The version's facts with this language's text laid over them.
    pub statement: Statement,
    /// The texts the file translates, by their place in the version (see `texts`).
    pub(crate) texts: BTreeMap<String, Text>,
    /// The top-level sections whose text is all in the default language still.
    pub untranslated: BTreeSet<String>,
    /// The top-level sections of which some text is in the default language still.
    pub partly: BTreeSet<String>,
    /// The default-language texts that pages in this language show untranslated, to mark them.
    pub untranslated_texts: Arc<BTreeSet<String>>,
    /// The texts whose default-language wording changed in this version and whose translation did
    /// not (filled in once every version of the corporation is read).
    pub lagging: Vec<Lag>,
}

/// One text of a version whose translation lags behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lag {
    /// The top-level section it is in (`purposes`).
    pub section: String,
    /// Its YAML path in the version file.
    pub yaml_path: String,
    /// Its YAML path in the translation file, when the translation still has it.
    pub translated_path: Option<String>,
    /// The name of the fact it belongs to, in the translation where it has one (`Encryption`).
    pub fact: Option<String>,
}
