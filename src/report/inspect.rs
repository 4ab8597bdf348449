//! `bomscreen inspect`'s view and renderers: what a document holds as the reader and the graph
//! understood it (format, counts, provenance coverage, every warning). Table for people (SBOM
//! strings through [`escape::terminal`](super::escape::terminal)), JSON for machines.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::escape;
use crate::graph::DepGraph;
use crate::model::{Origin, PartyRole, Sbom, Warning};

/// What `inspect` reports for one document; JSON is its serialisation.
#[derive(Debug, Serialize)]
pub struct Summary<'a> {
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
    /// CycloneDX services (nested ones too).
    services: usize,
    /// What the documents observed about components (CycloneDX `evidence`, SPDX notices).
    evidence: Observed,
    /// Properties, and how many of them bomscreen understands.
    properties: Properties,
    /// Relations whose two ends are in the document (edges to nothing are warnings, not
    /// relations).
    relations: usize,
    described: &'a [String],
    provenance: Coverage,
    warnings: &'a [Warning],
}

/// Observations by kind.
#[derive(Debug, Serialize)]
struct Observed {
    entries: usize,
    by_kind: BTreeMap<&'static str, usize>,
}

/// Properties, and the understood ones by the generator that documents them.
#[derive(Debug, Serialize)]
struct Properties {
    total: usize,
    understood: usize,
    by_source: BTreeMap<&'static str, usize>,
}

/// How many counted components declare who supplied them.
#[derive(Debug, Serialize)]
struct Coverage {
    supplier: usize,
    manufacturer: usize,
    any_party: usize,
    none: usize,
}

impl<'a> Summary<'a> {
    /// Summarises a document read and linked; `warnings` are every stage's.
    pub fn new(sbom: &'a Sbom, graph: &DepGraph, warnings: &'a [Warning]) -> Summary<'a> {
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
        let mut observed = Observed {
            entries: 0,
            by_kind: BTreeMap::new(),
        };
        let mut properties = Properties {
            total: 0,
            understood: 0,
            by_source: BTreeMap::new(),
        };
        for c in &sbom.components {
            for o in &c.evidence {
                observed.entries += 1;
                *observed.by_kind.entry(o.kind.as_str()).or_default() += 1;
            }
            properties.total += c.properties.len();
            for (_, _, u) in c.understood_properties() {
                properties.understood += 1;
                *properties.by_source.entry(u.source).or_default() += 1;
            }
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
                .filter(|c| c.origin == Origin::Nested)
                .count(),
            files: sbom
                .components
                .iter()
                .filter(|c| c.origin == Origin::File)
                .count(),
            services: sbom.components.iter().filter(|c| c.is_service()).count(),
            evidence: observed,
            properties,
            relations: sbom.relations.len() - graph.stats.dangling_relations,
            described: &sbom.described,
            provenance: Coverage {
                supplier: declares(PartyRole::Supplier),
                manufacturer: declares(PartyRole::Manufacturer),
                any_party,
                none: counted.len() - any_party,
            },
            warnings,
        }
    }
}

/// JSON: one object for one document, an array for several.
pub fn json(summaries: &[Summary], one: bool, out: &mut dyn Write) -> io::Result<()> {
    match (one, summaries.first()) {
        (true, Some(s)) => serde_json::to_writer_pretty(&mut *out, s)?,
        (true, None) => return Ok(()),
        (false, _) => serde_json::to_writer_pretty(&mut *out, summaries)?,
    }
    writeln!(out)
}

/// Aligned text, one block per document.
pub fn table(summaries: &[Summary], out: &mut dyn Write) -> io::Result<()> {
    for (i, s) in summaries.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        block(s, out)?;
    }
    Ok(())
}

/// `12 (path 3, identity 1)`, or `12 (4 understood: syft 4)` with a lead.
fn counts(total: usize, lead: &str, by: &BTreeMap<&'static str, usize>) -> String {
    let parts: Vec<String> = by.iter().map(|(k, n)| format!("{k} {n}")).collect();
    if total == 0 {
        return "0".to_string();
    }
    match (lead.is_empty(), parts.is_empty()) {
        (true, true) => total.to_string(),
        (true, false) => format!("{total} ({})", parts.join(", ")),
        (false, true) => format!("{total} ({lead})"),
        (false, false) => format!("{total} ({lead}: {})", parts.join(", ")),
    }
}

fn block(s: &Summary, out: &mut dyn Write) -> io::Result<()> {
    let t = escape::terminal;
    let pct = |n: usize| {
        if s.components == 0 {
            "-".to_string()
        } else {
            format!("{:.0}%", n as f64 * 100.0 / s.components as f64)
        }
    };
    let list = |items: &[String]| {
        if items.is_empty() {
            "-".to_string()
        } else {
            t(&items.join(", "))
        }
    };
    let rows: Vec<(&str, String)> = vec![
        ("file", t(s.file)),
        (
            "format",
            format!("{} {} ({})", s.format, t(s.spec_version), s.syntax),
        ),
        ("encoding", s.encoding.clone()),
        ("name", s.name.map_or("-".to_string(), t)),
        ("generator", list(&s.generator)),
        (
            "components",
            format!("{} ({} nested)", s.components, s.nested_components),
        ),
        ("files", s.files.to_string()),
        ("services", s.services.to_string()),
        (
            "evidence",
            counts(s.evidence.entries, "", &s.evidence.by_kind),
        ),
        (
            "properties",
            counts(
                s.properties.total,
                &format!("{} understood", s.properties.understood),
                &s.properties.by_source,
            ),
        ),
        ("relations", s.relations.to_string()),
        ("describes", list(s.described)),
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
