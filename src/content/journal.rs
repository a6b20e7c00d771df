//! Changes to the content folder that happen all or not at all: files are written through a
//! temporary file, synced and renamed, and a publish (a new version file, the ledger, the draft
//! removed) goes through a journal that the next load finishes when a publish was interrupted.
//!
//! The kill tests set `VERKLAAR_CRASH_AFTER=N` to make the process abort (as `kill -9` would,
//! without cleaning up) right after the N-th step that changes the disk, to prove that every
//! step leaves the content folder either as it was or as it will be.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The journal of a publish in progress, in the content folder (hidden, so never read as content).
pub const JOURNAL_FILE: &str = ".verklaar-publish.yaml";

/// Everything a publish changes, written down before any of it happens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publish {
    /// The new version file, relative to the content folder (`<slug>/<id>.yaml`).
    pub version_file: String,
    /// Its text.
    pub version_text: String,
    /// The whole new ledger.
    pub ledger_text: String,
    /// The draft to remove, relative to the content folder.
    pub draft_file: String,
    /// The draft's translations, published with it (absent in journals from before them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub translations: Vec<Moved>,
}

/// A draft's translation as it is published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moved {
    /// The published translation file (`<slug>/<id>.<language>.yaml`).
    pub file: String,
    /// Its text.
    pub text: String,
    /// The draft's translation to remove (`<slug>/draft.<language>.yaml`).
    pub draft_file: String,
}

/// Ends the process abruptly after the `VERKLAAR_CRASH_AFTER`-th step, for the kill tests.
fn step() {
    static STEPS: AtomicUsize = AtomicUsize::new(0);
    let done = STEPS.fetch_add(1, Ordering::SeqCst) + 1;
    if std::env::var("VERKLAAR_CRASH_AFTER").is_ok_and(|n| n.parse() == Ok(done)) {
        std::process::abort();
    }
}

/// Writes `bytes` to `path` so that `path` holds either its old or its new content, whenever the
/// process is killed: a temporary file beside it, synced, then renamed over it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staging = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = fs::File::create(&staging).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(error) = written {
        let _ = fs::remove_file(&staging);
        return Err(Error::io("write", &staging, error));
    }
    step();
    fs::rename(&staging, path).map_err(|e| {
        let _ = fs::remove_file(&staging);
        Error::io("replace", path, e)
    })?;
    step();
    sync_dir(dir)
}

/// Makes a rename or removal in `dir` durable.
fn sync_dir(dir: &Path) -> Result<()> {
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io("sync", dir, e))
}

/// Publishes all or nothing: the journal first (the moment the publish happens), then the version
/// file, the ledger and the draft's removal, then the journal is removed.
pub fn publish(content_dir: &Path, publish: &Publish) -> Result<()> {
    let journal = content_dir.join(JOURNAL_FILE);
    let text = serde_yaml::to_string(publish).map_err(|e| Error::io("write", &journal, std::io::Error::other(e)))?;
    write_atomic(&journal, text.as_bytes())?;
    finish(content_dir, publish)
}

/// Finishes a publish that was interrupted, if there is one; returns the version file it wrote.
pub fn finish_pending(content_dir: &Path) -> Result<Option<PathBuf>> {
    remove_stale_staging(content_dir)?;
    let journal = content_dir.join(JOURNAL_FILE);
    if !journal.is_file() {
        return Ok(None);
    }
    let text = fs::read_to_string(&journal).map_err(|e| Error::io("read", &journal, e))?;
    let publish: Publish = serde_yaml::from_str(&text).map_err(|e| {
        Error::command(
            msg!(
                "{journal} is not a publish journal verklaar can read: {e}",
                journal = journal.display(),
                e
            ),
            msg!("it is written by `verklaar publish`; if no publish was interrupted, remove it"),
        )
    })?;
    finish(content_dir, &publish)?;
    Ok(Some(content_dir.join(&publish.version_file)))
}

/// Removes the temporary files (`.<name>.<pid>.tmp`) of writes whose process was killed, in the
/// content folder and the folders of its corporations. Only where the system lists its
/// processes in `/proc`; elsewhere they stay, hidden and ignored.
fn remove_stale_staging(content_dir: &Path) -> Result<()> {
    if !Path::new("/proc/self").exists() {
        return Ok(());
    }
    let folders = fs::read_dir(content_dir)
        .map_err(|e| Error::io("read", content_dir, e))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .chain([content_dir.to_path_buf()]);
    for folder in folders {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for path in entries.filter_map(|e| e.ok()).map(|e| e.path()) {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let pid = name
                .strip_prefix('.')
                .and_then(|n| n.strip_suffix(".tmp"))
                .and_then(|n| n.rsplit_once('.'))
                .map(|(_, pid)| pid)
                .filter(|pid| !pid.is_empty() && pid.chars().all(|c| c.is_ascii_digit()));
            if let Some(pid) = pid
                && !Path::new("/proc").join(pid).exists()
                && path.is_file()
            {
                fs::remove_file(&path).map_err(|e| Error::io("remove", &path, e))?;
            }
        }
    }
    Ok(())
}

/// Makes every change of `publish` (each step may already be done), then removes the journal.
fn finish(content_dir: &Path, publish: &Publish) -> Result<()> {
    let moved = publish.translations.iter().flat_map(|m| [&m.file, &m.draft_file]);
    for relative in [&publish.version_file, &publish.draft_file].into_iter().chain(moved) {
        // `<slug>/<file>`, or `<slug>/<document>/<file>` for another document of a corporation.
        if !(2..=3).contains(&Path::new(relative).components().count()) || relative.contains("..") {
            return Err(Error::command(
                msg!(
                    "the publish journal names `{relative}`, which is not a file of a corporation",
                    relative
                ),
                msg!("remove {JOURNAL_FILE} from the content folder", JOURNAL_FILE),
            ));
        }
    }
    write_atomic(
        &content_dir.join(&publish.version_file),
        publish.version_text.as_bytes(),
    )?;
    for moved in &publish.translations {
        write_atomic(&content_dir.join(&moved.file), moved.text.as_bytes())?;
    }
    write_atomic(
        &content_dir.join(crate::content::files::LEDGER_FILE),
        publish.ledger_text.as_bytes(),
    )?;
    let drafts = std::iter::once(&publish.draft_file).chain(publish.translations.iter().map(|m| &m.draft_file));
    for draft in drafts.map(|file| content_dir.join(file)) {
        match fs::remove_file(&draft) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io("remove", &draft, e)),
        }
    }
    let draft = content_dir.join(&publish.draft_file);
    if let Some(dir) = draft.parent() {
        sync_dir(dir)?;
    }
    step();
    let journal = content_dir.join(JOURNAL_FILE);
    fs::remove_file(&journal).map_err(|e| Error::io("remove", &journal, e))?;
    step();
    sync_dir(content_dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interrupted_publish_is_finished_by_the_next_load() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("acme")).unwrap();
        fs::write(dir.path().join("acme/draft.yaml"), "draft").unwrap();
        let publish = Publish {
            version_file: "acme/2026-01-01.yaml".to_owned(),
            version_text: "published: 2026-01-01\n".to_owned(),
            ledger_text: "acme: {}\n".to_owned(),
            draft_file: "acme/draft.yaml".to_owned(),
            translations: Vec::new(),
        };
        // As if killed right after the journal was written.
        let text = serde_yaml::to_string(&publish).unwrap();
        write_atomic(&dir.path().join(JOURNAL_FILE), text.as_bytes()).unwrap();
        assert_eq!(
            finish_pending(dir.path()).unwrap(),
            Some(dir.path().join("acme/2026-01-01.yaml"))
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("acme/2026-01-01.yaml")).unwrap(),
            publish.version_text
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("ledger.yaml")).unwrap(),
            publish.ledger_text
        );
        assert!(!dir.path().join("acme/draft.yaml").exists());
        assert!(!dir.path().join(JOURNAL_FILE).exists());
        assert_eq!(finish_pending(dir.path()).unwrap(), None);
    }

    #[test]
    fn a_journal_cannot_write_outside_a_corporation_folder() {
        let dir = tempfile::tempdir().unwrap();
        let publish = Publish {
            version_file: "../evil.yaml".to_owned(),
            version_text: String::new(),
            ledger_text: String::new(),
            draft_file: "acme/draft.yaml".to_owned(),
            translations: Vec::new(),
        };
        write_atomic(
            &dir.path().join(JOURNAL_FILE),
            serde_yaml::to_string(&publish).unwrap().as_bytes(),
        )
        .unwrap();
        assert!(finish_pending(dir.path()).is_err());
        assert!(!dir.path().parent().unwrap().join("evil.yaml").exists());
    }
}
