//! ELF (32- and 64-bit, either byte order): `DT_SONAME` and `DT_NEEDED` from the dynamic
//! segment, found through the program headers so that stripped firmware binaries (no section
//! headers) and files cut after their first pages still give them; `.comment` strings from the
//! section headers when they are there.

use object::Endianness;
use object::elf::{DT_NEEDED, DT_SONAME, DT_STRSZ, DT_STRTAB, FileHeader32, FileHeader64, PT_LOAD};
use object::read::elf::{Dyn, FileHeader, ProgramHeader, SectionHeader};

use super::Examined;
use crate::model::ObservationKind;

/// At most this many `.comment` strings are kept (a linked binary repeats one per object file;
/// they are deduplicated first).
const MAX_COMMENTS: usize = 8;
/// Longest `.comment` string kept, in bytes.
const MAX_COMMENT_LEN: usize = 200;
/// At most this many `DT_NEEDED` entries are read (hostile dynamic segments can be huge).
const MAX_NEEDED: usize = 512;

/// Reads `data` as ELF into `out`; a malformed file gives what could be read.
pub(super) fn read(data: &[u8], out: &mut Examined) {
    match data.get(4) {
        Some(1) => read_as::<FileHeader32<Endianness>>(data, out),
        Some(2) => read_as::<FileHeader64<Endianness>>(data, out),
        _ => {}
    }
}

fn read_as<H: FileHeader<Endian = Endianness>>(data: &[u8], out: &mut Examined) {
    let Ok(header) = H::parse(data) else { return };
    let Ok(endian) = header.endian() else { return };
    dynamic(header, endian, data, out);
    comments(header, endian, data, out);
}

/// `DT_SONAME` and `DT_NEEDED`, read through `PT_DYNAMIC` and the `PT_LOAD` segment that holds
/// the dynamic string table.
fn dynamic<H: FileHeader<Endian = Endianness>>(
    header: &H,
    endian: Endianness,
    data: &[u8],
    out: &mut Examined,
) {
    let Ok(phdrs) = header.program_headers(endian, data) else {
        return;
    };
    let Some(dyns) = phdrs
        .iter()
        .find_map(|ph| ph.dynamic(endian, data).ok().flatten())
    else {
        return;
    };
    let (mut strtab, mut strsz) = (None, None);
    for d in dyns {
        match d.tag(endian) {
            DT_STRTAB => strtab = Some(d.val(endian)),
            DT_STRSZ => strsz = Some(d.val(endian)),
            _ => {}
        }
    }
    let Some(strtab) = strtab else { return };
    // The string table's address, mapped to a file offset through the segment that loads it.
    let Some(offset) = phdrs.iter().find_map(|ph| {
        if ph.p_type(endian) != PT_LOAD {
            return None;
        }
        let (vaddr, filesz, off) = (
            ph.p_vaddr(endian).into(),
            ph.p_filesz(endian).into(),
            ph.p_offset(endian).into(),
        );
        let delta = strtab.checked_sub(vaddr)?;
        (delta < filesz).then(|| off.checked_add(delta)).flatten()
    }) else {
        return;
    };
    let Some(table) = usize::try_from(offset).ok().and_then(|o| data.get(o..)) else {
        return;
    };
    // A cut file has less than DT_STRSZ says: read what there is.
    let size = strsz
        .and_then(|s| usize::try_from(s).ok())
        .unwrap_or(table.len())
        .min(table.len());
    let table = &table[..size];
    let string = |v: u64| -> Option<String> {
        let s = table.get(usize::try_from(v).ok()?..)?;
        let end = s.iter().position(|&b| b == 0)?;
        let s = String::from_utf8_lossy(&s[..end]);
        (!s.trim().is_empty()).then(|| s.into_owned())
    };
    let mut needed = 0;
    for d in dyns {
        match d.tag(endian) {
            DT_SONAME if out.soname.is_none() => {
                if let Some(s) = string(d.val(endian)) {
                    out.observe(ObservationKind::Identity, "elf.soname", &s, "name");
                    out.soname = Some(s);
                }
            }
            DT_NEEDED if needed < MAX_NEEDED => {
                needed += 1;
                if let Some(s) = string(d.val(endian)) {
                    out.need(&s);
                }
            }
            _ => {}
        }
    }
}

/// The NUL-separated strings of `.comment` (compilers and linkers that built the file).
fn comments<H: FileHeader<Endian = Endianness>>(
    header: &H,
    endian: Endianness,
    data: &[u8],
    out: &mut Examined,
) {
    let Ok(sections) = header.sections(endian, data) else {
        return;
    };
    let Some((_, section)) = sections.section_by_name(endian, b".comment") else {
        return;
    };
    let Ok(bytes) = section.data(endian, data) else {
        return;
    };
    let mut kept = 0;
    for s in bytes.split(|&b| b == 0) {
        if kept >= MAX_COMMENTS {
            break;
        }
        let s = String::from_utf8_lossy(&s[..s.len().min(MAX_COMMENT_LEN)]);
        let before = out.observations.len();
        out.observe(ObservationKind::Text, "elf.comment", &s, "");
        kept += out.observations.len() - before;
    }
}
