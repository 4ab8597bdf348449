//! SPDX 2 actor strings (`Organization: Name (email)`, `Person: ...`, `Tool: ...`), shared by
//! every SPDX 2 serialisation and by the SPDX 3 reader, which meets them in SPDX 2 style names.
//!
//! SPDX 2.3 §7.5 PackageSupplier / §7.6 PackageOriginator: "Organization: ExampleCodeInspect
//! (contact@example.com)" or "NOASSERTION"; real documents also omit the prefix.

use crate::model::PartyKind;

/// An actor as written: kind, name and optional e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Actor {
    pub kind: PartyKind,
    pub name: String,
    pub email: Option<String>,
}

/// Whether an SPDX value means "nothing stated" (`NOASSERTION`, `NONE`, empty).
pub(crate) fn is_unstated(value: &str) -> bool {
    let v = value.trim();
    v.is_empty() || v.eq_ignore_ascii_case("NOASSERTION") || v.eq_ignore_ascii_case("NONE")
}

/// Parses an actor string; `None` when it states nothing.
pub(crate) fn parse_actor(value: &str) -> Option<Actor> {
    let v = value.trim();
    if is_unstated(v) {
        return None;
    }
    let (kind, rest) = match v.split_once(':') {
        Some((k, rest)) if k.trim().eq_ignore_ascii_case("organization") => {
            (PartyKind::Organization, rest)
        }
        Some((k, rest)) if k.trim().eq_ignore_ascii_case("person") => (PartyKind::Person, rest),
        Some((k, rest)) if k.trim().eq_ignore_ascii_case("tool") => (PartyKind::Tool, rest),
        _ => (PartyKind::Unknown, v),
    };
    let rest = rest.trim();
    // A trailing "(email)" group; the name itself may contain parentheses. syft writes
    // "Person: Natanael Copa <ncopa@alpinelinux.org>", so "<email>" is read the same way.
    let open = match rest.chars().last() {
        Some(')') => rest.rfind('('),
        Some('>') => rest.rfind('<'),
        _ => None,
    };
    let (name, email) = match open {
        Some(open) => {
            let inner = rest[open + 1..rest.len() - 1].trim();
            let name = rest[..open].trim();
            if name.is_empty() {
                (rest, None)
            } else {
                (
                    name,
                    Some(inner.to_string()).filter(|e| !e.is_empty() && !is_unstated(e)),
                )
            }
        }
        None => (rest, None),
    };
    if is_unstated(name) {
        return None;
    }
    Some(Actor {
        kind,
        name: name.to_string(),
        email,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors() {
        let a = parse_actor("Organization: ExampleCodeInspect (contact@example.com)").unwrap();
        assert_eq!(a.kind, PartyKind::Organization);
        assert_eq!(a.name, "ExampleCodeInspect");
        assert_eq!(a.email.as_deref(), Some("contact@example.com"));
        let a = parse_actor("Person: Jane Doe ()").unwrap();
        assert_eq!(
            (a.kind, a.name.as_str(), a.email),
            (PartyKind::Person, "Jane Doe", None)
        );
        let a = parse_actor("AO Kaspersky Lab").unwrap();
        assert_eq!(
            (a.kind, a.name.as_str()),
            (PartyKind::Unknown, "AO Kaspersky Lab")
        );
        assert!(parse_actor("NOASSERTION").is_none());
        assert!(parse_actor("Organization: NOASSERTION").is_none());
        assert_eq!(parse_actor("Tool: syft-1.0").unwrap().kind, PartyKind::Tool);
        let a = parse_actor("Person: Natanael Copa <ncopa@alpinelinux.org>").unwrap();
        assert_eq!(
            (a.name.as_str(), a.email.as_deref()),
            ("Natanael Copa", Some("ncopa@alpinelinux.org"))
        );
    }
}
