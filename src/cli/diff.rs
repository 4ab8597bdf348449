//! `bomscreen diff OLD NEW`: what a new release of a product changes for supplier provenance:
//! the findings it brings and the ones it clears, components added, removed or moved to another
//! version, and declared suppliers that changed. It fails (exit 1) only on *new* findings at or
//! above `fail-on`, so a pipeline can hold a release to "nothing worse than the last one".
//! SARIF carries the new findings only, rendered by the scan report's SARIF renderer.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use super::{Outcome, ScreenOptions};
use crate::analysis::{Document, Error, Screening};
use crate::diff;
use crate::ingest::ReadOptions;
use crate::policy::{Evaluation, FailOn};
use crate::report::diff::{self as render, DiffReport};
use crate::report::{self, DocumentReport, Format, RenderOptions, Report, ToolInfo, Verdict};

/// Output format of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Aligned text for people.
    Table,
    /// JSON for machines.
    Json,
    /// GitHub-flavoured Markdown for a pull-request comment or job summary.
    Markdown,
    /// SARIF 2.1.0 with the new findings only, as `scan` writes them (GitHub code scanning).
    Sarif,
}

impl DiffFormat {
    /// The name used on the command line.
    fn as_str(self) -> &'static str {
        match self {
            DiffFormat::Table => "table",
            DiffFormat::Json => "json",
            DiffFormat::Markdown => "markdown",
            DiffFormat::Sarif => "sarif",
        }
    }
}

/// Parses a `diff --output FORMAT=PATH` value.
fn parse_output(spec: &str) -> Result<(DiffFormat, PathBuf), String> {
    let Some((format, path)) = spec.split_once('=') else {
        return Err(format!(
            "expected FORMAT=PATH (for example sarif=new-findings.sarif), found {spec:?}"
        ));
    };
    if path.is_empty() {
        return Err(format!("expected a file path after `{format}=`"));
    }
    let format = DiffFormat::from_str(format, true).map_err(|_| {
        format!("unknown diff format {format:?} (expected table, json, markdown or sarif)")
    })?;
    Ok((format, PathBuf::from(path)))
}

/// Arguments of `bomscreen diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The SBOM of the earlier release; `-` reads standard input.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The SBOM of the new release; `-` reads standard input.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Output format (sarif: the new findings only).
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,
    /// Also write the comparison to a file, as FORMAT=PATH (repeatable):
    /// `--output sarif=new-findings.sarif`.
    #[arg(short, long = "output", value_name = "FORMAT=PATH", value_parser = parse_output)]
    pub outputs: Vec<(DiffFormat, PathBuf)>,
    /// Lowest severity of a *new* finding that fails the run: info, low, medium, high,
    /// critical, or never [default: the policy's, else high].
    #[arg(long, value_name = "SEVERITY", value_parser = super::parse_fail_on, env = "BOMSCREEN_FAIL_ON")]
    pub fail_on: Option<FailOn>,
    /// How both documents are screened.
    #[command(flatten)]
    pub screening: ScreenOptions,
    /// Treat problems the tolerant reader works around as errors.
    #[arg(long, env = "BOMSCREEN_STRICT", value_parser = clap::builder::BoolishValueParser::new())]
    pub strict: bool,
}

pub(super) fn run(args: &DiffArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    if args.old.as_os_str() == "-" && args.new.as_os_str() == "-" {
        return Err(Error::Usage(
            "only one of OLD and NEW can be standard input (-)".to_string(),
        ));
    }
    let screening = super::screening(&args.screening, args.fail_on)?;
    let opts = ReadOptions {
        strict: args.strict,
    };
    let old = super::read_document(&args.old, &opts)?;
    let new = super::read_document(&args.new, &opts)?;
    let before = screening.judge_document(&old, |_| true);
    let after = screening.judge_document(&new, |_| true);
    let document = |doc: &Document, findings: usize| {
        let mut d = DocumentReport::from_sbom(&doc.sbom).with_warnings(&doc.warnings);
        d.findings = findings;
        d
    };
    let (old_doc, new_doc) = (document(&old, before.len()), document(&new, after.len()));
    let findings = diff::findings((&old.sbom, before), (&new.sbom, after));
    let components = diff::components((&old.sbom, &old.provenance), (&new.sbom, &new.provenance));
    let verdict = if findings.failing() > 0 {
        Verdict::Failed
    } else {
        Verdict::Passed
    };
    let report = DiffReport {
        tool: ToolInfo::default(),
        watchlist: screening.watchlist.clone(),
        as_of: screening.as_of.to_string(),
        policy: screening.policy_file().map(str::to_string),
        fail_on: screening.policy.fail_on.to_string(),
        verdict,
        old: old_doc,
        new: new_doc,
        findings,
        components,
    };
    write(args.format, &report, &screening, out)?;
    for (format, path) in &args.outputs {
        let write_file = || -> std::io::Result<()> {
            let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
            write(*format, &report, &screening, &mut file)?;
            file.flush()
        };
        write_file().map_err(|error| Error::Write {
            path: path.display().to_string(),
            what: format!("{} diff", format.as_str()),
            error,
        })?;
    }
    for doc in [&old, &new] {
        super::report_warnings(doc);
    }
    Ok(report.verdict.into())
}

/// Writes the comparison in one format.
fn write(
    format: DiffFormat,
    report: &DiffReport,
    screening: &Screening,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        DiffFormat::Json => render::json(report, out),
        DiffFormat::Table => render::table(report, out),
        DiffFormat::Markdown => render::markdown(report, out),
        DiffFormat::Sarif => report::render(
            Format::Sarif,
            &new_findings(report, screening),
            &RenderOptions::default(),
            out,
        ),
    }
}

/// A scan report of the new release that holds only the findings it brings: what a code
/// scanning upload of a pull request should show. Its verdict is the diff's.
fn new_findings(diff: &DiffReport, screening: &Screening) -> Report {
    let evaluation = Evaluation {
        findings: diff.findings.new.clone(),
        diagnostics: screening.staleness().into_iter().collect(),
        fail_on: screening.policy.fail_on,
    };
    Report::new(
        screening.watchlist.clone(),
        screening.as_of,
        &screening.policy,
        evaluation,
        vec![diff.new.clone()],
    )
}
