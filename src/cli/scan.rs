//! `bomscreen scan`: the main job. Read every input (files, folders walked, stdin), screen each
//! document in parallel, judge the findings with the policy, and render the reports.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};
use jiff::civil::Date;
use rayon::prelude::*;

use super::Outcome;
use crate::finding::Finding;
use crate::graph::DepGraph;
use crate::ingest::{self, IngestError, ReadOptions};
use crate::model::Warning;
use crate::policy::{self, FailOn, Policy};
use crate::report::{self, DocumentReport, Format, RenderOptions, Report, WatchlistInfo};
use crate::screen::Screener;

/// Arguments of `bomscreen scan`.
#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// SBOM files, folders (walked; SBOMs are recognised by content), or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Report format written to standard output.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write a report to a file, as FORMAT=PATH (repeatable): `--output sarif=bomscreen.sarif`.
    #[arg(short, long = "output", value_name = "FORMAT=PATH", value_parser = report::parse_output)]
    pub outputs: Vec<(Format, PathBuf)>,
    /// Lowest severity that fails the run: info, low, medium, high, critical, or never
    /// [default: the policy's, else high].
    #[arg(long, value_name = "SEVERITY", value_parser = parse_fail_on)]
    pub fail_on: Option<FailOn>,
    /// Policy file [default: ./bomscreen.toml when present].
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Watchlists to use besides (or, with --no-builtin, instead of) the built-in one.
    #[command(flatten)]
    pub watchlists: super::watchlist::Sources,
    /// Judge designations and waiver expiry as of this date (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub as_of: Option<Date>,
    /// Treat problems the tolerant reader works around as errors.
    #[arg(long)]
    pub strict: bool,
    /// Never draw a progress bar (it is drawn only on a terminal, outside CI, for several documents).
    #[arg(long)]
    pub no_progress: bool,
}

pub(super) fn parse_fail_on(s: &str) -> Result<FailOn, String> {
    s.parse::<FailOn>().map_err(|e| e.to_string())
}

/// One input to read.
#[derive(Debug, Clone)]
enum Input {
    Stdin,
    /// A file the user named: not being an SBOM is an error.
    Named(PathBuf),
    /// A file found by walking a folder: not being an SBOM means it is skipped.
    Found(PathBuf),
}

/// What screening one document gave.
struct Screened {
    source: String,
    document: DocumentReport,
    findings: Vec<Finding>,
    warnings: Vec<Warning>,
    error: Option<IngestError>,
}

pub(super) fn run(args: &ScanArgs, out: &mut dyn Write) -> std::io::Result<Outcome> {
    let as_of = args.as_of.unwrap_or_else(super::today);
    let Some(mut policy) = load_policy(args.policy.as_deref()) else {
        return Ok(Outcome::CouldNotRun);
    };
    if let Some(fail_on) = args.fail_on {
        policy.fail_on = fail_on;
    }
    let watchlist = match super::watchlist::load(&args.watchlists) {
        Ok(w) => w,
        Err(e) => {
            super::report_error(&e);
            return Ok(Outcome::CouldNotRun);
        }
    };
    let (inputs, mut problems) = collect_inputs(&args.paths);
    if inputs.is_empty() && problems.is_empty() {
        super::report_error(&"no SBOM found in the given paths");
        return Ok(Outcome::CouldNotRun);
    }
    let screener = Screener::new(&watchlist);
    let opts = ReadOptions {
        strict: args.strict,
    };
    let progress = progress_bar(args.no_progress, inputs.len());
    let skipped = Mutex::new(Vec::new());
    let mut screened: Vec<Screened> = inputs
        .par_iter()
        .filter_map(|input| {
            let result = screen_one(input, &opts, &screener, as_of, &skipped);
            progress.inc(1);
            result
        })
        .collect();
    progress.finish_and_clear();
    screened.sort_by(|a, b| a.source.cmp(&b.source));

    let mut skipped = skipped.into_inner().unwrap_or_default();
    skipped.sort();
    if !skipped.is_empty() {
        super::report_note(&format!(
            "skipped {} file(s) that are not SBOMs in the given folders (first: {})",
            skipped.len(),
            skipped[0]
        ));
    }
    let mut documents = Vec::new();
    let mut findings = Vec::new();
    for s in screened {
        for w in &s.warnings {
            super::report_warning(&s.source, w);
        }
        if let Some(e) = &s.error {
            super::report_error(e);
        }
        documents.push(s.document);
        findings.extend(s.findings);
    }
    for (source, message) in problems.drain(..) {
        super::report_error(&message);
        documents.push(DocumentReport::unreadable(&source, message));
    }
    if documents.is_empty() {
        super::report_error(&"no SBOM found in the given paths");
        return Ok(Outcome::CouldNotRun);
    }

    let evaluation = policy::evaluate(&policy, findings, as_of);
    let info = WatchlistInfo::of(&watchlist);
    let report = Report::new(info, as_of, &policy, evaluation, documents);
    for d in &report.diagnostics {
        super::report_diagnostic(d);
    }
    report::render(args.format, &report, &super::terminal_options(), out)?;
    for (format, path) in &args.outputs {
        let write = || -> std::io::Result<()> {
            let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
            report::render(*format, &report, &RenderOptions::default(), &mut file)?;
            file.flush()
        };
        if let Err(e) = write() {
            super::report_error(&format!(
                "{}: cannot write the {} report: {e}",
                path.display(),
                format.as_str()
            ));
            return Ok(Outcome::CouldNotRun);
        }
    }
    Ok(match report.verdict.exit_code() {
        0 => Outcome::Passed,
        1 => Outcome::PolicyFailed,
        _ => Outcome::CouldNotRun,
    })
}

/// The policy from `--policy`, else `./bomscreen.toml`, else the default. `None` when the file
/// has problems (they are printed, with file and line).
pub(super) fn load_policy(path: Option<&Path>) -> Option<Policy> {
    let path = match path {
        Some(p) => Some(p.to_path_buf()),
        None => std::env::current_dir()
            .ok()
            .and_then(|d| policy::discover(&d)),
    };
    let Some(path) = path else {
        return Some(Policy::default());
    };
    match policy::load(&path) {
        Ok(p) => Some(p),
        Err(diags) => {
            for d in &diags {
                super::report_diagnostic(d);
            }
            None
        }
    }
}

/// Expands the paths: folders are walked (hidden folders such as `.git` are skipped), in sorted
/// order. Paths that do not exist are problems reported as unreadable documents.
fn collect_inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<(String, String)>) {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            let walker = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                });
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() => inputs.push(Input::Found(e.into_path())),
                    Ok(_) => {}
                    Err(e) => {
                        let at = e.path().map_or_else(
                            || path.display().to_string(),
                            |p| p.display().to_string(),
                        );
                        problems.push((at.clone(), format!("{at}: cannot read folder entry: {e}")));
                    }
                }
            }
        } else {
            inputs.push(Input::Named(path.clone()));
        }
    }
    (inputs, problems)
}

/// Reads and screens one input; `None` for a walked file that is not an SBOM.
fn screen_one(
    input: &Input,
    opts: &ReadOptions,
    screener: &Screener,
    as_of: Date,
    skipped: &Mutex<Vec<String>>,
) -> Option<Screened> {
    let (source, bytes) = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            let res = std::io::stdin()
                .lock()
                .take(ingest::MAX_INPUT_BYTES + 1)
                .read_to_end(&mut buf);
            ("<stdin>".to_string(), res.map(|_| buf))
        }
        Input::Named(p) | Input::Found(p) => (p.display().to_string(), std::fs::read(p)),
    };
    let fail = |error: IngestError| Screened {
        source: source.clone(),
        document: DocumentReport::unreadable(&source, &error),
        findings: Vec::new(),
        warnings: Vec::new(),
        error: Some(error),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(error) => {
            return Some(fail(IngestError::Io {
                source_name: source.clone(),
                error,
            }));
        }
    };
    match ingest::read_owned(bytes, &source, opts) {
        Ok(sbom) => {
            let graph = DepGraph::build(&sbom);
            let provenance = crate::provenance::resolve(&sbom, &graph);
            let findings = screener.screen(&sbom, &graph, &provenance, as_of);
            Some(Screened {
                source: source.clone(),
                document: DocumentReport::from_sbom(&sbom),
                findings,
                warnings: sbom.warnings.clone(),
                error: None,
            })
        }
        // In a walked folder, READMEs and build files are expected; only SBOMs count.
        Err(IngestError::NotSbom { .. }) if matches!(input, Input::Found(_)) => {
            if let Ok(mut s) = skipped.lock() {
                s.push(source);
            }
            None
        }
        Err(error) => Some(fail(error)),
    }
}

/// A progress bar on standard error when it is a terminal, outside CI, for several documents.
fn progress_bar(disabled: bool, total: usize) -> ProgressBar {
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    if disabled || in_ci || total < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} SBOMs {elapsed_precise} {wide_msg}")
    {
        bar.set_style(style);
    }
    bar
}
