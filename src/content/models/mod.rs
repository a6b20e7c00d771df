//! Sector model statements in `content/models/<name>/<date>.yaml`, and version files that are
//! `based_on: <name>@<date>` one of them: resolved into one full statement before it is typed.
//!
//! A model is a complete statement (with a stand-in organisation) and may itself be based on another
//! model. A corporation's file based on a model holds its own facts and its deviations; see
//! [`resolve`] for how they are applied. Files without `based_on` are parsed exactly as before.

mod attribute;
mod basis;
pub mod conflicts;
pub mod resolve;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

use crate::content::collect::parse_statement;
use crate::content::files::{DRAFT_FILE_STEM, display_path, is_ignored};
use crate::content::model::Statement;
use crate::content::positions::{Positions, locate};
use crate::error::{ContentError, ContentErrorKind};
use crate::suggest::did_you_mean;

pub use self::attribute::{attribute, own_or_based_on};
pub use self::basis::Basis;
pub use self::resolve::{Change, Deviation};

/// The folder in `content/` that holds the models; no corporation can be called so.
pub const MODELS_FOLDER: &str = "models";

/// One model version file as read, before resolution.
#[derive(Debug, Clone)]
struct Raw {
    file: PathBuf,
    source: String,
    value: Option<Mapping>,
}

/// Every model version in the content folder, by model name and version id.
#[derive(Debug, Clone, Default)]
pub struct Library {
    versions: BTreeMap<String, BTreeMap<String, Raw>>,
}

/// The JSON Schema of the keys a file based on a model may have besides a statement's.
pub fn schema_properties() -> serde_json::Map<String, serde_json::Value> {
    let mut properties = serde_json::Map::new();
    properties.insert(
        "based_on".to_owned(),
        serde_json::json!({ "type": "string", "pattern": "^[^@\\s]+@[^@\\s]+$" }),
    );
    properties.insert(
        "remove".to_owned(),
        serde_json::json!({ "type": "array", "items": { "type": "string" } }),
    );
    properties
}

/// Whether a version file's text says `based_on:` at the top level, so that its facts are the
/// model's with its deviations.
pub fn is_based_on_a_model(source: &str) -> bool {
    source.lines().any(|line| line.starts_with("based_on:"))
}

/// Whether `folder` in the content folder is the models folder rather than a corporation.
pub fn is_models_folder(folder: &Path) -> bool {
    folder.file_name().is_some_and(|n| n == MODELS_FOLDER)
}

impl Library {
    /// Reads the YAML of every model version in `content_dir/models/`; a file that is not YAML is
    /// reported when it is loaded as a version of its model folder.
    pub fn read(content_dir: &Path) -> Library {
        let mut library = Library::default();
        let folder = content_dir.join(MODELS_FOLDER);
        for model in entries(&folder).into_iter().filter(|p| p.is_dir()) {
            let name = file_name(&model);
            for file in entries(&model).into_iter().filter(|p| is_yaml(p) && p.is_file()) {
                let id = file
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let source = std::fs::read_to_string(&file).unwrap_or_default();
                let value = serde_yaml::from_str::<Mapping>(&source).ok();
                let raw = Raw {
                    file: display_path(content_dir, &file),
                    source,
                    value,
                };
                library.versions.entry(name.clone()).or_default().insert(id, raw);
            }
        }
        library
    }

    /// The model names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.versions.keys().map(String::as_str)
    }

    /// Parses one version file: as before when it has no `based_on`, else resolved onto its model.
    pub fn parse(&self, source: &str, shown: &Path) -> Result<(Statement, Option<Basis>), Vec<ContentError>> {
        if !is_based_on_a_model(source) {
            return parse_statement(source, shown).map(|statement| (statement, None));
        }
        crate::content::yaml::check_depth(source, shown).map_err(|e| vec![*e])?;
        let Ok(own) = serde_yaml::from_str::<Mapping>(source) else {
            return parse_statement(source, shown).map(|statement| (statement, None));
        };
        let positions = Positions::index(source);
        let at = |error: ContentError| locate(error, &positions, source);
        let (model, version) = self.reference(&own, shown).map_err(|e| vec![at(*e)])?;
        let mut stack = vec![shown.to_path_buf()];
        // A broken model is reported at its own file; here the file only says it cannot follow it.
        let base = self.resolved(&model, &version, &mut stack).map_err(|e| {
            if e.file == shown {
                return vec![*e];
            }
            let error = ContentError::new(
                ContentErrorKind::BrokenReference,
                shown,
                msg!(
                    "the model {model}@{version} this is based on has an error: {message}",
                    model,
                    version,
                    message = e.message
                ),
            )
            .with_help(msg!("fix {file} first", file = e.file.display()))
            .at_path("based_on");
            vec![at(error)]
        })?;
        let (resolved, deviations) =
            apply(&base, &own, shown).map_err(|errors| errors.into_iter().map(at).collect::<Vec<_>>())?;
        let model_file = self.file(&model, &version).unwrap_or_default();
        let facts = serde_yaml::to_string(&resolved).map_err(|e| {
            vec![ContentError::new(
                ContentErrorKind::Invalid,
                shown,
                msg!("cannot resolve the model: {e}", e),
            )]
        })?;
        let mut own_facts = own.clone();
        own_facts.remove("based_on");
        let basis = Basis {
            model,
            version,
            model_file,
            facts,
            deviations,
            own: own_facts,
        };
        let statement = parse_statement(&basis.facts, shown).map_err(|errors| {
            errors
                .into_iter()
                .map(|mut error| {
                    error.location = None;
                    error.source_line = None;
                    at(attribute(error, &basis, source))
                })
                .collect::<Vec<_>>()
        })?;
        Ok((statement, Some(basis)))
    }

    /// The file of one model version, as shown.
    pub fn file(&self, model: &str, version: &str) -> Option<PathBuf> {
        self.versions.get(model)?.get(version).map(|raw| raw.file.clone())
    }

    /// The published versions of a model, oldest first.
    pub fn published(&self, model: &str) -> Vec<String> {
        self.versions
            .get(model)
            .map(|versions| versions.keys().filter(|id| *id != DRAFT_FILE_STEM).cloned().collect())
            .unwrap_or_default()
    }

    /// The whole statement of one model version, its own `based_on` resolved.
    pub fn statement_value(&self, model: &str, version: &str) -> Result<Mapping, Box<ContentError>> {
        self.resolved(model, version, &mut Vec::new())
    }

    /// The model and version `based_on:` names, checked to exist.
    fn reference(&self, own: &Mapping, shown: &Path) -> Result<(String, String), Box<ContentError>> {
        let error = |message: String, help: String| {
            Box::new(
                ContentError::new(ContentErrorKind::BrokenReference, shown, message)
                    .with_help(help)
                    .at_path("based_on"),
            )
        };
        let text = own.get("based_on").and_then(Value::as_str).unwrap_or_default();
        let Some((model, version)) = text.split_once('@') else {
            return Err(error(
                msg!("`based_on: {text}` does not name a model version", text),
                msg!("write the model's name and version, e.g. `based_on: sectormodel@2026-01-01`"),
            ));
        };
        let Some(versions) = self.versions.get(model) else {
            let names: Vec<&str> = self.names().collect();
            return Err(error(
                msg!("there is no model `{model}` in content/models/", model),
                msg!(
                    "{did_you_mean}models that exist: {names}",
                    did_you_mean = did_you_mean(model, names.iter().copied()),
                    names = listed(&names)
                ),
            ));
        };
        let published = self.published(model);
        if !versions.contains_key(version) || version == DRAFT_FILE_STEM {
            let ids: Vec<&str> = published.iter().map(String::as_str).collect();
            return Err(error(
                msg!("model `{model}` has no published version `{version}`", model, version),
                msg!(
                    "{did_you_mean}its published versions: {ids}",
                    did_you_mean = did_you_mean(version, ids.iter().copied()),
                    ids = listed(&ids)
                ),
            ));
        }
        Ok((model.to_owned(), version.to_owned()))
    }

    /// The resolved facts of a model version; `stack` holds the files on the way, to find cycles.
    fn resolved(&self, model: &str, version: &str, stack: &mut Vec<PathBuf>) -> Result<Mapping, Box<ContentError>> {
        let raw = self.versions.get(model).and_then(|v| v.get(version));
        let Some(raw) = raw else {
            return Err(Box::new(ContentError::new(
                ContentErrorKind::Missing,
                stack.last().map_or(Path::new(MODELS_FOLDER), PathBuf::as_path),
                msg!("model version `{model}@{version}` is missing", model, version),
            )));
        };
        let Some(own) = &raw.value else {
            return Err(Box::new(
                ContentError::new(
                    ContentErrorKind::Invalid,
                    &raw.file,
                    msg!(
                        "the model `{model}@{version}` this is based on does not parse",
                        model,
                        version
                    ),
                )
                .with_help(msg!("fix {file} first", file = raw.file.display())),
            ));
        };
        if !own.contains_key("based_on") {
            return Ok(own.clone());
        }
        if stack.contains(&raw.file) {
            let circle: Vec<String> = stack
                .iter()
                .chain([&raw.file])
                .map(|p| p.display().to_string())
                .collect();
            return Err(Box::new(
                ContentError::new(
                    ContentErrorKind::Invalid,
                    &raw.file,
                    msg!(
                        "models are based on each other in a circle: {circle}",
                        circle = circle.join(" → ")
                    ),
                )
                .with_help(msg!(
                    "one model in the circle must be a whole statement, without `based_on`"
                ))
                .at_path("based_on"),
            ));
        }
        stack.push(raw.file.clone());
        let locate_here = |error: ContentError| locate(error, &Positions::index(&raw.source), &raw.source);
        let (parent, parent_version) = self.reference(own, &raw.file).map_err(|e| Box::new(locate_here(*e)))?;
        let base = self.resolved(&parent, &parent_version, stack)?;
        stack.pop();
        apply(&base, own, &raw.file)
            .map(|(resolved, _)| resolved)
            .map_err(|mut errors| Box::new(locate_here(errors.remove(0))))
    }
}

/// The model `base` with the file's removals and deviations applied.
fn apply(base: &Mapping, own: &Mapping, shown: &Path) -> Result<(Mapping, Vec<Deviation>), Vec<ContentError>> {
    let mut base = base.clone();
    let mut removed = Vec::new();
    let mut errors = Vec::new();
    let paths = match own.get("remove") {
        None => Vec::new(),
        Some(Value::Sequence(items)) => items.clone(),
        Some(_) => {
            return Err(vec![
                ContentError::new(ContentErrorKind::Type, shown, msg!("`remove:` must be a list of facts"))
                    .with_help(msg!("e.g. `remove: [recipients.incassobureau, camera_surveillance]`"))
                    .at_path("remove"),
            ]);
        }
    };
    for (index, path) in paths.iter().enumerate() {
        let text = path.as_str().unwrap_or_default();
        match resolve::remove(&mut base, text) {
            Ok((fact, old)) => removed.push(Deviation {
                fact,
                change: Change::Removed,
                value: None,
                name: old.get("name").and_then(Value::as_str).map(str::to_owned),
            }),
            Err(missing) => {
                let names: Vec<&str> = missing.existing.iter().map(String::as_str).collect();
                let place = if missing.within.is_empty() {
                    msg!("the model")
                } else {
                    msg!("`{within}` of the model", within = missing.within)
                };
                errors.push(
                    ContentError::new(
                        ContentErrorKind::BrokenReference,
                        shown,
                        msg!(
                            "`{text}` names nothing in the model: {place} has no `{step}`",
                            text,
                            place,
                            step = missing.step
                        ),
                    )
                    .with_help(msg!(
                        "{did_you_mean}what exists there: {names}",
                        did_you_mean = did_you_mean(&missing.step, names.iter().copied()),
                        names = listed(&names)
                    ))
                    .at_path(format!("remove[{index}]")),
                );
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let (resolved, mut deviations) = resolve::merge(&base, own);
    removed.append(&mut deviations);
    Ok((resolved, removed))
}

fn listed(names: &[&str]) -> String {
    if names.is_empty() {
        return msg!("none");
    }
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|read| read.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| !is_ignored(p));
    paths.sort();
    paths
}

fn is_yaml(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
