//! SPDX 2 XML (the serialisation of spdx/tools-java, root `<Document>` or `<SpdxDocument>`).
//!
//! Its elements mirror the JSON keys one to one (a repeated element is a list), so the DOM is
//! turned into the JSON shape and read by the same wire model and mapping as JSON (`spdx2`).

use std::collections::HashMap;

use serde::Deserialize;

use super::{Doc, Locations};
use crate::ingest::{LineIndex, ReadError};
use crate::model::{Location, Sbom, Syntax, WarningCode, Warnings};

/// Elements nested deeper than this are dropped; SPDX 2 needs four levels (document, package,
/// external reference / checksum, value).
const MAX_DEPTH: usize = 16;

/// Reads an SPDX 2 XML document.
pub(in crate::ingest) fn read(text: &str, warnings: &mut Warnings) -> Result<Sbom, ReadError> {
    let xml = crate::ingest::xml::parse(text)?;
    let root = xml.root_element();
    let root_name = root.tag_name().name();
    if root_name != "Document" && root_name != "SpdxDocument" {
        return Err(ReadError::NotSbom(format!(
            "the XML root element is <{root_name}>; expected an SPDX 2 <Document> or <SpdxDocument>"
        )));
    }
    let index = LineIndex::new(text);
    let mut locations = Locations::default();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut map = serde_json::Map::new();
    for child in root.children().filter(roxmltree::Node::is_element) {
        let key = child.tag_name().name();
        let n = counts.entry(key).or_default();
        *n += 1;
        let list = match key {
            "packages" => Some(&mut locations.packages),
            "files" => Some(&mut locations.files),
            "snippets" => Some(&mut locations.snippets),
            "relationships" => Some(&mut locations.relationships),
            _ => None,
        };
        if let Some(list) = list {
            list.push(Location {
                pointer: format!("/{root_name}/{key}[{n}]"),
                line: Some(index.line_of(child.range().start)),
            });
        }
        insert(&mut map, key, convert(child, 1, warnings));
    }
    let value = serde_json::Value::Object(map);
    let mut doc = match Doc::deserialize(&value) {
        Ok(doc) => doc,
        Err(_) => super::from_value(value, warnings)?,
    };
    doc.locations = Some(locations);
    super::to_sbom(doc, Syntax::Xml, warnings)
}

/// An element with element children becomes an object, any other its text.
fn convert(
    node: roxmltree::Node<'_, '_>,
    depth: usize,
    warnings: &mut Warnings,
) -> serde_json::Value {
    if depth > MAX_DEPTH {
        warnings.add(
            WarningCode::NestingTooDeep,
            None,
            format!("XML elements nested deeper than {MAX_DEPTH} levels were dropped"),
        );
        return serde_json::Value::Null;
    }
    if node.children().any(|c| c.is_element()) {
        let mut map = serde_json::Map::new();
        for child in node.children().filter(roxmltree::Node::is_element) {
            let value = convert(child, depth + 1, warnings);
            insert(&mut map, child.tag_name().name(), value);
        }
        serde_json::Value::Object(map)
    } else {
        let text: String = node.children().filter_map(|c| c.text()).collect();
        serde_json::Value::String(text.trim().to_string())
    }
}

/// A repeated element is a list.
fn insert(
    map: &mut serde_json::Map<String, serde_json::Value>,
    key: &str,
    value: serde_json::Value,
) {
    match map.get_mut(key) {
        Some(serde_json::Value::Array(items)) => items.push(value),
        Some(existing) => {
            let first = existing.take();
            *existing = serde_json::Value::Array(vec![first, value]);
        }
        None => {
            map.insert(key.to_string(), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;

    #[test]
    fn reads_the_json_shape_with_lines() {
        let text = "<?xml version='1.0'?>\n<Document>\n  <spdxVersion>SPDX-2.3</spdxVersion>\n  <SPDXID>SPDXRef-DOCUMENT</SPDXID>\n  <creationInfo><creators>Tool: x-1</creators></creationInfo>\n  <packages>\n    <SPDXID>SPDXRef-a</SPDXID><name>a</name>\n    <externalRefs><referenceCategory>PACKAGE_MANAGER</referenceCategory><referenceType>purl</referenceType><referenceLocator>pkg:npm/a@1</referenceLocator></externalRefs>\n  </packages>\n  <packages><SPDXID>SPDXRef-b</SPDXID><name>b</name><hasFiles>SPDXRef-f</hasFiles></packages>\n  <files><SPDXID>SPDXRef-f</SPDXID><fileName>./f</fileName></files>\n</Document>\n";
        let mut w = Warnings::default();
        let sbom = read(text, &mut w).unwrap();
        assert!(w.is_empty(), "{:?}", w.into_vec());
        assert_eq!(sbom.tools[0].name, "x");
        let a = &sbom.components[0];
        assert_eq!(
            (a.name.as_str(), a.purl.as_deref()),
            ("a", Some("pkg:npm/a@1"))
        );
        assert_eq!(
            a.location,
            Location {
                pointer: "/Document/packages[1]".into(),
                line: Some(6)
            }
        );
        assert_eq!(sbom.components[1].location.line, Some(10));
        assert_eq!(sbom.components[2].origin, Origin::File);
        assert_eq!(sbom.relations[0].kind, "CONTAINS");
    }

    #[test]
    fn syntax_errors_have_lines() {
        let mut w = Warnings::default();
        let err = read(
            "<Document>\n<spdxVersion>SPDX-2.3</spdx>\n</Document>",
            &mut w,
        )
        .unwrap_err();
        assert!(matches!(err, ReadError::Syntax { line: 2, .. }), "{err:?}");
        let err = read(
            "<!DOCTYPE d [<!ENTITY x \"y\">]><Document>&x;</Document>",
            &mut w,
        )
        .unwrap_err();
        assert!(
            matches!(&err, ReadError::Invalid(m) if m.contains("DTD")),
            "{err:?}"
        );
    }
}
