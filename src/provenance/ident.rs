//! Who an identifier names: the namespace of a package URL, the vendor of a CPE, the domain of
//! a URL or e-mail address. Small parsers that never fail loudly: what is not understood
//! yields nothing.

/// The type and decoded namespace of a package URL, when it has a namespace.
///
/// purl-spec: `scheme:type/namespace/name@version?qualifiers#subpath`; "The namespace is
/// optional ... Each namespace segment must be a percent-encoded string"; the npm scope
/// (`@angular`) and the Maven groupId (`org.apache.commons`) are namespaces.
pub fn purl_namespace(purl: &str) -> Option<(String, String)> {
    let rest = purl.trim();
    let rest = strip_prefix_ci(rest, "pkg:")?.trim_start_matches('/');
    let rest = rest.split('#').next().unwrap_or(rest);
    let rest = rest.split('?').next().unwrap_or(rest);
    let mut segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    if segments.len() < 3 {
        return None;
    }
    let kind = segments.remove(0).to_ascii_lowercase();
    segments.pop(); // name@version
    let namespace = segments
        .iter()
        .map(|s| percent_decode(s))
        .collect::<Vec<_>>()
        .join("/");
    let namespace = namespace.trim().to_string();
    (!namespace.is_empty()).then_some((kind, namespace))
}

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
        percent_decode(rest.split(':').nth(1)?)
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
    while let Some(p) = rest.find("://") {
        rest = &rest[p + 3..];
    }
    if rest.len() == url.len() {
        // No scheme: `git@github.com:owner/repo.git` (scp-like) or `example.com/path`.
        if let Some(at) = rest.find('@')
            && let Some(colon) = rest[at..].find(':')
        {
            let host = &rest[at + 1..at + colon];
            let path = &rest[at + colon + 1..];
            return Some(with_owner(&clean_host(host)?, path));
        }
        if !rest.split('/').next().unwrap_or("").contains('.') {
            return None;
        }
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = clean_host(host)?;
    Some(with_owner(&host, &rest[end..]))
}

fn clean_host(host: &str) -> Option<String> {
    let host = if host.starts_with('[') {
        host.split(']').next().map(|h| h.trim_start_matches('['))?
    } else {
        host.split(':').next()?
    };
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let valid = !host.is_empty()
        && host.contains('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == ':');
    valid.then_some(host)
}

fn with_owner(host: &str, path: &str) -> String {
    if CODE_HOSTS.contains(&host)
        && let Some(owner) = path.trim_start_matches('/').split(['/', '?', '#']).next()
        && !owner.is_empty()
    {
        return format!("{host}/{}", owner.to_ascii_lowercase());
    }
    host.to_string()
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

/// Decodes `%XX` escapes (purl segments); invalid escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purl_namespaces() {
        let ns = |p: &str| purl_namespace(p).map(|(_, n)| n);
        assert_eq!(
            ns("pkg:maven/com.kaspersky.components/kaspresso@1.5.3").as_deref(),
            Some("com.kaspersky.components")
        );
        assert_eq!(
            ns("pkg:npm/%40kaspersky/ui-kit@6.0.0").as_deref(),
            Some("@kaspersky")
        );
        assert_eq!(
            ns("pkg:npm/@kaspersky/ui-kit@6.0.0?x=1#a/b").as_deref(),
            Some("@kaspersky")
        );
        assert_eq!(
            ns("pkg:github/KasperskyLab/klogs@v1").as_deref(),
            Some("KasperskyLab")
        );
        assert_eq!(
            ns("pkg:golang/github.com/mitchellh/go-homedir@v1.1.0").as_deref(),
            Some("github.com/mitchellh")
        );
        assert_eq!(
            purl_namespace("pkg:deb/debian/curl@7.50.3-1?arch=i386"),
            Some(("deb".into(), "debian".into()))
        );
        assert_eq!(ns("pkg:npm/lodash@4.17.21"), None);
        assert_eq!(ns("not a purl"), None);
        assert_eq!(ns("pkg:"), None);
    }

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
