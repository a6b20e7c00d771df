//! The locale as templates see it (`t`): a key the locale does not have is an error when it is
//! printed or used as text, never an empty label, while `t.x[key] or fallback` still falls back.
//! Only the locale's own gaps count: a lookup by a value the content left out stays undefined.

use std::sync::Arc;

use minijinja::value::{Enumerator, Object, ObjectRepr, Serde, Value};

/// A mapping of the locale file.
#[derive(Debug)]
struct Node {
    /// Where it is, e.g. `statement` for `t.statement`; empty for `t`.
    path: String,
    map: serde_yaml::Mapping,
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
        serde_yaml::Value::Mapping(map) => Value::from_object(Node { path, map: map.clone() }),
        other => Value::from(Serde(other.clone())),
    }
}

fn joined(path: &str, key: &Value) -> String {
    let key = key.as_str().map_or_else(|| key.to_string(), str::to_owned);
    if path.is_empty() { key } else { format!("{path}.{key}") }
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
        let path = joined(&self.path, key);
        let found = key.as_str().and_then(|k| self.map.get(k));
        Some(match found {
            Some(value) => wrap(path, value),
            None => Value::from_object(Missing { path }),
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let keys: Vec<Value> = self.map.keys().filter_map(|k| k.as_str().map(Value::from)).collect();
        Enumerator::Values(keys)
    }
}

impl Object for Missing {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        Some(Value::from_object(Missing {
            path: joined(&self.path, key),
        }))
    }

    fn is_true(self: &Arc<Self>) -> bool {
        false
    }
}
