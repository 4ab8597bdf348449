//! The inventory of one artifact as a document of the one model: the artifact (the product
//! under audit) contains its nested layers, each filesystem contains its packages, each package
//! the files it owns, each executable the Go modules built into it; executables depend on the
//! libraries they link; SBOMs found inside are joined under the file they were read from. What
//! a binary says about its maker becomes evidence and properties the screener already weighs,
//! written so that `--sbom-out` and a later `scan` of it see exactly the same.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::binary::Examined;
use super::collect::{Collected, FileRecord};
use super::packages::{Ecosystem, Package};
use super::vfs::{Layer, LayerKind, Problem, ProblemKind};
use super::{Audited, Product};
use crate::model::{
    Component, ExternalRef, Hash, Location, Observation, ObservationKind, Origin, Party, PartyKind,
    PartyRole, Purl, Relation, Sbom, Standard, Syntax, Warning, WarningCode,
};

/// The bom-ref of the artifact itself in the inventory.
pub const ARTIFACT_ID: &str = "artifact";

/// Builds the document from what was collected.
pub(super) fn build(path: &Path, product: &Product, c: Collected) -> Audited {
    let source = artifact_name(path);
    let mut b = Builder {
        sbom: Sbom::new(&source, Standard::CycloneDx, Syntax::Json, "1.6"),
        ids: HashMap::new(),
        index: HashMap::new(),
    };
    let root_kind = c.layers.first().map_or(LayerKind::Blob, |l| l.kind);
    let name = product.name.clone().unwrap_or_else(|| {
        path.file_name()
            .map_or_else(|| source.clone(), |n| n.to_string_lossy().into_owned())
    });
    let mut root = component(ARTIFACT_ID, &name, kind_of(root_kind), &source);
    root.origin = Origin::Metadata;
    if let Some(s) = &product.supplier {
        root.parties.push(Party::named(
            PartyRole::Supplier,
            PartyKind::Organization,
            s,
            Location::at(&source),
        ));
    }
    b.sbom.name = Some(name);
    b.sbom.described.push(ARTIFACT_ID.to_string());
    b.push(root);

    // Layers: the artifact is layer 0; each other layer is contained by its parent.
    let layer_ids: Vec<String> = c
        .layers
        .iter()
        .map(|l| {
            if l.id == 0 {
                ARTIFACT_ID.to_string()
            } else {
                l.location.clone()
            }
        })
        .collect();
    for l in c.layers.iter().filter(|l| l.id > 0) {
        let name = l
            .location
            .strip_prefix(&source)
            .unwrap_or(&l.location)
            .trim_start_matches(['!', ':'])
            .to_string();
        let mut layer = component(&l.location, &name, kind_of(l.kind), &l.location);
        layer.evidence.extend(Observation::new(
            ObservationKind::Path,
            "evidence.occurrences.location",
            &l.location,
        ));
        let parent = l.parent.and_then(|p| layer_ids.get(p)).cloned();
        b.push_in(&parent.unwrap_or_else(|| ARTIFACT_ID.to_string()), layer);
    }

    // Packages, by filesystem; the files they own are found by path.
    let mut owners: HashMap<(usize, &str), String> = HashMap::new();
    let mut roots: Vec<(usize, String, String)> = Vec::new();
    for (fs, p) in &c.packages {
        let Some(layer) = c.layers.get(*fs) else {
            continue;
        };
        let id = b.push_in(&layer_ids[*fs], package(layer, p));
        for f in &p.files {
            owners.insert((*fs, f.as_str()), id.clone());
        }
        for r in &p.roots {
            roots.push((*fs, format!("{}/", r.trim_end_matches('/')), id.clone()));
        }
    }
    // The longest root first, so a nested package wins over the one around it.
    roots.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.cmp(b)));
    let fs_of = |layer: usize| c.layers.get(layer).map_or(layer, Layer::filesystem);

    // Files, under their package or else their layer.
    let mut file_ids = Vec::with_capacity(c.files.len());
    let mut libraries: HashMap<(usize, String), String> = HashMap::new();
    for f in &c.files {
        let Some(layer) = c.layers.get(f.layer) else {
            file_ids.push(String::new());
            continue;
        };
        let fs = fs_of(f.layer);
        let owner = owners.get(&(fs, f.path.as_str())).cloned().or_else(|| {
            roots
                .iter()
                .find(|(rfs, root, _)| *rfs == fs && f.path.starts_with(root.as_str()))
                .map(|(_, _, id)| id.clone())
        });
        let id = b.push_in(
            &owner.unwrap_or_else(|| layer_ids[f.layer].clone()),
            file(layer, f),
        );
        if let Some(e) = &f.examined {
            let base = f.path.rsplit('/').next().unwrap_or(&f.path).to_string();
            libraries.entry((fs, base)).or_insert_with(|| id.clone());
            if let Some(so) = &e.soname {
                libraries
                    .entry((fs, so.clone()))
                    .or_insert_with(|| id.clone());
            }
            go_modules(&mut b, &id, layer, f, e);
        }
        file_ids.push(id);
    }
    // What each executable links, where the library is in the same filesystem.
    for (f, id) in c.files.iter().zip(&file_ids) {
        let Some(e) = &f.examined else { continue };
        let fs = fs_of(f.layer);
        for needed in &e.needed {
            if let Some(lib) = libraries.get(&(fs, needed.clone()))
                && lib != id
            {
                b.relate(id, lib, "dependsOn");
            }
        }
    }

    // SBOMs found inside: their components join the inventory under the file they came from.
    for (at, doc) in c.sboms {
        if let Some(id) = file_ids.get(at) {
            join(&mut b, id, doc);
        }
    }

    b.sbom.warnings = warnings(&c.problems);
    let layers = c.layers;
    Audited {
        sbom: b.sbom,
        layers,
        problems: c.problems,
        summary: c.summary,
    }
}

struct Builder {
    sbom: Sbom,
    /// Ids given out, with how often, so that a repeated one gets a suffix.
    ids: HashMap<String, usize>,
    /// Component index by id.
    index: HashMap<String, usize>,
}

impl Builder {
    /// Adds a component under a unique id, which it returns.
    fn push(&mut self, mut c: Component) -> String {
        let n = self.ids.entry(c.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            c.id = format!("{}#{n}", c.id);
        }
        let id = c.id.clone();
        self.index.insert(id.clone(), self.sbom.components.len());
        self.sbom.components.push(c);
        id
    }

    /// Adds a component inside `container`: nested in it (CycloneDX nesting, which is how the
    /// `--sbom-out` export says "contains"), or at the top with a `contains` relation from the
    /// artifact, which is the document's product.
    fn push_in(&mut self, container: &str, mut c: Component) -> String {
        match self.index.get(container) {
            Some(&p) if container != ARTIFACT_ID => {
                c.origin = Origin::Nested;
                c.parent = Some(p);
                self.push(c)
            }
            _ => {
                c.origin = Origin::Listed;
                c.parent = None;
                let id = self.push(c);
                self.contains(container, &id);
                id
            }
        }
    }

    fn contains(&mut self, from: &str, to: &str) {
        self.relate(from, to, "contains");
    }

    fn relate(&mut self, from: &str, to: &str, kind: &str) {
        self.sbom.relations.push(Relation {
            from: from.to_string(),
            to: to.to_string(),
            kind: kind.to_string(),
            lifecycle: None,
            location: Location::default(),
        });
    }
}

/// The artifact as the user named it, without a trailing `/`.
fn artifact_name(path: &Path) -> String {
    let s = path.display().to_string();
    let trimmed = s.trim_end_matches('/');
    if trimmed.is_empty() {
        s
    } else {
        trimmed.to_string()
    }
}

fn kind_of(kind: LayerKind) -> &'static str {
    match kind {
        LayerKind::Blob | LayerKind::SquashFs | LayerKind::Ext | LayerKind::Cpio => "firmware",
        LayerKind::Image | LayerKind::ImageLayer => "container",
        LayerKind::Directory => "operating-system",
        LayerKind::Tar | LayerKind::Zip | LayerKind::Compressed => "file",
    }
}

fn component(id: &str, name: &str, kind: &str, at: &str) -> Component {
    Component {
        id: id.to_string(),
        origin: Origin::Listed,
        kind: Some(kind.to_string()),
        name: name.to_string(),
        location: Location::at(at),
        ..Component::default()
    }
}

fn package(layer: &Layer, p: &Package) -> Component {
    let at = format!("{}:{}", layer.location, p.source);
    let key = p.purl.clone().unwrap_or_else(|| {
        let eco = p.ecosystem.map_or("package", ecosystem_name);
        match &p.version {
            Some(v) => format!("{eco}:{}@{v}", p.name),
            None => format!("{eco}:{}", p.name),
        }
    });
    let mut c = component(
        &format!("{}#{key}", layer.location),
        &p.name,
        "library",
        &at,
    );
    c.location.line = p.line;
    c.version = p.version.clone();
    c.group = p.group.clone();
    c.purl = p.purl.clone().map(Purl::new);
    for m in &p.maintainers {
        c.parties.push(party(PartyRole::Supplier, m, &c.location));
    }
    for a in &p.authors {
        c.parties.push(party(PartyRole::Author, a, &c.location));
    }
    if let Some(v) = &p.vendor {
        let mut vendor = Party::named(
            PartyRole::Manufacturer,
            PartyKind::Organization,
            v,
            c.location.clone(),
        );
        vendor.name = vendor.name.filter(|n| !n.is_empty());
        c.parties.push(vendor);
    }
    if !p.copyright.is_empty() {
        c.copyright = Some(p.copyright.join("\n"));
    }
    if let Some(h) = &p.homepage {
        c.external_refs.push(ExternalRef {
            kind: "website".to_string(),
            url: h.clone(),
        });
    }
    c.licenses.extend(p.license.clone());
    c
}

fn ecosystem_name(e: Ecosystem) -> &'static str {
    match e {
        Ecosystem::Deb => "deb",
        Ecosystem::Opkg => "opkg",
        Ecosystem::Apk => "apk",
        Ecosystem::Python => "python",
        Ecosystem::Npm => "npm",
        Ecosystem::Maven => "maven",
    }
}

/// `Name <mail>` as a party with its e-mail, as package databases write people and teams.
fn party(role: PartyRole, written: &str, at: &Location) -> Party {
    let (name, email) = match (written.find('<'), written.rfind('>')) {
        (Some(open), Some(close)) if open < close => (
            written[..open].trim(),
            Some(written[open + 1..close].trim()),
        ),
        _ => (written.trim(), None),
    };
    let mut p = Party::named(role, PartyKind::Unknown, name, at.clone());
    p.emails
        .extend(email.filter(|e| !e.is_empty()).map(str::to_string));
    p
}

fn file(layer: &Layer, f: &FileRecord) -> Component {
    let location = format!("{}:{}", layer.location, f.path);
    let name = f.path.rsplit('/').next().unwrap_or(&f.path);
    let mut c = component(&location, name, "file", &location);
    c.evidence.extend(Observation::new(
        ObservationKind::Path,
        "evidence.occurrences.location",
        &f.path,
    ));
    if let Some(link) = &f.link {
        // A link's target is a path the screener reads like any other.
        c.properties
            .push(("bomscreen:path:link".to_string(), link.clone()));
    }
    if let Some(sha) = &f.sha256 {
        c.hashes.push(Hash {
            alg: "SHA-256".to_string(),
            value: sha.clone(),
        });
    }
    if let Some(e) = &f.examined {
        c.version.clone_from(&e.version);
        for o in &e.observations {
            evidence(&mut c, o);
        }
    }
    c
}

/// An observation from a binary, stored where CycloneDX carries it: copyright notices as
/// `evidence.copyright`, everything else as a `bomscreen:` property whose kind the property
/// table knows, so that the CycloneDX export read back gives the same evidence.
fn evidence(c: &mut Component, o: &Observation) {
    match o.kind {
        ObservationKind::Copyright => c.evidence.extend(Observation::new(
            ObservationKind::Copyright,
            "evidence.copyright",
            &o.value,
        )),
        kind => c.properties.push((
            format!("bomscreen:{}:{}", kind.as_str(), o.field),
            o.value.clone(),
        )),
    }
}

fn go_modules(b: &mut Builder, file_id: &str, layer: &Layer, f: &FileRecord, e: &Examined) {
    let Some(go) = &e.go else { return };
    let at = format!("{}:{}", layer.location, f.path);
    // Go links its modules statically: the executable contains each of them.
    for m in go.main.iter().chain(&go.deps) {
        let version = m.version.clone().filter(|v| v != "(devel)");
        let purl = match &version {
            Some(v) => format!("pkg:golang/{}@{v}", m.path),
            None => format!("pkg:golang/{}", m.path),
        };
        let mut c = component(&format!("{file_id}#{purl}"), &m.path, "library", &at);
        c.version = version;
        c.purl = Some(Purl::new(purl));
        b.push_in(file_id, c);
    }
}

/// Joins an SBOM found inside: its components and relations under ids prefixed with the file's,
/// its top-level components nested in the file (what an SBOM shipped in an artifact lists is in
/// it), and the document's own supplier given to a described component that declares none.
fn join(b: &mut Builder, file_id: &str, doc: Sbom) {
    let Some(&file) = b.index.get(file_id) else {
        return;
    };
    let described = doc.described;
    let doc_parties = doc.document_parties;
    let mut index: BTreeMap<String, String> = BTreeMap::new();
    // Nested components point at their parent by index: shift by where the document starts.
    let offset = b.sbom.components.len();
    for mut c in doc.components {
        let old = c.id.clone();
        c.id = format!("{file_id}#{}", c.id);
        // Reports show an audited component's place by its pointer: the SBOM file inside the
        // artifact, and the line in it.
        c.location.pointer = match c.location.line.take() {
            Some(line) => format!("{file_id}:{line}"),
            None => format!("{file_id}#{}", c.location.pointer),
        };
        if described.contains(&old) && c.parties.is_empty() {
            c.parties.extend(doc_parties.iter().cloned());
        }
        match c.parent {
            Some(p) => c.parent = Some(p + offset),
            None => {
                c.parent = Some(file);
                if c.origin != Origin::Service {
                    c.origin = Origin::Nested;
                }
            }
        }
        let new = b.push(c);
        index.insert(old, new);
    }
    // Relations between its components; those naming the document itself (`DESCRIBES` from
    // `SPDXRef-DOCUMENT`) or another document are already said by the nesting, or unknowable.
    for r in doc.relations {
        let (Some(from), Some(to)) = (index.get(&r.from).cloned(), index.get(&r.to).cloned())
        else {
            continue;
        };
        b.sbom.relations.push(Relation {
            from,
            to,
            location: Location::at(format!("{file_id}#{}", r.location.pointer)),
            ..r
        });
    }
}

/// One warning per kind of problem that lost or questioned content (skips are listed in the
/// report, not warned about).
fn warnings(problems: &[Problem]) -> Vec<Warning> {
    let mut w = crate::model::Warnings::default();
    for p in problems {
        let code = match p.kind {
            ProblemKind::Unreadable => WarningCode::ArtifactUnreadable,
            ProblemKind::Limit => WarningCode::ArtifactLimit,
            ProblemKind::Anomaly => WarningCode::ArtifactAnomaly,
            ProblemKind::Skipped => continue,
        };
        w.add_with(code, Some(Location::at(&p.location)), || problem_text(p));
    }
    w.into_vec()
}

/// `LOCATION@0xOFFSET: message`.
pub fn problem_text(p: &Problem) -> String {
    match p.offset {
        Some(o) => format!("{} at offset {o:#x}: {}", p.location, p.message),
        None => format!("{}: {}", p.location, p.message),
    }
}
