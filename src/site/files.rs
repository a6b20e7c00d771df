//! The built site as a set of files in memory, and what surrounds writing a build to disk so that
//! a failed, concurrent or killed build never leaves `output/` incomplete: the lock, the folders
//! beside the output, the clean-up after a killed build and the swap.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::site::staging;
pub use crate::site::staging::Stamp;

/// Every output file, by path relative to the output folder (with `/` separators).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteFiles {
    /// Path to content.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Every PDF the pages link to, by its path, with the path of the print page it is typeset from.
    /// PDFs are made from these jobs; nothing reads them back out of the pages.
    pub pdfs: BTreeMap<String, String>,
    /// Files kept from the output being replaced without being made again (a corporation whose
    /// inputs did not change), by path, with the stamp each had when the build decided so.
    pub linked: BTreeMap<String, Stamp>,
    /// Files taken as they are from a file outside the output (a PDF of the PDF cache), by path,
    /// with that file: a build links them into its output instead of reading and writing them.
    pub copied: BTreeMap<String, PathBuf>,
}

impl SiteFiles {
    /// Adds a file at `path`.
    pub fn insert(&mut self, path: String, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path, bytes.into());
    }

    /// Adds everything `part` holds (its parts never hold a path another part holds).
    pub(crate) fn absorb(&mut self, part: SiteFiles) {
        self.files.extend(part.files);
        self.pdfs.extend(part.pdfs);
        self.linked.extend(part.linked);
        self.copied.extend(part.copied);
    }
}

/// The hidden files beside an output folder `out`: its lock, the staging folder and the folder
/// an old output is moved to.
pub(crate) struct Beside {
    pub(crate) lock: PathBuf,
    pub(crate) staging: PathBuf,
    pub(crate) previous: PathBuf,
}

impl Beside {
    /// The folder that holds `out`, and the files beside `out`.
    pub(crate) fn of(out: &Path) -> (PathBuf, Beside) {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".to_owned());
        let beside = Beside {
            lock: parent.join(format!(".{name}.lock")),
            staging: parent.join(format!(".{name}.new")),
            previous: parent.join(format!(".{name}.old")),
        };
        (parent, beside)
    }
}

/// A lock file, held until dropped; removed (while still held) when dropped, so that a build
/// waiting for it finds it gone and takes a new one.
pub(crate) struct Lock {
    path: PathBuf,
    _file: fs::File,
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Takes the lock file at `path`, waiting while another build holds it.
pub(crate) fn take_lock(path: &Path, out: &Path) -> Result<Lock> {
    let mut said = false;
    loop {
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|e| Error::io("create", path, e))?;
        if let Err(fs::TryLockError::WouldBlock) = lock.try_lock() {
            if !said {
                eprintln!(
                    "{}",
                    msg!("waiting for another build into {out} to finish", out = out.display())
                );
                said = true;
            }
            lock.lock().map_err(|e| Error::io("lock", path, e))?;
        }
        // The holder before us removes the file before letting go: then ours is stale, try again.
        if same_file(&lock, path) {
            return Ok(Lock {
                path: path.to_path_buf(),
                _file: lock,
            });
        }
    }
}

/// Removes what a killed build left: its staging folder, and an old output moved aside. When the
/// kill came between the two renames of the fallback swap, the old output is put back first.
pub(crate) fn clean_leftovers(out: &Path, beside: &Beside) -> Result<()> {
    if !out.exists() && beside.previous.join("index.json").is_file() {
        fs::rename(&beside.previous, out).map_err(|e| Error::io("restore", &beside.previous, e))?;
    }
    remove_if_there(&beside.staging)?;
    remove_if_there(&beside.previous)
}

/// Removes `dir` (a folder or a file) when it is there.
pub(crate) fn remove_if_there(dir: &Path) -> Result<()> {
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => staging::remove_tree(dir),
        Ok(_) => fs::remove_file(dir).map_err(|e| Error::io("remove", dir, e)),
        Err(_) => Ok(()),
    }
}

/// Fails when `out` is a folder that holds something else than verklaar output.
pub(crate) fn check_replaceable(out: &Path) -> Result<()> {
    if !out.exists() {
        return Ok(());
    }
    let is_ours = out.join("index.json").is_file();
    let is_empty = fs::read_dir(out)
        .map_err(|e| Error::io("read", out, e))?
        .next()
        .is_none();
    if is_ours || is_empty {
        Ok(())
    } else {
        Err(Error::io(
            msg_id!("replace"),
            out,
            std::io::Error::other(msg!(
                "the folder is not empty and holds no verklaar output (no index.json); choose another --out"
            )),
        ))
    }
}

/// Whether the open `file` is still the file at `path`.
#[cfg(unix)]
fn same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(held), Ok(now)) => held.ino() == now.ino() && held.dev() == now.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &fs::File, path: &Path) -> bool {
    path.exists()
}

/// Puts `staging` at `out` and removes the old `out` (or keeps it at `spare`). Exchanged in one step
/// where the system can (Linux), else moved aside and replaced by two renames.
pub(crate) fn swap_in(staging: &Path, out: &Path, previous: &Path, spare: Option<&Path>) -> Result<()> {
    if out.exists() {
        if exchange(staging, out)? {
            // `staging` now holds the old output: the spare of the next write, or gone.
            if let Some(spare) = spare
                && spare.parent().is_none_or(|dir| fs::create_dir_all(dir).is_ok())
                && fs::rename(staging, spare).is_ok()
            {
                return Ok(());
            }
            return remove_if_there(staging);
        }
        fs::rename(out, previous).map_err(|e| Error::io("move aside", out, e))?;
    }
    fs::rename(staging, out).map_err(|e| Error::io("move into place", staging, e))
}

/// Exchanges two paths atomically; `false` when the file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(|e| Error::io("rename", p, e.into()));
    let (ca, cb) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that live across the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let error = std::io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP) => Ok(false),
        _ => Err(Error::io("swap", b, error)),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> Result<bool> {
    Ok(false)
}
