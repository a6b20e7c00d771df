//! A model statement with a corporation's deviations applied, at the level of YAML values.
//!
//! The rules, in the words of the README: a section the corporation writes replaces the model's
//! section field by field (a mapping merges key by key, recursively); a list whose items have an id
//! merges by id (an item with an id the model has replaces that item whole, a new id is added at the
//! end); any other value replaces the model's. `remove:` names facts to leave out, by path
//! (`recipients.incassobureau`, `camera_surveillance`, `data.categories[overlast]`).

use serde_yaml::{Mapping, Value};

/// Sections that belong to the corporation itself: when it writes them they replace the model's
/// whole, and they never count as deviations.
pub const OWN_KEYS: [&str; 9] = [
    "published",
    "summary",
    "title",
    "last_modified",
    "document",
    "related_documents",
    "organisation",
    "privacy_contact",
    "signatory",
];

/// The keys of a deviating file that are instructions, not facts.
pub const INSTRUCTION_KEYS: [&str; 2] = ["based_on", "remove"];

/// How a deviation changes the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// A fact the model does not have.
    Added,
    /// A fact of the model with another value.
    Replaced,
    /// A fact of the model left out.
    Removed,
}

/// One fact in which a corporation's statement differs from its model.
#[derive(Debug, Clone, PartialEq)]
pub struct Deviation {
    /// The fact, named as the ledger names parts: `recipients.list[incassobureau]`,
    /// `camera_surveillance.retention`.
    pub fact: String,
    /// What the corporation did with it.
    pub change: Change,
    /// The corporation's value (none for a removal).
    pub value: Option<Value>,
    /// The name of the item it adds, replaces or removes, as the statement shows it, if it has one.
    pub name: Option<String>,
}

/// The `name` an item shows, if it has one.
fn name_of(value: &Value) -> Option<String> {
    value.get("name").and_then(Value::as_str).map(str::to_owned)
}

/// The keys that identify an item in a list, in order of preference (as the ledger's parts).
const IDENTIFYING_KEYS: [&str; 6] = ["id", "kind", "category", "term", "name", "recipient"];

/// The identity of a list item: its `id`, or the first other identifying key it has.
pub fn identity(item: &Value) -> Option<String> {
    IDENTIFYING_KEYS.iter().find_map(|key| match item.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

fn identified(items: &[Value]) -> bool {
    !items.is_empty() && items.iter().all(|item| identity(item).is_some())
}

/// The model `model` with the facts of `own` merged in; returns the result and every deviation.
pub fn merge(model: &Mapping, own: &Mapping) -> (Mapping, Vec<Deviation>) {
    let mut out = model.clone();
    let mut deviations = Vec::new();
    for (key, value) in own {
        let Some(name) = key.as_str() else { continue };
        if INSTRUCTION_KEYS.contains(&name) {
            continue;
        }
        let is_own = OWN_KEYS.contains(&name);
        match out.get_mut(key) {
            Some(existing) if !is_own => merge_value(name, existing, value, &mut deviations),
            _ => {
                if !is_own {
                    deviations.push(Deviation {
                        fact: name.to_owned(),
                        change: Change::Added,
                        value: Some(value.clone()),
                        name: None,
                    });
                }
                out.insert(key.clone(), value.clone());
            }
        }
    }
    (out, deviations)
}

fn merge_value(path: &str, model: &mut Value, own: &Value, deviations: &mut Vec<Deviation>) {
    match (&mut *model, own) {
        (Value::Mapping(model_map), Value::Mapping(own_map)) => {
            for (key, value) in own_map {
                let child = format!("{path}.{}", key.as_str().unwrap_or_default());
                match model_map.get_mut(key) {
                    Some(existing) => merge_value(&child, existing, value, deviations),
                    None => {
                        deviations.push(Deviation {
                            fact: child,
                            change: Change::Added,
                            value: Some(value.clone()),
                            name: None,
                        });
                        model_map.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Sequence(model_items), Value::Sequence(own_items))
            if identified(model_items) && identified(own_items) =>
        {
            for item in own_items {
                let id = identity(item).unwrap_or_default();
                let fact = format!("{path}[{id}]");
                match model_items.iter_mut().find(|m| identity(m).as_deref() == Some(&id)) {
                    Some(existing) if existing == item => {}
                    Some(existing) => {
                        deviations.push(Deviation {
                            fact,
                            change: Change::Replaced,
                            value: Some(item.clone()),
                            name: name_of(item),
                        });
                        *existing = item.clone();
                    }
                    None => {
                        deviations.push(Deviation {
                            fact,
                            change: Change::Added,
                            value: Some(item.clone()),
                            name: name_of(item),
                        });
                        model_items.push(item.clone());
                    }
                }
            }
        }
        (existing, value) => {
            if *existing != *value {
                deviations.push(Deviation {
                    fact: path.to_owned(),
                    change: Change::Replaced,
                    value: Some(value.clone()),
                    name: None,
                });
                *existing = value.clone();
            }
        }
    }
}

/// One step of a path: a key of a mapping, or an item of a list by its identity.
fn steps(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    for segment in path.split('.') {
        let mut rest = segment;
        if let Some(open) = rest.find('[') {
            if open > 0 {
                out.push(rest[..open].to_owned());
            }
            rest = &rest[open..];
            while let Some(inner) = rest.strip_prefix('[') {
                let close = inner.find(']').unwrap_or(inner.len());
                out.push(inner[..close].to_owned());
                rest = inner.get(close + 1..).unwrap_or_default();
            }
        } else if !rest.is_empty() {
            out.push(rest.to_owned());
        }
    }
    out
}

/// Where one step leads inside `value`: a key of a mapping (or an item of one of its lists when no
/// key has that name), or an item of a list. Returns the canonical name of the step.
enum Place {
    Key(Value),
    Item { list: Option<Value>, index: usize },
}

fn find(value: &Value, step: &str) -> Option<(Place, String)> {
    match value {
        Value::Mapping(map) => {
            let key = Value::from(step);
            if map.contains_key(&key) {
                return Some((Place::Key(key), format!(".{step}")));
            }
            // `recipients.incassobureau`: the item of the one list in the section that has it.
            map.iter().find_map(|(list_key, list)| {
                let items = list.as_sequence()?;
                let index = items.iter().position(|i| identity(i).as_deref() == Some(step))?;
                let name = format!(".{}[{step}]", list_key.as_str().unwrap_or_default());
                Some((
                    Place::Item {
                        list: Some(list_key.clone()),
                        index,
                    },
                    name,
                ))
            })
        }
        Value::Sequence(items) => {
            let index = items.iter().position(|i| identity(i).as_deref() == Some(step))?;
            Some((Place::Item { list: None, index }, format!("[{step}]")))
        }
        _ => None,
    }
}

fn enter<'a>(value: &'a Value, place: &Place) -> Option<&'a Value> {
    match place {
        Place::Key(key) => value.get(key),
        Place::Item { list: Some(key), index } => value.get(key)?.get(*index),
        Place::Item { list: None, index } => value.get(*index),
    }
}

/// The names that exist at one level, for "what exists instead".
fn names_at(value: &Value) -> Vec<String> {
    match value {
        Value::Mapping(map) => {
            let mut names: Vec<String> = map.keys().filter_map(Value::as_str).map(str::to_owned).collect();
            for list in map.values().filter_map(Value::as_sequence) {
                names.extend(list.iter().filter_map(identity));
            }
            names
        }
        Value::Sequence(items) => items.iter().filter_map(identity).collect(),
        _ => Vec::new(),
    }
}

/// Why a path names nothing: how far it got, and the names that exist there.
#[derive(Debug, Clone, PartialEq)]
pub struct NotFound {
    /// The step that matched nothing.
    pub step: String,
    /// The canonical path up to it (empty at the top).
    pub within: String,
    /// The names that exist there.
    pub existing: Vec<String>,
}

/// The value at `path` and its canonical name (`recipients.list[incassobureau]`).
pub fn lookup(root: &Mapping, path: &str) -> Result<(Value, String), NotFound> {
    walk(&Value::Mapping(root.clone()), path)
}

fn walk(root: &Value, path: &str) -> Result<(Value, String), NotFound> {
    let mut current = root.clone();
    let mut name = String::new();
    for step in steps(path) {
        let Some((place, part)) = find(&current, &step) else {
            return Err(NotFound {
                step,
                within: name,
                existing: names_at(&current),
            });
        };
        let next = enter(&current, &place).cloned().unwrap_or(Value::Null);
        name.push_str(&part);
        current = next;
    }
    Ok((current, name.trim_start_matches('.').to_owned()))
}

/// Leaves the fact at `path` out of `root`; returns its canonical name and the removed value.
pub fn remove(root: &mut Mapping, path: &str) -> Result<(String, Value), NotFound> {
    let mut all = steps(path);
    let Some(last) = all.pop() else {
        return Err(NotFound {
            step: String::new(),
            within: String::new(),
            existing: names_at(&Value::Mapping(root.clone())),
        });
    };
    let parent_path = all.join(".");
    let mut value = Value::Mapping(std::mem::take(root));
    let result = remove_in(&mut value, &parent_path, &last);
    if let Value::Mapping(map) = value {
        *root = map;
    }
    result
}

fn remove_in(root: &mut Value, parent_path: &str, last: &str) -> Result<(String, Value), NotFound> {
    let (parent_name, parent) = if parent_path.is_empty() {
        (String::new(), root)
    } else {
        let (_, name) = walk(root, parent_path)?;
        let mut current = root;
        for step in steps(&name) {
            current = match current {
                Value::Sequence(items) => items
                    .iter_mut()
                    .find(|item| identity(item).as_deref() == Some(&step))
                    .ok_or_else(|| not_found(&step, &name))?,
                other => other.get_mut(step.as_str()).ok_or_else(|| not_found(&step, &name))?,
            };
        }
        (name, current)
    };
    let Some((place, part)) = find(parent, last) else {
        return Err(NotFound {
            step: last.to_owned(),
            within: parent_name,
            existing: names_at(parent),
        });
    };
    let removed = match place {
        Place::Key(key) => match parent {
            Value::Mapping(map) => map.remove(&key),
            _ => None,
        },
        Place::Item { list, index } => {
            let items = match list {
                Some(key) => parent.get_mut(&key).and_then(Value::as_sequence_mut),
                None => parent.as_sequence_mut(),
            };
            items.map(|items| items.remove(index))
        }
    };
    let name = format!("{parent_name}{part}").trim_start_matches('.').to_owned();
    Ok((name, removed.unwrap_or(Value::Null)))
}

fn not_found(step: &str, within: &str) -> NotFound {
    NotFound {
        step: step.to_owned(),
        within: within.to_owned(),
        existing: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(text: &str) -> Mapping {
        serde_yaml::from_str(text).unwrap()
    }

    const MODEL: &str = "\
recipients:
  list:
    - {id: incasso, name: Incassobureau}
    - {id: cloud, name: Cloud}
camera_surveillance:
  purpose: inbraak
  retention: 4 weken
";

    #[test]
    fn lists_merge_by_id_and_mappings_field_by_field() {
        let own = map("\
organisation: {name: X}
recipients:
  list:
    - {id: cloud, name: Eigen cloud}
    - {id: extra, name: Extra}
camera_surveillance:
  retention: 2 weken
");
        let (out, deviations) = merge(&map(MODEL), &own);
        let facts: Vec<(&str, Change)> = deviations.iter().map(|d| (d.fact.as_str(), d.change)).collect();
        assert_eq!(
            facts,
            [
                ("recipients.list[cloud]", Change::Replaced),
                ("recipients.list[extra]", Change::Added),
                ("camera_surveillance.retention", Change::Replaced),
            ]
        );
        let expected = map("\
recipients:
  list:
    - {id: incasso, name: Incassobureau}
    - {id: cloud, name: Eigen cloud}
    - {id: extra, name: Extra}
camera_surveillance:
  purpose: inbraak
  retention: 2 weken
organisation: {name: X}
");
        assert_eq!(out, expected);
    }

    #[test]
    fn removal_accepts_short_and_full_paths() {
        let mut model = map(MODEL);
        assert_eq!(
            remove(&mut model, "recipients.incasso").unwrap().0,
            "recipients.list[incasso]"
        );
        assert_eq!(
            remove(&mut model, "recipients.list[cloud]").unwrap().0,
            "recipients.list[cloud]"
        );
        assert_eq!(
            remove(&mut model, "camera_surveillance").unwrap().0,
            "camera_surveillance"
        );
        assert_eq!(model, map("recipients:\n  list: []\n"));
        let missing = remove(&mut map(MODEL), "recipients.incassobureau").unwrap_err();
        assert_eq!(missing.step, "incassobureau");
        assert_eq!(missing.within, "recipients");
        assert_eq!(missing.existing, ["list", "incasso", "cloud"]);
    }

    #[test]
    fn lookup_names_the_fact_canonically() {
        let model = map(MODEL);
        let (value, name) = lookup(&model, "recipients.cloud").unwrap();
        assert_eq!(name, "recipients.list[cloud]");
        assert_eq!(value.get("name").and_then(Value::as_str), Some("Cloud"));
    }
}
