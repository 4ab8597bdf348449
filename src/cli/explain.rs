//! `bomscreen explain`: one component, who is behind it and how we know, which products it
//! ends up in, the shortest path to it from the document's root, and what screening finds on
//! it (watchlist matches with their evidence and legal basis, judged by the policy).

use std::io::Write;

use serde::Serialize;

use super::graph::{Screening, display, load, lookup};
use super::{ExplainArgs, InspectFormat, Outcome};
use crate::model::Location;
use crate::provenance::{Attribution, Source};
use crate::report::{self, ReportFinding, WatchlistInfo};

#[derive(Serialize)]
struct Explained<'a> {
    file: &'a str,
    #[serde(rename = "ref")]
    reference: &'a str,
    name: &'a str,
    version: Option<&'a str>,
    purl: Option<&'a str>,
    origin: crate::model::Origin,
    location: &'a Location,
    parties: &'a [Attribution],
    /// Component refs from the root to this component.
    path: Option<Vec<&'a str>>,
    /// Refs of every component that reaches this one.
    ancestors: Vec<&'a str>,
    /// The watchlist the component was screened against.
    watchlist: &'a WatchlistInfo,
    /// The date designations and waivers were judged at, `YYYY-MM-DD`.
    as_of: String,
    /// The policy file applied; `None` for the built-in default.
    policy: Option<&'a str>,
    /// Findings on this component, as in the scan report (highest severity first).
    findings: &'a [ReportFinding],
}

pub(super) fn run(args: &ExplainArgs, out: &mut dyn Write) -> std::io::Result<Outcome> {
    let Some(screening) = Screening::prepare(&args.screening) else {
        return Ok(Outcome::CouldNotRun);
    };
    let Some(doc) = load(&args.file, args.strict) else {
        return Ok(Outcome::CouldNotRun);
    };
    let (sbom, graph) = (&doc.sbom, &doc.graph);
    let i = match lookup(sbom, graph, &args.reference) {
        Ok(i) => i,
        Err(msg) => {
            super::report_error(&msg);
            return Ok(Outcome::CouldNotRun);
        }
    };
    let c = &sbom.components[i];
    let findings = screening.judge(&doc, |f| {
        f.component.id == c.id && f.component.location == c.location
    });
    let parties = &doc.provenance[i].parties;
    let path = graph.path_from_root(i);
    let ancestors = graph.ancestors(i);
    let id = |k: usize| sbom.components[k].id.as_str();
    let name = |k: usize| display(&sbom.components[k]);
    match args.format {
        InspectFormat::Json => {
            let e = Explained {
                file: &sbom.source,
                reference: &c.id,
                name: &c.name,
                version: c.version.as_deref(),
                purl: c.purl.as_deref(),
                origin: c.origin,
                location: &c.location,
                parties,
                path: path.as_ref().map(|p| p.iter().map(|&k| id(k)).collect()),
                ancestors: ancestors.iter().map(|&k| id(k)).collect(),
                watchlist: &screening.watchlist,
                as_of: screening.as_of.to_string(),
                policy: screening.policy_file(),
                findings: &findings,
            };
            serde_json::to_writer_pretty(&mut *out, &e)?;
            writeln!(out)?;
        }
        InspectFormat::Table => {
            writeln!(out, "component  {} ({})", name(i), c.id)?;
            if let Some(p) = &c.purl {
                writeln!(out, "purl       {p}")?;
            }
            let line = c
                .location
                .line
                .map(|l| format!(", line {l}"))
                .unwrap_or_default();
            writeln!(
                out,
                "where      {} {}{line}",
                sbom.source, c.location.pointer
            )?;
            writeln!(out, "parties")?;
            if parties.is_empty() {
                writeln!(
                    out,
                    "  none: nothing in the document says who supplied this component"
                )?;
            }
            for a in parties {
                let country = a
                    .country
                    .as_deref()
                    .map(|c| format!(" [{c}]"))
                    .unwrap_or_default();
                let how = match &a.source {
                    Source::Inherited { from, via, .. } => format!(
                        "inherited {} of {} via {}",
                        a.source.field(),
                        name(*from),
                        via.iter()
                            .map(|&k| name(k))
                            .collect::<Vec<_>>()
                            .join(" -> ")
                    ),
                    Source::Declared(_) => format!("declared {}", a.source.field()),
                    _ => format!(
                        "{} {}: {}",
                        a.source.class(),
                        a.source.field(),
                        one_line(&a.value)
                    ),
                };
                writeln!(out, "  {}{country}  ({how})", a.name)?;
            }
            match &path {
                Some(p) => writeln!(
                    out,
                    "path       {}",
                    p.iter().map(|&k| name(k)).collect::<Vec<_>>().join(" -> ")
                )?,
                None => writeln!(
                    out,
                    "path       none: no root of the document reaches this component"
                )?,
            }
            let list: Vec<String> = ancestors.iter().map(|&k| name(k)).collect();
            writeln!(
                out,
                "ancestors  {} {}",
                list.len(),
                if list.is_empty() {
                    String::new()
                } else {
                    format!("({})", list.join(", "))
                }
            )?;
            self::findings(&screening, &findings, out)?;
            for w in doc.warnings() {
                super::report_warning(&sbom.source, w);
            }
        }
    }
    Ok(Outcome::Passed)
}

/// The findings section of the table: what it was screened against, then each finding.
fn findings(s: &Screening, findings: &[ReportFinding], out: &mut dyn Write) -> std::io::Result<()> {
    let against = format!(
        "watchlist {}, as of {}, policy {}",
        s.watchlist,
        s.as_of,
        s.policy_file().unwrap_or("built-in default")
    );
    if findings.is_empty() {
        return writeln!(out, "findings   none ({against})");
    }
    writeln!(out, "findings   {} ({against})", findings.len())?;
    report::render_findings_table(findings, &super::terminal_options(), out)
}

/// The first line of a value, shortened for a terminal.
fn one_line(s: &str) -> String {
    let first = s.lines().next().unwrap_or("").trim();
    if first.chars().count() > 80 {
        format!("{}...", first.chars().take(77).collect::<String>())
    } else {
        first.to_string()
    }
}
