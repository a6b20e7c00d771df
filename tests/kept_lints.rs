//! The lint findings a build keeps per corporation: a build that reads them back shows exactly what
//! linting everything again shows, in the same order, and an edited draft, an edited `lints.yaml`,
//! another tool language or a broken cache file is linted anew.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// Builds into `output` with `LANG=lang`, panicking when it fails; its stderr (the lints shown).
fn build_in(lang: &str, cwd: &Path) -> String {
    let output = verklaar_in(lang, &["build", "--drafts", "--today", TODAY, "--out", "output"], cwd);
    assert!(
        output.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stderr).expect("utf-8")
}

/// What a build with no kept findings shows: the same build after the lint cache is removed.
fn linted_anew(lang: &str, cwd: &Path) -> String {
    let _ = fs::remove_file(cwd.join(".verklaar-cache/pages/output.lints.json"));
    build_in(lang, cwd)
}

#[test]
fn kept_lints_are_the_lints_found_anew_and_every_input_of_them_counts() {
    let dir = tempfile::tempdir().unwrap();
    let cwd = dir.path();
    copy_dir(&fixture("lints"), &cwd.join("content"));
    let first = build_in("C", cwd);
    assert!(first.contains("warning[outdated-law-wbp]"), "{first}");
    assert!(
        cwd.join(".verklaar-cache/pages/output.lints.json").is_file(),
        "the findings are kept"
    );
    assert_eq!(build_in("C", cwd), first, "findings read back are the findings");
    assert_eq!(linted_anew("C", cwd), first);

    // Another tool language is another key: its findings are in that language.
    let dutch = linted_anew("nl_NL.UTF-8", cwd);
    assert_ne!(dutch, first);
    build_in("C", cwd);
    assert_eq!(build_in("nl_NL.UTF-8", cwd), dutch);
    assert_eq!(build_in("C", cwd), first);

    // A silenced lint in `lints.yaml` (which no page depends on) is gone at once.
    let allow = cwd.join("content/outdated-law-wbp/lints.yaml");
    fs::write(
        &allow,
        "allow:\n  - lint: outdated-law-wbp\n    reason: De Wbp staat alleen in de geschiedenis.\n",
    )
    .unwrap();
    let silenced = build_in("C", cwd);
    assert!(!silenced.contains("warning[outdated-law-wbp]"), "{silenced}");
    assert_eq!(linted_anew("C", cwd), silenced);

    // An edited draft is linted again: its finding moves with the edit.
    let draft = cwd.join("content/art12-3-deadline-not-one-month/draft.yaml");
    let text = fs::read_to_string(&draft).unwrap();
    fs::write(&draft, format!("# a line more\n{text}")).unwrap();
    let edited = build_in("C", cwd);
    assert_ne!(edited, silenced);
    assert!(edited.contains("draft.yaml:66:15"), "{edited}");
    assert_eq!(linted_anew("C", cwd), edited);

    // A broken cache file is a miss.
    fs::write(cwd.join(".verklaar-cache/pages/output.lints.json"), "{\"clean\": 1").unwrap();
    assert_eq!(build_in("C", cwd), edited);

    // A broken `lints.yaml` is still an error, though the corporation's pages are kept.
    fs::write(&allow, "allow:\n  - lint: outdated-law-wpb\n    reason: x\n").unwrap();
    let output = verklaar(&["build", "--drafts", "--today", TODAY, "--out", "output"], cwd);
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("there is no lint `outdated-law-wpb`"), "{said}");
}
