//! The items a statement must give under AVG art. 13 (data from the person) and art. 14 (data
//! from others): who is responsible, why, on what basis, to whom, how long, which rights.

use super::finding::{Findings, Rule, Severity};
use super::text::{has_word, texts};
use crate::content::model::{Purpose, RightKind};

static CONTROLLER_CONTACT: Rule = Rule {
    id: "art13-1a-controller-contact",
    severity: Severity::Warning,
    article: "AVG art. 13(1)(a)",
    fix: msg_id!("add `email:`, `phone:` or `address:` under `organisation:`"),
};
static DPO_CONTACT: Rule = Rule {
    id: "art13-1b-dpo-contact",
    severity: Severity::Warning,
    article: "AVG art. 13(1)(b)",
    fix: msg_id!("add the officer's `email:` or `phone:` under `privacy_contact:`"),
};
static NO_LEGAL_BASIS: Rule = Rule {
    id: "art13-1c-no-legal-basis",
    severity: Severity::Warning,
    article: "AVG art. 13(1)(c), 6(1)",
    fix: msg_id!("add `legal_bases:` with the art. 6 basis of each purpose"),
};
static PURPOSE_WITHOUT_BASIS: Rule = Rule {
    id: "art13-1c-purpose-without-basis",
    severity: Severity::Warning,
    article: "AVG art. 13(1)(c)",
    fix: msg_id!("list each purpose's id under `purposes:` of the legal basis it rests on"),
};
static LEGITIMATE_INTEREST: Rule = Rule {
    id: "art13-1d-legitimate-interest-unspecified",
    severity: Severity::Warning,
    article: "AVG art. 13(1)(d), 6(1)(f)",
    fix: msg_id!("spell out the interests in `legitimate_interests:` of that basis"),
};
static RECIPIENTS: Rule = Rule {
    id: "art13-1e-recipients-unstated",
    severity: Severity::Warning,
    article: "AVG art. 13(1)(e)",
    fix: msg_id!("add `recipients:` with the (kinds of) parties that receive data"),
};
static TRANSFERS: Rule = Rule {
    id: "art13-1f-transfers-unstated",
    severity: Severity::Warning,
    article: "AVG art. 13(1)(f)",
    fix: msg_id!("add `transfers:` with `outside_eu: false`, or list the transfers with their safeguard"),
};
static TRANSFER_SAFEGUARD: Rule = Rule {
    id: "art13-1f-transfer-without-safeguard",
    severity: Severity::Warning,
    article: "AVG art. 13(1)(f), 44-46",
    fix: msg_id!("name the safeguard, e.g. `adequaatheidsbesluit` or `modelcontractbepalingen`"),
};
static RETENTION_UNSTATED: Rule = Rule {
    id: "art13-2a-retention-unstated",
    severity: Severity::Warning,
    article: "AVG art. 13(2)(a)",
    fix: msg_id!("add `retention:` with a period or the criteria per category"),
};
static RETENTION_NOT_CONCRETE: Rule = Rule {
    id: "art13-2a-retention-not-concrete",
    severity: Severity::Warning,
    article: "AVG art. 13(2)(a)",
    fix: msg_id!("add `periods:` with a `period:` (e.g. `2 jaar`) and a `trigger:` per category"),
};
static RIGHT_MISSING: Rule = Rule {
    id: "art13-2b-right-missing",
    severity: Severity::Warning,
    article: "AVG art. 13(2)(b), 15-21",
    fix: msg_id!(
        "add the right to `rights.list` (kind: access, rectification, erasure, restriction, objection, portability)"
    ),
};
static AUTHORITY: Rule = Rule {
    id: "art13-2d-no-complaint-authority",
    severity: Severity::Warning,
    article: "AVG art. 13(2)(d), 77",
    fix: msg_id!("add `authority:` under `complaints:` with the Autoriteit Persoonsgegevens"),
};
static REQUIREMENT: Rule = Rule {
    id: "art13-2e-requirement-unstated",
    severity: Severity::Info,
    article: "AVG art. 13(2)(e)",
    fix: msg_id!("say whether people must give their data (by law or contract) and what happens if they do not"),
};
static AUTOMATED: Rule = Rule {
    id: "art13-2f-automated-decisions-unstated",
    severity: Severity::Warning,
    article: "AVG art. 13(2)(f), 22",
    fix: msg_id!("add `automated_decisions:` with `decision_making:` and `profiling:` (true or false)"),
};
static SOURCES_UNNAMED: Rule = Rule {
    id: "art14-2f-sources-unnamed",
    severity: Severity::Warning,
    article: "AVG art. 14(2)(f)",
    fix: msg_id!("list the parties under `sources.others` with the categories each provides"),
};
static SOURCE_CATEGORIES: Rule = Rule {
    id: "art14-1d-source-without-categories",
    severity: Severity::Warning,
    article: "AVG art. 14(1)(d)",
    fix: msg_id!("add `categories:` with the ids of the data this party provides"),
};

/// The rules of this group.
pub(super) const RULES: &[&Rule] = &[
    &CONTROLLER_CONTACT,
    &DPO_CONTACT,
    &NO_LEGAL_BASIS,
    &PURPOSE_WITHOUT_BASIS,
    &LEGITIMATE_INTEREST,
    &RECIPIENTS,
    &TRANSFERS,
    &TRANSFER_SAFEGUARD,
    &RETENTION_UNSTATED,
    &RETENTION_NOT_CONCRETE,
    &RIGHT_MISSING,
    &AUTHORITY,
    &REQUIREMENT,
    &AUTOMATED,
    &SOURCES_UNNAMED,
    &SOURCE_CATEGORIES,
];

/// The rights art. 13(2)(b) names, with the words used in messages.
const REQUIRED_RIGHTS: [(RightKind, &str); 6] = [
    (RightKind::Access, msg_id!("access")),
    (RightKind::Rectification, msg_id!("rectification")),
    (RightKind::Erasure, msg_id!("erasure")),
    (RightKind::Restriction, msg_id!("restriction")),
    (RightKind::Objection, msg_id!("objection")),
    (RightKind::Portability, msg_id!("portability")),
];

pub(super) fn check(findings: &mut Findings) {
    let statement = &findings.version.statement;
    let organisation = &statement.organisation;
    if organisation.email.is_none() && organisation.phone.is_none() && organisation.address.is_empty() {
        findings.add(
            &CONTROLLER_CONTACT,
            Some("organisation".to_owned()),
            msg!("the statement gives no e-mail address, phone number or address of the corporation"),
        );
    }
    if let Some(contact) = &statement.privacy_contact
        && contact.email.is_none()
        && contact.phone.is_none()
        && contact.note.is_none()
    {
        findings.add(
            &DPO_CONTACT,
            Some("privacy_contact".to_owned()),
            msg!("the privacy contact has no contact details"),
        );
    }
    check_bases(findings);
    if statement.recipients.is_none() {
        findings.add(
            &RECIPIENTS,
            None,
            msg!("the statement does not say who receives personal data"),
        );
    }
    match &statement.transfers {
        None => findings.add(
            &TRANSFERS,
            None,
            msg!("the statement does not say whether data leaves the European Union"),
        ),
        Some(transfers) => {
            for (i, transfer) in transfers.list.iter().enumerate() {
                if transfer.safeguard.trim().is_empty() {
                    findings.add(
                        &TRANSFER_SAFEGUARD,
                        Some(format!("transfers.list[{i}].safeguard")),
                        msg!(
                            "the transfer to {country} names no safeguard",
                            country = transfer.country
                        ),
                    );
                }
            }
        }
    }
    match &statement.retention {
        None => findings.add(
            &RETENTION_UNSTATED,
            None,
            msg!("the statement does not say how long data is kept"),
        ),
        Some(retention) if retention.periods.is_empty() => findings.add(
            &RETENTION_NOT_CONCRETE,
            Some("retention".to_owned()),
            msg!("retention is described in general words only, without a period or criteria per category"),
        ),
        Some(_) => {}
    }
    for (kind, name) in REQUIRED_RIGHTS {
        if !statement.rights.list.iter().any(|right| right.kind == kind) {
            findings.add(
                &RIGHT_MISSING,
                Some("rights.list".to_owned()),
                msg!(
                    "the right of {name} is not mentioned",
                    name = crate::messages::text(name)
                ),
            );
        }
    }
    if statement.complaints.authority.is_none() {
        findings.add(
            &AUTHORITY,
            Some("complaints".to_owned()),
            msg!("the statement does not name the supervisory authority people can complain to"),
        );
    }
    let says_requirement = texts(statement)
        .iter()
        .any(|(_, text)| has_word(text, "verplicht") || has_word(text, "gevolg") || has_word(text, "gevolgen"));
    if !says_requirement {
        findings.add(
            &REQUIREMENT,
            None,
            msg!("the statement does not say whether people are obliged to give their data, or what follows if they do not"),
        );
    }
    let automated_said = statement
        .automated_decisions
        .as_ref()
        .is_some_and(|a| a.decision_making.is_some() || a.profiling.is_some());
    if !automated_said {
        findings.add(
            &AUTOMATED,
            statement
                .automated_decisions
                .as_ref()
                .map(|_| "automated_decisions".to_owned()),
            msg!("the statement does not say whether automated decisions or profiling take place"),
        );
    }
    if let Some(sources) = &statement.sources {
        if sources.from_others == Some(true) && sources.others.is_empty() {
            findings.add(
                &SOURCES_UNNAMED,
                Some("sources.from_others".to_owned()),
                msg!("data comes from other parties, but the statement does not say which"),
            );
        }
        for (i, source) in sources.others.iter().enumerate() {
            if source.categories.is_empty() {
                findings.add(
                    &SOURCE_CATEGORIES,
                    Some(format!("sources.others[{i}]")),
                    msg!(
                        "the statement does not say which data comes from {name}",
                        name = source.name
                    ),
                );
            }
        }
    }
}

/// Art. 13(1)(c) and (d): every purpose has a basis, and legitimate interests are spelled out.
fn check_bases(findings: &mut Findings) {
    let statement = &findings.version.statement;
    let bases = statement.legal_basis_list();
    if bases.is_empty() {
        findings.add(
            &NO_LEGAL_BASIS,
            None,
            msg!("the statement names no legal basis for its processing"),
        );
        return;
    }
    for (i, basis) in bases.iter().enumerate() {
        let is_legitimate = basis.kind == Some(crate::content::model::LegalBasisKind::LegitimateInterests);
        if is_legitimate
            && basis
                .legitimate_interests
                .as_deref()
                .is_none_or(|t| t.trim().is_empty())
        {
            findings.add(
                &LEGITIMATE_INTEREST,
                Some(format!("legal_bases.list[{i}]")),
                msg!(
                    "legal basis `{id}` rests on legitimate interests without saying which",
                    id = basis.id
                ),
            );
        }
    }
    let services = statement.service_list();
    let mut covered: Vec<&str> = Vec::new();
    for basis in bases {
        covered.extend(basis.purposes.iter().map(String::as_str));
        for service in services.iter().filter(|s| basis.services.contains(&s.id)) {
            covered.extend(service.purposes.iter().map(String::as_str));
        }
    }
    let mut uncovered = Vec::new();
    uncovered_leaves(&statement.purposes.list, "purposes.list", &covered, &mut uncovered);
    if let Some((path, _)) = uncovered.first() {
        let names: Vec<String> = uncovered.iter().map(|(_, name)| format!("`{name}`")).collect();
        let message = if names.len() == 1 {
            msg!("1 purpose rests on no legal basis: {names}", names = names.join("; "))
        } else {
            msg!(
                "{count} purposes rest on no legal basis: {names}",
                count = names.len(),
                names = names.join("; ")
            )
        };
        findings.add(&PURPOSE_WITHOUT_BASIS, Some(path.clone()), message);
    }
}

/// The purposes without sub-purposes that neither they nor a parent are covered by a basis.
fn uncovered_leaves(list: &[Purpose], path: &str, covered: &[&str], out: &mut Vec<(String, String)>) {
    for (i, purpose) in list.iter().enumerate() {
        if covered.contains(&purpose.id.as_str()) {
            continue;
        }
        let here = format!("{path}[{i}]");
        if purpose.sub_purposes.is_empty() {
            out.push((here, purpose.name.clone()));
        } else {
            uncovered_leaves(&purpose.sub_purposes, &format!("{here}.sub_purposes"), covered, out);
        }
    }
}
