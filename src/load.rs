//! Finding content files and parsing them into the model.
//!
//! `content/site.yaml` holds the site settings; every other folder in `content/` is one corporation
//! (its name is the slug) with one YAML file per version of its statement. Every file is parsed,
//! and every problem is collected, so a person sees all of them at once.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::error::{ContentError, ContentErrorKind, Error, Location, Result};
use crate::ledger::{self, LEDGER_FILE, Ledger};
use crate::model::{SiteConfig, Statement};

/// Name of the site settings file in the content folder.
pub const SITE_FILE: &str = "site.yaml";

/// All content of a site, parsed but not yet validated.
#[derive(Debug, Clone)]
pub struct Content {
    /// The content folder as given.
    pub dir: PathBuf,
    /// Site-wide settings.
    pub config: SiteConfig,
    /// Corporations, sorted by slug.
    pub corporations: Vec<Corporation>,
    /// The ledger of published versions (empty when there is no ledger file yet).
    pub ledger: Ledger,
}

impl Content {
    /// The ledger file, as shown in messages.
    pub fn ledger_file(&self) -> PathBuf {
        display_path(&self.dir, &self.dir.join(LEDGER_FILE))
    }

    /// A path inside the content folder as shown in messages.
    pub fn shown_path(&self, path: &Path) -> PathBuf {
        display_path(&self.dir, path)
    }

    /// The corporation with folder name `slug`.
    pub fn corporation(&self, slug: &str) -> Option<&Corporation> {
        self.corporations.iter().find(|c| c.slug == slug)
    }
}

/// Name of the file that holds a corporation's next version while it is being written.
pub const DRAFT_FILE_STEM: &str = "draft";

/// One corporation: a folder of versions.
#[derive(Debug, Clone)]
pub struct Corporation {
    /// Folder name, used in URLs.
    pub slug: String,
    /// Published versions, sorted oldest first.
    pub versions: Vec<Version>,
    /// The next version while it is being written (`draft.yaml`), if any.
    pub draft: Option<Version>,
    /// The ids of every version file in the folder, also of those that did not parse.
    pub file_ids: BTreeSet<String>,
}

/// One version file.
#[derive(Debug, Clone)]
pub struct Version {
    /// Version id: the file name without extension, e.g. `2018-05-25`.
    pub id: String,
    /// The file, as shown in messages (relative to the content folder's parent).
    pub file: PathBuf,
    /// The facts.
    pub statement: Statement,
    /// The file's text.
    pub source: String,
}

impl Corporation {
    /// The newest published version.
    pub fn newest(&self) -> Option<&Version> {
        self.versions.last()
    }

    /// The published version with id `id`, or the draft for `draft`.
    pub fn version(&self, id: &str) -> Option<&Version> {
        if id == DRAFT_FILE_STEM {
            return self.draft.as_ref();
        }
        self.versions.iter().find(|v| v.id == id)
    }

    /// The newest published version, or the draft when nothing is published yet.
    pub fn newest_or_draft(&self) -> Option<&Version> {
        self.newest().or(self.draft.as_ref())
    }
}

/// What loading found: the content that parsed, and the problems with the rest.
#[derive(Debug)]
pub struct Loaded {
    /// The content, when `site.yaml` parsed; it holds every version file that parsed.
    pub content: Option<Content>,
    /// Problems with files that did not parse or folders without versions.
    pub errors: Vec<ContentError>,
}

/// Reads and parses the whole content folder, collecting every problem rather than stopping at the
/// first, so that the files that did parse can still be validated.
pub fn load(dir: &Path) -> Result<Loaded> {
    if !dir.is_dir() {
        return Err(Error::Content(vec![
            ContentError::new(ContentErrorKind::Missing, dir, "the content folder does not exist")
                .with_help("pass the folder with --content, or run verklaar where `content/` is"),
        ]));
    }
    let mut errors = Vec::new();
    let site_path = dir.join(SITE_FILE);
    let config = if site_path.is_file() {
        parse_file::<SiteConfig>(&site_path, &display_path(dir, &site_path))
            .map_err(|e| errors.push(*e))
            .ok()
    } else {
        errors.push(
            ContentError::new(
                ContentErrorKind::Missing,
                &display_path(dir, &site_path),
                "the site settings file is missing",
            )
            .with_help("create it with at least `title:` and `base_url:`"),
        );
        None
    };

    let mut corporations = Vec::new();
    for folder in sorted_entries(dir)? {
        if !folder.is_dir() {
            continue;
        }
        let slug = file_name(&folder);
        let mut versions = Vec::new();
        let mut draft = None;
        let mut file_ids = BTreeSet::new();
        let files: Vec<PathBuf> = sorted_entries(&folder)?
            .into_iter()
            .filter(|f| is_yaml_file(f))
            .collect();
        if files.is_empty() {
            errors.push(
                ContentError::new(
                    ContentErrorKind::Missing,
                    &display_path(dir, &folder),
                    "this corporation has no version of its statement",
                )
                .with_help("add a file named after the publication date, e.g. `2018-05-25.yaml`"),
            );
        }
        for file in files {
            let shown = display_path(dir, &file);
            let id = file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            if id != DRAFT_FILE_STEM {
                file_ids.insert(id.clone());
            }
            let parsed = read_file(&file, &shown)
                .and_then(|source| parse_str::<Statement>(&source, &shown).map(|statement| (statement, source)));
            match parsed {
                Ok((statement, source)) => {
                    let version = Version {
                        id,
                        file: shown,
                        statement,
                        source,
                    };
                    if version.id == DRAFT_FILE_STEM {
                        draft = Some(version);
                    } else {
                        versions.push(version);
                    }
                }
                Err(error) => errors.push(*error),
            }
        }
        versions.sort_by(|a, b| a.id.cmp(&b.id));
        corporations.push(Corporation {
            slug,
            versions,
            draft,
            file_ids,
        });
    }

    let ledger = ledger::load(dir, &display_path(dir, &dir.join(LEDGER_FILE)))
        .map_err(|e| errors.push(*e))
        .unwrap_or_default();
    let content = config.map(|config| Content {
        dir: dir.to_path_buf(),
        config,
        corporations,
        ledger,
    });
    Ok(Loaded { content, errors })
}

/// The entries directly in `dir`, sorted by name, without hidden files and editor leftovers.
fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for entry in WalkDir::new(dir).min_depth(1).max_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io("read", &path, e.into())
        })?;
        if !is_ignored(entry.path()) {
            paths.push(entry.into_path());
        }
    }
    Ok(paths)
}

/// Whether a path is a hidden file or an editor's temporary or backup file.
pub fn is_ignored(path: &Path) -> bool {
    let name = file_name(path);
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

fn is_yaml_file(path: &Path) -> bool {
    path.is_file()
        && matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
        && file_name(path) != SITE_FILE
        && file_name(path) != LEDGER_FILE
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The path as shown to people: relative to the content folder's parent, so it reads `content/x.yaml`.
fn display_path(content_dir: &Path, path: &Path) -> PathBuf {
    let base = content_dir.parent().unwrap_or(content_dir);
    path.strip_prefix(base).unwrap_or(path).to_path_buf()
}

/// Reads and parses one YAML file into `T`.
fn parse_file<T: DeserializeOwned>(path: &Path, shown: &Path) -> Result<T, Box<ContentError>> {
    parse_str(&read_file(path, shown)?, shown)
}

fn read_file(path: &Path, shown: &Path) -> Result<String, Box<ContentError>> {
    fs::read_to_string(path).map_err(|e| {
        Box::new(ContentError::new(
            ContentErrorKind::Missing,
            shown,
            format!("cannot read the file: {e}"),
        ))
    })
}

/// Parses YAML text into `T`, turning serde_yaml's errors into [`ContentError`]s for people.
pub fn parse_str<T: DeserializeOwned>(source: &str, shown: &Path) -> Result<T, Box<ContentError>> {
    serde_yaml::from_str(source).map_err(|error| Box::new(yaml_error(&error, source, shown)))
}

fn yaml_error(error: &serde_yaml::Error, source: &str, shown: &Path) -> ContentError {
    // serde_yaml writes "<path>: <message> at line L column C[, <context>]"; take the parts apart.
    let without_location = strip_locations(&error.to_string());
    let (yaml_path, message) = split_yaml_path(&without_location);
    let (kind, message, mut help) = classify(message);
    // For an unknown key, point at the key itself rather than at the map that holds it.
    let yaml_path = match (kind, yaml_path) {
        (ContentErrorKind::UnknownKey, Some(parent)) => Some(format!("{parent}.{}", unknown_name(&message))),
        (ContentErrorKind::UnknownKey, None) => Some(unknown_name(&message).to_owned()),
        (_, path) => path.map(str::to_owned),
    };
    if let Some(location) = error.location() {
        let line = source
            .lines()
            .nth(location.line().saturating_sub(1))
            .unwrap_or_default();
        if kind == ContentErrorKind::Syntax && line.starts_with('\t') {
            help = Some("indent with spaces: YAML does not allow tabs for indentation".to_owned());
        }
    }
    let mut content_error = ContentError::new(kind, shown, message);
    if let Some(help) = help {
        content_error = content_error.with_help(help);
    }
    if let Some(path) = yaml_path {
        content_error = content_error.at_path(path);
    }
    if let Some(location) = error.location() {
        let location = Location {
            line: location.line(),
            column: location.column(),
        };
        content_error = content_error.at_location(location, source);
    }
    content_error
}

/// The name in "unknown key `name`".
fn unknown_name(message: &str) -> &str {
    message.split('`').nth(1).unwrap_or_default()
}

/// Removes every " at line L column C" that serde_yaml puts in its messages.
fn strip_locations(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " at line ".len()..];
        let digits = |text: &str| text.chars().take_while(char::is_ascii_digit).count();
        let line_digits = digits(after);
        let tail = &after[line_digits..];
        match tail.strip_prefix(" column ") {
            Some(column) if line_digits > 0 => rest = &column[digits(column)..],
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Splits `path.to[0].key: message` into the path and the message.
fn split_yaml_path(text: &str) -> (Option<&str>, &str) {
    if let Some((head, rest)) = text.split_once(": ") {
        let looks_like_path = !head.is_empty()
            && head
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '-'));
        if looks_like_path {
            return (Some(head), rest);
        }
    }
    (None, text)
}

/// Sorts a serde message into a kind, a message and a hint.
fn classify(message: &str) -> (ContentErrorKind, String, Option<String>) {
    for (prefix, what) in [("unknown field `", "key"), ("unknown variant `", "value")] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let (name, allowed_text) = rest.split_once('`').unwrap_or((rest, ""));
            let allowed: Vec<&str> = allowed_text.split('`').skip(1).step_by(2).collect();
            let kind = if what == "key" {
                ContentErrorKind::UnknownKey
            } else {
                ContentErrorKind::Type
            };
            let closest = allowed
                .iter()
                .map(|candidate| (strsim::damerau_levenshtein(name, candidate), *candidate))
                .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 3))
                .min();
            let mut help = if allowed.is_empty() {
                format!("this {what} takes no {what}s here")
            } else {
                format!("allowed {what}s here: {}", allowed.join(", "))
            };
            if let Some((_, candidate)) = closest {
                help = format!("did you mean `{candidate}`? {help}");
            }
            return (kind, format!("unknown {what} `{name}`"), Some(help));
        }
    }
    if message.starts_with("duplicate field `") {
        return (
            ContentErrorKind::Invalid,
            message.replace("duplicate field", "duplicate key"),
            Some("a key appears twice in the same block; keep one of them".to_owned()),
        );
    }
    if message.starts_with("missing field `") {
        let name = message.trim_start_matches("missing field `").trim_end_matches('`');
        return (
            ContentErrorKind::Type,
            message.to_owned(),
            Some(format!("add `{name}:` here; it is required")),
        );
    }
    if message.starts_with("invalid type")
        || message.starts_with("invalid value")
        || message.starts_with("invalid length")
    {
        return (
            ContentErrorKind::Type,
            message.to_owned(),
            Some("check the value's type against the guide in README.md".to_owned()),
        );
    }
    if message.contains("is not a date")
        || message.contains("not a day in the calendar")
        || message.starts_with("invalid place")
    {
        return (ContentErrorKind::Type, message.to_owned(), None);
    }
    let help = if message.contains("quoted scalar") {
        "a quote (\" or ') was opened and not closed; close it, or leave the quotes out"
    } else {
        "check the indentation, and put text that contains `: ` or ` #` in quotes"
    };
    (ContentErrorKind::Syntax, message.to_owned(), Some(help.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Organisation;

    fn parse_error<T: DeserializeOwned + std::fmt::Debug>(source: &str) -> ContentError {
        *parse_str::<T>(source, Path::new("content/x/2018-01-01.yaml")).unwrap_err()
    }

    #[test]
    fn unknown_key_names_allowed_keys_and_closest() {
        let error = parse_error::<Organisation>("name: WSK\nemial: info@example.org\n");
        assert_eq!(error.kind, ContentErrorKind::UnknownKey);
        assert_eq!(error.message, "unknown key `emial`");
        let help = error.help.unwrap();
        assert!(help.starts_with("did you mean `email`?"), "{help}");
        assert!(help.contains("allowed keys here: name, short_name"), "{help}");
        assert_eq!(error.location.map(|l| l.line), Some(2));
        assert_eq!(error.source_line.as_deref(), Some("emial: info@example.org"));
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let error = parse_error::<Organisation>("name: x\naddress:\n  - a\n - b\n");
        assert_eq!(error.kind, ContentErrorKind::Syntax);
        assert_eq!(
            error.message,
            "did not find expected key, while parsing a block mapping"
        );
        assert_eq!(error.location.map(|l| (l.line, l.column)), Some((4, 2)));
        assert_eq!(error.source_line.as_deref(), Some(" - b"));
    }

    #[test]
    fn type_error_keeps_the_yaml_path() {
        let error = parse_error::<Organisation>("name: WSK\naddress: 5\n");
        assert_eq!(error.kind, ContentErrorKind::Type);
        assert_eq!(error.yaml_path.as_deref(), Some("address"));
        assert_eq!(error.location.map(|l| (l.line, l.column)), Some((2, 10)));
    }

    #[test]
    fn tabs_get_their_own_hint() {
        let error = parse_error::<Organisation>("\tname: x\n");
        assert!(error.help.unwrap().contains("tabs"));
    }

    #[test]
    fn locations_are_taken_out_of_messages() {
        assert_eq!(strip_locations("a at line 3 column 4, b at line 9 column 1"), "a, b");
        assert_eq!(strip_locations("at line x"), "at line x");
    }

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [".x.yaml.swp", "#x.yaml#", "x.yaml~", ".hidden.yaml", "4913.tmp"] {
            assert!(is_ignored(Path::new(name)), "{name}");
        }
        assert!(!is_ignored(Path::new("2018-05-25.yaml")));
    }
}
