//! Unit tests of the CycloneDX JSON reader on small inline documents.

use super::*;
use crate::model::{Origin, PartyRole, Sbom};

fn read_ok(text: &str) -> (Sbom, Vec<crate::model::Warning>) {
    let mut w = Warnings::default();
    let sbom = read_json(text, &mut w).expect("reads");
    (sbom, w.into_vec())
}

#[test]
fn metadata_component_first_and_described() {
    let (s, _) = read_ok(
        r#"{"bomFormat":"CycloneDX","specVersion":"1.6",
            "components":[{"type":"library","name":"a","bom-ref":"a"}],
            "metadata":{"component":{"type":"firmware","name":"fw","bom-ref":"fw",
               "components":[{"type":"library","name":"inner"}]}}}"#,
    );
    assert_eq!(s.components[0].origin, Origin::Metadata);
    assert_eq!(s.described, vec!["fw".to_string()]);
    assert_eq!(s.name.as_deref(), Some("fw"));
    assert_eq!(s.components[1].origin, Origin::Nested);
    assert_eq!(s.components[1].parent, Some(0));
    assert_eq!(s.components[1].id, "/metadata/component/components/0");
    assert!(s.components[1].id_synthesized);
    assert_eq!(s.components[2].id, "a");
}

#[test]
fn pedigree_entries_are_components_of_their_owner() {
    let (s, _) = read_ok(
        r#"{"bomFormat":"CycloneDX","specVersion":"1.4","components":[{"type":"library","name":"fork","bom-ref":"f",
           "pedigree":{"ancestors":[{"type":"library","name":"upstream","bom-ref":"u"}],
                       "variants":[{"type":"library","name":"v"}]},
           "components":[{"type":"file","name":"x"}]}]}"#,
    );
    let fork = &s.components[0];
    assert_eq!(fork.ancestors, vec!["u".to_string()]);
    assert_eq!(
        fork.variants,
        vec!["/components/0/pedigree/variants/0".to_string()]
    );
    assert_eq!(s.components[1].origin, Origin::Pedigree);
    assert_eq!(s.components[1].parent, Some(0));
    assert_eq!(s.components[3].origin, Origin::Nested);
    assert_eq!(s.counted_components().count(), 2);
}

#[test]
fn parties_of_every_version() {
    let (s, _) = read_ok(
        r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"device","name":"cam",
           "supplier":{"name":" Acme ","url":["https://acme.example"],"contact":[{"name":"Bob","email":"b@acme.example"}]},
           "manufacturer":{"name":"Maker","address":{"country":"CN"}},
           "publisher":"Pub","author":"Old Author","authors":[{"name":"Ann","email":"ann@x.example"}],
           "hashes":[{"alg":"sha-256","content":"ABCDEF"}],"cpe":"cpe:2.3:a:x:y:1:*:*:*:*:*:*:*",
           "properties":[{"name":"syft:cpe23","value":"cpe:2.3:a:z:y:1:*:*:*:*:*:*:*"}],
           "licenses":[{"license":{"id":"MIT"}},{"license":{"name":"Custom"}},{"expression":"A OR B"}],
           "scope":"excluded","releaseNotes":{"timestamp":"2024-10-01T00:00:00Z"},
           "omniborId":["gitoid:blob:sha1:0"],"swhid":["swh:1:cnt:0"],"swid":{"tagId":"t1"}}],
           "metadata":{"manufacture":{"name":"Old Maker"},"authors":[{"name":"Doc Author"}]}}"#,
    );
    let c = &s.components[0];
    let sup = c.party(PartyRole::Supplier).unwrap();
    assert_eq!(sup.name.as_deref(), Some("Acme"));
    assert_eq!(sup.urls, vec!["https://acme.example"]);
    assert_eq!(
        (sup.contacts[0].as_str(), sup.emails[0].as_str()),
        ("Bob", "b@acme.example")
    );
    assert_eq!(
        c.party(PartyRole::Manufacturer).unwrap().country.as_deref(),
        Some("CN")
    );
    assert_eq!(
        c.parties
            .iter()
            .filter(|p| p.role == PartyRole::Author)
            .count(),
        2
    );
    assert_eq!(
        c.hashes[0],
        Hash {
            alg: "SHA-256".into(),
            value: "abcdef".into()
        }
    );
    assert_eq!(c.cpes.len(), 2);
    assert_eq!(c.licenses, vec!["MIT", "Custom", "A OR B"]);
    assert_eq!(c.scope, Scope::Excluded);
    assert_eq!(c.release_date.as_deref(), Some("2024-10-01T00:00:00Z"));
    assert_eq!(c.other_ids.len(), 2);
    assert_eq!(c.swid, vec!["t1"]);
    assert_eq!(s.document_parties.len(), 2);
    assert_eq!(s.document_parties[0].role, PartyRole::Manufacturer);
}

#[test]
fn wrong_types_are_read_with_warnings() {
    // A number for a version is coerced; a string supplier cannot be understood and is
    // dropped; the other components survive.
    let (s, w) = read_ok(
        r#"{"bomFormat":"CycloneDX","specVersion":"1.5","components":[
           {"type":"library","name":"a","version":7},
           {"type":"library","name":"b","supplier":"Acme"},
           {"type":"library"}, 42]}"#,
    );
    assert_eq!(s.components.len(), 4);
    assert_eq!(s.components[0].version.as_deref(), Some("7"));
    assert_eq!(s.components[1].name, "b");
    assert!(s.components[1].parties.is_empty());
    let codes: Vec<_> = w.iter().map(|w| w.code.as_str()).collect();
    assert!(
        codes.contains(&"bad-type") && codes.contains(&"missing-field"),
        "{codes:?}"
    );
}

#[test]
fn versions() {
    let mut w = Warnings::default();
    assert!(matches!(
        read_json(r#"{"bomFormat":"CycloneDX","specVersion":"2.0"}"#, &mut w),
        Err(ReadError::Unsupported { version }) if version == "2.0"
    ));
    assert!(matches!(
        read_json(r#"{"bomFormat":"CycloneDX","specVersion":"0.9"}"#, &mut w),
        Err(ReadError::Unsupported { .. })
    ));
    let (s, w) =
        read_ok(r#"{"bomFormat":"CycloneDX","components":[{"type":"library","name":"a"}]}"#);
    assert_eq!(s.spec_version, LATEST);
    assert!(w.iter().any(|w| w.code == "missing-field"));
    let (s, w) = read_ok(r#"{"specVersion":"1.3","components":[{"type":"library","name":"a"}]}"#);
    assert_eq!(s.spec_version, "1.3");
    assert!(w.iter().any(|w| w.message.contains("bomFormat")));
    // Issue 13 item 6: no specVersion, but $schema names 1.4.
    let (s, w) = read_ok(
        r#"{"$schema":"http://cyclonedx.org/schema/bom-1.4.schema.json","bomFormat":"CycloneDX","components":[{"type":"library","name":"a"}]}"#,
    );
    assert_eq!(s.spec_version, "1.4");
    let missing = w.iter().find(|w| w.code == "missing-field").unwrap();
    assert!(missing.message.contains("$schema"), "{}", missing.message);
    assert_eq!(
        schema_version("https://cyclonedx.org/schema/bom-1.6.schema.json"),
        Some("1.6")
    );
    assert_eq!(
        schema_version("http://json-schema.org/draft-07/schema#"),
        None
    );
}

#[test]
fn syntax_errors_have_positions() {
    let mut w = Warnings::default();
    match read_json(
        "{\"bomFormat\":\"CycloneDX\",\n\"components\": [,]}",
        &mut w,
    ) {
        Err(ReadError::Syntax { line, message, .. }) => {
            assert_eq!(line, 2);
            assert!(!message.contains(" at line "), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn dependencies_and_provides() {
    let (s, _) = read_ok(
        r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"a","bom-ref":"a"}],
           "dependencies":[{"ref":"a","dependsOn":["b","c"],"provides":["d"]},{"dependsOn":["x"]}]}"#,
    );
    let kinds: Vec<_> = s
        .relations
        .iter()
        .map(|r| (r.to.as_str(), r.kind.as_str()))
        .collect();
    assert_eq!(
        kinds,
        vec![("b", "dependsOn"), ("c", "dependsOn"), ("d", "provides")]
    );
}

#[test]
fn tools_both_shapes() {
    let (s, _) = read_ok(
        r#"{"bomFormat":"CycloneDX","specVersion":"1.4","metadata":{"tools":[{"vendor":"anchore","name":"syft","version":"0.60.3"}]}}"#,
    );
    assert_eq!(s.tools[0].to_string(), "anchore syft 0.60.3");
    let (s, _) = read_ok(
        r#"{"bomFormat":"CycloneDX","specVersion":"1.5","metadata":{"tools":{"components":[{"type":"application","group":"@cyclonedx","name":"cyclonedx-npm","version":"1.6.1"}],"services":[{"provider":{"name":"Acme"},"name":"scan"}]}}}"#,
    );
    assert_eq!(s.tools.len(), 2);
    assert_eq!(s.tools[0].vendor.as_deref(), Some("@cyclonedx"));
    assert_eq!(s.tools[1].vendor.as_deref(), Some("Acme"));
}

#[test]
fn every_component_gets_the_line_it_starts_on() {
    // Metadata after the components, pedigree entries before nested components, an escaped
    // quote and a bracket inside strings: each component's line is where its object opens.
    let text = r#"{"bomFormat":"CycloneDX","specVersion":"1.6",
"components":[
 {"type":"library","name":"a \"]}","bom-ref":"a",
  "pedigree":{"ancestors":[
   {"type":"library","name":"a-upstream"}]},
  "components":[
   {"type":"library","name":"a-inner"}]},
 {"type":"library","name":"b"}],
"metadata":{"component":
  {"type":"firmware","name":"fw"}}}"#;
    let (s, _) = read_ok(text);
    let got: Vec<(&str, Option<u32>)> = s
        .components
        .iter()
        .map(|c| (c.name.as_str(), c.location.line))
        .collect();
    assert_eq!(
        got,
        [
            ("fw", Some(10)),
            ("a \"]}", Some(3)),
            ("a-upstream", Some(5)),
            ("a-inner", Some(7)),
            ("b", Some(8)),
        ]
    );
}

#[test]
fn pointers_are_listed_in_the_order_the_reader_makes_components() {
    // The parallel line pass relies on it (a mismatch only costs a second pass, so check it).
    let text = r#"{"bomFormat":"CycloneDX","specVersion":"1.6",
"components":[{"type":"library","name":"a",
  "pedigree":{"ancestors":[{"type":"library","name":"u","components":[{"type":"library","name":"uu"}]}],
              "variants":[{"type":"library","name":"v"}]},
  "components":[{"type":"library","name":"n"}]}],
"metadata":{"component":{"type":"firmware","name":"fw","components":[{"type":"library","name":"fwi"}]}}}"#;
    let bom: wire::Bom = serde_json::from_str(text).unwrap();
    let pointers = wire::component_pointers(&bom, MAX_DEPTH);
    let (s, _) = read_ok(text);
    let made: Vec<&str> = s
        .components
        .iter()
        .map(|c| c.location.pointer.as_str())
        .collect();
    assert_eq!(pointers, made);
    assert_eq!(made.len(), 7);
}

/// A pretty-printed document of `n` listed components across several slices, with what makes
/// the slices' work meet: nested and pedigree components (parents, ids, lines), warnings of the
/// same kind in different slices (the first one kept, all counted), metadata and services.
fn sliced_document(n: usize) -> String {
    let components: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let mut c = serde_json::json!({
                "type": "library",
                "bom-ref": format!("ref-{i}"),
                "name": format!("lib{i}"),
                "version": "1.0",
                "purl": format!("pkg:npm/lib{i}@1.0"),
                "supplier": {"name": "Acme", "url": ["https://acme.example"]},
            });
            if i % 97 == 0 {
                c["components"] = serde_json::json!([
                    {"type": "file", "name": format!("inner{i}"),
                     "components": [{"type": "file", "name": "deeper"}]},
                    {"type": "library", "name": format!("second{i}")}
                ]);
                c["pedigree"] =
                    serde_json::json!({"ancestors": [{"type": "library", "name": "up"}]});
            }
            if i % 401 == 7 {
                c.as_object_mut().unwrap().remove("name");
            }
            if i % 333 == 5 {
                c["version"] = serde_json::json!(2);
                c["scope"] = serde_json::json!("sometimes");
            }
            c
        })
        .collect();
    let doc = serde_json::json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
        "metadata": {"component": {"type": "firmware", "name": "fw", "bom-ref": "fw",
            "components": [{"type": "library", "name": "boot"}]},
            "supplier": {"name": "Maker"}},
        "components": components,
        "services": [{"name": "api", "services": [{"name": "inner-api"}]}, {"bom-ref": "svc"}],
        "dependencies": [{"ref": "fw", "dependsOn": ["ref-0", "ref-1"]}, {"dependsOn": ["x"]}],
    });
    serde_json::to_string_pretty(&doc).unwrap()
}

#[test]
fn a_document_read_in_slices_is_the_document_read_whole() {
    // More than one wave of slices (8 x 512), so the first wave sizes the rest.
    let text = sliced_document(4_600);
    let (sliced, sliced_warnings) = json::outlined(&text).expect("the outline reads it");
    let mut w = Warnings::default();
    let whole = json::whole(&text, &mut w).expect("reads whole");
    crate::ingest::assert_same_text(&format!("{sliced:#?}"), &format!("{whole:#?}"));
    let (sliced_warnings, whole_warnings) = (sliced_warnings.into_vec(), w.into_vec());
    assert_eq!(sliced_warnings, whole_warnings);
    // The document is what it was made to be: every component located, nested ones parented
    // across slices, and warnings from several slices counted as one each.
    assert_eq!(sliced.components.len(), 1 + 1 + 4_600 + 48 * 4 + 3);
    assert!(sliced.components.iter().all(|c| c.location.line.is_some()));
    let deeper = sliced
        .components
        .iter()
        .find(|c| c.location.pointer == "/components/4559/components/0/components/0")
        .expect("nested component in the last slice");
    let parent = &sliced.components[deeper.parent.unwrap()];
    assert_eq!(parent.location.pointer, "/components/4559/components/0");
    let line = |pointer: &str| {
        let c = sliced
            .components
            .iter()
            .find(|c| c.location.pointer == pointer)
            .unwrap();
        c.location.line.unwrap() as usize
    };
    let lines: Vec<&str> = text.lines().collect();
    let last = line("/components/4599");
    assert_eq!(lines[last - 1].trim(), "{");
    assert!(
        lines[last].contains("\"bom-ref\": \"ref-4599\""),
        "{}",
        lines[last]
    );
    let missing = sliced_warnings
        .iter()
        .find(|w| w.code == WarningCode::MissingField && w.message.contains("no name"))
        .expect("nameless components warned");
    // Twelve nameless components in nine slices, then the nameless service and the dependency
    // without a ref (one warning per code): the first is kept, all are counted.
    assert_eq!(
        (
            missing.count,
            missing.location.as_ref().unwrap().pointer.as_str()
        ),
        (14, "/components/7")
    );
}

#[test]
fn a_document_the_outline_cannot_read_is_read_whole() {
    // A component of the wrong type: the outline gives up, the one-piece path salvages the rest.
    let text = r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"a"}, 5,
        {"type":"library","name":"b","hashes":{"alg":"MD5"}}]}"#;
    assert!(json::outlined(text).is_none());
    let (s, w) = read_ok(text);
    // The number becomes a component with nothing known; the hashes object is dropped.
    assert_eq!(
        s.components
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["a", "", "b"]
    );
    assert!(w.iter().any(|w| w.code == WarningCode::BadType), "{w:?}");
}
