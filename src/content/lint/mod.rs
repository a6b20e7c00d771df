//! Completeness lints: what a privacy statement should say under the AVG (GDPR) and does not, as
//! warnings that never block a build. Each rule has a stable id, a severity, the article it rests
//! on and a one-line fix; a corporation silences a rule with a reason in `lints.yaml`.

pub mod allow;
mod catalog;
mod finding;
mod grounds;
mod items;
mod kept;
mod report;
mod text;
mod translation;
mod wording;

use std::collections::BTreeMap;
use std::path::Path;

use crate::content::corpus::Content;
use crate::content::positions::Positions;
use crate::content::version::{Corporation, Version};
use crate::error::{Location, Result};

pub use self::catalog::rules;
use self::finding::Findings;
pub use self::finding::{Lint, Rule, Severity};
pub use self::report::to_json;

/// Lints the versions people still edit or read first: each corporation's newest published version
/// and its draft. Findings silenced in the corporation's `lints.yaml` are left out; a broken
/// `lints.yaml` is a content error.
pub fn lint(content: &Content) -> Result<Vec<Lint>> {
    use rayon::prelude::*;
    // Per corporation in parallel, then in the order of the corporations.
    let per_corporation: Vec<Vec<Lint>> = content
        .corporations
        .par_iter()
        .map(|corporation| lint_corporation(&content.dir, corporation))
        .collect::<Result<_>>()?;
    Ok(per_corporation.into_iter().flatten().collect())
}

/// [`lint`], reading back from `file` the findings of every corporation whose inputs did not change
/// since they were kept there: its page-cache key in `page_keys` (by corporation slug), its
/// `lints.yaml` and the tool's language are the same. This run's findings are kept there in turn.
pub fn lint_keeping(content: &Content, file: &Path, page_keys: &BTreeMap<String, String>) -> Result<Vec<Lint>> {
    kept::lint_keeping(content, file, page_keys, |corporation| {
        lint_corporation(&content.dir, corporation)
    })
}

/// The findings of one corporation (or other document): its newest version's and its draft's, less
/// those its `lints.yaml` silences.
fn lint_corporation(content_dir: &Path, corporation: &Corporation) -> Result<Vec<Lint>> {
    let allowed = allow::load(content_dir, &corporation.slug)?;
    Ok(corporation
        .newest()
        .into_iter()
        .chain(&corporation.draft)
        .flat_map(|version| lint_version(version).into_iter().filter(|l| !allowed.silences(l)))
        .collect())
}

/// Checks and lints a content folder: what the preview shows as warnings beside the page. Content
/// errors come back as the error.
pub fn lint_dir(content_dir: &Path) -> Result<Vec<Lint>> {
    lint(&crate::content::check(content_dir)?)
}

/// Every finding in one version, located in its file.
pub fn lint_version(version: &Version) -> Vec<Lint> {
    let mut findings = Findings {
        version,
        lints: Vec::new(),
    };
    items::check(&mut findings);
    grounds::check(&mut findings);
    wording::check(&mut findings);
    let positions = Positions::index(&version.source);
    let mut lints = findings.lints;
    for lint in &mut lints {
        // In a file based on a model, a finding about a fact from the model points at `based_on:`.
        let path = lint.yaml_path.as_deref().map(|path| match &version.basis {
            Some(basis) => crate::content::models::own_or_based_on(basis, path),
            None => path.to_owned(),
        });
        let location = path.and_then(|path| positions.nearest(&path, false));
        if let Some(Location { line, column }) = location {
            lint.line = Some(line);
            lint.column = Some(column);
            lint.source_line = version.source.lines().nth(line - 1).map(str::to_owned);
        }
    }
    lints.extend(translation::check(version));
    lints
}

#[cfg(test)]
mod tests;
