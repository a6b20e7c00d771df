//! Lint findings kept between builds, per corporation, under a key of everything they depend on: a
//! corporation whose inputs did not change is not linted again, its findings are read back.
//!
//! The key of a corporation (or other document) hashes the key of its pages in the page cache (its
//! version files, translations, resolved model facts, ledger entries, the binary; see
//! `site::incremental`), its `lints.yaml` and the tool's language. Findings are kept only for
//! corporations that linted without error, and the file is written atomically, so a killed run or a
//! broken file makes a miss, never a wrong finding.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::catalog::rules;
use super::finding::Lint;
use crate::content::corpus::Content;
use crate::content::files::LINTS_FILE;
use crate::content::journal::write_atomic;
use crate::content::version::Corporation;
use crate::error::Result;

/// Changes whenever the meaning of an entry does, so that an old entry is never read as new.
const FORMAT: &str = "verklaar-lints-1";

/// One finding as kept: its rule by id (the rule's fixed texts come from the catalog).
#[derive(Debug, Serialize, Deserialize)]
struct KeptLint {
    id: String,
    message: String,
    file: PathBuf,
    yaml_path: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    source_line: Option<String>,
}

/// The findings of one corporation, with the key of the inputs they were found in.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    key: String,
    lints: Vec<KeptLint>,
}

/// The findings of every corporation of `content`, in order: read back from `file` for each one whose
/// key (made from its page-cache key in `page_keys`, by corporation slug) is the one kept, found with
/// `lint` for the others; this run's are kept there for the next. A corporation without a page key
/// is linted and not kept.
pub(super) fn lint_keeping(
    content: &Content,
    file: &Path,
    page_keys: &BTreeMap<String, String>,
    lint: impl Fn(&Corporation) -> Result<Vec<Lint>> + Sync,
) -> Result<Vec<Lint>> {
    let known: BTreeMap<String, Entry> = std::fs::read(file)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    let found: Vec<(Option<String>, Vec<Lint>, bool)> = content
        .corporations
        .par_iter()
        .map(|corporation| {
            let key = page_keys
                .get(corporation.corporation_slug())
                .map(|page_key| key(&content.dir, corporation, page_key));
            let kept = key.as_ref().and_then(|key| {
                known
                    .get(&corporation.slug)
                    .filter(|entry| entry.key == *key)
                    .and_then(|entry| restore(&entry.lints))
            });
            match kept {
                Some(lints) => Ok((key, lints, true)),
                None => Ok((key, lint(corporation)?, false)),
            }
        })
        .collect::<Result<_>>()?;
    let mut next = BTreeMap::new();
    let mut changed = false;
    for (corporation, (key, lints, hit)) in content.corporations.iter().zip(&found) {
        if let Some(key) = key {
            changed |= !hit;
            let entry = Entry {
                key: key.clone(),
                lints: lints.iter().map(KeptLint::of).collect(),
            };
            next.insert(corporation.slug.clone(), entry);
        }
    }
    if changed || !next.keys().eq(known.keys()) {
        save(file, &next);
    }
    Ok(found.into_iter().flat_map(|(_, lints, _)| lints).collect())
}

/// The key of `corporation`'s findings: its pages' key, its `lints.yaml` and the tool's language.
fn key(content_dir: &Path, corporation: &Corporation, page_key: &str) -> String {
    let allow = std::fs::read(content_dir.join(&corporation.slug).join(LINTS_FILE)).ok();
    let mut hasher = Sha256::new();
    let fields: [&[u8]; 6] = [
        FORMAT.as_bytes(),
        crate::messages::language().code().as_bytes(),
        corporation.slug.as_bytes(),
        page_key.as_bytes(),
        &[u8::from(allow.is_some())],
        allow.as_deref().unwrap_or_default(),
    ];
    for field in fields {
        hasher.update((field.len() as u64).to_le_bytes());
        hasher.update(field);
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The findings kept, with their rules from the catalog; `None` when a rule is no longer known.
fn restore(kept: &[KeptLint]) -> Option<Vec<Lint>> {
    let rules = rules();
    kept.iter()
        .map(|lint| {
            let rule = rules.iter().find(|rule| rule.id == lint.id)?;
            Some(Lint {
                id: rule.id,
                severity: rule.severity,
                article: rule.article,
                message: lint.message.clone(),
                fix: rule.fix,
                file: lint.file.clone(),
                yaml_path: lint.yaml_path.clone(),
                line: lint.line,
                column: lint.column,
                source_line: lint.source_line.clone(),
            })
        })
        .collect()
}

impl KeptLint {
    fn of(lint: &Lint) -> KeptLint {
        KeptLint {
            id: lint.id.to_owned(),
            message: lint.message.clone(),
            file: lint.file.clone(),
            yaml_path: lint.yaml_path.clone(),
            line: lint.line,
            column: lint.column,
            source_line: lint.source_line.clone(),
        }
    }
}

/// Writes the entries; one that cannot be written only makes the next build lint again.
fn save(file: &Path, entries: &BTreeMap<String, Entry>) {
    let written = file.parent().is_some_and(|dir| std::fs::create_dir_all(dir).is_ok())
        && serde_json::to_vec(entries)
            .ok()
            .is_some_and(|bytes| write_atomic(file, &bytes).is_ok());
    if !written {
        crate::trace::note(|| format!("could not keep the lint findings in {}", file.display()));
    }
}
