//! `bomscreen audit`: screen artifacts themselves (firmware images, root filesystems, archives,
//! container images), not only the SBOMs that describe them. [`vfs`] opens the artifact and every
//! container, filesystem and compressed stream inside it, in memory and within [`Limits`];
//! [`packages`] reads the package databases it holds; [`binary`] reads who made each executable
//! (ELF, PE, Mach-O headers, version resources, signers, and one multi-pattern pass over its
//! bytes); the inventory becomes a [`crate::model::Sbom`] that goes through the same graph,
//! provenance, screening, policy and reports as `scan`.

pub mod binary;
pub mod packages;
pub mod vfs;

/// How much an audit may read, so that a decompression bomb, a nesting loop or a huge sparse
/// file ends in a warning instead of exhausting memory or time. Every limit is a CLI option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes produced by decompression and read out of containers, all layers together.
    pub max_total_bytes: u64,
    /// How deep artifacts nest (an archive in a filesystem in a blob is depth 3).
    pub max_depth: usize,
    /// Bytes of one file read for evidence; a larger file is read up to this and said so.
    pub max_scan_bytes: u64,
    /// Largest nested artifact that needs random access (zip, SquashFS, ext4), which is held in
    /// memory to be opened.
    pub max_nested_bytes: u64,
    /// Entries (files, folders, links) across the whole artifact.
    pub max_entries: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_total_bytes: 16 << 30,
            max_depth: 8,
            max_scan_bytes: 64 << 20,
            max_nested_bytes: 256 << 20,
            max_entries: 2_000_000,
        }
    }
}

mod build;
mod collect;
mod names;

use std::path::Path;

pub use build::{ARTIFACT_ID, problem_text};
pub use names::PathNames;

use crate::model::Sbom;
use crate::watchlist::Watchlist;
use vfs::{Layer, Problem, ProblemKind};

/// What an audit needs besides the artifact: the watchlist's strings (built once for any number
/// of artifacts), the limits, and how to name the product.
pub struct Auditor {
    patterns: binary::Patterns,
    names: PathNames,
    /// The limits every artifact is opened within.
    pub limits: Limits,
}

/// How the product under audit is named in reports (else by its file name).
#[derive(Debug, Clone, Default)]
pub struct Product {
    /// `--product NAME`.
    pub name: Option<String>,
    /// `--supplier NAME`: who supplies the artifact.
    pub supplier: Option<String>,
}

/// One artifact audited: its inventory as a document, and what could not be read.
#[derive(Debug)]
pub struct Audited {
    /// The inventory in the one model: the artifact, its nested layers, packages, files and the
    /// SBOMs found inside, linked by `contains` and `dependsOn`.
    pub sbom: Sbom,
    /// Every layer opened, in order.
    pub layers: Vec<Layer>,
    /// Everything that could not be read, was cut by a limit, looked hostile, or was skipped.
    pub problems: Vec<Problem>,
    /// Counts for the summary.
    pub summary: Summary,
}

/// What an audit read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files seen (regular files and links), in every layer.
    pub files: u64,
    /// Bytes of those files, as their containers declare them.
    pub bytes: u64,
    /// Executables and libraries examined.
    pub executables: u64,
    /// Packages read from package databases.
    pub packages: u64,
    /// SBOM documents found inside and joined.
    pub sboms: u64,
}

impl Audited {
    /// Whether anything was lost: content unreadable or cut by a limit (not a deliberate skip,
    /// not an anomaly whose content was read).
    pub fn incomplete(&self) -> bool {
        self.problems
            .iter()
            .any(|p| matches!(p.kind, ProblemKind::Unreadable | ProblemKind::Limit))
    }
}

impl Auditor {
    /// Builds the pattern automata from the watchlist.
    pub fn new(watchlist: &Watchlist, limits: Limits) -> Auditor {
        Auditor {
            patterns: binary::Patterns::new(watchlist),
            names: PathNames::new(watchlist),
            limits,
        }
    }

    /// Opens `path`, reads everything in it within the limits, and builds the inventory.
    /// `progress` is told the bytes consumed and the total. An error means the artifact itself
    /// could not be opened.
    pub fn audit(
        &self,
        path: &Path,
        product: &Product,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Audited, Problem> {
        let total = vfs::total_size(path);
        let collected = collect::collect(path, self, &|done| progress(done, total))?;
        Ok(build::build(path, product, collected))
    }
}
