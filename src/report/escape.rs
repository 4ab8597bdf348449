//! Every string that comes from an SBOM (or a user's policy or watchlist) is made safe for the
//! output it goes into here, and nowhere else: a component name carrying terminal escape
//! sequences, Markdown, HTML, Graphviz or Mermaid syntax is shown as text, never obeyed.

/// For a terminal: control characters (ESC, CR, BEL, C1...) become U+FFFD, line breaks, tabs
/// and runs of spaces one space, so a hostile name can neither repaint the screen nor forge a
/// line of output.
pub fn terminal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = match c {
            '\n' | '\r' | '\t' | ' ' => ' ',
            c if c.is_control() => '\u{fffd}',
            c => c,
        };
        if c == ' ' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// For Markdown table cells and paragraphs: Markdown punctuation gets a backslash, `<`, `>` and
/// `&` become entities (GitHub would otherwise pass some HTML through), and line breaks become
/// spaces (a newline would end the table row).
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// For HTML element content and quoted attribute values.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// For a Graphviz double-quoted string: `"` and `\` escaped, line breaks as `\n`, other control
/// characters as U+FFFD.
pub fn dot(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// For a Mermaid quoted label: quotes, angle brackets, `#` and backticks as entity codes, so SBOM
/// text cannot close the label or inject markup.
pub fn mermaid(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '`' => out.push_str("#96;"),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// For the message of a GitHub workflow command (`::error ...::MESSAGE`): `%`, CR and LF
/// percent-encoded as the runner expects (it decodes them back), other control characters as
/// U+FFFD, so SBOM text can neither end the command nor start another one on a new line.
pub fn workflow_message(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if c.is_control() && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// For a property of a GitHub workflow command (`file=`, `title=`): as
/// [`workflow_message`], and `:` and `,` percent-encoded too, since they end a property.
pub fn workflow_property(s: &str) -> String {
    workflow_message(s).replace(':', "%3A").replace(',', "%2C")
}

/// At most `max` characters, the last one `…` when cut (the one way reports shorten a value).
pub fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The first line of a value, cleaned for a terminal and cut to `max` characters.
pub fn first_line(s: &str, max: usize) -> String {
    cut(&terminal(s.lines().next().unwrap_or("").trim()), max)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "evil\u{1b}[2Jname\r\n x\u{9b}31m\u{7}";

    #[test]
    fn control_characters_never_pass_any_escaper() {
        for (name, escaped) in [
            ("terminal", terminal(HOSTILE)),
            ("markdown", markdown(HOSTILE)),
            ("html", html(HOSTILE)),
            ("dot", dot(HOSTILE)),
            ("mermaid", mermaid(HOSTILE)),
            ("workflow message", workflow_message(HOSTILE)),
            ("workflow property", workflow_property(HOSTILE)),
        ] {
            assert!(
                !escaped.chars().any(|c| c.is_control() && c != '\n'),
                "{name}: {escaped:?}"
            );
        }
        assert_eq!(
            terminal(HOSTILE),
            "evil\u{fffd}[2Jname x\u{fffd}31m\u{fffd}"
        );
    }

    #[test]
    fn syntax_of_each_output_is_neutralised() {
        assert_eq!(dot("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
        assert_eq!(mermaid("x\"]; click <b>#"), "x#quot;]; click #lt;b#gt;#35;");
        assert_eq!(html("<a href='x'>&"), "&lt;a href=&#39;x&#39;&gt;&amp;");
        assert_eq!(markdown("a|b *c* <x>"), "a\\|b \\*c\\* &lt;x&gt;");
        assert_eq!(
            workflow_message("50% done\r\n::error::x"),
            "50%25 done%0D%0A::error::x"
        );
        assert_eq!(workflow_property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
    }

    #[test]
    fn cut_marks_truncation() {
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 4), "abc");
        assert_eq!(cut("привет", 3), "пр…");
        assert_eq!(first_line("one\ntwo", 80), "one");
    }
}
