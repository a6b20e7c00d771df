//! Every mistake of a version file at once: serde stops at the first, so when a file does not
//! parse, each top-level section is parsed on its own and each gets its own located error.

use std::path::Path;

use serde_yaml::{Mapping, Value};

use crate::content::model::Statement;
use crate::content::positions::{Positions, locate};
use crate::content::yaml::yaml_error;
use crate::error::ContentError;

/// Parses a version file, or returns one error per broken section (and per missing section), each
/// with its line and column.
pub(crate) fn parse_statement(source: &str, shown: &Path) -> Result<Statement, Vec<ContentError>> {
    crate::content::yaml::check_depth(source, shown).map_err(|e| vec![*e])?;
    let first = match serde_yaml::from_str::<Statement>(source) {
        Ok(statement) => return Ok(statement),
        Err(error) => error,
    };
    let only_first = || vec![yaml_error(&first, source, shown)];
    // Text that is not YAML, or not a map, has no sections to look at one by one.
    let Ok(Value::Mapping(map)) = serde_yaml::from_str::<Value>(source) else {
        return Err(only_first());
    };
    let positions = Positions::index(source);
    let mut errors = Vec::new();
    let mut sound = Mapping::new();
    let keys: Vec<String> = map.keys().filter_map(Value::as_str).map(str::to_owned).collect();
    for (key, value) in map {
        let mut alone = Mapping::new();
        alone.insert(key.clone(), value.clone());
        match section_error(&alone) {
            Some(error) => {
                // An error of the section's own value (a date that is not a day) names no path.
                let mut error = yaml_error(&error, "", shown);
                if error.yaml_path.is_none()
                    && let Some(name) = key.as_str()
                {
                    error = error.at_path(name);
                }
                errors.push(relocated(error, &positions, source))
            }
            None => {
                sound.insert(key, value);
            }
        }
    }
    // With the broken sections left out, what remains can only lack required sections. Each one
    // that is missing is reported, and replaced by its stand-in from the scaffold of
    // `new-corporation` to look for the next; one that is there but broken has its error already.
    let stand_ins = stand_ins();
    for _ in 0..stand_ins.len() + 1 {
        let Some(error) = parse(&sound).err() else { break };
        let text = error.to_string();
        let Some(missing) = text
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        else {
            errors.push(relocated(yaml_error(&error, "", shown), &positions, source));
            break;
        };
        if !keys.iter().any(|key| key == missing) {
            errors.push(relocated(yaml_error(&error, "", shown), &positions, source));
        }
        match stand_ins.get(missing) {
            Some(value) => sound.insert(Value::from(missing), value.clone()),
            None => break,
        };
    }
    if errors.is_empty() {
        return Err(only_first());
    }
    Err(errors)
}

/// Valid values of the required sections, from the scaffold that `new-corporation` writes.
fn stand_ins() -> Mapping {
    let scaffold = include_str!("../../scaffold/new-corporation.yaml").replace("{{name}}", "x");
    match serde_yaml::from_str::<Value>(&scaffold) {
        Ok(Value::Mapping(map)) => map,
        _ => Mapping::new(),
    }
}

/// The error in a file that holds only this one section, unless it only lacks other sections.
fn section_error(alone: &Mapping) -> Option<serde_yaml::Error> {
    let error = parse(alone).err()?;
    let text = error.to_string();
    let lacks_another_section = text.starts_with("missing field `");
    (!lacks_another_section).then_some(error)
}

fn parse(map: &Mapping) -> Result<Statement, serde_yaml::Error> {
    let text = serde_yaml::to_string(map)?;
    serde_yaml::from_str(&text)
}

/// An error found in re-written text, placed at its path in the original.
fn relocated(mut error: ContentError, positions: &Positions, source: &str) -> ContentError {
    error.location = None;
    error.source_line = None;
    if error.yaml_path.is_none()
        && let Some(name) = error.message.split('`').nth(1).map(str::to_owned)
        && error.message == msg!("missing field `{name}`", name = name)
    {
        error.help = Some(msg!(
            "every version needs a `{name}:` section; add one (`verklaar new-corporation` writes an example)",
            name
        ));
    }
    locate(error, positions, source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_broken_section_gets_its_own_error() {
        let source = "\
organisation:
  name: X
purposes:
  list:
    - id: a
      nmae: b
retention:
  periods: 2 jaar
";
        let errors = parse_statement(source, Path::new("x.yaml")).unwrap_err();
        let found: Vec<(String, Option<usize>)> = errors
            .iter()
            .map(|e| (e.message.clone(), e.location.map(|l| l.line)))
            .collect();
        assert_eq!(
            found,
            [
                ("unknown key `nmae`".to_owned(), Some(6)),
                (
                    "invalid type: string \"2 jaar\", expected a sequence".to_owned(),
                    Some(8)
                ),
            ]
        );
    }
}
