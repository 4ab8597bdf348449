//! Stage 3 of the pipeline: for every component, who supplied it and how we know.
//!
//! Each [`Attribution`] carries its [`Source`]: declared in a party field, derived from an
//! identifier (purl namespace, CPE vendor, URL and e-mail domains), read in text (copyright,
//! description), or inherited from the nearest product that contains the component.

pub mod ident;
pub mod text;

use std::collections::VecDeque;

use rayon::prelude::*;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::graph::{DepGraph, EdgeOrigin};
use crate::model::{Component, ObservationKind, PartyRole, Sbom};

/// Which identifier a party was derived from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdKind {
    /// The namespace of the package URL (Maven groupId, npm scope, GitHub owner, distro).
    PurlNamespace,
    /// The vendor field of a CPE.
    CpeVendor,
    /// The domain of a URL (external reference, download location, party URL).
    UrlDomain,
    /// The domain of an e-mail address.
    EmailDomain,
}

/// Which free text a party was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextKind {
    /// A copyright notice.
    Copyright,
    /// A copyright notice a tool found in the component's files (CycloneDX
    /// `evidence.copyright`, SPDX `noticeText`).
    EvidenceCopyright,
    /// The description ("... by X").
    Description,
}

/// How we know a party is behind a component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Named in a party field of the component.
    Declared(PartyRole),
    /// Derived from one of the component's identifiers.
    Identifier(IdKind),
    /// Read in the component's free text.
    Text(TextKind),
    /// Declared by the nearest product that contains the component.
    Inherited {
        /// The containing component that declares the party.
        from: usize,
        /// The role the party has there.
        role: PartyRole,
        /// The containment path, `from` first and the component last.
        via: Vec<usize>,
    },
}

impl Source {
    /// `declared`, `identifier`, `text` or `inherited`.
    pub fn class(&self) -> &'static str {
        match self {
            Source::Declared(_) => "declared",
            Source::Identifier(_) => "identifier",
            Source::Text(_) => "text",
            Source::Inherited { .. } => "inherited",
        }
    }

    /// The field within the class: `supplier`, `cpe-vendor`, `copyright`...
    pub fn field(&self) -> &'static str {
        match self {
            Source::Declared(r) | Source::Inherited { role: r, .. } => role_name(*r),
            Source::Identifier(IdKind::PurlNamespace) => "purl-namespace",
            Source::Identifier(IdKind::CpeVendor) => "cpe-vendor",
            Source::Identifier(IdKind::UrlDomain) => "url-domain",
            Source::Identifier(IdKind::EmailDomain) => "email-domain",
            Source::Text(TextKind::Copyright) => "copyright",
            Source::Text(TextKind::EvidenceCopyright) => "evidence-copyright",
            Source::Text(TextKind::Description) => "description",
        }
    }

    /// Lower is stronger: the order in which [`ComponentProvenance::supplier`] prefers sources.
    fn rank(&self) -> u8 {
        match self {
            Source::Declared(PartyRole::Supplier | PartyRole::Provider) => 0,
            Source::Declared(PartyRole::Manufacturer) => 1,
            Source::Declared(PartyRole::Publisher) => 2,
            Source::Declared(PartyRole::Originator) => 3,
            Source::Inherited { .. } => 4,
            Source::Declared(PartyRole::Author) => 5,
            Source::Identifier(IdKind::CpeVendor) => 6,
            Source::Identifier(IdKind::PurlNamespace) => 7,
            Source::Identifier(IdKind::EmailDomain) => 8,
            Source::Identifier(IdKind::UrlDomain) => 9,
            Source::Text(TextKind::Copyright) => 10,
            Source::Text(TextKind::EvidenceCopyright) => 11,
            Source::Text(TextKind::Description) => 12,
        }
    }
}

fn role_name(r: PartyRole) -> &'static str {
    match r {
        PartyRole::Supplier => "supplier",
        PartyRole::Manufacturer => "manufacturer",
        PartyRole::Publisher => "publisher",
        PartyRole::Author => "author",
        PartyRole::Originator => "originator",
        PartyRole::Provider => "provider",
    }
}

impl Serialize for Source {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("class", self.class())?;
        m.serialize_entry("field", self.field())?;
        if let Source::Inherited { from, via, .. } = self {
            m.serialize_entry("from", from)?;
            m.serialize_entry("via", via)?;
        }
        m.end()
    }
}

/// One party behind a component, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attribution {
    /// The party's name, domain, namespace or vendor string, as found.
    pub name: String,
    /// How we know.
    pub source: Source,
    /// The value it was taken from (the purl, the URL, the copyright line...).
    pub value: String,
    /// Postal country, where the document gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// Everything known about who is behind one component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComponentProvenance {
    /// Index in [`Sbom::components`].
    pub component: usize,
    /// The parties, strongest evidence first.
    pub parties: Vec<Attribution>,
}

impl ComponentProvenance {
    /// The best answer to "who supplied it": declared supplier, manufacturer, publisher,
    /// originator, then inherited, author, identifiers and text, in that order.
    pub fn supplier(&self) -> Option<&Attribution> {
        self.parties.first()
    }

    /// Whether the component itself declares a supplier or manufacturer.
    pub fn declares_supplier(&self) -> bool {
        self.parties.iter().any(|a| {
            matches!(
                a.source,
                Source::Declared(
                    PartyRole::Supplier | PartyRole::Manufacturer | PartyRole::Provider
                )
            )
        })
    }

    /// Whether the component declares any party at all.
    pub fn declares_any(&self) -> bool {
        self.parties
            .iter()
            .any(|a| matches!(a.source, Source::Declared(_)))
    }
}

/// How much of a document says who is behind its components.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Components counted (listed and nested; not files, pedigree or the metadata component).
    pub components: usize,
    /// Components that declare a supplier or manufacturer.
    pub declared_supplier: usize,
    /// Components that declare any party (supplier, manufacturer, publisher, author, originator).
    pub declared_any: usize,
    /// Components that declare no supplier but inherit one from a containing product.
    pub inherited: usize,
    /// Components with any evidence at all (declared, identifier, text or inherited).
    pub any_evidence: usize,
    /// Components with no evidence of who is behind them: absence of adversary code cannot be
    /// proven for them.
    pub none: usize,
}

/// Resolves the parties of every component; the result is indexed like [`Sbom::components`].
pub fn resolve(sbom: &Sbom, graph: &DepGraph) -> Vec<ComponentProvenance> {
    complete(sbom, graph, own(sbom))
}

/// The first half of [`resolve`]: each component's own fields, read independently of the graph
/// (so it can run while the graph is built), spread over the cores, in order.
pub fn own(sbom: &Sbom) -> Vec<ComponentProvenance> {
    sbom.components
        .par_iter()
        .enumerate()
        .map(|(i, c)| ComponentProvenance {
            component: i,
            parties: own_parties(sbom, c),
        })
        .collect()
}

/// The second half of [`resolve`]: what components inherit through the graph, added to what
/// [`own`] read.
pub fn complete(
    sbom: &Sbom,
    graph: &DepGraph,
    mut all: Vec<ComponentProvenance>,
) -> Vec<ComponentProvenance> {
    inherit(sbom, graph, &mut all);
    all.par_iter_mut().for_each(|p| {
        // Stable: within one source, document order is kept.
        p.parties.sort_by_key(|a| a.source.rank());
    });
    all
}

/// Counts coverage over the counted components.
pub fn coverage(sbom: &Sbom, provenance: &[ComponentProvenance]) -> Coverage {
    let mut cov = Coverage::default();
    for (c, p) in sbom.components.iter().zip(provenance) {
        if !c.is_counted() {
            continue;
        }
        cov.components += 1;
        let declared = p.declares_supplier();
        cov.declared_supplier += usize::from(declared);
        cov.declared_any += usize::from(p.declares_any());
        cov.inherited += usize::from(
            !declared
                && p.parties
                    .iter()
                    .any(|a| matches!(a.source, Source::Inherited { .. })),
        );
        cov.any_evidence += usize::from(!p.parties.is_empty());
        cov.none += usize::from(p.parties.is_empty());
    }
    cov
}

struct Collector(Vec<Attribution>);

impl Collector {
    fn push(&mut self, name: &str, source: Source, value: &str, country: Option<&String>) {
        let name = name.trim();
        if ident::is_unstated(name) {
            return;
        }
        if self
            .0
            .iter()
            .any(|a| a.source == source && a.name.eq_ignore_ascii_case(name))
        {
            return;
        }
        self.0.push(Attribution {
            name: name.to_string(),
            source,
            value: value.to_string(),
            country: country.cloned(),
        });
    }
}

fn own_parties(sbom: &Sbom, c: &Component) -> Vec<Attribution> {
    let mut out = Collector(Vec::new());
    // The metadata component's parties include CycloneDX `metadata.supplier`/`manufacture`.
    let parties: Vec<&crate::model::Party> = sbom.parties_of(c).collect();
    for p in &parties {
        if let Some(name) = &p.name {
            out.push(name, Source::Declared(p.role), name, p.country.as_ref());
        }
    }
    if let Some(purl) = &c.purl
        && let Some(ns) = purl.namespace()
    {
        out.push(ns, Source::Identifier(IdKind::PurlNamespace), purl, None);
    }
    for cpe in &c.cpes {
        if let Some(v) = ident::cpe_vendor(cpe) {
            out.push(&v, Source::Identifier(IdKind::CpeVendor), cpe, None);
        }
    }
    for p in &parties {
        for e in &p.emails {
            if let Some(d) = ident::email_domain(e) {
                out.push(
                    &d,
                    Source::Identifier(IdKind::EmailDomain),
                    e,
                    p.country.as_ref(),
                );
            }
        }
    }
    let endpoints = c.service.iter().flat_map(|s| s.endpoints.iter());
    let urls = parties
        .iter()
        .flat_map(|p| p.urls.iter())
        .chain(c.external_refs.iter().map(|r| &r.url))
        .chain(c.download_location.iter())
        .chain(endpoints);
    for url in urls {
        if url.trim_start().to_ascii_lowercase().starts_with("mailto:") {
            if let Some(d) = ident::email_domain(url) {
                out.push(&d, Source::Identifier(IdKind::EmailDomain), url, None);
            }
        } else if let Some(d) = ident::url_domain(url) {
            out.push(&d, Source::Identifier(IdKind::UrlDomain), url, None);
        }
    }
    if let Some(copyright) = &c.copyright {
        for (holder, line) in text::copyright_holders(copyright) {
            out.push(&holder, Source::Text(TextKind::Copyright), &line, None);
        }
    }
    let notices = c
        .evidence
        .iter()
        .filter(|o| o.kind == ObservationKind::Copyright);
    for o in notices {
        for (holder, line) in text::copyright_holders(&o.value) {
            out.push(
                &holder,
                Source::Text(TextKind::EvidenceCopyright),
                &line,
                None,
            );
        }
    }
    if let Some(d) = &c.description
        && let Some(name) = text::made_by(d)
    {
        out.push(&name, Source::Text(TextKind::Description), d, None);
    }
    out.0
}

/// Gives every component that declares no supplier or manufacturer the declared supplier (or
/// manufacturer) of the nearest component containing it, by nesting or `contains` edges;
/// depends-on is not containment and passes nothing on, and neither do containment edges the
/// graph implied rather than the document stated. One breadth-first search from all
/// declaring components at once, so the nearest container wins; ties go to the
/// container met first (declaring components are seeded in document order).
fn inherit(sbom: &Sbom, graph: &DepGraph, all: &mut [ComponentProvenance]) {
    let n = sbom.components.len();
    let mut source: Vec<Option<usize>> = vec![None; n];
    let mut prev: Vec<Option<usize>> = vec![None; n];
    let mut queue = VecDeque::new();
    for (i, p) in all.iter().enumerate() {
        if graph.canonical(i) == Some(i) && p.declares_supplier() {
            source[i] = Some(i);
            queue.push_back(i);
        }
    }
    while let Some(i) = queue.pop_front() {
        for (j, e) in graph.contained(i) {
            if e.origin == EdgeOrigin::Implied || source[j].is_some() {
                continue;
            }
            source[j] = source[i];
            prev[j] = Some(i);
            queue.push_back(j);
        }
    }
    for i in 0..n {
        let Some(canon) = graph.canonical(i) else {
            continue;
        };
        if all[i].declares_supplier() {
            continue;
        }
        let Some(from) = source[canon] else { continue };
        if from == canon {
            // A duplicate of a declaring component: its own fields declare nothing.
            continue;
        }
        let mut via = vec![canon];
        let mut cur = canon;
        while let Some(p) = prev[cur] {
            via.push(p);
            cur = p;
        }
        via.reverse();
        let inherited: Vec<Attribution> = all[from]
            .parties
            .iter()
            .filter_map(|a| match a.source {
                Source::Declared(
                    role @ (PartyRole::Supplier | PartyRole::Manufacturer | PartyRole::Provider),
                ) => Some(Attribution {
                    name: a.name.clone(),
                    source: Source::Inherited {
                        from,
                        role,
                        via: via.clone(),
                    },
                    value: a.value.clone(),
                    country: a.country.clone(),
                }),
                _ => None,
            })
            .collect();
        all[i].parties.extend(inherited);
    }
}

#[cfg(test)]
mod tests;
