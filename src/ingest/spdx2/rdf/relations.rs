//! SPDX 2.3 §11 relationships in RDF, mapped to model relations.

use roxmltree::Node;

use super::{Reader, Value, enum_value, is_spdx, resource_or_text, value};
use crate::model::{Relation, WarningCode};

/// `dependsOn` -> `DEPENDS_ON`: SPDX 2 JSON, YAML and tag-value spell relationship types in
/// upper snake case, RDF in lower camel case; the model keeps the former for every SPDX 2 input.
pub(super) fn upper_snake(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for (i, ch) in camel.chars().enumerate() {
        if ch.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(ch.to_ascii_uppercase());
    }
    out
}

impl<'a, 'i, 'w> Reader<'a, 'i, 'w> {
    /// SPDX 2.3 §11 relationships, in RDF: `spdx:relationship` properties of the element that
    /// is the subject, each an `spdx:Relationship` with `spdx:relatedSpdxElement` and
    /// `spdx:relationshipType` (`...#relationshipType_dependsOn` -> `DEPENDS_ON`). SPDX 2.2
    /// `spdx:hasFile` on a package is the same as CONTAINS (§7.28 note).
    pub(super) fn relations(&mut self, i: usize, ids: &[String], out: &mut Vec<(usize, Relation)>) {
        let from = &ids[i];
        let props: Vec<Node> = self.subjects[i].props().collect();
        for p in props {
            if is_spdx(p, "hasFile") {
                if let Some(to) = self.target(p, ids) {
                    let location = self.location(p);
                    out.push((
                        p.range().start,
                        Relation {
                            from: from.clone(),
                            to,
                            kind: "CONTAINS".to_string(),
                            lifecycle: None,
                            location,
                        },
                    ));
                }
                continue;
            }
            if !is_spdx(p, "relationship") {
                continue;
            }
            let Some(Value::Node(rel)) = self.deref(p) else {
                let loc = self.location(p);
                self.warnings
                    .add_with(WarningCode::MissingField, Some(loc), || {
                        "an spdx:relationship has no spdx:Relationship inside; it was skipped"
                            .to_string()
                    });
                continue;
            };
            let rprops = self.all_props(rel);
            let kind = rprops
                .iter()
                .find(|x| is_spdx(**x, "relationshipType"))
                .and_then(|x| resource_or_text(*x))
                .map(|t| {
                    let v = enum_value(&t, "relationshipType_");
                    if v.contains('_') || v.chars().all(|c| !c.is_ascii_lowercase()) {
                        v.to_ascii_uppercase()
                    } else {
                        upper_snake(v)
                    }
                });
            let to = rprops
                .iter()
                .find(|x| is_spdx(**x, "relatedSpdxElement"))
                .and_then(|x| self.target(*x, ids));
            let location = self.location(rel);
            match (kind, to) {
                (Some(kind), Some(to)) => out.push((rel.range().start, Relation {
                    from: from.clone(),
                    to,
                    kind,
                    lifecycle: None,
                    location,
                })),
                _ => self.warnings.add_with(WarningCode::MissingField, Some(location), || {
                    format!("a relationship of {from} has no spdx:relationshipType or spdx:relatedSpdxElement; it was skipped")
                }),
            }
        }
    }

    /// The id an element-valued property points to.
    pub(super) fn target(&self, p: Node<'a, 'i>, ids: &[String]) -> Option<String> {
        match value(p)? {
            Value::Resource(r) => Some(match self.by_key.get(r) {
                Some(&s) => ids[s].clone(),
                None => self.iri_to_id(r),
            }),
            Value::Node(n) => self.by_node.get(&n.id()).map(|&s| ids[s].clone()),
            Value::Text(t) => Some(self.iri_to_id(t)),
        }
    }
}
