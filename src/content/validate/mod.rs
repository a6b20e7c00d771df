//! Semantic checks on loaded content: ids are unique, every reference resolves, version files are
//! named after their date, slugs are usable in URLs, free sections are placed somewhere that exists.

use std::collections::BTreeSet;
use std::path::Path;

use crate::content::cache::Verified;
use crate::content::corpus::Content;
use crate::content::model::{Placement, Purpose, Statement};
use crate::content::outline::SECTION_KEYS;
use crate::content::version::Version;
use crate::error::{ContentError, ContentErrorKind};
use crate::suggest::did_you_mean;

/// Checks all content and returns every problem found.
pub fn validate(content: &Content) -> Vec<ContentError> {
    validate_with(content, &Verified::none())
}

/// [`validate`], taking the published versions `verified` knows as matching the ledger.
pub fn validate_with(content: &Content, verified: &Verified) -> Vec<ContentError> {
    let mut errors = Vec::new();
    if !content.config.base_url.starts_with("http://") && !content.config.base_url.starts_with("https://") {
        errors.push(
            ContentError::new(
                ContentErrorKind::Invalid,
                &content.dir.join(crate::content::files::SITE_FILE),
                msg!(
                    "base_url `{base_url}` is not an absolute web address",
                    base_url = content.config.base_url
                ),
            )
            .at_path("base_url")
            .with_help(msg!("write the full address, e.g. https://example.org/privacy/")),
        );
    }
    for corporation in content.corporations.iter().chain(&content.models) {
        if corporation.slug == crate::content::models::MODELS_FOLDER {
            errors.push(
                ContentError::new(
                    ContentErrorKind::Invalid,
                    &content.shown_path(&content.dir.join(&corporation.slug)),
                    msg!("`models` is the folder of the sector's model statements, not a corporation"),
                )
                .with_help(msg!(
                    "put each model in a folder of its own, `content/models/<name>/<date>.yaml`; \
                     a corporation needs another folder name"
                )),
            );
        }
        let follows_model = |c: &crate::content::version::Corporation| c.versions.iter().any(|v| v.basis.is_some());
        if corporation.slug == "sector" && content.corporations.iter().any(follows_model) {
            errors.push(
                ContentError::new(
                    ContentErrorKind::Invalid,
                    &content.shown_path(&content.dir.join(&corporation.slug)),
                    msg!(
                        "`sector/` is the address of the sector view, which this site has since a corporation \
                         follows a model"
                    ),
                )
                .with_help(msg!("rename this corporation's folder")),
            );
        }
        if !is_valid_slug(&corporation.slug) {
            let folder = content.dir.join(&corporation.slug);
            errors.push(
                ContentError::new(
                    ContentErrorKind::Invalid,
                    &folder,
                    msg!(
                        "folder name `{slug}` cannot be used in a web address",
                        slug = corporation.slug
                    ),
                )
                .with_help(msg!(
                    "rename the folder to lowercase letters, digits and hyphens, e.g. `cocon-wonen`"
                )),
            );
        }
        for version in &corporation.versions {
            errors.extend(check_version(version));
        }
        if let Some(draft) = &corporation.draft {
            errors.extend(check_draft(draft));
        }
    }
    let _span = crate::trace::span("ledger verify");
    errors.extend(crate::content::ledger::verify_with(
        &content.ledger,
        &content.dir,
        &content.corporations,
        &content.models,
        verified,
    ));
    errors.extend(crate::content::translate::recorded::verify(
        &content.ledger,
        &content.corporations,
    ));
    errors.extend(crate::content::translate::languages::check_slugs(content));
    errors
}

/// Whether a corporation's folder name, and a document folder's in it, are fit for URLs.
pub fn is_valid_slug(slug: &str) -> bool {
    slug.split('/').all(is_valid_folder_name)
}

/// Whether one folder name is fit for URLs.
fn is_valid_folder_name(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Checks one published version file.
pub fn check_version(version: &Version) -> Vec<ContentError> {
    let mut checker = Checker {
        file: &version.file,
        errors: Vec::new(),
    };
    match version.statement.published {
        Some(published) => checker.check_file_name(&version.id, published.to_string()),
        None => checker.errors.push(
            ContentError::new(
                ContentErrorKind::Type,
                checker.file,
                msg!("a published version needs its date"),
            )
            .at_path("published")
            .with_help(msg!("add `published: {id}` if that is its date; a version that is not published yet belongs in `draft.yaml`", id = version.id)),
        ),
    }
    checker.check_statement(&version.statement);
    checker.errors
}

/// Checks the draft: the same facts as a published version, but its date may be left out.
pub fn check_draft(draft: &Version) -> Vec<ContentError> {
    let mut checker = Checker {
        file: &draft.file,
        errors: Vec::new(),
    };
    checker.check_statement(&draft.statement);
    checker.errors
}

struct Checker<'a> {
    file: &'a Path,
    errors: Vec<ContentError>,
}

/// The ids of one kind of fact.
struct IdSet {
    what: &'static str,
    ids: BTreeSet<String>,
}

impl Checker<'_> {
    fn check_file_name(&mut self, id: &str, published: String) {
        let suffix_ok = id.strip_prefix(&published).is_some_and(|rest| {
            rest.is_empty()
                || rest
                    .strip_prefix('-')
                    .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        });
        if !suffix_ok {
            self.errors.push(
                ContentError::new(
                    ContentErrorKind::Invalid,
                    self.file,
                    msg!("the file is named `{id}` but the version is published on {published}", id, published),
                )
                .at_path("published")
                .with_help(msg!("name the file `{published}.yaml` (a second version on the same day: `{published}-2.yaml`), or correct `published`", published)),
            );
        }
    }

    fn check_statement(&mut self, statement: &Statement) {
        self.check_newer_facts(statement);
        let categories = self.collect_ids(
            msg_id!("category"),
            statement
                .data
                .categories
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("data.categories[{i}].id"), c.id.as_str())),
        );
        let mut purpose_ids = Vec::new();
        flatten_purposes(&statement.purposes.list, "purposes.list", &mut purpose_ids);
        let purposes = self.collect_ids(
            msg_id!("purpose"),
            purpose_ids
                .iter()
                .map(|(path, p)| (format!("{path}.id"), p.id.as_str())),
        );
        let services_list = statement.service_list();
        let services = self.collect_ids(
            msg_id!("service"),
            services_list
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("services.list[{i}].id"), s.id.as_str())),
        );
        let bases_list = statement.legal_basis_list();
        let bases = self.collect_ids(
            msg_id!("legal basis"),
            bases_list
                .iter()
                .enumerate()
                .map(|(i, b)| (format!("legal_bases.list[{i}].id"), b.id.as_str())),
        );
        let recipients_list = statement.recipient_list();
        let recipients = self.collect_ids(
            msg_id!("recipient"),
            recipients_list
                .iter()
                .enumerate()
                .map(|(i, r)| (format!("recipients.list[{i}].id"), r.id.as_str())),
        );
        self.collect_ids(
            msg_id!("data subject"),
            statement
                .data_subjects
                .iter()
                .enumerate()
                .map(|(i, d)| (format!("data_subjects[{i}].id"), d.id.as_str())),
        );
        let sections = self.collect_ids(
            msg_id!("section"),
            statement
                .sections
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("sections[{i}].id"), s.id.as_str())),
        );

        for (path, purpose) in &purpose_ids {
            self.check_refs(&categories, &purpose.categories, &format!("{path}.categories"));
        }
        for (i, service) in services_list.iter().enumerate() {
            self.check_refs(
                &categories,
                &service.categories,
                &format!("services.list[{i}].categories"),
            );
            self.check_refs(&purposes, &service.purposes, &format!("services.list[{i}].purposes"));
        }
        for (i, basis) in bases_list.iter().enumerate() {
            self.check_refs(&purposes, &basis.purposes, &format!("legal_bases.list[{i}].purposes"));
            self.check_refs(&services, &basis.services, &format!("legal_bases.list[{i}].services"));
        }
        for (i, recipient) in recipients_list.iter().enumerate() {
            self.check_refs(
                &categories,
                &recipient.categories,
                &format!("recipients.list[{i}].categories"),
            );
            self.check_refs(
                &purposes,
                &recipient.purposes,
                &format!("recipients.list[{i}].purposes"),
            );
        }
        if let Some(sources) = &statement.sources {
            for (i, source) in sources.others.iter().enumerate() {
                self.check_refs(
                    &categories,
                    &source.categories,
                    &format!("sources.others[{i}].categories"),
                );
            }
            if sources.from_others == Some(false) && !sources.others.is_empty() {
                self.invalid(
                    "sources.from_others",
                    &msg!("`from_others` is false but `others` lists parties"),
                    msg!("set `from_others: true` or remove the parties"),
                );
            }
        }
        if let Some(retention) = &statement.retention {
            for (i, period) in retention.periods.iter().enumerate() {
                self.check_ref(
                    &categories,
                    &period.category,
                    &format!("retention.periods[{i}].category"),
                );
            }
        }
        if let Some(basis) = statement
            .camera_surveillance
            .as_ref()
            .and_then(|c| c.legal_basis.as_ref())
        {
            self.check_ref(&bases, basis, "camera_surveillance.legal_basis");
        }
        if let Some(transfers) = &statement.transfers {
            for (i, transfer) in transfers.list.iter().enumerate() {
                self.check_ref(
                    &recipients,
                    &transfer.recipient,
                    &format!("transfers.list[{i}].recipient"),
                );
            }
            if !transfers.outside_eu && !transfers.list.is_empty() {
                self.invalid(
                    "transfers.outside_eu",
                    &msg!("`outside_eu` is false but transfers are listed"),
                    msg!("set `outside_eu: true` or remove the list"),
                );
            }
        }
        self.check_web_address("organisation.website", statement.organisation.website.as_deref());
        self.check_web_address(
            "complaints.authority.url",
            statement.complaints.authority.as_ref().and_then(|a| a.url.as_deref()),
        );
        for (i, section) in statement.sections.iter().enumerate() {
            if SECTION_KEYS.contains(&section.id.as_str()) {
                self.invalid(
                    &format!("sections[{i}].id"),
                    &msg!(
                        "free section id `{id}` is the name of a standard section",
                        id = section.id
                    ),
                    msg!("choose another id; it becomes the section's anchor on the page"),
                );
            }
            if let Placement::After(key) | Placement::Before(key) = &section.place {
                let known = SECTION_KEYS.contains(&key.as_str()) || (sections.ids.contains(key) && key != &section.id);
                if !known {
                    let mut allowed: Vec<&str> = SECTION_KEYS.to_vec();
                    allowed.extend(
                        statement
                            .sections
                            .iter()
                            .filter(|s| s.id != section.id)
                            .map(|s| s.id.as_str()),
                    );
                    self.errors.push(
                        ContentError::new(
                            ContentErrorKind::BrokenReference,
                            self.file,
                            msg!(
                                "free section `{id}` is placed next to `{key}`, which does not exist",
                                id = section.id,
                                key
                            ),
                        )
                        .at_path(format!("sections[{i}].place"))
                        .with_help(msg!(
                            "{did_you_mean}use `start`, `end`, or after/before one of: {allowed}",
                            did_you_mean = did_you_mean(key, allowed.iter().copied()),
                            allowed = allowed.join(", ")
                        )),
                    );
                }
            }
        }
    }

    /// A field that the pages turn into a link must hold a web address: anything else (a
    /// `javascript:` or `data:` URL) would run in the reader's browser.
    fn check_web_address(&mut self, path: &str, url: Option<&str>) {
        let Some(url) = url else { return };
        let lower = url.trim().to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://"))
            || !crate::render::markdown::is_safe_url(url)
        {
            self.invalid(
                path,
                &msg!("`{url}` is not a web address", url),
                msg!("write the full address starting with https:// (or http://), e.g. https://www.example.nl/"),
            );
        }
    }

    fn collect_ids<'a>(&mut self, what: &'static str, ids: impl Iterator<Item = (String, &'a str)>) -> IdSet {
        let mut set = IdSet {
            what,
            ids: BTreeSet::new(),
        };
        for (path, id) in ids {
            if id.trim().is_empty() {
                self.invalid(
                    &path,
                    &msg!("a {what} has an empty id", what = crate::messages::text(what)),
                    msg!("give it a short id such as `contact`"),
                );
            } else if !set.ids.insert(id.to_owned()) {
                self.errors.push(
                    ContentError::new(
                        ContentErrorKind::DuplicateId,
                        self.file,
                        msg!("{what} id `{id}` is used twice", what = crate::messages::text(what), id),
                    )
                    .at_path(path)
                    .with_help(msg!(
                        "every {what} needs its own id",
                        what = crate::messages::text(what)
                    )),
                );
            }
        }
        set
    }

    /// Checks a list of references at `path`, e.g. `purposes.list[0].categories`.
    fn check_refs(&mut self, known: &IdSet, refs: &[String], path: &str) {
        for (i, id) in refs.iter().enumerate() {
            self.check_ref(known, id, &format!("{path}[{i}]"));
        }
    }

    /// Checks a single reference at `path`.
    fn check_ref(&mut self, known: &IdSet, id: &str, path: &str) {
        if known.ids.contains(id) {
            return;
        }
        let candidates: Vec<&str> = known.ids.iter().map(String::as_str).collect();
        let help = if candidates.is_empty() {
            msg!(
                "there is no {what} with an id yet; add one or remove this reference",
                what = crate::messages::text(known.what)
            )
        } else {
            msg!(
                "{did_you_mean}known {what} ids: {candidates}",
                did_you_mean = did_you_mean(id, candidates.iter().copied()),
                what = crate::messages::text(known.what),
                candidates = candidates.join(", ")
            )
        };
        self.errors.push(
            ContentError::new(
                ContentErrorKind::BrokenReference,
                self.file,
                msg!(
                    "there is no {what} with id `{id}`",
                    what = crate::messages::text(known.what),
                    id
                ),
            )
            .at_path(path)
            .with_help(help),
        );
    }

    fn invalid(&mut self, path: &str, message: &str, help: impl Into<String>) {
        self.errors.push(
            ContentError::new(ContentErrorKind::Invalid, self.file, message)
                .at_path(path)
                .with_help(help),
        );
    }
}

fn flatten_purposes<'a>(list: &'a [Purpose], path: &str, out: &mut Vec<(String, &'a Purpose)>) {
    for (i, purpose) in list.iter().enumerate() {
        let here = format!("{path}[{i}]");
        out.push((here.clone(), purpose));
        flatten_purposes(&purpose.sub_purposes, &format!("{here}.sub_purposes"), out);
    }
}

mod facts;
#[cfg(test)]
mod tests;
