//! Bytes to text: gzip, byte-order marks, UTF-16 and invalid UTF-8, before any parser runs.

use std::io::Read;

use crate::model::TextEncoding;

/// Decoded text and how it was encoded.
pub(crate) struct Decoded {
    pub text: String,
    pub encoding: TextEncoding,
    /// Invalid sequences were replaced with U+FFFD.
    pub lossy: bool,
    pub invalid_sequences: usize,
}

/// Why bytes could not become text.
#[derive(Debug)]
pub(crate) enum DecodeError {
    Empty,
    Gzip(String),
    Limit(String),
}

/// Decodes gzip (by magic number), a UTF-8 or UTF-16 byte-order mark, BOM-less UTF-16 (by the
/// NUL pattern of ASCII text), and replaces invalid UTF-8 rather than failing: real SBOMs carry
/// Latin-1 copyright lines, and one bad byte must not hide every component from a review.
pub(crate) fn decode(mut bytes: Vec<u8>, max: u64) -> Result<Decoded, DecodeError> {
    let mut gzip = false;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        gzip = true;
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(bytes.as_slice())
            .take(max + 1)
            .read_to_end(&mut out)
            .map_err(|e| DecodeError::Gzip(e.to_string()))?;
        if out.len() as u64 > max {
            return Err(DecodeError::Limit(format!(
                "gzip data expands beyond {} MiB; refusing to read it (a decompression bomb?)",
                max >> 20
            )));
        }
        bytes = out;
    }
    if bytes.len() as u64 > max {
        return Err(DecodeError::Limit(format!(
            "the file is larger than {} MiB",
            max >> 20
        )));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    let (charset, bom, skip): (&'static str, bool, usize) = if bytes
        .starts_with(&[0xef, 0xbb, 0xbf])
    {
        ("utf-8", true, 3)
    } else if bytes.starts_with(&[0xff, 0xfe]) {
        ("utf-16le", true, 2)
    } else if bytes.starts_with(&[0xfe, 0xff]) {
        ("utf-16be", true, 2)
    } else if bytes.len() >= 4 && bytes[0] != 0 && bytes[1] == 0 && bytes[2] != 0 && bytes[3] == 0 {
        ("utf-16le", false, 0)
    } else if bytes.len() >= 4 && bytes[0] == 0 && bytes[1] != 0 && bytes[2] == 0 && bytes[3] != 0 {
        ("utf-16be", false, 0)
    } else {
        ("utf-8", false, 0)
    };
    let encoding = TextEncoding { charset, bom, gzip };
    let (text, invalid_sequences) = if charset == "utf-8" {
        bytes.drain(..skip);
        // The common case takes the buffer over without copying it: SBOMs run to hundreds of MB.
        match String::from_utf8(bytes) {
            Ok(s) => (s, 0),
            Err(e) => {
                let body = e.into_bytes();
                let bad = body
                    .utf8_chunks()
                    .filter(|c| !c.invalid().is_empty())
                    .count();
                (String::from_utf8_lossy(&body).into_owned(), bad)
            }
        }
    } else {
        let body = &bytes[skip..];
        let le = charset == "utf-16le";
        let units = body.chunks(2).map(|c| match (c, le) {
            ([a, b], true) => u16::from_le_bytes([*a, *b]),
            ([a, b], false) => u16::from_be_bytes([*a, *b]),
            _ => 0xfffd,
        });
        let mut bad = usize::from(body.len() % 2 == 1);
        let s: String = char::decode_utf16(units)
            .map(|r| {
                r.unwrap_or_else(|_| {
                    bad += 1;
                    '\u{fffd}'
                })
            })
            .collect();
        (s, bad)
    };
    Ok(Decoded {
        text,
        encoding,
        lossy: invalid_sequences > 0,
        invalid_sequences,
    })
}

/// Warns when a line-based document (tag-value, YAML) stops in the middle of a line. JSON and
/// XML cut short fail to parse; these formats would read the part before the cut as a whole
/// document. A file cut exactly at a line break cannot be told from a shorter one.
pub(crate) fn check_line_end(text: &str, warnings: &mut crate::model::Warnings) {
    let body = text.trim_end_matches([' ', '\t', '\0']);
    // A tag-value `</text>` is a complete ending (usbutils.spdx in the corpus ends so).
    if body.is_empty() || body.ends_with(['\n', '\r']) || body.ends_with("</text>") {
        return;
    }
    let line = body.bytes().filter(|&b| b == b'\n').count() + 1;
    let location = crate::model::Location {
        pointer: String::new(),
        line: u32::try_from(line).ok(),
    };
    warnings.add_with(
        crate::model::WarningCode::PossiblyTruncated,
        Some(location),
        || format!("the document ends in the middle of line {line} (no line break after it): the file may have been cut short"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_and_without_bom() {
        let src = "{\"a\": \"é\"}";
        let mut le: Vec<u8> = vec![0xff, 0xfe];
        le.extend(src.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let d = decode(le, 1 << 20).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding.charset, d.encoding.bom),
            (src, "utf-16le", true)
        );
        let be: Vec<u8> = src.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        let d = decode(be, 1 << 20).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding.charset, d.encoding.bom),
            (src, "utf-16be", false)
        );
    }

    #[test]
    fn invalid_utf8_is_replaced_and_counted() {
        let d = decode(b"{\"name\": \"caf\xe9 \xff\"}".to_vec(), 1 << 20).unwrap();
        assert!(d.lossy);
        assert_eq!(d.invalid_sequences, 2);
        assert!(d.text.contains("caf\u{fffd}"));
    }

    #[test]
    fn gzip_is_unpacked_and_bounded() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&vec![b' '; 4096]).unwrap();
        enc.write_all(b"{}").unwrap();
        let gz = enc.finish().unwrap();
        assert!(decode(gz.clone(), 1 << 20).unwrap().encoding.gzip);
        assert!(matches!(
            decode(gz.clone(), 1024),
            Err(DecodeError::Limit(_))
        ));
        assert!(matches!(
            decode(gz[..gz.len() / 2].to_vec(), 1 << 20),
            Err(DecodeError::Gzip(_))
        ));
        assert!(matches!(
            decode(b"  \n".to_vec(), 1 << 20),
            Err(DecodeError::Empty)
        ));
    }
}
