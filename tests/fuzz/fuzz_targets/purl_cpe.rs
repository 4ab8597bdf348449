//! The purl and CPE parsers, and every view of a parsed purl.
#![no_main]

use bomscreen::model::{PrefixKind, Purl, Upto};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let p = Purl::new(text);
    let _ = (p.ty(), p.namespace(), p.name(), p.version(), p.subpath());
    let _ = (
        p.qualifiers(),
        p.namespace_key(),
        p.name_key(),
        p.without_version(),
    );
    for upto in [Upto::Name, Upto::Version, Upto::All] {
        let _ = p.normalized(upto);
    }
    for kind in [
        PrefixKind::Namespace,
        PrefixKind::NamePrefix,
        PrefixKind::Package,
    ] {
        let _ = Purl::prefix_key(text, kind);
    }
    let _ = bomscreen::provenance::ident::cpe_vendor(text);
});
