//! SPDX 3.0.x JSON-LD reader: the `@graph` of elements into one [`Sbom`].
//!
//! SPDX 3 is a graph, not a tree: packages name their supplier, hashes and identifiers by
//! `spdxId` (or inline), and `Relationship` elements tie everything together. The reader indexes
//! every element that has an id, then maps packages, files and relationships, resolving
//! references through the index. Unknown element types are normal (security, AI, licensing
//! profiles) and are skipped silently.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::spdx_actor::{is_unstated, parse_actor};
use super::{ReadError, Warnings};
use crate::model::{
    Component, ExternalRef, Hash, Location, Origin, Party, PartyKind, PartyRole, Relation, Sbom,
    Standard, Syntax, Tool,
};

type Obj = Map<String, Value>;

/// How deep the reader looks for inline elements; serde_json already stops at 128 levels.
const MAX_DEPTH: usize = 64;

/// What an element is, from its `type` (compact `software_Package`, bare `Package`, or full IRI).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `software_Package` and its subclasses `ai_AIPackage`, `dataset_DatasetPackage`.
    Package,
    File,
    Snippet,
    /// `Relationship`, `LifecycleScopedRelationship` and the security assessment relationships.
    Relationship,
    /// `Person`, `Organization`, `SoftwareAgent`, `Agent`.
    Agent(PartyKind),
    Tool,
    Document,
    /// `software_Sbom`, `Bom`, `Bundle`: collections with `rootElement`.
    Collection,
    CreationInfo,
    Other,
}

fn classify(type_name: &str) -> Kind {
    let local = type_name
        .rsplit(['/', '#', ':'])
        .next()
        .unwrap_or(type_name);
    let local = local.rsplit('_').next().unwrap_or(local);
    match local {
        "Package" | "AIPackage" | "DatasetPackage" => Kind::Package,
        "File" => Kind::File,
        "Snippet" => Kind::Snippet,
        "Person" => Kind::Agent(PartyKind::Person),
        "Organization" => Kind::Agent(PartyKind::Organization),
        "SoftwareAgent" => Kind::Agent(PartyKind::Tool),
        "Agent" => Kind::Agent(PartyKind::Unknown),
        "Tool" => Kind::Tool,
        "SpdxDocument" => Kind::Document,
        "Sbom" | "Bom" | "Bundle" => Kind::Collection,
        "CreationInfo" => Kind::CreationInfo,
        l if l.ends_with("Relationship") => Kind::Relationship,
        _ => Kind::Other,
    }
}

/// One element of the graph, top-level or inline, with its JSON pointer.
struct Node<'a> {
    obj: &'a Obj,
    kind: Kind,
    pointer: String,
}

/// Reads an SPDX 3.0.x JSON-LD document.
pub(super) fn read(text: &str, warnings: &mut Warnings) -> Result<Sbom, ReadError> {
    let root: Value = serde_json::from_str(text).map_err(|e| ReadError::Syntax {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let Value::Object(top) = &root else {
        return Err(ReadError::NotSbom(
            "expected an SPDX 3 JSON-LD object at the top level".to_string(),
        ));
    };
    let mut nodes = Vec::new();
    match top.get("@graph") {
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                collect(item, format!("/@graph/{i}"), 0, &mut nodes);
            }
        }
        Some(_) => {
            return Err(ReadError::Invalid(
                "`@graph` must be an array of SPDX 3 elements".to_string(),
            ));
        }
        // A document may also be a single element object carrying its own `@context`.
        None => collect(&root, String::new(), 0, &mut nodes),
    }
    let mut index = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        if let Some(id) = own_id(n.obj) {
            index.entry(id).or_insert(i);
        }
    }
    let mut reader = Reader {
        nodes: &nodes,
        index,
        warnings,
    };
    let version = reader.spec_version(top)?;
    let mut sbom = Sbom::new("", Standard::Spdx3, Syntax::JsonLd, &version);
    if nodes.is_empty() {
        reader.warnings.add(
            "empty-document",
            Some(Location::at("/@graph")),
            "the SPDX 3 document has no elements",
        );
    }
    reader.document(&mut sbom);
    for n in &nodes {
        match n.kind {
            Kind::Package | Kind::File | Kind::Snippet => {
                let c = reader.component(n);
                sbom.components.push(c);
            }
            Kind::Relationship => reader.relations(n, &mut sbom.relations),
            _ => {}
        }
    }
    reader.licenses(&mut sbom);
    reader.described(&mut sbom);
    Ok(sbom)
}

/// Collects every object with a `type`, depth-first in document order, so that elements
/// given inline (a package inside a relationship's `to`) are found too.
fn collect<'a>(value: &'a Value, pointer: String, depth: usize, out: &mut Vec<Node<'a>>) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(obj) => {
            if let Some(kind) = type_of(obj) {
                out.push(Node {
                    obj,
                    kind,
                    pointer: pointer.clone(),
                });
            }
            for (k, v) in obj {
                if matches!(v, Value::Object(_) | Value::Array(_)) {
                    collect(v, format!("{pointer}/{}", escape(k)), depth + 1, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                if matches!(v, Value::Object(_) | Value::Array(_)) {
                    collect(v, format!("{pointer}/{i}"), depth + 1, out);
                }
            }
        }
        _ => {}
    }
}

/// RFC 6901 escaping of one pointer segment.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The element kind from `type` / `@type` (a string, or an array whose first known type wins).
fn type_of(obj: &Obj) -> Option<Kind> {
    match obj.get("type").or_else(|| obj.get("@type"))? {
        Value::String(t) => Some(classify(t)),
        Value::Array(ts) => {
            let kinds = ts.iter().filter_map(Value::as_str).map(classify);
            Some(
                kinds
                    .clone()
                    .find(|k| *k != Kind::Other)
                    .unwrap_or(Kind::Other),
            )
        }
        _ => None,
    }
}

/// `spdxId`, or `@id` (the 3.0.1 context makes `spdxId` an alias of `@id`; blank nodes such
/// as `_:creationinfo` only have `@id`).
fn own_id(obj: &Obj) -> Option<&str> {
    obj.get("spdxId")
        .or_else(|| obj.get("@id"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// A property by its compact 3.0.1 name (`software_packageVersion`), or without the profile
/// prefix (`packageVersion`) as some generators write it.
fn prop<'a>(obj: &'a Obj, key: &str) -> Option<&'a Value> {
    obj.get(key)
        .or_else(|| key.split_once('_').and_then(|(_, bare)| obj.get(bare)))
}

/// The items of a property that may be one value or an array.
fn items(v: Option<&Value>) -> impl Iterator<Item = &Value> {
    let slice: &[Value] = match v {
        Some(Value::Array(a)) => a,
        Some(other) => std::slice::from_ref(other),
        None => &[],
    };
    slice.iter()
}

struct Reader<'a, 'w> {
    nodes: &'a [Node<'a>],
    index: HashMap<&'a str, usize>,
    warnings: &'w mut Warnings,
}

impl<'a> Reader<'a, '_> {
    /// A string property; numbers and booleans are accepted with a `bad-type` warning. Empty
    /// strings are absent.
    fn text(&mut self, obj: &'a Obj, key: &str, pointer: &str) -> Option<String> {
        let v = prop(obj, key)?;
        let s = match v {
            Value::String(s) => s.trim().to_string(),
            Value::Number(_) | Value::Bool(_) => {
                self.warnings
                    .add_with("bad-type", Some(Location::at(pointer)), || {
                        format!("`{key}` should be a string, found {v}; read as text")
                    });
                v.to_string()
            }
            Value::Null => return None,
            _ => {
                self.warnings
                    .add_with("bad-type", Some(Location::at(pointer)), || {
                        format!("`{key}` should be a string; the value was ignored")
                    });
                return None;
            }
        };
        Some(s).filter(|s| !s.is_empty())
    }

    /// A text property with SPDX `NOASSERTION` / `NONE` dropped.
    fn stated(&mut self, obj: &'a Obj, key: &str, pointer: &str) -> Option<String> {
        self.text(obj, key, pointer).filter(|s| !is_unstated(s))
    }

    /// The node a reference points to: an id string looked up in the index, or an inline object
    /// (a bare `{"@id": ...}` reference is looked up too).
    fn resolve(&self, v: &'a Value) -> Option<&'a Obj> {
        match v {
            Value::String(id) => self.index.get(id.as_str()).map(|&i| self.nodes[i].obj),
            Value::Object(obj) if type_of(obj).is_none() => own_id(obj)
                .and_then(|id| self.index.get(id))
                .map(|&i| self.nodes[i].obj)
                .or(Some(obj)),
            Value::Object(obj) => Some(obj),
            _ => None,
        }
    }

    /// The id a reference names: the string itself, or the id of an inline element.
    fn ref_id(v: &'a Value) -> Option<&'a str> {
        match v {
            Value::String(s) => Some(s.as_str()).filter(|s| !s.is_empty()),
            Value::Object(obj) => own_id(obj),
            _ => None,
        }
    }

    /// SPDX 3.0 §Core/CreationInfo `specVersion`: "the version of the SPDX specification used to
    /// serialize the element"; 3.0.0 and 3.0.1 share one model and are read alike. Without it,
    /// the version in the `@context` IRI decides.
    fn spec_version(&mut self, top: &'a Obj) -> Result<String, ReadError> {
        let declared = self
            .nodes
            .iter()
            .filter(|n| n.kind == Kind::CreationInfo)
            .find_map(|n| n.obj.get("specVersion").and_then(Value::as_str))
            .map(|v| v.trim().to_string());
        let version = match declared {
            Some(v) => v,
            None => {
                let context = top
                    .get("@context")
                    .map(Value::to_string)
                    .unwrap_or_default();
                let from_context = context.find("spdx.org/rdf/").map(|p| {
                    context[p + 13..]
                        .chars()
                        .take_while(|c| c.is_ascii_digit() || *c == '.')
                        .collect::<String>()
                });
                let v = from_context
                    .filter(|v| !v.is_empty())
                    .unwrap_or_else(|| "3.0".to_string());
                self.warnings.add_with("missing-field", None, || {
                    format!(
                        "no CreationInfo declares `specVersion`; read as SPDX {v} from the @context"
                    )
                });
                v
            }
        };
        let supported = version == "3.0"
            || version.strip_prefix("3.0.").is_some_and(|patch| {
                !patch.is_empty() && patch.chars().all(|c| c.is_ascii_digit())
            });
        if supported {
            Ok(version)
        } else {
            Err(ReadError::Unsupported { version })
        }
    }

    /// Document name, serial, creation info, tools and creators.
    fn document(&mut self, sbom: &mut Sbom) {
        let doc = self.nodes.iter().find(|n| n.kind == Kind::Document);
        if let Some(doc) = doc {
            sbom.name = self.text(doc.obj, "name", &doc.pointer);
            sbom.serial = own_id(doc.obj).map(str::to_string);
        }
        // The document's own CreationInfo; without a document, every CreationInfo in the graph.
        let infos: Vec<&'a Obj> = match doc
            .and_then(|d| d.obj.get("creationInfo"))
            .and_then(|v| self.resolve(v))
        {
            Some(info) => vec![info],
            None => self
                .nodes
                .iter()
                .filter(|n| n.kind == Kind::CreationInfo)
                .map(|n| n.obj)
                .collect(),
        };
        for info in infos {
            if sbom.created.is_none() {
                sbom.created = self.text(info, "created", "");
            }
            for v in items(info.get("createdBy")) {
                if let Some(p) = self.agent(
                    PartyRole::Author,
                    v,
                    Location::at("/creationInfo/createdBy"),
                ) && !sbom.document_parties.contains(&p)
                {
                    sbom.document_parties.push(p);
                }
            }
            for v in items(info.get("createdUsing")) {
                if let Some(t) = self.tool(v)
                    && !sbom.tools.contains(&t)
                {
                    sbom.tools.push(t);
                }
            }
        }
    }

    /// A `Tool` element (`createdUsing`). sbom-tool writes SPDX 2 style names (`Tool: name-1.0`);
    /// those are split into name and version as SPDX 2 creators are.
    fn tool(&mut self, v: &'a Value) -> Option<Tool> {
        let name = match self.resolve(v) {
            Some(obj) => self.text(obj, "name", "")?,
            None => {
                let id = Self::ref_id(v)?;
                self.warnings.add_with("unknown-ref", None, || {
                    format!(
                        "createdUsing refers to {id:?}, which is not an element of the document"
                    )
                });
                if !id.trim_start().to_ascii_lowercase().starts_with("tool:") {
                    return None;
                }
                id.to_string()
            }
        };
        match parse_actor(&name) {
            Some(actor) if actor.kind == PartyKind::Tool => {
                let (name, version) = split_tool_version(&actor.name);
                Some(Tool {
                    vendor: None,
                    name: name.to_string(),
                    version: version.map(str::to_string),
                })
            }
            Some(_) => Some(Tool {
                vendor: None,
                name,
                version: None,
            }),
            None => None,
        }
    }

    /// A party from an agent reference (`suppliedBy`, `originatedBy`, `createdBy`).
    ///
    /// SPDX 3.0 §Core/Artifact: `suppliedBy` "identifies who or what supplied the artifact or
    /// VulnAssessmentRelationship referenced by the Element", `originatedBy` "identifies from
    /// where or whom the Element originally came"; both are Agents (Person, Organization,
    /// SoftwareAgent) with a `name` and `externalIdentifier`s (type `email` for e-mail).
    /// Generators converted from SPDX 2 write actor strings (`Organization: Microsoft`) into
    /// the name, or even in place of the reference; both are read as SPDX 2 actors.
    fn agent(&mut self, role: PartyRole, v: &'a Value, location: Location) -> Option<Party> {
        let Some(obj) = self.resolve(v) else {
            let id = Self::ref_id(v)?;
            let pointer = location.pointer.clone();
            self.warnings
                .add_with("unknown-ref", Some(Location::at(pointer)), || {
                    format!("{role} refers to {id:?}, which is not an element of the document")
                });
            let actor = parse_actor(id).filter(|a| a.kind != PartyKind::Unknown)?;
            let mut p = Party::named(role, actor.kind, &actor.name, location);
            p.emails.extend(actor.email);
            return Some(p);
        };
        let element_kind = match type_of(obj) {
            Some(Kind::Agent(k)) => k,
            Some(Kind::Tool) => PartyKind::Tool,
            _ => PartyKind::Unknown,
        };
        let raw_name = self.text(obj, "name", &location.pointer);
        let (name, kind, email) = match raw_name.as_deref().map(parse_actor) {
            Some(None) => return None, // NOASSERTION
            Some(Some(actor)) if actor.kind != PartyKind::Unknown => {
                let kind = if element_kind == PartyKind::Unknown {
                    actor.kind
                } else {
                    element_kind
                };
                (Some(actor.name), kind, actor.email)
            }
            _ => (raw_name, element_kind, None),
        };
        let mut party = Party::named(role, kind, name.as_deref().unwrap_or(""), location);
        party.emails.extend(email);
        for id in items(obj.get("externalIdentifier")) {
            let Some(id) = self.resolve(id) else { continue };
            let kind = id
                .get("externalIdentifierType")
                .and_then(Value::as_str)
                .unwrap_or("");
            let Some(value) = id.get("identifier").and_then(Value::as_str).map(str::trim) else {
                continue;
            };
            if kind.eq_ignore_ascii_case("email") {
                push_unique(&mut party.emails, value.trim_start_matches("mailto:"));
            } else if is_url(value) {
                push_unique(&mut party.urls, value);
            }
            for loc in items(id.get("identifierLocator")).filter_map(Value::as_str) {
                push_unique(&mut party.urls, loc.trim());
            }
        }
        for r in items(obj.get("externalRef")) {
            let Some(r) = self.resolve(r) else { continue };
            for loc in items(r.get("locator")).filter_map(Value::as_str) {
                push_unique(&mut party.urls, loc.trim());
            }
        }
        if party.name.is_none() && party.emails.is_empty() && party.urls.is_empty() {
            return None;
        }
        Some(party)
    }

    /// One package, file or snippet.
    fn component(&mut self, n: &Node<'a>) -> Component {
        let obj = n.obj;
        let p = n.pointer.as_str();
        let mut c = Component {
            origin: if n.kind == Kind::Package {
                Origin::Listed
            } else {
                Origin::File
            },
            location: Location::at(p),
            ..Component::default()
        };
        match own_id(obj) {
            Some(id) => c.id = id.to_string(),
            None => {
                self.warnings
                    .add_with("missing-field", Some(Location::at(p)), || {
                        "an element has no `spdxId`; its location is used as its id".to_string()
                    });
                c.id = if p.is_empty() {
                    "/".to_string()
                } else {
                    p.to_string()
                };
                c.id_synthesized = true;
            }
        }
        match self.text(obj, "name", p) {
            Some(name) => c.name = name,
            None => self
                .warnings
                .add_with("missing-field", Some(Location::at(p)), || {
                    format!("{} has no `name`", c.id)
                }),
        }
        c.kind = self
            .text(obj, "software_primaryPurpose", p)
            .map(|k| k.to_ascii_lowercase())
            .or_else(|| match n.kind {
                Kind::File => Some("file".to_string()),
                Kind::Snippet => Some("snippet".to_string()),
                _ => None,
            });
        if n.kind == Kind::File && !c.name.is_empty() {
            c.file_names.push(c.name.clone());
        }
        c.version = self.stated(obj, "software_packageVersion", p);
        c.purl = self.stated(obj, "software_packageUrl", p);
        c.copyright = self.stated(obj, "software_copyrightText", p);
        c.description = self
            .stated(obj, "description", p)
            .or_else(|| self.stated(obj, "summary", p))
            .or_else(|| self.stated(obj, "comment", p));
        c.download_location = self.stated(obj, "software_downloadLocation", p);
        c.release_date = self.text(obj, "releaseTime", p);
        c.built_date = self.text(obj, "builtTime", p);
        if let Some(home) = self.stated(obj, "software_homePage", p) {
            c.external_refs.push(ExternalRef {
                kind: "homepage".to_string(),
                url: home,
            });
        }
        self.identifiers(obj, p, &mut c);
        self.hashes(obj, p, &mut c);
        for v in items(obj.get("suppliedBy")) {
            if let Some(party) = self.agent(
                PartyRole::Supplier,
                v,
                Location::at(format!("{p}/suppliedBy")),
            ) {
                c.parties.push(party);
            }
        }
        for (i, v) in items(obj.get("originatedBy")).enumerate() {
            let at = Location::at(format!("{p}/originatedBy/{i}"));
            if let Some(party) = self.agent(PartyRole::Originator, v, at) {
                c.parties.push(party);
            }
        }
        c
    }

    /// SPDX 3.0 §Core/ExternalIdentifierType: `cpe22`, `cpe23`, `packageUrl`, `swid`, `gitoid`,
    /// `swhid`... (sbom-tool writes `purl` for `packageUrl`); `externalRef` locators and
    /// `software_contentIdentifier` (gitoid/swhid) too.
    fn identifiers(&mut self, obj: &'a Obj, p: &str, c: &mut Component) {
        for v in items(obj.get("externalIdentifier")) {
            let Some(id) = self.resolve(v) else {
                self.unknown_ref("externalIdentifier", v, p);
                continue;
            };
            let kind = id
                .get("externalIdentifierType")
                .and_then(Value::as_str)
                .unwrap_or("other")
                .to_string();
            let Some(value) = id.get("identifier").and_then(Value::as_str).map(str::trim) else {
                self.warnings
                    .add_with("missing-field", Some(Location::at(p)), || {
                        "an ExternalIdentifier has no `identifier`".to_string()
                    });
                continue;
            };
            match kind.to_ascii_lowercase().as_str() {
                "cpe22" | "cpe23" => push_unique(&mut c.cpes, value),
                "packageurl" | "purl" if c.purl.is_none() => c.purl = Some(value.to_string()),
                "swid" => push_unique(&mut c.swid, value),
                "gitoid" | "swhid" => push_unique(&mut c.other_ids, value),
                "other" | "urlscheme" if is_url(value) => c.external_refs.push(ExternalRef {
                    kind: kind.clone(),
                    url: value.to_string(),
                }),
                _ => {}
            }
            for loc in items(id.get("identifierLocator")).filter_map(Value::as_str) {
                c.external_refs.push(ExternalRef {
                    kind: kind.clone(),
                    url: loc.trim().to_string(),
                });
            }
        }
        for v in items(prop(obj, "software_contentIdentifier")) {
            if let Some(ci) = self.resolve(v)
                && let Some(value) =
                    prop(ci, "software_contentIdentifierValue").and_then(Value::as_str)
            {
                push_unique(&mut c.other_ids, value.trim());
            }
        }
        for v in items(obj.get("externalRef")) {
            let Some(r) = self.resolve(v) else {
                self.unknown_ref("externalRef", v, p);
                continue;
            };
            let kind = r
                .get("externalRefType")
                .and_then(Value::as_str)
                .unwrap_or("other");
            for loc in items(r.get("locator")).filter_map(Value::as_str) {
                c.external_refs.push(ExternalRef {
                    kind: kind.to_string(),
                    url: loc.trim().to_string(),
                });
            }
        }
    }

    /// SPDX 3.0 §Core/Hash: `algorithm` (`sha256`, `sha3_256`, `blake2b256`...) and `hashValue`.
    /// `PackageVerificationCode` has the same two fields; sbom-tool puts a file's plain hashes
    /// there, so any integrity method with both is kept.
    fn hashes(&mut self, obj: &'a Obj, p: &str, c: &mut Component) {
        for v in items(obj.get("verifiedUsing")) {
            let Some(h) = self.resolve(v) else {
                self.unknown_ref("verifiedUsing", v, p);
                continue;
            };
            let alg = h.get("algorithm").and_then(Value::as_str).map(str::trim);
            let value = h.get("hashValue").and_then(Value::as_str).map(str::trim);
            match (alg, value) {
                (Some(alg), Some(value)) if !alg.is_empty() && !value.is_empty() => {
                    let hash = Hash {
                        alg: alg.to_ascii_uppercase(),
                        value: value.to_ascii_lowercase(),
                    };
                    if !c.hashes.contains(&hash) {
                        c.hashes.push(hash);
                    }
                }
                _ => self
                    .warnings
                    .add_with("missing-field", Some(Location::at(p)), || {
                        format!(
                            "a `verifiedUsing` entry of {} has no `algorithm` or `hashValue`",
                            c.id
                        )
                    }),
            }
        }
    }

    fn unknown_ref(&mut self, field: &str, v: &Value, p: &str) {
        let id = match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        self.warnings
            .add_with("unknown-ref", Some(Location::at(p)), || {
                format!("`{field}` refers to {id:?}, which is not an element of the document")
            });
    }

    /// SPDX 3.0 §Core/Relationship: `from` one element, `to` one or more, `relationshipType`
    /// kept verbatim; §Core/LifecycleScopedRelationship adds `scope` (build, test, runtime...).
    fn relations(&mut self, n: &Node<'a>, out: &mut Vec<Relation>) {
        let obj = n.obj;
        let from = obj.get("from").and_then(Self::ref_id);
        let kind = self.text(obj, "relationshipType", &n.pointer);
        let to: Vec<&str> = items(obj.get("to")).filter_map(Self::ref_id).collect();
        let (Some(from), Some(kind)) = (from, kind) else {
            self.warnings
                .add_with("missing-field", Some(Location::at(&n.pointer)), || {
                    let what = if from.is_none() {
                        "`from`"
                    } else {
                        "`relationshipType`"
                    };
                    format!("a relationship has no {what}; it was skipped")
                });
            return;
        };
        if to.is_empty() && obj.get("to").is_none() {
            self.warnings
                .add_with("missing-field", Some(Location::at(&n.pointer)), || {
                    "a relationship has no `to`; it was skipped".to_string()
                });
            return;
        }
        let lifecycle = self.text(obj, "scope", &n.pointer);
        for t in to {
            out.push(Relation {
                from: from.to_string(),
                to: t.to_string(),
                kind: kind.clone(),
                lifecycle: lifecycle.clone(),
                location: Location::at(&n.pointer),
            });
        }
    }

    /// SPDX 3 has no licence field on packages: `hasDeclaredLicense` / `hasConcludedLicense`
    /// relationships point at licence elements. Their expressions are copied onto the component.
    fn licenses(&self, sbom: &mut Sbom) {
        let by_id: HashMap<&str, usize> = sbom
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let mut found = Vec::new();
        for r in &sbom.relations {
            let kind = r.kind.replace('_', "").to_ascii_lowercase();
            if kind != "hasdeclaredlicense" && kind != "hasconcludedlicense" {
                continue;
            }
            let Some(&i) = by_id.get(r.from.as_str()) else {
                continue;
            };
            if let Some(l) = self.license_text(&r.to) {
                found.push((i, l));
            }
        }
        for (i, l) in found {
            push_unique(&mut sbom.components[i].licenses, &l);
        }
    }

    fn license_text(&self, id: &str) -> Option<String> {
        let text = match self.index.get(id).map(|&i| self.nodes[i].obj) {
            Some(obj) => prop(obj, "simplelicensing_licenseExpression")
                .or_else(|| prop(obj, "expandedlicensing_licenseId"))
                .or_else(|| obj.get("name"))
                .and_then(Value::as_str)
                .map(str::to_string),
            // Listed licences are often referenced by IRI without being defined in the document.
            None => ["https://spdx.org/licenses/", "http://spdx.org/licenses/"]
                .iter()
                .find_map(|base| id.strip_prefix(base))
                .map(str::to_string),
        }?;
        let text = text.trim();
        (!is_unstated(text)
            && !text.ends_with("NoAssertionLicense")
            && !text.ends_with("NoneLicense"))
        .then(|| text.to_string())
    }

    /// SPDX 3.0 §Core/ElementCollection `rootElement`: "the primary focus of the collection". The
    /// document's roots are followed through `software_Sbom`/`Bom`/`Bundle` collections to the
    /// packages they describe; `describes` relationships from a non-component (sbom-tool writes
    /// `SPDXRef-DOCUMENT DESCRIBES ...`) count too.
    fn described(&self, sbom: &mut Sbom) {
        let mut roots: Vec<&'a Value> = Vec::new();
        if let Some(doc) = self.nodes.iter().find(|n| n.kind == Kind::Document) {
            roots.extend(items(doc.obj.get("rootElement")));
        }
        if roots.is_empty() {
            for n in self.nodes.iter().filter(|n| n.kind == Kind::Collection) {
                roots.extend(items(n.obj.get("rootElement")));
            }
        }
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for r in roots {
            if let Some(id) = Self::ref_id(r) {
                self.expand(id, 0, &mut seen, &mut out);
            }
        }
        let components: HashSet<&str> = sbom.components.iter().map(|c| c.id.as_str()).collect();
        for r in &sbom.relations {
            if r.kind.eq_ignore_ascii_case("describes")
                && !components.contains(r.from.as_str())
                && seen.insert(r.to.clone())
            {
                out.push(r.to.clone());
            }
        }
        sbom.described = out;
    }

    fn expand(&self, id: &str, depth: usize, seen: &mut HashSet<String>, out: &mut Vec<String>) {
        if depth > 8 || !seen.insert(id.to_string()) {
            return;
        }
        let node = self.index.get(id).map(|&i| &self.nodes[i]);
        match node {
            Some(n) if matches!(n.kind, Kind::Document | Kind::Collection) => {
                for r in items(n.obj.get("rootElement")) {
                    if let Some(child) = Self::ref_id(r) {
                        self.expand(child, depth + 1, seen, out);
                    }
                }
            }
            _ => out.push(id.to_string()),
        }
    }
}

/// Splits an SPDX 2 style tool name `name-1.2.3` at the first `-` followed by a digit.
pub(super) fn split_tool_version(s: &str) -> (&str, Option<&str>) {
    let bytes = s.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'-' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) && i > 0 {
            return (&s[..i], Some(&s[i + 1..]));
        }
    }
    (s, None)
}

fn is_url(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

fn push_unique(list: &mut Vec<String>, value: &str) {
    if !value.is_empty() && !list.iter().any(|v| v == value) {
        list.push(value.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_ok(text: &str) -> (Sbom, Vec<crate::model::Warning>) {
        let mut w = Warnings::default();
        let sbom = read(text, &mut w).unwrap();
        (sbom, w.into_vec())
    }

    const DOC: &str = r#"{
      "@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
      "@graph": [
        {"type": "CreationInfo", "@id": "_:ci", "specVersion": "3.0.1", "created": "2024-01-02T00:00:00Z",
         "createdBy": ["urn:org:acme"], "createdUsing": ["urn:tool"]},
        {"type": "Organization", "spdxId": "urn:org:acme", "creationInfo": "_:ci", "name": "Acme Ltd",
         "externalIdentifier": [{"type": "ExternalIdentifier", "externalIdentifierType": "email", "identifier": "sec@acme.example"}]},
        {"type": "Tool", "spdxId": "urn:tool", "creationInfo": "_:ci", "name": "Tool: gen-1.2.3"},
        {"type": "SpdxDocument", "spdxId": "urn:doc", "name": "demo", "creationInfo": "_:ci", "rootElement": ["urn:sbom"]},
        {"type": "software_Sbom", "spdxId": "urn:sbom", "creationInfo": "_:ci", "rootElement": ["urn:app"]},
        {"type": "software_Package", "spdxId": "urn:app", "creationInfo": "_:ci", "name": "app",
         "software_packageVersion": "1.0", "suppliedBy": "urn:org:acme",
         "externalIdentifier": [
           {"type": "ExternalIdentifier", "externalIdentifierType": "cpe23", "identifier": "cpe:2.3:a:acme:app:1.0:*:*:*:*:*:*:*"},
           {"type": "ExternalIdentifier", "externalIdentifierType": "packageUrl", "identifier": "pkg:generic/acme/app@1.0"}],
         "verifiedUsing": [{"type": "Hash", "algorithm": "sha256", "hashValue": "ABCDEF"}],
         "software_primaryPurpose": "application"},
        {"type": "LifecycleScopedRelationship", "spdxId": "urn:r1", "creationInfo": "_:ci", "from": "urn:app",
         "relationshipType": "dependsOn", "scope": "test",
         "to": [{"type": "software_Package", "spdxId": "urn:lib", "creationInfo": "_:ci", "name": "lib",
                 "originatedBy": ["Organization: Example Org (a@b.example)"]}]},
        {"type": "Relationship", "creationInfo": "_:ci", "from": "urn:app", "relationshipType": "hasDeclaredLicense",
         "to": ["https://spdx.org/licenses/MIT"]}
      ]
    }"#;

    #[test]
    fn maps_packages_parties_relations_and_roots() {
        let (sbom, warnings) = read_ok(DOC);
        assert_eq!(sbom.spec_version, "3.0.1");
        assert_eq!(sbom.name.as_deref(), Some("demo"));
        assert_eq!(sbom.serial.as_deref(), Some("urn:doc"));
        assert_eq!(sbom.created.as_deref(), Some("2024-01-02T00:00:00Z"));
        assert_eq!(sbom.tools[0].name, "gen");
        assert_eq!(sbom.tools[0].version.as_deref(), Some("1.2.3"));
        assert_eq!(sbom.document_parties[0].name.as_deref(), Some("Acme Ltd"));
        assert_eq!(sbom.described, vec!["urn:app"]);
        let ids: Vec<&str> = sbom.components.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, vec!["urn:app", "urn:lib"]);
        let app = &sbom.components[0];
        assert_eq!(app.location.pointer, "/@graph/5");
        assert_eq!(app.kind.as_deref(), Some("application"));
        assert_eq!(app.purl.as_deref(), Some("pkg:generic/acme/app@1.0"));
        assert_eq!(app.cpes, vec!["cpe:2.3:a:acme:app:1.0:*:*:*:*:*:*:*"]);
        assert_eq!(
            app.hashes[0],
            Hash {
                alg: "SHA256".into(),
                value: "abcdef".into()
            }
        );
        assert_eq!(app.licenses, vec!["MIT"]);
        let supplier = app.party(PartyRole::Supplier).unwrap();
        assert_eq!(
            (supplier.kind, supplier.name.as_deref()),
            (PartyKind::Organization, Some("Acme Ltd"))
        );
        assert_eq!(supplier.emails, vec!["sec@acme.example"]);
        let lib = &sbom.components[1];
        assert_eq!(lib.location.pointer, "/@graph/6/to/0");
        let orig = lib.party(PartyRole::Originator).unwrap();
        assert_eq!(orig.name.as_deref(), Some("Example Org"));
        assert_eq!(orig.emails, vec!["a@b.example"]);
        let dep = &sbom.relations[0];
        assert_eq!(
            (dep.from.as_str(), dep.to.as_str(), dep.kind.as_str()),
            ("urn:app", "urn:lib", "dependsOn")
        );
        assert_eq!(dep.lifecycle.as_deref(), Some("test"));
        // The actor string in place of a reference is read, and reported.
        assert_eq!(
            warnings.iter().map(|w| w.code.as_str()).collect::<Vec<_>>(),
            vec!["unknown-ref"]
        );
    }

    #[test]
    fn single_element_without_graph() {
        let (sbom, _) = read_ok(
            r#"{"@context": ["https://spdx.org/rdf/3.0.0/spdx-context.jsonld"], "type": "software_Package",
                "spdxId": "urn:p", "name": "p", "creationInfo": {"type": "CreationInfo", "specVersion": "3.0.0"}}"#,
        );
        assert_eq!(sbom.spec_version, "3.0.0");
        assert_eq!(sbom.components.len(), 1);
        assert_eq!(sbom.components[0].location.pointer, "");
    }

    #[test]
    fn other_versions_are_unsupported() {
        let mut w = Warnings::default();
        let doc = r#"{"@context": "https://spdx.org/rdf/3.1/spdx-context.jsonld", "@graph": []}"#;
        assert!(
            matches!(read(doc, &mut w), Err(ReadError::Unsupported { version }) if version == "3.1")
        );
        let doc =
            r#"{"@context": "x", "@graph": [{"type": "CreationInfo", "specVersion": "4.0"}]}"#;
        assert!(matches!(
            read(doc, &mut w),
            Err(ReadError::Unsupported { .. })
        ));
    }

    #[test]
    fn broken_input_is_an_error_not_a_panic() {
        let mut w = Warnings::default();
        assert!(matches!(
            read("{\"@graph\": [", &mut w),
            Err(ReadError::Syntax { line: 1, .. })
        ));
        assert!(matches!(
            read("{\"@graph\": 3}", &mut w),
            Err(ReadError::Invalid(_))
        ));
        let deep = format!("{{\"@graph\": {}{}}}", "[".repeat(5000), "]".repeat(5000));
        assert!(read(&deep, &mut w).is_err());
        let (sbom, warnings) = read_ok(
            r#"{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [
                {"type": "Relationship", "to": ["a"], "relationshipType": "contains"},
                {"type": "software_Package", "name": 7}]}"#,
        );
        assert!(sbom.relations.is_empty());
        assert_eq!(sbom.components[0].name, "7");
        assert!(sbom.components[0].id_synthesized);
        let codes: Vec<&str> = warnings.iter().map(|w| w.code.as_str()).collect();
        assert_eq!(codes, vec!["bad-type", "missing-field"]);
    }
}
