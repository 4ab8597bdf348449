//! Go build information (`runtime/debug.BuildInfo` as `go version -m` prints it): the Go
//! version and the `path`, `mod`, `dep` and `=>` lines of the module information.
//!
//! Only the inline-string format of Go 1.18 and later is read (header flag bit 2: two
//! varint-prefixed strings right after the 32-byte header). Older binaries store two pointers
//! into the data segment instead; following them needs the segment table and is not done, so
//! such binaries give no [`GoBuild`].

use super::{GoBuild, GoModule};

/// The build-information header magic, found by the one pattern pass.
pub(super) const MAGIC: &[u8] = b"\xff Go buildinf:";
/// Header size: magic (14), pointer size (1), flags (1), then two pointers or padding.
const HEADER: usize = 32;
/// Flag bit: strings are inline after the header.
const INLINE: u8 = 0x2;
/// Longest module-information string read (a large program's is tens of kilobytes).
const MAX_MODINFO: usize = 1 << 20;
/// At most this many dependencies are kept.
const MAX_DEPS: usize = 4096;

/// The build information at `at` (where [`MAGIC`] starts), if it is the inline format.
pub(super) fn read(data: &[u8], at: usize) -> Option<GoBuild> {
    let header = data.get(at..at.checked_add(HEADER)?)?;
    if !header.starts_with(MAGIC) || header[15] & INLINE == 0 {
        return None;
    }
    let mut p = at + HEADER;
    let version = String::from_utf8_lossy(string(data, &mut p, 64)?);
    let modinfo = string(data, &mut p, MAX_MODINFO).unwrap_or_default();
    let mut build = parse_modinfo(modinfo);
    let version = version.trim();
    build.go_version = (!version.is_empty()).then(|| version.to_string());
    Some(build)
}

/// A uvarint-length-prefixed string at `*p`, at most `max` bytes.
fn string<'a>(data: &'a [u8], p: &mut usize, max: usize) -> Option<&'a [u8]> {
    let mut len: u64 = 0;
    for shift in (0..64).step_by(7) {
        let b = *data.get(*p)?;
        *p += 1;
        len |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            break;
        }
    }
    let len = usize::try_from(len).ok()?;
    if len > max {
        return None;
    }
    let bytes = data.get(*p..p.checked_add(len)?)?;
    *p += len;
    Some(bytes)
}

/// The module lines. The string is framed by two 16-byte sentinels, which Go strips when the
/// byte before the closing one is a newline; so is it here.
pub(super) fn parse_modinfo(b: &[u8]) -> GoBuild {
    let b = if b.len() >= 33 && b[b.len() - 17] == b'\n' {
        &b[16..b.len() - 16]
    } else {
        b
    };
    let s = String::from_utf8_lossy(b);
    let mut build = GoBuild {
        go_version: None,
        main: None,
        deps: Vec::new(),
    };
    // Which module a `=>` line replaces: the line before it.
    let mut last_is_main = false;
    for line in s.lines() {
        let mut f = line.split('\t');
        let module = |f: &mut std::str::Split<'_, char>| {
            let path = f.next()?.trim();
            let version = f.next().map(str::trim).filter(|v| !v.is_empty());
            (!path.is_empty()).then(|| GoModule {
                path: path.to_string(),
                version: version.map(str::to_string),
            })
        };
        match f.next() {
            Some("path") if build.main.is_none() => {
                // The main package's path; `mod` gives the module and its version.
                if let Some(p) = f.next().map(str::trim).filter(|p| !p.is_empty()) {
                    build.main = Some(GoModule {
                        path: p.to_string(),
                        version: None,
                    });
                    last_is_main = true;
                }
            }
            Some("mod") => {
                if let Some(m) = module(&mut f) {
                    build.main = Some(m);
                    last_is_main = true;
                }
            }
            Some("dep") if build.deps.len() < MAX_DEPS => {
                if let Some(m) = module(&mut f) {
                    build.deps.push(m);
                    last_is_main = false;
                }
            }
            // The code in the binary is the replacement's.
            Some("=>") => {
                if let Some(m) = module(&mut f) {
                    let target = if last_is_main {
                        build.main.as_mut()
                    } else {
                        build.deps.last_mut()
                    };
                    if let Some(t) = target {
                        *t = m;
                    }
                }
            }
            _ => {}
        }
    }
    build
}
