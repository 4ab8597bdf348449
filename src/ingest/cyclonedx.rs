//! CycloneDX JSON (1.2-1.7) into the model, plus the mapping rules the XML reader shares.
//!
//! A lean typed serde model (only the fields bomscreen uses, every one optional, scalars
//! tolerant) is parsed straight from `&str`. When that parse still fails on a type error, the
//! document is re-read as a `serde_json::Value`, the fields that do not fit are dropped with a
//! warning each, and the rest is read again, so one bad component cannot hide the others.

mod salvage;
#[cfg(test)]
mod tests;
mod wire;

use super::{ReadError, Warnings};
use crate::model::{
    Component as Comp, ExternalRef, Hash, Location, Origin, Party, PartyKind, PartyRole, Relation,
    Sbom, Scope, Standard, Syntax, Tool,
};
use salvage::salvage;
use wire::{
    Bom, Component, Contact, Dependency, Entity, Metadata, Text, Texts, Tools, subtree_size,
    tree_size,
};

/// Components nested deeper than this (inside `components` or `pedigree`) are not read.
pub(super) const MAX_DEPTH: usize = 64;

/// The newest CycloneDX version; documents without a readable version are read as this one.
pub(super) const LATEST: &str = "1.7";

/// Reads a CycloneDX JSON document.
pub(super) fn read(text: &str, warnings: &mut Warnings) -> Result<Sbom, ReadError> {
    let bom = match serde_json::from_str::<Bom>(text) {
        Ok(bom) => bom,
        Err(e) if e.is_data() => salvage(text, warnings)?,
        Err(e) => return Err(syntax_error(&e)),
    };
    let raw_version = bom.spec_version.as_ref().map(|t| t.value.as_str());
    let version = spec_version(raw_version, "specVersion", warnings)?;
    match bom.bom_format.as_ref().map(|t| t.value.as_str()) {
        None => warnings.add(
            "missing-field",
            Some(Location::at("/bomFormat")),
            "the document has no \"bomFormat\"; it was read as CycloneDX because of its specVersion and components",
        ),
        Some("CycloneDX") => {}
        Some(other) => warnings.add(
            "unknown-field-value",
            Some(Location::at("/bomFormat")),
            format!("\"bomFormat\" is {other:?} (expected \"CycloneDX\"); the document was read as CycloneDX"),
        ),
    }
    let mut r = Reader {
        sbom: Sbom::new("", Standard::CycloneDx, Syntax::Json, &version),
        w: warnings,
    };
    // Mapping to the model and finding each component's line in the text are independent: on a
    // large document they take about as long as each other, so they run side by side.
    let pointers = wire::component_pointers(&bom, MAX_DEPTH);
    let ((), lines) = rayon::join(
        || r.document(bom),
        || {
            let pointers: Vec<&str> = pointers.iter().map(String::as_str).collect();
            super::json_scan::lines_of(text, &pointers)
        },
    );
    // The reader makes components in the order the pointers were listed; a component whose
    // pointer differs keeps no line here and is located again by the caller.
    for ((c, pointer), line) in r.sbom.components.iter_mut().zip(&pointers).zip(lines) {
        if c.location.pointer == *pointer {
            c.location.line = line;
        }
    }
    Ok(r.sbom)
}

/// serde_json appends " at line L column C" to its messages; the front end prints positions itself.
fn syntax_error(e: &serde_json::Error) -> ReadError {
    let full = e.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    ReadError::Syntax {
        line: e.line().max(1),
        column: e.column().max(1),
        message,
    }
}

/// Checks a declared spec version: 1.0-1.7 are read, other versions are refused, and a missing or
/// unreadable version is read as the latest with a warning.
pub(super) fn spec_version(
    raw: Option<&str>,
    field: &str,
    w: &mut Warnings,
) -> Result<String, ReadError> {
    let Some(raw) = raw.map(str::trim) else {
        w.add(
            "missing-field",
            None,
            format!("the document declares no CycloneDX version ({field}); it was read as CycloneDX {LATEST}"),
        );
        return Ok(LATEST.to_string());
    };
    let mut parts = raw.split('.');
    let major = parts.next().and_then(|p| p.parse::<u32>().ok());
    let minor = parts.next().and_then(|p| p.parse::<u32>().ok());
    match (major, minor) {
        (Some(1), Some(minor)) if minor <= 7 => Ok(format!("1.{minor}")),
        (Some(_), Some(_)) => Err(ReadError::Unsupported {
            version: raw.to_string(),
        }),
        _ => {
            w.add(
                "unknown-field-value",
                None,
                format!("the CycloneDX version {raw:?} ({field}) is not a version number; it was read as CycloneDX {LATEST}"),
            );
            Ok(LATEST.to_string())
        }
    }
}

/// Component types of CycloneDX 1.0-1.7 (`classification` in the schemas).
const KNOWN_TYPES: [&str; 13] = [
    "application",
    "framework",
    "library",
    "container",
    "platform",
    "operating-system",
    "device",
    "device-driver",
    "firmware",
    "file",
    "machine-learning-model",
    "data",
    "cryptographic-asset",
];

/// The component type, lower-cased; an unknown one is kept as written with a warning.
pub(super) fn component_kind(
    raw: Option<&str>,
    loc: &Location,
    w: &mut Warnings,
) -> Option<String> {
    let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
        w.add_with("missing-field", Some(loc.clone()), || {
            format!(
                "the component at {} has no type (CycloneDX requires one)",
                loc.pointer
            )
        });
        return None;
    };
    let kind = raw.to_ascii_lowercase();
    if !KNOWN_TYPES.contains(&kind.as_str()) {
        w.add_with("unknown-field-value", Some(loc.clone()), || {
            format!(
                "the component at {} has the unknown type {raw:?}; kept as written",
                loc.pointer
            )
        });
    }
    Some(kind)
}

/// CycloneDX `scope`: "required", "optional" or "excluded"; absent means required by the spec,
/// but the model keeps "not stated" apart.
pub(super) fn scope(raw: Option<&str>, loc: &Location, w: &mut Warnings) -> Scope {
    match raw.map(str::trim) {
        None | Some("") => Scope::Unspecified,
        Some(s) if s.eq_ignore_ascii_case("required") => Scope::Required,
        Some(s) if s.eq_ignore_ascii_case("optional") => Scope::Optional,
        Some(s) if s.eq_ignore_ascii_case("excluded") => Scope::Excluded,
        Some(s) => {
            w.add_with("unknown-field-value", Some(loc.clone()), || {
                format!(
                    "the component at {} has the unknown scope {s:?} (expected required, optional or excluded); read as unstated",
                    loc.pointer
                )
            });
            Scope::Unspecified
        }
    }
}

/// A hash as the model keeps it: algorithm upper-cased, digest lower-cased.
pub(super) fn hash(alg: &str, content: &str) -> Option<Hash> {
    let value = content.trim().to_ascii_lowercase();
    (!value.is_empty()).then(|| Hash {
        alg: alg.trim().to_ascii_uppercase(),
        value,
    })
}

/// Properties in which generators put extra CPEs: syft writes every CPE after the first one as a
/// `syft:cpe23` property, because CycloneDX `cpe` holds one string.
pub(super) fn is_cpe_property(name: &str) -> bool {
    name == "syft:cpe23"
}

/// Adds a `missing-field` warning when a component has no name (it is kept, with an empty name).
pub(super) fn check_name(name: &str, loc: &Location, w: &mut Warnings) {
    if name.trim().is_empty() {
        w.add_with("missing-field", Some(loc.clone()), || {
            format!(
                "the component at {} has no name; it was kept with an empty name",
                loc.pointer
            )
        });
    }
}

/// Warns once when nesting is cut off at [`MAX_DEPTH`].
pub(super) fn too_deep(loc: &Location, w: &mut Warnings) {
    w.add_with("nesting-too-deep", Some(loc.clone()), || {
        format!(
            "components are nested more than {MAX_DEPTH} levels deep at {}; the deeper ones were not read",
            loc.pointer
        )
    });
}

/// A party is kept when it says anything at all.
pub(super) fn keep_party(p: &Party) -> bool {
    p.name.is_some()
        || !p.urls.is_empty()
        || !p.emails.is_empty()
        || !p.contacts.is_empty()
        || p.country.is_some()
}

// ---- wire model to the model --------------------------------------------------------------------

struct Reader<'w> {
    sbom: Sbom,
    w: &'w mut Warnings,
}

impl Reader<'_> {
    /// The text of a scalar, warning when it was not a string; empty strings count as absent.
    fn text(&mut self, t: Option<Text>, field: &str, pointer: &str) -> Option<String> {
        let t = t?;
        if t.bad {
            self.w
                .add_with("bad-type", Some(Location::at(pointer)), || {
                    format!(
                        "{field} at {pointer} is not a string; its value {:?} was read as text",
                        t.value
                    )
                });
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
            self.w.add_with("bad-type", Some(Location::at(pointer)), || {
                format!("{field} at {pointer} is a single string where an array is expected; read as a list of one")
            });
        }
        t.items
            .into_iter()
            .filter_map(|i| self.text(Some(i), field, pointer))
            .collect()
    }

    fn document(&mut self, bom: Bom) {
        self.sbom.serial = self.text(bom.serial_number, "serialNumber", "/serialNumber");
        // One allocation for the model's components: growing a vector of large structs by
        // doubling copies each of them again and again on a 100,000-component document.
        let mut total = bom.components.as_deref().map_or(0, subtree_size);
        if let Some(c) = bom.metadata.as_ref().and_then(|m| m.component.as_deref()) {
            total += tree_size(c);
        }
        self.sbom.components.reserve(total);
        self.sbom
            .relations
            .reserve(bom.dependencies.as_deref().map_or(0, |d| {
                d.iter()
                    .map(|d| d.depends_on.as_ref().map_or(0, |l| l.items.len()))
                    .sum()
            }));
        if let Some(m) = bom.metadata {
            self.metadata(m);
        }
        for (i, c) in bom.components.unwrap_or_default().into_iter().enumerate() {
            self.component(c, Origin::Listed, None, format!("/components/{i}"), 0);
        }
        for (i, d) in bom.dependencies.unwrap_or_default().into_iter().enumerate() {
            self.dependency(d, i);
        }
    }

    fn metadata(&mut self, m: Metadata) {
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
                "/metadata/component".to_string(),
                0,
            );
            let c = &self.sbom.components[i];
            self.sbom.described.push(c.id.clone());
            self.sbom.name = Some(c.name.clone()).filter(|n| !n.is_empty());
        }
        let mut parties = Vec::new();
        // 1.2+ "supplier: the organization that supplied the component that the BOM describes".
        parties.extend(self.entity(m.supplier, PartyRole::Supplier, "/metadata/supplier"));
        // "manufacture" (1.2-1.5, deprecated in 1.6) and "manufacturer" (1.6+): "the organization
        // that created the component".
        parties.extend(self.entity(
            m.manufacture,
            PartyRole::Manufacturer,
            "/metadata/manufacture",
        ));
        parties.extend(self.entity(
            m.manufacturer,
            PartyRole::Manufacturer,
            "/metadata/manufacturer",
        ));
        for (i, a) in m.authors.unwrap_or_default().into_iter().enumerate() {
            parties.extend(self.contact(a, PartyRole::Author, &format!("/metadata/authors/{i}")));
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
        let mut party = Party::named(role, PartyKind::Organization, "", Location::at(pointer));
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
        let mut party = Party::named(role, PartyKind::Person, "", Location::at(pointer));
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
        let loc = Location::at(pointer.clone());
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
        // "publisher: the person(s) or organization(s) that published the component" (a string).
        if let Some(p) = self.text(c.publisher, "publisher", &pointer) {
            let party = Party::named(
                PartyRole::Publisher,
                PartyKind::Unknown,
                &p,
                Location::at(format!("{pointer}/publisher")),
            );
            out.parties.push(party);
        }
        // "author" (a string, deprecated in 1.6) and 1.6 "authors" (organizationalContact[]).
        if let Some(a) = self.text(c.author, "author", &pointer) {
            let party = Party::named(
                PartyRole::Author,
                PartyKind::Unknown,
                &a,
                Location::at(format!("{pointer}/author")),
            );
            out.parties.push(party);
        }
        for (i, a) in c.authors.unwrap_or_default().into_iter().enumerate() {
            let party = self.contact(a, PartyRole::Author, &format!("{pointer}/authors/{i}"));
            out.parties.extend(party);
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
        for l in c.licenses.unwrap_or_default() {
            let from_license = l.license.and_then(|l| {
                let id = self.text(l.id, "license id", &pointer);
                id.or_else(|| self.text(l.name, "license name", &pointer))
            });
            out.licenses.extend(from_license);
            out.licenses
                .extend(self.text(l.expression, "license expression", &pointer));
        }
        for p in c.properties.unwrap_or_default() {
            let name = self
                .text(p.name, "property name", &pointer)
                .unwrap_or_default();
            let value = self
                .text(p.value, "property value", &pointer)
                .unwrap_or_default();
            if is_cpe_property(&name) && !value.is_empty() && !out.cpes.contains(&value) {
                out.cpes.push(value.clone());
            }
            out.properties.push((name, value));
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
                    let child = format!("{pointer}/pedigree/{list}/{i}");
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
            self.component(
                n,
                nested_origin,
                Some(index),
                format!("{pointer}/components/{i}"),
                depth + 1,
            );
        }
        index
    }

    /// "dependencies: provides the ability to document dependency relationships": `ref` depends
    /// on every `dependsOn` entry; 1.6 `provides` lists what `ref` implements (crypto standards).
    fn dependency(&mut self, d: Dependency, i: usize) {
        let pointer = format!("/dependencies/{i}");
        let Some(from) = self.text(d.reference, "dependency ref", &pointer) else {
            self.w
                .add_with("missing-field", Some(Location::at(pointer.clone())), || {
                    format!("the dependency at {pointer} has no \"ref\"; it was ignored")
                });
            return;
        };
        for (kind, list) in [("dependsOn", d.depends_on), ("provides", d.provides)] {
            for to in self.texts(list, kind, &pointer) {
                self.sbom.relations.push(Relation {
                    from: from.clone(),
                    to,
                    kind: kind.to_string(),
                    lifecycle: None,
                    location: Location::at(pointer.clone()),
                });
            }
        }
    }
}
