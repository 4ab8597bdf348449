//! Name normalisation shared by every name and text matcher: NFKC, case folding, confusable
//! folding (UTS #39 skeletons, so a Cyrillic "а" inside "Kaspersky" is still Kaspersky), and
//! tokenising into whole words. Legal suffixes are stripped from party names so that
//! "Huawei Technologies Co., Ltd." and "HUAWEI TECHNOLOGIES CO LTD" compare equal.

use unicode_normalization::UnicodeNormalization;
use unicode_security::confusable_detection::skeleton;

/// Legal-form words dropped from the end of a party name (after folding). Latin and
/// transliterated forms; the Cyrillic forms fold to these through their skeletons.
const LEGAL_SUFFIXES: &[&str] = &[
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "llp",
    "lp",
    "gmbh",
    "mbh",
    "ag",
    "kg",
    "ao",
    "ooo",
    "zao",
    "oao",
    "pao",
    "jsc",
    "pjsc",
    "cjsc",
    "co",
    "corp",
    "corporation",
    "company",
    "plc",
    "sa",
    "sarl",
    "srl",
    "spa",
    "bv",
    "nv",
    "kk",
    "pte",
    "pty",
    "oy",
    "ab",
    "as",
    "sas",
    "se",
    "ltda",
    "lda",
    "group",
    "holding",
    "holdings",
];

/// Words that may stand next to a brand in a company name without making it a person's name:
/// "Huawei Device Co., Ltd.", "Hikvision 2023", "Kaspersky Lab UK". Used to tell a company
/// ("Dahua Technology") from a person who shares a word with it ("Dahua Lin").
const CORPORATE_WORDS: &[&str] = &[
    "technologies",
    "technology",
    "tech",
    "digital",
    "device",
    "devices",
    "cloud",
    "computing",
    "lab",
    "labs",
    "laboratory",
    "software",
    "systems",
    "system",
    "network",
    "networks",
    "communications",
    "communication",
    "telecom",
    "telecommunications",
    "international",
    "electronics",
    "security",
    "information",
    "innovation",
    "innovations",
    "global",
    "usa",
    "us",
    "uk",
    "america",
    "americas",
    "china",
    "hong",
    "kong",
    "shenzhen",
    "hangzhou",
    "beijing",
    "shanghai",
    "zhejiang",
    "investment",
    "the",
    "and",
    "its",
    "affiliates",
    "affiliate",
    "subsidiaries",
    "all",
    "rights",
    "reserved",
    "mobile",
    "terminal",
    "terminals",
    "wireless",
    "solutions",
    "services",
    "intelligent",
    "vision",
    "robotics",
    "cybersecurity",
    "international",
    "trading",
    "industrial",
    "enterprise",
    "enterprises",
    "rus",
    "russia",
    "moscow",
    "europe",
    "deutschland",
    "japan",
];

/// Whether a folded word can stand beside a brand in a company name: a legal form, a
/// corporate word, or a number (years in copyright notices).
pub fn is_corporate_word(w: &str) -> bool {
    LEGAL_SUFFIXES.contains(&w)
        || CORPORATE_WORDS.contains(&w)
        || w.bytes().all(|b| b.is_ascii_digit())
}

/// Chinese company-form endings, stripped before tokenising.
const CJK_SUFFIXES: &[&str] = &["股份有限公司", "有限责任公司", "有限公司", "集团", "公司"];

/// Folds a string for comparison: NFKC, lower case, confusables to their prototype, then lower
/// case again (prototypes may be capitals). Non-alphanumeric characters become spaces.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        // NFKC and the confusable prototypes leave ASCII as it is: only case and punctuation.
        return s
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() {
                    char::from(b.to_ascii_lowercase())
                } else {
                    ' '
                }
            })
            .collect();
    }
    let nfkc: String = s.nfkc().flat_map(char::to_lowercase).collect();
    let mut out = String::with_capacity(nfkc.len());
    let push = |ch: char, out: &mut String| {
        if ch.is_alphanumeric() {
            out.push(ch);
        } else if !ch.is_mark() {
            out.push(' ');
        }
    };
    for ch in nfkc.chars() {
        // ASCII is its own prototype for our purpose (digits stay digits); only non-ASCII
        // letters are folded to their UTS #39 prototype, one character at a time, so that the
        // same rule applies to watchlist aliases and SBOM text alike.
        if ch.is_ascii() || is_han(ch) {
            push(ch, &mut out);
        } else {
            let mut buf = [0u8; 4];
            for p in skeleton(ch.encode_utf8(&mut buf)).flat_map(char::to_lowercase) {
                push(p, &mut out);
            }
        }
    }
    out
}

trait IsMark {
    fn is_mark(&self) -> bool;
}

impl IsMark for char {
    /// Combining marks left by the skeleton's decomposition; dropping them makes "Huáwei" Huawei.
    fn is_mark(&self) -> bool {
        matches!(*self as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
    }
}

/// Whether a character is Han (Chinese), which has no spaces between words.
pub fn is_han(ch: char) -> bool {
    matches!(ch as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF)
}

/// The words of a folded string, each Han character run kept as one word.
pub fn tokens(folded: &str) -> Vec<&str> {
    folded.split_whitespace().collect()
}

/// Folds a party name and drops legal-form words at its end: the key under which party names
/// are compared for equality.
pub fn party_key(name: &str) -> String {
    let mut trimmed = name.trim();
    for suffix in CJK_SUFFIXES {
        if let Some(rest) = trimmed.strip_suffix(suffix) {
            trimmed = rest;
            break;
        }
    }
    let folded = fold(trimmed);
    let mut words = tokens(&folded);
    while words.len() > 1 && words.last().is_some_and(|w| LEGAL_SUFFIXES.contains(w)) {
        words.pop();
    }
    // Legal forms also lead Russian names: "AO Kaspersky Lab", "OOO ...".
    while words.len() > 1
        && matches!(
            words.first().copied(),
            Some("ao" | "ooo" | "zao" | "oao" | "pao" | "jsc")
        )
    {
        words.remove(0);
    }
    words.join(" ")
}

/// A folded text padded with spaces, so that ` word ` patterns match whole words only.
pub fn padded(s: &str) -> String {
    let mut out = String::new();
    padded_into(s, &mut out);
    out
}

/// [`padded`] into a reused buffer (cleared first). ASCII text, by far the most common in
/// SBOMs, takes a fast path that gives the same result without NFKC or skeleton lookups.
pub fn padded_into(s: &str, out: &mut String) {
    out.clear();
    out.push(' ');
    if s.is_ascii() {
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() {
                out.push(char::from(b.to_ascii_lowercase()));
            } else if !out.ends_with(' ') {
                out.push(' ');
            }
        }
    } else {
        for w in fold(s).split_whitespace() {
            out.push_str(w);
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_width_and_confusables() {
        assert_eq!(fold("KASPERSKY"), "kaspersky");
        // Cyrillic а (U+0430) and е (U+0435) inside a Latin word.
        assert_eq!(fold("K\u{0430}sp\u{0435}rsky Lab"), "kaspersky lab");
        // Full-width letters (NFKC).
        assert_eq!(fold("ＨＵＡＷＥＩ"), "huawei");
        assert_eq!(fold("Huáwei"), "huawei");
    }

    #[test]
    fn party_keys_drop_legal_forms() {
        assert_eq!(
            party_key("Huawei Technologies Co., Ltd."),
            "huawei technologies"
        );
        assert_eq!(
            party_key("HUAWEI TECHNOLOGIES CO LTD"),
            "huawei technologies"
        );
        assert_eq!(party_key("AO Kaspersky Lab"), "kaspersky lab");
        assert_eq!(party_key("华为技术有限公司"), fold("华为技术").trim());
        assert_eq!(party_key("Inc"), "inc");
    }

    #[test]
    fn padding_makes_whole_words() {
        assert_eq!(
            padded("Copyright (C) 1997-2023 AO Kaspersky Lab."),
            " copyright c 1997 2023 ao kaspersky lab "
        );
        assert!(!padded("aztec").contains(" zte "));
    }

    #[test]
    fn ascii_fast_path_agrees_with_fold() {
        for s in [
            "Copyright (C) 1997-2023 AO Kaspersky Lab.",
            "  Huawei Device Co., Ltd. ",
            "",
            "a",
            "--x--",
            "ZTE_Corp",
        ] {
            let slow = format!(
                " {} ",
                fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
            );
            let slow = if slow == "  " { " ".to_string() } else { slow };
            assert_eq!(padded(s), slow, "{s:?}");
        }
        assert_eq!(padded("K\u{0430}spersky"), " kaspersky ");
    }
}
