//! Broken fixture sites: the exact messages people see, and that a failed build loses nothing.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// The error text of `verklaar check` on a fixture, run from the fixture folder as a person would.
fn check_error(name: &str) -> String {
    let dir = repo().join("tests/fixtures").join(name);
    let output = verklaar(&["check"], &dir);
    assert_eq!(output.status.code(), Some(1), "{name} must fail");
    assert!(output.stdout.is_empty());
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn syntax_error_names_file_line_column_and_shows_the_line() {
    assert_eq!(
        check_error("syntax-error"),
        "\
error: mapping values are not allowed in this context
  --> content/acme/2020-01-01.yaml:4:8
  |
4 |    city: Acmestad
  |        ^
  = help: this line is indented 3 spaces but `name:` on line 3 above already has a value, so nothing can be nested under it: indent this line 2 spaces like `name:` if it belongs to the same block

1 error in the content
"
    );
}

#[test]
fn type_error_names_the_yaml_path() {
    assert_eq!(
        check_error("type-error"),
        "\
error: invalid type: string \"Naam\", expected a sequence
  --> content/acme/2020-01-01.yaml:7:14 (at `data.categories[0].items`)
  |
7 |       items: Naam
  |              ^
  = help: check the value's type against the guide in README.md

1 error in the content
"
    );
}

#[test]
fn unknown_key_names_the_allowed_keys_and_the_closest() {
    assert_eq!(
        check_error("unknown-key"),
        "\
error: unknown key `emial`
  --> content/acme/2020-01-01.yaml:4:3 (at `organisation.emial`)
  |
4 |   emial: info@acme.example
  |   ^
  = help: did you mean `email`? allowed keys here: name, short_name, legal_form, city, address, website, email, phone, controller_note

1 error in the content
"
    );
}

#[test]
fn broken_references_are_all_reported_with_file_line_and_yaml_path() {
    assert_eq!(
        check_error("broken-reference"),
        "\
error: there is no category with id `contacts`
  --> content/acme/2020-01-01.yaml:12:29 (at `purposes.list[0].categories[1]`)
   |
12 |       categories: [contact, contacts]
   |                             ^
  = help: did you mean `contact`? known category ids: contact

error: there is no category with id `betaling`
  --> content/acme/2020-01-01.yaml:15:17 (at `retention.periods[0].category`)
   |
15 |     - category: betaling
   |                 ^
  = help: known category ids: contact

error: the file is named `2021-01-01` but the version is published on 2021-01-02
  --> content/bcme/2021-01-01.yaml:1:12 (at `published`)
  |
1 | published: 2021-01-02
  |            ^
  = help: name the file `2021-01-02.yaml` (a second version on the same day: `2021-01-02-2.yaml`), or correct `published`

error: free section `extra` is placed next to `rihgts`, which does not exist
  --> content/bcme/2021-01-01.yaml:13:12 (at `sections[0].place`)
   |
13 |     place: after rihgts
   |            ^
  = help: did you mean `rights`? use `start`, `end`, or after/before one of: organisation, commitments, data_subjects, data, sources, channels, obligation, purposes, services, legal_bases, automated_decisions, recipients, transfers, camera_surveillance, security, retention, accountability, rights, complaints, laws, definitions, changes, questions, related_documents

4 errors in the content
"
    );
}

#[test]
fn five_mistakes_in_one_file_are_five_located_errors_in_one_run() {
    assert_eq!(
        check_error("five-mistakes"),
        "\
error: unknown key `emial`
  --> content/acme/2020-01-01.yaml:4:3 (at `organisation.emial`)
  |
4 |   emial: info@acme.example
  |   ^
  = help: did you mean `email`? allowed keys here: name, short_name, legal_form, city, address, website, email, phone, controller_note

error: invalid type: string \"Naam\", expected a sequence
  --> content/acme/2020-01-01.yaml:8:14 (at `data.categories[0].items`)
  |
8 |       items: Naam
  |              ^
  = help: check the value's type against the guide in README.md

error: invalid type: sequence, expected a string
  --> content/acme/2020-01-01.yaml:12:15 (at `retention.periods[0].period`)
   |
12 |       period: [2, jaar]
   |               ^
  = help: check the value's type against the guide in README.md

error: unknown value `acces`
  --> content/acme/2020-01-01.yaml:16:13 (at `rights.list[0].kind`)
   |
16 |     - kind: acces
   |             ^
  = help: did you mean `access`? allowed values here: access, rectification, completion, erasure, restriction, portability, objection, withdraw_consent

error: unknown key `definitons`
  --> content/acme/2020-01-01.yaml:19:1 (at `definitons`)
   |
19 | definitons:
   | ^
  = help: did you mean `definitions`? allowed keys here: published, summary, document, title, last_modified, related_documents, organisation, privacy_contact, introduction, data_subjects, commitments, data, sources, channels, obligation, purposes, services, legal_bases, automated_decisions, recipients, transfers, camera_surveillance, security, retention, accountability, rights, complaints, laws, definitions, changes, questions, signatory, sections

5 errors in the content
"
    );
}

#[test]
fn errors_in_several_files_are_reported_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("valid"), &content);
    fs::write(
        content.join("voorbeeld-wonen/2020-01-01.yaml"),
        "published: 2020-01-01\norganisation:\n  name: x\n   city: y\n",
    )
    .unwrap();
    let newest = content.join("voorbeeld-wonen/draft.yaml");
    let text = fs::read_to_string(&newest)
        .unwrap()
        .replace("categories: [bijzonder]", "categories: [bijzonderr]");
    fs::write(&newest, text).unwrap();
    let error = verklaar::content::check(&content).unwrap_err().to_string();
    assert!(
        error.contains("--> content/voorbeeld-wonen/2020-01-01.yaml:4:8"),
        "{error}"
    );
    assert!(error.contains("there is no category with id `bijzonderr`"), "{error}");
    assert!(error.ends_with("2 errors in the content"), "{error}");
}

#[test]
fn failed_build_leaves_the_output_folder_exactly_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    let out_arg = out.to_str().unwrap();
    let valid = fixture("valid");
    let ok = verklaar(
        &["build", "--content", valid.to_str().unwrap(), "--out", out_arg],
        dir.path(),
    );
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let said = String::from_utf8_lossy(&ok.stdout);
    assert!(said.starts_with("built ") && said.contains(" files into"), "{said}");
    let before = tree(&out);

    for broken in ["syntax-error", "type-error", "unknown-key", "broken-reference"] {
        let content = fixture(broken);
        let failed = verklaar(
            &["build", "--content", content.to_str().unwrap(), "--out", out_arg],
            dir.path(),
        );
        assert_eq!(failed.status.code(), Some(1), "{broken}");
        assert_eq!(tree(&out), before, "{broken} changed the output");
    }
    // The PDF cache that the good build left beside the output stays; nothing else may.
    let entries: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|name| name != ".verklaar-cache")
        .collect();
    assert_eq!(entries, ["output"], "a failed build leaves no staging folder");
}

#[test]
fn missing_content_folder_and_site_file_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let output = verklaar(&["check"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("error: the content folder does not exist\n  --> content\n"),
        "{stderr}"
    );
    assert!(stderr.contains("help: pass the folder with --content"), "{stderr}");

    fs::create_dir_all(dir.path().join("content/acme")).unwrap();
    let stderr = String::from_utf8(verklaar(&["check"], dir.path()).stderr).unwrap();
    assert!(
        stderr.contains("error: the site settings file is missing\n  --> content/site.yaml"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: this corporation has no version of its statement\n  --> content/acme"),
        "{stderr}"
    );
}

#[test]
fn unknown_theme_and_template_errors_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("theme-override"), &content);
    fs::write(
        content.join("site.yaml"),
        "title: T\nbase_url: https://example.org/\ntheme: nope\n",
    )
    .unwrap();
    let error = verklaar::site::build(&content, options(false)).unwrap_err().to_string();
    assert!(error.starts_with("error: theme `nope` does not exist"), "{error}");
    assert!(error.contains("--> content/site.yaml:3:8 (at `theme`)"), "{error}");

    let theme = dir.path().join("themes/broken/templates/sections");
    fs::create_dir_all(&theme).unwrap();
    fs::write(
        theme.join("questions.html"),
        "<p>{{ s.questions | no_such_filter }}</p>\n",
    )
    .unwrap();
    fs::write(
        content.join("site.yaml"),
        "title: T\nbase_url: https://example.org/\ntheme: broken\n",
    )
    .unwrap();
    let error = verklaar::site::build(&content, options(false)).unwrap_err().to_string();
    assert!(
        error.starts_with("template error in sections/questions.html, line 1: unknown filter"),
        "{error}"
    );
    assert!(error.contains("| <p>{{ s.questions | no_such_filter }}</p>"), "{error}");
}

#[test]
fn every_command_has_help() {
    for args in [&["--help"][..], &["build", "--help"], &["check", "--help"]] {
        let output = verklaar(args, &repo());
        assert!(output.status.success(), "{args:?}");
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains("Usage: verklaar"), "{text}");
    }
    let build_help = String::from_utf8(verklaar(&["build", "--help"], &repo()).stdout).unwrap();
    assert!(
        build_help.contains("--content <CONTENT>") && build_help.contains("--out <OUT>"),
        "{build_help}"
    );
    assert!(!verklaar(&["frobnicate"], &repo()).status.success());
}

/// Content with a script URL in each field that becomes a link (website, the authority's page).
fn content_with_script_urls(dir: &Path) -> std::path::PathBuf {
    let content = dir.join("content");
    copy_dir(&fixture("valid"), &content);
    let draft = content.join("voorbeeld-wonen/draft.yaml");
    let text = fs::read_to_string(&draft)
        .unwrap()
        .replace("website: https://voorbeeld.example", "website: \"javascript:alert(1)\"")
        .replace(
            "url: https://autoriteitpersoonsgegevens.nl",
            "url: \" data:text/html,<script>alert(2)</script>\"",
        );
    fs::write(&draft, text).unwrap();
    content
}

#[test]
fn script_urls_in_fields_are_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let content = content_with_script_urls(dir.path());
    let error = verklaar::content::check(&content).unwrap_err().to_string();
    assert!(
        error.contains("error: `javascript:alert(1)` is not a web address"),
        "{error}"
    );
    assert!(
        error.contains("--> content/voorbeeld-wonen/draft.yaml:9:12 (at `organisation.website`)"),
        "{error}"
    );
    assert!(error.contains("(at `complaints.authority.url`)"), "{error}");
    assert!(
        error.contains("help: write the full address starting with https://"),
        "{error}"
    );
}

#[test]
fn no_page_carries_a_script_link_even_when_validation_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let content = content_with_script_urls(dir.path());
    // Render what the loader accepted without the checks, as the preview does with a broken draft.
    let loaded = verklaar::content::load::load(&content).unwrap().content.unwrap();
    let builder = verklaar::site::Builder::new(&loaded, options(true)).unwrap();
    let site = builder.render(&loaded).unwrap();
    let mut pages = 0;
    for (path, bytes) in &site.files {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8_lossy(bytes).to_ascii_lowercase();
        for href in attribute_values(&html, "href") {
            let href = href.trim();
            assert!(
                !href.starts_with("javascript:") && !href.starts_with("data:") && !href.starts_with("vbscript:"),
                "{path} links to {href}"
            );
        }
        assert!(!html.contains("<script>alert"), "{path}");
    }
    assert!(pages > 0);
    let draft = page(&site, "voorbeeld-wonen/draft/index.html");
    assert!(draft.contains("javascript:alert(1)"), "the text stays visible as text");
}
