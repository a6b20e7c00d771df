//! The kinds of fact a statement holds: where each is shown, how it is keyed, when a change is fundamental.

use serde::Serialize;

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::classes::Reason;
use super::materiality::{self as rule};
use crate::content::model::Sensitivity;

/// A fact's compared fields, flattened (nested maps as dotted keys).
pub(super) type Fields = BTreeMap<String, Json>;

/// A kind of fact, declared in the order of a statement: the change log lists changes in this
/// order. It serialises to the snake_case key the theme's `changes/sentence.txt` and locale
/// (`changes.entities`, `changes.added`, ...) name it by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// The statement's own texts: title, introduction, changes, questions.
    Statement,
    /// The controller.
    Organisation,
    /// The privacy officer or other contact.
    PrivacyContact,
    /// A promise, e.g. "wij verkopen uw gegevens nooit".
    Commitment,
    /// A group of people whose data is processed.
    DataSubject,
    /// The texts around the data categories.
    Data,
    /// A category of personal data.
    Category,
    /// One item of personal data in a category.
    DataItem,
    /// The texts around the sources.
    Sources,
    /// A source of data other than the people themselves.
    Source,
    /// A channel through which data is collected.
    Channel,
    /// Whether people must provide their data.
    Obligation,
    /// The texts around the purposes.
    Purposes,
    /// A purpose or sub-purpose.
    Purpose,
    /// The texts around the services.
    Services,
    /// A service.
    Service,
    /// The texts around the legal bases.
    LegalBases,
    /// A legal basis.
    LegalBasis,
    /// Automated decision-making and profiling.
    AutomatedDecisions,
    /// The texts around the recipients.
    Recipients,
    /// A recipient.
    Recipient,
    /// The texts around the transfers, and whether there are any outside the EU.
    Transfers,
    /// A transfer to a recipient in a country.
    Transfer,
    /// Camera surveillance.
    CameraSurveillance,
    /// A place with a camera.
    CameraLocation,
    /// The texts around the security measures.
    Security,
    /// A security measure.
    Measure,
    /// The texts around the retention periods.
    Retention,
    /// The retention period of a category.
    RetentionPeriod,
    /// Register of processing and impact assessments.
    Accountability,
    /// The texts around the rights.
    Rights,
    /// A right.
    Right,
    /// How to use the rights.
    RightsProcedure,
    /// Where to complain.
    Complaints,
    /// A law the statement refers to.
    Law,
    /// A defined term.
    Definition,
    /// A section of free text.
    FreeSection,
    /// Who signs the statement.
    Signatory,
    /// Another document the statement refers to.
    RelatedDocument,
}

/// How the facts of a kind are told apart between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Keying {
    /// At most one in a statement: no key.
    Single,
    /// By the text of one field: its id, name, term, category or kind.
    Field(&'static str),
    /// By its name (a plain item is its name), prefixed `category/` where the name recurs in
    /// another category.
    ItemName,
    /// By recipient and country, `recipient/country`.
    RecipientCountry,
    /// By its name, or its description when it has no name.
    NameOrDescription,
    /// By its kind, and its name where it has one, `kind/name`.
    KindName,
}

/// Which of a fact's serialised fields are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Compared {
    /// Only these.
    Only(&'static [&'static str]),
    /// All but these: the ones that key it, and lists that are facts of their own.
    Except(&'static [&'static str]),
}

impl FactKind {
    /// The outline key of the section the fact is shown in, to link to it.
    pub fn section(self) -> &'static str {
        use FactKind::*;
        match self {
            Statement => "introduction",
            Organisation | PrivacyContact => "organisation",
            Commitment => "commitments",
            Channel => "channels",
            Obligation => "obligation",
            CameraLocation => "camera_surveillance",
            Accountability => "accountability",
            RelatedDocument => "related_documents",
            DataSubject => "data_subjects",
            Data | Category | DataItem => "data",
            Sources | Source => "sources",
            Purposes | Purpose => "purposes",
            Services | Service => "services",
            LegalBases | LegalBasis => "legal_bases",
            AutomatedDecisions => "automated_decisions",
            Recipients | Recipient => "recipients",
            Transfers | Transfer => "transfers",
            CameraSurveillance => "camera_surveillance",
            Security | Measure => "security",
            Retention | RetentionPeriod => "retention",
            Rights | Right | RightsProcedure => "rights",
            Complaints => "complaints",
            Law => "laws",
            Definition => "definitions",
            FreeSection => "sections",
            Signatory => "signatory",
        }
    }

    /// How its facts are keyed.
    pub(super) fn keying(self) -> Keying {
        use FactKind::*;
        match self {
            DataSubject | Category | Purpose | Service | LegalBasis | Recipient | FreeSection | Commitment
            | RelatedDocument => Keying::Field("id"),
            Channel => Keying::KindName,
            Source | Law => Keying::Field("name"),
            Definition => Keying::Field("term"),
            RetentionPeriod => Keying::Field("category"),
            Right => Keying::Field("kind"),
            DataItem | CameraLocation => Keying::ItemName,
            Transfer => Keying::RecipientCountry,
            Measure => Keying::NameOrDescription,
            Statement | Organisation | PrivacyContact | Data | Sources | Purposes | Services | LegalBases
            | AutomatedDecisions | Recipients | Transfers | CameraSurveillance | Security | Retention | Rights
            | RightsProcedure | Complaints | Signatory | Obligation | Accountability => Keying::Single,
        }
    }

    /// Which of its fields are compared.
    pub(super) fn compared(self) -> Compared {
        use Compared::{Except, Only};
        use FactKind::*;
        match self {
            Statement => Only(&["title", "introduction", "changes", "questions"]),
            Data => Except(&["categories"]),
            Category => Except(&["id", "items"]),
            Sources => Except(&["others"]),
            Purposes | Services | LegalBases | Recipients | Transfers => Except(&["list"]),
            Purpose => Except(&["id", "sub_purposes"]),
            Security => Except(&["measures"]),
            Retention => Except(&["periods"]),
            Rights => Except(&["list", "procedure"]),
            Right => Except(&["kind", "name"]),
            DataSubject | Service | LegalBasis | Recipient | FreeSection | Commitment | RelatedDocument => {
                Except(&["id"])
            }
            DataItem | CameraLocation => Except(&["id", "name"]),
            Source | Law | Measure => Except(&["name"]),
            Channel => Except(&["kind", "name"]),
            CameraSurveillance => Except(&["locations"]),
            Definition => Except(&["term"]),
            RetentionPeriod => Except(&["category"]),
            Organisation | PrivacyContact | AutomatedDecisions | Transfer | RightsProcedure | Complaints
            | Signatory | Obligation | Accountability => Except(&[]),
        }
    }

    /// The kind of fact a fact of this kind belongs to, if it can belong to one: a data item to its
    /// category, a sub-purpose to its purpose.
    pub(super) fn parent(self) -> Option<FactKind> {
        match self {
            FactKind::DataItem => Some(FactKind::Category),
            FactKind::CameraLocation => Some(FactKind::CameraSurveillance),
            FactKind::Purpose => Some(FactKind::Purpose),
            _ => None,
        }
    }

    /// The kind of fact a field refers to by id (`categories`, `recipient`, ...), if it does.
    pub(super) fn referred_by(field: &str) -> Option<FactKind> {
        match field {
            "categories" | "category" => Some(FactKind::Category),
            "purposes" => Some(FactKind::Purpose),
            "services" => Some(FactKind::Service),
            "recipient" => Some(FactKind::Recipient),
            "legal_basis" => Some(FactKind::LegalBasis),
            _ => None,
        }
    }

    /// Why a new fact of this kind is fundamental, if it is.
    pub(super) fn added(self, fields: &Fields) -> Option<Reason> {
        use FactKind::*;
        match self {
            Purpose => rule::new_purpose(),
            Category | DataItem => rule::new_data(),
            DataSubject => rule::new_data_subjects(),
            Recipient => rule::new_recipient(),
            Transfer => rule::new_transfer(),
            LegalBasis => rule::legal_basis(),
            CameraSurveillance | CameraLocation => rule::camera_surveillance(),
            Obligation => rule::obligation_added(fields),
            AutomatedDecisions => rule::automated_decisions_added(fields),
            _ => None,
        }
    }

    /// Why a fact of this kind that is gone is fundamental, if it is.
    pub(super) fn removed(self) -> Option<Reason> {
        match self {
            FactKind::LegalBasis => rule::legal_basis(),
            FactKind::Right => rule::right_taken_away(),
            FactKind::Commitment => rule::commitment_withdrawn(),
            _ => None,
        }
    }

    /// Why a change of `field` from `before` to `after` (each a fact's compared fields and how
    /// sensitive it is) is fundamental, if it is.
    pub(super) fn changed(
        self,
        field: &str,
        before: (&Fields, Sensitivity),
        after: (&Fields, Sensitivity),
    ) -> Option<Reason> {
        use FactKind::*;
        let (old, new) = (before.0.get(field), after.0.get(field));
        match (self, field) {
            (Organisation, "name" | "legal_form") => rule::controller(),
            (Category | DataItem, "sensitivity") => rule::more_sensitive(before.1, after.1),
            (Purpose | Service | Recipient, "categories") => rule::more_categories(old, new),
            (Recipient, "kind") => rule::new_recipient_kind(old, new),
            (LegalBasis, "kind" | "purposes" | "services") | (CameraSurveillance, "legal_basis") => rule::legal_basis(),
            (Transfers, "outside_eu") => rule::transfer_outside_eu(old, new),
            (AutomatedDecisions, "decision_making" | "profiling") => rule::automated_decisions_changed(old, new),
            (RetentionPeriod, "period")
            | (CameraLocation, "retention")
            | (CameraSurveillance, "retention" | "incident_retention") => rule::longer_duration(old, new),
            (Commitment, "kind") => rule::commitment_withdrawn(),
            (Obligation, "required") => rule::obligation_changed(old, new),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(kind: FactKind) -> String {
        match serde_json::to_value(kind) {
            Ok(serde_json::Value::String(key)) => key,
            other => panic!("a kind serialises to a string, not {other:?}"),
        }
    }

    #[test]
    fn kinds_serialise_to_the_keys_the_theme_uses() {
        assert_eq!(key(FactKind::Statement), "statement");
        assert_eq!(key(FactKind::PrivacyContact), "privacy_contact");
        assert_eq!(key(FactKind::RetentionPeriod), "retention_period");
        assert_eq!(key(FactKind::FreeSection), "free_section");
        assert_eq!(key(FactKind::LegalBases), "legal_bases");
    }

    #[test]
    fn kinds_order_as_a_statement_and_know_their_section() {
        assert!(FactKind::Organisation < FactKind::DataItem);
        assert!(FactKind::DataItem < FactKind::Purpose);
        assert!(FactKind::RetentionPeriod < FactKind::Signatory);
        assert_eq!(FactKind::DataItem.section(), "data");
        assert_eq!(FactKind::Law.section(), "laws");
        assert_eq!(FactKind::RightsProcedure.section(), "rights");
    }

    #[test]
    fn single_facts_have_no_key_and_lists_are_not_compared_as_fields() {
        assert_eq!(FactKind::Complaints.keying(), Keying::Single);
        assert_eq!(FactKind::Recipient.keying(), Keying::Field("id"));
        assert_eq!(FactKind::Purposes.compared(), Compared::Except(&["list"]));
    }
}
