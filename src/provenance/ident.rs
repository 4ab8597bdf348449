//! Who an identifier names: the vendor of a CPE, the domain of a URL or e-mail address (a
//! package URL's namespace is [`crate::model::Purl::namespace`]). Small parsers that never
//! fail loudly: what is not understood yields nothing.

use crate::model::percent_decode;

/// The vendor field of a CPE 2.3 formatted string (`cpe:2.3:a:vendor:product:...`) or a
/// CPE 2.2 URI (`cpe:/a:vendor:product`). `*` (ANY) and `-` (NA) name no vendor.
pub fn cpe_vendor(cpe: &str) -> Option<String> {
    let cpe = cpe.trim();
    let vendor = if let Some(rest) = strip_prefix_ci(cpe, "cpe:2.3:") {
        // NISTIR 7695 §6.2: fields are separated by unescaped colons; `\` quotes the next char.
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut chars = rest.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let Some(n) = chars.next() {
                        cur.push(n);
                    }
                }
                ':' => {
                    fields.push(std::mem::take(&mut cur));
                    if fields.len() == 2 {
                        break;
                    }
                }
                _ => cur.push(c),
            }
        }
        if fields.len() < 2 {
            fields.push(cur);
        }
        fields.get(1).cloned()?
    } else if let Some(rest) = strip_prefix_ci(cpe, "cpe:/") {
        // CPE 2.2 URI binding: `cpe:/part:vendor:product:...`, percent-encoded.
        percent_decode(rest.split(':').nth(1)?).into_owned()
    } else {
        return None;
    };
    let vendor = vendor.trim();
    (!vendor.is_empty() && vendor != "*" && vendor != "-").then(|| vendor.to_string())
}

/// Hosts where the first path segment, not the host, says who published the code.
const CODE_HOSTS: &[&str] = &[
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "codeberg.org",
    "gitee.com",
];

/// The domain a URL points at, lower-cased and without `www.`; on code hosts such as
/// github.com, the host and the owner (`github.com/kasperskylab`).
pub fn url_domain(url: &str) -> Option<String> {
    let url = url.trim();
    if is_unstated(url) {
        return None;
    }
    // `scm:git:https://...`, `git+https://...`: the last scheme wins.
    let mut rest = url;
    while let Some(p) = scheme_end(rest) {
        rest = &rest[p + 3..];
    }
    if rest.len() == url.len() {
        // No scheme: `git@github.com:owner/repo.git` (scp-like) or `example.com/path`.
        if let Some(at) = rest.find('@')
            && let Some(colon) = rest[at..].find(':')
        {
            let host = &rest[at + 1..at + colon];
            let path = &rest[at + colon + 1..];
            return Some(with_owner(clean_host(host)?, path));
        }
        if !rest.split('/').next().unwrap_or("").contains('.') {
            return None;
        }
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    Some(with_owner(clean_host(host)?, &rest[end..]))
}

fn clean_host(host: &str) -> Option<String> {
    let host = if host.starts_with('[') {
        host.split(']').next().map(|h| h.trim_start_matches('['))?
    } else {
        host.split(':').next()?
    };
    let host = host.trim().trim_end_matches('.');
    let host = match host.get(..4) {
        Some(www) if www.eq_ignore_ascii_case("www.") => &host[4..],
        _ => host,
    };
    let valid = !host.is_empty()
        && host.contains('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == ':');
    valid.then(|| host.to_ascii_lowercase())
}

/// Where the first `://` starts: a byte search for `:`, cheaper than setting up a substring
/// searcher on every URL of a large document.
fn scheme_end(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memchr(b':', &b[from..]) {
        let at = from + i;
        if b[at + 1..].starts_with(b"//") {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn with_owner(host: String, path: &str) -> String {
    if CODE_HOSTS.contains(&host.as_str())
        && let Some(owner) = path.trim_start_matches('/').split(['/', '?', '#']).next()
        && !owner.is_empty()
    {
        return format!("{host}/{}", owner.to_ascii_lowercase());
    }
    host
}

/// The domain of an e-mail address (`mailto:` accepted), lower-cased.
pub fn email_domain(email: &str) -> Option<String> {
    let email = email.trim();
    let email = strip_prefix_ci(email, "mailto:").unwrap_or(email);
    let email = email.trim_matches(['<', '>', ' ']);
    let (_, domain) = email.rsplit_once('@')?;
    let domain = domain
        .split(['?', '>'])
        .next()?
        .trim()
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let valid = domain.contains('.')
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    valid.then_some(domain)
}

/// SPDX `NOASSERTION` / `NONE` and empty values state nothing.
pub fn is_unstated(value: &str) -> bool {
    let v = value.trim();
    v.is_empty() || v.eq_ignore_ascii_case("NOASSERTION") || v.eq_ignore_ascii_case("NONE")
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpe_vendors() {
        assert_eq!(
            cpe_vendor("cpe:2.3:a:kaspersky:anti-virus:21.3:*:*:*:*:*:*:*").as_deref(),
            Some("kaspersky")
        );
        assert_eq!(
            cpe_vendor("cpe:2.3:a:at\\&t:x:*:*:*:*:*:*:*:*").as_deref(),
            Some("at&t")
        );
        assert_eq!(
            cpe_vendor("cpe:/a:huawei:eudemon8000e_firmware:V200R001").as_deref(),
            Some("huawei")
        );
        assert_eq!(cpe_vendor("cpe:/a:hikvision%21"), Some("hikvision!".into()));
        assert_eq!(cpe_vendor("cpe:2.3:a:*:product:*"), None);
        assert_eq!(cpe_vendor("cpe:2.3:a"), None);
        assert_eq!(
            cpe_vendor("cpe:2.3:a:onlyvendor").as_deref(),
            Some("onlyvendor")
        );
    }

    #[test]
    fn url_and_email_domains() {
        assert_eq!(
            url_domain("https://www.Kaspersky.com/downloads?x").as_deref(),
            Some("kaspersky.com")
        );
        assert_eq!(
            url_domain("git+https://github.com/KasperskyLab/Kaspresso.git").as_deref(),
            Some("github.com/kasperskylab")
        );
        assert_eq!(
            url_domain("scm:git:https://user@gitlab.com:8443/acme/x").as_deref(),
            Some("gitlab.com/acme")
        );
        assert_eq!(
            url_domain("git@github.com:huawei/repo.git").as_deref(),
            Some("github.com/huawei")
        );
        assert_eq!(
            url_domain("example.org/pkg").as_deref(),
            Some("example.org")
        );
        assert_eq!(url_domain("NOASSERTION"), None);
        assert_eq!(url_domain("https://localhost/x"), None);
        assert_eq!(
            email_domain("mailto:support@Kaspersky.COM").as_deref(),
            Some("kaspersky.com")
        );
        assert_eq!(
            email_domain("Jane <jane@example.co.uk>").as_deref(),
            Some("example.co.uk")
        );
        assert_eq!(email_domain("no-at-sign"), None);
    }
}
