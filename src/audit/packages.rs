//! Package databases found in a filesystem: who packaged what, and which files each package owns.
//! (Interface fixed by the audit design; the implementation lands with the packages work.)

/// The package ecosystem a database belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ecosystem {
    /// Debian and derivatives: `/var/lib/dpkg/status`, `status.d/`, `info/*.list`, `/usr/share/doc/*/copyright`.
    Deb,
    /// OpenWrt and Yocto: opkg `status`, `info/*.control`, `info/*.list`.
    Opkg,
    /// Alpine: `/lib/apk/db/installed`.
    Apk,
    /// Python: `*.dist-info/METADATA` (+ `RECORD`), `*.egg-info/PKG-INFO`.
    Python,
    /// npm: `node_modules/**/package.json`.
    Npm,
    /// Java: `META-INF/MANIFEST.MF` and `META-INF/maven/*/*/pom.properties` inside a jar.
    Maven,
}

/// One installed package.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Package {
    /// Its ecosystem (`None` never occurs in a finished inventory).
    pub ecosystem: Option<Ecosystem>,
    /// Its name as the database writes it.
    pub name: String,
    /// Its version.
    pub version: Option<String>,
    /// Its architecture (`amd64`, `mipsel_24kc`).
    pub arch: Option<String>,
    /// Maven group id, npm scope.
    pub group: Option<String>,
    /// Package URL, built from the above.
    pub purl: Option<String>,
    /// Maintainers as written (`Name <email>`).
    pub maintainers: Vec<String>,
    /// Authors as written.
    pub authors: Vec<String>,
    /// A vendor the package declares (`Implementation-Vendor`, `Bundle-Vendor`).
    pub vendor: Option<String>,
    /// Home page.
    pub homepage: Option<String>,
    /// Licence as written.
    pub license: Option<String>,
    /// Copyright notices (`Copyright:` fields of a Debian copyright file, one per holder line).
    pub copyright: Vec<String>,
    /// Files the package owns: absolute paths in the filesystem.
    pub files: Vec<String>,
    /// Folders whose files belong to the package (an npm package folder).
    pub roots: Vec<String>,
    /// The database file it was read from (`/var/lib/dpkg/status`).
    pub source: String,
    /// The line of its record in that file.
    pub line: Option<u32>,
}

/// The package databases of one filesystem, fed file by file.
#[derive(Debug, Default)]
pub struct Inventory {}

impl Inventory {
    /// An empty inventory.
    pub fn new() -> Inventory {
        Inventory::default()
    }

    /// Whether the file at `path` (absolute, in the filesystem) is one the inventory reads.
    pub fn wants(path: &str) -> bool {
        let _ = path;
        unimplemented!("Inventory::wants")
    }

    /// Reads one database file; an error is a message (with the line) about that file only.
    pub fn add(&mut self, path: &str, data: &[u8]) -> Result<(), String> {
        let _ = (path, data);
        unimplemented!("Inventory::add")
    }

    /// The packages, sorted by ecosystem, name, version; files joined to their packages.
    pub fn finish(self) -> Vec<Package> {
        unimplemented!("Inventory::finish")
    }
}
