//! Hostile input: cut files, corrupted fixtures and random bytes never panic; and the
//! by-hand throughput measurement.

use super::synthetic::{go_buildinfo, macho_dylib};
use super::*;

/// A small deterministic generator (xorshift64*), so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Every fixture plus the synthetic Mach-O (thin, fat) and Go blobs.
fn all_inputs() -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = fixtures()
        .iter()
        .map(|(n, d)| (n.clone(), d.clone()))
        .collect();
    let cms = fixture_signature("marked/kavehost-signed.exe");
    let thin = macho_dylib(
        "@rpath/libkav.dylib",
        "/usr/lib/libSystem.B.dylib",
        Some(&cms),
    );
    let mut fat = Vec::new();
    for w in [
        0xcafe_babe_u32,
        1,
        0x0100_0007,
        3,
        0x100,
        thin.len() as u32,
        8,
    ] {
        fat.extend_from_slice(&w.to_be_bytes());
    }
    fat.resize(0x100, 0);
    fat.extend_from_slice(&thin);
    v.push(("macho".into(), thin));
    v.push(("fat".into(), fat));
    v.push((
        "go".into(),
        go_buildinfo(2, "go1.22.1", "mod\texample.com/x\tv1.0.0\t\n"),
    ));
    v
}

#[test]
fn every_prefix_reads_without_panic() {
    // A cut file, as the artifact layer hands over when a file is larger than the scan limit:
    // every length up to 4 KiB (the headers; with the Go magic as the only pattern, which keeps
    // this debug-build test fast), then every 251st length with every pattern.
    let go_only = Patterns::new(&crate::watchlist::load_sources(&[], false).unwrap());
    for (name, data) in all_inputs() {
        for n in 0..=data.len().min(4096) {
            let _ = examine(&name, &data[..n], false, &go_only);
        }
        for n in (0..data.len()).step_by(251) {
            let e = examine(&name, &data[..n], false, &PATTERNS);
            assert!(e.observations.len() <= 64, "{name}[..{n}]");
        }
    }
}

#[test]
fn corrupted_and_random_bytes_read_without_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for (name, data) in all_inputs() {
        for _ in 0..200 {
            let mut d = data.clone();
            // Mostly the headers and tables near the start, sometimes anywhere.
            for _ in 0..1 + rng.below(16) {
                let limit = if rng.below(2) == 0 { 1024 } else { d.len() };
                let i = rng.below(limit.min(d.len()));
                if let Some(b) = d.get_mut(i) {
                    *b = rng.next() as u8;
                }
            }
            let cut = d.len() - rng.below(d.len() / 4 + 1);
            let _ = examine(&name, &d[..cut], cut == d.len(), &PATTERNS);
        }
    }
    let magics: [&[u8]; 6] = [
        b"\x7fELF\x01\x01",
        b"\x7fELF\x02\x02",
        b"MZ",
        b"\xcf\xfa\xed\xfe",
        b"\xca\xfe\xba\xbe\x00\x00\x00\x02",
        b"\xff Go buildinf:\x08\x02",
    ];
    for i in 0..3000 {
        let mut d: Vec<u8> = (0..rng.below(4096)).map(|_| rng.next() as u8).collect();
        let magic = magics[i % magics.len()];
        if d.len() >= magic.len() {
            d[..magic.len()].copy_from_slice(magic);
        }
        let _ = examine("random", &d, true, &PATTERNS);
    }
}

#[test]
fn executables_are_recognised_by_their_head() {
    for (name, data) in fixtures() {
        assert!(is_executable(&data[..64]), "{name}");
    }
    assert!(is_executable(b"\x7fELF"));
    assert!(is_executable(b"MZ"));
    assert!(!is_executable(b""));
    assert!(!is_executable(b"PK\x03\x04"));
    // A Java class file shares the fat magic; its next word is a class-file version.
    assert!(!is_executable(b"\xca\xfe\xba\xbe\x00\x00\x00\x34"));
    // A DOS header whose e_lfanew points at something other than the PE signature.
    let mut dos = b"MZ".to_vec();
    dos.resize(0x40, 0);
    dos[0x3c] = 0x40;
    dos.extend_from_slice(b"NE\0\0");
    assert!(!is_executable(&dos));
}

/// Throughput of `examine` on a large input: run by hand in release mode with
/// `cargo test --release --lib audit::binary::tests::robust::throughput -- --ignored --nocapture`
/// (BOMSCREEN_BENCH_FILE names the input; by default the first 100 MB of the system's shared
/// libraries, concatenated). Prints MB/s; asserts nothing about time.
#[test]
#[ignore = "a measurement, run by hand in release mode"]
#[allow(clippy::print_stderr, reason = "the measurement is what this prints")]
fn throughput() {
    // CPU time of this thread (Linux), so a busy machine does not hide the rate.
    let cpu = || -> f64 {
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
            .map_or(f64::NAN, |ns| ns / 1e9)
    };
    let data = match std::env::var_os("BOMSCREEN_BENCH_FILE") {
        Some(f) => std::fs::read(f).expect("the bench file"),
        None => {
            let mut data = Vec::new();
            let mut libs: Vec<_> = std::fs::read_dir("/usr/lib/x86_64-linux-gnu")
                .expect("the system library folder")
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.to_string_lossy().contains(".so"))
                .collect();
            libs.sort();
            for l in libs {
                if data.len() >= 100 << 20 {
                    break;
                }
                if let Ok(b) = std::fs::read(&l) {
                    data.extend_from_slice(&b);
                }
            }
            data
        }
    };
    let start = std::time::Instant::now();
    let patterns = Patterns::new(crate::watchlist::builtin());
    let built = start.elapsed();
    let (mut best, mut best_cpu) = (f64::MAX, f64::MAX);
    let mut e = Examined::default();
    for _ in 0..5 {
        let (t, c) = (std::time::Instant::now(), cpu());
        e = examine("bench", &data, true, &patterns);
        best = best.min(t.elapsed().as_secs_f64());
        best_cpu = best_cpu.min(cpu() - c);
    }
    let t = std::time::Instant::now();
    let n = memchr::memmem::find_iter(&data, b"\x7fELF").count();
    let memmem = t.elapsed().as_secs_f64();
    let mb = data.len() as f64 / 1e6;
    eprintln!(
        "{} patterns built in {built:?}; examine: {mb:.0} MB in {best:.3} s = {:.0} MB/s wall, {:.0} MB/s per CPU second ({} observations); memmem over the same bytes: {:.0} MB/s ({n} hits)",
        patterns.len(),
        mb / best,
        mb / best_cpu,
        e.observations.len(),
        mb / memmem
    );
}
