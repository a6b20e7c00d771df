//! Completeness lints: what a privacy statement should say under the AVG (GDPR) and does not, as
//! warnings that never block a build. Each rule has a stable id, a severity, the article it rests
//! on and a one-line fix; a corporation silences a rule with a reason in `lints.yaml`.

pub mod allow;
mod grounds;
mod items;
mod report;
mod text;
mod wording;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::content::corpus::Content;
use crate::content::positions::Positions;
use crate::content::version::Version;
use crate::error::{Location, Result};

pub use self::report::to_json;

/// How much a finding matters; no lint ever makes a command fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Something the AVG asks for is missing or wrong.
    Warning,
    /// Advice, e.g. on readability (B1).
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

/// One lint rule.
#[derive(Debug)]
pub struct Rule {
    /// Stable id, e.g. `art13-1c-purpose-without-basis`; used in `lints.yaml`.
    pub id: &'static str,
    /// How much it matters.
    pub severity: Severity,
    /// The article of the AVG (or other law) the rule rests on, e.g. `AVG art. 13(1)(c)`.
    pub article: &'static str,
    /// How to fix it, in one line.
    pub fix: &'static str,
}

/// Every rule, in the order they are documented.
pub fn rules() -> Vec<&'static Rule> {
    [items::RULES, grounds::RULES, wording::RULES].concat()
}

/// One finding of a rule in one version file.
#[derive(Debug, Clone, Serialize)]
pub struct Lint {
    /// The rule's id.
    pub id: &'static str,
    /// The rule's severity.
    pub severity: Severity,
    /// The article the rule rests on.
    pub article: &'static str,
    /// What is missing or wrong here.
    pub message: String,
    /// How to fix it.
    pub fix: &'static str,
    /// The version file, as shown in messages.
    pub file: PathBuf,
    /// The YAML path of the value concerned, when there is one.
    pub yaml_path: Option<String>,
    /// Line, from 1, when known.
    pub line: Option<usize>,
    /// Column, from 1, when known.
    pub column: Option<usize>,
    /// The text of that line.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl fmt::Display for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}[{}]: {}", self.severity, self.id, self.message)?;
        let file = self.file.display();
        let at = self
            .yaml_path
            .as_ref()
            .map(|p| format!(" (at `{p}`)"))
            .unwrap_or_default();
        match (self.line, self.column) {
            (Some(line), Some(column)) => writeln!(f, "  --> {file}:{line}:{column}{at}")?,
            _ => writeln!(f, "  --> {file}{at}")?,
        }
        if let (Some(line), Some(column), Some(text)) = (self.line, self.column, &self.source_line) {
            let gutter = " ".repeat(line.to_string().len());
            let indent: String = text
                .chars()
                .take(column - 1)
                .map(|c| if c == '\t' { c } else { ' ' })
                .collect();
            writeln!(f, "{gutter} |\n{line} | {text}\n{gutter} | {indent}^")?;
        }
        writeln!(f, "  = fix: {}", self.fix)?;
        writeln!(f, "  = see: {}", self.article)
    }
}

/// Lints the versions people still edit or read first: each corporation's newest published version
/// and its draft. Findings silenced in the corporation's `lints.yaml` are left out; a broken
/// `lints.yaml` is a content error.
pub fn lint(content: &Content) -> Result<Vec<Lint>> {
    let mut lints = Vec::new();
    for corporation in &content.corporations {
        let allowed = allow::load(&content.dir, &corporation.slug)?;
        for version in corporation.newest().into_iter().chain(&corporation.draft) {
            lints.extend(lint_version(version).into_iter().filter(|l| !allowed.silences(l)));
        }
    }
    Ok(lints)
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
        let location = lint
            .yaml_path
            .as_deref()
            .and_then(|path| positions.nearest(path, false));
        if let Some(Location { line, column }) = location {
            lint.line = Some(line);
            lint.column = Some(column);
            lint.source_line = version.source.lines().nth(line - 1).map(str::to_owned);
        }
    }
    lints
}

/// The findings of one version while the rules run.
struct Findings<'a> {
    version: &'a Version,
    lints: Vec<Lint>,
}

impl Findings<'_> {
    /// Records a finding of `rule` at `path` (`None`: the statement as a whole).
    fn add(&mut self, rule: &'static Rule, path: Option<String>, message: impl Into<String>) {
        self.lints.push(Lint {
            id: rule.id,
            severity: rule.severity,
            article: rule.article,
            message: message.into(),
            fix: rule.fix,
            file: self.version.file.clone(),
            yaml_path: path,
            line: None,
            column: None,
            source_line: None,
        });
    }
}

#[cfg(test)]
mod tests;
