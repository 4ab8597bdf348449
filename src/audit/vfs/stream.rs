//! Byte plumbing shared by every format: decompressors metered against the total-bytes limit, a
//! window onto part of a seekable source (a region carved from a blob), and bounded reads that
//! never trust a declared size for an allocation.

use std::cell::Cell;
use std::io::{self, BufRead, Read, Seek, SeekFrom};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Something read and seekable, and movable to another thread as `backhand` requires.
pub(crate) trait ReadSeek: Read + Seek + Send {}
impl<T: Read + Seek + Send> ReadSeek for T {}

/// The bytes decompression and filesystem readers produced, all layers together, against
/// `Limits::max_total_bytes`.
#[derive(Debug)]
pub(crate) struct Budget {
    pub(crate) used: Cell<u64>,
    pub(crate) max: u64,
}

impl Budget {
    /// Whether the limit has been passed (every metered read fails from then on).
    pub(crate) fn exhausted(&self) -> bool {
        self.used.get() > self.max
    }
}

/// A reader whose output counts against the [`Budget`]; past it, every read is an error.
pub(crate) struct Metered<R> {
    inner: R,
    budget: Rc<Budget>,
}

impl<R: Read> Metered<R> {
    pub(crate) fn new(inner: R, budget: Rc<Budget>) -> Metered<R> {
        Metered { inner, budget }
    }
}

impl<R: Read> Read for Metered<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.budget.exhausted() {
            return Err(io::Error::other(
                "the limit on bytes decompressed in total was reached",
            ));
        }
        let n = self.inner.read(buf)?;
        self.budget
            .used
            .set(self.budget.used.get().saturating_add(n as u64));
        Ok(n)
    }
}

/// A decompressor for `compression` reading from `input`, single-stream so that a blob's
/// following bytes stay unread (`bufread` decoders consume only what they decode).
pub(crate) fn decoder<'a>(
    compression: &str,
    input: impl BufRead + 'a,
) -> io::Result<Box<dyn Read + 'a>> {
    Ok(match compression {
        "gzip" => Box::new(flate2::bufread::GzDecoder::new(input)),
        "xz" => Box::new(liblzma::bufread::XzDecoder::new(input)),
        "bzip2" => Box::new(bzip2::bufread::BzDecoder::new(input)),
        "zstd" => Box::new(zstd::stream::read::Decoder::with_buffer(input)?.single_frame()),
        "lzma" => {
            let stream =
                liblzma::stream::Stream::new_lzma_decoder(u64::MAX).map_err(io::Error::other)?;
            Box::new(liblzma::bufread::XzDecoder::new_stream(input, stream))
        }
        other => return Err(io::Error::other(format!("no decoder for {other}"))),
    })
}

/// The bytes `[start, start + len)` of a seekable source, seekable themselves.
pub(crate) struct Window<R> {
    inner: R,
    start: u64,
    len: u64,
    pos: u64,
}

impl<R: Read + Seek> Window<R> {
    pub(crate) fn new(inner: R, start: u64, len: u64) -> Window<R> {
        Window {
            inner,
            start,
            len,
            pos: 0,
        }
    }
}

impl<R: Read + Seek> Read for Window<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.len.saturating_sub(self.pos);
        if left == 0 || buf.is_empty() {
            return Ok(0);
        }
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        self.inner.seek(SeekFrom::Start(self.start + self.pos))?;
        let n = self.inner.read(&mut buf[..want])?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: Read + Seek> Seek for Window<R> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(at) => Some(at),
            SeekFrom::End(delta) => self.len.checked_add_signed(delta),
            SeekFrom::Current(delta) => self.pos.checked_add_signed(delta),
        };
        let target = target.ok_or_else(|| io::Error::other("seek before the start"))?;
        self.pos = target;
        Ok(target)
    }
}

/// Reads until `buf` holds `limit` bytes or the reader ends (a short read is not the end).
pub(crate) fn read_up_to(reader: &mut dyn Read, buf: &mut Vec<u8>, limit: u64) -> io::Result<()> {
    let want = limit.saturating_sub(buf.len() as u64);
    reader.take(want).read_to_end(buf)?;
    Ok(())
}

/// Reads the rest of a reader and throws it away, returning how many bytes there were.
pub(crate) fn drain(reader: &mut dyn Read) -> io::Result<u64> {
    io::copy(reader, &mut io::sink())
}

/// Runs a third-party parser call, turning a panic into an error message: hostile input must
/// never bring the audit down, whatever the parser's bugs.
pub(crate) fn guard<T>(call: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(call)).map_err(|panic| {
        let text = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        format!("the parser failed on malformed input ({text})")
    })
}

/// A third-party reader whose panics become read errors.
pub(crate) struct Guarded<R>(pub(crate) R);

impl<R: Read> Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        guard(|| self.0.read(buf)).map_err(io::Error::other)?
    }
}

/// A nested artifact held in memory for random access; what it holds counts against
/// `Limits::max_nested_bytes` (all held at once, so nesting cannot multiply memory) until dropped.
pub(crate) struct Held {
    bytes: io::Cursor<Vec<u8>>,
    counter: Arc<AtomicU64>,
}

impl Held {
    /// Takes `bytes`, already added to `counter`.
    pub(crate) fn new(bytes: Vec<u8>, counter: Arc<AtomicU64>) -> Held {
        Held {
            bytes: io::Cursor::new(bytes),
            counter,
        }
    }

    /// How many bytes it holds.
    pub(crate) fn len(&self) -> u64 {
        self.bytes.get_ref().len() as u64
    }
}

impl Read for Held {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.bytes.read(buf)
    }
}

impl Seek for Held {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.bytes.seek(to)
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        self.counter.fetch_sub(self.len(), Ordering::Relaxed);
    }
}
