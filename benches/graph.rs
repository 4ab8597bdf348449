//! Graph building and provenance on a generated 100k-component SBOM.
//!
//! The document mirrors /work/shared/tools/gen_sbom.py's shape: a layered dependency DAG with
//! 0-8 dependencies per component, a few cycles, one component in ten nested in another,
//! purls, CPEs, copyright and a supplier on half of the components. Generated in-process so
//! the benchmark runs anywhere; run with `cargo bench --bench graph`.
#![allow(clippy::print_stderr)] // "skipped" notes when the generated file is absent

use bomscreen::graph::DepGraph;
use bomscreen::model::{
    Component, ExternalRef, Location, Origin, Party, PartyKind, PartyRole, Purl, Relation, Sbom,
    Standard, Syntax,
};
use bomscreen::provenance;

/// The allocator the binary uses, so the numbers are the ones users see.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const N: usize = 100_000;

/// A document written by `python3 /work/shared/tools/gen_sbom.py --format cdx-json
/// --components 100000 --seed 1 --out /tmp/bench100k.cdx.json`, benchmarked when present.
const GENERATED_FILE: &str = "/tmp/bench100k.cdx.json";

/// A small deterministic generator (xorshift), so every run builds the same document.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn generate(n: usize) -> Sbom {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut sbom = Sbom::new("bench", Standard::CycloneDx, Syntax::Json, "1.6");
    let mut root = Component {
        id: "root".into(),
        name: "product".into(),
        origin: Origin::Metadata,
        ..Component::default()
    };
    root.parties.push(Party::named(
        PartyRole::Supplier,
        PartyKind::Organization,
        "Acme Inc.",
        Location::default(),
    ));
    sbom.components.push(root);
    sbom.described.push("root".into());
    for i in 0..n {
        let nested = i > 10 && i % 10 == 0;
        let mut c = Component {
            id: format!("pkg:maven/org.vendor{}/lib{i}@1.{}", i % 997, i % 13),
            name: format!("lib{i}"),
            version: Some(format!("1.{}", i % 13)),
            purl: Some(Purl::from(format!(
                "pkg:maven/org.vendor{}/lib{i}@1.{}",
                i % 997,
                i % 13
            ))),
            cpes: vec![format!(
                "cpe:2.3:a:vendor{}:lib{i}:1.0:*:*:*:*:*:*:*",
                i % 997
            )],
            origin: if nested {
                Origin::Nested
            } else {
                Origin::Listed
            },
            parent: nested.then(|| 1 + rng.below(i)),
            copyright: (i % 3 == 0).then(|| {
                format!(
                    "Copyright (c) 2010-2024 Vendor {} Ltd. All rights reserved.",
                    i % 997
                )
            }),
            external_refs: vec![ExternalRef {
                kind: "vcs".into(),
                url: format!("https://github.com/vendor{}/lib{i}", i % 997),
            }],
            location: Location::at(format!("/components/{i}")),
            ..Component::default()
        };
        if i % 2 == 0 {
            c.parties.push(Party::named(
                PartyRole::Supplier,
                PartyKind::Organization,
                &format!("Vendor {}", i % 997),
                Location::default(),
            ));
        }
        sbom.components.push(c);
    }
    // Layered DAG: a component depends on up to 8 components further down the list.
    for i in 0..=n {
        let from = sbom.components[i].id.clone();
        let deps = if i == 0 { 8 } else { rng.below(9) };
        for _ in 0..deps {
            if i + 1 >= n {
                break;
            }
            let j = i + 1 + rng.below((n - i).min(2000));
            let j = j.min(n);
            sbom.relations.push(Relation {
                from: from.clone(),
                to: sbom.components[j].id.clone(),
                kind: "dependsOn".into(),
                lifecycle: None,
                location: Location::default(),
            });
        }
    }
    // A few cycles, as in real npm and Go graphs.
    for k in 0..(n / 2000).max(2) {
        let a = 1 + k * 1000;
        sbom.relations.push(Relation {
            from: sbom.components[a + 500].id.clone(),
            to: sbom.components[a].id.clone(),
            kind: "dependsOn".into(),
            lifecycle: None,
            location: Location::default(),
        });
    }
    sbom
}

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 10)]
fn build_graph(bencher: divan::Bencher) {
    let sbom = generate(N);
    bencher.bench(|| DepGraph::build(divan::black_box(&sbom)));
}

/// Reading the gen_sbom.py file (the denominator: graph building should be a small fraction).
#[divan::bench(sample_count = 3)]
fn read_generated_file(bencher: divan::Bencher) {
    let path = std::path::Path::new(GENERATED_FILE);
    if !path.exists() {
        eprintln!("skipped: {GENERATED_FILE} not found");
        return;
    }
    bencher
        .bench(|| bomscreen::ingest::read(path, &bomscreen::ingest::ReadOptions::default()).ok());
}

/// Graph building on the gen_sbom.py file, when it exists and the reader reads it.
#[divan::bench(sample_count = 10)]
fn build_graph_of_generated_file(bencher: divan::Bencher) {
    let Ok(sbom) = bomscreen::ingest::read(
        std::path::Path::new(GENERATED_FILE),
        &bomscreen::ingest::ReadOptions::default(),
    ) else {
        eprintln!("skipped: {GENERATED_FILE} not found or not readable");
        return;
    };
    bencher.bench(|| DepGraph::build(divan::black_box(&sbom)));
}

#[divan::bench(sample_count = 10)]
fn resolve_provenance(bencher: divan::Bencher) {
    let sbom = generate(N);
    let graph = DepGraph::build(&sbom);
    bencher.bench(|| provenance::resolve(divan::black_box(&sbom), &graph));
}

#[divan::bench(sample_count = 10)]
fn ancestors_of_a_deep_component(bencher: divan::Bencher) {
    let sbom = generate(N);
    let graph = DepGraph::build(&sbom);
    bencher.bench(|| graph.ancestors(divan::black_box(N - 5)));
}
