//! The report: one view model ([`Report`]) built once from the policy's evaluation (sorted,
//! counted, grouped), and one renderer per format in `report/`. Renderers only render: they
//! neither filter, sort nor decide the exit code.
//!
//! Output is deterministic: no timestamps, every list sorted, so the same input gives the same
//! bytes.

mod html;
mod json;
mod markdown;
mod sarif;
mod table;

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::PathBuf;
use std::str::FromStr;

use jiff::civil::Date;
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::finding::{Code, ComponentRef, Confidence, EntityRef, Evidence, LegalBasis, Severity};
use crate::model::{Sbom, Standard};
use crate::policy::{Evaluation, Judged, Policy, WaivedBy};

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Format {
    /// Aligned text for an 80-column terminal.
    Table,
    /// JSON documented by `schemas/report.schema.json`.
    Json,
    /// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub-flavoured Markdown for a job summary.
    Markdown,
    /// One self-contained HTML file for reviewers.
    Html,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 5] = [
        Format::Table,
        Format::Json,
        Format::Sarif,
        Format::Markdown,
        Format::Html,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s.to_ascii_lowercase())
            .ok_or_else(|| {
                format!(
                    "unknown report format {s:?} (expected table, json, sarif, markdown or html)"
                )
            })
    }
}

/// Parses an `--output FORMAT=PATH` value.
pub fn parse_output(spec: &str) -> Result<(Format, PathBuf), String> {
    let Some((format, path)) = spec.split_once('=') else {
        return Err(format!(
            "expected FORMAT=PATH (for example sarif=bomscreen.sarif), found {spec:?}"
        ));
    };
    if path.is_empty() {
        return Err(format!("expected a file path after `{format}=`"));
    }
    Ok((format.parse()?, PathBuf::from(path)))
}

/// How to render; decided by the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// ANSI colour in the table (the CLI sets it on a terminal when `NO_COLOR` is unset).
    pub color: bool,
    /// Terminal width for the table; 80 unless the CLI knows better.
    pub width: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            width: 80,
        }
    }
}

/// Writes the report in one format.
pub fn render(
    format: Format,
    report: &Report,
    opts: &RenderOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    match format {
        Format::Table => table::render(report, opts, out),
        Format::Json => json::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Markdown => markdown::render(report, out),
        Format::Html => html::render(report, out),
    }
}

/// One component's findings as text, in the table report's layout (what `explain` prints).
pub fn render_findings_table(
    findings: &[ReportFinding],
    opts: &RenderOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    table::findings(findings, opts, out)
}

/// The tool that made the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ToolInfo {
    /// `bomscreen`.
    pub name: String,
    /// The crate version.
    pub version: String,
}

impl Default for ToolInfo {
    fn default() -> Self {
        ToolInfo {
            name: "bomscreen".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

/// The watchlist the findings were screened against, so an audit can be reproduced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WatchlistInfo {
    /// Name (`bomscreen built-in`, or a user file).
    pub name: String,
    /// Version string of the dataset.
    pub version: String,
    /// The date the dataset was last reviewed, `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// `bomscreen built-in watchlist 2026.11.23 (2026-11-23)`.
impl fmt::Display for WatchlistInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.name, self.version)?;
        match &self.date {
            Some(d) => write!(f, " ({d})"),
            None => Ok(()),
        }
    }
}

impl WatchlistInfo {
    /// The dataset a watchlist (built-in, merged or imported) declares.
    pub fn of(watchlist: &crate::watchlist::Watchlist) -> WatchlistInfo {
        WatchlistInfo {
            name: watchlist.dataset.name.clone(),
            version: watchlist.dataset.version.clone(),
            date: watchlist.dataset.date.map(|d| d.to_string()),
        }
    }
}

/// The run's outcome as the report states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Every document read; no unwaived finding at or above `fail-on`. Exit code 0.
    Passed,
    /// Unwaived findings at or above `fail-on`. Exit code 1.
    Failed,
    /// A document could not be read: absence cannot be claimed. Exit code 2.
    Error,
}

impl Verdict {
    /// The documented exit code.
    pub fn exit_code(self) -> u8 {
        match self {
            Verdict::Passed => 0,
            Verdict::Failed => 1,
            Verdict::Error => 2,
        }
    }

    /// The word used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Passed => "passed",
            Verdict::Failed => "failed",
            Verdict::Error => "error",
        }
    }
}

/// Finding counts per severity (unwaived findings only).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SeverityCounts {
    /// Critical.
    pub critical: usize,
    /// High.
    pub high: usize,
    /// Medium.
    pub medium: usize,
    /// Low.
    pub low: usize,
    /// Info.
    pub info: usize,
}

impl SeverityCounts {
    /// The count for one severity.
    pub fn get(&self, s: Severity) -> usize {
        match s {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }

    fn add(&mut self, s: Severity) {
        let slot = match s {
            Severity::Critical => &mut self.critical,
            Severity::High => &mut self.high,
            Severity::Medium => &mut self.medium,
            Severity::Low => &mut self.low,
            Severity::Info => &mut self.info,
        };
        *slot += 1;
    }
}

/// Totals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Every finding, waived or not.
    pub findings: usize,
    /// Unwaived findings at or above `fail-on`.
    pub failing: usize,
    /// Waived findings.
    pub waived: usize,
    /// Unwaived findings per severity.
    pub by_severity: SeverityCounts,
    /// Every finding per code (codes with none are left out).
    pub by_code: BTreeMap<Code, usize>,
}

/// A finding code as this run applies it (SARIF rules, README-style legend).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// The code.
    pub code: Code,
    /// Its severity under the policy (before scope lowering).
    pub severity: Severity,
    /// What it means.
    pub description: String,
}

/// Provenance coverage of one document's components.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Components that declare a supplier.
    pub declared_supplier: usize,
    /// Components that declare any party (supplier, manufacturer, publisher, author, originator).
    pub any_party: usize,
    /// Components that declare no party at all.
    pub none: usize,
}

/// A reader warning, as reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentWarning {
    /// Stable kebab-case code.
    pub code: String,
    /// The first occurrence, described.
    pub message: String,
    /// How many times.
    pub count: usize,
    /// Line of the first occurrence.
    pub line: Option<u32>,
}

/// One input document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentReport {
    /// The file as the user named it.
    pub source: String,
    /// `CycloneDX 1.6 JSON`; `None` when unreadable.
    pub format: Option<String>,
    /// Counted components.
    pub components: usize,
    /// Who declares what.
    pub coverage: Coverage,
    /// Problems the reader worked around.
    pub warnings: Vec<DocumentWarning>,
    /// Why the document could not be read; the verdict is then `error`.
    pub error: Option<String>,
    /// Findings in this document (filled by [`Report::new`]).
    pub findings: usize,
}

impl DocumentReport {
    /// Format, counts, coverage and warnings of a document that was read.
    pub fn from_sbom(sbom: &Sbom) -> Self {
        let counted: Vec<_> = sbom.counted_components().collect();
        let declared_supplier = counted
            .iter()
            .filter(|c| c.party(crate::model::PartyRole::Supplier).is_some())
            .count();
        let any_party = counted.iter().filter(|c| !c.parties.is_empty()).count();
        let standard = match sbom.standard {
            Standard::CycloneDx => "CycloneDX",
            Standard::Spdx2 | Standard::Spdx3 => "SPDX",
        };
        let mut warnings: Vec<DocumentWarning> = sbom
            .warnings
            .iter()
            .map(|w| DocumentWarning {
                code: w.code.to_string(),
                message: w.message.clone(),
                count: w.count,
                line: w.location.as_ref().and_then(|l| l.line),
            })
            .collect();
        warnings.sort_by(|a, b| (a.line, &a.code, &a.message).cmp(&(b.line, &b.code, &b.message)));
        DocumentReport {
            source: sbom.source.clone(),
            format: Some(format!("{standard} {} {}", sbom.spec_version, sbom.syntax)),
            components: counted.len(),
            coverage: Coverage {
                declared_supplier,
                any_party,
                none: counted.len() - any_party,
            },
            warnings,
            error: None,
            findings: 0,
        }
    }

    /// A document that could not be read, with the reason.
    pub fn unreadable(source: &str, error: impl fmt::Display) -> Self {
        DocumentReport {
            source: source.to_string(),
            format: None,
            components: 0,
            coverage: Coverage::default(),
            warnings: Vec::new(),
            error: Some(format!("{error:#}")),
            findings: 0,
        }
    }

    /// The provenance sentence every format prints, when some components declare nobody.
    pub fn coverage_note(&self) -> Option<String> {
        (self.error.is_none() && self.coverage.none > 0).then(|| {
            format!(
                "{} of {} components declare no supplier or other party: absence of adversary code cannot be proven for them",
                self.coverage.none, self.components
            )
        })
    }
}

/// A judged finding, flattened for rendering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportFinding {
    /// Stable code (the SARIF rule id).
    pub code: Code,
    /// Final severity (policy override, then scope lowering).
    pub severity: Severity,
    /// The severity screening gave it.
    pub screening_severity: Severity,
    /// Whether it counts against `fail-on`.
    pub fails: bool,
    /// Strongest evidence's confidence.
    pub confidence: Confidence,
    /// The SBOM file it came from.
    pub document: String,
    /// The flagged component.
    pub component: ComponentRef,
    /// The watchlist entity.
    pub entity: EntityRef,
    /// For integration findings, the integrated flagged component.
    pub integrates: Option<ComponentRef>,
    /// One sentence for people.
    pub message: String,
    /// Designations that make it a finding.
    pub legal_basis: Vec<LegalBasis>,
    /// What matched.
    pub evidence: Vec<Evidence>,
    /// Refs from a root to the component (or to the integrated component).
    pub path: Vec<String>,
    /// Scope notes.
    pub notes: Vec<String>,
    /// True when lowered because the component is test-only or excluded.
    pub scope_lowered: bool,
    /// The waiver that accepts it.
    pub waived: Option<WaivedBy>,
}

impl ReportFinding {
    /// The line of the component in its document, where known.
    pub fn line(&self) -> Option<u32> {
        self.component.location.line
    }

    /// `sbom.json:42` or `sbom.json`.
    pub fn place(&self) -> String {
        match self.line() {
            Some(l) => format!("{}:{l}", self.document),
            None => self.document.clone(),
        }
    }
}

impl From<Judged> for ReportFinding {
    fn from(j: Judged) -> ReportFinding {
        ReportFinding {
            code: j.finding.code,
            severity: j.severity,
            screening_severity: j.finding.severity,
            fails: j.fails,
            confidence: j.finding.confidence,
            document: j.finding.document,
            component: j.finding.component,
            entity: j.finding.entity,
            integrates: j.finding.integrates,
            message: j.finding.message,
            legal_basis: j.finding.legal_basis,
            evidence: j.finding.evidence,
            path: j.finding.path,
            notes: j.finding.notes,
            scope_lowered: j.scope_lowered,
            waived: j.waived_by,
        }
    }
}

/// A distinct path from a root to a flagged component, with the worst finding on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlaggedPath {
    /// The document.
    pub document: String,
    /// Refs from the root to the flagged component.
    pub path: Vec<String>,
    /// The highest final severity among the findings whose path this is.
    pub severity: Severity,
    /// The codes of those findings, sorted.
    pub codes: Vec<Code>,
    /// Refs of components flagged on this path (the last one, and any integrating product).
    pub flagged: Vec<String>,
}

/// Everything a renderer needs, already sorted and counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The tool.
    pub tool: ToolInfo,
    /// The watchlist.
    pub watchlist: WatchlistInfo,
    /// The date designations and waivers were judged at, `YYYY-MM-DD`.
    pub as_of: String,
    /// The policy file applied; `None` for the built-in default.
    pub policy: Option<String>,
    /// The lowest severity that fails the run, or `never`.
    pub fail_on: String,
    /// Passed, failed or error.
    pub verdict: Verdict,
    /// Totals.
    pub counts: Counts,
    /// Every finding code with its severity under the policy, in code order.
    pub rules: Vec<Rule>,
    /// Input documents, sorted by source.
    pub documents: Vec<DocumentReport>,
    /// Findings sorted by document, severity (highest first), code, component ref, entity.
    pub findings: Vec<ReportFinding>,
    /// Distinct flagged paths, sorted by document, severity (highest first), path.
    pub paths: Vec<FlaggedPath>,
    /// Problems with the policy file and its waivers.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Builds the report from the pipeline's outputs.
    pub fn new(
        watchlist: WatchlistInfo,
        as_of: Date,
        policy: &Policy,
        evaluation: Evaluation,
        mut documents: Vec<DocumentReport>,
    ) -> Report {
        let mut findings: Vec<ReportFinding> = evaluation
            .findings
            .into_iter()
            .map(ReportFinding::from)
            .collect();
        findings.sort_by(|a, b| {
            (
                &a.document,
                std::cmp::Reverse(a.severity),
                a.code,
                &a.component.id,
                &a.entity.id,
            )
                .cmp(&(
                    &b.document,
                    std::cmp::Reverse(b.severity),
                    b.code,
                    &b.component.id,
                    &b.entity.id,
                ))
                .then_with(|| a.integrates.cmp(&b.integrates))
                .then_with(|| a.path.cmp(&b.path))
                .then_with(|| a.evidence.cmp(&b.evidence))
                .then_with(|| a.message.cmp(&b.message))
        });

        let mut counts = Counts {
            findings: findings.len(),
            ..Counts::default()
        };
        for f in &findings {
            *counts.by_code.entry(f.code).or_default() += 1;
            if f.waived.is_some() {
                counts.waived += 1;
            } else {
                counts.by_severity.add(f.severity);
            }
            if f.fails {
                counts.failing += 1;
            }
        }

        documents.sort_by(|a, b| a.source.cmp(&b.source));
        for d in &mut documents {
            d.findings = findings.iter().filter(|f| f.document == d.source).count();
        }

        let verdict = if documents.iter().any(|d| d.error.is_some()) {
            Verdict::Error
        } else if counts.failing > 0 {
            Verdict::Failed
        } else {
            Verdict::Passed
        };

        let mut diagnostics = evaluation.diagnostics;
        diagnostics.sort();

        Report {
            tool: ToolInfo::default(),
            watchlist,
            as_of: as_of.to_string(),
            policy: policy.source.clone(),
            fail_on: evaluation.fail_on.to_string(),
            verdict,
            counts,
            rules: Code::ALL
                .iter()
                .map(|&code| Rule {
                    code,
                    severity: policy.severity_of(code),
                    description: code.description().to_string(),
                })
                .collect(),
            documents,
            paths: flagged_paths(&findings),
            findings,
            diagnostics,
        }
    }
}

/// Distinct (document, path) pairs with the worst severity and every code on them.
fn flagged_paths(findings: &[ReportFinding]) -> Vec<FlaggedPath> {
    let mut by_path: BTreeMap<(&str, &[String]), FlaggedPath> = BTreeMap::new();
    for f in findings.iter().filter(|f| !f.path.is_empty()) {
        let p = by_path
            .entry((&f.document, &f.path))
            .or_insert_with(|| FlaggedPath {
                document: f.document.clone(),
                path: f.path.clone(),
                severity: f.severity,
                codes: Vec::new(),
                flagged: Vec::new(),
            });
        p.severity = p.severity.max(f.severity);
        p.codes.push(f.code);
        p.flagged.push(f.component.id.clone());
        if let Some(i) = &f.integrates {
            p.flagged.push(i.id.clone());
        }
    }
    let mut paths: Vec<FlaggedPath> = by_path
        .into_values()
        .map(|mut p| {
            p.codes.sort();
            p.codes.dedup();
            p.flagged.sort();
            p.flagged.dedup();
            p
        })
        .collect();
    paths.sort_by(|a, b| {
        (&a.document, std::cmp::Reverse(a.severity), &a.path).cmp(&(
            &b.document,
            std::cmp::Reverse(b.severity),
            &b.path,
        ))
    });
    paths
}

/// The path as people read it: `root → a → b`.
pub fn path_text(path: &[String]) -> String {
    path.join(" → ")
}
