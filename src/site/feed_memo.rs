//! The site feeds of the last build into an output folder, kept with a key of everything they are
//! made of, so that a build whose feed entries are all as before does not render the feed again.
//!
//! A site feed lists every published version of every corporation: rendering it takes as long as
//! the rest of a no-change build together. Its text is a function of the template context alone
//! (the site's key of theme, settings, options and binary, the language, and the entries), so a
//! memo whose key is that of this build's context holds exactly the feed this build would render.
//! Memos are written atomically; a broken or missing one is a miss.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::content::journal::write_atomic;
use crate::error::Result;

/// Changes whenever the meaning of a memo does.
const FORMAT: &str = "verklaar-site-feed-1";

/// Where the site feeds of the builds into one output folder are kept, and the key of that site.
#[derive(Debug, Clone)]
pub(crate) struct FeedMemo {
    /// The path that, with `.<language>.feed` added, names each language's memo.
    pub(crate) base: PathBuf,
    /// The page cache's key of the site (theme, settings, options, binary), in hex.
    pub(crate) site_key: String,
}

impl FeedMemo {
    /// The feed in `language` for the template context `context` with `entries`: the kept one when
    /// its key is this one, else `render()`, kept for the next build.
    pub(crate) fn feed(
        &self,
        language: &str,
        context: &impl Serialize,
        entries: &impl Serialize,
        render: impl FnOnce() -> Result<String>,
    ) -> Result<String> {
        let mut hasher = Sha256::new();
        for field in [FORMAT, &self.site_key, language] {
            hasher.update((field.len() as u64).to_le_bytes());
            hasher.update(field.as_bytes());
        }
        let hashed = serde_json::to_writer(HashWriter(&mut hasher), context).is_ok()
            && HashWriter(&mut hasher).write_all(b"\n").is_ok()
            && serde_json::to_writer(HashWriter(&mut hasher), entries).is_ok();
        if !hashed {
            return render();
        }
        let key: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
        let mut path = self.base.clone().into_os_string();
        path.push(format!(".{language}.feed"));
        let path = PathBuf::from(path);
        let kept = std::fs::read(&path).ok().and_then(|bytes| {
            let text = bytes.strip_prefix(key.as_bytes())?.strip_prefix(b"\n")?;
            String::from_utf8(text.to_vec()).ok()
        });
        if let Some(feed) = kept {
            return Ok(feed);
        }
        let feed = render()?;
        let made = path.parent().is_some_and(|dir| std::fs::create_dir_all(dir).is_ok());
        let bytes = [key.as_bytes(), b"\n", feed.as_bytes()].concat();
        if !(made && write_atomic(&path, &bytes).is_ok()) {
            crate::trace::note(|| format!("could not keep the site feed in {}", path.display()));
        }
        Ok(feed)
    }
}

/// Feeds what is written to a hasher.
struct HashWriter<'a>(&'a mut Sha256);

impl Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
