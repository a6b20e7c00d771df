//! Errors in a resolved statement placed where their fact comes from: the corporation's own file
//! when the fact is written there, else its `based_on:` line, with the model's file named.

use serde_yaml::Value;

use super::basis::Basis;
use super::resolve::identity;
use crate::content::positions::Positions;
use crate::error::ContentError;

/// The path in the corporation's own file of the fact at `path` in the resolved statement, when
/// the file writes it: list indexes are translated through the items' ids.
fn own_path(path: &str, resolved: &Value, own: &Value) -> Option<String> {
    let mut out = String::new();
    let (mut resolved, mut own) = (resolved, own);
    for segment in path.split('.') {
        let (key, indexes) = match segment.find('[') {
            Some(open) => (&segment[..open], &segment[open..]),
            None => (segment, ""),
        };
        if !key.is_empty() {
            resolved = resolved.get(key)?;
            own = own.get(key)?;
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(key);
        }
        for index in indexes.split('[').filter(|s| !s.is_empty()) {
            let n: usize = index.trim_end_matches(']').parse().ok()?;
            let item = resolved.get(n)?;
            let mine = match identity(item) {
                Some(id) => own
                    .as_sequence()?
                    .iter()
                    .position(|o| identity(o).as_deref() == Some(&id))?,
                None => n,
            };
            resolved = item;
            own = own.get(mine)?;
            out.push_str(&format!("[{mine}]"));
        }
    }
    Some(out)
}

/// Where in the corporation's own file the fact at `path` of its resolved statement is written:
/// its path there, or `based_on` for a fact that comes from the model.
pub fn own_or_based_on(basis: &Basis, path: &str) -> String {
    let resolved: Value = serde_yaml::from_str(&basis.facts).unwrap_or(Value::Null);
    own_path(path, &resolved, &Value::Mapping(basis.own.clone())).unwrap_or_else(|| "based_on".to_owned())
}

/// `error` (about the resolved statement of the file `source`) with its path translated into the
/// file, or, for a fact that comes from the model, placed at `based_on:` and saying so.
pub fn attribute(mut error: ContentError, basis: &Basis, source: &str) -> ContentError {
    let Some(path) = error.yaml_path.clone() else {
        return error;
    };
    if error.location.is_some() {
        return error;
    }
    let resolved: Value = serde_yaml::from_str(&basis.facts).unwrap_or(Value::Null);
    let own = Value::Mapping(basis.own.clone());
    if let Some(mine) = own_path(&path, &resolved, &own) {
        error.yaml_path = Some(mine);
        return error;
    }
    let help = error.help.take().map(|h| format!("{h}; ")).unwrap_or_default();
    let error = error.with_help(msg!(
        "{help}this fact comes from the model {reference} ({file}): remove or replace it here, or correct the model",
        help,
        reference = basis.reference(),
        file = basis.model_file.display()
    ));
    match Positions::index(source).value("based_on") {
        Some(location) => error.at_location(location, source),
        None => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_follow_the_ids() {
        let resolved: Value = serde_yaml::from_str(
            "purposes:\n  list:\n    - {id: a, categories: [x]}\n    - {id: b, categories: [y, z]}\n",
        )
        .unwrap();
        let own: Value = serde_yaml::from_str("purposes:\n  list:\n    - {id: b, categories: [y, z]}\n").unwrap();
        assert_eq!(
            own_path("purposes.list[1].categories[1]", &resolved, &own).as_deref(),
            Some("purposes.list[0].categories[1]")
        );
        assert_eq!(own_path("purposes.list[0].categories[0]", &resolved, &own), None);
    }
}
