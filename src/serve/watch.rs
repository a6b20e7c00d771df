//! Watches the content and themes folders and rebuilds the preview after a burst of edits.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use super::rebuild::Site;
use super::state::{ServeOptions, Shared};
use crate::content::files::{LEDGER_FILE, SITE_FILE, is_ignored};
use crate::error::{Error, Result};
use crate::site;

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
    /// The site and what its last good build knew, for the next to start from.
    site: Site,
    log: Arc<dyn Fn(&str) + Send + Sync>,
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
        site: Site,
        log: Arc<dyn Fn(&str) + Send + Sync>,
    ) -> Rebuilder {
        let absolute = |path: &Path| std::fs::canonicalize(path).unwrap_or_else(|_| absolute_path(path));
        let content = absolute(&options.content);
        let themes = absolute(&site::themes_dir(&options.content));
        Rebuilder {
            content_dir: options.content.clone(),
            watched: Watched { content, themes },
            shared,
            site,
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
        // A whole build swaps the folder in at once; a save's files are written under the lock.
        let shared = self.shared.clone();
        let result = if touched.everything || self.site.needs_whole() {
            self.site.whole().map(|changes| (changes, shared.writing()))
        } else {
            self.site.saved(&touched.slugs, &shared.files)
        };
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
            Ok((changes, writing)) => {
                for key in &changes.written {
                    live.versions.insert(key.clone(), generation);
                }
                for key in &changes.removed {
                    live.versions.remove(key);
                }
                live.pdfs = Arc::new(changes.pdfs);
                live.error = None;
                live.builder = self.site.builder.clone();
                drop(live);
                drop(writing);
                (self.log)(&msg!(
                    "rebuilt after a change to {what} ({rendered} rendered again): {changed} pages changed, {removed} removed, in {ms} ms",
                    what,
                    rendered = changes.rendered,
                    changed = changes.written.len(),
                    removed = changes.removed.len(),
                    ms = started.elapsed().as_millis()
                ));
            }
            Err(error) => {
                let message = error.to_string();
                live.error = Some(message.clone());
                drop(live);
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
