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
