//! A small RFC 4180 CSV reader that keeps the line of every record, for importer error messages.
//!
//! Official list files are RFC 4180 with two quirks handled here: OFAC's legacy files end with a
//! DOS end-of-file byte (0x1A) on a line of its own, and both OFAC and trade.gov mix quoted and bare fields.

/// One record and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    /// Line of the first character of the record.
    pub line: usize,
    /// The fields, unquoted.
    pub fields: Vec<String>,
}

/// A CSV syntax error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CsvError {
    /// Line where the problem starts.
    pub line: usize,
    /// What was expected.
    pub message: String,
}

/// Reads every record; blank lines and a lone 0x1A end-of-file marker are skipped.
pub(crate) fn records(text: &str) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    while i < b.len() {
        let start_line = line;
        let mut fields = Vec::new();
        let mut field = Vec::new();
        loop {
            // One field.
            if i < b.len() && b[i] == b'"' {
                let quote_line = line;
                i += 1;
                loop {
                    match b.get(i) {
                        None => {
                            return Err(CsvError {
                                line: quote_line,
                                message: "a quoted field is not closed (expected a closing '\"')"
                                    .to_string(),
                            });
                        }
                        Some(b'"') if b.get(i + 1) == Some(&b'"') => {
                            field.push(b'"');
                            i += 2;
                        }
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(&c) => {
                            if c == b'\n' {
                                line += 1;
                            }
                            field.push(c);
                            i += 1;
                        }
                    }
                }
            }
            // Bare text (or text after a closing quote, kept as written).
            while i < b.len() && !matches!(b[i], b',' | b'\n' | b'\r') {
                field.push(b[i]);
                i += 1;
            }
            // The bytes came from a &str and were split only at ASCII, so they are valid UTF-8.
            fields.push(String::from_utf8_lossy(&field).into_owned());
            field.clear();
            match b.get(i) {
                Some(b',') => i += 1,
                Some(b'\r') => {
                    i += 1;
                    if b.get(i) == Some(&b'\n') {
                        i += 1;
                    }
                    line += 1;
                    break;
                }
                Some(b'\n') => {
                    i += 1;
                    line += 1;
                    break;
                }
                _ => break,
            }
        }
        let blank = fields.len() == 1 && matches!(fields[0].trim(), "" | "\u{1a}");
        if !blank {
            out.push(Record {
                line: start_line,
                fields,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_and_lines() {
        let r = records("a,\"b,c\",d\r\n\"multi\nline\",\"q\"\"x\"\n\n3,-0- ,\n\u{1a}").unwrap();
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].fields, ["a", "b,c", "d"]);
        assert_eq!(
            (r[1].line, r[1].fields.clone()),
            (2, vec!["multi\nline".to_string(), "q\"x".to_string()])
        );
        assert_eq!(
            (r[2].line, r[2].fields.clone()),
            (5, vec!["3".to_string(), "-0- ".to_string(), String::new()])
        );
    }

    #[test]
    fn unclosed_quote_names_its_line() {
        let e = records("a,b\nc,\"open\nmore").unwrap_err();
        assert_eq!(e.line, 2);
    }
}
