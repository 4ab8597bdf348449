//! Addressing the RDF graph: grouping node elements into subjects, following `rdf:resource`,
//! and turning IRIs and node elements into the ids and locations the model uses.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::{Kind, MAX_DEPTH, RDF, Reader, Subject, TERMS, Value, enum_value, is, is_spdx, value};
use crate::ingest::{LineIndex, ReadError};
use crate::model::{Location, Warnings};

impl<'a, 'i, 'w> Reader<'a, 'i, 'w> {
    /// Walks the tree once (without recursion): classifies node and property elements, groups
    /// node elements into subjects, and numbers siblings for element paths.
    pub(super) fn new(
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

    /// A property's value, following `rdf:resource` to a node element defined elsewhere.
    pub(super) fn deref(&self, prop: Node<'a, 'i>) -> Option<Value<'a, 'i>> {
        match value(prop)? {
            Value::Resource(r) => match self.by_key.get(r) {
                Some(&i) => Some(Value::Node(self.subjects[i].definition())),
                None => Some(Value::Resource(r)),
            },
            v => Some(v),
        }
    }

    /// Property elements of a node, merged over every occurrence of the resource it names.
    pub(super) fn all_props(&self, node: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
        match self.by_node.get(&node.id()) {
            Some(&i) => self.subjects[i].props().collect(),
            None => node.children().filter(Node::is_element).collect(),
        }
    }

    /// The SPDX id of a subject: the fragment of its IRI, mapped through external document
    /// references; for an element without `rdf:about`, its element path.
    pub(super) fn id_of(&self, i: usize) -> String {
        match self.subjects[i].about {
            Some(about) => self.iri_to_id(about),
            None => self.path(self.subjects[i].definition()),
        }
    }

    /// `<namespace>#SPDXRef-X` -> `SPDXRef-X`; `<external namespace>#SPDXRef-X` ->
    /// `DocumentRef-ext:SPDXRef-X`; the SPDX `noassertion` / `none` individuals -> `NOASSERTION` /
    /// `NONE`, as the JSON serialisation writes them.
    pub(super) fn iri_to_id(&self, iri: &str) -> String {
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
    pub(super) fn license_id(&self, iri: &str) -> String {
        match iri.split_once("spdx.org/licenses/") {
            Some((_, id)) if !id.is_empty() => id.to_string(),
            _ => self.iri_to_id(iri),
        }
    }

    /// The element path (`/rdf:RDF/spdx:Package[2]`) of a node, with prefixes as written.
    pub(super) fn path(&self, node: Node) -> String {
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

    pub(super) fn location(&self, node: Node) -> Location {
        Location {
            pointer: self.path(node),
            line: Some(self.lines.line_of(node.range().start)),
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
