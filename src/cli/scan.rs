//! `bomscreen scan`: the main job. Expand the paths, let [`analysis::scan`] read and screen every
//! document on all cores, judge all findings with the policy at once, and render the reports.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};

use super::{Outcome, ScreenOptions};
use crate::analysis::{self, Error, InputOutcome, Inputs, Screening};
use crate::ingest::ReadOptions;
use crate::model::Sbom;
use crate::policy::FailOn;
use crate::report::{self, DocumentReport, Format, RenderOptions, Report};

/// Arguments of `bomscreen scan`.
#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// SBOM files, folders (walked; SBOMs are recognised by content), or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Where the report goes and what fails the run.
    #[command(flatten)]
    pub report: ReportArgs,
    /// How the documents are screened.
    #[command(flatten)]
    pub screening: ScreenOptions,
    /// Treat problems the tolerant reader works around as errors.
    #[arg(long, env = "BOMSCREEN_STRICT", value_parser = clap::builder::BoolishValueParser::new())]
    pub strict: bool,
    /// Never draw a progress bar (it is drawn only on a terminal, outside CI, for several documents).
    #[arg(long)]
    pub no_progress: bool,
}

/// The report options `scan` and `audit` share.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Report format written to standard output.
    #[arg(long, value_enum, default_value_t = Format::Table, env = "BOMSCREEN_FORMAT")]
    pub format: Format,
    /// Also write a report to a file, as FORMAT=PATH (repeatable): `--output sarif=bomscreen.sarif`;
    /// `cyclonedx=PATH` writes the screened SBOM with the findings as annotations (one document).
    #[arg(short, long = "output", value_name = "FORMAT=PATH", value_parser = report::parse_output)]
    pub outputs: Vec<(Format, PathBuf)>,
    /// Lowest severity that fails the run: info, low, medium, high, critical, or never
    /// [default: the policy's, else high].
    #[arg(long, value_name = "SEVERITY", value_parser = super::parse_fail_on, env = "BOMSCREEN_FAIL_ON")]
    pub fail_on: Option<FailOn>,
}

impl ReportArgs {
    /// Whether a CycloneDX document is asked for, on standard output or in a file.
    pub(super) fn wants_cyclonedx(&self) -> bool {
        self.format == Format::Cyclonedx
            || self.outputs.iter().any(|(f, _)| *f == Format::Cyclonedx)
    }
}

pub(super) fn run(args: &ScanArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let screening = Screening::load(&super::config(&args.screening, args.report.fail_on))?;
    let inputs = Inputs::collect(&args.paths);
    if inputs.is_empty() {
        return Err(Error::Usage("no SBOM found in the given paths".to_string()));
    }
    let opts = ReadOptions {
        strict: args.strict,
    };
    let progress = progress_bar(args.no_progress, inputs.files.len());
    let start = std::time::Instant::now();
    // The CycloneDX output is the screened document itself: keep it.
    let cyclonedx = args.report.wants_cyclonedx();
    let outcomes =
        analysis::scan_keeping(&inputs, &screening, &opts, &|| progress.inc(1), cyclonedx);
    progress.finish_and_clear();
    let elapsed = start.elapsed();

    let mut documents = Vec::new();
    let mut sboms = Vec::new();
    let mut findings = Vec::new();
    let mut skipped = inputs.skipped.clone();
    for outcome in outcomes {
        match outcome {
            InputOutcome::Screened(mut s) => {
                sboms.extend(s.sbom.take());
                super::report_detail(&format!(
                    "{}: {}, {}, {}, {}, read and screened in {}",
                    s.document.source,
                    s.document.format.as_deref().unwrap_or("-"),
                    report::count(s.document.components, "component"),
                    report::count(s.findings.len(), "finding"),
                    report::count(s.warnings.len(), "warning"),
                    super::millis(s.elapsed)
                ));
                super::report_document_warnings(&s.document.source, &s.warnings);
                documents.push(s.document);
                findings.extend(s.findings);
            }
            InputOutcome::Unreadable { source, error } => {
                super::report_error(&error);
                documents.push(DocumentReport::unreadable(&source, &error));
            }
            InputOutcome::Skipped(s) => skipped.push(s),
        }
    }
    super::report_detail(&format!(
        "{} read and screened in {} on {} threads",
        report::count(inputs.files.len(), "input"),
        super::millis(elapsed),
        rayon::current_num_threads()
    ));
    skipped.sort();
    for s in skipped.iter().take(20) {
        super::report_note(&format!("skipped {}: {}", s.path, s.reason));
    }
    if skipped.len() > 20 {
        super::report_note(&format!(
            "skipped {} more (every report lists them all)",
            skipped.len() - 20
        ));
    }
    for (source, message) in &inputs.problems {
        super::report_error(message);
        documents.push(DocumentReport::unreadable(source, message));
    }
    if documents.is_empty() {
        return Err(Error::Usage("no SBOM found in the given paths".to_string()));
    }
    if cyclonedx && documents.len() > 1 {
        return Err(Error::Usage(format!(
            "the cyclonedx output is one SBOM, but {} documents were given: run `bomscreen scan FILE --output cyclonedx=OUT` once per document",
            documents.len()
        )));
    }

    let evaluation = screening.judge(findings);
    let report = Report::new(
        screening.watchlist.clone(),
        screening.as_of,
        &screening.policy,
        evaluation,
        documents,
    )
    .with_skipped(skipped);
    for d in &report.diagnostics {
        super::report_diagnostic(d);
    }
    deliver(
        &report,
        sboms.first().map(|s| &**s),
        args.report.format,
        &args.report.outputs,
        out,
    )?;
    Ok(report.verdict.into())
}

/// Renders `report` to standard output in `format` and into each `--output` file: CycloneDX
/// from the one document read (`sbom`), every other format from the report alone.
pub(super) fn deliver(
    report: &Report,
    sbom: Option<&Sbom>,
    format: Format,
    files: &[(Format, PathBuf)],
    out: &mut dyn Write,
) -> Result<(), Error> {
    let no_sbom =
        || std::io::Error::other("no CycloneDX SBOM to write: the document could not be read");
    let render = |format: Format, opts: &RenderOptions, out: &mut dyn Write| match format {
        Format::Cyclonedx => match sbom {
            Some(sbom) => report::cyclonedx::render(report, sbom, out),
            None => Err(no_sbom()),
        },
        _ => report::render(format, report, opts, out),
    };
    render(format, &super::terminal_options(), out)?;
    for (format, path) in files {
        let write = || -> std::io::Result<()> {
            if *format == Format::Cyclonedx && sbom.is_none() {
                return Err(no_sbom());
            }
            let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
            // A file is never a terminal: whole lines, no colour.
            let opts = RenderOptions {
                color: false,
                width: super::output::FULL_LINES,
            };
            render(*format, &opts, &mut file)?;
            file.flush()
        };
        write().map_err(|error| Error::Write {
            path: path.display().to_string(),
            what: format!("{} report", format.as_str()),
            error,
        })?;
    }
    Ok(())
}

/// A progress bar on standard error when it is a terminal, outside CI, for several documents,
/// unless `--quiet`.
fn progress_bar(disabled: bool, total: usize) -> ProgressBar {
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    let quiet = super::output::verbosity() == super::output::Verbosity::Quiet;
    if disabled || quiet || in_ci || total < 2 || !std::io::stderr().is_terminal() {
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
