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
    // Both sides in the one purl normal form (`Purl::without_version` and the watchlist's
    // `Purl::prefix_key`), whole segments only; a `*` in a prefix (kept percent-encoded by the
    // normal form) is a wildcard, as in `pkg:github/KasperskyLab/*-kos`.
    let by_purl = c
        .purl
        .as_ref()
        .and_then(|p| p.without_version())
        .is_some_and(|key| {
            x.purls.iter().any(|pre| {
                let pattern = pre.replace("%2A", "*").replace("%2a", "*");
                if pattern.contains('*') {
                    return crate::policy::waiver::glob_matches(&pattern, &key);
                }
                key.strip_prefix(pre.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
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

    /// KasperskyOS ports are named by a wildcard prefix; the purl's case and encoding do not
    /// matter, as for every purl rule (one `Purl` type).
    #[test]
    fn purl_wildcards_name_kasperskyos_ports() {
        use crate::model::{PrefixKind, Purl};
        let port = Exclusion {
            name: "KasperskyOS ports".to_string(),
            text: None,
            products: Vec::new(),
            purls: vec![
                Purl::prefix_key("pkg:github/KasperskyLab/*-kos", PrefixKind::Package).unwrap(),
            ],
            integration: false,
            since: None,
            until: None,
        };
        let component = |purl: &str| Component {
            purl: Some(Purl::new(purl)),
            ..Component::default()
        };
        assert!(names_component(
            &port,
            &component("pkg:github/KasperskyLab/grpc-kos@1.2")
        ));
        assert!(names_component(
            &port,
            &component("pkg:github/kasperskylab/GRPC-KOS")
        ));
        assert!(!names_component(
            &port,
            &component("pkg:github/KasperskyLab/kos-ce@1")
        ));
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
