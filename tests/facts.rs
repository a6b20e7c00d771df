//! The facts of real statements: a camera statement modelled from the README alone shows every fact
//! on its page, print page and PDF; the defects found trying other statements stay fixed; and every
//! version file that loaded before still loads with every fact it gives.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::*;
use verklaar::content::model::Statement;

const CAMERA: &str = "proefdorp/2026-03-01";

/// Every fact of the camera fixture, as a reader sees it.
const CAMERA_FACTS: &[&str] = &[
    "Cameraverklaring",
    "Laatst gewijzigd 20 februari 2026",
    "Wij gebruiken nooit gezichtsherkenning.",
    "Wij hangen geen verborgen camera's op, tenzij er een concreet vermoeden van een strafbaar feit is.",
    "U bent verplicht uw gegevens te geven.",
    "Dat is nodig om een overeenkomst met u te sluiten.",
    "het sluiten van een huurovereenkomst",
    "wij kunnen geen huurovereenkomst met u sluiten",
    "ons kantoor",
    "Mijn Proefdorp (het huurdersportaal)",
    "Parkeergarage De Kelder: beelden bewaard 72 uur",
    "Entree Torenflat: beelden bewaard veertien dagen (alleen buiten kantooruren)",
    "Fietsenstalling Molenhof: beelden bewaard 7 dagen",
    "inbraak en vandalisme voorkomen",
    "tot de zaak is afgehandeld",
    "voordeuren van woningen; ramen van woningen",
    "alleen als het niet anders kan",
    "de beveiligingscoördinator; de politie na een aangifte",
    "op een minder ingrijpende manier kan worden bereikt",
    "een bord bij elke ingang",
    "zolang nodig voor de afhandeling van een incident",
    "Wij ontvangen ook gegevens van andere partijen.",
    "Bezoekers: iedereen die het complex binnenkomt",
    "Deze opsomming is niet uitputtend.",
    "Wij houden een register bij van alle verwerkingen van persoonsgegevens.",
    "Wij voeren geen gegevensbeschermingseffectbeoordelingen (DPIA) uit.",
    "Privacyreglement",
    "(privacyreglement), versie 2026: de regels voor medewerkers",
];

fn missing<'a>(text: &str, facts: &[&'a str]) -> Vec<&'a str> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    facts.iter().copied().filter(|fact| !text.contains(fact)).collect()
}

#[test]
fn a_camera_statement_shows_every_fact_on_its_page_and_print_page() {
    let site = build(&fixture("camera-statement"));
    for path in [format!("{CAMERA}/index.html"), format!("{CAMERA}/print/index.html")] {
        let text = unescape(&visible_text(&page(&site, &path)));
        assert_eq!(missing(&text, CAMERA_FACTS), Vec::<&str>::new(), "{path}:\n{text}");
    }
}

#[test]
fn a_camera_statement_shows_every_fact_in_its_pdf() {
    let site = build(&fixture("camera-statement"));
    let dir = tempfile::tempdir().unwrap();
    verklaar::site::write(&site, &dir.path().join("output")).unwrap();
    let pdf = dir
        .path()
        .join("output")
        .join(format!("{CAMERA}/proefdorp-2026-03-01.pdf"));
    let output = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output();
    let Ok(output) = output else {
        panic!("pdftotext is needed (tests/run installs it)")
    };
    let text = String::from_utf8_lossy(&output.stdout)
        .replace("\u{ad}\n", "")
        .replace("-\n", "");
    // The PDF sets the header on its cover as the print page does; the facts are the same.
    assert_eq!(missing(&text, &CAMERA_FACTS[2..]), Vec::<&str>::new(), "{text}");
}

#[test]
fn a_category_without_name_links_with_words_not_an_empty_link() {
    let site = build(&fixture("camera-statement"));
    for path in [format!("{CAMERA}/index.html"), format!("{CAMERA}/print/index.html")] {
        let html = page(&site, &path);
        assert!(
            html.contains(r##"<a href="#category-beelden">Persoonsgegevens</a>"##),
            "{path}"
        );
        assert!(!html.contains(r##"<a href="#category-beelden"></a>"##), "{path}");
    }
}

#[test]
fn a_position_that_repeats_the_roles_name_is_shown_once() {
    let site = build(&fixture("camera-statement"));
    let text = visible_text(&page(&site, &format!("{CAMERA}/index.html")));
    assert!(text.contains("Functionaris gegevensbescherming"), "{text}");
    assert!(
        !text.contains("Functionaris gegevensbescherming Functionaris gegevensbescherming"),
        "{text}"
    );
}

#[test]
fn a_corporation_whose_only_version_starts_later_is_upcoming_not_current() {
    let before = verklaar::site::build(
        &fixture("camera-statement"),
        verklaar::site::BuildOptions {
            drafts: false,
            today: "2026-01-15".parse().unwrap(),
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let statement = page(&before, "proefdorp/index.html");
    assert!(!statement.contains("(huidige versie)"), "labelled current");
    assert!(statement.contains("Deze privacyverklaring gaat in op 1 maart 2026."));
    let changelog = page(&before, "proefdorp/changes/index.html");
    assert!(changelog.contains("status-upcoming") && !changelog.contains("status-current"));
    let index = page(&before, "index.html");
    assert!(
        index.contains("Woonstichting Proefdorp"),
        "the corporation stays on the index"
    );
}

#[test]
fn an_unreadable_camera_retention_is_a_located_error_with_the_accepted_forms() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("camera-statement"), &content);
    let file = content.join("proefdorp/2026-03-01.yaml");
    let yaml = fs::read_to_string(&file)
        .unwrap()
        .replace("retention: 72 uur", "retention: drie nachten");
    fs::write(&file, yaml).unwrap();
    let error = verklaar::site::build(&content, options(false))
        .err()
        .map(|e| e.to_string());
    let error = error.unwrap_or_default();
    assert!(error.contains("`drie nachten` is not a duration"), "{error}");
    assert!(
        error.contains("`veertien dagen`") && error.contains("2026-03-01.yaml"),
        "{error}"
    );
    assert!(error.contains("camera_surveillance.locations[0]"), "{error}");
}

/// Every version file shipped or used as a valid fixture.
fn version_files() -> Vec<std::path::PathBuf> {
    let mut roots = vec![repo().join("content")];
    for name in ["valid", "theme-override", "camera-statement", "documents"] {
        roots.push(fixture(name));
    }
    let mut files = Vec::new();
    let dirs = |path: &Path| -> Vec<std::path::PathBuf> {
        let entries = fs::read_dir(path).unwrap().flatten();
        entries.map(|e| e.path()).filter(|p| p.is_dir()).collect()
    };
    for root in roots {
        for corporation in dirs(&root) {
            // The corporation's folder and the folders of its other documents.
            for folder in std::iter::once(corporation.clone()).chain(dirs(&corporation)) {
                for file in fs::read_dir(&folder).unwrap().flatten() {
                    // A translation (`2021-01-01.en.yaml`) holds only text; tests/languages.rs reads those.
                    let stem = file
                        .path()
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let translation = stem.rsplit_once('.').is_some_and(|(_, l)| l.len() <= 3);
                    if file.path().extension().is_some_and(|e| e == "yaml") && !translation {
                        files.push(file.path());
                    }
                }
            }
        }
    }
    files.sort();
    files
}

/// Whether every value given in `given` is in `read`, the same (defaults may add more).
fn kept(given: &serde_json::Value, read: &serde_json::Value, at: &str, lost: &mut Vec<String>) {
    use serde_json::Value::*;
    match (given, read) {
        (Object(given), Object(read)) => {
            for (key, value) in given {
                match read.get(key) {
                    Some(found) => kept(value, found, &format!("{at}.{key}"), lost),
                    None if value.is_null() => {}
                    None => lost.push(format!("{at}.{key}")),
                }
            }
        }
        (Array(given), Array(read)) if given.len() == read.len() => {
            for (i, (g, r)) in given.iter().zip(read).enumerate() {
                kept(g, r, &format!("{at}[{i}]"), lost);
            }
        }
        // A kind written as a plain word is read as a map of that kind (a channel).
        (String(_), Object(read)) if read.get("kind") == Some(given) => {}
        (given, read) if given == read => {}
        _ => lost.push(format!("{at}: {given} read as {read}")),
    }
}

/// Published versions are immutable: every file that loaded before still loads, and every value it
/// gives is read and written back as given (dates and texts unchanged, none dropped). Rendering is
/// pinned by the snapshot tests, fingerprints by the ledgers the builds verify.
#[test]
fn every_shipped_and_fixture_version_loads_with_every_fact_it_gives() {
    let files = version_files();
    assert!(files.len() >= 8, "{files:?}");
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        // A file based on a model holds deviations only; its resolved statement is tested in tests/models.rs.
        if text.lines().any(|line| line.starts_with("based_on:")) {
            continue;
        }
        let statement: Statement = verklaar::content::yaml::parse_str(&text, Path::new("x.yaml"))
            .unwrap_or_else(|e| panic!("{} no longer loads: {e:?}", file.display()));
        let given: serde_json::Value = serde_yaml::from_str(&text).unwrap();
        let read = serde_json::to_value(&statement).unwrap();
        let mut lost = Vec::new();
        kept(&given, &read, "", &mut lost);
        assert_eq!(lost, Vec::<String>::new(), "{}", file.display());
    }
}
