//! Java archives, fed as one filesystem per jar: `META-INF/maven/G/A/pom.properties` (one per
//! bundled artifact: a shaded jar has many) and `META-INF/MANIFEST.MF` (JAR File Specification,
//! "Manifest Specification"), whose vendor is joined to the artifact it names. A folder that
//! holds a `META-INF` is one jar's root, so an exploded jar inside a root filesystem reads too.

use std::collections::BTreeMap;

use super::text::{Problems, blank, lines, lossy};
use super::{Ecosystem, Inventory, Package};

/// The main section of a manifest: the attributes that identify and attribute a jar.
#[derive(Debug, Default)]
pub(super) struct Manifest {
    /// The jar root it belongs to (the path before `/META-INF/`).
    root: String,
    path: String,
    title: Option<String>,
    version: Option<String>,
    vendor: Option<String>,
    bundle_name: Option<String>,
    symbolic_name: Option<String>,
    bundle_version: Option<String>,
    bundle_vendor: Option<String>,
}

/// The jar root of a `META-INF` file (`` for `/META-INF/MANIFEST.MF`).
fn root_of(path: &str) -> &str {
    path.find("/META-INF/").map_or("", |i| &path[..i])
}

/// Reads `MANIFEST.MF`: "name: value" lines; a line starting with one space continues the
/// previous one (lines are at most 72 bytes, so a UTF-8 character may be split across two,
/// which is why values are joined as bytes and decoded afterwards). The main section ends at
/// the first blank line; per-entry sections after it are not read.
pub(super) fn manifest(inv: &mut Inventory, path: &str, data: &[u8]) -> Result<(), String> {
    let mut problems = Problems::default();
    let mut attrs: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    for (n, line) in lines(data) {
        if blank(line) {
            if attrs.is_empty() {
                continue;
            }
            break;
        }
        if let Some(rest) = line.strip_prefix(b" ") {
            match attrs.last_mut() {
                Some((_, v)) => v.extend_from_slice(rest),
                None => problems.note(n, "a continuation line without an attribute before it"),
            }
            continue;
        }
        match memchr::memmem::find(line, b": ") {
            Some(i) if i > 0 => attrs.push((line[..i].to_vec(), line[i + 2..].to_vec())),
            _ => problems.note(n, "expected a \"Name: value\" line"),
        }
    }
    let get = |name: &str| {
        attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name.as_bytes()))
            .map(|(_, v)| lossy(v).trim().to_string())
            .filter(|v| !v.is_empty())
    };
    inv.manifests.push(Manifest {
        root: root_of(path).to_string(),
        path: path.to_string(),
        title: get("Implementation-Title"),
        version: get("Implementation-Version"),
        vendor: get("Implementation-Vendor"),
        bundle_name: get("Bundle-Name"),
        // OSGi core 3.2.1.6: `Bundle-SymbolicName: name; singleton:=true`: directives follow `;`.
        symbolic_name: get("Bundle-SymbolicName")
            .map(|s| s.split(';').next().unwrap_or("").trim().to_string()),
        bundle_version: get("Bundle-Version"),
        bundle_vendor: get("Bundle-Vendor"),
    });
    problems.into_result(path)
}

/// Reads `pom.properties` (java.util.Properties text: `key=value`, `key: value` or
/// `key value`, `#` and `!` comments) for `groupId`, `artifactId`, `version`.
pub(super) fn pom_properties(inv: &mut Inventory, path: &str, data: &[u8]) -> Result<(), String> {
    let (mut group, mut artifact, mut version) = (None, None, None);
    for (_, line) in lines(data) {
        let line = lossy(line);
        let line = line.trim_start();
        if line.starts_with(['#', '!']) {
            continue;
        }
        let Some(sep) = line.find(['=', ':', ' ', '\t']) else {
            continue;
        };
        let value = line[sep + 1..]
            .trim()
            .replace("\\:", ":")
            .replace("\\=", "=");
        let slot = match &line[..sep] {
            "groupId" => &mut group,
            "artifactId" => &mut artifact,
            "version" => &mut version,
            _ => continue,
        };
        *slot = Some(value).filter(|v| !v.is_empty());
    }
    let Some(name) = artifact else {
        return Err(format!(
            "{path}:1: pom.properties without an artifactId; skipped"
        ));
    };
    inv.packages.push(Package {
        ecosystem: Some(Ecosystem::Maven),
        name,
        version,
        group,
        source: path.to_string(),
        line: Some(1),
        ..Package::default()
    });
    Ok(())
}

/// Joins each manifest to the pom.properties of the same jar whose artifact it names
/// (`Implementation-Title` or `Bundle-SymbolicName` is the artifactId or `groupId.artifactId`,
/// and the versions agree when both are given); a jar with one pom.properties takes the
/// manifest whatever its title says, as titles are often prose ("Apache Commons Lang"). A
/// manifest that names none of several, or a jar without pom.properties, is a package of its
/// own when it names anything at all.
pub(super) fn join_manifests(packages: &mut Vec<Package>, manifests: Vec<Manifest>) {
    // The pom.properties of each jar root, so that many jars stay linear.
    let mut by_root: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in packages.iter().enumerate() {
        if p.ecosystem == Some(Ecosystem::Maven) && p.source.ends_with("/pom.properties") {
            by_root
                .entry(root_of(&p.source).to_string())
                .or_default()
                .push(i);
        }
    }
    for m in manifests {
        let vendor = m.vendor.clone().or_else(|| m.bundle_vendor.clone());
        let in_jar = by_root.get(&m.root).map_or(&[][..], Vec::as_slice);
        let mut hits: Vec<usize> = in_jar
            .iter()
            .copied()
            .filter(|&i| names(&m, &packages[i]))
            .collect();
        if hits.is_empty() && in_jar.len() == 1 {
            hits = in_jar.to_vec();
        }
        if !hits.is_empty() {
            for i in hits {
                if packages[i].vendor.is_none() {
                    packages[i].vendor.clone_from(&vendor);
                }
            }
            continue;
        }
        let Some(name) = m
            .symbolic_name
            .clone()
            .or(m.title.clone())
            .or(m.bundle_name.clone())
        else {
            continue;
        };
        packages.push(Package {
            ecosystem: Some(Ecosystem::Maven),
            name,
            version: m.version.clone().or(m.bundle_version.clone()),
            vendor,
            source: m.path,
            line: Some(1),
            ..Package::default()
        });
    }
}

/// Whether the manifest names this artifact.
fn names(m: &Manifest, p: &Package) -> bool {
    let dotted = p.group.as_ref().map(|g| format!("{g}.{}", p.name));
    let named = [&m.title, &m.symbolic_name]
        .into_iter()
        .flatten()
        .any(|n| *n == p.name || Some(n) == dotted.as_ref());
    let versions = [&m.version, &m.bundle_version];
    let agrees = match &p.version {
        Some(v) => {
            versions
                .iter()
                .all(|mv| mv.as_ref().is_none_or(|mv| mv == v))
                || versions.iter().any(|mv| mv.as_ref() == Some(v))
        }
        None => true,
    };
    named && agrees
}
