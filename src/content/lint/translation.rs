//! The lint of a lagging translation: a text that changed in the default language in this version
//! while its translation kept the old wording.

use super::finding::{Lint, Rule, Severity};
use crate::content::positions::Positions;
use crate::content::version::Version;
use crate::error::Location;

/// The rules of this file.
pub(super) const RULES: &[&Rule] = &[&LAGGING_TRANSLATION];

/// The lint rule of a lagging translation.
static LAGGING_TRANSLATION: Rule = Rule {
    id: "translation-lags-behind",
    severity: Severity::Warning,
    article: msg_id!("AVG art. 12(1): information in a concise, intelligible form (every language published)"),
    fix: msg_id!("translate the changed text anew in the translation file, or leave it out there until it is"),
};

/// A warning for every lagging text of `version`'s translations, at the text in the translation file
/// (or in the version file, when the translation lost it).
pub(super) fn check(version: &Version) -> Vec<Lint> {
    let mut lints = Vec::new();
    for (language, translation) in &version.translations {
        for lag in &translation.lagging {
            let (file, source, path) = match &lag.translated_path {
                Some(path) => (&translation.file, &translation.source, path),
                None => (&version.file, &version.source, &lag.yaml_path),
            };
            let message = msg!(
                "`{path}` changed in this version, but its `{language}` translation did not: \
                 the `{language}` page shows the old text, marked as behind",
                path = lag.yaml_path,
                language
            );
            let mut lint = Lint {
                id: LAGGING_TRANSLATION.id,
                severity: LAGGING_TRANSLATION.severity,
                article: LAGGING_TRANSLATION.article,
                message,
                fix: LAGGING_TRANSLATION.fix,
                file: file.clone(),
                yaml_path: Some(path.clone()),
                line: None,
                column: None,
                source_line: None,
            };
            if let Some(Location { line, column }) = Positions::index(source).nearest(path, false) {
                lint.line = Some(line);
                lint.column = Some(column);
                lint.source_line = source.lines().nth(line - 1).map(str::to_owned);
            }
            lints.push(lint);
        }
    }
    lints
}
