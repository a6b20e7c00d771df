//! The built site on a real web server: nginx, configured with the server block the README shows,
//! serves the shipped content under `/privacy/`; a crawler follows every link, the feeds parse, the
//! Nu Html Checker finds no errors and axe-core no WCAG 2.2 AA violations.
//! `tests/run` installs nginx, a Java runtime, Chromium and the npm packages of `tests/deploy/`.

mod common;
#[path = "deploy/crawl.rs"]
mod crawl;
#[path = "deploy/http.rs"]
mod http;
#[path = "deploy/site.rs"]
mod site;
#[path = "deploy/validators.rs"]
mod validators;

use std::str::FromStr;

use serde_json::json;
use site::{BASE_URL, HOST, Nginx, PREFIX};

fn listed(problems: &[String]) -> String {
    problems.join("\n")
}

#[test]
fn every_link_and_asset_from_the_index_answers() {
    let nginx = Nginx::start(&site::built().root);
    let crawl = crawl::crawl(nginx.address);
    assert!(
        crawl.failures.is_empty(),
        "{} problems:\n{}",
        crawl.failures.len(),
        listed(&crawl.failures)
    );
    let types = crawl::by_type(crawl.pages());
    for kind in [
        "index",
        "statement",
        "version",
        "draft",
        "changes",
        "changelog",
        "print",
    ] {
        assert!(types.contains_key(kind), "the crawl found no {kind} page: {types:?}");
    }
    assert!(
        crawl.found.keys().any(|path| path.ends_with(".pdf")),
        "the crawl found no PDF"
    );
    // The pages of each other language are reached from the language switcher, and checked as well.
    for language in common::other_languages(&common::repo().join("content")) {
        let folder = format!("{PREFIX}{language}/");
        let found = crawl.pages().filter(|p| p.starts_with(&folder)).count();
        assert!(found > 10, "the crawl found {found} pages in {folder}");
    }
    assert!(
        crawl.found.keys().any(|path| path.ends_with(".css")),
        "the crawl found no stylesheet"
    );
    for (path, response) in &crawl.found {
        if response.media_type() == "text/html" {
            assert_eq!(
                response.header("content-type"),
                Some("text/html; charset=utf-8"),
                "{path}"
            );
        }
    }
}

#[test]
fn every_feed_parses_and_every_url_in_it_answers() {
    let nginx = Nginx::start(&site::built().root);
    let crawl = crawl::crawl(nginx.address);
    let feeds: Vec<(&String, &http::Response)> = crawl
        .found
        .iter()
        .filter(|(_, response)| response.media_type() == "application/atom+xml")
        .collect();
    assert!(
        feeds.iter().any(|(path, _)| *path == &format!("{PREFIX}feed.xml")),
        "the site feed is linked"
    );
    assert!(feeds.len() > 1, "the corporations' feeds are linked");
    for (path, response) in feeds {
        let feed = atom_syndication::Feed::from_str(&response.text())
            .unwrap_or_else(|e| panic!("{path} is no Atom feed: {e}"));
        let mut urls: Vec<&str> = feed.links().iter().map(|l| l.href()).collect();
        urls.push(feed.id());
        for entry in feed.entries() {
            urls.push(entry.id());
            urls.extend(entry.links().iter().map(|l| l.href()));
        }
        for url in urls {
            let local = url
                .strip_prefix(BASE_URL)
                .unwrap_or_else(|| panic!("{path}: {url} is not under {BASE_URL}"));
            let status = http::get(nginx.address, HOST, &format!("{PREFIX}{local}")).status;
            assert_eq!(status, 200, "{path}: {url}");
        }
    }
}

#[test]
fn a_missing_address_answers_404_and_a_folder_without_slash_redirects() {
    let nginx = Nginx::start(&site::built().root);
    let missing = http::get(nginx.address, HOST, &format!("{PREFIX}no-such-corporation/2000-01-01/"));
    assert_eq!(missing.status, 404);
    let crawl = crawl::crawl(nginx.address);
    let statement = crawl
        .pages()
        .find(|path| crawl::page_type(path) == "statement")
        .expect("a statement page");
    let redirect = http::get(nginx.address, HOST, statement.trim_end_matches('/'));
    assert_eq!(redirect.status, 301);
    assert_eq!(
        redirect.header("location"),
        Some(statement),
        "a relative redirect to the folder"
    );
}

#[test]
fn nginx_sends_the_caching_and_type_headers_of_the_readme() {
    let nginx = Nginx::start(&site::built().root);
    let crawl = crawl::crawl(nginx.address);
    for (path, response) in &crawl.found {
        let (cache, kind) = (response.header("cache-control"), response.media_type());
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"), "{path}");
        if path.starts_with(&format!("{PREFIX}assets/")) {
            let year = "public, max-age=31536000, immutable";
            let expected = if is_fingerprinted(path) {
                year
            } else {
                "public, max-age=3600"
            };
            assert_eq!(cache, Some(expected), "{path}");
        } else {
            assert_eq!(cache, Some("no-cache"), "{path}: pages, feeds and PDFs are revalidated");
            assert!(response.header("etag").is_some(), "{path}: revalidated by ETag");
        }
        if kind.starts_with("text/") || kind.ends_with("xml") || kind.ends_with("javascript") {
            assert!(
                response
                    .header("content-type")
                    .is_some_and(|t| t.ends_with("; charset=utf-8")),
                "{path}"
            );
        }
        if path.ends_with("/feed.xml") {
            assert_eq!(kind, "application/atom+xml", "{path}");
        }
    }
    assert!(
        crawl.found.values().any(|r| r.media_type() == "image/svg+xml"),
        "the favicon"
    );
    let missing = http::get(nginx.address, HOST, &format!("{PREFIX}no-such-page/"));
    assert_eq!(
        missing.header("cache-control"),
        Some("no-cache"),
        "a 404 is not cached either"
    );
}

/// Whether an asset's name carries a content hash, as in `style.3f9a0c12.css`.
fn is_fingerprinted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts[parts.len() - 2].len() >= 8
        && parts[parts.len() - 2]
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
}

#[test]
fn the_nu_html_checker_finds_no_errors_on_any_page() {
    let errors = validators::vnu_errors(&site::built().site());
    assert!(errors.is_empty(), "{} errors:\n{}", errors.len(), listed(&errors));
}

#[test]
fn axe_finds_no_wcag_22_aa_violations_and_pages_reflow_at_320_px() {
    let nginx = Nginx::start(&site::built().root);
    let crawl = crawl::crawl(nginx.address);
    let driver = common::webdriver::Driver::start();
    let browser = common::webdriver::Browser::open(&driver);
    let mut problems = Vec::new();
    let mut checked = 0;
    for (kind, paths) in crawl::by_type(crawl.pages()) {
        for path in paths {
            browser.go(&nginx.url(path));
            let wide = validators::axe_violations(&browser);
            problems.extend(wide.into_iter().map(|v| format!("{kind} {path}: {v}")));
            let metrics = json!({"width": 320, "height": 640, "deviceScaleFactor": 1, "mobile": false});
            browser.devtools("Emulation.setDeviceMetricsOverride", metrics);
            let narrow = validators::axe_violations(&browser)
                .into_iter()
                .chain(reflow_problems(&browser));
            problems.extend(narrow.map(|p| format!("{kind} {path} at 320 px: {p}")));
            browser.devtools("Emulation.clearDeviceMetricsOverride", json!({}));
            checked += 1;
        }
    }
    assert!(checked > 0);
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        listed(&problems)
    );
}

/// In a 320 CSS pixel wide viewport (WCAG 1.4.10) the page does not scroll sideways, and a table too
/// wide for the column scrolls in its own wrapper, which keyboard users can reach and which has a name.
fn reflow_problems(browser: &common::webdriver::Browser) -> Vec<String> {
    let answer = browser.run(
        "const problems = [];
         const width = document.documentElement.scrollWidth;
         if (width > 320) {
           const wide = [...document.body.querySelectorAll('*')]
             .filter(e => e.getBoundingClientRect().right > 321 && !e.closest('.table-wrap'))
             .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + e.className);
           problems.push(`the page is ${width} px wide at 320 px: ${wide.join(', ')}`);
         }
         for (const wrap of document.querySelectorAll('table')) {
           const scroller = wrap.closest('.table-wrap');
           if (!scroller) { problems.push('a table without a .table-wrap'); continue; }
           if (scroller.scrollWidth <= scroller.clientWidth) continue;
           if (!['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX))
             problems.push('a wide table that does not scroll');
           if (scroller.tabIndex < 0 || !scroller.getAttribute('aria-label'))
             problems.push('a scrolling table that the keyboard cannot reach or that has no name');
         }
         return problems;",
    );
    answer
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| p.as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn the_checks_catch_a_broken_page() {
    // A site of one page with a dead link, a link to a missing anchor, an image without text and an
    // unclosed element: each check must notice.
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join(PREFIX.trim_matches('/'));
    std::fs::create_dir_all(&site).unwrap();
    let page = "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>x</title></head>\
                <body><main><a href=\"gone/\">weg</a> <a href=\"#nowhere\">nergens</a>\
                <img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\"><div><span></div></main></body></html>";
    std::fs::write(site.join("index.html"), page).unwrap();
    let nginx = Nginx::start(dir.path());
    let failures = crawl::crawl(nginx.address).failures;
    assert!(
        failures.iter().any(|f| f.contains("/privacy/gone/: status 404")),
        "{failures:?}"
    );
    assert!(
        failures.iter().any(|f| f.contains("#nowhere, which has no such id")),
        "{failures:?}"
    );
    let errors = validators::vnu_errors(&site);
    assert!(errors.iter().any(|e| e.starts_with("index.html:")), "{errors:?}");
    let driver = common::webdriver::Driver::start();
    let browser = common::webdriver::Browser::open(&driver);
    browser.go(&nginx.url(PREFIX));
    let violations = validators::axe_violations(&browser);
    assert!(violations.iter().any(|v| v.starts_with("image-alt ")), "{violations:?}");
}

// What a host needs besides the pages: the 404 page, sitemap, robots.txt, a staging address, the
// facts as data, fingerprinted assets and the README's configuration.

#[test]
fn a_missing_address_at_any_depth_gets_the_sites_404_page() {
    let built = site::built();
    let page = std::fs::read_to_string(built.site().join("404.html")).expect("the build writes 404.html");
    assert!(
        page.contains(r#"<meta name="robots" content="noindex">"#),
        "the 404 page is not indexed"
    );
    let nginx = Nginx::start(&built.root);
    for path in ["no-such-page", "no/such/page/", "assets/no-such.css"] {
        let path = format!("{PREFIX}{path}");
        let response = http::get(nginx.address, HOST, &path);
        assert_eq!(response.status, 404, "{path}");
        assert_eq!(
            response.header("content-type"),
            Some("text/html; charset=utf-8"),
            "{path}"
        );
        assert_eq!(response.text(), page, "{path} shows the site's 404 page");
        // Its stylesheet, icon and links work wherever it is shown.
        let links = common::attribute_values(&page, "href")
            .into_iter()
            .chain(common::attribute_values(&page, "src"));
        for link in links.filter(|link| !link.starts_with('#')) {
            if let http::Target::Local { path: target, .. } = http::resolve(&link, &path, site::ORIGIN) {
                assert_eq!(http::get(nginx.address, HOST, &target).status, 200, "{path}: {link}");
            }
        }
    }
}

#[test]
fn axe_finds_no_wcag_22_aa_violations_on_the_404_page() {
    let nginx = Nginx::start(&site::built().root);
    let driver = common::webdriver::Driver::start();
    let browser = common::webdriver::Browser::open(&driver);
    browser.go(&nginx.url(&format!("{PREFIX}no/such/page/")));
    let violations = validators::axe_violations(&browser);
    assert!(violations.is_empty(), "{}", listed(&violations));
}

/// The `<loc>` values of a sitemap, checking its root element on the way.
fn sitemap_locations(xml: &str) -> Vec<String> {
    assert!(xml.starts_with("<?xml"), "an XML declaration");
    assert!(
        xml.contains(r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"#)
            && xml.trim_end().ends_with("</urlset>"),
        "a sitemaps.org urlset"
    );
    xml.split("<loc>")
        .skip(1)
        .map(|rest| common::unescape(rest.split_once("</loc>").expect("a closed <loc>").0.trim()))
        .collect()
}

#[test]
fn the_sitemap_lists_every_indexable_page_and_each_answers() {
    let nginx = Nginx::start(&site::built().root);
    let sitemap = http::get(nginx.address, HOST, &format!("{PREFIX}sitemap.xml"));
    assert_eq!(sitemap.status, 200);
    assert!(
        sitemap.media_type().ends_with("xml"),
        "{:?}",
        sitemap.header("content-type")
    );
    let locations = sitemap_locations(&sitemap.text());
    assert!(
        locations.iter().any(|url| url == BASE_URL),
        "the index is in the sitemap"
    );
    for url in &locations {
        let local = url
            .strip_prefix(BASE_URL)
            .unwrap_or_else(|| panic!("{url} is not under {BASE_URL}"));
        let page = http::get(nginx.address, HOST, &format!("{PREFIX}{local}"));
        assert_eq!(page.status, 200, "{url}");
        assert!(
            !page.text().contains(r#"<meta name="robots" content="noindex">"#),
            "{url} is noindex"
        );
    }
    let crawl = crawl::crawl(nginx.address);
    for path in crawl.pages() {
        let html = crawl.found[path].text();
        let url = format!("{}{path}", site::ORIGIN);
        let canonical = format!(r#"<link rel="canonical" href="{url}">"#);
        if !html.contains(r#"content="noindex""#) && html.contains(&canonical) {
            assert!(locations.contains(&url), "{url} is indexable but not in the sitemap");
        }
    }
}

#[test]
fn robots_txt_names_the_sitemap() {
    let nginx = Nginx::start(&site::built().root);
    let robots = http::get(nginx.address, HOST, &format!("{PREFIX}robots.txt"));
    assert_eq!(robots.status, 200);
    assert_eq!(robots.header("content-type"), Some("text/plain; charset=utf-8"));
    let line = format!("Sitemap: {BASE_URL}sitemap.xml");
    assert!(robots.text().lines().any(|l| l.trim() == line), "{}", robots.text());
}

#[test]
fn base_url_flag_overrides_site_yaml_in_every_absolute_url() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let base = "http://elsewhere.test/sub/";
    let content = common::fixture("valid");
    let args = [
        "build",
        "--content",
        content.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    let output = common::verklaar(
        &[&args[..], &["--today", common::TODAY, "--base-url", base]].concat(),
        dir.path(),
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains(&format!(r#"<link rel="canonical" href="{base}">"#)),
        "{index}"
    );
    let feed = atom_syndication::Feed::from_str(&std::fs::read_to_string(out.join("feed.xml")).unwrap()).unwrap();
    assert!(feed.id().starts_with(base));
    assert!(feed.entries().iter().all(|e| e.id().starts_with(base)));
}

#[test]
fn every_version_has_its_facts_as_json() {
    let nginx = Nginx::start(&site::built().root);
    let manifest = http::get(nginx.address, HOST, &format!("{PREFIX}index.json"));
    assert_eq!(manifest.header("content-type"), Some("application/json; charset=utf-8"));
    let manifest: serde_json::Value = serde_json::from_slice(&manifest.body).unwrap();
    let versions: Vec<&serde_json::Value> = manifest["corporations"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["versions"].as_array().into_iter().flatten())
        .collect();
    assert!(!versions.is_empty());
    for version in versions {
        let url = version["facts"]
            .as_str()
            .unwrap_or_else(|| panic!("no facts URL in {version}"));
        let facts = http::get(nginx.address, HOST, &format!("{PREFIX}{}", url.trim_start_matches('/')));
        assert_eq!(facts.status, 200, "{url}");
        assert_eq!(facts.media_type(), "application/json", "{url}");
        let facts: serde_json::Value = serde_json::from_slice(&facts.body).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert!(facts.is_object(), "{url}");
    }
}

#[test]
fn stylesheets_and_scripts_have_fingerprinted_names_cached_for_a_year() {
    let nginx = Nginx::start(&site::built().root);
    let crawl = crawl::crawl(nginx.address);
    let assets: Vec<&String> = crawl
        .found
        .keys()
        .filter(|path| path.ends_with(".css") || path.ends_with(".js"))
        .collect();
    assert!(!assets.is_empty());
    for path in assets {
        assert!(is_fingerprinted(path), "{path} has no content hash in its name");
        let cache = crawl.found[path].header("cache-control");
        assert_eq!(cache, Some("public, max-age=31536000, immutable"), "{path}");
    }
}

#[test]
fn the_readme_shows_the_nginx_configuration_that_is_tested() {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let config = std::fs::read_to_string(common::repo().join("tests/deploy/nginx.conf")).unwrap();
    assert!(
        readme.contains(&format!("```nginx\n{config}```")),
        "README.md shows tests/deploy/nginx.conf verbatim"
    );
}
