//! `bomscreen diff OLD NEW`: what a new release of a product changes for supplier provenance:
//! the findings it brings and the ones it clears, components added, removed or moved to another
//! version, and declared suppliers that changed. It fails (exit 1) only on *new* findings at or
//! above `fail-on`, so a pipeline can hold a release to "nothing worse than the last one".

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;
use serde::Serialize;

use super::graph::{Loaded, Screening, load};
use super::{Outcome, ScreenOptions};
use crate::diff::{self, ComponentChange, ComponentDiff, Side};
use crate::finding::{Code, ComponentRef};
use crate::policy::FailOn;
use crate::report::{DocumentReport, ReportFinding, ToolInfo, Verdict, WatchlistInfo};

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
    #[arg(long, value_name = "SEVERITY", value_parser = super::scan::parse_fail_on)]
    pub fail_on: Option<FailOn>,
    /// How both documents are screened.
    #[command(flatten)]
    pub screening: ScreenOptions,
    /// Treat problems the tolerant reader works around as errors.
    #[arg(long)]
    pub strict: bool,
}

/// Findings compared across the two releases.
#[derive(Debug, Serialize)]
struct FindingDiff {
    /// In the new release only (judged by the policy as of the as-of date).
    new: Vec<ReportFinding>,
    /// In the old release only.
    resolved: Vec<ReportFinding>,
    /// In both.
    unchanged: usize,
}

/// The whole comparison, as the json format writes it.
#[derive(Debug, Serialize)]
struct DiffReport {
    tool: ToolInfo,
    watchlist: WatchlistInfo,
    as_of: String,
    policy: Option<String>,
    fail_on: String,
    /// `failed` when a new unwaived finding is at or above `fail-on`.
    verdict: Verdict,
    old: DocumentReport,
    new: DocumentReport,
    findings: FindingDiff,
    components: ComponentDiff,
}

impl DiffReport {
    fn failing(&self) -> usize {
        self.findings.new.iter().filter(|f| f.fails).count()
    }
}

/// A finding's identity across releases: code, entity, and the identities of its component and
/// of the component it integrates (ids and versions change between releases; these do not).
type FindingKey = (Code, String, String, String);

fn keyed(doc: &Loaded, findings: Vec<ReportFinding>) -> BTreeMap<FindingKey, Vec<ReportFinding>> {
    let places = doc.places();
    let identity =
        |r: &ComponentRef| match places.get(&(r.id.as_str(), r.location.pointer.as_str())) {
            Some(&i) => diff::component_identity(&doc.sbom.components[i]),
            None => diff::identity(r.purl.as_ref(), None, &r.name),
        };
    let mut out: BTreeMap<FindingKey, Vec<ReportFinding>> = BTreeMap::new();
    for f in findings {
        let key = (
            f.code,
            f.entity.id.clone(),
            identity(&f.component),
            f.integrates.as_ref().map(&identity).unwrap_or_default(),
        );
        out.entry(key).or_default().push(f);
    }
    out
}

pub(super) fn run(args: &DiffArgs, out: &mut dyn Write) -> std::io::Result<Outcome> {
    if args.old.as_os_str() == "-" && args.new.as_os_str() == "-" {
        super::report_error(&"only one of OLD and NEW can be standard input (-)");
        return Ok(Outcome::CouldNotRun);
    }
    let Some(mut screening) = Screening::prepare(&args.screening) else {
        return Ok(Outcome::CouldNotRun);
    };
    if let Some(fail_on) = args.fail_on {
        screening.policy.fail_on = fail_on;
    }
    let (Some(old), Some(new)) = (load(&args.old, args.strict), load(&args.new, args.strict))
    else {
        return Ok(Outcome::CouldNotRun);
    };
    let before = screening.judge(&old, |_| true);
    let after = screening.judge(&new, |_| true);
    let mut old_doc = DocumentReport::from_sbom(&old.sbom);
    old_doc.findings = before.len();
    let mut new_doc = DocumentReport::from_sbom(&new.sbom);
    new_doc.findings = after.len();

    let mut before = keyed(&old, before);
    let mut findings = FindingDiff {
        new: Vec::new(),
        resolved: Vec::new(),
        unchanged: 0,
    };
    for (key, list) in keyed(&new, after) {
        match before.remove(&key) {
            Some(_) => findings.unchanged += list.len(),
            None => findings.new.extend(list),
        }
    }
    findings.resolved = before.into_values().flatten().collect();
    for list in [&mut findings.new, &mut findings.resolved] {
        list.sort_by(|a, b| {
            (
                std::cmp::Reverse(a.severity),
                a.code,
                &a.component.name,
                &a.entity.id,
            )
                .cmp(&(
                    std::cmp::Reverse(b.severity),
                    b.code,
                    &b.component.name,
                    &b.entity.id,
                ))
        });
    }
    let components = diff::components((&old.sbom, &old.provenance), (&new.sbom, &new.provenance));
    let mut report = DiffReport {
        tool: ToolInfo::default(),
        watchlist: screening.watchlist.clone(),
        as_of: screening.as_of.to_string(),
        policy: screening.policy_file().map(str::to_string),
        fail_on: screening.policy.fail_on.to_string(),
        verdict: Verdict::Passed,
        old: old_doc,
        new: new_doc,
        findings,
        components,
    };
    if report.failing() > 0 {
        report.verdict = Verdict::Failed;
    }
    match args.format {
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
        DiffFormat::Table => table(&report, out)?,
        DiffFormat::Markdown => markdown(&report, out)?,
    }
    for doc in [&old, &new] {
        for w in doc.warnings() {
            super::report_warning(&doc.sbom.source, w);
        }
    }
    Ok(match report.verdict {
        Verdict::Passed => Outcome::Passed,
        _ => Outcome::PolicyFailed,
    })
}

/// `1.2, 1.3` or `-`.
fn versions(side: Option<&Side>) -> String {
    match side {
        Some(s) if !s.versions.is_empty() => s.versions.join(", "),
        _ => "-".to_string(),
    }
}

/// `Acme Inc.` or `none declared`.
fn suppliers(side: Option<&Side>) -> String {
    match side {
        Some(s) if !s.suppliers.is_empty() => s.suppliers.join(", "),
        _ => "none declared".to_string(),
    }
}

fn document_line(d: &DocumentReport) -> String {
    format!(
        "{} · {} · {} components · {} findings",
        d.source,
        d.format.as_deref().unwrap_or("-"),
        d.components,
        d.findings
    )
}

fn verdict_line(r: &DiffReport) -> String {
    let tally = format!(
        "({} new, {} resolved, {} unchanged)",
        r.findings.new.len(),
        r.findings.resolved.len(),
        r.findings.unchanged
    );
    match r.verdict {
        Verdict::Passed if r.fail_on == "never" => format!("PASSED: fail-on is never {tally}"),
        Verdict::Passed => format!("PASSED: no new finding at or above {} {tally}", r.fail_on),
        _ => format!(
            "FAILED: {} new finding(s) at or above {} {tally}",
            r.failing(),
            r.fail_on
        ),
    }
}

/// `+4 added · -2 removed · 3 version changes · 1 supplier changes · 1 unchanged`.
fn counts(c: &ComponentDiff) -> String {
    format!(
        "+{} added · -{} removed · {} version changes · {} supplier changes · {} unchanged",
        c.added(),
        c.removed(),
        c.version_changes(),
        c.supplier_changes(),
        c.unchanged
    )
}

fn change_line(c: &ComponentChange) -> String {
    let (o, n) = (c.old.as_ref(), c.new.as_ref());
    if c.is_added() {
        format!("+ {} {} (supplier: {})", c.name, versions(n), suppliers(n))
    } else if c.is_removed() {
        format!("- {} {} (supplier: {})", c.name, versions(o), suppliers(o))
    } else {
        let mut parts = Vec::new();
        if c.version_changed() {
            parts.push(format!("{} -> {}", versions(o), versions(n)));
        }
        if c.supplier_changed() {
            parts.push(format!("supplier: {} -> {}", suppliers(o), suppliers(n)));
        }
        format!("~ {} {}", c.name, parts.join("; "))
    }
}

/// One finding in two or three lines: what and where, then why (`bomscreen explain` and the
/// scan report give the whole evidence). SBOM text is cleaned of control characters.
fn finding_lines(f: &ReportFinding, out: &mut dyn Write) -> std::io::Result<()> {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    };
    let version = f.component.version.as_deref().unwrap_or("");
    writeln!(
        out,
        "  {:<8} {}  {} {}  at {}",
        f.severity.as_str(),
        f.code.as_str(),
        clean(&f.component.name),
        clean(version),
        clean(&f.place())
    )?;
    let mut why = format!("{} ({})", clean(&f.entity.name), f.entity.id);
    if let Some(i) = &f.integrates {
        why = format!("integrates {} of {why}", clean(&i.name));
    }
    if let Some(lb) = f.legal_basis.first() {
        why.push_str(&format!("; {}", clean(&lb.list)));
    }
    writeln!(out, "           {why}")?;
    if let Some(w) = &f.waived {
        writeln!(out, "           waived: {}", clean(&w.reason))?;
    }
    Ok(())
}

fn table(r: &DiffReport, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{} {} · watchlist {}",
        r.tool.name, r.tool.version, r.watchlist
    )?;
    writeln!(
        out,
        "as of {} · policy {} · fail-on {} (new findings)",
        r.as_of,
        r.policy.as_deref().unwrap_or("built-in default"),
        r.fail_on
    )?;
    writeln!(out, "\nold  {}", document_line(&r.old))?;
    writeln!(out, "new  {}", document_line(&r.new))?;
    for (title, list) in [
        ("new findings", &r.findings.new),
        ("resolved findings", &r.findings.resolved),
    ] {
        writeln!(out, "\n{title} ({})", list.len())?;
        for f in list {
            finding_lines(f, out)?;
        }
    }
    let c = &r.components;
    writeln!(out, "\ncomponents  {}", counts(c))?;
    for change in &c.changes {
        writeln!(out, "  {}", change_line(change))?;
    }
    writeln!(out, "\n{}", verdict_line(r))
}

/// A Markdown table cell: pipes escaped, line breaks and markup characters neutralised.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('`', "\\`")
}

fn markdown(r: &DiffReport, out: &mut dyn Write) -> std::io::Result<()> {
    let icon = if r.verdict == Verdict::Passed {
        "✅"
    } else {
        "❌"
    };
    writeln!(
        out,
        "## bomscreen diff: {icon} {}\n",
        cell(&verdict_line(r))
    )?;
    writeln!(
        out,
        "Old `{}` ({} findings) → new `{}` ({} findings). Watchlist {} {}, as of {}, policy {}.\n",
        cell(&r.old.source),
        r.old.findings,
        cell(&r.new.source),
        r.new.findings,
        cell(&r.watchlist.name),
        cell(&r.watchlist.version),
        r.as_of,
        cell(r.policy.as_deref().unwrap_or("built-in default"))
    )?;
    for (title, list) in [
        ("New findings", &r.findings.new),
        ("Resolved findings", &r.findings.resolved),
    ] {
        writeln!(out, "### {title} ({})\n", list.len())?;
        if list.is_empty() {
            writeln!(out, "None.\n")?;
            continue;
        }
        writeln!(out, "| severity | code | component | entity | waived |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        for f in list {
            let version = f.component.version.as_deref().unwrap_or("");
            writeln!(
                out,
                "| {} | `{}` | {} {} | {} | {} |",
                f.severity,
                f.code.as_str(),
                cell(&f.component.name),
                cell(version),
                cell(&f.entity.name),
                f.waived.as_ref().map_or(String::new(), |w| cell(&w.reason))
            )?;
        }
        writeln!(out)?;
    }
    let c = &r.components;
    writeln!(out, "### Components\n\n{}\n", counts(c))?;
    if !c.changes.is_empty() {
        writeln!(out, "| change | component | old | new |")?;
        writeln!(out, "|---|---|---|---|")?;
        for ch in &c.changes {
            let (o, n) = (ch.old.as_ref(), ch.new.as_ref());
            let what = match (ch.is_added(), ch.is_removed()) {
                (true, _) => "added",
                (_, true) => "removed",
                _ if ch.supplier_changed() => "supplier",
                _ => "version",
            };
            let side = |s: Option<&Side>| match s {
                Some(_) => format!("{} ({})", versions(s), suppliers(s)),
                None => String::new(),
            };
            writeln!(
                out,
                "| {what} | {} | {} | {} |",
                cell(&ch.name),
                cell(&side(o)),
                cell(&side(n))
            )?;
        }
    }
    Ok(())
}
