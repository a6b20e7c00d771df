//! What a web host needs besides the pages: `404.html` for any missing address, `sitemap.xml` with
//! every page that search engines should index, and `robots.txt` naming the sitemap.

use minijinja::context;

use crate::error::{Context, Result};
use crate::render::html::escape;
use crate::site::files::SiteFiles;
use crate::site::output::{BuildContext, Output};
use crate::site::routes::{Route, in_language};
use crate::site::views::periods;

/// `404.html`, the theme's "not found" page in the site's language.
pub(crate) struct NotFoundPage;

impl Output for NotFoundPage {
    fn add(&self, build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()> {
        let route = Route::NotFound;
        // The server shows this page in place of any missing address, at any depth, so its links
        // start from the site's absolute path instead of going up a known number of folders.
        let html = build
            .renderer
            .render(
                "404.html",
                context! {
                    site => build.site_value.clone(),
                    page => context! { root => url_path(&build.base_url), path => route.path(), canonical => "", single => true },
                },
            )
            .context(|| msg!("rendering page {file}", file = route.file()))?;
        site.insert(route.file(), html);
        Ok(())
    }
}

/// The path part of an absolute URL, from the `/` after the host: `/privacy/` for
/// `https://example.org/privacy/`, `/` when there is none.
fn url_path(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme.find('/').map_or("/", |at| &after_scheme[at..])
}

/// `sitemap.xml`: the index, each corporation's current statement, its change log and the pages
/// that compare each published version with the one before it. Version pages, print pages and
/// drafts are left out: they name another page as canonical, or are not indexed.
pub(crate) struct Sitemap;

impl Output for Sitemap {
    fn add(&self, build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()> {
        let mut routes = vec![Route::Index];
        for corporation in build.content.corporations.iter().filter(|c| !c.versions.is_empty()) {
            let slug = corporation.slug.as_str();
            routes.push(Route::Corporation { slug });
            routes.push(Route::Changelog { slug });
            let compared = periods(corporation, build.today).into_iter().skip(1);
            routes.extend(compared.map(|p| Route::version_changes(corporation, p.version)));
        }
        if crate::site::sector::has_sector_view(&build.content.corporations) {
            routes.push(Route::Sector);
        }
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        // The same pages in each other language, in its folder.
        let languages = std::iter::once(None).chain(build.content.config.other_languages().into_iter().map(Some));
        for language in languages {
            for route in &routes {
                let url = format!("{}{}", build.base_url, in_language(language, &route.path()));
                xml.push_str(&format!("  <url><loc>{}</loc></url>\n", escape(&url)));
            }
        }
        xml.push_str("</urlset>\n");
        site.insert(Route::Sitemap.file(), xml);
        Ok(())
    }
}

/// `robots.txt`: everything may be crawled, and the sitemap is named by its absolute address.
pub(crate) struct Robots;

impl Output for Robots {
    fn add(&self, build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()> {
        let sitemap = format!("{}{}", build.base_url, Route::Sitemap.path());
        site.insert(
            Route::Robots.file(),
            format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n"),
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_of_a_url_is_what_follows_the_host() {
        assert_eq!(url_path("https://example.org/privacy/"), "/privacy/");
        assert_eq!(url_path("https://example.org/"), "/");
        assert_eq!(url_path("http://example.org"), "/");
        assert_eq!(url_path("http://localhost:8080/a/b/"), "/a/b/");
    }
}
