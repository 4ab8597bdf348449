//! `bomscreen graph`: the dependency graph with each component's resolved supplier, as
//! Graphviz dot, a Mermaid flowchart or JSON. Output is sorted, so the same input always gives
//! the same bytes.

use std::collections::BTreeSet;
use std::io::Write;

use serde::Serialize;

use super::{GraphArgs, GraphFormat, Outcome};
use crate::graph::{DepGraph, Edge, Node};
use crate::ingest::{self, ReadOptions};
use crate::model::{Component, Sbom, Warning};
use crate::provenance::{self, ComponentProvenance};

/// One document read, linked and attributed: what `graph` and `explain` work on.
pub(super) struct Loaded {
    pub sbom: Sbom,
    pub graph: DepGraph,
    pub provenance: Vec<ComponentProvenance>,
}

impl Loaded {
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
        all.sort_by(|a, b| a.code.cmp(&b.code));
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
    let Some(doc) = load(&args.file, args.strict) else {
        return Ok(Outcome::CouldNotRun);
    };
    let (sbom, graph) = (&doc.sbom, &doc.graph);
    // The nodes to show: everything, or the focus, the path to it and what lies below it.
    let nodes: BTreeSet<Node> = match &args.focus {
        None => graph
            .edges()
            .flat_map(|(a, b, _)| [a, b])
            .chain(
                (0..sbom.components.len())
                    .filter_map(|i| graph.canonical(i))
                    .map(Node::Component),
            )
            .collect(),
        Some(r) => match lookup(sbom, graph, r) {
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
                let label = label(&doc, n).join("\n");
                let style = match n {
                    Node::Document => ", shape=note",
                    Node::Component(i) if roots.contains(&i) => ", penwidth=2",
                    _ => "",
                };
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
                let label: Vec<String> = label(&doc, n).iter().map(|l| mermaid_escape(l)).collect();
                writeln!(out, "  {}[\"{}\"]", key(n), label.join("<br/>"))?;
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

fn label(doc: &Loaded, n: Node) -> Vec<String> {
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
