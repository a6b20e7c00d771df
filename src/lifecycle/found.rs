//! What a command that changes content starts from: the whole content, loaded, and the
//! corporation it names.

use std::path::Path;

use crate::content::{Content, Corporation, load};
use crate::error::{Error, Result};

/// The content in `content_dir`, or every error that kept it from loading.
pub(super) fn load_all(content_dir: &Path) -> Result<Content> {
    let loaded = load::load(content_dir)?;
    match loaded.content {
        Some(content) => Ok(content),
        None => Err(Error::Content(loaded.errors)),
    }
}

/// The corporation (or document) `slug`, or an error that lists the corporations there are.
pub(super) fn find_corporation<'a>(content: &'a Content, slug: &str) -> Result<&'a Corporation> {
    content.corporation(slug).ok_or_else(|| {
        let slugs: Vec<&str> = content.corporations.iter().map(|c| c.slug.as_str()).collect();
        Error::command(
            msg!(
                "there is no corporation `{slug}` in {dir}",
                slug,
                dir = content.dir.display()
            ),
            msg!("the corporations are: {slugs}", slugs = slugs.join(", ")),
        )
    })
}
