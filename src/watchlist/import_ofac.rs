//! Import of the OFAC SDN list (legacy CSV set, or SDN.XML) into our watchlist format.
//!
//! Legacy CSV (OFAC "dat_spec"): no header, `-0-` for null. `sdn.csv` has `ent_num, SDN_Name, SDN_Type,
//! Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks`; `SDN_Type` is
//! `individual`, `vessel`, `aircraft`, or null for an entity; programs are joined with `] [`.
//! `add.csv` (`ent_num, add_num, address, city/state/postal, country, remarks`) and `alt.csv`
//! (`ent_num, alt_num, alt_type, alt_name, remarks`) join on `ent_num`.
//! SDN.XML: `sdnList/sdnEntry` with `uid`, `firstName`, `lastName`, `sdnType`, `programList`, `akaList`,
//! `addressList`, `nationalityList`, `citizenshipList` (namespace-agnostic: old and new namespaces).
//! Vessels and aircraft are skipped; entities and individuals are kept. Ids are `ofac-sdn-<ent_num>`.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;

use super::csv::{self, Record};
use super::{
    Dataset, Designation, DesignationList, Entry, EntryKind, Import, WatchlistError, country, fnv1a,
};

/// One file of the legacy CSV set: its text and the name used in messages.
#[derive(Debug, Clone, Copy)]
pub struct CsvFile<'a> {
    /// The file's text.
    pub text: &'a str,
    /// The file's name (path) for messages.
    pub name: &'a str,
}

const SDN_COLUMNS: &str = "ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks";

/// A party as listed, before it becomes an [`Entry`].
#[derive(Debug, Default)]
struct Listed {
    ent_num: u64,
    line: usize,
    name: String,
    kind: Option<EntryKind>,
    programs: Vec<String>,
    title: String,
    remarks: String,
    aliases: Vec<String>,
    countries: Vec<&'static str>,
    domains: Vec<String>,
}

/// `-0-` (often with a trailing space) is OFAC's null.
fn value(s: &str) -> &str {
    let t = s.trim();
    if t == "-0-" { "" } else { t }
}

fn syntax(file: &str, line: usize, message: String) -> WatchlistError {
    WatchlistError::Syntax {
        file: file.to_string(),
        line,
        message,
    }
}

fn ent_num(r: &Record, file: &str, columns: &str) -> Result<u64, WatchlistError> {
    let raw = value(r.fields.first().map_or("", String::as_str));
    raw.parse().map_err(|_| {
        syntax(
            file,
            r.line,
            format!("`ent_num` \"{raw}\" is not a number; expected {columns}"),
        )
    })
}

/// Imports the legacy CSV set: `sdn.csv`, with `add.csv` and `alt.csv` when given.
pub fn import_csv(
    sdn: CsvFile,
    add: Option<CsvFile>,
    alt: Option<CsvFile>,
) -> Result<Import, WatchlistError> {
    let mut warnings = Vec::new();
    let mut skipped = BTreeMap::new();
    let records = csv::records(sdn.text).map_err(|e| syntax(sdn.name, e.line, e.message))?;
    let mut listed: Vec<Listed> = Vec::with_capacity(records.len());
    let mut index: HashMap<u64, usize> = HashMap::with_capacity(records.len());
    for r in &records {
        if r.fields.len() != 12 {
            return Err(syntax(
                sdn.name,
                r.line,
                format!(
                    "{} fields; expected the 12 columns of sdn.csv ({SDN_COLUMNS})",
                    r.fields.len()
                ),
            ));
        }
        let num = ent_num(r, sdn.name, SDN_COLUMNS)?;
        let kind = match value(&r.fields[2]).to_ascii_lowercase().as_str() {
            "" | "entity" => EntryKind::Organization,
            "individual" => EntryKind::Individual,
            other @ ("vessel" | "aircraft") => {
                *skipped.entry(other.to_string()).or_insert(0) += 1;
                continue;
            }
            other => {
                warnings.push(format!(
                    "{}:{}: unknown SDN_Type \"{other}\"; kept as an entity of unknown kind",
                    sdn.name, r.line
                ));
                EntryKind::Unknown
            }
        };
        let mut l = Listed {
            ent_num: num,
            line: r.line,
            name: value(&r.fields[1]).to_string(),
            kind: Some(kind),
            programs: programs(value(&r.fields[3])),
            title: value(&r.fields[4]).to_string(),
            remarks: value(&r.fields[11]).to_string(),
            ..Listed::default()
        };
        if l.name.is_empty() {
            return Err(syntax(
                sdn.name,
                r.line,
                "`SDN_Name` is empty; expected the listed name".to_string(),
            ));
        }
        remarks_facts(&mut l);
        if index.insert(num, listed.len()).is_some() {
            warnings.push(format!(
                "{}:{}: ent_num {num} occurs again",
                sdn.name, r.line
            ));
        }
        listed.push(l);
    }
    if let Some(add) = add {
        for r in csv::records(add.text).map_err(|e| syntax(add.name, e.line, e.message))? {
            let num = ent_num(
                &r,
                add.name,
                "ent_num, add_num, address, city, country, remarks",
            )?;
            let Some(&i) = index.get(&num) else { continue };
            let name = value(r.fields.get(4).map_or("", String::as_str));
            if name.is_empty() {
                continue;
            }
            match country::code_for_name(name) {
                Some(code) if !listed[i].countries.contains(&code) => {
                    listed[i].countries.push(code)
                }
                Some(_) => {}
                None => warnings.push(format!(
                    "{}:{}: country \"{name}\" has no ISO 3166 code; not recorded",
                    add.name, r.line
                )),
            }
        }
    }
    if let Some(alt) = alt {
        for r in csv::records(alt.text).map_err(|e| syntax(alt.name, e.line, e.message))? {
            let num = ent_num(
                &r,
                alt.name,
                "ent_num, alt_num, alt_type, alt_name, remarks",
            )?;
            let Some(&i) = index.get(&num) else { continue };
            let name = value(r.fields.get(3).map_or("", String::as_str));
            if !name.is_empty() {
                listed[i].aliases.push(name.to_string());
            }
        }
    }
    let dataset = Dataset {
        name: format!("OFAC SDN list ({})", base_name(sdn.name)),
        version: format!("fnv1a-{:016x}", fnv1a(sdn.text.as_bytes())),
        date: None,
        sources: vec!["https://www.treasury.gov/ofac/downloads/sdn.csv".to_string()],
    };
    let citation = "OFAC Specially Designated Nationals and Blocked Persons List (legacy sdn.csv)";
    let entries = listed
        .into_iter()
        .map(|l| {
            entry(
                l,
                sdn.name,
                citation,
                "https://www.treasury.gov/ofac/downloads/sdn.csv",
            )
        })
        .collect();
    Ok(Import::finish(dataset, entries, skipped, warnings))
}

fn base_name(file: &str) -> &str {
    file.rsplit(['/', '\\']).next().unwrap_or(file)
}

/// `"IRAN] [SDGT] [IRGC"` gives three programs; surrounding brackets, if any, are dropped.
fn programs(s: &str) -> Vec<String> {
    s.trim_start_matches('[')
        .trim_end_matches(']')
        .split("] [")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// Aliases, websites and nationalities written into the free-text remarks (`a.k.a. 'BNC'; Website x.com`).
fn remarks_facts(l: &mut Listed) {
    for part in l.remarks.split(';').map(str::trim) {
        let lower = part.to_ascii_lowercase();
        if let Some(rest) = ["a.k.a. ", "f.k.a. ", "n.k.a. "]
            .iter()
            .find_map(|p| lower.starts_with(p).then(|| &part[p.len()..]))
        {
            let name = rest
                .trim()
                .trim_end_matches('.')
                .trim_matches(|c| c == '\'' || c == '"');
            if !name.is_empty() {
                l.aliases.push(name.to_string());
            }
        } else if lower.starts_with("website ") {
            let url = part[8..].trim().trim_end_matches('.');
            let host = url
                .split("://")
                .last()
                .unwrap_or(url)
                .split(['/', '?', ':'])
                .next()
                .unwrap_or("");
            let host = host.trim_start_matches("www.").to_ascii_lowercase();
            if host.contains('.')
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
                && !l.domains.contains(&host)
            {
                l.domains.push(host);
            }
        } else if let Some(rest) = ["nationality ", "citizen "]
            .iter()
            .find_map(|p| lower.starts_with(p).then(|| &part[p.len()..]))
            && let Some(code) = country::code_for_name(rest.trim().trim_end_matches('.'))
            && !l.countries.contains(&code)
        {
            l.countries.push(code);
        }
    }
}

fn entry(l: Listed, file: &str, citation: &str, url: &str) -> Entry {
    let kind = l.kind.unwrap_or(EntryKind::Unknown);
    let mut e = Entry::new(format!("ofac-sdn-{}", l.ent_num), l.name, kind, file);
    e.line = Some(l.line);
    for a in &l.aliases {
        e.add_alias(a);
    }
    e.countries = l.countries.iter().map(|c| c.to_string()).collect();
    // One country for an entity is taken as its jurisdiction; several (branches abroad) say nothing.
    if kind != EntryKind::Individual && e.countries.len() == 1 {
        e.jurisdiction = e.countries.first().cloned();
    }
    e.identifiers.domains = l.domains;
    let mut d = Designation::new(DesignationList::OfacSdn, citation.to_string());
    d.programs = l.programs;
    d.since_unknown = Some("the SDN list gives no designation date".to_string());
    d.url = Some(url.to_string());
    if !l.title.is_empty() {
        d.notes.push(format!("title: {}", l.title));
    }
    if !l.remarks.is_empty() {
        d.notes.push(l.remarks);
    }
    e.designations.push(d);
    e
}

/// Imports OFAC's SDN.XML (`sdnList` of `sdnEntry`), in the old or the current namespace.
pub fn import_xml(text: &str, file: &str) -> Result<Import, WatchlistError> {
    let doc = roxmltree::Document::parse(text.trim_start_matches('\u{feff}')).map_err(|e| {
        syntax(
            file,
            e.pos().row as usize,
            format!("not well-formed XML: {e}"),
        )
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "sdnList" {
        return Err(syntax(
            file,
            1,
            format!(
                "root element is <{}>; expected <sdnList> (OFAC SDN.XML)",
                root.tag_name().name()
            ),
        ));
    }
    let line = |n: Node| doc.text_pos_at(n.range().start).row as usize;
    let date = child(root, "publshInformation")
        .map(|p| text_of(p, "Publish_Date"))
        .and_then(|d| us_date(&d));
    let mut skipped = BTreeMap::new();
    let mut warnings = Vec::new();
    let mut listed = Vec::new();
    for n in root
        .children()
        .filter(|c| c.tag_name().name() == "sdnEntry")
    {
        let uid = text_of(n, "uid");
        let ent_num: u64 = uid.parse().map_err(|_| {
            syntax(
                file,
                line(n),
                format!("<sdnEntry> has no numeric <uid> (found \"{uid}\")"),
            )
        })?;
        let kind = match text_of(n, "sdnType").to_ascii_lowercase().as_str() {
            "entity" | "" => EntryKind::Organization,
            "individual" => EntryKind::Individual,
            other @ ("vessel" | "aircraft") => {
                *skipped.entry(other.to_string()).or_insert(0) += 1;
                continue;
            }
            other => {
                warnings.push(format!("{file}:{}: unknown sdnType \"{other}\"", line(n)));
                EntryKind::Unknown
            }
        };
        let full = |n: Node| {
            let (first, last) = (text_of(n, "firstName"), text_of(n, "lastName"));
            match (first.is_empty(), last.is_empty()) {
                (true, _) => last,
                (false, true) => first,
                (false, false) => format!("{last}, {first}"),
            }
        };
        let name = full(n);
        if name.is_empty() {
            return Err(syntax(
                file,
                line(n),
                format!("<sdnEntry> {ent_num} has no <lastName>; expected the listed name"),
            ));
        }
        let mut l = Listed {
            ent_num,
            line: line(n),
            name,
            kind: Some(kind),
            programs: list_items(n, "programList")
                .iter()
                .filter_map(|p| p.text())
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
            title: text_of(n, "title"),
            remarks: text_of(n, "remarks"),
            aliases: list_items(n, "akaList")
                .into_iter()
                .map(full)
                .filter(|a| !a.is_empty())
                .collect(),
            ..Listed::default()
        };
        for (list, _) in [
            ("addressList", "address"),
            ("nationalityList", "nationality"),
            ("citizenshipList", "citizenship"),
        ] {
            for item in list_items(n, list) {
                let c = text_of(item, "country");
                if c.is_empty() {
                    continue;
                }
                match country::code_for_name(&c) {
                    Some(code) if !l.countries.contains(&code) => l.countries.push(code),
                    Some(_) => {}
                    None => warnings.push(format!(
                        "{file}:{}: country \"{c}\" has no ISO 3166 code; not recorded",
                        line(item)
                    )),
                }
            }
        }
        remarks_facts(&mut l);
        listed.push(l);
    }
    let dataset = Dataset {
        name: format!("OFAC SDN list ({})", base_name(file)),
        version: format!("fnv1a-{:016x}", fnv1a(text.as_bytes())),
        date,
        sources: vec![
            "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.XML"
                .to_string(),
        ],
    };
    let citation = match date {
        Some(d) => format!(
            "OFAC Specially Designated Nationals and Blocked Persons List (SDN.XML published {d})"
        ),
        None => {
            "OFAC Specially Designated Nationals and Blocked Persons List (SDN.XML)".to_string()
        }
    };
    let url = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.XML";
    let entries = listed
        .into_iter()
        .map(|l| entry(l, file, &citation, url))
        .collect();
    Ok(Import::finish(dataset, entries, skipped, warnings))
}

type Node<'a, 'i> = roxmltree::Node<'a, 'i>;

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| c.tag_name().name() == name)
}

fn text_of(n: Node, name: &str) -> String {
    child(n, name)
        .and_then(|c| c.text())
        .map(str::trim)
        .unwrap_or("")
        .to_string()
}

/// The element children of the list element `list` (`programList`, `akaList`...).
fn list_items<'a, 'i>(n: Node<'a, 'i>, list: &str) -> Vec<Node<'a, 'i>> {
    child(n, list)
        .map(|l| l.children().filter(|c| c.is_element()).collect())
        .unwrap_or_default()
}

/// OFAC's `MM/DD/YYYY`.
fn us_date(s: &str) -> Option<Date> {
    let mut it = s.trim().split('/');
    let (m, d, y) = (
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
    );
    Date::new(y, m, d).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_split_on_bracket_pairs() {
        assert_eq!(programs("IRAN] [SDGT] [IRGC"), ["IRAN", "SDGT", "IRGC"]);
        assert_eq!(programs("[CUBA]"), ["CUBA"]);
        assert!(programs("").is_empty());
    }

    #[test]
    fn remarks_give_aliases_and_domains() {
        let mut l = Listed {
            remarks: "a.k.a. 'BNC'; Website http://www.example.ir/x; nationality Iran.".into(),
            ..Listed::default()
        };
        remarks_facts(&mut l);
        assert_eq!(l.aliases, ["BNC"]);
        assert_eq!(l.domains, ["example.ir"]);
        assert_eq!(l.countries, ["IR"]);
    }

    #[test]
    fn joins_alt_and_add_on_ent_num() {
        let sdn = CsvFile {
            text: "306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"a.k.a. 'BNC'.\"\n7,\"X\",\"vessel\",\"CUBA\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n",
            name: "sdn.csv",
        };
        let add = CsvFile {
            text: "306,199,\"Zweierstrasse 35\",\"Zurich CH-8022\",\"Switzerland\",-0- \n",
            name: "add.csv",
        };
        let alt = CsvFile {
            text: "306,220,\"aka\",\"NATIONAL BANK OF CUBA\",-0- \n999,1,\"aka\",\"NOBODY\",-0-\n",
            name: "alt.csv",
        };
        let imp = import_csv(sdn, Some(add), Some(alt)).unwrap();
        assert_eq!(imp.skipped.get("vessel"), Some(&1));
        let e = imp.watchlist.get("ofac-sdn-306").unwrap();
        assert_eq!(e.countries, ["CH"]);
        let aliases: Vec<_> = e.aliases.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(aliases, ["BNC", "NATIONAL BANK OF CUBA"]);
        assert!(e.aliases[0].short);
    }

    #[test]
    fn bad_ent_num_names_the_line() {
        let sdn = CsvFile {
            text: "1,\"A\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\nx,\"B\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n",
            name: "sdn.csv",
        };
        let err = import_csv(sdn, None, None).unwrap_err().to_string();
        assert!(err.starts_with("sdn.csv:2:"), "{err}");
    }
}
