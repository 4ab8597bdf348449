//! The tolerant path for SPDX 2 JSON, YAML and XML: a document that parsed but does not fit
//! [`Doc`] is converted element by element, so one bad package does not hide the others.

use serde::Deserialize;

use super::{Doc, List};
use crate::ingest::ReadError;
use crate::model::{Location, WarningCode, Warnings};

/// The tolerant path: the document parsed, but not into [`Doc`]. Every package, file, snippet and
/// relationship is converted on its own, and every other top-level key that does not fit is
/// dropped, each with a warning, so that one bad element does not hide the others.
pub(in crate::ingest) fn from_value(
    value: serde_json::Value,
    warnings: &mut Warnings,
) -> Result<Doc, ReadError> {
    let serde_json::Value::Object(map) = value else {
        return Err(ReadError::Invalid(
            "expected an object at the top level of the SPDX document".to_string(),
        ));
    };
    let mut good = serde_json::Map::new();
    let (mut packages, mut files, mut snippets, mut relationships) = Default::default();
    for (key, value) in map {
        match key.as_str() {
            "packages" => packages = elements(value, &key, warnings),
            "files" => files = elements(value, &key, warnings),
            "snippets" => snippets = elements(value, &key, warnings),
            "relationships" => relationships = elements(value, &key, warnings),
            _ => {
                let mut one = serde_json::Map::new();
                one.insert(key.clone(), value);
                let one = serde_json::Value::Object(one);
                match Doc::deserialize(&one) {
                    Ok(_) => {
                        if let serde_json::Value::Object(mut one) = one {
                            good.append(&mut one);
                        }
                    }
                    Err(e) => bad_element(warnings, &format!("/{key}"), &e),
                }
            }
        }
    }
    let mut doc = Doc::deserialize(serde_json::Value::Object(good))
        .map_err(|e| ReadError::Invalid(e.to_string()))?;
    doc.packages = packages;
    doc.files = files;
    doc.snippets = snippets;
    doc.relationships = relationships;
    Ok(doc)
}

fn elements<T: for<'de> Deserialize<'de>>(
    value: serde_json::Value,
    key: &str,
    warnings: &mut Warnings,
) -> List<T> {
    match value {
        serde_json::Value::Array(items) => List {
            items: items
                .into_iter()
                .enumerate()
                .map(|(i, item)| {
                    Option::<T>::deserialize(item).unwrap_or_else(|e| {
                        bad_element(warnings, &format!("/{key}/{i}"), &e);
                        None
                    })
                })
                .collect(),
            single: false,
        },
        other => List::deserialize(other).unwrap_or_else(|e| {
            bad_element(warnings, &format!("/{key}"), &e);
            List::default()
        }),
    }
}

fn bad_element(warnings: &mut Warnings, pointer: &str, e: &serde_json::Error) {
    warnings.add_with(WarningCode::BadType, Some(Location::at(pointer)), || {
        format!("{pointer} does not have the type SPDX 2 expects and was skipped: {e}")
    });
}
