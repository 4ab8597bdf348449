//! The one way every XML reader (CycloneDX XML, SPDX XML, SPDX RDF/XML) parses: roxmltree with
//! DTDs refused, and errors turned into located syntax errors.

use super::ReadError;

/// Parses XML text; a DTD is refused because entity declarations are how XML readers are
/// attacked (billion laughs, external entities), and no SBOM format needs one.
pub(super) fn parse(text: &str) -> Result<roxmltree::Document<'_>, ReadError> {
    swallowing_cdata(text)?;
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, opts).map_err(|e| match e {
        roxmltree::Error::DtdDetected => ReadError::Invalid(
            "the XML has a document type declaration (<!DOCTYPE>); bomscreen refuses DTDs because they \
             allow entity-expansion attacks, and no SBOM format uses them"
                .to_string(),
        ),
        e => {
            let full = e.to_string();
            // roxmltree appends " at LINE:COL"; the front end prints the position itself.
            let message = match full.rfind(" at ") {
                Some(i) if full[i + 4..].chars().all(|c| c.is_ascii_digit() || c == ':') => full[..i].to_string(),
                _ => full,
            };
            // A file cut short is reported where it ends, not where the root element opened.
            let (line, column) = if matches!(e, roxmltree::Error::UnexpectedEndOfStream | roxmltree::Error::UnclosedRootNode) {
                let line = text.lines().count().max(1);
                let column = text.lines().last().map_or(0, |l| l.chars().count()) + 1;
                (line, column)
            } else {
                (e.pos().row as usize, e.pos().col as usize)
            };
            ReadError::Syntax { line, column, message }
        }
    })
}

/// A CDATA section left open runs to the next `]]>`, which may close a later section: every
/// element in between becomes text and the document still parses. Sections cannot nest, so a
/// `<![CDATA[` inside one is that mistake; the document is refused, naming both lines.
fn swallowing_cdata(text: &str) -> Result<(), ReadError> {
    const OPEN: &str = "<![CDATA[";
    let mut pos = 0;
    while let Some(start) = memchr::memmem::find(&text.as_bytes()[pos..], OPEN.as_bytes()) {
        let body = pos + start + OPEN.len();
        let end =
            memchr::memmem::find(&text.as_bytes()[body..], b"]]>").map_or(text.len(), |e| body + e);
        if let Some(inner) = memchr::memmem::find(&text.as_bytes()[body..end], OPEN.as_bytes()) {
            let line_of = |at: usize| text[..at].bytes().filter(|&b| b == b'\n').count() + 1;
            let (line, inner_line) = (line_of(pos + start), line_of(body + inner));
            let column = text[..pos + start]
                .rfind('\n')
                .map_or(pos + start, |nl| pos + start - nl - 1)
                + 1;
            return Err(ReadError::Syntax {
                line,
                column,
                message: format!(
                    "a CDATA section opened here is still open where another <![CDATA[ starts on line {inner_line}: \
                     it was left unclosed and would swallow everything up to a later ]]>"
                ),
            });
        }
        pos = end;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cdata_section_left_open_is_refused_where_it_opened() {
        // Well-formed, but only a section left open puts an opener inside one: refused too.
        let nested = "<a><b><![CDATA[x < y]]></b>\n<c><![CDATA[<![CDATA[]]></c></a>";
        assert!(parse(nested).is_err_and(|e| matches!(e, ReadError::Syntax { line: 2, .. })));
        let ok = "<a><b><![CDATA[x < y]]></b>\n<c><![CDATA[z]]></c></a>";
        assert!(parse(ok).is_ok());
        let open = "<a>\n  <b><![CDATA[x</b>\n<c>hidden</c>\n<d><![CDATA[y]]></d></a>";
        match parse(open) {
            Err(ReadError::Syntax {
                line,
                column,
                message,
            }) => {
                assert_eq!((line, column), (2, 6));
                assert!(message.contains("line 4"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }
}
