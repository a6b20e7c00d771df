//! Completeness lints: one fixture corporation per rule triggers exactly that rule, allow-lists,
//! the reports of `check`, and the commands for people editing (`new-corporation`, completions).

mod common;

use std::collections::BTreeSet;
use std::fs;

use common::*;
use verklaar::content::lint::{self, Lint};

fn ids(lints: &[Lint]) -> BTreeSet<&'static str> {
    lints.iter().map(|l| l.id).collect()
}

#[test]
fn each_rule_has_a_fixture_that_triggers_exactly_that_rule() {
    let content = verklaar::content::check(&fixture("lints")).unwrap();
    let mut covered = BTreeSet::new();
    for corporation in &content.corporations {
        let draft = corporation.draft.as_ref().unwrap();
        let found = ids(&lint::lint_version(draft));
        if corporation.slug == "clean" {
            assert!(found.is_empty(), "the clean statement triggers {found:?}");
            continue;
        }
        assert_eq!(
            found,
            BTreeSet::from([corporation.slug.as_str()]),
            "{}",
            corporation.slug
        );
        covered.insert(corporation.slug.clone());
    }
    let rules: BTreeSet<String> = lint::rules().iter().map(|r| r.id.to_owned()).collect();
    assert_eq!(covered, rules, "every rule needs a fixture in tests/fixtures/lints");
}

#[test]
fn a_lint_is_located_and_says_its_article_and_fix() {
    let content = verklaar::content::check(&fixture("lints")).unwrap();
    let draft = content
        .corporation("art12-3-deadline-not-one-month")
        .unwrap()
        .draft
        .as_ref()
        .unwrap();
    let lints = lint::lint_version(draft);
    assert_eq!(
        lints[0].to_string(),
        "\
warning[art12-3-deadline-not-one-month]: a request is answered within `vier weken`, but the AVG's deadline is one month
  --> content/art12-3-deadline-not-one-month/draft.yaml:65:15 (at `rights.procedure.deadline`)
   |
65 |     deadline: vier weken
   |               ^
  = fix: write `binnen een maand` (one month, which may be extended by two months when needed)
  = see: AVG art. 12(3)
"
    );
}

#[test]
fn the_seeds_show_their_real_gaps() {
    let content = verklaar::content::check(&repo().join("content")).unwrap();
    let wsk = content.corporation("woningstichting-kockengen").unwrap();
    let found = ids(&lint::lint_version(wsk.newest().unwrap()));
    for gap in [
        "outdated-law-wbp",
        "art13-2a-retention-not-concrete",
        "art12-3-deadline-not-one-month",
    ] {
        assert!(found.contains(gap), "{gap} not in {found:?}");
    }
}

#[test]
fn an_allow_list_with_a_reason_silences_a_lint_and_a_broken_one_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("lints"), &content);
    let allow = content.join("outdated-law-wbp/lints.yaml");
    fs::write(
        &allow,
        "allow:\n  - lint: outdated-law-wbp\n    reason: De Wbp staat alleen in de geschiedenis.\n",
    )
    .unwrap();
    let checked = verklaar::content::check(&content).unwrap();
    let lints = lint::lint(&checked).unwrap();
    assert!(!ids(&lints).contains("outdated-law-wbp"), "{:?}", ids(&lints));

    fs::write(&allow, "allow:\n  - lint: outdated-law-wpb\n    reason: \" \"\n").unwrap();
    let error = lint::lint(&checked).unwrap_err().to_string();
    assert_eq!(
        error,
        "\
error: there is no lint `outdated-law-wpb`
  --> content/outdated-law-wbp/lints.yaml:2:11 (at `allow[0].lint`)
  |
2 |   - lint: outdated-law-wpb
  |           ^
  = help: did you mean `outdated-law-wbp`? the ids are listed by `verklaar check` and in README.md

error: a silenced lint needs a reason
  --> content/outdated-law-wbp/lints.yaml:3:13 (at `allow[0].reason`)
  |
3 |     reason: \" \"
  |             ^
  = help: say in `reason:` why this statement leaves it, for the next person editing

2 errors in the content"
    );
}

#[test]
fn check_reports_lints_as_warnings_that_do_not_fail() {
    let dir = fixture("lints");
    let cwd = dir.parent().unwrap();
    let output = verklaar(&["check"], cwd);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with("content is valid: 26 corporations, 1 versions; 22 warnings, 3 notes"),
        "{stdout}"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("warning[art28-processor-without-agreement]"),
        "{stderr}"
    );

    let quiet = verklaar(&["check", "--quiet"], cwd);
    assert_eq!(quiet.status.code(), Some(0));
    assert!(quiet.stdout.is_empty() && quiet.stderr.is_empty());
}

#[test]
fn check_as_json_gives_errors_and_lints_with_their_lines() {
    let output = verklaar(&["check", "--format", "json"], fixture("lints").parent().unwrap());
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let lints = report["lints"].as_array().unwrap();
    assert_eq!(lints.len(), 25);
    let deadline = lints
        .iter()
        .find(|l| l["id"] == "art12-3-deadline-not-one-month")
        .unwrap();
    assert_eq!(deadline["line"], 65);
    assert_eq!(deadline["severity"], "warning");
    assert_eq!(deadline["article"], "AVG art. 12(3)");

    let broken = verklaar(
        &["check", "--format", "json"],
        &repo().join("tests/fixtures/five-mistakes"),
    );
    assert_eq!(broken.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&broken.stdout).unwrap();
    let lines: Vec<u64> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [4, 8, 12, 16, 19]);
}

#[test]
fn usage_errors_exit_with_2() {
    let output = verklaar(&["check", "--format", "xml"], &repo());
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_new_corporation_can_be_published_and_built_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("valid"), &content);
    let added = verklaar(
        &["new-corporation", "woonstad", "--name", "Woonstad: Wonen & Co"],
        dir.path(),
    );
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let draft = fs::read_to_string(content.join("woonstad/draft.yaml")).unwrap();
    assert!(draft.contains("  name: 'Woonstad: Wonen & Co'\n"), "{draft}");
    assert!(
        draft.starts_with(&format!("{}\n", verklaar::content::schema::MODELINE)),
        "{draft}"
    );
    assert!(
        content.join("version.schema.json").is_file(),
        "the schema the draft names is there"
    );
    let published = verklaar(&["publish", "woonstad", "--date", "2026-01-01"], dir.path());
    assert!(
        published.status.success(),
        "{}",
        String::from_utf8_lossy(&published.stderr)
    );
    let built = verklaar(&["build", "--today", TODAY], dir.path());
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    assert!(dir.path().join("output/woonstad/index.html").is_file());

    let again = verklaar(&["new-corporation", "woonstad", "--name", "X"], dir.path());
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}

#[test]
fn every_example_in_the_scaffold_is_valid_when_uncommented() {
    let scaffold = fs::read_to_string(repo().join("scaffold/new-corporation.yaml")).unwrap();
    let uncommented: String = scaffold
        .replace("{{name}}", "Acme")
        .lines()
        .filter(|line| !line.starts_with("##") && *line != verklaar::content::schema::MODELINE)
        .map(|line| format!("{}\n", line.strip_prefix("# ").unwrap_or(line)))
        .collect();
    let statement = verklaar::content::yaml::parse_str::<verklaar::content::model::Statement>(
        &uncommented,
        std::path::Path::new("draft.yaml"),
    );
    let statement = statement.unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
    assert!(statement.legal_bases.is_some() && statement.signatory.is_some());
}

#[test]
fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let output = verklaar(&["completions", shell], &repo());
        assert!(output.status.success(), "{shell}");
        let script = String::from_utf8(output.stdout).unwrap();
        assert!(script.contains("new-corporation"), "{shell}");
    }
}
