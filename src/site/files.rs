//! The built site as a set of files in memory, and writing that set to disk so that a failed,
//! concurrent or killed build never leaves `output/` incomplete.

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
}

impl SiteFiles {
    /// Adds a file at `path`.
    pub fn insert(&mut self, path: String, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path, bytes.into());
    }
}

/// The hidden files beside an output folder `out`: its lock, the staging folder and the folder
/// an old output is moved to.
struct Beside {
    lock: PathBuf,
    staging: PathBuf,
    previous: PathBuf,
}

impl Beside {
    fn of(out: &Path) -> (PathBuf, Beside) {
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

/// Writes `site` to `out`, replacing what was there only once every file is written.
///
/// Builds into one folder take turns through a lock file beside it (a second build waits for the
/// first). Files go into a staging folder beside `out`, which is then exchanged with `out` in one
/// step, so there is never a moment without a complete `out`. What a killed build left beside
/// `out` is cleaned up first. Files unchanged since the output being replaced are hard links to
/// its files, keeping their inode and mtime. A folder that exists and does not look like verklaar
/// output (no `index.json`) is never replaced.
pub fn write(site: &SiteFiles, out: &Path) -> Result<()> {
    write_reusing(site, out, None)
}

/// [`write`], starting the staging folder from `spare`, the output before last (kept there by the
/// last write), so that only the files that changed since are written; the output being replaced
/// is kept at `spare` in turn. Without a spare (or when it cannot be moved), the staging folder
/// starts empty, as in [`write`]. An output that already holds exactly these files (the made ones
/// byte for byte, the kept ones with their stamps) and nothing else is left as it is, when there is
/// a spare (or none is asked for).
pub fn write_reusing(site: &SiteFiles, out: &Path, spare: Option<&Path>) -> Result<()> {
    let (parent, beside) = Beside::of(out);
    fs::create_dir_all(&parent).map_err(|e| Error::io("create", &parent, e))?;
    let lock = take_lock(&beside.lock, out)?;
    // The lock is held until `lock` is dropped at the end of this function.
    clean_leftovers(out, &beside)?;
    check_replaceable(out)?;
    // Left as it is only when the spare of the next write is there too: without one, staging now
    // makes it, so that the next build that changes something need not link every file anew.
    if spare.is_none_or(Path::is_dir) && staging::unchanged(out, &site.files, &site.linked) {
        crate::trace::note(|| "write: the output is already this build".to_owned());
        return Ok(());
    }
    if let Some(spare) = spare.filter(|spare| spare.is_dir())
        && fs::rename(spare, &beside.staging).is_err()
    {
        remove_if_there(spare)?;
    }
    fs::create_dir_all(&beside.staging).map_err(|e| Error::io("create", &beside.staging, e))?;
    staging::fill(&beside.staging, out, &site.files, &site.linked)?;
    crate::trace::note(|| "write: staging done".to_owned());
    let _span = crate::trace::span("write: swap and remove the old output");
    swap_in(&beside.staging, out, &beside.previous, spare)?;
    remove_if_there(&beside.previous)?;
    drop(lock);
    Ok(())
}

/// A lock file, held until dropped; removed (while still held) when dropped, so that a build
/// waiting for it finds it gone and takes a new one.
struct Lock {
    path: PathBuf,
    _file: fs::File,
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Takes the lock file at `path`, waiting while another build holds it.
fn take_lock(path: &Path, out: &Path) -> Result<Lock> {
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
fn clean_leftovers(out: &Path, beside: &Beside) -> Result<()> {
    if !out.exists() && beside.previous.join("index.json").is_file() {
        fs::rename(&beside.previous, out).map_err(|e| Error::io("restore", &beside.previous, e))?;
    }
    remove_if_there(&beside.staging)?;
    remove_if_there(&beside.previous)
}

fn remove_if_there(dir: &Path) -> Result<()> {
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => staging::remove_tree(dir),
        Ok(_) => fs::remove_file(dir).map_err(|e| Error::io("remove", dir, e)),
        Err(_) => Ok(()),
    }
}

fn check_replaceable(out: &Path) -> Result<()> {
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
fn swap_in(staging: &Path, out: &Path, previous: &Path, spare: Option<&Path>) -> Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn site(marker: &str) -> SiteFiles {
        let mut site = SiteFiles::default();
        site.insert("index.json".to_owned(), "{}");
        site.insert("assets/style.css".to_owned(), marker.to_owned());
        site
    }

    #[test]
    fn a_second_write_replaces_the_first_and_leaves_nothing_beside() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        write(&site("a"), &out).unwrap();
        write(&site("b"), &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("assets/style.css")).unwrap(), "b");
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["output"]);
    }

    #[cfg(unix)]
    #[test]
    fn an_unchanged_file_keeps_its_inode_and_a_changed_one_does_not() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let inode = |path: &str| fs::metadata(out.join(path)).unwrap().ino();
        let mut first = site("a");
        first.insert("kept/page.html".to_owned(), "same");
        write(&first, &out).unwrap();
        let (kept, changed) = (inode("kept/page.html"), inode("assets/style.css"));
        let mtime = fs::metadata(out.join("kept/page.html")).unwrap().modified().unwrap();
        let mut second = site("b");
        second.insert("kept/page.html".to_owned(), "same");
        write(&second, &out).unwrap();
        assert_eq!(inode("kept/page.html"), kept);
        assert_eq!(
            fs::metadata(out.join("kept/page.html")).unwrap().modified().unwrap(),
            mtime
        );
        assert_ne!(inode("assets/style.css"), changed);
        assert_eq!(fs::read_to_string(out.join("assets/style.css")).unwrap(), "b");
        assert_eq!(
            fs::metadata(out.join("kept/page.html")).unwrap().nlink(),
            1,
            "the old tree is gone"
        );
    }

    /// Every file under `dir` with its text.
    fn files_in(dir: &Path) -> BTreeMap<String, String> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let path = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                (path, fs::read_to_string(e.path()).unwrap())
            })
            .collect()
    }

    #[cfg(unix)]
    #[test]
    fn a_write_from_the_spare_tree_is_a_fresh_write_and_keeps_the_old_output_as_the_next_spare() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let (out, spare) = (dir.path().join("output"), dir.path().join("cache/output.tree"));
        let with = |marker: &str, extra: &[(&str, &str)]| {
            let mut site = site(marker);
            for (path, text) in extra {
                site.insert((*path).to_owned(), *text);
            }
            site
        };
        let first = with(
            "a",
            &[("gone/page.html", "old"), ("same.html", "same"), ("moved", "a file")],
        );
        write_reusing(&first, &out, Some(&spare)).unwrap();
        let inode = fs::metadata(out.join("same.html")).unwrap().ino();
        write_reusing(&with("b", &[("same.html", "same")]), &out, Some(&spare)).unwrap();
        assert_eq!(
            files_in(&spare),
            files_in_site(&first),
            "the spare is the output before"
        );
        let third = with(
            "c",
            &[
                ("same.html", "same"),
                ("moved/now.html", "a folder"),
                ("new.html", "new"),
            ],
        );
        write_reusing(&third, &out, Some(&spare)).unwrap();
        assert_eq!(
            files_in(&out),
            files_in_site(&third),
            "written from the spare, exactly the site"
        );
        assert_eq!(fs::read_to_string(spare.join("assets/style.css")).unwrap(), "b");
        assert_eq!(fs::metadata(out.join("same.html")).unwrap().ino(), inode);
    }

    fn files_in_site(site: &SiteFiles) -> BTreeMap<String, String> {
        site.files
            .iter()
            .map(|(path, bytes)| (path.clone(), String::from_utf8(bytes.clone()).unwrap()))
            .collect()
    }

    #[test]
    fn leftovers_of_a_killed_build_are_cleaned_and_a_moved_output_restored() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        write(&site("a"), &out).unwrap();
        // As if killed between the two renames of the fallback swap, with a half-written staging.
        fs::rename(&out, dir.path().join(".output.old")).unwrap();
        fs::create_dir_all(dir.path().join(".output.new/assets")).unwrap();
        fs::write(dir.path().join(".output.new/assets/half"), "x").unwrap();
        let (_, beside) = Beside::of(&out);
        clean_leftovers(&out, &beside).unwrap();
        assert_eq!(fs::read_to_string(out.join("assets/style.css")).unwrap(), "a");
        assert!(!beside.staging.exists() && !beside.previous.exists());
        write(&site("b"), &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("assets/style.css")).unwrap(), "b");
    }

    #[test]
    fn concurrent_writes_always_leave_a_complete_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let threads: Vec<_> = (0..4)
            .map(|i| {
                let out = out.clone();
                std::thread::spawn(move || {
                    for _ in 0..5 {
                        write(&site(&i.to_string()), &out).unwrap();
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        assert!(out.join("index.json").is_file());
        assert!(out.join("assets/style.css").is_file());
    }

    #[test]
    fn a_foreign_folder_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("mine");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(write(&site("a"), &out).is_err());
        assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        assert!(
            !dir.path().join(".mine.lock").exists(),
            "the lock goes with the failed build"
        );
    }
}
