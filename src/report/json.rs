//! JSON: the [`Report`] view model serialised as is, pretty-printed, with a trailing newline.
//! Documented by `schemas/report.schema.json`; a test validates real output against it.

use std::io;

use super::Report;

/// Writes the report as JSON.
pub(super) fn render(report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}
