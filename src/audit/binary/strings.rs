//! The one pass over a file's bytes: an Aho-Corasick automaton, built once per run, holding every
//! watched name, alias, domain, file name and file-name prefix in ASCII/UTF-8 and UTF-16LE, plus
//! the Go build-information magic. A hit is widened to the printable string around it, which is
//! classified (copyright notice, endpoint, or plain text) and kept once.
//!
//! Which aliases are searched: an alias the watchlist marks short (ZTE, DJI) and any name under
//! [`MIN_PATTERN_BYTES`] bytes is not, since three or four letters occur by chance in any large
//! binary; and a hit on a Latin name must stand as a word (not inside a longer lowercase word).

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::{Examined, go};
use crate::model::ObservationKind;
use crate::watchlist::Watchlist;

/// Shortest name, domain or file name searched, in UTF-8 bytes (`华为` is six, `Dahua` five).
const MIN_PATTERN_BYTES: usize = 5;
/// At most this many `strings` observations are kept per file.
pub(super) const MAX_STRINGS: usize = 32;
/// Most patterns searched with a DFA (see [`Automaton::new`]).
const MAX_DFA_PATTERNS: usize = 4000;
/// How far a string is widened on each side of a hit, in bytes (ASCII) or code units (UTF-16).
const MAX_SIDE: usize = 160;

/// What a pattern is, which decides how its string is classified and bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum What {
    Name,
    Domain,
    File,
    Prefix,
    GoMagic,
}

/// The automaton and, for each pattern id, what it is and its encoding.
#[derive(Debug)]
pub(super) struct Automaton {
    ac: Option<AhoCorasick>,
    meta: Vec<(What, bool)>,
}

impl Automaton {
    /// Every searchable text of every entry, each in both encodings.
    pub(super) fn new(watchlist: &Watchlist) -> Automaton {
        let mut texts: Vec<(String, What)> = Vec::new();
        let mut add = |t: &str, what: What| {
            let t = t.trim();
            if t.len() >= MIN_PATTERN_BYTES {
                texts.push((t.to_string(), what));
            }
        };
        for e in &watchlist.entries {
            add(&e.name, What::Name);
            for a in e.aliases.iter().filter(|a| !a.short) {
                add(&a.text, What::Name);
            }
            // Subsidiaries and brands (HiSilicon, EZVIZ) sign and copyright code in their own name.
            for r in &e.relations {
                add(&r.name, What::Name);
                for a in r.aliases.iter().filter(|a| !a.short) {
                    add(&a.text, What::Name);
                }
            }
            let ids = &e.identifiers;
            ids.domains.iter().for_each(|d| add(d, What::Domain));
            ids.file_names.iter().for_each(|f| add(f, What::File));
            ids.file_name_prefixes
                .iter()
                .for_each(|f| add(f, What::Prefix));
        }
        // Case-insensitive matching makes `KASPERSKY` and `kaspersky` one pattern.
        texts.sort_by_cached_key(|t| t.0.to_lowercase());
        texts.dedup_by(|a, b| a.0.eq_ignore_ascii_case(&b.0));
        let mut bytes: Vec<Vec<u8>> = Vec::with_capacity(texts.len() * 2 + 1);
        let mut meta = Vec::with_capacity(texts.len() * 2 + 1);
        bytes.push(go::MAGIC.to_vec());
        meta.push((What::GoMagic, false));
        for (t, what) in &texts {
            bytes.push(t.as_bytes().to_vec());
            meta.push((*what, false));
            bytes.push(t.encode_utf16().flat_map(u16::to_le_bytes).collect());
            meta.push((*what, true));
        }
        // A DFA is the fastest search, and the built-in list's few hundred patterns keep it
        // to a few megabytes; an imported list of tens of thousands of names would make it
        // hundreds, so past MAX_DFA_PATTERNS the crate picks (a contiguous NFA).
        let kind = (bytes.len() <= MAX_DFA_PATTERNS).then_some(AhoCorasickKind::DFA);
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(kind)
            .build(&bytes)
            .ok();
        Automaton { ac, meta }
    }

    /// How many byte patterns there are.
    pub(super) fn len(&self) -> usize {
        self.meta.len()
    }

    /// Searches all of `data` once: Go build information, then watched strings as observations,
    /// except inside `skip` (code signatures, whose names are already the signer's).
    pub(super) fn scan(&self, data: &[u8], skip: &[Range<usize>], out: &mut Examined) {
        let Some(ac) = &self.ac else { return };
        let mut kept = 0;
        // Hits inside a string already taken are skipped.
        let mut covered = 0;
        for m in ac.find_iter(data) {
            let (what, utf16) = self.meta[m.pattern().as_usize()];
            if what == What::GoMagic {
                if out.go.is_none() {
                    out.go = go::read(data, m.start());
                }
                continue;
            }
            if kept >= MAX_STRINGS
                || m.start() < covered
                || skip.iter().any(|r| r.contains(&m.start()))
            {
                continue;
            }
            let step = if utf16 { 2 } else { 1 };
            if !stands_alone(data, m.start(), m.end(), step, what) {
                continue;
            }
            let Some(s) = widen(data, m.start(), m.end(), utf16) else {
                continue;
            };
            covered = s.end;
            let (kind, range) = classify(&s.text, s.hit.clone(), what);
            let value = &s.text[range.clone()];
            if out.observations.iter().any(|o| o.value == value) {
                continue;
            }
            // The offset of the value itself (a URL's, not its sentence's).
            let offset = if utf16 {
                s.start + 2 * s.text[..range.start].encode_utf16().count()
            } else {
                s.start + range.start
            };
            let detail = format!("at {offset:#x}, {}", s.encoding);
            let before = out.observations.len();
            out.observe(kind, "strings", value, &detail);
            kept += out.observations.len() - before;
        }
    }
}

/// The byte (or UTF-16 code unit, when `step` is 2) before `start` and at `end`, as ASCII.
fn neighbours(data: &[u8], start: usize, end: usize, step: usize) -> (Option<u8>, Option<u8>) {
    let ascii = |p: usize| -> Option<u8> {
        let b = *data.get(p)?;
        (step == 1 || data.get(p + 1) == Some(&0)).then_some(b)
    };
    (start.checked_sub(step).and_then(ascii), ascii(end))
}

/// Whether a hit is a word of its own: a Latin name not glued to lowercase letters around it
/// (`KasperskyLab` and `kaspersky_av` pass, `unkaspersky` does not), a domain not part of a
/// longer host name (`xkaspersky.com`), a file name not part of a longer one (`navp.exe`).
fn stands_alone(data: &[u8], start: usize, end: usize, step: usize, what: What) -> bool {
    let (before, after) = neighbours(data, start, end, step);
    let alnum = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
    let (first, last) = (data[start], data[end - step]);
    match what {
        What::Domain => {
            let host = |b: Option<u8>| alnum(b) || b == Some(b'-');
            !host(before) && !host(after)
        }
        What::File => !alnum(before) && !alnum(after),
        What::Prefix => !alnum(before),
        What::Name | What::GoMagic => {
            let glued_before = first.is_ascii_alphabetic()
                && before.is_some_and(|b| {
                    b.is_ascii_lowercase() || (b.is_ascii_uppercase() && first.is_ascii_lowercase())
                });
            let glued_after = last.is_ascii_alphabetic()
                && after.is_some_and(|b| {
                    b.is_ascii_lowercase() || (b.is_ascii_uppercase() && last.is_ascii_uppercase())
                });
            !glued_before && !glued_after
        }
    }
}

/// A printable string found around a hit.
struct Widened {
    /// The text.
    text: String,
    /// Where the hit is in `text` (byte range).
    hit: Range<usize>,
    /// File offset of the string's first byte.
    start: usize,
    /// File offset just past it.
    end: usize,
    /// `ASCII`, `UTF-8` or `UTF-16LE`.
    encoding: &'static str,
}

/// The printable run around `[start, end)`, at most [`MAX_SIDE`] on each side.
fn widen(data: &[u8], start: usize, end: usize, utf16: bool) -> Option<Widened> {
    if utf16 {
        let unit = |p: usize| data.get(p..p + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
        // Latin, Greek, Cyrillic and punctuation widen any hit; Han and other wide scripts only
        // a hit in such a script, since two ASCII bytes read as one unit are often a Han one.
        let wide = data[start..end]
            .chunks(2)
            .any(|u| u.get(1).is_some_and(|&h| h >= 0x05));
        let text = |u: u16| {
            (0x20..0x7f).contains(&u)
                || u == 0x09
                || (0xa0..0x530).contains(&u)
                || (0x2000..0x2200).contains(&u)
                || (wide && (0x2e80..0xa000).contains(&u))
                || (wide && (0xac00..0xd7a4).contains(&u))
                || (wide && (0xff00..0xfff0).contains(&u))
        };
        let mut s = start;
        while start - s < MAX_SIDE * 2 && s >= 2 && unit(s - 2).is_some_and(text) {
            s -= 2;
        }
        let mut e = end;
        while e - end < MAX_SIDE * 2 && unit(e).is_some_and(text) {
            e += 2;
        }
        let units: Vec<u16> = (s..e).step_by(2).filter_map(unit).collect();
        let head = String::from_utf16_lossy(&units[..(start - s) / 2]).len();
        let text = String::from_utf16_lossy(&units);
        let hit_len = String::from_utf16_lossy(&units[(start - s) / 2..(end - s) / 2]).len();
        return Some(Widened {
            hit: head..head + hit_len,
            text,
            start: s,
            end: e,
            encoding: "UTF-16LE",
        });
    }
    let text = |b: u8| (0x20..0x7f).contains(&b) || b == b'\t' || b >= 0x80;
    let mut s = start;
    while start - s < MAX_SIDE && s > 0 && text(data[s - 1]) {
        s -= 1;
    }
    let mut e = end;
    while e - end < MAX_SIDE && e < data.len() && text(data[e]) {
        e += 1;
    }
    // Bytes of 0x80 and up are kept only as valid UTF-8: the valid chunk holding the hit.
    let mut at = s;
    for chunk in data[s..e].utf8_chunks() {
        let valid = chunk.valid();
        let (cs, ce) = (at, at + valid.len());
        if cs <= start && end <= ce {
            // Widening stops at the first control character on each side.
            let rel = (start - cs, end - cs);
            let left = valid[..rel.0]
                .rfind(|c: char| c.is_control() && c != '\t')
                .map_or(0, |p| p + 1);
            let right = valid[rel.1..]
                .find(|c: char| c.is_control() && c != '\t')
                .map_or(valid.len(), |p| rel.1 + p);
            let t = &valid[left..right];
            return Some(Widened {
                text: t.to_string(),
                hit: rel.0 - left..rel.1 - left,
                start: cs + left,
                end: cs + right,
                encoding: if t.is_ascii() { "ASCII" } else { "UTF-8" },
            });
        }
        at = ce + chunk.invalid().len();
    }
    None
}

/// A copyright notice stays whole (its holder is read from it); a domain or URL is cut to its
/// token; anything else is text. Returns the kind and the value's range in `text`.
fn classify(text: &str, hit: Range<usize>, what: What) -> (ObservationKind, Range<usize>) {
    let lower = text.to_lowercase();
    if lower.contains("copyright")
        || lower.contains("(c)")
        || text.contains('©')
        || lower.contains("all rights reserved")
    {
        return (ObservationKind::Copyright, trimmed(text, 0..text.len()));
    }
    let sep = |c: char| c.is_whitespace() || "\"'<>()[]{},;|".contains(c);
    let from = text
        .get(..hit.start)
        .and_then(|t| t.rfind(sep))
        .map_or(0, |p| p + 1);
    let to = text
        .get(hit.end..)
        .and_then(|t| t.find(sep))
        .map_or(text.len(), |p| hit.end + p);
    let token = text.get(from..to).unwrap_or_default();
    let token_lower = token.to_ascii_lowercase();
    if what == What::Domain || token_lower.contains("://") || token_lower.starts_with("www.") {
        let kept = token.trim_end_matches(['.', ':']).len();
        return (ObservationKind::Endpoint, from..from + kept);
    }
    (ObservationKind::Text, trimmed(text, 0..text.len()))
}

/// `range` of `text` without the white space at its ends.
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    start..start + s.trim().len()
}
