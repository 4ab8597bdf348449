//! Scope of one designation for one component: whether an exclusion or scope-review item names
//! the component by its identity (never by free text), and whether the designation's product
//! categories reach what the component is (equipment, software, unknown). Used by [`super`].

use crate::model::Component;
use crate::screen::normalize::padded;
use crate::watchlist::{Designation, Exclusion};

/// The product field of a CPE 2.2 or 2.3 name, lowercase, `_` read as a space.
fn cpe_product(cpe: &str) -> Option<String> {
    let cpe = cpe.trim().to_ascii_lowercase();
    let fields: Vec<&str> = if let Some(rest) = cpe.strip_prefix("cpe:2.3:") {
        rest.split(':').collect()
    } else {
        cpe.strip_prefix("cpe:/")?.split(':').collect()
    };
    fields
        .get(2)
        .filter(|p| !p.is_empty() && **p != "*")
        .map(|p| p.replace('_', " "))
}

/// `*` matches any run of characters; everything else literally.
fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if parts.len() == 1 {
        return pattern == text;
    }
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

/// Whether an exclusion or scope-review item names the component by its identity: one of its
/// product names as whole words in the component's name or CPE product, or one of its purl
/// prefixes (or `*` patterns). Free text such as the description never counts: "deployment
/// assisted by Kaspersky Security Consulting" does not make Endpoint Security a consulting
/// service.
pub(super) fn names_component(x: &Exclusion, c: &Component) -> bool {
    let name = padded(&c.name);
    let cpe_products: Vec<String> = c
        .cpes
        .iter()
        .filter_map(|cpe| cpe_product(cpe))
        .map(|p| padded(&p))
        .collect();
    let by_product = x.products.iter().any(|p| {
        let p = padded(p);
        p.trim().len() > 1 && (name.contains(&p) || cpe_products.iter().any(|cp| cp.contains(&p)))
    });
    let by_purl = c.purl.as_deref().is_some_and(|purl| {
        let purl = purl.to_ascii_lowercase().replace("%40", "@");
        x.purls.iter().any(|pre| {
            // The purl normal form percent-encodes `*`; in a pattern it is the wildcard.
            let pre = pre
                .to_ascii_lowercase()
                .replace("%40", "@")
                .replace("%2a", "*");
            if pre.contains('*') {
                let bare = purl.split(['?', '#']).next().unwrap_or_default();
                let bare = match bare.rfind('@') {
                    Some(at) if at > bare.rfind('/').unwrap_or(0) => &bare[..at],
                    _ => bare,
                };
                return glob(&pre, bare);
            }
            purl.strip_prefix(pre.as_str())
                .is_some_and(|rest| rest.starts_with(['/', '@']) || rest.is_empty())
        })
    });
    by_product || by_purl
}

/// What kind of thing a component is, for designations that name product categories.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A device, its hardware or firmware.
    Equipment,
    /// A library, framework, application or other software package.
    Software,
    /// The SBOM does not say.
    Unknown,
}

fn kind_of(c: &Component) -> Kind {
    match c.kind.as_deref() {
        Some("device" | "firmware" | "hardware") => Kind::Equipment,
        Some(
            "library" | "framework" | "application" | "file" | "container" | "source" | "archive"
            | "install" | "device-driver" | "platform",
        ) => Kind::Software,
        Some(_) => Kind::Unknown,
        // A package-registry purl names software, whatever the SBOM's type field says.
        None if c
            .purl
            .as_deref()
            .is_some_and(|p| !p.to_ascii_lowercase().starts_with("pkg:generic/")) =>
        {
            Kind::Software
        }
        None => Kind::Unknown,
    }
}

/// Categories that cover software as such (the Kaspersky and drone entries); the telecom and
/// video-surveillance entries name equipment and services only.
fn covers_software(category: &str) -> bool {
    matches!(
        category,
        "cybersecurity"
            | "anti-virus"
            | "integration"
            | "information-security"
            | "associated-software"
            | "software"
    )
}

fn is_service(category: &str) -> bool {
    category.ends_with("-services")
}

/// Whether the designation's product categories reach the component; `None` when they do,
/// the reason when they do not.
pub(super) fn outside_categories(d: &Designation, c: &Component) -> Option<String> {
    if d.product_categories.is_empty() {
        return None;
    }
    let inside = match kind_of(c) {
        Kind::Unknown => true,
        Kind::Software => d.product_categories.iter().any(|x| covers_software(x)),
        Kind::Equipment => d.product_categories.iter().any(|x| !is_service(x)),
    };
    (!inside).then(|| {
        format!(
            "software outside the designation's product categories ({})",
            d.product_categories.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_runs() {
        assert!(glob(
            "pkg:github/kasperskylab/*-kos",
            "pkg:github/kasperskylab/grpc-kos"
        ));
        assert!(!glob(
            "pkg:github/kasperskylab/*-kos",
            "pkg:github/kasperskylab/kos-ce"
        ));
        assert!(glob("a*b*c", "axxbyyc"));
        assert!(!glob("a*b*c", "ac"));
    }

    #[test]
    fn cpe_products_are_read() {
        assert_eq!(
            cpe_product("cpe:2.3:a:kaspersky:threat_intelligence:1.0:*:*:*:*:*:*:*").as_deref(),
            Some("threat intelligence")
        );
        assert_eq!(
            cpe_product("cpe:/a:kaspersky_lab:kaspersky_anti-virus").as_deref(),
            Some("kaspersky anti-virus")
        );
    }
}
