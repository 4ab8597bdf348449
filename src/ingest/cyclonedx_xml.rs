//! CycloneDX XML (1.0-1.7) into the model, with the same mapping rules as the JSON reader.
//!
//! roxmltree builds a read-only DOM with byte positions; a document type declaration is refused
//! outright (CycloneDX never uses one, and it is how entity-expansion attacks get in). Elements
//! are matched in the document's own `http://cyclonedx.org/schema/bom/1.x` namespace, so
//! extension elements from other namespaces are ignored, as the spec intends.

use roxmltree::Node;

use super::cyclonedx::{self as cdx, MAX_DEPTH};
use super::{LineIndex, ReadError, Warnings};
use crate::model::{
    Component, ExternalRef, Location, Origin, Party, PartyKind, PartyRole, Relation, Sbom,
    Standard, Syntax, Tool,
};

const NAMESPACE_PREFIX: &str = "http://cyclonedx.org/schema/bom/";

/// The CycloneDX 1.1 dependency graph extension, the only way 1.1 documents state dependencies.
const DEPENDENCY_GRAPH_1_1: &str = "http://cyclonedx.org/schema/ext/dependency-graph/1.0";

/// Reads a CycloneDX XML document.
pub(super) fn read(text: &str, warnings: &mut Warnings) -> Result<Sbom, ReadError> {
    let doc = super::xml::parse(text)?;
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
        Some(v) => cdx::spec_version(Some(v), "the namespace", warnings)?,
        None => {
            warnings.add(
                "unknown-field-value",
                None,
                format!(
                    "the <bom> element is not in a CycloneDX namespace ({}; expected {NAMESPACE_PREFIX}1.x); it was read as CycloneDX {}",
                    ns.map_or("no namespace".to_string(), |n| format!("{n:?}")),
                    cdx::LATEST
                ),
            );
            cdx::LATEST.to_string()
        }
    };
    let mut r = Reader {
        ns,
        lines: LineIndex::new(text),
        sbom: Sbom::new("", Standard::CycloneDx, Syntax::Xml, &version),
        w: warnings,
    };
    r.document(root);
    Ok(r.sbom)
}

struct Reader<'w, 'a> {
    ns: Option<&'a str>,
    lines: LineIndex,
    sbom: Sbom,
    w: &'w mut Warnings,
}

impl<'a> Reader<'_, 'a> {
    /// Whether `n` is the CycloneDX element `name`.
    fn is(&self, n: &Node, name: &str) -> bool {
        n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == self.ns
    }

    fn child<'i>(&self, n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
        n.children().find(|c| self.is(c, name))
    }

    fn children<'i>(&self, n: Node<'a, 'i>, name: &'static str) -> Vec<Node<'a, 'i>> {
        n.children().filter(|c| self.is(c, name)).collect()
    }

    /// The trimmed text of the child element `name`; empty text counts as absent.
    fn text(&self, n: Node, name: &str) -> Option<String> {
        self.child(n, name).and_then(|c| own_text(c))
    }

    fn loc(&self, n: Node, pointer: &str) -> Location {
        Location {
            pointer: pointer.to_string(),
            line: Some(self.lines.line_of(n.range().start)),
        }
    }

    fn document(&mut self, root: Node<'a, '_>) {
        self.sbom.serial = root.attribute("serialNumber").map(str::to_string);
        if let Some(m) = self.child(root, "metadata") {
            self.metadata(m);
        }
        let mut index = 0;
        for list in self.children(root, "components") {
            for c in self.children(list, "component") {
                index += 1;
                let pointer = format!("/bom/components/component[{index}]");
                self.component(c, Origin::Listed, None, pointer, 0);
            }
        }
        let ns = self.ns;
        let graphs = root.children().filter(|c| {
            c.is_element()
                && c.tag_name().name() == "dependencies"
                && (c.tag_name().namespace() == ns
                    || c.tag_name().namespace() == Some(DEPENDENCY_GRAPH_1_1))
        });
        for deps in graphs {
            let ns = deps.tag_name().namespace();
            let entries = deps.children().filter(|d| {
                d.is_element()
                    && d.tag_name().name() == "dependency"
                    && d.tag_name().namespace() == ns
            });
            for (i, d) in entries.enumerate() {
                self.dependency(d, &format!("/bom/dependencies/dependency[{}]", i + 1), 0);
            }
        }
    }

    fn metadata(&mut self, m: Node<'a, '_>) {
        self.sbom.created = self.text(m, "timestamp");
        if let Some(tools) = self.child(m, "tools") {
            self.tools(tools);
        }
        if let Some(c) = self.child(m, "component") {
            let i = self.component(
                c,
                Origin::Metadata,
                None,
                "/bom/metadata/component".to_string(),
                0,
            );
            let c = &self.sbom.components[i];
            self.sbom.described.push(c.id.clone());
            self.sbom.name = Some(c.name.clone()).filter(|n| !n.is_empty());
        }
        // Same fields as JSON: supplier, manufacture (<= 1.5), manufacturer (1.6+), authors.
        let mut parties = Vec::new();
        for (name, role) in [
            ("supplier", PartyRole::Supplier),
            ("manufacture", PartyRole::Manufacturer),
            ("manufacturer", PartyRole::Manufacturer),
        ] {
            if let Some(e) = self.child(m, name) {
                parties.extend(self.entity(e, role, &format!("/bom/metadata/{name}")));
            }
        }
        if let Some(authors) = self.child(m, "authors") {
            for (i, a) in self.children(authors, "author").into_iter().enumerate() {
                parties.extend(self.contact(
                    a,
                    PartyRole::Author,
                    &format!("/bom/metadata/authors/author[{}]", i + 1),
                ));
            }
        }
        self.sbom.document_parties.extend(parties);
    }

    /// `<tools><tool>` up to 1.4; `<tools><components>` / `<services>` from 1.5.
    fn tools(&mut self, tools: Node<'a, '_>) {
        for t in self.children(tools, "tool") {
            let tool = Tool {
                vendor: self.text(t, "vendor"),
                name: self.text(t, "name").unwrap_or_default(),
                version: self.text(t, "version"),
            };
            self.sbom.tools.push(tool);
        }
        for list in self.children(tools, "components") {
            for c in self.children(list, "component") {
                let entity_name = |name| self.child(c, name).and_then(|e| self.text(e, "name"));
                let vendor = entity_name("manufacturer")
                    .or_else(|| entity_name("supplier"))
                    .or_else(|| self.text(c, "group"))
                    .or_else(|| self.text(c, "publisher"))
                    .or_else(|| self.text(c, "author"));
                let tool = Tool {
                    vendor,
                    name: self.text(c, "name").unwrap_or_default(),
                    version: self.text(c, "version"),
                };
                self.sbom.tools.push(tool);
            }
        }
        for list in self.children(tools, "services") {
            for s in self.children(list, "service") {
                let vendor = self
                    .child(s, "provider")
                    .and_then(|p| self.text(p, "name"))
                    .or_else(|| self.text(s, "group"));
                let tool = Tool {
                    vendor,
                    name: self.text(s, "name").unwrap_or_default(),
                    version: self.text(s, "version"),
                };
                self.sbom.tools.push(tool);
            }
        }
    }

    /// `organizationalEntity`: `<name>`, `<url>`*, `<contact>`* (name, email), 1.6 `<address><country>`.
    fn entity(&self, e: Node, role: PartyRole, pointer: &str) -> Option<Party> {
        let mut party = Party::named(role, PartyKind::Organization, "", self.loc(e, pointer));
        party.name = self.text(e, "name");
        party.urls = self
            .children(e, "url")
            .into_iter()
            .filter_map(own_text)
            .collect();
        for c in self.children(e, "contact") {
            party.contacts.extend(self.text(c, "name"));
            party.emails.extend(self.text(c, "email"));
        }
        party.country = self
            .child(e, "address")
            .and_then(|a| self.text(a, "country"));
        cdx::keep_party(&party).then_some(party)
    }

    /// `organizationalContact`: a person with `<name>` and `<email>`.
    fn contact(&self, c: Node, role: PartyRole, pointer: &str) -> Option<Party> {
        let mut party = Party::named(role, PartyKind::Person, "", self.loc(c, pointer));
        party.name = self.text(c, "name");
        party.emails.extend(self.text(c, "email"));
        cdx::keep_party(&party).then_some(party)
    }

    /// Pushes a component and, depth-first after it, its pedigree and nested components.
    fn component(
        &mut self,
        c: Node<'a, '_>,
        origin: Origin,
        parent: Option<usize>,
        pointer: String,
        depth: usize,
    ) -> usize {
        let loc = self.loc(c, &pointer);
        let (id, id_synthesized) = match c
            .attribute("bom-ref")
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            Some(id) => (id.to_string(), false),
            None => (pointer.clone(), true),
        };
        let kind = cdx::component_kind(c.attribute("type"), &loc, self.w);
        let name = self.text(c, "name").unwrap_or_default();
        cdx::check_name(&name, &loc, self.w);
        let mut out = Component {
            id,
            id_synthesized,
            origin,
            kind,
            name,
            group: self.text(c, "group"),
            version: self.text(c, "version"),
            purl: self.text(c, "purl").map(Into::into),
            copyright: self.text(c, "copyright"),
            description: self.text(c, "description"),
            parent,
            location: loc.clone(),
            ..Component::default()
        };
        out.cpes.extend(self.text(c, "cpe"));
        out.swid.extend(
            self.child(c, "swid")
                .and_then(|s| s.attribute("tagId"))
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string),
        );
        out.other_ids = self
            .children(c, "omniborId")
            .into_iter()
            .filter_map(own_text)
            .collect();
        out.other_ids
            .extend(self.children(c, "swhid").into_iter().filter_map(own_text));
        if let Some(hashes) = self.child(c, "hashes") {
            for h in self.children(hashes, "hash") {
                let content = own_text(h).unwrap_or_default();
                out.hashes
                    .extend(cdx::hash(h.attribute("alg").unwrap_or_default(), &content));
            }
        }
        // The same clauses as the JSON reader: supplier, 1.6 manufacturer, publisher, author, 1.6 authors.
        for (name, role) in [
            ("supplier", PartyRole::Supplier),
            ("manufacturer", PartyRole::Manufacturer),
        ] {
            if let Some(e) = self.child(c, name) {
                out.parties
                    .extend(self.entity(e, role, &format!("{pointer}/{name}")));
            }
        }
        for (name, role) in [
            ("publisher", PartyRole::Publisher),
            ("author", PartyRole::Author),
        ] {
            if let Some(e) = self.child(c, name)
                && let Some(text) = own_text(e)
            {
                out.parties.push(Party::named(
                    role,
                    PartyKind::Unknown,
                    &text,
                    self.loc(e, &format!("{pointer}/{name}")),
                ));
            }
        }
        if let Some(authors) = self.child(c, "authors") {
            for (i, a) in self.children(authors, "author").into_iter().enumerate() {
                let p = format!("{pointer}/authors/author[{}]", i + 1);
                out.parties.extend(self.contact(a, PartyRole::Author, &p));
            }
        }
        if let Some(refs) = self.child(c, "externalReferences") {
            for r in self.children(refs, "reference") {
                if let Some(url) = self.text(r, "url") {
                    let kind = r.attribute("type").unwrap_or_default().to_string();
                    out.external_refs.push(ExternalRef { kind, url });
                }
            }
        }
        // <licenses> holds <license> (with <id> or <name>) or <expression> elements.
        if let Some(licenses) = self.child(c, "licenses") {
            for l in licenses.children().filter(|l| l.is_element()) {
                if self.is(&l, "license") {
                    out.licenses
                        .extend(self.text(l, "id").or_else(|| self.text(l, "name")));
                } else if self.is(&l, "expression") {
                    out.licenses.extend(own_text(l));
                }
            }
        }
        if let Some(props) = self.child(c, "properties") {
            for p in self.children(props, "property") {
                let name = p.attribute("name").unwrap_or_default().to_string();
                let value = own_text(p).unwrap_or_default();
                if cdx::is_cpe_property(&name) && !value.is_empty() && !out.cpes.contains(&value) {
                    out.cpes.push(value.clone());
                }
                out.properties.push((name, value));
            }
        }
        out.scope = cdx::scope(self.text(c, "scope").as_deref(), &loc, self.w);
        out.release_date = self
            .child(c, "releaseNotes")
            .and_then(|r| self.text(r, "timestamp"));

        let index = self.sbom.components.len();
        self.sbom.components.push(out);
        let pedigree = self.child(c, "pedigree");
        let nested: Vec<Node> = self
            .children(c, "components")
            .into_iter()
            .flat_map(|list| self.children(list, "component"))
            .collect();
        if depth >= MAX_DEPTH {
            if pedigree.is_some() || !nested.is_empty() {
                cdx::too_deep(&loc, self.w);
            }
            return index;
        }
        if let Some(p) = pedigree {
            for list in ["ancestors", "descendants", "variants"] {
                let Some(l) = self.child(p, list) else {
                    continue;
                };
                for (i, pc) in self.children(l, "component").into_iter().enumerate() {
                    let child = format!("{pointer}/pedigree/{list}/component[{}]", i + 1);
                    let ci = self.component(pc, Origin::Pedigree, Some(index), child, depth + 1);
                    let id = self.sbom.components[ci].id.clone();
                    self.sbom.components[index].add_pedigree(list, id);
                }
            }
        }
        let nested_origin = if origin == Origin::Pedigree {
            Origin::Pedigree
        } else {
            Origin::Nested
        };
        for (i, n) in nested.into_iter().enumerate() {
            let child = format!("{pointer}/components/component[{}]", i + 1);
            self.component(n, nested_origin, Some(index), child, depth + 1);
        }
        index
    }

    /// `<dependency ref="a"><dependency ref="b"/></dependency>`: a depends on b. The XSD makes the
    /// inner element a full dependency, so an inner one with children states b's dependencies too.
    /// 1.6 `<provides ref="c"/>` lists what a implements.
    fn dependency(&mut self, d: Node, pointer: &str, depth: usize) {
        let ns = d.tag_name().namespace();
        let Some(from) = d.attribute("ref").map(str::trim).filter(|r| !r.is_empty()) else {
            self.w
                .add_with("missing-field", Some(self.loc(d, pointer)), || {
                    format!("the dependency at {pointer} has no \"ref\" attribute; it was ignored")
                });
            return;
        };
        let mut dep_index = 0;
        for inner in d.children().filter(|n| n.is_element()) {
            let name = inner.tag_name().name();
            let kind = match name {
                "dependency" => "dependsOn",
                "provides" => "provides",
                _ => continue,
            };
            if inner.tag_name().namespace() != ns {
                continue;
            }
            let Some(to) = inner
                .attribute("ref")
                .map(str::trim)
                .filter(|r| !r.is_empty())
            else {
                continue;
            };
            self.sbom.relations.push(Relation {
                from: from.to_string(),
                to: to.to_string(),
                kind: kind.to_string(),
                lifecycle: None,
                location: self.loc(inner, pointer),
            });
            if name == "dependency" {
                dep_index += 1;
                if inner.children().any(|n| n.is_element()) {
                    if depth >= MAX_DEPTH {
                        cdx::too_deep(&self.loc(inner, pointer), self.w);
                    } else {
                        let p = format!("{pointer}/dependency[{dep_index}]");
                        self.dependency(inner, &p, depth + 1);
                    }
                }
            }
        }
    }
}

/// The trimmed text content directly inside an element (text and CDATA children).
fn own_text(n: Node) -> Option<String> {
    let mut out = String::new();
    for c in n.children().filter(|c| c.is_text()) {
        out.push_str(c.text().unwrap_or_default());
    }
    let t = out.trim();
    (!t.is_empty()).then(|| {
        if t.len() == out.len() {
            out.clone()
        } else {
            t.to_string()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PartyRole, Scope};

    fn read_ok(text: &str) -> (Sbom, Vec<crate::model::Warning>) {
        let mut w = Warnings::default();
        let sbom = read(text, &mut w).expect("reads");
        (sbom, w.into_vec())
    }

    #[test]
    fn refuses_dtd() {
        let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE bom [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\"><components/></bom>";
        let mut w = Warnings::default();
        match read(bomb, &mut w) {
            Err(ReadError::Invalid(m)) => assert!(m.contains("DOCTYPE"), "{m}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn syntax_error_has_position() {
        let mut w = Warnings::default();
        match read(
            "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\">\n<components>\n</bom>",
            &mut w,
        ) {
            Err(ReadError::Syntax { line, message, .. }) => {
                assert_eq!(line, 3);
                assert!(!message.ends_with(":1"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn versions_from_namespace() {
        let mut w = Warnings::default();
        assert!(matches!(
            read("<bom xmlns=\"http://cyclonedx.org/schema/bom/2.0\"/>", &mut w),
            Err(ReadError::Unsupported { version }) if version == "2.0"
        ));
        let (s, w) = read_ok(
            "<bom xmlns=\"http://example.com/bom\"><components><component type=\"library\"><name>a</name></component></components></bom>",
        );
        assert_eq!(s.spec_version, cdx::LATEST);
        // The document's own namespace is the one its elements are read in.
        assert_eq!(s.components.len(), 1);
        assert!(w.iter().any(|w| w.code == "unknown-field-value"));
    }

    #[test]
    fn maps_xml_shapes() {
        let (s, _) = read_ok(
            r#"<?xml version="1.0"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6" xmlns:x="urn:other" serialNumber="urn:uuid:1">
  <metadata>
    <component type="firmware" bom-ref="fw"><name>fw</name>
      <components><component type="library"><name>inner</name></component></components>
    </component>
    <manufacturer><name>Maker</name><address><country>RU</country></address></manufacturer>
  </metadata>
  <components>
    <component type="library" bom-ref="a">
      <supplier><name>Acme</name><url>https://acme.example</url><contact><name>Bob</name><email>b@acme.example</email></contact></supplier>
      <author>Someone</author>
      <name>a</name><version>1</version><scope>optional</scope>
      <hashes><hash alg="sha-256">ABC</hash></hashes>
      <licenses><license><id>MIT</id></license><expression>A OR B</expression></licenses>
      <cpe>cpe:2.3:a:acme:a:1:*:*:*:*:*:*:*</cpe>
      <purl>pkg:generic/a@1</purl>
      <x:extra><name>not a field</name></x:extra>
      <pedigree><ancestors><component type="library" bom-ref="up"><name>up</name></component></ancestors></pedigree>
      <externalReferences><reference type="website"><url>https://a.example</url></reference></externalReferences>
      <properties><property name="syft:cpe23">cpe:2.3:a:other:a:1:*:*:*:*:*:*:*</property></properties>
      <components><component type="file"><name>f</name></component></components>
    </component>
  </components>
  <dependencies>
    <dependency ref="a"><dependency ref="b"><dependency ref="c"/></dependency><provides ref="d"/></dependency>
  </dependencies>
</bom>"#,
        );
        assert_eq!(s.spec_version, "1.6");
        assert_eq!(s.serial.as_deref(), Some("urn:uuid:1"));
        assert_eq!(s.described, vec!["fw"]);
        assert_eq!(s.document_parties[0].country.as_deref(), Some("RU"));
        let names: Vec<_> = s
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.origin, c.parent))
            .collect();
        assert_eq!(
            names,
            vec![
                ("fw", Origin::Metadata, None),
                ("inner", Origin::Nested, Some(0)),
                ("a", Origin::Listed, None),
                ("up", Origin::Pedigree, Some(2)),
                ("f", Origin::Nested, Some(2)),
            ]
        );
        let a = &s.components[2];
        assert_eq!(a.location.pointer, "/bom/components/component[1]");
        assert_eq!(a.location.line, Some(10));
        assert_eq!(
            s.components[4].location.pointer,
            "/bom/components/component[1]/components/component[1]"
        );
        let sup = a.party(PartyRole::Supplier).unwrap();
        assert_eq!(
            (sup.name.as_deref(), sup.emails.len(), sup.urls.len()),
            (Some("Acme"), 1, 1)
        );
        assert_eq!(
            a.party(PartyRole::Author).unwrap().name.as_deref(),
            Some("Someone")
        );
        assert_eq!(a.scope, Scope::Optional);
        assert_eq!(a.hashes[0].alg, "SHA-256");
        assert_eq!(a.hashes[0].value, "abc");
        assert_eq!(a.licenses, vec!["MIT", "A OR B"]);
        assert_eq!(a.cpes.len(), 2);
        assert_eq!(a.ancestors, vec!["up"]);
        assert_eq!(a.external_refs[0].kind, "website");
        let rels: Vec<_> = s
            .relations
            .iter()
            .map(|r| (r.from.as_str(), r.to.as_str(), r.kind.as_str()))
            .collect();
        assert_eq!(
            rels,
            vec![
                ("a", "b", "dependsOn"),
                ("b", "c", "dependsOn"),
                ("a", "d", "provides")
            ]
        );
    }

    #[test]
    fn deep_nesting_is_cut_with_a_warning() {
        let depth = MAX_DEPTH + 10;
        let mut xml =
            String::from("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\"><components>");
        for _ in 0..depth {
            xml.push_str("<component type=\"library\"><name>x</name><components>");
        }
        for _ in 0..depth {
            xml.push_str("</components></component>");
        }
        xml.push_str("</components></bom>");
        let (s, w) = read_ok(&xml);
        assert_eq!(s.components.len(), MAX_DEPTH + 1);
        assert!(w.iter().any(|w| w.code == "nesting-too-deep"));
    }
}
