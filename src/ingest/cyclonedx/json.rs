//! CycloneDX JSON (1.2-1.7): a lean typed serde model (`wire`: only the fields bomscreen uses,
//! every one optional, scalars tolerant) parsed straight from `&str`, then the shared mapping.
//!
//! A document is first read in outline: its small fields typed, its metadata, listed components
//! and services as raw slices of the text. The listed components are then parsed and mapped in
//! slices on all cores, each straight into the model, so the whole wire model never exists at
//! once, and each component's line is counted within its own slice. Anything the outline cannot
//! read (a syntax error, a field of the wrong type, an unsupported version) sends the document
//! down the one-piece path below, which reports it exactly as before.
//!
//! When that parse still fails on a type error, the document is re-read as a `serde_json::Value`,
//! the fields that do not fit are dropped with a warning each (`salvage`), and the rest is read
//! again, so one bad component cannot hide the others.

use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::map::{Paths, Reader};
use super::salvage::salvage;
use super::wire::{self, Bom, Component, Dependency, Metadata, Service, Text};
use super::{MAX_DEPTH, schema_version, spec_version};
use crate::ingest::ReadError;
use crate::ingest::json_scan::{lines_of, model_line, newlines, offset};
use crate::model::{Component as Comp, Location, Sbom, Standard, Syntax, WarningCode, Warnings};

/// Listed components per slice mapped on one core: large enough that scheduling costs nothing,
/// small enough that both cores stay busy to the end.
pub(super) const SLICE: usize = 512;

/// Slices mapped side by side before they are appended to the document.
pub(super) const WAVE: usize = 8;

/// Reads a CycloneDX JSON document.
pub(in crate::ingest) fn read(text: &str, warnings: &mut Warnings) -> Result<Sbom, ReadError> {
    if let Some((sbom, found)) = outlined(text) {
        warnings.absorb(found);
        return Ok(sbom);
    }
    whole(text, warnings)
}

/// Reads a CycloneDX JSON document in one piece: the path for any document the outline cannot
/// read, which it reports (located syntax errors) or salvages (fields of the wrong type).
pub(super) fn whole(text: &str, warnings: &mut Warnings) -> Result<Sbom, ReadError> {
    let bom = match serde_json::from_str::<Bom>(text) {
        Ok(bom) => bom,
        Err(e) if e.is_data() => salvage(text, warnings)?,
        Err(e) => return Err(syntax_error(&e)),
    };
    let version = declared_version(
        bom.schema.as_ref(),
        bom.spec_version.as_ref(),
        bom.bom_format.as_ref(),
        warnings,
    )?;
    let sbom = Sbom::new("", Standard::CycloneDx, Syntax::Json, &version);
    let mut r = Reader::new(sbom, warnings, Paths::Json);
    // Mapping to the model and finding each component's line in the text are independent: on a
    // large document they take about as long as each other, so they run side by side.
    let pointers = wire::component_pointers(&bom, MAX_DEPTH);
    let ((), lines) = rayon::join(
        || r.document(bom),
        || {
            let pointers: Vec<&str> = pointers.iter().map(String::as_str).collect();
            lines_of(text, &pointers)
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

/// The CycloneDX version the document declares (or its `$schema` implies), with a warning
/// where it declares none, and one where `bomFormat` is missing or other than CycloneDX.
fn declared_version(
    schema: Option<&Text>,
    spec: Option<&Text>,
    format: Option<&Text>,
    warnings: &mut Warnings,
) -> Result<String, ReadError> {
    let raw_version = spec.map(|t| t.value.as_str());
    let implied = schema.and_then(|s| schema_version(&s.value));
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
    match format.map(|t| t.value.as_str()) {
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
    Ok(version)
}

/// The document in outline: the parts that hold components are raw slices of the text.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Outline<'a> {
    #[serde(rename = "$schema")]
    schema: Option<Text>,
    bom_format: Option<Text>,
    spec_version: Option<Text>,
    serial_number: Option<Text>,
    #[serde(borrow)]
    metadata: Option<&'a RawValue>,
    #[serde(borrow)]
    components: Option<Vec<&'a RawValue>>,
    #[serde(borrow)]
    services: Option<&'a RawValue>,
    dependencies: Option<Vec<Dependency>>,
}

/// One slice of listed components, mapped: the components, their lines counted from the
/// slice's first line (0-based), the warnings, and the newlines from the slice's start to the
/// next slice's.
struct Slice {
    components: Vec<Comp>,
    lines: Vec<Option<usize>>,
    warnings: Warnings,
    newlines: usize,
}

/// Reads the document through its outline, or `None` when anything in it needs the one-piece
/// path (which then reports it).
pub(super) fn outlined(text: &str) -> Option<(Sbom, Warnings)> {
    let outline: Outline = serde_json::from_str(text).ok()?;
    let mut warnings = Warnings::default();
    let version = declared_version(
        outline.schema.as_ref(),
        outline.spec_version.as_ref(),
        outline.bom_format.as_ref(),
        &mut warnings,
    )
    .ok()?;
    let metadata = match outline.metadata {
        Some(raw) => Some(serde_json::from_str::<Metadata>(raw.get()).ok()?),
        None => None,
    };
    let services = match outline.services {
        Some(raw) => serde_json::from_str::<Vec<Service>>(raw.get()).ok()?,
        None => Vec::new(),
    };
    let listed = outline.components.unwrap_or_default();
    let starts: Vec<usize> = listed
        .iter()
        .step_by(SLICE)
        .map(|raw| offset(text, raw.get()))
        .collect();
    // Lines: every slice counts its own; the first slice starts at the line of its first
    // component, and each next one where the one before ended.
    let mut first_line = 1 + starts.first().map_or(0, |&s| newlines(text, 0, s));

    let sbom = Sbom::new("", Standard::CycloneDx, Syntax::Json, &version);
    let mut r = Reader::new(sbom, &mut warnings, Paths::Json);
    let meta_pointers = metadata
        .as_ref()
        .and_then(|m| m.component.as_deref())
        .map(|c| {
            let mut out = Vec::new();
            wire::tree_pointers(c, "/metadata/component".to_string(), MAX_DEPTH, &mut out);
            out
        })
        .unwrap_or_default();
    // Room for the metadata and the first wave only: growing a vector reserved for all listed
    // components once the first wave has shown how many nested ones come with them would copy
    // (and fault in) the whole block.
    let per_wave = WAVE * SLICE;
    r.components_mut()
        .reserve(meta_pointers.len() + listed.len().min(per_wave));
    r.head(
        outline.serial_number,
        metadata,
        outline.dependencies.as_deref(),
    );
    if let Some(raw) = outline.metadata {
        let lines = lines_within(text, raw.get(), "/metadata", &meta_pointers);
        let mapped = r.components_mut();
        for ((c, pointer), line) in mapped.iter_mut().zip(&meta_pointers).zip(lines) {
            if c.location.pointer == *pointer {
                c.location.line = line;
            }
        }
    }
    // The slices are mapped a wave at a time and appended in order, so that only one wave's
    // components are ever held twice.
    for (wave, part) in listed.chunks(per_wave).enumerate() {
        let slices = part
            .par_chunks(SLICE)
            .enumerate()
            .map(|(j, chunk)| {
                let k = wave * WAVE + j;
                let end = starts.get(k + 1).copied().unwrap_or(text.len());
                map_slice(text, &version, k * SLICE, chunk, starts[k], end)
            })
            .collect::<Option<Vec<Slice>>>()?;
        for slice in slices {
            let Slice {
                mut components,
                lines,
                warnings,
                newlines,
            } = slice;
            for (c, line) in components.iter_mut().zip(lines) {
                c.location.line = line.map(|l| model_line(first_line + l));
            }
            r.append(components, warnings);
            first_line += newlines;
        }
        if wave == 0 && part.len() < listed.len() {
            // Nested components are only known once parsed: the first wave's share of them
            // sizes the rest, with room to spare (room never written costs no memory).
            let have = r.components_mut().len();
            let expected = have * listed.len() / part.len();
            r.components_mut()
                .reserve((expected + expected / 4).saturating_sub(have));
        }
    }
    let before = r.components_mut().len();
    let mut service_ptrs = Vec::new();
    wire::service_pointers(&services, "", MAX_DEPTH, &mut service_ptrs);
    r.tail(services, outline.dependencies);
    if let Some(raw) = outline.services {
        let lines = lines_within(text, raw.get(), "/services", &service_ptrs);
        let mapped = &mut r.components_mut()[before..];
        for ((c, pointer), line) in mapped.iter_mut().zip(&service_ptrs).zip(lines) {
            if c.location.pointer == *pointer {
                c.location.line = line;
            }
        }
    }
    Some((r.into_sbom(), warnings))
}

/// Parses and maps listed components `first..` (the raw values in `chunk`), which span the
/// text from `start` to `end`, with their lines counted from `start`.
fn map_slice(
    text: &str,
    version: &str,
    first: usize,
    chunk: &[&RawValue],
    start: usize,
    end: usize,
) -> Option<Slice> {
    let mut warnings = Warnings::default();
    let sbom = Sbom::new("", Standard::CycloneDx, Syntax::Json, version);
    let mut r = Reader::new(sbom, &mut warnings, Paths::Json);
    r.components_mut().reserve(chunk.len());
    let mut lines = Vec::with_capacity(chunk.len());
    let (mut line, mut at) = (0usize, start);
    let mut pointers = Vec::new();
    for (j, raw) in chunk.iter().enumerate() {
        let i = first + j;
        let c: Box<Component> = serde_json::from_str(raw.get()).ok()?;
        let here = offset(text, raw.get());
        line += newlines(text, at, here);
        at = here;
        let before = r.components_mut().len();
        pointers.clear();
        let prefix = format!("/components/{i}");
        wire::tree_pointers(&c, prefix.clone(), MAX_DEPTH, &mut pointers);
        let nested = if pointers.len() > 1 {
            let rel: Vec<&str> = pointers.iter().map(|p| &p[prefix.len()..]).collect();
            lines_of(raw.get(), &rel)
        } else {
            Vec::new()
        };
        r.listed(i, c);
        let mapped = &r.components_mut()[before..];
        for (k, (c, pointer)) in mapped.iter().zip(&pointers).enumerate() {
            let found = if c.location.pointer != *pointer {
                None
            } else if k == 0 {
                Some(line)
            } else {
                nested
                    .get(k)
                    .copied()
                    .flatten()
                    .map(|l| line + l as usize - 1)
            };
            lines.push(found);
        }
        lines.resize(r.components_mut().len(), None);
    }
    let spanned = line + newlines(text, at, end);
    let components = std::mem::take(r.components_mut());
    drop(r);
    Some(Slice {
        components,
        lines,
        warnings,
        newlines: spanned,
    })
}

/// The lines of the components at `pointers` (absolute, each under `prefix`) inside `raw`, a
/// slice of `text`.
fn lines_within(text: &str, raw: &str, prefix: &str, pointers: &[String]) -> Vec<Option<u32>> {
    let base = 1 + newlines(text, 0, offset(text, raw));
    let rel: Vec<&str> = pointers
        .iter()
        .map(|p| p.strip_prefix(prefix).unwrap_or("#"))
        .collect();
    lines_of(raw, &rel)
        .into_iter()
        .map(|l| l.map(|l| model_line(base + l as usize - 1)))
        .collect()
}

/// A JSON syntax error at its position.
pub(super) fn syntax_error(e: &serde_json::Error) -> ReadError {
    ReadError::json(e)
}
