//! The document's relations as CycloneDX `dependencies`, and the components of an SPDX document
//! that only development, test or build relations reach, which CycloneDX marks `excluded`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::graph::relation::{Mapping, map as map_relation};
use crate::graph::{DepGraph, EdgeKind, Flavour, Node};
use crate::model::{Sbom, Standard};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Dependency<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    depends_on: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    provides: Vec<&'a str>,
}

/// SPDX states development, test and build dependencies on the relation; CycloneDX 1.6 on the
/// component, as `scope: excluded` ("for test and other non-runtime purposes"). So a component
/// of an SPDX document that only development, test or build relations reach from the described
/// product (what screening calls test-only) is written `excluded`, and is judged the same when
/// the written file is screened. CycloneDX documents keep their own scopes.
pub(super) fn test_only(sbom: &Sbom) -> Vec<bool> {
    let n = sbom.components.len();
    let mut out = vec![false; n];
    if sbom.standard == Standard::CycloneDx {
        return out;
    }
    let graph = DepGraph::build(sbom);
    let mut fwd: Vec<Vec<(usize, bool)>> = vec![Vec::new(); n];
    for (from, to, e) in graph.edges() {
        if !e.kind.carries_exposure() || e.kind == EdgeKind::Describes {
            continue;
        }
        if let (Node::Component(a), Node::Component(b)) = (from, to)
            && a < n
            && b < n
        {
            let test = matches!(
                e.flavour,
                Some(Flavour::Dev | Flavour::Test | Flavour::Build)
            );
            fwd[a].push((b, test));
        }
    }
    let walk = |skip_test: bool| {
        let mut seen = vec![false; n];
        let mut queue: Vec<usize> = graph.roots().iter().copied().filter(|&r| r < n).collect();
        for &r in &queue {
            seen[r] = true;
        }
        while let Some(i) = queue.pop() {
            for &(j, test) in &fwd[i] {
                let follow = !(skip_test && test);
                if follow && !seen[j] {
                    seen[j] = true;
                    queue.push(j);
                }
            }
        }
        seen
    };
    let (reached, shipped) = (walk(false), walk(true));
    for (i, slot) in out.iter_mut().enumerate() {
        if let Some(k) = graph.canonical(i) {
            *slot = reached[k] && !shipped[k];
        }
    }
    out
}

/// `dependencies`: CycloneDX's as stated; SPDX relations that make an edge bomscreen follows
/// (depends-on, contains, derived-from, in either direction) as `dependsOn`, between elements
/// the document has.
pub(super) fn dependencies(sbom: &Sbom) -> Vec<Dependency<'_>> {
    let ids: BTreeSet<&str> = sbom.components.iter().map(|c| c.id.as_str()).collect();
    let mut order: Vec<&str> = Vec::new();
    let mut by_ref: BTreeMap<&str, (Vec<&str>, Vec<&str>)> = BTreeMap::new();
    for r in &sbom.relations {
        let (from, to, provides) = if sbom.standard == Standard::CycloneDx {
            (r.from.as_str(), r.to.as_str(), r.kind == "provides")
        } else {
            let (kind, reverse) = match map_relation(&r.kind, r.lifecycle.as_deref()) {
                Mapping::Forward(k, _) => (k, false),
                Mapping::Reverse(k, _) => (k, true),
                Mapping::Ignore => continue,
            };
            if !matches!(
                kind,
                EdgeKind::DependsOn | EdgeKind::Contains | EdgeKind::DerivedFrom
            ) || !ids.contains(r.from.as_str())
                || !ids.contains(r.to.as_str())
            {
                continue;
            }
            if reverse {
                (r.to.as_str(), r.from.as_str(), false)
            } else {
                (r.from.as_str(), r.to.as_str(), false)
            }
        };
        let entry = by_ref.entry(from).or_insert_with(|| {
            order.push(from);
            Default::default()
        });
        let list = if provides { &mut entry.1 } else { &mut entry.0 };
        if !list.contains(&to) {
            list.push(to);
        }
    }
    order
        .into_iter()
        .map(|r| {
            let (depends_on, provides) = by_ref.remove(r).unwrap_or_default();
            Dependency {
                reference: r,
                depends_on,
                provides,
            }
        })
        .collect()
}
