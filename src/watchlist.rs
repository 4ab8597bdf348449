//! The watchlist: who is screened for, on which legal basis, since when.
//!
//! A watchlist file (TOML, documented in `src/watchlist/FORMAT.md` and `schemas/watchlist.schema.json`)
//! is read into [`raw`] serde structs, then [`Watchlist::parse`] validates it, collecting every problem as a
//! [`Diagnostic`]. The built-in dataset ships inside the binary ([`builtin`]); user files and imported
//! official lists ([`import_csl`], [`import_ofac`]) are merged on top ([`Watchlist::merge`]).

pub mod country;
mod csv;
pub mod import_csl;
pub mod import_ofac;
mod raw;
mod write;

use std::fmt;
use std::sync::LazyLock;

use jiff::civil::Date;
use serde::Serialize;

pub use crate::diag::Diagnostic;
pub use write::{to_json, to_toml};

/// The built-in dataset, compiled into the binary.
const BUILTIN_TOML: &str = include_str!("watchlist/builtin.toml");

/// The name under which the built-in dataset appears in messages.
pub const BUILTIN_SOURCE: &str = "<built-in watchlist>";

static BUILTIN: LazyLock<Watchlist> = LazyLock::new(|| {
    // The built-in file is not user input: a test parses it, so a bad edit fails CI, not a user's run.
    Watchlist::parse(BUILTIN_TOML, BUILTIN_SOURCE)
        .expect("the built-in watchlist validates (see tests)")
});

/// The built-in watchlist, parsed and validated on first use.
pub fn builtin() -> &'static Watchlist {
    &BUILTIN
}

/// The watchlist a run screens against: the built-in data (unless left out) merged with the
/// user's files; with neither, an empty watchlist (which flags nothing).
pub fn load_sources(
    files: &[std::path::PathBuf],
    builtin: bool,
) -> Result<Watchlist, WatchlistError> {
    let mut parts = Vec::new();
    if builtin {
        parts.push(self::builtin().clone());
    }
    for f in files {
        parts.push(Watchlist::read(f)?);
    }
    if parts.is_empty() {
        return Ok(Watchlist {
            dataset: Dataset {
                name: "empty".into(),
                version: "0".into(),
                date: None,
                sources: vec![],
            },
            foreign_adversaries: vec![],
            entries: vec![],
        });
    }
    Watchlist::merge(parts)
}

/// The TOML text of the built-in watchlist, as shipped.
pub fn builtin_toml() -> &'static str {
    BUILTIN_TOML
}

/// A validated watchlist: a dataset header, the foreign adversaries, and the screened entries.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Watchlist {
    /// Name, version and date of the data, so a report can be reproduced.
    pub dataset: Dataset,
    /// Foreign adversaries (15 CFR 791.4) by jurisdiction.
    #[serde(rename = "foreign-adversary", skip_serializing_if = "Vec::is_empty")]
    pub foreign_adversaries: Vec<ForeignAdversary>,
    /// The screened parties, sorted by id.
    #[serde(rename = "entry", skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<Entry>,
}

/// Which data this is: reports name it so an audit can be reproduced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Dataset {
    /// Human name of the dataset.
    pub name: String,
    /// Version string, e.g. `2026.11.23`.
    pub version: String,
    /// The date the data was compiled or published, when known.
    #[serde(
        serialize_with = "write::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub date: Option<Date>,
    /// Where the data comes from (documents, URLs, file names).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// A country or regime named as a foreign adversary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ForeignAdversary {
    /// Short id, e.g. `china`.
    pub id: String,
    /// The name as the regulation lists it.
    pub name: String,
    /// ISO 3166-1 alpha-2 codes the designation confirmedly covers.
    pub jurisdictions: Vec<String>,
    /// Codes listed by a secondary source only; never to be reported as a legal fact.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unconfirmed_jurisdictions: Vec<String>,
    /// `None` for a whole country; a narrower scope otherwise (e.g. the Maduro regime, not Venezuela).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Date from which it is a foreign adversary.
    #[serde(
        serialize_with = "write::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub since: Option<Date>,
    /// Where that is written.
    pub citation: String,
    /// Remarks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Statements a source makes that could not be confirmed; the engine never uses them as fact.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unconfirmed: Vec<String>,
}

/// A screened party: a company with its names, relations, identifiers and legal designations.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Entry {
    /// Short lowercase id, unique across all merged watchlists (`kaspersky`, `ofac-sdn-306`).
    pub id: String,
    /// Legal name.
    pub name: String,
    /// What kind of party this is.
    pub kind: EntryKind,
    /// Other names, in every script.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Alias>,
    /// ISO 3166-1 alpha-2 code of the country of incorporation, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    /// Other countries the listing names (addresses, nationality), ISO 3166-1 alpha-2.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    /// A cited source saying the company is owned, controlled or directed by a foreign
    /// adversary; without one, incorporation in an adversary jurisdiction is only a low signal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adversary_control: Option<String>,
    /// Parents, subsidiaries, affiliates, brands and former affiliates.
    #[serde(rename = "relation", skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    /// Identifiers that attribute a component to this vendor (not a legal determination by themselves).
    #[serde(skip_serializing_if = "Identifiers::is_empty")]
    pub identifiers: Identifiers,
    /// The lists and acts that name this party.
    #[serde(rename = "designation", skip_serializing_if = "Vec::is_empty")]
    pub designations: Vec<Designation>,
    /// Names that look related but are not this party (e.g. UltraAV is not Kaspersky).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_to_be_confused_with: Vec<Decoy>,
    /// Remarks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Statements a source makes that could not be confirmed; the engine never uses them as fact.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unconfirmed: Vec<String>,
    /// The file this entry was read from (not part of the file format).
    #[serde(skip)]
    pub source: String,
    /// The 1-based line of the entry's `id` in that file.
    #[serde(skip)]
    pub line: Option<usize>,
}

impl Entry {
    /// A new entry with only its id, legal name and kind; used by the importers.
    pub fn new(id: String, name: String, kind: EntryKind, source: &str) -> Entry {
        Entry {
            id,
            name,
            kind,
            aliases: Vec::new(),
            jurisdiction: None,
            countries: Vec::new(),
            adversary_control: None,
            relations: Vec::new(),
            identifiers: Identifiers::default(),
            designations: Vec::new(),
            not_to_be_confused_with: Vec::new(),
            notes: Vec::new(),
            unconfirmed: Vec::new(),
            source: source.to_string(),
            line: None,
        }
    }

    /// Adds an alias unless it is empty or already the name or an alias (script and shortness inferred).
    pub fn add_alias(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() || text == self.name || self.aliases.iter().any(|a| a.text == text) {
            return;
        }
        self.aliases.push(Alias {
            text: text.to_string(),
            script: Script::detect(text),
            short: Alias::looks_short(text),
        });
    }

    /// The designations in force on `as_of` (effective on or before it, not ended before or on it).
    pub fn designations_in_force(&self, as_of: Date) -> impl Iterator<Item = &Designation> {
        self.designations.iter().filter(move |d| d.in_force(as_of))
    }

    /// The relations that make another party part of this entry on `as_of`.
    ///
    /// A former affiliate after its end date is not the entry: Honor after 2020-11-17 is not Huawei.
    pub fn relations_in_effect(&self, as_of: Date) -> impl Iterator<Item = &Relation> {
        self.relations.iter().filter(move |r| r.in_effect(as_of))
    }
}

/// What kind of party an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    /// A business.
    Company,
    /// A government, ministry, army unit or state body.
    Government,
    /// Any other organisation (institute, university, association) or an entity of unstated kind.
    Organization,
    /// A natural person (SBOM authors are people too).
    Individual,
    /// The listing does not say whether this is a person or an organisation.
    Unknown,
}

impl EntryKind {
    /// Every kind, with the spelling used in files.
    pub const ALL: [(&'static str, EntryKind); 5] = [
        ("company", EntryKind::Company),
        ("government", EntryKind::Government),
        ("organization", EntryKind::Organization),
        ("individual", EntryKind::Individual),
        ("unknown", EntryKind::Unknown),
    ];
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = Self::ALL
            .iter()
            .find(|(_, k)| k == self)
            .map_or("?", |(n, _)| n);
        f.write_str(name)
    }
}

/// One more name for an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The name as written.
    pub text: String,
    /// The writing system; detected from the text when the file does not say.
    pub script: Script,
    /// Short aliases (ZTE, HYT, DJI) count only in party fields and identifiers, never in free text.
    pub short: bool,
}

/// A writing system of an alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Script {
    /// Latin letters.
    Latin,
    /// Cyrillic letters (Russian names).
    Cyrillic,
    /// Chinese characters (Han).
    Han,
    /// Anything else, or a mix.
    Other,
}

impl Script {
    /// Every script, with the spelling used in files.
    pub const ALL: [(&'static str, Script); 4] = [
        ("latin", Script::Latin),
        ("cyrillic", Script::Cyrillic),
        ("han", Script::Han),
        ("other", Script::Other),
    ];

    /// The script of a name: Han if it has any Chinese character, Cyrillic if any Cyrillic letter,
    /// Latin if every letter is Latin, Other otherwise.
    pub fn detect(text: &str) -> Script {
        let letters = || text.chars().filter(|c| c.is_alphabetic());
        let han = |c: char| matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}');
        if letters().any(han) {
            Script::Han
        } else if letters().any(|c| matches!(c, '\u{0400}'..='\u{052F}')) {
            Script::Cyrillic
        } else if letters().all(|c| {
            c.is_ascii_alphabetic()
                || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
        }) {
            Script::Latin
        } else {
            Script::Other
        }
    }
}

impl Alias {
    /// Whether an alias is short when the file does not say: one word of at most four characters.
    pub fn looks_short(text: &str) -> bool {
        !text.contains(char::is_whitespace) && text.chars().count() <= 4
    }
}

/// How another party relates to an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Relation {
    /// Parent, subsidiary, affiliate, brand, or former affiliate.
    pub kind: RelationKind,
    /// The other party's name.
    pub name: String,
    /// Its other names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Alias>,
    /// Its jurisdiction, ISO 3166-1 alpha-2, when it differs or matters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    /// First day the relation held, when known.
    #[serde(
        serialize_with = "write::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub since: Option<Date>,
    /// First day it no longer held (e.g. the closing date of a sale), when it ended.
    #[serde(
        serialize_with = "write::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub until: Option<Date>,
    /// Remarks (buyer, share held, allegations).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Relation {
    /// Whether the other party counts as part of the entry on `as_of`.
    pub fn in_effect(&self, as_of: Date) -> bool {
        self.since.is_none_or(|s| s <= as_of) && self.until.is_none_or(|u| as_of < u)
    }
}

/// The kind of a [`Relation`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RelationKind {
    /// Owns or controls the entry.
    Parent,
    /// Owned or controlled by the entry.
    Subsidiary,
    /// Under common control or partly owned.
    Affiliate,
    /// A brand or trade name of the entry.
    Brand,
    /// Was related and no longer is from `until`.
    FormerAffiliate,
}

impl RelationKind {
    /// Every kind, with the spelling used in files.
    pub const ALL: [(&'static str, RelationKind); 5] = [
        ("parent", RelationKind::Parent),
        ("subsidiary", RelationKind::Subsidiary),
        ("affiliate", RelationKind::Affiliate),
        ("brand", RelationKind::Brand),
        ("former-affiliate", RelationKind::FormerAffiliate),
    ];
}

/// Identifiers that attribute a component to an entry. All strings are stored normalised (see FORMAT.md).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Identifiers {
    /// CPE vendor field values, lowercase (`kaspersky`, `kaspersky_lab`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cpe_vendors: Vec<String>,
    /// `pkg:TYPE/NAMESPACE` prefixes; a purl matches when its type and whole namespace are equal.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub purl_namespaces: Vec<String>,
    /// `pkg:TYPE/[NAMESPACE/]NAME-PREFIX`; a purl matches when its name starts with the prefix.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub purl_name_prefixes: Vec<String>,
    /// Registrable domains, lowercase; subdomains match too.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<String>,
    /// Product names, including OEM SDK and engine names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub products: Vec<String>,
    /// File or binary names, matched case-insensitively (Windows names vary in case).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub file_names: Vec<String>,
    /// File-name prefixes of versioned artifacts (`KL_Mobile_SDK_Android_`), case-insensitive.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub file_name_prefixes: Vec<String>,
    /// `ALGORITHM:HEX` digests of known files, lowercase.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hashes: Vec<String>,
    /// GitHub organisations, as GitHub spells them (matched case-insensitively).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub github_orgs: Vec<String>,
    /// Java package prefixes seen in class names (`com.kavsdk`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub java_packages: Vec<String>,
}

impl Identifiers {
    /// Whether no identifier is given.
    pub fn is_empty(&self) -> bool {
        self.cpe_vendors.is_empty()
            && self.purl_namespaces.is_empty()
            && self.purl_name_prefixes.is_empty()
            && self.domains.is_empty()
            && self.products.is_empty()
            && self.file_names.is_empty()
            && self.file_name_prefixes.is_empty()
            && self.hashes.is_empty()
            && self.github_orgs.is_empty()
            && self.java_packages.is_empty()
    }
}

/// One list or act that names an entry, with its dates, scope, exclusions and citation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Designation {
    /// Which list or act.
    pub list: DesignationList,
    /// The names under which the list names the party, when they differ from the entry's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<String>,
    /// The statute or order the list rests on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// The day it was announced, when that differs from `since`.
    #[serde(
        serialize_with = "write::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub announced: Option<Date>,
    /// First day in force. The validator requires it unless `since_unknown` says why no source
    /// gives the day; with both, `since` is the earliest day the sources allow.
    #[serde(
        serialize_with = "write::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub since: Option<Date>,
    /// Why the start day is not known; reports show it next to the designation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since_unknown: Option<String>,
    /// First day no longer in force (removal from the list), if removed.
    #[serde(
        serialize_with = "write::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub until: Option<Date>,
    /// Later dates from which further prohibitions apply (Kaspersky: new transactions, then updates).
    #[serde(rename = "milestone", skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    /// The scope text as published or quoted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// For a conditional designation, the use that brings a product into scope ("public safety,
    /// security of government facilities, ..."); `None` when every use is covered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conditional_use: Option<String>,
    /// Classes of products covered (`cybersecurity`, `anti-virus`, `integration`, `telecommunications-equipment`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub product_categories: Vec<String>,
    /// Programs or sanctions regimes (OFAC program tags, E.O. numbers).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub programs: Vec<String>,
    /// What the designation itself excludes from its scope.
    #[serde(rename = "exclusion", skip_serializing_if = "Vec::is_empty")]
    pub exclusions: Vec<Exclusion>,
    /// Vendor-attributed items that are probably outside the scope and need a human review (not a legal exclusion).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scope_review: Vec<Exclusion>,
    /// Where it is written: FR citation and document number, CFR section, public notice.
    pub citation: String,
    /// A public copy of the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Remarks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Statements a source makes that could not be confirmed; the engine never uses them as fact.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unconfirmed: Vec<String>,
}

impl Designation {
    /// A designation with only its list and citation; used by the importers.
    pub fn new(list: DesignationList, citation: String) -> Designation {
        Designation {
            list,
            parties: Vec::new(),
            basis: None,
            announced: None,
            since: None,
            since_unknown: None,
            until: None,
            milestones: Vec::new(),
            scope: None,
            conditional_use: None,
            product_categories: Vec::new(),
            programs: Vec::new(),
            exclusions: Vec::new(),
            scope_review: Vec::new(),
            citation,
            url: None,
            notes: Vec::new(),
            unconfirmed: Vec::new(),
        }
    }

    /// Whether the designation is in force on `as_of`: on or after `since` (a start given as
    /// unknown counts as started), before `until`.
    pub fn in_force(&self, as_of: Date) -> bool {
        self.since.is_none_or(|s| s <= as_of) && self.until.is_none_or(|u| as_of < u)
    }

    /// The milestones whose date is on or before `as_of`: a milestone's date is the first day
    /// it applies.
    pub fn milestones_reached(&self, as_of: Date) -> impl Iterator<Item = &Milestone> {
        self.milestones.iter().filter(move |m| m.date <= as_of)
    }

    /// The latest milestone reached on `as_of`: the one a finding cites.
    pub fn milestone_in_force(&self, as_of: Date) -> Option<&Milestone> {
        self.milestones_reached(as_of).max_by_key(|m| m.date)
    }

    /// The milestone with this name, if any.
    pub fn milestone(&self, name: &str) -> Option<&Milestone> {
        self.milestones.iter().find(|m| m.name == name)
    }
}

/// A dated step of a designation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Milestone {
    /// Stable kebab-case name (`new-transactions`, `updates-and-integration`, `part-b`).
    pub name: String,
    /// First day it applies.
    #[serde(serialize_with = "write::date")]
    pub date: Date,
    /// What becomes prohibited from that day.
    pub text: String,
}

impl Exclusion {
    /// Whether it applies on `as_of` (from `since`, before `until`).
    pub fn applies_on(&self, as_of: Date) -> bool {
        self.since.is_none_or(|s| s <= as_of) && self.until.is_none_or(|u| as_of < u)
    }

    /// Whether it names products or purls, so that it can be matched to a component's identity;
    /// otherwise it is an exemption people must check themselves.
    pub fn has_identity(&self) -> bool {
        !self.products.is_empty() || !self.purls.is_empty()
    }
}

/// Something a designation leaves out of its scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Exclusion {
    /// Short name (`Kaspersky Threat Intelligence`).
    pub name: String,
    /// The text as published or quoted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Product names it covers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub products: Vec<String>,
    /// Purl namespace or name prefixes it covers (same normal form as [`Identifiers::purl_namespaces`]);
    /// a `*` in the name part matches any run of characters (`pkg:github/kasperskylab/*-kos`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub purls: Vec<String>,
    /// True when it excludes the entity's code integrated into other companies' products (BOD
    /// 17-01): it applies to integration findings, never to the entity's own products.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub integration: bool,
    /// First day it applies, for exemptions announced after the designation.
    #[serde(
        serialize_with = "write::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub since: Option<Date>,
    /// Last day plus one it applies, for time-limited exemptions.
    #[serde(
        serialize_with = "write::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub until: Option<Date>,
}

/// A name that must not be taken for the entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Decoy {
    /// The look-alike name.
    pub name: String,
    /// Why it is not the entry.
    pub note: String,
}

/// Which list or act a designation comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DesignationList {
    /// An ICTS Final Determination under E.O. 13873 / 15 CFR part 791 (Kaspersky, 2024).
    IctsFinalDetermination,
    /// The FCC Covered List (47 CFR 1.50002).
    FccCoveredList,
    /// NDAA FY2019 § 889 / FAR 52.204-25.
    Ndaa889,
    /// NDAA FY2018 § 1634 / FAR 52.204-23 (Kaspersky Lab covered entities).
    Ndaa1634,
    /// DHS Binding Operational Directive 17-01 (Kaspersky-branded products on federal systems).
    DhsBod1701,
    /// BIS Entity List (15 CFR part 744, Supplement No. 4).
    EntityList,
    /// OFAC Specially Designated Nationals and Blocked Persons List.
    OfacSdn,
    /// DoD list of Chinese military companies (NDAA FY2021 § 1260H).
    Dod1260h,
    /// DHS UFLPA Entity List.
    Uflpa,
    /// Any other list, by name (imports: the CSL source name).
    Imported(String),
}

impl DesignationList {
    /// The named lists, with the spelling used in files. `imported:NAME` is the open-ended rest.
    pub const NAMED: [(&'static str, DesignationList); 9] = [
        (
            "icts-final-determination",
            DesignationList::IctsFinalDetermination,
        ),
        ("fcc-covered-list", DesignationList::FccCoveredList),
        ("ndaa-889", DesignationList::Ndaa889),
        ("ndaa-1634", DesignationList::Ndaa1634),
        ("dhs-bod-17-01", DesignationList::DhsBod1701),
        ("bis-entity-list", DesignationList::EntityList),
        ("ofac-sdn", DesignationList::OfacSdn),
        ("dod-1260h", DesignationList::Dod1260h),
        ("uflpa", DesignationList::Uflpa),
    ];

    /// Parses the file spelling; `None` for an unknown list.
    pub fn parse(s: &str) -> Option<DesignationList> {
        if let Some(name) = s.strip_prefix("imported:") {
            let name = name.trim();
            return (!name.is_empty()).then(|| DesignationList::Imported(name.to_string()));
        }
        Self::NAMED
            .iter()
            .find(|(n, _)| *n == s)
            .map(|(_, l)| l.clone())
    }

    /// A short title for people.
    pub fn title(&self) -> &str {
        match self {
            DesignationList::IctsFinalDetermination => "ICTS Final Determination",
            DesignationList::FccCoveredList => "FCC Covered List",
            DesignationList::Ndaa889 => "NDAA FY2019 sec. 889",
            DesignationList::Ndaa1634 => "NDAA FY2018 sec. 1634",
            DesignationList::DhsBod1701 => "DHS BOD 17-01",
            DesignationList::EntityList => "BIS Entity List",
            DesignationList::OfacSdn => "OFAC SDN",
            DesignationList::Dod1260h => "DoD 1260H",
            DesignationList::Uflpa => "UFLPA Entity List",
            DesignationList::Imported(name) => name,
        }
    }
}

impl fmt::Display for DesignationList {
    /// The file spelling.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let DesignationList::Imported(name) = self {
            return write!(f, "imported:{name}");
        }
        let name = Self::NAMED
            .iter()
            .find(|(_, l)| l == self)
            .map_or("?", |(n, _)| n);
        f.write_str(name)
    }
}

impl Serialize for DesignationList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The result of importing an official list: the watchlist plus what was left out and why.
#[derive(Debug, Clone)]
pub struct Import {
    /// The imported entries, sorted by id, in our format.
    pub watchlist: Watchlist,
    /// Rows not imported, counted by reason (`vessel`, `aircraft`).
    pub skipped: std::collections::BTreeMap<String, usize>,
    /// Things the importer worked around (unknown country names, rows that join nothing), with lines.
    pub warnings: Vec<String>,
}

impl Import {
    /// Sorts entries, makes ids unique within the import (deterministically, in input order), and wraps up.
    pub(crate) fn finish(
        dataset: Dataset,
        mut entries: Vec<Entry>,
        skipped: std::collections::BTreeMap<String, usize>,
        mut warnings: Vec<String>,
    ) -> Import {
        let mut seen = std::collections::BTreeMap::<String, usize>::new();
        for e in &mut entries {
            let n = seen.entry(e.id.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                warnings.push(format!(
                    "{}: id `{}` occurs {} times; renamed to `{}-{}`",
                    e.source, e.id, n, e.id, n
                ));
                e.id = format!("{}-{}", e.id, n);
            }
        }
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        Import {
            watchlist: Watchlist {
                dataset,
                foreign_adversaries: Vec::new(),
                entries,
            },
            skipped,
            warnings,
        }
    }
}

/// Why a watchlist could not be read, imported or merged.
#[derive(Debug, thiserror::Error)]
pub enum WatchlistError {
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The file.
        file: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not well-formed (TOML, CSV, JSON or XML syntax, or a field of the wrong shape).
    #[error("{file}:{line}: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What was expected.
        message: String,
    },
    /// The file is well-formed but breaks the rules of the format; every problem is listed.
    #[error("{file}: {} problem(s):\n{}", .diagnostics.len(), list(.diagnostics))]
    Invalid {
        /// The file.
        file: String,
        /// Every problem found.
        diagnostics: Vec<Diagnostic>,
    },
    /// An import found no entry at all: the file is not the list it was said to be, or is empty.
    /// A watchlist with no entries would pass every SBOM, so this is an error, not a result.
    #[error(
        "{file}: no entry imported ({skipped}); is this the {list} file? An empty watchlist would pass every SBOM"
    )]
    EmptyImport {
        /// The file.
        file: String,
        /// Which list it was read as.
        list: &'static str,
        /// What was passed over, if anything (`3 vessels`), or `the file holds no records`.
        skipped: String,
    },
    /// Two merged watchlists define the same entry id.
    #[error("entry id `{id}` is defined twice: {first} and {second}")]
    DuplicateId {
        /// The id.
        id: String,
        /// Where it was defined first (file:line).
        first: String,
        /// Where it was defined again.
        second: String,
    },
}

fn list(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| format!("  {d}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Watchlist {
    /// Parses and validates a watchlist file; `source` names it in messages.
    pub fn parse(text: &str, source: &str) -> Result<Watchlist, WatchlistError> {
        raw::parse(text, source)
    }

    /// Reads, parses and validates a watchlist file.
    pub fn read(path: &std::path::Path) -> Result<Watchlist, WatchlistError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| WatchlistError::Io {
            file: file.clone(),
            source,
        })?;
        Watchlist::parse(&text, &file)
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries
            .binary_search_by(|e| e.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.entries[i])
    }

    /// The foreign adversary that covers this ISO 3166-1 alpha-2 code on `as_of` (confirmed codes only).
    pub fn foreign_adversary(&self, country: &str, as_of: Date) -> Option<&ForeignAdversary> {
        self.foreign_adversaries.iter().find(|fa| {
            fa.since.is_none_or(|s| s <= as_of)
                && fa
                    .jurisdictions
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(country))
        })
    }

    /// Merges several watchlists (the built-in one first, then user files and imports).
    ///
    /// An id defined twice is an error naming both files: silently preferring one would hide
    /// which designation a finding rests on.
    pub fn merge(parts: Vec<Watchlist>) -> Result<Watchlist, WatchlistError> {
        let mut datasets = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        let mut adversaries: Vec<ForeignAdversary> = Vec::new();
        for part in parts {
            datasets.push(part.dataset);
            entries.extend(part.entries);
            for fa in part.foreign_adversaries {
                if !adversaries.iter().any(|a| a.id == fa.id) {
                    adversaries.push(fa);
                }
            }
        }
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        for pair in entries.windows(2) {
            if pair[0].id == pair[1].id {
                let at = |e: &Entry| match e.line {
                    Some(l) => format!("{}:{l}", e.source),
                    None => e.source.clone(),
                };
                return Err(WatchlistError::DuplicateId {
                    id: pair[0].id.clone(),
                    first: at(&pair[0]),
                    second: at(&pair[1]),
                });
            }
        }
        let dataset = match datasets.len() {
            1 => datasets.remove(0),
            _ => Dataset {
                name: datasets
                    .iter()
                    .map(|d| d.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" + "),
                version: datasets
                    .iter()
                    .map(|d| d.version.as_str())
                    .collect::<Vec<_>>()
                    .join(" + "),
                date: datasets.iter().filter_map(|d| d.date).max(),
                sources: datasets.into_iter().flat_map(|d| d.sources).collect(),
            },
        };
        Ok(Watchlist {
            dataset,
            foreign_adversaries: adversaries,
            entries,
        })
    }
}

/// A deterministic 64-bit FNV-1a hash, used to derive stable ids and dataset versions of imports.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn scripts_are_detected() {
        assert_eq!(Script::detect("Kaspersky Lab"), Script::Latin);
        assert_eq!(Script::detect("Лаборатория Касперского"), Script::Cyrillic);
        assert_eq!(Script::detect("华为技术有限公司"), Script::Han);
        assert_eq!(Script::detect("Hangzhou Hikvision (海康威视)"), Script::Han);
        assert_eq!(Script::detect("Société Générale"), Script::Latin);
        assert_eq!(Script::detect("شركة"), Script::Other);
    }

    #[test]
    fn short_aliases_are_single_short_words() {
        assert!(Alias::looks_short("ZTE"));
        assert!(Alias::looks_short("CATL"));
        assert!(!Alias::looks_short("Huawei"));
        assert!(!Alias::looks_short("Z T"));
    }

    #[test]
    fn designation_lists_round_trip() {
        for (name, list) in DesignationList::NAMED {
            assert_eq!(DesignationList::parse(name), Some(list.clone()));
            assert_eq!(list.to_string(), name);
        }
        let imported = DesignationList::parse("imported:Unverified List (UVL)").unwrap();
        assert_eq!(imported.to_string(), "imported:Unverified List (UVL)");
        assert_eq!(DesignationList::parse("imported:"), None);
        assert_eq!(DesignationList::parse("covered-list"), None);
    }

    #[test]
    fn in_force_is_half_open() {
        let r = Relation {
            kind: RelationKind::FormerAffiliate,
            name: "Honor".into(),
            aliases: vec![],
            jurisdiction: None,
            since: None,
            until: Some(d("2020-11-17")),
            notes: vec![],
        };
        assert!(r.in_effect(d("2020-11-16")));
        assert!(!r.in_effect(d("2020-11-17")));
    }
}

#[cfg(test)]
mod builtin_tests {
    #[test]
    fn builtin_parses() {
        if let Err(e) = super::Watchlist::parse(super::BUILTIN_TOML, super::BUILTIN_SOURCE) {
            panic!("{e}");
        }
    }

    #[test]
    fn export_reads_back_identically() {
        let w = super::builtin();
        let text = super::to_toml(w).unwrap();
        let back =
            super::Watchlist::parse(&text, "export").unwrap_or_else(|e| panic!("{e}\n{text}"));
        let strip = |w: &super::Watchlist| {
            let mut w = w.clone();
            w.entries.iter_mut().for_each(|e| {
                e.source.clear();
                e.line = None;
            });
            w
        };
        assert_eq!(strip(&back), strip(w));
    }
}
