//! Themes: templates, assets and locale files, resolved file by file.
//!
//! A theme folder `themes/<name>/` holds `templates/`, `assets/`, `locales/` and `print/` (the PDF
//! template and its fonts). A site's theme only needs the files it changes: every other file comes
//! from `themes/default/` on disk, and failing that from the default theme built into the binary,
//! so verklaar works without a themes folder.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{Dir, DirEntry, include_dir};
use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use crate::error::{Error, Result};

/// Name of the theme every other theme falls back to.
pub const DEFAULT_THEME: &str = "default";

/// The default theme as built into the binary: every file under `themes/default/`.
static EMBEDDED_DEFAULT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Every file of an embedded folder, by path relative to its root, in name order.
fn embedded_files(dir: &'static Dir<'static>, out: &mut BTreeMap<String, ThemeFile>) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(sub) => embedded_files(sub, out),
            DirEntry::File(file) => {
                let key = file.path().to_string_lossy().replace('\\', "/");
                let theme_file = ThemeFile {
                    content: file.contents().to_vec(),
                    origin: None,
                };
                out.insert(key, theme_file);
            }
        }
    }
}

/// Whether `name` can name a theme: one folder name inside `themes/`, so never `/`, `..` or a path.
pub fn is_theme_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.starts_with('.') && !name.contains(['/', '\\', ':', '\0'])
}

/// A theme with every file resolved: the site's own, then the defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// Theme name as configured.
    pub name: String,
    /// Relative path within the theme (`templates/base.html`) to its content and where it came from.
    files: BTreeMap<String, ThemeFile>,
}

/// One resolved theme file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeFile {
    /// The bytes.
    pub content: Vec<u8>,
    /// Where it was read from, for messages; `None` for the built-in default.
    pub origin: Option<PathBuf>,
}

impl Theme {
    /// Resolves theme `name` from `themes_dir` (usually `themes/` beside `content/`).
    pub fn load(themes_dir: &Path, name: &str) -> Result<Theme> {
        let mut files = BTreeMap::new();
        embedded_files(&EMBEDDED_DEFAULT, &mut files);
        overlay(&mut files, &themes_dir.join(DEFAULT_THEME))?;
        if !is_theme_name(name) {
            return Err(Error::Theme {
                file: PathBuf::from("site.yaml"),
                message: msg!(
                    "theme `{name}` in site.yaml is not the name of a folder in themes/; set e.g. `theme: default`",
                    name
                ),
            });
        }
        if name != DEFAULT_THEME {
            let dir = themes_dir.join(name);
            if !dir.is_dir() {
                return Err(Error::Theme {
                    file: dir,
                    message: msg!(
                        "theme `{name}` does not exist; create the folder or set `theme: default` in site.yaml",
                        name
                    ),
                });
            }
            overlay(&mut files, &dir)?;
        }
        Ok(Theme {
            name: name.to_owned(),
            files,
        })
    }

    /// A file of the theme by relative path.
    pub fn file(&self, path: &str) -> Option<&ThemeFile> {
        self.files.get(path)
    }

    /// The templates, by name relative to `templates/`.
    pub fn templates(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(path, file)| path.strip_prefix("templates/").map(|name| (name, file)))
    }

    /// The files under the folder `dir` (written with a trailing `/`, e.g. `print/`), by path
    /// relative to it.
    pub fn files_under<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = (&'a str, &'a ThemeFile)> {
        self.files
            .iter()
            .filter_map(move |(path, file)| path.strip_prefix(dir).map(|name| (name, file)))
    }

    /// The assets, by path relative to `assets/`.
    pub fn assets(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(path, file)| path.strip_prefix("assets/").map(|name| (name, file)))
    }
}

/// The name of an asset with a hash of its content before the extension, so that a host may cache
/// it forever: `style.css` becomes `style.3f9a0c12.css` (8 hex digits of its SHA-256).
pub fn fingerprinted_name(name: &str, content: &[u8]) -> String {
    let digest = Sha256::digest(content);
    let hash: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let (folder, file) = name.rsplit_once('/').map_or(("", name), |(d, f)| (d, f));
    let file = match file.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => format!("{stem}.{hash}.{extension}"),
        _ => format!("{file}.{hash}"),
    };
    if folder.is_empty() {
        file
    } else {
        format!("{folder}/{file}")
    }
}

/// Adds or replaces every file found under `dir`.
fn overlay(files: &mut BTreeMap<String, ThemeFile>, dir: &Path) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io("read", &path, e.into())
        })?;
        if !entry.file_type().is_file() || crate::content::files::is_ignored(entry.path()) {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let key = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let content = fs::read(entry.path()).map_err(|e| Error::io("read", entry.path(), e))?;
        files.insert(
            key,
            ThemeFile {
                content,
                origin: Some(entry.path().to_path_buf()),
            },
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in default is exactly `themes/default` on disk, so a binary used elsewhere
    /// misses nothing.
    #[test]
    fn every_default_theme_file_is_embedded() {
        let mut embedded = BTreeMap::new();
        embedded_files(&EMBEDDED_DEFAULT, &mut embedded);
        let mut on_disk = BTreeMap::new();
        overlay(
            &mut on_disk,
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        )
        .unwrap();
        assert_eq!(
            embedded.iter().map(|(k, f)| (k, &f.content)).collect::<Vec<_>>(),
            on_disk.iter().map(|(k, f)| (k, &f.content)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn site_theme_overrides_single_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("custom/assets")).unwrap();
        fs::write(dir.path().join("custom/assets/style.css"), "body{}").unwrap();
        let theme = Theme::load(dir.path(), "custom").unwrap();
        assert_eq!(theme.file("assets/style.css").unwrap().content, b"body{}");
        assert!(theme.file("templates/base.html").unwrap().origin.is_none());
    }

    #[test]
    fn theme_names_stay_inside_themes() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["/", "/etc", "..", "../x", "a/b", ".", ""] {
            let error = Theme::load(dir.path(), name).unwrap_err().to_string();
            assert!(error.contains("site.yaml"), "{name}: {error}");
        }
        assert!(is_theme_name("huisstijl-2024"));
    }

    #[test]
    fn fingerprinted_names_carry_a_hash_of_the_content_before_the_extension() {
        let name = fingerprinted_name("style.css", b"body{}");
        let (stem, rest) = name.split_once('.').unwrap();
        let (hash, extension) = rest.split_once('.').unwrap();
        assert_eq!((stem, extension, hash.len()), ("style", "css", 8));
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(name, fingerprinted_name("style.css", b"body{ }"));
        assert!(fingerprinted_name("fonts/a.woff2", b"x").starts_with("fonts/a."));
    }

    #[test]
    fn missing_theme_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let error = Theme::load(dir.path(), "nope").unwrap_err();
        assert!(error.to_string().contains("theme `nope` does not exist"));
    }
}
