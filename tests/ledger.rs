//! The ledger: legacy ledgers keep building and are upgraded when written; the text readers see
//! is fingerprinted; entries are chained so that none disappears unnoticed; errata cannot make
//! fundamental changes.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// A copy of the valid fixture (whose ledger predates the chain) in a temp dir.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/valid"), dir.path());
    dir
}

fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = verklaar(args, dir);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), text)
}

const V2021: &str = "content/voorbeeld-wonen/2021-03-01.yaml";

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Publishes the fixture's draft on 2026-01-01.
fn publish(dir: &Path) {
    let draft = dir.join("content/voorbeeld-wonen/draft.yaml");
    let text = fs::read_to_string(&draft).unwrap();
    fs::write(&draft, format!("summary: Een nieuwe versie.\n{text}")).unwrap();
    let (code, text) = run(dir, &["publish", "voorbeeld-wonen", "--date", "2026-01-01"]);
    assert_eq!(code, 0, "{text}");
}

#[test]
fn a_legacy_ledger_builds_unchanged_and_is_upgraded_by_publish() {
    let dir = site();
    let before = fs::read_to_string(dir.path().join("content/ledger.yaml")).unwrap();
    assert!(!before.contains("_chain"), "the fixture's ledger is of the old format");
    assert_eq!(run(dir.path(), &["check"]).0, 0);
    publish(dir.path());
    let after = fs::read_to_string(dir.path().join("content/ledger.yaml")).unwrap();
    assert!(
        after.contains("_chain:\n  voorbeeld-wonen:\n    newest: 2026-01-01\n"),
        "{after}"
    );
    assert_eq!(after.matches("\n    text: sha256:").count(), 3, "{after}");
    assert_eq!(after.matches("\n      link: sha256:").count(), 3, "{after}");
    // The old facts hashes are kept as they were.
    for line in before.lines().filter(|l| l.trim_start().starts_with("hash:")) {
        assert!(after.contains(line), "{line}");
    }
    let (code, text) = run(dir.path(), &["check"]);
    assert_eq!(code, 0, "{text}");
}

#[test]
fn a_respelled_scalar_stops_the_build_once_the_ledger_knows_the_text() {
    let dir = site();
    // Before the upgrade only the facts are known: `true` and `True` are the same fact.
    edit(dir.path(), V2021, "from_others: true", "from_others: True");
    assert_eq!(run(dir.path(), &["check"]).0, 0);
    edit(dir.path(), V2021, "from_others: True", "from_others: true");
    publish(dir.path());
    edit(dir.path(), V2021, "from_others: true", "from_others: True");
    let (code, text) = run(dir.path(), &["check"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("2021-03-01.yaml"), "{text}");
    assert!(
        text.contains("spelled differently than when it was published"),
        "{text}"
    );
}

#[test]
fn removing_an_entry_with_or_without_its_file_is_named() {
    for with_file in [false, true] {
        let dir = site();
        publish(dir.path());
        let ledger = dir.path().join("content/ledger.yaml");
        let text = fs::read_to_string(&ledger).unwrap();
        let start = text.find("\n  2021-03-01:").unwrap();
        let end = text[start + 1..].find("\n  2026-01-01:").unwrap() + start + 1;
        fs::write(&ledger, format!("{}{}", &text[..start], &text[end..])).unwrap();
        if with_file {
            fs::remove_file(dir.path().join(V2021)).unwrap();
        }
        let (code, text) = run(dir.path(), &["check"]);
        assert_eq!(code, 1, "{text}");
        assert!(
            text.contains("the entry of version 2021-03-01, recorded before 2026-01-01, is missing"),
            "{text}"
        );
        assert!(text.contains(V2021), "{text}");
    }
}

#[test]
fn removing_the_newest_entry_and_its_file_is_named() {
    let dir = site();
    publish(dir.path());
    let ledger = dir.path().join("content/ledger.yaml");
    let text = fs::read_to_string(&ledger).unwrap();
    let start = text.find("\n  2026-01-01:").unwrap();
    fs::write(&ledger, &text[..start + 1]).unwrap();
    fs::remove_file(dir.path().join("content/voorbeeld-wonen/2026-01-01.yaml")).unwrap();
    let (code, text) = run(dir.path(), &["check"]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("the entry of version 2026-01-01, the newest, is missing"),
        "{text}"
    );
}

#[test]
fn an_erratum_refuses_fundamental_changes_and_accepts_corrections() {
    let dir = site();
    let erratum = ["erratum", "voorbeeld-wonen", "2021-03-01", "--reason", "Typefout"];
    // Retention 2 -> 10 years is kept longer: fundamental.
    edit(dir.path(), V2021, "period: 2 jaar", "period: 10 jaar");
    let (code, text) = run(dir.path(), &erratum);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("fundamental change"), "{text}");
    assert!(text.contains("longer_retention"), "{text}");
    assert!(text.contains("verklaar new-version voorbeeld-wonen"), "{text}");
    edit(dir.path(), V2021, "period: 10 jaar", "period: 2 jaar");
    // A new recipient: fundamental.
    edit(
        dir.path(),
        V2021,
        "    - id: cloud\n",
        "    - id: incasso\n      name: Incassobureau\n      kind: processor\n    - id: cloud\n",
    );
    let (code, text) = run(dir.path(), &erratum);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("new_recipient"), "{text}");
    edit(
        dir.path(),
        V2021,
        "    - id: incasso\n      name: Incassobureau\n      kind: processor\n",
        "",
    );
    // A typo: accepted.
    edit(
        dir.path(),
        V2021,
        "Bereikbaar op werkdagen.",
        "Bereikbaar op alle werkdagen.",
    );
    let (code, text) = run(dir.path(), &erratum);
    assert_eq!(code, 0, "{text}");
    assert_eq!(run(dir.path(), &["check"]).0, 0);
}
