//! One self-contained HTML file for vendor-risk reviewers: summary, verdict, documents, findings
//! with evidence and citations, and the flagged paths drawn as an inline SVG graph. Nothing is
//! loaded from the network (a Content-Security-Policy forbids it), and every string from an
//! SBOM goes through [`escape::html`](super::escape::html).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;

use super::escape::{cut, html as esc};
use super::palette::hex as severity_color;
use super::{FlaggedPath, Judged, Report, Verdict, palette};
use crate::finding::Severity;

const TEMPLATE: &str = include_str!("template.html");

/// Graphs larger than this are cut (the list of paths below still shows every path).
const MAX_NODES: usize = 250;
const NODE_W: usize = 236;
const NODE_H: usize = 36;
const GAP_X: usize = 70;
const GAP_Y: usize = 14;
const PAD: usize = 12;

/// Replaces `{{key}}` placeholders of the template in one pass over the template only, so a
/// value that itself contains `{{...}}` is never expanded.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out =
        String::with_capacity(template.len() + values.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}").and_then(|end| {
            let key = &after[..end];
            values
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (end, *v))
        }) {
            Some((end, v)) => {
                out.push_str(v);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn confidence(c: crate::finding::Confidence) -> &'static str {
    use crate::finding::Confidence;
    match c {
        Confidence::Declared => "declared",
        Confidence::Identifier => "identifier",
        Confidence::Text => "text",
        Confidence::Fuzzy => "fuzzy",
    }
}

fn sev(s: Severity) -> String {
    format!("<span class=\"sev {s}\">{s}</span>")
}

/// Draws one document's flagged paths: layered left to right by position on the path (a node on
/// several paths takes its deepest position, so every path reads left to right), nodes in a
/// layer in order of first appearance, edges along the paths, flagged components filled with
/// their severity's colour.
fn graph(
    doc_index: usize,
    paths: &[&FlaggedPath],
    findings: &[&Judged],
    names: &BTreeMap<String, String>,
) -> String {
    let mut layer: BTreeMap<&str, usize> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    let mut edges: Vec<(&str, &str)> = Vec::new();
    let mut truncated = false;
    for p in paths {
        let new = p
            .path
            .iter()
            .filter(|r| !layer.contains_key(r.as_str()))
            .count();
        if order.len() + new > MAX_NODES {
            truncated = true;
            break;
        }
        for (i, r) in p.path.iter().enumerate() {
            let e = layer.entry(r).or_insert_with(|| {
                order.push(r);
                i
            });
            *e = (*e).max(i);
        }
        for w in p.path.windows(2) {
            if !edges.contains(&(w[0].as_str(), w[1].as_str())) {
                edges.push((&w[0], &w[1]));
            }
        }
    }
    // Name and worst severity of each flagged component.
    let mut label: BTreeMap<&str, &str> = names
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut worst: BTreeMap<&str, (Severity, bool)> = BTreeMap::new();
    for f in findings {
        label
            .entry(&f.finding.component.id)
            .or_insert(&f.finding.component.name);
        let waived = f.waived.is_some();
        let e = worst
            .entry(&f.finding.component.id)
            .or_insert((f.severity, waived));
        if f.severity > e.0 {
            *e = (f.severity, waived);
        }
        if let Some(i) = &f.finding.integrates {
            label.entry(&i.id).or_insert(&i.name);
            worst.entry(&i.id).or_insert((f.severity, waived));
        }
    }
    let layers = layer.values().max().map_or(0, |m| m + 1);
    let mut rows = vec![0usize; layers];
    let mut pos: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for r in &order {
        let l = layer[r];
        let x = PAD + l * (NODE_W + GAP_X);
        let y = PAD + rows[l] * (NODE_H + GAP_Y);
        rows[l] += 1;
        pos.insert(r, (x, y));
    }
    let width = PAD * 2 + layers * NODE_W + layers.saturating_sub(1) * GAP_X;
    let height = PAD * 2 + rows.iter().max().copied().unwrap_or(0) * (NODE_H + GAP_Y);
    let marker = format!("arrow-{doc_index}");
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"flagged dependency paths\">\
<defs><marker id=\"{marker}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#59636e\"/></marker></defs>"
    );
    for (a, b) in &edges {
        let ((ax, ay), (bx, by)) = (pos[a], pos[b]);
        let (x1, y1) = (ax + NODE_W, ay + NODE_H / 2);
        let (x2, y2) = (bx, by + NODE_H / 2);
        let mid = (x1 + x2) / 2;
        let _ = write!(
            s,
            "<path d=\"M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}\" fill=\"none\" stroke=\"#8c959f\" stroke-width=\"1.5\" marker-end=\"url(#{marker})\"/>"
        );
    }
    for r in &order {
        let (x, y) = pos[r];
        let name = label.get(r).copied().unwrap_or(r);
        let (fill, stroke, text_color, dash) = match worst.get(r) {
            Some((sv, waived)) => {
                let c = severity_color(*sv);
                if *waived {
                    ("#ffffff", c, c, " stroke-dasharray=\"5 3\"")
                } else {
                    (c, c, "#ffffff", "")
                }
            }
            None => ("#ffffff", "#8c959f", "#1f2328", ""),
        };
        let root_w = if layer[r] == 0 { "2.5" } else { "1.2" };
        let _ = write!(
            s,
            "<g><title>{}</title><rect x=\"{x}\" y=\"{y}\" width=\"{NODE_W}\" height=\"{NODE_H}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{root_w}\"{dash}/>",
            esc(r)
        );
        // Name on the first line and the ref below; one centred line when they are the same.
        if name == *r {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" fill=\"{text_color}\">{}</text></g>",
                x + 8,
                y + 22,
                esc(&cut(name, 26))
            );
        } else {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" fill=\"{text_color}\">{}</text><text x=\"{}\" y=\"{}\" fill=\"{text_color}\" opacity=\"0.85\" font-size=\"10\">{}</text></g>",
                x + 8,
                y + 15,
                esc(&cut(name, 26)),
                x + 8,
                y + 29,
                esc(&cut(r, 30)),
            );
        }
    }
    s.push_str("</svg>");
    if truncated {
        let _ = write!(
            s,
            "<p class=\"note\">The graph shows the first {MAX_NODES} components; every path is listed below.</p>"
        );
    }
    s
}

fn finding(s: &mut String, f: &Judged, names: &BTreeMap<String, String>) {
    let waived = if f.waived.is_some() { " waived" } else { "" };
    let version = f
        .finding
        .component
        .version
        .as_deref()
        .map(|v| format!(" {}", esc(v)))
        .unwrap_or_default();
    let _ = write!(
        s,
        "<div class=\"finding {}{waived}\"><div class=\"title\">{} <code>{}</code> {}{version}",
        f.severity,
        sev(f.severity),
        f.finding.code,
        esc(&f.finding.component.label())
    );
    if f.waived.is_some() {
        s.push_str(" <span class=\"tag waived\">waived</span>");
    }
    if f.fails {
        s.push_str(" <span class=\"tag\">fails the run</span>");
    }
    let _ = write!(s, "</div><div>{}</div><dl>", esc(&f.finding.message));
    let _ = write!(
        s,
        "<dt>component</dt><dd><code>{}</code>",
        esc(&f.finding.component.id)
    );
    if let Some(purl) = &f.finding.component.purl {
        let _ = write!(s, " · <code>{}</code>", esc(purl));
    }
    let _ = write!(
        s,
        "</dd><dt>location</dt><dd><code>{}</code> <span class=\"tag\">{}</span></dd>",
        esc(&f.place()),
        esc(&f.finding.component.location.pointer)
    );
    let _ = write!(
        s,
        "<dt>entity</dt><dd>{} <code>{}</code></dd>",
        esc(&f.finding.entity.name),
        esc(&f.finding.entity.id)
    );
    if let Some(i) = &f.finding.integrates {
        let _ = write!(
            s,
            "<dt>integrates</dt><dd>{} <code>{}</code></dd>",
            esc(&i.name),
            esc(&i.id)
        );
    }
    if !f.finding.evidence.is_empty() {
        s.push_str("<dt>evidence</dt><dd><ul>");
        for e in &f.finding.evidence {
            let line = e
                .location
                .line
                .map(|l| format!(" (line {l})"))
                .unwrap_or_default();
            let _ = write!(
                s,
                "<li><code>{}</code> = “{}” matched “{}” by {}, {} confidence{line}</li>",
                esc(&e.field),
                esc(&super::shown_value(e, names)),
                esc(&e.matched),
                esc(&e.matcher),
                confidence(e.confidence)
            );
        }
        s.push_str("</ul></dd>");
    }
    if !f.finding.legal_basis.is_empty() {
        s.push_str("<dt>legal basis</dt><dd><ul>");
        for lb in &f.finding.legal_basis {
            let eff = lb
                .effective
                .as_deref()
                .map(|d| format!(", effective {}", esc(d)))
                .unwrap_or_default();
            let reason = lb
                .reason
                .as_deref()
                .map(|r| format!(": {}", esc(r)))
                .unwrap_or_default();
            let milestone = lb
                .milestone
                .as_deref()
                .map(|m| format!(", milestone {}", esc(m)))
                .unwrap_or_default();
            let _ = write!(
                s,
                "<li><strong>{}</strong> [{}{reason}]: {}{eff}{milestone}",
                esc(&lb.list),
                lb.status,
                esc(&lb.citation)
            );
            if let Some(scope) = &lb.scope {
                let _ = write!(s, "<br><small>{}</small>", esc(scope));
            }
            // A link is shown, never loaded; only http(s) so a `javascript:` URL cannot run.
            if let Some(url) = lb
                .url
                .as_deref()
                .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
            {
                let _ = write!(
                    s,
                    "<br><a href=\"{0}\" rel=\"noreferrer\">{0}</a>",
                    esc(url)
                );
            }
            s.push_str("</li>");
        }
        s.push_str("</ul></dd>");
    }
    if !f.finding.path.is_empty() {
        let steps: Vec<String> = f
            .finding
            .path
            .iter()
            .map(|p| esc(names.get(p).unwrap_or(p)))
            .collect();
        let _ = write!(s, "<dt>path</dt><dd>{}</dd>", steps.join(" → "));
    }
    for n in &f.finding.notes {
        let _ = write!(s, "<dt>note</dt><dd>{}</dd>", esc(n));
    }
    if f.scope_lowered {
        let _ = write!(
            s,
            "<dt>severity</dt><dd>lowered from {}: test-only or excluded scope</dd>",
            f.finding.severity
        );
    }
    if let Some(w) = &f.waived {
        let until = w
            .until
            .as_deref()
            .map(|u| format!(" (until {})", esc(u)))
            .unwrap_or_default();
        let at = w
            .defined_at
            .as_deref()
            .map(|d| format!(" <code>{}</code>", esc(d)))
            .unwrap_or_default();
        let _ = write!(s, "<dt>waived</dt><dd>{}{until}{at}</dd>", esc(&w.reason));
    }
    s.push_str("</dl></div>");
}

/// Writes the report as one HTML file.
pub(super) fn render(r: &Report, out: &mut dyn io::Write) -> io::Result<()> {
    let mut b = String::new();
    b.push_str("<header><h1>bomscreen report</h1>");
    let wl_date = r
        .watchlist
        .date
        .as_deref()
        .map(|d| format!(" ({})", esc(d)))
        .unwrap_or_default();
    let _ = write!(
        b,
        "<p class=\"meta\">{} {} · watchlist <strong>{}</strong> {}{wl_date} · as of <strong>{}</strong> · policy {} · fail-on <strong>{}</strong></p>",
        esc(&r.tool.name),
        esc(&r.tool.version),
        esc(&r.watchlist.name),
        esc(&r.watchlist.version),
        esc(&r.as_of),
        r.policy
            .as_deref()
            .map_or("built-in default".to_string(), |p| format!(
                "<code>{}</code>",
                esc(p)
            )),
        esc(&r.fail_on)
    );
    let _ = write!(b, "<p class=\"meta\">{}</p>", esc(&r.disclaimer));
    let verdict = match r.verdict {
        Verdict::Passed => format!(
            "Passed: no unwaived finding at or above {}",
            esc(&r.fail_on)
        ),
        Verdict::Failed => format!(
            "Failed: {} finding(s) at or above {}",
            r.counts.failing,
            esc(&r.fail_on)
        ),
        Verdict::Error => {
            "Error: a document could not be read; absence cannot be claimed".to_string()
        }
    };
    let _ = write!(
        b,
        "<div class=\"verdict {}\">{verdict}</div>",
        r.verdict.as_str()
    );
    b.push_str("<div class=\"cards\">");
    for s in Severity::ALL.iter().rev() {
        let _ = write!(
            b,
            "<div class=\"card {s}\"><div class=\"n\">{}</div><div class=\"l\">{s}</div></div>",
            r.counts.by_severity.get(*s)
        );
    }
    let _ = write!(
        b,
        "<div class=\"card waived\"><div class=\"n\">{}</div><div class=\"l\">waived</div></div></div></header>",
        r.counts.waived
    );

    b.push_str("<h2>Documents</h2><table><tr><th>verdict</th><th>highest</th><th>document</th><th>product</th><th>supplier</th><th>format</th><th>components</th><th>findings</th><th>provenance</th></tr>");
    for d in &r.documents {
        let note = match (&d.error, d.coverage_note()) {
            (Some(e), _) => format!("<div class=\"error\">could not be read: {}</div>", esc(e)),
            (None, Some(n)) => format!("<div class=\"note\">{}</div>", esc(&n)),
            (None, None) => "every component declares a party".to_string(),
        };
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{note}</td></tr>",
            d.verdict.as_str(),
            d.highest_severity.map_or("-".to_string(), sev),
            esc(&d.source),
            d.product.as_deref().map_or("-".to_string(), esc),
            d.supplier
                .as_deref()
                .map_or("not declared".to_string(), esc),
            d.format.as_deref().map_or("-".to_string(), esc),
            d.components,
            d.findings
        );
    }
    b.push_str("</table>");
    if r.documents.len() > 1 {
        b.push_str("<h2>By supplier</h2><table><tr><th>supplier</th><th>documents</th><th>failed or unreadable</th><th>findings</th><th>highest</th></tr>");
        for s in &r.suppliers {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                s.supplier
                    .as_deref()
                    .map_or("(not declared)".to_string(), esc),
                s.documents,
                s.failed,
                s.findings,
                s.highest_severity.map_or("-".to_string(), sev)
            );
        }
        b.push_str("</table>");
    }
    if !r.skipped.is_empty() {
        let _ = write!(
            b,
            "<details><summary>Skipped inputs ({})</summary><ul>",
            r.skipped.len()
        );
        for s in &r.skipped {
            let _ = write!(
                b,
                "<li><code>{}</code>: {}</li>",
                esc(&s.path),
                esc(&s.reason)
            );
        }
        b.push_str("</ul></details>");
    }
    for d in r.documents.iter().filter(|d| !d.warnings.is_empty()) {
        let _ = write!(
            b,
            "<details><summary>Reader warnings for <code>{}</code> ({})</summary><ul>",
            esc(&d.source),
            d.warnings.len()
        );
        for w in &d.warnings {
            let line = w.line.map(|l| format!("line {l}: ")).unwrap_or_default();
            let _ = write!(
                b,
                "<li>{line}{} ×{} <code>{}</code></li>",
                esc(&w.message),
                w.count,
                esc(&w.code)
            );
        }
        b.push_str("</ul></details>");
    }

    let _ = write!(
        b,
        "<h2 id=\"findings\">Findings ({})</h2>",
        r.findings.len()
    );
    if r.findings.is_empty() {
        b.push_str("<p>No findings.</p>");
    }
    let none = BTreeMap::new();
    for d in &r.documents {
        let own: Vec<&Judged> = r
            .findings
            .iter()
            .filter(|f| f.finding.document == d.source)
            .collect();
        if own.is_empty() {
            continue;
        }
        if r.documents.len() > 1 {
            let _ = write!(
                b,
                "<h3>Findings in <code>{}</code> ({})</h3>",
                esc(&d.source),
                own.len()
            );
        }
        for f in own {
            finding(&mut b, f, &d.labels);
        }
    }
    // Findings of documents not listed (none today; kept so nothing is ever dropped).
    for f in r
        .findings
        .iter()
        .filter(|f| !r.documents.iter().any(|d| d.source == f.finding.document))
    {
        finding(&mut b, f, &none);
    }

    if !r.paths.is_empty() {
        b.push_str("<h2 id=\"paths\">Flagged paths</h2>");
        for (i, d) in r.documents.iter().enumerate() {
            let paths: Vec<&FlaggedPath> =
                r.paths.iter().filter(|p| p.document == d.source).collect();
            if paths.is_empty() {
                continue;
            }
            let findings: Vec<&Judged> = r
                .findings
                .iter()
                .filter(|f| f.finding.document == d.source)
                .collect();
            let _ = write!(
                b,
                "<h3><code>{}</code></h3><div class=\"graph\">{}</div><ul class=\"paths\">",
                esc(&d.source),
                graph(i, &paths, &findings, &d.labels)
            );
            for p in paths {
                let steps: Vec<String> = p
                    .path
                    .iter()
                    .zip(&p.names)
                    .map(|(id, name)| {
                        if p.flagged.contains(id) {
                            format!("<strong>{}</strong>", esc(name))
                        } else {
                            esc(name)
                        }
                    })
                    .collect();
                let codes: Vec<String> = p
                    .codes
                    .iter()
                    .map(|c| format!("<code>{c}</code>"))
                    .collect();
                let _ = write!(
                    b,
                    "<li>{} {}: {}</li>",
                    sev(p.severity),
                    codes.join(", "),
                    steps.join(" → ")
                );
            }
            b.push_str("</ul>");
        }
    }

    if !r.diagnostics.is_empty() {
        b.push_str("<h2>Policy</h2><ul>");
        for d in &r.diagnostics {
            let _ = write!(b, "<li>{}</li>", esc(&d.to_string()));
        }
        b.push_str("</ul>");
    }

    b.push_str("<h2>Rules</h2><table><tr><th>code</th><th>severity</th><th>meaning</th><th>findings</th></tr>");
    for rule in &r.rules {
        let _ = write!(
            b,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            rule.code,
            sev(rule.severity),
            esc(&rule.description),
            r.counts.by_code.get(&rule.code).copied().unwrap_or(0)
        );
    }
    b.push_str("</table>");
    let _ = write!(
        b,
        "<footer>Generated by {} {} with watchlist {} {}, as of {}. Same inputs, same report.</footer>",
        esc(&r.tool.name),
        esc(&r.tool.version),
        esc(&r.watchlist.name),
        esc(&r.watchlist.version),
        esc(&r.as_of)
    );

    let generator = format!("{} {}", esc(&r.tool.name), esc(&r.tool.version));
    let title = format!(
        "bomscreen report: {} (as of {})",
        r.verdict.as_str(),
        esc(&r.as_of)
    );
    let palette: Vec<String> = Severity::ALL
        .iter()
        .map(|&s| format!("--{s}: {};", palette::hex(s)))
        .collect();
    let html = fill(
        TEMPLATE,
        &[
            ("generator", &generator),
            ("title", &title),
            ("palette", &palette.join(" ")),
            ("body", &b),
        ],
    );
    out.write_all(html.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert('x')</script>&\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"
        );
    }

    #[test]
    fn fill_does_not_expand_inside_values() {
        let t = "<p>{{a}}</p>{{b}}{{unknown}}";
        assert_eq!(
            fill(t, &[("a", "{{b}}"), ("b", "B")]),
            "<p>{{b}}</p>B{{unknown}}"
        );
    }

    #[test]
    fn template_has_its_placeholders_and_no_external_resources() {
        for key in ["{{title}}", "{{body}}", "{{generator}}"] {
            assert!(TEMPLATE.contains(key), "{key}");
        }
        assert!(
            !TEMPLATE.contains("://"),
            "the template must not reference any URL"
        );
    }
}
