//! SPDX 3 relationships and the document's root elements.

use std::collections::HashSet;

use serde_json::Value;

use super::{Kind, Node, Reader, items};
use crate::model::{Location, Relation, Sbom, WarningCode};

impl<'a> Reader<'a, '_> {
    /// SPDX 3.0 §Core/Relationship: `from` one element, `to` one or more, `relationshipType`
    /// kept verbatim; §Core/LifecycleScopedRelationship adds `scope` (build, test, runtime...).
    pub(super) fn relations(&mut self, n: &Node<'a>, out: &mut Vec<Relation>) {
        let obj = n.obj;
        let from = obj.get("from").and_then(Self::ref_id);
        let kind = self.text(obj, "relationshipType", &n.pointer);
        let to: Vec<&str> = items(obj.get("to")).filter_map(Self::ref_id).collect();
        let (Some(from), Some(kind)) = (from, kind) else {
            self.warnings.add_with(
                WarningCode::MissingField,
                Some(Location::at(&n.pointer)),
                || {
                    let what = if from.is_none() {
                        "`from`"
                    } else {
                        "`relationshipType`"
                    };
                    format!("a relationship has no {what}; it was skipped")
                },
            );
            return;
        };
        if to.is_empty() && obj.get("to").is_none() {
            self.warnings.add_with(
                WarningCode::MissingField,
                Some(Location::at(&n.pointer)),
                || "a relationship has no `to`; it was skipped".to_string(),
            );
            return;
        }
        let lifecycle = self.text(obj, "scope", &n.pointer);
        for t in to {
            out.push(Relation {
                from: from.to_string(),
                to: t.to_string(),
                kind: kind.clone(),
                lifecycle: lifecycle.clone(),
                location: Location::at(&n.pointer),
            });
        }
    }

    /// SPDX 3.0 §Core/ElementCollection `rootElement`: "the primary focus of the collection". The
    /// document's roots are followed through `software_Sbom`/`Bom`/`Bundle` collections to the
    /// packages they describe; `describes` relationships from a non-component (sbom-tool writes
    /// `SPDXRef-DOCUMENT DESCRIBES ...`) count too.
    pub(super) fn described(&self, sbom: &mut Sbom) {
        let mut roots: Vec<&'a Value> = Vec::new();
        if let Some(doc) = self.nodes.iter().find(|n| n.kind == Kind::Document) {
            roots.extend(items(doc.obj.get("rootElement")));
        }
        if roots.is_empty() {
            for n in self.nodes.iter().filter(|n| n.kind == Kind::Collection) {
                roots.extend(items(n.obj.get("rootElement")));
            }
        }
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for r in roots {
            if let Some(id) = Self::ref_id(r) {
                self.expand(id, 0, &mut seen, &mut out);
            }
        }
        let components: HashSet<&str> = sbom.components.iter().map(|c| c.id.as_str()).collect();
        for r in &sbom.relations {
            if r.kind.eq_ignore_ascii_case("describes")
                && !components.contains(r.from.as_str())
                && seen.insert(r.to.clone())
            {
                out.push(r.to.clone());
            }
        }
        sbom.described = out;
    }

    pub(super) fn expand(
        &self,
        id: &str,
        depth: usize,
        seen: &mut HashSet<String>,
        out: &mut Vec<String>,
    ) {
        if depth > 8 || !seen.insert(id.to_string()) {
            return;
        }
        let node = self.index.get(id).map(|&i| &self.nodes[i]);
        match node {
            Some(n) if matches!(n.kind, Kind::Document | Kind::Collection) => {
                for r in items(n.obj.get("rootElement")) {
                    if let Some(child) = Self::ref_id(r) {
                        self.expand(child, depth + 1, seen, out);
                    }
                }
            }
            _ => out.push(id.to_string()),
        }
    }
}
