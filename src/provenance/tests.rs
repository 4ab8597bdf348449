use super::*;
use crate::model::{ExternalRef, Location, Origin, Party, PartyKind, Relation, Standard, Syntax};

fn comp(id: &str) -> Component {
    Component {
        id: id.to_string(),
        name: id.to_string(),
        ..Component::default()
    }
}

fn party(role: PartyRole, name: &str) -> Party {
    Party::named(role, PartyKind::Organization, name, Location::default())
}

#[test]
fn nested_component_inherits_the_nearest_declared_supplier_with_its_path() {
    let mut fw = comp("firewall");
    fw.origin = Origin::Metadata;
    let mut module = comp("av-module");
    module.origin = Origin::Nested;
    module.parent = Some(0);
    let mut engine = comp("engine");
    engine.origin = Origin::Nested;
    engine.parent = Some(1);
    engine.copyright =
        Some("Copyright (C) 1997-2023 AO Kaspersky Lab. All Rights Reserved.".into());
    let mut sbom = Sbom::new("t", Standard::CycloneDx, Syntax::Json, "1.6");
    sbom.components = vec![fw, module, engine, comp("zlib")];
    sbom.described = vec!["firewall".into()];
    let mut supplier = party(PartyRole::Supplier, "Acme Networks");
    supplier.country = Some("US".into());
    sbom.document_parties = vec![supplier, party(PartyRole::Author, "Jane")];
    let g = DepGraph::build(&sbom);
    let p = resolve(&sbom, &g);
    assert_eq!(
        p[0].supplier().unwrap().source,
        Source::Declared(PartyRole::Supplier)
    );
    assert_eq!(
        p[0].parties.len(),
        1,
        "document authors are not the product's parties"
    );
    let engine = &p[2];
    let first = engine.supplier().unwrap();
    assert_eq!(first.name, "Acme Networks");
    assert_eq!(first.country.as_deref(), Some("US"));
    assert_eq!(
        first.source,
        Source::Inherited {
            from: 0,
            role: PartyRole::Supplier,
            via: vec![0, 1, 2]
        }
    );
    assert_eq!(engine.parties[1].name, "AO Kaspersky Lab");
    assert_eq!(engine.parties[1].source, Source::Text(TextKind::Copyright));
    // Not contained by anything: nothing to inherit.
    assert!(p[3].parties.is_empty());
    let cov = coverage(&sbom, &p);
    assert_eq!(
        cov,
        Coverage {
            components: 3,
            declared_supplier: 0,
            declared_any: 0,
            inherited: 2,
            any_evidence: 2,
            none: 1
        }
    );
}

#[test]
fn identifiers_give_parties_and_declared_wins() {
    let mut c = comp("SPDXRef-kav");
    c.purl = Some("pkg:maven/com.kaspersky.components/kaspresso@1.5.3".into());
    c.cpes = vec!["cpe:2.3:a:kaspersky:kaspresso:1.5.3:*:*:*:*:*:*:*".into()];
    c.external_refs = vec![ExternalRef {
        kind: "vcs".into(),
        url: "https://github.com/KasperskyLab/Kaspresso".into(),
    }];
    c.download_location = Some("NOASSERTION".into());
    c.description = Some("Android UI test framework by Kaspersky Lab".into());
    let mut sup = party(PartyRole::Supplier, "Kaspersky Lab");
    sup.emails = vec!["opensource@kaspersky.com".into()];
    c.parties = vec![party(PartyRole::Author, "Somebody"), sup];
    let mut sbom = Sbom::new("t", Standard::Spdx2, Syntax::Json, "2.3");
    sbom.components = vec![c];
    let g = DepGraph::build(&sbom);
    let p = resolve(&sbom, &g);
    let got: Vec<(&str, &str, &str)> = p[0]
        .parties
        .iter()
        .map(|a| (a.name.as_str(), a.source.class(), a.source.field()))
        .collect();
    assert_eq!(
        got,
        [
            ("Kaspersky Lab", "declared", "supplier"),
            ("Somebody", "declared", "author"),
            ("kaspersky", "identifier", "cpe-vendor"),
            ("com.kaspersky.components", "identifier", "purl-namespace"),
            ("kaspersky.com", "identifier", "email-domain"),
            ("github.com/kasperskylab", "identifier", "url-domain"),
            ("Kaspersky Lab", "text", "description"),
        ]
    );
}

#[test]
fn spdx_files_inherit_through_contains_but_not_depends_on() {
    let mut pkg = comp("SPDXRef-pkg");
    pkg.parties = vec![party(PartyRole::Supplier, "Huawei Technologies Co., Ltd.")];
    let mut file = comp("SPDXRef-file");
    file.origin = Origin::File;
    let dep = comp("SPDXRef-dep");
    let mut sbom = Sbom::new("t", Standard::Spdx2, Syntax::Json, "2.3");
    sbom.components = vec![pkg, file, dep];
    let rel = |from: &str, kind: &str, to: &str| Relation {
        from: from.into(),
        to: to.into(),
        kind: kind.into(),
        lifecycle: None,
        location: Location::default(),
    };
    sbom.relations = vec![
        rel("SPDXRef-file", "CONTAINED_BY", "SPDXRef-pkg"),
        rel("SPDXRef-pkg", "DEPENDS_ON", "SPDXRef-dep"),
    ];
    let g = DepGraph::build(&sbom);
    let p = resolve(&sbom, &g);
    assert!(matches!(
        p[1].parties[0].source,
        Source::Inherited { from: 0, .. }
    ));
    assert!(p[2].parties.is_empty());
    let json = serde_json::to_value(&p[1].parties[0]).unwrap();
    assert_eq!(json["source"]["class"], "inherited");
    assert_eq!(json["source"]["via"], serde_json::json!([0, 1]));
}
