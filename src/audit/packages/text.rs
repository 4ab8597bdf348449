//! Line and field readers shared by the package database formats: numbered lines (CRLF, no final
//! newline), RFC 822 style paragraphs (dpkg, opkg, apk, Python metadata) and the problems found
//! on the way. Everything works on bytes and decodes each value lossily, so invalid UTF-8 costs
//! a replacement character, never the record, and every pass is linear in the input.

use memchr::memchr;

/// Lines of `data` with their 1-based numbers; a trailing `\r` is dropped.
pub(super) fn lines(data: &[u8]) -> impl Iterator<Item = (u32, &[u8])> {
    let mut rest = data;
    let mut n: u32 = 0;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (line, next) = match memchr(b'\n', rest) {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        rest = next;
        n = n.saturating_add(1);
        Some((n, line.strip_suffix(b"\r").unwrap_or(line)))
    })
}

/// Bytes as text, invalid UTF-8 replaced.
pub(super) fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Whether a line holds nothing but spaces and tabs.
pub(super) fn blank(line: &[u8]) -> bool {
    line.iter().all(|b| matches!(b, b' ' | b'\t'))
}

/// One `Name: value` field; continuation lines are kept as further lines of `value`
/// (joined by `\n`, leading whitespace removed), so a reader can take the first line, fold the
/// lines, or read them one by one.
#[derive(Debug, Clone)]
pub(super) struct Field {
    pub name: String,
    pub value: String,
}

/// A run of fields between blank lines.
#[derive(Debug, Clone, Default)]
pub(super) struct Paragraph {
    /// The line of its first field.
    pub line: u32,
    pub fields: Vec<Field>,
}

impl Paragraph {
    /// The first field called `name` (field names are case-insensitive in Debian policy 5.1
    /// and in the RFC 822 headers Python metadata uses), trimmed; `None` when absent or empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
            .map(|f| f.value.trim())
            .filter(|v| !v.is_empty())
    }

    /// Like [`Paragraph::get`], with folded lines joined by a space (a `Maintainer` folded
    /// over two lines is one name).
    pub fn one_line(&self, name: &str) -> Option<String> {
        self.get(name)
            .map(|v| v.split('\n').map(str::trim).collect::<Vec<_>>().join(" "))
    }

    /// Every field called `name`, in order (`Copyright:` appears in every DEP-5 files paragraph).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields
            .iter()
            .filter(move |f| f.name.eq_ignore_ascii_case(name))
            .map(|f| f.value.as_str())
    }
}

/// Problems found in one file, reported as one message that names the file and line.
#[derive(Debug, Default)]
pub(super) struct Problems {
    first: Option<(u32, String)>,
    more: usize,
}

impl Problems {
    /// Notes a problem at `line`; only the first is spelled out, the rest are counted.
    pub fn note(&mut self, line: u32, what: impl Into<String>) {
        if self.first.is_none() {
            self.first = Some((line, what.into()));
        } else {
            self.more += 1;
        }
    }

    /// `Err("path:line: what (and N more problems)")`, or `Ok` when nothing was noted.
    pub fn into_result(self, path: &str) -> Result<(), String> {
        match self.first {
            None => Ok(()),
            Some((line, what)) if self.more == 0 => Err(format!("{path}:{line}: {what}")),
            Some((line, what)) => Err(format!(
                "{path}:{line}: {what} (and {} more problem{})",
                self.more,
                if self.more == 1 { "" } else { "s" }
            )),
        }
    }
}

/// Reads RFC 822 style paragraphs: `Name: value` fields, lines starting with a space or tab
/// continue the previous field, blank lines separate paragraphs. With `first_only` it stops at
/// the first blank line (Python metadata: what follows is the description body). A line that
/// is neither a field nor a continuation is noted and skipped.
pub(super) fn paragraphs(data: &[u8], first_only: bool, problems: &mut Problems) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut cur = Paragraph::default();
    for (n, line) in lines(data) {
        if blank(line) {
            if !cur.fields.is_empty() {
                out.push(std::mem::take(&mut cur));
                if first_only {
                    return out;
                }
            }
            continue;
        }
        if matches!(line[0], b' ' | b'\t') {
            match cur.fields.last_mut() {
                Some(f) => {
                    f.value.push('\n');
                    f.value.push_str(String::from_utf8_lossy(line).trim_start());
                }
                None => problems.note(n, "a continuation line without a field before it"),
            }
            continue;
        }
        match memchr(b':', line) {
            Some(colon) if colon > 0 && !line[..colon].contains(&b' ') => {
                if cur.fields.is_empty() {
                    cur.line = n;
                }
                cur.fields.push(Field {
                    name: lossy(&line[..colon]),
                    value: String::from_utf8_lossy(&line[colon + 1..])
                        .trim()
                        .to_string(),
                });
            }
            _ => problems.note(n, "expected a \"Field: value\" line"),
        }
    }
    if !cur.fields.is_empty() {
        out.push(cur);
    }
    out
}

/// `s` or `None` when it is empty or a placeholder a tool writes for "unknown".
pub(super) fn known(s: Option<&str>) -> Option<String> {
    let s = s?.trim();
    (!s.is_empty() && !s.eq_ignore_ascii_case("UNKNOWN") && !s.eq_ignore_ascii_case("None"))
        .then(|| s.to_string())
}

/// The folder holding `path` (`/a/b` for `/a/b/c`, `/` for `/c`).
pub(super) fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) => "/",
        Some(i) => &path[..i],
        None => "",
    }
}

/// `rel` resolved against the absolute folder `base` (`..` and `.` applied, never above `/`),
/// or taken as it is when already absolute.
pub(super) fn join(base: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let start = if rel.starts_with('/') { "" } else { base };
    for seg in start.split('/').chain(rel.split('/')) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = String::with_capacity(base.len() + rel.len() + 1);
    for p in parts {
        out.push('/');
        out.push_str(p);
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}
