//! The watchlist file as written (serde structs with spans), and its validation into [`Watchlist`].
//!
//! Enumerated values (kinds, lists, scripts) and dates are read as strings and checked here rather
//! than by serde, so one run reports every problem with its line instead of stopping at the first.

use std::collections::BTreeMap;
use std::fmt;

use jiff::civil::Date;
use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};
use toml::Spanned;

use super::country;
use super::{
    Alias, Dataset, Decoy, Designation, DesignationList, Diagnostic, Entry, EntryKind, Exclusion,
    ForeignAdversary, Identifiers, Milestone, Relation, RelationKind, Script, Watchlist,
    WatchlistError,
};
use crate::diag::{Code, LineIndex};
use crate::model::{PrefixKind, Purl};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawWatchlist {
    dataset: RawDataset,
    #[serde(default, rename = "foreign-adversary")]
    foreign_adversaries: Vec<RawForeignAdversary>,
    #[serde(default, rename = "entry")]
    entries: Vec<RawEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDataset {
    name: Spanned<String>,
    version: Spanned<String>,
    date: Option<Spanned<RawDate>>,
    #[serde(default)]
    sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawForeignAdversary {
    id: Spanned<String>,
    name: Spanned<String>,
    jurisdictions: Vec<Spanned<String>>,
    #[serde(default)]
    unconfirmed_jurisdictions: Vec<Spanned<String>>,
    scope: Option<String>,
    since: Option<Spanned<RawDate>>,
    citation: Spanned<String>,
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default)]
    unconfirmed: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawEntry {
    id: Spanned<String>,
    name: Spanned<String>,
    kind: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<RawAlias>>,
    jurisdiction: Option<Spanned<String>>,
    #[serde(default)]
    countries: Vec<Spanned<String>>,
    adversary_control: Option<String>,
    #[serde(default, rename = "relation")]
    relations: Vec<RawRelation>,
    #[serde(default)]
    identifiers: RawIdentifiers,
    #[serde(default, rename = "designation")]
    designations: Vec<RawDesignation>,
    #[serde(default)]
    not_to_be_confused_with: Vec<RawDecoy>,
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default)]
    unconfirmed: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRelation {
    kind: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<RawAlias>>,
    jurisdiction: Option<Spanned<String>>,
    since: Option<Spanned<RawDate>>,
    until: Option<Spanned<RawDate>>,
    #[serde(default)]
    notes: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawIdentifiers {
    #[serde(default)]
    cpe_vendors: Vec<Spanned<String>>,
    #[serde(default)]
    purl_namespaces: Vec<Spanned<String>>,
    #[serde(default)]
    purl_name_prefixes: Vec<Spanned<String>>,
    #[serde(default)]
    domains: Vec<Spanned<String>>,
    #[serde(default)]
    products: Vec<Spanned<String>>,
    #[serde(default)]
    file_names: Vec<Spanned<String>>,
    #[serde(default)]
    file_name_prefixes: Vec<Spanned<String>>,
    #[serde(default)]
    hashes: Vec<Spanned<String>>,
    #[serde(default)]
    github_orgs: Vec<Spanned<String>>,
    #[serde(default)]
    java_packages: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDesignation {
    list: Spanned<String>,
    #[serde(default)]
    parties: Vec<String>,
    basis: Option<String>,
    announced: Option<Spanned<RawDate>>,
    since: Option<Spanned<RawDate>>,
    since_unknown: Option<String>,
    until: Option<Spanned<RawDate>>,
    #[serde(default, rename = "milestone")]
    milestones: Vec<RawMilestone>,
    scope: Option<String>,
    conditional_use: Option<String>,
    #[serde(default)]
    product_categories: Vec<String>,
    #[serde(default)]
    programs: Vec<String>,
    #[serde(default, rename = "exclusion")]
    exclusions: Vec<RawExclusion>,
    #[serde(default)]
    scope_review: Vec<RawExclusion>,
    citation: Option<Spanned<String>>,
    url: Option<String>,
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default)]
    unconfirmed: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawMilestone {
    name: Spanned<String>,
    date: Spanned<RawDate>,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawExclusion {
    name: Spanned<String>,
    text: Option<String>,
    #[serde(default)]
    products: Vec<String>,
    #[serde(default)]
    purls: Vec<Spanned<String>>,
    #[serde(default)]
    integration: bool,
    since: Option<Spanned<RawDate>>,
    until: Option<Spanned<RawDate>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDecoy {
    name: String,
    note: String,
}

/// An alias: a plain string, or a table `{ text, script, short }`.
#[derive(Debug)]
struct RawAlias {
    text: String,
    script: Option<String>,
    short: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAliasTable {
    text: String,
    script: Option<String>,
    short: Option<bool>,
}

impl<'de> Deserialize<'de> for RawAlias {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawAlias;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a name, or a table { text = \"...\", script = \"latin|cyrillic|han|other\", short = true|false }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawAlias, E> {
                Ok(RawAlias {
                    text: v.to_string(),
                    script: None,
                    short: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawAlias, A::Error> {
                let t = RawAliasTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawAlias {
                    text: t.text,
                    script: t.script,
                    short: t.short,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// A date as written: a quoted `"YYYY-MM-DD"` or a bare TOML local date; checked in validation.
#[derive(Debug)]
struct RawDate(String);

impl<'de> Deserialize<'de> for RawDate {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDate, E> {
                Ok(RawDate(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawDate, A::Error> {
                let dt =
                    toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawDate(dt.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// Collects diagnostics for one file.
struct Checker<'a> {
    /// Turns spans into lines in O(log n) (files hold ~15k entries).
    lines: LineIndex,
    text: &'a str,
    file: &'a str,
    diagnostics: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn line<T>(&self, s: &Spanned<T>) -> u32 {
        self.lines.line_of(s.span().start)
    }

    fn report<T>(&mut self, code: Code, at: &Spanned<T>, message: String) {
        let (line, column) = self.lines.position(self.text, at.span().start);
        self.diagnostics.push(Diagnostic {
            code,
            level: code.level(),
            file: self.file.to_string(),
            line: Some(line),
            column: Some(column),
            message,
        });
    }

    fn date(&mut self, field: &str, raw: &Option<Spanned<RawDate>>) -> Option<Date> {
        let raw = raw.as_ref()?;
        self.required_date(field, raw)
    }

    fn required_date(&mut self, field: &str, raw: &Spanned<RawDate>) -> Option<Date> {
        let text = raw.get_ref().0.as_str();
        // jiff accepts a few extended forms; the format is exactly YYYY-MM-DD.
        let well_formed =
            text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
        match text.parse::<Date>() {
            Ok(d) if well_formed => Some(d),
            _ => {
                self.report(
                    Code::BadDate,
                    raw,
                    format!("`{field}` = \"{text}\" is not a date; expected YYYY-MM-DD"),
                );
                None
            }
        }
    }

    fn country(&mut self, field: &str, raw: &Spanned<String>) -> Option<String> {
        let code = raw.get_ref().trim().to_ascii_uppercase();
        if country::is_code(&code) {
            Some(code)
        } else {
            self.report(
                Code::UnknownJurisdiction,
                raw,
                format!("`{field}` = \"{}\" is not an ISO 3166-1 alpha-2 country code (e.g. \"CN\", \"RU\")", raw.get_ref()),
            );
            None
        }
    }

    fn nonempty(&mut self, field: &str, raw: &Spanned<String>) -> String {
        let s = raw.get_ref().trim();
        if s.is_empty() {
            self.report(
                Code::EmptyValue,
                raw,
                format!("`{field}` is empty; expected a name"),
            );
        }
        s.to_string()
    }

    fn aliases(&mut self, raw: &[Spanned<RawAlias>]) -> Vec<Alias> {
        let mut out = Vec::new();
        for a in raw {
            let text = a.get_ref().text.trim();
            if text.is_empty() {
                self.report(
                    Code::EmptyAlias,
                    a,
                    "an alias is empty; expected a name".to_string(),
                );
                continue;
            }
            let script = match &a.get_ref().script {
                None => Script::detect(text),
                Some(s) => match Script::ALL.iter().find(|(n, _)| n == s) {
                    Some((_, script)) => *script,
                    None => {
                        self.report(
                            Code::UnknownScript,
                            a,
                            format!("alias \"{text}\": unknown script \"{s}\"; expected one of latin, cyrillic, han, other"),
                        );
                        Script::Other
                    }
                },
            };
            let short = a
                .get_ref()
                .short
                .unwrap_or_else(|| Alias::looks_short(text));
            out.push(Alias {
                text: text.to_string(),
                script,
                short,
            });
        }
        out
    }

    fn identifiers(&mut self, raw: &RawIdentifiers) -> Identifiers {
        let mut list =
            |field: &str, values: &[Spanned<String>], norm: fn(&str) -> Result<String, String>| {
                let mut out: Vec<String> = Vec::new();
                for v in values {
                    match norm(v.get_ref()) {
                        Ok(n) if !out.contains(&n) => out.push(n),
                        Ok(_) => {}
                        Err(why) => self.report(
                            Code::BadIdentifier,
                            v,
                            format!("`{field}` = \"{}\": {why}", v.get_ref()),
                        ),
                    }
                }
                out
            };
        Identifiers {
            cpe_vendors: list("cpe-vendors", &raw.cpe_vendors, normalize_cpe_vendor),
            purl_namespaces: list("purl-namespaces", &raw.purl_namespaces, |s| {
                Purl::prefix_key(s, PrefixKind::Namespace)
            }),
            purl_name_prefixes: list("purl-name-prefixes", &raw.purl_name_prefixes, |s| {
                Purl::prefix_key(s, PrefixKind::NamePrefix)
            }),
            domains: list("domains", &raw.domains, normalize_domain),
            products: list("products", &raw.products, plain),
            file_names: list("file-names", &raw.file_names, plain),
            file_name_prefixes: list("file-name-prefixes", &raw.file_name_prefixes, plain),
            hashes: list("hashes", &raw.hashes, normalize_hash),
            github_orgs: list("github-orgs", &raw.github_orgs, normalize_github_org),
            java_packages: list("java-packages", &raw.java_packages, plain),
        }
    }

    fn exclusions(&mut self, raw: &[RawExclusion]) -> Vec<Exclusion> {
        raw.iter()
            .map(|x| Exclusion {
                name: self.nonempty("exclusion.name", &x.name),
                text: x.text.clone(),
                products: x.products.clone(),
                purls: x
                    .purls
                    .iter()
                    .filter_map(
                        |p| match Purl::prefix_key(p.get_ref(), PrefixKind::Package) {
                            Ok(n) => Some(n),
                            Err(why) => {
                                self.report(
                                    Code::BadIdentifier,
                                    p,
                                    format!("`purls` = \"{}\": {why}", p.get_ref()),
                                );
                                None
                            }
                        },
                    )
                    .collect(),
                integration: x.integration,
                since: self.date("since", &x.since),
                until: self.date("until", &x.until),
            })
            .collect()
    }

    fn designation(&mut self, raw: &RawDesignation) -> Option<Designation> {
        let list = DesignationList::parse(raw.list.get_ref().trim());
        if list.is_none() {
            let named: Vec<&str> = DesignationList::NAMED.iter().map(|(n, _)| *n).collect();
            self.report(
                Code::UnknownDesignationList,
                &raw.list,
                format!(
                    "unknown designation list \"{}\"; expected one of {}, or \"imported:NAME\"",
                    raw.list.get_ref(),
                    named.join(", ")
                ),
            );
        }
        let citation = match &raw.citation {
            Some(c) => self.nonempty("citation", c),
            None => {
                self.report(
                    Code::MissingCitation,
                    &raw.list,
                    "a designation needs a `citation` (FR document, CFR section, notice or URL)"
                        .to_string(),
                );
                String::new()
            }
        };
        let since = self.date("since", &raw.since);
        let since_unknown = raw
            .since_unknown
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        // Without a start a designation would be in force on every date (Huawei "on the DoD
        // 1260H list" in 2017): an unknown start must be said, with the reason.
        if raw.since.is_none() && since_unknown.is_none() {
            self.report(
                Code::MissingDate,
                &raw.list,
                "a designation needs `since` (its first day in force), or `since-unknown` saying why no source gives the day".to_string(),
            );
        }
        let until = self.date("until", &raw.until);
        if let (Some(s), Some(u), Some(at)) = (since, until, raw.until.as_ref())
            && u <= s
        {
            self.report(
                Code::BadDateRange,
                at,
                format!("`until` ({u}) is not after `since` ({s})"),
            );
        }
        let mut milestones = Vec::new();
        for m in &raw.milestones {
            let name = self.nonempty("milestone.name", &m.name);
            if let Some(date) = self.required_date("milestone.date", &m.date) {
                milestones.push(Milestone {
                    name,
                    date,
                    text: m.text.clone(),
                });
            }
        }
        milestones.sort_by_key(|m| m.date);
        Some(Designation {
            list: list?,
            parties: raw.parties.clone(),
            basis: raw.basis.clone(),
            announced: self.date("announced", &raw.announced),
            since,
            since_unknown: since_unknown.map(str::to_string),
            until,
            milestones,
            scope: raw.scope.clone(),
            conditional_use: raw.conditional_use.clone(),
            product_categories: raw.product_categories.clone(),
            programs: raw.programs.clone(),
            exclusions: self.exclusions(&raw.exclusions),
            scope_review: self.exclusions(&raw.scope_review),
            citation,
            url: raw.url.clone(),
            notes: raw.notes.clone(),
            unconfirmed: raw.unconfirmed.clone(),
        })
    }

    fn relation(&mut self, raw: &RawRelation) -> Option<Relation> {
        let kind = RelationKind::ALL
            .iter()
            .find(|(n, _)| n == raw.kind.get_ref())
            .map(|(_, k)| *k);
        if kind.is_none() {
            self.report(
                Code::UnknownRelationKind,
                &raw.kind,
                format!(
                    "unknown relation kind \"{}\"; expected one of parent, subsidiary, affiliate, brand, former-affiliate",
                    raw.kind.get_ref()
                ),
            );
        }
        let since = self.date("since", &raw.since);
        let until = self.date("until", &raw.until);
        if kind == Some(RelationKind::FormerAffiliate) && raw.until.is_none() {
            self.report(
                Code::MissingDate,
                &raw.kind,
                format!(
                    "former affiliate \"{}\" needs `until`, the day it left",
                    raw.name.get_ref()
                ),
            );
        }
        if let (Some(s), Some(u), Some(at)) = (since, until, raw.until.as_ref())
            && u <= s
        {
            self.report(
                Code::BadDateRange,
                at,
                format!("`until` ({u}) is not after `since` ({s})"),
            );
        }
        Some(Relation {
            kind: kind?,
            name: self.nonempty("relation.name", &raw.name),
            aliases: self.aliases(&raw.aliases),
            jurisdiction: raw
                .jurisdiction
                .as_ref()
                .and_then(|j| self.country("jurisdiction", j)),
            since,
            until,
            notes: raw.notes.clone(),
        })
    }

    fn entry(&mut self, raw: &RawEntry) -> Entry {
        let id = raw.id.get_ref().trim().to_string();
        if !is_valid_id(&id) {
            self.report(
                Code::BadId,
                &raw.id,
                format!("entry id \"{id}\" is not valid; expected lowercase letters, digits and single '-', '.' or '_' between them (e.g. \"autel-robotics\")"),
            );
        }
        let kind = match &raw.kind {
            None => EntryKind::Company,
            Some(k) => match EntryKind::ALL.iter().find(|(n, _)| n == k.get_ref()) {
                Some((_, kind)) => *kind,
                None => {
                    self.report(
                        Code::UnknownKind,
                        k,
                        format!("unknown entry kind \"{}\"; expected one of company, government, organization, individual, unknown", k.get_ref()),
                    );
                    EntryKind::Unknown
                }
            },
        };
        let mut countries: Vec<String> = Vec::new();
        for c in &raw.countries {
            if let Some(code) = self.country("countries", c)
                && !countries.contains(&code)
            {
                countries.push(code);
            }
        }
        Entry {
            name: self.nonempty("name", &raw.name),
            kind,
            aliases: self.aliases(&raw.aliases),
            jurisdiction: raw
                .jurisdiction
                .as_ref()
                .and_then(|j| self.country("jurisdiction", j)),
            countries,
            adversary_control: raw
                .adversary_control
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            relations: raw
                .relations
                .iter()
                .filter_map(|r| self.relation(r))
                .collect(),
            identifiers: self.identifiers(&raw.identifiers),
            designations: raw
                .designations
                .iter()
                .filter_map(|d| self.designation(d))
                .collect(),
            not_to_be_confused_with: raw
                .not_to_be_confused_with
                .iter()
                .map(|d| Decoy {
                    name: d.name.clone(),
                    note: d.note.clone(),
                })
                .collect(),
            notes: raw.notes.clone(),
            unconfirmed: raw.unconfirmed.clone(),
            source: self.file.to_string(),
            line: Some(self.line(&raw.id) as usize),
            id,
        }
    }

    fn foreign_adversary(&mut self, raw: &RawForeignAdversary) -> ForeignAdversary {
        let id = raw.id.get_ref().trim().to_string();
        if !is_valid_id(&id) {
            self.report(Code::BadId, &raw.id, format!("foreign adversary id \"{id}\" is not valid; expected lowercase letters, digits and '-'"));
        }
        let codes = |c: &mut Self, list: &[Spanned<String>]| {
            list.iter()
                .filter_map(|j| c.country("jurisdictions", j))
                .collect()
        };
        ForeignAdversary {
            name: self.nonempty("name", &raw.name),
            jurisdictions: codes(self, &raw.jurisdictions),
            unconfirmed_jurisdictions: codes(self, &raw.unconfirmed_jurisdictions),
            scope: raw.scope.clone(),
            since: self.date("since", &raw.since),
            citation: self.nonempty("citation", &raw.citation),
            notes: raw.notes.clone(),
            unconfirmed: raw.unconfirmed.clone(),
            id,
        }
    }
}

/// Parses and validates one watchlist file.
pub(super) fn parse(text: &str, file: &str) -> Result<Watchlist, WatchlistError> {
    let raw: RawWatchlist = toml::from_str(text).map_err(|e| WatchlistError::Syntax {
        file: file.to_string(),
        line: e
            .span()
            .map_or(1, |s| LineIndex::new(text).line_of(s.start) as usize),
        message: e.message().trim().to_string(),
    })?;
    let mut c = Checker {
        lines: LineIndex::new(text),
        text,
        file,
        diagnostics: Vec::new(),
    };
    let date = c.date("dataset.date", &raw.dataset.date);
    let dataset = Dataset {
        name: c.nonempty("dataset.name", &raw.dataset.name),
        version: c.nonempty("dataset.version", &raw.dataset.version),
        date,
        sources: raw.dataset.sources.clone(),
    };
    let foreign_adversaries: Vec<ForeignAdversary> = raw
        .foreign_adversaries
        .iter()
        .map(|f| c.foreign_adversary(f))
        .collect();
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    let mut entries = Vec::with_capacity(raw.entries.len());
    for r in &raw.entries {
        let entry = c.entry(r);
        let line = c.line(&r.id);
        if let Some(first) = seen.insert(entry.id.clone(), line) {
            c.report(
                Code::DuplicateEntryId,
                &r.id,
                format!("entry id \"{}\" is already used on line {first}", entry.id),
            );
            continue;
        }
        entries.push(entry);
    }
    if !c.diagnostics.is_empty() {
        // In file order, as the user will fix them.
        c.diagnostics.sort_by_key(|d| d.line);
        return Err(WatchlistError::Invalid {
            file: file.to_string(),
            diagnostics: c.diagnostics,
        });
    }
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Watchlist {
        dataset,
        foreign_adversaries,
        entries,
    })
}

/// Entry ids: lowercase ASCII letters and digits, single separators `-`, `.`, `_` between them.
pub(super) fn is_valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    let alnum = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    !b.is_empty()
        && b.first().is_some_and(alnum)
        && b.last().is_some_and(alnum)
        && b.iter()
            .all(|c| alnum(c) || matches!(c, b'-' | b'.' | b'_'))
        && !b.windows(2).any(|w| !alnum(&w[0]) && !alnum(&w[1]))
}

fn plain(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s.is_empty() {
        Err("empty".to_string())
    } else {
        Ok(s.to_string())
    }
}

/// CPE 2.3 vendor field: lowercase, no separators (`kaspersky_lab`).
fn normalize_cpe_vendor(s: &str) -> Result<String, String> {
    let v = s.trim().to_lowercase();
    if v.is_empty() || v.contains([':', ' ', '/']) || v == "*" || v == "-" {
        return Err("expected the vendor part of a CPE, e.g. \"kaspersky_lab\"".to_string());
    }
    Ok(v)
}

/// Domains: lowercase, no scheme, path, port or leading `*.`/`.`; subdomains match in the engine.
fn normalize_domain(s: &str) -> Result<String, String> {
    let d = s
        .trim()
        .trim_start_matches("*.")
        .trim_start_matches('.')
        .trim_end_matches('.')
        .to_lowercase();
    let ok = d.contains('.')
        && d.split('.')
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    if ok {
        Ok(d)
    } else {
        Err("expected a domain name such as \"kaspersky.com\" (no scheme or path)".to_string())
    }
}

/// Hashes: `ALGORITHM:HEX`, both lowercase (`sha256:9f86d0…`).
fn normalize_hash(s: &str) -> Result<String, String> {
    let h = s.trim().to_lowercase();
    match h.split_once(':') {
        Some((alg, hex))
            if !alg.is_empty() && hex.len() >= 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            Ok(format!("{}:{hex}", alg.replace(['-', '_'], "")))
        }
        _ => Err("expected ALGORITHM:HEX, e.g. \"sha256:9f86d081…\"".to_string()),
    }
}

fn normalize_github_org(s: &str) -> Result<String, String> {
    let o = s
        .trim()
        .trim_start_matches("https://github.com/")
        .trim_matches('/');
    if o.is_empty() || o.contains('/') || o.contains(char::is_whitespace) {
        Err("expected a GitHub organisation name, e.g. \"KasperskyLab\"".to_string())
    } else {
        Ok(o.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purl_prefixes_are_normalised() {
        let normalize_purl_prefix = |s: &str| Purl::prefix_key(s, PrefixKind::Package);
        assert_eq!(
            normalize_purl_prefix("pkg:npm/@kaspersky").unwrap(),
            "pkg:npm/%40kaspersky"
        );
        assert_eq!(
            normalize_purl_prefix("pkg:npm/%40kaspersky/").unwrap(),
            "pkg:npm/%40kaspersky"
        );
        assert_eq!(
            normalize_purl_prefix("PKG:Maven/com.Kaspersky").unwrap(),
            "pkg:maven/com.Kaspersky"
        );
        assert_eq!(
            normalize_purl_prefix("pkg:github/KasperskyLab").unwrap(),
            "pkg:github/kasperskylab"
        );
        assert!(normalize_purl_prefix("maven/com.kaspersky").is_err());
        assert!(normalize_purl_prefix("pkg:maven").is_err());
        assert!(normalize_purl_prefix("pkg:maven/com.x?type=jar").is_err());
        assert!(normalize_purl_prefix("pkg:npm/%4").is_err());
    }

    #[test]
    fn ids_are_checked() {
        for ok in [
            "kaspersky",
            "autel-robotics",
            "ofac-sdn-306",
            "csl-el-1a2b",
            "a.b_c",
        ] {
            assert!(is_valid_id(ok), "{ok}");
        }
        for bad in ["", "Kaspersky", "-x", "x-", "a--b", "a b", "華為"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn identifiers_are_normalised() {
        assert_eq!(
            normalize_domain("*.KSN.kaspersky-labs.com").unwrap(),
            "ksn.kaspersky-labs.com"
        );
        assert!(normalize_domain("https://kaspersky.com/x").is_err());
        assert_eq!(
            normalize_cpe_vendor("Kaspersky_Lab").unwrap(),
            "kaspersky_lab"
        );
        assert!(normalize_cpe_vendor("cpe:2.3:a:x").is_err());
        assert_eq!(
            normalize_hash("SHA-256:ABCDEF0123456789ABCDEF0123456789").unwrap(),
            "sha256:abcdef0123456789abcdef0123456789"
        );
        assert!(normalize_hash("md5:xyz").is_err());
        assert_eq!(
            normalize_github_org("https://github.com/KasperskyLab/").unwrap(),
            "KasperskyLab"
        );
    }
}
