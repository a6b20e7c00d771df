//! Where each value of a YAML file is: a YAML path -> line and column index built from an event
//! parser, since serde_yaml exposes no spans, so that semantic errors point at the offending line.

use std::collections::HashMap;
use std::path::Path;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::error::{ContentError, ContentErrorKind, Location};

/// The positions of every key and value in one YAML text, by YAML path such as
/// `purposes.list[0].categories[1]` (the paths serde_yaml and the checks use).
#[derive(Debug, Default)]
pub struct Positions {
    entries: HashMap<String, Entry>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The key of a map entry; `None` for an item of a list.
    key: Option<Location>,
    value: Location,
}

impl Positions {
    /// Indexes `source`; a text that is not valid YAML is indexed up to its first mistake.
    pub fn index(source: &str) -> Positions {
        let mut receiver = Receiver::default();
        // A syntax error ends the index early; the syntax error itself is reported by serde_yaml.
        let _ = Parser::new_from_str(source).load(&mut receiver, false);
        Positions {
            entries: receiver.entries,
        }
    }

    /// Where the value at `path` starts.
    pub fn value(&self, path: &str) -> Option<Location> {
        self.entries.get(path).map(|entry| entry.value)
    }

    /// Where the key of the entry at `path` is; for a list item, where the item starts.
    pub fn key(&self, path: &str) -> Option<Location> {
        self.entries.get(path).map(|entry| entry.key.unwrap_or(entry.value))
    }

    /// The position that best shows `path`: the path itself, or else the nearest parent that exists
    /// (e.g. the map in which a required key is missing).
    pub(crate) fn nearest(&self, path: &str, key: bool) -> Option<Location> {
        let mut path = path;
        loop {
            let found = if key { self.key(path) } else { self.value(path) };
            if found.is_some() {
                return found;
            }
            let cut = path.rfind(['.', '['])?;
            path = &path[..cut];
        }
    }
}

/// Gives `error` a line, a column and the offending line from `source` when it has a YAML path
/// but no position yet. An unknown key points at the key, everything else at the value.
pub fn locate(error: ContentError, positions: &Positions, source: &str) -> ContentError {
    if error.location.is_some() {
        return error;
    }
    let Some(path) = error.yaml_path.clone() else {
        return error;
    };
    let key = matches!(error.kind, ContentErrorKind::UnknownKey | ContentErrorKind::DuplicateId);
    match positions.nearest(&path, key) {
        Some(location) => error.at_location(location, source),
        None => error,
    }
}

/// Locates every error in `errors` whose file `source_of` can give the text of.
pub fn locate_all(errors: Vec<ContentError>, mut source_of: impl FnMut(&Path) -> Option<String>) -> Vec<ContentError> {
    let mut indexed: HashMap<std::path::PathBuf, Option<(Positions, String)>> = HashMap::new();
    errors
        .into_iter()
        .map(|error| {
            if error.location.is_some() || error.yaml_path.is_none() {
                return error;
            }
            let entry = indexed
                .entry(error.file.clone())
                .or_insert_with(|| source_of(&error.file).map(|source| (Positions::index(&source), source)));
            match entry {
                Some((positions, source)) => locate(error, positions, source),
                None => error,
            }
        })
        .collect()
}

enum Frame {
    /// A map; `placed` is false until its first key, where a block map really starts, was seen.
    Map {
        path: String,
        key: Option<(String, Location)>,
        placed: bool,
    },
    Seq {
        path: String,
        next: usize,
    },
    /// A node used as a map key, which has no path of its own.
    Ignored,
}

#[derive(Default)]
struct Receiver {
    stack: Vec<Frame>,
    entries: HashMap<String, Entry>,
}

impl Receiver {
    /// Registers a node that starts at `at`; returns its path when it is a value, `None` when it is
    /// a map key (or inside one).
    fn node(&mut self, at: Location, scalar: Option<&str>) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Ignored) => None,
            Some(Frame::Seq { path, next }) => {
                let here = format!("{path}[{next}]");
                *next += 1;
                self.entries.insert(here.clone(), Entry { key: None, value: at });
                Some(here)
            }
            Some(Frame::Map { path, key, placed }) => match key.take() {
                None => {
                    if !*placed {
                        *placed = true;
                        if let Some(entry) = self.entries.get_mut(path.as_str()) {
                            entry.value = at;
                        }
                    }
                    // A complex key (a map or list) gets a placeholder so its value is still consumed.
                    *key = Some((scalar.unwrap_or("?").to_owned(), at));
                    None
                }
                Some((name, key_at)) => {
                    let here = if path.is_empty() {
                        name
                    } else {
                        format!("{path}.{name}")
                    };
                    self.entries.insert(
                        here.clone(),
                        Entry {
                            key: Some(key_at),
                            value: at,
                        },
                    );
                    Some(here)
                }
            },
        }
    }
}

impl MarkedEventReceiver for Receiver {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let at = Location {
            line: mark.line(),
            column: mark.col() + 1,
        };
        match event {
            Event::Scalar(text, ..) => {
                self.node(at, Some(&text));
            }
            Event::Alias(_) => {
                self.node(at, Some(""));
            }
            Event::MappingStart(..) => {
                let frame = match self.node(at, None) {
                    Some(path) => Frame::Map {
                        path,
                        key: None,
                        placed: false,
                    },
                    None => Frame::Ignored,
                };
                self.stack.push(frame);
            }
            Event::SequenceStart(..) => {
                let frame = match self.node(at, None) {
                    Some(path) => Frame::Seq { path, next: 0 },
                    None => Frame::Ignored,
                };
                self.stack.push(frame);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
organisation:
  name: WSK
purposes:
  list:
    - id: a
      categories: [contact, \"x\"]
    - id: b
";

    fn at(line: usize, column: usize) -> Option<Location> {
        Some(Location { line, column })
    }

    #[test]
    fn values_and_keys_are_found_by_path() {
        let positions = Positions::index(TEXT);
        assert_eq!(positions.value("organisation.name"), at(2, 9));
        assert_eq!(positions.key("organisation.name"), at(2, 3));
        assert_eq!(positions.value("purposes.list[0].categories[1]"), at(6, 29));
        assert_eq!(positions.key("purposes.list[1]"), at(7, 7));
        assert_eq!(positions.value("purposes.list[1].id"), at(7, 11));
        assert_eq!(positions.value("nothing"), None);
    }

    #[test]
    fn a_missing_path_falls_back_to_its_parent() {
        let positions = Positions::index(TEXT);
        assert_eq!(
            positions.nearest("purposes.list[0].label", false),
            positions.value("purposes.list[0]")
        );
    }

    #[test]
    fn an_error_with_a_path_gets_its_line() {
        let error = ContentError::new(ContentErrorKind::BrokenReference, Path::new("x.yaml"), "no")
            .at_path("purposes.list[0].categories[0]");
        let error = locate(error, &Positions::index(TEXT), TEXT);
        assert_eq!(error.location, at(6, 20));
        assert_eq!(error.source_line.as_deref(), Some("      categories: [contact, \"x\"]"));
    }
}
