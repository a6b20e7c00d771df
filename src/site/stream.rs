//! A build written to its output folder as it is made: each part goes into the staging folder
//! beside the output the moment it is finished (and is then forgotten), and the staging folder
//! takes the output's place once the whole build is in it.
//!
//! A file whose bytes the output being replaced holds already is not written at all: it becomes a
//! hard link to that file at the end, keeping its inode and mtime. While every file is such a file,
//! the staging folder is not even started, so a build that changes nothing leaves the output as it
//! is. The lock beside the output is held from the start of the build until its page cache entries
//! are written, so builds into one folder take turns.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::site::files::{
    Beside, Lock, SiteFiles, check_replaceable, clean_leftovers, remove_if_there, swap_in, take_lock,
};
use crate::site::sink::Sink;
use crate::site::staging::{self, Stamp};

/// Whether the files `a` and `b` hold the same bytes (read only when their sizes are equal).
fn same_bytes(a: &Path, b: &Path) -> bool {
    let len = |path: &Path| fs::metadata(path).map(|meta| meta.len()).ok();
    len(a).is_some() && len(a) == len(b) && matches!((fs::read(a), fs::read(b)), (Ok(x), Ok(y)) if x == y)
}

/// The staging folder of one build into an output folder, filled part by part.
pub(crate) struct Stage {
    out: PathBuf,
    beside: Beside,
    /// The output before last, which the staging folder starts from (see [`write_reusing`]).
    spare: Option<PathBuf>,
    /// Whether the staging folder was started: set once a file had to be written.
    started: OnceLock<()>,
    /// Taken while the staging folder is started.
    starting: Mutex<()>,
    state: Mutex<State>,
    /// Held until [`Stage::release`] or drop.
    lock: Mutex<Option<Lock>>,
}

/// What the staging folder is to hold, by path.
#[derive(Default)]
struct State {
    /// Files made this build and written into the staging folder.
    written: BTreeSet<String>,
    /// Files made this build that the output holds already, with the stamp they had then.
    same: BTreeMap<String, Stamp>,
    /// Files kept from the output without being made again, with the stamp the build saw.
    linked: BTreeMap<String, Stamp>,
    /// Whether the staging folder is in place of the output (or the output was left as it was).
    finished: bool,
}

impl Stage {
    /// Takes the lock beside `out` (waiting for another build into it), removes what a killed build
    /// left there, and checks that `out` may be replaced; the staging folder starts from `spare`.
    pub(crate) fn open(out: &Path, spare: Option<&Path>) -> Result<Stage> {
        let (parent, beside) = Beside::of(out);
        fs::create_dir_all(&parent).map_err(|e| Error::io("create", &parent, e))?;
        let lock = take_lock(&beside.lock, out)?;
        clean_leftovers(out, &beside)?;
        check_replaceable(out)?;
        Ok(Stage {
            out: out.to_path_buf(),
            beside,
            spare: spare.map(Path::to_path_buf),
            started: OnceLock::new(),
            starting: Mutex::new(()),
            state: Mutex::default(),
            lock: Mutex::new(Some(lock)),
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts the staging folder, once: from the spare when there is one (moved), else empty.
    fn start(&self) -> Result<()> {
        if self.started.get().is_some() {
            return Ok(());
        }
        // Two parts may get here at once: one of them starts it.
        let _starting = self.starting.lock().unwrap_or_else(PoisonError::into_inner);
        if self.started.get().is_some() {
            return Ok(());
        }
        let staging = &self.beside.staging;
        if let Some(spare) = self.spare.as_deref().filter(|spare| spare.is_dir())
            && fs::rename(spare, staging).is_err()
        {
            remove_if_there(spare)?;
        }
        fs::create_dir_all(staging).map_err(|e| Error::io("create", staging, e))?;
        let _ = self.started.set(());
        Ok(())
    }

    /// Puts the files of `part` in place (see [`Sink::put`]).
    fn put_files(&self, part: &SiteFiles) -> Result<()> {
        let mut same = Vec::new();
        let mut written = Vec::new();
        for (path, bytes) in &part.files {
            let current = self.out.join(path);
            if staging::holds(&current, bytes)
                && let Some(stamp) = Stamp::of(&current)
            {
                same.push((path.clone(), stamp));
                continue;
            }
            self.start()?;
            staging::write_new(&self.beside.staging, path, bytes)?;
            written.push(path.clone());
        }
        for (path, file) in &part.copied {
            let current = self.out.join(path);
            let stamp = Stamp::of(&current);
            // The output's file is that file, or (made before the cache was) holds its bytes.
            if let Some(stamp) = stamp.filter(|stamp| Some(*stamp) == Stamp::of(file) || same_bytes(&current, file)) {
                same.push((path.clone(), stamp));
                continue;
            }
            self.start()?;
            staging::link_new(&self.beside.staging, path, file)?;
            written.push(path.clone());
        }
        let mut state = self.state();
        state.same.extend(same);
        state.written.extend(written);
        state
            .linked
            .extend(part.linked.iter().map(|(path, stamp)| (path.clone(), *stamp)));
        Ok(())
    }

    /// The output folder.
    pub(crate) fn out(&self) -> &Path {
        &self.out
    }

    /// Every file of the build made this run, by path (not those kept from the output).
    pub(crate) fn made(&self) -> BTreeSet<String> {
        let state = self.state();
        state.written.iter().chain(state.same.keys()).cloned().collect()
    }

    /// How many files the build has: made and kept.
    pub(crate) fn count(&self) -> usize {
        let state = self.state();
        let made: BTreeSet<&String> = state.written.iter().chain(state.same.keys()).collect();
        made.len() + state.linked.keys().filter(|path| !made.contains(path)).count()
    }

    /// Puts the staging folder in the output's place, with hard links to the output's files for
    /// every file it holds already and every file kept; leaves the output as it is when it holds
    /// exactly this build already (and the spare of the next build is there, or none is asked for).
    pub(crate) fn finish(&self) -> Result<()> {
        let mut state = self.state();
        if state.finished {
            return Ok(());
        }
        self.fill(&state)?;
        state.finished = true;
        drop(state);
        remove_if_there(&self.beside.previous)
    }

    /// Makes the output this build (see [`Stage::finish`]).
    fn fill(&self, state: &State) -> Result<()> {
        let State {
            written, same, linked, ..
        } = state;
        let wanted = |path: &str| written.contains(path) || same.contains_key(path) || linked.contains_key(path);
        let dirs = staging::folders_of(
            written
                .iter()
                .chain(same.keys())
                .chain(linked.keys())
                .map(String::as_str),
        );
        let out = &self.out;
        let staging = &self.beside.staging;
        if self.started.get().is_none()
            && self.spare.as_deref().is_none_or(Path::is_dir)
            && linked
                .par_iter()
                .all(|(path, stamp)| Stamp::of(&out.join(path)) == Some(*stamp))
            && staging::only_wanted(out, "", &wanted, &dirs)
        {
            crate::trace::note(|| "write: the output is already this build".to_owned());
        } else {
            self.start()?;
            staging::prune(staging, "", &wanted, &dirs)?;
            dirs.par_iter().try_for_each(|dir| {
                let dir = staging.join(dir);
                fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))
            })?;
            same.par_iter()
                .chain(linked.par_iter())
                .try_for_each(|(path, stamp)| staging::keep(&staging.join(path), &out.join(path), *stamp))?;
            crate::trace::note(|| "write: staging done".to_owned());
            let _span = crate::trace::span("write: swap and remove the old output");
            swap_in(staging, out, &self.beside.previous, self.spare.as_deref())?;
        }
        Ok(())
    }

    /// Lets the next build into the same folder go ahead.
    pub(crate) fn release(&self) {
        drop(self.lock.lock().unwrap_or_else(PoisonError::into_inner).take());
    }
}

impl Sink for Stage {
    fn put(&self, part: SiteFiles) -> Result<()> {
        self.put_files(&part)
    }
}

impl Drop for Stage {
    /// A build that did not finish leaves no staging folder: it becomes the spare again (a spare is
    /// only ever a place to start from, every file of it is checked before it is used), or goes.
    fn drop(&mut self) {
        let finished = self.state().finished;
        if !finished && self.started.get().is_some() {
            let staging = &self.beside.staging;
            let back = self.spare.as_deref().is_some_and(|spare| {
                !spare.exists()
                    && spare.parent().is_some_and(|dir| fs::create_dir_all(dir).is_ok())
                    && fs::rename(staging, spare).is_ok()
            });
            if !back {
                let _ = remove_if_there(staging);
            }
        }
        self.release();
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
    let stage = Stage::open(out, spare)?;
    stage.put_files(site)?;
    stage.finish()?;
    stage.release();
    Ok(())
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
    fn a_build_that_stops_before_its_end_leaves_the_output_and_gives_the_spare_back() {
        let dir = tempfile::tempdir().unwrap();
        let (out, spare) = (dir.path().join("output"), dir.path().join("cache/output.tree"));
        write_reusing(&site("a"), &out, Some(&spare)).unwrap();
        write_reusing(&site("b"), &out, Some(&spare)).unwrap();
        assert!(spare.is_dir());
        {
            let stage = Stage::open(&out, Some(&spare)).unwrap();
            stage.put(site("c")).unwrap();
            assert!(!spare.exists(), "the staging folder started from the spare");
        }
        assert_eq!(fs::read_to_string(out.join("assets/style.css")).unwrap(), "b");
        assert!(spare.is_dir(), "the unfinished staging folder is the spare again");
        let beside: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".output"))
            .collect();
        assert!(beside.is_empty(), "{beside:?}");
        write_reusing(&site("d"), &out, Some(&spare)).unwrap();
        assert_eq!(fs::read_to_string(out.join("assets/style.css")).unwrap(), "d");
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
