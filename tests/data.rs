//! The site's data and host files: each published version's facts as JSON and in DPV as JSON-LD,
//! the sitemap, robots.txt, the 404 page and `--base-url`.

mod common;

use std::collections::BTreeSet;

use common::*;
use serde_json::Value;

const BASE: &str = "https://example.org/privacy/";

fn json(site: &verklaar::site::SiteFiles, path: &str) -> Value {
    serde_json::from_str(&page(site, path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn facts_json_holds_the_typed_facts_and_names_its_schema() {
    let site = verklaar::site::build(&fixture("valid"), options(true)).unwrap();
    let content = verklaar::content::check(&fixture("valid")).unwrap();
    let version = content.corporations[0].version("2021-03-01").unwrap();
    let facts = json(&site, "voorbeeld-wonen/2021-03-01/facts.json");
    assert_eq!(facts["$schema"], format!("{BASE}facts.schema.json"));
    assert_eq!(facts["schema_version"], 1);
    assert_eq!(facts["corporation"]["slug"], "voorbeeld-wonen");
    assert_eq!(facts["version"], "2021-03-01");
    assert_eq!(facts["published"], "2021-03-01");
    assert_eq!(facts["url"], format!("{BASE}voorbeeld-wonen/2021-03-01/"));
    assert_eq!(facts["dpv"], format!("{BASE}voorbeeld-wonen/2021-03-01/dpv.jsonld"));
    assert_eq!(facts["facts"], serde_json::to_value(&version.statement).unwrap());
    assert_eq!(facts["facts"]["legal_bases"]["list"][0]["kind"], "contract");

    let schema = json(&site, "facts.schema.json");
    assert_eq!(schema["$id"], format!("{BASE}facts.schema.json"));
    for key in schema["required"].as_array().unwrap() {
        assert!(
            facts.get(key.as_str().unwrap()).is_some(),
            "facts.json lacks required {key}"
        );
    }
    // A draft is not a published statement: it gets no data files.
    assert!(
        !site
            .files
            .keys()
            .any(|path| path.starts_with("voorbeeld-wonen/draft/") && path.contains(".json"))
    );
}

#[test]
fn the_dpv_export_uses_dpv_and_gdpr_terms_and_its_references_resolve() {
    let site = build(&fixture("valid"));
    let dpv = json(&site, "voorbeeld-wonen/2021-03-01/dpv.jsonld");
    assert_eq!(dpv["@context"]["dpv"], "https://w3id.org/dpv#");
    assert_eq!(dpv["@context"]["eu-gdpr"], "https://w3id.org/dpv/legal/eu/gdpr#");
    assert_eq!(dpv["@context"]["@language"], "nl");
    assert_eq!(dpv["@type"], "dpv:Process");
    assert_eq!(dpv["dpv:hasDataController"]["@type"], "dpv:DataController");
    let bases: Vec<&Value> = dpv["dpv:hasLegalBasis"].as_array().unwrap().iter().collect();
    let types: BTreeSet<&str> = bases
        .iter()
        .flat_map(|b| b["@type"].as_array().unwrap())
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(
        types.contains("eu-gdpr:A6-1-b") && types.contains("eu-gdpr:A6-1-f"),
        "{types:?}"
    );
    let rights: BTreeSet<&str> = dpv["dpv:hasRight"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["@id"].as_str().unwrap())
        .collect();
    assert!(
        rights.contains("eu-gdpr:A15") && rights.contains("eu-gdpr:A21"),
        "{rights:?}"
    );
    let recipients = dpv["dpv:hasRecipient"].as_array().unwrap();
    assert!(
        recipients
            .iter()
            .any(|r| r["@type"].as_array().unwrap().contains(&"dpv:DataProcessor".into()))
    );
    assert!(!dpv["dpv:hasStorageCondition"].as_array().unwrap().is_empty());

    // Every reference to a category or purpose names a node of the document.
    let nodes: BTreeSet<&str> = ["dpv:hasPersonalData", "dpv:hasPurpose"]
        .iter()
        .flat_map(|key| dpv[key].as_array().unwrap())
        .map(|node| node["@id"].as_str().unwrap())
        .collect();
    let mut references = Vec::new();
    collect_references(&dpv, &mut references);
    assert!(references.len() > 3, "{references:?}");
    for reference in references {
        assert!(nodes.contains(reference.as_str()), "{reference} names no node");
    }
}

/// The ids that the nodes of the top-level lists refer to through `dpv:hasPersonalData` and
/// `dpv:hasPurpose`.
fn collect_references(document: &Value, out: &mut Vec<String>) {
    let lists = [
        "dpv:hasPurpose",
        "dpv:hasLegalBasis",
        "dpv:hasRecipient",
        "dpv:hasStorageCondition",
    ];
    for item in lists.iter().flat_map(|key| document[key].as_array().unwrap()) {
        for key in ["dpv:hasPersonalData", "dpv:hasPurpose"] {
            let targets = match &item[key] {
                Value::Array(nodes) => nodes.iter().collect(),
                Value::Null => Vec::new(),
                node => vec![node],
            };
            out.extend(
                targets
                    .iter()
                    .filter_map(|node| node["@id"].as_str())
                    .map(str::to_owned),
            );
        }
    }
}

#[test]
fn sitemap_robots_and_404_are_built_from_the_base_url() {
    let site = verklaar::site::build(&fixture("valid"), options(true)).unwrap();
    let sitemap = page(&site, "sitemap.xml");
    let locations: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|rest| rest.split_once("</loc>").unwrap().0)
        .collect();
    assert_eq!(
        locations,
        [
            BASE.to_owned(),
            format!("{BASE}voorbeeld-wonen/"),
            format!("{BASE}voorbeeld-wonen/changes/"),
            format!("{BASE}voorbeeld-wonen/2021-03-01/changes/"),
        ],
        "no draft, no version page that names another as canonical"
    );
    assert_eq!(
        page(&site, "robots.txt"),
        format!("User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n")
    );
    let not_found = page(&site, "404.html");
    let links = attribute_values(&not_found, "href");
    assert!(links.contains(&"/privacy/".to_owned()), "{links:?}");
    assert!(
        links
            .iter()
            .filter(|l| !l.starts_with('#'))
            .all(|l| l.starts_with("/privacy/")),
        "{links:?}"
    );
    assert!(visible_text(&not_found).contains("Pagina niet gevonden"));
}

#[test]
fn base_url_must_be_an_absolute_web_address() {
    let dir = tempfile::tempdir().unwrap();
    let content = fixture("valid");
    for wrong in ["example.org/privacy/", "https://", "ftp://example.org/"] {
        let output = verklaar(
            &["build", "--content", content.to_str().unwrap(), "--base-url", wrong],
            dir.path(),
        );
        assert!(!output.status.success(), "{wrong}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("--base-url"), "{stderr}");
    }
    assert!(!dir.path().join("output").exists(), "nothing was written");
}
