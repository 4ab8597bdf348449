//! `bomscreen graph`'s view and renderers: the chosen nodes of a document's dependency graph
//! with each component's resolved supplier (and, with `--flagged`, what screening found on it),
//! as Graphviz dot, a Mermaid flowchart or JSON. Sorted, so the same input gives the same bytes;
//! every label goes through [`escape`](super::escape).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Write};

use serde::Serialize;

use super::{escape, palette};
use crate::finding::{Code, Judged, Severity};
use crate::graph::{DepGraph, Edge, GraphStats, Node};
use crate::model::{Origin, Sbom, Warning};
use crate::provenance::{Attribution, ComponentProvenance};

/// What screening flagged on one component, for drawing.
#[derive(Debug, Serialize)]
pub struct Mark {
    /// The highest final severity among its findings.
    pub severity: Severity,
    /// Its finding codes, sorted.
    pub codes: BTreeSet<Code>,
    /// The watchlist entities, sorted by id.
    pub entities: BTreeSet<String>,
    /// Every one of its findings is waived.
    pub waived: bool,
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
}

/// The flagged components of a document by canonical component index: findings name their
/// component by id and place in the file, as the reports do.
pub fn marks(
    graph: &DepGraph,
    places: &HashMap<(&str, &str), usize>,
    findings: &[Judged],
) -> BTreeMap<usize, Mark> {
    let mut by_component: BTreeMap<usize, Mark> = BTreeMap::new();
    for j in findings {
        let f = &j.finding;
        let key = (
            f.component.id.as_str(),
            f.component.location.pointer.as_str(),
        );
        let Some(i) = places.get(&key).and_then(|&i| graph.canonical(i)) else {
            continue;
        };
        let mark = by_component.entry(i).or_insert_with(|| Mark {
            severity: j.severity,
            codes: BTreeSet::new(),
            entities: BTreeSet::new(),
            waived: true,
        });
        mark.severity = mark.severity.max(j.severity);
        mark.codes.insert(f.code);
        mark.entities.insert(f.entity.id.clone());
        mark.waived &= j.waived.is_some();
    }
    by_component
}

/// The part of a document's graph to draw.
pub struct GraphView<'a> {
    sbom: &'a Sbom,
    provenance: &'a [ComponentProvenance],
    nodes: BTreeSet<Node>,
    edges: Vec<(Node, Node, &'a Edge)>,
    roots: Vec<usize>,
    stats: &'a GraphStats,
    marks: Option<BTreeMap<usize, Mark>>,
    warnings: &'a [Warning],
}

impl<'a> GraphView<'a> {
    /// The chosen nodes and every edge between them, sorted.
    pub fn new(
        sbom: &'a Sbom,
        graph: &'a DepGraph,
        provenance: &'a [ComponentProvenance],
        nodes: BTreeSet<Node>,
        marks: Option<BTreeMap<usize, Mark>>,
        warnings: &'a [Warning],
    ) -> GraphView<'a> {
        let mut edges: Vec<(Node, Node, &Edge)> = graph
            .edges()
            .filter(|(a, b, _)| nodes.contains(a) && nodes.contains(b))
            .collect();
        edges.sort_by_key(|(a, b, e)| (*a, *b, e.kind, e.flavour));
        GraphView {
            sbom,
            provenance,
            nodes,
            edges,
            roots: graph.roots().to_vec(),
            stats: &graph.stats,
            marks,
            warnings,
        }
    }

    fn mark(&self, n: Node) -> Option<&Mark> {
        match n {
            Node::Component(i) => self.marks.as_ref()?.get(&i),
            Node::Document => None,
        }
    }

    fn is_root(&self, i: usize) -> bool {
        self.roots.contains(&i)
    }

    /// The label lines of a node: the component, its supplier and how we know, the mark.
    fn label(&self, n: Node) -> Vec<String> {
        match n {
            Node::Document => vec![
                format!("document {}", self.sbom.name.as_deref().unwrap_or(""))
                    .trim_end()
                    .to_string(),
            ],
            Node::Component(i) => {
                let mut lines = vec![self.sbom.components[i].display_name()];
                if let Some(s) = self.provenance[i].supplier() {
                    lines.push(format!(
                        "{} ({} {})",
                        s.name,
                        s.source.class(),
                        s.source.field()
                    ));
                }
                lines.extend(self.mark(n).map(Mark::line));
                lines
            }
        }
    }
}

fn key(n: Node) -> String {
    match n {
        Node::Document => "document".to_string(),
        Node::Component(i) => format!("c{i}"),
    }
}

fn edge_label(e: &Edge) -> String {
    match e.flavour {
        Some(f) => format!("{} {}", e.kind.as_str(), f.as_str()),
        None => e.kind.as_str().to_string(),
    }
}

/// Graphviz dot (`dot -Tsvg`): flagged nodes outlined in their severity's colour, waived ones
/// dashed.
pub fn dot(v: &GraphView, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "digraph sbom {{")?;
    writeln!(out, "  rankdir=LR;")?;
    writeln!(out, "  node [shape=box, fontname=\"Helvetica\"];")?;
    for &n in &v.nodes {
        let label = v.label(n).join("\n");
        let mut style = match n {
            Node::Document => ", shape=note",
            Node::Component(i) if v.is_root(i) => ", penwidth=2",
            _ => "",
        }
        .to_string();
        if let Some(m) = v.mark(n) {
            let dashed = if m.waived { ", style=dashed" } else { "" };
            style = format!(
                ", color=\"{c}\", fontcolor=\"{c}\", penwidth=2{dashed}",
                c = palette::hex(m.severity)
            );
        }
        writeln!(
            out,
            "  {} [label=\"{}\"{style}];",
            key(n),
            escape::dot(&label)
        )?;
    }
    for (a, b, e) in &v.edges {
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
    writeln!(out, "}}")
}

/// A Mermaid flowchart (renders in GitHub Markdown).
pub fn mermaid(v: &GraphView, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "flowchart LR")?;
    for &n in &v.nodes {
        let label: Vec<String> = v.label(n).iter().map(|l| escape::mermaid(l)).collect();
        writeln!(out, "  {}[\"{}\"]", key(n), label.join("<br/>"))?;
        if let Some(m) = v.mark(n) {
            let dash = if m.waived {
                ",stroke-dasharray:5 5"
            } else {
                ""
            };
            writeln!(
                out,
                "  style {} stroke:{},stroke-width:2px{dash}",
                key(n),
                palette::hex(m.severity)
            )?;
        }
    }
    for (a, b, e) in &v.edges {
        let arrow = if e.flavour.is_some() { "-.->" } else { "-->" };
        writeln!(out, "  {} {arrow}|{}| {}", key(*a), edge_label(e), key(*b))?;
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonNode<'a> {
    node: String,
    #[serde(rename = "ref")]
    reference: &'a str,
    name: &'a str,
    version: Option<&'a str>,
    purl: Option<&'a str>,
    origin: Option<Origin>,
    root: bool,
    supplier: Option<&'a Attribution>,
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
    stats: &'a GraphStats,
    warnings: &'a [Warning],
}

/// JSON: nodes with name, version and supplier; edges with kind and flavour; the graph's
/// statistics and every warning.
pub fn json(v: &GraphView, out: &mut dyn Write) -> io::Result<()> {
    let sbom = v.sbom;
    let node = |n: Node| match n {
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
                root: v.is_root(i),
                supplier: v.provenance[i].supplier(),
                flagged: v.mark(n),
            }
        }
    };
    let json = JsonGraph {
        file: &sbom.source,
        roots: v
            .roots
            .iter()
            .map(|&r| sbom.components[r].id.as_str())
            .collect(),
        nodes: v.nodes.iter().map(|&n| node(n)).collect(),
        edges: v
            .edges
            .iter()
            .map(|(a, b, e)| JsonEdge {
                from: key(*a),
                to: key(*b),
                edge: e,
            })
            .collect(),
        stats: v.stats,
        warnings: v.warnings,
    };
    serde_json::to_writer_pretty(&mut *out, &json)?;
    writeln!(out)
}
