//! What a lint is: its rule (id, severity, article, fix) and its findings, located in a file.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use crate::content::version::Version;

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
        let name = match self {
            Severity::Warning => msg!("warning"),
            Severity::Info => msg!("info"),
        };
        write!(f, "{name}")
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
    /// How to fix it (in English; shown and serialised in the tool's language).
    #[serde(serialize_with = "in_tool_language")]
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
            .map(|p| msg!(" (at `{p}`)", p))
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
        writeln!(f, "{}", msg!("  = fix: {fix}", fix = crate::messages::text(self.fix)))?;
        writeln!(
            f,
            "{}",
            msg!("  = see: {article}", article = crate::messages::text(self.article))
        )
    }
}

/// A fixed English text of a rule, serialised in the tool's language.
fn in_tool_language<S: serde::Serializer>(text: &&'static str, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(crate::messages::text(text))
}

/// The findings of one version while the rules run.
pub(crate) struct Findings<'a> {
    pub(crate) version: &'a Version,
    pub(crate) lints: Vec<Lint>,
}

impl Findings<'_> {
    /// Records a finding of `rule` at `path` (`None`: the statement as a whole).
    pub(crate) fn add(&mut self, rule: &'static Rule, path: Option<String>, message: impl Into<String>) {
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
