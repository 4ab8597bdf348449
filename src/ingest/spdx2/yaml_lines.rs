//! Lines of the elements of a block-style SPDX 2 YAML document (`packages:` then `- name: ...`
//! items), so that findings in YAML land on a line as they do in every other format. The YAML
//! parser keeps no positions; the SPDX tools write block style, which a line scan reads. A
//! flow-style section (`packages: [{...}]`) gets no lines, as before.

use std::collections::HashMap;

/// The 1-based line of the `i`th item of each top-level section named in `sections`, keyed by
/// the JSON pointer the reader gives the element (`/packages/3`).
pub(super) fn lines_of(text: &str, sections: &[&str]) -> HashMap<String, u32> {
    let mut out = HashMap::new();
    let mut current: Option<&str> = None;
    let mut indent: Option<usize> = None;
    let mut count = 0usize;
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let depth = line.len() - trimmed.len();
        if depth == 0 && !trimmed.starts_with('-') {
            // A top-level key: a section starts or the current one ends.
            let key = trimmed
                .split(':')
                .next()
                .unwrap_or_default()
                .trim()
                .trim_matches(['"', '\'']);
            current = sections.iter().copied().find(|s| *s == key);
            indent = None;
            count = 0;
            continue;
        }
        let Some(section) = current else { continue };
        let item = trimmed == "-" || trimmed.starts_with("- ");
        if !item {
            continue;
        }
        match indent {
            None => indent = Some(depth),
            Some(i) if i != depth => continue,
            Some(_) => {}
        }
        let line_no = u32::try_from(n + 1).unwrap_or(u32::MAX);
        out.insert(format!("/{section}/{count}"), line_no);
        count += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::lines_of;

    #[test]
    fn items_of_each_section_get_their_line() {
        let text = "\
spdxVersion: SPDX-2.3
packages:
- SPDXID: SPDXRef-a
  name: a
  checksums:
  - algorithm: SHA1
    checksumValue: aa
- SPDXID: SPDXRef-b
  description: |
    - not an item
files:
  - SPDXID: SPDXRef-f
    fileName: ./x
relationships:
- spdxElementId: SPDXRef-a
";
        let lines = lines_of(text, &["packages", "files"]);
        assert_eq!(lines.get("/packages/0"), Some(&3));
        assert_eq!(lines.get("/packages/1"), Some(&8));
        assert_eq!(lines.get("/packages/2"), None);
        assert_eq!(lines.get("/files/0"), Some(&12));
        assert_eq!(lines.len(), 3);
    }
}
