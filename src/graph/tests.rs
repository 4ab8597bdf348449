use super::*;
use crate::model::{Component, Relation, Standard, Syntax};

fn comp(id: &str) -> Component {
    Component {
        id: id.to_string(),
        name: id.to_string(),
        location: crate::model::Location::at(format!("/components/{id}")),
        ..Component::default()
    }
}

fn rel(from: &str, kind: &str, to: &str) -> Relation {
    Relation {
        from: from.to_string(),
        to: to.to_string(),
        kind: kind.to_string(),
        lifecycle: None,
        location: crate::model::Location::default(),
    }
}

fn sbom(
    standard: Standard,
    components: Vec<Component>,
    relations: Vec<Relation>,
    described: &[&str],
) -> Sbom {
    let mut s = Sbom::new("t", standard, Syntax::Json, "x");
    s.components = components;
    s.relations = relations;
    s.described = described.iter().map(|d| d.to_string()).collect();
    s
}

fn idx(s: &Sbom, id: &str) -> usize {
    s.components.iter().position(|c| c.id == id).unwrap()
}

fn names(s: &Sbom, v: &[usize]) -> Vec<String> {
    v.iter().map(|&i| s.components[i].id.clone()).collect()
}

#[test]
fn spdx_dependency_of_is_reversed_and_dev_is_flagged() {
    let s = sbom(
        Standard::Spdx2,
        vec![
            comp("SPDXRef-app"),
            comp("SPDXRef-lib"),
            comp("SPDXRef-jest"),
        ],
        vec![
            rel("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-app"),
            rel("SPDXRef-lib", "DEPENDENCY_OF", "SPDXRef-app"),
            rel("SPDXRef-jest", "DEV_DEPENDENCY_OF", "SPDXRef-app"),
        ],
        &["SPDXRef-app"],
    );
    let g = DepGraph::build(&s);
    assert_eq!(g.node_count(), 4);
    // DESCRIBES stated twice (documentDescribes and the relation) is one edge.
    assert_eq!(g.edge_count(), 3);
    assert_eq!(g.stats.repeated_edges, 1);
    let from_app = g.edges_from(0);
    assert_eq!(from_app.len(), 2);
    assert_eq!(
        (from_app[0].0, from_app[0].1.kind, from_app[0].1.flavour),
        (Node::Component(1), EdgeKind::DependsOn, None)
    );
    assert_eq!(
        (from_app[1].0, from_app[1].1.kind, from_app[1].1.flavour),
        (Node::Component(2), EdgeKind::DependsOn, Some(Flavour::Dev))
    );
    assert_eq!(g.roots(), &[0]);
    assert_eq!(g.path_from_root(2), Some(vec![0, 2]));
    assert!(g.warnings.is_empty());
}

#[test]
fn nested_components_are_contained_and_roots_are_described() {
    let mut meta = comp("firewall");
    meta.origin = Origin::Metadata;
    let mut engine = comp("engine");
    engine.origin = Origin::Nested;
    engine.parent = Some(1);
    let mut sig = comp("signatures");
    sig.origin = Origin::Nested;
    sig.parent = Some(2);
    let s = sbom(
        Standard::CycloneDx,
        vec![meta, comp("module"), engine, sig, comp("zlib")],
        vec![
            rel("firewall", "dependsOn", "module"),
            rel("module", "dependsOn", "zlib"),
        ],
        &["firewall"],
    );
    let g = DepGraph::build(&s);
    assert_eq!(g.node_count(), 6);
    assert_eq!(g.count_edges(EdgeKind::Contains, None), 2);
    assert_eq!(g.count_edges(EdgeKind::DependsOn, None), 2);
    assert_eq!(g.count_edges(EdgeKind::Describes, None), 1);
    assert_eq!(g.roots(), &[0]);
    assert_eq!(
        names(&s, &g.path_from_root(idx(&s, "signatures")).unwrap()),
        ["firewall", "module", "engine", "signatures"]
    );
    assert_eq!(names(&s, &g.ancestors(3)), ["firewall", "module", "engine"]);
    assert_eq!(g.containers(3), vec![2]);
    assert_eq!(g.stats.unreachable, 0);
}

#[test]
fn no_dependency_section_roots_are_the_unreferenced_components() {
    let mut child = comp("b");
    child.origin = Origin::Nested;
    child.parent = Some(0);
    let mut file = comp("file");
    file.origin = Origin::File;
    let s = sbom(
        Standard::CycloneDx,
        vec![comp("a"), child, comp("c"), file],
        vec![],
        &[],
    );
    let g = DepGraph::build(&s);
    assert_eq!(g.edge_count(), 1);
    assert_eq!(names(&s, g.roots()), ["a", "c"]);
    assert_eq!(g.path_from_root(1), Some(vec![0, 1]));
    // The file is neither a root nor reached by one.
    assert_eq!(g.path_from_root(3), None);
    assert_eq!(g.stats.unreachable, 1);
}

#[test]
fn cycles_terminate_and_get_one_root() {
    let s = sbom(
        Standard::CycloneDx,
        vec![comp("a"), comp("b"), comp("c"), comp("d")],
        vec![
            rel("a", "dependsOn", "b"),
            rel("b", "dependsOn", "a"),
            rel("b", "dependsOn", "c"),
            rel("c", "dependsOn", "d"),
            rel("d", "dependsOn", "c"),
            rel("d", "dependsOn", "d"),
        ],
        &[],
    );
    let g = DepGraph::build(&s);
    assert_eq!(g.edge_count(), 5);
    assert_eq!(g.stats.self_loops, 1);
    assert_eq!(names(&s, g.roots()), ["a"]);
    assert_eq!(names(&s, &g.ancestors(3)), ["a", "b", "c"]);
    assert_eq!(names(&s, &g.ancestors(0)), ["b"]);
    assert_eq!(
        names(&s, &g.path_from_root(3).unwrap()),
        ["a", "b", "c", "d"]
    );
    assert_eq!(names(&s, &g.descendants(0, Some(1))), ["b"]);
    assert_eq!(g.subgraph(&[2]).len(), 4);
}

#[test]
fn dangling_refs_warn_once_with_a_count_and_keywords_do_not() {
    let s = sbom(
        Standard::Spdx2,
        vec![comp("SPDXRef-a"), comp("SPDXRef-b")],
        vec![
            rel("SPDXRef-a", "CONTAINS", "SPDXRef-missing1"),
            rel("SPDXRef-ghost", "CONTAINS", "SPDXRef-b"),
            rel("SPDXRef-a", "CONTAINS", "NOASSERTION"),
            rel("SPDXRef-a", "DEPENDS_ON", "DocumentRef-other:SPDXRef-x"),
            rel("SPDXRef-a", "HAS_DECLARED_LICENSE", "LicenseRef-1"),
            rel("SPDXRef-a", "CONTAINS", "SPDXRef-b"),
        ],
        &[],
    );
    let g = DepGraph::build(&s);
    assert_eq!(g.edge_count(), 1);
    assert_eq!(g.warnings.len(), 1);
    assert_eq!(g.warnings[0].code, "dangling-ref");
    assert_eq!(g.warnings[0].count, 2);
    assert!(
        g.warnings[0].message.contains("SPDXRef-missing1"),
        "{}",
        g.warnings[0].message
    );
    assert_eq!(
        (g.stats.dangling, g.stats.external, g.stats.ignored),
        (2, 2, 1)
    );
}

#[test]
fn duplicate_ids_merge_into_the_first() {
    let mut dup = comp("SPDXRef-x");
    dup.name = "second".into();
    let s = sbom(
        Standard::Spdx2,
        vec![comp("SPDXRef-root"), comp("SPDXRef-x"), dup],
        vec![rel("SPDXRef-root", "CONTAINS", "SPDXRef-x")],
        &[],
    );
    let g = DepGraph::build(&s);
    assert_eq!(g.node_count(), 3);
    assert_eq!(g.stats.merged_duplicates, 1);
    assert_eq!(g.warnings[0].code, "duplicate-id");
    assert_eq!(g.canonical(2), Some(1));
    // The second component with the id is exposed in the same products as the first.
    assert_eq!(g.ancestors(2), vec![0]);
    assert_eq!(g.path_from_root(2), Some(vec![0, 1]));
}

#[test]
fn pedigree_points_from_derived_to_original() {
    let mut patched = comp("patched");
    patched.ancestors = vec!["upstream".into()];
    patched.variants = vec!["fork".into()];
    patched.descendants = vec!["next".into()];
    let mut upstream = comp("upstream");
    upstream.origin = Origin::Pedigree;
    upstream.parent = Some(0);
    let mut fork = comp("fork");
    fork.origin = Origin::Pedigree;
    fork.parent = Some(0);
    let mut next = comp("next");
    next.origin = Origin::Pedigree;
    next.parent = Some(0);
    let s = sbom(
        Standard::CycloneDx,
        vec![patched, upstream, fork, next],
        vec![],
        &[],
    );
    let g = DepGraph::build(&s);
    let out: Vec<_> = g.edges().map(|(a, b, e)| (a, b, e.kind)).collect();
    assert!(out.contains(&(
        Node::Component(0),
        Node::Component(1),
        EdgeKind::DerivedFrom
    )));
    assert!(out.contains(&(Node::Component(0), Node::Component(2), EdgeKind::VariantOf)));
    assert!(out.contains(&(
        Node::Component(3),
        Node::Component(0),
        EdgeKind::DerivedFrom
    )));
    // The descendant derives from the patched component, so it is the one nothing reaches.
    assert_eq!(names(&s, g.roots()), ["next"]);
}

#[test]
fn spdx3_lifecycle_scoped_relations_and_sbom_subjects() {
    let mut r = rel("urn:a", "dependsOn", "urn:b");
    r.lifecycle = Some("build".into());
    let s = sbom(
        Standard::Spdx3,
        vec![comp("urn:a"), comp("urn:b")],
        vec![
            r,
            rel("urn:sbom", "describes", "urn:a"),
            rel("urn:b", "ancestorOf", "urn:a"),
        ],
        &[],
    );
    let g = DepGraph::build(&s);
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
    assert_eq!(g.roots(), &[0]);
    assert_eq!(g.count_edges(EdgeKind::DependsOn, Some(Flavour::Build)), 1);
    assert_eq!(g.edges_from(0)[1].1.kind, EdgeKind::DerivedFrom);
}
