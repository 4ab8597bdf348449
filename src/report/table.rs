//! Plain text for a terminal: header, one line per document, findings grouped by severity, the
//! flagged paths, notes and diagnostics, and the verdict last (where the eye lands). Lines fit
//! the given width (80 by default): long values are wrapped or cut with `…`. ANSI colour only
//! when the caller asks; control characters from the SBOM are never written raw, so a hostile
//! name cannot repaint the terminal.

use std::io;

use super::{RenderOptions, Report, ReportFinding, Verdict, path_text};
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
        let sgr = match s {
            Severity::Critical => "1;31",
            Severity::High => "31",
            Severity::Medium => "33",
            Severity::Low => "36",
            Severity::Info => "2",
        };
        self.paint(sgr, text)
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

/// A string from an SBOM made safe for a terminal: control characters (ESC, CR, BEL, C1...)
/// become U+FFFD, runs of whitespace one space.
fn clean(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect();
    mapped
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// At most `max` characters, the last one `…` when cut.
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn finding(p: &Painter, out: &mut dyn io::Write, f: &ReportFinding) -> io::Result<()> {
    let version = f
        .component
        .version
        .as_deref()
        .map(|v| format!(" {}", clean(v)))
        .unwrap_or_default();
    let head = format!("{}{version}", clean(&f.component.name));
    let code = f.code.as_str();
    // "  code  name version" on one line, cut to fit; the place goes on its own line when long.
    let first = cut(&format!("{code}  {head}"), p.width.saturating_sub(2));
    match first.strip_prefix(code) {
        Some(rest) => writeln!(out, "  {}{rest}", p.severity(f.severity, code))?,
        None => writeln!(out, "  {}", p.severity(f.severity, &first))?,
    }
    let ind = "      ";
    p.wrap(
        out,
        ind,
        &format!("ref {} at {}", clean(&f.component.id), clean(&f.place())),
    )?;
    p.wrap(out, ind, &clean(&f.message))?;
    p.wrap(
        out,
        ind,
        &format!(
            "entity: {} ({})",
            clean(&f.entity.name),
            clean(&f.entity.id)
        ),
    )?;
    if let Some(i) = &f.integrates {
        p.wrap(
            out,
            ind,
            &format!("integrates: {} ({})", clean(&i.name), clean(&i.id)),
        )?;
    }
    for e in f.evidence.iter().take(3) {
        p.wrap(
            out,
            ind,
            &format!(
                "evidence: {} \"{}\" matched \"{}\"",
                clean(&e.field),
                clean(&e.value),
                clean(&e.matched)
            ),
        )?;
    }
    if f.evidence.len() > 3 {
        writeln!(out, "{ind}evidence: and {} more", f.evidence.len() - 3)?;
    }
    // The first designation is the one that decided the code; the rest are named, not cited
    // (every citation is in the json, sarif, markdown and html reports).
    if let Some(lb) = f.legal_basis.first() {
        let eff = lb
            .effective
            .as_deref()
            .map(|d| format!(", effective {}", clean(d)))
            .unwrap_or_default();
        p.wrap(
            out,
            ind,
            &format!("basis: {}, {}{eff}", clean(&lb.list), clean(&lb.citation)),
        )?;
    }
    if f.legal_basis.len() > 1 {
        let others: Vec<String> = f.legal_basis[1..]
            .iter()
            .map(|lb| clean(&lb.list))
            .collect();
        p.wrap(out, ind, &format!("also: {}", others.join("; ")))?;
    }
    for note in &f.notes {
        p.wrap(out, ind, &format!("note: {}", clean(note)))?;
    }
    if f.scope_lowered {
        writeln!(
            out,
            "{ind}severity lowered from {}: test-only or excluded scope",
            f.screening_severity
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
            &format!("{}{until}: {}", p.paint("32", "waived"), clean(&w.reason)),
        )?;
    }
    Ok(())
}

/// One component's findings as `explain` shows them: highest severity first, each under its
/// severity, in the same layout as the report.
pub(super) fn findings(
    findings: &[ReportFinding],
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
        finding(&p, out, f)?;
    }
    Ok(())
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
        .map(|d| format!(" ({})", clean(d)))
        .unwrap_or_default();
    p.wrap(
        out,
        "",
        &format!(
            "{} {} · watchlist {} {}{wl_date}",
            r.tool.name,
            r.tool.version,
            clean(&r.watchlist.name),
            clean(&r.watchlist.version),
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
                .map_or("built-in default".to_string(), clean),
            r.fail_on
        ),
    )?;

    writeln!(out, "\n{}", p.paint("1", "documents"))?;
    for d in &r.documents {
        match &d.error {
            Some(e) => {
                writeln!(out, "  {}", cut(&clean(&d.source), p.width - 2))?;
                p.wrap(
                    out,
                    "      ",
                    &format!(
                        "{} could not be read: {}",
                        p.paint("1;31", "error:"),
                        clean(e)
                    ),
                )?;
            }
            None => {
                let summary = format!(
                    "{} · {} components · {} finding{}",
                    d.format.as_deref().map_or("-".to_string(), clean),
                    d.components,
                    d.findings,
                    if d.findings == 1 { "" } else { "s" }
                );
                writeln!(out, "  {}", cut(&clean(&d.source), p.width - 2))?;
                p.wrap(out, "      ", &summary)?;
                if let Some(n) = d.coverage_note() {
                    p.wrap(out, "      ", &format!("note: {n}"))?;
                }
                for w in &d.warnings {
                    let line = w.line.map(|l| format!("line {l}: ")).unwrap_or_default();
                    let times = if w.count > 1 {
                        format!(" ({} times)", w.count)
                    } else {
                        String::new()
                    };
                    p.wrap(
                        out,
                        "      ",
                        &format!(
                            "warning: {line}{}{times} [{}]",
                            clean(&w.message),
                            clean(&w.code)
                        ),
                    )?;
                }
            }
        }
    }

    for s in Severity::ALL.iter().rev() {
        let group: Vec<&ReportFinding> = r.findings.iter().filter(|f| f.severity == *s).collect();
        if group.is_empty() {
            continue;
        }
        let title = format!("{} ({})", s.as_str().to_uppercase(), group.len());
        writeln!(out, "\n{}", p.severity(*s, &p.paint("1", &title)))?;
        for f in group {
            finding(&p, out, f)?;
        }
    }

    if !r.paths.is_empty() {
        writeln!(out, "\n{}", p.paint("1", "paths"))?;
        let mut document = None;
        for fp in &r.paths {
            if document != Some(&fp.document) {
                writeln!(out, "  {}", cut(&clean(&fp.document), p.width - 2))?;
                document = Some(&fp.document);
            }
            let steps: Vec<String> = fp.path.iter().map(|s| clean(s)).collect();
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
            p.wrap(out, "  ", &clean(&d.to_string()))?;
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
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(clean("evil\u{1b}[2Jname\r\n x"), "evil\u{fffd}[2Jname x");
        assert_eq!(clean("\u{9b}31m"), "\u{fffd}31m");
    }

    #[test]
    fn cut_marks_truncation() {
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 4), "abc");
        assert_eq!(cut("привет", 3), "пр…");
    }

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
