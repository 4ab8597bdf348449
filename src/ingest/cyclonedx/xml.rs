//! CycloneDX XML (1.0-1.7): the DOM is turned into the JSON wire model (`wire`) and mapped by the
//! same code as JSON (`map`), as syft does; only element paths and lines are XML's own.
//!
//! roxmltree builds a read-only DOM with byte positions; a document type declaration is refused
//! outright (CycloneDX never uses one, and it is how entity-expansion attacks get in). Elements
//! are matched in the document's own `http://cyclonedx.org/schema/bom/1.x` namespace, so
//! extension elements from other namespaces are ignored, as the spec intends.

use rayon::prelude::*;
use roxmltree::Node;

use super::json::{SLICE, WAVE};
use super::map::{Paths, Reader};
use super::wire::tree_size;
use super::wire::{
    Address, Bom, Component, Contact, Dependency, Entity, ExtRef, HashW, LegacyTool, License,
    LicenseChoice, Metadata, ModernTools, Pedigree, Property, ReleaseNotes, Swid, Text, Texts,
    ToolComponent, ToolService, Tools,
};
use super::{LATEST, MAX_DEPTH, spec_version, too_deep};
use crate::ingest::{LineIndex, ReadError};
use crate::model::{Component as Comp, Location, Sbom, Standard, Syntax, WarningCode, Warnings};

const NAMESPACE_PREFIX: &str = "http://cyclonedx.org/schema/bom/";

/// The CycloneDX 1.1 dependency graph extension, the only way 1.1 documents state dependencies.
const DEPENDENCY_GRAPH_1_1: &str = "http://cyclonedx.org/schema/ext/dependency-graph/1.0";

/// Reads a CycloneDX XML document.
pub(in crate::ingest) fn read(text: &str, warnings: &mut Warnings) -> Result<Sbom, ReadError> {
    let doc = crate::ingest::xml::parse(text)?;
    let root = doc.root_element();
    if root.tag_name().name() != "bom" {
        return Err(ReadError::NotSbom(format!(
            "the XML root element is <{}>, expected a CycloneDX <bom>",
            root.tag_name().name()
        )));
    }
    let ns = root.tag_name().namespace();
    let declared = ns.and_then(|n| n.strip_prefix(NAMESPACE_PREFIX));
    let version = match declared {
        Some(v) => spec_version(Some(v), "the namespace", warnings)?,
        None => {
            warnings.add(
                WarningCode::UnknownFieldValue,
                None,
                format!(
                    "the <bom> element is not in a CycloneDX namespace ({}; expected {NAMESPACE_PREFIX}1.x); it was read as CycloneDX {LATEST}",
                    ns.map_or("no namespace".to_string(), |n| format!("{n:?}")),
                ),
            );
            LATEST.to_string()
        }
    };
    let lines = LineIndex::new(text);
    let (bom, listed) = Builder {
        ns,
        lines: &lines,
        w: warnings,
    }
    .bom(root);
    let mut r = Reader::new(
        Sbom::new("", Standard::CycloneDx, Syntax::Xml, &version),
        warnings,
        Paths::Xml,
    );
    let metadata_size = bom
        .metadata
        .as_ref()
        .and_then(|m| m.component.as_deref())
        .map_or(0, tree_size);
    // Room for the metadata and the first wave only; the first wave sizes the rest (see below).
    let per_wave = SLICE * WAVE;
    r.components_mut()
        .reserve(metadata_size + listed.len().min(per_wave));
    r.head(bom.serial_number, bom.metadata, bom.dependencies.as_deref());
    // Building a component from its element warns of nothing (only dependencies do), so the
    // builder of listed components has a collector that stays empty.
    let mut none = Warnings::default();
    let builder = &Builder {
        ns,
        lines: &lines,
        w: &mut none,
    };
    // Each listed component is built from its element and mapped on its own, so slices of them
    // are worked on all cores, a wave at a time, and appended in order.
    for (wave, part) in listed.chunks(per_wave).enumerate() {
        let mapped: Vec<(Vec<Comp>, Warnings)> = part
            .par_chunks(SLICE)
            .enumerate()
            .map(|(j, chunk)| {
                let first = (wave * WAVE + j) * SLICE;
                let mut w = Warnings::default();
                let sbom = Sbom::new("", Standard::CycloneDx, Syntax::Xml, &version);
                let mut r = Reader::new(sbom, &mut w, Paths::Xml);
                r.components_mut().reserve(chunk.len());
                for (k, node) in chunk.iter().enumerate() {
                    r.listed(first + k, builder.component(*node, 0));
                }
                let components = std::mem::take(r.components_mut());
                drop(r);
                (components, w)
            })
            .collect();
        for (components, w) in mapped {
            r.append(components, w);
        }
        if wave == 0 && part.len() < listed.len() {
            // Nested components are only known once built: the first wave's share of them
            // sizes the rest, with room to spare (room never written costs no memory).
            let have = r.components_mut().len();
            let expected = have * listed.len() / part.len();
            r.components_mut()
                .reserve((expected + expected / 4).saturating_sub(have));
        }
    }
    debug_assert!(none.is_empty());
    r.tail(bom.services.unwrap_or_default(), bom.dependencies);
    Ok(r.into_sbom())
}

/// Builds the wire model from the DOM: the first of a repeated single-valued element counts, as
/// in the reader this replaced; every value is kept as written (the mapping trims), with the line
/// where the mapping reports one.
struct Builder<'a, 'w> {
    ns: Option<&'a str>,
    lines: &'w LineIndex,
    w: &'w mut Warnings,
}

impl<'a> Builder<'a, '_> {
    /// The CycloneDX child elements of `n`, with their local names.
    fn elements<'i>(
        &self,
        n: Node<'a, 'i>,
    ) -> impl Iterator<Item = (&'i str, Node<'a, 'i>)> + use<'a, 'i> {
        let ns = self.ns;
        n.children()
            .filter(move |c| c.is_element() && c.tag_name().namespace() == ns)
            .map(|c| (c.tag_name().name(), c))
    }

    /// The child elements `name` of `n`.
    fn each<'i>(
        &self,
        n: Node<'a, 'i>,
        name: &'static str,
    ) -> impl Iterator<Item = Node<'a, 'i>> + use<'a, 'i> {
        self.elements(n)
            .filter(move |(local, _)| *local == name)
            .map(|(_, c)| c)
    }

    fn line(&self, n: Node) -> u32 {
        self.lines.line_of(n.range().start)
    }

    /// The document without its listed components, and the `<component>` elements of those,
    /// in document order (they are built and mapped in slices on all cores).
    fn bom<'i>(&mut self, root: Node<'a, 'i>) -> (Bom, Vec<Node<'a, 'i>>) {
        let mut bom = Bom {
            serial_number: attr(root, "serialNumber"),
            ..Bom::default()
        };
        let mut components = Vec::new();
        let mut services = Vec::new();
        let mut dependencies = Vec::new();
        for (name, e) in self.elements(root) {
            match name {
                "metadata" if bom.metadata.is_none() => bom.metadata = Some(self.metadata(e)),
                "components" => components.extend(self.each(e, "component")),
                "services" => {
                    for s in self.each(e, "service") {
                        services.push(self.service(s, 0));
                    }
                }
                _ => {}
            }
        }
        bom.services = Some(services);
        let own = self.ns;
        let graphs = root.children().filter(|c| {
            c.is_element()
                && c.tag_name().name() == "dependencies"
                && (c.tag_name().namespace() == own
                    || c.tag_name().namespace() == Some(DEPENDENCY_GRAPH_1_1))
        });
        for deps in graphs {
            let mut index = 0;
            let ns = deps.tag_name().namespace();
            let entries = deps.children().filter(|d| {
                d.is_element()
                    && d.tag_name().name() == "dependency"
                    && d.tag_name().namespace() == ns
            });
            for d in entries {
                index += 1;
                let pointer = format!("/bom/dependencies/dependency[{index}]");
                self.dependency(d, pointer, 0, &mut dependencies);
            }
        }
        bom.dependencies = Some(dependencies);
        (bom, components)
    }

    fn metadata(&mut self, m: Node<'a, '_>) -> Metadata {
        let mut out = Metadata::default();
        for (name, e) in self.elements(m) {
            match name {
                "timestamp" => first(&mut out.timestamp, e),
                "tools" if out.tools.is_none() => out.tools = Some(self.tools(e)),
                "component" if out.component.is_none() => {
                    out.component = Some(self.component(e, 0));
                }
                "supplier" if out.supplier.is_none() => out.supplier = Some(self.entity(e)),
                "manufacture" if out.manufacture.is_none() => {
                    out.manufacture = Some(self.entity(e));
                }
                "manufacturer" if out.manufacturer.is_none() => {
                    out.manufacturer = Some(self.entity(e));
                }
                "authors" if out.authors.is_none() => out.authors = Some(self.contacts(e)),
                _ => {}
            }
        }
        out
    }

    /// `<tools><tool>` up to 1.4; `<tools><components>` / `<services>` from 1.5. XML, unlike
    /// JSON, can hold both shapes at once, so both are kept.
    fn tools(&mut self, tools: Node<'a, '_>) -> Tools {
        let mut legacy = Vec::new();
        let mut components = Vec::new();
        let mut services = Vec::new();
        for (name, e) in self.elements(tools) {
            match name {
                "tool" => {
                    let mut t = LegacyTool::default();
                    for (field, f) in self.elements(e) {
                        match field {
                            "vendor" => first(&mut t.vendor, f),
                            "name" => first(&mut t.name, f),
                            "version" => first(&mut t.version, f),
                            _ => {}
                        }
                    }
                    legacy.push(t);
                }
                "components" => {
                    for c in self.each(e, "component") {
                        components.push(self.tool_component(c));
                    }
                }
                "services" => {
                    for s in self.each(e, "service") {
                        services.push(self.tool_service(s));
                    }
                }
                _ => {}
            }
        }
        if components.is_empty() && services.is_empty() {
            return Tools::Legacy(legacy);
        }
        Tools::Modern(ModernTools {
            components: Some(components),
            services: Some(services),
            legacy,
        })
    }

    fn tool_component(&mut self, c: Node<'a, '_>) -> ToolComponent {
        let mut t = ToolComponent::default();
        for (field, f) in self.elements(c) {
            match field {
                "group" => first(&mut t.group, f),
                "name" => first(&mut t.name, f),
                "version" => first(&mut t.version, f),
                "publisher" => first(&mut t.publisher, f),
                "author" => first(&mut t.author, f),
                "supplier" if t.supplier.is_none() => t.supplier = Some(self.entity(f)),
                "manufacturer" if t.manufacturer.is_none() => {
                    t.manufacturer = Some(self.entity(f));
                }
                _ => {}
            }
        }
        t
    }

    fn tool_service(&mut self, s: Node<'a, '_>) -> ToolService {
        let mut t = ToolService::default();
        for (field, f) in self.elements(s) {
            match field {
                "group" => first(&mut t.group, f),
                "name" => first(&mut t.name, f),
                "version" => first(&mut t.version, f),
                "provider" if t.provider.is_none() => t.provider = Some(self.entity(f)),
                _ => {}
            }
        }
        t
    }

    /// `organizationalEntity`: `<name>`, `<url>`*, `<contact>`* (name, email), 1.6 `<address><country>`.
    fn entity(&self, e: Node<'a, '_>) -> Entity {
        let mut out = Entity {
            line: self.line(e),
            ..Entity::default()
        };
        let mut urls = Vec::new();
        let mut contacts = Vec::new();
        for (name, f) in self.elements(e) {
            match name {
                "name" => first(&mut out.name, f),
                "url" => urls.extend(text(f)),
                "contact" => contacts.push(self.contact(f)),
                "address" if out.address.is_none() => {
                    let mut a = Address::default();
                    for g in self.each(f, "country") {
                        first(&mut a.country, g);
                    }
                    out.address = Some(a);
                }
                _ => {}
            }
        }
        out.url = Some(Texts {
            items: urls,
            bad: false,
        });
        out.contact = Some(contacts);
        out
    }

    /// `organizationalContact`: a person with `<name>` and `<email>`.
    fn contact(&self, c: Node<'a, '_>) -> Contact {
        let mut out = Contact {
            line: self.line(c),
            ..Contact::default()
        };
        for (name, f) in self.elements(c) {
            match name {
                "name" => first(&mut out.name, f),
                "email" => first(&mut out.email, f),
                _ => {}
            }
        }
        out
    }

    /// `<authors><author>`*.
    fn contacts(&self, authors: Node<'a, '_>) -> Vec<Contact> {
        self.each(authors, "author")
            .map(|a| self.contact(a))
            .collect()
    }

    /// A component with its pedigree and nested components. Below [`MAX_DEPTH`] they are stubs:
    /// the mapping only needs to know they are there, to say it did not read them.
    fn component(&self, c: Node<'a, '_>, depth: usize) -> Box<Component> {
        let mut out = Box::new(Component {
            bom_ref: attr(c, "bom-ref"),
            kind: attr(c, "type"),
            line: self.line(c),
            ..Component::default()
        });
        let mut nested = Vec::new();
        let mut omnibor = Vec::new();
        let mut swhid = Vec::new();
        for (name, e) in self.elements(c) {
            match name {
                "name" => first(&mut out.name, e),
                "group" => first(&mut out.group, e),
                "version" => first(&mut out.version, e),
                "purl" => first(&mut out.purl, e),
                "cpe" => first(&mut out.cpe, e),
                "copyright" => first(&mut out.copyright, e),
                "description" => first(&mut out.description, e),
                "scope" => first(&mut out.scope, e),
                "publisher" if out.publisher.is_none() => out.publisher = self.located_text(e),
                "author" if out.author.is_none() => out.author = self.located_text(e),
                "omniborId" => omnibor.extend(text(e)),
                "swhid" => swhid.extend(text(e)),
                "swid" if out.swid.is_none() => {
                    out.swid = Some(Swid {
                        tag_id: attr(e, "tagId"),
                    });
                }
                "hashes" if out.hashes.is_none() => {
                    let hashes = self.each(e, "hash").map(|h| HashW {
                        alg: attr(h, "alg"),
                        content: text(h),
                    });
                    out.hashes = Some(hashes.collect());
                }
                "supplier" if out.supplier.is_none() => {
                    out.supplier = Some(Box::new(self.entity(e)));
                }
                "manufacturer" if out.manufacturer.is_none() => {
                    out.manufacturer = Some(Box::new(self.entity(e)));
                }
                "authors" if out.authors.is_none() => out.authors = Some(self.contacts(e)),
                "externalReferences" if out.external_references.is_none() => {
                    out.external_references = Some(self.references(e));
                }
                "licenses" if out.licenses.is_none() => out.licenses = Some(self.licenses(e)),
                "properties" if out.properties.is_none() => {
                    out.properties = Some(self.properties(e));
                }
                "releaseNotes" if out.release_notes.is_none() => {
                    out.release_notes = Some(self.release_notes(e));
                }
                "evidence" if out.evidence.is_none() => {
                    out.evidence = Some(Box::new(self.evidence(e)));
                }
                "pedigree" if out.pedigree.is_none() => {
                    out.pedigree = Some(if depth >= MAX_DEPTH {
                        Box::default()
                    } else {
                        self.pedigree(e, depth)
                    });
                }
                "components" => {
                    for n in self.each(e, "component") {
                        nested.push(if depth >= MAX_DEPTH {
                            Box::default()
                        } else {
                            self.component(n, depth + 1)
                        });
                    }
                }
                _ => {}
            }
        }
        out.omnibor_id = list(omnibor);
        out.swhid = list(swhid);
        out.components = Some(nested);
        out
    }

    /// `<externalReferences><reference type="..."><url>`*.
    fn references(&self, e: Node<'a, '_>) -> Vec<ExtRef> {
        self.each(e, "reference")
            .map(|r| ExtRef {
                kind: attr(r, "type"),
                url: self.each(r, "url").next().and_then(text),
            })
            .collect()
    }

    /// `<properties><property name="...">value</property>`*.
    fn properties(&self, e: Node<'a, '_>) -> Vec<Property> {
        self.each(e, "property")
            .map(|p| Property {
                name: attr(p, "name"),
                value: text(p),
            })
            .collect()
    }

    /// `<releaseNotes>`: its `<timestamp>`.
    fn release_notes(&self, e: Node<'a, '_>) -> ReleaseNotes {
        let mut notes = ReleaseNotes::default();
        for t in self.each(e, "timestamp") {
            first(&mut notes.timestamp, t);
        }
        notes
    }

    /// `<licenses>` holds `<license>` (with `<id>` or `<name>`) or `<expression>` elements, in order.
    fn licenses(&self, l: Node<'a, '_>) -> Vec<LicenseChoice> {
        let mut out = Vec::new();
        for (name, e) in self.elements(l) {
            match name {
                "license" => {
                    let mut license = License::default();
                    for (field, f) in self.elements(e) {
                        match field {
                            "id" => first(&mut license.id, f),
                            "name" => first(&mut license.name, f),
                            _ => {}
                        }
                    }
                    out.push(LicenseChoice {
                        license: Some(license),
                        expression: None,
                    });
                }
                "expression" => out.push(LicenseChoice {
                    license: None,
                    expression: text(e),
                }),
                _ => {}
            }
        }
        out
    }

    fn pedigree(&self, p: Node<'a, '_>, depth: usize) -> Box<Pedigree> {
        let mut out = Box::<Pedigree>::default();
        for (name, e) in self.elements(p) {
            let slot = match name {
                "ancestors" => &mut out.ancestors,
                "descendants" => &mut out.descendants,
                "variants" => &mut out.variants,
                _ => continue,
            };
            if slot.is_none() {
                let items = self.each(e, "component").collect::<Vec<_>>();
                *slot = Some(
                    items
                        .into_iter()
                        .map(|c| self.component(c, depth + 1))
                        .collect(),
                );
            }
        }
        out
    }

    /// The element's text with its line, for the values the mapping turns into located parties.
    fn located_text(&self, e: Node) -> Option<Text> {
        Some(Text {
            line: self.line(e),
            ..text(e).unwrap_or_default()
        })
    }

    /// `<dependency ref="a"><dependency ref="b"/></dependency>`: a depends on b. The XSD makes the
    /// inner element a full dependency, so an inner one with children states b's dependencies too;
    /// 1.6 `<provides ref="c"/>` lists what a implements. Each entry of the wire model lists one
    /// run of a's targets, so the relations come out in document order (a-b, b-c, a-d); every
    /// target keeps the line of its element.
    fn dependency(
        &mut self,
        d: Node<'a, '_>,
        pointer: String,
        depth: usize,
        out: &mut Vec<Dependency>,
    ) {
        let ns = d.tag_name().namespace();
        let mut run = Dependency {
            reference: attr(d, "ref"),
            pointer: Some(pointer.clone()),
            line: self.line(d),
            ..Dependency::default()
        };
        if run
            .reference
            .as_ref()
            .is_none_or(|r| r.value.trim().is_empty())
        {
            // The mapping reports it, at this element's line.
            out.push(run);
            return;
        }
        let mut dep_index = 0;
        for inner in d.children().filter(|n| n.is_element()) {
            let name = inner.tag_name().name();
            if inner.tag_name().namespace() != ns || !matches!(name, "dependency" | "provides") {
                continue;
            }
            let Some(to) = attr(inner, "ref").filter(|r| !r.value.trim().is_empty()) else {
                continue;
            };
            let to = Text {
                line: self.line(inner),
                ..to
            };
            if name == "provides" {
                push_text(&mut run.provides, to);
                continue;
            }
            if run.provides.is_some() {
                out.push(next_run(&mut run));
            }
            push_text(&mut run.depends_on, to);
            dep_index += 1;
            if inner.children().any(|n| n.is_element()) {
                if depth >= MAX_DEPTH {
                    let at = Location {
                        pointer: pointer.clone(),
                        line: Some(self.line(inner)),
                    };
                    too_deep(&at, self.w);
                } else {
                    out.push(next_run(&mut run));
                    let p = format!("{pointer}/dependency[{dep_index}]");
                    self.dependency(inner, p, depth + 1, out);
                }
            }
        }
        if run.depends_on.is_some() || run.provides.is_some() {
            out.push(run);
        }
    }
}

/// Ends a run of targets: returns it, and leaves an empty run of the same `ref` in its place.
fn next_run(run: &mut Dependency) -> Dependency {
    let rest = Dependency {
        reference: run.reference.clone(),
        pointer: run.pointer.clone(),
        line: run.line,
        ..Dependency::default()
    };
    std::mem::replace(run, rest)
}

fn push_text(list: &mut Option<Texts>, t: Text) {
    list.get_or_insert_with(Texts::default).items.push(t);
}

/// Sets a single-valued field from the first element that carries it.
fn first(slot: &mut Option<Text>, e: Node) {
    if slot.is_none() {
        *slot = Some(text(e).unwrap_or_default());
    }
}

fn list(items: Vec<Text>) -> Option<Texts> {
    (!items.is_empty()).then_some(Texts { items, bad: false })
}

fn attr(n: Node, name: &str) -> Option<Text> {
    n.attribute(name).map(|v| Text {
        value: v.to_string(),
        ..Text::default()
    })
}

/// The text directly inside an element (text and CDATA children), untrimmed: the mapping trims.
fn text(n: Node) -> Option<Text> {
    let mut parts = n.children().filter(|c| c.is_text());
    let first = parts.next()?.text().unwrap_or_default();
    let mut value = first.to_string();
    for p in parts {
        value.push_str(p.text().unwrap_or_default());
    }
    Some(Text {
        value,
        ..Text::default()
    })
}

mod services;
#[cfg(test)]
mod tests;
