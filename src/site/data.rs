//! The facts of every published version as data: `<slug>/<version>/facts.json`, the typed facts
//! under the field names of the YAML files, and `facts.schema.json`, the JSON Schema it names.

use std::path::PathBuf;

use serde::Serialize;
use serde_json::Value;

use crate::content::model::Statement;
use crate::error::{Error, Result};
use crate::site::files::SiteFiles;
use crate::site::output::{BuildContext, Output};
use crate::site::routes::Route;
use crate::site::views::corporation_name;

/// The schema of `facts.json`, with its `$id` set when it is written.
const SCHEMA: &str = include_str!("facts.schema.json");

/// Raised when the shape of `facts.json` changes in a way that is not only an added field.
const SCHEMA_VERSION: u32 = 1;

/// `facts.json` of each published version.
pub(crate) struct FactsFiles;

#[derive(Serialize)]
struct FactsFile<'a> {
    #[serde(rename = "$schema")]
    schema: String,
    schema_version: u32,
    corporation: CorporationRef<'a>,
    version: &'a str,
    published: String,
    url: String,
    dpv: String,
    facts: &'a Statement,
}

#[derive(Serialize)]
struct CorporationRef<'a> {
    slug: &'a str,
    name: &'a str,
}

impl Output for FactsFiles {
    fn add(&self, build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()> {
        let absolute = |route: Route<'_>| format!("{}{}", build.base_url, route.path());
        build.each_corporation(site, |corporation, _done, site| {
            let corporation = corporation.corporation;
            for version in &corporation.versions {
                let route = Route::facts(corporation, version);
                let file = FactsFile {
                    schema: format!("{}{}", build.root_url, Route::FactsSchema.path()),
                    schema_version: SCHEMA_VERSION,
                    corporation: CorporationRef {
                        slug: &corporation.slug,
                        name: corporation_name(corporation),
                    },
                    version: &version.id,
                    published: version.statement.published.map(|d| d.to_string()).unwrap_or_default(),
                    url: absolute(Route::version(corporation, version)),
                    dpv: absolute(Route::dpv(corporation, version)),
                    facts: &version.statement,
                };
                site.insert(route.file(), to_json(&file, route)?);
            }
            Ok(())
        })
    }
}

/// `facts.schema.json`, the JSON Schema that every `facts.json` names, once for the whole site.
pub(crate) struct FactsSchema;

impl Output for FactsSchema {
    fn add(&self, build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()> {
        let absolute = |route: Route<'_>| format!("{}{}", build.base_url, route.path());
        let route = Route::FactsSchema;
        let mut schema: Value = serde_json::from_str(SCHEMA).map_err(|e| json_error(route, &e))?;
        if let Some(object) = schema.as_object_mut() {
            object.insert("$id".to_owned(), Value::from(absolute(route)));
        }
        site.insert(route.file(), to_json(&schema, route)?);
        Ok(())
    }
}

/// `value` as pretty JSON with a final newline, for the file at `route`.
pub(crate) fn to_json(value: &impl Serialize, route: Route<'_>) -> Result<String> {
    let mut json = serde_json::to_string_pretty(value).map_err(|e| json_error(route, &e))?;
    json.push('\n');
    Ok(json)
}

fn json_error(route: Route<'_>, error: &serde_json::Error) -> Error {
    Error::Theme {
        file: PathBuf::from(route.file()),
        message: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A section added to the model must be described in the schema too.
    #[test]
    fn the_schema_names_every_section_of_a_statement() {
        let schema: Value = serde_json::from_str(SCHEMA).unwrap();
        let sections = schema["properties"]["facts"]["properties"].as_object().unwrap();
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/valid/content/voorbeeld-wonen/2021-03-01.yaml"
        );
        let statement: Statement = serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let value = serde_json::to_value(&statement).unwrap();
        for key in value.as_object().unwrap().keys() {
            assert!(sections.contains_key(key), "the schema does not describe `{key}`");
        }
    }
}
