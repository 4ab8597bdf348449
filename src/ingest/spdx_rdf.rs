//! SPDX 2.x RDF/XML reader.
//!
//! RDF/XML is a graph written as a tree: an element may be defined at the top level or nested
//! inside the relationship that first mentions it, and be referred to elsewhere by
//! `rdf:resource`. The reader gathers every node element (`spdx:Package`, `spdx:File`...) by its
//! `rdf:about`, merges the properties of all its occurrences, and maps SPDX IRIs back to the ids
//! the other SPDX 2 serialisations use (`...#SPDXRef-Package` -> `SPDXRef-Package`).

use std::collections::{HashMap, HashSet};

use roxmltree::{Document, Node};

use super::spdx_actor::{is_unstated, parse_actor};
use super::spdx3::split_tool_version;
use super::{LineIndex, ReadError, Warnings};
use crate::model::{
    Component, ExternalRef, Hash, Location, Origin, Party, PartyKind, PartyRole, Relation, Sbom,
    Standard, Syntax, Tool,
};

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
const DOAP: &str = "http://usefulinc.com/ns/doap#";
/// SPDX 2 vocabulary terms and enumeration values (`...#relationshipType_contains`).
const TERMS: &str = "http://spdx.org/rdf/terms#";

/// Deeper XML nesting than this is refused: real documents stay under a few dozen levels, and
/// the element paths in locations cost time proportional to depth.
const MAX_DEPTH: usize = 2000;

/// Expressions nested deeper than this are cut short.
const MAX_LICENSE_DEPTH: usize = 16;

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

/// `dependsOn` -> `DEPENDS_ON`: SPDX 2 JSON, YAML and tag-value spell relationship types in
/// upper snake case, RDF in lower camel case; the model keeps the former for every SPDX 2 input.
fn upper_snake(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for (i, ch) in camel.chars().enumerate() {
        if ch.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(ch.to_ascii_uppercase());
    }
    out
}

/// Reads an SPDX 2.x RDF/XML document.
pub(super) fn read(text: &str, warnings: &mut Warnings) -> Result<Sbom, ReadError> {
    let doc = super::xml::parse(text)?;
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
    /// Walks the tree once (without recursion): classifies node and property elements, groups
    /// node elements into subjects, and numbers siblings for element paths.
    fn new(
        doc: &'a Document<'i>,
        text: &str,
        warnings: &'w mut Warnings,
    ) -> Result<Self, ReadError> {
        let mut sibling_index = vec![0u32; doc.descendants().count() + 2];
        let mut subjects: Vec<Subject<'a, 'i>> = Vec::new();
        let mut by_key = HashMap::new();
        let mut by_node = HashMap::new();
        // (element, is a node element, depth)
        let mut stack = vec![(doc.root_element(), false, 0usize)];
        while let Some((el, is_node, depth)) = stack.pop() {
            if depth > MAX_DEPTH {
                return Err(ReadError::Invalid(format!(
                    "elements are nested more than {MAX_DEPTH} levels deep"
                )));
            }
            let mut counts: HashMap<(Option<&str>, &str), u32> = HashMap::new();
            let children: Vec<Node<'a, 'i>> = el.children().filter(Node::is_element).collect();
            for c in &children {
                let n = counts
                    .entry((c.tag_name().namespace(), c.tag_name().name()))
                    .or_insert(0);
                *n += 1;
                if let Some(slot) = sibling_index.get_mut(c.id().get() as usize) {
                    *slot = *n;
                }
            }
            if is_node {
                let kind = kind_of(el);
                let key = el
                    .attribute((RDF, "about"))
                    .map(str::to_string)
                    .or_else(|| el.attribute((RDF, "ID")).map(|id| format!("#{id}")))
                    .or_else(|| el.attribute((RDF, "nodeID")).map(|id| format!("_:{id}")));
                let existing = key.as_ref().and_then(|k| by_key.get(k).copied());
                let index = match existing {
                    Some(i) => {
                        let s: &mut Subject = &mut subjects[i];
                        s.nodes.push(el);
                        if s.kind == Kind::Other {
                            s.kind = kind;
                        }
                        i
                    }
                    None => {
                        subjects.push(Subject {
                            nodes: vec![el],
                            kind,
                            about: el.attribute((RDF, "about")),
                        });
                        if let Some(k) = key {
                            by_key.insert(k, subjects.len() - 1);
                        }
                        subjects.len() - 1
                    }
                };
                by_node.insert(el.id(), index);
            }
            // rdf:RDF's children are node elements; below that, node and property elements
            // alternate. A property with rdf:resource has no children to visit.
            let children_are_nodes = el == doc.root_element() || !is_node;
            for c in children.into_iter().rev() {
                stack.push((c, children_are_nodes, depth + 1));
            }
        }
        // Subjects are visited depth-first but pushed as found; document order is by position.
        let mut order: Vec<usize> = (0..subjects.len()).collect();
        order.sort_by_key(|&i| subjects[i].definition().range().start);
        let mut remap = vec![0; subjects.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old] = new;
        }
        let mut slots: Vec<Option<Subject>> = subjects.into_iter().map(Some).collect();
        let subjects: Vec<Subject> = order.iter().filter_map(|&i| slots[i].take()).collect();
        let by_key = by_key.into_iter().map(|(k, i)| (k, remap[i])).collect();
        let by_node = by_node.into_iter().map(|(k, i)| (k, remap[i])).collect();
        Ok(Reader {
            subjects,
            by_key,
            by_node,
            sibling_index,
            lines: LineIndex::new(text),
            namespace: String::new(),
            external: HashMap::new(),
            warnings,
        })
    }

    fn read(&mut self) -> Result<Sbom, ReadError> {
        let doc_index = self.subjects.iter().position(|s| s.kind == Kind::Document);
        let version = self.spec_version(doc_index)?;
        let mut sbom = Sbom::new("", Standard::Spdx2, Syntax::RdfXml, &version);
        match doc_index {
            Some(d) => self.document(d, &mut sbom),
            None => self.warnings.add(
                "missing-field",
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
            self.warnings
                .add("empty-document", None, "the document has no SPDX elements");
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
                "missing-field",
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
                "missing-field",
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

    /// A property's value, following `rdf:resource` to a node element defined elsewhere.
    fn deref(&self, prop: Node<'a, 'i>) -> Option<Value<'a, 'i>> {
        match value(prop)? {
            Value::Resource(r) => match self.by_key.get(r) {
                Some(&i) => Some(Value::Node(self.subjects[i].definition())),
                None => Some(Value::Resource(r)),
            },
            v => Some(v),
        }
    }

    /// Property elements of a node, merged over every occurrence of the resource it names.
    fn all_props(&self, node: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
        match self.by_node.get(&node.id()) {
            Some(&i) => self.subjects[i].props().collect(),
            None => node.children().filter(Node::is_element).collect(),
        }
    }

    /// The SPDX id of a subject: the fragment of its IRI, mapped through external document
    /// references; for an element without `rdf:about`, its element path.
    fn id_of(&self, i: usize) -> String {
        match self.subjects[i].about {
            Some(about) => self.iri_to_id(about),
            None => self.path(self.subjects[i].definition()),
        }
    }

    /// `<namespace>#SPDXRef-X` -> `SPDXRef-X`; `<external namespace>#SPDXRef-X` ->
    /// `DocumentRef-ext:SPDXRef-X`; the SPDX `noassertion` / `none` individuals -> `NOASSERTION` /
    /// `NONE`, as the JSON serialisation writes them.
    fn iri_to_id(&self, iri: &str) -> String {
        let iri = iri.trim();
        if let Some(term) = iri.strip_prefix(TERMS) {
            match term {
                "noassertion" => return "NOASSERTION".to_string(),
                "none" => return "NONE".to_string(),
                _ => {}
            }
        }
        match iri.rsplit_once('#') {
            Some((ns, fragment)) if ns != self.namespace && !ns.is_empty() => {
                match self.external.get(ns) {
                    Some(doc_ref) => format!("{doc_ref}:{fragment}"),
                    None => fragment.to_string(),
                }
            }
            Some((_, fragment)) => fragment.to_string(),
            None => iri.to_string(),
        }
    }

    /// A licence IRI as an id: `http://spdx.org/licenses/MIT` -> `MIT`, `<ns>#LicenseRef-1` ->
    /// `LicenseRef-1`.
    fn license_id(&self, iri: &str) -> String {
        match iri.split_once("spdx.org/licenses/") {
            Some((_, id)) if !id.is_empty() => id.to_string(),
            _ => self.iri_to_id(iri),
        }
    }

    /// The element path (`/rdf:RDF/spdx:Package[2]`) of a node, with prefixes as written.
    fn path(&self, node: Node) -> String {
        let mut segments = Vec::new();
        for n in node.ancestors().filter(Node::is_element) {
            let name = n.tag_name();
            let prefix = name
                .namespace()
                .and_then(|ns| n.lookup_prefix(ns))
                .filter(|p| !p.is_empty());
            let local = name.name();
            let seg = match prefix {
                Some(p) => format!("{p}:{local}"),
                None => local.to_string(),
            };
            if n.parent().is_some_and(|p| p.is_root()) {
                segments.push(seg);
            } else {
                let index = self
                    .sibling_index
                    .get(n.id().get() as usize)
                    .copied()
                    .unwrap_or(1);
                segments.push(format!("{seg}[{index}]"));
            }
        }
        segments.reverse();
        format!("/{}", segments.join("/"))
    }

    fn location(&self, node: Node) -> Location {
        Location {
            pointer: self.path(node),
            line: Some(self.lines.line_of(node.range().start)),
        }
    }

    /// One package, file or snippet (SPDX 2.3 §7, §8, §9 in their RDF spelling).
    fn component(&mut self, i: usize, id: &str) -> Component {
        let kind = self.subjects[i].kind;
        let def = self.subjects[i].definition();
        let location = self.location(def);
        let mut c = Component {
            id: id.to_string(),
            id_synthesized: self.subjects[i].about.is_none(),
            origin: if kind == Kind::Package {
                Origin::Listed
            } else {
                Origin::File
            },
            kind: match kind {
                Kind::File => Some("file".to_string()),
                Kind::Snippet => Some("snippet".to_string()),
                _ => None,
            },
            location: location.clone(),
            ..Component::default()
        };
        if c.id_synthesized {
            self.warnings.add_with("missing-field", Some(location.clone()), || {
                "an SPDX element has no rdf:about (no SPDXID); its element path is used as its id".to_string()
            });
        }
        let props: Vec<Node> = self.subjects[i].props().collect();
        let mut declared = Vec::new();
        let mut concluded = Vec::new();
        let mut description = None;
        let mut summary = None;
        let mut comment = None;
        for p in props {
            let local = p.tag_name().name();
            if is(p, DOAP, "homepage") || is_spdx(p, "homepage") {
                if let Some(url) = resource_or_text(p).filter(|u| !is_unstated(u)) {
                    c.external_refs.push(ExternalRef {
                        kind: "homepage".to_string(),
                        url,
                    });
                }
                continue;
            }
            if is(p, RDFS, "comment") {
                comment = comment.or_else(|| text_of(p));
                continue;
            }
            if !is_spdx(p, local) {
                continue;
            }
            match local {
                "name" if c.name.is_empty() => c.name = text_of(p).unwrap_or_default(),
                "fileName" => {
                    if let Some(n) = text_of(p) {
                        if c.name.is_empty() {
                            c.name = n.clone();
                        }
                        push_unique(&mut c.file_names, &n);
                    }
                }
                "packageFileName" => {
                    if let Some(n) = text_of(p) {
                        push_unique(&mut c.file_names, &n);
                    }
                }
                "versionInfo" => c.version = c.version.take().or_else(|| text_of(p)),
                "supplier" | "originator" => {
                    let role = if local == "supplier" {
                        PartyRole::Supplier
                    } else {
                        PartyRole::Originator
                    };
                    if let Some(actor) = text_of(p).as_deref().and_then(parse_actor) {
                        let mut party =
                            Party::named(role, actor.kind, &actor.name, self.location(p));
                        party.emails.extend(actor.email);
                        c.parties.push(party);
                    }
                }
                "checksum" => {
                    if let Some(h) = self.checksum(p)
                        && !c.hashes.contains(&h)
                    {
                        c.hashes.push(h);
                    }
                }
                "externalRef" => self.external_ref(p, &mut c),
                "downloadLocation" => {
                    c.download_location = c
                        .download_location
                        .take()
                        .or_else(|| stated(resource_or_text(p)));
                }
                "copyrightText" => {
                    c.copyright = c.copyright.take().or_else(|| stated(resource_or_text(p)))
                }
                "licenseDeclared" => declared.extend(self.license(p, 0)),
                "licenseConcluded" => concluded.extend(self.license(p, 0)),
                "description" => description = description.or_else(|| text_of(p)),
                "summary" => summary = summary.or_else(|| text_of(p)),
                "primaryPackagePurpose" => {
                    c.kind = resource_or_text(p)
                        .map(|r| enum_value(&r, "purpose_").to_ascii_lowercase());
                }
                "releaseDate" => c.release_date = text_of(p),
                "builtDate" => c.built_date = text_of(p),
                _ => {}
            }
        }
        c.description = description
            .or(summary)
            .or(comment)
            .filter(|d| !is_unstated(d));
        for l in declared.into_iter().chain(concluded) {
            push_unique(&mut c.licenses, &l);
        }
        if c.name.is_empty() {
            let cid = c.id.clone();
            self.warnings.add_with("missing-field", Some(location), || {
                format!("{cid} has no name")
            });
        }
        c
    }

    /// SPDX 2.3 §7.10 checksum: `spdx:Checksum` with `spdx:algorithm` (`checksumAlgorithm_sha1`)
    /// and `spdx:checksumValue`.
    fn checksum(&mut self, p: Node<'a, 'i>) -> Option<Hash> {
        let Some(Value::Node(node)) = self.deref(p) else {
            return None;
        };
        let props = self.all_props(node);
        let alg = props
            .iter()
            .find(|x| is_spdx(**x, "algorithm"))
            .and_then(|x| resource_or_text(*x));
        let val = props
            .iter()
            .find(|x| is_spdx(**x, "checksumValue"))
            .and_then(|x| text_of(*x));
        match (alg, val) {
            (Some(alg), Some(val)) => Some(Hash {
                alg: enum_value(&alg, "checksumAlgorithm_").to_ascii_uppercase(),
                value: val.to_ascii_lowercase(),
            }),
            _ => {
                let loc = self.location(node);
                self.warnings.add_with("missing-field", Some(loc), || {
                    "a checksum has no spdx:algorithm or spdx:checksumValue".to_string()
                });
                None
            }
        }
    }

    /// SPDX 2.3 §7.21 external reference: category, type (`.../references/purl`, `cpe23Type`),
    /// locator. purl and CPEs become identifiers, the rest external references.
    fn external_ref(&mut self, p: Node<'a, 'i>, c: &mut Component) {
        let Some(Value::Node(node)) = self.deref(p) else {
            return;
        };
        let props = self.all_props(node);
        let kind = props
            .iter()
            .find(|x| is_spdx(**x, "referenceType"))
            .and_then(|x| resource_or_text(*x))
            // SPDX-listed types (`http://spdx.org/rdf/references/purl`) by name, as JSON writes
            // them; a document's own types (`<ns>#LocationRef-acmeforge`) as the full IRI.
            .map(|t| {
                t.strip_prefix("http://spdx.org/rdf/references/")
                    .map(str::to_string)
                    .unwrap_or(t)
            })
            .unwrap_or_default();
        let Some(locator) = props
            .iter()
            .find(|x| is_spdx(**x, "referenceLocator"))
            .and_then(|x| text_of(*x))
        else {
            let loc = self.location(node);
            self.warnings.add_with("missing-field", Some(loc), || {
                "an external reference has no spdx:referenceLocator".to_string()
            });
            return;
        };
        match kind.as_str() {
            "purl" => {
                if c.purl.is_none() {
                    c.purl = Some(locator);
                } else {
                    c.external_refs.push(ExternalRef { kind, url: locator });
                }
            }
            "cpe22Type" | "cpe23Type" => push_unique(&mut c.cpes, &locator),
            "swid" => push_unique(&mut c.swid, &locator),
            "gitoid" | "swh" => push_unique(&mut c.other_ids, &locator),
            _ => c.external_refs.push(ExternalRef { kind, url: locator }),
        }
    }

    /// A licence property as an SPDX expression: listed licences by id, `LicenseRef-`s by id,
    /// conjunctive / disjunctive sets joined with AND / OR, `WITH` exceptions and `+`.
    fn license(&self, p: Node<'a, 'i>, depth: usize) -> Option<String> {
        if depth > MAX_LICENSE_DEPTH {
            return None;
        }
        let node = match value(p)? {
            Value::Text(t) => return stated(Some(t.to_string())),
            Value::Resource(r) => match self.by_key.get(r) {
                Some(&i) => self.subjects[i].definition(),
                None => return Some(self.license_id(r)).filter(|id| !is_unstated(id)),
            },
            Value::Node(n) => n,
        };
        let props = self.all_props(node);
        let members: Vec<String> = props
            .iter()
            .filter(|x| is_spdx(**x, "member"))
            .filter_map(|m| self.license(*m, depth + 1))
            .collect();
        let wrap = |e: &String| {
            if e.contains(' ') {
                format!("({e})")
            } else {
                e.clone()
            }
        };
        match node.tag_name().name() {
            "ConjunctiveLicenseSet" => {
                Some(members.iter().map(wrap).collect::<Vec<_>>().join(" AND "))
                    .filter(|s| !s.is_empty())
            }
            "DisjunctiveLicenseSet" => {
                Some(members.iter().map(wrap).collect::<Vec<_>>().join(" OR "))
                    .filter(|s| !s.is_empty())
            }
            "WithExceptionOperator" => {
                let exception = props
                    .iter()
                    .find(|x| is_spdx(**x, "licenseException"))
                    .and_then(|x| match value(*x) {
                        Some(Value::Node(n)) => self
                            .all_props(n)
                            .iter()
                            .find(|y| is_spdx(**y, "licenseExceptionId"))
                            .and_then(|y| text_of(*y)),
                        Some(Value::Resource(r)) => Some(self.iri_to_id(r)),
                        _ => None,
                    });
                let member = members.first()?;
                Some(match exception {
                    Some(e) => format!("{} WITH {e}", wrap(member)),
                    None => member.clone(),
                })
            }
            "OrLaterOperator" => members.first().map(|m| format!("{m}+")),
            _ => props
                .iter()
                .find(|x| is_spdx(**x, "licenseId"))
                .and_then(|x| text_of(*x))
                .or_else(|| node.attribute((RDF, "about")).map(|a| self.license_id(a)))
                .filter(|id| !is_unstated(id)),
        }
    }

    /// SPDX 2.3 §11 relationships, in RDF: `spdx:relationship` properties of the element that
    /// is the subject, each an `spdx:Relationship` with `spdx:relatedSpdxElement` and
    /// `spdx:relationshipType` (`...#relationshipType_dependsOn` -> `DEPENDS_ON`). SPDX 2.2
    /// `spdx:hasFile` on a package is the same as CONTAINS (§7.28 note).
    fn relations(&mut self, i: usize, ids: &[String], out: &mut Vec<(usize, Relation)>) {
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
                self.warnings.add_with("missing-field", Some(loc), || {
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
                _ => self.warnings.add_with("missing-field", Some(location), || {
                    format!("a relationship of {from} has no spdx:relationshipType or spdx:relatedSpdxElement; it was skipped")
                }),
            }
        }
    }

    /// The id an element-valued property points to.
    fn target(&self, p: Node<'a, 'i>, ids: &[String]) -> Option<String> {
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

fn kind_of(el: Node) -> Kind {
    let local = if is(el, RDF, "Description") {
        // `rdf:Description` with an `rdf:type` property instead of a typed element.
        el.children()
            .find(|c| is(*c, RDF, "type"))
            .and_then(|t| t.attribute((RDF, "resource")))
            .filter(|t| t.starts_with(TERMS))
            .map(|t| enum_value(t, ""))
            .unwrap_or("")
    } else if is_spdx(el, el.tag_name().name()) {
        el.tag_name().name()
    } else {
        ""
    };
    match local {
        "SpdxDocument" => Kind::Document,
        "Package" => Kind::Package,
        "File" => Kind::File,
        "Snippet" => Kind::Snippet,
        _ => Kind::Other,
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

fn push_unique(list: &mut Vec<String>, value: &str) {
    if !value.is_empty() && !list.iter().any(|v| v == value) {
        list.push(value.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r##"<?xml version="1.0"?>
<rdf:RDF xmlns:spdx="http://spdx.org/rdf/terms#" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:doap="http://usefulinc.com/ns/doap#">
  <spdx:SpdxDocument rdf:about="https://ex.example/doc#SPDXRef-DOCUMENT">
    <spdx:specVersion>SPDX-2.3</spdx:specVersion>
    <spdx:name>demo</spdx:name>
    <spdx:creationInfo><spdx:CreationInfo>
      <spdx:created>2024-01-01T00:00:00Z</spdx:created>
      <spdx:creator>Tool: gen-2.0</spdx:creator>
      <spdx:creator>Organization: Acme (a@acme.example)</spdx:creator>
    </spdx:CreationInfo></spdx:creationInfo>
    <spdx:externalDocumentRef><spdx:ExternalDocumentRef>
      <spdx:externalDocumentId>DocumentRef-other</spdx:externalDocumentId>
      <spdx:spdxDocument rdf:resource="https://ex.example/other"/>
    </spdx:ExternalDocumentRef></spdx:externalDocumentRef>
    <spdx:relationship><spdx:Relationship>
      <spdx:relationshipType rdf:resource="http://spdx.org/rdf/terms#relationshipType_describes"/>
      <spdx:relatedSpdxElement>
        <spdx:Package rdf:about="https://ex.example/doc#SPDXRef-App">
          <spdx:name>app</spdx:name>
          <spdx:versionInfo>1.0</spdx:versionInfo>
          <spdx:supplier>Organization: Acme Ltd (sec@acme.example)</spdx:supplier>
          <spdx:checksum><spdx:Checksum>
            <spdx:algorithm rdf:resource="http://spdx.org/rdf/terms#checksumAlgorithm_sha256"/>
            <spdx:checksumValue>ABCD</spdx:checksumValue>
          </spdx:Checksum></spdx:checksum>
          <spdx:externalRef><spdx:ExternalRef>
            <spdx:referenceType rdf:resource="http://spdx.org/rdf/references/purl"/>
            <spdx:referenceLocator>pkg:npm/app@1.0</spdx:referenceLocator>
          </spdx:ExternalRef></spdx:externalRef>
          <spdx:licenseDeclared><spdx:DisjunctiveLicenseSet>
            <spdx:member rdf:resource="http://spdx.org/licenses/MIT"/>
            <spdx:member rdf:resource="https://ex.example/doc#LicenseRef-x"/>
          </spdx:DisjunctiveLicenseSet></spdx:licenseDeclared>
          <doap:homepage>https://app.example</doap:homepage>
          <spdx:relationship><spdx:Relationship>
            <spdx:relationshipType rdf:resource="http://spdx.org/rdf/terms#relationshipType_dependsOn"/>
            <spdx:relatedSpdxElement rdf:resource="https://ex.example/doc#SPDXRef-Lib"/>
          </spdx:Relationship></spdx:relationship>
          <spdx:relationship><spdx:Relationship>
            <spdx:relationshipType rdf:resource="http://spdx.org/rdf/terms#relationshipType_copyOf"/>
            <spdx:relatedSpdxElement rdf:resource="https://ex.example/other#SPDXRef-X"/>
          </spdx:Relationship></spdx:relationship>
        </spdx:Package>
      </spdx:relatedSpdxElement>
    </spdx:Relationship></spdx:relationship>
  </spdx:SpdxDocument>
  <spdx:Package rdf:about="https://ex.example/doc#SPDXRef-Lib">
    <spdx:name>lib</spdx:name>
    <spdx:downloadLocation rdf:resource="http://spdx.org/rdf/terms#noassertion"/>
  </spdx:Package>
  <spdx:Package rdf:about="https://ex.example/doc#SPDXRef-Lib">
    <spdx:versionInfo>2.0</spdx:versionInfo>
  </spdx:Package>
</rdf:RDF>"##;

    #[test]
    fn maps_nested_elements_and_relationships() {
        let mut w = Warnings::default();
        let sbom = read(DOC, &mut w).unwrap();
        assert!(w.is_empty(), "{:?}", w.into_vec());
        assert_eq!(sbom.spec_version, "2.3");
        assert_eq!(sbom.name.as_deref(), Some("demo"));
        assert_eq!(sbom.serial.as_deref(), Some("https://ex.example/doc"));
        assert_eq!(
            sbom.tools,
            vec![Tool {
                vendor: None,
                name: "gen".into(),
                version: Some("2.0".into())
            }]
        );
        assert_eq!(sbom.document_parties[0].name.as_deref(), Some("Acme"));
        let ids: Vec<&str> = sbom.components.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, vec!["SPDXRef-App", "SPDXRef-Lib"]);
        let app = &sbom.components[0];
        assert_eq!(app.version.as_deref(), Some("1.0"));
        assert_eq!(app.purl.as_deref(), Some("pkg:npm/app@1.0"));
        assert_eq!(
            app.hashes,
            vec![Hash {
                alg: "SHA256".into(),
                value: "abcd".into()
            }]
        );
        assert_eq!(app.licenses, vec!["MIT OR LicenseRef-x"]);
        assert_eq!(app.external_refs[0].url, "https://app.example");
        let s = app.party(PartyRole::Supplier).unwrap();
        assert_eq!(
            (s.name.as_deref(), s.emails.as_slice()),
            (Some("Acme Ltd"), &["sec@acme.example".to_string()][..])
        );
        assert_eq!(
            app.location.pointer,
            "/rdf:RDF/spdx:SpdxDocument[1]/spdx:relationship[1]/spdx:Relationship[1]/spdx:relatedSpdxElement[1]/spdx:Package[1]"
        );
        assert_eq!(app.location.line, Some(19));
        // The two occurrences of SPDXRef-Lib are one component.
        let lib = &sbom.components[1];
        assert_eq!(
            (lib.version.as_deref(), lib.download_location.as_deref()),
            (Some("2.0"), None)
        );
        assert_eq!(lib.location.pointer, "/rdf:RDF/spdx:Package[1]");
        let rels: Vec<(&str, &str, &str)> = sbom
            .relations
            .iter()
            .map(|r| (r.from.as_str(), r.kind.as_str(), r.to.as_str()))
            .collect();
        assert_eq!(
            rels,
            vec![
                ("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-App"),
                ("SPDXRef-App", "DEPENDS_ON", "SPDXRef-Lib"),
                ("SPDXRef-App", "COPY_OF", "DocumentRef-other:SPDXRef-X"),
            ]
        );
        assert_eq!(sbom.described, vec!["SPDXRef-App"]);
    }

    #[test]
    fn refuses_dtds_and_reports_syntax_errors() {
        let mut w = Warnings::default();
        let dtd = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"b\">]><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>";
        assert!(matches!(read(dtd, &mut w), Err(ReadError::Invalid(m)) if m.contains("DOCTYPE")));
        let broken =
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n<spdx:Package>";
        assert!(matches!(
            read(broken, &mut w),
            Err(ReadError::Syntax { line: 2, .. })
        ));
        let unsupported = DOC.replace("SPDX-2.3", "SPDX-1.2");
        assert!(
            matches!(read(&unsupported, &mut w), Err(ReadError::Unsupported { version }) if version == "1.2")
        );
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let mut w = Warnings::default();
        let open = "<spdx:relationship><spdx:Relationship><spdx:relatedSpdxElement><spdx:Package>"
            .repeat(1000);
        let close =
            "</spdx:Package></spdx:relatedSpdxElement></spdx:Relationship></spdx:relationship>"
                .repeat(1000);
        let doc = format!(
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:spdx=\"http://spdx.org/rdf/terms#\"><spdx:Package>{open}{close}</spdx:Package></rdf:RDF>"
        );
        assert!(matches!(read(&doc, &mut w), Err(ReadError::Invalid(m)) if m.contains("nested")));
    }

    #[test]
    fn relationship_types_in_upper_snake_case() {
        assert_eq!(upper_snake("dependsOn"), "DEPENDS_ON");
        assert_eq!(upper_snake("devDependencyOf"), "DEV_DEPENDENCY_OF");
        assert_eq!(upper_snake("contains"), "CONTAINS");
    }
}
