//! PDFs from earlier builds, kept in a folder outside the output and named after the hash of
//! everything that went into them, so a changed input can only miss, never find a stale file.

use std::collections::BTreeSet;
use std::fs;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// How much of a cached PDF's end is read to see that it is whole.
const TAIL: u64 = 1024;

/// A folder of `<key>.pdf` files.
pub(super) struct PdfCache {
    dir: PathBuf,
}

impl PdfCache {
    /// Opens the cache in `dir`, creating the folder when it is missing.
    pub(super) fn open(dir: &Path) -> Result<PdfCache> {
        fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
        Ok(PdfCache { dir: dir.to_path_buf() })
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.pdf"))
    }

    /// The PDF stored under `key`; a file that is missing or not a whole PDF counts as missing.
    pub(super) fn get(&self, key: &str) -> Option<Vec<u8>> {
        let bytes = fs::read(self.path(key)).ok()?;
        is_whole_pdf(&bytes).then_some(bytes)
    }

    /// The file of the PDF stored under `key`, for a build that links it into its output instead of
    /// reading it: a file that is missing or does not start and end as a PDF counts as missing.
    pub(super) fn file(&self, key: &str) -> Option<PathBuf> {
        let path = self.path(key);
        let mut file = fs::File::open(&path).ok()?;
        let len = file.metadata().ok()?.len();
        let mut head = [0u8; 5];
        file.read_exact(&mut head).ok()?;
        let tail_len = len.min(TAIL);
        file.seek(SeekFrom::Start(len - tail_len)).ok()?;
        let mut tail = Vec::with_capacity(tail_len as usize);
        file.read_to_end(&mut tail).ok()?;
        (head == *b"%PDF-" && tail.trim_ascii_end().ends_with(b"%%EOF")).then_some(path)
    }

    /// Stores `pdf` under `key`, through a temporary file of this process, so that a build that is
    /// stopped halfway, or another build writing the same key, leaves no partial PDF under a key.
    pub(super) fn put(&self, key: &str, pdf: &[u8]) -> Result<()> {
        let temporary = self.dir.join(format!(".{key}.{}.tmp", std::process::id()));
        fs::write(&temporary, pdf).map_err(|e| Error::io("write", &temporary, e))?;
        let target = self.path(key);
        fs::rename(&temporary, &target).map_err(|e| Error::io("write", &target, e))
    }

    /// Removes the cached PDFs whose key is not in `keep`, so the folder holds only what the last
    /// build used. Files that verklaar did not name are left alone.
    pub(super) fn keep_only(&self, keep: &BTreeSet<String>) -> Result<()> {
        let entries = fs::read_dir(&self.dir).map_err(|e| Error::io("read", &self.dir, e))?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let key = name.strip_suffix(".pdf").unwrap_or_default();
            if is_key(key) && !keep.contains(key) {
                let path = entry.path();
                match fs::remove_file(&path) {
                    // Another build into the same cache removed it first.
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Error::io("remove", &path, e)),
                    _ => {}
                }
            }
        }
        Ok(())
    }
}

/// Whether `text` looks like a key: 32 lowercase hexadecimal digits.
pub(super) fn is_key(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether `bytes` start and end as a PDF file does.
fn is_whole_pdf(bytes: &[u8]) -> bool {
    let end = bytes.trim_ascii_end();
    bytes.starts_with(b"%PDF-") && end.ends_with(b"%%EOF")
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn stores_finds_and_prunes() {
        let dir = tempfile::tempdir().unwrap();
        let cache = PdfCache::open(&dir.path().join("nieuw")).unwrap();
        assert_eq!(cache.get(KEY), None);
        cache.put(KEY, b"%PDF-1.7\n...\n%%EOF\n").unwrap();
        assert_eq!(cache.get(KEY).as_deref(), Some(&b"%PDF-1.7\n...\n%%EOF\n"[..]));
        fs::write(dir.path().join("nieuw/notes.pdf"), "mine").unwrap();
        cache.keep_only(&BTreeSet::new()).unwrap();
        assert_eq!(cache.get(KEY), None);
        assert!(
            dir.path().join("nieuw/notes.pdf").exists(),
            "a file verklaar did not name stays"
        );
    }

    #[test]
    fn a_truncated_file_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = PdfCache::open(dir.path()).unwrap();
        fs::write(dir.path().join(format!("{KEY}.pdf")), b"%PDF-1.7\n1 0 obj").unwrap();
        assert_eq!(cache.get(KEY), None);
    }

    #[test]
    fn keys_are_32_hex_digits() {
        assert!(is_key(KEY));
        assert!(!is_key("notes"));
        assert!(!is_key(&KEY.to_uppercase()));
    }
}
