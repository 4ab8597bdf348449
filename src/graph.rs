//! Stage 2 of the pipeline: the [`Sbom`] as a directed graph of components, for tracing how a
//! component got into a product.
//!
//! Nodes are the document and every component (one node per distinct id); edges come from
//! nesting, pedigree, `metadata.component` / `documentDescribes`, and every stated relation,
//! mapped by [`relation::map`]. Edges point from product to part: `A contains B`,
//! `A depends-on B`, `derived derived-from original`. The components that *reach* a component
//! are therefore the products it ends up in.

pub mod relation;

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::model::{Origin, Sbom, Warning, WarningCode, Warnings};

pub use relation::{EdgeKind, Flavour};

/// Hashing for the id map and the edge set: a multiply-rotate hash over 8-byte words (the
/// idea of rustc's FxHasher). std's SipHash is built to resist chosen keys, and costs more
/// than the rest of graph building on a 100k-component SBOM; a document choosing colliding
/// ids can only slow its own graph down, never change it.
#[derive(Default, Clone, Copy)]
struct FastHasher(u64);

impl FastHasher {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.mix(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(w));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.mix(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.mix(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.mix(i as u64);
    }
}

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;
type FastSet<K> = HashSet<K, std::hash::BuildHasherDefault<FastHasher>>;

/// A node: the document itself, or a component by its index in [`Sbom::components`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Node {
    /// The SBOM document (`SPDXRef-DOCUMENT`, the CycloneDX BOM): source of `describes` edges.
    Document,
    /// The first component with a given id.
    Component(usize),
}

/// Where an edge came from in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeOrigin {
    /// A stated relation: index in [`Sbom::relations`].
    Relation(usize),
    /// A component nested in another (CycloneDX `components` inside a component).
    Nesting,
    /// CycloneDX `pedigree` ancestors, descendants or variants.
    Pedigree,
    /// `metadata.component`, `documentDescribes` or SPDX 3 `rootElement`.
    Described,
    /// Not stated: a component that nothing else includes, in a document that describes one
    /// product, is taken to be part of that product (see [`DepGraph::build`]).
    Implied,
}

/// One edge of the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Edge {
    /// What the edge means.
    pub kind: EdgeKind,
    /// Dev, test, build, optional... where the document says.
    pub flavour: Option<Flavour>,
    /// Where the edge was stated.
    pub origin: EdgeOrigin,
}

/// Counts of what graph building did with the document's references.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GraphStats {
    /// Components that share their id with an earlier one and were merged into its node.
    pub merged_duplicates: usize,
    /// Statements that repeated an edge already in the graph.
    pub repeated_edges: usize,
    /// Relations from an element to itself (dropped).
    pub self_loops: usize,
    /// References to ids that are not in the document (dropped, warned).
    pub dangling: usize,
    /// Relations with an end that is not in the document (not counted as relations).
    pub dangling_relations: usize,
    /// References to other documents, NONE or NOASSERTION (dropped silently).
    pub external: usize,
    /// Relations about licences, agents or vulnerabilities rather than components.
    pub ignored: usize,
    /// Component nodes that no root reaches.
    pub unreachable: usize,
    /// Edges implied from the described product to components nothing includes (`contains`)
    /// and to listed services nothing uses (`dependsOn`).
    pub implied: usize,
}

/// The dependency graph of one SBOM.
#[derive(Debug, Clone)]
pub struct DepGraph {
    graph: DiGraph<Node, Edge>,
    /// Node of every component index; later duplicates share the node of the first.
    node_of: Vec<NodeIndex>,
    document: NodeIndex,
    roots: Vec<usize>,
    /// Problems found while linking: `dangling-ref`, `duplicate-id`.
    pub warnings: Vec<Warning>,
    /// What was merged, dropped or ignored.
    pub stats: GraphStats,
}

/// What a reference in the document points at.
#[derive(Clone, Copy)]
enum End {
    Node(NodeIndex),
    Document,
    /// `NONE`, `NOASSERTION`, `DocumentRef-x:...`, licence refs: not a component here.
    External,
    Missing,
}

struct Builder<'a> {
    sbom: &'a Sbom,
    graph: DiGraph<Node, Edge>,
    node_of: Vec<NodeIndex>,
    by_id: FastMap<&'a str, NodeIndex>,
    document: NodeIndex,
    seen: FastSet<(NodeIndex, NodeIndex, EdgeKind, Option<Flavour>)>,
    warnings: Warnings,
    stats: GraphStats,
}

impl<'a> Builder<'a> {
    fn resolve(&self, id: &str) -> End {
        let id = id.trim();
        if let Some(&n) = self.by_id.get(id) {
            return End::Node(n);
        }
        // SPDX 2 §6.3: "the SPDX identifier for the document ... SPDXRef-DOCUMENT"; SPDX 3 and
        // CycloneDX name the document by its namespace / serial number.
        if id == "SPDXRef-DOCUMENT" || self.sbom.serial.as_deref() == Some(id) {
            return End::Document;
        }
        // SPDX 2 §11.1: "NOASSERTION" / "NONE" on the right-hand side are keywords;
        // `DocumentRef-<id>:SPDXRef-<id>` names an element of another document (§6.6).
        if id.is_empty()
            || id == "NONE"
            || id == "NOASSERTION"
            || id.starts_with("DocumentRef-")
            || id.starts_with("LicenseRef-")
        {
            return End::External;
        }
        End::Missing
    }

    fn node(&self, end: &End) -> Option<NodeIndex> {
        match end {
            End::Node(n) => Some(*n),
            End::Document => Some(self.document),
            End::External | End::Missing => None,
        }
    }

    fn dangling(&mut self, id: &str, what: &str, location: Option<crate::model::Location>) {
        self.stats.dangling += 1;
        self.warnings.add_with(WarningCode::DanglingRef, location, || {
            format!("{what} refers to {id:?}, which is not a component of the document; the reference is ignored")
        });
    }

    fn add(
        &mut self,
        from: NodeIndex,
        to: NodeIndex,
        kind: EdgeKind,
        flavour: Option<Flavour>,
        origin: EdgeOrigin,
    ) {
        if from == to {
            self.stats.self_loops += 1;
            return;
        }
        if !self.seen.insert((from, to, kind, flavour)) {
            self.stats.repeated_edges += 1;
            return;
        }
        self.graph.add_edge(
            from,
            to,
            Edge {
                kind,
                flavour,
                origin,
            },
        );
    }
}

impl DepGraph {
    /// Builds the graph of a document. Never fails: what cannot be linked is a warning.
    pub fn build(sbom: &Sbom) -> DepGraph {
        let n = sbom.components.len();
        let mut b = Builder {
            sbom,
            graph: DiGraph::with_capacity(n + 1, n + sbom.relations.len()),
            node_of: Vec::with_capacity(n),
            by_id: FastMap::with_capacity_and_hasher(n, Default::default()),
            document: NodeIndex::new(0),
            seen: FastSet::with_capacity_and_hasher(n + sbom.relations.len(), Default::default()),
            warnings: Warnings::default(),
            stats: GraphStats::default(),
        };
        b.document = b.graph.add_node(Node::Document);
        // Duplicate ids: the first component with an id is the node; later ones merge into it,
        // so whatever the document says about the id applies to the one node, and a flagged
        // duplicate exposes the same products as the first.
        for (i, c) in sbom.components.iter().enumerate() {
            let key = c.id.as_str();
            if !c.id_synthesized
                && let Some(&first) = b.by_id.get(key)
            {
                b.node_of.push(first);
                b.stats.merged_duplicates += 1;
                b.warnings.add_with(WarningCode::DuplicateId, Some(c.location.clone()), || {
                    format!(
                        "the id {key:?} is used by more than one component; later components with an id are merged into the first"
                    )
                });
                continue;
            }
            let node = b.graph.add_node(Node::Component(i));
            b.by_id.insert(key, node);
            b.node_of.push(node);
        }
        link_described(&mut b);
        link_structure(&mut b);
        link_relations(&mut b);
        let mut graph = DepGraph {
            graph: b.graph,
            node_of: b.node_of,
            document: b.document,
            roots: Vec::new(),
            warnings: b.warnings.into_vec(),
            stats: b.stats,
        };
        graph.roots = graph.find_roots(sbom);
        graph.imply_containment(sbom);
        graph.stats.unreachable = graph.count_unreachable();
        graph
    }

    /// Number of nodes, the document node included.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of distinct edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Number of edges of one kind.
    pub fn count_edges(&self, kind: EdgeKind, flavour: Option<Flavour>) -> usize {
        self.graph
            .edge_weights()
            .filter(|e| e.kind == kind && (flavour.is_none() || e.flavour == flavour))
            .count()
    }

    /// The index of the component that represents `component` in the graph (the first
    /// component with the same id).
    pub fn canonical(&self, component: usize) -> Option<usize> {
        let node = *self.node_of.get(component)?;
        match self.graph[node] {
            Node::Component(i) => Some(i),
            Node::Document => None,
        }
    }

    /// The components the document is about: those it describes, or, when it describes none,
    /// the components nothing contains, depends on or derives from (one per cycle).
    pub fn roots(&self) -> &[usize] {
        &self.roots
    }

    /// Every edge as (from, to, edge), in insertion order.
    pub fn edges(&self) -> impl Iterator<Item = (Node, Node, &Edge)> + '_ {
        self.graph
            .edge_references()
            .map(|e| (self.graph[e.source()], self.graph[e.target()], e.weight()))
    }

    /// Edges leaving a component, sorted by target.
    pub fn edges_from(&self, component: usize) -> Vec<(Node, &Edge)> {
        self.edges_at(component, Direction::Outgoing)
    }

    /// Edges arriving at a component, sorted by source.
    pub fn edges_to(&self, component: usize) -> Vec<(Node, &Edge)> {
        self.edges_at(component, Direction::Incoming)
    }

    fn edges_at(&self, component: usize, dir: Direction) -> Vec<(Node, &Edge)> {
        let Some(&node) = self.node_of.get(component) else {
            return Vec::new();
        };
        let mut v: Vec<(Node, &Edge)> = self
            .graph
            .edges_directed(node, dir)
            .map(|e| {
                let other = if dir == Direction::Outgoing {
                    e.target()
                } else {
                    e.source()
                };
                (self.graph[other], e.weight())
            })
            .collect();
        v.sort_by_key(|(n, e)| (*n, e.kind, e.flavour));
        v
    }

    /// Components that `component` contains directly, with the edge, in graph order (unsorted;
    /// for traversals that visit everything anyway).
    pub fn contained(&self, component: usize) -> impl Iterator<Item = (usize, &Edge)> + '_ {
        self.node_of.get(component).into_iter().flat_map(move |&n| {
            self.graph
                .edges_directed(n, Direction::Outgoing)
                .filter(|e| e.weight().kind == EdgeKind::Contains)
                .filter_map(|e| self.component(e.target()).map(|c| (c, e.weight())))
        })
    }

    /// The components that contain `component` directly (nesting or `contains` relations).
    pub fn containers(&self, component: usize) -> Vec<usize> {
        self.edges_to(component)
            .into_iter()
            .filter(|(_, e)| e.kind == EdgeKind::Contains)
            .filter_map(|(n, _)| match n {
                Node::Component(i) => Some(i),
                Node::Document => None,
            })
            .collect()
    }

    /// Every component that reaches `component` (contains, depends on or derives from it,
    /// directly or not): the products it is exposed in. Sorted; `component` itself excluded.
    pub fn ancestors(&self, component: usize) -> Vec<usize> {
        let mut set = self.reach(&[component], Direction::Incoming, None);
        if let Some(c) = self.canonical(component) {
            set.remove(&c);
        }
        set.into_iter().collect()
    }

    /// Components reachable from `component` along outgoing edges, within `depth` hops.
    pub fn descendants(&self, component: usize, depth: Option<usize>) -> Vec<usize> {
        let mut set = self.reach(&[component], Direction::Outgoing, depth);
        if let Some(c) = self.canonical(component) {
            set.remove(&c);
        }
        set.into_iter().collect()
    }

    /// The targets and every component that reaches one of them: the subgraph that shows how
    /// flagged components got in.
    pub fn subgraph(&self, targets: &[usize]) -> BTreeSet<usize> {
        self.reach(targets, Direction::Incoming, None)
    }

    /// A shortest path `root, ..., component` along exposure edges (fewest hops; ties go to the
    /// lowest component index), or `None` when no root reaches the component.
    pub fn path_from_root(&self, component: usize) -> Option<Vec<usize>> {
        let target = *self.node_of.get(component)?;
        let roots: HashSet<NodeIndex> = self.roots.iter().map(|&r| self.node_of[r]).collect();
        // Breadth-first search backwards from the target: the first root met is the nearest.
        let mut next: HashMap<NodeIndex, NodeIndex> = HashMap::new();
        let mut queue = VecDeque::from([target]);
        let mut seen = HashSet::from([target]);
        while let Some(n) = queue.pop_front() {
            if roots.contains(&n) {
                let mut path = vec![n];
                let mut cur = n;
                while let Some(&m) = next.get(&cur) {
                    path.push(m);
                    cur = m;
                }
                return Some(path.into_iter().filter_map(|n| self.component(n)).collect());
            }
            for m in self.sorted_neighbours(n, Direction::Incoming) {
                if seen.insert(m) {
                    next.insert(m, n);
                    queue.push_back(m);
                }
            }
        }
        None
    }

    fn component(&self, n: NodeIndex) -> Option<usize> {
        match self.graph[n] {
            Node::Component(i) => Some(i),
            Node::Document => None,
        }
    }

    /// Neighbours along exposure edges, the document excluded, sorted by component index.
    fn sorted_neighbours(&self, n: NodeIndex, dir: Direction) -> Vec<NodeIndex> {
        let mut v: Vec<NodeIndex> = self
            .graph
            .edges_directed(n, dir)
            .filter(|e| e.weight().kind.carries_exposure())
            .map(|e| {
                if dir == Direction::Outgoing {
                    e.target()
                } else {
                    e.source()
                }
            })
            .filter(|&m| m != self.document)
            .collect();
        v.sort_by_key(|&m| self.graph[m]);
        v.dedup();
        v
    }

    /// Breadth-first reach along exposure edges; a set, so no ordering work per node.
    fn reach(&self, starts: &[usize], dir: Direction, depth: Option<usize>) -> BTreeSet<usize> {
        let seen = self.reach_mask(starts, dir, depth);
        seen.iter()
            .enumerate()
            .filter(|&(_, &s)| s)
            .filter_map(|(n, _)| self.component(NodeIndex::new(n)))
            .collect()
    }

    /// Which nodes [`DepGraph::reach`] reaches, as a mask over node indices (document set).
    fn reach_mask(&self, starts: &[usize], dir: Direction, depth: Option<usize>) -> Vec<bool> {
        let mut seen = vec![false; self.graph.node_count()];
        seen[self.document.index()] = true;
        let mut queue: VecDeque<(NodeIndex, usize)> = VecDeque::new();
        for &s in starts {
            if let Some(&n) = self.node_of.get(s)
                && !std::mem::replace(&mut seen[n.index()], true)
            {
                queue.push_back((n, 0));
            }
        }
        while let Some((n, d)) = queue.pop_front() {
            if depth.is_some_and(|max| d >= max) {
                continue;
            }
            for e in self.graph.edges_directed(n, dir) {
                if !e.weight().kind.carries_exposure() {
                    continue;
                }
                let m = if dir == Direction::Outgoing {
                    e.target()
                } else {
                    e.source()
                };
                if !std::mem::replace(&mut seen[m.index()], true) {
                    queue.push_back((m, d + 1));
                }
            }
        }
        seen
    }

    fn find_roots(&self, sbom: &Sbom) -> Vec<usize> {
        let described: BTreeSet<usize> = self
            .graph
            .edges_directed(self.document, Direction::Outgoing)
            .filter(|e| e.weight().kind == EdgeKind::Describes)
            .filter_map(|e| self.component(e.target()))
            .collect();
        if !described.is_empty() {
            return described.into_iter().collect();
        }
        self.structural_roots(sbom)
    }

    /// One root per strongly connected component that no edge enters from outside: in a
    /// graph without cycles, exactly the components nothing points at. Files and pedigree
    /// entries are roots only when nothing else is.
    fn structural_roots(&self, sbom: &Sbom) -> Vec<usize> {
        let structural = |e: &Edge| e.kind.carries_exposure() && e.kind != EdgeKind::Describes;
        let filtered =
            petgraph::visit::EdgeFiltered::from_fn(&self.graph, |e| structural(e.weight()));
        let sccs = petgraph::algo::tarjan_scc(&filtered);
        let mut scc_of = vec![0usize; self.graph.node_count()];
        for (k, scc) in sccs.iter().enumerate() {
            for n in scc {
                scc_of[n.index()] = k;
            }
        }
        let mut entered = vec![false; sccs.len()];
        for e in self.graph.edge_references() {
            if structural(e.weight()) && scc_of[e.source().index()] != scc_of[e.target().index()] {
                entered[scc_of[e.target().index()]] = true;
            }
        }
        let mut primary = Vec::new();
        let mut secondary = Vec::new();
        for (k, scc) in sccs.iter().enumerate() {
            if entered[k] {
                continue;
            }
            let Some(first) = scc.iter().filter_map(|&n| self.component(n)).min() else {
                continue;
            };
            match sbom.components[first].origin {
                Origin::File | Origin::Pedigree => secondary.push(first),
                _ => primary.push(first),
            }
        }
        let mut roots = if primary.is_empty() {
            secondary
        } else {
            primary
        };
        roots.sort_unstable();
        roots
    }

    /// A document that describes one product lists the product's parts, but often says
    /// nothing more (a CycloneDX BOM without `dependencies`, an SPDX document with packages
    /// and no relationships). Each component that nothing includes then gets an implied
    /// `contains` edge from the product, so exposure and paths reach it. Provenance does not
    /// inherit along implied edges. With several described products, which one holds an
    /// orphan is unknown, and nothing is implied.
    fn imply_containment(&mut self, sbom: &Sbom) {
        let [root] = self.roots[..] else { return };
        let root_node = self.node_of[root];
        for orphan in self.structural_roots(sbom) {
            let node = self.node_of[orphan];
            // A service the document lists is one the product uses, not one it contains.
            let kind = match sbom.components[orphan].origin {
                Origin::Listed => EdgeKind::Contains,
                Origin::Service => EdgeKind::DependsOn,
                _ => continue,
            };
            if node != root_node {
                self.graph.add_edge(
                    root_node,
                    node,
                    Edge {
                        kind,
                        flavour: None,
                        origin: EdgeOrigin::Implied,
                    },
                );
                self.stats.implied += 1;
            }
        }
    }

    fn count_unreachable(&self) -> usize {
        let reached = self.reach_mask(&self.roots, Direction::Outgoing, None);
        let reached = reached.iter().filter(|&&r| r).count() - 1; // the document is marked
        (self.graph.node_count() - 1).saturating_sub(reached)
    }
}

/// `metadata.component`, `documentDescribes`, SPDX 3 `rootElement`: the document describes them.
fn link_described(b: &mut Builder) {
    for id in &b.sbom.described {
        match b.resolve(id) {
            End::Node(n) => b.add(
                b.document,
                n,
                EdgeKind::Describes,
                None,
                EdgeOrigin::Described,
            ),
            End::Document | End::External => {}
            End::Missing => b.dangling(id, "the document's list of described elements", None),
        }
    }
}

/// Nesting (CycloneDX 1.x: "components ... A list of software and hardware components included
/// in the parent component") and pedigree ("ancestors: Describes zero or more components in
/// which a component is derived from"; "descendants: ... the exact opposite of ancestors";
/// "variants: ... related, but it is unclear if one is derived from the other").
fn link_structure(b: &mut Builder) {
    let sbom = b.sbom;
    for (i, c) in sbom.components.iter().enumerate() {
        let me = b.node_of[i];
        // A nested service is "included or deployed behind the parent service".
        if matches!(c.origin, Origin::Nested | Origin::Service)
            && let Some(p) = c.parent.and_then(|p| b.node_of.get(p).copied())
        {
            b.add(p, me, EdgeKind::Contains, None, EdgeOrigin::Nesting);
        }
        let lists: [(&Vec<String>, EdgeKind, bool); 3] = [
            (&c.ancestors, EdgeKind::DerivedFrom, false),
            (&c.descendants, EdgeKind::DerivedFrom, true),
            (&c.variants, EdgeKind::VariantOf, false),
        ];
        for (ids, kind, reverse) in lists {
            for id in ids {
                match b.resolve(id) {
                    End::Node(other) => {
                        let (from, to) = if reverse { (other, me) } else { (me, other) };
                        b.add(from, to, kind, None, EdgeOrigin::Pedigree);
                    }
                    End::Document | End::External => {}
                    End::Missing => b.dangling(id, "a pedigree entry", Some(c.location.clone())),
                }
            }
        }
    }
}

/// Every stated relation, mapped by [`relation::map`].
fn link_relations(b: &mut Builder) {
    let sbom = b.sbom;
    // A document uses a handful of relation types many times over: map each once.
    let mut cache: Vec<(&str, Option<&str>, relation::Mapping)> = Vec::new();
    let mut last_from: Option<(&str, End)> = None;
    for (ri, r) in sbom.relations.iter().enumerate() {
        let life = r.lifecycle.as_deref();
        let mapping = match cache.iter().find(|(k, l, _)| *k == r.kind && *l == life) {
            Some(&(_, _, m)) => m,
            None => {
                let m = relation::map(&r.kind, life);
                if cache.len() < 64 {
                    cache.push((&r.kind, life, m));
                }
                m
            }
        };
        let (kind, flavour, reverse) = match mapping {
            relation::Mapping::Forward(k, f) => (k, f, false),
            relation::Mapping::Reverse(k, f) => (k, f, true),
            relation::Mapping::Ignore => {
                b.stats.ignored += 1;
                continue;
            }
        };
        // CycloneDX lists every dependency of a component under one `ref`, SPDX tools group
        // relations by subject: resolve a repeated subject once.
        let from_end = if last_from
            .as_ref()
            .is_some_and(|(id, _)| *id == r.from.as_str())
        {
            last_from.as_ref().map_or(End::Missing, |(_, e)| *e)
        } else {
            let e = b.resolve(&r.from);
            last_from = Some((r.from.as_str(), e));
            e
        };
        let from_end = match from_end {
            // An SPDX 3 `describes` whose subject is the Sbom element (not a component) is the
            // document describing its root.
            End::Missing if kind == EdgeKind::Describes => End::Document,
            end => end,
        };
        let to_end = b.resolve(&r.to);
        let what = || format!("a {} relation", r.kind);
        if matches!(from_end, End::Missing) {
            b.dangling(&r.from, &what(), Some(r.location.clone()));
        }
        if matches!(to_end, End::Missing) {
            b.dangling(&r.to, &what(), Some(r.location.clone()));
        }
        if matches!(from_end, End::Missing) || matches!(to_end, End::Missing) {
            b.stats.dangling_relations += 1;
        }
        let (Some(from), Some(to)) = (b.node(&from_end), b.node(&to_end)) else {
            if !matches!(from_end, End::Missing) && !matches!(to_end, End::Missing) {
                b.stats.external += 1;
            }
            continue;
        };
        let (from, to) = if reverse { (to, from) } else { (from, to) };
        b.add(from, to, kind, flavour, EdgeOrigin::Relation(ri));
    }
}

#[cfg(test)]
mod tests;
