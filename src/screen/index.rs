//! The watchlist compiled for matching, built once per run: one Aho-Corasick automaton over every
//! folded name, alias, relation name and product of hand-written entries, and hash maps for
//! exact keys (imported list names), CPE vendors, purls, Java packages, domains, hashes, file
//! names and GitHub organisations.
//!
//! Imported official lists (CSL, OFAC SDN: ~30k names, many of them single common words or
//! people's names) are matched by exact party key only, never by containment: "ALFA" on the
//! SDN must not flag "alfa-romeo-tools". This also keeps the automaton small whatever is
//! imported, so matching time does not grow with the lists.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::normalize::{fold, is_han, padded, party_key};
use crate::watchlist::{Alias, Entry, Watchlist};

/// What a name pattern is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PatKind {
    /// The entry's legal name.
    LegalName,
    /// One of the entry's aliases.
    Alias,
    /// A related party's name or alias (subsidiary, brand...): index in `Entry::relations`.
    Relation(usize),
    /// A product name of the entry.
    Product,
}

/// One name of one entry, as compiled.
#[derive(Debug, Clone)]
pub(crate) struct NamePat {
    /// Index of the entry in the watchlist.
    pub entity: usize,
    /// The name as written in the watchlist.
    pub text: String,
    /// What kind of name.
    pub kind: PatKind,
    /// Short aliases (ZTE, DJI) count only in party fields and identifiers.
    pub short: bool,
    /// More than one word once folded (Han names count as many words).
    pub multiword: bool,
}

/// Per-entry data the matchers need besides names.
#[derive(Debug, Clone, Default)]
pub(crate) struct EntityInfo {
    /// Padded folded look-alike names that are not the entry (UltraAV is not Kaspersky).
    pub decoys: Vec<String>,
    /// Imported official-list entry: exact party keys only.
    pub imported: bool,
}

/// The compiled watchlist.
#[derive(Debug)]
pub(crate) struct Index {
    pub entities: Vec<EntityInfo>,
    ac: Option<AhoCorasick>,
    patterns: Vec<Vec<NamePat>>,
    keys: HashMap<String, Vec<NamePat>>,
    pub cpe_vendors: HashMap<String, Vec<usize>>,
    pub purl_namespaces: HashMap<String, Vec<usize>>,
    /// `pkg:type/namespace` (or `pkg:type`) -> (name prefix, entity).
    pub purl_prefixes: HashMap<String, Vec<(String, usize)>>,
    pub java_packages: HashMap<String, Vec<usize>>,
    pub domains: HashMap<String, Vec<usize>>,
    pub hashes: HashMap<String, Vec<usize>>,
    /// Lowercase file names.
    /// Lower-cased file name -> (the name as the watchlist writes it, entity): Windows names
    /// match in any case, others exactly.
    pub file_names: HashMap<String, Vec<(String, usize)>>,
    /// Lowercase file-name prefixes, with their entity.
    /// (lower-cased prefix, prefix as written, entity).
    pub file_name_prefixes: Vec<(String, String, usize)>,
    pub github_orgs: HashMap<String, Vec<usize>>,
}

/// Import ids are deterministic and documented in FORMAT.md: `csl-...`, `ofac-sdn-...`.
fn is_imported(e: &Entry) -> bool {
    e.id.starts_with("csl-") || e.id.starts_with("ofac-sdn-")
}

fn push<K: std::hash::Hash + Eq, V: PartialEq>(map: &mut HashMap<K, Vec<V>>, k: K, v: V) {
    let list = map.entry(k).or_default();
    if !list.contains(&v) {
        list.push(v);
    }
}

impl Index {
    pub(crate) fn build(watchlist: &Watchlist) -> Index {
        let mut idx = Index {
            entities: Vec::with_capacity(watchlist.entries.len()),
            ac: None,
            patterns: Vec::new(),
            keys: HashMap::new(),
            cpe_vendors: HashMap::new(),
            purl_namespaces: HashMap::new(),
            purl_prefixes: HashMap::new(),
            java_packages: HashMap::new(),
            domains: HashMap::new(),
            hashes: HashMap::new(),
            file_names: HashMap::new(),
            file_name_prefixes: Vec::new(),
            github_orgs: HashMap::new(),
        };
        let mut by_pattern: HashMap<String, usize> = HashMap::new();
        let mut texts: Vec<String> = Vec::new();
        for (ei, e) in watchlist.entries.iter().enumerate() {
            let imported = is_imported(e);
            idx.entities.push(EntityInfo {
                decoys: e
                    .not_to_be_confused_with
                    .iter()
                    .map(|d| padded(&d.name))
                    .filter(|d| d.trim().len() > 1)
                    .collect(),
                imported,
            });
            let mut names: Vec<(String, PatKind, bool)> = vec![(
                e.name.clone(),
                PatKind::LegalName,
                Alias::looks_short(&e.name),
            )];
            names.extend(
                e.aliases
                    .iter()
                    .map(|a| (a.text.clone(), PatKind::Alias, a.short)),
            );
            for (ri, r) in e.relations.iter().enumerate() {
                names.push((r.name.clone(), PatKind::Relation(ri), false));
                names.extend(
                    r.aliases
                        .iter()
                        .map(|a| (a.text.clone(), PatKind::Relation(ri), a.short)),
                );
            }
            names.extend(
                e.identifiers
                    .products
                    .iter()
                    .map(|p| (p.clone(), PatKind::Product, false)),
            );
            for (text, kind, short) in names {
                let key = party_key(&text);
                if key.is_empty() {
                    continue;
                }
                let multiword =
                    key.split(' ').count() > 1 || key.chars().filter(|c| is_han(*c)).count() > 1;
                let pat = NamePat {
                    entity: ei,
                    text: text.clone(),
                    kind,
                    short,
                    multiword,
                };
                // Exact keys for every name: imported lists match only this way, and CPE
                // vendors fall back to it (`dji` names DJI).
                if kind != PatKind::Product {
                    idx.keys.entry(key.clone()).or_default().push(pat.clone());
                }
                if imported {
                    continue;
                }
                // Whole-word containment: ` kaspersky lab ` inside ` ao kaspersky lab `.
                // Chinese has no spaces between words: Han names match as substrings.
                let folded = fold(&text);
                let folded = folded.split_whitespace().collect::<Vec<_>>().join(" ");
                if folded.is_empty() {
                    continue;
                }
                let pattern = if folded.chars().any(is_han) {
                    folded
                } else {
                    format!(" {folded} ")
                };
                let slot = *by_pattern.entry(pattern.clone()).or_insert_with(|| {
                    texts.push(pattern);
                    idx.patterns.push(Vec::new());
                    idx.patterns.len() - 1
                });
                idx.patterns[slot].push(pat);
            }
            let ids = &e.identifiers;
            for v in &ids.cpe_vendors {
                push(&mut idx.cpe_vendors, v.to_ascii_lowercase(), ei);
            }
            for p in &ids.purl_namespaces {
                push(&mut idx.purl_namespaces, p.clone(), ei);
            }
            for p in &ids.purl_name_prefixes {
                if let Some((head, name)) = p.rsplit_once('/') {
                    let head = head.to_string();
                    push(&mut idx.purl_prefixes, head, (name.to_string(), ei));
                }
            }
            for j in &ids.java_packages {
                push(&mut idx.java_packages, j.clone(), ei);
            }
            for d in &ids.domains {
                push(&mut idx.domains, d.to_ascii_lowercase(), ei);
            }
            for h in &ids.hashes {
                push(&mut idx.hashes, h.to_ascii_lowercase(), ei);
            }
            for f in &ids.file_names {
                push(&mut idx.file_names, f.to_lowercase(), (f.clone(), ei));
            }
            for f in &ids.file_name_prefixes {
                idx.file_name_prefixes
                    .push((f.to_lowercase(), f.clone(), ei));
            }
            for g in &ids.github_orgs {
                push(&mut idx.github_orgs, g.to_ascii_lowercase(), ei);
            }
        }
        if !texts.is_empty() {
            // Overlapping search needs the standard match semantics. Building cannot fail for
            // a few thousand short patterns; if it ever did, name matching is simply off and
            // the identifier matchers still run.
            idx.ac = AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&texts)
                .ok();
        }
        idx
    }

    /// Every compiled name found as whole words in a padded folded text, with the byte span
    /// of the match.
    pub(crate) fn names_in<'a>(&'a self, padded: &str, out: &mut Vec<(usize, usize, &'a NamePat)>) {
        out.clear();
        let Some(ac) = &self.ac else { return };
        for m in ac.find_overlapping_iter(padded) {
            out.extend(
                self.patterns[m.pattern().as_usize()]
                    .iter()
                    .map(|p| (m.start(), m.end(), p)),
            );
        }
    }

    /// Names whose party key equals `key` exactly.
    pub(crate) fn by_key(&self, key: &str) -> &[NamePat] {
        self.keys.get(key).map_or(&[], Vec::as_slice)
    }

    /// Entities owning `host` or one of its parent domains (`ksn.kaspersky-labs.com` ->
    /// `kaspersky-labs.com`); never by substring.
    pub(crate) fn domain(&self, host: &str) -> Option<(&str, &[usize])> {
        let mut rest = host;
        loop {
            if let Some((k, v)) = self.domains.get_key_value(rest) {
                return Some((k.as_str(), v.as_slice()));
            }
            rest = rest.split_once('.')?.1;
            if !rest.contains('.') {
                return None;
            }
        }
    }

    /// Number of name patterns in the automaton (for the benchmark's record).
    pub(crate) fn pattern_count(&self) -> usize {
        self.patterns.len()
    }
}
