//! The one CycloneDX mapping: the wire model (`wire`), whether parsed from JSON or built from an
//! XML DOM, into the model. Only how locations are written differs ([`Paths`]); XML brings the
//! line of each located element with it, JSON lines are found beside the mapping (`json`).

use super::wire::{
    Bom, Component, Contact, Dependency, Entity, Evidence, Identities, LicenseChoice, Metadata,
    Property, Service, Text, Texts, Tools, subtree_size, tree_size,
};
use super::{
    MAX_DEPTH, check_name, component_kind, hash, is_cpe_property, keep_party, scope, too_deep,
};
use crate::model::{
    Component as Comp, DataFlow, ExternalRef, Location, Observation, ObservationKind as Kind,
    Origin, Party, PartyKind, PartyRole, Relation, Sbom, Service as ServiceInfo, Tool, WarningCode,
    Warnings,
};

/// Whether a method's value reads as a file path (`/opt/x/bin/y`, `C:\x`, `lib/x.jar`) rather
/// than free text.
fn looks_like_path(v: &str) -> bool {
    let v = v.trim();
    !v.contains(['\n', '\r']) && !v.contains("://") && (v.contains('/') || v.contains('\\'))
}

/// How locations are written: JSON pointers (`/components/0`) or XML element paths
/// (`/bom/components/component[1]`, 1-based as XPath counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Paths {
    Json,
    Xml,
}

impl Paths {
    /// Where the document's own fields are: `` or `/bom`.
    fn root(self) -> &'static str {
        match self {
            Paths::Json => "",
            Paths::Xml => "/bom",
        }
    }

    /// The `i`th (0-based) entry of the list `list` under `parent`, whose XML elements are
    /// called `element`.
    fn item(self, parent: &str, list: &str, element: &str, i: usize) -> String {
        match self {
            Paths::Json => format!("{parent}/{list}/{i}"),
            Paths::Xml => format!("{parent}/{list}/{element}[{}]", i + 1),
        }
    }
}

/// A location with the line the wire model brought (0: not known here).
fn at(pointer: impl Into<String>, line: u32) -> Location {
    Location {
        pointer: pointer.into(),
        line: (line > 0).then_some(line),
    }
}

/// Maps one document; the warnings it finds go to the reader's collector.
pub(super) struct Reader<'w> {
    sbom: Sbom,
    w: &'w mut Warnings,
    paths: Paths,
}

impl<'w> Reader<'w> {
    /// A mapping into `sbom` (empty, with standard, syntax and version set).
    pub(super) fn new(sbom: Sbom, w: &'w mut Warnings, paths: Paths) -> Self {
        Reader { sbom, w, paths }
    }

    /// The mapped document.
    pub(super) fn into_sbom(self) -> Sbom {
        self.sbom
    }

    fn bad_list(&mut self, field: &str, pointer: &str) {
        self.w
            .add_with(WarningCode::BadType, Some(Location::at(pointer)), || {
                format!("{field} at {pointer} is a single string where an array is expected; read as a list of one")
            });
    }

    /// The text of a scalar, warning when it was not a string; empty strings count as absent.
    fn text(&mut self, t: Option<Text>, field: &str, pointer: &str) -> Option<String> {
        let t = t?;
        if t.bad {
            self.w
                .add_with(WarningCode::BadType, Some(Location::at(pointer)), || {
                    format!(
                        "{field} at {pointer} is not a string; its value {:?} was read as text",
                        t.value
                    )
                });
        }
        // Most values start and end with a visible ASCII character: nothing to trim, and no
        // Unicode whitespace test over the string.
        let visible = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_graphic());
        let bytes = t.value.as_bytes();
        if visible(bytes.first()) && visible(bytes.last()) {
            return Some(t.value);
        }
        let v = t.value.trim();
        if v.is_empty() {
            None
        } else if v.len() == t.value.len() {
            Some(t.value)
        } else {
            Some(v.to_string())
        }
    }

    fn texts(&mut self, t: Option<Texts>, field: &str, pointer: &str) -> Vec<String> {
        let Some(t) = t else { return Vec::new() };
        if t.bad {
            self.bad_list(field, pointer);
        }
        t.items
            .into_iter()
            .filter_map(|i| self.text(Some(i), field, pointer))
            .collect()
    }

    /// Maps the whole document: metadata first (its component becomes index 0), then the
    /// components in document order, each followed by its pedigree and nested ones, then the
    /// dependencies.
    pub(super) fn document(&mut self, bom: Bom) {
        let root = self.paths.root();
        // One allocation for the model's components: growing a vector of large structs by
        // doubling copies each of them again and again on a 100,000-component document.
        let mut total = bom.components.as_deref().map_or(0, subtree_size);
        if let Some(c) = bom.metadata.as_ref().and_then(|m| m.component.as_deref()) {
            total += tree_size(c);
        }
        self.sbom.components.reserve(total);
        self.head(bom.serial_number, bom.metadata, bom.dependencies.as_deref());
        for (i, c) in bom.components.unwrap_or_default().into_iter().enumerate() {
            let pointer = self.paths.item(root, "components", "component", i);
            self.component(c, Origin::Listed, None, pointer, 0);
        }
        self.tail(bom.services.unwrap_or_default(), bom.dependencies);
    }

    /// The document's own fields and its metadata, which come before the listed components.
    pub(super) fn head(
        &mut self,
        serial: Option<Text>,
        metadata: Option<Metadata>,
        dependencies: Option<&[Dependency]>,
    ) {
        self.sbom.serial = self.text(serial, "serialNumber", "/serialNumber");
        self.sbom.relations.reserve(dependencies.map_or(0, |d| {
            d.iter()
                .map(|d| d.depends_on.as_ref().map_or(0, |l| l.items.len()))
                .sum()
        }));
        if let Some(m) = metadata {
            self.metadata(m);
        }
    }

    /// The `i`th listed component (`/components/i`), with its pedigree and nested components.
    pub(super) fn listed(&mut self, i: usize, c: Box<Component>) {
        let pointer = self
            .paths
            .item(self.paths.root(), "components", "component", i);
        self.component(c, Origin::Listed, None, pointer, 0);
    }

    /// Appends the components another reader mapped (a slice of the listed ones, in document
    /// order), and its warnings after this reader's, as if this reader had mapped them itself.
    pub(super) fn append(&mut self, mut components: Vec<Comp>, warnings: Warnings) {
        let base = self.sbom.components.len();
        for c in &mut components {
            if let Some(p) = &mut c.parent {
                *p += base;
            }
        }
        self.sbom.components.append(&mut components);
        self.w.absorb(warnings);
    }

    /// The services and the dependencies, which come after the listed components.
    pub(super) fn tail(&mut self, services: Vec<Service>, dependencies: Option<Vec<Dependency>>) {
        let root = self.paths.root();
        for (i, sv) in services.into_iter().enumerate() {
            let pointer = self.paths.item(root, "services", "service", i);
            self.service(sv, None, pointer, 0);
        }
        for (i, d) in dependencies.unwrap_or_default().into_iter().enumerate() {
            self.dependency(d, i);
        }
    }

    /// The components mapped so far (a slice reader's whole output).
    pub(super) fn components_mut(&mut self) -> &mut Vec<Comp> {
        &mut self.sbom.components
    }

    fn metadata(&mut self, m: Metadata) {
        let root = self.paths.root();
        self.sbom.created = self.text(m.timestamp, "timestamp", "/metadata/timestamp");
        if let Some(tools) = m.tools {
            self.tools(tools);
        }
        // metadata.component goes first so that index 0 is the described product.
        if let Some(c) = m.component {
            let i = self.component(
                c,
                Origin::Metadata,
                None,
                format!("{root}/metadata/component"),
                0,
            );
            let c = &self.sbom.components[i];
            self.sbom.described.push(c.id.clone());
            self.sbom.name = Some(c.name.clone()).filter(|n| !n.is_empty());
        }
        let mut parties = Vec::new();
        // 1.2+ "supplier: the organization that supplied the component that the BOM describes".
        let metadata = format!("{root}/metadata");
        let supplier = format!("{metadata}/supplier");
        parties.extend(self.entity(m.supplier, PartyRole::Supplier, &supplier));
        // "manufacture" (1.2-1.5, deprecated in 1.6): "the organization that manufactured the
        // component that the BOM describes": the product's manufacturer.
        let manufacture = format!("{metadata}/manufacture");
        parties.extend(self.entity(m.manufacture, PartyRole::Manufacturer, &manufacture));
        // "manufacturer" (1.6+) is another thing: "the organization that created the BOM". It
        // made the document, not the product (that is `metadata.component.manufacturer`), so it
        // is kept as the document's author, as SPDX creators are.
        let manufacturer = format!("{metadata}/manufacturer");
        parties.extend(self.entity(m.manufacturer, PartyRole::Author, &manufacturer));
        for (i, a) in m.authors.unwrap_or_default().into_iter().enumerate() {
            let p = self.paths.item(&metadata, "authors", "author", i);
            parties.extend(self.contact(a, PartyRole::Author, &p));
        }
        self.sbom.document_parties.extend(parties);
    }

    fn tools(&mut self, tools: Tools) {
        match tools {
            Tools::Legacy(list) => {
                for (i, t) in list.into_iter().enumerate() {
                    let p = format!("/metadata/tools/{i}");
                    let tool = Tool {
                        vendor: self.text(t.vendor, "vendor", &p),
                        name: self.text(t.name, "name", &p).unwrap_or_default(),
                        version: self.text(t.version, "version", &p),
                    };
                    self.sbom.tools.push(tool);
                }
            }
            Tools::Modern(m) => {
                if !m.legacy.is_empty() {
                    self.tools(Tools::Legacy(m.legacy));
                }
                for (i, t) in m.components.unwrap_or_default().into_iter().enumerate() {
                    let p = format!("/metadata/tools/components/{i}");
                    let entity_name = |e: Option<Entity>| e.and_then(|e| e.name);
                    let vendor = [
                        entity_name(t.manufacturer),
                        entity_name(t.supplier),
                        t.group,
                        t.publisher,
                        t.author,
                    ]
                    .into_iter()
                    .flatten()
                    .find_map(|v| self.text(Some(v), "vendor", &p));
                    let tool = Tool {
                        vendor,
                        name: self.text(t.name, "name", &p).unwrap_or_default(),
                        version: self.text(t.version, "version", &p),
                    };
                    self.sbom.tools.push(tool);
                }
                for (i, s) in m.services.unwrap_or_default().into_iter().enumerate() {
                    let p = format!("/metadata/tools/services/{i}");
                    let vendor = [s.provider.and_then(|e| e.name), s.group]
                        .into_iter()
                        .flatten()
                        .find_map(|v| self.text(Some(v), "vendor", &p));
                    let tool = Tool {
                        vendor,
                        name: self.text(s.name, "name", &p).unwrap_or_default(),
                        version: self.text(s.version, "version", &p),
                    };
                    self.sbom.tools.push(tool);
                }
            }
        }
    }

    /// CycloneDX `organizationalEntity`: name, url[], contact[] (name, email) and, from 1.6,
    /// a postal address whose `country` is "the country name or the two-letter ISO 3166-1 code".
    fn entity(&mut self, e: Option<Entity>, role: PartyRole, pointer: &str) -> Option<Party> {
        let e = e?;
        let mut party = Party::named(role, PartyKind::Organization, "", at(pointer, e.line));
        party.name = self.text(e.name, "name", pointer);
        party.urls = self.texts(e.url, "url", pointer);
        for c in e.contact.unwrap_or_default() {
            if let Some(n) = self.text(c.name, "contact name", pointer) {
                party.contacts.push(n);
            }
            if let Some(m) = self.text(c.email, "contact email", pointer) {
                party.emails.push(m);
            }
        }
        party.country = e
            .address
            .and_then(|a| self.text(a.country, "address country", pointer));
        keep_party(&party).then_some(party)
    }

    /// CycloneDX `organizationalContact` (`authors`): a person with a name and an e-mail.
    fn contact(&mut self, c: Contact, role: PartyRole, pointer: &str) -> Option<Party> {
        let mut party = Party::named(role, PartyKind::Person, "", at(pointer, c.line));
        party.name = self.text(c.name, "name", pointer);
        party.emails.extend(self.text(c.email, "email", pointer));
        keep_party(&party).then_some(party)
    }

    /// Pushes a component and, depth-first after it, its pedigree and nested components;
    /// returns its index.
    fn component(
        &mut self,
        c: Box<Component>,
        origin: Origin,
        parent: Option<usize>,
        pointer: String,
        depth: usize,
    ) -> usize {
        let loc = at(pointer.clone(), c.line);
        let (id, id_synthesized) = match self.text(c.bom_ref, "bom-ref", &pointer) {
            Some(id) => (id, false),
            None => (pointer.clone(), true),
        };
        let raw_kind = self.text(c.kind, "type", &pointer);
        let kind = component_kind(raw_kind.as_deref(), &loc, self.w);
        let name = self.text(c.name, "name", &pointer).unwrap_or_default();
        check_name(&name, &loc, self.w);
        let mut out = Comp {
            id,
            id_synthesized,
            origin,
            kind,
            name,
            group: self.text(c.group, "group", &pointer),
            version: self.text(c.version, "version", &pointer),
            purl: self.text(c.purl, "purl", &pointer).map(Into::into),
            parent,
            location: loc.clone(),
            ..Comp::default()
        };
        out.cpes.extend(self.text(c.cpe, "cpe", &pointer));
        if let Some(s) = c.swid {
            out.swid.extend(self.text(s.tag_id, "swid tagId", &pointer));
        }
        out.other_ids = self.texts(c.omnibor_id, "omniborId", &pointer);
        out.other_ids.extend(self.texts(c.swhid, "swhid", &pointer));
        for h in c.hashes.unwrap_or_default() {
            let alg = self.text(h.alg, "hash alg", &pointer).unwrap_or_default();
            let content = self
                .text(h.content, "hash content", &pointer)
                .unwrap_or_default();
            out.hashes.extend(hash(&alg, &content));
        }
        // "supplier: the organization that supplied the component. The supplier may often be
        // the manufacturer, but may also be a distributor or repackager."
        out.parties.extend(self.entity(
            c.supplier.map(|e| *e),
            PartyRole::Supplier,
            &format!("{pointer}/supplier"),
        ));
        // 1.6 "manufacturer: the organization that created the component".
        out.parties.extend(self.entity(
            c.manufacturer.map(|e| *e),
            PartyRole::Manufacturer,
            &format!("{pointer}/manufacturer"),
        ));
        // "publisher: the person(s) or organization(s) that published the component" (a string),
        // and "author" (a string, deprecated in 1.6).
        let named = [
            ("publisher", PartyRole::Publisher, c.publisher),
            ("author", PartyRole::Author, c.author),
        ];
        for (field, role, t) in named {
            let line = t.as_ref().map_or(0, |t| t.line);
            if let Some(name) = self.text(t, field, &pointer) {
                let loc = at(format!("{pointer}/{field}"), line);
                out.parties
                    .push(Party::named(role, PartyKind::Unknown, &name, loc));
            }
        }
        // 1.6 "authors" (organizationalContact[]).
        for (i, a) in c.authors.unwrap_or_default().into_iter().enumerate() {
            let p = self.paths.item(&pointer, "authors", "author", i);
            out.parties.extend(self.contact(a, PartyRole::Author, &p));
        }
        out.copyright = self.text(c.copyright, "copyright", &pointer);
        out.description = self.text(c.description, "description", &pointer);
        for r in c.external_references.unwrap_or_default() {
            let kind = self
                .text(r.kind, "externalReference type", &pointer)
                .unwrap_or_default();
            if let Some(url) = self.text(r.url, "externalReference url", &pointer) {
                out.external_refs.push(ExternalRef { kind, url });
            }
        }
        out.licenses = self.licenses(c.licenses, &pointer);
        self.properties(c.properties, &pointer, &mut out);
        if let Some(e) = c.evidence {
            self.evidence(*e, &pointer, &mut out);
        }
        let raw_scope = self.text(c.scope, "scope", &pointer);
        out.scope = scope(raw_scope.as_deref(), &loc, self.w);
        out.release_date = c
            .release_notes
            .and_then(|r| self.text(r.timestamp, "releaseNotes timestamp", &pointer));

        let index = self.sbom.components.len();
        self.sbom.components.push(out);
        let (pedigree, nested) = (c.pedigree, c.components.unwrap_or_default());
        if depth >= MAX_DEPTH {
            if pedigree.is_some() || !nested.is_empty() {
                too_deep(&loc, self.w);
            }
            return index;
        }
        if let Some(p) = pedigree {
            let lists = [
                ("ancestors", p.ancestors),
                ("descendants", p.descendants),
                ("variants", p.variants),
            ];
            for (list, items) in lists {
                for (i, pc) in items.unwrap_or_default().into_iter().enumerate() {
                    let parent = format!("{pointer}/pedigree");
                    let child = self.paths.item(&parent, list, "component", i);
                    let ci = self.component(pc, Origin::Pedigree, Some(index), child, depth + 1);
                    let id = self.sbom.components[ci].id.clone();
                    self.sbom.components[index].add_pedigree(list, id);
                }
            }
        }
        // Components inside a pedigree entry belong to that pedigree entry, not to the product.
        let nested_origin = if origin == Origin::Pedigree {
            Origin::Pedigree
        } else {
            Origin::Nested
        };
        for (i, n) in nested.into_iter().enumerate() {
            let child = self.paths.item(&pointer, "components", "component", i);
            self.component(n, nested_origin, Some(index), child, depth + 1);
        }
        index
    }

    /// Name/value properties; syft's extra CPEs join the component's CPEs.
    fn properties(&mut self, list: Option<Vec<Property>>, pointer: &str, out: &mut Comp) {
        for p in list.unwrap_or_default() {
            let name = self
                .text(p.name, "property name", pointer)
                .unwrap_or_default();
            let value = self
                .text(p.value, "property value", pointer)
                .unwrap_or_default();
            if is_cpe_property(&name) && !value.is_empty() && !out.cpes.contains(&value) {
                out.cpes.push(value.clone());
            }
            out.properties.push((name, value));
        }
    }

    /// Licences as `license` id or name, or `expression`.
    fn licenses(&mut self, list: Option<Vec<LicenseChoice>>, pointer: &str) -> Vec<String> {
        let mut out = Vec::new();
        for l in list.unwrap_or_default() {
            let from_license = l.license.and_then(|l| {
                let id = self.text(l.id, "license id", pointer);
                id.or_else(|| self.text(l.name, "license name", pointer))
            });
            out.extend(from_license);
            out.extend(self.text(l.expression, "license expression", pointer));
        }
        out
    }

    /// CycloneDX `evidence` (1.3+): "Provides the ability to document evidence collected
    /// through various forms of extraction or analysis". Every part becomes a typed
    /// observation named by its field.
    fn evidence(&mut self, e: Evidence, pointer: &str, out: &mut Comp) {
        let p = format!("{pointer}/evidence");
        for l in self.licenses(e.licenses, &p) {
            out.evidence
                .extend(Observation::new(Kind::License, "evidence.licenses", &l));
        }
        for c in e.copyright.unwrap_or_default() {
            if let Some(t) = self.text(c.text, "copyright text", &p) {
                out.evidence
                    .extend(Observation::new(Kind::Copyright, "evidence.copyright", &t));
            }
        }
        let identities = match e.identity {
            Some(Identities::Many(list)) => list,
            Some(Identities::One(one)) => vec![*one],
            None => Vec::new(),
        };
        for id in identities {
            let field = self
                .text(id.field, "identity field", &p)
                .unwrap_or_default();
            let confidence = id.confidence.map(|s| s.0).unwrap_or_default();
            let detail = match (field.is_empty(), confidence.is_empty()) {
                (false, false) => Some(format!("{field}, confidence {confidence}")),
                (false, true) => Some(field.clone()),
                _ => None,
            };
            if let Some(v) = self.text(id.concluded_value, "identity concludedValue", &p)
                && let Some(mut o) =
                    Observation::new(Kind::Identity, "evidence.identity.concludedValue", &v)
            {
                o.detail = detail.clone();
                out.evidence.push(o);
            }
            for m in id.methods.unwrap_or_default() {
                let technique = self.text(m.technique, "method technique", &p);
                let Some(v) = self.text(m.value, "method value", &p) else {
                    continue;
                };
                let kind = if looks_like_path(&v) {
                    Kind::Path
                } else {
                    Kind::Text
                };
                if let Some(mut o) = Observation::new(kind, "evidence.identity.methods.value", &v) {
                    o.detail = technique;
                    out.evidence.push(o);
                }
            }
        }
        for occ in e.occurrences.unwrap_or_default() {
            let line = occ.line.map(|s| s.0).filter(|s| !s.is_empty());
            let offset = occ.offset.map(|s| s.0).filter(|s| !s.is_empty());
            let detail = match (line, offset) {
                (Some(l), Some(o)) => Some(format!("line {l}, offset {o}")),
                (Some(l), None) => Some(format!("line {l}")),
                (None, Some(o)) => Some(format!("offset {o}")),
                (None, None) => None,
            };
            if let Some(v) = self.text(occ.location, "occurrence location", &p)
                && let Some(mut o) =
                    Observation::new(Kind::Path, "evidence.occurrences.location", &v)
            {
                o.detail = detail;
                out.evidence.push(o);
            }
            if let Some(v) = self.text(occ.symbol, "occurrence symbol", &p) {
                out.evidence.extend(Observation::new(
                    Kind::Symbol,
                    "evidence.occurrences.symbol",
                    &v,
                ));
            }
        }
        let frames = e.callstack.and_then(|c| c.frames).unwrap_or_default();
        for f in frames {
            let fields = [
                (f.package, Kind::Module, "evidence.callstack.frames.package"),
                (f.module, Kind::Module, "evidence.callstack.frames.module"),
                (
                    f.function,
                    Kind::Symbol,
                    "evidence.callstack.frames.function",
                ),
                (
                    f.full_filename,
                    Kind::Path,
                    "evidence.callstack.frames.fullFilename",
                ),
            ];
            for (t, kind, field) in fields {
                if let Some(v) = self.text(t, field, &p) {
                    out.evidence.extend(Observation::new(kind, field, &v));
                }
            }
        }
    }

    /// A service (CycloneDX 1.2+), and depth-first after it the services behind it: a node of
    /// kind `service` whose provider is a declared party; returns its index.
    fn service(
        &mut self,
        s: Service,
        parent: Option<usize>,
        pointer: String,
        depth: usize,
    ) -> usize {
        let loc = at(pointer.clone(), s.line);
        let (id, id_synthesized) = match self.text(s.bom_ref, "bom-ref", &pointer) {
            Some(id) => (id, false),
            None => (pointer.clone(), true),
        };
        let name = self.text(s.name, "name", &pointer).unwrap_or_default();
        if name.is_empty() {
            self.w
                .add_with(WarningCode::MissingField, Some(loc.clone()), || {
                    format!("the service at {pointer} has no name; it was kept with an empty name")
                });
        }
        let mut out = Comp {
            id,
            id_synthesized,
            origin: Origin::Service,
            kind: Some("service".to_string()),
            name,
            group: self.text(s.group, "group", &pointer),
            version: self.text(s.version, "version", &pointer),
            description: self.text(s.description, "description", &pointer),
            parent,
            location: loc.clone(),
            ..Comp::default()
        };
        // "provider: the organization that provides the service".
        out.parties.extend(self.entity(
            s.provider,
            PartyRole::Provider,
            &format!("{pointer}/provider"),
        ));
        let mut info = ServiceInfo {
            endpoints: self.texts(s.endpoints, "endpoints", &pointer),
            authenticated: s.authenticated.and_then(|f| f.0),
            crosses_trust_boundary: s.trust_boundary.and_then(|f| f.0),
            trust_zone: self.text(s.trust_zone, "trustZone", &pointer),
            data: Vec::new(),
        };
        for d in s.data.unwrap_or_default() {
            let flow = DataFlow {
                flow: self.text(d.flow, "data flow", &pointer).unwrap_or_default(),
                classification: self
                    .text(d.classification, "data classification", &pointer)
                    .unwrap_or_default(),
                name: self.text(d.name, "data name", &pointer),
                source: self.texts(d.source, "data source", &pointer),
                destination: self.texts(d.destination, "data destination", &pointer),
            };
            info.data.push(flow);
        }
        out.service = Some(Box::new(info));
        for r in s.external_references.unwrap_or_default() {
            let kind = self
                .text(r.kind, "externalReference type", &pointer)
                .unwrap_or_default();
            if let Some(url) = self.text(r.url, "externalReference url", &pointer) {
                out.external_refs.push(ExternalRef { kind, url });
            }
        }
        out.licenses = self.licenses(s.licenses, &pointer);
        self.properties(s.properties, &pointer, &mut out);
        out.release_date = s
            .release_notes
            .and_then(|r| self.text(r.timestamp, "releaseNotes timestamp", &pointer));
        let index = self.sbom.components.len();
        self.sbom.components.push(out);
        let nested = s.services.unwrap_or_default();
        if depth >= MAX_DEPTH {
            if !nested.is_empty() {
                too_deep(&loc, self.w);
            }
            return index;
        }
        for (i, n) in nested.into_iter().enumerate() {
            let child = self.paths.item(&pointer, "services", "service", i);
            self.service(n, Some(index), child, depth + 1);
        }
        index
    }

    /// "dependencies: provides the ability to document dependency relationships": `ref` depends
    /// on every `dependsOn` entry; 1.6 `provides` lists what `ref` implements (crypto standards).
    /// Each target's relation is located at its own line where the wire model has one (XML).
    fn dependency(&mut self, d: Dependency, i: usize) {
        let pointer = d.pointer.unwrap_or_else(|| {
            let root = self.paths.root();
            self.paths.item(root, "dependencies", "dependency", i)
        });
        let Some(from) = self.text(d.reference, "dependency ref", &pointer) else {
            let loc = at(pointer.clone(), d.line);
            let field = match self.paths {
                Paths::Json => "\"ref\"",
                Paths::Xml => "\"ref\" attribute",
            };
            self.w.add_with(WarningCode::MissingField, Some(loc), || {
                format!("the dependency at {pointer} has no {field}; it was ignored")
            });
            return;
        };
        for (kind, list) in [("dependsOn", d.depends_on), ("provides", d.provides)] {
            let Some(list) = list else { continue };
            if list.bad {
                self.bad_list(kind, &pointer);
            }
            for t in list.items {
                let line = t.line;
                if let Some(to) = self.text(Some(t), kind, &pointer) {
                    self.sbom.relations.push(Relation {
                        from: from.clone(),
                        to,
                        kind: kind.to_string(),
                        lifecycle: None,
                        location: at(pointer.clone(), line),
                    });
                }
            }
        }
    }
}
