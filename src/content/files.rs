//! The names of the files in a content folder, which files are ignored, and how their paths are
//! shown to people.

use std::path::{Path, PathBuf};

/// Name of the site settings file in the content folder.
pub const SITE_FILE: &str = "site.yaml";

/// Name of the ledger file in the content folder.
pub const LEDGER_FILE: &str = "ledger.yaml";

/// Name of a corporation's allow-list of lints, `content/<slug>/lints.yaml`.
pub const LINTS_FILE: &str = "lints.yaml";

/// Name of the file that holds a corporation's next version while it is being written.
pub const DRAFT_FILE_STEM: &str = "draft";

/// Whether a path is a hidden file or an editor's temporary or backup file.
pub fn is_ignored(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

/// The path as shown to people: relative to the content folder's parent, so it reads `content/x.yaml`.
pub fn display_path(content_dir: &Path, path: &Path) -> PathBuf {
    let base = content_dir.parent().unwrap_or(content_dir);
    path.strip_prefix(base).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [".x.yaml.swp", "#x.yaml#", "x.yaml~", ".hidden.yaml", "4913.tmp"] {
            assert!(is_ignored(Path::new(name)), "{name}");
        }
        assert!(!is_ignored(Path::new("2018-05-25.yaml")));
    }
}
