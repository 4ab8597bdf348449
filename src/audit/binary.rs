//! Who made an executable or library: ELF, PE and Mach-O headers, PE version resources,
//! Authenticode signers, Go build information, and one multi-pattern pass over its bytes.
//! The artifact layer hands each executable here; the observations go on the file's component
//! and through the same screener as an SBOM's evidence.
//!
//! Observation fields, and the kind each is weighed as:
//! - `elf.soname` (identity: name), `elf.comment` (text: the toolchain strings of `.comment`);
//! - `pe.version.CompanyName` (vendor), `pe.version.LegalCopyright` (copyright),
//!   `pe.version.ProductName`, `pe.version.OriginalFilename`, `pe.version.InternalName`
//!   (identity: name), `pe.version.ProductVersion` (identity: version),
//!   `pe.version.FileDescription` (text);
//! - `pe.authenticode.signer`, `macho.codesign.signer` (signer, detail "unverified: the
//!   signature is not checked");
//! - `macho.id` (path: `LC_ID_DYLIB`);
//! - `strings` (copyright, endpoint or text: a watched name in the file's bytes, detail
//!   "at 0x1f40, UTF-16LE").
//!
//! Linked libraries (`DT_NEEDED`, PE imports, Mach-O load commands) go in [`Examined::needed`],
//! not in observations: the inventory turns them into dependencies.

mod elf;
mod go;
mod macho;
mod pe;
mod signer;
mod strings;

use crate::model::{Observation, ObservationKind};
use crate::watchlist::Watchlist;

/// An executable format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// ELF (Linux, firmware).
    Elf,
    /// PE/COFF (Windows).
    Pe,
    /// Mach-O (Apple), thin or fat.
    MachO,
}

/// A Go module from a binary's build information.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoModule {
    /// Module path (`github.com/x/y`).
    pub path: String,
    /// Version (`v1.2.3`), `(devel)` for the main module when unknown.
    pub version: Option<String>,
}

/// Go build information.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoBuild {
    /// The Go version it was built with (`go1.22.1`).
    pub go_version: Option<String>,
    /// The main module.
    pub main: Option<GoModule>,
    /// Its dependencies.
    pub deps: Vec<GoModule>,
}

/// What was read from one file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Examined {
    /// Its executable format, when it has one.
    pub format: Option<Format>,
    /// ELF `DT_SONAME`, Mach-O `LC_ID_DYLIB`, PE export name.
    pub soname: Option<String>,
    /// Libraries it links (`DT_NEEDED`, PE imports, Mach-O load commands).
    pub needed: Vec<String>,
    /// Go build information.
    pub go: Option<GoBuild>,
    /// Observations for the screener, each naming its field (`pe.version.CompanyName`).
    pub observations: Vec<Observation>,
    /// The product version a PE version resource states (`ProductVersion`, else `FileVersion`).
    pub version: Option<String>,
}

impl Examined {
    /// Adds an observation unless its value is blank or the same kind and value is there.
    fn observe(&mut self, kind: ObservationKind, field: &'static str, value: &str, detail: &str) {
        let Some(mut o) = Observation::new(kind, field, value) else {
            return;
        };
        if self
            .observations
            .iter()
            .any(|p| p.kind == o.kind && p.value == o.value)
        {
            return;
        }
        o.detail = (!detail.is_empty()).then(|| detail.to_string());
        self.observations.push(o);
    }

    /// Adds a linked library once.
    fn need(&mut self, name: &str) {
        let name = name.trim();
        if !name.is_empty() && !self.needed.iter().any(|n| n == name) {
            self.needed.push(name.to_string());
        }
    }
}

/// The strings worth finding in bytes, built once from the watchlists.
#[derive(Debug)]
pub struct Patterns {
    inner: strings::Automaton,
}

impl Patterns {
    /// Names, aliases, domains and file names of every entry, in ASCII and UTF-16LE.
    pub fn new(watchlist: &Watchlist) -> Patterns {
        Patterns {
            inner: strings::Automaton::new(watchlist),
        }
    }

    /// How many byte patterns the automaton holds (both encodings, and the Go magic).
    pub fn len(&self) -> usize {
        self.inner.len()
    }

    /// Whether the watchlist gave no pattern at all (only the Go magic is searched then).
    pub fn is_empty(&self) -> bool {
        self.inner.len() <= 1
    }
}

/// Whether `head` starts like an executable or library (ELF, PE, Mach-O).
pub fn is_executable(head: &[u8]) -> bool {
    format_of(head).is_some()
}

/// The format `head` starts with, judged by its magic number alone.
fn format_of(head: &[u8]) -> Option<Format> {
    let magic = |n: usize| head.get(..n);
    if magic(4) == Some(b"\x7fELF") {
        return Some(Format::Elf);
    }
    if magic(2) == Some(b"MZ") {
        // A DOS stub alone is not a PE: when the header's `e_lfanew` points inside what we
        // have, the PE signature must be there.
        let lfanew = head
            .get(0x3c..0x40)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
        return match lfanew.and_then(|p| head.get(p..p.checked_add(4)?)) {
            Some(sig) => (sig == b"PE\0\0").then_some(Format::Pe),
            None => Some(Format::Pe),
        };
    }
    match magic(4)? {
        [0xfe, 0xed, 0xfa, 0xce | 0xcf] | [0xce | 0xcf, 0xfa, 0xed, 0xfe] => Some(Format::MachO),
        // 0xcafebabe is also a Java class file; its next word is a class-file version (45 and
        // up), a fat binary's is a small architecture count.
        [0xca, 0xfe, 0xba, 0xbe | 0xbf] => {
            let n = head.get(4..8)?;
            let n = u32::from_be_bytes([n[0], n[1], n[2], n[3]]);
            (1..20).contains(&n).then_some(Format::MachO)
        }
        _ => None,
    }
}

/// Reads what `data` (a whole file, or its first bytes when `complete` is false) says about who
/// made it. Never panics on hostile input.
pub fn examine(path: &str, data: &[u8], complete: bool, patterns: &Patterns) -> Examined {
    // The path does not change what the bytes say; the caller keeps it with the result.
    let _ = (path, complete);
    let mut out = Examined {
        format: format_of(data),
        ..Examined::default()
    };
    // Cut input is read all the same: every reader bounds-checks against `data`, so a header
    // that points past the end yields less, never a panic.
    let signatures = match out.format {
        Some(Format::Elf) => {
            elf::read(data, &mut out);
            Vec::new()
        }
        Some(Format::Pe) => pe::read(data, &mut out).into_iter().collect(),
        Some(Format::MachO) => macho::read(data, &mut out),
        None => Vec::new(),
    };
    patterns.inner.scan(data, &signatures, &mut out);
    out
}

#[cfg(test)]
mod tests;
