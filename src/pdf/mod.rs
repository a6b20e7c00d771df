//! The PDF stage: each published version's print page, typeset into a tagged, archival PDF
//! (PDF/A-2a and PDF/UA-1) with typst, in process, with no browser or other program.
//!
//! The site hands over its jobs as values ([`Job`]: which print page, where the PDF goes). A PDF is
//! made from its print page alone: its `dcterms.*` metadata and the element tree of its `.print-body`
//! go, as JSON, to the theme's typst template `print/statement.typ`, which reads them from
//! `/statement.json` and lays them out. No text of the statement is ever written into typst markup,
//! and every fact the print page shows is in the PDF.
//!
//! Typesetting is a pure function of the print page, the theme's `print/` folder (template and
//! fonts), its locale and the versions of verklaar and typst; [`typeset_all`] can keep PDFs in a
//! cache folder under a hash of all of that, so a published version is typeset once.

mod batch;
mod cache;
mod document;
mod world;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::Font;
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, WorldExt};
use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use self::batch::Batch;
use self::cache::PdfCache;
use self::document::PrintPage;
use self::world::{PrintWorld, Project};
use crate::content::date::Date;
use crate::error::{Error, Result};
use crate::render::locale::Locale;
use crate::render::theme::Theme;

/// The theme folder with the print template, its includes and its fonts.
const PRINT_DIR: &str = "print/";
/// The template every PDF starts from, inside [`PRINT_DIR`].
const MAIN: &str = "statement.typ";
/// The fonts, inside [`PRINT_DIR`]; only these are available, and used ones are embedded.
const FONTS_DIR: &str = "fonts/";
/// Where the template finds the print page's data.
const DATA: &str = "/statement.json";
/// After a PDF made on its own (the preview's), typst's memo cache drops what the last this many
/// PDFs did not use, so a long preview session does not keep every document it typeset in memory.
/// A build's batch evicts by its own rule (`batch.rs`).
const MEMO_MAX_AGE: usize = 4;

/// Typesets print pages with one theme's template and fonts; made once and used for every PDF.
pub struct Typesetter {
    /// The print folder, fonts and library that every PDF's world shares.
    project: Project,
    /// Where each file came from, as shown in messages.
    shown: HashMap<FileId, PathBuf>,
    /// The locale, handed to the template as `locale`.
    locale: serde_json::Value,
    /// Hash of everything besides the print page that goes into a PDF.
    fingerprint: u128,
}

/// How many PDFs a build typeset and how many it took from the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PdfStats {
    /// PDFs typeset in this build.
    pub typeset: usize,
    /// PDFs taken unchanged from the cache.
    pub reused: usize,
}

/// One PDF to make, as the site hands it over: the print page it is typeset from (its path in the
/// site and its HTML) and where the PDF goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Job<'a> {
    /// Path of the print page in the site, as named in messages.
    pub page: &'a str,
    /// The print page.
    pub html: &'a [u8],
    /// Path of the PDF in the site.
    pub pdf: &'a str,
}

impl Typesetter {
    /// Prepares the print template, fonts and locale of `theme` for `language`.
    pub fn new(theme: &Theme, locale: &Locale) -> Result<Typesetter> {
        let project = |path: &str| {
            VirtualPath::new(format!("/{path}"))
                .map(|vpath| RootedPath::new(VirtualRoot::Project, vpath).intern())
                .map_err(|e| Error::Theme {
                    file: format!("themes/{}/{PRINT_DIR}{path}", theme.name).into(),
                    message: msg!("unusable file name: {e}", e = format!("{e:?}")),
                })
        };
        let main = project(MAIN)?;
        let data = project(DATA.trim_start_matches('/'))?;
        let mut sources = HashMap::new();
        let mut files = HashMap::new();
        let mut shown = HashMap::new();
        let mut fonts = FontStore::new();
        let mut fingerprint_input: Vec<(&str, &[u8])> = Vec::new();
        for (path, file) in theme.files_under(PRINT_DIR) {
            let id = project(path)?;
            let origin = file
                .origin
                .clone()
                .unwrap_or_else(|| format!("themes/default/{PRINT_DIR}{path}").into());
            if path.ends_with(".typ") {
                let text = String::from_utf8(file.content.clone()).map_err(|_| Error::Theme {
                    file: origin.clone(),
                    message: msg!("a typst file must be UTF-8 text").to_string(),
                })?;
                sources.insert(id, Source::new(id, text));
            }
            let bytes = Bytes::new(file.content.clone());
            if path.starts_with(FONTS_DIR) && is_font_file(path) {
                let mut count = 0;
                for font in Font::iter(bytes.clone()) {
                    let info = font.info().clone();
                    fonts.push((font, info));
                    count += 1;
                }
                if count == 0 {
                    return Err(Error::Theme {
                        file: origin,
                        message: msg!("not a font typst can read (use OpenType or TrueType)").to_string(),
                    });
                }
            }
            files.insert(id, bytes);
            shown.insert(id, origin);
            fingerprint_input.push((path, file.content.as_slice()));
        }
        if !sources.contains_key(&main) {
            return Err(Error::Theme {
                file: format!("themes/{}/{PRINT_DIR}{MAIN}", theme.name).into(),
                message: msg!("the print template is missing").to_string(),
            });
        }
        let locale_json = serde_json::to_value(&locale.value).map_err(|e| Error::Theme {
            file: locale.file.clone(),
            message: msg!("the locale cannot be handed to the PDF template: {e}", e),
        })?;
        let fingerprint = typst::utils::hash128(&(
            env!("CARGO_PKG_VERSION"),
            typst::utils::version().raw(),
            &fingerprint_input,
            &locale.bytes,
            format!("{STANDARDS:?}"),
        ));
        Ok(Typesetter {
            project: Project {
                library: LazyHash::new(Library::builder().build()),
                fonts,
                main,
                data,
                sources,
                files,
            },
            shown,
            locale: locale_json,
            fingerprint,
        })
    }

    /// Typesets one print page (`html`, found at `page` in the site) into a PDF.
    pub fn typeset(&self, page: &str, html: &str) -> Result<Vec<u8>> {
        let result = self.typeset_keeping_memo(page, html);
        typst::comemo::evict(MEMO_MAX_AGE);
        result
    }

    /// [`Typesetter::typeset`], leaving typst's memo cache as it is: the caller evicts.
    fn typeset_keeping_memo(&self, page: &str, html: &str) -> Result<Vec<u8>> {
        let print_page = PrintPage::read(html);
        let data = serde_json::json!({
            "lang": &print_page.lang,
            "title": &print_page.title,
            "meta": &print_page.meta,
            "locale": &self.locale,
            "body": &print_page.body,
            "anchors": &print_page.anchors,
        });
        let world = PrintWorld {
            project: &self.project,
            data: Bytes::new(data.to_string().into_bytes()),
        };
        let compiled = typst::compile::<PagedDocument>(&world).output;
        compiled
            .map_err(|errors| self.error(&world, page, &errors))
            .and_then(|document| {
                let options = self.options(&print_page, page)?;
                typst_pdf::pdf(&document, &options).map_err(|errors| self.error(&world, page, &errors))
            })
    }

    fn options(&self, print_page: &PrintPage, page: &str) -> Result<PdfOptions> {
        let standards = PdfStandards::new(STANDARDS).map_err(|e| Error::Pdf {
            page: page.to_owned(),
            template: None,
            line: None,
            message: e.message().to_string(),
            source_line: None,
        })?;
        // A fixed date and identifier, so the same input gives the same bytes: the date the
        // version is in force from, and its permanent address.
        let timestamp = print_page
            .meta
            .get("issued")
            .and_then(|issued| issued.parse::<Date>().ok())
            .and_then(|date| Datetime::from_ymd(i32::from(date.year()), date.month(), date.day()))
            .map(Timestamp::new_utc);
        let ident = print_page
            .meta
            .get("identifier")
            .cloned()
            .unwrap_or_else(|| page.to_owned());
        Ok(PdfOptions {
            ident: Smart::Custom(ident),
            creator: Smart::Custom(Some(format!(
                "verklaar {} (Typst {})",
                env!("CARGO_PKG_VERSION"),
                typst::utils::version().raw()
            ))),
            timestamp,
            standards,
            tagged: true,
            ..PdfOptions::default()
        })
    }

    /// The cache key of the PDF of `html`: a hash of the page and of everything else that goes in.
    pub(crate) fn cache_key(&self, html: &[u8]) -> String {
        self.key(html)
    }

    fn key(&self, html: &[u8]) -> String {
        format!("{:032x}", typst::utils::hash128(&(self.fingerprint, html)))
    }

    fn shown_path(&self, id: FileId) -> PathBuf {
        self.shown
            .get(&id)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(id.vpath().get_with_slash()))
    }

    /// The first error of a failed compilation, with the template file and line it points at.
    fn error(&self, world: &PrintWorld, page: &str, diagnostics: &[SourceDiagnostic]) -> Error {
        let Some(diagnostic) = diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .or(diagnostics.first())
        else {
            return Error::Pdf {
                page: page.to_owned(),
                template: None,
                line: None,
                message: msg!("typst failed without saying why").to_string(),
                source_line: None,
            };
        };
        let id = diagnostic.span.id();
        let position = world.range(diagnostic.span).and_then(|range| {
            let source = self.project.sources.get(&id?)?;
            let line = source.lines().byte_to_line(range.start)?;
            Some((line + 1, source.text().lines().nth(line).map(str::to_owned)))
        });
        let mut message = diagnostic.message.to_string();
        for hint in &diagnostic.hints {
            message.push_str(&msg!("\n  = hint: {v}", v = hint.v));
        }
        if message.contains("could not be displayed with font") {
            // PDF/A allows no character without a glyph; say what a person can do about it.
            message.push_str(&msg!(
                "\n  = help: the fonts of the PDF (in the theme's {PRINT_DIR}{FONTS_DIR}) have no glyph for this \
                 character; write it differently in the content, or add a font that has it",
                PRINT_DIR,
                FONTS_DIR
            ));
        }
        let (line, source_line) = match position {
            Some((line, text)) => (Some(line), text),
            None => (None, None),
        };
        Error::Pdf {
            page: page.to_owned(),
            template: id.map(|id| {
                if id == self.project.data {
                    PathBuf::from(DATA.trim_start_matches('/'))
                } else {
                    self.shown_path(id)
                }
            }),
            line,
            message,
            source_line,
        }
    }
}

/// The standards every PDF conforms to; typst checks them while writing the file.
const STANDARDS: &[PdfStandard] = &[PdfStandard::A_2a, PdfStandard::Ua_1];

fn is_font_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".otf", ".ttf", ".otc", ".ttc"].iter().any(|ext| lower.ends_with(ext))
}

/// The file of the PDF under `key` (see [`Typesetter::cache_key`]) in the PDF cache in `cache`,
/// when it holds a whole one.
pub(crate) fn cached_file(cache: &Path, key: &str) -> Option<PathBuf> {
    PdfCache::open(cache).ok()?.file(key)
}

/// Removes from the PDF cache in `cache` every PDF whose key (see [`Typesetter::cache_key`]) is not
/// in `keep`: a build that typeset its PDFs part by part prunes the cache once, at the end.
pub(crate) fn prune_cache(cache: &Path, keep: &std::collections::BTreeSet<String>) -> Result<()> {
    PdfCache::open(cache)?.keep_only(keep)
}

/// Typesets the PDF of every job, in order, one per processor at a time.
///
/// With `cache`, a PDF whose input is unchanged since an earlier build is read from that folder
/// instead, new PDFs are stored there, and PDFs no longer used are removed from it.
pub fn typeset_all(
    jobs: &[Job<'_>],
    typesetter: &Typesetter,
    cache: Option<&Path>,
) -> Result<(Vec<Vec<u8>>, PdfStats)> {
    typeset_each(jobs, &vec![typesetter; jobs.len()], cache, true)
}

/// [`typeset_all`] with a typesetter per job (`typesetters[i]` for `jobs[i]`): the PDFs of a site
/// in more languages, each typeset with its language's wording, sharing one cache. `jobs` may be
/// only some of the site's PDFs (a shard, or a build that kept other corporations' files): the
/// cache is pruned to what `jobs` use only when `prune`. Jobs with the same input (the same print
/// page and typesetter) are typeset once; the versions of one statement follow each other on one
/// thread, so typst reuses what the version before laid out (see `batch.rs`).
pub fn typeset_each(
    jobs: &[Job<'_>],
    typesetters: &[&Typesetter],
    cache: Option<&Path>,
    prune: bool,
) -> Result<(Vec<Vec<u8>>, PdfStats)> {
    let batch = Batch {
        pages: jobs.iter().map(|job| job.page).collect(),
        pdfs: jobs.iter().map(|job| job.pdf).collect(),
        keys: jobs
            .iter()
            .zip(typesetters)
            .map(|(job, typesetter)| typesetter.key(job.html))
            .collect(),
        typeset: |index: usize| match (jobs.get(index), typesetters.get(index)) {
            (Some(job), Some(typesetter)) => {
                typesetter.typeset_keeping_memo(job.page, &String::from_utf8_lossy(job.html))
            }
            _ => Err(Error::Pdf {
                page: String::new(),
                template: None,
                line: None,
                message: msg!("the PDF was not typeset").to_string(),
                source_line: None,
            }),
        },
    };
    let (pdfs, typeset, reused) = batch::run(batch, cache, prune)?;
    Ok((pdfs, PdfStats { typeset, reused }))
}
