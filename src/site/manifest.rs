//! The manifest `index.json`: every corporation and version with the addresses of its pages, for
//! tools that read the site.

use std::path::PathBuf;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::site::files::SiteFiles;
use crate::site::output::{BuildContext, Output};
use crate::site::routes::Route;
use crate::site::views::{corporation_name, periods};

/// `index.json`.
pub(crate) struct Manifest;

#[derive(Debug, Serialize)]
struct ManifestFile<'a> {
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
}

impl Output for Manifest {
    fn add(&self, build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()> {
        let absolute = |route: Route<'_>| format!("/{}", route.path());
        let manifest = ManifestFile {
            corporations: build
                .content
                .corporations
                .iter()
                .map(|corporation| {
                    let slug = corporation.slug.as_str();
                    ManifestCorporation {
                        slug,
                        name: corporation_name(corporation),
                        url: absolute(Route::Corporation { slug }),
                        changelog: absolute(Route::Changelog { slug }),
                        feed: absolute(Route::Feed { slug }),
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
                                url: absolute(Route::version(corporation, period.version)),
                                in_force_until: period.until.map(|d| d.to_string()),
                                print: absolute(Route::print(corporation, period.version)),
                                pdf: Route::pdf(corporation, period.version).map(absolute),
                            })
                            .collect(),
                    }
                })
                .collect(),
        };
        let mut json = serde_json::to_string_pretty(&manifest).map_err(|e| Error::Theme {
            file: PathBuf::from(Route::Manifest.file()),
            message: e.to_string(),
        })?;
        json.push('\n');
        site.insert(Route::Manifest.file(), json);
        Ok(())
    }
}
