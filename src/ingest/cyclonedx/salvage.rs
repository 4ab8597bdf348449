//! The CycloneDX JSON fallback: a document whose typed parse failed on a type error is re-read as a
//! `serde_json::Value`, each field that does not fit is dropped with a warning, and the rest is
//! read again, so one bad component cannot hide the others.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::json::syntax_error;
use super::wire::{Bom, Component, Dependency, Metadata, Service};
use super::{MAX_DEPTH, spec_version};
use crate::ingest::ReadError;
use crate::model::{Location, WarningCode, Warnings};

/// Re-reads a document whose typed parse failed on a type error: every field that does not fit
/// the model is dropped with a `bad-type` warning, then the rest is read.
pub(super) fn salvage(text: &str, w: &mut Warnings) -> Result<Bom, ReadError> {
    let mut root: Value = serde_json::from_str(text).map_err(|e| syntax_error(&e))?;
    let Value::Object(obj) = &mut root else {
        return Err(ReadError::Invalid(
            "the top level is not a JSON object (expected a CycloneDX BOM object)".to_string(),
        ));
    };
    // Refuse an unsupported version before complaining about its fields.
    if let Some(Value::String(v)) = obj.get("specVersion") {
        spec_version(Some(v), "specVersion", &mut Warnings::default())?;
    }
    if let Some(Value::Array(items)) = obj.get_mut("components") {
        for (i, c) in items.iter_mut().enumerate() {
            clean_component(c, &format!("/components/{i}"), w, 0);
        }
    }
    if let Some(Value::Object(m)) = obj.get_mut("metadata") {
        if let Some(c) = m.get_mut("component") {
            clean_component(c, "/metadata/component", w, 0);
        }
        clean_fields::<Metadata>(m, "/metadata", "metadata", w);
    }
    if let Some(Value::Array(items)) = obj.get_mut("services") {
        for (i, sv) in items.iter_mut().enumerate() {
            clean_service(sv, &format!("/services/{i}"), w, 0);
        }
    }
    if let Some(Value::Array(items)) = obj.get_mut("dependencies") {
        for (i, d) in items.iter_mut().enumerate() {
            match d {
                Value::Object(m) => {
                    clean_fields::<Dependency>(m, &format!("/dependencies/{i}"), "dependency", w)
                }
                _ => *d = Value::Object(Map::new()),
            }
        }
    }
    clean_fields::<Bom>(obj, "", "document", w);
    Bom::deserialize(&root)
        .map_err(|e| ReadError::Invalid(format!("the document cannot be read: {e}")))
}

fn clean_component(v: &mut Value, pointer: &str, w: &mut Warnings, depth: usize) {
    let Value::Object(m) = v else {
        w.add_with(WarningCode::BadType, Some(Location::at(pointer)), || {
            format!(
                "the component at {pointer} is not a JSON object; it was read as an empty component"
            )
        });
        *v = Value::Object(Map::new());
        return;
    };
    if depth < MAX_DEPTH {
        if let Some(Value::Array(items)) = m.get_mut("components") {
            for (i, c) in items.iter_mut().enumerate() {
                clean_component(c, &format!("{pointer}/components/{i}"), w, depth + 1);
            }
        }
        if let Some(Value::Object(p)) = m.get_mut("pedigree") {
            for list in ["ancestors", "descendants", "variants"] {
                if let Some(Value::Array(items)) = p.get_mut(list) {
                    for (i, c) in items.iter_mut().enumerate() {
                        clean_component(c, &format!("{pointer}/pedigree/{list}/{i}"), w, depth + 1);
                    }
                }
            }
        }
    }
    clean_fields::<Component>(m, pointer, "component", w);
}

fn clean_service(v: &mut Value, pointer: &str, w: &mut Warnings, depth: usize) {
    let Value::Object(m) = v else {
        w.add_with(WarningCode::BadType, Some(Location::at(pointer)), || {
            format!(
                "the service at {pointer} is not a JSON object; it was read as an empty service"
            )
        });
        *v = Value::Object(Map::new());
        return;
    };
    if depth < MAX_DEPTH
        && let Some(Value::Array(items)) = m.get_mut("services")
    {
        for (i, sv) in items.iter_mut().enumerate() {
            clean_service(sv, &format!("{pointer}/services/{i}"), w, depth + 1);
        }
    }
    clean_fields::<Service>(m, pointer, "service", w);
}

/// Drops each field of `obj` that `T` cannot read, trying one field at a time.
fn clean_fields<T: serde::de::DeserializeOwned>(
    obj: &mut Map<String, Value>,
    pointer: &str,
    what: &str,
    w: &mut Warnings,
) {
    let keys: Vec<String> = obj.keys().cloned().collect();
    for key in keys {
        let Some(value) = obj.remove(&key) else {
            continue;
        };
        let mut one = Map::new();
        one.insert(key.clone(), value);
        let probe = Value::Object(one);
        let result = T::deserialize(&probe).map(|_| ());
        let Value::Object(mut one) = probe else {
            continue;
        };
        let Some(value) = one.remove(&key) else {
            continue;
        };
        match result {
            Ok(()) => {
                obj.insert(key, value);
            }
            Err(e) => w.add_with(WarningCode::BadType, Some(Location::at(pointer)), || {
                let at = if pointer.is_empty() { "/" } else { pointer };
                format!("the {what} field {key:?} at {at} has the wrong type and was ignored: {e}")
            }),
        }
    }
}
