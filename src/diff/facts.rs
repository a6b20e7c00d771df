//! Statements flattened into keyed records, and the records of two versions matched into changes.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value as Json;
use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::change::Change;
use super::classes::{ChangeKind, Materiality, Reason};
use super::fields::{display_name, flatten, scalar_text, to_key};
use super::identity;
use super::kind::{Compared, FactKind, Keying};
use super::record::Record;
use crate::content::model::{CameraLocation, DataItem, Purpose, Sensitivity, Statement};

/// The changes from `old` to `new`, kind by kind in the order of a statement ([`FactKind`]'s own
/// order): within a kind, the new and changed facts in the newer order, then those that moved
/// within their list, then those that are gone.
pub(super) fn changes(old: &Statement, new: &Statement) -> Vec<Change> {
    let (old_facts, new_facts) = (Facts::of(old), Facts::of(new));
    let kinds: BTreeSet<FactKind> = old_facts
        .records
        .iter()
        .chain(&new_facts.records)
        .map(|r| r.kind)
        .collect();
    let mut changes = Vec::new();
    for kind in kinds {
        let old_records = old_facts.of_kind(kind);
        let new_records = new_facts.of_kind(kind);
        let old_by_key: BTreeMap<&str, &Record> = old_records.iter().map(|r| (r.key.as_str(), *r)).collect();
        let new_by_key: BTreeMap<&str, &Record> = new_records.iter().map(|r| (r.key.as_str(), *r)).collect();
        let renamed = identity::renames(kind, &old_records, &new_records);
        // The places of a camera section that is new or gone are told by that section's change.
        let with_section =
            |facts: &Facts| kind != FactKind::CameraLocation || !facts.of_kind(FactKind::CameraSurveillance).is_empty();
        let (tell_added, tell_removed) = (with_section(&old_facts), with_section(&new_facts));
        for record in &new_records {
            let old_key = renamed.get(record.key.as_str()).copied().unwrap_or(record.key.as_str());
            match old_by_key.get(old_key) {
                None if tell_added => changes.push(added(record, &new_facts)),
                None => {}
                Some(before) => {
                    if identity::is_named_by_what_it_is(kind) && before.name != record.name {
                        changes.push(renamed_change(before, record, &new_facts));
                    }
                    if before.parent_key != record.parent_key {
                        changes.push(moved(before, record, &old_facts, &new_facts));
                    }
                    for field in changed_fields(before, record) {
                        changes.push(changed(before, record, &field, (&old_facts, &new_facts)));
                    }
                }
            }
        }
        changes.extend(reordered(&old_records, &new_records, &new_facts));
        for record in &old_records {
            let is_renamed = renamed.values().any(|old| *old == record.key);
            if !new_by_key.contains_key(record.key.as_str()) && !is_renamed && tell_removed {
                changes.push(removed(record, &old_facts));
            }
        }
    }
    changes
}

/// Every fact of one statement, and the names that ids stand for.
struct Facts {
    records: Vec<Record>,
    /// Names by the kind of fact referred to and id.
    names: BTreeMap<FactKind, BTreeMap<String, String>>,
    /// Categories with neither name nor number: their items do not name them as a parent.
    unnamed: BTreeSet<String>,
}

impl Facts {
    fn of(s: &Statement) -> Facts {
        use FactKind as K;
        let mut facts = Facts {
            records: Vec::new(),
            names: BTreeMap::new(),
            unnamed: BTreeSet::new(),
        };
        facts.single(K::Statement, s);
        facts.single(K::Organisation, &s.organisation);
        if let Some(contact) = &s.privacy_contact {
            facts.single(K::PrivacyContact, contact);
        }
        for commitment in &s.commitments {
            facts.push(K::Commitment, commitment, &commitment.text, None).variant =
                commitment.kind.as_ref().map(to_key);
        }
        for subject in &s.data_subjects {
            facts.push(K::DataSubject, subject, &subject.name, None);
        }
        facts.single(K::Data, &s.data);
        let mut item_counts: BTreeMap<&str, usize> = BTreeMap::new();
        for item in s.data.categories.iter().flat_map(|c| &c.items) {
            *item_counts.entry(item.name()).or_default() += 1;
        }
        for category in &s.data.categories {
            // A category reads by its name ("Betaalgegevens"); its number only when it has no name,
            // and by its items as the page lists them when it has neither: never by its id.
            let items: Vec<&str> = category.items.iter().map(|item| item.name()).collect();
            let name = match category.name.as_deref().or(category.label.as_deref()) {
                Some(name) => name.to_owned(),
                None => {
                    facts.unnamed.insert(category.id.to_string());
                    items.join(", ")
                }
            };
            facts.name(K::Category, &category.id, &name);
            facts.push(K::Category, category, &name, None).sensitivity = category.sensitivity;
            for item in &category.items {
                let record = facts.push(K::DataItem, item, item.name(), Some(&category.id));
                if item_counts.get(item.name()).copied().unwrap_or(0) > 1 {
                    record.key = format!("{}/{}", category.id, item.name());
                }
                keyed_by_id(record, item.id());
                if let DataItem::Detailed(details) = item {
                    record.sensitivity = details.sensitivity.unwrap_or_default();
                }
            }
        }
        if let Some(sources) = &s.sources {
            facts.single(K::Sources, sources);
            for source in &sources.others {
                facts.push(K::Source, source, &source.name, None);
            }
        }
        for channel in &s.channels {
            let name = channel.name.clone().unwrap_or_default();
            facts.push(K::Channel, channel, &name, None).variant = Some(to_key(&channel.kind));
        }
        if let Some(obligation) = &s.obligation {
            facts.single(K::Obligation, obligation);
        }
        facts.single(K::Purposes, &s.purposes);
        facts.purposes(&s.purposes.list, None);
        if let Some(services) = &s.services {
            facts.single(K::Services, services);
            for service in &services.list {
                let name = display_name(service.label.as_deref(), Some(&service.name), &service.id);
                facts.name(K::Service, &service.id, &name);
                facts.push(K::Service, service, &name, None);
            }
        }
        if let Some(bases) = &s.legal_bases {
            facts.single(K::LegalBases, bases);
            for basis in &bases.list {
                let name = display_name(basis.label.as_deref(), basis.name.as_deref(), "");
                // A basis without a name of its own is referred to by its kind, which the theme names.
                let kind = basis.kind.as_ref().map(to_key).unwrap_or_default();
                facts.name(K::LegalBasis, &basis.id, if name.is_empty() { &kind } else { &name });
                facts.push(K::LegalBasis, basis, &name, None).variant = basis.kind.as_ref().map(to_key);
            }
        }
        if let Some(automated) = &s.automated_decisions {
            facts.single(K::AutomatedDecisions, automated);
        }
        if let Some(recipients) = &s.recipients {
            facts.single(K::Recipients, recipients);
            for recipient in &recipients.list {
                facts.name(K::Recipient, &recipient.id, &recipient.name);
                facts.push(K::Recipient, recipient, &recipient.name, None).variant =
                    recipient.kind.as_ref().map(to_key);
            }
        }
        if let Some(transfers) = &s.transfers {
            facts.single(K::Transfers, transfers);
            for transfer in &transfers.list {
                let name = format!(
                    "{} ({})",
                    facts.lookup(K::Recipient, &transfer.recipient),
                    transfer.country
                );
                facts.push(K::Transfer, transfer, &name, None);
            }
        }
        if let Some(camera) = &s.camera_surveillance {
            facts.single(K::CameraSurveillance, camera);
            for location in &camera.locations {
                let record = facts.push(K::CameraLocation, location, location.name(), None);
                if let CameraLocation::Detailed(details) = location {
                    keyed_by_id(record, details.id.as_deref());
                }
            }
        }
        if let Some(security) = &s.security {
            facts.single(K::Security, security);
            for measure in &security.measures {
                let name = measure.name.as_deref().unwrap_or(&measure.description);
                facts.push(K::Measure, measure, name, None);
            }
        }
        if let Some(retention) = &s.retention {
            facts.single(K::Retention, retention);
            for period in &retention.periods {
                let name = facts.lookup(K::Category, &period.category);
                facts.push(K::RetentionPeriod, period, &name, None);
            }
        }
        facts.single(K::Rights, &s.rights);
        for right in &s.rights.list {
            let name = right.name.clone().unwrap_or_default();
            let record = facts.push(K::Right, right, &name, None);
            record.variant = Some(record.key.clone());
        }
        if let Some(procedure) = &s.rights.procedure {
            facts.single(K::RightsProcedure, procedure);
        }
        facts.single(K::Complaints, &s.complaints);
        for law in &s.laws {
            facts.push(K::Law, law, &law.name, None);
        }
        for definition in &s.definitions {
            facts.push(K::Definition, definition, &definition.term, None);
        }
        for section in &s.sections {
            facts.push(K::FreeSection, section, &section.title, None);
        }
        if let Some(signatory) = &s.signatory {
            facts.single(K::Signatory, signatory);
        }
        if let Some(accountability) = &s.accountability {
            facts.single(K::Accountability, accountability);
        }
        for document in &s.related_documents {
            facts.push(K::RelatedDocument, document, &document.title, None);
        }
        facts
    }

    fn purposes(&mut self, list: &[Purpose], parent: Option<&str>) {
        for purpose in list {
            let name = display_name(purpose.label.as_deref(), Some(&purpose.name), &purpose.id);
            self.name(FactKind::Purpose, &purpose.id, &name);
            self.push(FactKind::Purpose, purpose, &name, parent);
            self.purposes(&purpose.sub_purposes, Some(&purpose.id));
        }
    }

    fn of_kind(&self, kind: FactKind) -> Vec<&Record> {
        self.records.iter().filter(|r| r.kind == kind).collect()
    }

    fn name(&mut self, kind: FactKind, id: &str, name: &str) {
        self.names
            .entry(kind)
            .or_default()
            .insert(id.to_owned(), name.to_owned());
    }

    /// The name of the fact of `kind` with this id; the id itself when there is none.
    fn lookup(&self, kind: FactKind, id: &str) -> String {
        self.names
            .get(&kind)
            .and_then(|names| names.get(id))
            .cloned()
            .unwrap_or_else(|| id.to_owned())
    }

    /// A fact that appears at most once in a statement.
    fn single(&mut self, kind: FactKind, value: &impl Serialize) {
        self.push(kind, value, "", None);
    }

    /// Adds a fact, keyed and with its fields as its kind says; returns it to be completed.
    fn push(&mut self, kind: FactKind, value: &impl Serialize, name: &str, parent_key: Option<&str>) -> &mut Record {
        let value = serde_json::to_value(value).unwrap_or(Json::Null);
        let text = |field: &str| value.get(field).and_then(Json::as_str).unwrap_or_default();
        let key = match kind.keying() {
            Keying::Single => String::new(),
            Keying::Field(field) => text(field).to_owned(),
            Keying::ItemName => value.as_str().unwrap_or(text("name")).to_owned(),
            Keying::RecipientCountry => format!("{}/{}", text("recipient"), text("country")),
            Keying::NameOrDescription => value
                .get("name")
                .and_then(Json::as_str)
                .unwrap_or(text("description"))
                .to_owned(),
            Keying::KindName => match value.get("name").and_then(Json::as_str) {
                Some(name) => format!("{}/{name}", text("kind")),
                None => text("kind").to_owned(),
            },
        };
        let mut fields = BTreeMap::new();
        if let Json::Object(map) = value {
            for (field, value) in map {
                let compared = match kind.compared() {
                    Compared::Only(only) => only.contains(&field.as_str()),
                    Compared::Except(skip) => !skip.contains(&field.as_str()),
                };
                if compared {
                    flatten(&field, value, &mut fields);
                }
            }
        }
        self.records.push(Record {
            kind,
            key,
            name: name.to_owned(),
            variant: None,
            parent_key: parent_key.map(str::to_owned),
            sensitivity: Sensitivity::default(),
            fields,
        });
        let last = self.records.len() - 1;
        &mut self.records[last]
    }

    /// The name of the parent of a record, for messages.
    fn parent_name(&self, record: &Record) -> Option<String> {
        let parent = record.parent_key.as_deref()?;
        if record.kind == FactKind::DataItem && self.unnamed.contains(parent) {
            return None;
        }
        Some(self.lookup(record.kind.parent()?, parent))
    }

    /// `value` with ids replaced by the names they stand for, for fields that refer to other facts.
    fn readable(&self, field: &str, value: &Json) -> Json {
        let Some(kind) = FactKind::referred_by(field) else {
            return value.clone();
        };
        let name = |id: &Json| match id {
            Json::String(id) => Json::String(self.lookup(kind, id)),
            other => other.clone(),
        };
        match value {
            Json::Array(ids) => Json::Array(ids.iter().map(name).collect()),
            other => name(other),
        }
    }
}

/// A fact with an `id` keeps its identity by it, whatever its name: it is keyed `#id`.
fn keyed_by_id(record: &mut Record, id: Option<&str>) {
    if let Some(id) = id {
        record.key = format!("#{id}");
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

fn base_change(kind: ChangeKind, record: &Record, facts: &Facts) -> Change {
    Change {
        kind,
        entity: record.kind,
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
        section: record.kind.section(),
    }
}

/// `change`, fundamental for `reason` if there is one.
fn classed(mut change: Change, reason: Option<Reason>) -> Change {
    if reason.is_some() {
        change.materiality = Materiality::Fundamental;
        change.reason = reason;
    }
    change
}

fn added(record: &Record, facts: &Facts) -> Change {
    classed(
        base_change(ChangeKind::Added, record, facts),
        record.kind.added(&record.fields),
    )
}

fn removed(record: &Record, facts: &Facts) -> Change {
    classed(base_change(ChangeKind::Removed, record, facts), record.kind.removed())
}

/// A fact whose name changed but that is clearly the same one, as one change of its name.
fn renamed_change(before: &Record, after: &Record, facts: &Facts) -> Change {
    let mut change = base_change(ChangeKind::Changed, after, facts);
    change.field = Some("name".to_owned());
    change.before = Some(Json::String(before.name.clone()));
    change.after = Some(Json::String(after.name.clone()));
    change
}

fn moved(before: &Record, after: &Record, old: &Facts, new: &Facts) -> Change {
    let mut change = base_change(ChangeKind::Moved, after, new);
    change.from_parent = old.parent_name(before);
    change
}

/// Items kept in the same list but put in another order: the fewest items that explain the new
/// order (those outside the longest common subsequence) are reported as moved.
fn reordered(old: &[&Record], new: &[&Record], facts: &Facts) -> Vec<Change> {
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
        let mut kept = vec![false; new_order.len()];
        for op in capture_diff_slices(Algorithm::Lcs, &old_order, &new_order) {
            if let DiffOp::Equal { new_index, len, .. } = op {
                kept[new_index..new_index + len].fill(true);
            }
        }
        for (key, _) in new_order.iter().zip(kept).filter(|(_, kept)| !kept) {
            if let Some(record) = new.iter().find(|r| &r.key == key) {
                changes.push(base_change(ChangeKind::Moved, record, facts));
            }
        }
    }
    changes
}

/// Texts longer than this are shown in the text diff rather than quoted in a change line.
const LONG_TEXT: usize = 80;

fn changed(before: &Record, after: &Record, field: &str, (old, new): (&Facts, &Facts)) -> Change {
    let old_value = before.fields.get(field);
    let new_value = after.fields.get(field);
    let mut change = base_change(ChangeKind::Changed, after, new);
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
    let reason = after.kind.changed(
        field,
        (&before.fields, before.sensitivity),
        (&after.fields, after.sensitivity),
    );
    classed(change, reason)
}
