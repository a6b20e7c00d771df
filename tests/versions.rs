//! Versions end to end: the ledger refuses silent edits and removals, the commands make versions
//! the proper way, and the site shows change logs, diff pages and Atom feeds.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;

/// A copy of the valid fixture (two published versions and a draft) in a temporary folder.
fn copy_of_valid() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("valid"), &content);
    (dir, content)
}

fn check_error(content: &Path) -> String {
    verklaar::content::check(content).unwrap_err().to_string()
}

fn run_ok(args: &[&str], cwd: &Path) -> String {
    let output = verklaar(args, cwd);
    assert!(
        output.status.success(),
        "verklaar {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn run_err(args: &[&str], cwd: &Path) -> String {
    let output = verklaar(args, cwd);
    assert_eq!(output.status.code(), Some(1), "verklaar {args:?} should fail");
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn a_changed_published_version_fails_the_build_naming_file_and_facts() {
    let (_dir, content) = copy_of_valid();
    let file = content.join("voorbeeld-wonen/2021-03-01.yaml");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replace(
            "period: 2 jaar\n      trigger: na einde huurcontract\n    - category: financieel",
            "period: 5 jaar\n      trigger: na einde huurcontract\n    - category: financieel",
        ),
    )
    .unwrap();
    let error = check_error(&content);
    assert!(
        error.contains("error: this version is published, and its facts changed after publication: changed `retention.periods[contact]`"),
        "{error}"
    );
    assert!(
        error.contains("--> content/voorbeeld-wonen/2021-03-01.yaml:"),
        "{error}"
    );
    assert!(error.contains("| retention:"), "the snippet shows where: {error}");
    assert!(error.contains("verklaar new-version voorbeeld-wonen"), "{error}");
    assert!(
        error.contains("verklaar erratum voorbeeld-wonen 2021-03-01 --reason"),
        "{error}"
    );
    assert!(error.ends_with("1 error in the content"), "{error}");

    // Comments and layout are not facts: changing them is fine.
    fs::write(&file, format!("# Een opmerking.\n{text}")).unwrap();
    assert!(verklaar::content::check(&content).is_ok());
}

#[test]
fn a_removed_published_version_fails_the_build_naming_the_file() {
    let (_dir, content) = copy_of_valid();
    fs::remove_file(content.join("voorbeeld-wonen/2020-01-01.yaml")).unwrap();
    let error = check_error(&content);
    assert!(
        error.contains(
            "error: this published version was removed; published versions stay online at their address forever\n  --> content/voorbeeld-wonen/2020-01-01.yaml"
        ),
        "{error}"
    );
    assert!(
        error.contains("git checkout -- content/voorbeeld-wonen/2020-01-01.yaml"),
        "{error}"
    );

    // A whole corporation folder removed is caught too.
    let (_dir, content) = copy_of_valid();
    fs::remove_dir_all(content.join("voorbeeld-wonen")).unwrap();
    let error = check_error(&content);
    assert_eq!(
        error.matches("this published version was removed").count(),
        2,
        "{error}"
    );
}

#[test]
fn a_published_version_missing_from_the_ledger_is_refused_until_recorded() {
    let (dir, content) = copy_of_valid();
    fs::remove_file(content.join("ledger.yaml")).unwrap();
    let error = check_error(&content);
    assert_eq!(
        error.matches("this published version is not in the ledger").count(),
        2,
        "{error}"
    );
    assert!(error.contains("verklaar record voorbeeld-wonen 2020-01-01"), "{error}");
    run_ok(&["record", "voorbeeld-wonen", "2020-01-01"], dir.path());
    run_ok(&["record", "voorbeeld-wonen", "2021-03-01"], dir.path());
    assert!(verklaar::content::check(&content).is_ok());
    let again = run_err(&["record", "voorbeeld-wonen", "2021-03-01"], dir.path());
    assert!(again.contains("already in the ledger"), "{again}");
}

#[test]
fn many_versions_are_recorded_in_one_call_as_if_one_by_one() {
    let (one_dir, one) = copy_of_valid();
    fs::remove_file(one.join("ledger.yaml")).unwrap();
    run_ok(&["record", "voorbeeld-wonen", "2020-01-01"], one_dir.path());
    run_ok(&["record", "voorbeeld-wonen", "2021-03-01"], one_dir.path());
    let one_by_one = fs::read_to_string(one.join("ledger.yaml")).unwrap();

    let (named_dir, named) = copy_of_valid();
    fs::remove_file(named.join("ledger.yaml")).unwrap();
    let said = run_ok(
        &["record", "voorbeeld-wonen", "2020-01-01", "2021-03-01"],
        named_dir.path(),
    );
    assert!(said.contains("recorded 2 versions"), "{said}");
    assert_eq!(fs::read_to_string(named.join("ledger.yaml")).unwrap(), one_by_one);

    let (all_dir, all) = copy_of_valid();
    fs::remove_file(all.join("ledger.yaml")).unwrap();
    run_ok(&["record", "voorbeeld-wonen", "2020-01-01"], all_dir.path());
    run_ok(&["record", "--all"], all_dir.path());
    assert_eq!(fs::read_to_string(all.join("ledger.yaml")).unwrap(), one_by_one);
    assert!(verklaar::content::check(&all).is_ok());
    let nothing = run_ok(&["record", "--all"], all_dir.path());
    assert!(nothing.contains("in the ledger already"), "{nothing}");
    assert_eq!(fs::read_to_string(all.join("ledger.yaml")).unwrap(), one_by_one);

    // A name already recorded refuses the whole call, writing nothing.
    let (mixed_dir, mixed) = copy_of_valid();
    fs::remove_file(mixed.join("ledger.yaml")).unwrap();
    run_ok(&["record", "voorbeeld-wonen", "2020-01-01"], mixed_dir.path());
    let before = fs::read_to_string(mixed.join("ledger.yaml")).unwrap();
    let refused = run_err(
        &["record", "voorbeeld-wonen", "2021-03-01", "2020-01-01"],
        mixed_dir.path(),
    );
    assert!(refused.contains("already in the ledger"), "{refused}");
    assert_eq!(fs::read_to_string(mixed.join("ledger.yaml")).unwrap(), before);
}

#[test]
fn new_version_edit_publish_build_round_trip() {
    let (dir, content) = copy_of_valid();
    let cwd = dir.path();
    fs::remove_file(content.join("voorbeeld-wonen/draft.yaml")).unwrap();

    let unknown = run_err(&["new-version", "onbekend"], cwd);
    assert!(unknown.contains("there is no corporation `onbekend`"), "{unknown}");
    assert!(unknown.contains("the corporations are: voorbeeld-wonen"), "{unknown}");
    let nothing = run_err(&["publish", "voorbeeld-wonen"], cwd);
    assert!(nothing.contains("has no draft to publish"), "{nothing}");

    let said = run_ok(&["new-version", "voorbeeld-wonen"], cwd);
    assert!(said.contains("content/voorbeeld-wonen/draft.yaml"), "{said}");
    let draft_file = content.join("voorbeeld-wonen/draft.yaml");
    let draft = fs::read_to_string(&draft_file).unwrap();
    assert!(!draft.contains("published:"), "the draft has no date yet");
    assert!(
        draft.starts_with(&format!(
            "{}\n# Every field of the model",
            verklaar::content::schema::MODELINE
        )),
        "the schema line comes first, and comments are kept"
    );
    assert!(
        content.join("version.schema.json").is_file(),
        "the schema it names is beside site.yaml"
    );
    let again = run_err(&["new-version", "voorbeeld-wonen"], cwd);
    assert!(again.contains("already has a draft"), "{again}");

    // The edit: a longer retention period for contact data.
    let edited = draft.replace(
        "    - category: contact\n      period: 2 jaar",
        "    - category: contact\n      period: 5 jaar",
    );
    assert_ne!(edited, draft);
    fs::write(&draft_file, &edited).unwrap();
    let no_summary = run_err(&["publish", "voorbeeld-wonen", "--date", "2026-11-21"], cwd);
    assert!(no_summary.contains("the draft has no `summary:`"), "{no_summary}");
    fs::write(
        &draft_file,
        format!("summary: Wij bewaren contactgegevens langer, voor de nazorg na een verhuizing.\n{edited}"),
    )
    .unwrap();
    let too_early = run_err(&["publish", "voorbeeld-wonen", "--date", "2021-01-01"], cwd);
    assert!(too_early.contains("cannot start before it"), "{too_early}");
    let published = run_ok(&["publish", "voorbeeld-wonen", "--date", "2026-11-21"], cwd);
    assert!(published.contains("as version 2026-11-21"), "{published}");
    assert!(!draft_file.exists(), "publishing takes the draft away");
    let version = fs::read_to_string(content.join("voorbeeld-wonen/2026-11-21.yaml")).unwrap();
    assert!(version.contains("published: 2026-11-21\n"), "{version}");
    let ledger = fs::read_to_string(content.join("ledger.yaml")).unwrap();
    assert!(ledger.contains("  2026-11-21:\n    hash: sha256:"), "{ledger}");

    let site = build(&content);
    let changelog = visible_text(&page(&site, "voorbeeld-wonen/changes/index.html"));
    assert!(
        changelog.contains("Ingrijpende wijziging: Contactgegevens bewaren we voortaan 5 jaar in plaats van 2 (want: een langere bewaartermijn)"),
        "{changelog}"
    );
    assert!(changelog.contains("Wij bewaren contactgegevens langer, voor de nazorg na een verhuizing."));
    assert!(changelog.contains("een langere bewaartermijn"), "{changelog}");
    let diff = page(&site, "voorbeeld-wonen/2026-11-21/changes/index.html");
    assert!(diff.contains(r#"<del><span class="visually-hidden">verwijderd: </span>2</del><ins><span class="visually-hidden">toegevoegd: </span>5</ins> jaar"#), "{diff}");
    let previous = page(&site, "voorbeeld-wonen/2021-03-01/index.html");
    assert!(previous.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(visible_text(&previous).contains("Deze versie gold van 1 maart 2021 tot 21 november 2026."));

    // A second version on the same day gets a suffix.
    run_ok(&["new-version", "voorbeeld-wonen"], cwd);
    let draft = fs::read_to_string(&draft_file).unwrap();
    fs::write(
        &draft_file,
        format!(
            "summary: Een kleine correctie.\n{}",
            draft.replace("Wij zijn zuinig", "Wij zijn erg zuinig")
        ),
    )
    .unwrap();
    let second = run_ok(&["publish", "voorbeeld-wonen", "--date", "2026-11-21"], cwd);
    assert!(second.contains("as version 2026-11-21-2"), "{second}");
    let site = build(&content);
    assert!(
        site.files
            .contains_key("voorbeeld-wonen/2026-11-21-2/changes/index.html")
    );
}

#[test]
fn an_erratum_is_a_deliberate_act_with_a_reason_shown_on_the_page() {
    let (dir, content) = copy_of_valid();
    let file = content.join("voorbeeld-wonen/2021-03-01.yaml");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replace("phone: 030 123 45 67", "phone: 030 123 45 76")).unwrap();
    assert!(check_error(&content).contains("changed `organisation`"));
    let no_reason = run_err(
        &["erratum", "voorbeeld-wonen", "2021-03-01", "--reason", " "],
        dir.path(),
    );
    assert!(no_reason.contains("an erratum needs a reason"), "{no_reason}");
    let said = run_ok(
        &[
            "erratum",
            "voorbeeld-wonen",
            "2021-03-01",
            "--reason",
            "Telefoonnummer verbeterd (cijfers omgedraaid).",
        ],
        dir.path(),
    );
    assert!(said.contains("(organisation)"), "{said}");
    let site = build(&content);
    let statement = visible_text(&page(&site, "voorbeeld-wonen/2021-03-01/index.html"));
    assert!(statement.contains("Correcties na publicatie"), "{statement}");
    assert!(
        statement.contains(": Telefoonnummer verbeterd (cijfers omgedraaid)."),
        "{statement}"
    );
    let changelog = visible_text(&page(&site, "voorbeeld-wonen/changes/index.html"));
    assert!(changelog.contains("Telefoonnummer verbeterd"), "{changelog}");
    let unchanged = run_err(
        &["erratum", "voorbeeld-wonen", "2021-03-01", "--reason", "x"],
        dir.path(),
    );
    assert!(
        unchanged.contains("has not changed since it was recorded"),
        "{unchanged}"
    );
}

#[test]
fn diff_command_lists_fact_changes_and_names_unknown_versions() {
    // The fixture is a frozen copy of the demo corporation: editing the shipped demo breaks nothing here.
    let repo = fixture("history").parent().unwrap().to_path_buf();
    // The fixture's theme words changes in Dutch only: asked in Dutch, header and lines are Dutch.
    let out = run_ok(
        &["--lang", "nl", "diff", "voorbeeldhof", "2021-01-01", "2023-04-01"],
        &repo,
    );
    assert!(
        out.starts_with("voorbeeldhof: versie 2021-01-01 → versie 2023-04-01, 13 wijzigingen (waarvan 8 ingrijpend, gemarkeerd met !)"),
        "{out}"
    );
    assert!(
        out.contains(
            "\n!~ Betaalgegevens bewaren we voortaan 7 jaar in plaats van 2 (want: een langere bewaartermijn)\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("\n > Telefoonnummer staat nu op een andere plaats in de verklaring\n"),
        "{out}"
    );
    assert!(
        !out.contains('\x1b'),
        "no colour when NO_COLOR is set or output is not a terminal"
    );
    let unknown = run_err(&["diff", "voorbeeldhof", "2021-01-01", "2022-02-02"], &repo);
    assert!(
        unknown.contains("voorbeeldhof has no version `2022-02-02`"),
        "{unknown}"
    );
    assert!(
        unknown.contains("the versions are: 2021-01-01, 2023-04-01, 2025-07-01, 2027-01-01"),
        "{unknown}"
    );
}

#[test]
fn a_corporation_with_four_versions_shows_its_history() {
    let site = build(&fixture("history"));
    let current = page(&site, "voorbeeldhof/index.html");
    let text = visible_text(&current);
    assert!(text.contains("Geldt sinds 1 juli 2025, tot 1 januari 2027"), "{text}");
    assert!(
        text.contains("Op 1 januari 2027 verandert deze privacyverklaring. Bekijk wat er verandert"),
        "{text}"
    );
    assert!(
        current.contains(r#"href="../voorbeeldhof/2027-01-01/changes/""#),
        "the announcement links to the changes"
    );
    assert!(!current.contains("noindex"));

    let old = page(&site, "voorbeeldhof/2021-01-01/index.html");
    assert!(old.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(old.contains(r#"<link rel="canonical" href="https://privacy.example.org/voorbeeldhof/">"#));
    assert!(visible_text(&old).contains(
        "Dit is niet de actuele versie van deze privacyverklaring. Deze versie gold van 1 januari 2021 tot 1 april 2023. Lees de actuele versie"
    ));
    let upcoming = visible_text(&page(&site, "voorbeeldhof/2027-01-01/index.html"));
    assert!(upcoming.contains("Deze versie gaat in op 1 januari 2027. Tot die datum geldt de actuele versie."));

    let changelog = page(&site, "voorbeeldhof/changes/index.html");
    let log = visible_text(&changelog);
    let order: Vec<usize> = [
        "Versie van 1 januari 2027",
        "Versie van 1 juli 2025",
        "Versie van 1 april 2023",
        "Versie van 1 januari 2021",
    ]
    .iter()
    .map(|v| log.find(v).unwrap_or_else(|| panic!("{v} missing: {log}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "newest first: {order:?}");
    for expected in [
        "We gebruiken uw gegevens voortaan ook voor: D Leefbaarheid en overlast aanpakken",
        "We delen uw gegevens voortaan ook met Gemeente Voorbeeldstad (een overheidsinstantie)",
        "Betaalgegevens bewaren we voortaan 7 jaar in plaats van 2",
        "Bij Contactgegevens verwerken we voortaan ook: geboortedatum",
        "Inkomen valt voortaan onder Gegevens voor woningtoewijzing (was: Betaalgegevens)",
        "We gebruiken uw gegevens niet meer voor: C Onderhoud en reparaties",
        "Incassobureau is voortaan een verwerker (was: een andere organisatie)",
        "We geven uw gegevens voortaan ook door buiten de EU: Cloudleverancier (Verenigde Staten)",
        "Een computer beslist voortaan soms over u, zonder dat een mens meekijkt",
        "We verwerken voortaan ook gegevens van een nieuwe groep mensen: bezoekers van onze website",
        "De grond Wettelijke verplichting geldt voortaan ook voor B Innen van de huur",
        "Aannemers en installateurs krijgt uw gegevens voortaan ook voor A Verhuren van woningen; niet meer voor C Onderhoud en reparaties",
        "Gegevens over overlast bewaren we voortaan 1 jaar in plaats van 2",
        "We gebruiken voortaan camera's",
        "komende versie",
        "Ingrijpende wijziging",
    ] {
        assert!(log.contains(expected), "change log lacks {expected:?}: {log}");
    }
    // Moves are moves: nothing about an item that only moved says it is new or gone.
    assert!(!log.contains("Bij Gegevens voor woningtoewijzing verwerken we voortaan ook: inkomen"));
    assert!(!log.contains("Bij Contactgegevens verwerken we niet meer: telefoonnummer"));

    let diff = page(&site, "voorbeeldhof/2023-04-01/changes/index.html");
    assert!(diff.contains(r#"<del><span class="visually-hidden">verwijderd: </span>2</del><ins><span class="visually-hidden">toegevoegd: </span>7</ins> jaar"#), "word-level change of the retention period");
    assert!(
        diff.contains(r#"<details class="diff-section diff-section-unchanged" id="diff-complaints">"#),
        "unchanged sections are collapsed"
    );
    let page = |site, path| asset_hashes_as_words(&page(site, path));
    insta::assert_snapshot!("voorbeeldhof-changes", page(&site, "voorbeeldhof/changes/index.html"));
    insta::assert_snapshot!(
        "voorbeeldhof-diff-2025",
        page(&site, "voorbeeldhof/2025-07-01/changes/index.html")
    );

    let manifest: serde_json::Value = serde_json::from_str(&page(&site, "index.json")).unwrap();
    let demo = manifest["corporations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "voorbeeldhof")
        .unwrap();
    assert_eq!(demo["changelog"], "voorbeeldhof/changes/");
    assert_eq!(demo["feed"], "voorbeeldhof/feed.xml");
    assert_eq!(demo["versions"][0]["in_force_until"], "2023-04-01");
    assert!(demo["versions"][3].get("in_force_until").is_none());
}

#[test]
fn the_current_version_follows_the_build_date() {
    let content = fixture("history");
    let later = verklaar::site::build(
        &content,
        verklaar::site::BuildOptions {
            drafts: false,
            today: "2027-01-01".parse().unwrap(),
        },
    )
    .unwrap();
    let text = visible_text(&page(&later, "voorbeeldhof/index.html"));
    assert!(text.contains("Geldt sinds 1 januari 2027"), "{text}");
    assert!(!text.contains("verandert deze privacyverklaring"), "{text}");
}

#[test]
fn feeds_are_valid_atom_with_one_entry_per_published_version() {
    let site = build(&fixture("history"));
    let feed: atom_syndication::Feed = page(&site, "voorbeeldhof/feed.xml").parse().unwrap();
    assert_eq!(feed.entries().len(), 4);
    assert_eq!(feed.id(), "https://privacy.example.org/voorbeeldhof/feed.xml");
    assert_eq!(
        feed.entries()[0].id(),
        "https://privacy.example.org/voorbeeldhof/2027-01-01/"
    );
    // The upcoming version is announced as of the day the version before it took effect, never
    // with a date in the future, and says from when it applies.
    let upcoming = &feed.entries()[0];
    assert_eq!(upcoming.updated().to_rfc3339(), "2025-07-01T00:00:00+00:00");
    assert_eq!(
        upcoming.published().map(|d| d.to_rfc3339()).as_deref(),
        Some("2025-07-01T00:00:00+00:00")
    );
    let announcement = upcoming.content().and_then(|c| c.value()).unwrap_or_default();
    assert!(
        announcement.contains("Aangekondigd: deze versie geldt vanaf 1 januari 2027."),
        "{announcement}"
    );
    let content = feed.entries()[1].content().and_then(|c| c.value()).unwrap_or_default();
    assert!(
        content.contains("We geven uw gegevens voortaan ook door buiten de EU: Cloudleverancier (Verenigde Staten)"),
        "{content}"
    );
    assert_eq!(feed.updated().to_rfc3339(), "2025-07-01T00:00:00+00:00");

    let site_feed: atom_syndication::Feed = page(&site, "feed.xml").parse().unwrap();
    assert_eq!(
        site_feed.entries().len(),
        4,
        "every published version of every corporation"
    );
    let ids: std::collections::BTreeSet<&str> = site_feed.entries().iter().map(|e| e.id()).collect();
    assert_eq!(ids.len(), 4, "ids are unique");
    assert!(
        site_feed
            .entries()
            .iter()
            .all(|e| e.links()[0].href().starts_with("https://privacy.example.org/"))
    );
    let today = format!("{}T00:00:00+00:00", common::TODAY);
    for entry in feed.entries().iter().chain(site_feed.entries()) {
        assert!(
            entry.updated().to_rfc3339() <= today,
            "{} is dated in the future",
            entry.id()
        );
    }
    assert!(site_feed.updated().to_rfc3339() <= today);
}

/// A version with fundamental changes gets an announcement in plain words, as files and on the site;
/// one with only editorial changes gets none.
#[test]
fn announce_writes_the_letter_for_fundamental_changes_and_nothing_for_editorial_ones() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("history"), &content);
    let out = run_ok(
        &["announce", "voorbeeldhof", "2025-07-01", "--out", "letters"],
        dir.path(),
    );
    assert!(
        out.starts_with("wrote the announcement of voorbeeldhof 2025-07-01"),
        "{out}"
    );
    let text = fs::read_to_string(dir.path().join("letters/voorbeeldhof-2025-07-01-announcement.txt")).unwrap();
    for expected in [
        "ONZE PRIVACYVERKLARING VERANDERT OP 1 JULI 2025",
        "WAAROM VERANDERT DE PRIVACYVERKLARING?\nWoningzoekenden schrijven zich nu online in",
        "* We delen uw gegevens voortaan ook met Cloudleverancier (een verwerker)",
        "De nieuwe privacyverklaring: https://privacy.example.org/voorbeeldhof/2025-07-01/",
        "De vorige privacyverklaring: https://privacy.example.org/voorbeeldhof/2023-04-01/",
        "Alle wijzigingen op een rij: https://privacy.example.org/voorbeeldhof/2025-07-01/changes/",
        "Autoriteit Persoonsgegevens",
    ] {
        assert!(text.contains(expected), "{expected:?} missing:\n{text}");
    }
    // Only the fundamental changes are listed; an editorial one is not among them.
    assert!(!text.contains("Gegevens over overlast bewaren we"), "{text}");
    let markdown = fs::read_to_string(dir.path().join("letters/voorbeeldhof-2025-07-01-announcement.md")).unwrap();
    assert!(
        markdown.starts_with("# Onze privacyverklaring verandert op 1 juli 2025\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("\n- We delen uw gegevens voortaan ook met Cloudleverancier (een verwerker)\n"),
        "{markdown}"
    );

    let site = build(&content);
    let page = visible_text(&common::page(&site, "voorbeeldhof/2025-07-01/announcement/index.html"));
    assert!(
        page.contains("Wat verandert er voor u? We verwerken voortaan ook gegevens van een nieuwe groep mensen"),
        "{page}"
    );
    let changelog = common::page(&site, "voorbeeldhof/changes/index.html");
    assert!(changelog.contains(r#"href="../../voorbeeldhof/2025-07-01/announcement/""#));

    // An editorial version: the draft only rewords the introduction.
    run_ok(&["new-version", "voorbeeldhof"], dir.path());
    let draft = content.join("voorbeeldhof/draft.yaml");
    let text = fs::read_to_string(&draft).unwrap();
    let reworded = text.replacen("De Voorbeeldhof bestaat niet", "De Voorbeeldhof bestaat echt niet", 1);
    assert_ne!(text, reworded, "the fixture's introduction changed; pick other words");
    fs::write(&draft, format!("{reworded}summary: Een zin is verduidelijkt.\n")).unwrap();
    run_ok(&["publish", "voorbeeldhof", "--date", "2027-06-01"], dir.path());
    let out = run_ok(
        &["announce", "voorbeeldhof", "2027-06-01", "--out", "editorial"],
        dir.path(),
    );
    assert!(out.contains("needs no announcement, so nothing was written"), "{out}");
    assert!(!dir.path().join("editorial").exists());
    assert!(
        !build(&content)
            .files
            .contains_key("voorbeeldhof/2027-06-01/announcement/index.html")
    );
}
