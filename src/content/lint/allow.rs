//! A corporation's allow-list, `content/<slug>/lints.yaml`: lints it has decided to leave, each
//! with the reason, so that they no longer show.

use std::path::Path;

use serde::Deserialize;

use super::catalog::rules;
use super::finding::Lint;
use crate::content::files::{LINTS_FILE, display_path};
use crate::content::yaml::parse_file;
use crate::error::{ContentError, ContentErrorKind, Error, Result};
use crate::suggest::did_you_mean;

/// The file: `allow:` with one entry per silenced lint.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowList {
    /// The silenced lints.
    #[serde(default)]
    pub allow: Vec<Allowed>,
}

/// One silenced lint.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allowed {
    /// The lint's id, e.g. `art13-2a-retention-not-concrete`.
    pub lint: String,
    /// Why the corporation leaves it; required.
    pub reason: String,
    /// Only at this YAML path, e.g. `legal_bases.list[2]`; everywhere when left out.
    #[serde(default)]
    pub at: Option<String>,
}

impl AllowList {
    /// Whether `lint` is silenced.
    pub fn silences(&self, lint: &Lint) -> bool {
        self.allow
            .iter()
            .any(|a| a.lint == lint.id && a.at.as_ref().is_none_or(|at| lint.yaml_path.as_ref() == Some(at)))
    }
}

/// Reads `content/<slug>/lints.yaml`, when there is one; unknown lint ids and missing reasons are
/// content errors, so that a typo never silently silences nothing.
pub fn load(content_dir: &Path, slug: &str) -> Result<AllowList> {
    let path = content_dir.join(slug).join(LINTS_FILE);
    if !path.is_file() {
        return Ok(AllowList::default());
    }
    let shown = display_path(content_dir, &path);
    let list: AllowList = parse_file(&path, &shown).map_err(|e| Error::Content(vec![*e]))?;
    let ids: Vec<&str> = rules().iter().map(|r| r.id).collect();
    let mut errors = Vec::new();
    for (i, allowed) in list.allow.iter().enumerate() {
        if !ids.contains(&allowed.lint.as_str()) {
            errors.push(
                ContentError::new(
                    ContentErrorKind::Invalid,
                    &shown,
                    msg!("there is no lint `{lint}`", lint = allowed.lint),
                )
                .at_path(format!("allow[{i}].lint"))
                .with_help(msg!(
                    "{did_you_mean}the ids are listed by `verklaar check` and in README.md",
                    did_you_mean = did_you_mean(&allowed.lint, ids.iter().copied())
                )),
            );
        }
        if allowed.reason.trim().is_empty() {
            errors.push(
                ContentError::new(
                    ContentErrorKind::Invalid,
                    &shown,
                    msg!("a silenced lint needs a reason"),
                )
                .at_path(format!("allow[{i}].reason"))
                .with_help(msg!(
                    "say in `reason:` why this statement leaves it, for the next person editing"
                )),
            );
        }
    }
    if errors.is_empty() {
        Ok(list)
    } else {
        let source = std::fs::read_to_string(&path).unwrap_or_default();
        Err(Error::Content(crate::content::positions::locate_all(errors, |_| {
            Some(source.clone())
        })))
    }
}
