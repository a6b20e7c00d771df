//! The validators, from npm (`tests/deploy/package.json`, installed by `tests/run`): the Nu Html
//! Checker (`vnu-jar`, run on Debian's Java) and axe-core (run inside headless Chromium).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common;
use crate::common::webdriver::Browser;

/// A file of an installed npm package.
fn node_module(path: &str) -> PathBuf {
    let file = common::repo().join("tests/deploy/node_modules").join(path);
    assert!(
        file.is_file(),
        "{} is missing; run tests/run, which installs tests/deploy/package-lock.json with npm ci",
        file.display()
    );
    file
}

/// Every error the Nu Html Checker reports for the HTML files under `dir`, as `file:line: message`.
pub fn vnu_errors(dir: &Path) -> Vec<String> {
    let jar = node_module("vnu-jar/build/dist/vnu.jar");
    let output = Command::new("java")
        .args(["-Xss4m", "-jar"])
        .arg(&jar)
        .args(["--format", "json", "--skip-non-html"])
        .arg(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run java ({e}); run tests/run, which installs a Java runtime"));
    // vnu writes its report to standard error, and exits with 1 when it found errors.
    let report: Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|e| {
        panic!(
            "vnu gave no JSON report ({e}):\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let prefix = format!("file:{}/", dir.display());
    report["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|message| message["type"] != "info")
        .map(|message| {
            let url = message["url"].as_str().unwrap_or_default();
            format!(
                "{}:{}: {}",
                url.strip_prefix(&prefix).unwrap_or(url),
                message["lastLine"],
                message["message"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

/// The axe-core rule tags of WCAG 2.0, 2.1 and 2.2, levels A and AA.
const WCAG_22_AA: &str = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']";

/// Every WCAG 2.2 AA violation axe-core finds on the page the browser shows, as
/// `rule (impact): help — the elements`.
pub fn axe_violations(browser: &Browser) -> Vec<String> {
    let axe = std::fs::read_to_string(node_module("axe-core/axe.min.js")).unwrap();
    let loaded = browser.run(&format!("{axe}\n;return typeof window.axe === 'object';"));
    assert_eq!(loaded, Value::Bool(true), "axe-core did not load into the page");
    let script = format!(
        "const done = arguments[arguments.length - 1];
         axe.run(document, {{runOnly: {{type: 'tag', values: {WCAG_22_AA}}}, resultTypes: ['violations']}})
           .then(r => done(r.violations.map(v =>
             `${{v.id}} (${{v.impact}}): ${{v.help}} — ${{v.nodes.map(n => n.target.join(' ')).join(', ')}}`)))
           .catch(e => done(['axe failed: ' + e]));"
    );
    let answer = browser.run_async(&script);
    answer
        .as_array()
        .unwrap_or_else(|| panic!("axe gave no answer: {answer}"))
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_owned())
        .collect()
}
