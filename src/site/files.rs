//! The built site as a set of files in memory, and writing that set to disk so that a failed build
//! never touches `output/`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Every output file, by path relative to the output folder (with `/` separators).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteFiles {
    /// Path to content.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Every PDF the pages link to, by its path, with the path of the print page it is typeset from.
    /// PDFs are made from these jobs; nothing reads them back out of the pages.
    pub pdfs: BTreeMap<String, String>,
}

impl SiteFiles {
    /// Adds a file at `path`.
    pub fn insert(&mut self, path: String, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path, bytes.into());
    }
}

/// Writes `site` to `out`, replacing what was there only once every file is written.
///
/// Files go into a temporary folder beside `out`, which is then swapped in. A folder that exists and
/// does not look like verklaar output (no `index.json`) is never replaced.
pub fn write(site: &SiteFiles, out: &Path) -> Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_owned());
    if out.exists() {
        let is_ours = out.join("index.json").is_file();
        let is_empty = fs::read_dir(out)
            .map_err(|e| Error::io("read", out, e))?
            .next()
            .is_none();
        if !is_ours && !is_empty {
            return Err(Error::io(
                "replace",
                out,
                std::io::Error::other(
                    "the folder is not empty and holds no verklaar output (no index.json); choose another --out",
                ),
            ));
        }
    }
    fs::create_dir_all(&parent).map_err(|e| Error::io("create", &parent, e))?;
    let staging = parent.join(format!(".{name}.new"));
    let previous = parent.join(format!(".{name}.old"));
    for leftover in [&staging, &previous] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(|e| Error::io("remove", leftover, e))?;
        }
    }
    for (path, bytes) in &site.files {
        let target = staging.join(path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
        }
        fs::write(&target, bytes).map_err(|e| Error::io("write", &target, e))?;
    }
    if out.exists() {
        fs::rename(out, &previous).map_err(|e| Error::io("move aside", out, e))?;
    }
    fs::rename(&staging, out).map_err(|e| Error::io("move into place", &staging, e))?;
    if previous.exists() {
        fs::remove_dir_all(&previous).map_err(|e| Error::io("remove", &previous, e))?;
    }
    Ok(())
}
