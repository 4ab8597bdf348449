//! SPDX 2.x RDF/XML reader; the one SPDX 2 serialisation mapped on its own, not through
//! `spdx2::to_sbom`, because its shape is a graph, not the JSON tree.
//!
//! RDF/XML is a graph written as a tree: an element may be defined at the top level or nested
//! inside the relationship that first mentions it, and be referred to elsewhere by
//! `rdf:resource`. The reader gathers every node element (`spdx:Package`, `spdx:File`...) by its
//! `rdf:about`, merges the properties of all its occurrences, and maps SPDX IRIs back to the ids
//! the other SPDX 2 serialisations use (`...#SPDXRef-Package` -> `SPDXRef-Package`).

mod component;
mod graph;
mod license;
mod relations;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

use roxmltree::Node;

use super::actor::{is_unstated, parse_actor};
use crate::ingest::push_unique;
use crate::ingest::spdx3::split_tool_version;
use crate::ingest::{LineIndex, ReadError};
use crate::model::{
    Location, Party, PartyKind, PartyRole, Sbom, Standard, Syntax, Tool, WarningCode, Warnings,
};

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
const DOAP: &str = "http://usefulinc.com/ns/doap#";
/// SPDX 2 vocabulary terms and enumeration values (`...#relationshipType_contains`).
const TERMS: &str = "http://spdx.org/rdf/terms#";

/// Deeper XML nesting than this is refused: real documents stay under a few dozen levels, and
/// the element paths in locations cost time proportional to depth.
const MAX_DEPTH: usize = 2000;

/// What a node element is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Document,
    Package,
    File,
    Snippet,
    Other,
}

/// One resource of the RDF graph: every node element that names it, in document order.
struct Subject<'a, 'i> {
    nodes: Vec<Node<'a, 'i>>,
    kind: Kind,
    /// `rdf:about` as written, when there is one.
    about: Option<&'a str>,
}

impl<'a, 'i> Subject<'a, 'i> {
    /// The occurrence that carries the definition (the first with properties).
    fn definition(&self) -> Node<'a, 'i> {
        self.nodes
            .iter()
            .copied()
            .find(|n| n.children().any(|c| c.is_element()))
            .unwrap_or(self.nodes[0])
    }

    /// Property elements of every occurrence.
    fn props(&self) -> impl Iterator<Item = Node<'a, 'i>> + '_ {
        self.nodes
            .iter()
            .flat_map(|n| n.children().filter(Node::is_element))
    }
}

/// The value of a property element.
enum Value<'a, 'i> {
    /// `rdf:resource="IRI"`.
    Resource(&'a str),
    /// A nested node element.
    Node(Node<'a, 'i>),
    /// Text content.
    Text(&'a str),
}

fn value<'a, 'i>(prop: Node<'a, 'i>) -> Option<Value<'a, 'i>> {
    if let Some(r) = prop.attribute((RDF, "resource")) {
        return Some(Value::Resource(r));
    }
    if let Some(child) = prop.children().find(Node::is_element) {
        return Some(Value::Node(child));
    }
    let t = prop.text().map(str::trim).unwrap_or("");
    (!t.is_empty()).then_some(Value::Text(t))
}

fn is_spdx(node: Node, local: &str) -> bool {
    node.tag_name().name() == local
        && node.tag_name().namespace().is_some_and(|ns| {
            ns.starts_with("http://spdx.org/rdf/terms")
                || ns.starts_with("https://spdx.org/rdf/terms")
        })
}

fn is(node: Node, ns: &str, local: &str) -> bool {
    node.tag_name().name() == local && node.tag_name().namespace() == Some(ns)
}

/// The part of an enumeration IRI after its prefix (`...#checksumAlgorithm_sha1` -> `sha1`).
fn enum_value<'s>(iri: &'s str, prefix: &str) -> &'s str {
    let local = iri.rsplit(['#', '/']).next().unwrap_or(iri);
    local.strip_prefix(prefix).unwrap_or(local)
}

/// Reads an SPDX 2.x RDF/XML document.
pub(in crate::ingest) fn read(text: &str, warnings: &mut Warnings) -> Result<Sbom, ReadError> {
    let doc = crate::ingest::xml::parse(text)?;
    let root = doc.root_element();
    if !is(root, RDF, "RDF") {
        return Err(ReadError::NotSbom(format!(
            "the root element is <{}>, expected <rdf:RDF> with SPDX 2 terms",
            root.tag_name().name()
        )));
    }
    let mut reader = Reader::new(&doc, text, warnings)?;
    reader.read()
}

struct Reader<'a, 'i, 'w> {
    subjects: Vec<Subject<'a, 'i>>,
    /// `rdf:about` / `rdf:nodeID` key -> subject.
    by_key: HashMap<String, usize>,
    /// Node element id -> subject.
    by_node: HashMap<roxmltree::NodeId, usize>,
    /// Element -> 1-based index among same-named siblings, for element paths.
    sibling_index: Vec<u32>,
    lines: LineIndex,
    /// Namespace of this document (the `rdf:about` of `SpdxDocument` before `#`).
    namespace: String,
    /// Namespaces of external documents -> their `DocumentRef-` ids.
    external: HashMap<String, String>,
    warnings: &'w mut Warnings,
}

impl<'a, 'i, 'w> Reader<'a, 'i, 'w> {
    fn read(&mut self) -> Result<Sbom, ReadError> {
        let doc_index = self.subjects.iter().position(|s| s.kind == Kind::Document);
        let version = self.spec_version(doc_index)?;
        let mut sbom = Sbom::new("", Standard::Spdx2, Syntax::RdfXml, &version);
        match doc_index {
            Some(d) => self.document(d, &mut sbom),
            None => self.warnings.add(
                WarningCode::MissingField,
                Some(Location::at("/rdf:RDF")),
                "the document has no spdx:SpdxDocument element",
            ),
        }
        let ids: Vec<String> = (0..self.subjects.len()).map(|i| self.id_of(i)).collect();
        for (i, id) in ids.iter().enumerate() {
            if matches!(
                self.subjects[i].kind,
                Kind::Package | Kind::File | Kind::Snippet
            ) {
                let c = self.component(i, id);
                sbom.components.push(c);
            }
        }
        if sbom.components.is_empty() && doc_index.is_none() {
            self.warnings.add(
                WarningCode::EmptyDocument,
                None,
                "the document has no SPDX elements",
            );
        }
        let mut relations = Vec::new();
        for i in 0..self.subjects.len() {
            self.relations(i, &ids, &mut relations);
        }
        relations.sort_by_key(|(pos, _)| *pos);
        let mut seen = HashSet::new();
        for (_, r) in relations {
            if seen.insert((r.from.clone(), r.to.clone(), r.kind.clone())) {
                if r.kind == "DESCRIBES"
                    && doc_index.is_some_and(|d| ids[d] == r.from)
                    && !sbom.described.contains(&r.to)
                {
                    sbom.described.push(r.to.clone());
                }
                sbom.relations.push(r);
            }
        }
        Ok(sbom)
    }

    /// SPDX 2.3 §6.1 `specVersion`: "SPDX-M.N"; 2.0 to 2.3 are read.
    fn spec_version(&mut self, doc: Option<usize>) -> Result<String, ReadError> {
        let declared = doc.and_then(|d| {
            self.subjects[d]
                .props()
                .find(|p| is_spdx(*p, "specVersion"))
                .and_then(|p| p.text())
                .map(|t| t.trim().to_string())
        });
        let Some(declared) = declared.filter(|v| !v.is_empty()) else {
            self.warnings.add(
                WarningCode::MissingField,
                Some(Location::at("/rdf:RDF")),
                "the document has no spdx:specVersion; read as SPDX 2.3",
            );
            return Ok("2.3".to_string());
        };
        let version = declared.trim_start_matches("SPDX-").to_string();
        if matches!(version.as_str(), "2.0" | "2.1" | "2.2" | "2.3") {
            Ok(version)
        } else {
            Err(ReadError::Unsupported { version })
        }
    }

    /// Name, namespace, creation info and external document references of `SpdxDocument`.
    fn document(&mut self, d: usize, sbom: &mut Sbom) {
        let about = self.subjects[d].about.unwrap_or("");
        self.namespace = about.split('#').next().unwrap_or("").to_string();
        sbom.serial = Some(self.namespace.clone()).filter(|n| !n.is_empty());
        let props: Vec<Node> = self.subjects[d].props().collect();
        let mut describes = Vec::new();
        for p in props {
            match p.tag_name().name() {
                "name" if is_spdx(p, "name") => sbom.name = text_of(p),
                "creationInfo" if is_spdx(p, "creationInfo") => {
                    let Some(Value::Node(info)) = self.deref(p) else {
                        continue;
                    };
                    for ip in self.all_props(info) {
                        if is_spdx(ip, "created") {
                            sbom.created = text_of(ip).or(sbom.created.take());
                        } else if is_spdx(ip, "creator") {
                            creator(ip, sbom);
                        }
                    }
                }
                // SPDX 2.2 RDF `describesPackage`, the RDF spelling of `documentDescribes`.
                "describesPackage" if is_spdx(p, "describesPackage") => describes.push(p),
                "externalDocumentRef" if is_spdx(p, "externalDocumentRef") => {
                    let Some(Value::Node(r)) = self.deref(p) else {
                        continue;
                    };
                    let props: Vec<Node> = self.all_props(r);
                    let id = props
                        .iter()
                        .find(|x| is_spdx(**x, "externalDocumentId"))
                        .and_then(|x| text_of(*x));
                    let target = props
                        .iter()
                        .find(|x| is_spdx(**x, "spdxDocument"))
                        .and_then(|x| match value(*x) {
                            Some(Value::Resource(r) | Value::Text(r)) => Some(r.to_string()),
                            Some(Value::Node(n)) => n.attribute((RDF, "about")).map(str::to_string),
                            None => None,
                        });
                    // The id may also only be in the fragment of the reference's own rdf:about.
                    let id = id.or_else(|| {
                        r.attribute((RDF, "about"))
                            .and_then(|a| a.rsplit_once('#'))
                            .map(|(_, f)| f.to_string())
                    });
                    if let (Some(id), Some(target)) = (id, target) {
                        self.external
                            .insert(target.trim_end_matches('#').to_string(), id);
                    }
                }
                _ => {}
            }
        }
        if sbom.created.is_none() {
            let loc = self.location(self.subjects[d].definition());
            self.warnings.add(
                WarningCode::MissingField,
                Some(loc),
                "the document has no spdx:created date in its creation info",
            );
        }
        // Resolved after the external document references are known.
        for p in describes {
            let target = match value(p) {
                Some(Value::Resource(r)) => self
                    .by_key
                    .get(r)
                    .map(|&i| self.id_of(i))
                    .or_else(|| Some(self.iri_to_id(r))),
                Some(Value::Node(n)) => self.by_node.get(&n.id()).map(|&i| self.id_of(i)),
                Some(Value::Text(t)) => Some(self.iri_to_id(t)),
                None => None,
            };
            if let Some(t) = target
                && !sbom.described.contains(&t)
            {
                sbom.described.push(t);
            }
        }
    }
}

/// SPDX 2.3 §6.8 creator: `Tool: name-version` goes to tools, persons and organisations to the
/// document's parties.
fn creator(p: Node, sbom: &mut Sbom) {
    let Some(actor) = text_of(p).as_deref().and_then(parse_actor) else {
        return;
    };
    if actor.kind == PartyKind::Tool {
        let (name, version) = split_tool_version(&actor.name);
        let tool = Tool {
            vendor: None,
            name: name.to_string(),
            version: version.map(str::to_string),
        };
        if !sbom.tools.contains(&tool) {
            sbom.tools.push(tool);
        }
    } else {
        let mut party = Party::named(
            PartyRole::Author,
            actor.kind,
            &actor.name,
            Location::at("spdx:creator"),
        );
        party.emails.extend(actor.email);
        if !sbom.document_parties.contains(&party) {
            sbom.document_parties.push(party);
        }
    }
}

fn text_of(p: Node) -> Option<String> {
    let t: String = p
        .children()
        .filter(Node::is_text)
        .filter_map(|t| t.text())
        .collect();
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Text content, or an `rdf:resource` IRI (SPDX writes `NOASSERTION` as `...#noassertion`).
fn resource_or_text(p: Node) -> Option<String> {
    match p.attribute((RDF, "resource")) {
        Some(r) if r.starts_with(TERMS) => Some(enum_value(r, "").to_string()),
        Some(r) => Some(r.to_string()),
        None => text_of(p),
    }
}

fn stated(v: Option<String>) -> Option<String> {
    v.filter(|s| !is_unstated(s))
}
