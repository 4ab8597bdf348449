//! GitHub-flavoured Markdown for a job summary (`$GITHUB_STEP_SUMMARY`): verdict, counts by
//! severity, the findings table, the flagged paths, coverage notes and policy diagnostics.
//! Every string from an SBOM goes through [`escape::markdown`](super::escape::markdown), so it can neither break the table nor inject
//! markup.

use std::collections::BTreeMap;
use std::io;

use super::escape::markdown as text;
use super::palette::icon;
use super::{Judged, Report, Verdict, shown_value};
use crate::finding::Severity;

fn component(f: &Judged) -> String {
    let version = f
        .finding
        .component
        .version
        .as_deref()
        .map(|v| format!(" {}", text(v)))
        .unwrap_or_default();
    format!(
        "**{}**{version}<br>ref {}",
        text(&f.finding.component.label()),
        text(&f.finding.component.id)
    )
}

fn evidence(f: &Judged, labels: &BTreeMap<String, String>) -> String {
    let mut parts: Vec<String> = f
        .finding
        .evidence
        .iter()
        .take(3)
        .map(|e| format!("{}: {}", text(&e.field), text(&shown_value(e, labels))))
        .collect();
    if f.finding.evidence.len() > 3 {
        parts.push(format!("and {} more", f.finding.evidence.len() - 3));
    }
    if let Some(i) = &f.finding.integrates {
        parts.insert(0, format!("integrates {}", text(&i.name)));
    }
    parts.join("<br>")
}

/// Each designation with its status, then the notes (qualifiers such as the conditional scope
/// of the Covered List entries must reach the job summary too).
fn basis_and_notes(f: &Judged) -> String {
    let mut parts: Vec<String> = f
        .finding
        .legal_basis
        .iter()
        .map(|lb| text(&lb.label()))
        .collect();
    parts.extend(f.finding.notes.iter().map(|n| format!("note: {}", text(n))));
    parts.join("<br>")
}

/// Writes the job summary.
/// One table of findings.
fn findings_table(
    findings: &[&Judged],
    labels: &BTreeMap<String, String>,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    writeln!(
        out,
        "| severity | code | component | entity | evidence | legal basis and notes | location |\n|---|---|---|---|---|---|---|"
    )?;
    for f in findings {
        let sev = if f.waived.is_some() {
            format!("{} {} (waived)", icon(f.severity), f.severity)
        } else {
            format!("{} {}", icon(f.severity), f.severity)
        };
        writeln!(
            out,
            "| {sev} | `{}` | {} | {} | {} | {} | {} |",
            f.finding.code,
            component(f),
            text(&f.finding.entity.name),
            evidence(f, labels),
            basis_and_notes(f),
            text(&f.place()),
        )?;
    }
    writeln!(out)
}

/// For several documents: one row per document and a roll-up by supplier, before the findings.
fn portfolio(r: &Report, out: &mut dyn io::Write) -> io::Result<()> {
    writeln!(out, "### Portfolio\n")?;
    writeln!(
        out,
        "| verdict | highest | document | product | supplier | components | supplier declared | findings |\n|---|---|---|---|---|---:|---:|---:|"
    )?;
    for d in &r.documents {
        let declared = if d.components == 0 {
            "-".to_string()
        } else {
            format!(
                "{:.0}%",
                d.coverage.declared_supplier as f64 * 100.0 / d.components as f64
            )
        };
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {declared} | {} |",
            d.verdict.as_str(),
            d.highest_severity
                .map_or("-".to_string(), |s| format!("{} {s}", icon(s))),
            text(&d.source),
            d.product.as_deref().map_or("-".to_string(), text),
            d.supplier
                .as_deref()
                .map_or("not declared".to_string(), text),
            d.components,
            d.findings
        )?;
    }
    writeln!(out, "\n### By supplier\n")?;
    writeln!(
        out,
        "| supplier | documents | failed or unreadable | findings | highest |\n|---|---:|---:|---:|---|"
    )?;
    for s in &r.suppliers {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            s.supplier
                .as_deref()
                .map_or("(not declared)".to_string(), text),
            s.documents,
            s.failed,
            s.findings,
            s.highest_severity
                .map_or("-".to_string(), |s| format!("{} {s}", icon(s)))
        )?;
    }
    writeln!(out)
}

pub(super) fn render(r: &Report, out: &mut dyn io::Write) -> io::Result<()> {
    let headline = match r.verdict {
        Verdict::Passed => format!(
            "✅ bomscreen: passed (no unwaived finding at or above {})",
            r.fail_on
        ),
        Verdict::Failed => format!(
            "❌ bomscreen: failed ({} finding{} at or above {})",
            r.counts.failing,
            if r.counts.failing == 1 { "" } else { "s" },
            r.fail_on
        ),
        Verdict::Error => {
            "⛔ bomscreen: error (a document could not be read; absence cannot be claimed)"
                .to_string()
        }
    };
    writeln!(out, "## {headline}\n")?;
    let wl_date = r
        .watchlist
        .date
        .as_deref()
        .map(|d| format!(" ({})", text(d)))
        .unwrap_or_default();
    writeln!(
        out,
        "{} {} · watchlist {} {}{wl_date} · as of {} · fail-on {} · policy {}\n",
        r.tool.name,
        r.tool.version,
        text(&r.watchlist.name),
        text(&r.watchlist.version),
        r.as_of,
        r.fail_on,
        r.policy
            .as_deref()
            .map_or("built-in default".to_string(), text),
    )?;
    writeln!(out, "{}\n", text(&r.disclaimer))?;

    writeln!(out, "| severity | findings |\n|---|---:|")?;
    for s in Severity::ALL.iter().rev() {
        writeln!(
            out,
            "| {} {s} | {} |",
            icon(*s),
            r.counts.by_severity.get(*s)
        )?;
    }
    writeln!(out, "| waived | {} |\n", r.counts.waived)?;

    if r.documents.len() > 1 {
        portfolio(r, out)?;
    }

    if !r.findings.is_empty() {
        let none = BTreeMap::new();
        let labels = |source: &str| {
            r.documents
                .iter()
                .find(|d| d.source == source)
                .map_or(&none, |d| &d.labels)
        };
        let groups: Vec<(&str, Vec<&Judged>)> = if r.documents.len() > 1 {
            r.documents
                .iter()
                .filter(|d| d.findings > 0)
                .map(|d| {
                    let own = r
                        .findings
                        .iter()
                        .filter(|f| f.finding.document == d.source)
                        .collect();
                    (d.source.as_str(), own)
                })
                .collect()
        } else {
            vec![("", r.findings.iter().collect())]
        };
        for (document, findings) in groups {
            let source = findings.first().map_or("", |f| f.finding.document.as_str());
            if document.is_empty() {
                writeln!(out, "### Findings\n")?;
            } else {
                writeln!(out, "### Findings in {}\n", text(document))?;
            }
            findings_table(&findings, labels(source), out)?;
        }

        let cited: Vec<&Judged> = r
            .findings
            .iter()
            .filter(|f| !f.finding.legal_basis.is_empty())
            .collect();
        if !cited.is_empty() {
            writeln!(out, "<details><summary>Legal basis</summary>\n")?;
            let mut seen = std::collections::BTreeSet::new();
            for lb in cited.iter().flat_map(|f| &f.finding.legal_basis) {
                if seen.insert((&lb.list, &lb.citation, &lb.effective)) {
                    let eff = lb
                        .effective
                        .as_deref()
                        .map(|d| format!(", effective {}", text(d)))
                        .unwrap_or_default();
                    // Only http(s) URLs become autolinks; anything else (`javascript:`) is left out.
                    let url = lb
                        .url
                        .as_deref()
                        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
                        .map(|u| format!(" <{}>", u.replace(['<', '>', ' ', '|'], "")))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "- {}: {}{eff}{url}",
                        text(&lb.list),
                        text(&lb.citation)
                    )?;
                }
            }
            writeln!(out, "\n</details>\n")?;
        }

        let waived: Vec<&Judged> = r.findings.iter().filter(|f| f.waived.is_some()).collect();
        if !waived.is_empty() {
            writeln!(out, "### Waived\n")?;
            for f in waived {
                if let Some(w) = &f.waived {
                    let until = w
                        .until
                        .as_deref()
                        .map(|u| format!(" (until {u})"))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "- `{}` on {}: {}{until}",
                        f.finding.code,
                        text(&f.finding.component.label()),
                        text(&w.reason)
                    )?;
                }
            }
            writeln!(out)?;
        }
    }

    if !r.paths.is_empty() {
        writeln!(out, "### Paths\n")?;
        for p in &r.paths {
            let steps: Vec<String> = p
                .path
                .iter()
                .zip(&p.names)
                .map(|(id, name)| {
                    if p.flagged.contains(id) {
                        format!("**{}**", text(name))
                    } else {
                        text(name)
                    }
                })
                .collect();
            let codes: Vec<String> = p.codes.iter().map(|c| format!("`{c}`")).collect();
            writeln!(
                out,
                "- {} {} {} in {}: {}",
                icon(p.severity),
                p.severity,
                codes.join(", "),
                text(&p.document),
                steps.join(" → ")
            )?;
        }
        writeln!(out)?;
    }

    writeln!(out, "### Documents\n")?;
    writeln!(
        out,
        "| document | format | components | findings | note |\n|---|---|---:|---:|---|"
    )?;
    for d in &r.documents {
        let note = match (&d.error, d.coverage_note()) {
            (Some(e), _) => format!("⛔ could not be read: {}", text(e)),
            (None, Some(n)) => text(&n),
            (None, None) => "every component declares a party".to_string(),
        };
        writeln!(
            out,
            "| {} | {} | {} | {} | {note} |",
            text(&d.source),
            d.format.as_deref().map_or("-".to_string(), text),
            d.components,
            d.findings
        )?;
    }
    if !r.skipped.is_empty() {
        writeln!(
            out,
            "\n<details><summary>Skipped inputs ({})</summary>\n",
            r.skipped.len()
        )?;
        for s in &r.skipped {
            writeln!(out, "- {}: {}", text(&s.path), text(&s.reason))?;
        }
        writeln!(out, "\n</details>")?;
    }
    let warnings: usize = r.documents.iter().map(|d| d.warnings.len()).sum();
    if warnings > 0 {
        writeln!(
            out,
            "\n<details><summary>Reader warnings ({warnings})</summary>\n"
        )?;
        for d in &r.documents {
            for w in &d.warnings {
                let line = w.line.map(|l| format!(":{l}")).unwrap_or_default();
                writeln!(
                    out,
                    "- {}{line}: {} `{}`",
                    text(&d.source),
                    text(&w.text()),
                    text(&w.code)
                )?;
            }
        }
        writeln!(out, "\n</details>")?;
    }

    if !r.diagnostics.is_empty() {
        writeln!(out, "\n### Policy\n")?;
        for d in &r.diagnostics {
            let at = d.line.map(|l| format!(":{l}")).unwrap_or_default();
            writeln!(
                out,
                "- ⚠️ `{}` {}{at}: {}",
                d.code,
                text(&d.file),
                text(&d.message)
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn escapes_what_would_break_a_table_or_inject_markup() {
        assert_eq!(text("a|b"), "a\\|b");
        assert_eq!(text("<script>"), "&lt;script&gt;");
        assert_eq!(text("`x`"), "\\`x\\`");
        assert_eq!(text("[link](http://x)"), "\\[link\\](http://x)");
        assert_eq!(text("two\nlines"), "two lines");
        assert_eq!(text("\u{1b}[31m"), "\u{fffd}\\[31m");
    }
}
