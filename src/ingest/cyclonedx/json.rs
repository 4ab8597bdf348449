//! CycloneDX JSON (1.2-1.7): a lean typed serde model (`wire`: only the fields bomscreen uses,
//! every one optional, scalars tolerant) parsed straight from `&str`, then the shared mapping.
//!
//! When that parse still fails on a type error, the document is re-read as a `serde_json::Value`,
//! the fields that do not fit are dropped with a warning each (`salvage`), and the rest is read
//! again, so one bad component cannot hide the others.

use super::map::{Paths, Reader};
use super::salvage::salvage;
use super::wire::{self, Bom};
use super::{MAX_DEPTH, schema_version, spec_version};
use crate::ingest::ReadError;
use crate::model::{Location, Sbom, Standard, Syntax, WarningCode, Warnings};

/// Reads a CycloneDX JSON document.
pub(in crate::ingest) fn read(text: &str, warnings: &mut Warnings) -> Result<Sbom, ReadError> {
    let bom = match serde_json::from_str::<Bom>(text) {
        Ok(bom) => bom,
        Err(e) if e.is_data() => salvage(text, warnings)?,
        Err(e) => return Err(syntax_error(&e)),
    };
    let raw_version = bom.spec_version.as_ref().map(|t| t.value.as_str());
    let implied = bom.schema.as_ref().and_then(|s| schema_version(&s.value));
    let version = match (raw_version, implied) {
        // A document without specVersion is still told apart from 1.7 by the schema it names.
        (None, Some(implied)) => {
            let version = spec_version(Some(implied), "$schema", warnings)?;
            warnings.add(
                WarningCode::MissingField,
                None,
                format!("the document declares no CycloneDX version (specVersion); it was read as CycloneDX {version}, the version its $schema names"),
            );
            version
        }
        (raw, _) => spec_version(raw, "specVersion", warnings)?,
    };
    match bom.bom_format.as_ref().map(|t| t.value.as_str()) {
        None => warnings.add(
            WarningCode::MissingField,
            Some(Location::at("/bomFormat")),
            "the document has no \"bomFormat\"; it was read as CycloneDX because of its specVersion and components",
        ),
        Some("CycloneDX") => {}
        Some(other) => warnings.add(
            WarningCode::UnknownFieldValue,
            Some(Location::at("/bomFormat")),
            format!("\"bomFormat\" is {other:?} (expected \"CycloneDX\"); the document was read as CycloneDX"),
        ),
    }
    let sbom = Sbom::new("", Standard::CycloneDx, Syntax::Json, &version);
    let mut r = Reader::new(sbom, warnings, Paths::Json);
    // Mapping to the model and finding each component's line in the text are independent: on a
    // large document they take about as long as each other, so they run side by side.
    let pointers = wire::component_pointers(&bom, MAX_DEPTH);
    let ((), lines) = rayon::join(
        || r.document(bom),
        || {
            let pointers: Vec<&str> = pointers.iter().map(String::as_str).collect();
            crate::ingest::json_scan::lines_of(text, &pointers)
        },
    );
    // The reader makes components in the order the pointers were listed; a component whose
    // pointer differs keeps no line here and is located again by the caller.
    let mut sbom = r.into_sbom();
    for ((c, pointer), line) in sbom.components.iter_mut().zip(&pointers).zip(lines) {
        if c.location.pointer == *pointer {
            c.location.line = line;
        }
    }
    Ok(sbom)
}

/// A JSON syntax error at its position.
pub(super) fn syntax_error(e: &serde_json::Error) -> ReadError {
    ReadError::json(e)
}
