//! Problems the readers (stage 1) and the graph builder (stage 2) worked around: the closed set of
//! their kinds ([`WarningCode`]) and the collector that keeps one [`Warning`] per kind, however
//! often it occurs: a 50,000-component SBOM with the same schema slip in every component gets one
//! line, with a count and the first place.

use std::collections::BTreeMap;
use std::fmt;

use super::{Location, Warning};

/// The kind of a reader or graph warning, written as a stable kebab-case code in every report.
///
/// Ordered by that code, so warnings sort as they did when codes were strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WarningCode {
    /// `audit`: reading a part of an artifact hit a limit (size, depth, entries).
    ArtifactLimit,
    /// `audit`: a container entry that looks hostile or malformed, read anyway (a name escaping
    /// the root).
    ArtifactAnomaly,
    /// `audit`: a part of an artifact could not be read (corrupt, truncated, unsupported).
    ArtifactUnreadable,
    /// A value of the wrong type (a number where a string belongs, one value where a list belongs).
    BadType,
    /// A reference to an id that no component of the document has (graph).
    DanglingRef,
    /// Two components with the same id.
    DuplicateId,
    /// A document with no elements at all.
    EmptyDocument,
    /// Bytes that are not valid UTF-8 (or UTF-16), replaced before parsing.
    InvalidUtf8,
    /// A field the standard requires is absent or empty.
    MissingField,
    /// Components or dependencies nested deeper than the reader follows.
    NestingTooDeep,
    /// A field from a newer spec version than the document declares.
    NewerField,
    /// A value over a mebibyte: read, but a sign of a crafted file.
    OversizedValue,
    /// A line-based document (tag-value, YAML) that ends in the middle of a line, as a cut file does.
    PossiblyTruncated,
    /// Text after the end of the JSON document.
    TrailingData,
    /// A field whose value is not one the standard defines.
    UnknownFieldValue,
    /// An SPDX 3 reference to an element the document does not contain.
    UnknownRef,
    /// A tag-value tag that SPDX 2 does not define.
    UnknownTag,
    /// A tag-value `<text>` block that is never closed, or only by another field's `</text>`.
    UnterminatedText,
}

impl WarningCode {
    /// Every code, in code order (for the README table and the codes-unique test).
    pub const ALL: &[WarningCode] = &[
        WarningCode::ArtifactAnomaly,
        WarningCode::ArtifactLimit,
        WarningCode::ArtifactUnreadable,
        WarningCode::BadType,
        WarningCode::DanglingRef,
        WarningCode::DuplicateId,
        WarningCode::EmptyDocument,
        WarningCode::InvalidUtf8,
        WarningCode::MissingField,
        WarningCode::NestingTooDeep,
        WarningCode::NewerField,
        WarningCode::OversizedValue,
        WarningCode::PossiblyTruncated,
        WarningCode::TrailingData,
        WarningCode::UnknownFieldValue,
        WarningCode::UnknownRef,
        WarningCode::UnknownTag,
        WarningCode::UnterminatedText,
    ];

    /// The code as reports write it (`missing-field`).
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::ArtifactAnomaly => "artifact-anomaly",
            WarningCode::ArtifactLimit => "artifact-limit",
            WarningCode::ArtifactUnreadable => "artifact-unreadable",
            WarningCode::BadType => "bad-type",
            WarningCode::DanglingRef => "dangling-ref",
            WarningCode::DuplicateId => "duplicate-id",
            WarningCode::EmptyDocument => "empty-document",
            WarningCode::InvalidUtf8 => "invalid-utf8",
            WarningCode::MissingField => "missing-field",
            WarningCode::NestingTooDeep => "nesting-too-deep",
            WarningCode::NewerField => "newer-field",
            WarningCode::OversizedValue => "oversized-value",
            WarningCode::PossiblyTruncated => "possibly-truncated",
            WarningCode::TrailingData => "trailing-data",
            WarningCode::UnknownFieldValue => "unknown-field-value",
            WarningCode::UnknownRef => "unknown-ref",
            WarningCode::UnknownTag => "unknown-tag",
            WarningCode::UnterminatedText => "unterminated-text",
        }
    }

    /// One line on what the code means, for documentation and `--help`-style listings.
    pub fn description(self) -> &'static str {
        match self {
            WarningCode::ArtifactAnomaly => {
                "audit: an entry of the artifact looks malformed or hostile (a name that escapes the root); it was read anyway"
            }
            WarningCode::ArtifactLimit => {
                "audit: a limit (bytes, nesting depth, entries, per-file size) stopped reading part of the artifact"
            }
            WarningCode::ArtifactUnreadable => {
                "audit: a part of the artifact could not be read (corrupt, truncated or unsupported)"
            }
            WarningCode::BadType => {
                "a value has the wrong type (a number where text belongs, one value where a list belongs)"
            }
            WarningCode::DanglingRef => {
                "a relation, pedigree or described entry names an id no component has"
            }
            WarningCode::DuplicateId => "more than one component uses the same id",
            WarningCode::EmptyDocument => "the document contains no elements",
            WarningCode::InvalidUtf8 => "the file is not valid UTF-8 or UTF-16",
            WarningCode::MissingField => "a field the standard requires is absent or empty",
            WarningCode::NestingTooDeep => {
                "components or dependencies are nested deeper than 64 levels"
            }
            WarningCode::NewerField => "a field of a newer spec version than the document declares",
            WarningCode::OversizedValue => "a component field is larger than 1 MiB",
            WarningCode::PossiblyTruncated => {
                "a tag-value or YAML document ends in the middle of a line, as a file cut short does"
            }
            WarningCode::TrailingData => "there is text after the end of the JSON document",
            WarningCode::UnknownFieldValue => {
                "a value, or the form of a value, the standard does not define"
            }
            WarningCode::UnknownRef => "an SPDX 3 element refers to an element the document lacks",
            WarningCode::UnknownTag => "a tag-value line has a tag SPDX 2 does not define",
            WarningCode::UnterminatedText => {
                "a tag-value <text> block is never closed, or runs over lines of SPDX tags"
            }
        }
    }
}

impl fmt::Display for WarningCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Written as its kebab-case code, so JSON reports are what they were when codes were strings.
impl serde::Serialize for WarningCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Ord for WarningCode {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for WarningCode {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Lets tests and callers compare with the written code: `w.code == "missing-field"`.
impl PartialEq<&str> for WarningCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Collects reader and graph warnings, one per code.
#[derive(Debug, Default)]
pub(crate) struct Warnings {
    by_code: BTreeMap<WarningCode, Warning>,
}

impl Warnings {
    /// Records one occurrence; the message and location of the first occurrence are kept.
    pub fn add(
        &mut self,
        code: WarningCode,
        location: Option<Location>,
        message: impl Into<String>,
    ) {
        self.add_with(code, location, || message.into());
    }

    /// Like [`Warnings::add`], but only formats the message for the first occurrence.
    pub fn add_with(
        &mut self,
        code: WarningCode,
        location: Option<Location>,
        message: impl FnOnce() -> String,
    ) {
        self.by_code
            .entry(code)
            .and_modify(|w| w.count += 1)
            .or_insert_with(|| Warning {
                code,
                message: message(),
                count: 1,
                location,
            });
    }

    /// Adds the warnings another collector recorded after this one's: a code both have keeps
    /// this one's first occurrence and counts both, as if all had been recorded here in order.
    pub fn absorb(&mut self, later: Warnings) {
        for (code, w) in later.by_code {
            self.by_code
                .entry(code)
                .and_modify(|mine| mine.count += w.count)
                .or_insert(w);
        }
    }

    /// Whether nothing was recorded.
    #[allow(dead_code)]
    pub fn is_empty(&self) -> bool {
        self.by_code.is_empty()
    }

    /// The warnings, sorted by code.
    pub fn into_vec(self) -> Vec<Warning> {
        self.by_code.into_values().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_warning_per_code_with_count() {
        let mut w = Warnings::default();
        for i in 0..1000 {
            w.add_with(
                WarningCode::BadType,
                Some(Location::at(format!("/components/{i}"))),
                || format!("first is {i}"),
            );
        }
        w.add(WarningCode::MissingField, None, "x");
        let v = w.into_vec();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].code, "bad-type");
        assert_eq!(v[0].count, 1000);
        assert_eq!(v[0].message, "first is 0");
        assert_eq!(v[0].location.as_ref().unwrap().pointer, "/components/0");
    }

    #[test]
    fn codes_are_unique_sorted_kebab_case_and_serialize_as_written() {
        let codes: Vec<&str> = WarningCode::ALL.iter().map(|c| c.as_str()).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted, "ALL is in code order, without repeats");
        for c in WarningCode::ALL {
            let s = c.as_str();
            assert!(
                s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            );
            assert_eq!(serde_json::to_string(c).unwrap(), format!("\"{s}\""));
            assert!(!c.description().is_empty() && !c.description().contains('\n'));
        }
    }

    #[test]
    fn every_code_has_a_readme_row() {
        let readme = include_str!("../../README.md");
        for c in WarningCode::ALL {
            assert!(
                readme.contains(&format!("| `{c}` |")),
                "README lacks a row for warning code `{c}`"
            );
        }
    }
}
