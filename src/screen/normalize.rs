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

/// Chinese company-form endings, stripped before tokenising.
const CJK_SUFFIXES: &[&str] = &["股份有限公司", "有限责任公司", "有限公司", "集团", "公司"];

/// Folds a string for comparison: NFKC, lower case, confusables to their prototype, then lower
/// case again (prototypes may be capitals). Non-alphanumeric characters become spaces.
pub fn fold(s: &str) -> String {
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
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len() + 2);
    out.push(' ');
    for (i, w) in folded.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.push(' ');
    out
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
}
