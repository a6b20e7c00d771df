//! The ledger as an append-only chain: every entry carries the link of the one recorded before it,
//! and the ledger names each corporation's newest entry, so an entry that goes missing (with or
//! without its version file) is found and named.
//!
//! Ledgers written before the chain existed have no links; they are chained, oldest version first,
//! the first time verklaar writes the ledger, and until then checked by their hashes alone.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// An entry's place in the chain.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The version recorded just before this one; absent for the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// `sha256:` over the previous entry's link and this entry's name.
    pub link: String,
}

/// The newest entry of a corporation's chain.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Head {
    /// The newest version recorded.
    pub newest: String,
    /// Its link.
    pub link: String,
}

/// The link of `slug`'s version `id` recorded after the entry with link `previous`.
pub(super) fn link(previous: Option<&str>, slug: &str, id: &str) -> String {
    let text = format!("{}\n{slug}/{id}", previous.unwrap_or_default());
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256:{}",
        digest.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

/// What is wrong with a corporation's chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    /// The entry of this version is gone from the ledger; `before` is the one recorded after it.
    Missing {
        /// The version whose entry is gone.
        id: String,
        /// The version recorded after it, if any (none when the newest entry is gone).
        before: Option<String>,
    },
    /// The links do not match: the ledger was edited by hand at this version.
    Edited(String),
    /// Entries are chained but the ledger names no newest entry.
    NoHead,
}

/// The versions in `links` (id → its link, if chained) in the order they were recorded, following
/// the chain back from `head`; the first problem found stops the walk.
pub(super) fn walk(
    slug: &str,
    head: Option<&Head>,
    links: &BTreeMap<String, Option<Link>>,
) -> Result<Vec<String>, Broken> {
    let Some(head) = head else {
        return if links.values().any(Option::is_some) {
            Err(Broken::NoHead)
        } else {
            Ok(Vec::new())
        };
    };
    let mut order = Vec::new();
    let mut seen = BTreeSet::new();
    let mut next = Some((head.newest.clone(), head.link.clone(), None::<String>));
    while let Some((id, expected, before)) = next.take() {
        let Some(Some(entry)) = links.get(&id) else {
            return Err(Broken::Missing { id, before });
        };
        if entry.link != expected || !seen.insert(id.clone()) {
            return Err(Broken::Edited(id));
        }
        let previous = match &entry.after {
            Some(after) => match links.get(after) {
                Some(Some(prev)) => Some(prev.link.clone()),
                _ => {
                    return Err(Broken::Missing {
                        id: after.clone(),
                        before: Some(id),
                    });
                }
            },
            None => None,
        };
        if link(previous.as_deref(), slug, &id) != entry.link {
            return Err(Broken::Edited(id));
        }
        if let (Some(after), Some(previous)) = (&entry.after, previous) {
            next = Some((after.clone(), previous, Some(id.clone())));
        }
        order.push(id);
    }
    order.reverse();
    Ok(order)
}

/// Links every entry of `ids` (all of a corporation's versions in the ledger): the chained ones
/// in their recorded order `chained`, then the others in name order. Returns each id's new link
/// and the head.
pub(super) fn seal(slug: &str, chained: &[String], ids: &[String]) -> (BTreeMap<String, Link>, Option<Head>) {
    let mut order: Vec<&String> = chained.iter().collect();
    order.extend(ids.iter().filter(|id| !chained.contains(id)));
    let mut links = BTreeMap::new();
    let mut previous: Option<(String, String)> = None;
    for id in order {
        let value = link(previous.as_ref().map(|(_, l)| l.as_str()), slug, id);
        links.insert(
            id.clone(),
            Link {
                after: previous.as_ref().map(|(p, _)| p.clone()),
                link: value.clone(),
            },
        );
        previous = Some((id.clone(), value));
    }
    let head = previous.map(|(newest, link)| Head { newest, link });
    (links, head)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed(ids: &[&str]) -> (BTreeMap<String, Option<Link>>, Option<Head>) {
        let ids: Vec<String> = ids.iter().map(|s| (*s).to_owned()).collect();
        let (links, head) = seal("acme", &[], &ids);
        (links.into_iter().map(|(k, v)| (k, Some(v))).collect(), head)
    }

    #[test]
    fn a_sealed_chain_walks_back_in_order() {
        let (links, head) = sealed(&["a", "b", "c"]);
        assert_eq!(walk("acme", head.as_ref(), &links).unwrap(), ["a", "b", "c"]);
    }

    #[test]
    fn a_missing_entry_is_named_wherever_it_was() {
        for (gone, before) in [("a", Some("b")), ("b", Some("c")), ("c", None)] {
            let (mut links, head) = sealed(&["a", "b", "c"]);
            links.remove(gone);
            assert_eq!(
                walk("acme", head.as_ref(), &links),
                Err(Broken::Missing {
                    id: gone.to_owned(),
                    before: before.map(str::to_owned)
                })
            );
        }
    }

    #[test]
    fn unchained_ledgers_are_legacy_until_sealed() {
        let links: BTreeMap<String, Option<Link>> = [("a".to_owned(), None)].into_iter().collect();
        assert_eq!(walk("acme", None, &links), Ok(Vec::new()));
        let (_, head) = sealed(&["a"]);
        let mut chained = links.clone();
        chained.insert("b".to_owned(), sealed(&["b"]).0.remove("b").flatten());
        assert_eq!(walk("acme", None, &chained), Err(Broken::NoHead));
        assert!(head.is_some());
    }
}
