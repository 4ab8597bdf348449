//! `bomscreen explain`'s view and renderers: one component, who is behind it and how we know,
//! which products it ends up in, the shortest path to it from a root, and its findings judged as
//! `scan` judges them. Table for people (every SBOM string through
//! [`escape::terminal`](super::escape::terminal)), JSON for machines.

use std::io::{self, Write};

use serde::Serialize;

use super::{Judged, RenderOptions, WatchlistInfo, escape, table};
use crate::graph::DepGraph;
use crate::model::{Location, Origin, Sbom};
use crate::provenance::{Attribution, Source};

/// One component explained; JSON is its serialisation.
#[derive(Serialize)]
pub struct Explained<'a> {
    file: &'a str,
    #[serde(rename = "ref")]
    reference: &'a str,
    name: &'a str,
    version: Option<&'a str>,
    purl: Option<&'a str>,
    origin: Origin,
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
    /// Findings on this component, in report order.
    findings: &'a [Judged],
    #[serde(skip)]
    sbom: &'a Sbom,
    #[serde(skip)]
    index: usize,
    #[serde(skip)]
    path_indices: Option<Vec<usize>>,
    #[serde(skip)]
    ancestor_indices: Vec<usize>,
}

/// What the component was screened against: watchlist, date and policy.
pub struct Against<'a> {
    /// The watchlist.
    pub watchlist: &'a WatchlistInfo,
    /// The as-of date.
    pub as_of: jiff::civil::Date,
    /// The policy file; `None` for the built-in default.
    pub policy: Option<&'a str>,
}

impl<'a> Explained<'a> {
    /// Component `i` of a document, with its parties and its judged findings.
    pub fn new(
        sbom: &'a Sbom,
        graph: &DepGraph,
        parties: &'a [Attribution],
        i: usize,
        findings: &'a [Judged],
        against: Against<'a>,
    ) -> Explained<'a> {
        let c = &sbom.components[i];
        let id = |k: &usize| sbom.components[*k].id.as_str();
        let path_indices = graph.path_from_root(i);
        let ancestor_indices = graph.ancestors(i);
        Explained {
            file: &sbom.source,
            reference: &c.id,
            name: &c.name,
            version: c.version.as_deref(),
            purl: c.purl.as_deref(),
            origin: c.origin,
            location: &c.location,
            parties,
            path: path_indices.as_ref().map(|p| p.iter().map(id).collect()),
            ancestors: ancestor_indices.iter().map(id).collect(),
            watchlist: against.watchlist,
            as_of: against.as_of.to_string(),
            policy: against.policy,
            findings,
            sbom,
            index: i,
            path_indices,
            ancestor_indices,
        }
    }

    fn name(&self, k: usize) -> String {
        escape::terminal(&self.sbom.components[k].display_name())
    }
}

/// JSON for machines.
pub fn json(e: &Explained, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, e)?;
    writeln!(out)
}

/// Aligned text for people.
pub fn table(e: &Explained, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let t = escape::terminal;
    writeln!(out, "component  {} ({})", e.name(e.index), t(e.reference))?;
    if let Some(p) = e.purl {
        writeln!(out, "purl       {}", t(p))?;
    }
    let line = e
        .location
        .line
        .map(|l| format!(", line {l}"))
        .unwrap_or_default();
    writeln!(
        out,
        "where      {} {}{line}",
        t(e.file),
        t(&e.location.pointer)
    )?;
    writeln!(out, "parties")?;
    if e.parties.is_empty() {
        writeln!(
            out,
            "  none: nothing in the document says who supplied this component"
        )?;
    }
    for a in e.parties {
        let country = a
            .country
            .as_deref()
            .map(|c| format!(" [{}]", t(c)))
            .unwrap_or_default();
        let how = match &a.source {
            Source::Inherited { from, via, .. } => format!(
                "inherited {} of {} via {}",
                a.source.field(),
                e.name(*from),
                via.iter()
                    .map(|&k| e.name(k))
                    .collect::<Vec<_>>()
                    .join(" -> ")
            ),
            Source::Declared(_) => format!("declared {}", a.source.field()),
            _ => format!(
                "{} {}: {}",
                a.source.class(),
                a.source.field(),
                escape::first_line(&a.value, opts.width)
            ),
        };
        writeln!(out, "  {}{country}  ({how})", t(&a.name))?;
    }
    match &e.path_indices {
        Some(p) => writeln!(
            out,
            "path       {}",
            p.iter()
                .map(|&k| e.name(k))
                .collect::<Vec<_>>()
                .join(" -> ")
        )?,
        None => writeln!(
            out,
            "path       none: no root of the document reaches this component"
        )?,
    }
    let list: Vec<String> = e.ancestor_indices.iter().map(|&k| e.name(k)).collect();
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
    let against = format!(
        "watchlist {}, as of {}, policy {}",
        t(&e.watchlist.to_string()),
        e.as_of,
        t(e.policy.unwrap_or("built-in default"))
    );
    if e.findings.is_empty() {
        return writeln!(out, "findings   none ({against})");
    }
    writeln!(out, "findings   {} ({against})", e.findings.len())?;
    table::findings(e.findings, opts, out)
}
