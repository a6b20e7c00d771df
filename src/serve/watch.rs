//! Watches the content and themes folders and rebuilds the preview after a burst of edits.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use super::state::{ServeOptions, Shared, preview_options};
use crate::content::Content;
use crate::content::cache::Verified;
use crate::content::files::{LEDGER_FILE, SITE_FILE, is_ignored};
use crate::error::{Error, Result};
use crate::site::{self, Builder, FeedCache};

/// How long the watcher waits for a burst of events to end before rebuilding.
const DEBOUNCE: Duration = Duration::from_millis(30);
/// How often the polling watcher looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// What the watcher thread is told.
pub(super) enum Message {
    Event(notify::Result<notify::Event>),
    Stop,
}

/// The folders watched, as absolute paths: native and polling watchers alike then report absolute
/// paths, which the rebuilder matches against these.
#[derive(Debug, Clone)]
pub(super) struct Watched {
    content: PathBuf,
    themes: PathBuf,
}

/// Starts a native or polling watcher that sends its events to `sender`.
pub(super) fn start(
    options: &ServeOptions,
    watched: &Watched,
    sender: mpsc::Sender<Message>,
) -> Result<Box<dyn Watcher + Send>> {
    let handler = move |event| {
        let _ = sender.send(Message::Event(event));
    };
    let watch_error = |e: notify::Error| Error::io("watch", &options.content, std::io::Error::other(e.to_string()));
    let mut watcher: Box<dyn Watcher + Send> = if options.poll {
        // Compare contents, not only times: a quick save can keep the same modification time.
        let config = notify::Config::default()
            .with_poll_interval(POLL_INTERVAL)
            .with_compare_contents(true);
        Box::new(notify::PollWatcher::new(handler, config).map_err(watch_error)?)
    } else {
        Box::new(notify::recommended_watcher(handler).map_err(watch_error)?)
    };
    watcher
        .watch(&watched.content, RecursiveMode::Recursive)
        .map_err(watch_error)?;
    if watched.themes.is_dir() {
        watcher
            .watch(&watched.themes, RecursiveMode::Recursive)
            .map_err(watch_error)?;
    }
    Ok(watcher)
}

/// Owns everything a rebuild needs; runs on the watcher thread.
pub(super) struct Rebuilder {
    /// The content folder as given, so that error messages name it as the user does.
    content_dir: PathBuf,
    watched: Watched,
    shared: Arc<Shared>,
    builder: Arc<Builder>,
    /// What the last good build knew, for the next to start from.
    kept: Kept,
    last_failed: bool,
    log: Arc<dyn Fn(&str) + Send + Sync>,
}

/// What the preview keeps of its last good build for the next: the content (a file whose text is
/// unchanged is not parsed again), the published versions proved unchanged (not fingerprinted
/// again), and the site feed's entries (kept for the corporations a save leaves alone).
pub(super) struct Kept {
    pub(super) content: Content,
    pub(super) verified: Verified,
    pub(super) feed: FeedCache,
}

/// What an edit touched.
#[derive(Debug, Default)]
struct Touched {
    /// The site settings, the ledger or the theme: everything must be rebuilt.
    everything: bool,
    /// Corporation folders.
    slugs: BTreeSet<String>,
    /// The files, for the log line.
    files: BTreeSet<String>,
}

impl Rebuilder {
    pub(super) fn new(
        options: &ServeOptions,
        shared: Arc<Shared>,
        builder: Arc<Builder>,
        kept: Kept,
        log: Arc<dyn Fn(&str) + Send + Sync>,
    ) -> Rebuilder {
        let absolute = |path: &Path| std::fs::canonicalize(path).unwrap_or_else(|_| absolute_path(path));
        let content = absolute(&options.content);
        let themes = absolute(&site::themes_dir(&options.content));
        Rebuilder {
            content_dir: options.content.clone(),
            watched: Watched { content, themes },
            shared,
            builder,
            kept,
            last_failed: false,
            log,
        }
    }

    /// The folders to watch.
    pub(super) fn watched(&self) -> &Watched {
        &self.watched
    }

    pub(super) fn run(mut self, receiver: &Receiver<Message>) {
        loop {
            let mut touched = Touched::default();
            match receiver.recv() {
                Ok(Message::Event(event)) => self.note(event, &mut touched),
                Ok(Message::Stop) | Err(_) => return,
            }
            // Editors save in bursts (temp file, rename, chmod): wait until it is quiet.
            loop {
                match receiver.recv_timeout(DEBOUNCE) {
                    Ok(Message::Event(event)) => self.note(event, &mut touched),
                    Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                    Err(RecvTimeoutError::Timeout) => break,
                }
            }
            if self.shared.stopping() {
                return;
            }
            if touched.everything || !touched.slugs.is_empty() {
                self.rebuild(&touched);
            }
        }
    }

    /// Adds the paths of one watcher event; every kind of event counts, since editors save through
    /// renames and new files as often as through writes.
    fn note(&self, event: notify::Result<notify::Event>, touched: &mut Touched) {
        let Ok(event) = event else {
            touched.everything = true;
            return;
        };
        if matches!(event.kind, notify::EventKind::Access(_)) {
            return;
        }
        for path in event.paths {
            if is_ignored(&path) || is_editor_probe(&path) {
                continue;
            }
            if let Ok(relative) = path.strip_prefix(&self.watched.themes) {
                touched.everything = true;
                touched.files.insert(format!("themes/{}", relative.display()));
            } else if let Ok(relative) = path.strip_prefix(&self.watched.content) {
                let mut parts = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned());
                let Some(first) = parts.next() else {
                    touched.everything = true;
                    continue;
                };
                let is_yaml = matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"));
                // A model's facts are in every corporation based on it (and in the sector view).
                if first == crate::content::models::MODELS_FOLDER {
                    touched.everything = true;
                }
                if parts.next().is_none() {
                    if first == SITE_FILE || first == LEDGER_FILE {
                        touched.everything = true;
                    } else if path.extension().is_none() || path.is_dir() {
                        // A corporation folder itself was added, removed or renamed.
                        touched.slugs.insert(first.clone());
                    } else {
                        continue;
                    }
                } else if is_yaml {
                    touched.slugs.insert(first.clone());
                } else {
                    continue;
                }
                touched
                    .files
                    .insert(self.content_dir.join(relative).display().to_string());
            }
        }
    }

    fn rebuild(&mut self, touched: &Touched) {
        let started = Instant::now();
        let verified = self.kept.verified.next();
        let checked = crate::content::check_reusing(&self.content_dir, &verified, Some(&self.kept.content));
        let result = checked.and_then(|content| {
            let everything = touched.everything || self.last_failed || !self.builder.fits(&content);
            let builder = if touched.everything || !self.builder.fits(&content) {
                Arc::new(Builder::new(&content, preview_options())?)
            } else {
                self.builder.clone()
            };
            let previous = self.shared.live().site.clone();
            let (site, feed) = if everything {
                let feed = FeedCache::default();
                (builder.render_keeping(&content, &feed)?, feed)
            } else {
                let slugs: BTreeSet<&str> = touched.slugs.iter().map(String::as_str).collect();
                let feed = self.kept.feed.carry(&slugs);
                (builder.render_update_keeping(&content, &previous, &slugs, &feed)?, feed)
            };
            Ok((builder, site, feed, content, everything))
        });
        let files: Vec<&str> = touched.files.iter().map(String::as_str).collect();
        let what = if files.is_empty() {
            msg!("the site")
        } else {
            files.join(", ")
        };
        let mut live = self.shared.live();
        live.generation += 1;
        let generation = live.generation;
        match result {
            Ok((builder, site, feed, content, everything)) => {
                // The files of the corporations the save left alone were taken over unchanged.
                let kept: BTreeSet<String> = if everything {
                    BTreeSet::new()
                } else {
                    content
                        .corporations
                        .iter()
                        .map(|c| c.corporation_slug())
                        .filter(|slug| !touched.slugs.contains(*slug))
                        .map(str::to_owned)
                        .collect()
                };
                let taken_over = |path: &str| path.split_once('/').is_some_and(|(slug, _)| kept.contains(slug));
                self.kept = Kept {
                    content,
                    verified,
                    feed,
                };
                let mut changed = 0;
                let mut versions = BTreeMap::new();
                for (path, bytes) in &site.files {
                    let same = (taken_over(path) && live.site.files.contains_key(path))
                        || live.site.files.get(path) == Some(bytes);
                    let version = if same {
                        live.versions.get(path).copied().unwrap_or(generation)
                    } else {
                        generation
                    };
                    if !same {
                        changed += 1;
                    }
                    versions.insert(path.clone(), version);
                }
                let removed = live
                    .site
                    .files
                    .keys()
                    .filter(|path| !site.files.contains_key(*path))
                    .count();
                live.site = Arc::new(site);
                live.versions = versions;
                live.error = None;
                live.builder = builder.clone();
                drop(live);
                self.builder = builder;
                self.last_failed = false;
                (self.log)(&msg!(
                    "rebuilt after a change to {what}: {changed} pages changed, {removed} removed, in {ms} ms",
                    what,
                    changed,
                    removed,
                    ms = started.elapsed().as_millis()
                ));
            }
            Err(error) => {
                let message = error.to_string();
                live.error = Some(message.clone());
                drop(live);
                self.last_failed = true;
                (self.log)(&msg!(
                    "rebuild after a change to {what} failed in {ms} ms; still serving the last good build:\n{message}",
                    what,
                    ms = started.elapsed().as_millis(),
                    message
                ));
            }
        }
        self.shared.changed.notify_all();
    }
}

/// `path` made absolute against the working directory, for a folder that cannot be canonicalised
/// (the themes folder may not exist).
fn absolute_path(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

/// Files that editors create only to test whether a folder is writable (vim's `4913`).
fn is_editor_probe(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    !name.is_empty() && name.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_probe_files_are_recognised() {
        assert!(is_editor_probe(Path::new("content/4913")));
        assert!(!is_editor_probe(Path::new("content/2018-05-25.yaml")));
    }
}
