//! The crawler: from the index, follows every link and asset of the deployed site, as a visitor's
//! browser and a search engine would, and notes every answer that is not a 200.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::net::SocketAddr;

use crate::common;
use crate::http::{self, Response, Target};
use crate::site::{HOST, ORIGIN, PREFIX};

/// What the crawler found.
pub struct Crawl {
    /// Every address fetched with a 200, by absolute path.
    pub found: BTreeMap<String, Response>,
    /// Every problem: an answer other than 200, a link leaving the site, a fragment with no target.
    pub failures: Vec<String>,
}

impl Crawl {
    /// The paths of the HTML pages found.
    pub fn pages(&self) -> impl Iterator<Item = &str> {
        self.found
            .iter()
            .filter(|(_, response)| response.media_type() == "text/html")
            .map(|(path, _)| path.as_str())
    }
}

/// Crawls the site on `address`, starting at its index.
pub fn crawl(address: SocketAddr) -> Crawl {
    let mut crawl = Crawl {
        found: BTreeMap::new(),
        failures: Vec::new(),
    };
    let mut queue = VecDeque::from([PREFIX.to_owned()]);
    let mut referrer: BTreeMap<String, String> = BTreeMap::from([(PREFIX.to_owned(), "(start)".to_owned())]);
    let mut fragments: Vec<(String, String, String)> = Vec::new();
    while let Some(path) = queue.pop_front() {
        let response = http::get(address, HOST, &path);
        if response.status != 200 {
            crawl.failures.push(format!(
                "{path}: status {} (linked from {})",
                response.status, referrer[&path]
            ));
            continue;
        }
        for link in links(&response) {
            match http::resolve(&link, &path, ORIGIN) {
                Target::External => {}
                Target::Local { path: target, .. } if !target.starts_with(PREFIX) => {
                    crawl.failures.push(format!("{path}: link {link} leaves the site"));
                }
                Target::Local { path: target, fragment } => {
                    if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                        fragments.push((path.clone(), target.clone(), fragment));
                    }
                    if !referrer.contains_key(&target) {
                        referrer.insert(target.clone(), path.clone());
                        queue.push_back(target);
                    }
                }
            }
        }
        crawl.found.insert(path, response);
    }
    for (from, target, fragment) in fragments {
        let Some(page) = crawl.found.get(&target) else {
            continue;
        };
        if !common::ids(&page.text()).contains(&fragment) {
            crawl
                .failures
                .push(format!("{from}: link to {target}#{fragment}, which has no such id"));
        }
    }
    crawl
}

/// The links of a page, a stylesheet or a feed.
fn links(response: &Response) -> Vec<String> {
    let text = response.text();
    match response.media_type().as_str() {
        "text/html" | "application/atom+xml" | "application/xml" | "text/xml" => {
            let mut links = common::attribute_values(&text, "href");
            links.extend(common::attribute_values(&text, "src"));
            links
        }
        "text/css" => text
            .split("url(")
            .skip(1)
            .filter_map(|rest| rest.split_once(')'))
            .map(|(url, _)| url.trim_matches(['"', '\'', ' ']).to_owned())
            .filter(|url| !url.starts_with("data:"))
            .collect(),
        _ => Vec::new(),
    }
}

/// The kind of page at `path`, from its place in the site: `index`, `statement` (a corporation's
/// current one), `version`, `draft`, `changes` (what changed in a version), `changelog` or `print`.
pub fn page_type(path: &str) -> &'static str {
    let segments: Vec<&str> = path
        .strip_prefix(PREFIX)
        .unwrap_or(path)
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    match segments.as_slice() {
        [] => "index",
        [_] => "statement",
        [_, "changes"] => "changelog",
        [_, "draft"] => "draft",
        [_, _] => "version",
        [_, _, "changes"] => "changes",
        [_, _, "print"] => "print",
        _ => "other",
    }
}

/// The distinct page types among `paths`, each with the paths of that type.
pub fn by_type<'a>(paths: impl Iterator<Item = &'a str>) -> BTreeMap<&'static str, BTreeSet<&'a str>> {
    let mut types: BTreeMap<&'static str, BTreeSet<&'a str>> = BTreeMap::new();
    for path in paths {
        types.entry(page_type(path)).or_default().insert(path);
    }
    types
}
