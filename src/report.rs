//! Every output bomscreen writes. The scan report: one view model ([`Report`]) built once from
//! the policy's evaluation (sorted, counted, grouped), and one renderer per format in `report/`;
//! the other commands' views and renderers in `report/{graph,diff,explain,inspect}.rs`; one
//! escaping module ([`escape`]) and one severity palette ([`palette`]). Renderers only render:
//! they neither filter, sort nor decide the exit code.
//!
//! Output is deterministic: no timestamps, every list sorted, so the same input gives the same
//! bytes.

pub mod cyclonedx;
pub mod diff;
pub mod escape;
pub mod explain;
mod github;
pub mod graph;
mod html;
pub mod inspect;
mod json;
mod markdown;
pub mod palette;
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
pub use crate::finding::Judged;
pub use crate::policy::Verdict;

use crate::finding::{Code, Severity};
use crate::model::{Sbom, Standard};
use crate::policy::{Evaluation, Policy};

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Format {
    /// Aligned text for people: the terminal's width, whole lines into a file or pipe.
    Table,
    /// JSON documented by `schemas/report.schema.json`.
    Json,
    /// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub-flavoured Markdown for a job summary.
    Markdown,
    /// One self-contained HTML file for reviewers.
    Html,
    /// GitHub workflow commands, one annotation per finding, where SARIF cannot be uploaded.
    Github,
    /// The screened SBOM as CycloneDX 1.6 JSON, one annotation per finding and waiver (one
    /// input document).
    Cyclonedx,
}

impl Format {
    /// Every format rendered from the report alone ([`render`]); `cyclonedx` also needs the
    /// screened document ([`cyclonedx::render`]).
    pub const ALL: [Format; 6] = [
        Format::Table,
        Format::Json,
        Format::Sarif,
        Format::Markdown,
        Format::Html,
        Format::Github,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Github => "github",
            Format::Cyclonedx => "cyclonedx",
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
            .chain([Format::Cyclonedx])
            .find(|f| f.as_str() == s.to_ascii_lowercase())
            .ok_or_else(|| {
                format!(
                    "unknown report format {s:?} (expected table, json, sarif, markdown or html; github for workflow annotations; cyclonedx for the screened SBOM)"
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
    /// ANSI colour in the table (the CLI decides it from `--color`).
    pub color: bool,
    /// Terminal width for the table; 80 unless the CLI knows better, `usize::MAX` for no limit.
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
        Format::Github => github::render(report, out),
        Format::Cyclonedx => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the cyclonedx output is written from the screened document (report::cyclonedx::render)",
        )),
    }
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

impl DocumentWarning {
    /// `message (N times)`, worded as every output words a warning.
    pub fn text(&self) -> String {
        crate::model::counted(&self.message, self.count)
    }
}

impl From<&crate::model::Warning> for DocumentWarning {
    fn from(w: &crate::model::Warning) -> Self {
        DocumentWarning {
            code: w.code.to_string(),
            message: w.message.clone(),
            count: w.count,
            line: w.location.as_ref().and_then(|l| l.line),
        }
    }
}

/// One input document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentReport {
    /// The file as the user named it.
    pub source: String,
    /// `CycloneDX 1.6 JSON`; `None` when unreadable.
    pub format: Option<String>,
    /// The product the document describes, `name@version` (its described component, else the
    /// document's name).
    pub product: Option<String>,
    /// Who supplies that product, as the document declares it (the described component's
    /// supplier or manufacturer, CycloneDX `metadata.supplier`/`manufacture`).
    pub supplier: Option<String>,
    /// This document's own verdict (filled by [`Report::new`]).
    pub verdict: Verdict,
    /// The highest severity among its unwaived findings (filled by [`Report::new`]).
    pub highest_severity: Option<Severity>,
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
    /// `name@version` of the components on its findings' paths, by id: what people read in
    /// paths (table, markdown, html); JSON and SARIF keep the ids.
    #[serde(skip)]
    pub labels: BTreeMap<String, String>,
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
        let described = sbom
            .described
            .iter()
            .find_map(|id| sbom.components.iter().find(|c| &c.id == id));
        let product = described
            .map(crate::model::Component::display_name)
            .or_else(|| sbom.name.clone());
        let supplier = described.and_then(|c| product_supplier(sbom, c));
        DocumentReport {
            source: sbom.source.clone(),
            format: Some(format!("{standard} {} {}", sbom.spec_version, sbom.syntax)),
            product,
            supplier,
            verdict: Verdict::Passed,
            highest_severity: None,
            components: counted.len(),
            coverage: Coverage {
                declared_supplier,
                any_party,
                none: counted.len() - any_party,
            },
            warnings: Vec::new(),
            error: None,
            findings: 0,
            labels: BTreeMap::new(),
        }
        .with_warnings(&sbom.warnings)
    }

    /// The same, with the `name@version` of every component on the paths of `findings`.
    pub fn with_labels(mut self, sbom: &Sbom, findings: &[crate::finding::Finding]) -> Self {
        let wanted: std::collections::BTreeSet<&str> = findings
            .iter()
            .flat_map(|f| f.path.iter().map(String::as_str))
            .collect();
        if wanted.is_empty() {
            return self;
        }
        for c in &sbom.components {
            if wanted.contains(c.id.as_str()) && !self.labels.contains_key(&c.id) {
                self.labels.insert(c.id.clone(), c.display_name());
            }
        }
        self
    }

    /// The same, with the warnings of every stage (the reader's and the graph's) instead of the
    /// reader's alone.
    pub fn with_warnings(mut self, warnings: &[crate::model::Warning]) -> Self {
        self.warnings = warnings.iter().map(DocumentWarning::from).collect();
        self.warnings
            .sort_by(|a, b| (a.line, &a.code, &a.message).cmp(&(b.line, &b.code, &b.message)));
        self
    }

    /// A document that could not be read, with the reason.
    pub fn unreadable(source: &str, error: impl fmt::Display) -> Self {
        DocumentReport {
            source: source.to_string(),
            format: None,
            product: None,
            supplier: None,
            verdict: Verdict::Error,
            highest_severity: None,
            components: 0,
            coverage: Coverage::default(),
            warnings: Vec::new(),
            error: Some(format!("{error:#}")),
            findings: 0,
            labels: BTreeMap::new(),
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

/// The supplier or manufacturer a document declares for its product: the described
/// component's own, else (CycloneDX) `metadata.supplier` or `metadata.manufacture`.
fn product_supplier(sbom: &Sbom, c: &crate::model::Component) -> Option<String> {
    use crate::model::PartyRole;
    [PartyRole::Supplier, PartyRole::Manufacturer]
        .into_iter()
        .find_map(|role| {
            sbom.parties_of(c)
                .find(|p| p.role == role && p.name.is_some())
        })
        .and_then(|p| p.name.clone())
}

/// The documents of one supplier, rolled up: how a vendor-risk analyst reads a folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupplierRollup {
    /// The supplier as the documents declare it; `None` for documents that declare none.
    pub supplier: Option<String>,
    /// Its documents.
    pub documents: usize,
    /// Of those, how many failed or could not be read.
    pub failed: usize,
    /// Findings in its documents.
    pub findings: usize,
    /// The highest unwaived severity among them.
    pub highest_severity: Option<Severity>,
    /// Components in its documents.
    pub components: usize,
}

/// A path that was found but not read, and why: a walked file that is not an SBOM, a hidden
/// folder. Every report lists all of them, so nothing found is passed over in silence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Skipped {
    /// The file or folder, as found.
    pub path: String,
    /// Why it was not read.
    pub reason: String,
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
    /// The path as people read it: `name@version` of each step (the ref where unknown).
    #[serde(skip)]
    pub names: Vec<String>,
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
    /// What a finding is and is not ([`crate::finding::DISCLAIMER`]); every format prints it.
    pub disclaimer: String,
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
    /// The documents rolled up by their declared supplier, sorted by supplier (undeclared last).
    pub suppliers: Vec<SupplierRollup>,
    /// Files and folders found but not read, with the reason, sorted by path.
    pub skipped: Vec<Skipped>,
    /// Findings in report order ([`Judged`]'s `Ord`: document, severity highest first, code,
    /// component ref, entity, ...).
    pub findings: Vec<Judged>,
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
        let mut findings = evaluation.findings;
        findings.sort();

        let mut counts = Counts {
            findings: findings.len(),
            ..Counts::default()
        };
        for f in &findings {
            *counts.by_code.entry(f.finding.code).or_default() += 1;
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
            let own = findings.iter().filter(|f| f.finding.document == d.source);
            d.findings = own.clone().count();
            d.highest_severity = own
                .clone()
                .filter(|f| f.waived.is_none())
                .map(|f| f.severity)
                .max();
            d.verdict = if d.error.is_some() {
                Verdict::Error
            } else if own.clone().any(|f| f.fails) {
                Verdict::Failed
            } else {
                Verdict::Passed
            };
        }
        let mut paths = flagged_paths(&findings);
        for p in &mut paths {
            let labels = documents
                .iter()
                .find(|d| d.source == p.document)
                .map(|d| &d.labels);
            p.names = p
                .path
                .iter()
                .map(|id| labels.and_then(|l| l.get(id)).unwrap_or(id).clone())
                .collect();
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
            disclaimer: crate::finding::DISCLAIMER.to_string(),
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
            suppliers: rollup(&documents),
            documents,
            skipped: Vec::new(),
            paths,
            findings,
            diagnostics,
        }
    }
}

impl Report {
    /// The same report, listing the files and folders that were found but not read.
    pub fn with_skipped(mut self, mut skipped: Vec<Skipped>) -> Report {
        skipped.sort();
        skipped.dedup();
        self.skipped = skipped;
        self
    }
}

/// The documents grouped by declared supplier, named suppliers first (by name), then the
/// documents that declare none.
fn rollup(documents: &[DocumentReport]) -> Vec<SupplierRollup> {
    let mut by: BTreeMap<(bool, Option<&str>), SupplierRollup> = BTreeMap::new();
    for d in documents {
        let key = (d.supplier.is_none(), d.supplier.as_deref());
        let r = by.entry(key).or_insert_with(|| SupplierRollup {
            supplier: d.supplier.clone(),
            documents: 0,
            failed: 0,
            findings: 0,
            highest_severity: None,
            components: 0,
        });
        r.documents += 1;
        r.failed += usize::from(d.verdict != Verdict::Passed);
        r.findings += d.findings;
        r.highest_severity = r.highest_severity.max(d.highest_severity);
        r.components += d.components;
    }
    by.into_values().collect()
}

/// Distinct (document, path) pairs with the worst severity and every code on them.
fn flagged_paths(findings: &[Judged]) -> Vec<FlaggedPath> {
    let mut by_path: BTreeMap<(&str, &[String]), FlaggedPath> = BTreeMap::new();
    for j in findings.iter().filter(|j| !j.finding.path.is_empty()) {
        let f = &j.finding;
        let p = by_path
            .entry((&f.document, &f.path))
            .or_insert_with(|| FlaggedPath {
                document: f.document.clone(),
                path: f.path.clone(),
                severity: j.severity,
                codes: Vec::new(),
                flagged: Vec::new(),
                names: Vec::new(),
            });
        p.severity = p.severity.max(j.severity);
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

/// `1 component`, `2 components`: a count with its noun, as every text output words it.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// An evidence value as people read it: an integration finding's path (`a > b > c`, the ids
/// JSON and SARIF keep) becomes `name@version → ...` with the document's labels.
pub fn shown_value(e: &crate::finding::Evidence, labels: &BTreeMap<String, String>) -> String {
    if e.matcher != "propagation" {
        return e.value.clone();
    }
    let steps: Vec<&str> = e
        .value
        .split(" > ")
        .map(|id| labels.get(id).map_or(id, String::as_str))
        .collect();
    steps.join(" → ")
}

/// The path as people read it: `root → a → b`.
pub fn path_text(path: &[String]) -> String {
    path.join(" → ")
}
