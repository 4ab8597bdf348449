//! Propagation: a product that contains, depends on or derives from a prohibited or covered
//! component integrates it. When the product's own supplier is someone else, that is the
//! white-label case of the Kaspersky determination. Also the scope of each component
//! (test-only, excluded) and its path from a root, computed once per document.

use std::collections::{BTreeMap, HashSet, VecDeque};

use jiff::civil::Date;

use super::{assess, component_ref, is_excluded};
use crate::finding::{self, Evidence, Finding, Severity};
use crate::graph::{DepGraph, EdgeKind, Flavour, Node};
use crate::model::{Component, Origin, PartyRole, Sbom};
use crate::provenance::{ComponentProvenance, Source};
use crate::watchlist::Watchlist;

/// Exposure edges of a document, in both directions, and what the roots reach.
pub(crate) struct Scope {
    /// Outgoing (product -> part) edges per canonical component: (target, [`TEST`] | [`USES`]).
    fwd: Vec<Vec<(u32, u8)>>,
    /// Incoming edges per canonical component: (source, flags).
    rev: Vec<Vec<(u32, u8)>>,
    /// Reached from a root along edges that are not dev, test or build.
    shipped: Vec<bool>,
    /// Reached from a root at all.
    reached: Vec<bool>,
    /// Breadth-first parent towards the nearest root.
    parent: Vec<Option<u32>>,
    canonical: Vec<Option<u32>>,
}

/// Edge flag: a development, test or build dependency.
const TEST: u8 = 1;
/// Edge flag: a dependency (uses), as opposed to containment or derivation (embeds).
const USES: u8 = 2;

fn flags(kind: EdgeKind, f: Option<Flavour>) -> u8 {
    let test = matches!(f, Some(Flavour::Dev | Flavour::Test | Flavour::Build));
    u8::from(test) * TEST + u8::from(kind == EdgeKind::DependsOn) * USES
}

/// Which edges a reverse search follows.
#[derive(Clone, Copy)]
enum Follow {
    /// Every exposure edge.
    All,
    /// Not dev/test/build dependencies.
    Shipped,
    /// Containment and derivation only: the embedding chain of a white-label product.
    Embeds,
}

impl Scope {
    pub(crate) fn new(sbom: &Sbom, graph: &DepGraph) -> Scope {
        let n = sbom.components.len();
        let mut fwd: Vec<Vec<(u32, u8)>> = vec![Vec::new(); n];
        let mut rev: Vec<Vec<(u32, u8)>> = vec![Vec::new(); n];
        for (from, to, e) in graph.edges() {
            if !e.kind.carries_exposure() || e.kind == EdgeKind::Describes {
                continue;
            }
            if let (Node::Component(a), Node::Component(b)) = (from, to)
                && a < n
                && b < n
            {
                let t = flags(e.kind, e.flavour);
                fwd[a].push((b as u32, t));
                rev[b].push((a as u32, t));
            }
        }
        for v in fwd.iter_mut().chain(rev.iter_mut()) {
            v.sort_unstable();
        }
        let canonical = (0..n)
            .map(|i| graph.canonical(i).map(|c| c as u32))
            .collect();
        let mut s = Scope {
            fwd,
            rev,
            shipped: vec![false; n],
            reached: vec![false; n],
            parent: vec![None; n],
            canonical,
        };
        let roots: Vec<usize> = graph.roots().to_vec();
        // Shortest paths from the roots (ties to the lowest index: roots and neighbours sorted).
        let mut queue: VecDeque<usize> = VecDeque::new();
        for &r in &roots {
            if r < n && !s.reached[r] {
                s.reached[r] = true;
                queue.push_back(r);
            }
        }
        while let Some(i) = queue.pop_front() {
            for &(j, _) in &s.fwd[i] {
                let j = j as usize;
                if !s.reached[j] {
                    s.reached[j] = true;
                    s.parent[j] = Some(i as u32);
                    queue.push_back(j);
                }
            }
        }
        for &r in &roots {
            if r < n && !s.shipped[r] {
                s.shipped[r] = true;
                queue.push_back(r);
            }
        }
        while let Some(i) = queue.pop_front() {
            for &(j, t) in &s.fwd[i] {
                let j = j as usize;
                if t & TEST == 0 && !s.shipped[j] {
                    s.shipped[j] = true;
                    queue.push_back(j);
                }
            }
        }
        s
    }

    fn canon(&self, i: usize) -> Option<usize> {
        self.canonical.get(i).copied().flatten().map(|c| c as usize)
    }

    /// Whether a component ships: excluded by the SBOM, reachable only through development,
    /// test or build dependencies, or delivered; with the notes that say so to people.
    pub(crate) fn of(&self, i: usize, c: &Component) -> (finding::Scope, Vec<String>) {
        let mut scope = finding::Scope::Delivered;
        let mut notes = Vec::new();
        if let Some(k) = self.canon(i)
            && self.reached[k]
            && !self.shipped[k]
        {
            scope = finding::Scope::TestOnly;
            notes.push(
                "test-only scope: reachable only through development, test or build dependencies"
                    .to_string(),
            );
        }
        if is_excluded(c) {
            scope = finding::Scope::Excluded;
            notes.insert(
                0,
                "excluded scope: the SBOM marks the component excluded from the delivered product"
                    .to_string(),
            );
        }
        (scope, notes)
    }

    /// Indices from a root to the component (empty when no root reaches it).
    fn path(&self, i: usize) -> Vec<usize> {
        let Some(k) = self.canon(i) else {
            return Vec::new();
        };
        if !self.reached[k] {
            return Vec::new();
        }
        let mut p = vec![k];
        let mut cur = k;
        while let Some(q) = self.parent[cur] {
            cur = q as usize;
            p.push(cur);
        }
        p.reverse();
        p
    }

    /// Component ids from a root to the component.
    pub(crate) fn path_ids(&self, sbom: &Sbom, i: usize) -> Vec<String> {
        self.path(i)
            .into_iter()
            .map(|k| sbom.components[k].id.clone())
            .collect()
    }

    /// Multi-source reverse breadth-first search from the flagged components `sources`
    /// (sorted): for each component that reaches one, the nearest one (ties to the lowest
    /// index) and the next hop towards it, along the edges `follow` allows.
    fn reverse(&self, sources: &[usize], follow: Follow) -> Reach {
        let n = self.rev.len();
        let mut r = Reach {
            next: vec![NONE; n],
            source: vec![NONE; n],
            dist: vec![NONE; n],
        };
        let mut queue = VecDeque::new();
        for &f in sources {
            if r.source[f] == NONE {
                r.source[f] = f as u32;
                r.dist[f] = 0;
                queue.push_back(f);
            }
        }
        while let Some(i) = queue.pop_front() {
            for &(j, t) in &self.rev[i] {
                let j = j as usize;
                let skip = match follow {
                    Follow::All => false,
                    Follow::Shipped => t & TEST != 0,
                    Follow::Embeds => t & USES != 0,
                };
                if skip || r.source[j] != NONE {
                    continue;
                }
                r.source[j] = r.source[i];
                r.dist[j] = r.dist[i] + 1;
                r.next[j] = i as u32;
                queue.push_back(j);
            }
        }
        r
    }
}

const NONE: u32 = u32::MAX;

/// What a reverse search reached: per component, the nearest flagged source, the distance,
/// and the next hop towards the source (`NONE` where not reached).
struct Reach {
    next: Vec<u32>,
    source: Vec<u32>,
    dist: Vec<u32>,
}

/// The declared supplier (or manufacturer) of a component itself, not inherited.
fn own_supplier(prov: Option<&ComponentProvenance>) -> Option<&str> {
    prov?.parties.iter().find_map(|a| match a.source {
        Source::Declared(PartyRole::Supplier | PartyRole::Manufacturer) => Some(a.name.as_str()),
        _ => None,
    })
}

/// Integration findings for every product that reaches a prohibited or covered component:
/// one per (product, entity), citing the nearest flagged component.
///
/// Which reaching components count as integrating products: the roots (the product the SBOM
/// is about), the components that contain or depend on the flagged one directly, and every
/// component that embeds it through containment or derivation however deep (the white-label
/// chain: engine in module in OS in firmware image). A library that uses the flagged one only
/// through other libraries' dependencies is a step on the path shown, not a finding of its
/// own: on a generated 100k-component SBOM with 50 plants, a finding on every transitive
/// dependant gave 210k findings, which buries the ones that matter.
#[allow(clippy::needless_range_loop)] // `a` indexes several per-component tables at once
pub(crate) fn integrations(
    sbom: &Sbom,
    provenance: &[ComponentProvenance],
    own: &[(usize, Finding)],
    scope: &Scope,
    wl: &Watchlist,
    as_of: Date,
) -> Vec<(usize, Finding)> {
    let owned: HashSet<(usize, &str)> = own
        .iter()
        .filter_map(|(j, g)| Some((scope.canon(*j)?, g.entity.id.as_str())))
        .collect();
    // The propagating findings per entity, keyed by flagged component (first finding wins).
    // Grouped by strictness (strictest first): a product that reaches flagged components of
    // different strictness is judged on the strictest one it reaches (Endpoint Security over a
    // Threat Intelligence client), not merely the nearest.
    type Tiers = BTreeMap<std::cmp::Reverse<(Severity, u8)>, BTreeMap<usize, usize>>;
    let mut by_entity: BTreeMap<&str, Tiers> = BTreeMap::new();
    for (fi, (i, f)) in own.iter().enumerate() {
        // Designations that reach integrators: the ICTS integration class, the Covered List,
        // and NDAA sec. 1634 "in whole or in part". Weak evidence (lowered below medium) does not.
        // Whatever decided the code (an Entity List listing outranks sec. 1634 on Kaspresso).
        let propagates = f.severity >= Severity::Medium
            && f.legal_basis.iter().any(|b| {
                b.status == finding::BasisStatus::InForce
                    && assess::reaches_integrations_title(&b.list)
            });
        if let Some(k) = scope.canon(*i).filter(|_| propagates) {
            by_entity
                .entry(f.entity.id.as_str())
                .or_default()
                .entry(std::cmp::Reverse((f.severity, assess::rank(f.code))))
                .or_default()
                .entry(k)
                .or_insert(fi);
        }
    }
    let is_root = |a: usize| scope.parent[a].is_none() && scope.reached[a];
    let mut out = Vec::new();
    for (entity, tiers) in &by_entity {
        let mut done = vec![false; sbom.components.len()];
        for flagged in tiers.values() {
            let sources: Vec<usize> = flagged.keys().copied().collect();
            let reach = scope.reverse(&sources, Follow::All);
            let shipped = scope.reverse(&sources, Follow::Shipped);
            let embeds = scope.reverse(&sources, Follow::Embeds);
            for a in 0..reach.source.len() {
                if reach.dist[a] == NONE || reach.dist[a] == 0 || done[a] {
                    continue;
                }
                let c = &sbom.components[a];
                if !matches!(
                    c.origin,
                    Origin::Listed | Origin::Nested | Origin::Metadata | Origin::Service
                ) {
                    continue;
                }
                if !(reach.dist[a] == 1 || is_root(a) || embeds.dist[a] != NONE) {
                    continue;
                }
                let prov = provenance.get(a).filter(|p| p.component == a);
                let supplier = own_supplier(prov);
                // The entity's own product: it has its own finding, not an integration one.
                if owned.contains(&(a, *entity)) {
                    continue;
                }
                let k = reach.source[a] as usize;
                let Some(&fi) = flagged.get(&k) else { continue };
                let f = &own[fi].1;
                let mut tail = Vec::new();
                let mut cur = a;
                while reach.next[cur] != NONE {
                    cur = reach.next[cur] as usize;
                    tail.push(cur);
                }
                let test_only_via = shipped.dist[a] == NONE;
                let Some(entry) = wl.get(&f.entity.id) else {
                    continue;
                };
                let flagged_c = &sbom.components[k];
                let Some(judged) =
                    assess::assess_integration(entry, flagged_c, c, test_only_via, as_of)
                else {
                    continue;
                };
                done[a] = true;
                out.push(integration(
                    sbom,
                    scope,
                    a,
                    k,
                    f,
                    judged,
                    supplier,
                    tail,
                    test_only_via,
                ));
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn integration(
    sbom: &Sbom,
    scope: &Scope,
    a: usize,
    k: usize,
    f: &Finding,
    judged: assess::Assessment,
    supplier: Option<&str>,
    tail: Vec<usize>,
    test_only_via: bool,
) -> (usize, Finding) {
    let c = &sbom.components[a];
    let flagged = &sbom.components[k];
    // "White-labeled" means a declared rebrand (the product names the flagged component as its
    // pedigree ancestor or variant); anything else integrates it.
    let rebrand = c.ancestors.contains(&flagged.id) || c.variants.contains(&flagged.id);
    let verb = if rebrand {
        "is declared a derivative (white-label) of"
    } else {
        "integrates"
    };
    let message = match supplier {
        Some(s) => format!(
            "integrated: {} supplied by {s} {verb} {} ({}): {}",
            c.display_name(),
            flagged.display_name(),
            f.entity.name,
            judged.why
        ),
        None => format!(
            "integrated: {} {verb} {} ({}), and declares no supplier of its own: {}",
            c.display_name(),
            flagged.display_name(),
            f.entity.name,
            judged.why
        ),
    };
    let mut path = scope.path(a);
    path.extend(tail);
    let path: Vec<String> = path
        .into_iter()
        .map(|k| sbom.components[k].id.clone())
        .collect();
    let (mut reach, scope_notes) = scope.of(a, c);
    let mut notes = judged.notes;
    notes.extend(scope_notes);
    if test_only_via && reach != finding::Scope::TestOnly {
        if reach == finding::Scope::Delivered {
            reach = finding::Scope::TestOnly;
        }
        notes.push(format!(
            "test-only scope: integrates {} only through development, test or build dependencies",
            flagged.name
        ));
    }
    if let Some(s) = supplier {
        notes.push(format!(
            "the product's own supplier ({s}) is not {}",
            f.entity.name
        ));
    }
    let mut evidence = vec![Evidence::new(
        "path",
        &path.join(" > "),
        &flagged.id,
        "propagation",
        f.confidence,
        &c.location,
    )];
    evidence.extend(f.evidence.iter().cloned());
    (
        a,
        Finding {
            code: judged.code,
            severity: judged.severity,
            confidence: f.confidence,
            document: sbom.source.clone(),
            component: component_ref(c),
            entity: f.entity.clone(),
            integrates: Some(f.component.clone()),
            message,
            legal_basis: judged.legal_basis,
            evidence,
            path,
            scope: reach,
            notes,
        },
    )
}
