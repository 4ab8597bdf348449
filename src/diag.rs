//! Problems in the user's own files (the policy file, its waivers), as opposed to findings in an
//! SBOM. Each [`Diagnostic`] carries a stable kebab-case [`Code`], the file, the line and column,
//! and a message naming what was expected. `policy` produces them; `report` renders them.

use std::fmt;

use serde::Serialize;

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
}

impl Code {
    /// Every diagnostic code, in documentation order.
    pub const ALL: [Code; 4] = [
        Code::InvalidPolicy,
        Code::UnreadablePolicy,
        Code::ExpiredWaiver,
        Code::UnusedWaiver,
    ];

    /// The kebab-case code.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidPolicy => "invalid-policy",
            Code::UnreadablePolicy => "unreadable-policy",
            Code::ExpiredWaiver => "expired-waiver",
            Code::UnusedWaiver => "unused-waiver",
        }
    }

    /// One sentence saying what the code means.
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
        }
    }

    /// How serious the code is: an invalid policy stops the run, stale waivers are warnings.
    pub fn level(self) -> Level {
        match self {
            Code::InvalidPolicy | Code::UnreadablePolicy => Level::Error,
            Code::ExpiredWaiver | Code::UnusedWaiver => Level::Warning,
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
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_unique() {
        let diag: BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(diag.len(), Code::ALL.len());
        // Diagnostic and finding codes share one namespace in SARIF and the README.
        for c in crate::finding::Code::ALL {
            assert!(
                !diag.contains(c.as_str()),
                "{c} is both a finding and a diagnostic code"
            );
        }
        let findings: BTreeSet<&str> = crate::finding::Code::ALL
            .iter()
            .map(|c| c.as_str())
            .collect();
        assert_eq!(findings.len(), crate::finding::Code::ALL.len());
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
