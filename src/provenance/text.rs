//! Parties named in free text: the holders in copyright notices, and "by X" in descriptions.
//! Text is the weakest evidence, so extraction is conservative: when in doubt, nothing.

/// Upper bound on notices read from one copyright text (SPDX files can hold thousands).
const MAX_NOTICES: usize = 64;

/// The holders named in a copyright text, each with the notice it came from.
///
/// `Copyright (C) 1997-2023 AO Kaspersky Lab. All Rights Reserved.` gives `AO Kaspersky Lab`.
/// A text with several notices (one per line, or several `Copyright` in one line) gives one
/// holder per notice.
pub fn copyright_holders(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        let lower = line.to_ascii_lowercase();
        if !(lower.contains("copyright") || lower.contains("(c)") || line.contains('©')) {
            continue;
        }
        for notice in split_notices(line) {
            if out.len() >= MAX_NOTICES {
                return out;
            }
            if let Some(holder) = holder_of(notice)
                && !out.iter().any(|(h, _)| h.eq_ignore_ascii_case(&holder))
            {
                out.push((holder, line.to_string()));
            }
        }
    }
    out
}

/// Splits `Copyright 2001 A. Copyright 2005 B` into one notice per `Copyright`.
fn split_notices(line: &str) -> Vec<&str> {
    let lower = line.to_ascii_lowercase();
    let mut starts: Vec<usize> = lower.match_indices("copyright").map(|(i, _)| i).collect();
    starts.dedup_by(|b, a| *b < *a + 9);
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    let mut out = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(line.len());
        if line.is_char_boundary(s) && line.is_char_boundary(e) {
            out.push(&line[s..e]);
        }
    }
    out
}

fn holder_of(notice: &str) -> Option<String> {
    let mut s = notice.trim();
    // Leading markers and years, in any order: "Copyright (C) 1997-2023,", "© 2020".
    loop {
        let before = s.len();
        for marker in [
            "copyright",
            "(c)",
            "©",
            "copr.",
            "&copy;",
            ":",
            ",",
            "-",
            "by ",
        ] {
            if s.len() >= marker.len()
                && s.is_char_boundary(marker.len())
                && s[..marker.len()].eq_ignore_ascii_case(marker)
            {
                s = s[marker.len()..].trim_start();
            }
        }
        let digits = s
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_digit() || matches!(c, '-' | ',' | ' ' | '–' | '/'))
            .last()
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or(0);
        if digits > 0 && s[..digits].chars().any(|c| c.is_ascii_digit()) {
            s = s[digits..].trim_start();
        }
        if s.len() == before {
            break;
        }
    }
    // Trailing boilerplate.
    let lower = s.to_ascii_lowercase();
    let mut end = s.len();
    for tail in [
        "all rights reserved",
        "some rights reserved",
        "licensed under",
        "<",
        "http",
        " - ",
    ] {
        if let Some(p) = lower.find(tail) {
            end = end.min(p);
        }
    }
    let holder = s[..end]
        .trim()
        .trim_end_matches(['.', ',', ';', ' '])
        .trim();
    let letters = holder.chars().filter(|c| c.is_alphabetic()).count();
    let useless = [
        "notice",
        "holder",
        "holders",
        "owner",
        "the authors",
        "noassertion",
        "none",
    ];
    if letters < 2 || holder.len() > 120 || useless.contains(&holder.to_ascii_lowercase().as_str())
    {
        return None;
    }
    Some(holder.to_string())
}

/// The organisation named after "by" in a description: `Anti-virus engine by Kaspersky Lab.`
/// gives `Kaspersky Lab`. Only capitalised words count, so "used by many" gives nothing.
pub fn made_by(description: &str) -> Option<String> {
    // Every phrase below ends in "by ": most descriptions have none, and are passed over
    // without being lower-cased and searched eight times.
    if !has_by(description) {
        return None;
    }
    let lower = description.to_ascii_lowercase();
    for verb in [
        "developed by ",
        "provided by ",
        "made by ",
        "maintained by ",
        "published by ",
        "produced by ",
        "powered by ",
        " by ",
    ] {
        let Some(p) = lower.find(verb) else { continue };
        let rest = &description[p + verb.len()..];
        let words: Vec<&str> = rest
            .split_whitespace()
            .take_while(|w| {
                w.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            })
            .take(6)
            .collect();
        if words.is_empty() {
            continue;
        }
        let name = words.join(" ");
        let name = name.trim_end_matches(['.', ',', ';', ':', ')']).to_string();
        if name.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
            return Some(name);
        }
    }
    None
}

/// Whether `s` holds "by " in any ASCII case.
fn has_by(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr2_iter(b'y', b'Y', b)
        .any(|i| i > 0 && b[i - 1].eq_ignore_ascii_case(&b'b') && b.get(i + 1) == Some(&b' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holders(t: &str) -> Vec<String> {
        copyright_holders(t).into_iter().map(|(h, _)| h).collect()
    }

    #[test]
    fn copyright_holders_are_extracted() {
        assert_eq!(
            holders("Copyright (C) 1997-2023 AO Kaspersky Lab. All Rights Reserved."),
            ["AO Kaspersky Lab"]
        );
        assert_eq!(
            holders("© 2020, 2021 Huawei Technologies Co., Ltd."),
            ["Huawei Technologies Co., Ltd"]
        );
        assert_eq!(
            holders(
                "Copyright 2001 Alice Example\nCopyright (c) 2005-2007 Bob Corp <bob@example.com>\nno notice here"
            ),
            ["Alice Example", "Bob Corp"]
        );
        assert_eq!(
            holders("Copyright 2010 A Inc. Copyright 2012 B GmbH"),
            ["A Inc", "B GmbH"]
        );
        assert!(holders("NOASSERTION").is_empty());
        assert!(holders("Copyright (c) 2019").is_empty());
        assert!(holders("Copyright © notice").is_empty());
    }

    #[test]
    fn made_by_needs_a_capitalised_name() {
        assert_eq!(
            made_by("Anti-virus engine by Kaspersky Lab.").as_deref(),
            Some("Kaspersky Lab")
        );
        assert_eq!(
            made_by("Developed by ZTE Corporation for routers").as_deref(),
            Some("ZTE Corporation")
        );
        assert_eq!(made_by("a library used by many projects"), None);
        assert_eq!(
            made_by("Engine MADE BY Kaspersky Lab").as_deref(),
            Some("Kaspersky Lab")
        );
        assert_eq!(made_by("ends with by"), None);
        assert_eq!(made_by("no attribution"), None);
    }
}
