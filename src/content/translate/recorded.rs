//! Published translations in the ledger: once recorded (`verklaar record <slug> <version>.<lang>`,
//! `record --all`, or `publish` with a draft's translation), a translation of a published version
//! is as immutable as the version, under its own entry `<version>.<lang>` beside the version's.

use std::path::Path;

use crate::content::corpus::Content;
use crate::content::ledger::{Ledger, compare, fingerprint};
use crate::content::version::{Corporation, Version};
use crate::error::{ContentError, ContentErrorKind};

/// A file the ledger can record: a published version or a translation of one.
pub struct Recordable<'a> {
    /// Its ledger id: `2021-01-01`, or `2021-01-01.en` for a translation.
    pub id: String,
    /// Its text.
    pub source: &'a str,
    /// As shown in messages.
    pub file: &'a Path,
}

impl<'a> From<&'a Version> for Recordable<'a> {
    fn from(version: &'a Version) -> Recordable<'a> {
        Recordable {
            id: version.id.clone(),
            source: version.facts_text(),
            file: &version.file,
        }
    }
}

/// The translation `id` (`2021-01-01.en`) of a published version of `slug`, if there is one.
pub fn translation<'a>(content: &'a Content, slug: &str, id: &str) -> Option<Recordable<'a>> {
    let (version, language) = super::split_stem(id)?;
    let corporation = content.corporation(slug)?;
    let translation = corporation
        .versions
        .iter()
        .find(|v| v.id == version)?
        .translations
        .get(language)?;
    Some(Recordable {
        id: id.to_owned(),
        source: &translation.source,
        file: &translation.file,
    })
}

/// Every translation of a published version of `corporation` that the ledger does not have yet.
pub fn unrecorded<'a>(ledger: &Ledger, corporation: &'a Corporation) -> Vec<Recordable<'a>> {
    corporation
        .versions
        .iter()
        .flat_map(translations_of)
        .filter(|r| ledger.entry(&corporation.slug, &r.id).is_none())
        .collect()
}

fn translations_of(version: &Version) -> impl Iterator<Item = Recordable<'_>> {
    version.translations.iter().map(|(language, translation)| Recordable {
        id: format!("{}.{language}", version.id),
        source: &translation.source,
        file: &translation.file,
    })
}

/// An error for every recorded translation whose text changed since it was recorded.
pub(crate) fn verify(ledger: &Ledger, corporations: &[Corporation]) -> Vec<ContentError> {
    let mut errors = Vec::new();
    for corporation in corporations {
        for recordable in corporation.versions.iter().flat_map(translations_of) {
            let Some(entry) = ledger.entry(&corporation.slug, &recordable.id) else {
                continue;
            };
            let Some(now) = fingerprint(recordable.source) else {
                continue;
            };
            if now.hash == entry.hash {
                continue;
            }
            let changes = compare(&entry.parts, &now);
            let mut error = ContentError::new(
                ContentErrorKind::Published,
                recordable.file,
                msg!(
                    "this translation is published, and its text changed after publication: {changes}",
                    changes = if changes.is_empty() {
                        msg!("the order of its texts")
                    } else {
                        changes.describe()
                    }
                ),
            )
            .with_help(msg!(
                "published translations never change: undo the edit (e.g. `git checkout -- {file}`) and put the better \
                 text in the translation of the next version (`draft.<language>.yaml` beside `draft.yaml`)",
                file = recordable.file.display()
            ));
            if let Some(part) = changes.all().into_iter().next() {
                error = error.at_path(part);
            }
            errors.push(error);
        }
    }
    errors
}
