//! The pipeline in one place: load → graph → provenance → screen → judge. Every command (`scan`,
//! `inspect`, `explain`, `graph`, `diff`) goes through here, so each sees the same warnings, the
//! same findings in the same order, and the same errors; `cli/` only parses arguments and
//! renders. Sits above every stage and below `cli` and `report`'s callers.
//!
//! A [`Document`] is one SBOM read, linked and attributed, with the warnings of every stage merged
//! once; a [`Screening`] is the policy and watchlists loaded once and applied to any number of
//! documents; [`scan`] accounts for every input of a run (read, unreadable or skipped).

mod inputs;
mod require;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use jiff::civil::Date;

pub use inputs::{
    Input, Inputs, Outcome as InputOutcome, Screened, named_like_sbom, scan, scan_keeping,
};

use crate::diag::Diagnostic;
use crate::finding::{Finding, Judged};
use crate::graph::DepGraph;
use crate::ingest::{self, IngestError, ReadOptions};
use crate::model::{Component, Sbom, Warning};
use crate::policy::{self, Evaluation, FailOn, Policy};
use crate::provenance::{self, ComponentProvenance};
use crate::report::WatchlistInfo;
use crate::screen::Screener;
use crate::watchlist::{Watchlist, WatchlistError};

/// Why a command could not do its job: printed once, by the CLI, and exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A document could not be read (or `--strict` refused its warnings).
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// A watchlist could not be read or is invalid.
    #[error(transparent)]
    Watchlist(#[from] WatchlistError),
    /// The policy file has problems; every one is listed with its file and line.
    #[error("{}", list(.0))]
    Policy(Vec<Diagnostic>),
    /// A component reference (`explain`, `graph --focus`) names no component, or several.
    #[error("{0}")]
    Lookup(String),
    /// Arguments that cannot work together, or paths that hold no SBOM.
    #[error("{0}")]
    Usage(String),
    /// Standard output could not be written (a closed pipe ends the run quietly, never as a
    /// pass).
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
    /// A report file could not be written.
    #[error("{path}: cannot write the {what}: {error}")]
    Write {
        /// The file.
        path: String,
        /// What was being written (`sarif report`).
        what: String,
        /// The OS error.
        error: std::io::Error,
    },
}

fn list(diagnostics: &[Diagnostic]) -> String {
    let lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    lines.join("\n")
}

/// Where the policy and the watchlists come from, and the date they are judged at.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// `--policy FILE`; `None` looks for `bomscreen.toml` in [`Config::policy_dir`].
    pub policy: Option<PathBuf>,
    /// The folder searched for `bomscreen.toml` when no policy file is named (the CLI passes the
    /// current directory; `None` uses the built-in default policy).
    pub policy_dir: Option<PathBuf>,
    /// Watchlist files added to (or, without the built-in one, replacing) the built-in data.
    pub watchlists: Vec<PathBuf>,
    /// Leave the built-in watchlist out.
    pub no_builtin: bool,
    /// `--fail-on`, overriding the policy's.
    pub fail_on: Option<FailOn>,
    /// The date designations and waiver expiry are judged at.
    pub as_of: Date,
}

/// The policy and watchlists, loaded and validated once, applied to any number of documents.
pub struct Screening {
    /// The policy applied (with `--fail-on` already folded in).
    pub policy: Policy,
    /// The watchlist screened against, as reports name it.
    pub watchlist: WatchlistInfo,
    /// The date designations and waivers are judged at.
    pub as_of: Date,
    screener: Screener,
}

impl Screening {
    /// Loads the policy (named, discovered or default) and the watchlists.
    pub fn load(config: &Config) -> Result<Screening, Error> {
        Screening::load_keeping(config).map(|(s, _)| s)
    }

    /// [`Screening::load`], also giving back the watchlist itself (`audit` builds its byte
    /// patterns from it).
    pub fn load_keeping(config: &Config) -> Result<(Screening, Watchlist), Error> {
        let policy_path = config
            .policy
            .clone()
            .or_else(|| config.policy_dir.as_deref().and_then(policy::discover));
        let mut policy = match policy_path {
            Some(path) => policy::load(&path).map_err(Error::Policy)?,
            None => Policy::default(),
        };
        if let Some(fail_on) = config.fail_on {
            policy.fail_on = fail_on;
        }
        let watchlist = crate::watchlist::load_sources(&config.watchlists, !config.no_builtin)?;
        let screening = Screening::new(policy, &watchlist, config.as_of);
        Ok((screening, watchlist))
    }

    /// A screening from values already in hand (tests, library users).
    pub fn new(policy: Policy, watchlist: &Watchlist, as_of: Date) -> Screening {
        Screening {
            policy,
            watchlist: WatchlistInfo::of(watchlist),
            as_of,
            screener: Screener::new(watchlist),
        }
    }

    /// The policy file applied; `None` for the built-in default.
    pub fn policy_file(&self) -> Option<&str> {
        self.policy.source.as_deref()
    }

    /// Screens a whole document (integration findings need the whole graph), and checks it
    /// against the policy's `[require]`.
    pub fn screen(&self, doc: &Document) -> Vec<Finding> {
        let mut findings = self
            .screener
            .screen(&doc.sbom, &doc.graph, &doc.provenance, self.as_of);
        findings.extend(require::check(&self.policy, doc));
        findings
    }

    /// Judges findings with the policy; the judged findings come back in report order, with the
    /// staleness warning among the diagnostics when it applies.
    pub fn judge(&self, findings: Vec<Finding>) -> Evaluation {
        let mut evaluation = policy::evaluate(&self.policy, findings, self.as_of);
        evaluation.findings.sort();
        evaluation.diagnostics.extend(self.staleness());
        evaluation
    }

    /// A warning when the as-of date is more than `[watchlist] max-age-days` after the newest
    /// watchlist's date: lists change, and designations made since would be missed.
    pub fn staleness(&self) -> Option<Diagnostic> {
        let date: Date = self.watchlist.date.as_deref()?.parse().ok()?;
        let age = (self.as_of - date).get_days();
        let max = i32::try_from(self.policy.watchlist_max_age_days).unwrap_or(i32::MAX);
        (age > max).then(|| {
            Diagnostic::file(
                crate::diag::Code::StaleWatchlist,
                &self.watchlist.name,
                format!(
                    "the watchlist is dated {date}, {age} days before the as-of date {}; lists have changed since, and designations made after {date} are missing: update bomscreen or the watchlist (the limit is [watchlist] max-age-days = {max})",
                    self.as_of
                ),
            )
        })
    }

    /// Screens a document and judges the findings `keep` selects, in report order.
    pub fn judge_document(&self, doc: &Document, keep: impl Fn(&Finding) -> bool) -> Vec<Judged> {
        let kept: Vec<Finding> = self.screen(doc).into_iter().filter(|f| keep(f)).collect();
        self.judge(kept).findings
    }
}

/// How many components' worth of documents may still be left unfreed for the OS to reclaim at
/// exit; 0 (the library default) frees every document as usual. See [`leave_to_exit`].
static LEAVE_TO_EXIT: AtomicUsize = AtomicUsize::new(0);

/// Tells the pipeline that the process ends right after its run (the `bomscreen` binary says
/// so): large documents are then not freed one allocation at a time, which took 0.15-0.5 s
/// after a 100k-component scan, time a user waits for and nothing gains. At most
/// `components` components in all are left this way, so a folder of many large SBOMs still
/// frees what it is done with and its memory stays bounded.
pub fn leave_to_exit(components: usize) {
    LEAVE_TO_EXIT.store(components, Ordering::Relaxed);
}

/// Frees a document read and screened, or leaves it to the OS when the process is about to exit
/// and the document is large (at least 10,000 components) and within the budget.
pub(crate) fn dispose(doc: Document) {
    const LARGE: usize = 10_000;
    let n = doc.sbom.components.len();
    let within = n >= LARGE
        && LEAVE_TO_EXIT
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(n)
            })
            .is_ok();
    if within {
        std::mem::forget(doc);
    }
}

/// One document read, linked and attributed, with the warnings of every stage.
#[derive(Debug)]
pub struct Document {
    /// The document in the one model.
    pub sbom: Sbom,
    /// Its dependency graph.
    pub graph: DepGraph,
    /// Who is behind each component, by component index.
    pub provenance: Vec<ComponentProvenance>,
    /// The reader's and the graph's warnings, one per code, sorted by code.
    pub warnings: Vec<Warning>,
}

impl Document {
    /// Reads a file (`-` is standard input) and analyses it.
    pub fn read(path: &Path, opts: &ReadOptions) -> Result<Document, IngestError> {
        let sbom = ingest::read(path, &ReadOptions { strict: false })?;
        Document::analyse(sbom, opts)
    }

    /// Analyses bytes already in memory; `source` names them in messages and reports.
    pub fn from_bytes(
        bytes: Vec<u8>,
        source: &str,
        opts: &ReadOptions,
    ) -> Result<Document, IngestError> {
        let sbom = ingest::read_owned(bytes, source, &ReadOptions { strict: false })?;
        Document::analyse(sbom, opts)
    }

    /// Links and attributes a document that was read; under `--strict` a warning of any stage
    /// (the reader's or the graph's: a dangling reference, a duplicate id) is an error.
    pub fn analyse(sbom: Sbom, opts: &ReadOptions) -> Result<Document, IngestError> {
        // The graph and each component's own provenance do not depend on each other: on a large
        // document they are built side by side.
        let (graph, own) = rayon::join(|| DepGraph::build(&sbom), || provenance::own(&sbom));
        let provenance = provenance::complete(&sbom, &graph, own);
        let doc = Document::assemble(sbom, graph, provenance);
        if opts.strict && !doc.warnings.is_empty() {
            return Err(IngestError::Strict {
                source_name: doc.sbom.source.clone(),
                warnings: doc.warnings,
            });
        }
        Ok(doc)
    }

    /// A document from its stages' outputs, with the reader's and the graph's warnings merged
    /// (what [`Document::analyse`] does after building them; benchmarks time each stage).
    pub fn assemble(sbom: Sbom, graph: DepGraph, provenance: Vec<ComponentProvenance>) -> Document {
        let mut warnings: Vec<Warning> = sbom
            .warnings
            .iter()
            .chain(&graph.warnings)
            .cloned()
            .collect();
        warnings.sort_by_key(|w| w.code);
        Document {
            sbom,
            graph,
            provenance,
            warnings,
        }
    }

    /// The file name as the user gave it.
    pub fn source(&self) -> &str {
        &self.sbom.source
    }

    /// Finds a component by bom-ref/SPDXID, then purl, then `name@version`, then name.
    pub fn lookup(&self, reference: &str) -> Result<usize, Error> {
        let r = reference.trim();
        let tests: [&dyn Fn(&Component) -> bool; 4] = [
            &|c| c.id == r,
            &|c| c.purl.as_deref() == Some(r),
            &|c| c.version.as_deref().is_some_and(|_| c.display_name() == r),
            &|c| c.name == r,
        ];
        let source = &self.sbom.source;
        for test in tests {
            let found: BTreeSet<usize> = self
                .sbom
                .components
                .iter()
                .enumerate()
                .filter(|(_, c)| test(c))
                .filter_map(|(i, _)| self.graph.canonical(i))
                .collect();
            match (found.len(), found.first()) {
                (0, _) => continue,
                (1, Some(&i)) => return Ok(i),
                (n, _) => {
                    let shown: Vec<&str> = found
                        .iter()
                        .take(5)
                        .map(|&i| self.sbom.components[i].id.as_str())
                        .collect();
                    return Err(Error::Lookup(format!(
                        "{source}: {reference:?} matches {n} components ({}{}); give the bom-ref or SPDXID",
                        shown.join(", "),
                        if n > 5 { ", ..." } else { "" }
                    )));
                }
            }
        }
        Err(Error::Lookup(format!(
            "{source}: no component {reference:?} (looked for a bom-ref/SPDXID, purl, name@version or name)"
        )))
    }
}
