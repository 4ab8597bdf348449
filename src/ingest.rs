//! Stage 1 of the pipeline: bytes in, one [`Sbom`] out.
//!
//! [`read`] undoes gzip and UTF-16 (`text`), [`sniff`]s the format from the content (never the
//! file name), hands the text to its standard's reader and resolves line numbers. One folder per
//! standard: `cyclonedx/` (JSON, XML), `spdx2/` (JSON, YAML, tag-value, XML, RDF), `spdx3/`;
//! `json_scan` and `xml` are shared by them (the line index is [`crate::diag::LineIndex`]).

mod cyclonedx;
mod json_scan;
mod spdx2;
mod spdx3;
mod text;
mod xml;

use std::io::Read;
use std::path::Path;

use crate::model::{Sbom, Standard, Syntax, Warning, WarningCode, Warnings};

pub use crate::diag::LineIndex;

/// Inputs larger than this (after decompression) are refused rather than read into memory.
pub const MAX_INPUT_BYTES: u64 = 2 << 30;

/// How a document should be read.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Turn every warning into an error.
    pub strict: bool,
}

/// The format of a document as recognised from its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    /// CycloneDX, SPDX 2 or SPDX 3.
    pub standard: Standard,
    /// JSON, XML, ...
    pub syntax: Syntax,
    /// The declared spec version, where it could be seen without a full parse.
    pub version: Option<String>,
}

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be opened or read.
    #[error("{source_name}: cannot read file: {error}")]
    Io {
        /// File name as given.
        source_name: String,
        /// The OS error.
        error: std::io::Error,
    },
    /// The content is not a CycloneDX or SPDX document.
    #[error("{source_name}: not an SBOM: {reason}")]
    NotSbom {
        /// File name as given.
        source_name: String,
        /// What was seen instead, and what was expected.
        reason: String,
    },
    /// A CycloneDX or SPDX document of a version bomscreen does not read.
    #[error("{source_name}: {standard} {version} is not supported ({supported} are)")]
    Unsupported {
        /// File name as given.
        source_name: String,
        /// CycloneDX or SPDX.
        standard: Standard,
        /// The version the document declares.
        version: String,
        /// The versions that are supported.
        supported: &'static str,
    },
    /// The document is not well-formed JSON/XML/YAML/tag-value.
    #[error("{source_name}:{line}:{column}: {standard} {syntax} syntax error: {message}")]
    Syntax {
        /// File name as given.
        source_name: String,
        /// CycloneDX or SPDX.
        standard: Standard,
        /// The serialisation being parsed.
        syntax: Syntax,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// A recognised document whose structure cannot be understood.
    #[error("{source_name}: invalid {standard} document: {message}")]
    Invalid {
        /// File name as given.
        source_name: String,
        /// CycloneDX or SPDX.
        standard: Standard,
        /// What is wrong, and what was expected.
        message: String,
    },
    /// The input exceeds a safety limit (size, decompressed size).
    #[error("{source_name}: {message}")]
    Limit {
        /// File name as given.
        source_name: String,
        /// Which limit.
        message: String,
    },
    /// `--strict` and the document had problems the tolerant reader would have worked around.
    #[error("{source_name}: {} problem(s) not allowed in strict mode: {}", warnings.len(), summary(warnings))]
    Strict {
        /// File name as given.
        source_name: String,
        /// The problems.
        warnings: Vec<Warning>,
    },
}

fn summary(warnings: &[Warning]) -> String {
    let list: Vec<String> = warnings
        .iter()
        .map(|w| match w.location.as_ref().and_then(|l| l.line) {
            Some(line) => format!("line {line}: {} ({})", w.message, w.code),
            None => format!("{} ({})", w.message, w.code),
        })
        .collect();
    list.join("; ")
}

/// A reader's failure, before the front end adds the file name.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// Malformed JSON/XML/YAML/tag-value at a 1-based line and column.
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// The declared version is not one we read.
    Unsupported { version: String },
    /// Recognised but not understandable.
    Invalid(String),
    /// Not an SBOM after all (the sniff was fooled).
    NotSbom(String),
}

impl ReadError {
    /// A serde_json error at its position; serde_json appends " at line L column C" to its
    /// messages, and the front end prints positions itself. A control character in a string
    /// (a string left open across a line break) is placed at column 0; columns here start at 1.
    pub(crate) fn json(e: &serde_json::Error) -> Self {
        let full = e.to_string();
        let message = match full.rfind(" at line ") {
            Some(i) => full[..i].to_string(),
            None => full,
        };
        ReadError::Syntax {
            line: e.line().max(1),
            column: e.column().max(1),
            message,
        }
    }
}

/// Reads an SBOM file; `-` reads standard input.
pub fn read(path: &Path, opts: &ReadOptions) -> Result<Sbom, IngestError> {
    let (source_name, bytes) = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        let res = std::io::stdin()
            .lock()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut buf);
        ("<stdin>".to_string(), res.map(|_| buf))
    } else {
        (path.display().to_string(), std::fs::read(path))
    };
    let bytes = bytes.map_err(|error| IngestError::Io {
        source_name: source_name.clone(),
        error,
    })?;
    read_owned(bytes, &source_name, opts)
}

/// Reads an SBOM from bytes already in memory; `source_name` is used in messages and reports.
pub fn read_bytes(
    bytes: &[u8],
    source_name: &str,
    opts: &ReadOptions,
) -> Result<Sbom, IngestError> {
    read_owned(bytes.to_vec(), source_name, opts)
}

/// Reads an SBOM from a buffer it may take over (valid UTF-8 input is not copied).
pub fn read_owned(
    bytes: Vec<u8>,
    source_name: &str,
    opts: &ReadOptions,
) -> Result<Sbom, IngestError> {
    let decoded = text::decode(bytes, MAX_INPUT_BYTES).map_err(|e| match e {
        text::DecodeError::Limit(message) => IngestError::Limit {
            source_name: source_name.to_string(),
            message,
        },
        text::DecodeError::Empty => IngestError::NotSbom {
            source_name: source_name.to_string(),
            reason: "the file is empty (expected a CycloneDX or SPDX document)".to_string(),
        },
        text::DecodeError::Gzip(message) => IngestError::NotSbom {
            source_name: source_name.to_string(),
            reason: format!("gzip data is corrupt or truncated: {message}"),
        },
    })?;
    let mut warnings = Warnings::default();
    if decoded.lossy {
        warnings.add(
            WarningCode::InvalidUtf8,
            None,
            format!(
                "the file is not valid {}; {} invalid byte sequence(s) were replaced with U+FFFD",
                decoded.encoding.charset, decoded.invalid_sequences
            ),
        );
    }
    let text = decoded.text.as_str();
    let detected = sniff_text(text).ok_or_else(|| IngestError::NotSbom {
        source_name: source_name.to_string(),
        reason: describe_non_sbom(text),
    })?;
    let fail = |e: ReadError| match e {
        ReadError::Syntax {
            line,
            column,
            message,
        } => IngestError::Syntax {
            source_name: source_name.to_string(),
            standard: detected.standard,
            syntax: detected.syntax,
            line,
            column,
            message,
        },
        ReadError::Unsupported { version } => IngestError::Unsupported {
            source_name: source_name.to_string(),
            standard: detected.standard,
            version,
            supported: supported_versions(detected.standard),
        },
        ReadError::Invalid(message) => IngestError::Invalid {
            source_name: source_name.to_string(),
            standard: detected.standard,
            message,
        },
        ReadError::NotSbom(reason) => IngestError::NotSbom {
            source_name: source_name.to_string(),
            reason,
        },
    };
    let mut sbom = match (detected.standard, detected.syntax) {
        (Standard::CycloneDx, Syntax::Json) => cyclonedx::read_json(text, &mut warnings),
        (Standard::CycloneDx, _) => cyclonedx::read_xml(text, &mut warnings),
        (Standard::Spdx2, Syntax::Json) => spdx2::read_json(text, &mut warnings),
        (Standard::Spdx2, Syntax::Yaml) => spdx2::read_yaml(text, &mut warnings),
        (Standard::Spdx2, Syntax::TagValue) => spdx2::read_tag_value(text, &mut warnings),
        (Standard::Spdx2, Syntax::RdfXml) => spdx2::read_rdf(text, &mut warnings),
        (Standard::Spdx2, _) => spdx2::read_xml(text, &mut warnings),
        (Standard::Spdx3, _) => spdx3::read(text, &mut warnings),
    }
    .map_err(fail)?;
    sbom.source = source_name.to_string();
    sbom.encoding = decoded.encoding;
    if matches!(sbom.syntax, Syntax::Json | Syntax::JsonLd) {
        json_scan::resolve_lines(text, &mut sbom);
    }
    check_sizes(&sbom, &mut warnings);
    sbom.warnings = warnings.into_vec();
    if opts.strict && !sbom.warnings.is_empty() {
        return Err(IngestError::Strict {
            source_name: source_name.to_string(),
            warnings: sbom.warnings,
        });
    }
    Ok(sbom)
}

/// Recognises the format of a document from its first bytes (after gzip/UTF-16 decoding).
pub fn sniff(bytes: &[u8]) -> Option<Detected> {
    let decoded = text::decode(bytes.to_vec(), MAX_INPUT_BYTES).ok()?;
    sniff_text(&decoded.text)
}

fn supported_versions(standard: Standard) -> &'static str {
    match standard {
        Standard::CycloneDx => "CycloneDX 1.0-1.7",
        Standard::Spdx2 | Standard::Spdx3 => "SPDX 2.0-2.3 and 3.0.x",
    }
}

/// Appends a non-empty value once (SPDX readers collect names, e-mails and licences this way).
fn push_unique(list: &mut Vec<String>, value: &str) {
    if !value.is_empty() && !list.iter().any(|v| v == value) {
        list.push(value.to_string());
    }
}

/// Values this long are read, but a real SBOM never has them: say so, since a reviewer may be
/// looking at a file crafted to bury something.
const LARGE_VALUE: usize = 1 << 20;

fn check_sizes(sbom: &Sbom, warnings: &mut Warnings) {
    for c in &sbom.components {
        let fields = [
            ("name", Some(c.name.as_str())),
            ("version", c.version.as_deref()),
            ("purl", c.purl.as_deref()),
            ("description", c.description.as_deref()),
            ("copyright", c.copyright.as_deref()),
        ];
        for (field, value) in fields {
            if let Some(v) = value.filter(|v| v.len() > LARGE_VALUE) {
                warnings.add_with(WarningCode::OversizedValue, Some(c.location.clone()), || {
                    format!(
                        "component {:?} has a {field} of {} MiB; it is read in full, but reports shorten it",
                        c.id,
                        v.len() >> 20
                    )
                });
            }
        }
    }
}

/// Looks at decoded text and says which format it is, or `None` when it is not an SBOM.
fn sniff_text(text: &str) -> Option<Detected> {
    let body = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    match body.as_bytes().first()? {
        b'{' => json_scan::sniff(body),
        b'<' => sniff_xml(body),
        _ => sniff_lines(body),
    }
}

/// XML: the root element's name and namespace decide (CycloneDX `bom` in the
/// `http://cyclonedx.org/schema/bom/1.x` namespace, SPDX `rdf:RDF` or `Document`).
fn sniff_xml(body: &str) -> Option<Detected> {
    let head = &body[..floor_char_boundary(body, 65536)];
    let root_start = find_root_element(head)?;
    let root = &head[root_start..];
    let name_end = root
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(root.len());
    let name = &root[1..name_end];
    let local = name.rsplit(':').next().unwrap_or(name);
    let tag_end = root.find('>').unwrap_or(root.len());
    let tag = &root[..tag_end];
    if let Some(pos) = tag.find("cyclonedx.org/schema/bom/") {
        let version: String = tag[pos + 25..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        return Some(Detected {
            standard: Standard::CycloneDx,
            syntax: Syntax::Xml,
            version: Some(version),
        });
    }
    if local == "bom" {
        // A CycloneDX root without (or with a mistyped) namespace: let the reader complain.
        return Some(Detected {
            standard: Standard::CycloneDx,
            syntax: Syntax::Xml,
            version: None,
        });
    }
    if local == "RDF" && (head.contains("spdx.org/rdf/terms") || head.contains("SpdxDocument")) {
        return Some(Detected {
            standard: Standard::Spdx2,
            syntax: Syntax::RdfXml,
            version: None,
        });
    }
    if (local == "Document" || local == "SpdxDocument") && head.contains("spdxVersion") {
        return Some(Detected {
            standard: Standard::Spdx2,
            syntax: Syntax::Xml,
            version: None,
        });
    }
    None
}

/// Skips the XML declaration, comments, processing instructions and a DOCTYPE to the root tag.
fn find_root_element(head: &str) -> Option<usize> {
    let mut i = 0;
    let bytes = head.as_bytes();
    while i < bytes.len() {
        let rest = &head[i..];
        if rest.starts_with("<?") {
            i += rest.find("?>")? + 2;
        } else if rest.starts_with("<!--") {
            i += rest.find("-->")? + 3;
        } else if rest.starts_with("<!") {
            // DOCTYPE, possibly with an internal subset in brackets.
            let close = match (rest.find('['), rest.find('>')) {
                (Some(b), Some(g)) if b < g => rest.find("]>").map(|p| p + 2)?,
                (_, Some(g)) => g + 1,
                _ => return None,
            };
            i += close;
        } else if rest.starts_with('<') {
            return Some(i);
        } else {
            i += rest.chars().next()?.len_utf8();
        }
    }
    None
}

/// Tag-value and YAML: SPDX 2 starts with (or soon has) an `SPDXVersion:` tag or a top-level
/// `spdxVersion:` key.
fn sniff_lines(body: &str) -> Option<Detected> {
    let head = &body[..floor_char_boundary(body, 65536)];
    for line in head.lines() {
        let t = line.trim_end();
        if let Some(v) = t.strip_prefix("SPDXVersion:") {
            return Some(Detected {
                standard: Standard::Spdx2,
                syntax: Syntax::TagValue,
                version: Some(v.trim().trim_start_matches("SPDX-").to_string()),
            });
        }
        if let Some(v) = t.strip_prefix("spdxVersion:") {
            let v = v.trim().trim_matches(['"', '\'']);
            return Some(Detected {
                standard: Standard::Spdx2,
                syntax: Syntax::Yaml,
                version: Some(v.trim_start_matches("SPDX-").to_string()),
            });
        }
    }
    // Tag-value documents that put other tags first still carry the SPDX data licence tag.
    if head
        .lines()
        .any(|l| l.starts_with("DataLicense:") || l.starts_with("SPDXID:"))
    {
        return Some(Detected {
            standard: Standard::Spdx2,
            syntax: Syntax::TagValue,
            version: None,
        });
    }
    None
}

/// A short description of what a non-SBOM file looks like, for the error message.
fn describe_non_sbom(text: &str) -> String {
    let body = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let expected = "expected a CycloneDX (JSON with \"bomFormat\": \"CycloneDX\", or XML <bom>) or SPDX \
                    (JSON/YAML \"spdxVersion\", tag-value \"SPDXVersion:\", RDF/XML, or SPDX 3 JSON-LD) document";
    let seen = match body.as_bytes().first() {
        None => "the file has only white space".to_string(),
        Some(b'{') => "a JSON object without CycloneDX or SPDX markers".to_string(),
        Some(b'[') => "a JSON array".to_string(),
        Some(b'<') => "an XML document whose root is not a CycloneDX or SPDX element".to_string(),
        Some(_) => "text that is neither JSON, XML nor SPDX tag-value".to_string(),
    };
    format!("found {seen}; {expected}")
}

/// The largest index <= `max` that is on a char boundary of `s`.
fn floor_char_boundary(s: &str, max: usize) -> usize {
    if max >= s.len() {
        return s.len();
    }
    let mut i = max;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Asserts two long texts are equal, showing the first line where they differ (a whole
/// document's debug output is too long to read in a plain `assert_eq!`).
#[cfg(test)]
pub(crate) fn assert_same_text(left: &str, right: &str) {
    let mismatch = left
        .lines()
        .zip(right.lines())
        .enumerate()
        .find(|(_, (l, r))| l != r);
    if let Some((i, (l, r))) = mismatch {
        let context: Vec<&str> = left.lines().skip(i.saturating_sub(12)).take(13).collect();
        panic!("line {}: {l:?} != {r:?}\n{}", i + 1, context.join("\n"));
    }
    assert_eq!(
        left.lines().count(),
        right.lines().count(),
        "the texts differ in length"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_xml_namespaces() {
        let d = sniff_text("<?xml version=\"1.0\"?>\n<!-- c -->\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\" version=\"1\">").unwrap();
        assert_eq!((d.standard, d.syntax), (Standard::CycloneDx, Syntax::Xml));
        assert_eq!(d.version.as_deref(), Some("1.4"));
        assert!(sniff_text("<html><body/></html>").is_none());
    }

    #[test]
    fn sniffs_tag_value_and_yaml() {
        let d = sniff_text("## comment\nSPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n").unwrap();
        assert_eq!(d.syntax, Syntax::TagValue);
        assert_eq!(d.version.as_deref(), Some("2.3"));
        let d = sniff_text("---\nspdxVersion: \"SPDX-2.2\"\nname: x\n").unwrap();
        assert_eq!(d.syntax, Syntax::Yaml);
        assert!(sniff_text("hello world\n").is_none());
    }
}
