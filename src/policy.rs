//! Policy: `bomscreen.toml` -> validated [`Policy`]; [`evaluate`] judges findings as of a date.
//!
//! Sits between screening and reporting: severity overrides per code, scope lowering for
//! test-only / excluded components, waivers (kept in the report, never failing the run), expired
//! and unused waiver diagnostics, and the verdict against `fail-on`. The date is an argument;
//! only the CLI reads the clock.
//!
//! Where scope lowering happens: here, once. Screening reports each finding at its code's
//! severity (raised where the evidence says so, e.g. a post-cut-off release) and types the
//! component's [`Scope`](crate::finding::Scope) (delivered, test-only, excluded); policy then
//! lowers reduced-scope findings one step unless `[scope] test-only = "keep"`. A `[severity]`
//! override replaces the screening severity before that lowering.

mod parse;
pub mod versions;
pub mod waiver;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use jiff::civil::Date;
use serde::Serialize;

pub use parse::validate;
pub use waiver::{ComponentSelector, Waiver};

use crate::diag::{Code as DiagCode, Diagnostic};
use crate::finding::{Code, Finding, Severity};
pub use crate::finding::{Judged, WaivedBy};

/// The file name looked for in the current directory when `--policy` is not given.
pub const FILE_NAME: &str = "bomscreen.toml";

/// The lowest severity that fails the run, or never.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Fail on findings at or above this severity.
    Severity(Severity),
    /// Report only; never fail.
    Never,
}

impl FailOn {
    /// Whether a finding of this severity fails the run.
    pub fn fails(self, s: Severity) -> bool {
        match self {
            FailOn::Severity(min) => s >= min,
            FailOn::Never => false,
        }
    }
}

impl Default for FailOn {
    /// `high`: prohibited and covered-list findings fail a build; restricted-party signals are reviewed.
    fn default() -> Self {
        FailOn::Severity(Severity::High)
    }
}

impl Serialize for FailOn {
    /// As written in the policy file: a severity name or `never`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl fmt::Display for FailOn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FailOn::Severity(s) => s.fmt(f),
            FailOn::Never => f.write_str("never"),
        }
    }
}

impl FromStr for FailOn {
    type Err = String;

    /// A severity name, or `never` / `none`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "never" | "none" => Ok(FailOn::Never),
            other => other.parse().map(FailOn::Severity).map_err(|_| {
                format!("unknown fail-on value {s:?} (expected info, low, medium, high, critical or never)")
            }),
        }
    }
}

/// What happens to findings about test-only or excluded-scope components.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScopeMode {
    /// One severity step lower: they do not ship, but they did come in.
    #[default]
    Lower,
    /// Same severity as shipped components.
    Keep,
}

/// A validated policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Policy {
    /// The file it was read from; `None` for the built-in default.
    pub source: Option<String>,
    /// The lowest severity that fails the run.
    pub fail_on: FailOn,
    /// Severity overrides per finding code.
    pub severity: BTreeMap<Code, Severity>,
    /// Test-only / excluded-scope handling.
    pub scope: ScopeMode,
    /// How many days after the newest watchlist's date the as-of date may be before every report
    /// warns that the watchlist is stale (`[watchlist] max-age-days`, default 180).
    pub watchlist_max_age_days: u32,
    /// `[require]`: provenance every document must declare.
    pub require: Require,
    /// Waivers, in file order (their index is their identity in reports).
    pub waivers: Vec<Waiver>,
}

/// `[require]`: provenance every document must declare; falling short is an
/// `insufficient-provenance` finding, which fails the run per `fail-on` like any other.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Require {
    /// The least share (percent) of a document's components that declare a supplier or
    /// manufacturer.
    pub supplier_coverage: Option<f64>,
    /// Whether the document must declare its product's supplier.
    pub product_supplier: bool,
}

impl Eq for Require {}

/// The default of `[watchlist] max-age-days`: half a year without a watchlist update is long
/// enough for lists to change (the FCC Covered List and the Entity List change several times a
/// year).
pub const WATCHLIST_MAX_AGE_DAYS: u32 = 180;

impl Default for Policy {
    fn default() -> Self {
        Policy {
            source: None,
            fail_on: FailOn::default(),
            severity: BTreeMap::new(),
            scope: ScopeMode::default(),
            watchlist_max_age_days: WATCHLIST_MAX_AGE_DAYS,
            require: Require::default(),
            waivers: Vec::new(),
        }
    }
}

impl Policy {
    /// The severity a code has under this policy before scope lowering.
    pub fn severity_of(&self, code: Code) -> Severity {
        self.severity
            .get(&code)
            .copied()
            .unwrap_or_else(|| code.default_severity())
    }
}

/// The policy file in `dir`, if there is one (`./bomscreen.toml`).
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let p = dir.join(FILE_NAME);
    p.is_file().then_some(p)
}

/// Reads and validates a policy file; an unreadable file is an `unreadable-policy` diagnostic.
pub fn load(path: &Path) -> Result<Policy, Vec<Diagnostic>> {
    let file = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => validate(&file, &text),
        Err(e) => Err(vec![Diagnostic::file(
            DiagCode::UnreadablePolicy,
            &file,
            format!("cannot read the policy file: {e}"),
        )]),
    }
}

/// How a run ended, as every report states it and the exit code says it: the one verdict of
/// `scan`, `diff` and the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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

/// Judged findings and waiver diagnostics.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// Every finding, judged, in input order.
    pub findings: Vec<Judged>,
    /// Expired and unused waivers.
    pub diagnostics: Vec<Diagnostic>,
    /// The threshold applied.
    pub fail_on: FailOn,
}

impl Evaluation {
    /// Unwaived findings at or above `fail-on`.
    pub fn failing(&self) -> usize {
        self.findings.iter().filter(|j| j.fails).count()
    }

    /// Passed or failed, by the findings alone (a run with unreadable input is an error, which
    /// only the caller knows).
    pub fn verdict(&self) -> Verdict {
        if self.failing() == 0 {
            Verdict::Passed
        } else {
            Verdict::Failed
        }
    }
}

/// Applies the policy to findings as of a date.
pub fn evaluate(policy: &Policy, findings: Vec<Finding>, as_of: Date) -> Evaluation {
    let file = policy
        .source
        .clone()
        .unwrap_or_else(|| FILE_NAME.to_string());
    let mut used = vec![false; policy.waivers.len()];
    let judged: Vec<Judged> = findings
        .into_iter()
        .map(|finding| {
            let base = policy
                .severity
                .get(&finding.code)
                .copied()
                .unwrap_or(finding.severity);
            let scope_lowered = policy.scope == ScopeMode::Lower
                && finding.scope.is_reduced()
                && base != Severity::Info;
            let severity = if scope_lowered { base.lowered() } else { base };
            // First matching waiver in file order wins: the order of the file is the tie-breaker
            // the user can see and change.
            let waived_by = policy
                .waivers
                .iter()
                .enumerate()
                .find(|(_, w)| !w.is_expired(as_of) && w.matches(&finding))
                .map(|(index, w)| {
                    used[index] = true;
                    WaivedBy {
                        index,
                        reason: w.reason.clone(),
                        until: w.until.map(|d| d.to_string()),
                        defined_at: w.line.map(|l| format!("{file}:{l}")),
                    }
                });
            let fails = waived_by.is_none() && policy.fail_on.fails(severity);
            Judged {
                finding,
                severity,
                scope_lowered,
                waived: waived_by,
                fails,
            }
        })
        .collect();
    let mut diagnostics = Vec::new();
    for (i, w) in policy.waivers.iter().enumerate() {
        let at = |code, message: String| Diagnostic {
            code,
            level: crate::diag::Code::level(code),
            file: file.clone(),
            line: w.line,
            column: w.line.map(|_| 1),
            message,
        };
        let bad_versions = w.versions.as_ref().filter(|v| v.req.is_none());
        if let Some(v) = bad_versions {
            diagnostics.push(at(
                DiagCode::BadVersionRequirement,
                format!(
                    "waiver {} ({}): `versions = {:?}` is not a semver requirement (e.g. \"<21.4\" or \">=1.2, <2\"), so the waiver matches no finding",
                    i + 1,
                    w.describe(),
                    v.text
                ),
            ));
        }
        if let Some(until) = w.until.filter(|_| w.is_expired(as_of)) {
            diagnostics.push(at(
                DiagCode::ExpiredWaiver,
                format!(
                    "waiver {} ({}) expired on {until} (as of {as_of}); the findings it covered count again",
                    i + 1,
                    w.describe()
                ),
            ));
        } else if !used[i] && bad_versions.is_none() {
            diagnostics.push(at(
                DiagCode::UnusedWaiver,
                format!(
                    "waiver {} ({}) matched no finding; remove it or fix its selector",
                    i + 1,
                    w.describe()
                ),
            ));
        }
    }
    Evaluation {
        findings: judged,
        diagnostics,
        fail_on: policy.fail_on,
    }
}
