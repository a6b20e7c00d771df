//! Every output path of the site, in one place: a typed [`Route`] becomes the path in links, the
//! file it is written to, and the relative way back to the site root.

use crate::content::{Corporation, DRAFT_FILE_STEM, Version};

/// One place in the built site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    /// The list of corporations: `index.html`.
    Index,
    /// The manifest for tools: `index.json`.
    Manifest,
    /// The Atom feed of every corporation: `feed.xml`.
    SiteFeed,
    /// The page a web server shows for any missing address: `404.html`.
    NotFound,
    /// The list of pages for search engines: `sitemap.xml`.
    Sitemap,
    /// The rules for crawlers, naming the sitemap: `robots.txt`.
    Robots,
    /// The JSON Schema that every `facts.json` names in `$schema`: `facts.schema.json`.
    FactsSchema,
    /// The sector view over every corporation and the model it follows: `sector/`.
    Sector,
    /// The sector view's facts as CSV: `sector/sector.csv`.
    SectorCsv,
    /// A theme asset under its fingerprinted name (`style.3f9a0c12.css`): `assets/<name>`.
    Asset(&'a str),
    /// A corporation's current statement: `<slug>/`.
    Corporation {
        /// The corporation's folder name.
        slug: &'a str,
    },
    /// One version of a statement, forever: `<slug>/<version>/`.
    Version {
        /// The corporation's folder name.
        slug: &'a str,
        /// The version id (`2018-05-25`, or `draft`).
        version: &'a str,
    },
    /// The print page of a version: `<slug>/<version>/print/`.
    Print {
        /// The corporation's folder name.
        slug: &'a str,
        /// The version id.
        version: &'a str,
    },
    /// The PDF of a published version: `<slug>/<version>/<slug>-<version>.pdf`.
    Pdf {
        /// The corporation's folder name.
        slug: &'a str,
        /// The version id.
        version: &'a str,
    },
    /// What changed in a version since the one before it: `<slug>/<version>/changes/`.
    VersionChanges {
        /// The corporation's folder name.
        slug: &'a str,
        /// The version id.
        version: &'a str,
    },
    /// The typed facts of a version as JSON: `<slug>/<version>/facts.json`.
    Facts {
        /// The corporation's folder name.
        slug: &'a str,
        /// The version id.
        version: &'a str,
    },
    /// The facts of a version in W3C's Data Privacy Vocabulary, as JSON-LD:
    /// `<slug>/<version>/dpv.jsonld`.
    Dpv {
        /// The corporation's folder name.
        slug: &'a str,
        /// The version id.
        version: &'a str,
    },
    /// The announcement of a version with fundamental changes, to send before it applies:
    /// `<slug>/<version>/announcement/`.
    Announcement {
        /// The corporation's folder name.
        slug: &'a str,
        /// The version id.
        version: &'a str,
    },
    /// A corporation's change log: `<slug>/changes/`.
    Changelog {
        /// The corporation's folder name.
        slug: &'a str,
    },
    /// A corporation's Atom feed: `<slug>/feed.xml`.
    Feed {
        /// The corporation's folder name.
        slug: &'a str,
    },
}

impl<'a> Route<'a> {
    /// The page of `version` of `corporation`.
    pub fn version(corporation: &'a Corporation, version: &'a Version) -> Route<'a> {
        Route::Version {
            slug: &corporation.slug,
            version: &version.id,
        }
    }

    /// The print page of `version`.
    pub fn print(corporation: &'a Corporation, version: &'a Version) -> Route<'a> {
        Route::Print {
            slug: &corporation.slug,
            version: &version.id,
        }
    }

    /// The PDF of `version`; only published versions have one: a draft is not a document to hand
    /// out or archive.
    pub fn pdf(corporation: &'a Corporation, version: &'a Version) -> Option<Route<'a>> {
        (version.id != DRAFT_FILE_STEM).then_some(Route::Pdf {
            slug: &corporation.slug,
            version: &version.id,
        })
    }

    /// The page comparing `version` with the one before it.
    pub fn version_changes(corporation: &'a Corporation, version: &'a Version) -> Route<'a> {
        Route::VersionChanges {
            slug: &corporation.slug,
            version: &version.id,
        }
    }

    /// The facts of `version` as JSON.
    pub fn facts(corporation: &'a Corporation, version: &'a Version) -> Route<'a> {
        Route::Facts {
            slug: &corporation.slug,
            version: &version.id,
        }
    }

    /// The facts of `version` in DPV, as JSON-LD.
    pub fn dpv(corporation: &'a Corporation, version: &'a Version) -> Route<'a> {
        Route::Dpv {
            slug: &corporation.slug,
            version: &version.id,
        }
    }

    /// The path relative to the site root, as written in links: pages end in `/`.
    pub fn path(&self) -> String {
        match self {
            Route::Index => String::new(),
            Route::Manifest => "index.json".to_owned(),
            Route::SiteFeed => "feed.xml".to_owned(),
            Route::NotFound => "404.html".to_owned(),
            Route::Sitemap => "sitemap.xml".to_owned(),
            Route::Robots => "robots.txt".to_owned(),
            Route::FactsSchema => "facts.schema.json".to_owned(),
            Route::Sector => "sector/".to_owned(),
            Route::SectorCsv => "sector/sector.csv".to_owned(),
            Route::Asset(name) => format!("assets/{name}"),
            Route::Corporation { slug } => format!("{slug}/"),
            Route::Version { slug, version } => format!("{slug}/{version}/"),
            Route::Print { slug, version } => format!("{slug}/{version}/print/"),
            Route::Pdf { slug, version } => {
                // Another document's PDF is named after corporation and document: `a-camera-<version>.pdf`.
                format!("{slug}/{version}/{}-{version}.pdf", slug.replace('/', "-"))
            }
            Route::VersionChanges { slug, version } => format!("{slug}/{version}/changes/"),
            Route::Facts { slug, version } => format!("{slug}/{version}/facts.json"),
            Route::Dpv { slug, version } => format!("{slug}/{version}/dpv.jsonld"),
            Route::Announcement { slug, version } => format!("{slug}/{version}/announcement/"),
            Route::Changelog { slug } => format!("{slug}/changes/"),
            Route::Feed { slug } => format!("{slug}/feed.xml"),
        }
    }

    /// The file it is written to, relative to the output folder: a page is its folder's `index.html`.
    pub fn file(&self) -> String {
        let path = self.path();
        if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path
        }
    }

    /// The way from this place back to the site root, for relative links: `../` per folder.
    pub fn root(&self) -> String {
        "../".repeat(self.file().matches('/').count())
    }
}

/// The way from the folder of a language other than the default (`en/`) back to the site root.
pub const LANGUAGE_TO_ROOT: &str = "../";

/// `path` (relative to the site root) in the folder of `language` (`en/<path>`), or as it is for the
/// default language (`None`): every other language mirrors the whole site in its own folder.
pub fn in_language(language: Option<&str>, path: &str) -> String {
    match language {
        Some(language) => format!("{language}/{path}"),
        None => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_folders_and_know_their_way_home() {
        let cases = [
            (Route::Index, "", "index.html", ""),
            (Route::Manifest, "index.json", "index.json", ""),
            (Route::Asset("style.css"), "assets/style.css", "assets/style.css", "../"),
            (Route::Corporation { slug: "a" }, "a/", "a/index.html", "../"),
            (
                Route::Version {
                    slug: "a",
                    version: "2020-01-01",
                },
                "a/2020-01-01/",
                "a/2020-01-01/index.html",
                "../../",
            ),
            (
                Route::Print {
                    slug: "a",
                    version: "2020-01-01",
                },
                "a/2020-01-01/print/",
                "a/2020-01-01/print/index.html",
                "../../../",
            ),
            (
                Route::Pdf {
                    slug: "a",
                    version: "2020-01-01",
                },
                "a/2020-01-01/a-2020-01-01.pdf",
                "a/2020-01-01/a-2020-01-01.pdf",
                "../../",
            ),
            (
                Route::Changelog { slug: "a" },
                "a/changes/",
                "a/changes/index.html",
                "../../",
            ),
            (Route::Feed { slug: "a" }, "a/feed.xml", "a/feed.xml", "../"),
            (Route::NotFound, "404.html", "404.html", ""),
            (Route::Sitemap, "sitemap.xml", "sitemap.xml", ""),
            (Route::Robots, "robots.txt", "robots.txt", ""),
            (
                Route::Facts {
                    slug: "a",
                    version: "2020-01-01",
                },
                "a/2020-01-01/facts.json",
                "a/2020-01-01/facts.json",
                "../../",
            ),
            (
                Route::Pdf {
                    slug: "a/camera",
                    version: "2020-01-01",
                },
                "a/camera/2020-01-01/a-camera-2020-01-01.pdf",
                "a/camera/2020-01-01/a-camera-2020-01-01.pdf",
                "../../../",
            ),
            (
                Route::Corporation { slug: "a/camera" },
                "a/camera/",
                "a/camera/index.html",
                "../../",
            ),
        ];
        assert_eq!(
            in_language(Some("en"), &Route::Corporation { slug: "a" }.path()),
            "en/a/"
        );
        assert_eq!(in_language(None, "a/"), "a/");
        for (route, path, file, root) in cases {
            assert_eq!(
                (route.path().as_str(), route.file().as_str(), route.root().as_str()),
                (path, file, root)
            );
        }
    }
}
