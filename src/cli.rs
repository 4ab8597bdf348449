//! The command line: clap arguments, dispatch to one module per command, exit codes. Each
//! command runs the pipeline through [`crate::analysis`] and renders with [`crate::report`];
//! errors come back as [`crate::analysis::Error`] and are printed once, in [`run`].
//!
//! This is the only module (with the report renderers) that writes to the terminal, and the only
//! one that reads the clock or the environment.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod audit;
mod diff;
mod environment;
mod explain;
mod graph;
mod init;
mod inspect;
mod output;
mod scan;
mod shell;
mod watchlist;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

pub use environment::parse_args;
pub use output::{ColorChoice, GlobalOptions};

use crate::analysis::{Config, Document, Error};
use crate::report::escape;

/// Screen SBOMs for components from foreign-adversary-controlled suppliers.
#[derive(Debug, Parser)]
#[command(name = "bomscreen", version, about, long_about = None, args_override_self = true)]
pub struct Args {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
    /// `--quiet`, `--verbose` and `--color`, taken before or after the command.
    #[command(flatten)]
    pub global: GlobalOptions,
}

/// The commands, in the user's vocabulary.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Screen SBOMs for components from foreign-adversary-controlled suppliers: the main job.
    Scan(scan::ScanArgs),
    /// Screen artifacts themselves: firmware images, root filesystems, archives, container images.
    Audit(audit::AuditArgs),
    /// Show what an SBOM holds: format, version, counts, provenance coverage, reader warnings.
    Inspect(InspectArgs),
    /// Draw the dependency graph with each component's resolved supplier: dot, mermaid or json.
    Graph(GraphArgs),
    /// Explain one component: who is behind it and how we know, what contains it, its path.
    Explain(ExplainArgs),
    /// Compare two releases' SBOMs: new and resolved findings, components and suppliers that changed.
    Diff(diff::DiffArgs),
    /// List, show, export, validate and import watchlists (built-in data, your files, official lists).
    #[command(subcommand)]
    Watchlist(watchlist::WatchlistCommand),
    /// Write a commented starter policy, bomscreen.toml, with every key at its default.
    Init(init::InitArgs),
    /// Print a shell completion script: bash, zsh, fish, powershell or elvish.
    Completions(shell::CompletionsArgs),
    /// Print the man page (roff), or write one page per command into a folder.
    Man(shell::ManArgs),
}

/// Output format for `inspect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InspectFormat {
    /// Aligned text for people.
    Table,
    /// JSON for machines.
    Json,
}

/// Arguments of `bomscreen inspect`.
#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// SBOM files or folders (walked as `scan` walks them; CycloneDX or SPDX, any version and
    /// encoding); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub files: Vec<PathBuf>,
    /// Output format (json: one object for one file, an array when several files are given).
    #[arg(long, value_enum, default_value_t = InspectFormat::Table)]
    pub format: InspectFormat,
    /// Treat problems the tolerant reader works around as errors.
    #[arg(long, env = "BOMSCREEN_STRICT", value_parser = clap::builder::BoolishValueParser::new())]
    pub strict: bool,
}

/// Output format for `graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz dot (`dot -Tsvg`).
    Dot,
    /// A Mermaid flowchart (renders in GitHub Markdown).
    Mermaid,
    /// JSON: nodes with name, version and supplier; edges with kind and flavour.
    Json,
}

/// Arguments of `bomscreen graph`.
#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    /// The SBOM file; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
    /// Show only this component (bom-ref, SPDXID, purl, name@version or name), the path to it
    /// from a root, and what it contains or uses.
    #[arg(long, value_name = "REF")]
    pub focus: Option<String>,
    /// With --focus: how many hops below the component to show (default: all).
    #[arg(long, value_name = "N", requires = "focus")]
    pub depth: Option<usize>,
    /// Show only the components screening flags and the paths to them from a root, each
    /// flagged node marked with its highest severity and codes.
    #[arg(long, conflicts_with = "focus")]
    pub flagged: bool,
    /// How the document is screened (with --flagged).
    #[command(flatten)]
    pub screening: ScreenOptions,
    /// Treat problems the tolerant reader works around as errors.
    #[arg(long, env = "BOMSCREEN_STRICT", value_parser = clap::builder::BoolishValueParser::new())]
    pub strict: bool,
}

/// The screening options `explain` and `graph --flagged` share with `scan`.
#[derive(Debug, clap::Args)]
pub struct ScreenOptions {
    /// Policy whose severities and waivers judge the findings [default: ./bomscreen.toml when
    /// present].
    #[arg(long, value_name = "FILE", env = "BOMSCREEN_POLICY")]
    pub policy: Option<PathBuf>,
    /// Watchlists to use besides (or, with --no-builtin, instead of) the built-in one.
    #[command(flatten)]
    pub watchlists: watchlist::Sources,
    /// Judge designations and waiver expiry as of this date (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date, env = "BOMSCREEN_AS_OF")]
    pub as_of: Option<jiff::civil::Date>,
}

/// Arguments of `bomscreen explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The SBOM file; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The component: bom-ref, SPDXID, purl, name@version or name.
    #[arg(value_name = "REF")]
    pub reference: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = InspectFormat::Table)]
    pub format: InspectFormat,
    /// How the component is screened.
    #[command(flatten)]
    pub screening: ScreenOptions,
    /// Treat problems the tolerant reader works around as errors.
    #[arg(long, env = "BOMSCREEN_STRICT", value_parser = clap::builder::BoolishValueParser::new())]
    pub strict: bool,
}

/// How a run ended; `main` maps it to the documented exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything read; no finding at or above `fail-on`. Exit 0.
    Passed,
    /// Findings at or above `fail-on`. Exit 1.
    PolicyFailed,
    /// Bad arguments, unreadable or unrecognised input. Exit 2.
    CouldNotRun,
}

impl Outcome {
    /// The process exit code: 0 passed, 1 policy failed, 2 could not run.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Passed => 0,
            Outcome::PolicyFailed => 1,
            Outcome::CouldNotRun => 2,
        }
    }
}

impl From<crate::policy::Verdict> for Outcome {
    fn from(v: crate::policy::Verdict) -> Outcome {
        match v {
            crate::policy::Verdict::Passed => Outcome::Passed,
            crate::policy::Verdict::Failed => Outcome::PolicyFailed,
            crate::policy::Verdict::Error => Outcome::CouldNotRun,
        }
    }
}

/// Runs one command, writing its result to `out` and its diagnostics to standard error. Errors
/// that stop a command are printed here, once.
pub fn run(args: Args, out: &mut dyn Write) -> Outcome {
    output::apply(&args.global);
    // `scan` and `diff` are gates: their verdict is the point, so an undelivered report is never
    // a pass. The other commands list things; their reader may stop early (`| head`).
    let gate = matches!(
        args.command,
        Command::Scan(_) | Command::Audit(_) | Command::Diff(_)
    );
    let result = match args.command {
        Command::Scan(a) => scan::run(&a, out),
        Command::Audit(a) => audit::run(&a, out),
        Command::Inspect(a) => inspect::run(&a, out),
        Command::Graph(a) => graph::run(&a, out),
        Command::Explain(a) => explain::run(&a, out),
        Command::Diff(a) => diff::run(&a, out),
        Command::Watchlist(c) => watchlist::run(c, out),
        Command::Init(a) => init::run(&a, out),
        Command::Completions(a) => shell::completions(&a, out),
        Command::Man(a) => shell::man(&a, out),
    };
    match result {
        Ok(outcome) => outcome,
        // The reader of our output went away: nothing left to tell anyone. For a gate the report
        // was not delivered in full, so this is still not a pass.
        Err(Error::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            if gate {
                Outcome::CouldNotRun
            } else {
                Outcome::Passed
            }
        }
        Err(e) => {
            report_error(&e);
            Outcome::CouldNotRun
        }
    }
}

/// The library's view of the screening options: where the policy and watchlists come from,
/// `--fail-on`, and the as-of date (today unless given; the clock is read here).
fn config(opts: &ScreenOptions, fail_on: Option<crate::policy::FailOn>) -> Config {
    Config {
        policy: opts.policy.clone(),
        policy_dir: std::env::current_dir().ok(),
        watchlists: opts.watchlists.paths(),
        no_builtin: opts.watchlists.no_builtin,
        fail_on,
        as_of: opts.as_of.unwrap_or_else(today),
    }
}

/// Loads the policy and watchlists for a command that prints no scan report (`explain`, `graph
/// --flagged`, `diff`): a stale watchlist is said on standard error, as the scan report says it.
fn screening(
    opts: &ScreenOptions,
    fail_on: Option<crate::policy::FailOn>,
) -> Result<crate::analysis::Screening, Error> {
    let screening = crate::analysis::Screening::load(&config(opts, fail_on))?;
    if let Some(d) = screening.staleness() {
        report_diagnostic(&d);
    }
    Ok(screening)
}

/// How the table is drawn on standard output: colour per `--color`, and the width from
/// `COLUMNS`, else whole lines into a file or pipe, else the terminal's width (see
/// [`output::width`]).
fn terminal_options() -> crate::report::RenderOptions {
    crate::report::RenderOptions {
        color: output::color(),
        width: output::width(),
    }
}

/// Reads one document; with `--verbose`, says what it holds and how long reading it took.
fn read_document(
    path: &Path,
    opts: &crate::ingest::ReadOptions,
) -> Result<Document, crate::ingest::IngestError> {
    let start = std::time::Instant::now();
    let doc = Document::read(path, opts)?;
    verbose_document(&doc, start.elapsed());
    Ok(doc)
}

/// Under `--verbose`: one line per document read, with its format, counts and time.
fn verbose_document(doc: &Document, elapsed: std::time::Duration) {
    if output::verbosity() == output::Verbosity::Verbose {
        let summary = crate::report::DocumentReport::from_sbom(&doc.sbom);
        report_detail(&format!(
            "{}: {}, {}, {}, read in {}",
            doc.source(),
            summary.format.as_deref().unwrap_or("-"),
            crate::report::count(summary.components, "component"),
            crate::report::count(doc.warnings.len(), "warning"),
            millis(elapsed)
        ));
    }
}

/// `12.3 ms`: timings for `--verbose`.
fn millis(d: std::time::Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Today's date: the only place bomscreen reads the clock (`--as-of` overrides it).
fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

/// Parses a `YYYY-MM-DD` command-line date.
fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse::<jiff::civil::Date>()
        .map_err(|_| format!("\"{s}\" is not a date; expected YYYY-MM-DD"))
}

/// Parses a `--fail-on` value.
fn parse_fail_on(s: &str) -> Result<crate::policy::FailOn, String> {
    s.parse().map_err(|e: String| e)
}

/// Standard error is a terminal too: every message (which may quote an SBOM, a policy or a
/// watchlist) is cleaned line by line, so a hostile value can neither move the cursor nor forge
/// a line.
fn safe(message: &str) -> String {
    let lines: Vec<String> = message
        .lines()
        .map(|line| {
            let body = line.trim_start_matches(' ');
            let indent = &line[..line.len() - body.len()];
            format!("{indent}{}", escape::terminal(body))
        })
        .collect();
    lines.join("\n")
}

/// Prints a problem in a user's policy or watchlist file (`file:line:col: level: message [code]`);
/// `--quiet` keeps only the errors.
fn report_diagnostic(d: &crate::diag::Diagnostic) {
    if d.level == crate::diag::Level::Error || output::verbosity() > output::Verbosity::Quiet {
        eprintln!("{}", safe(&d.to_string()));
    }
}

/// Reports an error that stops one input or the whole run.
fn report_error(e: &dyn std::fmt::Display) {
    eprintln!("error: {}", safe(&e.to_string()));
}

/// Reports a warning that is already a full sentence with its location (not with `--quiet`).
fn report_warning_line(message: &str) {
    if output::verbosity() > output::Verbosity::Quiet {
        eprintln!("warning: {}", safe(message));
    }
}

/// Reports progress or a summary on standard error, keeping standard output for data (not with
/// `--quiet`).
fn report_note(message: &str) {
    if output::verbosity() > output::Verbosity::Quiet {
        eprintln!("note: {}", safe(message));
    }
}

/// A note only `--verbose` prints: timings and other detail.
fn report_detail(message: &str) {
    if output::verbosity() == output::Verbosity::Verbose {
        eprintln!("note: {}", safe(message));
    }
}

/// Reports the warnings of every stage for one document.
fn report_warnings(doc: &Document) {
    report_document_warnings(doc.source(), &doc.warnings);
}

/// Reports warnings for one input, one line each: `file:line: message (N times) [code]`; with
/// `--verbose`, where in the document the first occurrence is; nothing with `--quiet`.
fn report_document_warnings(source: &str, warnings: &[crate::model::Warning]) {
    let level = output::verbosity();
    if level == output::Verbosity::Quiet {
        return;
    }
    for w in warnings {
        let at = match (&w.location, level) {
            (Some(l), output::Verbosity::Verbose) if !l.pointer.is_empty() => {
                format!(" (first at {})", l.pointer)
            }
            _ => String::new(),
        };
        eprintln!("warning: {}{}", safe(&w.line_for(source)), safe(&at));
    }
}
