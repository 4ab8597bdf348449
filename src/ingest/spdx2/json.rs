//! SPDX 2 JSON and YAML: both deserialize straight into the wire model ([`Doc`]) and go through
//! the one SPDX 2 mapping (`spdx2::to_sbom`); a type error falls back to a loose, element-by-element
//! read (`loose`). JSON also finds each element's line in the text while it maps.

use std::collections::HashMap;

use serde::Deserialize;

use super::wire::YAML_SCALARS;
use super::{Doc, from_value, to_sbom};
use crate::ingest::ReadError;
use crate::model::{Sbom, Syntax, WarningCode, Warnings};

/// Reads SPDX 2 JSON.
pub(in crate::ingest) fn read_json(text: &str, warnings: &mut Warnings) -> Result<Sbom, ReadError> {
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
            crate::ingest::json_scan::lines_of(text, &pointers)
        },
    );
    let mut sbom = sbom?;
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
    Ok(sbom)
}

/// One JSON value from the start of `text`; anything but white space after it is a warning, not
/// an error (published SBOMs have been seen with a web page footer after the closing brace).
fn json_value<T: for<'de> Deserialize<'de>>(
    text: &str,
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
