//! `bomscreen diff OLD NEW`: what a new release of a product changes for supplier provenance:
//! the findings it brings and the ones it clears, components added, removed or moved to another
//! version, and declared suppliers that changed. It fails (exit 1) only on *new* findings at or
//! above `fail-on`, so a pipeline can hold a release to "nothing worse than the last one".

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use super::{Outcome, ScreenOptions};
use crate::analysis::{Document, Error};
use crate::diff;
use crate::ingest::ReadOptions;
use crate::policy::FailOn;
use crate::report::diff::{self as render, DiffReport};
use crate::report::{DocumentReport, ToolInfo, Verdict};

/// Output format of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Aligned text for people.
    Table,
    /// JSON for machines.
    Json,
    /// GitHub-flavoured Markdown for a pull-request comment or job summary.
    Markdown,
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
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,
    /// Lowest severity of a *new* finding that fails the run: info, low, medium, high,
    /// critical, or never [default: the policy's, else high].
    #[arg(long, value_name = "SEVERITY", value_parser = super::parse_fail_on)]
    pub fail_on: Option<FailOn>,
    /// How both documents are screened.
    #[command(flatten)]
    pub screening: ScreenOptions,
    /// Treat problems the tolerant reader works around as errors.
    #[arg(long)]
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
    let old = Document::read(&args.old, &opts)?;
    let new = Document::read(&args.new, &opts)?;
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
    match args.format {
        DiffFormat::Json => render::json(&report, out)?,
        DiffFormat::Table => render::table(&report, out)?,
        DiffFormat::Markdown => render::markdown(&report, out)?,
    }
    for doc in [&old, &new] {
        super::report_warnings(doc);
    }
    Ok(report.verdict.into())
}
