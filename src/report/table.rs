//! Plain text for a terminal: header, one line per document, findings grouped by severity, the
//! flagged paths, notes and diagnostics, and the verdict last (where the eye lands). Lines fit
//! the given width (80 by default): long values are wrapped or cut with `…`; at `usize::MAX`
//! (what the CLI passes for a file or pipe) nothing is wrapped or cut. ANSI colour only
//! when the caller asks; control characters from the SBOM are never written raw, so a hostile
//! name cannot repaint the terminal.

use std::collections::BTreeMap;
use std::io;

use super::escape::{cut, terminal};
use super::{Judged, RenderOptions, Report, Verdict, palette, path_text};
use crate::finding::Severity;

struct Painter {
    color: bool,
    width: usize,
}

impl Painter {
    fn paint(&self, sgr: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{sgr}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn severity(&self, s: Severity, text: &str) -> String {
        self.paint(palette::sgr(s), text)
    }

    /// Writes `text` wrapped at word boundaries to the width, every line starting with `indent`.
    fn wrap(&self, out: &mut dyn io::Write, indent: &str, text: &str) -> io::Result<()> {
        let room = self.width.saturating_sub(indent.chars().count()).max(20);
        let mut line = String::new();
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            let word = cut(word, room);
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > room {
                writeln!(out, "{indent}{line}")?;
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        if !line.is_empty() {
            writeln!(out, "{indent}{line}")?;
        }
        Ok(())
    }
}

fn finding(
    p: &Painter,
    out: &mut dyn io::Write,
    f: &Judged,
    labels: &BTreeMap<String, String>,
) -> io::Result<()> {
    let version = f
        .finding
        .component
        .version
        .as_deref()
        .map(|v| format!(" {}", terminal(v)))
        .unwrap_or_default();
    let head = format!("{}{version}", terminal(&f.finding.component.label()));
    let code = f.finding.code.as_str();
    // "  code  name version" on one line, cut to fit; the place goes on its own line when long.
    let first = cut(&format!("{code}  {head}"), p.width.saturating_sub(2));
    match first.strip_prefix(code) {
        Some(rest) => writeln!(out, "  {}{rest}", p.severity(f.severity, code))?,
        None => writeln!(out, "  {}", p.severity(f.severity, &first))?,
    }
    let ind = "      ";
    // An audited file's ref is its place inside the artifact: said once.
    let place = f.place();
    let line = if place == f.finding.component.id {
        format!("at {}", terminal(&place))
    } else {
        format!(
            "ref {} at {}",
            terminal(&f.finding.component.id),
            terminal(&place)
        )
    };
    p.wrap(out, ind, &line)?;
    p.wrap(out, ind, &terminal(&f.finding.message))?;
    p.wrap(
        out,
        ind,
        &format!(
            "entity: {} ({})",
            terminal(&f.finding.entity.name),
            terminal(&f.finding.entity.id)
        ),
    )?;
    if let Some(i) = &f.finding.integrates {
        p.wrap(
            out,
            ind,
            &format!("integrates: {} ({})", terminal(&i.name), terminal(&i.id)),
        )?;
    }
    for e in f.finding.evidence.iter().take(3) {
        p.wrap(
            out,
            ind,
            &format!(
                "evidence: {} \"{}\" matched \"{}\"",
                terminal(&e.field),
                terminal(&super::shown_value(e, labels)),
                terminal(&e.matched)
            ),
        )?;
    }
    if f.finding.evidence.len() > 3 {
        writeln!(
            out,
            "{ind}evidence: and {} more",
            f.finding.evidence.len() - 3
        )?;
    }
    // The first designation is the one that decided the code; the rest are named, not cited
    // (every citation is in the json, sarif, markdown and html reports).
    if let Some(lb) = f.finding.legal_basis.first() {
        let eff = lb
            .effective
            .as_deref()
            .map(|d| format!(", effective {}", terminal(d)))
            .unwrap_or_default();
        let milestone = lb
            .milestone
            .as_deref()
            .map(|m| format!(", milestone {}", terminal(m)))
            .unwrap_or_default();
        p.wrap(
            out,
            ind,
            &format!(
                "basis: {}, {}{eff}{milestone}",
                terminal(&lb.label()),
                terminal(&lb.citation)
            ),
        )?;
    }
    if f.finding.legal_basis.len() > 1 {
        let others: Vec<String> = f.finding.legal_basis[1..]
            .iter()
            .map(|lb| terminal(&lb.label()))
            .collect();
        p.wrap(out, ind, &format!("also: {}", others.join("; ")))?;
    }
    for note in &f.finding.notes {
        p.wrap(out, ind, &format!("note: {}", terminal(note)))?;
    }
    if f.scope_lowered {
        writeln!(
            out,
            "{ind}severity lowered from {}: test-only or excluded scope",
            f.finding.severity
        )?;
    }
    if let Some(w) = &f.waived {
        let until = w
            .until
            .as_deref()
            .map(|u| format!(" until {u}"))
            .unwrap_or_default();
        p.wrap(
            out,
            ind,
            &format!(
                "{}{until}: {}",
                p.paint("32", "waived"),
                terminal(&w.reason)
            ),
        )?;
    }
    Ok(())
}

/// One component's findings as `explain` shows them: highest severity first, each under its
/// severity, in the same layout as the report.
pub(super) fn findings(
    findings: &[Judged],
    opts: &RenderOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let p = Painter {
        color: opts.color,
        width: opts.width.max(40),
    };
    for f in findings {
        let label = f.severity.as_str().to_uppercase();
        writeln!(out, "{}", p.severity(f.severity, &p.paint("1", &label)))?;
        finding(&p, out, f, &BTreeMap::new())?;
    }
    Ok(())
}

/// Findings under one heading per severity, highest first.
fn by_severity(
    p: &Painter,
    findings: &[&Judged],
    labels: &BTreeMap<String, String>,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    for s in Severity::ALL.iter().rev() {
        let group: Vec<&&Judged> = findings.iter().filter(|f| f.severity == *s).collect();
        if group.is_empty() {
            continue;
        }
        let title = format!("{} ({})", s.as_str().to_uppercase(), group.len());
        writeln!(out, "\n{}", p.severity(*s, &p.paint("1", &title)))?;
        for f in group {
            finding(p, out, f, labels)?;
        }
    }
    Ok(())
}

/// For several documents, before the findings: one row per document (verdict, highest
/// severity, product, supplier, components, supplier coverage) and a roll-up by supplier.
fn portfolio(p: &Painter, r: &Report, out: &mut dyn io::Write) -> io::Result<()> {
    writeln!(out, "\n{}", p.paint("1", "portfolio"))?;
    for d in &r.documents {
        let verdict = d.verdict.as_str().to_uppercase();
        let sev = d.highest_severity.map_or("-", |s| s.as_str());
        let head = format!("{verdict:<7} {sev:<8}");
        let product = d.product.as_deref().map_or("-".to_string(), terminal);
        let supplier = d
            .supplier
            .as_deref()
            .map_or("supplier not declared".to_string(), terminal);
        let coverage = if d.error.is_some() {
            "unreadable".to_string()
        } else {
            format!(
                "{}, {} supplier declared, {}",
                super::count(d.components, "component"),
                percent(d.coverage.declared_supplier, d.components),
                super::count(d.findings, "finding")
            )
        };
        let colour = d.highest_severity.unwrap_or(Severity::Info);
        let painted = match d.verdict {
            Verdict::Passed => p.paint("32", &head),
            _ => p.severity(colour.max(Severity::High), &head),
        };
        writeln!(
            out,
            "  {painted} {}",
            cut(&terminal(&d.source), p.width.saturating_sub(20))
        )?;
        let ind = "                   ";
        p.wrap(out, ind, &format!("{product} · {supplier} · {coverage}"))?;
        details(p, d, ind, out)?;
    }
    writeln!(out, "\n{}", p.paint("1", "by supplier"))?;
    for s in &r.suppliers {
        let name = s
            .supplier
            .as_deref()
            .map_or("(supplier not declared)".to_string(), terminal);
        let sev = s.highest_severity.map_or("-", |s| s.as_str());
        p.wrap(
            out,
            "  ",
            &format!(
                "{name}: {}, {} failed or unreadable, {}, highest {sev}",
                super::count(s.documents, "document"),
                s.failed,
                super::count(s.findings, "finding")
            ),
        )?;
    }
    Ok(())
}

/// A document's error, provenance note and warnings, under its row.
fn details(
    p: &Painter,
    d: &super::DocumentReport,
    ind: &str,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    if let Some(e) = &d.error {
        p.wrap(
            out,
            ind,
            &format!(
                "{} could not be read: {}",
                p.paint("1;31", "error:"),
                terminal(e)
            ),
        )?;
        return Ok(());
    }
    if let Some(n) = d.coverage_note() {
        p.wrap(out, ind, &format!("note: {n}"))?;
    }
    for w in &d.warnings {
        let line = w.line.map(|l| format!("line {l}: ")).unwrap_or_default();
        p.wrap(
            out,
            ind,
            &format!(
                "warning: {line}{} [{}]",
                terminal(&w.text()),
                terminal(&w.code)
            ),
        )?;
    }
    Ok(())
}

/// `42%`, or `-` of nothing.
fn percent(n: usize, of: usize) -> String {
    if of == 0 {
        "-".to_string()
    } else {
        format!("{:.0}%", n as f64 * 100.0 / of as f64)
    }
}

/// Writes the report as text.
pub(super) fn render(r: &Report, opts: &RenderOptions, out: &mut dyn io::Write) -> io::Result<()> {
    let p = Painter {
        color: opts.color,
        width: opts.width.max(40),
    };
    let wl_date = r
        .watchlist
        .date
        .as_deref()
        .map(|d| format!(" ({})", terminal(d)))
        .unwrap_or_default();
    p.wrap(
        out,
        "",
        &format!(
            "{} {} · watchlist {} {}{wl_date}",
            r.tool.name,
            r.tool.version,
            terminal(&r.watchlist.name),
            terminal(&r.watchlist.version),
        ),
    )?;
    p.wrap(
        out,
        "",
        &format!(
            "as of {} · policy {} · fail-on {}",
            r.as_of,
            r.policy
                .as_deref()
                .map_or("built-in default".to_string(), terminal),
            r.fail_on
        ),
    )?;
    p.wrap(out, "", &terminal(&r.disclaimer))?;

    if r.documents.len() > 1 {
        portfolio(&p, r, out)?;
    } else {
        writeln!(out, "\n{}", p.paint("1", "documents"))?;
        for d in &r.documents {
            writeln!(out, "  {}", cut(&terminal(&d.source), p.width - 2))?;
            if d.error.is_none() {
                let summary = format!(
                    "{} · {} · {}",
                    d.format.as_deref().map_or("-".to_string(), terminal),
                    super::count(d.components, "component"),
                    super::count(d.findings, "finding"),
                );
                p.wrap(out, "      ", &summary)?;
            }
            details(&p, d, "      ", out)?;
        }
    }

    if !r.skipped.is_empty() {
        writeln!(out, "\n{}", p.paint("1", "skipped"))?;
        for s in &r.skipped {
            p.wrap(
                out,
                "  ",
                &format!("{}: {}", terminal(&s.path), terminal(&s.reason)),
            )?;
        }
    }

    if r.documents.len() > 1 {
        // Findings grouped by document, then by severity.
        for d in r.documents.iter().filter(|d| d.findings > 0) {
            let own: Vec<&Judged> = r
                .findings
                .iter()
                .filter(|f| f.finding.document == d.source)
                .collect();
            writeln!(
                out,
                "\n{}",
                p.paint(
                    "1",
                    &cut(&format!("findings in {}", terminal(&d.source)), p.width)
                )
            )?;
            by_severity(&p, &own, &d.labels, out)?;
        }
    } else {
        let all: Vec<&Judged> = r.findings.iter().collect();
        let none = BTreeMap::new();
        let labels = r.documents.first().map_or(&none, |d| &d.labels);
        by_severity(&p, &all, labels, out)?;
    }

    if !r.paths.is_empty() {
        writeln!(out, "\n{}", p.paint("1", "paths"))?;
        let mut document = None;
        for fp in &r.paths {
            if document != Some(&fp.document) {
                writeln!(out, "  {}", cut(&terminal(&fp.document), p.width - 2))?;
                document = Some(&fp.document);
            }
            let steps: Vec<String> = fp.names.iter().map(|s| terminal(s)).collect();
            let sev = fp.severity.as_str();
            let indent = format!(
                "    {}{}",
                p.severity(fp.severity, sev),
                " ".repeat(9 - sev.len())
            );
            // Wrap against a plain indent of the same visible width, then print the coloured one first.
            let mut body = Vec::new();
            p.wrap(&mut body, "             ", &path_text(&steps))?;
            let body = String::from_utf8_lossy(&body);
            for (i, line) in body.lines().enumerate() {
                if i == 0 {
                    writeln!(out, "{indent}{}", line.trim_start())?;
                } else {
                    writeln!(out, "{line}")?;
                }
            }
        }
    }

    if !r.diagnostics.is_empty() {
        writeln!(out, "\n{}", p.paint("1", "policy"))?;
        for d in &r.diagnostics {
            p.wrap(out, "  ", &terminal(&d.to_string()))?;
        }
    }

    let c = &r.counts.by_severity;
    let tally = format!(
        "critical {} · high {} · medium {} · low {} · info {} · waived {}",
        c.critical, c.high, c.medium, c.low, c.info, r.counts.waived
    );
    let verdict = match r.verdict {
        Verdict::Passed => p.paint("1;32", "PASSED"),
        Verdict::Failed => p.paint(
            "1;31",
            &format!(
                "FAILED: {} finding{} at or above {}",
                r.counts.failing,
                if r.counts.failing == 1 { "" } else { "s" },
                r.fail_on
            ),
        ),
        Verdict::Error => p.paint("1;31", "ERROR: a document could not be read"),
    };
    writeln!(out, "\n{verdict}")?;
    p.wrap(out, "", &tally)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_respects_width() {
        let p = Painter {
            color: false,
            width: 20,
        };
        let mut out = Vec::new();
        p.wrap(
            &mut out,
            "  ",
            "one two three four five six seven eight nine ten",
        )
        .unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.lines().all(|l| l.chars().count() <= 22), "{s}");
        assert!(s.lines().count() > 1);
    }
}
