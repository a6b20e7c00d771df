//! When a change is fundamental: the rules of the transparency guidelines (WP260 rev.01), one function each.
//!
//! WP260 par. 29 names the changes that must always be told: "a change in processing purpose; a
//! change to the identity of the controller; or a change as to how data subjects can exercise their
//! rights", and asks controllers to weigh "the impact on data subjects" and "how unexpected/
//! surprising the change would be". Par. 30 adds, as "a fundamental change to the nature of the
//! processing", the "enlargement of the categories of recipients or introduction of transfers to a
//! third country", and any change "relevant to and impactful upon the data subject". Par. 29 also
//! says what is not material: "corrections of misspellings, or stylistic / grammatical flaws";
//! everything no rule below catches (wording, order, less processing) is editorial.
//!
//! Each rule returns the [`Reason`] a change is fundamental for, or `None` when it is editorial.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as Json;

use super::classes::Reason;
use crate::content::model::{Sensitivity, duration};

/// A new purpose (or sub-purpose): par. 29, "a change in processing purpose".
pub(super) fn new_purpose() -> Option<Reason> {
    Some(Reason::NewPurpose)
}

/// A new category or item of personal data: par. 29, the impact on data subjects, and par. 30, a
/// change "relevant to and impactful upon the data subject".
pub(super) fn new_data() -> Option<Reason> {
    Some(Reason::NewData)
}

/// Data of a more sensitive kind than before, in the model's order (ordinary, financial, national
/// id, special, criminal): par. 29, the impact on data subjects.
pub(super) fn more_sensitive(before: Sensitivity, after: Sensitivity) -> Option<Reason> {
    (after > before).then_some(Reason::NewData)
}

/// A purpose, service or recipient that covers a category it did not cover before: par. 29 and 30,
/// as [`new_data`]; fewer categories is less processing, so editorial.
pub(super) fn more_categories(before: Option<&Json>, after: Option<&Json>) -> Option<Reason> {
    let set = |value: Option<&Json>| -> BTreeSet<String> {
        value
            .and_then(Json::as_array)
            .map(|items| items.iter().filter_map(super::fields::scalar_text).collect())
            .unwrap_or_default()
    };
    (!set(after).is_subset(&set(before))).then_some(Reason::NewData)
}

/// A new group of people whose data is processed: par. 29, the impact and how unexpected the
/// change is to those people, who were not told before.
pub(super) fn new_data_subjects() -> Option<Reason> {
    Some(Reason::NewDataSubjects)
}

/// A new recipient: par. 30, "enlargement of the categories of recipients".
pub(super) fn new_recipient() -> Option<Reason> {
    Some(Reason::NewRecipient)
}

/// A recipient of another kind (a processor becomes a third party): par. 30, as [`new_recipient`].
/// A recipient that becomes a processor, who may only act on the corporation's instructions, is
/// a narrower kind, so editorial.
pub(super) fn new_recipient_kind(before: Option<&Json>, after: Option<&Json>) -> Option<Reason> {
    let processor = Json::String("processor".to_owned());
    (after != Some(&processor) && before != after).then_some(Reason::NewRecipientKind)
}

/// A new transfer: par. 30, "introduction of transfers to a third country".
pub(super) fn new_transfer() -> Option<Reason> {
    Some(Reason::NewTransfer)
}

/// Transfers outside the EU, where there were none: par. 30, as [`new_transfer`].
pub(super) fn transfer_outside_eu(before: Option<&Json>, after: Option<&Json>) -> Option<Reason> {
    became_true(before, after).then_some(Reason::NewTransfer)
}

/// A legal basis added, removed, or applied to other purposes or services: par. 29, the basis
/// decides which rights people have (objection, withdrawing consent), so it changes "how data
/// subjects can exercise their rights".
pub(super) fn legal_basis() -> Option<Reason> {
    Some(Reason::LegalBasis)
}

/// A retention period (of a category, or of a camera's footage) that is longer when both read as
/// durations ("72 uur" is shorter than "veertien dagen", "14 dagen" equals "twee weken"), or that
/// can no longer be compared, so may be longer: par. 29, the impact on data subjects. A shorter
/// period is less processing, so editorial.
pub(super) fn longer_duration(before: Option<&Json>, after: Option<&Json>) -> Option<Reason> {
    let hours = |v: Option<&Json>| {
        v.and_then(Json::as_str)
            .and_then(|s| duration::read(s).duration)
            .map(|d| d.hours())
    };
    match (hours(before), hours(after)) {
        (Some(before), Some(after)) if after > before => Some(Reason::LongerRetention),
        (Some(_), Some(_)) => None,
        _ => Some(Reason::RetentionChanged),
    }
}

/// A promise withdrawn or turned into another: par. 29, "how unexpected/surprising the change
/// would be" to people who relied on it.
pub(super) fn commitment_withdrawn() -> Option<Reason> {
    Some(Reason::Commitment)
}

/// People must now provide data they were not obliged to: par. 29, the impact on data subjects.
pub(super) fn obligation_changed(before: Option<&Json>, after: Option<&Json>) -> Option<Reason> {
    became_true(before, after).then_some(Reason::Obligation)
}

/// An obligation to provide data stated where there was none: as [`obligation_changed`].
pub(super) fn obligation_added(fields: &BTreeMap<String, Json>) -> Option<Reason> {
    (fields.get("required") == Some(&Json::Bool(true))).then_some(Reason::Obligation)
}

/// Automated decision-making or profiling introduced with the section that describes it: par. 29
/// and 30, a change to the nature of the processing that people must be able to object to.
pub(super) fn automated_decisions_added(fields: &BTreeMap<String, Json>) -> Option<Reason> {
    let is_true = |field: &str| fields.get(field) == Some(&Json::Bool(true));
    (is_true("decision_making") || is_true("profiling")).then_some(Reason::AutomatedDecisions)
}

/// Automated decision-making or profiling switched on in an existing section: as
/// [`automated_decisions_added`].
pub(super) fn automated_decisions_changed(before: Option<&Json>, after: Option<&Json>) -> Option<Reason> {
    became_true(before, after).then_some(Reason::AutomatedDecisions)
}

/// Camera surveillance introduced: par. 29 and 30, processing people would not expect.
pub(super) fn camera_surveillance() -> Option<Reason> {
    Some(Reason::CameraSurveillance)
}

/// The controller's name or legal form changed: par. 29, "a change to the identity of the
/// controller".
pub(super) fn controller() -> Option<Reason> {
    Some(Reason::Controller)
}

/// A right taken away: par. 29, "a change as to how data subjects can exercise their rights".
pub(super) fn right_taken_away() -> Option<Reason> {
    Some(Reason::Rights)
}

/// Whether a flag is true now and was not before.
fn became_true(before: Option<&Json>, after: Option<&Json>) -> bool {
    after == Some(&Json::Bool(true)) && before != Some(&Json::Bool(true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn more_sensitive_follows_the_models_order() {
        use Sensitivity::*;
        assert_eq!(more_sensitive(Ordinary, Financial), Some(Reason::NewData));
        assert_eq!(more_sensitive(NationalId, Special), Some(Reason::NewData));
        assert_eq!(
            more_sensitive(Special, Criminal),
            Some(Reason::NewData),
            "criminal data is more sensitive than special categories"
        );
        assert_eq!(more_sensitive(Criminal, Financial), None);
        assert_eq!(more_sensitive(Financial, Financial), None);
    }

    #[test]
    fn only_gained_categories_are_new_data() {
        let (one, two) = (json!(["a"]), json!(["a", "b"]));
        assert_eq!(more_categories(Some(&one), Some(&two)), Some(Reason::NewData));
        assert_eq!(more_categories(None, Some(&one)), Some(Reason::NewData));
        assert_eq!(more_categories(Some(&two), Some(&one)), None);
        assert_eq!(more_categories(Some(&two), None), None);
    }

    #[test]
    fn retention_compares_durations_in_any_wording() {
        let rule = |a: &str, b: &str| longer_duration(Some(&json!(a)), Some(&json!(b)));
        assert_eq!(rule("2 jaar", "7 jaar"), Some(Reason::LongerRetention));
        assert_eq!(rule("2 jaar", "18 maanden"), None);
        assert_eq!(rule("2 jaar na de betaling", "twee jaar na de betaling"), None);
        assert_eq!(rule("14 dagen", "72 uur"), None);
        assert_eq!(rule("14 dagen", "28 dagen"), Some(Reason::LongerRetention));
        assert_eq!(rule("14 dagen", "veertien dagen"), None);
        assert_eq!(rule("7 dagen", "72 uur"), None);
        assert_eq!(rule("72 uur", "twee weken"), Some(Reason::LongerRetention));
        assert_eq!(rule("72 uur", "zolang nodig"), Some(Reason::RetentionChanged));
        assert_eq!(
            longer_duration(None, Some(&json!("72 uur"))),
            Some(Reason::RetentionChanged)
        );
    }

    #[test]
    fn only_a_recipient_that_becomes_a_processor_is_not_a_new_kind() {
        let (processor, third) = (json!("processor"), json!("third_party"));
        assert_eq!(
            new_recipient_kind(Some(&processor), Some(&third)),
            Some(Reason::NewRecipientKind)
        );
        assert_eq!(
            new_recipient_kind(Some(&third), Some(&json!("police"))),
            Some(Reason::NewRecipientKind)
        );
        assert_eq!(new_recipient_kind(Some(&third), Some(&processor)), None);
    }

    #[test]
    fn withdrawn_promises_and_new_obligations_are_fundamental() {
        assert_eq!(commitment_withdrawn(), Some(Reason::Commitment));
        assert_eq!(
            obligation_changed(Some(&json!(false)), Some(&json!(true))),
            Some(Reason::Obligation)
        );
        assert_eq!(obligation_changed(Some(&json!(true)), Some(&json!(false))), None);
        let fields: BTreeMap<String, Json> = [("required".to_owned(), json!(true))].into();
        assert_eq!(obligation_added(&fields), Some(Reason::Obligation));
    }

    #[test]
    fn flags_count_only_when_switched_on() {
        let (yes, no) = (json!(true), json!(false));
        assert_eq!(transfer_outside_eu(Some(&no), Some(&yes)), Some(Reason::NewTransfer));
        assert_eq!(transfer_outside_eu(None, Some(&yes)), Some(Reason::NewTransfer));
        assert_eq!(transfer_outside_eu(Some(&yes), Some(&no)), None);
        assert_eq!(automated_decisions_changed(Some(&yes), Some(&no)), None);
        let fields: BTreeMap<String, Json> = [("profiling".to_owned(), yes)].into();
        assert_eq!(automated_decisions_added(&fields), Some(Reason::AutomatedDecisions));
        assert_eq!(automated_decisions_added(&BTreeMap::new()), None);
    }
}
