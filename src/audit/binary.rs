//! Who made an executable or library: ELF, PE and Mach-O headers, PE version resources,
//! Authenticode signers, Go build information, and one multi-pattern pass over its bytes.
//! (Interface fixed by the audit design; the implementation lands with the binary work.)

use crate::model::Observation;
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
}

/// The strings worth finding in bytes, built once from the watchlists.
#[derive(Debug)]
pub struct Patterns {}

impl Patterns {
    /// Names, aliases, domains and file names of every entry, in ASCII and UTF-16LE.
    pub fn new(watchlist: &Watchlist) -> Patterns {
        let _ = watchlist;
        unimplemented!("Patterns::new")
    }
}

/// Whether `head` starts like an executable or library (ELF, PE, Mach-O).
pub fn is_executable(head: &[u8]) -> bool {
    let _ = head;
    unimplemented!("is_executable")
}

/// Reads what `data` (a whole file, or its first bytes when `complete` is false) says about who
/// made it. Never panics on hostile input.
pub fn examine(path: &str, data: &[u8], complete: bool, patterns: &Patterns) -> Examined {
    let _ = (path, data, complete, patterns);
    unimplemented!("examine")
}
