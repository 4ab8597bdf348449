//! `bomscreen diff`'s view and renderers: what a new release changes for supplier provenance
//! (new and resolved findings, components added, removed or moved, declared suppliers that
//! changed), as a table, Markdown or JSON. SBOM text goes through [`escape`](super::escape).

use std::io::{self, Write};

use serde::Serialize;

use super::escape::{self, markdown as cell};
use super::{DocumentReport, Judged, ToolInfo, Verdict, WatchlistInfo};
use crate::diff::{ComponentChange, ComponentDiff, FindingDiff, Side};
use crate::policy::versions::Direction;

/// The whole comparison; JSON is its serialisation.
#[derive(Debug, Serialize)]
pub struct DiffReport {
    /// The tool.
    pub tool: ToolInfo,
    /// The watchlist both releases were screened against.
    pub watchlist: WatchlistInfo,
    /// The date designations and waivers were judged at, `YYYY-MM-DD`.
    pub as_of: String,
    /// The policy file applied; `None` for the built-in default.
    pub policy: Option<String>,
    /// The lowest severity of a new finding that fails the run, or `never`.
    pub fail_on: String,
    /// `failed` when a new unwaived finding is at or above `fail-on`.
    pub verdict: Verdict,
    /// The earlier release.
    pub old: DocumentReport,
    /// The new release.
    pub new: DocumentReport,
    /// Findings compared.
    pub findings: FindingDiff,
    /// Components compared.
    pub components: ComponentDiff,
}

/// JSON for machines.
pub fn json(r: &DiffReport, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, r)?;
    writeln!(out)
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
        "{} · {} · {} · {}",
        escape::terminal(&d.source),
        d.format.as_deref().unwrap_or("-"),
        super::count(d.components, "component"),
        super::count(d.findings, "finding")
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
            r.findings.failing(),
            r.fail_on
        ),
    }
}

/// `+4 added · -2 removed · 3 version changes (2 up, 1 down) · 1 supplier changes · 1 unchanged`.
fn counts(c: &ComponentDiff) -> String {
    let mut moves = Vec::new();
    for (d, word) in [
        (Direction::Upgrade, "up"),
        (Direction::Downgrade, "down"),
        (Direction::Unknown, "unknown order"),
    ] {
        let n = c.moved(d);
        if n > 0 {
            moves.push(format!("{n} {word}"));
        }
    }
    let moves = if moves.is_empty() {
        String::new()
    } else {
        format!(" ({})", moves.join(", "))
    };
    format!(
        "+{} added · -{} removed · {} version changes{moves} · {} supplier changes · {} unchanged",
        c.added(),
        c.removed(),
        c.version_changes(),
        c.supplier_changes(),
        c.unchanged
    )
}

/// `upgrade`, `downgrade` or `unknown order`, for a version change.
fn direction_word(c: &ComponentChange) -> &'static str {
    match c.direction {
        Some(Direction::Upgrade) => "upgrade",
        Some(Direction::Downgrade) => "downgrade",
        _ => "unknown order",
    }
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
            parts.push(format!(
                "{} -> {} ({})",
                versions(o),
                versions(n),
                direction_word(c)
            ));
        }
        if c.supplier_changed() {
            parts.push(format!("supplier: {} -> {}", suppliers(o), suppliers(n)));
        }
        format!("~ {} {}", c.name, parts.join("; "))
    }
}

/// One finding in two or three lines: what and where, then why (`bomscreen explain` and the
/// scan report give the whole evidence).
fn finding_lines(j: &Judged, out: &mut dyn Write) -> io::Result<()> {
    let clean = escape::terminal;
    let f = &j.finding;
    let version = f.component.version.as_deref().unwrap_or("");
    writeln!(
        out,
        "  {:<8} {}  {} {}  at {}",
        j.severity.as_str(),
        f.code.as_str(),
        clean(&f.component.label()),
        clean(version),
        clean(&j.place())
    )?;
    let mut why = format!("{} ({})", clean(&f.entity.name), f.entity.id);
    if let Some(i) = &f.integrates {
        why = format!("integrates {} of {why}", clean(&i.name));
    }
    if let Some(lb) = f.legal_basis.first() {
        why.push_str(&format!("; {}", clean(&lb.label())));
    }
    writeln!(out, "           {why}")?;
    if let Some(w) = &j.waived {
        writeln!(out, "           waived: {}", clean(&w.reason))?;
    }
    Ok(())
}

/// Aligned text for people.
pub fn table(r: &DiffReport, out: &mut dyn Write) -> io::Result<()> {
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
        writeln!(out, "  {}", escape::terminal(&change_line(change)))?;
    }
    writeln!(out, "\n{}", verdict_line(r))
}

/// GitHub-flavoured Markdown for a pull-request comment or job summary.
pub fn markdown(r: &DiffReport, out: &mut dyn Write) -> io::Result<()> {
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
            let (j, f) = (f, &f.finding);
            let version = f.component.version.as_deref().unwrap_or("");
            writeln!(
                out,
                "| {} | `{}` | {} {} | {} | {} |",
                j.severity,
                f.code.as_str(),
                cell(&f.component.label()),
                cell(version),
                cell(&f.entity.name),
                j.waived.as_ref().map_or(String::new(), |w| cell(&w.reason))
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
                (true, _) => "added".to_string(),
                (_, true) => "removed".to_string(),
                _ if ch.supplier_changed() && ch.version_changed() => {
                    format!("supplier, {}", direction_word(ch))
                }
                _ if ch.supplier_changed() => "supplier".to_string(),
                _ => direction_word(ch).to_string(),
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
