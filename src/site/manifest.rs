//! The manifest `index.json`: every corporation and version with the addresses of its pages and
//! its facts as data, for tools that read the site.
//!
//! Every address is relative to `index.json` itself (`cocon-wonen/2018-05-25/facts.json`), so the
//! manifest holds wherever the site is published, also under a subpath; `base_url` says where
//! that is meant to be.

use serde::Serialize;

use crate::error::Result;
use crate::site::data::to_json;
use crate::site::files::SiteFiles;
use crate::site::output::{BuildContext, Output};
use crate::site::routes::Route;
use crate::site::views::{corporation_name, periods};

/// `index.json`.
pub(crate) struct Manifest;

#[derive(Debug, Serialize)]
struct ManifestFile<'a> {
    /// The site's absolute address, which every relative address below is resolved against.
    base_url: &'a str,
    corporations: Vec<ManifestCorporation<'a>>,
}

#[derive(Debug, Serialize)]
struct ManifestCorporation<'a> {
    slug: &'a str,
    name: &'a str,
    url: String,
    changelog: String,
    feed: String,
    versions: Vec<ManifestVersion<'a>>,
}

#[derive(Debug, Serialize)]
struct ManifestVersion<'a> {
    version: &'a str,
    published: String,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_force_until: Option<String>,
    /// The print page.
    print: String,
    /// The PDF.
    #[serde(skip_serializing_if = "Option::is_none")]
    pdf: Option<String>,
    /// The typed facts, `facts.json`.
    facts: String,
    /// The facts in the Data Privacy Vocabulary, as JSON-LD.
    dpv: String,
}

impl Output for Manifest {
    fn add(&self, build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()> {
        let relative = |route: Route<'_>| route.path();
        let manifest = ManifestFile {
            base_url: &build.base_url,
            corporations: build
                .content
                .corporations
                .iter()
                .map(|corporation| {
                    let slug = corporation.slug.as_str();
                    ManifestCorporation {
                        slug,
                        name: corporation_name(corporation),
                        url: relative(Route::Corporation { slug }),
                        changelog: relative(Route::Changelog { slug }),
                        feed: relative(Route::Feed { slug }),
                        versions: periods(corporation, build.today)
                            .into_iter()
                            .map(|period| ManifestVersion {
                                version: &period.version.id,
                                published: period
                                    .version
                                    .statement
                                    .published
                                    .map(|d| d.to_string())
                                    .unwrap_or_default(),
                                url: relative(Route::version(corporation, period.version)),
                                in_force_until: period.until.map(|d| d.to_string()),
                                print: relative(Route::print(corporation, period.version)),
                                pdf: Route::pdf(corporation, period.version).map(relative),
                                facts: relative(Route::facts(corporation, period.version)),
                                dpv: relative(Route::dpv(corporation, period.version)),
                            })
                            .collect(),
                    }
                })
                .collect(),
        };
        site.insert(Route::Manifest.file(), to_json(&manifest, Route::Manifest)?);
        Ok(())
    }
}
