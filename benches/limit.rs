//! The yardsticks `benches/compare.sh` holds `bomscreen scan` against, one process per
//! measurement, so each is timed the way a user waits for it (reading the file included):
//!
//! - `limit`: the leanest parse that still sees every component and relation. JSON: a serde
//!   typed parse of only the fields a screen needs (ids, names, versions, purls, CPEs, suppliers,
//!   relations) into owned strings; CycloneDX XML: a quick-xml event scan (every start tag,
//!   attribute and text node visited, nothing kept); SPDX tag-value: every line split at its
//!   first colon.
//! - `peer`: the customer's named crates as a user would call them: cyclonedx-bom for CycloneDX
//!   XML 1.5 and spdx-rs for SPDX 2 JSON and tag-value, followed by a walk that counts
//!   components and relations.
//!
//! Run: `cargo bench --bench limit -- MODE FORMAT FILE` (modes: limit, peer; formats: cdx-json,
//! cdx-xml, spdx-json, spdx-tv). Prints `seconds components relations`.

#![allow(clippy::print_stdout)] // a benchmark prints its figures
#![allow(dead_code)] // the wire structs' fields are parsed (the cost measured), never read

use std::time::Instant;

use serde::Deserialize;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Deserialize)]
struct CdxBom {
    #[serde(default)]
    metadata: Option<CdxMetadata>,
    #[serde(default)]
    components: Vec<CdxComponent>,
    #[serde(default)]
    dependencies: Vec<CdxDependency>,
}

#[derive(Deserialize)]
struct CdxMetadata {
    #[serde(default)]
    component: Option<CdxComponent>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CdxComponent {
    #[serde(default, rename = "bom-ref")]
    bom_ref: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    purl: Option<String>,
    #[serde(default)]
    cpe: Option<String>,
    #[serde(default)]
    supplier: Option<CdxParty>,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    copyright: Option<String>,
    #[serde(default)]
    components: Vec<CdxComponent>,
}

#[derive(Deserialize)]
struct CdxParty {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CdxDependency {
    #[serde(rename = "ref")]
    reference: String,
    #[serde(default)]
    depends_on: Vec<String>,
}

#[derive(Deserialize)]
struct SpdxDocument {
    #[serde(default)]
    packages: Vec<SpdxPackage>,
    #[serde(default)]
    relationships: Vec<SpdxRelationship>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SpdxPackage {
    #[serde(rename = "SPDXID")]
    spdx_id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    version_info: Option<String>,
    #[serde(default)]
    supplier: Option<String>,
    #[serde(default)]
    originator: Option<String>,
    #[serde(default)]
    copyright_text: Option<String>,
    #[serde(default)]
    external_refs: Vec<SpdxRef>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SpdxRef {
    reference_locator: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SpdxRelationship {
    spdx_element_id: String,
    related_spdx_element: String,
    relationship_type: String,
}

fn cdx_count(c: &CdxComponent) -> usize {
    1 + c.components.iter().map(cdx_count).sum::<usize>()
}

/// The lean parse of `text`: (components, relations).
fn limit(format: &str, text: &str) -> (usize, usize) {
    match format {
        "cdx-json" => {
            let bom: CdxBom = serde_json::from_str(text).expect("CycloneDX JSON");
            let root = bom
                .metadata
                .as_ref()
                .and_then(|m| m.component.as_ref())
                .map_or(0, cdx_count);
            let components = root + bom.components.iter().map(cdx_count).sum::<usize>();
            let relations = bom.dependencies.iter().map(|d| d.depends_on.len()).sum();
            // Left to the OS at exit, as `bomscreen scan` leaves its document.
            std::mem::forget(bom);
            (components, relations)
        }
        "spdx-json" => {
            let doc: SpdxDocument = serde_json::from_str(text).expect("SPDX JSON");
            let counts = (doc.packages.len(), doc.relationships.len());
            std::mem::forget(doc);
            counts
        }
        "cdx-xml" => {
            let mut reader = quick_xml::Reader::from_str(text);
            let (mut components, mut relations) = (0, 0);
            loop {
                match reader.read_event().expect("CycloneDX XML") {
                    quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                        for a in e.attributes() {
                            std::hint::black_box(a.expect("an attribute").value);
                        }
                        match e.local_name().as_ref() {
                            b"component" => components += 1,
                            b"dependency" => relations += 1,
                            _ => {}
                        }
                    }
                    quick_xml::events::Event::Text(t) => {
                        std::hint::black_box(t);
                    }
                    quick_xml::events::Event::Eof => break,
                    _ => {}
                }
            }
            (components, relations)
        }
        "spdx-tv" => {
            let (mut components, mut relations) = (0, 0);
            for line in text.lines() {
                if let Some((tag, value)) = line.split_once(':') {
                    std::hint::black_box(value);
                    match tag {
                        "PackageName" => components += 1,
                        "Relationship" => relations += 1,
                        _ => {}
                    }
                }
            }
            (components, relations)
        }
        other => panic!("unknown format {other}"),
    }
}

/// The customer's named crates on `bytes`: (components, relations).
fn peer(format: &str, text: String) -> (usize, usize) {
    match format {
        "cdx-xml" => {
            use cyclonedx_bom::models::bom::Bom;
            let bom = Bom::parse_from_xml_v1_5(text.as_bytes()).expect("cyclonedx-bom reads it");
            fn count(c: &cyclonedx_bom::models::component::Component) -> usize {
                1 + c
                    .components
                    .as_ref()
                    .map_or(0, |cs| cs.0.iter().map(count).sum())
            }
            let components = bom
                .components
                .as_ref()
                .map_or(0, |cs| cs.0.iter().map(count).sum());
            let relations = bom
                .dependencies
                .as_ref()
                .map_or(0, |d| d.0.iter().map(|d| d.dependencies.len()).sum());
            std::mem::forget(bom);
            (components, relations)
        }
        "spdx-json" => {
            let doc: spdx_rs::models::SPDX = serde_json::from_str(&text).expect("spdx-rs reads it");
            let counts = (doc.package_information.len(), doc.relationships.len());
            std::mem::forget(doc);
            counts
        }
        "spdx-tv" => {
            let doc = spdx_rs::parsers::spdx_from_tag_value(&text).expect("spdx-rs reads it");
            let counts = (doc.package_information.len(), doc.relationships.len());
            std::mem::forget(doc);
            counts
        }
        other => panic!("no peer crate measured for {other}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [mode, format, file] = args.as_slice() else {
        panic!("usage: limit MODE FORMAT FILE");
    };
    let start = Instant::now();
    let text = std::fs::read_to_string(file).expect("the file is readable UTF-8");
    // Freeing is not timed: every measured process leaves its data to the OS at exit.
    let (components, relations) = match mode.as_str() {
        "limit" => limit(format, &text),
        "peer" => peer(format, text),
        other => panic!("unknown mode {other}"),
    };
    println!(
        "{:.3} {components} {relations}",
        start.elapsed().as_secs_f64()
    );
}
