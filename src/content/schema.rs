//! The JSON Schema of a version file for editors: derived from the model, with the Dutch
//! descriptions and examples of `scaffold/schema.nl.yaml` merged in.
//!
//! schemars writes the structure (types, required keys, `additionalProperties: false` from
//! `deny_unknown_fields`); the model's English doc comments are dropped from it, and every field
//! and enum value gets its description from the data file instead, keyed by type and field.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::content::model::Statement;
use crate::error::{Error, Result};

/// Name of the schema file in the content folder, which version files refer to as
/// `../version.schema.json`: it sits beside `site.yaml`, so it works offline, wherever the
/// content folder is.
pub const SCHEMA_FILE: &str = "version.schema.json";

/// The file name of the schema of a translation file (`<version>.<language>.yaml`), beside
/// [`SCHEMA_FILE`].
pub const TRANSLATION_SCHEMA_FILE: &str = "translation.schema.json";

/// The first line of a version file written by verklaar: tells yaml-language-server (VS Code's
/// YAML extension) which schema the file follows.
pub const MODELINE: &str = "# yaml-language-server: $schema=../version.schema.json";

/// The Dutch descriptions, keyed by type name (as schemars names it) and field.
const DESCRIPTIONS: &str = include_str!("../../scaffold/schema.nl.yaml");

/// What the data file says about one type.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TypeText {
    /// What the type is.
    #[serde(default)]
    description: Option<String>,
    /// Its fields (of a struct).
    #[serde(default)]
    fields: BTreeMap<String, FieldText>,
    /// Its values (of an enum), each with what it means.
    #[serde(default)]
    values: BTreeMap<String, String>,
    /// For `Statement` only: the title of the schema of a translation file.
    #[serde(default)]
    translation_title: Option<String>,
}

/// What the data file says about one field: its description, or that with examples.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum FieldText {
    /// Just the description.
    Short(String),
    /// The description and example values.
    Full {
        /// What the field means.
        description: String,
        /// Values an editor might write.
        examples: Vec<Value>,
    },
}

/// The schema of a version file, as pretty-printed JSON ending in a newline.
pub fn version_schema_json() -> Result<String> {
    let (schema, _) = version_schema()?;
    pretty(&schema)
}

/// The schema of a translation file: a version file's, with nothing required, since a translation
/// holds only the texts it translates.
pub fn translation_schema_json() -> Result<String> {
    let (mut schema, _) = version_schema()?;
    without_required(&mut schema);
    let title = descriptions()?
        .remove("Statement")
        .and_then(|text| text.translation_title);
    if let (Some(object), Some(title)) = (schema.as_object_mut(), title) {
        object.insert("title".to_owned(), Value::from(title));
    }
    pretty(&schema)
}

/// `schema` as pretty-printed JSON ending in a newline.
fn pretty(schema: &Value) -> Result<String> {
    let mut text = serde_json::to_string_pretty(schema).map_err(|e| {
        Error::command(
            msg!("the schema cannot be written: {e}", e),
            msg!("report this as a bug"),
        )
    })?;
    text.push('\n');
    Ok(text)
}

fn without_required(schema: &mut Value) {
    match schema {
        Value::Object(object) => {
            // The keyword, a list of names; not a field called `required` (`obligation.required`).
            if object.get("required").is_some_and(Value::is_array) {
                object.remove("required");
            }
            object.values_mut().for_each(without_required);
        }
        Value::Array(items) => items.iter_mut().for_each(without_required),
        _ => {}
    }
}

/// Writes the schema to `content_dir/version.schema.json`, where version files written by
/// verklaar find it, and the schema of a translation beside it, unless they are there already as
/// they are.
pub fn write_beside(content_dir: &Path) -> Result<()> {
    for (file, text) in [
        (SCHEMA_FILE, version_schema_json()?),
        (TRANSLATION_SCHEMA_FILE, translation_schema_json()?),
    ] {
        let path = content_dir.join(file);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            crate::content::journal::write_atomic(&path, text.as_bytes())?;
        }
    }
    Ok(())
}

/// `text` of a version file of `slug` with the schema line first, pointing up to the content
/// folder: [`MODELINE`] for a corporation's own folder, one `../` more for a document in it.
pub fn with_modeline_for(text: &str, slug: &str) -> String {
    let extra = "../".repeat(slug.matches('/').count());
    with_modeline(text).replacen("$schema=../", &format!("$schema=../{extra}"), 1)
}

/// `text` with [`MODELINE`] as its first line: added, or put in place of another schema line.
pub fn with_modeline(text: &str) -> String {
    let rest = match text.split_once('\n') {
        Some((first, rest)) if first.starts_with("# yaml-language-server:") => rest,
        None if text.starts_with("# yaml-language-server:") => "",
        _ => text,
    };
    format!("{MODELINE}\n{rest}")
}

/// The Dutch descriptions of `scaffold/schema.nl.yaml`, by type.
fn descriptions() -> Result<BTreeMap<String, TypeText>> {
    serde_yaml::from_str(DESCRIPTIONS).map_err(|e| {
        Error::command(
            msg!("scaffold/schema.nl.yaml cannot be read: {e}", e),
            msg!("report this as a bug"),
        )
    })
}

/// The schema of a version file, and every `Type.field` (or `Type value`) the data file has no
/// description for.
fn version_schema() -> Result<(Value, Vec<String>)> {
    let texts = descriptions()?;
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<Statement>().to_value();
    strip_metadata(&mut schema);
    // `based_on:` and `remove:` are instructions applied before the file becomes a statement.
    if let Some(Value::Object(properties)) = schema.get_mut("properties") {
        properties.extend(crate::content::models::schema_properties());
    }
    let mut missing = Vec::new();
    if let Value::Object(root) = &mut schema {
        let mut definitions = match root.remove("definitions") {
            Some(Value::Object(definitions)) => definitions,
            _ => Map::new(),
        };
        for (name, definition) in &mut definitions {
            describe(name, definition, &texts, &mut missing);
        }
        let mut root_value = Value::Object(std::mem::take(root));
        describe("Statement", &mut root_value, &texts, &mut missing);
        if let Value::Object(mut described) = root_value {
            described.insert("definitions".to_owned(), Value::Object(definitions));
            *root = described;
        }
    }
    Ok((schema, missing))
}

/// Gives the type `name` and its fields or values their Dutch descriptions, noting what lacks one.
fn describe(name: &str, schema: &mut Value, texts: &BTreeMap<String, TypeText>, missing: &mut Vec<String>) {
    let empty = TypeText::default();
    let text = texts.get(name).unwrap_or(&empty);
    let Value::Object(object) = schema else { return };
    match &text.description {
        Some(description) => {
            object.insert("description".to_owned(), json!(description));
        }
        None => missing.push(name.to_owned()),
    }
    if let Some(Value::Object(properties)) = object.get_mut("properties") {
        for (field, property) in properties {
            match text.fields.get(field) {
                Some(field_text) => annotate(property, field_text),
                None => missing.push(format!("{name}.{field}")),
            }
        }
    }
    if let Some(Value::Array(alternatives)) = object.get_mut("oneOf") {
        for alternative in alternatives {
            let Some(value) = alternative.get("const").and_then(Value::as_str).map(str::to_owned) else {
                continue;
            };
            match text.values.get(&value) {
                Some(description) => {
                    if let Value::Object(alternative) = alternative {
                        alternative.insert("description".to_owned(), json!(description));
                    }
                }
                None => missing.push(msg!("{name} value `{value}`", name, value)),
            }
        }
    }
}

/// Adds a field's description and examples to its schema; a bare `$ref` is wrapped in `allOf`,
/// since draft 7 ignores the siblings of `$ref`.
fn annotate(property: &mut Value, text: &FieldText) {
    let Value::Object(object) = property else { return };
    if object.len() == 1
        && let Some(reference) = object.remove("$ref")
    {
        object.insert("allOf".to_owned(), json!([{ "$ref": reference }]));
    }
    let (description, examples) = match text {
        FieldText::Short(description) => (description, None),
        FieldText::Full { description, examples } => (description, Some(examples)),
    };
    object.insert("description".to_owned(), json!(description));
    if let Some(examples) = examples {
        object.insert("examples".to_owned(), Value::Array(examples.clone()));
    }
}

/// Removes the English titles and descriptions schemars took from the doc comments, in every
/// schema object (and not the fields named `title` or `description`), and the defaults that say
/// only "nothing", which an editor would otherwise fill in as `null` or `[]`.
fn strip_metadata(schema: &mut Value) {
    let Value::Object(object) = schema else { return };
    object.remove("title");
    object.remove("description");
    if object.get("default").is_some_and(is_nothing) {
        object.remove("default");
    }
    for (keyword, value) in object.iter_mut() {
        match (keyword.as_str(), value) {
            ("properties" | "definitions", Value::Object(schemas)) => schemas.values_mut().for_each(strip_metadata),
            ("anyOf" | "oneOf" | "allOf", Value::Array(schemas)) => schemas.iter_mut().for_each(strip_metadata),
            ("items" | "additionalProperties", value) => strip_metadata(value),
            _ => {}
        }
    }
}

/// Whether a default value is empty: `null`, `[]`, or a map of such.
fn is_nothing(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.values().all(is_nothing),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_of_a_corporation_points_one_folder_further_up() {
        assert_eq!(
            with_modeline_for("a: 1\n", "acme/cameraverklaring"),
            "# yaml-language-server: $schema=../../version.schema.json\na: 1\n"
        );
        assert_eq!(with_modeline_for("a: 1\n", "acme"), format!("{MODELINE}\na: 1\n"));
    }

    #[test]
    fn every_field_and_value_has_a_dutch_description() {
        let (_, missing) = version_schema().unwrap();
        assert!(
            missing.is_empty(),
            "scaffold/schema.nl.yaml has no description for:\n  {}\nadd each under its type (`fields:` for a field, `values:` for an enum value)",
            missing.join("\n  ")
        );
    }

    #[test]
    fn every_description_belongs_to_a_type_field_or_value_of_the_model() {
        let texts: BTreeMap<String, TypeText> = serde_yaml::from_str(DESCRIPTIONS).unwrap();
        let (schema, _) = version_schema().unwrap();
        let mut stale = Vec::new();
        for (name, text) in &texts {
            let found = if name == "Statement" {
                Some(&schema)
            } else {
                schema["definitions"].get(name)
            };
            let Some(found) = found else {
                stale.push(name.clone());
                continue;
            };
            for field in text.fields.keys() {
                if found["properties"].get(field).is_none() {
                    stale.push(format!("{name}.{field}"));
                }
            }
            let values: Vec<&Value> = found["oneOf"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|v| &v["const"])
                .collect();
            for value in text.values.keys() {
                if !values.contains(&&json!(value)) {
                    stale.push(format!("{name} value `{value}`"));
                }
            }
        }
        assert!(
            stale.is_empty(),
            "scaffold/schema.nl.yaml describes what the model does not have:\n  {}",
            stale.join("\n  ")
        );
    }

    #[test]
    fn the_schema_line_names_the_schema_file_one_folder_up() {
        assert!(MODELINE.ends_with(&format!("$schema=../{SCHEMA_FILE}")));
    }

    #[test]
    fn the_english_doc_comments_stay_out() {
        let text = version_schema_json().unwrap();
        assert!(!text.contains("Reference id"), "{text}");
    }

    #[test]
    fn the_schema_line_is_added_once() {
        assert_eq!(with_modeline("title: x\n"), format!("{MODELINE}\ntitle: x\n"));
        assert_eq!(
            with_modeline(&with_modeline("title: x\n")),
            format!("{MODELINE}\ntitle: x\n")
        );
        assert_eq!(
            with_modeline("# yaml-language-server: $schema=other.json\ntitle: x\n"),
            format!("{MODELINE}\ntitle: x\n")
        );
    }

    #[test]
    fn the_schema_line_leaves_the_fingerprint_as_it_is() {
        let text = "published: 2020-01-01\norganisation:\n  name: X\n";
        let fingerprint = crate::content::ledger::fingerprint(text).unwrap();
        assert_eq!(
            crate::content::ledger::fingerprint(&with_modeline(text)),
            Some(fingerprint)
        );
    }

    #[test]
    fn the_scaffold_starts_with_the_schema_line() {
        let scaffold = include_str!("../../scaffold/new-corporation.yaml");
        assert!(scaffold.starts_with(&format!("{MODELINE}\n")));
    }

    #[test]
    fn unknown_keys_are_refused() {
        let (schema, _) = version_schema().unwrap();
        assert_eq!(schema["additionalProperties"], json!(false));
        assert_eq!(
            schema["definitions"]["Organisation"]["additionalProperties"],
            json!(false)
        );
    }
}
