//! The staging folder of a build, filled so that a rebuild writes only what changed: a file that is
//! unchanged since the output being replaced becomes a hard link to it, and a staging folder that
//! starts from the output before last (the spare) keeps every file that is already right.
//!
//! Nothing here ever writes into an existing file: a file of the staging folder may be a hard link
//! to a file of the output being served, so a file that must change is removed and made anew.

use std::collections::{BTreeMap, BTreeSet};
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

/// Makes the folder `staging` hold exactly `files` (made this build) and `linked` (kept from `out`,
/// the output being replaced): whatever else is in it goes, whatever is already right stays.
pub(crate) fn fill(
    staging: &Path,
    out: &Path,
    files: &BTreeMap<String, Vec<u8>>,
    linked: &BTreeMap<String, Stamp>,
) -> Result<()> {
    let dirs = folders_of(files, linked);
    let wanted = |path: &str| files.contains_key(path) || linked.contains_key(path);
    prune(staging, "", &wanted, &dirs)?;
    dirs.par_iter().try_for_each(|dir| {
        let dir = staging.join(dir);
        fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))
    })?;
    files
        .par_iter()
        .try_for_each(|(path, bytes)| place(&staging.join(path), &out.join(path), bytes))?;
    linked
        .par_iter()
        .try_for_each(|(path, stamp)| keep(&staging.join(path), &out.join(path), *stamp))
}

/// Whether the folder `out` already holds exactly `files` (made this build, with these bytes) and
/// `linked` (with these stamps), and nothing else: then a build has nothing to write.
pub(crate) fn unchanged(out: &Path, files: &BTreeMap<String, Vec<u8>>, linked: &BTreeMap<String, Stamp>) -> bool {
    let dirs = folders_of(files, linked);
    let wanted = |path: &str| files.contains_key(path) || linked.contains_key(path);
    files.par_iter().all(|(path, bytes)| holds(&out.join(path), bytes))
        && linked
            .par_iter()
            .all(|(path, stamp)| Stamp::of(&out.join(path)) == Some(*stamp))
        && only_wanted(out, "", &wanted, &dirs)
}

/// Whether the folder `dir` (at `relative` in the output) holds only wanted files and folders that
/// hold wanted files, its subfolders looked at in parallel.
fn only_wanted(dir: &Path, relative: &str, wanted: &(dyn Fn(&str) -> bool + Sync), dirs: &BTreeSet<&str>) -> bool {
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

/// Every folder that holds one of the files of a build.
fn folders_of<'a>(files: &'a BTreeMap<String, Vec<u8>>, linked: &'a BTreeMap<String, Stamp>) -> BTreeSet<&'a str> {
    files
        .keys()
        .chain(linked.keys())
        .flat_map(|path| ancestors(path))
        .collect()
}

/// The folders that hold `path`: `a/b/c.html` is in `a` and `a/b`.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(end, _)| &path[..end])
}

/// Removes from the folder `dir` (at `relative` in the staging folder) every file that is not
/// `wanted` and every folder that holds no wanted file, its subfolders in parallel.
fn prune(dir: &Path, relative: &str, wanted: &(dyn Fn(&str) -> bool + Sync), dirs: &BTreeSet<&str>) -> Result<()> {
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

/// Puts `bytes` at `target` in the staging folder: as a hard link to `current`, the same path in the
/// output being replaced, when that file holds exactly these bytes, so that an unchanged file keeps
/// its inode and mtime (and deploy tools see it unchanged); left as it is when it already is that
/// file, or already holds these bytes; as a new file otherwise.
fn place(target: &Path, current: &Path, bytes: &[u8]) -> Result<()> {
    let here = Stamp::of(target);
    if holds(current, bytes) {
        if here.is_some() && here == Stamp::of(current) {
            return Ok(());
        }
        remove_file_if_there(target, here)?;
        if fs::hard_link(current, target).is_ok() {
            return Ok(());
        }
    } else if here.is_some() && holds(target, bytes) {
        return Ok(());
    } else {
        remove_file_if_there(target, here)?;
    }
    fs::write(target, bytes).map_err(|e| Error::io("write", target, e))
}

/// Puts the file `current` of the output being replaced at `target` in the staging folder, as a hard
/// link (a copy where the file system has none), when it still has the stamp the build saw; fails
/// when it changed meanwhile (another build, or a hand), so that no stale file is ever kept.
fn keep(target: &Path, current: &Path, stamp: Stamp) -> Result<()> {
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
fn holds(path: &Path, bytes: &[u8]) -> bool {
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
