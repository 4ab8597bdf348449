//! SPDX 2 relationships (clause 11) and the relations other fields state.

use std::collections::HashSet;

use super::{Ctx, Doc, Section};
use crate::model::{Location, Relation, Sbom, WarningCode};

/// SPDX 2.3 clause 11 relationships, verbatim, plus the relations other fields state:
/// `documentDescribes` (6.x, "DESCRIBES" from the document), `hasFiles` (SPDX 2.2 7.x: the
/// package CONTAINS the file), and a snippet's `snippetFromFile` (the file CONTAINS it).
/// Derived relations are not repeated when the document also states them.
pub(super) fn relations(
    cx: &mut Ctx<'_>,
    doc: &mut Doc,
    doc_id: &str,
    has_files: Vec<(usize, String)>,
    snippet_of: Vec<(String, String)>,
    sbom: &mut Sbom,
) {
    let list = std::mem::take(&mut doc.relationships);
    let mut stated = Vec::with_capacity(list.len());
    for (i, r) in list.items.into_iter().enumerate() {
        let loc = doc.locate(Section::Relationship, i);
        let Some(r) = r else {
            cx.warnings.add(
                WarningCode::BadType,
                Some(loc),
                "a relationship entry is null and was skipped",
            );
            continue;
        };
        let from = cx.text(r.spdx_element_id, "spdxElementId", &loc);
        let kind = cx.text(r.relationship_type, "relationshipType", &loc);
        let to = cx.text(r.related_spdx_element, "relatedSpdxElement", &loc);
        match (from, kind, to) {
            (Some(from), Some(kind), Some(to)) => stated.push(Relation {
                from,
                to,
                kind,
                lifecycle: None,
                location: loc,
            }),
            _ => cx.missing(&loc, "a relationship without spdxElementId, relationshipType or relatedSpdxElement was skipped"),
        }
    }
    let describes = std::mem::take(&mut doc.document_describes);
    let loc = Location::at("/documentDescribes");
    let mut describe_ids = Vec::new();
    for t in cx.list(describes, "documentDescribes", &loc) {
        describe_ids.extend(cx.text(t, "documentDescribes", &loc));
    }
    let mut described_seen = HashSet::new();
    let mut describe = |sbom: &mut Sbom, id: &str| {
        if described_seen.insert(id.to_string()) {
            sbom.described.push(id.to_string());
        }
    };
    for id in &describe_ids {
        describe(sbom, id);
    }
    for r in &stated {
        // trivy before 0.36 wrote "DESCRIBE"; it means the same and is kept as written.
        let describes =
            r.kind.eq_ignore_ascii_case("DESCRIBES") || r.kind.eq_ignore_ascii_case("DESCRIBE");
        if describes && r.kind.len() == 8 {
            cx.warnings.add_with(
                WarningCode::UnknownFieldValue,
                Some(r.location.clone()),
                || {
                    format!(
                        "relationship type {:?} is not an SPDX type; it was read as DESCRIBES",
                        r.kind
                    )
                },
            );
        }
        if describes && r.from == doc_id {
            describe(sbom, &r.to);
        } else if r.kind.eq_ignore_ascii_case("DESCRIBED_BY") && r.to == doc_id {
            describe(sbom, &r.from);
        }
    }

    // Derived relations, skipping those the document states as well. The set borrows every
    // string it holds: a 100,000-package document has hundreds of thousands of relations.
    let (mut before, mut after) = (Vec::new(), Vec::new());
    if !describe_ids.is_empty() || !has_files.is_empty() || !snippet_of.is_empty() {
        let mut seen: HashSet<(&str, &str, String)> = stated
            .iter()
            .map(|r| (r.from.as_str(), r.to.as_str(), r.kind.to_ascii_uppercase()))
            .collect();
        for (i, id) in describe_ids.iter().enumerate() {
            derive(
                &mut seen,
                &mut before,
                doc_id,
                id,
                "DESCRIBES",
                Location::at(format!("/documentDescribes/{i}")),
            );
        }
        for (package, file) in &has_files {
            let c = &sbom.components[*package];
            derive(
                &mut seen,
                &mut after,
                &c.id,
                file,
                "CONTAINS",
                c.location.clone(),
            );
        }
        for (file, snippet) in &snippet_of {
            derive(
                &mut seen,
                &mut after,
                file,
                snippet,
                "CONTAINS",
                Location::default(),
            );
        }
    }
    sbom.relations
        .reserve(before.len() + stated.len() + after.len());
    sbom.relations.append(&mut before);
    sbom.relations.append(&mut stated);
    sbom.relations.append(&mut after);
}

fn derive<'a>(
    seen: &mut HashSet<(&'a str, &'a str, String)>,
    out: &mut Vec<Relation>,
    from: &'a str,
    to: &'a str,
    kind: &str,
    location: Location,
) {
    if seen.insert((from, to, kind.to_string())) {
        out.push(Relation {
            from: from.to_string(),
            to: to.to_string(),
            kind: kind.to_string(),
            lifecycle: None,
            location,
        });
    }
}
