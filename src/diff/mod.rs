//! What changed between two versions of a statement.
//!
//! The fact diff ([`facts`]) compares the typed facts, matching every item by its stable key (its
//! id, or for items without one: the right's kind, the data item's name, the law's name, ...), so a
//! reordered or moved item is reported as moved, never as removed and added. Each change is classed
//! as fundamental or editorial, following the transparency guidelines of the EDPB (WP260 rev.01,
//! par. 29–32). The text diff ([`text`]) compares the rendered statements word by word.
//!
//! Changes carry keys (`entity`, `field`, `reason`), not sentences: the theme's locale turns them
//! into plain words.

pub mod text;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value as Json;

use crate::content::model::{DataItem, Purpose, Statement};

/// What happened to a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The fact is new.
    Added,
    /// The fact is gone.
    Removed,
    /// One field of the fact has another value.
    Changed,
    /// The fact moved to another place (another parent, or another position in its list).
    Moved,
}

/// How much a change matters to the people the statement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Materiality {
    /// Wording, order, or less processing: no need to alert people.
    Editorial,
    /// A change people must be told about before it applies (WP260 par. 29–30).
    Fundamental,
}

/// Why a change is fundamental.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// A new purpose of processing.
    NewPurpose,
    /// A new category or item of personal data, or data of a more sensitive kind.
    NewData,
    /// A new group of people whose data is processed.
    NewDataSubjects,
    /// A new recipient.
    NewRecipient,
    /// A recipient of another kind than before.
    NewRecipientKind,
    /// A new transfer outside the EU.
    NewTransfer,
    /// A legal basis added, removed or applied differently.
    LegalBasis,
    /// Data is kept longer.
    LongerRetention,
    /// A retention period changed in a way that cannot be compared, so it may be longer.
    RetentionChanged,
    /// Automated decision-making or profiling is introduced.
    AutomatedDecisions,
    /// Camera surveillance is introduced.
    CameraSurveillance,
    /// The controller's identity changed.
    Controller,
    /// A right, or the way to use it, was taken away.
    Rights,
}

/// One change between two versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// What happened.
    pub kind: ChangeKind,
    /// The kind of fact, e.g. `recipient`, `retention_period`, `data_item`.
    pub entity: &'static str,
    /// The fact's stable key (its id, or what identifies it).
    pub key: String,
    /// The fact's name as people read it (from the newer version, unless it was removed).
    pub name: String,
    /// For facts named by their kind (a legal basis or right without a name of its own): that
    /// kind, e.g. `legal_obligation`, for the theme to name.
    pub variant: Option<String>,
    /// The name of what the fact belongs to (the category of a data item, the purpose of a
    /// sub-purpose), where it belongs to something.
    pub parent: Option<String>,
    /// For a move to another parent: the parent it came from.
    pub from_parent: Option<String>,
    /// For a change: which field changed, e.g. `period`, `kind`, `authority.address`.
    pub field: Option<String>,
    /// For a change: the value before, as text or a list of texts (ids replaced by names).
    pub before: Option<Json>,
    /// For a change: the value after.
    pub after: Option<Json>,
    /// For a change of a list: the entries that are new, and those that are gone.
    pub gained: Vec<String>,
    /// See `gained`.
    pub lost: Vec<String>,
    /// Whether the values are long texts, better shown in the text diff than in one line.
    pub long: bool,
    /// Fundamental or editorial.
    pub materiality: Materiality,
    /// Why it is fundamental.
    pub reason: Option<Reason>,
    /// The outline key of the section the fact is in, to link to it.
    pub section: &'static str,
}

/// Unit words and number words with which retention periods are compared, from the locale
/// (`durations:`), e.g. `jaar: 365`, `twee: 2`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Durations {
    /// Days per unit word.
    pub units: BTreeMap<String, u32>,
    /// Numbers written as words.
    pub numbers: BTreeMap<String, u32>,
}

impl Durations {
    /// The length of a period in days, from the first "number unit" pair in `text` ("7 jaar na het
    /// einde van de huurovereenkomst" is 7 × 365); `None` when there is none.
    pub fn days(&self, text: &str) -> Option<u64> {
        let lower = text.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        words.windows(2).find_map(|pair| {
            let number = pair[0]
                .parse::<u32>()
                .ok()
                .or_else(|| self.numbers.get(pair[0]).copied())?;
            let unit = self.units.get(pair[1])?;
            Some(u64::from(number) * u64::from(*unit))
        })
    }
}

/// The changes from `old` to `new`, in the order of the statement's sections.
pub fn facts(old: &Statement, new: &Statement, durations: &Durations) -> Vec<Change> {
    let old_facts = Facts::of(old);
    let new_facts = Facts::of(new);
    let mut changes = Vec::new();
    for entity in ENTITIES {
        let old_records: Vec<&Record> = old_facts.records.iter().filter(|r| r.entity == entity.name).collect();
        let new_records: Vec<&Record> = new_facts.records.iter().filter(|r| r.entity == entity.name).collect();
        let old_by_key: BTreeMap<&str, &Record> = old_records.iter().map(|r| (r.key.as_str(), *r)).collect();
        let new_by_key: BTreeMap<&str, &Record> = new_records.iter().map(|r| (r.key.as_str(), *r)).collect();
        for record in &new_records {
            match old_by_key.get(record.key.as_str()) {
                None => changes.push(added(entity, record, &new_facts)),
                Some(before) => {
                    if before.parent_key != record.parent_key {
                        changes.push(moved(entity, before, record, &old_facts, &new_facts));
                    }
                    for field in changed_fields(before, record) {
                        changes.push(changed(
                            entity,
                            before,
                            record,
                            &field,
                            (&old_facts, &new_facts),
                            durations,
                        ));
                    }
                }
            }
        }
        changes.extend(reordered(entity, &old_records, &new_records, &new_facts));
        for record in &old_records {
            if !new_by_key.contains_key(record.key.as_str()) {
                changes.push(removed(entity, record, &old_facts));
            }
        }
    }
    changes
}

/// The most serious materiality among `changes`; editorial when there are none.
pub fn materiality(changes: &[Change]) -> Materiality {
    changes
        .iter()
        .map(|c| c.materiality)
        .max()
        .unwrap_or(Materiality::Editorial)
}

/// A kind of fact, with the section it is shown in.
struct Entity {
    name: &'static str,
    section: &'static str,
}

/// Every kind of fact, in the order of a statement.
const ENTITIES: &[Entity] = &[
    Entity {
        name: "statement",
        section: "introduction",
    },
    Entity {
        name: "organisation",
        section: "organisation",
    },
    Entity {
        name: "privacy_contact",
        section: "organisation",
    },
    Entity {
        name: "data_subject",
        section: "data_subjects",
    },
    Entity {
        name: "data",
        section: "data",
    },
    Entity {
        name: "category",
        section: "data",
    },
    Entity {
        name: "data_item",
        section: "data",
    },
    Entity {
        name: "sources",
        section: "sources",
    },
    Entity {
        name: "source",
        section: "sources",
    },
    Entity {
        name: "purposes",
        section: "purposes",
    },
    Entity {
        name: "purpose",
        section: "purposes",
    },
    Entity {
        name: "services",
        section: "services",
    },
    Entity {
        name: "service",
        section: "services",
    },
    Entity {
        name: "legal_bases",
        section: "legal_bases",
    },
    Entity {
        name: "legal_basis",
        section: "legal_bases",
    },
    Entity {
        name: "automated_decisions",
        section: "automated_decisions",
    },
    Entity {
        name: "recipients",
        section: "recipients",
    },
    Entity {
        name: "recipient",
        section: "recipients",
    },
    Entity {
        name: "transfers",
        section: "transfers",
    },
    Entity {
        name: "transfer",
        section: "transfers",
    },
    Entity {
        name: "camera_surveillance",
        section: "camera_surveillance",
    },
    Entity {
        name: "security",
        section: "security",
    },
    Entity {
        name: "measure",
        section: "security",
    },
    Entity {
        name: "retention",
        section: "retention",
    },
    Entity {
        name: "retention_period",
        section: "retention",
    },
    Entity {
        name: "rights",
        section: "rights",
    },
    Entity {
        name: "right",
        section: "rights",
    },
    Entity {
        name: "rights_procedure",
        section: "rights",
    },
    Entity {
        name: "complaints",
        section: "complaints",
    },
    Entity {
        name: "law",
        section: "laws",
    },
    Entity {
        name: "definition",
        section: "definitions",
    },
    Entity {
        name: "free_section",
        section: "sections",
    },
    Entity {
        name: "signatory",
        section: "signatory",
    },
];

/// One fact with the fields that are compared; lists of other facts are facts of their own.
#[derive(Debug)]
struct Record {
    entity: &'static str,
    key: String,
    name: String,
    variant: Option<String>,
    parent_key: Option<String>,
    fields: BTreeMap<String, Json>,
}

/// Every fact of one statement, and the names that ids stand for.
struct Facts {
    records: Vec<Record>,
    /// Names by reference field (`categories`, `purposes`, ...) and id.
    names: BTreeMap<&'static str, BTreeMap<String, String>>,
}

impl Facts {
    fn of(statement: &Statement) -> Facts {
        let mut facts = Facts {
            records: Vec::new(),
            names: BTreeMap::new(),
        };
        let s = statement;
        let whole = fields_of(s, &[]);
        let fields = ["title", "introduction", "changes", "questions"]
            .into_iter()
            .filter_map(|k| whole.get(k).map(|v| (k.to_owned(), v.clone())))
            .collect();
        facts.records.push(Record {
            entity: "statement",
            key: String::new(),
            name: String::new(),
            variant: None,
            parent_key: None,
            fields,
        });
        facts.single("organisation", &s.organisation, &[]);
        if let Some(contact) = &s.privacy_contact {
            facts.single("privacy_contact", contact, &[]);
        }
        for subject in &s.data_subjects {
            facts.push("data_subject", &subject.id, &subject.name, None, subject, &["id"]);
        }
        facts.single("data", &s.data, &["categories"]);
        let mut item_counts: BTreeMap<&str, usize> = BTreeMap::new();
        for item in s.data.categories.iter().flat_map(|c| &c.items) {
            *item_counts.entry(item.name()).or_default() += 1;
        }
        for category in &s.data.categories {
            // A category reads by its name ("Betaalgegevens"); its number only when it has no name.
            let name = display_name(
                None,
                category.name.as_deref().or(category.label.as_deref()),
                &category.id,
            );
            facts.name("categories", &category.id, &name);
            facts.push("category", &category.id, &name, None, category, &["id", "items"]);
            for item in &category.items {
                let key = if item_counts.get(item.name()).copied().unwrap_or(0) > 1 {
                    format!("{}/{}", category.id, item.name())
                } else {
                    item.name().to_owned()
                };
                match item {
                    DataItem::Plain(name) => facts.push("data_item", &key, name, Some(&category.id), &(), &[]),
                    DataItem::Detailed(details) => {
                        facts.push("data_item", &key, &details.name, Some(&category.id), details, &["name"])
                    }
                }
            }
        }
        if let Some(sources) = &s.sources {
            facts.single("sources", sources, &["others"]);
            for source in &sources.others {
                facts.push("source", &source.name, &source.name, None, source, &["name"]);
            }
        }
        facts.single("purposes", &s.purposes, &["list"]);
        facts.purposes(&s.purposes.list, None);
        if let Some(services) = &s.services {
            facts.single("services", services, &["list"]);
            for service in &services.list {
                let name = display_name(service.label.as_deref(), Some(&service.name), &service.id);
                facts.name("services", &service.id, &name);
                facts.push("service", &service.id, &name, None, service, &["id"]);
            }
        }
        if let Some(bases) = &s.legal_bases {
            facts.single("legal_bases", bases, &["list"]);
            for basis in &bases.list {
                let name = display_name(basis.label.as_deref(), basis.name.as_deref(), "");
                facts.name(
                    "legal_basis",
                    &basis.id,
                    if name.is_empty() { &basis.id } else { &name },
                );
                facts.push("legal_basis", &basis.id, &name, None, basis, &["id"]);
                facts.set_variant(basis.kind.as_ref().map(to_key));
            }
        }
        if let Some(automated) = &s.automated_decisions {
            facts.single("automated_decisions", automated, &[]);
        }
        if let Some(recipients) = &s.recipients {
            facts.single("recipients", recipients, &["list"]);
            for recipient in &recipients.list {
                facts.name("recipient", &recipient.id, &recipient.name);
                facts.push("recipient", &recipient.id, &recipient.name, None, recipient, &["id"]);
            }
        }
        if let Some(transfers) = &s.transfers {
            facts.single("transfers", transfers, &["list"]);
            for transfer in &transfers.list {
                let recipient = facts.lookup("recipient", &transfer.recipient);
                let name = format!("{recipient} ({})", transfer.country);
                let key = format!("{}/{}", transfer.recipient, transfer.country);
                facts.push("transfer", &key, &name, None, transfer, &[]);
            }
        }
        if let Some(camera) = &s.camera_surveillance {
            facts.single("camera_surveillance", camera, &[]);
        }
        if let Some(security) = &s.security {
            facts.single("security", security, &["measures"]);
            for measure in &security.measures {
                let name = measure.name.as_deref().unwrap_or(&measure.description);
                facts.push("measure", name, name, None, measure, &["name"]);
            }
        }
        if let Some(retention) = &s.retention {
            facts.single("retention", retention, &["periods"]);
            for period in &retention.periods {
                let name = facts.lookup("categories", &period.category);
                facts.push("retention_period", &period.category, &name, None, period, &["category"]);
            }
        }
        facts.single("rights", &s.rights, &["list", "procedure"]);
        for right in &s.rights.list {
            let key = to_key(&right.kind);
            let name = right.name.clone().unwrap_or_default();
            facts.push("right", &key, &name, None, right, &["kind", "name"]);
            facts.set_variant(Some(key.clone()));
        }
        if let Some(procedure) = &s.rights.procedure {
            facts.single("rights_procedure", procedure, &[]);
        }
        facts.single("complaints", &s.complaints, &[]);
        for law in &s.laws {
            facts.push("law", &law.name, &law.name, None, law, &["name"]);
        }
        for definition in &s.definitions {
            facts.push(
                "definition",
                &definition.term,
                &definition.term,
                None,
                definition,
                &["term"],
            );
        }
        for section in &s.sections {
            facts.push("free_section", &section.id, &section.title, None, section, &["id"]);
        }
        if let Some(signatory) = &s.signatory {
            facts.single("signatory", signatory, &[]);
        }
        facts
    }

    fn purposes(&mut self, list: &[Purpose], parent: Option<&str>) {
        for purpose in list {
            let name = display_name(purpose.label.as_deref(), Some(&purpose.name), &purpose.id);
            self.name("purposes", &purpose.id, &name);
            self.push("purpose", &purpose.id, &name, parent, purpose, &["id", "sub_purposes"]);
            self.purposes(&purpose.sub_purposes, Some(&purpose.id));
        }
    }

    fn name(&mut self, field: &'static str, id: &str, name: &str) {
        self.names
            .entry(field)
            .or_default()
            .insert(id.to_owned(), name.to_owned());
    }

    fn lookup(&self, field: &str, id: &str) -> String {
        self.names
            .get(field)
            .and_then(|names| names.get(id))
            .cloned()
            .unwrap_or_else(|| id.to_owned())
    }

    /// A fact that appears at most once in a statement; `skip` names its lists, which are facts
    /// of their own.
    fn single(&mut self, entity: &'static str, value: &impl Serialize, skip: &[&str]) {
        self.push(entity, "", "", None, value, skip);
    }

    fn push(
        &mut self,
        entity: &'static str,
        key: &str,
        name: &str,
        parent_key: Option<&str>,
        value: &impl Serialize,
        skip: &[&str],
    ) {
        self.records.push(Record {
            entity,
            key: key.to_owned(),
            name: name.to_owned(),
            variant: None,
            parent_key: parent_key.map(str::to_owned),
            fields: fields_of(value, skip),
        });
    }

    /// Sets the variant of the record pushed last.
    fn set_variant(&mut self, variant: Option<String>) {
        if let Some(record) = self.records.last_mut() {
            record.variant = variant;
        }
    }

    /// The name of the parent of a record, for messages.
    fn parent_name(&self, record: &Record) -> Option<String> {
        let parent = record.parent_key.as_deref()?;
        let field = if record.entity == "data_item" {
            "categories"
        } else {
            "purposes"
        };
        Some(self.lookup(field, parent))
    }

    /// `value` with ids replaced by the names they stand for, for fields that refer to other facts.
    fn readable(&self, field: &str, value: &Json) -> Json {
        let names_field = match field {
            "categories" | "category" => "categories",
            "purposes" => "purposes",
            "services" => "services",
            "recipient" => "recipient",
            "legal_basis" => "legal_basis",
            _ => return value.clone(),
        };
        match value {
            Json::String(id) => Json::String(self.lookup(names_field, id)),
            Json::Array(ids) => Json::Array(
                ids.iter()
                    .map(|id| match id {
                        Json::String(id) => Json::String(self.lookup(names_field, id)),
                        other => other.clone(),
                    })
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}

/// "C3 Huurincasso" from a label and a name; the id when there is neither.
fn display_name(label: Option<&str>, name: Option<&str>, id: &str) -> String {
    match (label, name) {
        (Some(label), Some(name)) => format!("{label} {name}"),
        (None, Some(name)) => name.to_owned(),
        (Some(label), None) => label.to_owned(),
        (None, None) => id.to_owned(),
    }
}

/// A serialised enum value as a key, e.g. `access` for [`crate::content::model::RightKind::Access`].
fn to_key(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(Json::String(key)) => key,
        _ => String::new(),
    }
}

/// The fields of a fact as a flat map: nested maps become dotted keys, empty values are left out.
fn fields_of(value: &impl Serialize, skip: &[&str]) -> BTreeMap<String, Json> {
    let mut fields = BTreeMap::new();
    if let Ok(Json::Object(map)) = serde_json::to_value(value) {
        for (key, value) in map {
            if !skip.contains(&key.as_str()) {
                flatten(&key, value, &mut fields);
            }
        }
    }
    fields
}

fn flatten(prefix: &str, value: Json, out: &mut BTreeMap<String, Json>) {
    match value {
        Json::Null => {}
        Json::Array(items) if items.is_empty() => {}
        Json::Object(map) => {
            for (key, value) in map {
                flatten(&format!("{prefix}.{key}"), value, out);
            }
        }
        Json::Array(items) => {
            let items = items.into_iter().map(|item| match item {
                Json::Object(map) => {
                    let parts: Vec<String> = map.values().filter_map(scalar_text).collect();
                    Json::String(parts.join(", "))
                }
                other => other,
            });
            out.insert(prefix.to_owned(), Json::Array(items.collect()));
        }
        other => {
            out.insert(prefix.to_owned(), other);
        }
    }
}

fn scalar_text(value: &Json) -> Option<String> {
    match value {
        Json::String(s) => Some(s.clone()),
        Json::Bool(b) => Some(b.to_string()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The fields whose values differ, in field order.
fn changed_fields(before: &Record, after: &Record) -> Vec<String> {
    let keys: BTreeSet<&String> = before.fields.keys().chain(after.fields.keys()).collect();
    keys.into_iter()
        .filter(|key| before.fields.get(*key) != after.fields.get(*key))
        .cloned()
        .collect()
}

fn base_change(entity: &Entity, kind: ChangeKind, record: &Record, facts: &Facts) -> Change {
    Change {
        kind,
        entity: entity.name,
        key: record.key.clone(),
        name: record.name.clone(),
        variant: record.variant.clone(),
        parent: facts.parent_name(record),
        from_parent: None,
        field: None,
        before: None,
        after: None,
        gained: Vec::new(),
        lost: Vec::new(),
        long: false,
        materiality: Materiality::Editorial,
        reason: None,
        section: entity.section,
    }
}

fn fundamental(mut change: Change, reason: Reason) -> Change {
    change.materiality = Materiality::Fundamental;
    change.reason = Some(reason);
    change
}

fn added(entity: &Entity, record: &Record, facts: &Facts) -> Change {
    let change = base_change(entity, ChangeKind::Added, record, facts);
    let is_true = |field: &str| record.fields.get(field) == Some(&Json::Bool(true));
    match entity.name {
        "purpose" => fundamental(change, Reason::NewPurpose),
        "category" | "data_item" => fundamental(change, Reason::NewData),
        "data_subject" => fundamental(change, Reason::NewDataSubjects),
        "recipient" => fundamental(change, Reason::NewRecipient),
        "transfer" => fundamental(change, Reason::NewTransfer),
        "legal_basis" => fundamental(change, Reason::LegalBasis),
        "camera_surveillance" => fundamental(change, Reason::CameraSurveillance),
        "automated_decisions" if is_true("decision_making") || is_true("profiling") => {
            fundamental(change, Reason::AutomatedDecisions)
        }
        _ => change,
    }
}

fn removed(entity: &Entity, record: &Record, facts: &Facts) -> Change {
    let change = base_change(entity, ChangeKind::Removed, record, facts);
    match entity.name {
        "legal_basis" => fundamental(change, Reason::LegalBasis),
        "right" => fundamental(change, Reason::Rights),
        _ => change,
    }
}

fn moved(entity: &Entity, before: &Record, after: &Record, old: &Facts, new: &Facts) -> Change {
    let mut change = base_change(entity, ChangeKind::Moved, after, new);
    change.from_parent = old.parent_name(before);
    change
}

/// Items kept in the same list but put in another order: the fewest items that explain the new
/// order (those outside the longest common subsequence) are reported as moved.
fn reordered(entity: &Entity, old: &[&Record], new: &[&Record], facts: &Facts) -> Vec<Change> {
    let mut changes = Vec::new();
    let parents: BTreeSet<Option<&str>> = new.iter().map(|r| r.parent_key.as_deref()).collect();
    for parent in parents {
        let in_list = |records: &[&Record], other: &[&Record]| -> Vec<String> {
            records
                .iter()
                .filter(|r| r.parent_key.as_deref() == parent)
                .filter(|r| other.iter().any(|o| o.key == r.key && o.parent_key == r.parent_key))
                .map(|r| r.key.clone())
                .collect()
        };
        let old_order = in_list(old, new);
        let new_order = in_list(new, old);
        let kept = longest_common_subsequence(&old_order, &new_order);
        for key in new_order.iter().filter(|k| !kept.contains(*k)) {
            if let Some(record) = new.iter().find(|r| &r.key == key) {
                changes.push(base_change(entity, ChangeKind::Moved, record, facts));
            }
        }
    }
    changes
}

fn longest_common_subsequence(a: &[String], b: &[String]) -> BTreeSet<String> {
    let mut table = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i][j] = if a[i] == b[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut common) = (0, 0, BTreeSet::new());
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            common.insert(a[i].clone());
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    common
}

/// Texts longer than this are shown in the text diff rather than quoted in a change line.
const LONG_TEXT: usize = 80;

fn changed(
    entity: &Entity,
    before: &Record,
    after: &Record,
    field: &str,
    (old, new): (&Facts, &Facts),
    durations: &Durations,
) -> Change {
    let old_value = before.fields.get(field);
    let new_value = after.fields.get(field);
    let mut change = base_change(entity, ChangeKind::Changed, after, new);
    change.field = Some(field.to_owned());
    change.before = old_value.map(|v| old.readable(field, v));
    change.after = new_value.map(|v| new.readable(field, v));
    if let (Some(Json::Array(before)), Some(Json::Array(after))) = (&change.before, &change.after) {
        let texts = |items: &[Json]| -> Vec<String> { items.iter().filter_map(scalar_text).collect() };
        let (before, after) = (texts(before), texts(after));
        change.gained = after.iter().filter(|item| !before.contains(item)).cloned().collect();
        change.lost = before.iter().filter(|item| !after.contains(item)).cloned().collect();
    }
    change.long = [old_value, new_value].into_iter().flatten().any(|v| {
        v.as_str()
            .is_some_and(|s| s.chars().count() > LONG_TEXT || s.contains('\n'))
    });
    let became_true = new_value == Some(&Json::Bool(true)) && old_value != Some(&Json::Bool(true));
    let gained = |old_value: Option<&Json>, new_value: Option<&Json>| {
        let set = |v: Option<&Json>| -> BTreeSet<String> {
            v.and_then(Json::as_array)
                .map(|items| items.iter().filter_map(scalar_text).collect())
                .unwrap_or_default()
        };
        !set(new_value).is_subset(&set(old_value))
    };
    match (entity.name, field) {
        ("organisation", "name" | "legal_form") => fundamental(change, Reason::Controller),
        ("category", "sensitivity") | ("data_item", "sensitivity") => {
            let rank = |v: Option<&Json>| sensitivity_rank(v.and_then(Json::as_str).unwrap_or("ordinary"));
            if rank(new_value) > rank(old_value) {
                fundamental(change, Reason::NewData)
            } else {
                change
            }
        }
        ("purpose", "categories") | ("service", "categories") | ("recipient", "categories")
            if gained(old_value, new_value) =>
        {
            fundamental(change, Reason::NewData)
        }
        ("recipient", "kind") => fundamental(change, Reason::NewRecipientKind),
        ("legal_basis", "kind" | "purposes" | "services") => fundamental(change, Reason::LegalBasis),
        ("transfers", "outside_eu") if became_true => fundamental(change, Reason::NewTransfer),
        ("automated_decisions", "decision_making" | "profiling") if became_true => {
            fundamental(change, Reason::AutomatedDecisions)
        }
        ("retention_period", "period") => {
            let days = |v: Option<&Json>| v.and_then(Json::as_str).and_then(|s| durations.days(s));
            match (days(old_value), days(new_value)) {
                (Some(before), Some(after)) if after > before => fundamental(change, Reason::LongerRetention),
                (Some(_), Some(_)) => change,
                _ => fundamental(change, Reason::RetentionChanged),
            }
        }
        _ => change,
    }
}

fn sensitivity_rank(sensitivity: &str) -> u8 {
    match sensitivity {
        "ordinary" => 0,
        "financial" => 1,
        "national_id" => 2,
        _ => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const BASE: &str = r#"
organisation: { name: Woonstichting Voorbeeld }
data_subjects:
  - { id: tenants, name: Huurders }
data:
  categories:
    - id: contact
      label: "1"
      name: Contactgegevens
      items: [naam, adres, telefoonnummer]
    - id: payment
      label: "2"
      name: Betaalgegevens
      sensitivity: financial
      items: [rekeningnummer]
purposes:
  list:
    - { id: rent, label: C1, name: Verhuur, categories: [contact] }
    - { id: collect, label: C3, name: Huurincasso, categories: [payment] }
    - { id: repairs, label: C4, name: Reparaties, categories: [contact] }
recipients:
  list:
    - { id: bank, name: De bank, kind: third_party, categories: [payment] }
    - { id: contractor, name: Aannemers, kind: processor }
retention:
  periods:
    - { category: payment, period: 2 jaar, trigger: na de betaling }
    - { category: contact, period: 5 jaar, trigger: na het einde van de huur }
rights:
  list:
    - kind: access
complaints: { internal: Bel ons. }
"#;

    fn statement(yaml: &str) -> Statement {
        match crate::content::yaml::parse_str(yaml, Path::new("test.yaml")) {
            Ok(statement) => statement,
            Err(error) => panic!("test statement does not parse: {error:?}"),
        }
    }

    fn durations() -> Durations {
        Durations {
            units: [("jaar", 365), ("maanden", 30)].map(|(k, v)| (k.to_owned(), v)).into(),
            numbers: [("twee", 2)].map(|(k, v)| (k.to_owned(), v)).into(),
        }
    }

    fn diff(edit: impl Fn(&str) -> String) -> Vec<Change> {
        facts(&statement(BASE), &statement(&edit(BASE)), &durations())
    }

    fn summary(changes: &[Change]) -> Vec<String> {
        changes
            .iter()
            .map(|c| {
                format!(
                    "{:?} {} {}{}{} {:?}",
                    c.kind,
                    c.entity,
                    c.name,
                    c.field.as_deref().map(|f| format!(" .{f}")).unwrap_or_default(),
                    c.parent.as_deref().map(|p| format!(" in {p}")).unwrap_or_default(),
                    c.reason
                )
            })
            .collect()
    }

    #[test]
    fn identical_statements_have_no_changes() {
        assert!(diff(|s| s.to_owned()).is_empty());
    }

    #[test]
    fn an_added_recipient_is_fundamental() {
        let changes = diff(|s| {
            s.replace(
                "    - { id: contractor",
                "    - { id: debt, name: Incassobureau, kind: processor }\n    - { id: contractor",
            )
        });
        assert_eq!(summary(&changes), ["Added recipient Incassobureau Some(NewRecipient)"]);
        assert_eq!(materiality(&changes), Materiality::Fundamental);
    }

    #[test]
    fn a_removed_purpose_is_editorial() {
        let changes = diff(|s| {
            s.replace(
                "    - { id: collect, label: C3, name: Huurincasso, categories: [payment] }\n",
                "",
            )
        });
        assert_eq!(summary(&changes), ["Removed purpose C3 Huurincasso None"]);
        assert_eq!(materiality(&changes), Materiality::Editorial);
    }

    #[test]
    fn a_longer_retention_period_is_fundamental_and_a_shorter_one_editorial() {
        let longer = diff(|s| s.replace("period: 2 jaar", "period: 7 jaar"));
        assert_eq!(
            summary(&longer),
            ["Changed retention_period Betaalgegevens .period Some(LongerRetention)"]
        );
        assert_eq!(longer[0].before, Some(Json::String("2 jaar".into())));
        assert_eq!(longer[0].after, Some(Json::String("7 jaar".into())));
        let shorter = diff(|s| s.replace("period: 2 jaar", "period: 18 maanden"));
        assert_eq!(shorter[0].materiality, Materiality::Editorial);
        let words = diff(|s| s.replace("period: 2 jaar", "period: twee jaar"));
        assert_eq!(words[0].materiality, Materiality::Editorial);
        let unknown = diff(|s| s.replace("period: 2 jaar", "period: zolang nodig"));
        assert_eq!(unknown[0].reason, Some(Reason::RetentionChanged));
    }

    #[test]
    fn a_new_data_item_names_its_category() {
        let changes = diff(|s| {
            s.replace(
                "[naam, adres, telefoonnummer]",
                "[naam, geboorteplaats, adres, telefoonnummer]",
            )
        });
        assert_eq!(
            summary(&changes),
            ["Added data_item geboorteplaats in Contactgegevens Some(NewData)"]
        );
    }

    #[test]
    fn reordered_items_are_moved_not_new() {
        let changes = diff(|s| s.replace("[naam, adres, telefoonnummer]", "[telefoonnummer, naam, adres]"));
        assert_eq!(
            summary(&changes),
            ["Moved data_item telefoonnummer in Contactgegevens None"]
        );
        let purposes = diff(|s| {
            s.replace(
                "    - { id: rent, label: C1, name: Verhuur, categories: [contact] }\n",
                "",
            )
            .replace(
                "    - { id: repairs, label: C4, name: Reparaties, categories: [contact] }\n",
                "    - { id: repairs, label: C4, name: Reparaties, categories: [contact] }\n    - { id: rent, label: C1, name: Verhuur, categories: [contact] }\n",
            )
        });
        assert_eq!(summary(&purposes), ["Moved purpose C1 Verhuur None"]);
        assert_eq!(materiality(&purposes), Materiality::Editorial);
    }

    #[test]
    fn an_item_moved_to_another_category_says_from_where() {
        let changes = diff(|s| {
            s.replace("[naam, adres, telefoonnummer]", "[naam, adres]")
                .replace("items: [rekeningnummer]", "items: [rekeningnummer, telefoonnummer]")
        });
        assert_eq!(
            summary(&changes),
            ["Moved data_item telefoonnummer in Betaalgegevens None"]
        );
        assert_eq!(changes[0].from_parent.as_deref(), Some("Contactgegevens"));
    }

    #[test]
    fn a_new_kind_of_recipient_and_new_data_for_a_recipient_are_fundamental() {
        let kind = diff(|s| s.replace("kind: processor", "kind: police"));
        assert_eq!(
            summary(&kind),
            ["Changed recipient Aannemers .kind Some(NewRecipientKind)"]
        );
        let data = diff(|s| {
            s.replace(
                "kind: third_party, categories: [payment]",
                "kind: third_party, categories: [payment, contact]",
            )
        });
        assert_eq!(data[0].reason, Some(Reason::NewData));
        assert_eq!(
            data[0].after,
            Some(serde_json::json!(["Betaalgegevens", "Contactgegevens"]))
        );
        assert_eq!(data[0].gained, ["Contactgegevens"], "a list change says what is new");
        assert!(data[0].lost.is_empty());
        let fewer = diff(|s| s.replace("kind: third_party, categories: [payment]", "kind: third_party"));
        assert_eq!(fewer[0].materiality, Materiality::Editorial);
    }

    #[test]
    fn introducing_automated_decisions_and_transfers_is_fundamental() {
        let automated = diff(|s| format!("{s}automated_decisions: {{ decision_making: true }}\n"));
        assert_eq!(
            summary(&automated),
            ["Added automated_decisions  Some(AutomatedDecisions)"]
        );
        let none = diff(|s| format!("{s}automated_decisions: {{ decision_making: false }}\n"));
        assert_eq!(none[0].materiality, Materiality::Editorial);
        let transfer = diff(|s| {
            format!(
                "{s}transfers:\n  outside_eu: true\n  list:\n    - {{ country: Verenigde Staten, recipient: contractor, safeguard: modelcontractbepalingen }}\n"
            )
        });
        assert_eq!(
            summary(&transfer),
            [
                "Added transfers  None",
                "Added transfer Aannemers (Verenigde Staten) Some(NewTransfer)"
            ]
        );
    }

    #[test]
    fn a_changed_legal_basis_a_new_subject_and_a_new_controller_name_are_fundamental() {
        let with_basis = |kind: &str| {
            format!("{BASE}legal_bases:\n  list:\n    - {{ id: contract, kind: {kind}, purposes: [rent] }}\n")
        };
        let changes = facts(
            &statement(&with_basis("contract")),
            &statement(&with_basis("consent")),
            &durations(),
        );
        assert_eq!(summary(&changes), ["Changed legal_basis  .kind Some(LegalBasis)"]);
        assert_eq!(
            changes[0].variant.as_deref(),
            Some("consent"),
            "a basis without a name is named by its kind"
        );
        let subjects = diff(|s| {
            s.replace(
                "  - { id: tenants, name: Huurders }",
                "  - { id: tenants, name: Huurders }\n  - { id: applicants, name: Woningzoekenden }",
            )
        });
        assert_eq!(subjects[0].reason, Some(Reason::NewDataSubjects));
        let renamed = diff(|s| s.replace("name: Woonstichting Voorbeeld", "name: Woonstichting Nieuw"));
        assert_eq!(summary(&renamed), ["Changed organisation  .name Some(Controller)"]);
    }

    #[test]
    fn long_texts_are_marked_long_and_lists_are_compared_whole() {
        let changes = diff(|s| {
            s.replace("internal: Bel ons.", "internal: Bel ons of schrijf ons een brief aan het adres dat onderaan elke pagina van onze website staat.")
        });
        assert_eq!(summary(&changes), ["Changed complaints  .internal None"]);
        assert!(changes[0].long);
    }

    #[test]
    fn durations_find_the_first_number_and_unit() {
        let d = durations();
        assert_eq!(d.days("7 jaar na het einde van de huurovereenkomst"), Some(7 * 365));
        assert_eq!(d.days("twee jaar"), Some(730));
        assert_eq!(d.days("tot het einde van de huur"), None);
    }
}
