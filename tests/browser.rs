//! A real browser on the preview server: headless Chromium, driven over WebDriver by ChromeDriver,
//! sees an edit, an error overlay and its fix without anyone touching the browser, and a visitor finds
//! the version that applied on a date.
//! `tests/run` installs Debian's `chromium` and `chromium-driver` when they are missing.

mod common;

use std::fs;
use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;

use common::webdriver::{Browser, Driver};
use serde_json::Value;
use verklaar::serve::{Preview, ServeOptions};

fn save(path: &Path, text: &str) {
    let temporary = path.with_extension("yaml.swp");
    fs::write(&temporary, text).unwrap();
    fs::rename(&temporary, path).unwrap();
}

/// The preview of a copy of fixture `name`, on a free port of 127.0.0.1; the copy lives as long
/// as the returned folder.
fn preview_of(name: &str) -> (tempfile::TempDir, std::path::PathBuf, Preview) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    common::copy_dir(&common::fixture(name), &content);
    let options = ServeOptions {
        content: content.clone(),
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        poll: false,
    };
    let preview = Preview::start(&options, |_| {}).unwrap();
    (dir, content, preview)
}

#[test]
fn the_page_follows_edits_errors_and_fixes_by_itself() {
    let (_dir, content, preview) = preview_of("valid");
    let file = content.join("voorbeeld-wonen/draft.yaml");
    let original = fs::read_to_string(&file).unwrap();
    let driver = Driver::start();
    let browser = Browser::open(&driver);
    browser.go(&format!("http://{}/voorbeeld-wonen/draft/", preview.address()));
    browser.wait_until(
        "the statement",
        "return document.body.innerText.includes('Wij zijn zuinig op gegevens, ook in het concept.')",
    );
    browser.run("window.scrollTo(0, 600); return true");

    save(
        &file,
        &original.replace("Wij zijn zuinig op gegevens,", "Wij zijn heel zuinig op gegevens,"),
    );
    browser.wait_until(
        "the edit",
        "return document.body.innerText.includes('Wij zijn heel zuinig op gegevens, ook in het concept.')",
    );
    browser.wait_until("the scroll position kept", "return Math.abs(window.scrollY - 600) < 2");

    save(
        &file,
        &original.replace("  city: Voorbeeldstad\n", "  city: Voorbeeldstad\n  nmae: x\n"),
    );
    browser.wait_until(
        "the error overlay",
        "var o = document.getElementById('verklaar-overlay'); return !!o && o.innerText.includes('unknown key `nmae`') && o.innerText.includes('did you mean `name`?')",
    );
    assert_eq!(
        browser.run("return document.body.innerText.includes('Wij zijn heel zuinig op gegevens, ook in het concept.')"),
        Value::Bool(true),
        "the last good page stays"
    );

    save(&file, &original);
    browser.wait_until("the fix", "return !document.getElementById('verklaar-overlay') && document.body.innerText.includes('Wij zijn zuinig op gegevens, ook in het concept.')");
    drop(browser);
    preview.stop();
}

#[test]
fn a_visitor_finds_the_version_that_applied_on_a_date() {
    // A frozen copy of the demo's history, so that editing the shipped demo breaks nothing here.
    let (_dir, _content, preview) = preview_of("history");
    let changelog = format!("http://{}/voorbeeldhof/changes/", preview.address());
    let driver = Driver::start();
    let browser = Browser::open(&driver);
    browser.go(&changelog);
    browser.wait_until(
        "the date form",
        "var f = document.querySelector('.find-form'); return !!f && !f.hidden",
    );
    // 15 June 2024 falls in the version of 1 April 2023 (in force until 1 July 2025).
    browser.run(
        "var f = document.querySelector('.find-form'); f.elements.date.value = '2024-06-15'; f.requestSubmit(); return true",
    );
    browser.wait_until(
        "the version of 1 April 2023",
        "return location.pathname == '/voorbeeldhof/2023-04-01/' && document.body.innerText.includes('Deze versie gold van 1 april 2023 tot 1 juli 2025.')",
    );
    // Before the first version there is nothing; the form says so.
    browser.go(&changelog);
    browser.run(
        "var f = document.querySelector('.find-form'); f.elements.date.value = '2019-01-01'; f.requestSubmit(); return true",
    );
    browser.wait_until(
        "the message that nothing applied then",
        "return !document.querySelector('.find-none').hidden",
    );
    drop(browser);
    preview.stop();
}

#[test]
fn a_rebound_dns_name_reads_nothing_and_redirects_stay_on_the_preview() {
    let (_dir, _content, preview) = preview_of("valid");
    let port = preview.address().port();
    let driver = Driver::start();
    // As if the attacker's DNS name now resolved to this machine.
    let browser = Browser::open_with(&driver, &["--host-resolver-rules=MAP attacker.test 127.0.0.1"]);
    browser.go(&format!("http://attacker.test:{port}/voorbeeld-wonen/draft/"));
    browser.wait_until(
        "the refusal",
        "return document.body.innerText.includes('this preview answers only to localhost')",
    );
    assert_eq!(
        browser.run("return document.body.innerText.includes('Voorbeeld Wonen')"),
        Value::Bool(false)
    );
    // `//name` once redirected to `//name/`, which a browser reads as host `name`.
    browser.go(&format!("http://127.0.0.1:{port}//voorbeeld-wonen"));
    browser.wait_until(
        "the corporation page on the preview",
        &format!(
            "return location.host == '127.0.0.1:{port}' && location.pathname == '/voorbeeld-wonen/' && document.body.innerText.includes('Voorbeeld Wonen')"
        ),
    );
    browser.go(&format!("http://localhost:{port}/"));
    browser.wait_until(
        "the home page by name",
        "return document.body.innerText.includes('Voorbeeld Wonen')",
    );
    drop(browser);
    preview.stop();
}
