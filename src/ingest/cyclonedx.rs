//! CycloneDX (1.0-1.7): the rules every CycloneDX document is read by (versions, component types,
//! scopes, hashes, nesting depth), shared by one mapping (`map`) from one wire model (`wire`).
//!
//! `json` parses JSON into the wire model with serde (`salvage` when a field has the wrong type);
//! `xml` builds the same wire model from an XML DOM. Unit tests: `tests` (JSON), `xml::tests`.

mod json;
mod map;
mod salvage;
#[cfg(test)]
mod tests;
mod wire;
mod xml;

use super::ReadError;
use crate::model::{Hash, Location, Party, Scope, WarningCode, Warnings};

pub(super) use json::read as read_json;
pub(super) use xml::read as read_xml;

/// Components nested deeper than this (inside `components` or `pedigree`) are not read.
pub(super) const MAX_DEPTH: usize = 64;

/// The newest CycloneDX version; documents without a readable version are read as this one.
pub(super) const LATEST: &str = "1.7";

/// Checks a declared spec version: 1.0-1.7 are read, other versions are refused, and a missing or
/// unreadable version is read as the latest with a warning.
pub(super) fn spec_version(
    raw: Option<&str>,
    field: &str,
    w: &mut Warnings,
) -> Result<String, ReadError> {
    let Some(raw) = raw.map(str::trim) else {
        w.add(
            WarningCode::MissingField,
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
                WarningCode::UnknownFieldValue,
                None,
                format!("the CycloneDX version {raw:?} ({field}) is not a version number; it was read as CycloneDX {LATEST}"),
            );
            Ok(LATEST.to_string())
        }
    }
}

/// The version a JSON `$schema` URL names: `1.4` in `http://cyclonedx.org/schema/bom-1.4.schema.json`.
pub(super) fn schema_version(url: &str) -> Option<&str> {
    let file = url.trim().rsplit('/').next()?;
    let version = file.strip_prefix("bom-")?.strip_suffix(".schema.json")?;
    (!version.is_empty()).then_some(version)
}

/// The component type, lower-cased; an unknown one is kept as written with a warning.
pub(super) fn component_kind(
    raw: Option<&str>,
    loc: &Location,
    w: &mut Warnings,
) -> Option<String> {
    let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
        w.add_with(WarningCode::MissingField, Some(loc.clone()), || {
            format!(
                "the component at {} has no type (CycloneDX requires one)",
                loc.pointer
            )
        });
        return None;
    };
    let kind = raw.to_ascii_lowercase();
    if !crate::model::CYCLONEDX_TYPES.contains(&kind.as_str()) {
        w.add_with(WarningCode::UnknownFieldValue, Some(loc.clone()), || {
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
            w.add_with(WarningCode::UnknownFieldValue, Some(loc.clone()), || {
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
        w.add_with(WarningCode::MissingField, Some(loc.clone()), || {
            format!(
                "the component at {} has no name; it was kept with an empty name",
                loc.pointer
            )
        });
    }
}

/// Warns once when nesting is cut off at [`MAX_DEPTH`].
pub(super) fn too_deep(loc: &Location, w: &mut Warnings) {
    w.add_with(WarningCode::NestingTooDeep, Some(loc.clone()), || {
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
