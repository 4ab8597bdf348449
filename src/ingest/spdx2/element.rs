//! SPDX 2 packages, files and snippets (clauses 7-9) into components.

use super::{Ctx, ExternalReference, File, Package, Snippet};
use crate::ingest::spdx2::actor::parse_actor;
use crate::model::{
    Component, ExternalRef, Location, Observation, ObservationKind, Origin, Party, PartyRole,
};

/// SPDX 2.3 clause 7 (package) into a component; returns its `hasFiles` too.
pub(super) fn package(cx: &mut Ctx<'_>, p: Package, loc: Location) -> (Component, Vec<String>) {
    let (id, id_synthesized) = cx.id(p.spdx_id, &loc, "package");
    let name = cx.text(p.name, "name", &loc).unwrap_or_else(|| {
        cx.missing(&loc, "a package has no name");
        String::new()
    });
    let mut c = Component {
        id,
        id_synthesized,
        origin: Origin::Listed,
        name,
        version: cx.stated(p.version_info, "versionInfo", &loc),
        kind: cx
            .text(p.primary_package_purpose, "primaryPackagePurpose", &loc)
            .map(|k| k.to_ascii_lowercase()),
        ..Component::default()
    };
    c.file_names
        .extend(cx.stated(p.package_file_name, "packageFileName", &loc));
    // 7.5 PackageSupplier / 7.6 PackageOriginator: "Person: ..." / "Organization: ..." /
    // "NOASSERTION"; the e-mail in parentheses is optional.
    for (t, role, field) in [
        (p.supplier, PartyRole::Supplier, "supplier"),
        (p.originator, PartyRole::Originator, "originator"),
    ] {
        if let Some(actor) = cx.text(t, field, &loc).as_deref().and_then(parse_actor) {
            let mut party = Party::named(role, actor.kind, &actor.name, loc.clone());
            party.emails.extend(actor.email);
            c.parties.push(party);
        }
    }
    // 7.7 PackageDownloadLocation: a URL, VCS locator, NONE or NOASSERTION.
    c.download_location = cx.stated(p.download_location, "downloadLocation", &loc);
    if let Some(url) = cx.stated(p.homepage, "homepage", &loc) {
        c.external_refs.push(ExternalRef {
            kind: "homepage".to_string(),
            url,
        });
    }
    c.hashes = cx.hashes(p.checksums, &loc);
    for r in cx.list(p.external_refs, "externalRefs", &loc) {
        external_ref(cx, r, &loc, &mut c);
    }
    for (t, field) in [
        (p.license_concluded, "licenseConcluded"),
        (p.license_declared, "licenseDeclared"),
    ] {
        if let Some(l) = cx.stated(t, field, &loc)
            && !c.licenses.contains(&l)
        {
            c.licenses.push(l);
        }
    }
    c.copyright = cx.stated(p.copyright_text, "copyrightText", &loc);
    c.description = [
        (p.description, "description"),
        (p.summary, "summary"),
        (p.comment, "comment"),
    ]
    .into_iter()
    .filter_map(|(t, field)| cx.stated(t, field, &loc))
    .next();
    c.release_date = cx.text(p.release_date, "releaseDate", &loc);
    c.built_date = cx.text(p.built_date, "builtDate", &loc);
    let files = cx
        .list(p.has_files, "hasFiles", &loc)
        .filter_map(|t| {
            t.value
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        })
        .collect();
    c.location = loc;
    (c, files)
}

/// SPDX 2.3 clause 7.21 and Annex F: `PACKAGE-MANAGER purl`, `SECURITY cpe22Type|cpe23Type`,
/// `PERSISTENT-ID swh|gitoid`, `SECURITY swid`; everything else is kept as an external reference.
/// The category is not required to match (real documents put purls under OTHER), so only the
/// type decides.
fn external_ref(cx: &mut Ctx<'_>, r: ExternalReference, loc: &Location, c: &mut Component) {
    let Some(kind) = cx.text(r.reference_type, "referenceType", loc) else {
        cx.missing(loc, "an external reference has no referenceType");
        return;
    };
    let Some(locator) = cx.text(r.reference_locator, "referenceLocator", loc) else {
        cx.missing(loc, "an external reference has no referenceLocator");
        return;
    };
    match kind.as_str() {
        "purl" if c.purl.is_none() => c.purl = Some(locator.into()),
        "cpe22Type" | "cpe23Type" => {
            if !c.cpes.contains(&locator) {
                c.cpes.push(locator);
            }
        }
        "swid" => c.swid.push(locator),
        "swh" | "gitoid" => c.other_ids.push(locator),
        _ => c.external_refs.push(ExternalRef { kind, url: locator }),
    }
}

/// SPDX 2.3 clause 8 (file): a component of origin File.
pub(super) fn file(cx: &mut Ctx<'_>, f: File, loc: Location) -> Component {
    let (id, id_synthesized) = cx.id(f.spdx_id, &loc, "file");
    let name = cx.text(f.file_name, "fileName", &loc).unwrap_or_else(|| {
        cx.missing(&loc, "a file has no fileName");
        String::new()
    });
    let mut c = Component {
        id,
        id_synthesized,
        origin: Origin::File,
        kind: Some("file".to_string()),
        file_names: if name.is_empty() {
            Vec::new()
        } else {
            vec![name.clone()]
        },
        name,
        ..Component::default()
    };
    c.hashes = cx.hashes(f.checksums, &loc);
    c.copyright = cx.stated(f.copyright_text, "copyrightText", &loc);
    if let Some(l) = cx.stated(f.license_concluded, "licenseConcluded", &loc) {
        c.licenses.push(l);
    }
    for t in cx.list(f.license_info_in_files, "licenseInfoInFiles", &loc) {
        if let Some(l) = cx.stated(t, "licenseInfoInFiles", &loc)
            && !c.licenses.contains(&l)
        {
            c.licenses.push(l);
        }
    }
    // 8.14 FileContributor is free text ("Modified by Paul Mundt lethal@linux-sh.org"); it names
    // who wrote the file, so it is an author of unknown kind unless it carries an actor prefix.
    for t in cx.list(f.file_contributors, "fileContributors", &loc) {
        if let Some(actor) = cx
            .text(t, "fileContributors", &loc)
            .as_deref()
            .and_then(parse_actor)
        {
            let mut party = Party::named(PartyRole::Author, actor.kind, &actor.name, loc.clone());
            party.emails.extend(actor.email);
            c.parties.push(party);
        }
    }
    c.description = cx.stated(f.comment, "comment", &loc);
    // 8.16 FileNotice: "a file that may contain ... copyright notices"; its notices are read as
    // the file's copyright evidence.
    if let Some(n) = cx.stated(f.notice_text, "noticeText", &loc) {
        c.evidence.extend(Observation::new(
            ObservationKind::Copyright,
            "noticeText",
            &n,
        ));
    }
    c.location = loc;
    c
}

/// SPDX 2.3 clause 9 (snippet): a component of origin File and kind `snippet`, because its
/// copyright text and licence are evidence like a file's; returns `snippetFromFile`.
pub(super) fn snippet(cx: &mut Ctx<'_>, s: Snippet, loc: Location) -> (Component, Option<String>) {
    let (id, id_synthesized) = cx.id(s.spdx_id, &loc, "snippet");
    let mut c = Component {
        id,
        id_synthesized,
        origin: Origin::File,
        kind: Some("snippet".to_string()),
        name: cx.text(s.name, "name", &loc).unwrap_or_default(),
        ..Component::default()
    };
    c.copyright = cx.stated(s.copyright_text, "copyrightText", &loc);
    if let Some(l) = cx.stated(s.license_concluded, "licenseConcluded", &loc) {
        c.licenses.push(l);
    }
    for t in cx.list(s.license_info_in_snippets, "licenseInfoInSnippets", &loc) {
        if let Some(l) = cx.stated(t, "licenseInfoInSnippets", &loc)
            && !c.licenses.contains(&l)
        {
            c.licenses.push(l);
        }
    }
    c.description = cx.stated(s.comment, "comment", &loc);
    let from = cx.text(s.snippet_from_file, "snippetFromFile", &loc);
    c.location = loc;
    (c, from)
}
