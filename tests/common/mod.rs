//! Shared helpers for tests that read the shared SBOM corpus (`../shared/corpus` beside the clone).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// One row of the corpus MANIFEST.tsv.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Path relative to the corpus root.
    pub path: String,
    /// `cyclonedx`, `spdx`, `not-sbom`, `csl`, ...
    pub format: String,
    /// Spec version as the manifest states it.
    pub spec_version: String,
    /// `json`, `xml`, `tag-value`, `yaml`, `rdf`, `jsonld`, `csv`.
    pub encoding: String,
    /// Components (CycloneDX, nested included) or packages (SPDX) per the manifest.
    pub components: Option<usize>,
    /// `valid`, `invalid`, `wild`, `schema`, `list`.
    pub expected: String,
}

/// The corpus root, or `None` (after saying so) when it is absent outside CI.
/// Under `CI=true` a missing corpus is a failure.
#[allow(clippy::print_stderr)] // a skipped corpus test says so
pub fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.join("MANIFEST.tsv").is_file() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "corpus not found at {} (required when CI=true)",
            dir.display()
        );
    }
    eprintln!("skipped: corpus not found at {}", dir.display());
    None
}

/// Every row of MANIFEST.tsv.
pub fn manifest(root: &Path) -> Vec<Entry> {
    let text =
        std::fs::read_to_string(root.join("MANIFEST.tsv")).expect("MANIFEST.tsv is readable");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            assert!(
                f.len() >= 11,
                "MANIFEST row has {} columns: {line}",
                f.len()
            );
            Entry {
                path: f[0].to_string(),
                format: f[5].to_string(),
                spec_version: f[6].to_string(),
                encoding: f[7].to_string(),
                components: f[9].parse().ok(),
                expected: f[10].to_string(),
            }
        })
        .collect()
}
