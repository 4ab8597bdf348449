//! The watchlist: built-in data, file format and schema, importers on real lists, and the CLI.

use crate::common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use bomscreen::watchlist::{
    self, DesignationList, EntryKind, RelationKind, Watchlist, WatchlistError, import_csl,
    import_ofac,
};
use jiff::civil::Date;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/watchlist")
        .join(name)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------- built-in data

#[test]
fn builtin_has_the_required_entries() {
    let w = watchlist::builtin();
    for id in [
        "kaspersky",
        "huawei",
        "zte",
        "hikvision",
        "dahua",
        "hytera",
        "dji",
        "autel-robotics",
        "tencent",
        "alibaba",
        "baidu",
        "quectel",
        "hesai",
        "catl",
        "china-mobile",
        "china-telecom",
        "pacific-networks",
        "china-unicom",
    ] {
        let e = w
            .get(id)
            .unwrap_or_else(|| panic!("built-in entry `{id}` missing"));
        assert!(!e.designations.is_empty(), "{id} has no designation");
        for des in &e.designations {
            assert!(
                !des.citation.is_empty(),
                "{id}: a designation without citation"
            );
        }
    }
    assert_eq!(w.dataset.version, "2026.11.23");
    assert_eq!(w.dataset.date, Some(d("2026-11-23")));
}

#[test]
fn builtin_names_the_six_foreign_adversaries() {
    let w = watchlist::builtin();
    let ids: Vec<&str> = w
        .foreign_adversaries
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "china",
            "cuba",
            "iran",
            "north-korea",
            "russia",
            "maduro-regime"
        ]
    );
    let today = d("2026-01-01");
    assert_eq!(
        w.foreign_adversary("HK", today).map(|f| f.id.as_str()),
        Some("china")
    );
    assert_eq!(
        w.foreign_adversary("RU", today).map(|f| f.id.as_str()),
        Some("russia")
    );
    // Macau is listed only by a secondary source: recorded as unconfirmed, never as fact.
    assert!(w.foreign_adversary("MO", today).is_none());
    assert_eq!(w.foreign_adversaries[0].unconfirmed_jurisdictions, ["MO"]);
    assert!(w.foreign_adversary("DE", today).is_none());
}

#[test]
fn kaspersky_determination_has_its_milestones_and_exclusions() {
    let k = watchlist::builtin().get("kaspersky").unwrap();
    let icts = k
        .designations
        .iter()
        .find(|x| x.list == DesignationList::IctsFinalDetermination)
        .unwrap();
    assert_eq!(
        icts.citation,
        "89 FR 52434-52437 (2024-06-24), FR Doc 2024-13532"
    );
    assert_eq!(
        icts.milestone("new-transactions").map(|m| m.date),
        Some(d("2024-07-20"))
    );
    assert_eq!(
        icts.milestone("updates-and-integration").map(|m| m.date),
        Some(d("2024-09-29"))
    );
    assert_eq!(icts.milestones_reached(d("2024-08-01")).count(), 1);
    assert_eq!(icts.milestones_reached(d("2024-09-29")).count(), 2);
    assert!(!icts.in_force(d("2024-07-19")));
    assert!(icts.in_force(d("2024-07-20")));
    let excluded: Vec<&str> = icts.exclusions.iter().map(|x| x.name.as_str()).collect();
    assert!(
        excluded.contains(&"Kaspersky Threat Intelligence"),
        "{excluded:?}"
    );
    assert!(
        excluded.contains(&"Kaspersky Security Training"),
        "{excluded:?}"
    );
    assert!(icts.product_categories.iter().any(|c| c == "integration"));
    // Identifiers from the issue, in their normal form.
    assert_eq!(k.identifiers.cpe_vendors, ["kaspersky", "kaspersky_lab"]);
    assert!(
        k.identifiers
            .purl_namespaces
            .contains(&"pkg:maven/com.kaspersky.android-components".to_string())
    );
    assert!(
        k.identifiers
            .purl_namespaces
            .contains(&"pkg:npm/%40kaspersky".to_string())
    );
    assert!(
        k.identifiers
            .github_orgs
            .contains(&"KasperskyLab".to_string())
    );
    assert!(k.aliases.iter().any(|a| a.text == "Лаборатория Касперского" && a.script == watchlist::Script::Cyrillic));
    // The Entity List entry of 2024-06-24 names the three Kaspersky entities.
    let el = k
        .designations
        .iter()
        .find(|x| x.list == DesignationList::EntityList)
        .unwrap();
    assert_eq!(el.since, Some(d("2024-06-24")));
    assert_eq!(el.parties.len(), 3);
}

#[test]
fn ultraav_is_not_kaspersky() {
    let w = watchlist::builtin();
    let k = w.get("kaspersky").unwrap();
    assert!(
        k.not_to_be_confused_with
            .iter()
            .any(|x| x.name == "UltraAV")
    );
    for e in &w.entries {
        let named =
            |s: &str| s.to_lowercase().contains("ultraav") || s.to_lowercase().contains("pango");
        assert!(!named(&e.name), "{}", e.id);
        assert!(
            !e.aliases.iter().any(|a| named(&a.text)),
            "{}: UltraAV/Pango as an alias",
            e.id
        );
        assert!(
            !e.relations.iter().any(|r| named(&r.name)),
            "{}: UltraAV/Pango as a relation",
            e.id
        );
        assert!(
            !e.identifiers.products.iter().any(|p| named(p)),
            "{}: UltraAV/Pango as a product",
            e.id
        );
    }
}

#[test]
fn former_affiliates_leave_on_their_date() {
    let w = watchlist::builtin();
    let honor = w
        .get("huawei")
        .unwrap()
        .relations
        .iter()
        .find(|r| r.name == "Honor")
        .unwrap();
    assert_eq!(
        (honor.kind, honor.until),
        (RelationKind::FormerAffiliate, Some(d("2020-11-17")))
    );
    assert!(honor.in_effect(d("2020-11-16")));
    assert!(!honor.in_effect(d("2020-11-17")));
    let huawei = w.get("huawei").unwrap();
    assert!(
        huawei
            .relations_in_effect(d("2024-01-01"))
            .all(|r| r.name != "Honor")
    );
    let lorex = w
        .get("dahua")
        .unwrap()
        .relations
        .iter()
        .find(|r| r.name == "Lorex Technology")
        .unwrap();
    assert_eq!(
        (lorex.kind, lorex.until),
        (RelationKind::FormerAffiliate, Some(d("2022-11-24")))
    );
}

#[test]
fn dji_covered_list_from_2025_12_22() {
    let dji = watchlist::builtin().get("dji").unwrap();
    let fcc = dji
        .designations
        .iter()
        .find(|x| x.list == DesignationList::FccCoveredList)
        .unwrap();
    assert_eq!(fcc.since, Some(d("2025-12-22")));
    let lists = |as_of: &str| {
        dji.designations_in_force(d(as_of))
            .map(|x| x.list.clone())
            .collect::<Vec<_>>()
    };
    assert!(lists("2026-01-01").contains(&DesignationList::FccCoveredList));
    assert!(!lists("2025-12-01").contains(&DesignationList::FccCoveredList));
    assert!(lists("2025-12-01").contains(&DesignationList::Dod1260h));
    assert!(dji.aliases.iter().any(|a| a.text == "DJI" && a.short));
}

#[test]
fn removed_listings_end() {
    // Megvii: added to 1260H on 2024-01-31, removed in January 2025.
    let m = watchlist::builtin().get("megvii").unwrap();
    let in_1260h = |as_of: &str| {
        m.designations_in_force(d(as_of))
            .any(|x| x.list == DesignationList::Dod1260h)
    };
    assert!(in_1260h("2024-06-01"));
    assert!(!in_1260h("2025-06-01"));
}

#[test]
fn builtin_matches_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(&read(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/watchlist.schema.json"),
    ))
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let check = |name: &str, toml_text: &str| {
        let value: toml::Value = toml::from_str(toml_text).unwrap();
        let json = to_json(value);
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{name} breaks the schema:\n{}",
            errors.join("\n")
        );
    };
    check("builtin.toml", watchlist::builtin_toml());
    check("user.toml", &read(&fixture("user.toml")));
    check(
        "export of builtin",
        &watchlist::to_toml(watchlist::builtin()).unwrap(),
    );
    // And the JSON export is the same shape.
    let exported: serde_json::Value =
        serde_json::from_str(&watchlist::to_json(watchlist::builtin()).unwrap()).unwrap();
    assert!(validator.is_valid(&exported));
    // The schema rejects what the validator rejects, e.g. an unknown list.
    let bad: toml::Value = toml::from_str("[dataset]\nname='x'\nversion='1'\n[[entry]]\nid='a'\nname='A'\n[[entry.designation]]\nlist='covered-list'\ncitation='c'\n").unwrap();
    assert!(!validator.is_valid(&to_json(bad)));
}

/// TOML to JSON as the schema describes it: local dates become "YYYY-MM-DD" strings.
fn to_json(v: toml::Value) -> serde_json::Value {
    match v {
        toml::Value::String(s) => serde_json::Value::String(s),
        toml::Value::Integer(i) => serde_json::Value::from(i),
        toml::Value::Float(f) => serde_json::Value::from(f),
        toml::Value::Boolean(b) => serde_json::Value::Bool(b),
        toml::Value::Datetime(dt) => serde_json::Value::String(dt.to_string()),
        toml::Value::Array(a) => serde_json::Value::Array(a.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            serde_json::Value::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
    }
}

// ---------------------------------------------------------------- file format and merging

#[test]
fn user_file_reads_and_merges() {
    let user = Watchlist::read(&fixture("user.toml")).unwrap();
    let e = user.get("example-holdings").unwrap();
    assert_eq!(
        e.identifiers.purl_namespaces,
        ["pkg:npm/%40example-holdings"]
    );
    assert!(e.aliases.iter().any(|a| a.text == "EXH" && a.short));
    assert!(
        e.aliases
            .iter()
            .any(|a| a.text == "示例控股有限公司" && a.script == watchlist::Script::Han)
    );
    assert_eq!(
        e.designations[0].list,
        DesignationList::Imported("ACME vendor-risk list".into())
    );
    let merged = Watchlist::merge(vec![watchlist::builtin().clone(), user.clone()]).unwrap();
    assert_eq!(merged.entries.len(), watchlist::builtin().entries.len() + 1);
    assert!(merged.dataset.version.contains("2026.11.23") && merged.dataset.version.contains('3'));
    // The same file twice: the clash names both places.
    let err = Watchlist::merge(vec![user.clone(), user])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("example-holdings") && err.matches("user.toml:").count() == 2,
        "{err}"
    );
}

#[test]
fn bad_file_lists_every_problem_with_its_line() {
    let err = Watchlist::read(&fixture("bad.toml")).unwrap_err();
    let WatchlistError::Invalid { diagnostics, .. } = &err else {
        panic!("{err}")
    };
    let got: Vec<(&str, Option<u32>)> = diagnostics
        .iter()
        .map(|x| (x.code.as_str(), x.line))
        .collect();
    assert_eq!(
        got,
        [
            ("duplicate-entry-id", Some(10)),
            ("unknown-jurisdiction", Some(12)),
            ("empty-alias", Some(13)),
            ("unknown-designation-list", Some(16)),
            ("bad-date", Some(17)),
            ("missing-citation", Some(21)),
            // No `since` and no `since-unknown`: a designation must say when it starts.
            ("missing-date", Some(21)),
        ]
    );
    let text = err.to_string();
    assert!(
        text.contains(
            "bad.toml:17:11: error: `since` = \"2024-13-45\" is not a date; expected YYYY-MM-DD [bad-date]"
        ),
        "{text}"
    );
    assert!(text.contains("already used on line 6"), "{text}");
}

#[test]
fn unknown_fields_and_syntax_errors_name_the_line() {
    let err = Watchlist::parse("[dataset]\nname = \"x\"\nversion = \"1\"\n\n[[entry]]\nid = \"a\"\nname = \"A\"\ncolour = \"red\"\n", "f.toml")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("f.toml:8:") && err.contains("colour"),
        "{err}"
    );
    let err = Watchlist::parse("[dataset\n", "g.toml")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("g.toml:1:"), "{err}");
}

// ---------------------------------------------------------------- importers on real lists

#[test]
fn csl_current_layout_imports() {
    let Some(c) = common::corpus() else { return };
    let path = c.join("lists/csl/internal_cslustest_testdata_consolidated.csv");
    let imp = import_csl::import(&read(&path), "consolidated.csv").unwrap();
    // 13 rows (awk/python count): 3 entities, 4 individuals, 6 of unstated type; no vessels.
    assert_eq!(imp.watchlist.entries.len(), 13);
    assert!(imp.skipped.is_empty());
    let rim = imp.watchlist.get("csl-sdn-52291").unwrap();
    assert_eq!(
        (rim.name.as_str(), rim.kind),
        ("RIM, Ryong Nam", EntryKind::Individual)
    );
    assert_eq!(rim.countries, ["CN", "KP"]);
    assert_eq!(rim.designations[0].list, DesignationList::OfacSdn);
    assert_eq!(rim.designations[0].programs, ["NPWMD"]);
    let isn = imp
        .watchlist
        .entries
        .iter()
        .find(|e| e.name == "Sinobright Import and Export Company")
        .unwrap();
    assert!(isn.id.starts_with("csl-isn-"));
    assert_eq!(isn.designations[0].since, Some(d("2023-07-19")));
    round_trip(&imp.watchlist);
}

#[test]
fn csl_older_layout_imports() {
    let Some(c) = common::corpus() else { return };
    let path = c.join("lists/csl/test_testdata_csl.csv");
    let imp = import_csl::import(&read(&path), "csl.csv").unwrap();
    // 115 rows; 2 vessels skipped; the 4 per-address rows of one Entity List party merged into one.
    assert_eq!(imp.skipped.get("vessel"), Some(&2));
    assert_eq!(imp.watchlist.entries.len(), 110);
    let canada = imp.watchlist.get("csl-sdn-8124").unwrap();
    assert_eq!(canada.name, "2904977 CANADA, INC.");
    let aliases: Vec<&str> = canada.aliases.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(aliases, ["CARIBE SOL", "HAVANTUR CANADA INC."]);
    assert_eq!(canada.jurisdiction.as_deref(), Some("CA"));
    let cetc = imp
        .watchlist
        .entries
        .iter()
        .find(|e| e.name == "54th Research Institute of China")
        .unwrap();
    assert_eq!(cetc.designations[0].list, DesignationList::EntityList);
    assert_eq!(cetc.jurisdiction.as_deref(), Some("CN"));
    assert!(
        cetc.aliases
            .iter()
            .any(|a| a.text.starts_with("Shijiazhuang Communication")),
        "the '; and' alias is split"
    );
    // Expired Denied Persons List order: not in force after its end date.
    let dpl = imp
        .watchlist
        .entries
        .iter()
        .find(|e| e.name == "ADRIAN MANUEL HERNANDEZ")
        .unwrap();
    assert!(dpl.designations[0].in_force(d("2019-01-01")));
    assert!(!dpl.designations[0].in_force(d("2021-01-01")));
    round_trip(&imp.watchlist);
}

#[test]
fn csl_json_imports() {
    let imp = import_csl::import(&read(&fixture("csl.json")), "csl.json").unwrap();
    assert_eq!(imp.watchlist.entries.len(), 2);
    assert_eq!(imp.skipped.get("vessel"), Some(&1));
    assert_eq!(imp.watchlist.dataset.date, Some(d("2026-11-19")));
    let el = imp.watchlist.get("csl-el-0c1d2e3f4a5b6c7d").unwrap();
    assert_eq!(el.jurisdiction.as_deref(), Some("RU"));
    assert_eq!(el.designations[0].since, Some(d("2024-06-24")));
    assert_eq!(
        el.designations[0].citation,
        "Entity List (EL) - Bureau of Industry and Security: 89 FR 52362"
    );
    assert!(
        el.aliases
            .iter()
            .any(|a| a.script == watchlist::Script::Cyrillic)
    );
    let rim = imp.watchlist.get("csl-sdn-52291").unwrap();
    assert_eq!(rim.countries, ["CN", "KP"]);
}

#[test]
fn ofac_watchman_bench_imports_with_add_and_alt() {
    let Some(c) = common::corpus() else { return };
    let dir = c.join("lists/ofac-watchman-bench");
    let (sdn, add, alt) = (
        read(&dir.join("sdn.csv")),
        read(&dir.join("add.csv")),
        read(&dir.join("alt.csv")),
    );
    let imp = import_ofac::import_csv(
        import_ofac::CsvFile {
            text: &sdn,
            name: "sdn.csv",
        },
        Some(import_ofac::CsvFile {
            text: &add,
            name: "add.csv",
        }),
        Some(import_ofac::CsvFile {
            text: &alt,
            name: "alt.csv",
        }),
    )
    .unwrap();
    // 8976 rows: 3673 entities + 4620 individuals kept; 406 vessels and 277 aircraft skipped.
    assert_eq!(imp.watchlist.entries.len(), 8293);
    assert_eq!(imp.skipped.get("vessel"), Some(&406));
    assert_eq!(imp.skipped.get("aircraft"), Some(&277));
    let kinds = |k| imp.watchlist.entries.iter().filter(|e| e.kind == k).count();
    assert_eq!(
        (kinds(EntryKind::Organization), kinds(EntryKind::Individual)),
        (3673, 4620)
    );
    let bnc = imp.watchlist.get("ofac-sdn-306").unwrap();
    assert_eq!(bnc.name, "BANCO NACIONAL DE CUBA");
    let aliases: Vec<&str> = bnc.aliases.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(aliases, ["BNC", "NATIONAL BANK OF CUBA"]);
    assert_eq!(bnc.countries, ["CH", "ES", "JP", "PA"]);
    assert_eq!(
        bnc.jurisdiction, None,
        "branches in four countries say nothing about the jurisdiction"
    );
    assert_eq!(bnc.designations[0].programs, ["CUBA"]);
    let anglo = imp.watchlist.get("ofac-sdn-173").unwrap();
    assert_eq!(anglo.jurisdiction.as_deref(), Some("GB"));
}

#[test]
fn ofac_sdn_2024_full_list_imports() {
    let Some(c) = common::corpus() else { return };
    let sdn = read(&c.join("lists/ofac-sdn-2024-05/sdn.csv"));
    let imp = import_ofac::import_csv(
        import_ofac::CsvFile {
            text: &sdn,
            name: "sdn.csv",
        },
        None,
        None,
    )
    .unwrap();
    // 14965 rows: 6884 entities + 6854 individuals; 851 vessels and 376 aircraft skipped.
    assert_eq!(imp.watchlist.entries.len(), 13738);
    assert_eq!(imp.skipped.get("vessel"), Some(&851));
    assert_eq!(imp.skipped.get("aircraft"), Some(&376));
    let lazarus = imp.watchlist.get("ofac-sdn-27307").unwrap();
    assert_eq!(lazarus.name, "LAZARUS GROUP");
    assert_eq!(lazarus.designations[0].programs, ["DPRK3"]);
    let multi = imp
        .watchlist
        .entries
        .iter()
        .filter(|e| e.designations[0].programs.len() > 1)
        .count();
    assert!(
        multi > 100,
        "programs joined with '] [' are split ({multi})"
    );
    round_trip(&imp.watchlist);
}

#[test]
fn sdn_xml_imports() {
    let imp = import_ofac::import_xml(&read(&fixture("sdn.xml")), "SDN.XML").unwrap();
    assert_eq!(imp.watchlist.entries.len(), 2);
    assert_eq!(
        (imp.skipped.get("vessel"), imp.skipped.get("aircraft")),
        (Some(&1), Some(&1))
    );
    assert_eq!(imp.watchlist.dataset.date, Some(d("2026-11-20")));
    let bnc = imp.watchlist.get("ofac-sdn-306").unwrap();
    assert_eq!(bnc.countries, ["CH"]);
    assert!(
        bnc.aliases
            .iter()
            .any(|a| a.text == "NATIONAL BANK OF CUBA")
    );
    assert!(bnc.aliases.iter().any(|a| a.text == "BNC"));
    let rim = imp.watchlist.get("ofac-sdn-9640").unwrap();
    assert_eq!(
        (rim.name.as_str(), rim.kind),
        ("RIM, Ryong Nam", EntryKind::Individual)
    );
    assert_eq!(rim.countries, ["KP"]);
    assert_eq!(rim.designations[0].programs, ["NPWMD", "IFSR"]);
}

#[test]
fn malformed_lists_name_the_line() {
    let err = import_csl::import("source,name\n\"Entity List (EL)\",\"unclosed\n", "x.csv")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("x.csv:2:") && err.contains("not closed"),
        "{err}"
    );
    let err = import_csl::import("{\"results\": [\n  {\"name\": 1,\n", "x.json")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("x.json:3:"), "{err}");
    let err = import_csl::import("a,b,c\n1,2,3\n", "y.csv")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("y.csv:1:") && err.contains("source"),
        "{err}"
    );
    let sdn = "1,\"A\",-0-,\"X\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n2,\"B\",-0-\n";
    let err = import_ofac::import_csv(
        import_ofac::CsvFile {
            text: sdn,
            name: "sdn.csv",
        },
        None,
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("sdn.csv:2:") && err.contains("12 columns"),
        "{err}"
    );
    let err = import_ofac::import_xml("<sdnList>\n<sdnEntry>\n<uid>x</uid>", "s.xml")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("s.xml:") && err.contains("XML"), "{err}");
    let err = import_ofac::import_xml("<other/>", "s.xml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("expected <sdnList>"), "{err}");
}

/// An import written as TOML reads back as a valid watchlist with the same entries.
fn round_trip(w: &Watchlist) {
    let text = watchlist::to_toml(w).unwrap();
    let back = Watchlist::parse(&text, "import.toml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.entries.len(), w.entries.len());
    assert_eq!(
        back.entries.first().map(|e| &e.aliases),
        w.entries.first().map(|e| &e.aliases)
    );
}

// ---------------------------------------------------------------- CLI

fn bomscreen() -> Command {
    Command::cargo_bin("bomscreen").unwrap()
}

fn stdout_of(args: &[&str]) -> (i32, String, String) {
    let out = bomscreen().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_list_shows_designations_in_force() {
    let (code, out, _) = stdout_of(&["watchlist", "list", "--as-of", "2026-01-01"]);
    assert_eq!(code, 0);
    assert!(out.contains("2026.11.23"), "{out}");
    let dji = out.lines().find(|l| l.starts_with("dji ")).unwrap();
    assert!(dji.contains("FCC Covered List"), "{dji}");
    let (_, out, _) = stdout_of(&["watchlist", "list", "--as-of", "2025-12-01"]);
    let dji = out.lines().find(|l| l.starts_with("dji ")).unwrap();
    assert!(!dji.contains("FCC Covered List"), "{dji}");
    let (code, out, _) = stdout_of(&[
        "watchlist",
        "list",
        "--format",
        "json",
        "--as-of",
        "2026-01-01",
        "--watchlist",
        fixture("user.toml").to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        v["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == "example-holdings")
    );
}

#[test]
fn cli_show_prints_citations_and_exit_codes() {
    let (code, out, _) = stdout_of(&["watchlist", "show", "kaspersky", "--as-of", "2024-08-01"]);
    assert_eq!(code, 0);
    assert!(out.contains("89 FR 52434"), "{out}");
    assert!(
        out.contains("2024-09-29 updates-and-integration [not yet]"),
        "{out}"
    );
    assert!(out.contains("not to be confused with: UltraAV"), "{out}");
    let (code, _, err) = stdout_of(&["watchlist", "show", "no-such-id"]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-id"), "{err}");
    let (code, _, _) = stdout_of(&["watchlist", "list", "--as-of", "2024-13-01"]);
    assert_eq!(code, 2);
}

#[test]
fn cli_export_round_trips_and_merges() {
    let (code, toml_out, _) = stdout_of(&["watchlist", "export"]);
    assert_eq!(code, 0);
    assert_eq!(
        Watchlist::parse(&toml_out, "export").unwrap().entries.len(),
        watchlist::builtin().entries.len()
    );
    let user = fixture("user.toml");
    let (code, json_out, _) = stdout_of(&[
        "watchlist",
        "export",
        "--format",
        "json",
        "--watchlist",
        user.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json_out).unwrap();
    assert_eq!(
        v["entry"].as_array().unwrap().len(),
        watchlist::builtin().entries.len() + 1
    );
    // A clash between two files is bad input.
    let (code, _, err) = stdout_of(&[
        "watchlist",
        "export",
        "--watchlist",
        user.to_str().unwrap(),
        "--watchlist",
        user.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("defined twice"), "{err}");
}

#[test]
fn cli_validate_reports_every_problem() {
    let (code, out, _) = stdout_of(&[
        "watchlist",
        "validate",
        fixture("user.toml").to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("ok, 1 entries"), "{out}");
    let (code, _, err) = stdout_of(&[
        "watchlist",
        "validate",
        fixture("bad.toml").to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.toml:16:10: error: unknown designation list \"covered-list\""),
        "{err}"
    );
    assert!(err.contains("[duplicate-entry-id]"), "{err}");
}

#[test]
fn cli_import_writes_our_format() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sdn.toml");
    let (code, _, err) = stdout_of(&[
        "watchlist",
        "import",
        "--from",
        "ofac-sdn",
        fixture("sdn.xml").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("imported 2 entries"), "{err}");
    let w = Watchlist::read(&out).unwrap();
    assert!(w.get("ofac-sdn-306").is_some());
    let (code, stdout, _) = stdout_of(&[
        "watchlist",
        "import",
        "--from",
        "csl",
        fixture("csl.json").to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(stdout.contains("id = \"csl-sdn-52291\""), "{stdout}");
    // The imported file is usable as --watchlist.
    let (code, stdout, _) = stdout_of(&[
        "watchlist",
        "show",
        "ofac-sdn-306",
        "--watchlist",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(stdout.contains("BANCO NACIONAL DE CUBA"), "{stdout}");
    // Malformed input: exit 2 with file and line.
    let bad = tmp.path().join("bad.csv");
    std::fs::write(&bad, "source,name\nA,B,C\n").unwrap();
    let (code, _, err) = stdout_of(&[
        "watchlist",
        "import",
        "--from",
        "csl",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.csv:2:"), "{err}");
}

#[test]
fn cli_import_joins_ofac_siblings() {
    let Some(c) = common::corpus() else { return };
    let sdn = c.join("lists/ofac-watchman-bench/sdn.csv");
    let (code, stdout, err) = stdout_of(&[
        "watchlist",
        "import",
        "--from",
        "ofac-sdn",
        sdn.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("imported 8293 entries") && err.contains("406 vessel"),
        "{err}"
    );
    assert!(
        stdout.contains("\"NATIONAL BANK OF CUBA\""),
        "alt.csv beside sdn.csv is joined"
    );
}

#[test]
fn format_md_example_is_valid() {
    let doc = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/watchlist/FORMAT.md"));
    let start = doc.find("```toml\n").expect("FORMAT.md has a TOML example") + 8;
    let example = &doc[start..start + doc[start..].find("```").unwrap()];
    let w = Watchlist::parse(example, "FORMAT.md").unwrap_or_else(|e| panic!("{e}"));
    let e = w.get("example-holdings").unwrap();
    assert_eq!(
        e.identifiers.purl_namespaces,
        ["pkg:npm/%40example-holdings"]
    );
    assert_eq!(e.designations[0].milestones.len(), 1);
}

/// An import that finds no entry is an error, not an empty watchlist that passes every SBOM.
/// See: issue 13 ("Never lose an input silently"), item 5.
#[test]
fn an_empty_list_import_is_an_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.json");
    std::fs::write(&empty, "").unwrap();
    let csl = dir.path().join("csl.json");
    std::fs::write(&csl, r#"{"results": []}"#).unwrap();
    let out = dir.path().join("e.toml");
    for (from, file) in [("ofac-sdn", &empty), ("csl", &csl)] {
        let (code, _, err) = stdout_of(&[
            "watchlist",
            "import",
            "--from",
            from,
            file.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 2, "{from}: {err}");
        assert!(err.contains("no entry imported"), "{from}: {err}");
        assert!(!out.exists(), "{from}: an empty watchlist was written");
    }
}
