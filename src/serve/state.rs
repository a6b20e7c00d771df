//! What the preview's threads share: the options, the last good build and its state, and how the
//! preview builds (drafts, as of today).

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

use super::disk::SiteDir;
use crate::content::date::Date;
use crate::site::{BuildOptions, Builder};

/// Options of `verklaar serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The content folder.
    pub content: PathBuf,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port to listen on; 0 lets the system choose.
    pub port: u16,
    /// Poll the file system instead of relying on native events.
    pub poll: bool,
}

/// The state that requests read and rebuilds replace. The pages themselves are files in the
/// preview's folder ([`SiteDir`]), not in memory.
pub(super) struct Live {
    /// Every file of the last good build, with the rebuild in which it last changed.
    pub(super) versions: BTreeMap<String, u64>,
    /// Every PDF the site can link to, with its print page.
    pub(super) pdfs: Arc<BTreeMap<String, String>>,
    /// Number of the last rebuild, good or bad.
    pub(super) generation: u64,
    /// The error of the last rebuild, when it failed.
    pub(super) error: Option<String>,
    /// The builder of the last good build (its theme gives the preview script and 404 page).
    pub(super) builder: Arc<Builder>,
}

/// What every thread of the server shares.
pub(super) struct Shared {
    pub(super) live: Mutex<Live>,
    /// Where the site is.
    pub(super) site: SiteDir,
    /// Held to read a file of the site with its version, and to write the files of a save with
    /// theirs, so that no page is ever served with the bytes of one build and the version of another.
    pub(super) files: RwLock<()>,
    pub(super) changed: Condvar,
    pub(super) stopping: AtomicBool,
    pub(super) event_streams: AtomicUsize,
    /// The address the server listens on; its port and explicit IP are among the accepted hosts.
    pub(super) address: SocketAddr,
}

impl Shared {
    pub(super) fn live(&self) -> MutexGuard<'_, Live> {
        // A panic while holding the lock leaves consistent data (every write replaces whole values).
        self.live.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Held while a file of the site and its version are read.
    pub(super) fn reading(&self) -> RwLockReadGuard<'_, ()> {
        self.files.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Held while the files of a save are written and their versions set.
    pub(super) fn writing(&self) -> RwLockWriteGuard<'_, ()> {
        self.files.write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(super) fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
}

/// The preview shows drafts, as of today.
pub(super) fn preview_options() -> BuildOptions {
    BuildOptions {
        drafts: true,
        today: Date::today(),
    }
}
