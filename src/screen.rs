//! Stage 4: match every component against the watchlist, weigh the evidence, and propagate
//! findings to the products that integrate a flagged component.
//!
//! [`Screener::new`] compiles the watchlist once ([`index`]); [`Screener::screen`] runs the
//! matchers on each component's own fields ([`matcher`]), decides a code and severity per
//! (component, entry) from the designations in force on the as-of date ([`assess`]), adds the
//! adversary-jurisdiction signal for undeclared suppliers, then walks the graph from every
//! prohibited or covered component to the products that contain, depend on or derive from it
//! ([`propagate`]).

mod assess;
mod index;
mod jurisdiction;
mod matcher;
pub mod normalize;
mod propagate;

use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::finding::{ComponentRef, EntityRef, Evidence, Finding};
use crate::graph::DepGraph;
use crate::model::{Component, Origin, Sbom, Scope};
use crate::provenance::ComponentProvenance;
use crate::watchlist::Watchlist;

/// A watchlist compiled for matching; build once, screen many documents (also across threads: must be Sync).
#[derive(Debug, Clone)]
pub struct Screener {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    watchlist: Watchlist,
    index: index::Index,
}

impl Screener {
    /// Compiles a watchlist (the built-in one merged with user files and imports).
    pub fn new(watchlist: &Watchlist) -> Screener {
        Screener {
            inner: Arc::new(Inner {
                index: index::Index::build(watchlist),
                watchlist: watchlist.clone(),
            }),
        }
    }

    /// The watchlist this screener matches against.
    pub fn watchlist(&self) -> &Watchlist {
        &self.inner.watchlist
    }

    /// How many distinct folded names the name automaton holds (hand-written entries only;
    /// imported lists are matched by exact key).
    pub fn name_patterns(&self) -> usize {
        self.inner.index.pattern_count()
    }

    /// Every finding for one document, deterministic order (sorted by component index, then code, then entity id).
    pub fn screen(
        &self,
        sbom: &Sbom,
        graph: &DepGraph,
        provenance: &[ComponentProvenance],
        as_of: Date,
    ) -> Vec<Finding> {
        let wl = &self.inner.watchlist;
        let m = matcher::Matcher {
            index: &self.inner.index,
            watchlist: wl,
            as_of,
        };
        // Components are matched independently, so the work is spread over the cores (the
        // collect keeps document order, and the sort below makes the output exact); the scope,
        // which only the few components with hits need, is worked out beside it.
        let (scope, hits) = rayon::join(
            || propagate::Scope::new(sbom, graph),
            || {
                sbom.components
                    .par_iter()
                    .enumerate()
                    .map_init(
                        || (matcher::Scratch::default(), Vec::new()),
                        |(scratch, hits), (i, c)| {
                            let prov = provenance.get(i).filter(|p| p.component == i);
                            m.component(sbom, c, prov, scratch, hits);
                            (!hits.is_empty()).then(|| (i, std::mem::take(hits)))
                        },
                    )
                    .flatten_iter()
                    .collect::<Vec<(usize, Vec<matcher::Hit>)>>()
            },
        );
        let mut own: Vec<(usize, Finding)> = hits
            .par_iter()
            .flat_map_iter(|(i, hits)| {
                self.own_findings(sbom, *i, &sbom.components[*i], hits, &scope, as_of)
            })
            .collect();
        let mut flagged = vec![false; sbom.components.len()];
        for (i, _) in &own {
            flagged[*i] = true;
        }
        // The jurisdiction signal, for components nothing flagged: also independent per
        // component, also in document order.
        let signals: Vec<(usize, Finding)> = sbom
            .components
            .par_iter()
            .enumerate()
            .filter_map(|(i, c)| {
                if flagged[i]
                    || !matches!(
                        c.origin,
                        Origin::Listed | Origin::Nested | Origin::Metadata | Origin::Service
                    )
                {
                    return None;
                }
                let prov = provenance.get(i).filter(|p| p.component == i);
                let declared = prov.is_some_and(ComponentProvenance::declares_supplier);
                let mut f = jurisdiction::signal(wl, sbom, c, declared, as_of)?;
                let (reach, notes) = scope.of(i, c);
                f.scope = reach;
                f.notes.extend(notes);
                Some((i, f))
            })
            .collect();
        own.extend(signals);
        let mut all = propagate::integrations(sbom, provenance, &own, &scope, wl, as_of);
        all.extend(own);
        for (i, f) in &mut all {
            if f.path.is_empty() {
                f.path = scope.path_ids(sbom, *i);
            }
        }
        all.sort_by(|(a, x), (b, y)| (a, x.code, &x.entity.id).cmp(&(b, y.code, &y.entity.id)));
        all.into_iter().map(|(_, f)| f).collect()
    }
}

impl Screener {
    /// One finding per watched entity whose hits on component `i` amount to one ([`assess`]);
    /// `hits` come grouped by entity.
    fn own_findings(
        &self,
        sbom: &Sbom,
        i: usize,
        c: &Component,
        hits: &[matcher::Hit],
        scope: &propagate::Scope,
        as_of: Date,
    ) -> Vec<(usize, Finding)> {
        let wl = &self.inner.watchlist;
        let mut own = Vec::new();
        for group in hits.chunk_by(|a, b| a.entity == b.entity) {
            let group: Vec<&matcher::Hit> = group.iter().collect();
            let entry = &wl.entries[group[0].entity];
            let adversary = entry
                .jurisdiction
                .as_deref()
                .is_some_and(|j| wl.foreign_adversary(j, as_of).is_some());
            let Some(a) = assess::assess(entry, c, &group, adversary, as_of) else {
                continue;
            };
            let mut evidence: Vec<Evidence> = group.iter().map(|h| h.evidence.clone()).collect();
            evidence.sort_by(|x, y| y.confidence.cmp(&x.confidence).then_with(|| x.cmp(y)));
            let mut notes = a.notes;
            let (reach, scope_notes) = scope.of(i, c);
            notes.extend(scope_notes);
            let first = &evidence[0];
            let message = format!(
                "{} is attributed to {} by its {} ({:?} matches {:?}): {}",
                c.display_name(),
                entry.name,
                first.field,
                first.value,
                first.matched,
                a.why
            );
            own.push((
                i,
                Finding {
                    code: a.code,
                    severity: a.severity,
                    confidence: first.confidence,
                    document: sbom.source.clone(),
                    component: component_ref(c),
                    entity: EntityRef {
                        id: entry.id.clone(),
                        name: entry.name.clone(),
                    },
                    integrates: None,
                    message,
                    legal_basis: a.legal_basis,
                    evidence,
                    path: Vec::new(),
                    scope: reach,
                    notes,
                },
            ));
        }
        own
    }
}

pub(crate) fn component_ref(c: &Component) -> ComponentRef {
    ComponentRef {
        id: c.id.clone(),
        name: c.name.clone(),
        version: c.version.clone(),
        purl: c.purl.clone(),
        location: c.location.clone(),
        service: c.is_service(),
    }
}

/// Whether the SBOM marks the component excluded (CycloneDX `scope: excluded`).
pub(crate) fn is_excluded(c: &Component) -> bool {
    c.scope == Scope::Excluded
}
