//! Periods in a translation: a period is read as a duration from the default language's text
//! (`2 jaar`), which every language shares, while the reader sees the translated words
//! (`2 years`). The translated text is set aside while the facts are parsed, then put in place.

use serde_yaml::Value;

use crate::content::model::{Period, Statement};

/// The fields whose text is read as a period.
const PERIOD_FIELDS: &[&str] = &["period", "retention", "incident_retention"];

/// One period's translated text, by where it is: `retention.periods[2].period`.
pub(crate) struct PeriodText {
    path: Vec<String>,
    text: String,
}

/// Takes the translated text of every period out of `translated` (leaving the default language's
/// in `merged`, where `translated` was laid), so that the facts read the shared duration.
pub(crate) fn set_aside(merged: &mut Value, original: &Value) -> Vec<PeriodText> {
    let mut found = Vec::new();
    walk(merged, original, &mut Vec::new(), &mut found);
    found
}

fn walk(merged: &mut Value, original: &Value, path: &mut Vec<String>, found: &mut Vec<PeriodText>) {
    match (merged, original) {
        (Value::Mapping(map), Value::Mapping(before)) => {
            for (key, value) in map.iter_mut() {
                let (Some(name), Some(old)) = (key.as_str(), before.get(key)) else {
                    continue;
                };
                path.push(name.to_owned());
                match (value.as_str(), old.as_str()) {
                    (Some(text), Some(dutch)) if PERIOD_FIELDS.contains(&name) && text != dutch => {
                        found.push(PeriodText {
                            path: path.clone(),
                            text: text.to_owned(),
                        });
                        *value = old.clone();
                    }
                    _ => walk(value, old, path, found),
                }
                path.pop();
            }
        }
        (Value::Sequence(items), Value::Sequence(before)) => {
            for (index, (item, old)) in items.iter_mut().zip(before).enumerate() {
                path.push(index.to_string());
                walk(item, old, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Puts each translated period text in its place in `statement`.
pub(crate) fn put_back(statement: &mut Statement, texts: Vec<PeriodText>) {
    for PeriodText { path, text } in texts {
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        let period: Option<&mut Period> = match path.as_slice() {
            ["retention", "periods", index, "period"] => index
                .parse::<usize>()
                .ok()
                .and_then(|i| statement.retention.as_mut()?.periods.get_mut(i))
                .and_then(|p| p.period.as_mut()),
            ["camera_surveillance", "retention"] => statement
                .camera_surveillance
                .as_mut()
                .and_then(|c| c.retention.as_mut()),
            ["camera_surveillance", "incident_retention"] => statement
                .camera_surveillance
                .as_mut()
                .and_then(|c| c.incident_retention.as_mut()),
            ["camera_surveillance", "locations", index, "retention"] => index
                .parse::<usize>()
                .ok()
                .and_then(|i| statement.camera_surveillance.as_mut()?.locations.get_mut(i))
                .and_then(|l| match l {
                    crate::content::model::CameraLocation::Detailed(d) => d.retention.as_mut().map(|r| &mut r.0),
                    crate::content::model::CameraLocation::Plain(_) => None,
                }),
            _ => None,
        };
        if let Some(period) = period {
            period.text = text;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_translated_period_is_shown_as_written_and_read_as_the_original() {
        let original: Value =
            serde_yaml::from_str("retention:\n  periods:\n    - {category: a, period: 2 jaar}\n").unwrap();
        let mut merged: Value =
            serde_yaml::from_str("retention:\n  periods:\n    - {category: a, period: two years or so}\n").unwrap();
        let texts = set_aside(&mut merged, &original);
        assert_eq!(merged, original);
        let mut statement: Statement = serde_yaml::from_str(&format!(
            "published: 2020-01-01\norganisation: {{name: X}}\ndata: {{categories: [{{id: a, items: [b]}}]}}\n{}",
            serde_yaml::to_string(&merged).unwrap()
        ))
        .unwrap();
        put_back(&mut statement, texts);
        let period = statement.retention.unwrap().periods[0].period.clone().unwrap();
        assert_eq!(period.text, "two years or so");
        assert_eq!(period.duration().map(|d| d.hours()), Some(2 * 365 * 24));
    }
}
