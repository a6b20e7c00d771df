//! One version of a statement: every section, in the order of the statement.

use serde::{Deserialize, Serialize};

use super::common::Markdown;
use super::data::{DataSubject, PersonalData, Sources};
use super::organisation::{Organisation, PrivacyContact, Signatory};
use super::processing::{
    AutomatedDecisions, LegalBases, LegalBasis, Purposes, Recipient, Recipients, Service, Services, Transfers,
};
use super::promises::{Accountability, CollectionChannel, Commitment, DocumentKind, Obligation, RelatedDocument};
use super::protection::{CameraSurveillance, Retention, Security};
use super::rights::{Complaints, Rights};
use super::sections::{Definition, FreeSection, Law};

use crate::content::date::Date;

/// One version of one corporation's privacy statement: a file `content/<slug>/<version>.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// Date from which this version is in force. Required for a published version; in the draft
    /// (`draft.yaml`) it is the planned date and may be left out.
    #[serde(default)]
    pub published: Option<Date>,
    /// What changed in this version, in the editor's own words (Markdown); shown in the change log.
    #[serde(default)]
    pub summary: Option<Markdown>,
    /// Which kind of document this is, when it is not the privacy statement, e.g. `camera_statement`
    /// for a camera statement in `content/<slug>/cameraverklaring/`; its standard title otherwise.
    #[serde(default)]
    pub document: Option<DocumentKind>,
    /// Title of the statement as the corporation calls it, e.g. "Privacyverklaring".
    #[serde(default)]
    pub title: Option<String>,
    /// The date the statement says it was last modified, next to the date it is in force from.
    #[serde(default)]
    pub last_modified: Option<Date>,
    /// Other documents of the corporation this statement refers to, e.g. its camera statement.
    #[serde(default)]
    pub related_documents: Vec<RelatedDocument>,
    /// The controller: who the corporation is and how to reach it.
    pub organisation: Organisation,
    /// Privacy officer or data protection officer (functionaris gegevensbescherming).
    #[serde(default)]
    pub privacy_contact: Option<PrivacyContact>,
    /// Opening text (Markdown).
    #[serde(default)]
    pub introduction: Option<Markdown>,
    /// The people whose data is processed.
    #[serde(default)]
    pub data_subjects: Vec<DataSubject>,
    /// Promises the statement makes, e.g. "wij verkopen uw gegevens nooit".
    #[serde(default)]
    pub commitments: Vec<Commitment>,
    /// What personal data is processed, grouped in categories.
    #[serde(default)]
    pub data: PersonalData,
    /// Where the data comes from (GDPR art. 14).
    #[serde(default)]
    pub sources: Option<Sources>,
    /// Where data is collected: website, app, tenant portal, phone, office.
    #[serde(default)]
    pub channels: Vec<CollectionChannel>,
    /// Whether people must provide their data, for what, and what happens if they do not (GDPR art. 13(2)(e)).
    #[serde(default)]
    pub obligation: Option<Obligation>,
    /// Why the data is processed.
    #[serde(default)]
    pub purposes: Purposes,
    /// Services the corporation offers and the categories of data each uses.
    #[serde(default)]
    pub services: Option<Services>,
    /// Legal bases for processing (GDPR art. 6).
    #[serde(default)]
    pub legal_bases: Option<LegalBases>,
    /// Automated individual decision-making and profiling (GDPR art. 22).
    #[serde(default)]
    pub automated_decisions: Option<AutomatedDecisions>,
    /// Who receives personal data.
    #[serde(default)]
    pub recipients: Option<Recipients>,
    /// Transfers outside the European Union.
    #[serde(default)]
    pub transfers: Option<Transfers>,
    /// Camera surveillance.
    #[serde(default)]
    pub camera_surveillance: Option<CameraSurveillance>,
    /// Security measures and data-breach handling.
    #[serde(default)]
    pub security: Option<Security>,
    /// How long data is kept.
    #[serde(default)]
    pub retention: Option<Retention>,
    /// How the corporation accounts for its processing: register, impact assessments.
    #[serde(default)]
    pub accountability: Option<Accountability>,
    /// Rights of data subjects and how to use them.
    #[serde(default)]
    pub rights: Rights,
    /// Where to complain.
    #[serde(default)]
    pub complaints: Complaints,
    /// Laws and codes the corporation names.
    #[serde(default)]
    pub laws: Vec<Law>,
    /// Terms the statement explains.
    #[serde(default)]
    pub definitions: Vec<Definition>,
    /// How changes to the statement are announced (Markdown).
    #[serde(default)]
    pub changes: Option<Markdown>,
    /// Where to ask questions about the statement (Markdown).
    #[serde(default)]
    pub questions: Option<Markdown>,
    /// Who signs the statement.
    #[serde(default)]
    pub signatory: Option<Signatory>,
    /// Free Markdown sections, placed where the corporation wants them.
    #[serde(default)]
    pub sections: Vec<FreeSection>,
}

impl Statement {
    /// The services, or none when the section is left out.
    pub fn service_list(&self) -> &[Service] {
        self.services.as_ref().map(|s| s.list.as_slice()).unwrap_or_default()
    }

    /// The legal bases, or none when the section is left out.
    pub fn legal_basis_list(&self) -> &[LegalBasis] {
        self.legal_bases.as_ref().map(|b| b.list.as_slice()).unwrap_or_default()
    }

    /// The recipients, or none when the section is left out.
    pub fn recipient_list(&self) -> &[Recipient] {
        self.recipients.as_ref().map(|r| r.list.as_slice()).unwrap_or_default()
    }
}
