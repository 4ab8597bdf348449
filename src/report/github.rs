//! GitHub workflow commands: one `::error`, `::warning` or `::notice` line per finding, which a
//! GitHub Actions runner turns into an annotation on the SBOM's line. The fallback for
//! repositories where SARIF cannot be uploaded (code scanning on a private repository needs
//! GitHub Code Security). Syntax: <https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands>.

use std::io;

use super::escape::{workflow_message, workflow_property};
use super::{Judged, Report, sarif};
use crate::diag::Level as DiagLevel;
use crate::finding::Severity;

/// The command for a finding: critical and high are errors, medium warnings, low and info
/// notices; a waived finding is a notice whatever its severity, since it was reviewed.
pub(crate) fn command(f: &Judged) -> &'static str {
    if f.waived.is_some() {
        return "notice";
    }
    match f.severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "notice",
    }
}

/// `::CMD file=F,line=N,title=T::MESSAGE`, every value escaped for its place.
fn line(
    out: &mut dyn io::Write,
    cmd: &str,
    file: &str,
    line: Option<u32>,
    title: &str,
    message: &str,
) -> io::Result<()> {
    write!(out, "::{cmd} file={}", workflow_property(file))?;
    if let Some(l) = line {
        write!(out, ",line={l}")?;
    }
    writeln!(
        out,
        ",title={}::{}",
        workflow_property(title),
        workflow_message(message)
    )
}

/// Writes one workflow command per finding (report order), per unreadable document and per
/// problem in the policy file. The message is the SARIF message: component, evidence, entity,
/// legal basis, path, and the waiver's reason when waived.
pub(super) fn render(report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
    for f in &report.findings {
        let waived = if f.waived.is_some() { ", waived" } else { "" };
        let title = format!("{} ({}{waived})", f.finding.code, f.severity);
        line(
            out,
            command(f),
            &f.finding.document,
            f.line(),
            &title,
            &sarif::message(f),
        )?;
    }
    for d in &report.documents {
        if let Some(e) = &d.error {
            let message = format!("could not be read: {e}");
            line(out, "error", &d.source, None, "unreadable SBOM", &message)?;
        }
    }
    for d in &report.diagnostics {
        let cmd = match d.level {
            DiagLevel::Error => "error",
            DiagLevel::Warning => "warning",
        };
        line(out, cmd, &d.file, d.line, d.code.as_str(), &d.message)?;
    }
    Ok(())
}
