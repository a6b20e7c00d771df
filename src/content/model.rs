//! The typed facts of a privacy statement.
//!
//! Every struct denies unknown keys, so a typo in the YAML is an error that names the keys that are
//! allowed. Free-text fields marked "Markdown" are rendered with [`crate::markdown`]; everything else
//! is plain text and escaped by the templates. Facts refer to each other by short ids
//! (`categories: [contact]`), which [`crate::validate`] checks.

use serde::{Deserialize, Serialize};

use crate::content::date::Date;

/// Markdown text written by the person editing the YAML.
pub type Markdown = String;

/// A short identifier that other facts use to refer to this one.
pub type Id = String;

/// Site-wide settings from `content/site.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Title of the whole site, shown on the index page.
    pub title: String,
    /// Absolute URL where the site is published, e.g. `https://example.org/privacy/`.
    pub base_url: String,
    /// Language code; selects `themes/<theme>/locales/<language>.yaml`.
    #[serde(default = "default_language")]
    pub language: String,
    /// Name of the theme folder under `themes/`; missing files fall back to the default theme.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Optional introduction on the index page (Markdown).
    #[serde(default)]
    pub description: Option<Markdown>,
}

fn default_language() -> String {
    "nl".to_owned()
}

fn default_theme() -> String {
    "default".to_owned()
}

/// One version of one corporation's privacy statement: a file `content/<slug>/<version>.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// Date from which this version is in force. Required for a published version; in the draft
    /// (`draft.yaml`) it is the planned date and may be left out.
    #[serde(default)]
    pub published: Option<Date>,
    /// What changed in this version, in the editor's own words (Markdown); shown in the change log.
    #[serde(default)]
    pub summary: Option<Markdown>,
    /// Title of the statement as the corporation calls it, e.g. "Privacyverklaring".
    #[serde(default)]
    pub title: Option<String>,
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
    /// What personal data is processed, grouped in categories.
    pub data: PersonalData,
    /// Where the data comes from (GDPR art. 14).
    #[serde(default)]
    pub sources: Option<Sources>,
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
    /// Rights of data subjects and how to use them.
    pub rights: Rights,
    /// Where to complain.
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

/// The corporation as controller.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Full name, e.g. "Woningstichting Kockengen".
    pub name: String,
    /// The abbreviation the statement uses, e.g. "WSK".
    #[serde(default)]
    pub short_name: Option<String>,
    /// Legal form, e.g. "stichting".
    #[serde(default)]
    pub legal_form: Option<String>,
    /// Place of business.
    #[serde(default)]
    pub city: Option<String>,
    /// Postal address, one line per element.
    #[serde(default)]
    pub address: Vec<String>,
    /// Website URL.
    #[serde(default)]
    pub website: Option<String>,
    /// General e-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// General phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// Extra words on the controller's role (Markdown), e.g. that it is the legal controller.
    #[serde(default)]
    pub controller_note: Option<Markdown>,
}

/// The kind of privacy contact a corporation appoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrivacyContactKind {
    /// A formally appointed data protection officer (functionaris gegevensbescherming).
    Dpo,
    /// A privacy officer without the formal DPO role.
    PrivacyOfficer,
    /// A plain point of contact for privacy questions.
    Contact,
}

/// The person or role people contact about privacy.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacyContact {
    /// What kind of role this is.
    pub kind: PrivacyContactKind,
    /// Who holds the role, e.g. "Manager Servicecentrum".
    #[serde(default)]
    pub held_by: Option<String>,
    /// E-mail address of the contact.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone number of the contact.
    #[serde(default)]
    pub phone: Option<String>,
    /// How to reach them and anything else worth saying (Markdown).
    #[serde(default)]
    pub note: Option<Markdown>,
}

/// A group of people whose data is processed.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DataSubject {
    /// Reference id.
    pub id: Id,
    /// Name as the statement uses it, e.g. "(potentiële) huurders".
    pub name: String,
}

/// How sensitive a category or item of data is, least sensitive first: the order is what the
/// change log compares ("more sensitive data" is a fundamental change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    /// Ordinary personal data.
    #[default]
    Ordinary,
    /// Financial data (bank account, income).
    Financial,
    /// The citizen service number (BSN) or documents that carry it.
    NationalId,
    /// Special categories (GDPR art. 9), such as health.
    Special,
    /// Criminal data (GDPR art. 10).
    Criminal,
}

/// All personal data, in categories, with context.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PersonalData {
    /// Text before the categories (Markdown).
    #[serde(default)]
    pub introduction: Option<Markdown>,
    /// The categories; a statement with a flat list has one unnamed category.
    pub categories: Vec<Category>,
    /// Text after the categories (Markdown), e.g. on legal duties to keep or share data.
    #[serde(default)]
    pub notes: Option<Markdown>,
}

/// A category of personal data.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Reference id.
    pub id: Id,
    /// Number or letter the statement shows, e.g. "1".
    #[serde(default)]
    pub label: Option<String>,
    /// Name, e.g. "Betaalgegevens"; a flat list may leave it out.
    #[serde(default)]
    pub name: Option<String>,
    /// Most sensitive kind of data in this category.
    #[serde(default)]
    pub sensitivity: Sensitivity,
    /// Explanation (Markdown).
    #[serde(default)]
    pub description: Option<Markdown>,
    /// The data items.
    pub items: Vec<DataItem>,
}

/// One item of personal data, written as a plain string or as a map with details.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum DataItem {
    /// Just the name of the item.
    Plain(String),
    /// The item with sensitivity, condition or examples.
    Detailed(DataItemDetails),
}

/// The details of a data item.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DataItemDetails {
    /// Name of the item.
    pub name: String,
    /// Sensitivity when it differs from the ordinary.
    #[serde(default)]
    pub sensitivity: Option<Sensitivity>,
    /// When the item is processed only in some cases, that condition.
    #[serde(default)]
    pub condition: Option<String>,
    /// Examples, e.g. "rijbewijs, ID-kaart en paspoort".
    #[serde(default)]
    pub examples: Option<String>,
    /// Why this item falls in its category or other explanation.
    #[serde(default)]
    pub note: Option<String>,
}

/// Where personal data comes from.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Sources {
    /// Whether data is collected from the data subjects themselves; leave out when the statement does not say.
    #[serde(default)]
    pub from_data_subjects: Option<bool>,
    /// Whether data is collected from other parties; leave out when the statement does not say.
    #[serde(default)]
    pub from_others: Option<bool>,
    /// The other parties and what they provide.
    #[serde(default)]
    pub others: Vec<Source>,
    /// When or how data is collected (Markdown).
    #[serde(default)]
    pub note: Option<Markdown>,
}

/// A party from which personal data is obtained.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Name of the party, e.g. "WoningNet".
    pub name: String,
    /// Which categories come from it.
    #[serde(default)]
    pub categories: Vec<Id>,
    /// Explanation (Markdown).
    #[serde(default)]
    pub note: Option<Markdown>,
}

/// The purposes of processing.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Purposes {
    /// Text before the list (Markdown).
    #[serde(default)]
    pub introduction: Option<Markdown>,
    /// The purposes, possibly with sub-purposes.
    #[serde(default)]
    pub list: Vec<Purpose>,
}

/// A purpose, or a group of sub-purposes.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Purpose {
    /// Reference id.
    pub id: Id,
    /// Number or letter the statement shows, e.g. "A1".
    #[serde(default)]
    pub label: Option<String>,
    /// What the purpose is.
    pub name: String,
    /// Explanation (Markdown).
    #[serde(default)]
    pub description: Option<Markdown>,
    /// Ids of the categories this purpose uses.
    #[serde(default)]
    pub categories: Vec<Id>,
    /// Sub-purposes.
    #[serde(default)]
    pub sub_purposes: Vec<Purpose>,
}

/// Services and the categories they use.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Services {
    /// Text before the list (Markdown).
    #[serde(default)]
    pub introduction: Option<Markdown>,
    /// The services.
    pub list: Vec<Service>,
}

/// A service that uses personal data.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Reference id.
    pub id: Id,
    /// Number the statement shows, e.g. "1".
    #[serde(default)]
    pub label: Option<String>,
    /// Name, e.g. "inschrijven van een klant".
    pub name: String,
    /// Ids of the categories it uses.
    pub categories: Vec<Id>,
    /// Ids of the purposes it serves.
    #[serde(default)]
    pub purposes: Vec<Id>,
    /// Explanation (Markdown).
    #[serde(default)]
    pub description: Option<Markdown>,
}

/// The legal bases of GDPR article 6(1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalBasisKind {
    /// Art. 6(1)(a): consent.
    Consent,
    /// Art. 6(1)(b): performance of or entering into a contract.
    Contract,
    /// Art. 6(1)(c): a legal obligation.
    LegalObligation,
    /// Art. 6(1)(d): vital interests (an emergency).
    VitalInterests,
    /// Art. 6(1)(e): a task in the public interest.
    PublicTask,
    /// Art. 6(1)(f): legitimate interests.
    LegitimateInterests,
}

/// Legal bases used.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LegalBases {
    /// Text before the list (Markdown).
    #[serde(default)]
    pub introduction: Option<Markdown>,
    /// The bases.
    pub list: Vec<LegalBasis>,
}

/// One legal basis and what it covers.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LegalBasis {
    /// Reference id.
    pub id: Id,
    /// Which article 6 basis this is; leave out when the statement's ground does not map onto one.
    #[serde(default)]
    pub kind: Option<LegalBasisKind>,
    /// Letter the statement shows, e.g. "B".
    #[serde(default)]
    pub label: Option<String>,
    /// Name when the statement uses its own, e.g. "Gerechtvaardigd belang".
    #[serde(default)]
    pub name: Option<String>,
    /// Explanation in the corporation's words (Markdown).
    #[serde(default)]
    pub description: Option<Markdown>,
    /// Ids of the purposes this basis covers.
    #[serde(default)]
    pub purposes: Vec<Id>,
    /// Ids of the services this basis covers.
    #[serde(default)]
    pub services: Vec<Id>,
    /// Activities it covers that are not a purpose of their own, e.g. "hennepsteelt".
    #[serde(default)]
    pub covers: Vec<String>,
    /// For legitimate interests: the interests spelled out (Markdown).
    #[serde(default)]
    pub legitimate_interests: Option<Markdown>,
}

/// Automated decisions and profiling.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AutomatedDecisions {
    /// Whether automated individual decisions are made; leave out when the statement does not say.
    #[serde(default)]
    pub decision_making: Option<bool>,
    /// Whether people are profiled; leave out when the statement does not say.
    #[serde(default)]
    pub profiling: Option<bool>,
    /// Explanation (Markdown).
    #[serde(default)]
    pub explanation: Option<Markdown>,
}

/// The kind of party that receives data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecipientKind {
    /// Processes data on the corporation's behalf under a processing agreement.
    Processor,
    /// An independent party that receives data for its own task.
    ThirdParty,
    /// A partner under a covenant.
    CovenantPartner,
    /// A care organisation.
    CareOrganisation,
    /// Police or justice.
    Police,
    /// A public authority or body with a legal task.
    Authority,
}

/// Recipients of personal data.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Recipients {
    /// Text before the list (Markdown).
    #[serde(default)]
    pub introduction: Option<Markdown>,
    /// The recipients.
    pub list: Vec<Recipient>,
    /// Text after the list (Markdown).
    #[serde(default)]
    pub notes: Option<Markdown>,
}

/// What a sharing arrangement rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SharingSafeguard {
    /// A processing agreement (verwerkersovereenkomst).
    ProcessingAgreement,
    /// A covenant that states purposes, data and handling.
    Covenant,
    /// The data subject's consent asked beforehand.
    Consent,
    /// A legal duty to provide the data.
    LegalDuty,
}

/// A party or kind of party that receives personal data.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    /// Reference id.
    pub id: Id,
    /// Name or description of the party, e.g. "Onderhouds- en installatiebedrijven".
    pub name: String,
    /// Kind of recipient; leave out when the statement does not say.
    #[serde(default)]
    pub kind: Option<RecipientKind>,
    /// Examples of such parties.
    #[serde(default)]
    pub examples: Vec<String>,
    /// What the sharing rests on.
    #[serde(default)]
    pub safeguard: Option<SharingSafeguard>,
    /// What they receive, in words, e.g. "het adres en eventueel een telefoonnummer".
    #[serde(default)]
    pub receives: Option<String>,
    /// Ids of the categories they receive.
    #[serde(default)]
    pub categories: Vec<Id>,
    /// Ids of the purposes for which data is shared.
    #[serde(default)]
    pub purposes: Vec<Id>,
    /// Explanation (Markdown).
    #[serde(default)]
    pub description: Option<Markdown>,
}

/// Transfers of personal data outside the EU.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Transfers {
    /// Whether any data leaves the EU.
    pub outside_eu: bool,
    /// The transfers, when there are any.
    #[serde(default)]
    pub list: Vec<Transfer>,
    /// Explanation (Markdown).
    #[serde(default)]
    pub note: Option<Markdown>,
}

/// One transfer outside the EU.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// Receiving country.
    pub country: String,
    /// Id of the recipient.
    pub recipient: Id,
    /// The safeguard, e.g. "adequaatheidsbesluit" or "modelcontractbepalingen".
    pub safeguard: String,
}

/// Camera surveillance.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CameraSurveillance {
    /// Where cameras are, e.g. "bij de toegangsdeuren van alle wooncomplexen".
    pub locations: Vec<String>,
    /// What the cameras are aimed at.
    #[serde(default)]
    pub aimed_at: Option<String>,
    /// Why.
    pub purpose: String,
    /// Id of the legal basis.
    #[serde(default)]
    pub legal_basis: Option<Id>,
    /// What is recorded, e.g. "beeld en geluid".
    #[serde(default)]
    pub recorded: Option<String>,
    /// How people are told, e.g. "een bordje bij de toegangsdeuren".
    #[serde(default)]
    pub signage: Option<String>,
    /// Who was consulted before placing cameras.
    #[serde(default)]
    pub consultation: Option<String>,
    /// How long recordings are kept.
    #[serde(default)]
    pub retention: Option<String>,
    /// Anything else (Markdown).
    #[serde(default)]
    pub note: Option<Markdown>,
}

/// Security and data breaches.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Security {
    /// Text before the measures (Markdown).
    #[serde(default)]
    pub introduction: Option<Markdown>,
    /// The measures.
    #[serde(default)]
    pub measures: Vec<Measure>,
    /// Text after the measures (Markdown).
    #[serde(default)]
    pub notes: Option<Markdown>,
    /// How data breaches are handled (Markdown).
    #[serde(default)]
    pub data_breaches: Option<Markdown>,
}

/// One security measure.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Short name, e.g. "Geheimhouding".
    #[serde(default)]
    pub name: Option<String>,
    /// What it is (Markdown).
    pub description: Markdown,
}

/// How long data is kept.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// The general rule (Markdown).
    #[serde(default)]
    pub introduction: Option<Markdown>,
    /// Periods per category.
    #[serde(default)]
    pub periods: Vec<RetentionPeriod>,
    /// Exceptions to the periods (Markdown each).
    #[serde(default)]
    pub exceptions: Vec<Markdown>,
    /// What happens when the period ends (Markdown).
    #[serde(default)]
    pub afterwards: Option<Markdown>,
}

/// The retention of one category.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionPeriod {
    /// Id of the category.
    pub category: Id,
    /// The period, e.g. "2 jaar"; leave out when kept until the trigger.
    #[serde(default)]
    pub period: Option<String>,
    /// What starts or ends the period, e.g. "nadat de klantrelatie is beëindigd".
    pub trigger: String,
    /// A longer period that applies, e.g. where a law requires it.
    #[serde(default)]
    pub extension: Option<String>,
    /// The law behind the period or extension, e.g. "artikel 55 lid 3 Woningwet".
    #[serde(default)]
    pub law: Option<String>,
}

/// The rights of data subjects.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RightKind {
    /// Right of access (art. 15).
    Access,
    /// Right to rectification (art. 16).
    Rectification,
    /// Right to have incomplete data completed (art. 16).
    Completion,
    /// Right to erasure (art. 17).
    Erasure,
    /// Right to restriction of processing (art. 18).
    Restriction,
    /// Right to data portability (art. 20).
    Portability,
    /// Right to object (art. 21).
    Objection,
    /// Right to withdraw consent (art. 7).
    WithdrawConsent,
}

/// Rights, how to use them and their limits.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rights {
    /// Text before the list (Markdown).
    #[serde(default)]
    pub introduction: Option<Markdown>,
    /// The rights.
    pub list: Vec<Right>,
    /// How people use their rights.
    #[serde(default)]
    pub procedure: Option<RightsProcedure>,
}

/// One right.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Right {
    /// Which right.
    pub kind: RightKind,
    /// The name the statement uses when it differs from the theme's, e.g. "recht van verzet".
    #[serde(default)]
    pub name: Option<String>,
    /// What the right means, in the corporation's words (Markdown); the theme explains it otherwise.
    #[serde(default)]
    pub description: Option<Markdown>,
    /// How a request is handled (Markdown).
    #[serde(default)]
    pub handling: Option<Markdown>,
    /// Ways to submit a request for this right, when they differ from the general procedure.
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// How a request is made when it differs from the general procedure (Markdown).
    #[serde(default)]
    pub how: Option<Markdown>,
    /// Deadline to answer a request, e.g. "vier weken".
    #[serde(default)]
    pub deadline: Option<String>,
    /// Limits and exceptions (Markdown each).
    #[serde(default)]
    pub limits: Vec<Markdown>,
}

/// A way to submit a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// By e-mail.
    Email,
    /// Through the website.
    Website,
    /// By letter.
    Letter,
    /// In person at the office.
    InPerson,
    /// By phone.
    Phone,
}

/// The general procedure to use rights.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RightsProcedure {
    /// Ways to submit a request.
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// How to reach the corporation for a request (Markdown).
    #[serde(default)]
    pub contact: Option<Markdown>,
    /// How requesters identify themselves (Markdown).
    #[serde(default)]
    pub identification: Option<Markdown>,
    /// Rules for minors and people who cannot act for themselves (Markdown).
    #[serde(default)]
    pub representation: Option<Markdown>,
    /// Deadline to answer, e.g. "vier weken".
    #[serde(default)]
    pub deadline: Option<String>,
}

/// Where to complain.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Complaints {
    /// Text before the steps (Markdown).
    #[serde(default)]
    pub introduction: Option<Markdown>,
    /// The corporation's own complaint procedure (Markdown).
    #[serde(default)]
    pub internal: Option<Markdown>,
    /// The supervisory authority.
    #[serde(default)]
    pub authority: Option<Authority>,
    /// Going to court (Markdown).
    #[serde(default)]
    pub court: Option<Markdown>,
    /// Deadlines that apply to the next steps (Markdown).
    #[serde(default)]
    pub deadlines: Option<Markdown>,
}

/// The Autoriteit Persoonsgegevens or another supervisory authority.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    /// Name.
    pub name: String,
    /// Postal address, one line per element.
    #[serde(default)]
    pub address: Vec<String>,
    /// Web page for complaints.
    #[serde(default)]
    pub url: Option<String>,
    /// What the authority is asked to do (Markdown).
    #[serde(default)]
    pub note: Option<Markdown>,
}

/// A law, regulation or code.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Law {
    /// Name.
    pub name: String,
    /// Abbreviation, e.g. "AVG".
    #[serde(default)]
    pub abbreviation: Option<String>,
    /// What it is (Markdown).
    #[serde(default)]
    pub description: Option<Markdown>,
}

/// A term and its meaning.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    /// The term, e.g. "Persoonsgegevens".
    pub term: String,
    /// Its meaning (Markdown).
    pub definition: Markdown,
}

/// Who signs.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    /// Name.
    pub name: String,
    /// Role, e.g. "directeur-bestuurder".
    #[serde(default)]
    pub role: Option<String>,
    /// Place of signing.
    #[serde(default)]
    pub place: Option<String>,
    /// Date of signing.
    #[serde(default)]
    pub date: Option<Date>,
}

/// A free Markdown section.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FreeSection {
    /// Reference id; also the anchor of the section.
    pub id: Id,
    /// Heading.
    pub title: String,
    /// Content (Markdown).
    pub body: Markdown,
    /// Where it goes: `start`, `end`, or `after: <section>` / `before: <section>` with a section key
    /// (see [`crate::content::outline::SECTION_KEYS`]) or another free section's id.
    #[serde(default)]
    pub place: Placement,
}

/// Where a free section goes, written as `start`, `end`, `after <section>` or `before <section>`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Placement {
    /// First, before every other section.
    Start,
    /// Last, after every other section.
    #[default]
    End,
    /// Right after the named section.
    After(String),
    /// Right before the named section.
    Before(String),
}

impl<'de> Deserialize<'de> for DataItem {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl<'de> serde::de::Visitor<'de> for ItemVisitor {
            type Value = DataItem;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the name of a data item, or a map with `name` and details")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DataItem, E> {
                Ok(DataItem::Plain(v.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<DataItem, A::Error> {
                DataItemDetails::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(DataItem::Detailed)
            }
        }
        deserializer.deserialize_any(ItemVisitor)
    }
}

impl DataItem {
    /// The item's name.
    pub fn name(&self) -> &str {
        match self {
            DataItem::Plain(name) => name,
            DataItem::Detailed(details) => &details.name,
        }
    }
}

impl std::str::FromStr for Placement {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let mut words = text.split_whitespace();
        let placement = match (words.next(), words.next(), words.next()) {
            (Some("start"), None, None) => Placement::Start,
            (Some("end"), None, None) => Placement::End,
            (Some("after"), Some(key), None) => Placement::After(key.to_owned()),
            (Some("before"), Some(key), None) => Placement::Before(key.to_owned()),
            _ => {
                return Err(format!(
                    "invalid place `{text}`: write `start`, `end`, `after <section>` or `before <section>`"
                ));
            }
        };
        Ok(placement)
    }
}

impl std::fmt::Display for Placement {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Placement::Start => f.write_str("start"),
            Placement::End => f.write_str("end"),
            Placement::After(key) => write!(f, "after {key}"),
            Placement::Before(key) => write!(f, "before {key}"),
        }
    }
}

impl<'de> Deserialize<'de> for Placement {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for Placement {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_items_are_plain_strings_or_maps() {
        let items: Vec<DataItem> =
            serde_yaml::from_str("- Naam\n- name: Medische gegevens\n  sensitivity: special\n  condition: soms\n")
                .unwrap();
        assert_eq!(items[0], DataItem::Plain("Naam".to_owned()));
        let DataItem::Detailed(details) = &items[1] else {
            panic!("expected details")
        };
        assert_eq!(details.sensitivity, Some(Sensitivity::Special));
        assert_eq!(items[1].name(), "Medische gegevens");
    }

    #[test]
    fn a_detailed_item_with_an_unknown_key_is_refused_by_name() {
        let error = serde_yaml::from_str::<Vec<DataItem>>("- name: X\n  conditon: soms\n").unwrap_err();
        assert!(error.to_string().contains("unknown field `conditon`"), "{error}");
    }

    #[test]
    fn placements_read_and_write_as_words() {
        for text in ["start", "end", "after rights", "before complaints"] {
            let placement: Placement = text.parse().unwrap();
            assert_eq!(placement.to_string(), text);
        }
        assert_eq!(
            "after rights".parse::<Placement>(),
            Ok(Placement::After("rights".to_owned()))
        );
        for wrong in ["", "middle", "after", "after a b"] {
            assert!(
                wrong.parse::<Placement>().unwrap_err().contains("write `start`, `end`"),
                "{wrong}"
            );
        }
    }

    #[test]
    fn enums_use_snake_case_names() {
        let kind: LegalBasisKind = serde_yaml::from_str("legitimate_interests").unwrap();
        assert_eq!(kind, LegalBasisKind::LegitimateInterests);
        let error = serde_yaml::from_str::<RightKind>("acces").unwrap_err().to_string();
        assert!(error.contains("unknown variant `acces`"), "{error}");
    }
}
