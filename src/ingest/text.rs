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
pub(crate) fn decode(bytes: &[u8], max: u64) -> Result<Decoded, DecodeError> {
    let mut gzip = false;
    let unpacked;
    let mut bytes = bytes;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        gzip = true;
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(bytes)
            .take(max + 1)
            .read_to_end(&mut out)
            .map_err(|e| DecodeError::Gzip(e.to_string()))?;
        if out.len() as u64 > max {
            return Err(DecodeError::Limit(format!(
                "gzip data expands beyond {} MiB; refusing to read it (a decompression bomb?)",
                max >> 20
            )));
        }
        unpacked = out;
        bytes = &unpacked;
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
    let (charset, bom, body): (&'static str, bool, &[u8]) = if let Some(rest) =
        bytes.strip_prefix(&[0xef, 0xbb, 0xbf])
    {
        ("utf-8", true, rest)
    } else if let Some(rest) = bytes.strip_prefix(&[0xff, 0xfe]) {
        ("utf-16le", true, rest)
    } else if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        ("utf-16be", true, rest)
    } else if bytes.len() >= 4 && bytes[0] != 0 && bytes[1] == 0 && bytes[2] != 0 && bytes[3] == 0 {
        ("utf-16le", false, bytes)
    } else if bytes.len() >= 4 && bytes[0] == 0 && bytes[1] != 0 && bytes[2] == 0 && bytes[3] != 0 {
        ("utf-16be", false, bytes)
    } else {
        ("utf-8", false, bytes)
    };
    let encoding = TextEncoding { charset, bom, gzip };
    let (text, invalid_sequences) = match charset {
        "utf-8" => match std::str::from_utf8(body) {
            Ok(s) => (s.to_string(), 0),
            Err(_) => {
                let bad = body
                    .utf8_chunks()
                    .filter(|c| !c.invalid().is_empty())
                    .count();
                (String::from_utf8_lossy(body).into_owned(), bad)
            }
        },
        _ => {
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
        }
    };
    Ok(Decoded {
        text,
        encoding,
        lossy: invalid_sequences > 0,
        invalid_sequences,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_and_without_bom() {
        let src = "{\"a\": \"é\"}";
        let mut le: Vec<u8> = vec![0xff, 0xfe];
        le.extend(src.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let d = decode(&le, 1 << 20).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding.charset, d.encoding.bom),
            (src, "utf-16le", true)
        );
        let be: Vec<u8> = src.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        let d = decode(&be, 1 << 20).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding.charset, d.encoding.bom),
            (src, "utf-16be", false)
        );
    }

    #[test]
    fn invalid_utf8_is_replaced_and_counted() {
        let d = decode(b"{\"name\": \"caf\xe9 \xff\"}", 1 << 20).unwrap();
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
        assert!(decode(&gz, 1 << 20).unwrap().encoding.gzip);
        assert!(matches!(decode(&gz, 1024), Err(DecodeError::Limit(_))));
        assert!(matches!(
            decode(&gz[..gz.len() / 2], 1 << 20),
            Err(DecodeError::Gzip(_))
        ));
        assert!(matches!(decode(b"  \n", 1 << 20), Err(DecodeError::Empty)));
    }
}
