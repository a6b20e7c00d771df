//! Builds the shipped content and the valid fixture sites and checks what comes out.

mod common;

use std::collections::BTreeMap;
use std::fs;

use common::driver::SiteTest;
use common::*;

#[test]
fn valid_fixture_builds_every_page_and_asset() {
    let site = build(&fixture("valid"));
    let paths: Vec<String> = site.files.keys().map(|path| without_hash(path)).collect();
    assert_eq!(
        paths,
        [
            "404.html",
            "assets/favicon.HASH.svg",
            "assets/favicon.svg",
            "assets/find-version.HASH.js",
            "assets/find-version.js",
            "assets/print.HASH.css",
            "assets/print.css",
            "assets/style.HASH.css",
            "assets/style.css",
            "facts.schema.json",
            "feed.xml",
            "index.html",
            "index.json",
            "robots.txt",
            "sitemap.xml",
            "voorbeeld-wonen/2020-01-01/dpv.jsonld",
            "voorbeeld-wonen/2020-01-01/facts.json",
            "voorbeeld-wonen/2020-01-01/index.html",
            "voorbeeld-wonen/2020-01-01/print/index.html",
            "voorbeeld-wonen/2020-01-01/voorbeeld-wonen-2020-01-01.pdf",
            "voorbeeld-wonen/2021-03-01/announcement/index.html",
            "voorbeeld-wonen/2021-03-01/changes/index.html",
            "voorbeeld-wonen/2021-03-01/dpv.jsonld",
            "voorbeeld-wonen/2021-03-01/facts.json",
            "voorbeeld-wonen/2021-03-01/index.html",
            "voorbeeld-wonen/2021-03-01/print/index.html",
            "voorbeeld-wonen/2021-03-01/voorbeeld-wonen-2021-03-01.pdf",
            "voorbeeld-wonen/changes/index.html",
            "voorbeeld-wonen/feed.xml",
            "voorbeeld-wonen/index.html",
        ]
    );
    // The fingerprinted copy of each asset is the asset.
    for (path, bytes) in site.files.iter().filter(|(path, _)| without_hash(path) != **path) {
        assert_eq!(&site.files[&without_hash(path).replace(".HASH", "")], bytes, "{path}");
    }
    // The corporation's page is its newest version.
    assert_eq!(
        page(&site, "voorbeeld-wonen/index.html").replace("../../", "../"),
        page(&site, "voorbeeld-wonen/2021-03-01/index.html").replace("../../", "../")
    );
}

/// Every address in the manifest is relative to it, so that it holds under any subpath.
#[test]
fn manifest_lists_corporations_and_versions_with_relative_urls() {
    let site = build(&fixture("valid"));
    let manifest: serde_json::Value = serde_json::from_str(&page(&site, "index.json")).unwrap();
    assert_eq!(
        manifest,
        serde_json::json!({
            "base_url": "https://example.org/privacy/",
            "corporations": [{
                "slug": "voorbeeld-wonen",
                "name": "Voorbeeld Wonen",
                "url": "voorbeeld-wonen/",
                "changelog": "voorbeeld-wonen/changes/",
                "feed": "voorbeeld-wonen/feed.xml",
                "versions": [
                    {
                        "version": "2020-01-01",
                        "published": "2020-01-01",
                        "url": "voorbeeld-wonen/2020-01-01/",
                        "in_force_until": "2021-03-01",
                        "print": "voorbeeld-wonen/2020-01-01/print/",
                        "pdf": "voorbeeld-wonen/2020-01-01/voorbeeld-wonen-2020-01-01.pdf",
                        "facts": "voorbeeld-wonen/2020-01-01/facts.json",
                        "dpv": "voorbeeld-wonen/2020-01-01/dpv.jsonld",
                    },
                    {
                        "version": "2021-03-01", "published": "2021-03-01", "url": "voorbeeld-wonen/2021-03-01/",
                        "print": "voorbeeld-wonen/2021-03-01/print/",
                        "pdf": "voorbeeld-wonen/2021-03-01/voorbeeld-wonen-2021-03-01.pdf",
                        "facts": "voorbeeld-wonen/2021-03-01/facts.json",
                        "dpv": "voorbeeld-wonen/2021-03-01/dpv.jsonld",
                    },
                ]
            }]
        })
    );
}

#[test]
fn statement_page_has_outline_anchors_and_escaped_markdown() {
    let site = build(&fixture("valid"));
    let html = page(&site, "voorbeeld-wonen/index.html");
    let anchors = ids(&html);
    for anchor in [
        "uitgangspunten",
        "organisation",
        "data",
        "purposes",
        "retention",
        "rights",
        "complaints",
        "cookies",
        "links",
        "category-contact",
        "purpose-a1",
    ] {
        assert!(anchors.contains(anchor), "missing anchor {anchor}");
    }
    // One h1, section headings at h2, numbered in the order the corporation asked for.
    assert_eq!(html.matches("<h1").count(), 1);
    let text = visible_text(&html);
    assert!(
        text.contains("1. Uitgangspunten Wij zijn zuinig op gegevens. 2. Wie zijn wij?"),
        "{text}"
    );
    assert!(
        text.contains("Datalekken melden wij. 14. Cookies Wij plaatsen geen cookies. 15. Hoe lang"),
        "{text}"
    );
    assert!(
        text.contains("22. Digitale media Dit geldt ook voor digitale media. 23. Links naar andere websites"),
        "{text}"
    );
    // Raw HTML from facts is shown as text, unsafe links lose their target, safe ones keep it.
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;"));
    assert!(!html.contains("javascript:"));
    assert!(html.contains(r#"<a href="https://voorbeeld.example/meer">meer</a>"#));
    assert!(html.contains(r#"<a href="mailto:info@voorbeeld.example">info@voorbeeld.example</a>"#));
    assert!(html.contains("<title>Privacyverklaring &lt;test&gt; Voorbeeld Wonen</title>"));
    // Facts that refer to each other are shown together.
    assert!(text.contains("A2 Huur innen Inclusief incasso. Gebruikt gegevens uit: Categorie 1: Contactgegevens, Categorie 2: Financiële gegevens"), "{text}");
    assert!(
        text.contains("Categorie 2: Financiële gegevens 2 jaar na einde huurcontract 7 jaar (artikel 52 AWR)"),
        "{text}"
    );
    assert!(
        text.contains("Voorbeeldstad, 15 februari 2021 A. de Vries directeur-bestuurder"),
        "{text}"
    );
}

#[test]
fn older_version_pages_stay_available_and_list_all_versions() {
    let site = build(&fixture("valid"));
    let old = page(&site, "voorbeeld-wonen/2020-01-01/index.html");
    assert!(visible_text(&old).contains("Gold van 1 januari 2020 tot 1 maart 2021"));
    let links = attribute_values(&old, "href");
    assert!(
        links.contains(&"../../voorbeeld-wonen/2021-03-01/".to_owned()),
        "{links:?}"
    );
}

#[test]
fn site_theme_overrides_one_template_and_the_stylesheet() {
    let site = build(&fixture("theme-override"));
    assert_eq!(
        page(&site, "assets/style.css"),
        "/* custom theme */\nbody { font-family: serif; }\n"
    );
    let html = page(&site, "acme/index.html");
    assert!(
        html.contains(r#"<p class="custom-questions">Stel ze gerust.</p>"#),
        "{html}"
    );
    // Everything else still comes from the default theme.
    assert!(visible_text(&html).contains("Welke rechten heeft u?"));
}

#[test]
fn builds_are_byte_identical_and_name_no_machine_path() {
    let first = build(&repo().join("content"));
    let second = build(&repo().join("content"));
    assert_eq!(first, second);
    let repo_path = repo().display().to_string();
    for (path, bytes) in &first.files {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(&repo_path), "{path} names {repo_path}");
        assert!(
            !text.contains("/home/") && !text.contains("/root/"),
            "{path} names a home folder"
        );
    }
}

#[test]
fn write_puts_files_on_disk_and_replaces_an_earlier_build() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    let site = build(&fixture("valid"));
    verklaar::site::write(&site, &out).unwrap();
    fs::write(out.join("stale.html"), "old").unwrap();
    verklaar::site::write(&site, &out).unwrap();
    assert!(!out.join("stale.html").exists(), "files of an earlier build are gone");
    for (path, bytes) in &site.files {
        assert_eq!(&fs::read(out.join(path)).unwrap(), bytes, "{path}");
    }
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["output"], "no staging folders are left behind");
}

#[test]
fn write_refuses_to_replace_a_folder_that_is_not_verklaar_output() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("thesis.txt"), "precious").unwrap();
    let error = verklaar::site::write(&build(&fixture("valid")), dir.path()).unwrap_err();
    assert!(error.to_string().contains("holds no verklaar output"), "{error}");
    assert_eq!(fs::read_to_string(dir.path().join("thesis.txt")).unwrap(), "precious");
}

/// Every link and asset reference inside the site points to a file (and anchor) that exists.
#[test]
fn every_internal_link_and_asset_resolves() {
    for (content, drafts) in [
        (repo().join("content"), false),
        (fixture("valid"), false),
        (fixture("valid"), true),
        (fixture("theme-override"), false),
    ] {
        let site = verklaar::site::build(&content, options(drafts)).unwrap();
        let pages: BTreeMap<&str, String> = site
            .files
            .iter()
            .filter(|(path, _)| path.ends_with(".html"))
            .map(|(path, bytes)| (path.as_str(), String::from_utf8(bytes.clone()).unwrap()))
            .collect();
        // The 404 page links from the site's absolute path, since it is shown at any depth.
        let manifest: serde_json::Value = serde_json::from_str(&page(&site, "index.json")).unwrap();
        let base_url = manifest["base_url"].as_str().unwrap();
        let base_path = &base_url[base_url[8..].find('/').unwrap() + 8..];
        let mut checked = 0;
        for (path, html) in &pages {
            let dir = path.rsplit_once('/').map(|(d, _)| format!("{d}/")).unwrap_or_default();
            for target in attribute_values(html, "href")
                .into_iter()
                .chain(attribute_values(html, "src"))
            {
                if ["https://", "http://", "mailto:", "tel:"]
                    .iter()
                    .any(|s| target.starts_with(s))
                {
                    continue;
                }
                let (file, anchor) = target.split_once('#').unwrap_or((&target, ""));
                let resolved = if file.is_empty() {
                    path.to_string()
                } else if let Some(absolute) = file.strip_prefix('/') {
                    assert_eq!(
                        *path, "404.html",
                        "only the 404 page links from the host's root: {target}"
                    );
                    let local = file.strip_prefix(base_path);
                    local
                        .unwrap_or_else(|| panic!("{path}: {target} is outside {base_path} ({absolute})"))
                        .to_owned()
                } else {
                    resolve(&dir, file)
                };
                let resolved = if resolved.is_empty() || resolved.ends_with('/') {
                    format!("{resolved}index.html")
                } else {
                    resolved
                };
                assert!(
                    site.files.contains_key(&resolved),
                    "{}: {path} links to {target}, which is missing",
                    content.display()
                );
                if !anchor.is_empty() {
                    assert!(
                        ids(&pages[resolved.as_str()]).contains(anchor),
                        "{path} links to missing anchor {target}"
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > 20, "only {checked} links checked");
    }
}

/// Resolves a relative link from a folder, both with `/` separators.
fn resolve(dir: &str, link: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    let trailing = link.ends_with('/');
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                assert!(parts.pop().is_some(), "link {link} from {dir} leaves the site");
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if trailing && !joined.is_empty() {
        format!("{joined}/")
    } else {
        joined
    }
}

/// Every fact of each seed statement shows on the statement verklaar generates for it.
#[test]
fn generated_statements_carry_every_fact_of_their_seed() {
    let site = build(&repo().join("content"));
    let facts_dir = repo().join("tests/seed_facts");
    let mut seeds = 0;
    for entry in fs::read_dir(&facts_dir).unwrap() {
        let path = entry.unwrap().path();
        let slug = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = visible_text(&page(&site, &format!("{slug}/index.html")));
        let facts = fs::read_to_string(&path).unwrap();
        let missing: Vec<&str> = facts
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .filter(|fact| !text.contains(fact))
            .collect();
        assert!(missing.is_empty(), "{slug} misses facts of its seed: {missing:#?}");
        seeds += 1;
    }
    assert_eq!(seeds, 2);
}

#[test]
fn snapshots_of_rendered_statements() {
    let site = build(&repo().join("content"));
    // Asset hashes are written as `HASH`, so that a change to a style sheet does not change every
    // snapshot; `valid_fixture_builds_every_page_and_asset` checks the names themselves.
    let page = |site, path| asset_hashes_as_words(&page(site, path));
    insta::assert_snapshot!(
        "woningstichting-kockengen",
        page(&site, "woningstichting-kockengen/index.html")
    );
    insta::assert_snapshot!("cocon-wonen", page(&site, "cocon-wonen/index.html"));
    // The index of a frozen copy of the demo: editing the shipped demo changes no snapshot.
    let history = build(&fixture("history"));
    insta::assert_snapshot!("index", page(&history, "index.html"));
    let fixture_site = build(&fixture("valid"));
    insta::assert_snapshot!("valid-fixture", page(&fixture_site, "voorbeeld-wonen/index.html"));
}

/// Re-rendering one corporation on top of an earlier build gives exactly the full build.
#[test]
fn partial_rerender_matches_a_full_build() {
    let content = verklaar::content::check(&repo().join("content")).unwrap();
    let builder = verklaar::site::Builder::new(&content, options(false)).unwrap();
    let full = builder.render(&content).unwrap();
    let only_cocon = std::collections::BTreeSet::from(["cocon-wonen"]);
    let mut stale = full.clone();
    stale
        .files
        .insert("cocon-wonen/index.html".to_owned(), b"stale".to_vec());
    stale
        .files
        .insert("gone/index.html".to_owned(), b"removed corporation".to_vec());
    assert_eq!(builder.render_update(&content, &stale, &only_cocon).unwrap(), full);
}

#[test]
fn drafts_are_built_only_when_asked_and_marked_on_their_page() {
    let content = fixture("valid");
    let published_only = build(&content);
    assert!(!published_only.files.keys().any(|path| path.contains("draft")));
    assert!(!page(&published_only, "index.html").contains("Concept"));

    let with_drafts = verklaar::site::build(&content, options(true)).unwrap();
    let draft = page(&with_drafts, "voorbeeld-wonen/draft/index.html");
    let text = visible_text(&draft);
    assert!(
        text.contains("Concept. Deze versie is nog niet gepubliceerd en geldt nog niet."),
        "{text}"
    );
    assert!(text.contains("ook in het concept"), "{text}");
    assert!(
        text.contains("Alle versies Concept 1 maart 2021 (actuele versie) 1 januari 2020"),
        "{text}"
    );
    assert!(
        !text.contains("Geldt vanaf"),
        "a draft without a date is not in force: {text}"
    );
    // The published pages stay the current ones and link to the draft; the manifest lists only
    // published versions.
    let current = page(&with_drafts, "voorbeeld-wonen/index.html");
    assert!(visible_text(&current).contains("Geldt sinds 1 maart 2021"));
    assert!(attribute_values(&current, "href").contains(&"../voorbeeld-wonen/draft/".to_owned()));
    assert!(attribute_values(&page(&with_drafts, "index.html"), "href").contains(&"voorbeeld-wonen/draft/".to_owned()));
    assert_eq!(page(&with_drafts, "index.json"), page(&published_only, "index.json"));
}

#[test]
fn the_print_page_is_the_whole_statement_without_navigation() {
    let site = build(&fixture("valid"));
    let html = page(&site, "voorbeeld-wonen/2021-03-01/print/index.html");
    assert!(!html.contains("site-header") && !html.contains("site-footer"), "{html}");
    let sheets: Vec<String> = attribute_values(&html, "href")
        .into_iter()
        .filter(|href| href.ends_with(".css"))
        .collect();
    assert_eq!(sheets.len(), 1, "{sheets:?}");
    let sheet = sheets[0].strip_prefix("../../../").unwrap();
    assert_eq!(without_hash(sheet), "assets/print.HASH.css");
    assert_eq!(page(&site, sheet), page(&site, "assets/print.css"));
    let text = visible_text(&html);
    assert!(
        text.contains("Voorbeeld Wonen Privacyverklaring <test> Geldt vanaf 1 maart 2021 Versie 2021-03-01"),
        "{text}"
    );
    // Every section of the statement, in order, and the signature.
    let statement = visible_text(&page(&site, "voorbeeld-wonen/2021-03-01/index.html"));
    for heading in [
        "1. Uitgangspunten",
        "14. Cookies",
        "23. Links naar andere websites",
        "A. de Vries directeur-bestuurder",
    ] {
        assert!(statement.contains(heading) && text.contains(heading), "{heading}");
    }
    // Where a link goes is printed after its text, unless the text already says so.
    assert!(
        text.contains("Lees meer (https://voorbeeld.example/meer) of niet dit."),
        "{text}"
    );
    assert!(text.contains("Website https://voorbeeld.example E-mail"), "{text}");
    // The statement links to it; a draft has one too, marked as a draft.
    assert!(
        attribute_values(&page(&site, "voorbeeld-wonen/index.html"), "href")
            .contains(&"../voorbeeld-wonen/2021-03-01/print/".to_owned())
    );
    let drafts = verklaar::site::build(&fixture("valid"), options(true)).unwrap();
    let draft = page(&drafts, "voorbeeld-wonen/draft/print/index.html");
    assert!(visible_text(&draft).contains("Concept. Deze versie is nog niet gepubliceerd"));
}

/// Large outputs are compared with expected files beside the fixture, through the test driver.
#[test]
fn manifest_and_feeds_match_the_expected_files_beside_the_fixture() {
    SiteTest::fixture("history")
        .build()
        .check_expected("index.json")
        .check_expected("voorbeeldhof/feed.xml")
        .check_expected("feed.xml");
}

/// A template that fails while rendering says which template and line, and which page it was making.
#[test]
fn a_runtime_template_error_names_the_template_its_line_and_the_page() {
    let error = SiteTest::fixture("valid")
        .write(
            "content/site.yaml",
            "title: T\nbase_url: https://example.org/\ntheme: broken\n",
        )
        .write(
            "themes/broken/templates/sections/questions.html",
            "<h2>Vragen</h2>\n<p>{{ statement.organisation.name | long_date }}</p>\n",
        )
        .build_error();
    assert!(
        error.starts_with("template error in sections/questions.html, line 2: invalid operation"),
        "{error}"
    );
    assert!(
        error.contains("| <p>{{ statement.organisation.name | long_date }}</p>"),
        "{error}"
    );
    assert!(
        error.contains("= while rendering page voorbeeld-wonen/2021-03-01/index.html with statement.html"),
        "{error}"
    );
}

/// Every statement opens with its first layer: the main facts in a sentence each, each linking to
/// its full section; the print page has it too.
#[test]
fn a_statement_opens_with_the_main_facts_in_short_linking_to_their_sections() {
    let test = SiteTest::fixture("valid").build();
    let page = test.file("voorbeeld-wonen/index.html");
    let start = page.find("<section class=\"first-layer\"").expect("a first layer");
    let first_layer = &page[start..start + page[start..].find("</section>").unwrap()];
    let text = visible_text(first_layer);
    assert!(
        text.starts_with("In het kort Wie is verantwoordelijk? Voorbeeld Wonen is verantwoordelijk"),
        "{text}"
    );
    for topic in [
        "Welke gegevens?",
        "Waarvoor?",
        "Met wie?",
        "Hoe lang?",
        "Welke rechten heeft u?",
        "Niet tevreden?",
    ] {
        assert!(text.contains(topic), "{topic} missing: {text}");
    }
    let page_ids = ids(&page);
    for href in attribute_values(first_layer, "href") {
        let anchor = href.strip_prefix('#').expect("links stay on the page");
        assert!(page_ids.contains(anchor), "{href} points nowhere");
    }
    assert!(
        !first_layer.contains("data-diff-section"),
        "the text diff compares the full text only"
    );
    test.check_contains(
        "voorbeeld-wonen/2021-03-01/print/index.html",
        &["<section class=\"first-layer\""],
    );
}
