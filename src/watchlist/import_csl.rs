//! Import of the trade.gov Consolidated Screening List (CSV and JSON) into our watchlist format.
//!
//! CSV: a header row names the columns (the current layout starts with `_id`, the older one with
//! `source`); multi-valued fields are joined with `"; "`; each address is `street, city, state, postal,
//! CC`. JSON: the API shape `{"results": [...]}` with `id`, arrays for multi-valued fields and address
//! objects. Both are read by column name, so re-ordered or extra columns are fine.
//! Vessels and aircraft are skipped (they never author software); entities and individuals are kept.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde_json::Value;

use super::csv;
use super::{
    Dataset, Designation, DesignationList, Entry, EntryKind, Import, WatchlistError, country, fnv1a,
};

/// One listed party, whichever serialisation it came from.
#[derive(Debug, Default)]
struct Row {
    line: Option<usize>,
    id: String,
    source: String,
    entity_number: String,
    kind: String,
    programs: Vec<String>,
    name: String,
    alt_names: Vec<String>,
    countries: Vec<String>,
    federal_register_notice: String,
    start_date: String,
    end_date: String,
    license_requirement: String,
    license_policy: String,
    remarks: String,
    source_list_url: String,
}

/// Imports a CSL file (CSV or JSON, told apart by content); `file` names it in messages.
pub fn import(text: &str, file: &str) -> Result<Import, WatchlistError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let (rows, date) = if trimmed.starts_with('{') || trimmed.starts_with('[') {
        json_rows(trimmed, file)?
    } else {
        (csv_rows(text, file)?, None)
    };
    let dataset = Dataset {
        name: format!(
            "trade.gov Consolidated Screening List ({})",
            base_name(file)
        ),
        version: format!("fnv1a-{:016x}", fnv1a(text.as_bytes())),
        date,
        sources: vec![
            "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"
                .to_string(),
        ],
    };
    let mut skipped = BTreeMap::new();
    let mut warnings = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    // Older layouts list a party once per address; rows without an id of their own that derive the
    // same id (same source, name and FR notice) are one party and are merged.
    let mut derived: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows {
        let kind = match row.kind.trim().to_ascii_lowercase().as_str() {
            "individual" => EntryKind::Individual,
            "entity" => EntryKind::Organization,
            "vessel" | "aircraft" => {
                *skipped
                    .entry(row.kind.trim().to_ascii_lowercase())
                    .or_insert(0) += 1;
                continue;
            }
            _ => EntryKind::Unknown,
        };
        let has_id = !row.id.is_empty();
        let e = entry(row, kind, file, &mut warnings);
        match derived.get(&e.id) {
            Some(&i) if !has_id => merge_rows(&mut entries[i], e),
            _ => {
                if !has_id {
                    derived.insert(e.id.clone(), entries.len());
                }
                entries.push(e);
            }
        }
    }
    Ok(Import::finish(dataset, entries, skipped, warnings))
}

fn base_name(file: &str) -> &str {
    file.rsplit(['/', '\\']).next().unwrap_or(file)
}

/// Folds another row of the same party (another address) into `into`.
fn merge_rows(into: &mut Entry, other: Entry) {
    for a in &other.aliases {
        into.add_alias(&a.text);
    }
    for c in other.countries {
        if !into.countries.contains(&c) {
            into.countries.push(c);
        }
    }
    into.jurisdiction = if into.kind != EntryKind::Individual && into.countries.len() == 1 {
        into.countries.first().cloned()
    } else {
        None
    };
    if let (Some(d), Some(o)) = (
        into.designations.first_mut(),
        other.designations.into_iter().next(),
    ) {
        d.since = match (d.since, o.since) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        for p in o.programs {
            if !d.programs.contains(&p) {
                d.programs.push(p);
            }
        }
    }
}

/// The column names of the current layout, for messages.
const CURRENT_HEADER: &str = "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,...";

fn csv_rows(text: &str, file: &str) -> Result<Vec<Row>, WatchlistError> {
    let syntax = |line: usize, message: String| WatchlistError::Syntax {
        file: file.to_string(),
        line,
        message,
    };
    let records = csv::records(text).map_err(|e| syntax(e.line, e.message))?;
    let Some((header, body)) = records.split_first() else {
        return Err(syntax(
            1,
            format!("empty file; expected a CSL CSV header ({CURRENT_HEADER})"),
        ));
    };
    let col = |name: &str| {
        header
            .fields
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(source), Some(name)) = (col("source"), col("name")) else {
        return Err(syntax(
            header.line,
            format!(
                "not a CSL CSV header: no `source` and `name` columns; expected {CURRENT_HEADER}"
            ),
        ));
    };
    let cols = [
        col("_id"),
        col("entity_number"),
        col("type"),
        col("programs"),
        col("alt_names"),
        col("addresses"),
        col("federal_register_notice"),
        col("start_date"),
        col("end_date"),
        col("license_requirement"),
        col("license_policy"),
        col("remarks"),
        col("source_list_url"),
        col("citizenships"),
        col("nationalities"),
    ];
    let mut rows = Vec::with_capacity(body.len());
    for r in body {
        if r.fields.len() != header.fields.len() {
            return Err(syntax(
                r.line,
                format!(
                    "{} fields, but the header has {}; expected one CSL record per row",
                    r.fields.len(),
                    header.fields.len()
                ),
            ));
        }
        let get = |c: Option<usize>| c.and_then(|c| r.fields.get(c)).map_or("", |s| s.trim());
        let [
            id,
            entity_number,
            kind,
            programs,
            alt_names,
            addresses,
            fr,
            start,
            end,
            lic_req,
            lic_pol,
            remarks,
            url,
            citizenships,
            nationalities,
        ] = cols.map(get);
        let mut countries = address_countries(addresses.split("; ").filter(|a| !a.is_empty()));
        countries.extend(
            split(citizenships)
                .into_iter()
                .chain(split(nationalities))
                .filter_map(|c| country::code_for_name(&c).map(str::to_string)),
        );
        rows.push(Row {
            line: Some(r.line),
            id: id.to_string(),
            source: r.fields[source].trim().to_string(),
            entity_number: entity_number.to_string(),
            kind: kind.to_string(),
            programs: split(programs),
            name: r.fields[name].trim().to_string(),
            alt_names: split(alt_names),
            countries,
            federal_register_notice: fr.to_string(),
            start_date: start.to_string(),
            end_date: end.to_string(),
            license_requirement: lic_req.to_string(),
            license_policy: lic_pol.to_string(),
            remarks: remarks.to_string(),
            source_list_url: url.to_string(),
        });
    }
    Ok(rows)
}

/// Splits a `"; "`-joined field; the Entity List writes the last item as `"; and X"`.
fn split(s: &str) -> Vec<String> {
    s.split(';')
        .map(|p| p.trim())
        .map(|p| p.strip_prefix("and ").unwrap_or(p).trim())
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// The country of each flattened address: its last comma-separated part, a code or a name.
fn address_countries<'a>(addresses: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in addresses {
        let last = a.rsplit(',').next().unwrap_or(a).trim();
        if let Some(code) = country::code_for_name(last)
            && !out.iter().any(|c| c == code)
        {
            out.push(code.to_string());
        }
    }
    out
}

fn json_rows(text: &str, file: &str) -> Result<(Vec<Row>, Option<Date>), WatchlistError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| WatchlistError::Syntax {
        file: file.to_string(),
        line: e.line(),
        message: format!("not valid JSON: {e}"),
    })?;
    let results = match &doc {
        Value::Array(a) => a,
        Value::Object(o) => match o.get("results") {
            Some(Value::Array(a)) => a,
            _ => {
                return Err(WatchlistError::Syntax {
                    file: file.to_string(),
                    line: 1,
                    message: "not a CSL JSON document: expected an object with a `results` array"
                        .to_string(),
                });
            }
        },
        _ => {
            return Err(WatchlistError::Syntax {
                file: file.to_string(),
                line: 1,
                message: "expected a JSON object".to_string(),
            });
        }
    };
    // The newest `source_last_updated` of the sources used is the date of the data.
    let date = doc
        .get("sources_used")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("source_last_updated").and_then(Value::as_str))
        .filter_map(|s| s.get(..10).and_then(|d| d.parse::<Date>().ok()))
        .max();
    let mut rows = Vec::with_capacity(results.len());
    for (i, r) in results.iter().enumerate() {
        let Some(obj) = r.as_object() else {
            return Err(WatchlistError::Invalid {
                file: file.to_string(),
                diagnostics: vec![super::Diagnostic::file(
                    crate::diag::Code::BadRecord,
                    file,
                    format!("results[{i}] is not an object"),
                )],
            });
        };
        let s = |k: &str| match obj.get(k) {
            Some(Value::String(s)) => s.trim().to_string(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        let list = |k: &str| match obj.get(k) {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect(),
            Some(Value::String(s)) => split(s),
            _ => Vec::new(),
        };
        let mut countries: Vec<String> = Vec::new();
        if let Some(Value::Array(addresses)) = obj.get("addresses") {
            for a in addresses {
                let c = a
                    .get("country")
                    .and_then(Value::as_str)
                    .and_then(country::code_for_name);
                if let Some(c) = c
                    && !countries.iter().any(|x| x == c)
                {
                    countries.push(c.to_string());
                }
            }
        }
        for c in list("citizenships")
            .into_iter()
            .chain(list("nationalities"))
        {
            if let Some(code) = country::code_for_name(&c) {
                countries.push(code.to_string());
            }
        }
        let id = if obj.contains_key("id") {
            s("id")
        } else {
            s("_id")
        };
        rows.push(Row {
            line: None,
            id,
            source: s("source"),
            entity_number: s("entity_number"),
            kind: s("type"),
            programs: list("programs"),
            name: s("name"),
            alt_names: list("alt_names"),
            countries,
            federal_register_notice: s("federal_register_notice"),
            start_date: s("start_date"),
            end_date: s("end_date"),
            license_requirement: s("license_requirement"),
            license_policy: s("license_policy"),
            remarks: s("remarks"),
            source_list_url: s("source_list_url"),
        });
        if rows.last().is_some_and(|r| r.name.is_empty()) {
            return Err(WatchlistError::Invalid {
                file: file.to_string(),
                diagnostics: vec![super::Diagnostic::file(
                    crate::diag::Code::BadRecord,
                    file,
                    format!("results[{i}] has no `name`"),
                )],
            });
        }
    }
    Ok((rows, date))
}

/// The list abbreviation in a CSL source name: "Entity List (EL) - Bureau ..." gives `el`.
fn abbreviation(source: &str) -> String {
    let inner = source
        .split_once('(')
        .and_then(|(_, r)| r.split_once(')'))
        .map_or("list", |(a, _)| a);
    let mut out = String::new();
    for c in inner.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "list".to_string()
    } else {
        out
    }
}

/// Maps a CSL source name to our list: SDN and the Entity List have their own kinds; others keep their name.
fn list_of(source: &str) -> DesignationList {
    if source.contains("(SDN)") {
        DesignationList::OfacSdn
    } else if source.contains("(EL)") {
        DesignationList::EntityList
    } else if source.is_empty() {
        DesignationList::Imported("Consolidated Screening List".to_string())
    } else {
        DesignationList::Imported(source.to_string())
    }
}

fn entry(row: Row, kind: EntryKind, file: &str, warnings: &mut Vec<String>) -> Entry {
    let at = match row.line {
        Some(l) => format!("{file}:{l}"),
        None => file.to_string(),
    };
    // The key: the row's own id (hash ids shortened), else the OFAC number, else a hash of what identifies the row.
    let key = if row.id.bytes().all(|b| b.is_ascii_digit()) && !row.id.is_empty() {
        row.id.clone()
    } else if row.id.len() >= 16 && row.id.bytes().all(|b| b.is_ascii_hexdigit()) {
        row.id[..16].to_ascii_lowercase()
    } else if !row.entity_number.is_empty() && row.entity_number.bytes().all(|b| b.is_ascii_digit())
    {
        row.entity_number.clone()
    } else {
        let basis = format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}",
            row.source, row.name, row.federal_register_notice, row.id
        );
        format!("{:016x}", fnv1a(basis.as_bytes()))
    };
    // ISN names carry "; and any successor, sub-unit, or subsidiary thereof": keep that as a note.
    let (name, successor_note) = match row.name.split_once("; and any successor") {
        Some((n, rest)) => (
            n.trim().to_string(),
            Some(format!("listed with: and any successor{rest}")),
        ),
        None => (row.name.clone(), None),
    };
    let mut e = Entry::new(
        format!("csl-{}-{key}", abbreviation(&row.source)),
        name,
        kind,
        file,
    );
    e.line = row.line;
    for a in &row.alt_names {
        e.add_alias(a);
    }
    for c in row.countries {
        if !e.countries.contains(&c) {
            e.countries.push(c);
        }
    }
    if kind != EntryKind::Individual && e.countries.len() == 1 {
        e.jurisdiction = e.countries.first().cloned();
    }
    let citation = if row.federal_register_notice.is_empty() {
        if row.source.is_empty() {
            "Consolidated Screening List".to_string()
        } else {
            row.source.clone()
        }
    } else {
        format!("{}: {}", row.source, row.federal_register_notice)
    };
    let mut d = Designation::new(list_of(&row.source), citation);
    d.programs = row.programs;
    let date = |s: &str, what: &str, d: &mut Designation, warnings: &mut Vec<String>| {
        if s.is_empty() {
            return None;
        }
        match s.get(..10).and_then(|x| x.parse::<Date>().ok()) {
            Some(date) => Some(date),
            None => {
                warnings.push(format!(
                    "{at}: {what} \"{s}\" is not YYYY-MM-DD; kept as a note"
                ));
                d.notes.push(format!("{what} as listed: {s}"));
                None
            }
        }
    };
    d.since = date(&row.start_date, "start date", &mut d, warnings);
    d.until = date(&row.end_date, "end date", &mut d, warnings);
    if let (Some(s), Some(u)) = (d.since, d.until)
        && u <= s
    {
        d.notes.push(format!(
            "end date {u} is not after the start date {s}; not used"
        ));
        d.until = None;
    }
    if d.since.is_none() {
        d.since_unknown =
            Some("the Consolidated Screening List row gives no start date".to_string());
    }
    let scope = [
        row.license_requirement.as_str(),
        row.license_policy.as_str(),
    ]
    .iter()
    .filter(|s| !s.is_empty())
    .map(|s| s.to_string())
    .collect::<Vec<_>>()
    .join(" License policy: ");
    d.scope = (!scope.is_empty()).then_some(scope);
    d.url = (!row.source_list_url.is_empty()).then_some(row.source_list_url);
    if !row.remarks.is_empty() {
        d.notes.push(row.remarks);
    }
    if let Some(n) = successor_note {
        d.notes.push(n);
    }
    e.designations.push(d);
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_and_lists() {
        assert_eq!(
            abbreviation("Entity List (EL) - Bureau of Industry and Security"),
            "el"
        );
        assert_eq!(
            abbreviation("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department"),
            "ns-mbs-list"
        );
        assert_eq!(abbreviation("no parentheses"), "list");
        assert_eq!(
            list_of("Specially Designated Nationals (SDN) - Treasury Department"),
            DesignationList::OfacSdn
        );
        assert_eq!(
            list_of("Entity List (EL) - Bureau of Industry and Security"),
            DesignationList::EntityList
        );
    }

    #[test]
    fn entity_list_aliases_drop_the_and() {
        assert_eq!(split("A; B; and C."), ["A", "B", "C."]);
    }

    #[test]
    fn minimal_csv_imports() {
        let csv = "source,name,type,addresses,alt_names,start_date\n\
                   \"Entity List (EL) - Bureau of Industry and Security\",Acme Ltd.,,\"1 Road, Moscow, RU\",ACME; and Acme Group,2024-06-24\n\
                   \"Specially Designated Nationals (SDN) - Treasury Department\",SHIP,Vessel,,,\n";
        let imp = import(csv, "x.csv").unwrap();
        assert_eq!(imp.watchlist.entries.len(), 1);
        assert_eq!(imp.skipped.get("vessel"), Some(&1));
        let e = &imp.watchlist.entries[0];
        assert_eq!(e.jurisdiction.as_deref(), Some("RU"));
        assert_eq!(
            e.aliases
                .iter()
                .map(|a| a.text.as_str())
                .collect::<Vec<_>>(),
            ["ACME", "Acme Group"]
        );
        assert_eq!(e.designations[0].list, DesignationList::EntityList);
        assert_eq!(e.designations[0].since, Some("2024-06-24".parse().unwrap()));
    }

    #[test]
    fn ragged_rows_name_their_line() {
        let err = import("source,name\nA,B\nC\n", "bad.csv")
            .unwrap_err()
            .to_string();
        assert!(err.contains("bad.csv:3"), "{err}");
    }
}
