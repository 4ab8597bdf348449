//! Licence properties rebuilt as SPDX expressions from their RDF node form.

use roxmltree::Node;

use super::{RDF, Reader, Value, is_spdx, stated, text_of, value};
use crate::ingest::spdx2::actor::is_unstated;

/// Expressions nested deeper than this are cut short.
const MAX_LICENSE_DEPTH: usize = 16;

impl<'a, 'i, 'w> Reader<'a, 'i, 'w> {
    /// A licence property as an SPDX expression: listed licences by id, `LicenseRef-`s by id,
    /// conjunctive / disjunctive sets joined with AND / OR, `WITH` exceptions and `+`.
    pub(super) fn license(&self, p: Node<'a, 'i>, depth: usize) -> Option<String> {
        if depth > MAX_LICENSE_DEPTH {
            return None;
        }
        let node = match value(p)? {
            Value::Text(t) => return stated(Some(t.to_string())),
            Value::Resource(r) => match self.by_key.get(r) {
                Some(&i) => self.subjects[i].definition(),
                None => return Some(self.license_id(r)).filter(|id| !is_unstated(id)),
            },
            Value::Node(n) => n,
        };
        let props = self.all_props(node);
        let members: Vec<String> = props
            .iter()
            .filter(|x| is_spdx(**x, "member"))
            .filter_map(|m| self.license(*m, depth + 1))
            .collect();
        let wrap = |e: &String| {
            if e.contains(' ') {
                format!("({e})")
            } else {
                e.clone()
            }
        };
        match node.tag_name().name() {
            "ConjunctiveLicenseSet" => {
                Some(members.iter().map(wrap).collect::<Vec<_>>().join(" AND "))
                    .filter(|s| !s.is_empty())
            }
            "DisjunctiveLicenseSet" => {
                Some(members.iter().map(wrap).collect::<Vec<_>>().join(" OR "))
                    .filter(|s| !s.is_empty())
            }
            "WithExceptionOperator" => {
                let exception = props
                    .iter()
                    .find(|x| is_spdx(**x, "licenseException"))
                    .and_then(|x| match value(*x) {
                        Some(Value::Node(n)) => self
                            .all_props(n)
                            .iter()
                            .find(|y| is_spdx(**y, "licenseExceptionId"))
                            .and_then(|y| text_of(*y)),
                        Some(Value::Resource(r)) => Some(self.iri_to_id(r)),
                        _ => None,
                    });
                let member = members.first()?;
                Some(match exception {
                    Some(e) => format!("{} WITH {e}", wrap(member)),
                    None => member.clone(),
                })
            }
            "OrLaterOperator" => members.first().map(|m| format!("{m}+")),
            _ => props
                .iter()
                .find(|x| is_spdx(**x, "licenseId"))
                .and_then(|x| text_of(*x))
                .or_else(|| node.attribute((RDF, "about")).map(|a| self.license_id(a)))
                .filter(|id| !is_unstated(id)),
        }
    }
}
