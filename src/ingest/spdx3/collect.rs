//! Element collection: every object with a `type` in the document, top-level or inline,
//! classified by kind and indexed by its own id.

use serde_json::Value;

use super::{Kind, Node, Obj};
use crate::model::PartyKind;

/// How deep the reader looks for inline elements; serde_json already stops at 128 levels.
const MAX_DEPTH: usize = 64;

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

/// Collects every object with a `type`, depth-first in document order, so that elements
/// given inline (a package inside a relationship's `to`) are found too.
pub(super) fn collect<'a>(
    value: &'a Value,
    pointer: String,
    depth: usize,
    out: &mut Vec<Node<'a>>,
) {
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
pub(super) fn type_of(obj: &Obj) -> Option<Kind> {
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
pub(super) fn own_id(obj: &Obj) -> Option<&str> {
    obj.get("spdxId")
        .or_else(|| obj.get("@id"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}
