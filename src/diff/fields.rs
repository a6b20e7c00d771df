//! A fact's serialised fields: flattened for comparing, and shown as text.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value as Json;

/// "C3 Huurincasso" from a label and a name; the id when there is neither.
pub(super) fn display_name(label: Option<&str>, name: Option<&str>, id: &str) -> String {
    match (label, name) {
        (Some(label), Some(name)) => format!("{label} {name}"),
        (None, Some(name)) => name.to_owned(),
        (Some(label), None) => label.to_owned(),
        (None, None) => id.to_owned(),
    }
}

/// A serialised enum value as a key, e.g. `consent` for [`crate::content::model::LegalBasisKind::Consent`].
pub(super) fn to_key(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(Json::String(key)) => key,
        _ => String::new(),
    }
}

/// Adds `value` to `out` under `prefix`: nested maps become dotted keys, empty values are left out,
/// and maps in a list become one text each.
pub(super) fn flatten(prefix: &str, value: Json, out: &mut BTreeMap<String, Json>) {
    match value {
        Json::Null => {}
        Json::Array(items) if items.is_empty() => {}
        Json::Object(map) => {
            for (key, value) in map {
                flatten(&format!("{prefix}.{key}"), value, out);
            }
        }
        Json::Array(items) => {
            let items = items.into_iter().map(|item| match item {
                Json::Object(map) => {
                    let parts: Vec<String> = map.values().filter_map(scalar_text).collect();
                    Json::String(parts.join(", "))
                }
                other => other,
            });
            out.insert(prefix.to_owned(), Json::Array(items.collect()));
        }
        other => {
            out.insert(prefix.to_owned(), other);
        }
    }
}

/// A text, flag or number as text; `None` for lists and maps.
pub(super) fn scalar_text(value: &Json) -> Option<String> {
    match value {
        Json::String(s) => Some(s.clone()),
        Json::Bool(b) => Some(b.to_string()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
