//! SPDX 2 tag-value (`Tag: value` lines, `<text>...</text>` blocks), read line by line into the
//! same wire model as JSON, then mapped by `spdx2::to_sbom`.
//!
//! SPDX 2.2 clause 3: "In tag:value format, the order in which package and files occur is
//! syntactically significant": a `PackageName` starts a package, the tags that follow belong to
//! it, and "all files contained in a package must immediately follow the applicable Package
//! Information". That containment is recorded as the package's `hasFiles`, so it becomes a
//! CONTAINS relation exactly as `hasFiles` does in JSON.

use std::borrow::Cow;

use super::{
    Checksum, CreationInfo, Doc, ExternalReference, File, Locations, Package, Relationship,
    Snippet, Text,
};
use crate::ingest::ReadError;
use crate::model::{Location, Sbom, Syntax, WarningCode, Warnings};

/// Reads an SPDX 2 tag-value document.
pub(in crate::ingest) fn read(text: &str, warnings: &mut Warnings) -> Result<Sbom, ReadError> {
    let mut r = Reader::default();
    let mut lines = Lines {
        text,
        pos: 0,
        line: 0,
    };
    while let Some((line_no, line)) = lines.next() {
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let (tag, value) = match t.split_once(':') {
            Some((tag, value)) if is_tag(tag) => (tag, value.trim()),
            _ => {
                return Err(ReadError::Syntax {
                    line: line_no as usize,
                    column: line.len() - t.len() + 1,
                    message: format!("expected `Tag: value`, found {:?}", truncate(t, 60)),
                });
            }
        };
        let value: Cow<'_, str> = match value.strip_prefix("<text>") {
            Some(rest) => match rest.find("</text>") {
                Some(end) => Cow::Borrowed(&rest[..end]),
                None => Cow::Owned(text_block(rest, line_no, &mut lines, warnings)),
            },
            None => Cow::Borrowed(value),
        };
        r.tag(tag, &value, line_no, warnings);
    }
    crate::ingest::text::check_line_end(text, warnings);
    r.finish(warnings)
}

/// Tags are words of ASCII letters and digits (`PackageName`, `SPDXREF`).
fn is_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Every tag SPDX 2.0-2.3 defines (clauses 6-12; `Reader::tag` reads each of them), to recognise
/// tag lines swallowed by a `<text>` block left open.
#[rustfmt::skip]
const SPDX_TAGS: &[&str] = &[
    // Document creation information (clause 6).
    "SPDXVersion", "DataLicense", "SPDXID", "DocumentName", "DocumentNamespace",
    "ExternalDocumentRef", "LicenseListVersion", "Creator", "Created", "CreatorComment",
    "DocumentComment",
    // Package information (clause 7).
    "PackageName", "PackageVersion", "PackageFileName", "PackageSupplier", "PackageOriginator",
    "PackageDownloadLocation", "FilesAnalyzed", "PackageVerificationCode", "PackageChecksum",
    "PackageHomePage", "PackageSourceInfo", "PackageLicenseConcluded",
    "PackageLicenseInfoFromFiles", "PackageLicenseDeclared", "PackageLicenseComments",
    "PackageCopyrightText", "PackageSummary", "PackageDescription", "PackageComment",
    "ExternalRef", "ExternalRefComment", "PackageAttributionText", "PrimaryPackagePurpose",
    "ReleaseDate", "BuiltDate", "ValidUntilDate",
    // File information (clause 8).
    "FileName", "FileType", "FileChecksum", "LicenseConcluded", "LicenseInfoInFile",
    "LicenseComments", "FileCopyrightText", "FileComment", "FileNotice", "FileContributor",
    "FileAttributionText", "FileDependency", "ArtifactOfProjectName",
    "ArtifactOfProjectHomePage", "ArtifactOfProjectURI",
    // Snippet information (clause 9).
    "SnippetSPDXID", "SnippetFromFileSPDXID", "SnippetByteRange", "SnippetLineRange",
    "SnippetLicenseConcluded", "LicenseInfoInSnippet", "SnippetLicenseComments",
    "SnippetCopyrightText", "SnippetComment", "SnippetName", "SnippetAttributionText",
    // Other licensing information (clause 10).
    "LicenseID", "ExtractedText", "LicenseName", "LicenseCrossReference", "LicenseComment",
    // Relationships, annotations, reviews (clauses 11, 12 and 2.0's reviews).
    "Relationship", "RelationshipComment", "Annotator", "AnnotationDate", "AnnotationComment",
    "AnnotationType", "SPDXREF", "Reviewer", "ReviewDate", "ReviewComment",
];

/// The SPDX tag a line starts with, and the rest of the line after its colon.
fn spdx_tag(line: &str) -> Option<(&str, &str)> {
    let (tag, rest) = line.trim_start().split_once(':')?;
    SPDX_TAGS.contains(&tag).then_some((tag, rest))
}

/// The rest of a `<text>` block that did not close on its first line.
///
/// A block may hold any text, lines that look like tags included, so one that closes is read as
/// written. But a block that never closes, or whose `</text>` only comes after another
/// `Tag: <text>` line, was left open by mistake and would swallow every element up to that
/// `</text>`: it is closed before the first line inside it that starts with an SPDX tag, and
/// reading resumes on that line.
fn text_block(first: &str, start: u32, lines: &mut Lines<'_>, warnings: &mut Warnings) -> String {
    let mut s = String::from(first);
    // Where the first tag line inside the block is: the reader's position before it, the length
    // of the text up to it, its line number and tag.
    let mut first_tag: Option<(Lines<'_>, usize, u32, String)> = None;
    let mut reopened = false;
    loop {
        let before = lines.clone();
        let Some((line_no, line)) = lines.next() else {
            if first_tag.is_none() {
                // A truncated file: keep what is there, as the reader does for any other
                // problem it can work around.
                warnings.add_with(WarningCode::UnterminatedText, Some(at("", start)), || {
                    format!("the <text> block starting on line {start} is never closed with </text>; it runs to the end of the file")
                });
                return s;
            }
            break;
        };
        if let Some((tag, rest)) = spdx_tag(line) {
            reopened |= rest.trim_start().starts_with("<text>");
            if first_tag.is_none() {
                first_tag = Some((before, s.len(), line_no, tag.to_string()));
            }
        }
        s.push('\n');
        match line.find("</text>") {
            Some(end) if !reopened => {
                s.push_str(&line[..end]);
                return s;
            }
            Some(_) => break,
            None => s.push_str(line),
        }
    }
    let Some((resume, len, line_no, tag)) = first_tag else {
        unreachable!("the loop leaves early only when a tag line was seen")
    };
    *lines = resume;
    s.truncate(len);
    warnings.add_with(WarningCode::UnterminatedText, Some(at("", start)), || {
        format!("the <text> block starting on line {start} is not closed before line {line_no}, which starts with the SPDX tag `{tag}`; the block was ended before that line")
    });
    s
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Lines ending in `\n`, `\r\n` or a lone `\r` (some generators write old Mac line ends).
#[derive(Clone)]
struct Lines<'a> {
    text: &'a str,
    pos: usize,
    line: u32,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (u32, &'a str);
    fn next(&mut self) -> Option<(u32, &'a str)> {
        let rest = self.text.get(self.pos..).filter(|r| !r.is_empty())?;
        let bytes = rest.as_bytes();
        let (end, next) = match memchr::memchr2(b'\n', b'\r', bytes) {
            Some(i) if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') => (i, i + 2),
            Some(i) => (i, i + 1),
            None => (bytes.len(), bytes.len()),
        };
        self.pos += next;
        self.line = self.line.saturating_add(1);
        Some((self.line, &rest[..end]))
    }
}

/// Which section the tags being read belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Section {
    #[default]
    Document,
    Package,
    File,
    Snippet,
    /// Extracted licensing information, reviews: nothing there is read.
    Other,
}

#[derive(Default)]
struct Reader {
    doc: Doc,
    locations: Locations,
    section: Section,
    /// An `SPDXID` seen when the current element already had one: it introduces the next
    /// package or file (some generators write it before `PackageName` / `FileName`).
    pending_id: Option<String>,
    /// The package whose files follow, and the (package, file) pairs found that way.
    owner: Option<usize>,
    contained: Vec<(usize, usize)>,
}

fn at(pointer: &'static str, line: u32) -> Location {
    Location {
        pointer: pointer.to_string(),
        line: Some(line),
    }
}

impl Reader {
    fn tag(&mut self, tag: &str, value: &str, line: u32, warnings: &mut Warnings) {
        let v = || Text::new(value);
        match tag {
            // Document creation information (SPDX 2.3 clause 6).
            "SPDXVersion" => self.doc.spdx_version = v(),
            "DocumentName" => self.doc.name = v(),
            "DocumentNamespace" => self.doc.document_namespace = v(),
            "SPDXID" => self.spdx_id(value),
            "Creator" => self.creation_info().creators.push(v()),
            "Created" => self.creation_info().created = v(),
            "DataLicense"
            | "DocumentComment"
            | "ExternalDocumentRef"
            | "CreatorComment"
            | "LicenseListVersion" => {}
            // Package information (clause 7).
            "PackageName" => {
                let p = self.open_package(line);
                p.name = v();
            }
            "PackageVersion" => self.package(line).version_info = v(),
            "PackageFileName" => self.package(line).package_file_name = v(),
            "PackageSupplier" => self.package(line).supplier = v(),
            "PackageOriginator" => self.package(line).originator = v(),
            "PackageDownloadLocation" => self.package(line).download_location = v(),
            "PackageHomePage" => self.package(line).homepage = v(),
            "PackageChecksum" => {
                let c = checksum(value, line, warnings);
                self.package(line).checksums.push(c);
            }
            "PackageLicenseConcluded" => self.package(line).license_concluded = v(),
            "PackageLicenseDeclared" => self.package(line).license_declared = v(),
            "PackageCopyrightText" => self.package(line).copyright_text = v(),
            "PackageDescription" => self.package(line).description = v(),
            "PackageSummary" => self.package(line).summary = v(),
            "PackageComment" => self.package(line).comment = v(),
            "PrimaryPackagePurpose" => self.package(line).primary_package_purpose = v(),
            "ReleaseDate" => self.package(line).release_date = v(),
            "BuiltDate" => self.package(line).built_date = v(),
            "ExternalRef" => {
                let r = external_ref(value, line, warnings);
                self.package(line).external_refs.push(r);
            }
            "PackageVerificationCode"
            | "PackageSourceInfo"
            | "PackageLicenseInfoFromFiles"
            | "PackageLicenseComments"
            | "PackageAttributionText"
            | "FilesAnalyzed"
            | "ValidUntilDate"
            | "ExternalRefComment" => {}
            // File information (clause 8).
            "FileName" => {
                let f = self.open_file(line);
                f.file_name = v();
            }
            "FileChecksum" => {
                let c = checksum(value, line, warnings);
                self.file(line).checksums.push(c);
            }
            "LicenseConcluded" => self.file(line).license_concluded = v(),
            "LicenseInfoInFile" => self.file(line).license_info_in_files.push(v()),
            "FileCopyrightText" => self.file(line).copyright_text = v(),
            "FileComment" => self.file(line).comment = v(),
            "FileContributor" => self.file(line).file_contributors.push(v()),
            "FileNotice" => self.file(line).notice_text = v(),
            "FileType"
            | "LicenseComments"
            | "FileAttributionText"
            | "FileDependency"
            | "ArtifactOfProjectName"
            | "ArtifactOfProjectHomePage"
            | "ArtifactOfProjectURI" => {}
            // Snippet information (clause 9): `SnippetSPDXID` starts a snippet.
            "SnippetSPDXID" => {
                self.open_snippet(line).spdx_id = v();
            }
            "SnippetFromFileSPDXID" => self.snippet(line).snippet_from_file = v(),
            "SnippetName" => self.snippet(line).name = v(),
            "SnippetLicenseConcluded" => self.snippet(line).license_concluded = v(),
            "LicenseInfoInSnippet" => self.snippet(line).license_info_in_snippets.push(v()),
            "SnippetCopyrightText" => self.snippet(line).copyright_text = v(),
            "SnippetComment" => self.snippet(line).comment = v(),
            "SnippetByteRange"
            | "SnippetLineRange"
            | "SnippetLicenseComments"
            | "SnippetAttributionText" => {}
            // Relationships (clause 11): `Relationship: SPDXRef-A TYPE SPDXRef-B`.
            "Relationship" => self.relationship(value, line, warnings),
            "RelationshipComment" => {}
            // Annotations and reviews may follow any element; they do not end it.
            "Annotator" | "AnnotationDate" | "AnnotationComment" | "AnnotationType" | "SPDXREF"
            | "Reviewer" | "ReviewDate" | "ReviewComment" => {}
            // Other licensing information (clause 10) ends the current element.
            "LicenseID" => {
                self.section = Section::Other;
                self.owner = None;
            }
            "ExtractedText" | "LicenseName" | "LicenseCrossReference" | "LicenseComment" => {}
            _ => warnings.add_with(WarningCode::UnknownTag, Some(at("", line)), || {
                format!("the tag {tag:?} is not an SPDX 2 tag and was ignored")
            }),
        }
    }

    fn creation_info(&mut self) -> &mut CreationInfo {
        self.doc
            .creation_info
            .get_or_insert_with(CreationInfo::default)
    }

    /// SPDX 2.3 clause 7.2 / 8.2: `SPDXID` follows the `PackageName` / `FileName` it belongs to;
    /// when the current element already has one, it introduces the next element.
    fn spdx_id(&mut self, value: &str) {
        let slot = match self.section {
            Section::Document => Some(&mut self.doc.spdx_id),
            Section::Package => self.doc.packages.last_mut().map(|p| &mut p.spdx_id),
            Section::File => self.doc.files.last_mut().map(|f| &mut f.spdx_id),
            Section::Snippet | Section::Other => None,
        };
        match slot {
            Some(slot) if slot.value.is_none() => *slot = Text::new(value),
            _ => self.pending_id = Some(value.to_string()),
        }
    }

    /// Starts a package, unless the current one was opened by tags that came before its name.
    fn open_package(&mut self, line: u32) -> &mut Package {
        let reuse = self.section == Section::Package
            && self
                .doc
                .packages
                .last_mut()
                .is_some_and(|p| p.name.value.is_none());
        if reuse {
            if let Some(l) = self.locations.packages.last_mut() {
                *l = at("PackageName", line);
            }
        } else {
            self.new_package(line);
        }
        self.current_package()
    }

    fn new_package(&mut self, line: u32) {
        let mut p = Package::default();
        if let Some(id) = self.pending_id.take() {
            p.spdx_id = Text::new(&id);
        }
        self.owner = Some(self.doc.packages.len());
        self.doc.packages.push(p);
        self.locations.packages.push(at("PackageName", line));
        self.section = Section::Package;
    }

    fn current_package(&mut self) -> &mut Package {
        if self.doc.packages.last_mut().is_none() {
            self.doc.packages.push(Package::default());
        }
        let Some(p) = self.doc.packages.last_mut() else {
            unreachable!("a package was just pushed")
        };
        p
    }

    /// The package a package tag belongs to; one is opened when the tag comes first.
    fn package(&mut self, line: u32) -> &mut Package {
        if self.section != Section::Package {
            self.new_package(line);
        }
        self.current_package()
    }

    fn open_file(&mut self, line: u32) -> &mut File {
        let reuse = self.section == Section::File
            && self
                .doc
                .files
                .last_mut()
                .is_some_and(|f| f.file_name.value.is_none());
        if reuse {
            if let Some(l) = self.locations.files.last_mut() {
                *l = at("FileName", line);
            }
        } else {
            self.new_file(line);
        }
        self.current_file()
    }

    fn new_file(&mut self, line: u32) {
        let mut f = File::default();
        if let Some(id) = self.pending_id.take() {
            f.spdx_id = Text::new(&id);
        }
        if let Some(owner) = self.owner {
            self.contained.push((owner, self.doc.files.len()));
        }
        self.doc.files.push(f);
        self.locations.files.push(at("FileName", line));
        self.section = Section::File;
    }

    fn current_file(&mut self) -> &mut File {
        if self.doc.files.last_mut().is_none() {
            self.doc.files.push(File::default());
        }
        let Some(f) = self.doc.files.last_mut() else {
            unreachable!("a file was just pushed")
        };
        f
    }

    fn file(&mut self, line: u32) -> &mut File {
        if self.section != Section::File {
            self.new_file(line);
        }
        self.current_file()
    }

    fn open_snippet(&mut self, line: u32) -> &mut Snippet {
        self.doc.snippets.push(Snippet::default());
        self.locations.snippets.push(at("SnippetSPDXID", line));
        self.section = Section::Snippet;
        self.current_snippet()
    }

    fn current_snippet(&mut self) -> &mut Snippet {
        if self.doc.snippets.last_mut().is_none() {
            self.doc.snippets.push(Snippet::default());
        }
        let Some(s) = self.doc.snippets.last_mut() else {
            unreachable!("a snippet was just pushed")
        };
        s
    }

    fn snippet(&mut self, line: u32) -> &mut Snippet {
        if self.section != Section::Snippet {
            return self.open_snippet(line);
        }
        self.current_snippet()
    }

    fn relationship(&mut self, value: &str, line: u32, warnings: &mut Warnings) {
        let mut words = value.split_whitespace();
        match (words.next(), words.next(), words.next(), words.next()) {
            (Some(a), Some(kind), Some(b), None) => {
                self.doc.relationships.push(Relationship {
                    spdx_element_id: Text::new(a),
                    relationship_type: Text::new(kind),
                    related_spdx_element: Text::new(b),
                });
                self.locations.relationships.push(at("Relationship", line));
            }
            _ => warnings.add_with(WarningCode::UnknownFieldValue, Some(at("Relationship", line)), || {
                format!("expected `Relationship: SPDXRef-A TYPE SPDXRef-B`, found {:?}; it was ignored", truncate(value, 80))
            }),
        }
    }

    fn finish(mut self, warnings: &mut Warnings) -> Result<Sbom, ReadError> {
        for (p, f) in std::mem::take(&mut self.contained) {
            let id = self
                .doc
                .files
                .items
                .get(f)
                .and_then(|f| f.as_ref())
                .and_then(|f| f.spdx_id.value.clone());
            if let (Some(id), Some(Some(p))) = (id, self.doc.packages.items.get_mut(p)) {
                p.has_files.push(Text::new(&id));
            }
        }
        self.doc.locations = Some(self.locations);
        super::to_sbom(self.doc, Syntax::TagValue, warnings)
    }
}

/// `SHA1: d6a7...` (SPDX 2.3 clause 7.10 / 8.4).
fn checksum(value: &str, line: u32, warnings: &mut Warnings) -> Checksum {
    match value.split_once(':') {
        Some((alg, digest)) => Checksum {
            algorithm: Text::new(alg.trim()),
            checksum_value: Text::new(digest.trim()),
        },
        None => {
            warnings.add_with(WarningCode::UnknownFieldValue, Some(at("", line)), || {
                format!(
                    "expected a checksum `ALGORITHM: value`, found {:?}",
                    truncate(value, 80)
                )
            });
            Checksum::default()
        }
    }
}

/// `ExternalRef: CATEGORY TYPE LOCATOR` (SPDX 2.3 clause 7.21).
fn external_ref(value: &str, line: u32, warnings: &mut Warnings) -> ExternalReference {
    let mut words = value.split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some(category), Some(kind), Some(locator)) => ExternalReference {
            reference_category: Text::new(category),
            reference_type: Text::new(kind),
            reference_locator: Text::new(locator),
        },
        _ => {
            warnings.add_with(
                WarningCode::UnknownFieldValue,
                Some(at("ExternalRef", line)),
                || {
                    format!(
                        "expected `ExternalRef: CATEGORY TYPE LOCATOR`, found {:?}",
                        truncate(value, 80)
                    )
                },
            );
            ExternalReference::default()
        }
    }
}

#[cfg(test)]
mod tests;
