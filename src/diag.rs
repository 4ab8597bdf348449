//! Problems in the user's own files (the policy file and its waivers, watchlist files and
//! imported lists), as opposed to findings in an SBOM. Each [`Diagnostic`] carries a stable
//! kebab-case [`Code`], the file, the line and column, and a message naming what was expected.
//! `policy` and `watchlist` produce them; `report` and the CLI render them. Together with the
//! finding codes and the SBOM warning codes ([`crate::model::WarningCode`]) they form one
//! vocabulary, each code unique across the three (tested below) and listed in the README.

mod lines;

use std::fmt;

use serde::Serialize;

pub use lines::LineIndex;

/// Stable kebab-case diagnostic codes (README table; never renamed once released).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// The policy file is not valid TOML, or a key or value is not what bomscreen expects.
    InvalidPolicy,
    /// The policy file could not be read.
    UnreadablePolicy,
    /// A waiver's `until` date has passed as of the screening date: it no longer applies.
    ExpiredWaiver,
    /// A waiver matched no finding: it is stale or its selector is wrong.
    UnusedWaiver,
    /// A waiver's `versions` is not a semver requirement: the waiver matches nothing.
    BadVersionRequirement,
    /// The newest watchlist is older, on the as-of date, than the policy allows.
    StaleWatchlist,
    /// A watchlist date is not `YYYY-MM-DD`.
    BadDate,
    /// A watchlist date range ends before it starts.
    BadDateRange,
    /// A watchlist entry or foreign-adversary id is not a valid id.
    BadId,
    /// A watchlist identifier (purl prefix, CPE vendor, domain, hash) is malformed.
    BadIdentifier,
    /// A record of an imported list cannot be understood.
    BadRecord,
    /// Two watchlist entries in one file share an id.
    DuplicateEntryId,
    /// A watchlist name or value is empty.
    EmptyValue,
    /// A watchlist alias is empty.
    EmptyAlias,
    /// A designation has no citation.
    MissingCitation,
    /// A watchlist date that the kind of record requires is missing.
    MissingDate,
    /// A designation names a list bomscreen does not know.
    UnknownDesignationList,
    /// A jurisdiction is not an ISO 3166 country code.
    UnknownJurisdiction,
    /// A watchlist entry kind is not one bomscreen knows.
    UnknownKind,
    /// A watchlist relation kind is not one bomscreen knows.
    UnknownRelationKind,
    /// An alias script is not one bomscreen knows.
    UnknownScript,
}

impl Code {
    /// Every diagnostic code, in documentation order.
    pub const ALL: [Code; 21] = [
        Code::InvalidPolicy,
        Code::UnreadablePolicy,
        Code::ExpiredWaiver,
        Code::UnusedWaiver,
        Code::BadVersionRequirement,
        Code::StaleWatchlist,
        Code::BadDate,
        Code::BadDateRange,
        Code::BadId,
        Code::BadIdentifier,
        Code::BadRecord,
        Code::DuplicateEntryId,
        Code::EmptyValue,
        Code::EmptyAlias,
        Code::MissingCitation,
        Code::MissingDate,
        Code::UnknownDesignationList,
        Code::UnknownJurisdiction,
        Code::UnknownKind,
        Code::UnknownRelationKind,
        Code::UnknownScript,
    ];

    /// The kebab-case code.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidPolicy => "invalid-policy",
            Code::UnreadablePolicy => "unreadable-policy",
            Code::ExpiredWaiver => "expired-waiver",
            Code::UnusedWaiver => "unused-waiver",
            Code::BadVersionRequirement => "bad-version-requirement",
            Code::StaleWatchlist => "stale-watchlist",
            Code::BadDate => "bad-date",
            Code::BadDateRange => "bad-date-range",
            Code::BadId => "bad-id",
            Code::BadIdentifier => "bad-identifier",
            Code::BadRecord => "bad-record",
            Code::DuplicateEntryId => "duplicate-entry-id",
            Code::EmptyValue => "empty-value",
            Code::EmptyAlias => "empty-alias",
            Code::MissingCitation => "missing-citation",
            Code::MissingDate => "missing-date",
            Code::UnknownDesignationList => "unknown-designation-list",
            Code::UnknownJurisdiction => "unknown-jurisdiction",
            Code::UnknownKind => "unknown-kind",
            Code::UnknownRelationKind => "unknown-relation-kind",
            Code::UnknownScript => "unknown-script",
        }
    }

    /// One sentence saying what the code means (README table).
    pub fn description(self) -> &'static str {
        match self {
            Code::InvalidPolicy => {
                "The policy file is not valid TOML or holds a key or value bomscreen does not accept"
            }
            Code::UnreadablePolicy => "The policy file could not be read",
            Code::ExpiredWaiver => {
                "A waiver's expiry date has passed as of the screening date; it no longer applies"
            }
            Code::UnusedWaiver => {
                "A waiver matched no finding; it is stale or its selector is wrong"
            }
            Code::BadVersionRequirement => {
                "A waiver's `versions` is not a semver requirement; the waiver matches no finding"
            }
            Code::StaleWatchlist => {
                "The newest watchlist is older on the as-of date than `[watchlist] max-age-days` allows (180 by default); designations made since are missing"
            }
            Code::BadDate => "A watchlist date is not a calendar date written YYYY-MM-DD",
            Code::BadDateRange => "A watchlist date range ends before it starts",
            Code::BadId => "A watchlist entry or foreign-adversary id is not a valid id",
            Code::BadIdentifier => {
                "A watchlist identifier (purl prefix, CPE vendor, domain, hash) is malformed"
            }
            Code::BadRecord => "A record of an imported list (CSL, OFAC SDN) cannot be understood",
            Code::DuplicateEntryId => "Two watchlist entries share an id",
            Code::EmptyValue => "A watchlist name or value is empty",
            Code::EmptyAlias => "A watchlist alias is empty",
            Code::MissingCitation => {
                "A designation has no citation; every designation must cite its source"
            }
            Code::MissingDate => {
                "A date the watchlist record requires (e.g. a former affiliate's end) is missing"
            }
            Code::UnknownDesignationList => {
                "A designation names a list or act bomscreen does not know"
            }
            Code::UnknownJurisdiction => "A jurisdiction is not an ISO 3166 country code",
            Code::UnknownKind => "A watchlist entry kind is not one bomscreen knows",
            Code::UnknownRelationKind => "A watchlist relation kind is not one bomscreen knows",
            Code::UnknownScript => "An alias script is not one bomscreen knows",
        }
    }

    /// How serious the code is: a bad policy or watchlist stops the run, stale waivers are
    /// warnings.
    pub fn level(self) -> Level {
        match self {
            Code::ExpiredWaiver
            | Code::UnusedWaiver
            | Code::BadVersionRequirement
            | Code::StaleWatchlist => Level::Warning,
            _ => Level::Error,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a diagnostic stops the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Reported; the run goes on.
    Warning,
    /// The file cannot be used; the run stops with exit code 2.
    Error,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Warning => "warning",
            Level::Error => "error",
        })
    }
}

/// One problem in a user file, pointing at the line that causes it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    /// Stable code.
    pub code: Code,
    /// Error or warning (follows from the code).
    pub level: Level,
    /// The file, as the user named it.
    pub file: String,
    /// 1-based line, where known.
    pub line: Option<u32>,
    /// 1-based column (in characters), where known.
    pub column: Option<u32>,
    /// What is wrong and what was expected, lower-case.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at a byte offset of `text` (the file's contents), turned into line and column.
    pub fn at(
        code: Code,
        file: &str,
        text: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = line_column(text, offset);
        Diagnostic {
            code,
            level: code.level(),
            file: file.to_string(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }

    /// A diagnostic about a whole file.
    pub fn file(code: Code, file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            level: code.level(),
            file: file.to_string(),
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    /// `bomscreen.toml:12:10: error: ... [invalid-policy]`, the shape compilers and editors read.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}: {} [{}]", self.level, self.message, self.code)
    }
}

/// 1-based line and character column of a byte offset (clamped to the text).
pub fn line_column(text: &str, offset: usize) -> (u32, u32) {
    LineIndex::new(text).position(text, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Finding, diagnostic (policy and watchlist) and SBOM warning codes share one namespace in
    /// SARIF, the reports and the README: no code may mean two things.
    #[test]
    fn codes_unique() {
        let sets: [(&str, Vec<&str>); 3] = [
            (
                "finding",
                crate::finding::Code::ALL
                    .iter()
                    .map(|c| c.as_str())
                    .collect(),
            ),
            ("diagnostic", Code::ALL.iter().map(|c| c.as_str()).collect()),
            (
                "warning",
                crate::model::WarningCode::ALL
                    .iter()
                    .map(|c| c.as_str())
                    .collect(),
            ),
        ];
        let mut seen: std::collections::BTreeMap<&str, &str> = Default::default();
        for (set, codes) in &sets {
            for code in codes {
                if let Some(other) = seen.insert(code, set) {
                    panic!("{code} is both a {other} and a {set} code");
                }
            }
        }
        let total: usize = sets.iter().map(|(_, c)| c.len()).sum();
        assert_eq!(seen.len(), total);
    }

    #[test]
    fn codes_serialize_as_as_str() {
        for c in Code::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
        }
    }

    #[test]
    fn line_column_counts_characters() {
        let text = "a = 1\nпривет = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        let eq = text.find('=').map(|_| text.rfind('=').unwrap()).unwrap();
        assert_eq!(line_column(text, eq), (2, 8));
        assert_eq!(line_column(text, 10_000), (3, 1));
    }

    #[test]
    fn display_reads_like_a_compiler_message() {
        let d = Diagnostic::at(
            Code::InvalidPolicy,
            "bomscreen.toml",
            "x\ny",
            2,
            "expected z",
        );
        assert_eq!(
            d.to_string(),
            "bomscreen.toml:2:1: error: expected z [invalid-policy]"
        );
    }
}
