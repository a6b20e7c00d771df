//! The change log as a table: each case in `tests/fixtures/changes/cases.yaml` is a pair of small
//! versions, the one sentence `verklaar diff` prints for it, and whether it is fundamental.

use std::path::Path;

use serde::Deserialize;
use serde_yaml::{Mapping, Value};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    base: Mapping,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    before: Mapping,
    #[serde(default)]
    after: Mapping,
    sentence: String,
    /// Further sentences of the same class the same edit brings, e.g. the items of a new category.
    #[serde(default)]
    also: Vec<String>,
    class: Class,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Class {
    Fundamental,
    Editorial,
}

/// The base with the sections of `over` in their place; a section set to null is left out.
fn version(base: &Mapping, over: &Mapping, published: Option<&str>) -> String {
    let mut version = Mapping::new();
    if let Some(date) = published {
        version.insert("published".into(), date.into());
    }
    for (key, value) in base {
        version.insert(key.clone(), value.clone());
    }
    for (key, value) in over {
        match value {
            Value::Null => {
                version.remove(key);
            }
            value => {
                version.insert(key.clone(), value.clone());
            }
        }
    }
    serde_yaml::to_string(&version).expect("a version serialises")
}

/// The change lines `verklaar diff` prints from `before` (published, recorded) to `after` (the draft).
fn diff(content: &Path, before: &str, after: &str) -> Result<Vec<String>, String> {
    let statement = content.join("linde");
    std::fs::create_dir_all(&statement).expect("a statement folder");
    std::fs::write(content.join("site.yaml"), SITE).expect("site.yaml");
    std::fs::write(statement.join("2020-01-01.yaml"), before).expect("the older version");
    std::fs::write(statement.join("draft.yaml"), after).expect("the draft");
    verklaar::commands::record(content, Some("linde"), &["2020-01-01".to_owned()])
        .map_err(|e| format!("record: {e}"))?;
    // The cases are Dutch sentences: `diff` words them in the tool's language.
    verklaar::messages::set_language(verklaar::messages::Lang::Nl);
    let out = verklaar::commands::diff(content, "linde", "2020-01-01", "draft").map_err(|e| format!("diff: {e}"))?;
    Ok(out.summary.lines().skip(1).map(str::to_owned).collect())
}

const SITE: &str = "title: Test\nbase_url: https://example.org/\nlanguage: nl\ntheme: default\n";

#[test]
fn every_case_reads_as_its_sentence_and_class() {
    let source =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/changes/cases.yaml"))
            .expect("the table of cases");
    let table: Table = serde_yaml::from_str(&source).expect("the table parses");
    assert!(table.cases.len() >= 40, "at least 40 cases, not {}", table.cases.len());
    let mut failures = Vec::new();
    for case in &table.cases {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let content = dir.path().join("content");
        let lines = diff(
            &content,
            &version(&table.base, &case.before, Some("2020-01-01")),
            &version(&table.base, &case.after, None),
        )
        .unwrap_or_else(|error| vec![error]);
        let expected_mark = if case.class == Class::Fundamental { '!' } else { ' ' };
        let expected: Vec<&String> = std::iter::once(&case.sentence).chain(&case.also).collect();
        let ok = lines.len() == expected.len()
            && lines
                .iter()
                .zip(&expected)
                .all(|(line, sentence)| line.starts_with(expected_mark) && line.get(3..) == Some(sentence.as_str()));
        if !ok {
            failures.push(format!(
                "{}:\n  expected: {expected_mark}  {}\n  got:      {}",
                case.name,
                case.sentence,
                lines.join("\n  also:     ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        table.cases.len(),
        failures.join("\n")
    );
}
