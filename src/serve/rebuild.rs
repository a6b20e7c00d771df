//! What the preview builds: the whole site at start-up (from the caches a build or the last preview
//! left) and after a change of the theme, the settings or the ledger; after a save in a
//! corporation's folder only that corporation, checked and rendered again with the site-wide pages,
//! and only the files whose bytes changed written.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::{Arc, RwLock, RwLockWriteGuard};

use super::disk::{SiteDir, owned_folders, pdf_pages};
use super::state::preview_options;
use crate::content::Content;
use crate::content::cache::Verified;
use crate::error::Result;
use crate::site::{Builder, FeedCache, SiteFiles, build_preview};

/// Everything the rebuilds keep between them; owned by the watcher thread.
pub(super) struct Site {
    pub(super) dir: SiteDir,
    /// The content of the last good build (a file whose text is unchanged is not parsed again).
    content: Content,
    /// The published versions proved unchanged (not fingerprinted again).
    verified: Verified,
    /// The site feed's entries, kept for the corporations a save leaves alone.
    feed: FeedCache,
    /// The builder of the last good build.
    pub(super) builder: Arc<Builder>,
    /// The corporations saved since the last good build: a failed save is tried again with the next.
    pending: BTreeSet<String>,
    /// Whether the last whole build failed, so that the next must be whole too.
    whole_pending: bool,
}

/// What a build changed in the site's folder, for the reload streams.
#[derive(Debug, Default)]
pub(super) struct Changes {
    /// Which corporations were rendered again, for the log.
    pub(super) rendered: String,
    /// The files new or with other bytes.
    pub(super) written: Vec<String>,
    /// The files gone.
    pub(super) removed: Vec<String>,
    /// Every PDF the site can link to now, with its print page.
    pub(super) pdfs: BTreeMap<String, String>,
}

/// What the first build gives the server.
pub(super) struct Started {
    pub(super) site: Site,
    /// Every file of the site.
    pub(super) files: Vec<String>,
    pub(super) pdfs: BTreeMap<String, String>,
    /// How many corporations were rendered and how many kept from the last preview.
    pub(super) rendered: usize,
    pub(super) kept: usize,
}

impl Site {
    /// Checks `content_dir` and builds the whole site into the preview's folder, taking what the
    /// caches in `.verklaar-cache/` beside it hold: versions proved and parsed before, and the files
    /// of every corporation unchanged since the last preview.
    pub(super) fn start(content_dir: &Path) -> Result<Started> {
        let dir = SiteDir::for_content(content_dir);
        let verified = Verified::open_in(&dir.cache);
        let content = crate::content::check_with(content_dir, &verified)?;
        verified.save()?;
        let options = preview_options();
        let builder = Arc::new(Builder::new(&content, options)?);
        let built = build_preview(&builder, &content, &dir.cache, &dir.out, options.today)?;
        let files = dir.stamps().into_keys().collect();
        let pdfs = pdf_pages(&content);
        Ok(Started {
            site: Site {
                dir,
                content,
                verified: verified.next(),
                feed: built.feed,
                builder,
                pending: BTreeSet::new(),
                whole_pending: false,
            },
            files,
            pdfs,
            rendered: built.rendered,
            kept: built.kept,
        })
    }

    /// Whether the next build must be whole whatever was saved.
    pub(super) fn needs_whole(&self) -> bool {
        self.whole_pending
    }

    /// Checks everything again (reusing what is unchanged) and builds the whole site: after an edit
    /// of the theme, `site.yaml`, the ledger or a model.
    pub(super) fn whole(&mut self) -> Result<Changes> {
        self.whole_pending = true;
        let verified = self.verified.next();
        let content = crate::content::check_reusing(&self.content.dir, &verified, Some(&self.content))?;
        let options = preview_options();
        let builder = Arc::new(Builder::new(&content, options)?);
        let before = self.dir.stamps();
        let built = build_preview(&builder, &content, &self.dir.cache, &self.dir.out, options.today)?;
        let after = self.dir.stamps();
        let changes = Changes {
            rendered: msg!("{n} corporations", n = built.rendered).to_string(),
            written: after
                .iter()
                .filter(|(key, stamp)| before.get(*key) != Some(*stamp))
                .map(|(key, _)| key.clone())
                .collect(),
            removed: before.keys().filter(|key| !after.contains_key(*key)).cloned().collect(),
            pdfs: pdf_pages(&content),
        };
        *self = Site {
            dir: self.dir.clone(),
            content,
            verified,
            feed: built.feed,
            builder,
            pending: BTreeSet::new(),
            whole_pending: false,
        };
        Ok(changes)
    }

    /// After a save in the folders of the corporations `slugs`: those (and any whose save failed
    /// before) are checked and rendered again with the site-wide pages, and the files whose bytes
    /// changed are written.
    pub(super) fn saved<'a>(
        &mut self,
        slugs: &BTreeSet<String>,
        files: &'a RwLock<()>,
    ) -> Result<(Changes, RwLockWriteGuard<'a, ()>)> {
        self.pending.extend(slugs.iter().cloned());
        let slugs = self.pending.clone();
        let verified = self.verified.next();
        crate::content::check_changed(&mut self.content, &slugs, &verified)?;
        let changed: BTreeSet<&str> = slugs.iter().map(String::as_str).collect();
        let feed = {
            let _span = crate::trace::span("preview: carry the site feed's entries");
            std::mem::take(&mut self.feed).into_update(&changed)
        };
        let applied = {
            let _span = crate::trace::span("preview: render the saved corporations");
            self.builder
                .render_update_keeping(&self.content, &SiteFiles::default(), &changed, &feed)
        }
        .and_then(|site| {
            let _span = crate::trace::span("preview: write what changed");
            // Held until the caller has set the new files' versions.
            let writing = files.write().unwrap_or_else(|poisoned| poisoned.into_inner());
            Ok((
                self.dir.apply(&site.files, &owned_folders(&self.content, &slugs))?,
                writing,
            ))
        });
        // The entries of the corporations not saved stay kept, whatever came of this one; after a
        // failure, the saved ones' are made again next time (none may pass for the site feed's).
        self.feed = if applied.is_ok() { feed } else { feed.carry(&changed) };
        let (applied, writing) = applied?;
        self.verified = verified;
        self.pending.clear();
        let changes = Changes {
            rendered: slugs.iter().map(String::as_str).collect::<Vec<_>>().join(", "),
            written: applied.written,
            removed: applied.removed,
            pdfs: pdf_pages(&self.content),
        };
        Ok((changes, writing))
    }
}
