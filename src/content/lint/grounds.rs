//! What some grounds and parties bring with them: consent needs a way to withdraw it, special
//! categories need an art. 9 exception, processors need an agreement.

use super::finding::{Findings, Rule, Severity};
use super::text::texts;
use crate::content::model::{DataItem, LegalBasisKind, RecipientKind, RightKind, Sensitivity, SharingSafeguard};

static CONSENT_WITHDRAWAL: Rule = Rule {
    id: "art13-2c-consent-without-withdrawal",
    severity: Severity::Warning,
    article: "AVG art. 13(2)(c), 7(3)",
    fix: msg_id!("add `- kind: withdraw_consent` to `rights.list`"),
};
static SPECIAL_CATEGORY: Rule = Rule {
    id: "art9-special-category-without-ground",
    severity: Severity::Warning,
    article: "AVG art. 9(2), UAVG art. 22-30",
    fix: msg_id!(
        "say which exception of art. 9(2) AVG (or UAVG art. 22-30) allows it, e.g. in the legal basis' `description:`"
    ),
};
static PROCESSOR_AGREEMENT: Rule = Rule {
    id: "art28-processor-without-agreement",
    severity: Severity::Warning,
    article: "AVG art. 28(3)",
    fix: msg_id!("add `safeguard: processing_agreement` to the processor"),
};

/// The rules of this group.
pub(super) const RULES: &[&Rule] = &[&CONSENT_WITHDRAWAL, &SPECIAL_CATEGORY, &PROCESSOR_AGREEMENT];

pub(super) fn check(findings: &mut Findings) {
    let statement = &findings.version.statement;
    let bases = statement.legal_basis_list();
    let recipients = statement.recipient_list();
    let consent_basis = bases.iter().position(|b| b.kind == Some(LegalBasisKind::Consent));
    let consent_sharing = recipients
        .iter()
        .position(|r| r.safeguard == Some(SharingSafeguard::Consent));
    let can_withdraw = statement
        .rights
        .list
        .iter()
        .any(|r| r.kind == RightKind::WithdrawConsent);
    let consent_at = consent_basis
        .map(|i| format!("legal_bases.list[{i}]"))
        .or(consent_sharing.map(|i| format!("recipients.list[{i}].safeguard")));
    if let Some(path) = consent_at
        && !can_withdraw
    {
        findings.add(
            &CONSENT_WITHDRAWAL,
            Some(path),
            msg!("data is processed with consent, but the statement does not say that consent can be withdrawn"),
        );
    }

    let names_exception = texts(statement).iter().any(|(_, text)| {
        let lower = text.to_lowercase();
        ["artikel 9", "art. 9", "art 9", "uavg"]
            .iter()
            .any(|w| lower.contains(w))
    });
    if !names_exception {
        for (i, category) in statement.data.categories.iter().enumerate() {
            let special_item = category.items.iter().position(|item| match item {
                DataItem::Detailed(details) => details.sensitivity == Some(Sensitivity::Special),
                DataItem::Plain(_) => false,
            });
            let path = if category.sensitivity == Sensitivity::Special {
                Some(format!("data.categories[{i}]"))
            } else {
                special_item.map(|j| format!("data.categories[{i}].items[{j}]"))
            };
            if let Some(path) = path {
                let name = category.name.as_deref().unwrap_or(&category.id);
                findings.add(
                    &SPECIAL_CATEGORY,
                    Some(path),
                    msg!(
                        "`{name}` holds special categories of data, but no exception of art. 9 is named",
                        name
                    ),
                );
            }
        }
    }

    for (i, recipient) in recipients.iter().enumerate() {
        if recipient.kind == Some(RecipientKind::Processor)
            && recipient.safeguard != Some(SharingSafeguard::ProcessingAgreement)
        {
            findings.add(
                &PROCESSOR_AGREEMENT,
                Some(format!("recipients.list[{i}]")),
                msg!(
                    "processor `{name}` works without a stated processing agreement",
                    name = recipient.name
                ),
            );
        }
    }
}
