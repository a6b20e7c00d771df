//! Checks of the newer facts: ids of promises, camera places, documents and data items are unique,
//! and a retention period says how long or until when.

use super::Checker;
use crate::content::model::{CameraLocation, Statement};

impl Checker<'_> {
    /// Checks the facts that real statements added: promises, camera places, documents, item ids.
    pub(super) fn check_newer_facts(&mut self, statement: &Statement) {
        self.collect_ids(
            msg_id!("commitment"),
            statement
                .commitments
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("commitments[{i}].id"), c.id.as_str())),
        );
        self.collect_ids(
            msg_id!("related document"),
            statement
                .related_documents
                .iter()
                .enumerate()
                .map(|(i, d)| (format!("related_documents[{i}].id"), d.id.as_str())),
        );
        let locations = statement
            .camera_surveillance
            .iter()
            .flat_map(|c| c.locations.iter().enumerate());
        let location_ids = locations.filter_map(|(i, location)| match location {
            CameraLocation::Detailed(details) => details
                .id
                .as_deref()
                .map(|id| (format!("camera_surveillance.locations[{i}].id"), id)),
            CameraLocation::Plain(_) => None,
        });
        self.collect_ids(msg_id!("camera location"), location_ids);
        let items =
            statement.data.categories.iter().enumerate().flat_map(|(c, category)| {
                category.items.iter().enumerate().filter_map(move |(i, item)| {
                    item.id().map(|id| (format!("data.categories[{c}].items[{i}].id"), id))
                })
            });
        self.collect_ids(msg_id!("data item"), items);
        if let Some(retention) = &statement.retention {
            for (i, period) in retention.periods.iter().enumerate() {
                if period.period.is_none() && period.trigger.is_none() {
                    self.invalid(
                        &format!("retention.periods[{i}]"),
                        &msg!("a retention period says neither how long (`period`) nor until when (`trigger`)"),
                        msg!("add `period: 7 jaar`, `trigger: na het einde van de huurovereenkomst`, or both"),
                    );
                }
            }
        }
    }
}
