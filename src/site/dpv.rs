//! The facts of every published version in W3C's Data Privacy Vocabulary (DPV 2), as JSON-LD:
//! `<slug>/<version>/dpv.jsonld`, one `dpv:Process` with its controller, data subjects, personal
//! data categories, purposes, legal bases, recipients, storage durations and rights, so that
//! other tools can read a statement without scraping its page.
//!
//! GDPR legal bases and rights are the concepts of DPV's EU GDPR extension (`eu-gdpr:A6-1-a`,
//! `eu-gdpr:A15`); everything the statement names in its own words is a node with that text as
//! its `rdfs:label`, in the site's language.

use serde_json::{Value, json};

use crate::content::model::{Category, LegalBasisKind, Purpose, RecipientKind, RightKind, Sensitivity, Statement};
use crate::content::{Corporation, Version};
use crate::error::Result;
use crate::site::data::to_json;
use crate::site::files::SiteFiles;
use crate::site::output::{BuildContext, Output};
use crate::site::routes::Route;
use crate::site::views::corporation_name;

/// `dpv.jsonld` of each published version.
pub(crate) struct DpvExports;

impl Output for DpvExports {
    fn add(&self, build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()> {
        let language = build.language;
        build.each_corporation(site, |corporation, _done, site| {
            let corporation = corporation.corporation;
            for version in &corporation.versions {
                let route = Route::dpv(corporation, version);
                let document = export(corporation, version, &build.base_url, language);
                site.insert(route.file(), to_json(&document, route)?);
            }
            Ok(())
        })?;
        Ok(())
    }
}

/// The JSON-LD document of one version.
fn export(corporation: &Corporation, version: &Version, base_url: &str, language: &str) -> Value {
    let page = format!("{base_url}{}", Route::version(corporation, version).path());
    let node = |kind: &str, id: &str| format!("{page}#{kind}-{id}");
    let statement = &version.statement;
    let categories: Vec<Value> = statement
        .data
        .categories
        .iter()
        .map(|c| category(c, &node("data", &c.id)))
        .collect();
    let mut purposes = Vec::new();
    collect_purposes(&statement.purposes.list, &node, &mut purposes);
    json!({
        "@context": {
            "dpv": "https://w3id.org/dpv#",
            "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
            "dct": "http://purl.org/dc/terms/",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "@language": language,
        },
        "@id": format!("{page}#processing"),
        "@type": "dpv:Process",
        "dct:title": statement.title.clone().map(|title| format!("{title} {}", corporation_name(corporation))),
        "dct:source": { "@id": page },
        "dct:valid": statement.published.map(|d| d.to_string()),
        "dpv:hasApplicableLaw": { "@id": "https://w3id.org/dpv/legal/eu#law-GDPR" },
        "dpv:hasDataController": {
            "@id": format!("{page}#controller"),
            "@type": "dpv:DataController",
            "rdfs:label": &statement.organisation.name,
        },
        "dpv:hasDataSubject": statement.data_subjects.iter().map(|s| json!({
            "@id": node("subject", &s.id),
            "@type": "dpv:DataSubject",
            "rdfs:label": &s.name,
        })).collect::<Vec<_>>(),
        "dpv:hasPersonalData": categories,
        "dpv:hasPurpose": purposes,
        "dpv:hasLegalBasis": legal_bases(statement, &node),
        "dpv:hasRecipient": recipients(statement, &node),
        "dpv:hasStorageCondition": storage(statement, &node),
        "dpv:hasRight": rights(statement),
    })
}

/// A category of personal data, with its items as its parts.
fn category(category: &Category, id: &str) -> Value {
    let kind = match category.sensitivity {
        Sensitivity::Special => "dpv:SpecialCategoryPersonalData",
        Sensitivity::Ordinary => "dpv:PersonalData",
        Sensitivity::Financial | Sensitivity::NationalId | Sensitivity::Criminal => "dpv:SensitivePersonalData",
    };
    let label = category
        .name
        .clone()
        .unwrap_or_else(|| category.items.iter().map(|i| i.name()).collect::<Vec<_>>().join(", "));
    json!({
        "@id": id,
        "@type": kind,
        "rdfs:label": label,
        "dct:hasPart": category.items.iter().map(|item| json!({
            "@type": "dpv:PersonalData",
            "rdfs:label": item.name(),
        })).collect::<Vec<_>>(),
    })
}

/// Every purpose and sub-purpose, each with the categories it uses.
fn collect_purposes(list: &[Purpose], node: &impl Fn(&str, &str) -> String, out: &mut Vec<Value>) {
    for purpose in list {
        out.push(json!({
            "@id": node("purpose", &purpose.id),
            "@type": "dpv:Purpose",
            "rdfs:label": &purpose.name,
            "dpv:hasPersonalData": purpose.categories.iter().map(|c| json!({ "@id": node("data", c) })).collect::<Vec<_>>(),
        }));
        collect_purposes(&purpose.sub_purposes, node, out);
    }
}

/// The legal bases: the GDPR article 6(1) concept where the statement names one, and the
/// statement's own name for it.
fn legal_bases(statement: &Statement, node: &impl Fn(&str, &str) -> String) -> Vec<Value> {
    let list = statement.legal_basis_list();
    list.iter()
        .map(|basis| {
            let mut types = vec!["dpv:LegalBasis"];
            types.extend(basis.kind.map(article_6));
            json!({
                "@id": node("basis", &basis.id),
                "@type": types,
                "rdfs:label": basis.name.clone().or_else(|| basis.label.clone()),
                "dpv:hasPurpose": basis.purposes.iter().map(|p| json!({ "@id": node("purpose", p) })).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// The DPV concept of a GDPR article 6(1) basis.
fn article_6(kind: LegalBasisKind) -> &'static str {
    match kind {
        LegalBasisKind::Consent => "eu-gdpr:A6-1-a",
        LegalBasisKind::Contract => "eu-gdpr:A6-1-b",
        LegalBasisKind::LegalObligation => "eu-gdpr:A6-1-c",
        LegalBasisKind::VitalInterests => "eu-gdpr:A6-1-d",
        LegalBasisKind::PublicTask => "eu-gdpr:A6-1-e",
        LegalBasisKind::LegitimateInterests => "eu-gdpr:A6-1-f",
    }
}

/// The recipients, typed as processor or third party where the statement says so.
fn recipients(statement: &Statement, node: &impl Fn(&str, &str) -> String) -> Vec<Value> {
    let list = statement.recipient_list();
    list.iter()
        .map(|recipient| {
            let mut types = vec!["dpv:Recipient"];
            match recipient.kind {
                Some(RecipientKind::Processor) => types.push("dpv:DataProcessor"),
                Some(RecipientKind::ThirdParty) => types.push("dpv:ThirdParty"),
                _ => {}
            }
            json!({
                "@id": node("recipient", &recipient.id),
                "@type": types,
                "rdfs:label": &recipient.name,
                "dpv:hasPersonalData": recipient.categories.iter().map(|c| json!({ "@id": node("data", c) })).collect::<Vec<_>>(),
                "dpv:hasPurpose": recipient.purposes.iter().map(|p| json!({ "@id": node("purpose", p) })).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// How long each category is kept, in the statement's words.
fn storage(statement: &Statement, node: &impl Fn(&str, &str) -> String) -> Vec<Value> {
    let periods = statement
        .retention
        .as_ref()
        .map(|r| r.periods.as_slice())
        .unwrap_or_default();
    periods
        .iter()
        .map(|period| {
            let words: Vec<&str> = [
                period.period.as_ref().map(|p| p.text.as_str()),
                period.trigger.as_deref(),
                period.extension.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect();
            json!({
                "@type": "dpv:StorageDuration",
                "rdfs:label": words.join(", "),
                "dpv:hasPersonalData": { "@id": node("data", &period.category) },
                "dct:source": period.law,
            })
        })
        .collect()
}

/// The rights the statement names, as the GDPR articles that grant them.
fn rights(statement: &Statement) -> Vec<Value> {
    let mut articles: Vec<&str> = Vec::new();
    for right in &statement.rights.list {
        let article = article(&right.kind);
        if !articles.contains(&article) {
            articles.push(article);
        }
    }
    articles.into_iter().map(|a| json!({ "@id": a })).collect()
}

/// The DPV concept of the GDPR article behind a right.
fn article(kind: &RightKind) -> &'static str {
    match kind {
        RightKind::Access => "eu-gdpr:A15",
        RightKind::Rectification | RightKind::Completion => "eu-gdpr:A16",
        RightKind::Erasure => "eu-gdpr:A17",
        RightKind::Restriction => "eu-gdpr:A18",
        RightKind::Portability => "eu-gdpr:A20",
        RightKind::Objection => "eu-gdpr:A21",
        RightKind::WithdrawConsent => "eu-gdpr:A7-3",
    }
}
