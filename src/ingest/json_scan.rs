//! A structural JSON scanner: recognises CycloneDX/SPDX JSON without a second full parse in the
//! common case, and finds the line of every component's JSON pointer in one pass, skipping
//! everything no pointer leads into. serde's typed parse, which is what makes reading fast,
//! keeps no positions; this pass adds them back at a fraction of the cost.

use std::collections::HashMap;

use serde::de::IgnoredAny;

use super::Detected;
use crate::model::{Sbom, Standard, Syntax};

/// Recognises CycloneDX JSON, SPDX 2 JSON and SPDX 3 JSON-LD.
pub(super) fn sniff(body: &str) -> Option<Detected> {
    let head = &body[..super::floor_char_boundary(body, 4096)];
    if is_json_schema(head) {
        // The CycloneDX and SPDX JSON Schemas name every SBOM key in their `properties`;
        // they describe SBOMs but are not one.
        return None;
    }
    if let Some(d) = classify(
        head.contains("\"bomFormat\"") && head.contains("CycloneDX"),
        head.contains("\"spdxVersion\""),
        head.contains("\"@context\"") && head.contains("spdx.org/rdf/3"),
    ) {
        return Some(d);
    }
    // Markers may come late (generators that sort keys put `spdxVersion` after the packages):
    // look at the top-level keys properly.
    #[derive(serde::Deserialize)]
    struct Probe {
        #[serde(rename = "bomFormat")]
        bom_format: Option<serde_json::Value>,
        #[serde(rename = "specVersion")]
        spec_version: Option<serde::de::IgnoredAny>,
        #[serde(rename = "spdxVersion")]
        spdx_version: Option<serde::de::IgnoredAny>,
        #[serde(rename = "@context")]
        context: Option<serde_json::Value>,
        #[serde(rename = "$schema")]
        schema: Option<serde_json::Value>,
        components: Option<serde::de::IgnoredAny>,
    }
    // A streaming deserializer stops at the end of the top-level value: real files carry
    // trailing junk (a web page footer pasted after the JSON), and the reader warns about it.
    match <Probe as serde::Deserialize>::deserialize(&mut serde_json::Deserializer::from_str(body))
    {
        Ok(p) => {
            let text = |v: &Option<serde_json::Value>| {
                v.as_ref().map(|v| v.to_string()).unwrap_or_default()
            };
            let schema = text(&p.schema);
            // CycloneDX without `bomFormat` (a hand-edit slip) still has specVersion + components.
            classify(
                text(&p.bom_format).contains("CycloneDX")
                    || (p.spec_version.is_some()
                        && (schema.contains("cyclonedx") || p.components.is_some())),
                p.spdx_version.is_some(),
                text(&p.context).contains("spdx.org/rdf/3"),
            )
        }
        // Broken JSON: recognise it by its markers anywhere in the head so that the reader
        // reports the syntax error with its line, instead of "not an SBOM".
        Err(_) => classify(
            head.contains("\"bomFormat\""),
            head.contains("\"spdxVersion\""),
            head.contains("\"@context\"") && head.contains("spdx"),
        ),
    }
}

/// Whether the document declares a JSON Schema meta-schema (`"$schema": "http://json-schema.org/..."`).
fn is_json_schema(head: &str) -> bool {
    let Some(at) = head.find("\"$schema\"") else {
        return false;
    };
    let rest = head[at + 9..]
        .trim_start()
        .trim_start_matches(':')
        .trim_start();
    rest.starts_with("\"http://json-schema.org/") || rest.starts_with("\"https://json-schema.org/")
}

fn classify(cyclonedx: bool, spdx2: bool, spdx3: bool) -> Option<Detected> {
    let (standard, syntax) = if cyclonedx {
        (Standard::CycloneDx, Syntax::Json)
    } else if spdx2 {
        (Standard::Spdx2, Syntax::Json)
    } else if spdx3 {
        (Standard::Spdx3, Syntax::JsonLd)
    } else {
        return None;
    };
    Some(Detected {
        standard,
        syntax,
        version: None,
    })
}

/// A trie of the JSON pointers we want offsets for.
#[derive(Default)]
struct Node {
    children: HashMap<String, Node>,
    targets: Vec<usize>,
}

/// Sets `location.line` of every component that has none yet and whose pointer is found in the
/// text.
pub(super) fn resolve_lines(text: &str, sbom: &mut Sbom) {
    let wanted: Vec<usize> = (0..sbom.components.len())
        .filter(|&i| {
            let l = &sbom.components[i].location;
            l.line.is_none() && l.pointer.starts_with('/')
        })
        .collect();
    if wanted.is_empty() {
        return;
    }
    let pointers: Vec<&str> = wanted
        .iter()
        .map(|&i| sbom.components[i].location.pointer.as_str())
        .collect();
    let lines = lines_of(text, &pointers);
    for (i, line) in wanted.into_iter().zip(lines) {
        sbom.components[i].location.line = line;
    }
}

/// Where `part`, a slice of `text`, starts in it (slices read in outline point into the text).
pub(super) fn offset(text: &str, part: &str) -> usize {
    part.as_ptr() as usize - text.as_ptr() as usize
}

/// The number of line feeds in `text[from..to]`.
pub(super) fn newlines(text: &str, from: usize, to: usize) -> usize {
    memchr::memchr_iter(b'\n', &text.as_bytes()[from..to]).count()
}

/// A line number as the model keeps it.
pub(super) fn model_line(line: usize) -> u32 {
    u32::try_from(line).unwrap_or(u32::MAX)
}

/// The 1-based line of the value each JSON pointer leads to, `None` where it leads nowhere.
pub(super) fn lines_of(text: &str, pointers: &[&str]) -> Vec<Option<u32>> {
    let mut lines = vec![None; pointers.len()];
    let mut root = Node::default();
    for (i, pointer) in pointers.iter().enumerate() {
        let Some(rest) = pointer.strip_prefix('/') else {
            continue;
        };
        let mut node = &mut root;
        for seg in rest.split('/') {
            node = if seg.contains('~') {
                let seg = seg.replace("~1", "/").replace("~0", "~");
                node.children.entry(seg).or_default()
            } else {
                // Most segments are already in the trie: look up before allocating a key.
                if !node.children.contains_key(seg) {
                    node.children.insert(seg.to_string(), Node::default());
                }
                node.children.get_mut(seg).expect("inserted above")
            };
        }
        node.targets.push(i);
    }
    if root.children.is_empty() {
        return lines;
    }
    let mut found = Vec::new();
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
    };
    s.ws();
    if s.walk(&root, &mut found).is_none() {
        return lines; // the typed parse succeeded, so this only happens on inputs we do not expect
    }
    // The walk meets values in document order, so lines are counted forward, never indexed.
    let (mut line, mut at) = (1usize, 0usize);
    for (target, offset) in found {
        line += newlines(text, at, offset);
        at = offset;
        lines[target] = Some(model_line(line));
    }
    lines
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Scanner<'a> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\r' | b'\n') {
            self.i += 1;
        }
    }

    /// Positioned on a value: record it for the node's targets, then descend where the trie
    /// leads and skip the rest.
    fn walk(&mut self, node: &Node, found: &mut Vec<(usize, usize)>) -> Option<()> {
        for &t in &node.targets {
            found.push((t, self.i));
        }
        if node.children.is_empty() {
            return self.skip_value();
        }
        match *self.b.get(self.i)? {
            b'{' => {
                self.i += 1;
                loop {
                    self.ws();
                    match *self.b.get(self.i)? {
                        b'}' => {
                            self.i += 1;
                            return Some(());
                        }
                        b',' => self.i += 1,
                        b'"' => {
                            let key = self.string()?;
                            self.ws();
                            (*self.b.get(self.i)? == b':').then_some(())?;
                            self.i += 1;
                            self.ws();
                            match node.children.get(key) {
                                Some(child) => self.walk(child, found)?,
                                None => self.skip_value()?,
                            }
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut index = 0usize;
                let mut key = String::new();
                loop {
                    self.ws();
                    match *self.b.get(self.i)? {
                        b']' => {
                            self.i += 1;
                            return Some(());
                        }
                        b',' => self.i += 1,
                        _ => {
                            key.clear();
                            key.push_str(itoa_usize(index, &mut [0u8; 20]));
                            match node.children.get(key.as_str()) {
                                Some(child) => self.walk(child, found)?,
                                None => self.skip_value()?,
                            }
                            index += 1;
                        }
                    }
                }
            }
            _ => self.skip_value(),
        }
    }

    /// Positioned on `"`: returns the raw (unescaped-as-is) content and moves past the quote.
    fn string(&mut self) -> Option<&'a str> {
        let start = self.i + 1;
        let mut j = start;
        loop {
            j += memchr::memchr2(b'"', b'\\', &self.b[j..])?;
            if self.b[j] == b'\\' {
                j += 2;
                continue;
            }
            self.i = j + 1;
            return std::str::from_utf8(&self.b[start..j]).ok();
        }
    }

    /// Skips one value of any kind with serde_json's own validating skipper, the fastest
    /// there is here, and moves past it.
    fn skip_value(&mut self) -> Option<()> {
        let rest = self.b.get(self.i..)?;
        let mut values = serde_json::Deserializer::from_slice(rest).into_iter::<IgnoredAny>();
        values.next()?.ok()?;
        self.i += values.byte_offset();
        Some(())
    }
}

fn itoa_usize(mut n: usize, buf: &mut [u8; 20]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).unwrap_or("0")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, Location};

    #[test]
    fn finds_lines_of_nested_pointers() {
        let text = "{\n \"x\": [1, {\"a\": \"]\\\"\"}],\n \"components\": [\n  {\"name\": \"a\"},\n  {\"name\": \"b\",\n   \"components\": [\n    {\"name\": \"c\"}]}\n ]\n}";
        let mut sbom = Sbom::new("t", Standard::CycloneDx, Syntax::Json, "1.6");
        for p in [
            "/components/0",
            "/components/1",
            "/components/1/components/0",
            "/components/9",
        ] {
            sbom.components.push(Component {
                location: Location::at(p),
                ..Component::default()
            });
        }
        resolve_lines(text, &mut sbom);
        let lines: Vec<_> = sbom.components.iter().map(|c| c.location.line).collect();
        assert_eq!(lines, vec![Some(4), Some(5), Some(7), None]);
    }

    #[test]
    fn sniffs_late_markers() {
        let late = format!(
            "{{\"packages\": [{}], \"spdxVersion\": \"SPDX-2.3\"}}",
            "{\"name\":\"x\"},".repeat(500) + "{}"
        );
        assert_eq!(sniff(&late).unwrap().standard, Standard::Spdx2);
        assert!(sniff("{\"name\": \"not an sbom\"}").is_none());
        let schema = r#"{"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"bomFormat": {"enum": ["CycloneDX"]}}}"#;
        assert!(sniff(schema).is_none());
    }
}
