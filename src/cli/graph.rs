//! `bomscreen graph`: choose the nodes (everything, a focus and its neighbourhood, or the flagged
//! components and the paths to them) and render them with [`report::graph`].

use std::collections::BTreeSet;
use std::io::Write;

use super::{GraphArgs, GraphFormat, Outcome};
use crate::analysis::Error;
use crate::graph::Node;
use crate::ingest::ReadOptions;
use crate::report::graph::{self, GraphView};

pub(super) fn run(args: &GraphArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let screening = match args.flagged {
        true => Some(super::screening(&args.screening, None)?),
        false => None,
    };
    let doc = super::read_document(
        &args.file,
        &ReadOptions {
            strict: args.strict,
        },
    )?;
    let (sbom, g) = (&doc.sbom, &doc.graph);
    let marks = screening.map(|s| {
        let findings = s.judge_document(&doc, |_| true);
        graph::marks(g, &doc.sbom.places(), &findings)
    });
    let nodes: BTreeSet<Node> = match (&args.focus, &marks) {
        (_, Some(marks)) => {
            let mut set = BTreeSet::new();
            for &i in marks.keys() {
                set.insert(i);
                set.extend(g.path_from_root(i).unwrap_or_default());
            }
            if set.is_empty() {
                super::report_note(&format!(
                    "{}: screening flags no component; the graph is empty",
                    sbom.source
                ));
            }
            set.into_iter().map(Node::Component).collect()
        }
        (None, None) => g
            .edges()
            .flat_map(|(a, b, _)| [a, b])
            .chain(
                (0..sbom.components.len())
                    .filter_map(|i| g.canonical(i))
                    .map(Node::Component),
            )
            .collect(),
        (Some(r), None) => {
            let c = doc.lookup(r)?;
            let mut set: BTreeSet<usize> = g.descendants(c, args.depth).into_iter().collect();
            set.insert(c);
            set.extend(g.path_from_root(c).unwrap_or_default());
            set.into_iter().map(Node::Component).collect()
        }
    };
    let view = GraphView::new(sbom, g, &doc.provenance, nodes, marks, &doc.warnings);
    match args.format {
        GraphFormat::Json => graph::json(&view, out)?,
        GraphFormat::Dot => graph::dot(&view, out)?,
        GraphFormat::Mermaid => graph::mermaid(&view, out)?,
    }
    // JSON carries the warnings itself; the text formats leave them to standard error.
    if args.format != GraphFormat::Json {
        super::report_warnings(&doc);
    }
    Ok(Outcome::Passed)
}
