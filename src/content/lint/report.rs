//! The machine-readable report of `verklaar check --format json`: errors and lints as JSON.

use serde_json::{Value, json};

use super::finding::Lint;
use crate::error::ContentError;

/// `{"errors": [...], "lints": [...]}`, one object per problem with file, line and column.
pub fn to_json(errors: &[ContentError], lints: &[Lint]) -> String {
    let errors: Vec<Value> = errors
        .iter()
        .map(|e| {
            json!({
                "kind": format!("{:?}", e.kind),
                "message": e.message,
                "file": e.file.to_string_lossy(),
                "yaml_path": e.yaml_path,
                "line": e.location.map(|l| l.line),
                "column": e.location.map(|l| l.column),
                "help": e.help,
            })
        })
        .collect();
    let report = json!({ "errors": errors, "lints": lints });
    serde_json::to_string_pretty(&report).unwrap_or_default()
}
