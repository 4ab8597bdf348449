//! Where one large scan spends its time: every stage of `bomscreen scan` (read the file, ingest,
//! the graph beside each component's own provenance, inherited provenance, screen, judge, render
//! JSON, free) timed on its own, one process per format, on the 100k-component SBOMs of
//! ../shared/tools/gen_sbom.py (made into target/bench-data on first use). Unlike divan, nothing is dropped outside the clock: freeing
//! the document is a stage of its own, as it is for a user waiting on the process.
//!
//! Each stage also shows the process's peak RSS at its end in MB (`VmHWM`, from the first run of
//! a process of its own per format), so the stage where memory peaks stands out.
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
    let formats: Vec<(&str, &str)> = FORMATS
        .into_iter()
        .filter(|(f, _)| wanted.is_empty() || wanted.iter().any(|w| w == f))
        .collect();
    if formats.len() > 1 {
        // One process per format, so that each peak RSS is that format's alone (the allocator
        // keeps freed memory, and a later format would start from the earlier one's high mark).
        println!("seconds per stage on 100k components (the fastest of 3 whole runs)");
        let me = std::env::current_exe().expect("the bench knows its own path");
        for (format, _) in formats {
            let status = std::process::Command::new(&me)
                .args(["--bench", format])
                .status()
                .expect("the bench runs itself");
            assert!(status.success(), "the {format} bench failed");
        }
        return;
    }
    let config = Config {
        as_of: jiff::civil::date(2026, 11, 23),
        ..Config::default()
    };
    let screening = Screening::load(&config).expect("the built-in watchlist loads");
    for (format, ext) in formats {
        let path = common::generated(format, ext);
        // Peaks come from the first run, which starts from a clean heap.
        let runs: Vec<Vec<Lap>> = (0..3).map(|_| run(&path, &screening)).collect();
        let total = |s: &[Lap]| s.iter().map(|l| l.seconds).sum::<f64>();
        let best = runs
            .iter()
            .min_by(|a, b| total(a).total_cmp(&total(b)))
            .expect("three runs");
        let shown: Vec<String> = best
            .iter()
            .map(|l| format!("{} {:.3}", l.stage, l.seconds))
            .collect();
        println!(
            "{format:<10} total {:.3}  {}",
            total(best),
            shown.join("  ")
        );
        let peaks: Vec<String> = runs[0]
            .iter()
            .map(|l| match l.peak_mb {
                Some(mb) => format!("{} {mb}", l.stage),
                None => format!("{} ?", l.stage),
            })
            .collect();
        println!("{:<10} peak RSS MB  {}", "", peaks.join("  "));
    }
}

/// One stage of one run.
struct Lap {
    stage: &'static str,
    seconds: f64,
    /// The process's peak RSS so far, in MB (Linux only).
    peak_mb: Option<u64>,
}

/// `VmHWM` of this process in MB, where /proc has it.
fn peak_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

/// One scan of `path`, stage by stage, as `bomscreen scan --format json` runs it.
fn run(path: &std::path::Path, screening: &Screening) -> Vec<Lap> {
    let mut stages = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |stage: &'static str, stages: &mut Vec<Lap>| {
        stages.push(Lap {
            stage,
            seconds: clock.elapsed().as_secs_f64(),
            peak_mb: peak_mb(),
        });
        clock = Instant::now();
    };
    let bytes = std::fs::read(path).unwrap();
    lap("read", &mut stages);
    let source = path.display().to_string();
    let sbom = read_owned(bytes, &source, &ReadOptions::default()).unwrap();
    lap("ingest", &mut stages);
    // As `Document::analyse` runs them: the graph beside each component's own provenance, then
    // what components inherit through the graph.
    let (graph, own) = rayon::join(|| DepGraph::build(&sbom), || provenance::own(&sbom));
    lap("graph+own", &mut stages);
    let provenance = provenance::complete(&sbom, &graph, own);
    lap("inherit", &mut stages);
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
