//! SPDX 3.0.x JSON-LD reader: the `@graph` of elements into one [`Sbom`].
//!
//! SPDX 3 is a graph, not a tree: packages name their supplier, hashes and identifiers by
//! `spdxId` (or inline), and `Relationship` elements tie everything together. The reader indexes
//! every element that has an id, then maps packages, files and relationships, resolving
//! references through the index. Unknown element types are normal (security, AI, licensing
//! profiles) and are skipped silently.

mod agent;
mod collect;
mod component;
mod license;
mod relations;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::ReadError;
use super::push_unique;
use super::spdx2::actor::is_unstated;
use crate::model::{Location, PartyKind, PartyRole, Sbom, Standard, Syntax, WarningCode, Warnings};
use collect::{collect, own_id, type_of};

type Obj = Map<String, Value>;

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

/// One element of the graph, top-level or inline, with its JSON pointer.
struct Node<'a> {
    obj: &'a Obj,
    kind: Kind,
    pointer: String,
}

/// Reads an SPDX 3.0.x JSON-LD document.
pub(super) fn read(text: &str, warnings: &mut Warnings) -> Result<Sbom, ReadError> {
    let root: Value = serde_json::from_str(text).map_err(|e| ReadError::json(&e))?;
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
            WarningCode::EmptyDocument,
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
                    .add_with(WarningCode::BadType, Some(Location::at(pointer)), || {
                        format!("`{key}` should be a string, found {v}; read as text")
                    });
                v.to_string()
            }
            Value::Null => return None,
            _ => {
                self.warnings
                    .add_with(WarningCode::BadType, Some(Location::at(pointer)), || {
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
                self.warnings.add_with(WarningCode::MissingField, None, || {
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
