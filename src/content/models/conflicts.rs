//! Conflicts between a corporation's deviations and a new model version: a deviation touching a
//! fact that the model changed between the version it was based on and the new one.

use serde_yaml::{Mapping, Value};

use super::resolve::{Deviation, lookup};

/// One fact that both the model and the corporation changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// The fact, e.g. `retention.periods[contact]`.
    pub fact: String,
    /// The model's value in the version the corporation was based on (none: it had no such fact).
    pub model_before: Option<Value>,
    /// The model's value in the new version (none: the new version leaves it out).
    pub model_now: Option<Value>,
    /// The corporation's deviation (none: it removes the fact).
    pub ours: Option<Value>,
}

/// The deviations of `deviations` whose fact differs between the model versions `before` and `now`.
pub fn conflicts(before: &Mapping, now: &Mapping, deviations: &[Deviation]) -> Vec<Conflict> {
    deviations
        .iter()
        .filter_map(|deviation| {
            let model_before = lookup(before, &deviation.fact).ok().map(|(value, _)| value);
            let model_now = lookup(now, &deviation.fact).ok().map(|(value, _)| value);
            (model_before != model_now).then(|| Conflict {
                fact: deviation.fact.clone(),
                model_before,
                model_now,
                ours: deviation.value.clone(),
            })
        })
        .collect()
}

/// A value on one line, for the terminal, spelled the way the editor writes it in YAML: text as
/// it is, a mapping or list in flow style (`{category: a, period: 3 jaar}`).
pub fn inline(value: Option<&Value>) -> String {
    match value {
        None => msg!("(none)"),
        Some(Value::String(text)) => text.clone(),
        Some(other) => flow(other),
    }
}

fn flow(value: &Value) -> String {
    match value {
        Value::Null => "~".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(text) => text.clone(),
        Value::Sequence(items) => format!("[{}]", items.iter().map(flow).collect::<Vec<_>>().join(", ")),
        Value::Mapping(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(key, value)| format!("{}: {}", flow(key), flow(value)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Tagged(tagged) => flow(&tagged.value),
    }
}

#[cfg(test)]
mod tests {
    use super::super::resolve::merge;
    use super::*;

    fn map(text: &str) -> Mapping {
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn only_facts_changed_on_both_sides_conflict() {
        let before =
            map("retention:\n  periods:\n    - {category: a, period: 1 jaar}\n    - {category: b, period: 2 jaar}\n");
        let now =
            map("retention:\n  periods:\n    - {category: a, period: 3 jaar}\n    - {category: b, period: 2 jaar}\n");
        let own =
            map("retention:\n  periods:\n    - {category: a, period: 5 jaar}\n    - {category: b, period: 4 jaar}\n");
        let (_, deviations) = merge(&before, &own);
        let found = conflicts(&before, &now, &deviations);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].fact, "retention.periods[a]");
        assert_eq!(inline(found[0].model_now.as_ref()), "{category: a, period: 3 jaar}");
    }
}
