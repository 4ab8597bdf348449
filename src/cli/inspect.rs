//! `bomscreen inspect`: what a document holds, as the reader understood it.

use std::io::Write;

use serde::Serialize;

use super::{InspectArgs, InspectFormat, Outcome};
use crate::ingest::{self, ReadOptions};
use crate::model::{PartyRole, Sbom, Warning};

/// What `inspect` reports for one document.
#[derive(Debug, Serialize)]
struct Summary<'a> {
    file: &'a str,
    format: String,
    spec_version: &'a str,
    syntax: String,
    encoding: String,
    name: Option<&'a str>,
    generator: Vec<String>,
    components: usize,
    nested_components: usize,
    files: usize,
    relations: usize,
    described: &'a [String],
    provenance: Coverage,
    warnings: &'a [Warning],
}

/// How many counted components declare who supplied them.
#[derive(Debug, Serialize)]
struct Coverage {
    supplier: usize,
    manufacturer: usize,
    any_party: usize,
    none: usize,
}

fn summarise(sbom: &Sbom) -> Summary<'_> {
    let counted: Vec<_> = sbom.counted_components().collect();
    let declares = |role: PartyRole| counted.iter().filter(|c| c.party(role).is_some()).count();
    let any_party = counted.iter().filter(|c| !c.parties.is_empty()).count();
    let mut encoding = sbom.encoding.charset.to_string();
    if sbom.encoding.bom {
        encoding.push_str(" with BOM");
    }
    if sbom.encoding.gzip {
        encoding.push_str(", gzip");
    }
    Summary {
        file: &sbom.source,
        format: sbom.standard.to_string(),
        spec_version: &sbom.spec_version,
        syntax: sbom.syntax.to_string(),
        encoding,
        name: sbom.name.as_deref(),
        generator: sbom.tools.iter().map(ToString::to_string).collect(),
        components: counted.len(),
        nested_components: counted
            .iter()
            .filter(|c| c.origin == crate::model::Origin::Nested)
            .count(),
        files: sbom
            .components
            .iter()
            .filter(|c| c.origin == crate::model::Origin::File)
            .count(),
        relations: sbom.relations.len(),
        described: &sbom.described,
        provenance: Coverage {
            supplier: declares(PartyRole::Supplier),
            manufacturer: declares(PartyRole::Manufacturer),
            any_party,
            none: counted.len() - any_party,
        },
        warnings: &sbom.warnings,
    }
}

pub(super) fn run(args: &InspectArgs, out: &mut dyn Write) -> std::io::Result<Outcome> {
    let opts = ReadOptions {
        strict: args.strict,
    };
    let mut outcome = Outcome::Passed;
    let mut docs = Vec::new();
    for path in &args.files {
        match ingest::read(path, &opts) {
            Ok(sbom) => docs.push(sbom),
            Err(e) => {
                super::report_error(&e);
                outcome = Outcome::CouldNotRun;
            }
        }
    }
    let summaries: Vec<Summary> = docs.iter().map(summarise).collect();
    match args.format {
        InspectFormat::Json => {
            if args.files.len() == 1 {
                if let Some(s) = summaries.first() {
                    serde_json::to_writer_pretty(&mut *out, s)?;
                    writeln!(out)?;
                }
            } else {
                serde_json::to_writer_pretty(&mut *out, &summaries)?;
                writeln!(out)?;
            }
        }
        InspectFormat::Table => {
            for (i, s) in summaries.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                table(s, out)?;
            }
            for s in &summaries {
                for w in s.warnings {
                    super::report_warning(s.file, w);
                }
            }
        }
    }
    Ok(outcome)
}

fn table(s: &Summary, out: &mut dyn Write) -> std::io::Result<()> {
    let pct = |n: usize| {
        if s.components == 0 {
            "-".to_string()
        } else {
            format!("{:.0}%", n as f64 * 100.0 / s.components as f64)
        }
    };
    let rows: Vec<(&str, String)> = vec![
        ("file", s.file.to_string()),
        (
            "format",
            format!("{} {} ({})", s.format, s.spec_version, s.syntax),
        ),
        ("encoding", s.encoding.clone()),
        ("name", s.name.unwrap_or("-").to_string()),
        (
            "generator",
            if s.generator.is_empty() {
                "-".to_string()
            } else {
                s.generator.join(", ")
            },
        ),
        (
            "components",
            format!("{} ({} nested)", s.components, s.nested_components),
        ),
        ("files", s.files.to_string()),
        ("relations", s.relations.to_string()),
        (
            "describes",
            if s.described.is_empty() {
                "-".to_string()
            } else {
                s.described.join(", ")
            },
        ),
        (
            "supplier declared",
            format!(
                "{} of {} ({})",
                s.provenance.supplier,
                s.components,
                pct(s.provenance.supplier)
            ),
        ),
        (
            "manufacturer",
            format!(
                "{} ({})",
                s.provenance.manufacturer,
                pct(s.provenance.manufacturer)
            ),
        ),
        (
            "any party",
            format!(
                "{} ({})",
                s.provenance.any_party,
                pct(s.provenance.any_party)
            ),
        ),
        ("warnings", s.warnings.len().to_string()),
    ];
    for (k, v) in rows {
        writeln!(out, "{k:<18} {v}")?;
    }
    if s.provenance.none > 0 {
        writeln!(
            out,
            "note: {} component(s) declare no supplier, manufacturer or author: absence of adversary code cannot be proven for them",
            s.provenance.none
        )?;
    }
    Ok(())
}
