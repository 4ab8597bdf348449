//! PE/COFF (32- and 64-bit): imported and delay-loaded DLLs, the export name, the version
//! resource's string table, and the Authenticode signer ([`super::signer`]). Headers come from
//! `object`; the `VS_VERSIONINFO` tree is walked here, every offset bounds-checked.

use std::ops::Range;

use object::LittleEndian as LE;
use object::pe::{IMAGE_DIRECTORY_ENTRY_SECURITY, ImageNtHeaders32, ImageNtHeaders64, RT_VERSION};
use object::read::pe::{ImageNtHeaders, PeFile, ResourceDirectoryEntryData, ResourceNameOrId};

use super::{Examined, signer};
use crate::model::ObservationKind;

/// At most this many imported DLLs are read (a hostile import table can be endless).
const MAX_IMPORTS: usize = 512;
/// Entries read at each level of the resource tree (type, name, language).
const MAX_RESOURCE_ENTRIES: usize = 32;
/// Nesting of the version resource: root, StringFileInfo, StringTable, String.
const MAX_VERSION_DEPTH: usize = 4;
/// Longest version-resource value kept, in UTF-16 code units.
const MAX_VALUE_UNITS: usize = 512;

/// The version-resource keys read, each with the field it is reported as and how it is weighed
/// (`detail` is the identity field for identities).
const VERSION_FIELDS: [(&str, &str, ObservationKind, &str); 7] = [
    (
        "CompanyName",
        "pe.version.CompanyName",
        ObservationKind::Vendor,
        "",
    ),
    (
        "LegalCopyright",
        "pe.version.LegalCopyright",
        ObservationKind::Copyright,
        "",
    ),
    (
        "ProductName",
        "pe.version.ProductName",
        ObservationKind::Identity,
        "name",
    ),
    (
        "OriginalFilename",
        "pe.version.OriginalFilename",
        ObservationKind::Identity,
        "name",
    ),
    (
        "InternalName",
        "pe.version.InternalName",
        ObservationKind::Identity,
        "name",
    ),
    (
        "ProductVersion",
        "pe.version.ProductVersion",
        ObservationKind::Identity,
        "version",
    ),
    (
        "FileDescription",
        "pe.version.FileDescription",
        ObservationKind::Text,
        "",
    ),
];

/// Reads `data` as PE into `out`; a malformed file gives what could be read. Returns the
/// certificate table's file range, which the string pass leaves alone (its names are the
/// signer's, already reported).
pub(super) fn read(data: &[u8], out: &mut Examined) -> Option<Range<usize>> {
    match object::FileKind::parse(data) {
        Ok(object::FileKind::Pe32) => read_as::<ImageNtHeaders32>(data, out),
        Ok(object::FileKind::Pe64) => read_as::<ImageNtHeaders64>(data, out),
        _ => None,
    }
}

fn read_as<Pe: ImageNtHeaders>(data: &[u8], out: &mut Examined) -> Option<Range<usize>> {
    let pe = PeFile::<Pe, &[u8]>::parse(data).ok()?;
    let mut signed = None;
    version_resource(&pe, data, out);
    if let Some(dir) = pe.data_directory(IMAGE_DIRECTORY_ENTRY_SECURITY) {
        // The security directory's "address" is a file offset, not an RVA.
        let (start, size) = (
            dir.virtual_address.get(LE) as usize,
            dir.size.get(LE) as usize,
        );
        let end = start.checked_add(size).unwrap_or(start);
        if let Some(table) = data.get(start..end) {
            signed = Some(start..end);
            for subject in signer::authenticode_subjects(table) {
                out.observe(
                    ObservationKind::Signer,
                    "pe.authenticode.signer",
                    &subject,
                    signer::UNVERIFIED,
                );
            }
        }
    }
    imports(&pe, out);
    export_name(&pe, data, out);
    signed
}

fn imports<'a, Pe: ImageNtHeaders>(pe: &PeFile<'a, Pe, &'a [u8]>, out: &mut Examined) {
    let mut count = 0;
    if let Ok(Some(table)) = pe.import_table()
        && let Ok(mut descriptors) = table.descriptors()
    {
        while let Ok(Some(d)) = descriptors.next() {
            count += 1;
            if count > MAX_IMPORTS {
                return;
            }
            if let Ok(name) = table.name(d.name.get(LE)) {
                out.need(&String::from_utf8_lossy(name));
            }
        }
    }
    if let Ok(Some(table)) = pe.delay_load_import_table()
        && let Ok(mut descriptors) = table.descriptors()
    {
        while let Ok(Some(d)) = descriptors.next() {
            count += 1;
            if count > MAX_IMPORTS {
                return;
            }
            if let Ok(name) = table.name(d.dll_name_rva.get(LE)) {
                out.need(&String::from_utf8_lossy(name));
            }
        }
    }
}

/// The DLL's own name from its export directory (the PE counterpart of a SONAME).
fn export_name<'a, Pe: ImageNtHeaders>(
    pe: &PeFile<'a, Pe, &'a [u8]>,
    data: &'a [u8],
    out: &mut Examined,
) {
    let Ok(Some(exports)) = pe.export_table() else {
        return;
    };
    let rva = exports.directory().name.get(LE);
    let Some(bytes) = pe.section_table().pe_data_at(data, rva) else {
        return;
    };
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    let name = String::from_utf8_lossy(&bytes[..end.min(260)]);
    if !name.trim().is_empty() {
        out.soname = Some(name.trim().to_string());
    }
}

/// The `RT_VERSION` resource: its first data entry, as bytes.
fn version_resource<'a, Pe: ImageNtHeaders>(
    pe: &PeFile<'a, Pe, &'a [u8]>,
    data: &'a [u8],
    out: &mut Examined,
) {
    let sections = pe.section_table();
    let Ok(Some(rsrc)) = pe.data_directories().resource_directory(data, &sections) else {
        return;
    };
    let Ok(root) = rsrc.root() else { return };
    let version = root
        .entries
        .iter()
        .take(MAX_RESOURCE_ENTRIES)
        .find(|e| matches!(e.name_or_id(), ResourceNameOrId::Id(RT_VERSION)));
    let Some(Ok(ResourceDirectoryEntryData::Table(names))) = version.map(|e| e.data(rsrc)) else {
        return;
    };
    for name in names.entries.iter().take(MAX_RESOURCE_ENTRIES) {
        let Ok(ResourceDirectoryEntryData::Table(langs)) = name.data(rsrc) else {
            continue;
        };
        for lang in langs.entries.iter().take(MAX_RESOURCE_ENTRIES) {
            let Ok(ResourceDirectoryEntryData::Data(entry)) = lang.data(rsrc) else {
                continue;
            };
            let (rva, size) = (entry.offset_to_data.get(LE), entry.size.get(LE) as usize);
            let Some(bytes) = sections.pe_data_at(data, rva) else {
                continue;
            };
            let bytes = &bytes[..size.min(bytes.len())];
            let mut pairs = Vec::new();
            walk(bytes, 0, bytes.len(), 0, &mut pairs);
            report(&pairs, out);
            return;
        }
    }
}

/// Reports the string-table values as observations, in [`VERSION_FIELDS`] order.
fn report(pairs: &[(String, String)], out: &mut Examined) {
    for (key, field, kind, detail) in VERSION_FIELDS {
        for (_, value) in pairs.iter().filter(|(k, _)| k == key) {
            out.observe(kind, field, value, detail);
        }
    }
    let version = |key: &str| {
        pairs
            .iter()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
    };
    out.version = version("ProductVersion").or_else(|| version("FileVersion"));
}

/// One `VS_VERSIONINFO` node at `at` (inside `[.., end)`): `wLength`, `wValueLength`, `wType`,
/// a NUL-terminated UTF-16 key, padding to 32 bits, the value, padding, then child nodes.
/// Text nodes (`wType` 1) under a `StringTable` are the `Key = Value` pairs collected.
fn walk(b: &[u8], at: usize, end: usize, depth: usize, out: &mut Vec<(String, String)>) {
    let u16_at = |p: usize| b.get(p..p + 2).map(|s| u16::from_le_bytes([s[0], s[1]]));
    let (Some(len), Some(value_len), Some(kind)) = (u16_at(at), u16_at(at + 2), u16_at(at + 4))
    else {
        return;
    };
    let node_end = at.saturating_add(len as usize).min(end);
    if len < 6 || node_end <= at + 6 {
        return;
    }
    let (key, after_key) = utf16z(b, at + 6, node_end);
    let value_at = align4(after_key);
    if depth == 3 && kind == 1 {
        // A String: the value runs to its NUL (wValueLength is in words, but some resource
        // compilers write bytes, so it is not trusted).
        let (value, _) = utf16z(b, value_at, node_end);
        out.push((key, value));
        return;
    }
    if depth + 1 >= MAX_VERSION_DEPTH {
        return;
    }
    // The root's value is the binary VS_FIXEDFILEINFO (bytes); below it only text values occur.
    let value_bytes = if kind == 0 {
        value_len as usize
    } else {
        value_len as usize * 2
    };
    let mut child = align4(value_at.saturating_add(value_bytes));
    // Only the string tables are read: VarFileInfo holds language ids.
    let wanted = match depth {
        0 => key == "VS_VERSION_INFO",
        1 => key == "StringFileInfo",
        _ => true,
    };
    if !wanted {
        return;
    }
    while child + 6 <= node_end {
        let Some(child_len) = u16_at(child) else {
            return;
        };
        if child_len == 0 {
            return;
        }
        walk(b, child, node_end, depth + 1, out);
        child = align4(child + child_len as usize);
    }
}

/// A NUL-terminated UTF-16LE string at `at`, read up to `end`, and the offset after its NUL.
fn utf16z(b: &[u8], at: usize, end: usize) -> (String, usize) {
    let mut units = Vec::new();
    let mut p = at;
    while p + 2 <= end.min(b.len()) && units.len() < MAX_VALUE_UNITS {
        let u = u16::from_le_bytes([b[p], b[p + 1]]);
        p += 2;
        if u == 0 {
            break;
        }
        units.push(u);
    }
    (String::from_utf16_lossy(&units).trim().to_string(), p)
}

fn align4(p: usize) -> usize {
    p.saturating_add(3) & !3
}
