//! Statements in more languages: the locales of a theme have the same keys, a translation file is
//! laid over its version, the pages of each other language are under its folder with its own
//! wording, the text still in the default language is marked, a lagging translation is warned
//! about and said on the page, and every mistake is a located error (`tests/fixtures/bad-languages`).

mod common;

use std::fs;

use common::driver::SiteTest;
use common::*;
use verklaar::render::locale::missing_keys;

fn yaml(path: &std::path::Path) -> serde_yaml::Value {
    serde_yaml::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_locale_of_the_default_theme_has_every_key_of_the_others() {
    let dir = repo().join("themes/default/locales");
    let mut locales: Vec<(String, serde_yaml::Value)> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), yaml(&p)))
        .collect();
    locales.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(locales.len() >= 2, "{locales:?}");
    // A theme override's locale replaces the default's file and must be just as complete.
    let overrides = repo().join("tests/fixtures/theme-override/themes");
    for entry in walk(&overrides).filter(|p| p.to_string_lossy().contains("/locales/")) {
        locales.push((entry.to_string_lossy().into_owned(), yaml(&entry)));
    }
    for (name, value) in &locales {
        for (other, other_value) in &locales {
            let missing = missing_keys(other_value, value);
            assert!(missing.is_empty(), "{name} lacks keys that {other} has: {missing:?}");
        }
    }
}

fn walk(dir: &std::path::Path) -> impl Iterator<Item = std::path::PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.into_iter()
}

#[test]
fn each_other_language_gets_its_pages_in_its_folder_with_alternates_both_ways() {
    let site = SiteTest::fixture("languages").build();
    let dutch = site.file("tweetalig/2021-01-01/index.html");
    let english = site.file("en/tweetalig/2021-01-01/index.html");
    assert!(dutch.contains(r#"<html lang="nl">"#), "{dutch}");
    assert!(english.contains(r#"<html lang="en">"#), "{english}");
    for html in [&dutch, &english] {
        assert!(html.contains(
            r#"<link rel="alternate" hreflang="nl" href="https://example.org/privacy/tweetalig/2021-01-01/">"#
        ));
        assert!(html.contains(
            r#"<link rel="alternate" hreflang="en" href="https://example.org/privacy/en/tweetalig/2021-01-01/">"#
        ));
    }
    assert!(dutch.contains(r#"<a href="../../en/tweetalig/2021-01-01/" hreflang="en" lang="en">English</a>"#));
    assert!(english.contains(r#"<a href="../../../tweetalig/2021-01-01/" hreflang="nl" lang="nl">Nederlands</a>"#));
    assert!(english.contains("<h1>Privacy statement</h1>"), "the translated title");
    assert!(english.contains("Renting out homes"), "a translated purpose");
    assert!(
        english.contains(r#"href="../../../assets/style."#),
        "assets are the site's own"
    );
    assert!(english.contains(r#"<link rel="canonical" href="https://example.org/privacy/en/tweetalig/">"#));
    // Feeds, manifest, facts and the PDF of each version, per language.
    for path in [
        "en/index.html",
        "en/index.json",
        "en/feed.xml",
        "en/tweetalig/feed.xml",
        "en/tweetalig/changes/index.html",
        "en/tweetalig/2023-04-01/changes/index.html",
        "en/tweetalig/2023-04-01/facts.json",
        "en/tweetalig/2023-04-01/print/index.html",
    ] {
        assert!(!site.file(path).is_empty(), "{path}");
    }
    let feed = site.file("en/feed.xml");
    assert!(
        feed.contains(r#"xml:lang="en""#) && feed.contains("Test site of privacy statements"),
        "{feed}"
    );
    let facts: serde_json::Value = serde_json::from_str(&site.file("en/tweetalig/2021-01-01/facts.json")).unwrap();
    assert_eq!(facts["$schema"], "https://example.org/privacy/facts.schema.json");
    assert_eq!(facts["facts"]["purposes"]["list"][0]["name"], "Renting out homes");
    assert_eq!(
        facts["facts"]["purposes"]["list"][0]["categories"][0], "contact",
        "ids are shared"
    );
    let sitemap = site.file("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/privacy/en/tweetalig/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn the_change_pages_of_a_translation_weigh_changes_as_the_default_language_does() {
    let site = SiteTest::fixture("languages").build();
    let reasons = |html: &str| html.matches("class=\"reason").count();
    let dutch = site.file("tweetalig/changes/index.html");
    let english = site.file("en/tweetalig/changes/index.html");
    assert_eq!(reasons(&dutch), reasons(&english));
    assert!(
        english.contains("We now keep Payment details for 7 years instead of 2"),
        "{english}"
    );
    assert!(english.contains("a longer retention period"), "{english}");
}

/// The fixed strings of a locale of at least `min` characters, split at their `{placeholders}`, with
/// the string of `other` at the same key: those that differ are wording of this locale only.
fn own_strings(locale: &serde_yaml::Value, other: &serde_yaml::Value, min: usize, out: &mut Vec<String>) {
    match locale {
        serde_yaml::Value::Mapping(map) => {
            for (key, value) in map {
                let other = other.get(key).cloned().unwrap_or(serde_yaml::Value::Null);
                own_strings(value, &other, min, out);
            }
        }
        serde_yaml::Value::Sequence(items) => {
            for item in items {
                own_strings(item, &serde_yaml::Value::Null, min, out);
            }
        }
        serde_yaml::Value::String(text) if Some(text.as_str()) != other.as_str() => {
            for part in text.split(['{', '}']).map(str::trim) {
                if part.chars().count() >= min && !part.contains('_') {
                    out.push(part.to_owned());
                }
            }
        }
        _ => {}
    }
}

#[test]
fn english_pages_show_none_of_the_dutch_fixed_wording() {
    english_pages_of_show_no_dutch_fixed_wording(SiteTest::fixture("languages").build(), &fixture("languages"));
}

/// The same for the shipped demo, whatever it says: its fixed wording comes from the locales.
#[test]
fn english_pages_of_the_shipped_content_show_none_of_the_dutch_fixed_wording() {
    let content = repo().join("content");
    if other_languages(&content).is_empty() {
        return;
    }
    let mut site = SiteTest::fixture("languages");
    // The shipped content, in place of the fixture's.
    fs::remove_dir_all(site.root().join("content")).unwrap();
    copy_dir(&content, &site.root().join("content"));
    site = site.build();
    english_pages_of_show_no_dutch_fixed_wording(site, &content);
}

fn english_pages_of_show_no_dutch_fixed_wording(site: SiteTest, content: &std::path::Path) {
    let locales = repo().join("themes/default/locales");
    let (nl, en) = (yaml(&locales.join("nl.yaml")), yaml(&locales.join("en.yaml")));
    let mut dutch = Vec::new();
    own_strings(&nl, &en, 12, &mut dutch);
    // A name in the facts (`Autoriteit Persoonsgegevens`) is content, shown as the version has it.
    let mut facts = String::new();
    for file in walk(content).filter(|p| !p.to_string_lossy().contains(".en.")) {
        facts.push_str(&fs::read_to_string(file).unwrap());
    }
    // (As the first layer shows them: in lower case, on one line.)
    let facts = facts.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    dutch.retain(|s| !facts.contains(&s.to_lowercase()));
    assert!(dutch.len() > 300, "{}", dutch.len());
    let pages: Vec<String> = site
        .paths()
        .into_iter()
        .filter(|p| p.starts_with("en/") && p.ends_with(".html"))
        .collect();
    assert!(pages.len() >= 8, "{pages:?}");
    for path in pages.iter().map(String::as_str) {
        let text = visible_text(&site.file(path));
        // The text of a section that is not translated is Dutch on purpose, and marked.
        let text = text.split("(text in Dutch)").next().unwrap_or_default();
        let found: Vec<&String> = dutch.iter().filter(|s| text.contains(s.as_str())).collect();
        assert!(found.is_empty(), "{path} shows Dutch wording {found:?}");
    }
}

#[test]
fn text_in_the_default_language_is_marked_and_a_lagging_translation_says_so() {
    let site = SiteTest::fixture("languages").build();
    let newer = site.file("en/tweetalig/2023-04-01/index.html");
    // `complaints` is not translated: shown in Dutch, with `lang` and a visible mark.
    let complaints = newer.split(r#"id="complaints""#).nth(1).unwrap_or_default();
    assert!(
        complaints.contains(r#"<div lang="nl">"#)
            && complaints.contains(r#"<p class="translation-note" lang="en">(text in Dutch)</p>"#),
        "{complaints}"
    );
    // `security` changed in Dutch and its translation did not.
    let security = newer.split(r#"id="security""#).nth(1).unwrap_or_default();
    let security = security.split("</section>").next().unwrap_or_default();
    assert!(
        security.contains(
            "The Dutch text of this section changed in this version and this translation has not caught up yet"
        ) && security.contains("It concerns: Encryption."),
        "{security}"
    );
    let older = site.file("en/tweetalig/2021-01-01/index.html");
    assert!(!older.contains("translation-note"), "a whole translation has no notes");
    // A version without any translation is shown in Dutch, said so at the top.
    let untranslated = site.file("en/alleen-nederlands/index.html");
    assert!(untranslated.contains("This version has not been translated. Its text is shown in Dutch"));
    assert!(untranslated.contains(r#"<div lang="nl">"#));
}

#[test]
fn check_warns_about_a_lagging_translation_at_its_line() {
    let root = fixture("languages").parent().unwrap().to_path_buf();
    let output = verklaar(&["check"], &root);
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "warning[translation-lags-behind]: `security.measures[1].description` changed in this version, but its `en` translation did not"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> content/tweetalig/2023-04-01.en.yaml:84:18 (at `security.measures[1].description`)"),
        "{stderr}"
    );
}

#[test]
fn diff_in_english_compares_the_english_texts_where_the_site_has_them() {
    let root = fixture("languages").parent().unwrap().to_path_buf();
    let diff = |lang: &str| {
        let output = verklaar_in(lang, &["diff", "tweetalig", "2021-01-01", "2023-04-01"], &root);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let english = diff("C");
    assert!(english.contains(": Data about nuisance"), "{english}");
    assert!(!english.contains("Gegevens over overlast"), "{english}");
    let dutch = diff("nl_NL.UTF-8");
    assert!(dutch.contains(": Gegevens over overlast"), "{dutch}");
}

#[test]
fn a_site_without_languages_has_no_switcher_and_no_language_folders() {
    let site = SiteTest::fixture("valid").build();
    assert!(site.paths().iter().all(|p| !p.starts_with("en/")));
    assert!(!site.file("index.html").contains("hreflang"));
}

#[test]
fn every_mistake_with_languages_is_a_located_error() {
    let cases = repo().join("tests/fixtures/bad-languages");
    let mut names: Vec<_> = fs::read_dir(&cases).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    assert!(names.len() >= 8);
    for case in names {
        let text = fs::read_to_string(&case).unwrap();
        let target = text.lines().next().and_then(|l| l.strip_prefix("# target: ")).unwrap();
        let expected: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("# expect: ")).collect();
        let body: String = text
            .lines()
            .filter(|l| !l.starts_with("# target: ") && !l.starts_with("# expect: "))
            .map(|l| format!("{l}\n"))
            .collect();
        let site = SiteTest::fixture("languages");
        let output = verklaar(&["check"], site.root());
        assert_eq!(output.status.code(), Some(0), "the fixture itself is valid");
        let site = site.write(target, &body);
        let output = verklaar(&["check"], site.root());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{}: {stderr}", case.display());
        assert!(!stderr.contains("panicked"), "{stderr}");
        for expected in expected {
            assert!(
                stderr.contains(expected),
                "{}: no `{expected}` in\n{stderr}",
                case.display()
            );
        }
        assert!(
            !stderr.contains(&*site.root().to_string_lossy()),
            "names a machine path: {stderr}"
        );
    }
}

#[test]
fn a_published_translation_is_recorded_and_never_changes() {
    let site = SiteTest::fixture("languages");
    let file = site.root().join("content/tweetalig/2021-01-01.en.yaml");
    let text = fs::read_to_string(&file)
        .unwrap()
        .replace("Renting out homes", "Letting homes");
    let site = site.write("content/tweetalig/2021-01-01.en.yaml", &text);
    let output = verklaar(&["check"], site.root());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: this translation is published, and its text changed after publication")
            && stderr.contains("--> content/tweetalig/2021-01-01.en.yaml"),
        "{stderr}"
    );
}

#[test]
fn publishing_a_draft_publishes_its_translation_and_records_both() {
    let site = SiteTest::fixture("languages");
    let folder = site.root().join("content/tweetalig");
    let draft = fs::read_to_string(folder.join("2023-04-01.yaml"))
        .unwrap()
        .replace("published: 2023-04-01\n", "")
        .replace(
            "Wij versturen en bewaren gegevens versleuteld.",
            "Wij versleutelen alle gegevens.",
        );
    let english = fs::read_to_string(folder.join("2023-04-01.en.yaml"))
        .unwrap()
        .replace("We send data encrypted.", "We encrypt all data.");
    let site = site
        .write("content/tweetalig/draft.yaml", &draft)
        .write("content/tweetalig/draft.en.yaml", &english);
    let output = verklaar(&["publish", "tweetalig", "--date", "2026-01-01"], site.root());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(folder.join("2026-01-01.yaml").is_file() && folder.join("2026-01-01.en.yaml").is_file());
    assert!(!folder.join("draft.yaml").exists() && !folder.join("draft.en.yaml").exists());
    let ledger = fs::read_to_string(site.root().join("content/ledger.yaml")).unwrap();
    assert!(ledger.contains("  2026-01-01.en:\n"), "{ledger}");
    let output = verklaar(&["check"], site.root());
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_new_version_starts_from_the_translations_of_the_newest_too() {
    let site = SiteTest::fixture("languages");
    let output = verklaar(&["new-version", "tweetalig"], site.root());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let draft = fs::read_to_string(site.root().join("content/tweetalig/draft.en.yaml")).unwrap();
    assert!(
        draft.contains("name: Renting out homes") && !draft.contains("summary:"),
        "{draft}"
    );
    let output = verklaar(&["check"], site.root());
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every attribute value of `html` that holds markup (a `<`): an element put into an attribute.
fn markup_in_attributes(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in html.split('<').skip(1) {
        let Some(end) = tag.find('>') else { continue };
        for value in tag[..end].split('"').skip(1).step_by(2) {
            if value.contains(['<', '>']) {
                found.push(value.to_owned());
            }
        }
    }
    found
}

#[test]
fn each_untranslated_text_of_a_partly_translated_section_is_marked_with_the_default_language() {
    // A draft and its translation, which leaves the title, the organisation's name and a purpose's
    // description in Dutch (a draft's translation is not published yet, so it may be written here).
    let site = draft_with_translation(
        |dutch| dutch,
        |l| {
            !l.starts_with("title:")
                && !l.contains("name: Woonstichting De Voorbeeldhof")
                && !l.contains("description: We enter into tenancy agreements")
        },
    );
    for path in ["en/tweetalig/draft/index.html", "en/tweetalig/draft/print/index.html"] {
        let html = site.file(path);
        // Plain text, in the page's heading and in the organisation section.
        assert!(
            html.contains(r#"<h1><span lang="nl">Privacyverklaring</span></h1>"#),
            "{path}"
        );
        let organisation = html.split(r#"id="organisation""#).nth(1).unwrap_or_default();
        let organisation = organisation.split("</section>").next().unwrap_or_default();
        assert!(
            organisation.contains(r#"<dd><span lang="nl">Woonstichting De Voorbeeldhof (fictief voorbeeld)</span>"#),
            "{path}: {organisation}"
        );
        assert!(
            organisation.contains("De Voorbeeldhof is responsible for the processing")
                && !organisation.contains(r#"lang="nl">De Voorbeeldhof is"#),
            "{path}: the translated text is not marked: {organisation}"
        );
        // The name put into a sentence of the summary.
        assert!(
            html.contains(r#"<span lang="nl">Woonstichting De Voorbeeldhof (fictief voorbeeld)</span> is responsible"#),
            "{path}"
        );
        // Markdown, as a block; the purpose's translated name beside it is not marked.
        let purposes = html.split(r#"id="purposes""#).nth(1).unwrap_or_default();
        let purposes = purposes.split("</section>").next().unwrap_or_default();
        assert!(
            purposes.contains(r#"<div lang="nl"><p>Wij sluiten huurovereenkomsten en houden die bij.</p>"#)
                && purposes.contains("Renting out homes")
                && !purposes.contains(r#"lang="nl">Renting out homes"#),
            "{path}: {purposes}"
        );
        // No element where none may go: in an attribute, in the title.
        assert_eq!(markup_in_attributes(&html), Vec::<String>::new(), "{path}");
        let title = html.split("<title>").nth(1).and_then(|t| t.split("</title>").next());
        assert_eq!(
            title,
            Some("Privacyverklaring Woonstichting De Voorbeeldhof (fictional example)"),
            "{path}"
        );
        assert!(
            !html.contains(['\u{FDD0}', '\u{FDD1}', '\u{FDD2}', '\u{FDD3}']),
            "{path}"
        );
    }
    // The default language's page and a wholly translated page have no such mark.
    for path in ["tweetalig/draft/index.html", "en/tweetalig/2021-01-01/index.html"] {
        let html = site.file(path);
        assert!(
            !html.contains(r#"<span lang="nl">"#) && !html.contains(r#"<div lang="nl">"#),
            "{path}"
        );
    }
}

#[test]
fn a_text_can_neither_open_nor_close_the_marks_of_untranslated_text() {
    // The renderer marks untranslated text with noncharacters it turns into elements; a Dutch text
    // that carries them (untranslated, so it is marked itself) must not unbalance the page.
    let site = draft_with_translation(
        |dutch| {
            dutch.replace(
                "Wij sluiten huurovereenkomsten en houden die bij.",
                "Wij sluiten\u{FDD3}\u{FDD1} huurovereenkomsten\u{FDD2} en houden die bij.",
            )
        },
        |l| !l.contains("description: We enter into tenancy agreements"),
    );
    let html = site.file("en/tweetalig/draft/index.html");
    assert!(
        html.contains("Wij sluiten\u{FFFD}\u{FFFD} huurovereenkomsten\u{FFFD} en houden die bij."),
        "{html}"
    );
    assert_eq!(html.matches("<div").count(), html.matches("</div>").count());
    assert_eq!(html.matches("<span").count(), html.matches("</span>").count());
}

/// The `languages` fixture built with drafts, with a draft of `tweetalig` made from its 2023 version
/// (changed by `dutch`) and a draft translation of the 2023 translation's lines that `keep` keeps (a
/// draft's translation is not published yet, so it may be written here).
fn draft_with_translation(dutch: impl Fn(String) -> String, keep: impl Fn(&str) -> bool) -> SiteTest {
    let site = SiteTest::fixture("languages");
    let folder = site.root().join("content/tweetalig");
    let draft = fs::read_to_string(folder.join("2023-04-01.yaml"))
        .unwrap()
        .replace("published: 2023-04-01\n", "");
    let english: String = fs::read_to_string(folder.join("2023-04-01.en.yaml"))
        .unwrap()
        .lines()
        .filter(|l| keep(l))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write("content/tweetalig/draft.yaml", &dutch(draft))
        .write("content/tweetalig/draft.en.yaml", &english)
        .drafts()
        .build()
}
