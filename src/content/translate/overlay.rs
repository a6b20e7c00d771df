//! Laying a translation's text over the parsed value of a version: maps by key, lists by the
//! identity of their items (`id`, `kind` or `category`), plain lists by position, and only text
//! replaced; everything shared by every language is refused with a located error.

use serde_yaml::{Mapping, Value};

use crate::error::{ContentError, ContentErrorKind};
use std::path::Path;

/// Fields every language shares: ids and references, dates, durations, kinds, sensitivities,
/// addresses on the internet. A translation that names one gets an error.
const SHARED: &[&str] = &[
    "id",
    "published",
    "last_modified",
    "date",
    "document",
    "kind",
    "sensitivity",
    "label",
    "url",
    "website",
    "email",
    "phone",
    "channels",
    "categories",
    "category",
    "purposes",
    "services",
    "recipient",
    "legal_basis",
];

/// Whether the field `name` with `value` is shared by every language: a field of [`SHARED`] with a
/// value or a list of values (`categories: [contact]`), not a section or list of facts of that name
/// (`data.categories`, `purposes`).
pub(crate) fn is_shared(name: &str, value: &Value) -> bool {
    let is_facts = match value {
        Value::Mapping(_) => true,
        Value::Sequence(items) => items.iter().any(Value::is_mapping),
        _ => false,
    };
    SHARED.contains(&name) && !is_facts
}

/// The fields that say which item of a list an item is, in the order they are tried.
const IDENTITY: &[&str] = &["id", "kind", "category"];

/// Where a translation is laid over a version, for the errors it finds.
pub(crate) struct Overlay<'a> {
    /// The translation file, as shown in messages.
    pub(crate) file: &'a Path,
    /// The default language (`nl`), named in messages.
    pub(crate) default: &'a str,
    /// Every problem found.
    pub(crate) errors: Vec<ContentError>,
}

impl Overlay<'_> {
    /// Lays `translated` over `base` at YAML path `path` (empty at the top).
    pub(crate) fn apply(&mut self, base: &mut Value, translated: &Value, path: &str) {
        match (base, translated) {
            (Value::Mapping(base), Value::Mapping(translated)) => self.map(base, translated, path),
            (Value::Sequence(base), Value::Sequence(translated)) => self.list(base, translated, path),
            (Value::String(base), Value::String(text)) => *base = text.clone(),
            (Value::String(_), _) => self.error(
                path,
                &msg!("a translation holds only text here"),
                &msg!("write the text in quotes"),
            ),
            (base, _) => {
                let what = match base {
                    Value::Mapping(_) => msg!("a section with fields"),
                    Value::Sequence(_) => msg!("a list"),
                    Value::Bool(_) => msg!("a yes/no value, which every language shares"),
                    Value::Number(_) => msg!("a number, which every language shares"),
                    _ => msg!("no text"),
                };
                let message = msg!(
                    "the {default} version has {what} at `{path}`",
                    default = self.default,
                    what,
                    path
                );
                self.error(
                    path,
                    &message,
                    &msg!("translate only text, in the same structure as the version"),
                );
            }
        }
    }

    fn map(&mut self, base: &mut Mapping, translated: &Mapping, path: &str) {
        for (key, value) in translated {
            let Some(name) = key.as_str() else {
                self.error(
                    path,
                    &msg!("a key of a translation must be a field name"),
                    &msg!("use the version's field names"),
                );
                continue;
            };
            let here = join(path, name);
            if is_shared(name, value) || base.get(key).is_some_and(|b| is_shared(name, b)) {
                let message = msg!("`{here}` is shared by every language and cannot be translated", here);
                let help =
                    msg!("leave it out: ids, dates, durations, kinds and references come from the version itself");
                self.error(&here, &message, &help);
                continue;
            }
            match base.get_mut(key) {
                Some(inner) => self.apply(inner, value, &here),
                None => {
                    let names: Vec<&str> = base.keys().filter_map(Value::as_str).collect();
                    let message = msg!(
                        "the {default} version has no `{here}` to translate",
                        default = self.default,
                        here
                    );
                    let help = msg!(
                        "{did_you_mean}the fields here are: {names}",
                        did_you_mean = crate::suggest::did_you_mean(name, names.iter().copied()),
                        names = names.join(", ")
                    );
                    self.error(&here, &message, &help);
                }
            }
        }
    }

    fn list(&mut self, base: &mut [Value], translated: &[Value], path: &str) {
        for (index, item) in translated.iter().enumerate() {
            let here = format!("{path}[{index}]");
            if let Some((field, id)) = identity(item) {
                let found = base
                    .iter_mut()
                    .find(|b| b.get(field).and_then(Value::as_str) == Some(id));
                match found {
                    Some(inner) => self.apply(inner, &without(item, field), &here),
                    None => {
                        let ids: Vec<&str> = base.iter().filter_map(|b| b.get(field)?.as_str()).collect();
                        let message = msg!(
                            "the {default} version has no item `{field}: {id}` in `{path}`",
                            default = self.default,
                            field,
                            id,
                            path
                        );
                        let help = msg!(
                            "{did_you_mean}the items there are: {ids}",
                            did_you_mean = crate::suggest::did_you_mean(id, ids.iter().copied()),
                            ids = ids.join(", ")
                        );
                        self.error(&format!("{here}.{field}"), &message, &help);
                    }
                }
                continue;
            }
            if let Some((field, _)) = base.iter().find_map(identity) {
                let message = msg!("this item does not say which item of `{path}` it translates", path);
                let help = msg!("give it the `{field}:` of the item it translates", field);
                self.error(&here, &message, &help);
                continue;
            }
            match base.get_mut(index) {
                Some(inner) => self.apply(inner, item, &here),
                None => {
                    let message = msg!(
                        "the {default} version's `{path}` has {count} items, this is item {number}",
                        default = self.default,
                        path,
                        count = base.len(),
                        number = index + 1
                    );
                    self.error(
                        &here,
                        &message,
                        &msg!("translate the list item by item, in the same order"),
                    );
                }
            }
        }
    }

    fn error(&mut self, path: &str, message: &str, help: &str) {
        let mut error = ContentError::new(ContentErrorKind::Invalid, self.file, message).with_help(help);
        if !path.is_empty() {
            error = error.at_path(path);
        }
        self.errors.push(error);
    }
}

/// The field and value that identify a list item, when it has one.
pub(crate) fn identity(item: &Value) -> Option<(&'static str, &str)> {
    IDENTITY
        .iter()
        .find_map(|field| item.get(*field).and_then(Value::as_str).map(|id| (*field, id)))
}

/// `item` without its field `field`.
fn without(item: &Value, field: &str) -> Value {
    let mut item = item.clone();
    if let Value::Mapping(map) = &mut item {
        map.remove(field);
    }
    item
}

/// `path.name`, or `name` at the top.
pub(crate) fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlay(base: &str, translated: &str) -> (Value, Vec<String>) {
        let mut base: Value = serde_yaml::from_str(base).unwrap();
        let translated: Value = serde_yaml::from_str(translated).unwrap();
        let mut overlay = Overlay {
            file: Path::new("x.en.yaml"),
            default: "nl",
            errors: Vec::new(),
        };
        overlay.apply(&mut base, &translated, "");
        let errors = overlay
            .errors
            .iter()
            .map(|e| format!("{} @ {}", e.message, e.yaml_path.clone().unwrap_or_default()))
            .collect();
        (base, errors)
    }

    #[test]
    fn text_is_replaced_by_id_and_by_position() {
        let base =
            "a:\n  list:\n    - id: x\n      name: Huur\n    - id: y\n      name: Onderhoud\nitems: [naam, adres]\n";
        let (value, errors) = overlay(base, "a:\n  list:\n    - id: y\n      name: Repairs\nitems: [name]\n");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(value["a"]["list"][0]["name"], Value::from("Huur"));
        assert_eq!(value["a"]["list"][1]["name"], Value::from("Repairs"));
        assert_eq!(value["a"]["list"][1]["id"], Value::from("y"));
        assert_eq!(value["items"][0], Value::from("name"));
        assert_eq!(value["items"][1], Value::from("adres"));
    }

    #[test]
    fn shared_fields_unknown_keys_and_ids_are_located_errors() {
        let base = "a:\n  list:\n    - id: x\n      name: Huur\n      categories: [c]\nflag: true\n";
        let translated =
            "a:\n  list:\n    - id: z\n      name: Rent\n    - name: Rent\n  lijst: []\nb: x\nflag: 'yes'\n";
        let (_, errors) = overlay(base, translated);
        assert_eq!(
            errors,
            [
                "the nl version has no item `id: z` in `a.list` @ a.list[0].id",
                "this item does not say which item of `a.list` it translates @ a.list[1]",
                "the nl version has no `a.lijst` to translate @ a.lijst",
                "the nl version has no `b` to translate @ b",
                "the nl version has a yes/no value, which every language shares at `flag` @ flag",
            ]
        );
        let (_, errors) = overlay(base, "a:\n  list:\n    - id: x\n      categories: [d]\n");
        assert_eq!(
            errors,
            ["`a.list[0].categories` is shared by every language and cannot be translated @ a.list[0].categories"]
        );
    }
}
