//! `bomscreen audit`: screen artifacts themselves. Each artifact is opened by
//! [`crate::audit`], its inventory goes through [`crate::analysis`] as a document would, and the
//! reports are `scan`'s, with every part that could not be read listed in them.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};

use super::scan::ReportArgs;
use super::{Outcome, ScreenOptions};
use crate::analysis::{Document, Error, Screening};
use crate::audit::vfs::{LayerKind, ProblemKind};
use crate::audit::{Audited, Auditor, Limits, Product};
use crate::ingest::{IngestError, ReadOptions};
use crate::report::{self, DocumentReport, Format, Report, Skipped};

/// Arguments of `bomscreen audit`.
#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// Artifacts: firmware images, root filesystem folders, tar/zip/cpio archives, SquashFS and
    /// ext2/3/4 images, OCI layouts and `docker save` archives (recognised by content).
    #[arg(required = true, value_name = "ARTIFACT")]
    pub artifacts: Vec<PathBuf>,
    /// Where the report goes and what fails the run.
    #[command(flatten)]
    pub report: ReportArgs,
    /// How the inventory is screened.
    #[command(flatten)]
    pub screening: ScreenOptions,
    /// Treat a part of an artifact that could not be read, or a limit reached, as an error.
    #[arg(long, env = "BOMSCREEN_STRICT", value_parser = clap::builder::BoolishValueParser::new())]
    pub strict: bool,
    /// Never draw a progress bar (it is drawn only on a terminal, outside CI).
    #[arg(long)]
    pub no_progress: bool,
    /// The product under audit, as reports name it [default: the artifact's file name].
    #[arg(long, value_name = "NAME")]
    pub product: Option<String>,
    /// Who supplies the artifact (the product's supplier in reports and the exported SBOM).
    #[arg(long, value_name = "NAME")]
    pub supplier: Option<String>,
    /// Write what was found as a CycloneDX 1.6 JSON SBOM, with evidence (one artifact).
    #[arg(long, value_name = "FILE")]
    pub sbom_out: Option<PathBuf>,
    /// Most bytes decompressed or read out of containers in one artifact.
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "16GiB")]
    pub max_total_size: u64,
    /// How deep artifacts may nest (an archive in a filesystem in a firmware blob is 3).
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_depth)]
    pub max_depth: usize,
    /// Most bytes of one file read for evidence.
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "64MiB")]
    pub max_file_size: u64,
    /// Largest nested zip, SquashFS or ext image held in memory to be opened.
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "256MiB")]
    pub max_nested_size: u64,
    /// Most entries (files, folders, links) read from one artifact.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_entries)]
    pub max_entries: u64,
}

impl AuditArgs {
    fn limits(&self) -> Limits {
        Limits {
            max_total_bytes: self.max_total_size,
            max_depth: self.max_depth,
            max_scan_bytes: self.max_file_size,
            max_nested_bytes: self.max_nested_size,
            max_entries: self.max_entries,
        }
    }
}

/// `64MiB`, `16GiB`, `1G`, `4096`: binary units (K, M, G, T with or without `iB`/`B`).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{s:?} is not a size (write 4096, 64MiB or 16GiB)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return Err(format!("{s:?}: unknown unit {unit:?} (use K, M, G or T)")),
    };
    n.checked_mul(1u64 << shift)
        .ok_or_else(|| format!("{s:?} is too large"))
}

pub(super) fn run(args: &AuditArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let (screening, watchlist) =
        Screening::load_keeping(&super::config(&args.screening, args.report.fail_on))?;
    let cyclonedx = args.sbom_out.is_some() || args.report.wants_cyclonedx();
    if cyclonedx && args.artifacts.len() > 1 {
        return Err(Error::Usage(format!(
            "--sbom-out and the cyclonedx output write one SBOM, but {} artifacts were given: audit them one at a time",
            args.artifacts.len()
        )));
    }
    let auditor = Auditor::new(&watchlist, args.limits());
    let product = Product {
        name: args.product.clone(),
        supplier: args.supplier.clone(),
    };
    let opts = ReadOptions {
        strict: args.strict,
    };
    let mut documents = Vec::new();
    let mut findings = Vec::new();
    let mut skipped = Vec::new();
    let mut sboms = Vec::new();
    for path in &args.artifacts {
        let source = path.display().to_string();
        let bar = progress_bar(args.no_progress);
        let start = std::time::Instant::now();
        let audited = auditor.audit(path, &product, &|done, total| {
            bar.set_length(total.max(done));
            bar.set_position(done);
        });
        bar.finish_and_clear();
        let audited = match audited {
            Ok(a) => a,
            Err(problem) => {
                let message = crate::audit::problem_text(&problem);
                super::report_error(&message);
                documents.push(DocumentReport::unreadable(&source, &message));
                continue;
            }
        };
        summarise(&audited, start.elapsed());
        skipped.extend(audited.problems.iter().map(|p| Skipped {
            path: match p.offset {
                Some(o) => format!("{}@{o:#x}", p.location),
                None => p.location.clone(),
            },
            reason: format!("{}: {}", problem_word(p.kind), p.message),
        }));
        let kind = audited.layers.first().map(|l| l.kind);
        match Document::analyse(audited.sbom, &opts) {
            Ok(doc) => {
                super::report_document_warnings(doc.source(), &doc.warnings);
                let found = screening.screen(&doc);
                let mut report =
                    DocumentReport::from_sbom(&doc.sbom).with_labels(&doc.sbom, &found);
                findings.extend(found);
                report.format = Some(format!("artifact ({})", kind.map_or("?", kind_word)));
                documents.push(report);
                sboms.push(doc.sbom);
            }
            Err(error @ IngestError::Strict { .. }) => {
                super::report_error(&error);
                documents.push(DocumentReport::unreadable(&source, &error));
            }
            Err(error) => {
                super::report_error(&error);
                documents.push(DocumentReport::unreadable(&source, &error));
            }
        }
    }
    skipped.sort();

    let evaluation = screening.judge(findings);
    let report = Report::new(
        screening.watchlist.clone(),
        screening.as_of,
        &screening.policy,
        evaluation,
        documents,
    )
    .with_skipped(skipped);
    for d in &report.diagnostics {
        super::report_diagnostic(d);
    }
    let mut files: Vec<(Format, PathBuf)> = args.report.outputs.clone();
    files.extend(args.sbom_out.clone().map(|p| (Format::Cyclonedx, p)));
    super::scan::deliver(&report, sboms.first(), args.report.format, &files, out)?;
    Ok(report.verdict.into())
}

/// One line on standard error per artifact: what was opened and read, and what was not.
fn summarise(a: &Audited, elapsed: std::time::Duration) {
    let s = &a.summary;
    let count = |k: ProblemKind| a.problems.iter().filter(|p| p.kind == k).count();
    let mut line = format!(
        "{}: {} opened, {}, {}, {}, {}, {}",
        a.sbom.source,
        report::count(a.layers.len(), "layer"),
        report::count(usize::try_from(s.files).unwrap_or(usize::MAX), "file"),
        bytes(s.bytes),
        report::count(
            usize::try_from(s.executables).unwrap_or(usize::MAX),
            "executable"
        ),
        report::count(usize::try_from(s.packages).unwrap_or(usize::MAX), "package"),
        report::count(usize::try_from(s.sboms).unwrap_or(usize::MAX), "SBOM"),
    );
    for (kind, word) in [
        (ProblemKind::Unreadable, "unreadable"),
        (ProblemKind::Limit, "cut by a limit"),
        (ProblemKind::Anomaly, "anomalous"),
        (ProblemKind::Skipped, "skipped"),
    ] {
        let n = count(kind);
        if n > 0 {
            line.push_str(&format!("; {n} {word}"));
        }
    }
    super::report_note(&line);
    super::report_detail(&format!(
        "{}: audited in {}",
        a.sbom.source,
        super::millis(elapsed)
    ));
    if a.incomplete() {
        super::report_warning_line(&format!(
            "{}: the audit is incomplete: parts of the artifact could not be read (every report lists them; --strict makes this an error)",
            a.sbom.source
        ));
    }
}

fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

fn problem_word(kind: ProblemKind) -> &'static str {
    match kind {
        ProblemKind::Unreadable => "unreadable",
        ProblemKind::Limit => "limit",
        ProblemKind::Anomaly => "anomaly",
        ProblemKind::Skipped => "skipped",
    }
}

fn kind_word(kind: LayerKind) -> &'static str {
    match kind {
        LayerKind::Directory => "folder",
        LayerKind::Tar => "tar",
        LayerKind::Zip => "zip",
        LayerKind::Cpio => "cpio",
        LayerKind::SquashFs => "SquashFS",
        LayerKind::Ext => "ext2/3/4",
        LayerKind::Image => "container image",
        LayerKind::ImageLayer => "image layer",
        LayerKind::Compressed => "compressed stream",
        LayerKind::Blob => "firmware blob",
    }
}

/// Bytes read of the artifact, on a terminal, outside CI, unless `--quiet`.
fn progress_bar(disabled: bool) -> ProgressBar {
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    let quiet = super::output::verbosity() == super::output::Verbosity::Quiet;
    if disabled || quiet || in_ci || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template(
        "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {elapsed_precise} {wide_msg}",
    ) {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_read_in_binary_units() {
        assert_eq!(parse_size("4096"), Ok(4096));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("16GiB"), Ok(16 << 30));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert!(parse_size("12 parsecs").is_err());
        assert!(parse_size("").is_err());
        assert!(parse_size("99999999999T").is_err());
    }
}
