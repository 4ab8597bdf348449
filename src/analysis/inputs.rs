//! The inputs of a run, accounted for in one place: every path the user named is expanded
//! (folders walked, hidden files included, hidden folders such as `.git` skipped and said so),
//! each file is read once however often it is named (by canonical path), every file is read and
//! screened in parallel, and each ends up read, unreadable (with the reason) or skipped with the
//! reason. A walked file that looks like an SBOM, by its name or its first bytes, but cannot be
//! read is unreadable, never skipped: an empty or corrupt supplier SBOM can never become a pass.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Document, Screening};
use crate::finding::Finding;
use crate::ingest::{self, IngestError, ReadOptions};
use crate::model::{Sbom, Warning};
use crate::report::{DocumentReport, Skipped};

/// One input to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-`).
    Stdin,
    /// A file the user named: not being an SBOM is an error.
    Named(PathBuf),
    /// A file found by walking a folder: not being an SBOM means it is skipped.
    Found(PathBuf),
}

impl Input {
    /// The name messages and reports use (`<stdin>` for `-`).
    pub fn source(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::Named(p) | Input::Found(p) => p.display().to_string(),
        }
    }

    /// The whole input, read.
    pub fn bytes(&self) -> std::io::Result<Vec<u8>> {
        match self {
            Input::Stdin => {
                let mut buf = Vec::new();
                std::io::stdin()
                    .lock()
                    .take(ingest::MAX_INPUT_BYTES + 1)
                    .read_to_end(&mut buf)?;
                Ok(buf)
            }
            Input::Named(p) | Input::Found(p) => std::fs::read(p),
        }
    }
}

/// The paths of a run, expanded.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Files to read, in the order the user named them (folders in sorted order), each once.
    pub files: Vec<Input>,
    /// Folder entries that could not be listed: (path, message).
    pub problems: Vec<(String, String)>,
    /// Folders not walked (hidden ones such as `.git`), with the reason.
    pub skipped: Vec<Skipped>,
}

impl Inputs {
    /// Expands the paths: `-` is standard input; folders are walked in sorted order (hidden
    /// folders such as `.git` are skipped).
    pub fn collect(paths: &[PathBuf]) -> Inputs {
        let mut inputs = Inputs::default();
        let mut seen = HashSet::new();
        let mut stdin = false;
        // The same file named twice (or found in a folder and named again) is read once.
        let mut first_time = |p: &Path| seen.insert(std::fs::canonicalize(p).unwrap_or(p.into()));
        for path in paths {
            if path.as_os_str() == "-" {
                if !std::mem::replace(&mut stdin, true) {
                    inputs.files.push(Input::Stdin);
                }
            } else if path.is_dir() {
                let mut hidden = Vec::new();
                let walker = walkdir::WalkDir::new(path)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_entry(|e| {
                        let skip = e.depth() > 0
                            && e.file_type().is_dir()
                            && e.file_name().to_string_lossy().starts_with('.');
                        if skip {
                            hidden.push(e.path().display().to_string());
                        }
                        !skip
                    });
                for entry in walker {
                    match entry {
                        Ok(e) if e.file_type().is_file() => {
                            if first_time(e.path()) {
                                inputs.files.push(Input::Found(e.into_path()));
                            }
                        }
                        Ok(_) => {}
                        Err(e) => {
                            let at = e.path().map_or_else(
                                || path.display().to_string(),
                                |p| p.display().to_string(),
                            );
                            let message = format!("{at}: cannot read folder entry: {e}");
                            inputs.problems.push((at, message));
                        }
                    }
                }
                inputs
                    .skipped
                    .extend(hidden.into_iter().map(|path| Skipped {
                        path,
                        reason: "hidden folder, not walked".to_string(),
                    }));
            } else if first_time(path) {
                inputs.files.push(Input::Named(path.clone()));
            }
        }
        inputs
    }

    /// Whether nothing at all was found.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.problems.is_empty()
    }
}

/// What became of one input.
#[derive(Debug)]
pub enum Outcome {
    /// Read and screened.
    Screened(Screened),
    /// Could not be read: absence of findings cannot be claimed for it.
    Unreadable {
        /// The file as named.
        source: String,
        /// Why.
        error: IngestError,
    },
    /// A walked file that is not an SBOM (and does not look like one).
    Skipped(Skipped),
}

/// One document read and screened.
#[derive(Debug)]
pub struct Screened {
    /// Format, counts, coverage and the warnings of every stage, for the report.
    pub document: DocumentReport,
    /// Its findings, unjudged.
    pub findings: Vec<Finding>,
    /// The reader's and the graph's warnings.
    pub warnings: Vec<Warning>,
    /// How long reading and screening it took (for `--verbose`; never in a report).
    pub elapsed: std::time::Duration,
    /// The document itself, when [`scan_keeping`] was asked to keep it (boxed: most runs keep
    /// none).
    pub sbom: Option<Box<Sbom>>,
}

/// Reads and screens every input on all cores; `progress` is called once per input. The
/// outcomes come back in input order.
pub fn scan(
    inputs: &Inputs,
    screening: &Screening,
    opts: &ReadOptions,
    progress: &(dyn Fn() + Sync),
) -> Vec<Outcome> {
    scan_keeping(inputs, screening, opts, progress, false)
}

/// [`scan`], keeping each document read in [`Screened::sbom`] when `keep` is set (outputs
/// written from the document itself, such as CycloneDX).
pub fn scan_keeping(
    inputs: &Inputs,
    screening: &Screening,
    opts: &ReadOptions,
    progress: &(dyn Fn() + Sync),
    keep: bool,
) -> Vec<Outcome> {
    // An indexed parallel collect keeps the input order, one outcome per input.
    inputs
        .files
        .par_iter()
        .map(|input| {
            let outcome = screen_one(input, screening, opts, keep);
            progress();
            outcome
        })
        .collect()
}

fn screen_one(input: &Input, screening: &Screening, opts: &ReadOptions, keep: bool) -> Outcome {
    let source = input.source();
    let start = std::time::Instant::now();
    let document = input
        .bytes()
        .map_err(|error| IngestError::Io {
            source_name: source.clone(),
            error,
        })
        .and_then(|bytes| Document::from_bytes(bytes, &source, opts));
    match document {
        Ok(mut doc) => {
            let findings = screening.screen(&doc);
            let document = DocumentReport::from_sbom(&doc.sbom)
                .with_warnings(&doc.warnings)
                .with_labels(&doc.sbom, &findings);
            let warnings = std::mem::take(&mut doc.warnings);
            let sbom = if keep {
                Some(Box::new(doc.sbom))
            } else {
                super::dispose(doc);
                None
            };
            Outcome::Screened(Screened {
                document,
                findings,
                warnings,
                elapsed: start.elapsed(),
                sbom,
            })
        }
        // In a walked folder, READMEs and build files are expected; only SBOMs count. A file
        // named like an SBOM, or starting like one, that is not one is a broken SBOM.
        Err(IngestError::NotSbom { reason, .. }) if matches!(input, Input::Found(p) if !named_like_sbom(p)) =>
        {
            Outcome::Skipped(Skipped {
                path: source,
                // What was seen, without the list of what would have been expected.
                reason: format!(
                    "not an SBOM: {}",
                    reason.split("; expected").next().unwrap_or(&reason)
                ),
            })
        }
        Err(error) => Outcome::Unreadable { source, error },
    }
}

/// Whether a file's name says it is an SBOM: the names generators and registries use
/// (`*.cdx.json`, `bom.xml`, `*.spdx`, `*.spdx.json`, Bitnami's hidden `.spdx-APP.spdx`,
/// `*sbom*`...), compressed or not.
pub fn named_like_sbom(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().to_lowercase()) else {
        return false;
    };
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    ["sbom", "cyclonedx", "spdx", ".cdx."]
        .iter()
        .any(|k| name.contains(k))
        || name.ends_with(".cdx")
        || name.ends_with(".bom.json")
        || name.ends_with(".bom.xml")
        || name == "bom.json"
        || name == "bom.xml"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sbom_names() {
        for yes in [
            "acme-router.cdx.json",
            "bom.xml",
            "app.spdx",
            ".spdx-nginx.spdx",
            "image.sbom.json.gz",
            "product.cdx",
            "x.bom.json",
            "CycloneDX-app.xml",
        ] {
            assert!(named_like_sbom(Path::new(yes)), "{yes}");
        }
        for no in [
            "README.md",
            "package.json",
            "pom.xml",
            "bomb.txt",
            "Cargo.lock",
        ] {
            assert!(!named_like_sbom(Path::new(no)), "{no}");
        }
    }
}
