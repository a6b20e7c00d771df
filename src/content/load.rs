//! Finding content files and parsing them into the model.
//!
//! `content/site.yaml` holds the site settings; every other folder in `content/` is one corporation
//! (its name is the slug) with one YAML file per version of its statement, and a folder in it per
//! other document (`content/<slug>/cameraverklaring/`), versioned the same way. Every file is parsed,
//! and every problem is collected, so a person sees all of them at once.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::content::cache::Facts;
use crate::content::collect::parse_statement;
use crate::content::corpus::{Content, Loaded};
use crate::content::files::{DRAFT_FILE_STEM, LEDGER_FILE, LINTS_FILE, SITE_FILE, display_path, is_ignored};
use crate::content::ledger::{self, Ledger};
use crate::content::model::{SiteConfig, Statement};
use crate::content::models::{Basis, Library, MODELS_FOLDER, is_based_on_a_model, is_models_folder};
use crate::content::translate;
use crate::content::version::{Corporation, Version};
use crate::content::yaml::{parse_file, read_file};
use crate::error::{ContentError, ContentErrorKind, Error, Result};
use crate::render::theme::{DEFAULT_THEME, is_theme_name};

/// Reads and parses the whole content folder, collecting every problem rather than stopping at the
/// first, so that the files that did parse can still be validated.
pub fn load(dir: &Path) -> Result<Loaded> {
    load_reusing(dir, None, &Facts::default())
}

/// [`load`], taking the parsed facts of every file whose text is the same as in `previous` (the
/// content loaded before, e.g. by the preview), or as kept in `facts`, from there instead of
/// parsing it again; what was parsed is kept in `facts`.
pub fn load_reusing(dir: &Path, previous: Option<&Content>, facts: &Facts) -> Result<Loaded> {
    let parsed_before = ParsedBefore::of(previous);
    if !dir.is_dir() {
        return Err(Error::Content(vec![
            ContentError::new(
                ContentErrorKind::Missing,
                dir,
                msg!("the content folder does not exist"),
            )
            .with_help(msg!(
                "pass the folder with --content, or run verklaar where `content/` is"
            )),
        ]));
    }
    // A publish that was interrupted is finished first, so no half-published version is ever read.
    crate::content::journal::finish_pending(dir)?;
    let mut errors = Vec::new();
    let root = dir.canonicalize().map_err(|e| Error::io("read", dir, e))?;
    let site_path = dir.join(SITE_FILE);
    let site_shown = display_path(dir, &site_path);
    let config = if site_path.symlink_metadata().is_ok() {
        confined(&root, &site_path, &site_shown)
            .and_then(|()| parse_file::<SiteConfig>(&site_path, &site_shown))
            .and_then(|config| check_theme_name(&config, &site_path, &site_shown).map(|()| config))
            .map_err(|e| errors.push(*e))
            .ok()
            .inspect(|config| {
                errors.extend(translate::languages::check(
                    config,
                    &site_shown,
                    &themes_folder(&site_path),
                ))
            })
    } else {
        errors.push(
            ContentError::new(
                ContentErrorKind::Missing,
                &display_path(dir, &site_path),
                msg!("the site settings file is missing"),
            )
            .with_help(msg!("create it with at least `title:` and `base_url:`")),
        );
        None
    };

    let library = Library::read(dir);
    let languages: Vec<String> = config
        .as_ref()
        .map(|c| c.languages().into_iter().map(str::to_owned).collect())
        .unwrap_or_default();
    let languages: Vec<&str> = languages.iter().map(String::as_str).collect();
    let mut corporations = Vec::new();
    // Each folder in parallel, then taken in folder order, so that errors come in the same order.
    let shared = Shared {
        dir,
        root: &root,
        library: &library,
        languages: &languages,
        facts,
        parsed_before: &parsed_before,
    };
    // The ledger is read beside the folders; its problems come after theirs.
    let (folders, ledger) = rayon::join(
        || -> Result<Vec<(Option<Corporation>, Vec<ContentError>)>> {
            folders_of(&root, dir, |_| true)?
                .into_par_iter()
                .map(|(folder, slug)| {
                    let mut folder_errors = Vec::new();
                    let corporation = load_folder(&shared, folder, slug, &mut folder_errors)?;
                    Ok((corporation, folder_errors))
                })
                .collect()
        },
        || load_ledger(dir, &root, facts),
    );
    for (corporation, folder_errors) in folders? {
        errors.extend(folder_errors);
        corporations.extend(corporation);
    }
    let ledger = match ledger {
        Ok(ledger) => ledger,
        Err(LedgerError::Unreadable(error)) => {
            errors.push(*error);
            return Ok(Loaded { content: None, errors });
        }
        Err(LedgerError::Broken(error)) => {
            errors.push(*error);
            Ledger::default()
        }
    };
    let (models, corporations) = corporations
        .into_iter()
        .partition(|c| c.slug.starts_with(&format!("{MODELS_FOLDER}/")));
    let content = config.map(|config| Content {
        dir: dir.to_path_buf(),
        config,
        corporations,
        models,
        ledger,
    });
    Ok(Loaded { content, errors })
}

/// Why the ledger did not load: a link outside the content folder or not a file (nothing else is
/// checked then), or a ledger that does not parse.
enum LedgerError {
    Unreadable(Box<ContentError>),
    Broken(Box<ContentError>),
}

/// Reads `content/ledger.yaml` (an empty ledger when there is none), its parsed form read back from
/// the cache when its text did not change.
fn load_ledger(dir: &Path, root: &Path, facts: &Facts) -> Result<Ledger, LedgerError> {
    let path = dir.join(LEDGER_FILE);
    let shown = display_path(dir, &path);
    if path.symlink_metadata().is_ok() {
        confined(root, &path, &shown)
            .and_then(|()| regular_file(&path, &shown))
            .map_err(LedgerError::Unreadable)?;
    }
    match ledger::read(dir, &shown).map_err(LedgerError::Broken)? {
        None => Ok(Ledger::default()),
        Some(source) => facts
            .parsed("ledger", &source, |source| ledger::parse(source, &shown))
            .map_err(LedgerError::Broken),
    }
}

/// What every folder of versions is read with.
pub(super) struct Shared<'a> {
    pub(super) dir: &'a Path,
    pub(super) root: &'a Path,
    pub(super) library: &'a Library,
    pub(super) languages: &'a [&'a str],
    pub(super) facts: &'a Facts,
    pub(super) parsed_before: &'a ParsedBefore<'a>,
}

/// Reads and parses the folder of versions `folder` (slug `slug`), adding its problems to `errors`.
pub(super) fn load_folder(
    shared: &Shared,
    folder: PathBuf,
    slug: String,
    errors: &mut Vec<ContentError>,
) -> Result<Option<Corporation>> {
    let Shared {
        dir,
        root,
        library,
        languages,
        facts,
        parsed_before,
    } = *shared;
    if let Err(error) = confined(root, &folder, &display_path(dir, &folder)) {
        errors.push(*error);
        return Ok(None);
    }
    let mut versions = Vec::new();
    let mut draft = None;
    let mut file_ids = BTreeSet::new();
    let mut files = Vec::new();
    for file in sorted_entries(&folder)?.into_iter().filter(|f| is_yaml_name(f)) {
        let shown = display_path(dir, &file);
        match confined(root, &file, &shown).and_then(|()| regular_file(&file, &shown)) {
            Ok(()) => files.push(file),
            Err(error) => errors.push(*error),
        }
    }
    errors.extend(duplicates(dir, &files));
    if files.is_empty() {
        errors.push(
            ContentError::new(
                ContentErrorKind::Missing,
                &display_path(dir, &folder),
                msg!("this corporation has no version of its statement"),
            )
            .with_help(msg!(
                "add a file named after the publication date, e.g. `2018-05-25.yaml`"
            )),
        );
    }
    // Translation files are set aside and laid over their versions below.
    let mut translations = Vec::new();
    let mut version_files = Vec::new();
    for file in files {
        let shown = display_path(dir, &file);
        let id = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        match translate::split_stem(&id) {
            Some((version, language)) => {
                // A recorded translation of a published version is a file of the ledger too.
                if version != DRAFT_FILE_STEM {
                    file_ids.insert(id.clone());
                }
                translations.push(translate::TranslationFile {
                    version: version.to_owned(),
                    language: language.to_owned(),
                    path: file,
                    shown,
                });
            }
            None => version_files.push((file, shown, id)),
        }
    }
    // Parsed in parallel, then taken in file order, so that errors come in the same order. A
    // file based on a model is resolved every time: its facts depend on the model's files too.
    let kept = facts.folder(&slug);
    let parsed: Vec<_> = version_files
        .into_par_iter()
        .map(|(file, shown, id)| {
            let parsed = read_file(&file, &shown).map_err(|e| vec![*e]).and_then(|source| {
                if is_based_on_a_model(&source) {
                    return library.parse(&source, &shown).map(|parsed| (parsed, source));
                }
                let unbased = |statement: Statement| ((statement, None::<Basis>), source.clone());
                if let Some(statement) = parsed_before.statement(&shown, &source) {
                    return Ok(unbased(statement));
                }
                let key = kept.key(&source);
                if let Some(statement) = key.as_deref().and_then(|key| kept.get(key)) {
                    return Ok(unbased(statement));
                }
                let statement = parse_statement(&source, &shown)?;
                if let Some(key) = &key {
                    kept.put(key, &statement);
                }
                Ok(unbased(statement))
            });
            (id, shown, parsed)
        })
        .collect();
    kept.save();
    for (id, shown, parsed) in parsed {
        if id != DRAFT_FILE_STEM {
            file_ids.insert(id.clone());
        }
        match parsed {
            Ok(((statement, basis), source)) => {
                let version = Version {
                    id,
                    file: shown,
                    statement,
                    source,
                    basis,
                    translations: Default::default(),
                };
                if version.id == DRAFT_FILE_STEM {
                    draft = Some(version);
                } else {
                    versions.push(version);
                }
            }
            Err(file_errors) => errors.extend(file_errors),
        }
    }
    versions.sort_by(|a, b| a.id.cmp(&b.id));
    let known = (languages, &file_ids);
    translate::attach(&mut versions, draft.as_mut(), translations, known, errors);
    Ok(Some(Corporation {
        slug,
        versions,
        draft,
        file_ids,
    }))
}

/// Every folder of versions with its slug, of the corporation folders whose name `wanted` accepts:
/// each corporation's folder, followed by the folders of its other documents (`<slug>/<document>`).
pub(super) fn folders_of(root: &Path, dir: &Path, wanted: impl Fn(&str) -> bool) -> Result<Vec<(PathBuf, String)>> {
    let mut folders = Vec::new();
    for folder in sorted_entries(dir)?.into_iter().filter(|f| f.is_dir()) {
        let slug = file_name(&folder);
        if !wanted(&slug) {
            continue;
        }
        // A folder that leads outside the content folder is reported by the caller, never read.
        let inside = confined(root, &folder, &folder).is_ok();
        let documents: Vec<PathBuf> = if inside {
            // A folder named like a version file is a version file that is not a file: an error below.
            sorted_entries(&folder)?
                .into_iter()
                .filter(|f| f.is_dir() && !is_yaml_name(f))
                .collect()
        } else {
            Vec::new()
        };
        // `models/` holds the sector's model statements, each folder one model (`models/<name>`).
        let has_versions = inside && sorted_entries(&folder)?.iter().any(|f| is_yaml_name(f));
        if !is_models_folder(&folder) || has_versions {
            folders.push((folder, slug.clone()));
        }
        for document in documents {
            let document_slug = format!("{slug}/{}", file_name(&document));
            folders.push((document, document_slug));
        }
    }
    Ok(folders)
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

/// Whether `path` is named like a version file (whatever kind of file it is).
fn is_yaml_name(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
        && file_name(path) != SITE_FILE
        && file_name(path) != LEDGER_FILE
        && file_name(path) != LINTS_FILE
}

/// An error unless `path` (or what a link at `path` points to) is inside the content folder
/// `root` (canonical). What a link outside points to is never read, so never shown.
fn confined(root: &Path, path: &Path, shown: &Path) -> Result<(), Box<ContentError>> {
    let is_link = path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(());
    }
    match path.canonicalize() {
        Ok(target) if target.starts_with(root) => Ok(()),
        Ok(_) => Err(Box::new(
            ContentError::new(
                ContentErrorKind::Invalid,
                shown,
                msg!("this is a link to a file outside the content folder, which verklaar does not read"),
            )
            .with_help(msg!("copy the file into the content folder instead of linking to it")),
        )),
        Err(_) => Err(Box::new(
            ContentError::new(ContentErrorKind::Missing, shown, msg!("this is a link to nothing"))
                .with_help(msg!("remove the link, or put the file it names back")),
        )),
    }
}

/// An error unless `path` is a regular file: a folder or a pipe with a YAML name is a mistake,
/// and a pipe is never opened (reading it would wait forever).
fn regular_file(path: &Path, shown: &Path) -> Result<(), Box<ContentError>> {
    let what = match path.metadata() {
        Ok(meta) if meta.is_file() => return Ok(()),
        Ok(meta) if meta.is_dir() => msg!("a folder"),
        Ok(_) => msg!("a special file (a pipe, socket or device)"),
        Err(e) => {
            return Err(Box::new(ContentError::new(
                ContentErrorKind::Missing,
                shown,
                msg!("cannot read the file: {e}", e),
            )));
        }
    };
    Err(Box::new(
        ContentError::new(
            ContentErrorKind::Invalid,
            shown,
            msg!("this is {what}, not a file with a version of the statement", what),
        )
        .with_help(msg!("remove it or rename it; a version is an ordinary YAML file")),
    ))
}

/// An error for every version that is there both as `.yml` and `.yaml`.
fn duplicates(dir: &Path, files: &[PathBuf]) -> Vec<ContentError> {
    let mut seen = BTreeSet::new();
    let mut errors = Vec::new();
    for file in files {
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !seen.insert(stem.clone()) {
            errors.push(
                ContentError::new(
                    ContentErrorKind::Invalid,
                    &display_path(dir, file),
                    msg!(
                        "version `{stem}` is here twice, as `{stem}.yaml` and as `{stem}.yml`",
                        stem
                    ),
                )
                .with_help(msg!("keep one of the two files")),
            );
        }
    }
    errors
}

/// An error at the `theme:` line unless the theme is one folder name inside `themes/`, and that
/// folder exists (or it is the built-in default).
fn check_theme_name(config: &SiteConfig, path: &Path, shown: &Path) -> Result<(), Box<ContentError>> {
    let name = &config.theme;
    let (message, help) = if !is_theme_name(name) {
        (
            msg!("theme `{name}` is not the name of a folder in `themes/`", name),
            msg!("give the name of one folder in `themes/`, e.g. `theme: default`, without `/` or `..`"),
        )
    } else if name != DEFAULT_THEME && !themes_folder(path).join(name).is_dir() {
        (
            msg!(
                "theme `{name}` does not exist: there is no folder `themes/{name}`",
                name
            ),
            msg!("create the folder, or set `theme: default`"),
        )
    } else {
        return Ok(());
    };
    // Its line is found from its path, as for every error (`content::check`).
    Err(Box::new(
        ContentError::new(ContentErrorKind::Invalid, shown, message)
            .with_help(help)
            .at_path("theme"),
    ))
}

/// `themes/` beside the content folder of the site file `site_file` (as the builder finds it).
fn themes_folder(site_file: &Path) -> PathBuf {
    let content_dir = site_file.parent().unwrap_or(Path::new("."));
    content_dir.parent().unwrap_or(Path::new(".")).join("themes")
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The version files of content loaded before, by shown path, so that a file whose text did not
/// change is not parsed again.
pub(super) struct ParsedBefore<'a> {
    versions: HashMap<&'a Path, &'a Version>,
}

impl<'a> ParsedBefore<'a> {
    /// The version files of `previous`, if any.
    pub(super) fn of(previous: Option<&'a Content>) -> ParsedBefore<'a> {
        let versions = previous
            .into_iter()
            .flat_map(|content| &content.corporations)
            .flat_map(|corporation| corporation.versions.iter().chain(&corporation.draft))
            .map(|version| (version.file.as_path(), version))
            .collect();
        ParsedBefore { versions }
    }

    /// The facts of the file shown as `file`, when it was loaded before with exactly `source`.
    fn statement(&self, file: &Path, source: &str) -> Option<Statement> {
        let version = self.versions.get(file)?;
        (version.source == source).then(|| version.statement.clone())
    }
}
