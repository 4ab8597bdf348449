//! Package databases found in a filesystem: who packaged what, and which files each package owns.
//! The orchestrator feeds [`Inventory`] the files [`Inventory::wants`] of one filesystem, in any
//! order; [`Inventory::finish`] joins file lists, copyright files and manifests to their packages
//! and builds purls, namespaced by the filesystem's `os-release`. One submodule per format.

use std::collections::{BTreeMap, BTreeSet};

mod apk;
mod deb;
mod maven;
mod npm;
mod purl;
mod python;
mod text;

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
    /// Files the package owns: absolute paths in the filesystem, sorted, folders left out.
    pub files: Vec<String>,
    /// Folders whose files belong to the package (an npm package's folder, except the packages
    /// under its own `node_modules`), for databases that list no files.
    pub roots: Vec<String>,
    /// The source package it was built from (dpkg and opkg `Source`, apk `o:`).
    pub origin: Option<String>,
    /// The database file it was read from (`/var/lib/dpkg/status`).
    pub source: String,
    /// The line of its record in that file.
    pub line: Option<u32>,
}

/// The distribution a filesystem says it is (os-release(5)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distro {
    /// `ID`, lowercase (`debian`, `alpine`, `openwrt`): the deb and apk purl namespace.
    pub id: String,
    /// `VERSION_ID` (`12`, `3.19.1`), absent on rolling and testing releases.
    pub version_id: Option<String>,
    /// `PRETTY_NAME`, for reports (`Debian GNU/Linux 12 (bookworm)`).
    pub pretty_name: Option<String>,
}

/// The package databases of one filesystem, fed file by file.
#[derive(Debug, Default)]
pub struct Inventory {
    /// Package records as read, before files, copyrights and manifests are joined.
    packages: Vec<Package>,
    /// dpkg and opkg file lists by (ecosystem, package, architecture when the list names one).
    lists: BTreeMap<(Ecosystem, String, Option<String>), Vec<String>>,
    /// Notices of `/usr/share/doc/NAME/copyright` by NAME.
    copyrights: BTreeMap<String, Vec<String>>,
    /// opkg `info/NAME.control` records, merged into the `status` records in `finish`.
    opkg_controls: Vec<Package>,
    /// Python `RECORD` and `installed-files.txt` paths by their `.dist-info`/`.egg-info` folder.
    records: BTreeMap<String, Vec<String>>,
    /// Jar manifests, joined to the jar's pom.properties in `finish`.
    manifests: Vec<maven::Manifest>,
    /// `/etc/os-release` (index 0, which wins) and `/usr/lib/os-release` (index 1).
    os_release: [Option<Distro>; 2],
}

/// What a wanted path is, decided from the path alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Status(Ecosystem),
    List(Ecosystem),
    OpkgControl,
    Copyright,
    ApkInstalled,
    PythonMetadata,
    PythonFiles,
    PackageJson,
    Manifest,
    PomProperties,
    OsRelease(usize),
}

/// The one segment after `prefix` in `path` (`NAME` in `/usr/share/doc/NAME`), if `path` is
/// exactly `prefix` + a segment + `suffix`.
fn segment<'a>(path: &'a str, prefix: &str, suffix: &str) -> Option<&'a str> {
    let mid = path.strip_prefix(prefix)?.strip_suffix(suffix)?;
    (!mid.is_empty() && !mid.contains('/')).then_some(mid)
}

/// Classifies a path; cheap, as it runs on every file of the filesystem.
fn classify(path: &str) -> Option<Kind> {
    use Ecosystem::{Deb, Opkg};
    match path {
        "/var/lib/dpkg/status" => return Some(Kind::Status(Deb)),
        "/usr/lib/opkg/status" | "/var/lib/opkg/status" => return Some(Kind::Status(Opkg)),
        "/lib/apk/db/installed" => return Some(Kind::ApkInstalled),
        "/etc/os-release" => return Some(Kind::OsRelease(0)),
        "/usr/lib/os-release" => return Some(Kind::OsRelease(1)),
        _ => {}
    }
    if let Some(name) = segment(path, "/var/lib/dpkg/status.d/", "") {
        // Distroless: `NAME` is the paragraph, `NAME.md5sums` the files.
        return Some(if name.ends_with(".md5sums") {
            Kind::List(Deb)
        } else {
            Kind::Status(Deb)
        });
    }
    if segment(path, "/var/lib/dpkg/info/", ".list").is_some() {
        return Some(Kind::List(Deb));
    }
    if segment(path, "/usr/share/doc/", "/copyright").is_some() {
        return Some(Kind::Copyright);
    }
    for info in ["/usr/lib/opkg/info/", "/var/lib/opkg/info/"] {
        if segment(path, info, ".control").is_some() {
            return Some(Kind::OpkgControl);
        }
        if segment(path, info, ".list").is_some() {
            return Some(Kind::List(Opkg));
        }
    }
    let file = path.rsplit('/').next().unwrap_or(path);
    let folder = text::parent(path);
    match file {
        "METADATA" if folder.ends_with(".dist-info") => Some(Kind::PythonMetadata),
        "PKG-INFO" if folder.ends_with(".egg-info") => Some(Kind::PythonMetadata),
        "RECORD" if folder.ends_with(".dist-info") => Some(Kind::PythonFiles),
        "installed-files.txt" if folder.ends_with(".egg-info") => Some(Kind::PythonFiles),
        // distutils installs the metadata as a lone `NAME-VERSION.egg-info` file.
        f if f.ends_with(".egg-info") && f.len() > 9 => Some(Kind::PythonMetadata),
        "package.json" => {
            let (up, name) = folder.rsplit_once('/')?;
            let up = match up.rsplit_once('/') {
                Some((upper, scope)) if scope.starts_with('@') && scope.len() > 1 => upper,
                _ => up,
            };
            (!name.is_empty() && (up.ends_with("/node_modules") || up == "node_modules"))
                .then_some(Kind::PackageJson)
        }
        "MANIFEST.MF" if folder.ends_with("/META-INF") || folder == "META-INF" => {
            Some(Kind::Manifest)
        }
        "pom.properties" => {
            // `…/META-INF/maven/GROUP/ARTIFACT/pom.properties`
            let (rest, artifact) = folder.rsplit_once('/')?;
            let (rest, group) = rest.rsplit_once('/')?;
            (!artifact.is_empty() && !group.is_empty() && rest.ends_with("META-INF/maven"))
                .then_some(Kind::PomProperties)
        }
        _ => None,
    }
}

impl Inventory {
    /// An empty inventory.
    pub fn new() -> Inventory {
        Inventory::default()
    }

    /// Whether the file at `path` (absolute, in the filesystem) is one the inventory reads.
    pub fn wants(path: &str) -> bool {
        classify(path).is_some()
    }

    /// Reads one database file; an error is a message (with the line) about that file only.
    /// What could be read is kept even then.
    pub fn add(&mut self, path: &str, data: &[u8]) -> Result<(), String> {
        let Some(kind) = classify(path) else {
            return Err(format!("{path}:1: not a package database file"));
        };
        match kind {
            Kind::Status(eco) => deb::status(self, eco, path, data),
            Kind::List(eco) => deb::list(self, eco, path, data),
            Kind::OpkgControl => deb::control(self, path, data),
            Kind::Copyright => {
                deb::copyright(self, path, data);
                Ok(())
            }
            Kind::ApkInstalled => apk::installed(self, path, data),
            Kind::PythonMetadata => python::metadata(self, path, data),
            Kind::PythonFiles => {
                python::files(self, path, data);
                Ok(())
            }
            Kind::PackageJson => npm::package_json(self, path, data),
            Kind::Manifest => maven::manifest(self, path, data),
            Kind::PomProperties => maven::pom_properties(self, path, data),
            Kind::OsRelease(slot) => {
                self.os_release[slot] = purl::os_release(data);
                match &self.os_release[slot] {
                    Some(_) => Ok(()),
                    None => Err(format!("{path}:1: no ID= line")),
                }
            }
        }
    }

    /// The distribution the filesystem's `os-release` names (`/etc` over `/usr/lib`).
    pub fn distro(&self) -> Option<Distro> {
        self.os_release.iter().flatten().next().cloned()
    }

    /// The packages, sorted by ecosystem, name, version; files joined to their packages.
    pub fn finish(self) -> Vec<Package> {
        let distro = self.distro();
        let Inventory {
            mut packages,
            lists,
            copyrights,
            opkg_controls,
            records,
            manifests,
            ..
        } = self;
        merge_controls(&mut packages, opkg_controls);
        maven::join_manifests(&mut packages, manifests);
        for p in &mut packages {
            match p.ecosystem {
                Some(eco @ (Ecosystem::Deb | Ecosystem::Opkg)) => {
                    let exact = (eco, p.name.clone(), p.arch.clone());
                    let any = (eco, p.name.clone(), None);
                    if let Some(files) = lists.get(&exact).or_else(|| lists.get(&any)) {
                        p.files.extend(files.iter().cloned());
                    }
                    if let Some(c) = copyrights.get(&p.name).filter(|_| eco == Ecosystem::Deb) {
                        p.copyright.clone_from(c);
                    }
                }
                Some(Ecosystem::Python) => {
                    if let Some(files) = records.get(text::parent(&p.source)) {
                        p.files.extend(files.iter().cloned());
                    }
                }
                // apk lists files in its own records; npm has roots; a jar is its own filesystem.
                _ => {}
            }
            tidy(p);
            p.purl = purl::build(p, distro.as_ref());
        }
        packages.sort_by(|a, b| {
            (a.ecosystem, &a.name, &a.version, &a.arch, &a.source, a.line).cmp(&(
                b.ecosystem,
                &b.name,
                &b.version,
                &b.arch,
                &b.source,
                b.line,
            ))
        });
        packages
    }
}

/// opkg: the `status` record says what is installed, `info/NAME.control` says who made it.
/// A control without a status record (a read-only image whose status file is missing or was
/// not fed) is still an installed package: opkg writes `info/` only on installation.
fn merge_controls(packages: &mut Vec<Package>, controls: Vec<Package>) {
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in packages.iter().enumerate() {
        if p.ecosystem == Some(Ecosystem::Opkg) {
            by_name.entry(p.name.clone()).or_default().push(i);
        }
    }
    for c in controls {
        let Some(hits) = by_name.get(&c.name) else {
            packages.push(c);
            continue;
        };
        for &i in hits {
            let p = &mut packages[i];
            if p.maintainers.is_empty() {
                p.maintainers.clone_from(&c.maintainers);
            }
            for (mine, theirs) in [
                (&mut p.version, &c.version),
                (&mut p.arch, &c.arch),
                (&mut p.homepage, &c.homepage),
                (&mut p.license, &c.license),
                (&mut p.origin, &c.origin),
            ] {
                if mine.is_none() {
                    mine.clone_from(theirs);
                }
            }
        }
    }
}

/// Empty values become `None`, repeated people and notices go, and the files are sorted with
/// folders left out (dpkg lists `/usr` and `/usr/bin` among a package's files): a path that
/// is the parent of another listed path is a folder.
fn tidy(p: &mut Package) {
    for v in [
        &mut p.version,
        &mut p.arch,
        &mut p.group,
        &mut p.homepage,
        &mut p.license,
        &mut p.vendor,
        &mut p.origin,
    ] {
        if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
            *v = None;
        }
    }
    for list in [&mut p.maintainers, &mut p.authors, &mut p.copyright] {
        let mut seen = BTreeSet::new();
        list.retain(|s| !s.trim().is_empty() && seen.insert(s.clone()));
    }
    p.files.sort();
    p.files.dedup();
    let mut folders: BTreeSet<&str> = BTreeSet::new();
    for f in &p.files {
        let mut cur = text::parent(f);
        // Stop at the first folder already known: its ancestors are in the set too.
        while cur.len() > 1 && folders.insert(cur) {
            cur = text::parent(cur);
        }
    }
    let folders: BTreeSet<String> = folders.into_iter().map(str::to_string).collect();
    p.files.retain(|f| !folders.contains(f));
}

#[cfg(test)]
mod tests;
