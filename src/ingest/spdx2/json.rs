//! SPDX 2 JSON and YAML: both deserialize straight into the wire model ([`Doc`]) and go through
//! the one SPDX 2 mapping (`spdx2::to_sbom`); a type error falls back to a loose, element-by-element
//! read (`loose`). JSON also finds each element's line in the text while it maps.
//!
//! JSON is first read in outline, its packages left as raw slices of the text, which are then
//! parsed and mapped in slices on all cores (each package's line counted within its slice), so
//! the packages' wire model never exists all at once. Anything the outline cannot read sends
//! the document down the one-piece path, which reports or salvages it as before.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::wire::YAML_SCALARS;
use super::{
    CreationInfo, Ctx, Doc, File, List, Package, Packages, Relationship, SLICE, Snippet, Text,
    WAVE, from_value, package, to_sbom, to_sbom_with, uses_newer_fields,
};
use crate::ingest::ReadError;
use crate::ingest::json_scan::{lines_of, model_line, newlines, offset};
use crate::model::{Location, Sbom, Syntax, WarningCode, Warnings};

/// Reads SPDX 2 JSON.
pub(in crate::ingest) fn read_json(text: &str, warnings: &mut Warnings) -> Result<Sbom, ReadError> {
    if let Some((sbom, found)) = outlined(text) {
        warnings.absorb(found);
        return Ok(sbom);
    }
    read_whole(text, warnings)
}

/// Reads SPDX 2 JSON in one piece: the path for any document the outline cannot read.
pub(super) fn read_whole(text: &str, warnings: &mut Warnings) -> Result<Sbom, ReadError> {
    let doc = match json_value::<Doc>(text, warnings) {
        Ok(doc) => doc,
        Err(e) if e.is_data() => {
            // A type error somewhere: read what can be read, element by element.
            let value: serde_json::Value =
                json_value(text, &mut Warnings::default()).map_err(json_syntax)?;
            from_value(value, warnings)?
        }
        Err(e) => return Err(json_syntax(e)),
    };
    // Each element's line is found in the text while the document is mapped to the model
    // (they take about as long as each other on a large document).
    let pointers: Vec<String> = [
        ("packages", doc.packages.items.len()),
        ("files", doc.files.items.len()),
        ("snippets", doc.snippets.items.len()),
    ]
    .into_iter()
    .flat_map(|(key, n)| (0..n).map(move |i| format!("/{key}/{i}")))
    .collect();
    let (sbom, lines) = rayon::join(
        || to_sbom(doc, Syntax::Json, warnings),
        || {
            let pointers: Vec<&str> = pointers.iter().map(String::as_str).collect();
            lines_of(text, &pointers)
        },
    );
    let mut sbom = sbom?;
    set_lines(&mut sbom, &pointers, lines);
    Ok(sbom)
}

/// The document in outline: its packages are raw slices of the text.
#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Outline<'a> {
    #[serde(rename = "SPDXID")]
    spdx_id: Text,
    spdx_version: Text,
    name: Text,
    document_namespace: Text,
    creation_info: Option<CreationInfo>,
    document_describes: List<Text>,
    #[serde(borrow)]
    packages: List<&'a RawValue>,
    files: List<File>,
    snippets: List<Snippet>,
    relationships: List<Relationship>,
}

/// Reads the document through its outline, or `None` when anything in it needs the one-piece
/// path (which then reports it).
pub(super) fn outlined(text: &str) -> Option<(Sbom, Warnings)> {
    let mut warnings = Warnings::default();
    let outline: Outline = json_value(text, &mut warnings).ok()?;
    if outline.packages.single {
        return None;
    }
    let raws = outline.packages.items;
    // Where each slice starts: at its first package, or where the next slice starts when it
    // holds only nulls (it then counts no lines).
    let mut starts: Vec<usize> = raws
        .chunks(SLICE)
        .map(|chunk| {
            chunk
                .iter()
                .flatten()
                .next()
                .map_or(usize::MAX, |r| offset(text, r.get()))
        })
        .collect();
    let mut next = text.len();
    for start in starts.iter_mut().rev() {
        if *start == usize::MAX {
            *start = next;
        }
        next = *start;
    }
    let mut line = 1 + starts.first().map_or(0, |&s| newlines(text, 0, s));
    // Lines are given once the document is mapped, as the one-piece path gives them (what is
    // made from a package while mapping, its `hasFiles` relations, has no line).
    let mut package_lines = Vec::with_capacity(raws.len());
    let capacity = raws.len() + outline.files.len() + outline.snippets.len();
    let mut mapped = Packages::new(capacity);
    // A wave of slices at a time, appended in order: only one wave's packages are held twice.
    let per_wave = SLICE * WAVE;
    for (wave, part) in raws.chunks(per_wave).enumerate() {
        let slices = part
            .par_chunks(SLICE)
            .enumerate()
            .map(|(j, chunk)| {
                let k = wave * WAVE + j;
                let end = starts.get(k + 1).copied().unwrap_or(text.len());
                map_slice(text, k * SLICE, chunk, starts[k], end)
            })
            .collect::<Option<Vec<Slice>>>()?;
        for slice in slices {
            let Slice {
                packages,
                lines,
                newlines,
            } = slice;
            mapped.append(packages);
            package_lines.extend(lines.into_iter().map(|l| model_line(line + l)));
            line += newlines;
        }
    }
    let doc = Doc {
        spdx_id: outline.spdx_id,
        spdx_version: outline.spdx_version,
        name: outline.name,
        document_namespace: outline.document_namespace,
        creation_info: outline.creation_info,
        document_describes: outline.document_describes,
        packages: List::default(),
        files: outline.files,
        snippets: outline.snippets,
        relationships: outline.relationships,
        locations: None,
    };
    let pointers: Vec<String> = [("files", doc.files.len()), ("snippets", doc.snippets.len())]
        .into_iter()
        .flat_map(|(key, n)| (0..n).map(move |i| format!("/{key}/{i}")))
        .collect();
    let (sbom, lines) = rayon::join(
        || to_sbom_with(doc, Syntax::Json, &mut warnings, Some(mapped)),
        || {
            let pointers: Vec<&str> = pointers.iter().map(String::as_str).collect();
            lines_of(text, &pointers)
        },
    );
    let mut sbom = sbom.ok()?;
    for (c, line) in sbom.components.iter_mut().zip(package_lines) {
        c.location.line = Some(line);
    }
    set_lines(&mut sbom, &pointers, lines);
    Some((sbom, warnings))
}

/// One slice of packages, mapped: the packages, each one's line counted from the slice's first
/// line (0-based), and the newlines from the slice's start to the next slice's.
struct Slice {
    packages: Packages,
    lines: Vec<usize>,
    newlines: usize,
}

/// Parses and maps packages `first..` (the raw values in `chunk`, `None` for a null entry),
/// which span the text from `start` to `end`.
fn map_slice(
    text: &str,
    first: usize,
    chunk: &[Option<&RawValue>],
    start: usize,
    end: usize,
) -> Option<Slice> {
    let mut out = Packages::new(chunk.len());
    let mut cx = Ctx {
        warnings: &mut out.warnings,
        syntax: Syntax::Json,
    };
    let mut lines = Vec::with_capacity(chunk.len());
    let (mut line, mut at) = (0usize, start);
    for (j, raw) in chunk.iter().enumerate() {
        let i = first + j;
        let loc = Location::at(format!("/packages/{i}"));
        let Some(raw) = raw else {
            cx.warnings.add(
                WarningCode::BadType,
                Some(loc),
                "a package entry is null and was skipped",
            );
            continue;
        };
        let p: Package = serde_json::from_str(raw.get()).ok()?;
        if out.newer_field_at.is_none() && uses_newer_fields(&p) {
            out.newer_field_at = Some(i);
        }
        let here = offset(text, raw.get());
        line += newlines(text, at, here);
        at = here;
        let (c, files) = package(&mut cx, p, loc);
        let index = out.components.len();
        out.has_files.extend(files.into_iter().map(|f| (index, f)));
        out.components.push(c);
        lines.push(line);
    }
    let spanned = line + newlines(text, at, end);
    Some(Slice {
        packages: out,
        lines,
        newlines: spanned,
    })
}

/// Gives each component whose pointer is in `pointers` the line found for it.
fn set_lines(sbom: &mut Sbom, pointers: &[String], lines: Vec<Option<u32>>) {
    if pointers.is_empty() {
        return;
    }
    let by_pointer: HashMap<&str, u32> = pointers
        .iter()
        .zip(lines)
        .filter_map(|(p, line)| Some((p.as_str(), line?)))
        .collect();
    for c in &mut sbom.components {
        if let Some(&line) = by_pointer.get(c.location.pointer.as_str()) {
            c.location.line = Some(line);
        }
    }
}

/// One JSON value from the start of `text`; anything but white space after it is a warning, not
/// an error (published SBOMs have been seen with a web page footer after the closing brace).
fn json_value<'a, T: Deserialize<'a>>(
    text: &'a str,
    warnings: &mut Warnings,
) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(&mut de)?;
    if let Err(e) = de.end() {
        warnings.add_with(WarningCode::TrailingData, None, || {
            format!(
                "text after the end of the JSON document was ignored (line {}, column {})",
                e.line(),
                e.column()
            )
        });
    }
    Ok(value)
}

fn json_syntax(e: serde_json::Error) -> ReadError {
    ReadError::json(&e)
}

/// Reads SPDX 2 YAML.
pub(in crate::ingest) fn read_yaml(text: &str, warnings: &mut Warnings) -> Result<Sbom, ReadError> {
    let typed = {
        YAML_SCALARS.with(|c| c.set(true));
        let result = serde_saphyr::from_str_with_options::<Doc>(text, yaml_options(text));
        YAML_SCALARS.with(|c| c.set(false));
        result
    };
    let doc = match typed {
        Ok(doc) => doc,
        Err(typed_err) => {
            match serde_saphyr::from_str_with_options::<serde_json::Value>(text, yaml_options(text))
            {
                Ok(value) => from_value(value, warnings)?,
                Err(e) => {
                    return Err(yaml_syntax(&e).unwrap_or_else(|| yaml_syntax_or(&typed_err, &e)));
                }
            }
        }
    };
    crate::ingest::text::check_line_end(text, warnings);
    let mut sbom = to_sbom(doc, Syntax::Yaml, warnings)?;
    let lines = super::yaml_lines::lines_of(text, &["packages", "files", "snippets"]);
    for c in &mut sbom.components {
        if c.location.line.is_none()
            && let Some(&line) = lines.get(c.location.pointer.as_str())
        {
            c.location.line = Some(line);
        }
    }
    Ok(sbom)
}

/// Budgets for untrusted YAML: alias and anchor limits stay at their defaults (they are what
/// stops "billion laughs"); event, node and scalar-byte budgets grow with the input, which is
/// itself bounded by `MAX_INPUT_BYTES`, so a 100,000-package document is not refused.
fn yaml_options(text: &str) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_events = budget.max_events.max(text.len());
    budget.max_nodes = budget.max_nodes.max(text.len());
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(text.len());
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

fn yaml_syntax(e: &serde_saphyr::Error) -> Option<ReadError> {
    let loc = e.location()?;
    Some(ReadError::Syntax {
        line: usize::try_from(loc.line()).unwrap_or(usize::MAX).max(1),
        column: usize::try_from(loc.column()).unwrap_or(usize::MAX).max(1),
        message: first_line(&e.to_string()),
    })
}

fn yaml_syntax_or(typed: &serde_saphyr::Error, e: &serde_saphyr::Error) -> ReadError {
    yaml_syntax(typed).unwrap_or_else(|| ReadError::Invalid(first_line(&e.to_string())))
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().to_string()
}
