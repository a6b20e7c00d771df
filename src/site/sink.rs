//! Where a build puts its files as they are made: a [`Sink`] takes each corporation's finished
//! files (and then the site-wide ones) and is free to write them out and forget them.

use std::sync::{Mutex, PoisonError};

use crate::error::{Error, Result};
use crate::site::files::SiteFiles;

/// Takes the files of a build part by part, from several threads at once.
pub(crate) trait Sink: Sync {
    /// Takes `part`: the files of one corporation in one language (with its PDFs, in a build that
    /// makes them), the site-wide files of one language, or the files kept from the output.
    fn put(&self, part: SiteFiles) -> Result<()>;
}

/// A sink that keeps every file in memory: the site as one [`SiteFiles`] (the preview, tests).
#[derive(Default)]
pub(crate) struct InMemory(Mutex<SiteFiles>);

impl InMemory {
    /// Every file put so far.
    pub(crate) fn into_site(self) -> SiteFiles {
        self.0.into_inner().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Sink for InMemory {
    fn put(&self, mut part: SiteFiles) -> Result<()> {
        // In memory, a file taken from outside the output is read: the site holds its bytes.
        for (path, file) in std::mem::take(&mut part.copied) {
            let bytes = std::fs::read(&file).map_err(|e| Error::io("read", &file, e))?;
            part.files.insert(path, bytes);
        }
        self.0.lock().unwrap_or_else(PoisonError::into_inner).absorb(part);
        Ok(())
    }
}
