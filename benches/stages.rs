//! Where one large scan spends its time: every stage of `bomscreen scan` (read the file, ingest,
//! graph, provenance, screen, judge, render JSON, free) timed on its own, one process per
//! format, on the 100k-component SBOMs of ../shared/tools/gen_sbom.py (made into
//! target/bench-data on first use). Unlike divan, nothing is dropped outside the clock: freeing
//! the document is a stage of its own, as it is for a user waiting on the process.
//!
//! Run: `cargo bench --bench stages [-- FORMAT...]` (formats: cdx-json cdx-xml spdx-json spdx-tv).
//! `benches/compare.sh` measures whole processes (wall time, peak RSS) against the parse limit.

#![allow(clippy::print_stdout)] // a benchmark prints its table

mod common;

use std::time::Instant;

use bomscreen::analysis::{Config, Document, Screening};
use bomscreen::graph::DepGraph;
use bomscreen::ingest::{ReadOptions, read_owned};
use bomscreen::provenance;
use bomscreen::report::{self, DocumentReport, Format, RenderOptions, Report};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const FORMATS: [(&str, &str); 4] = [
    ("cdx-json", "json"),
    ("cdx-xml", "xml"),
    ("spdx-json", "json"),
    ("spdx-tv", "spdx"),
];

fn main() {
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let config = Config {
        as_of: jiff::civil::date(2026, 11, 23),
        ..Config::default()
    };
    let screening = Screening::load(&config).expect("the built-in watchlist loads");
    println!("seconds per stage on 100k components (the fastest of 3 whole runs)");
    for (format, ext) in FORMATS {
        if !wanted.is_empty() && !wanted.iter().any(|w| w == format) {
            continue;
        }
        let path = common::generated(format, ext);
        let mut best: Option<Vec<(&str, f64)>> = None;
        for _ in 0..3 {
            let stages = run(&path, &screening);
            let total = |s: &[(&str, f64)]| s.iter().map(|(_, t)| t).sum::<f64>();
            if best.as_ref().is_none_or(|b| total(&stages) < total(b)) {
                best = Some(stages);
            }
        }
        let stages = best.unwrap_or_default();
        let total: f64 = stages.iter().map(|(_, t)| t).sum();
        let shown: Vec<String> = stages
            .iter()
            .map(|(name, t)| format!("{name} {t:.3}"))
            .collect();
        println!("{format:<10} total {total:.3}  {}", shown.join("  "));
    }
}

/// One scan of `path`, stage by stage, as `bomscreen scan --format json` runs it.
fn run(path: &std::path::Path, screening: &Screening) -> Vec<(&'static str, f64)> {
    let mut stages = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, stages: &mut Vec<(&'static str, f64)>| {
        stages.push((name, clock.elapsed().as_secs_f64()));
        clock = Instant::now();
    };
    let bytes = std::fs::read(path).unwrap();
    lap("read", &mut stages);
    let source = path.display().to_string();
    let sbom = read_owned(bytes, &source, &ReadOptions::default()).unwrap();
    lap("ingest", &mut stages);
    let graph = DepGraph::build(&sbom);
    lap("graph", &mut stages);
    let provenance = provenance::resolve(&sbom, &graph);
    lap("provenance", &mut stages);
    let doc = Document::assemble(sbom, graph, provenance);
    let findings = screening.screen(&doc);
    lap("screen", &mut stages);
    let document = DocumentReport::from_sbom(&doc.sbom)
        .with_warnings(&doc.warnings)
        .with_labels(&doc.sbom, &findings);
    let evaluation = screening.judge(findings);
    let report = Report::new(
        screening.watchlist.clone(),
        screening.as_of,
        &screening.policy,
        evaluation,
        vec![document],
    );
    lap("judge", &mut stages);
    let mut out = Vec::new();
    report::render(Format::Json, &report, &RenderOptions::default(), &mut out).unwrap();
    std::hint::black_box(&out);
    lap("render", &mut stages);
    drop((doc, report, out));
    lap("free", &mut stages);
    stages
}
