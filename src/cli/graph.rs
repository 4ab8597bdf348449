//! `bomscreen graph`: the dependency graph with each component's resolved supplier, as
//! Graphviz dot, a Mermaid flowchart or JSON. Output is sorted, so the same input always gives
//! the same bytes.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;

use serde::Serialize;

use super::{GraphArgs, GraphFormat, Outcome};
use crate::finding::{Code, Finding, Severity};
use crate::graph::{DepGraph, Edge, Node};
use crate::ingest::{self, ReadOptions};
use crate::model::{Component, Sbom, Warning};
use crate::policy::{self, Policy};
use crate::provenance::{self, ComponentProvenance};
use crate::report::{ReportFinding, WatchlistInfo};
use crate::screen::Screener;

/// One document read, linked and attributed: what `graph` and `explain` work on.
pub(super) struct Loaded {
    pub sbom: Sbom,
    pub graph: DepGraph,
    pub provenance: Vec<ComponentProvenance>,
}

impl Loaded {
    /// Component indices by (id, JSON pointer or element path): how a finding's component is
    /// found again in its document (an id alone may repeat).
    pub(super) fn places(&self) -> HashMap<(&str, &str), usize> {
        self.sbom
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| ((c.id.as_str(), c.location.pointer.as_str()), i))
            .collect()
    }

    /// Reader warnings and graph warnings, one per code (the graph's text wins: it says what
    /// was done about the problem).
    pub fn warnings(&self) -> Vec<&Warning> {
        let mut all: Vec<&Warning> = self.graph.warnings.iter().collect();
        let codes: BTreeSet<&str> = all.iter().map(|w| w.code.as_str()).collect();
        all.extend(
            self.sbom
                .warnings
                .iter()
                .filter(|w| !codes.contains(w.code.as_str())),
        );
        all.sort_by_key(|w| w.code);
        all
    }
}

/// Reads, links and attributes one file; errors are printed and end the run with exit 2.
pub(super) fn load(path: &std::path::Path, strict: bool) -> Option<Loaded> {
    match ingest::read(path, &ReadOptions { strict }) {
        Ok(sbom) => {
            let graph = DepGraph::build(&sbom);
            let provenance = provenance::resolve(&sbom, &graph);
            Some(Loaded {
                sbom,
                graph,
                provenance,
            })
        }
        Err(e) => {
            super::report_error(&e);
            None
        }
    }
}

/// The screening `explain`, `graph --flagged` and `diff` run: the policy and watchlist loaded
/// once, then the findings of each document, judged by the policy as `scan` judges them.
pub(super) struct Screening {
    /// The policy applied.
    pub policy: Policy,
    screener: Screener,
    /// The watchlist screened against.
    pub watchlist: WatchlistInfo,
    /// The date designations and waivers are judged at.
    pub as_of: jiff::civil::Date,
}

impl Screening {
    /// Loads the policy and the watchlists; problems are printed and give `None` (exit 2).
    pub(super) fn prepare(opts: &super::ScreenOptions) -> Option<Screening> {
        let policy = super::scan::load_policy(opts.policy.as_deref())?;
        let watchlist = match super::watchlist::load(&opts.watchlists) {
            Ok(w) => w,
            Err(e) => {
                super::report_error(&e);
                return None;
            }
        };
        Some(Screening {
            policy,
            screener: Screener::new(&watchlist),
            watchlist: WatchlistInfo::of(&watchlist),
            as_of: opts.as_of.unwrap_or_else(super::today),
        })
    }

    /// The policy file applied; `None` for the built-in default.
    pub(super) fn policy_file(&self) -> Option<&str> {
        self.policy.source.as_deref()
    }

    /// Screens the whole document (integration findings need the graph) and judges the
    /// findings `keep` selects; highest severity first.
    pub(super) fn judge(
        &self,
        doc: &Loaded,
        keep: impl Fn(&Finding) -> bool,
    ) -> Vec<ReportFinding> {
        let kept: Vec<Finding> = self
            .screener
            .screen(&doc.sbom, &doc.graph, &doc.provenance, self.as_of)
            .into_iter()
            .filter(|f| keep(f))
            .collect();
        let mut findings: Vec<ReportFinding> = policy::evaluate(&self.policy, kept, self.as_of)
            .findings
            .into_iter()
            .map(ReportFinding::from)
            .collect();
        findings.sort_by(|a, b| {
            (
                Reverse(a.severity),
                a.code,
                &a.component.id,
                &a.entity.id,
                &a.integrates,
            )
                .cmp(&(
                    Reverse(b.severity),
                    b.code,
                    &b.component.id,
                    &b.entity.id,
                    &b.integrates,
                ))
        });
        findings
    }
}

/// Finds a component by bom-ref/SPDXID, then purl, then `name@version`, then name.
pub(super) fn lookup(sbom: &Sbom, graph: &DepGraph, reference: &str) -> Result<usize, String> {
    let r = reference.trim();
    let tests: [&dyn Fn(&Component) -> bool; 4] = [
        &|c| c.id == r,
        &|c| c.purl.as_deref() == Some(r),
        &|c| {
            c.version
                .as_deref()
                .is_some_and(|v| format!("{}@{v}", c.name) == r)
        },
        &|c| c.name == r,
    ];
    for test in tests {
        let found: BTreeSet<usize> = sbom
            .components
            .iter()
            .enumerate()
            .filter(|(_, c)| test(c))
            .filter_map(|(i, _)| graph.canonical(i))
            .collect();
        match found.len() {
            0 => continue,
            1 => return Ok(found.into_iter().next().unwrap_or_default()),
            n => {
                let ids: Vec<&str> = found
                    .iter()
                    .take(5)
                    .map(|&i| sbom.components[i].id.as_str())
                    .collect();
                return Err(format!(
                    "{}: {reference:?} matches {n} components ({}{}); give the bom-ref or SPDXID",
                    sbom.source,
                    ids.join(", "),
                    if n > 5 { ", ..." } else { "" }
                ));
            }
        }
    }
    Err(format!(
        "{}: no component {reference:?} (looked for a bom-ref/SPDXID, purl, name@version or name)",
        sbom.source
    ))
}

/// `name@version`, or the name alone, or the id when the component has no name.
pub(super) fn display(c: &Component) -> String {
    let name = if c.name.is_empty() {
        c.id.as_str()
    } else {
        c.name.as_str()
    };
    match &c.version {
        Some(v) if !v.is_empty() => format!("{name}@{v}"),
        _ => name.to_string(),
    }
}

/// What screening flagged on one component, for drawing.
#[derive(Debug, Serialize)]
struct Mark {
    /// The highest final severity among its findings.
    severity: Severity,
    /// Its finding codes, sorted.
    codes: BTreeSet<Code>,
    /// The watchlist entities, sorted by id.
    entities: BTreeSet<String>,
    /// Every one of its findings is waived.
    waived: bool,
}

impl Mark {
    fn line(&self) -> String {
        let codes: Vec<&str> = self.codes.iter().map(|c| c.as_str()).collect();
        let entities: Vec<&str> = self.entities.iter().map(String::as_str).collect();
        format!(
            "{} {} ({}){}",
            self.severity.as_str().to_uppercase(),
            codes.join(", "),
            entities.join(", "),
            if self.waived { " waived" } else { "" }
        )
    }

    /// Outline colour by severity (the HTML report's palette).
    fn colour(&self) -> &'static str {
        match self.severity {
            Severity::Critical => "#7f1d1d",
            Severity::High => "#b91c1c",
            Severity::Medium => "#b45309",
            Severity::Low => "#0e7490",
            Severity::Info => "#6b7280",
        }
    }
}

/// The flagged components of a document, by canonical component index.
struct Marks {
    by_component: BTreeMap<usize, Mark>,
}

impl Marks {
    fn of(doc: &Loaded, findings: &[ReportFinding]) -> Marks {
        // Findings name their component by id and place in the file, as the reports do.
        let places = doc.places();
        let mut by_component: BTreeMap<usize, Mark> = BTreeMap::new();
        for f in findings {
            let key = (
                f.component.id.as_str(),
                f.component.location.pointer.as_str(),
            );
            let Some(i) = places.get(&key).and_then(|&i| doc.graph.canonical(i)) else {
                continue;
            };
            let mark = by_component.entry(i).or_insert_with(|| Mark {
                severity: f.severity,
                codes: BTreeSet::new(),
                entities: BTreeSet::new(),
                waived: true,
            });
            mark.severity = mark.severity.max(f.severity);
            mark.codes.insert(f.code);
            mark.entities.insert(f.entity.id.clone());
            mark.waived &= f.waived.is_some();
        }
        Marks { by_component }
    }

    fn get(marks: Option<&Marks>, n: Node) -> Option<&Mark> {
        match n {
            Node::Component(i) => marks?.by_component.get(&i),
            Node::Document => None,
        }
    }
}

#[derive(Serialize)]
struct JsonNode<'a> {
    node: String,
    #[serde(rename = "ref")]
    reference: &'a str,
    name: &'a str,
    version: Option<&'a str>,
    purl: Option<&'a str>,
    origin: Option<crate::model::Origin>,
    root: bool,
    supplier: Option<&'a provenance::Attribution>,
    /// With --flagged: what screening found on the component.
    #[serde(skip_serializing_if = "Option::is_none")]
    flagged: Option<&'a Mark>,
}

#[derive(Serialize)]
struct JsonEdge<'a> {
    from: String,
    to: String,
    #[serde(flatten)]
    edge: &'a Edge,
}

#[derive(Serialize)]
struct JsonGraph<'a> {
    file: &'a str,
    roots: Vec<&'a str>,
    nodes: Vec<JsonNode<'a>>,
    edges: Vec<JsonEdge<'a>>,
    stats: &'a crate::graph::GraphStats,
    warnings: Vec<&'a Warning>,
}

fn key(n: Node) -> String {
    match n {
        Node::Document => "document".to_string(),
        Node::Component(i) => format!("c{i}"),
    }
}

pub(super) fn run(args: &GraphArgs, out: &mut dyn Write) -> std::io::Result<Outcome> {
    let screening = match args.flagged {
        true => match Screening::prepare(&args.screening) {
            Some(s) => Some(s),
            None => return Ok(Outcome::CouldNotRun),
        },
        false => None,
    };
    let Some(doc) = load(&args.file, args.strict) else {
        return Ok(Outcome::CouldNotRun);
    };
    let (sbom, graph) = (&doc.sbom, &doc.graph);
    let marks = screening.map(|s| Marks::of(&doc, &s.judge(&doc, |_| true)));
    // The nodes to show: everything; the focus, the path to it and what lies below it; or the
    // flagged components and the paths to them.
    let nodes: BTreeSet<Node> = match (&args.focus, &marks) {
        (_, Some(marks)) => {
            let mut set = BTreeSet::new();
            for &i in marks.by_component.keys() {
                set.insert(i);
                set.extend(graph.path_from_root(i).unwrap_or_default());
            }
            if set.is_empty() {
                super::report_note(&format!(
                    "{}: screening flags no component; the graph is empty",
                    sbom.source
                ));
            }
            set.into_iter().map(Node::Component).collect()
        }
        (None, None) => graph
            .edges()
            .flat_map(|(a, b, _)| [a, b])
            .chain(
                (0..sbom.components.len())
                    .filter_map(|i| graph.canonical(i))
                    .map(Node::Component),
            )
            .collect(),
        (Some(r), None) => match lookup(sbom, graph, r) {
            Ok(c) => {
                let mut set: BTreeSet<usize> =
                    graph.descendants(c, args.depth).into_iter().collect();
                set.insert(c);
                set.extend(graph.path_from_root(c).unwrap_or_default());
                set.into_iter().map(Node::Component).collect()
            }
            Err(msg) => {
                super::report_error(&msg);
                return Ok(Outcome::CouldNotRun);
            }
        },
    };
    let mut edges: Vec<(Node, Node, &Edge)> = graph
        .edges()
        .filter(|(a, b, _)| nodes.contains(a) && nodes.contains(b))
        .collect();
    edges.sort_by_key(|(a, b, e)| (*a, *b, e.kind, e.flavour));
    let roots: BTreeSet<usize> = graph.roots().iter().copied().collect();
    match args.format {
        GraphFormat::Json => {
            let json = JsonGraph {
                file: &sbom.source,
                roots: graph
                    .roots()
                    .iter()
                    .map(|&r| sbom.components[r].id.as_str())
                    .collect(),
                nodes: nodes
                    .iter()
                    .map(|&n| match n {
                        Node::Document => JsonNode {
                            node: key(n),
                            reference: sbom.serial.as_deref().unwrap_or(""),
                            name: sbom.name.as_deref().unwrap_or(""),
                            version: None,
                            purl: None,
                            origin: None,
                            root: false,
                            supplier: None,
                            flagged: None,
                        },
                        Node::Component(i) => {
                            let c = &sbom.components[i];
                            JsonNode {
                                node: key(n),
                                reference: &c.id,
                                name: &c.name,
                                version: c.version.as_deref(),
                                purl: c.purl.as_deref(),
                                origin: Some(c.origin),
                                root: roots.contains(&i),
                                supplier: doc.provenance[i].supplier(),
                                flagged: Marks::get(marks.as_ref(), n),
                            }
                        }
                    })
                    .collect(),
                edges: edges
                    .iter()
                    .map(|(a, b, e)| JsonEdge {
                        from: key(*a),
                        to: key(*b),
                        edge: e,
                    })
                    .collect(),
                stats: &graph.stats,
                warnings: doc.warnings(),
            };
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)?;
        }
        GraphFormat::Dot => {
            writeln!(out, "digraph sbom {{")?;
            writeln!(out, "  rankdir=LR;")?;
            writeln!(out, "  node [shape=box, fontname=\"Helvetica\"];")?;
            for &n in &nodes {
                let mark = Marks::get(marks.as_ref(), n);
                let label = label(&doc, n, mark).join("\n");
                let mut style = match n {
                    Node::Document => ", shape=note",
                    Node::Component(i) if roots.contains(&i) => ", penwidth=2",
                    _ => "",
                }
                .to_string();
                if let Some(m) = mark {
                    let dashed = if m.waived { ", style=dashed" } else { "" };
                    style = format!(
                        ", color=\"{c}\", fontcolor=\"{c}\", penwidth=2{dashed}",
                        c = m.colour()
                    );
                }
                writeln!(
                    out,
                    "  {} [label=\"{}\"{style}];",
                    key(n),
                    dot_escape(&label)
                )?;
            }
            for (a, b, e) in &edges {
                let dashed = if e.flavour.is_some() {
                    ", style=dashed"
                } else {
                    ""
                };
                writeln!(
                    out,
                    "  {} -> {} [label=\"{}\"{dashed}];",
                    key(*a),
                    key(*b),
                    edge_label(e)
                )?;
            }
            writeln!(out, "}}")?;
        }
        GraphFormat::Mermaid => {
            writeln!(out, "flowchart LR")?;
            for &n in &nodes {
                let mark = Marks::get(marks.as_ref(), n);
                let label: Vec<String> = label(&doc, n, mark)
                    .iter()
                    .map(|l| mermaid_escape(l))
                    .collect();
                writeln!(out, "  {}[\"{}\"]", key(n), label.join("<br/>"))?;
                if let Some(m) = mark {
                    let dash = if m.waived {
                        ",stroke-dasharray:5 5"
                    } else {
                        ""
                    };
                    writeln!(
                        out,
                        "  style {} stroke:{},stroke-width:2px{dash}",
                        key(n),
                        m.colour()
                    )?;
                }
            }
            for (a, b, e) in &edges {
                let arrow = if e.flavour.is_some() { "-.->" } else { "-->" };
                writeln!(out, "  {} {arrow}|{}| {}", key(*a), edge_label(e), key(*b))?;
            }
        }
    }
    if args.format != GraphFormat::Json {
        for w in doc.warnings() {
            super::report_warning(&sbom.source, w);
        }
    }
    Ok(Outcome::Passed)
}

fn label(doc: &Loaded, n: Node, mark: Option<&Mark>) -> Vec<String> {
    match n {
        Node::Document => vec![
            format!("document {}", doc.sbom.name.as_deref().unwrap_or(""))
                .trim_end()
                .to_string(),
        ],
        Node::Component(i) => {
            let mut lines = vec![display(&doc.sbom.components[i])];
            if let Some(s) = doc.provenance[i].supplier() {
                lines.push(format!(
                    "{} ({} {})",
                    s.name,
                    s.source.class(),
                    s.source.field()
                ));
            }
            lines.extend(mark.map(Mark::line));
            lines
        }
    }
}

fn edge_label(e: &Edge) -> String {
    match e.flavour {
        Some(f) => format!("{} {}", e.kind.as_str(), f.as_str()),
        None => e.kind.as_str().to_string(),
    }
}

/// Graphviz double-quoted string: `"` and `\` escaped, line breaks as `\n`.
fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Mermaid quoted label: quotes and angle brackets as entity codes, so SBOM text cannot close
/// the label or inject markup.
fn mermaid_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '`' => out.push_str("#96;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped() {
        assert_eq!(dot_escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
        assert_eq!(
            mermaid_escape("x\"]; click <b>#"),
            "x#quot;]; click #lt;b#gt;#35;"
        );
    }
}
