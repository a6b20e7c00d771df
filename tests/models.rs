//! Sector model statements: a corporation `based_on` a model resolves to the same statement as the
//! hand-written whole (the same pages, the same fingerprint); rebasing onto the model's next
//! version keeps the deviations and reports exactly the facts both changed; the ledger guards
//! model versions as it guards statements; and bad references are located errors.
//!
//! Fixture `models`: model `basis` (2026-01-01, and 2026-06-01 with a shorter retention of contact
//! data, a new processor and a transfer outside the EU), `volgt` (deviations, one of which the new
//! version conflicts with) and `zonder` (deviations the new version does not touch);
//! `full/volgt-2026-02-01.yaml` is what `volgt` resolves to, written out by hand.

mod common;

use std::fs;

use common::driver::SiteTest;
use common::*;
use verklaar::content::ledger;

const FULL: &str = "tests/fixtures/models/full/volgt-2026-02-01.yaml";

#[test]
fn a_statement_based_on_a_model_renders_as_the_hand_written_whole() {
    let based = SiteTest::fixture("models").build();
    let full_text = fs::read_to_string(repo().join(FULL)).unwrap();
    // The same corporation written out in full, recorded afresh: the ledger itself is compared below.
    let full = SiteTest::fixture("models").write("content/volgt/2026-02-01.yaml", &full_text);
    fs::remove_file(full.root().join("content/ledger.yaml")).unwrap();
    let recorded = verklaar(&["record", "--all"], full.root());
    assert!(
        recorded.status.success(),
        "{}",
        String::from_utf8_lossy(&recorded.stderr)
    );
    let full = full.build();
    for page in [
        "volgt/index.html",
        "volgt/2026-02-01/index.html",
        "volgt/2026-02-01/print/index.html",
        "volgt/2026-02-01/facts.json",
        "volgt/2026-02-01/dpv.jsonld",
        "volgt/changes/index.html",
    ] {
        assert!(based.file(page) == full.file(page), "{page} differs");
    }
    // And the facts the ledger fingerprints are the same facts.
    let ledger_of = |site: &SiteTest| fs::read_to_string(site.root().join("content/ledger.yaml")).unwrap();
    let entry = |text: &str| {
        let value: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
        value["volgt"]["2026-02-01"]["hash"].as_str().unwrap().to_owned()
    };
    assert_eq!(entry(&ledger_of(&based)), entry(&ledger_of(&full)));
    assert_eq!(ledger::fingerprint(&full_text).unwrap().hash, entry(&ledger_of(&based)));
}

#[test]
fn the_sector_view_lists_each_corporation_with_its_model_and_deviations() {
    let site = SiteTest::fixture("models").build();
    let csv = site.file("sector/sector.csv");
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("slug,name,based_on,deviations,deviation_facts,processors,camera_surveillance,outside_eu")
    );
    assert_eq!(
        lines.next().unwrap(),
        "volgt,Volgt Wonen,basis@2026-01-01,4,recipients.list[incassobureau]; legal_bases.list[belang]; \
         camera_surveillance; retention.periods[contact],Aannemers en installateurs,bij de ingangen,false,,\
         6 maanden na het einde van de huurovereenkomst,7 jaar na de laatste betaling,\
         1 jaar na de toewijzing of het einde van de inschrijving"
    );
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("zonder,Zonder Conflict Wonen,basis@2026-01-01,2,")
    );
    site.check_contains(
        "sector/index.html",
        &[
            "<li>Weggelaten: Met wie delen wij gegevens? – Incassobureau</li>",
            "<li>Aangepast: Hoe lang bewaren wij gegevens? – Naam en contactgegevens</li>",
            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\"",
        ],
    )
    .check_contains("index.html", &["<a href=\"sector/\">"]);
}

#[test]
fn a_site_without_models_has_no_sector_view() {
    let site = SiteTest::fixture("valid").build();
    let index = site.file("index.html");
    assert!(!index.contains("sector/"), "{index}");
}

#[test]
fn a_rebase_where_nothing_conflicts_keeps_the_deviations() {
    let site = SiteTest::fixture("models");
    let content = site.root().join("content");
    let rebased = verklaar::lifecycle::rebase(&content, "zonder", "basis@2026-06-01", false).unwrap();
    assert_eq!(rebased.conflicts, []);
    assert_eq!(
        (rebased.from.as_str(), rebased.onto.as_str()),
        ("basis@2026-01-01", "basis@2026-06-01")
    );
    let draft = fs::read_to_string(content.join("zonder/draft.yaml")).unwrap();
    assert!(draft.contains("\nbased_on: basis@2026-06-01\n"), "{draft}");
    assert!(draft.contains("period: 10 jaar"), "{draft}");
    assert!(!draft.contains("published:"), "{draft}");
    // The draft is the new model with the deviation kept: contact 1 jaar (new), betaal 10 jaar (own).
    let checked = verklaar::content::check(&content).unwrap();
    let draft = checked.corporation("zonder").unwrap().draft.as_ref().unwrap();
    let periods: Vec<(&str, &str)> = draft
        .statement
        .retention
        .as_ref()
        .unwrap()
        .periods
        .iter()
        .map(|p| (p.category.as_str(), p.period.as_ref().unwrap().text.as_str()))
        .collect();
    assert_eq!(
        periods,
        [("contact", "1 jaar"), ("betaal", "10 jaar"), ("toewijzing", "1 jaar")]
    );
    // A second rebase would overwrite that draft: refused unless forced.
    let again = verklaar::lifecycle::rebase(&content, "zonder", "basis@2026-06-01", false).unwrap_err();
    assert!(again.to_string().contains("already has a draft"), "{again}");
}

#[test]
fn a_rebase_reports_exactly_the_facts_both_changed_with_both_values() {
    let site = SiteTest::fixture("models");
    let content = site.root().join("content");
    let rebased = verklaar::lifecycle::rebase(&content, "volgt", "basis@2026-06-01", false).unwrap();
    let facts: Vec<&str> = rebased.conflicts.iter().map(|c| c.fact.as_str()).collect();
    assert_eq!(facts, ["retention.periods[contact]"]);
    let conflict = &rebased.conflicts[0];
    let period = |value: &Option<serde_yaml::Value>| value.as_ref().unwrap()["period"].as_str().unwrap().to_owned();
    assert_eq!(period(&conflict.model_before), "2 jaar");
    assert_eq!(period(&conflict.model_now), "1 jaar");
    assert_eq!(period(&conflict.ours), "6 maanden");
    // The command says the same for every follower of the model at once.
    let root = site.root();
    fs::remove_file(content.join("volgt/draft.yaml")).unwrap();
    let output = verklaar(&["model-update", "basis"], root);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("conflict: `retention.periods[contact]`"), "{stdout}");
    assert!(
        stdout.contains("the model now:    `{category: contact, period: 1 jaar,"),
        "{stdout}"
    );
    assert!(
        stdout.contains("this corporation: `{category: contact, period: 6 maanden,"),
        "{stdout}"
    );
    assert!(stdout.contains("conflicts in volgt:"), "{stdout}");
    assert!(content.join("zonder/draft.yaml").is_file());
}

#[test]
fn the_ledger_refuses_a_changed_model_version() {
    let site = SiteTest::fixture("models");
    let model = site.root().join("content/models/basis/2026-01-01.yaml");
    let text = fs::read_to_string(&model).unwrap();
    fs::write(&model, text.replace("period: 7 jaar", "period: 5 jaar")).unwrap();
    let message = site.build_error();
    assert!(
        message.contains("content/models/basis/2026-01-01.yaml")
            && message.contains("its facts changed after publication: changed `retention.periods[betaal]`"),
        "{message}"
    );
    // The corporations based on it changed with it, and are refused too.
    assert!(message.contains("content/volgt/2026-02-01.yaml"), "{message}");
    assert!(
        message.contains("this version is based on the model basis@2026-01-01"),
        "{message}"
    );
}

#[test]
fn bad_model_references_are_located_and_list_what_exists() {
    let cases: [(&str, &str, &str, &[&str]); 4] = [
        (
            "content/volgt/2026-02-01.yaml",
            "based_on: basis@2026-01-01",
            "based_on: basis@2025-01-01",
            &[
                "content/volgt/2026-02-01.yaml:2:11",
                "model `basis` has no published version `2025-01-01`",
                "`2026-01-01`, `2026-06-01`",
            ],
        ),
        (
            "content/volgt/2026-02-01.yaml",
            "based_on: basis@2026-01-01",
            "based_on: bassis@2026-01-01",
            &["there is no model `bassis`", "did you mean `basis`?"],
        ),
        (
            "content/volgt/2026-02-01.yaml",
            "remove: [recipients.incassobureau]",
            "remove: [recipients.incasso]",
            &[
                "content/volgt/2026-02-01.yaml:13:10",
                "`recipients.incasso` names nothing in the model",
                "`incassobureau`",
            ],
        ),
        (
            "content/models/basis/2026-06-01.yaml",
            "published: 2026-06-01",
            "based_on: basis@2026-06-01\npublished: 2026-06-01",
            &[
                "models are based on each other in a circle",
                "content/models/basis/2026-06-01.yaml:1:11",
            ],
        ),
    ];
    for (file, from, to, expected) in cases {
        let site = SiteTest::fixture("models");
        let path = site.root().join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} lacks {from}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let message = site.build_error();
        for part in expected {
            assert!(message.contains(part), "{to}: lacks {part}:\n{message}");
        }
    }
}

#[test]
fn a_model_based_on_a_missing_model_is_an_error_in_the_model() {
    let site = SiteTest::fixture("models").write(
        "content/models/afgeleid/2026-03-01.yaml",
        "based_on: verdwenen@2026-01-01\npublished: 2026-03-01\n",
    );
    let message = site.build_error();
    assert!(message.contains("there is no model `verdwenen`"), "{message}");
    assert!(
        message.contains("content/models/afgeleid/2026-03-01.yaml:1:11"),
        "{message}"
    );
    assert!(message.contains("models that exist: `afgeleid`, `basis`"), "{message}");
}

#[test]
fn an_error_in_a_fact_from_the_model_names_the_model() {
    // Removing a category the model's purposes use leaves references to nothing.
    let site = SiteTest::fixture("models");
    let path = site.root().join("content/zonder/2026-02-01.yaml");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replacen("rights:", "remove: [data.toewijzing]\nrights:", 1)).unwrap();
    let message = site.build_error();
    assert!(
        message.contains("there is no category with id `toewijzing`"),
        "{message}"
    );
    assert!(
        message.contains("this fact comes from the model basis@2026-01-01 (content/models/basis/2026-01-01.yaml)"),
        "{message}"
    );
}

#[test]
fn models_get_pages_only_when_the_site_asks() {
    let off = SiteTest::fixture("models").build();
    let has_model_pages = |site: &SiteTest| (site.file("sitemap.xml")).contains("models/basis/");
    assert!(!has_model_pages(&off));
    let site_yaml = fs::read_to_string(fixture("models").join("site.yaml")).unwrap();
    let on = SiteTest::fixture("models")
        .write("content/site.yaml", &format!("{site_yaml}publish_models: true\n"))
        .build();
    assert!(has_model_pages(&on));
    on.check_contains(
        "models/basis/2026-06-01/index.html",
        &["Modelcorporatie (fictief sectormodel)"],
    )
    .check_contains(
        "sector/index.html",
        &["<a href=\"../models/basis/2026-01-01/\">basis@2026-01-01</a>"],
    );
}
