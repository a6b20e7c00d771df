//! The order of sections in a statement: the standard sections that have facts, with the free
//! sections placed where the corporation asked.

use serde::Serialize;

use crate::content::model::{Placement, Statement};

/// Keys of the standard sections, in their default order. Each key is also the section's anchor and
/// the name of its template, `sections/<key>.html`.
pub const SECTION_KEYS: &[&str] = &[
    "organisation",
    "commitments",
    "data_subjects",
    "data",
    "sources",
    "channels",
    "obligation",
    "purposes",
    "services",
    "legal_bases",
    "automated_decisions",
    "recipients",
    "transfers",
    "camera_surveillance",
    "security",
    "retention",
    "accountability",
    "rights",
    "complaints",
    "laws",
    "definitions",
    "changes",
    "questions",
    "related_documents",
];

/// One entry of the outline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutlineEntry {
    /// Standard section key, or `free` for a free section.
    pub key: String,
    /// The section's anchor (`id` attribute).
    pub anchor: String,
    /// For a free section: its index in `sections`.
    pub free: Option<usize>,
}

/// Whether the statement has facts for the standard section `key`: a section with nothing in it
/// (`complaints: {}`) is not shown.
fn is_present(statement: &Statement, key: &str) -> bool {
    let data = &statement.data;
    let rights = &statement.rights;
    let c = &statement.complaints;
    match key {
        "organisation" => true,
        "commitments" => !statement.commitments.is_empty(),
        "data" => !data.categories.is_empty() || data.introduction.is_some() || data.notes.is_some(),
        "channels" => !statement.channels.is_empty(),
        "obligation" => statement.obligation.is_some(),
        "accountability" => statement.accountability.is_some(),
        "rights" => !rights.list.is_empty() || rights.introduction.is_some() || rights.procedure.is_some(),
        "complaints" => {
            c.introduction.is_some()
                || c.internal.is_some()
                || c.authority.is_some()
                || c.court.is_some()
                || c.deadlines.is_some()
        }
        "related_documents" => !statement.related_documents.is_empty(),
        "data_subjects" => !statement.data_subjects.is_empty(),
        "sources" => statement.sources.is_some(),
        "purposes" => !statement.purposes.list.is_empty() || statement.purposes.introduction.is_some(),
        "services" => statement.services.is_some(),
        "legal_bases" => statement.legal_bases.is_some(),
        "automated_decisions" => statement.automated_decisions.is_some(),
        "recipients" => statement.recipients.is_some(),
        "transfers" => statement.transfers.is_some(),
        "camera_surveillance" => statement.camera_surveillance.is_some(),
        "security" => statement.security.is_some(),
        "retention" => statement.retention.is_some(),
        "laws" => !statement.laws.is_empty(),
        "definitions" => !statement.definitions.is_empty(),
        "changes" => statement.changes.is_some(),
        "questions" => statement.questions.is_some(),
        _ => false,
    }
}

/// The sections of `statement` in reading order.
pub fn outline(statement: &Statement) -> Vec<OutlineEntry> {
    // Slots for every standard section, present or not, so that a free section placed next to an
    // absent one still lands where that one would have been.
    let mut slots: Vec<OutlineEntry> = SECTION_KEYS
        .iter()
        .map(|key| OutlineEntry {
            key: (*key).to_owned(),
            anchor: (*key).to_owned(),
            free: None,
        })
        .collect();
    let free_entry = |index: usize| OutlineEntry {
        key: "free".to_owned(),
        anchor: statement.sections[index].id.clone(),
        free: Some(index),
    };
    let starts: Vec<usize> = (0..statement.sections.len())
        .filter(|&i| statement.sections[i].place == Placement::Start)
        .collect();
    for (offset, &index) in starts.iter().enumerate() {
        slots.insert(offset, free_entry(index));
    }
    let ends = (0..statement.sections.len()).filter(|&i| statement.sections[i].place == Placement::End);
    for index in ends {
        slots.push(free_entry(index));
    }
    // Relative placements may name each other; place what can be placed until nothing changes.
    let mut pending: Vec<usize> = (0..statement.sections.len())
        .filter(|&i| matches!(statement.sections[i].place, Placement::After(_) | Placement::Before(_)))
        .collect();
    loop {
        let before = pending.len();
        pending.retain(|&index| {
            let (target, after) = match &statement.sections[index].place {
                Placement::After(target) => (target, true),
                Placement::Before(target) => (target, false),
                Placement::Start | Placement::End => return false,
            };
            match slots.iter().position(|slot| &slot.anchor == target) {
                Some(position) => {
                    slots.insert(if after { position + 1 } else { position }, free_entry(index));
                    false
                }
                None => true,
            }
        });
        if pending.is_empty() || pending.len() == before {
            break;
        }
    }
    // Left over only in a cycle (a after b, b after a): those go last rather than disappear.
    for index in pending {
        slots.push(free_entry(index));
    }
    slots.retain(|slot| slot.free.is_some() || is_present(statement, &slot.key));
    slots
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(extra: &str) -> Vec<String> {
        let yaml = format!(
            "published: 2020-01-01\norganisation: {{name: X}}\ndata: {{categories: []}}\nrights: {{list: []}}\ncomplaints: {{}}\n{extra}"
        );
        let statement: Statement = serde_yaml::from_str(&yaml).unwrap();
        outline(&statement).into_iter().map(|entry| entry.anchor).collect()
    }

    #[test]
    fn only_sections_with_facts_appear() {
        assert_eq!(keys(""), ["organisation"]);
        assert_eq!(keys("changes: x\n"), ["organisation", "changes"]);
        let statement: Statement =
            serde_yaml::from_str("organisation: {name: X}\ncomplaints: {internal: x}\nrights: {introduction: y}\n")
                .unwrap();
        let anchors: Vec<String> = outline(&statement).into_iter().map(|e| e.anchor).collect();
        assert_eq!(anchors, ["organisation", "rights", "complaints"]);
    }

    #[test]
    fn a_document_needs_only_its_organisation() {
        let statement: Statement = serde_yaml::from_str("organisation: {name: X}\n").unwrap();
        let anchors: Vec<String> = outline(&statement).into_iter().map(|e| e.anchor).collect();
        assert_eq!(anchors, ["organisation"]);
    }

    #[test]
    fn new_sections_appear_where_a_statement_has_them() {
        let extra = "commitments: [{id: a, text: x}]\nchannels: [website]\nobligation: {required: true}\n\
                     accountability: {register: true}\nrelated_documents: [{id: c, title: C}]\n";
        assert_eq!(
            keys(extra),
            [
                "organisation",
                "commitments",
                "channels",
                "obligation",
                "accountability",
                "related_documents"
            ]
        );
    }

    #[test]
    fn free_sections_go_where_they_are_placed() {
        let extra = "sections:
  - {id: slot, title: S, body: x, place: end}
  - {id: eerst, title: E, body: x, place: start}
  - {id: na-slot, title: N, body: x, place: after slot}
  - {id: voor-data, title: V, body: x, place: before data}
  - {id: bij-camera, title: C, body: x, place: after camera_surveillance}
";
        assert_eq!(
            keys(extra),
            ["eerst", "organisation", "voor-data", "bij-camera", "slot", "na-slot"]
        );
    }

    #[test]
    fn a_placement_cycle_keeps_both_sections() {
        let extra = "sections:\n  - {id: a, title: A, body: x, place: after b}\n  - {id: b, title: B, body: y, place: after a}\n";
        assert_eq!(keys(extra), ["organisation", "a", "b"]);
    }
}
