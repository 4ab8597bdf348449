//! Mach-O, thin (32/64-bit, either byte order) and fat: `LC_ID_DYLIB` (the library's install
//! name), the libraries its load commands link, and the signer of its code signature (the CMS
//! blob in the `LC_CODE_SIGNATURE` super blob). A fat binary's slices are read in turn.

use std::ops::Range;

use object::Endianness;
use object::macho::{
    DylibCommand, LC_CODE_SIGNATURE, LC_ID_DYLIB, LC_LAZY_LOAD_DYLIB, LC_LOAD_DYLIB,
    LC_LOAD_UPWARD_DYLIB, LC_LOAD_WEAK_DYLIB, LC_REEXPORT_DYLIB, LinkeditDataCommand, MachHeader32,
    MachHeader64,
};
use object::read::macho::{FatArch, MachHeader, MachOFatFile32, MachOFatFile64};

use super::{Examined, signer};
use crate::model::ObservationKind;

/// At most this many load commands are read per slice.
const MAX_COMMANDS: usize = 1024;
/// At most this many slices of a fat binary are read.
const MAX_SLICES: usize = 8;
/// `CSMAGIC_EMBEDDED_SIGNATURE`, `CSMAGIC_BLOBWRAPPER` and `CSSLOT_SIGNATURESLOT`.
const SUPER_BLOB: u32 = 0xfade_0cc0;
const BLOB_WRAPPER: u32 = 0xfade_0b01;
const SIGNATURE_SLOT: u32 = 0x10000;

/// Reads `data` as Mach-O (thin or fat) into `out`. Returns the file ranges of the code
/// signatures, which the string pass leaves alone (their names are the signer's).
pub(super) fn read(data: &[u8], out: &mut Examined) -> Vec<Range<usize>> {
    let mut signed = Vec::new();
    match data.get(..4) {
        Some([0xca, 0xfe, 0xba, 0xbe]) => {
            if let Ok(fat) = MachOFatFile32::parse(data) {
                slices(fat.arches(), data, out, &mut signed);
            }
        }
        Some([0xca, 0xfe, 0xba, 0xbf]) => {
            if let Ok(fat) = MachOFatFile64::parse(data) {
                slices(fat.arches(), data, out, &mut signed);
            }
        }
        _ => thin(data, 0, out, &mut signed),
    }
    signed
}

fn slices<A: FatArch>(
    arches: &[A],
    data: &[u8],
    out: &mut Examined,
    signed: &mut Vec<Range<usize>>,
) {
    for arch in arches.iter().take(MAX_SLICES) {
        // A cut fat file may hold the first slice only.
        if let Ok(slice) = arch.data(data) {
            let base = usize::try_from(arch.offset().into()).unwrap_or(0);
            thin(slice, base, out, signed);
        }
    }
}

fn thin(data: &[u8], base: usize, out: &mut Examined, signed: &mut Vec<Range<usize>>) {
    match data.get(..4) {
        Some([0xfe, 0xed, 0xfa, 0xce] | [0xce, 0xfa, 0xed, 0xfe]) => {
            commands::<MachHeader32<Endianness>>(data, base, out, signed)
        }
        Some([0xfe, 0xed, 0xfa, 0xcf] | [0xcf, 0xfa, 0xed, 0xfe]) => {
            commands::<MachHeader64<Endianness>>(data, base, out, signed)
        }
        _ => {}
    }
}

fn commands<H: MachHeader<Endian = Endianness>>(
    data: &[u8],
    base: usize,
    out: &mut Examined,
    signed: &mut Vec<Range<usize>>,
) {
    let Ok(header) = H::parse(data, 0) else {
        return;
    };
    let Ok(endian) = header.endian() else { return };
    let Ok(mut cmds) = header.load_commands(endian, data, 0) else {
        return;
    };
    for _ in 0..MAX_COMMANDS {
        let Ok(Some(cmd)) = cmds.next() else { return };
        let kind = cmd.cmd();
        if kind == LC_CODE_SIGNATURE {
            if let Ok(sig) = cmd.data::<LinkeditDataCommand<Endianness>>() {
                let (off, size) = (
                    sig.dataoff.get(endian) as usize,
                    sig.datasize.get(endian) as usize,
                );
                let end = off.checked_add(size).unwrap_or(off);
                if data.get(off..end).is_some() {
                    signed.push(base.saturating_add(off)..base.saturating_add(end));
                }
                if let Some(blob) = data.get(off..end)
                    && let Some(subject) = code_signature_signer(blob)
                {
                    out.observe(
                        ObservationKind::Signer,
                        "macho.codesign.signer",
                        &subject,
                        signer::UNVERIFIED,
                    );
                }
            }
            continue;
        }
        let linked = [
            LC_LOAD_DYLIB,
            LC_LOAD_WEAK_DYLIB,
            LC_REEXPORT_DYLIB,
            LC_LAZY_LOAD_DYLIB,
            LC_LOAD_UPWARD_DYLIB,
        ]
        .contains(&kind);
        if kind != LC_ID_DYLIB && !linked {
            continue;
        }
        // `LoadCommandData::dylib` leaves out LC_ID_DYLIB, which has the same layout.
        let Ok(dylib) = cmd.data::<DylibCommand<Endianness>>() else {
            continue;
        };
        let Ok(name) = cmd.string(endian, dylib.dylib.name) else {
            continue;
        };
        let name = String::from_utf8_lossy(name);
        if kind == LC_ID_DYLIB {
            if out.soname.is_none() {
                out.observe(ObservationKind::Path, "macho.id", &name, "");
                out.soname = Some(name.trim().to_string());
            }
        } else {
            out.need(&name);
        }
    }
}

/// The signer of an embedded code signature: the super blob's signature slot holds a blob
/// wrapper around CMS SignedData (all big-endian). Ad-hoc signatures have no such slot.
fn code_signature_signer(blob: &[u8]) -> Option<String> {
    let be = |p: usize| {
        blob.get(p..p.checked_add(4)?)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    if be(0)? != SUPER_BLOB {
        return None;
    }
    let count = be(8)? as usize;
    for i in 0..count.min(64) {
        let at = 12 + i * 8;
        if be(at)? != SIGNATURE_SLOT {
            continue;
        }
        let off = be(at + 4)? as usize;
        if be(off)? != BLOB_WRAPPER {
            return None;
        }
        let len = be(off + 4)? as usize;
        let cms = blob.get(off.checked_add(8)?..off.checked_add(len)?)?;
        return signer::cms_signer(cms);
    }
    None
}
