//! The site in its other languages: each language of `site.yaml`'s `languages` after the first gets
//! the same pages under its own folder (`en/`), rendered with its own locale from the versions with
//! their translation laid over them; the pages say which text is in the default language still.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use minijinja::context;
use minijinja::value::Value;

use crate::content::ledger::{Entry, Ledger};
use crate::content::translate::translation::Translation;
use crate::content::{Content, Corporation, Version};
use crate::error::Result;
use crate::pdf::Typesetter;
use crate::render::Renderer;
use crate::render::locale::Locale;
use crate::render::theme::Theme;
use crate::site::files::SiteFiles;
use crate::site::routes::{LANGUAGE_TO_ROOT, Route, in_language};

/// One language besides the default, with its locale and templates prepared once.
pub(crate) struct OtherLanguage {
    /// Its code (`en`), also the name of its folder.
    pub(crate) code: String,
    /// Its wording.
    pub(crate) locale: Locale,
    /// The theme's templates with its wording; assets are named from its folder.
    pub(crate) renderer: Renderer,
    /// Made on first use.
    typesetter: OnceLock<Typesetter>,
}

impl OtherLanguage {
    /// Prepares `code` with `theme`; `assets` are the asset paths from the site root.
    pub(crate) fn new(theme: &Theme, code: &str, assets: &BTreeMap<String, String>) -> Result<OtherLanguage> {
        let locale = Locale::load(theme, code)?;
        let from_folder = assets
            .iter()
            .map(|(name, path)| (name.clone(), format!("{LANGUAGE_TO_ROOT}{path}")))
            .collect();
        let renderer = Renderer::marking(theme, &locale, from_folder)?;
        Ok(OtherLanguage {
            code: code.to_owned(),
            locale,
            renderer,
            typesetter: OnceLock::new(),
        })
    }

    /// The PDF typesetter of this language, made on first use.
    pub(crate) fn typesetter(&self, theme: &Theme) -> Result<&Typesetter> {
        if let Some(typesetter) = self.typesetter.get() {
            return Ok(typesetter);
        }
        let typesetter = Typesetter::new(theme, &self.locale)?;
        Ok(self.typesetter.get_or_init(|| typesetter))
    }
}

/// `content` as read in `language`: every version with a translation into it has the translated
/// facts; the others keep the default language's. Only what the pages read is copied: not the
/// files' texts, not the other languages, and of the ledger only the errata.
pub(crate) fn translated(content: &Content, language: &str) -> Content {
    let in_language = |version: &Version| {
        let translation = version.translations.get(language);
        Version {
            id: version.id.clone(),
            file: version.file.clone(),
            statement: translation.map_or(&version.statement, |t| &t.statement).clone(),
            source: String::new(),
            basis: version.basis.clone(),
            translations: translation
                .map(|t| {
                    let kept = Translation {
                        file: t.file.clone(),
                        source: String::new(),
                        statement: t.statement.clone(),
                        texts: BTreeMap::new(),
                        untranslated: t.untranslated.clone(),
                        partly: t.partly.clone(),
                        untranslated_texts: t.untranslated_texts.clone(),
                        lagging: t.lagging.clone(),
                    };
                    (language.to_owned(), kept)
                })
                .into_iter()
                .collect(),
        }
    };
    let errata = |entry: &Entry| Entry {
        hash: String::new(),
        text: None,
        parts: BTreeMap::new(),
        chain: None,
        errata: entry.errata.clone(),
    };
    let each = |corporations: &[Corporation]| {
        corporations
            .iter()
            .map(|corporation| Corporation {
                slug: corporation.slug.clone(),
                versions: corporation.versions.iter().map(in_language).collect(),
                draft: corporation.draft.as_ref().map(in_language),
                file_ids: corporation.file_ids.clone(),
            })
            .collect()
    };
    Content {
        dir: content.dir.clone(),
        config: content.config.clone(),
        corporations: each(&content.corporations),
        models: each(&content.models),
        ledger: Ledger {
            heads: BTreeMap::new(),
            corporations: content
                .ledger
                .corporations
                .iter()
                .map(|(slug, entries)| {
                    let entries = entries.iter().map(|(id, entry)| (id.clone(), errata(entry))).collect();
                    (slug.clone(), entries)
                })
                .collect(),
        },
    }
}

/// Each language of the site for the switcher and the `hreflang` alternates: its code, its name in
/// its own words, and its folder from the site root (empty for the default).
pub(crate) fn language_list(default: (&str, &Locale), others: &[OtherLanguage]) -> Vec<Value> {
    if others.is_empty() {
        return Vec::new();
    }
    std::iter::once((default.0, default.1, String::new()))
        .chain(
            others
                .iter()
                .map(|o| (o.code.as_str(), &o.locale, in_language(Some(&o.code), ""))),
        )
        .map(|(code, locale, folder)| {
            let name = locale
                .value
                .get("language_name")
                .and_then(|n| n.as_str())
                .unwrap_or(code);
            context! { code, name, folder }
        })
        .collect()
}

/// What a page in `language` says about the translation of `version`: nothing on a page in the
/// default language (`None`).
pub(crate) fn translation_value(version: &Version, language: Option<&str>, default: &str, locale: &Locale) -> Value {
    let Some(language) = language else {
        return Value::from(());
    };
    let name = locale
        .value
        .get("translation")
        .and_then(|t| t.get("names"))
        .and_then(|n| n.get(default))
        .and_then(|n| n.as_str())
        .unwrap_or(default);
    match version.translations.get(language) {
        None => context! { code => default, language => name, whole => true },
        Some(translation) => {
            // By section, the names of the facts whose text lags (a fact without a name adds none).
            let mut lagging: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for lag in &translation.lagging {
                let facts = lagging.entry(lag.section.clone()).or_default();
                if let Some(fact) = lag.fact.as_ref().filter(|f| !facts.contains(f)) {
                    facts.push(fact.clone());
                }
            }
            context! {
                code => default,
                language => name,
                whole => false,
                untranslated => translation.untranslated.clone(),
                partly => translation.partly.clone(),
                texts => (!translation.untranslated_texts.is_empty())
                    .then(|| crate::render::fragments::value(&translation.untranslated_texts)),
                lagging => lagging,
            }
        }
    }
}

/// The files of `part`, made for `language` (`None`: the default), inside the language's folder;
/// the files every language shares (assets, the facts schema, 404, sitemap, robots) are the
/// default's, so another language's copy is left out.
pub(crate) fn in_folder(part: SiteFiles, language: Option<&str>) -> SiteFiles {
    let Some(language) = language else {
        return part;
    };
    let shared = Route::FactsSchema.file();
    SiteFiles {
        files: part
            .files
            .into_iter()
            .filter(|(path, _)| *path != shared)
            .map(|(path, bytes)| (in_language(Some(language), &path), bytes))
            .collect(),
        pdfs: part
            .pdfs
            .into_iter()
            .map(|(pdf, page)| (in_language(Some(language), &pdf), in_language(Some(language), &page)))
            .collect(),
        linked: part.linked,
        copied: part.copied,
    }
}

/// `path` without the folder of any of `languages` it is in.
pub(crate) fn outside_folder<'a>(path: &'a str, languages: &[OtherLanguage]) -> &'a str {
    languages
        .iter()
        .find_map(|l| path.strip_prefix(&in_language(Some(&l.code), "")))
        .unwrap_or(path)
}
