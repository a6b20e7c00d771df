//! What earlier checks proved of published versions, kept in `.verklaar-cache/verified`: that a
//! version file with exactly these bytes matches its ledger entry, so it need not be fingerprinted
//! again.
//!
//! Each line is the SHA-256 (hex) of a version file's bytes together with its ledger entry's hashes
//! and the verklaar binary; a file or entry that changed has another key, so a stale line is never
//! found. The set is rewritten atomically, so a killed run leaves the old set or the new one.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::content::journal::write_atomic;
use crate::content::model::Statement;
use crate::error::Result;

/// Changes whenever the meaning of a key does.
const FORMAT: &str = "verklaar-verified-1";

/// The versions known to match their ledger entries, and those that matched in this run.
#[derive(Debug, Default)]
pub struct Verified {
    file: Option<PathBuf>,
    known: BTreeSet<String>,
    passed: Mutex<BTreeSet<String>>,
    /// Whether what is proved is remembered (with a file, or in memory).
    remember: bool,
    /// The parsed facts kept beside the set.
    facts: Facts,
}

impl Verified {
    /// No cache: every version is fingerprinted.
    pub fn none() -> Verified {
        Verified::default()
    }

    /// The set kept in the cache folder `cache_dir` (`.verklaar-cache/`), with the parsed facts
    /// kept there (see [`Facts`]).
    pub fn open_in(cache_dir: &Path) -> Verified {
        Verified {
            facts: Facts {
                dir: Some(cache_dir.join("facts")),
            },
            ..Verified::open(cache_dir.join("verified"))
        }
    }

    /// The parsed facts kept with the set (none for a set in memory or without a cache).
    pub(crate) fn facts(&self) -> &Facts {
        &self.facts
    }

    /// The set kept in `file`; empty when it is missing or unreadable.
    pub fn open(file: PathBuf) -> Verified {
        let known = std::fs::read_to_string(&file)
            .map(|text| text.lines().filter(|l| l.len() == 64).map(str::to_owned).collect())
            .unwrap_or_default();
        Verified {
            file: Some(file),
            known,
            passed: Mutex::default(),
            remember: true,
            facts: Facts::default(),
        }
    }

    /// A set kept in memory only (the preview's): what this run proves, [`Verified::next`] knows.
    pub fn in_memory() -> Verified {
        Verified {
            remember: true,
            ..Verified::default()
        }
    }

    /// A set, in memory, that knows what this one knew and proved; for the next check. What it knew
    /// stays known even when this check did not look at it (the preview checks only the folders
    /// saved): a key names exact bytes, so an old one is never found for a changed file.
    pub fn next(&self) -> Verified {
        let passed = self.passed.lock().map(|p| p.clone()).unwrap_or_default();
        Verified {
            file: None,
            known: self.known.union(&passed).cloned().collect(),
            passed: Mutex::default(),
            remember: true,
            facts: Facts::default(),
        }
    }

    /// The key of a version file's `source` with its ledger entry's facts `hash` and `text` hash.
    pub(crate) fn key(source: &str, hash: &str, text: Option<&str>) -> String {
        let mut hasher = Sha256::new();
        for field in [
            FORMAT,
            env!("CARGO_PKG_VERSION"),
            &binary_stamp(),
            source,
            hash,
            text.unwrap_or_default(),
        ] {
            hasher.update((field.len() as u64).to_le_bytes());
            hasher.update(field.as_bytes());
        }
        hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Whether an earlier run proved the version with `key` unchanged; it counts as proved again.
    pub(crate) fn knows(&self, key: &str) -> bool {
        let known = self.known.contains(key);
        if known {
            self.passed(key.to_owned());
        }
        known
    }

    /// Remembers that the version with `key` matched its entry in this run.
    pub(crate) fn passed(&self, key: String) {
        if self.remember
            && let Ok(mut passed) = self.passed.lock()
        {
            passed.insert(key);
        }
    }

    /// Writes the versions proved in this run to the file, when the set changed.
    pub fn save(&self) -> Result<()> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        let passed = self.passed.lock().map(|p| p.clone()).unwrap_or_default();
        if passed == self.known {
            return Ok(());
        }
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(|e| crate::error::Error::io("create", dir, e))?;
        }
        let text: String = passed.iter().map(|key| format!("{key}\n")).collect();
        write_atomic(file, text.as_bytes())
    }
}

/// What tells this verklaar binary from another: its size and modification time, so that a new
/// build of verklaar checks (and renders) everything again.
pub(crate) fn binary_stamp() -> String {
    static STAMP: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    STAMP.get_or_init(read_binary_stamp).clone()
}

fn read_binary_stamp() -> String {
    std::env::current_exe()
        .ok()
        .and_then(|exe| std::fs::metadata(exe).ok())
        .map(|meta| {
            let mtime = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_nanos())
                .unwrap_or_default();
            format!("{}:{mtime}", meta.len())
        })
        .unwrap_or_default()
}

/// The parsed facts of version files by a hash of their text (and of the verklaar binary), kept in
/// `.verklaar-cache/facts/`, one JSON file per folder of versions: a file whose text did not change
/// is read back from JSON, about three times faster than parsing its YAML again. Only files that
/// parsed without error are kept, so every error is still found by parsing.
#[derive(Debug, Default)]
pub struct Facts {
    dir: Option<PathBuf>,
}

impl Facts {
    /// The kept facts of the folder of versions `slug` (`<slug>/<document>` for another document).
    pub(crate) fn folder(&self, slug: &str) -> FolderFacts {
        let path = self
            .dir
            .as_ref()
            .map(|dir| dir.join(format!("{}.json", slug.replace('/', "+"))));
        let known = path
            .as_ref()
            .and_then(|path| std::fs::read(path).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        FolderFacts {
            path,
            known,
            used: Mutex::default(),
            now: Mutex::default(),
        }
    }
}

impl Facts {
    /// `source` parsed with `parse`, or read back from `.verklaar-cache/<name>.json` when it was
    /// kept there for exactly this text (and binary); what parses is kept for the next run, what
    /// does not is parsed (and its error found) every time.
    pub(crate) fn parsed<T: Serialize + DeserializeOwned, E>(
        &self,
        name: &str,
        source: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<T, E> {
        let Some(path) = self.dir.as_ref().map(|dir| dir.with_file_name(format!("{name}.json"))) else {
            return parse(source);
        };
        let key = text_key(source);
        let kept = std::fs::read(&path).ok().and_then(|bytes| {
            let json = bytes.strip_prefix(key.as_bytes())?.strip_prefix(b"\n")?;
            serde_json::from_slice(json).ok()
        });
        if let Some(parsed) = kept {
            return Ok(parsed);
        }
        let parsed = parse(source)?;
        let bytes = serde_json::to_vec(&parsed).map(|json| [key.as_bytes(), b"\n", &json].concat());
        let made = path.parent().is_some_and(|dir| std::fs::create_dir_all(dir).is_ok());
        if !(made && bytes.is_ok_and(|bytes| write_atomic(&path, &bytes).is_ok())) {
            crate::trace::note(|| format!("could not keep the parsed {name} in {}", path.display()));
        }
        Ok(parsed)
    }
}

/// The key of a file's text `source` for this binary.
fn text_key(source: &str) -> String {
    let mut hasher = Sha256::new();
    for field in [FACTS_FORMAT, env!("CARGO_PKG_VERSION"), &binary_stamp(), source] {
        hasher.update((field.len() as u64).to_le_bytes());
        hasher.update(field.as_bytes());
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The kept facts of one folder of versions, and those of its files now: the keys of those read
/// back, and the facts of those parsed anew.
pub(crate) struct FolderFacts {
    path: Option<PathBuf>,
    known: HashMap<String, Statement>,
    used: Mutex<BTreeSet<String>>,
    now: Mutex<BTreeMap<String, Statement>>,
}

impl FolderFacts {
    /// The key of a version file's text.
    pub(crate) fn key(&self, source: &str) -> Option<String> {
        self.path.as_ref()?;
        Some(text_key(source))
    }

    /// The facts kept under `key`, if any.
    pub(crate) fn get(&self, key: &str) -> Option<Statement> {
        let statement = self.known.get(key)?.clone();
        if let Ok(mut used) = self.used.lock() {
            used.insert(key.to_owned());
        }
        Some(statement)
    }

    /// Keeps the facts of a file that parsed, under `key`.
    pub(crate) fn put(&self, key: &str, statement: &Statement) {
        if let Ok(mut now) = self.now.lock() {
            now.insert(key.to_owned(), statement.clone());
        }
    }

    /// Writes the folder's facts when they differ from those kept (a file changed, came or went).
    /// A cache that cannot be written only makes the next load slower, so that is no error.
    pub(crate) fn save(self) {
        let Some(path) = &self.path else {
            return;
        };
        let used = self.used.into_inner().unwrap_or_else(|p| p.into_inner());
        let made = self.now.into_inner().unwrap_or_else(|p| p.into_inner());
        let mut now: BTreeMap<&str, &Statement> = made.iter().map(|(key, facts)| (key.as_str(), facts)).collect();
        now.extend(used.iter().filter_map(|key| Some((key.as_str(), self.known.get(key)?))));
        if now.len() == self.known.len() && now.keys().all(|key| self.known.contains_key(*key)) {
            return;
        }
        let written = path.parent().is_some_and(|dir| std::fs::create_dir_all(dir).is_ok())
            && serde_json::to_vec(&now)
                .ok()
                .is_some_and(|bytes| write_atomic(path, &bytes).is_ok());
        if !written {
            crate::trace::note(|| format!("could not keep the parsed facts in {}", path.display()));
        }
    }
}

/// Changes whenever the meaning of a facts key does.
const FACTS_FORMAT: &str = "verklaar-facts-1";
