//! The staging folder of a build, filled so that a rebuild writes only what changed: a file that is
//! unchanged since the output being replaced becomes a hard link to it, and a staging folder that
//! starts from the output before last (the spare) keeps every file that is already right.
//!
//! Nothing here ever writes into an existing file: a file of the staging folder may be a hard link
//! to a file of the output being served, so a file that must change is removed and made anew.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use rayon::prelude::*;

use crate::error::{Error, Result};

/// What identifies one file of an output folder without reading it: its size, inode and
/// modification time. A file rewritten, replaced or touched since gets another stamp.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    /// Size in bytes.
    pub len: u64,
    /// Inode number (0 where the system has none).
    pub ino: u64,
    /// Modification time, in nanoseconds since the Unix epoch.
    pub mtime_ns: u128,
}

impl Stamp {
    /// The stamp of the regular file at `path`; `None` when there is none (or it is a link).
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = fs::symlink_metadata(path).ok().filter(|m| m.is_file())?;
        let mtime_ns = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some(Stamp {
            len: meta.len(),
            ino: inode(&meta),
            mtime_ns,
        })
    }
}

#[cfg(unix)]
fn inode(meta: &fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.ino()
}

#[cfg(not(unix))]
fn inode(_: &fs::Metadata) -> u64 {
    0
}

/// Whether the folder `dir` (at `relative` in the output) holds only wanted files and folders that
/// hold wanted files, its subfolders looked at in parallel.
pub(crate) fn only_wanted(
    dir: &Path,
    relative: &str,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    dirs: &BTreeSet<&str>,
) -> bool {
    let Ok(entries) = fs::read_dir(dir).and_then(|entries| entries.collect::<std::io::Result<Vec<_>>>()) else {
        return false;
    };
    entries.par_iter().all(|entry| {
        let inside = inside(relative, entry);
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => {
                dirs.contains(inside.as_str()) && only_wanted(&entry.path(), &inside, wanted, dirs)
            }
            Ok(kind) if kind.is_file() => wanted(&inside),
            _ => false,
        }
    })
}

/// The place of `entry` of the folder at `relative` in the tree (`a/b` for `b` in `a`).
fn inside(relative: &str, entry: &fs::DirEntry) -> String {
    let name = entry.file_name().to_string_lossy().into_owned();
    if relative.is_empty() {
        name
    } else {
        format!("{relative}/{name}")
    }
}

/// Every entry of the folder `dir`.
fn entries(dir: &Path) -> Result<Vec<fs::DirEntry>> {
    fs::read_dir(dir)
        .map_err(|e| Error::io("read", dir, e))?
        .collect::<std::io::Result<_>>()
        .map_err(|e| Error::io("read", dir, e))
}

/// Every folder that holds one of `paths`.
pub(crate) fn folders_of<'a>(paths: impl Iterator<Item = &'a str>) -> BTreeSet<&'a str> {
    paths.flat_map(ancestors).collect()
}

/// The folders that hold `path`: `a/b/c.html` is in `a` and `a/b`.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(end, _)| &path[..end])
}

/// Removes from the folder `dir` (at `relative` in the staging folder) every file that is not
/// `wanted` and every folder that holds no wanted file, its subfolders in parallel.
pub(crate) fn prune(
    dir: &Path,
    relative: &str,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    dirs: &BTreeSet<&str>,
) -> Result<()> {
    let entries = entries(dir)?;
    entries.par_iter().try_for_each(|entry| {
        let path = entry.path();
        let inside = inside(relative, entry);
        match entry.file_type() {
            Ok(kind) if kind.is_dir() && dirs.contains(inside.as_str()) => prune(&path, &inside, wanted, dirs),
            Ok(kind) if kind.is_dir() => remove_tree(&path),
            _ if kind_is_file(entry) && wanted(&inside) => Ok(()),
            _ => fs::remove_file(&path).map_err(|e| Error::io("remove", &path, e)),
        }
    })
}

fn kind_is_file(entry: &fs::DirEntry) -> bool {
    entry.file_type().is_ok_and(|kind| kind.is_file())
}

/// Puts `bytes` at `path` in the staging folder `root`: left as it is when the file there (from
/// the spare) already holds these bytes, else as a new file; a file of the spare where a folder
/// must be, or a folder where this file must be, goes first.
pub(crate) fn write_new(root: &Path, path: &str, bytes: &[u8]) -> Result<()> {
    let target = root.join(path);
    make_room(root, path, &target)?;
    let here = Stamp::of(&target);
    if here.is_some() && holds(&target, bytes) {
        return Ok(());
    }
    remove_file_if_there(&target, here)?;
    fs::write(&target, bytes).map_err(|e| Error::io("write", &target, e))
}

/// Puts the file `source` (outside the output, never written into: a PDF of the cache) at `path`
/// in the staging folder `root`, as a hard link (a copy where the file system has none); left as
/// it is when it already is that file.
pub(crate) fn link_new(root: &Path, path: &str, source: &Path) -> Result<()> {
    let target = root.join(path);
    make_room(root, path, &target)?;
    let here = Stamp::of(&target);
    if here.is_some() && here == Stamp::of(source) {
        return Ok(());
    }
    remove_file_if_there(&target, here)?;
    if fs::hard_link(source, &target).is_ok() {
        return Ok(());
    }
    fs::copy(source, &target)
        .map(|_| ())
        .map_err(|e| Error::io("copy", source, e))
}

/// Makes the folders that hold `target`, at `path` in `root`, and removes a folder at `target`.
fn make_room(root: &Path, path: &str, target: &Path) -> Result<()> {
    let Some(parent) = target.parent() else {
        return Ok(());
    };
    if fs::create_dir_all(parent).is_err() {
        for dir in ancestors(path) {
            let dir = root.join(dir);
            if fs::symlink_metadata(&dir).is_ok_and(|meta| !meta.is_dir()) {
                fs::remove_file(&dir).map_err(|e| Error::io("remove", &dir, e))?;
            }
        }
        fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
    }
    if fs::symlink_metadata(target).is_ok_and(|meta| meta.is_dir()) {
        remove_tree(target)?;
    }
    Ok(())
}

/// Puts the file `current` of the output being replaced at `target` in the staging folder, as a hard
/// link (a copy where the file system has none), when it still has the stamp the build saw; fails
/// when it changed meanwhile (another build, or a hand), so that no stale file is ever kept.
pub(crate) fn keep(target: &Path, current: &Path, stamp: Stamp) -> Result<()> {
    if Stamp::of(current) != Some(stamp) {
        return Err(Error::io(
            "keep",
            current,
            std::io::Error::other(msg!("the file changed while this build ran; build again")),
        ));
    }
    let here = Stamp::of(target);
    if here == Some(stamp) {
        return Ok(());
    }
    remove_file_if_there(target, here)?;
    if fs::hard_link(current, target).is_ok() {
        return Ok(());
    }
    fs::copy(current, target)
        .map(|_| ())
        .map_err(|e| Error::io("copy", current, e))
}

fn remove_file_if_there(path: &Path, stamp: Option<Stamp>) -> Result<()> {
    match stamp {
        Some(_) => fs::remove_file(path).map_err(|e| Error::io("remove", path, e)),
        None => Ok(()),
    }
}

/// Whether `path` is a regular file (not a link) with exactly `bytes`.
pub(crate) fn holds(path: &Path, bytes: &[u8]) -> bool {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => fs::read(path).is_ok_and(|now| now == bytes),
        _ => false,
    }
}

/// Removes the folder `dir` and everything in it, its subfolders in parallel.
pub(crate) fn remove_tree(dir: &Path) -> Result<()> {
    let entries = entries(dir)?;
    entries.par_iter().try_for_each(|entry| {
        let path = entry.path();
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => remove_tree(&path),
            _ => fs::remove_file(&path).map_err(|e| Error::io("remove", &path, e)),
        }
    })?;
    fs::remove_dir(dir).map_err(|e| Error::io("remove", dir, e))
}
