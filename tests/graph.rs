//! The graph and provenance stages on real documents from the shared corpus, with node and
//! edge counts worked out by hand from the files (a short script following the documented
//! mapping: one node per distinct id plus the document, edges deduplicated by
//! (from, to, kind, flavour), self-loops dropped, implied `contains` edges from a single
//! described product to the components nothing includes).

use crate::common;

use bomscreen::graph::{DepGraph, EdgeKind, Flavour, Node};
use bomscreen::ingest::{self, ReadOptions};
use bomscreen::model::Sbom;
use bomscreen::provenance;

fn load(rel: &str) -> Option<(Sbom, DepGraph)> {
    let path = common::corpus()?.join(rel);
    let sbom = ingest::read(&path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let graph = DepGraph::build(&sbom);
    Some((sbom, graph))
}

fn index(sbom: &Sbom, id: &str) -> usize {
    sbom.components
        .iter()
        .position(|c| c.id == id)
        .unwrap_or_else(|| panic!("no component {id}"))
}

fn warning_count(g: &DepGraph, code: &str) -> usize {
    g.warnings
        .iter()
        .find(|w| w.code == code)
        .map_or(0, |w| w.count)
}

/// (nodes, edges, roots) of a document.
fn shape(g: &DepGraph) -> (usize, usize, usize) {
    (g.node_count(), g.edge_count(), g.roots().len())
}

#[test]
fn cyclonedx_with_dependencies() {
    let Some((_, g)) = load("wild/bom-examples/SBOM/laravel-7.12.0/bom.1.4.json") else {
        return;
    };
    // 62 components + metadata.component + document; 113 dependsOn + 1 describes.
    assert_eq!(shape(&g), (64, 114, 1));
    assert_eq!(g.count_edges(EdgeKind::DependsOn, None), 113);
    assert_eq!(g.stats.unreachable, 0);
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
}

#[test]
fn cyclonedx_without_a_dependency_section() {
    let Some((sbom, g)) = load("wild/bom-examples/SBOM/cern-lhc-vdm-editor-e564943/bom.json")
    else {
        return;
    };
    // 43 listed components, none related: each is implied to be part of metadata.component.
    assert_eq!(shape(&g), (45, 44, 1));
    assert_eq!(g.stats.implied, 43);
    assert_eq!(
        sbom.components[g.roots()[0]].id,
        "pkg:npm/lhc-vdm-editor@0.0.1"
    );
    let last = sbom.components.len() - 1;
    assert_eq!(g.path_from_root(last).map(|p| p.len()), Some(2));
}

#[test]
fn cyclonedx_nested_components_and_cycles() {
    let Some((sbom, g)) = load("wild/bom-examples/SBOM/juice-shop/via_npm/bare/bom.1.4.json")
    else {
        return;
    };
    // 1115 components (278 nested) + metadata.component + document.
    assert_eq!(shape(&g), (1117, 2054, 1));
    assert_eq!(g.count_edges(EdgeKind::Contains, None), 278);
    assert_eq!(g.count_edges(EdgeKind::DependsOn, None), 1775);
    // global-modules@1.0.0 and resolve-dir@1.0.1 depend on each other; both are reached.
    let a = index(&sbom, "global-modules@1.0.0");
    let b = index(&sbom, "resolve-dir@1.0.1");
    assert!(g.ancestors(a).contains(&b) && g.ancestors(b).contains(&a));
    assert!(g.path_from_root(a).is_some());
    assert_eq!(g.stats.unreachable, 0);

    let Some((_, g)) = load("wild/bom-shelter/in-the-wild/cyclonedx/harp-darwin-amd64.sbom.json")
    else {
        return;
    };
    assert_eq!(shape(&g), (816, 1102, 1));
    assert_eq!(g.count_edges(EdgeKind::Contains, None), 658);
}

#[test]
fn spdx_describes_and_depends_on() {
    let Some((sbom, g)) = load("wild/bom-shelter/in-the-wild/spdx/microsoft-sbom-tool.spdx.json")
    else {
        return;
    };
    // 123 packages + 1 file + document; 122 DEPENDS_ON + DESCRIBES (stated twice, one edge)
    // + the root package's `hasFiles`, which the SPDX 2 reader turns into one CONTAINS.
    assert_eq!(shape(&g), (125, 124, 1));
    assert_eq!(g.count_edges(EdgeKind::DependsOn, None), 122);
    assert_eq!(g.count_edges(EdgeKind::Contains, None), 1);
    assert_eq!(sbom.components[g.roots()[0]].id, "SPDXRef-RootPackage");
}

#[test]
fn spdx_dependency_of_is_reversed_with_flavours() {
    let Some((sbom, g)) = load(
        "conformance/spdx/2.2/valid/spdx-examples/software/example9/spdx2.2/appbomination.spdx.json",
    ) else {
        return;
    };
    assert_eq!(g.count_edges(EdgeKind::DependsOn, None), 4);
    // "SPDXRef-22 TEST_DEPENDENCY_OF SPDXRef-1" is SPDXRef-1 depends-on (test) SPDXRef-22.
    let app = index(&sbom, "SPDXRef-1");
    let junit = index(&sbom, "SPDXRef-22");
    let out = g.edges_from(app);
    let e = out
        .iter()
        .find(|(n, _)| *n == Node::Component(junit))
        .expect("edge SPDXRef-1 -> SPDXRef-22");
    assert_eq!(
        (e.1.kind, e.1.flavour),
        (EdgeKind::DependsOn, Some(Flavour::Test))
    );
    assert_eq!(g.count_edges(EdgeKind::DependsOn, Some(Flavour::Test)), 1);
    // "SPDXRef-23 DEPENDENCY_OF SPDXRef-22": the path runs app -> junit -> 23.
    let dep = index(&sbom, "SPDXRef-23");
    assert_eq!(g.path_from_root(dep), Some(vec![app, junit, dep]));

    let Some((_, g)) = load("wild/bom-shelter/in-the-wild/spdx/julia.spdx.json") else {
        return;
    };
    // BUILD_DEPENDENCY_OF x28 and BUILD_TOOL_OF x3 are build, RUNTIME_DEPENDENCY_OF runtime;
    // one package nothing relates to is implied to be part of the described one.
    assert_eq!(shape(&g), (35, 34, 1));
    assert_eq!(g.count_edges(EdgeKind::DependsOn, Some(Flavour::Build)), 31);
    assert_eq!(
        g.count_edges(EdgeKind::DependsOn, Some(Flavour::Runtime)),
        1
    );
    assert_eq!(g.stats.implied, 1);
}

#[test]
fn spdx_contains_and_dependency_of_from_syft() {
    let Some((sbom, g)) =
        load("wild/bom-shelter/in-the-lab/syft/spdx-syft-grafana_loki-sha256_262d91088fb8.json")
    else {
        return;
    };
    // 220 packages + 226 files + document; the document describes only itself (dropped), so
    // the roots are the components nothing includes.
    assert_eq!(shape(&g), (447, 251, 211));
    assert_eq!(g.count_edges(EdgeKind::Contains, None), 226);
    assert_eq!(g.count_edges(EdgeKind::DependsOn, None), 24);
    assert_eq!(g.count_edges(EdgeKind::Other, None), 1);
    // "ca-certificates-bundle DEPENDENCY_OF apk-tools": apk-tools depends on it.
    let tools = index(&sbom, "SPDXRef-Package-apk-apk-tools-84e40fa551536a64");
    let certs = index(
        &sbom,
        "SPDXRef-Package-apk-ca-certificates-bundle-227bc7b75203c7ff",
    );
    assert!(
        g.edges_from(tools)
            .iter()
            .any(|(n, e)| *n == Node::Component(certs) && e.kind == EdgeKind::DependsOn)
    );
}

#[test]
fn spdx_dangling_references_are_one_counted_warning() {
    let Some((_, g)) = load("wild/bom-shelter/in-the-wild/spdx/constellation-spdx.json") else {
        return;
    };
    // Every CONTAINS starts at an SPDXID the document never defines.
    assert_eq!(shape(&g), (1304, 0, 1303));
    assert_eq!(warning_count(&g, "dangling-ref"), 1303);
    assert_eq!(g.stats.dangling, 1303);
}

#[test]
fn spdx_sixty_duplicated_ids_merge_into_the_first() {
    let Some((sbom, g)) = load("wild/bom-shelter/in-the-wild/spdx/chronicle-sbom.spdx.json") else {
        return;
    };
    // 575 packages, 263 distinct SPDXIDs: 60 ids are used 372 times, 312 components merge.
    assert_eq!(sbom.components.len(), 575);
    assert_eq!(shape(&g), (264, 0, 263));
    assert_eq!(g.stats.merged_duplicates, 312);
    assert_eq!(warning_count(&g, "duplicate-id"), 312);
}

#[test]
fn spdx3_relationships() {
    let Some((_, g)) = load("wild/sbom-tool/spdx_3.0/manifest.spdx.json") else {
        return;
    };
    // 267 packages + 1 file + document; 266 DEPENDS_ON + DESCRIBES; licence relations ignored.
    assert_eq!(shape(&g), (269, 267, 1));
    assert_eq!(g.stats.ignored, 537);
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
}

#[test]
fn provenance_coverage_adds_up() {
    let Some((sbom, g)) = load("wild/bom-examples/SBOM/laravel-7.12.0/bom.1.4.json") else {
        return;
    };
    let p = provenance::resolve(&sbom, &g);
    let cov = provenance::coverage(&sbom, &p);
    assert_eq!(cov.components, 62);
    assert_eq!(cov.any_evidence + cov.none, 62);
}

/// A white-labelled firewall (CycloneDX 1.6): the integrator's AV module nests an engine that
/// declares no supplier. The corpus has no CycloneDX 1.6 document whose nested components
/// sit in a product declaring a supplier, hence this inline document.
const WHITE_LABEL: &str = r#"{
  "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
  "metadata": {
    "component": { "type": "firmware", "bom-ref": "fw", "name": "edge-firewall", "version": "7.2",
      "supplier": { "name": "Acme Networks", "address": { "country": "US" } },
      "components": [
        { "type": "application", "bom-ref": "av", "name": "threat-shield", "version": "3.1",
          "supplier": { "name": "Shield Partners GmbH" },
          "components": [
            { "type": "library", "bom-ref": "engine", "name": "scan-engine", "version": "21.3",
              "copyright": "Copyright (C) 1997-2023 AO Kaspersky Lab. All Rights Reserved." }
          ] }
      ] }
  },
  "components": []
}"#;

fn bomscreen(args: &[&str]) -> String {
    let out = assert_cmd::Command::cargo_bin("bomscreen")
        .unwrap()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn explain_shows_the_inherited_supplier_of_a_nested_component_and_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("firewall.cdx.json");
    std::fs::write(&file, WHITE_LABEL).unwrap();
    let out = bomscreen(&["explain", file.to_str().unwrap(), "engine"]);
    assert!(
        out.contains("component  scan-engine@21.3 (engine)"),
        "{out}"
    );
    assert!(
        out.contains(
            "Shield Partners GmbH  (inherited supplier of threat-shield@3.1 via threat-shield@3.1 -> scan-engine@21.3)"
        ),
        "{out}"
    );
    assert!(out.contains("AO Kaspersky Lab  (text copyright"), "{out}");
    assert!(
        out.contains("path       edge-firewall@7.2 -> threat-shield@3.1 -> scan-engine@21.3"),
        "{out}"
    );
    assert!(
        out.contains("ancestors  2 (edge-firewall@7.2, threat-shield@3.1)"),
        "{out}"
    );
    let json: serde_json::Value = serde_json::from_str(&bomscreen(&[
        "explain",
        file.to_str().unwrap(),
        "scan-engine",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(json["path"], serde_json::json!(["fw", "av", "engine"]));
    assert_eq!(json["parties"][0]["source"]["class"], "inherited");
}

#[test]
fn graph_renders_dot_mermaid_and_json_deterministically() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("firewall.cdx.json");
    std::fs::write(&file, WHITE_LABEL).unwrap();
    let path = file.to_str().unwrap();
    let dot = bomscreen(&["graph", path, "--format", "dot"]);
    assert_eq!(dot, bomscreen(&["graph", path, "--format", "dot"]));
    assert!(
        dot.contains(
            "c2 [label=\"scan-engine@21.3\\nShield Partners GmbH (inherited supplier)\"];"
        ),
        "{dot}"
    );
    assert!(dot.contains("c1 -> c2 [label=\"contains\"];"), "{dot}");
    let mermaid = bomscreen(&["graph", path, "--format", "mermaid"]);
    assert!(mermaid.starts_with("flowchart LR\n"), "{mermaid}");
    let json: serde_json::Value =
        serde_json::from_str(&bomscreen(&["graph", path, "--format", "json"])).unwrap();
    assert_eq!(json["nodes"].as_array().unwrap().len(), 4);
    assert_eq!(json["edges"].as_array().unwrap().len(), 3);
    assert_eq!(json["roots"], serde_json::json!(["fw"]));
    let focus = bomscreen(&[
        "graph", path, "--format", "json", "--focus", "av", "--depth", "0",
    ]);
    let focus: serde_json::Value = serde_json::from_str(&focus).unwrap();
    assert_eq!(focus["nodes"].as_array().unwrap().len(), 2);
}

fn explain(args: &[&str]) -> assert_cmd::assert::Assert {
    let root = env!("CARGO_MANIFEST_DIR");
    assert_cmd::Command::cargo_bin("bomscreen")
        .unwrap()
        .current_dir(root)
        .arg("explain")
        .args(args)
        .assert()
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

#[test]
fn explain_shows_what_screening_finds_on_the_component() {
    let sample = "samples/firewall-image.cdx.json";
    let a = explain(&[sample, "avscan-engine", "--as-of", "2026-11-23"]).success();
    let out = stdout(&a);
    assert!(
        out.contains("findings   1 (watchlist bomscreen built-in watchlist"),
        "{out}"
    );
    assert!(
        out.contains("as of 2026-11-23, policy built-in default)"),
        "{out}"
    );
    assert!(
        out.contains("\nHIGH\n  prohibited-ict  avscan-engine 21.3.10.391\n"),
        "{out}"
    );
    assert!(
        out.contains("evidence: copyright \"Copyright (C) 1997-2023 AO Kaspersky Lab."),
        "{out}"
    );
    assert!(
        out.contains("basis: ICTS Final Determination [in-force], 89 FR 52434-52437"),
        "{out}"
    );

    // The product that integrates it carries the white-label finding, not the engine's own.
    let a = explain(&[
        sample,
        "secureedge-os",
        "--format",
        "json",
        "--as-of",
        "2026-11-23",
    ])
    .success();
    let json: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(json["as_of"], "2026-11-23");
    assert_eq!(json["policy"], serde_json::Value::Null);
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{json:#}");
    assert_eq!(findings[0]["code"], "integrated-prohibited-ict");
    assert_eq!(findings[0]["component"]["ref"], "secureedge-os");
    assert_eq!(findings[0]["integrates"]["ref"], "avscan-engine");
    assert_eq!(findings[0]["entity"]["id"], "kaspersky");
    assert_eq!(findings[0]["severity"], "high");

    let a = explain(&[
        "samples/web-service.spdx.json",
        "SPDXRef-npm-express-4.21.2",
        "--as-of",
        "2026-11-23",
    ]);
    let out = stdout(&a.success());
    assert!(
        out.contains("findings   none (watchlist bomscreen built-in watchlist"),
        "{out}"
    );
}

#[test]
fn explain_judges_findings_by_the_policy() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    std::fs::write(
        &policy,
        "[severity]\nprohibited-ict = \"critical\"\n\n[[waiver]]\ncomponent = \"avscan-engine\"\nentity = \"kaspersky\"\nreason = \"vendor replacing the engine (ticket SEC-7)\"\nuntil = \"2027-01-31\"\n",
    )
    .unwrap();
    let args = [
        "samples/firewall-image.cdx.json",
        "avscan-engine",
        "--format",
        "json",
        "--as-of",
        "2026-11-23",
        "--policy",
        policy.to_str().unwrap(),
    ];
    let json: serde_json::Value = serde_json::from_str(&stdout(&explain(&args).success())).unwrap();
    let f = &json["findings"][0];
    assert_eq!(f["severity"], "critical");
    assert_eq!(f["screening_severity"], "high");
    assert_eq!(
        f["waived"]["reason"],
        "vendor replacing the engine (ticket SEC-7)"
    );
    assert_eq!(f["fails"], false);
    assert_eq!(json["policy"], policy.to_str().unwrap());

    // A broken policy stops explain as it stops scan: exit 2, file and line named.
    std::fs::write(&policy, "fail-on = \"sometimes\"\n").unwrap();
    let a = explain(&args).code(2);
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(err.contains(&format!("{}:1", policy.display())), "{err}");
}

fn graph(args: &[&str]) -> assert_cmd::assert::Assert {
    assert_cmd::Command::cargo_bin("bomscreen")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("graph")
        .args(args)
        .assert()
}

#[test]
fn graph_flagged_draws_only_the_paths_to_flagged_components() {
    let sample = "samples/firewall-image.cdx.json";
    let json: serde_json::Value = serde_json::from_str(&stdout(
        &graph(&[
            sample,
            "--flagged",
            "--format",
            "json",
            "--as-of",
            "2026-11-23",
        ])
        .success(),
    ))
    .unwrap();
    let nodes = json["nodes"].as_array().unwrap();
    let refs: Vec<&str> = nodes.iter().map(|n| n["ref"].as_str().unwrap()).collect();
    // The sample has 7 components; only the engine and the three products around it are flagged.
    assert_eq!(
        refs,
        [
            "secureedge-fw",
            "secureedge-os",
            "threat-shield",
            "avscan-engine"
        ]
    );
    let engine = &nodes[3]["flagged"];
    assert_eq!(engine["severity"], "high");
    assert_eq!(engine["codes"], serde_json::json!(["prohibited-ict"]));
    assert_eq!(engine["entities"], serde_json::json!(["kaspersky"]));
    assert_eq!(
        nodes[0]["flagged"]["codes"],
        serde_json::json!(["integrated-prohibited-ict"])
    );

    let dot = stdout(&graph(&[sample, "--flagged", "--as-of", "2026-11-23"]).success());
    assert!(
        dot.contains("c3 [label=\"avscan-engine@21.3.10.391\\nContoso Security Ltd. (inherited supplier)\\nHIGH prohibited-ict (kaspersky)\", color=\"#cf222e\", fontcolor=\"#cf222e\", penwidth=2];"),
        "{dot}"
    );

    // A waiver of the engine waives the products' integration findings too: drawn dashed.
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("p.toml");
    std::fs::write(
        &policy,
        "[[waiver]]\ncomponent = \"avscan-engine\"\nentity = \"kaspersky\"\nreason = \"replaced in 7.3\"\n",
    )
    .unwrap();
    let mermaid = stdout(
        &graph(&[
            sample,
            "--flagged",
            "--format",
            "mermaid",
            "--policy",
            policy.to_str().unwrap(),
        ])
        .success(),
    );
    assert!(
        mermaid.contains("HIGH prohibited-ict (kaspersky) waived\"]"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("  style c3 stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 5\n"),
        "{mermaid}"
    );

    // Nothing flagged: an empty graph, said on stderr, not an error.
    let clean = graph(&["samples/web-service.spdx.json", "--flagged"]).success();
    assert_eq!(
        stdout(&clean),
        "digraph sbom {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n}\n"
    );
    let err = String::from_utf8(clean.get_output().stderr.clone()).unwrap();
    assert!(err.contains("screening flags no component"), "{err}");
}
