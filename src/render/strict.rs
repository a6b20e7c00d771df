//! The locale as templates see it (`t`): a key the locale does not have is an error when it is
//! printed or used as text, never an empty label, while `t.x[key] or fallback` still falls back.
//! Only the locale's own gaps count: a lookup by a value the content left out stays undefined.

use std::sync::Arc;

use indexmap::IndexMap;

use minijinja::value::{Enumerator, Object, ObjectRepr, Serde, Value};

/// A mapping of the locale file, its values made into template values once: a lookup such as
/// `t.statement.title` on every page clones a reference, not the locale's subtree.
#[derive(Debug)]
struct Node {
    /// Where it is, e.g. `statement` for `t.statement`; empty for `t`.
    path: String,
    /// The mapping's entries with text keys (the only keys a template can look up), in order.
    entries: IndexMap<String, Value>,
}

/// A key the locale does not have, e.g. `t.statement.no_such_label`.
#[derive(Debug)]
pub struct Missing {
    /// The key, e.g. `statement.no_such_label`.
    pub path: String,
}

/// The locale `value` as a template value.
pub fn locale_value(value: &serde_yaml::Value) -> Value {
    wrap(String::new(), value)
}

fn wrap(path: String, value: &serde_yaml::Value) -> Value {
    match value {
        serde_yaml::Value::Mapping(map) => {
            let entries = map
                .iter()
                .filter_map(|(key, value)| {
                    let key = key.as_str()?;
                    Some((key.to_owned(), wrap(joined(&path, key), value)))
                })
                .collect();
            Value::from_object(Node { path, entries })
        }
        other => Value::from(Serde(other.clone())),
    }
}

fn joined(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The text of a looked-up key, as it appears in a missing key's path.
fn key_text(key: &Value) -> String {
    key.as_str().map_or_else(|| key.to_string(), str::to_owned)
}

impl Object for Node {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        // A lookup by a value the content left out (`t.kinds[basis.kind]` without a kind) is
        // the content's gap, not the locale's: it stays undefined, as it always rendered.
        if key.is_none() || key.is_undefined() {
            return None;
        }
        Some(match key.as_str().and_then(|k| self.entries.get(k)) {
            Some(value) => value.clone(),
            None => Value::from_object(Missing {
                path: joined(&self.path, &key_text(key)),
            }),
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let keys: Vec<Value> = self.entries.keys().map(|k| Value::from(k.as_str())).collect();
        Enumerator::Values(keys)
    }
}

impl Object for Missing {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        Some(Value::from_object(Missing {
            path: joined(&self.path, &key_text(key)),
        }))
    }

    fn is_true(self: &Arc<Self>) -> bool {
        false
    }
}
