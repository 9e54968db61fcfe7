//! Cached page content kept compressed, so that serving a cached page compresses only the
//! few kilobytes of frame around it.
//!
//! A cached page is the viewer's frame (name, CSRF token: rendered per request) around
//! content shared by everyone of a scope (cached per data version and day). Both gzip and
//! brotli streams can be joined from parts compressed separately:
//!
//! - gzip: a DEFLATE stream is a sequence of blocks, and a part compressed by its own
//!   compressor and ended with a sync flush (an empty stored block, which leaves the stream
//!   byte aligned) is followed by any other part's blocks; only the last part is finished.
//!   The gzip member around them needs the CRC-32 of the whole, which CRC-32 lets us
//!   combine from the parts' (zlib's `crc32_combine`, in `flate2::Crc::combine`).
//! - brotli: streams compressed as *catable* (they never refer to bytes before their own
//!   start, nor to the static dictionary by a distance past it) are joined by the brotli
//!   crate's `BroCatli`, which only rewrites the bits where two streams meet.
//!
//! The content is compressed once per encoding, when first asked for in it, and kept with
//! the cache entry, together with the frame's tail: the tail (the end of the layout) is the
//! same for every viewer, the head (name, CSRF token) is not. A request compresses its
//! frame's head only.

use std::convert::Infallible;
use std::io::Write;
use std::pin::Pin;
use std::sync::{Arc, LazyLock, OnceLock};
use std::task::{Context, Poll};

use actix_web::body::{BodySize, MessageBody};
use actix_web::http::header::ContentEncoding;
use actix_web::web::Bytes;
use brotli::concat::{BroCatli, BroCatliResult};
use brotli::enc::BrotliEncoderParams;
use flate2::write::DeflateEncoder;
use flate2::{Compression, Crc};
use quick_cache::sync::Cache;
use quick_cache::Weighter;

/// Brotli window (log2 bytes) of every part: a joined stream may not have a part with a
/// larger window than its first. 4 MiB is brotli's default and more than a page.
const BROTLI_WINDOW: i32 = 22;
/// Compression of the content, done once per data version: brotli 6 and gzip 6 take a few
/// milliseconds for 150 KB, where 11 would take hundreds for a few percent less.
const CONTENT_BROTLI_QUALITY: i32 = 6;
const CONTENT_GZIP_LEVEL: u32 = 6;
/// Compression of the per-request head (2–3 KB), which must cost next to nothing. Quality 2
/// has the smallest hash table (256 KB) that catable streams get: at 0 and 1, whose fast
/// paths cannot make catable streams, the encoder falls back to a 32 MB one.
const FRAME_BROTLI_QUALITY: i32 = 2;
/// Bytes of compressed heads kept, with the heads they were made from: a head is 2–4 KB, so
/// this holds a few thousand sessions' pages.
const HEADS_BYTES: u64 = 8 << 20;

/// Compressed heads by the head's exact text, a memo of a pure function: a hit needs the
/// very same bytes (the key is compared whole, not by hash alone), so one session's head,
/// whose CSRF token it carries, is never sent to another.
static HEADS: LazyLock<HeadParts> = LazyLock::new(HeadParts::new);

struct HeadParts {
    gzip: Cache<Bytes, Arc<DeflatePart>, ByLength>,
    brotli: Cache<Bytes, Arc<Vec<u8>>, ByLength>,
}

impl HeadParts {
    fn new() -> Self {
        let items = (HEADS_BYTES / 4096) as usize;
        Self {
            gzip: Cache::with_weighter(items, HEADS_BYTES / 2, ByLength),
            brotli: Cache::with_weighter(items, HEADS_BYTES / 2, ByLength),
        }
    }

    fn gzip(&self, head: &[u8]) -> Arc<DeflatePart> {
        memo(&self.gzip, head, deflate_part)
    }

    fn brotli(&self, head: &[u8]) -> Arc<Vec<u8>> {
        memo(&self.brotli, head, |h| brotli_part(h, FRAME_BROTLI_QUALITY))
    }
}

fn memo<V: Compressed>(
    cache: &Cache<Bytes, Arc<V>, ByLength>,
    head: &[u8],
    compress: impl FnOnce(&[u8]) -> V,
) -> Arc<V> {
    if let Some(part) = cache.get(head) {
        return part;
    }
    let part = Arc::new(compress(head));
    cache.insert(Bytes::copy_from_slice(head), part.clone());
    part
}

/// What a compressed part holds, for the memo's bound.
trait Compressed {
    fn len(&self) -> usize;
}

impl Compressed for Vec<u8> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
}

impl Compressed for DeflatePart {
    fn len(&self) -> usize {
        self.deflate.len()
    }
}

#[derive(Clone, Copy)]
struct ByLength;

impl<V: Compressed> Weighter<Bytes, Arc<V>> for ByLength {
    fn weight(&self, head: &Bytes, part: &Arc<V>) -> u64 {
        (head.len() + part.len()) as u64
    }
}

/// A cached page's content, with its compressed forms made when first needed.
pub struct CachedContent {
    text: Bytes,
    gzip: OnceLock<Ending<DeflatePart>>,
    brotli: OnceLock<Ending<Vec<u8>>>,
}

/// The content and the tail it was first framed with, compressed as the end of a stream.
struct Ending<T> {
    tail: Vec<u8>,
    compressed: T,
}

impl crate::cache::Bytes for CachedContent {
    /// The text and its compressed forms (about a fifth of it each, counted before they
    /// exist so that the cache's bound holds after).
    fn bytes(&self) -> u64 {
        self.text.len() as u64 * 3 / 2
    }
}

/// Part of a DEFLATE stream, with the CRC-32 of what it encodes.
struct DeflatePart {
    deflate: Vec<u8>,
    crc: Crc,
}

impl CachedContent {
    pub fn new(text: String) -> Self {
        Self {
            text: Bytes::from(text),
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
        }
    }

    /// The content as rendered.
    pub fn text(&self) -> &Bytes {
        &self.text
    }

    /// Whether the content's form in `encoding` has been made (and is kept).
    pub fn holds(&self, encoding: ContentEncoding) -> bool {
        match encoding {
            ContentEncoding::Gzip => self.gzip.get().is_some(),
            ContentEncoding::Brotli => self.brotli.get().is_some(),
            _ => false,
        }
    }

    /// `head`, the content and `tail` as one body in `encoding` (gzip or brotli); `None`
    /// for another encoding, or for a tail other than the one the content was first framed
    /// with (no page does that: its tail is the layout's end), which is then best
    /// compressed whole.
    pub fn framed(&self, head: &[u8], tail: &[u8], encoding: ContentEncoding) -> Option<Bytes> {
        match encoding {
            ContentEncoding::Gzip => self.framed_gzip(head, tail),
            ContentEncoding::Brotli => self.framed_brotli(head, tail),
            _ => None,
        }
    }

    fn framed_gzip(&self, head: &[u8], tail: &[u8]) -> Option<Bytes> {
        let ending = self.gzip.get_or_init(|| Ending {
            tail: tail.to_vec(),
            compressed: deflate_final(&[&self.text[..], tail].concat(), CONTENT_GZIP_LEVEL),
        });
        if ending.tail != tail {
            return None;
        }
        let ending = &ending.compressed;
        // CRC-32 of a few kilobytes costs less than copying the kept one (flate2's `Crc`
        // is not `Clone`).
        let mut crc = crc_of(head);
        let head = HEADS.gzip(head);
        crc.combine(&ending.crc);
        let mut out =
            Vec::with_capacity(GZIP_HEADER.len() + head.deflate.len() + ending.deflate.len() + 8);
        out.extend_from_slice(&GZIP_HEADER);
        out.extend_from_slice(&head.deflate);
        out.extend_from_slice(&ending.deflate);
        // RFC 1952's trailer: CRC-32 and length mod 2^32, little-endian.
        out.extend_from_slice(&crc.sum().to_le_bytes());
        out.extend_from_slice(&crc.amount().to_le_bytes());
        Some(Bytes::from(out))
    }

    fn framed_brotli(&self, head: &[u8], tail: &[u8]) -> Option<Bytes> {
        let ending = self.brotli.get_or_init(|| Ending {
            tail: tail.to_vec(),
            compressed: brotli_part(&[&self.text[..], tail].concat(), CONTENT_BROTLI_QUALITY),
        });
        if ending.tail != tail {
            return None;
        }
        let head = HEADS.brotli(head);
        let joined = join_brotli(&[&head, &ending.compressed]);
        if joined.is_none() {
            tracing::error!("brotli parts could not be joined; the page is compressed whole");
        }
        joined.map(Bytes::from)
    }
}

/// A body sent as its parts, one after the other: a cached page uncompressed, without
/// copying its content into a new buffer on every request.
pub struct Parts {
    parts: [Bytes; 3],
    next: usize,
}

impl Parts {
    pub fn new(head: Bytes, content: Bytes, tail: Bytes) -> Self {
        Self {
            parts: [head, content, tail],
            next: 0,
        }
    }
}

impl MessageBody for Parts {
    type Error = Infallible;

    fn size(&self) -> BodySize {
        BodySize::Sized(
            self.parts[self.next.min(3)..]
                .iter()
                .map(|p| p.len() as u64)
                .sum(),
        )
    }

    fn poll_next(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        let this = self.get_mut();
        while this.next < this.parts.len() {
            let part = std::mem::take(&mut this.parts[this.next]);
            this.next += 1;
            if !part.is_empty() {
                return Poll::Ready(Some(Ok(part)));
            }
        }
        Poll::Ready(None)
    }
}

/// RFC 1952's member header: magic, DEFLATE, no flags, no time, no extra flags, OS unknown.
/// flate2 writes it only around a stream it compresses whole, which a joined one is not.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

fn crc_of(bytes: &[u8]) -> Crc {
    let mut crc = Crc::new();
    crc.update(bytes);
    crc
}

/// `bytes` as raw DEFLATE ended by a sync flush, so that another part may follow.
fn deflate_part(bytes: &[u8]) -> DeflatePart {
    let mut encoder = DeflateEncoder::new(
        Vec::with_capacity(bytes.len() / 3 + 64),
        Compression::fast(),
    );
    // Writing to a Vec cannot fail.
    encoder.write_all(bytes).expect("writes to memory");
    encoder.flush().expect("writes to memory");
    // Taken before the encoder is dropped, which would finish the stream.
    let deflate = std::mem::take(encoder.get_mut());
    DeflatePart {
        deflate,
        crc: crc_of(bytes),
    }
}

/// `bytes` as the last part of a raw DEFLATE stream.
fn deflate_final(bytes: &[u8], level: u32) -> DeflatePart {
    let mut encoder = DeflateEncoder::new(
        Vec::with_capacity(bytes.len() / 3 + 64),
        Compression::new(level),
    );
    encoder.write_all(bytes).expect("writes to memory");
    DeflatePart {
        deflate: encoder.finish().expect("writes to memory"),
        crc: crc_of(bytes),
    }
}

/// `bytes` as a brotli stream that can be joined to others.
fn brotli_part(bytes: &[u8], quality: i32) -> Vec<u8> {
    let params = BrotliEncoderParams {
        quality,
        lgwin: BROTLI_WINDOW,
        catable: true,
        size_hint: bytes.len(),
        ..BrotliEncoderParams::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 4 + 64);
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("writes to memory");
    out
}

/// Catable brotli streams joined into one; `None` if one was not made to be joined.
fn join_brotli(parts: &[&[u8]]) -> Option<Vec<u8>> {
    let mut joiner = BroCatli::new_with_window_size(BROTLI_WINDOW as u8);
    let mut out = vec![0; parts.iter().map(|p| p.len()).sum::<usize>() + 16];
    let mut written = 0;
    for part in parts {
        joiner.new_brotli_file();
        let mut read = 0;
        loop {
            match joiner.stream(part, &mut read, &mut out, &mut written) {
                BroCatliResult::NeedsMoreInput | BroCatliResult::Success => break,
                BroCatliResult::NeedsMoreOutput => out.resize(out.len() * 2, 0),
                _ => return None,
            }
        }
    }
    loop {
        match joiner.finish(&mut out, &mut written) {
            BroCatliResult::Success => break,
            BroCatliResult::NeedsMoreOutput => out.resize(out.len() * 2, 0),
            _ => return None,
        }
    }
    out.truncate(written);
    Some(out)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    const HEAD: &str =
        "<!DOCTYPE html><html><head><title>督办事项</title></head><body><nav>张三 · 教务处</nav>";
    const TAIL: &str = "<footer>督办</footer></body></html>";

    fn content() -> CachedContent {
        let rows: String = (0..2000)
            .map(|n| format!("<tr><td>{n}</td><td>修订人才培养方案第{n}项</td><td class=\"red\">已逾期</td></tr>"))
            .collect();
        CachedContent::new(format!("<table>{rows}</table>"))
    }

    fn identity(content: &CachedContent) -> Vec<u8> {
        [HEAD.as_bytes(), content.text(), TAIL.as_bytes()].concat()
    }

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    fn unbrotli(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        brotli::Decompressor::new(bytes, 4096)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn a_gzip_framed_page_decodes_to_the_frame_around_the_content() {
        let content = content();
        let gzip = content
            .framed(HEAD.as_bytes(), TAIL.as_bytes(), ContentEncoding::Gzip)
            .unwrap();
        assert_eq!(gunzip(&gzip), identity(&content));
        assert!(gzip.len() < content.text().len() / 4, "it is compressed");
    }

    #[test]
    fn a_brotli_framed_page_decodes_to_the_frame_around_the_content() {
        let content = content();
        let br = content
            .framed(HEAD.as_bytes(), TAIL.as_bytes(), ContentEncoding::Brotli)
            .unwrap();
        assert_eq!(unbrotli(&br), identity(&content));
        assert!(br.len() < content.text().len() / 4, "it is compressed");
    }

    #[test]
    fn the_content_is_compressed_once_per_encoding_whatever_heads_precede_it() {
        let content = content();
        assert!(!content.holds(ContentEncoding::Gzip));
        assert!(!content.holds(ContentEncoding::Brotli));
        content.framed(b"<a>", b"</a>", ContentEncoding::Gzip);
        content.framed(b"<a>", b"</a>", ContentEncoding::Brotli);
        let gzip = content.gzip.get().unwrap().compressed.deflate.as_ptr();
        let br = content.brotli.get().unwrap().compressed.as_ptr();

        // Other heads (other viewers) reuse the kept forms.
        let again = content
            .framed(b"<b>", b"</a>", ContentEncoding::Gzip)
            .unwrap();
        let again_br = content
            .framed(b"<b>", b"</a>", ContentEncoding::Brotli)
            .unwrap();

        assert_eq!(
            content.gzip.get().unwrap().compressed.deflate.as_ptr(),
            gzip
        );
        assert_eq!(content.brotli.get().unwrap().compressed.as_ptr(), br);
        let expected = [b"<b>", &content.text()[..], b"</a>"].concat();
        assert_eq!(gunzip(&again), expected);
        assert_eq!(unbrotli(&again_br), expected);
    }

    #[test]
    fn a_kept_head_is_sent_only_with_the_very_same_head() {
        let content = content();
        // Two sessions' heads: same length, same page, tokens differing in one character.
        let first = HEAD.replace("教务处", "教务处 token=aaaa");
        let second = HEAD.replace("教务处", "教务处 token=aaab");
        for encoding in [ContentEncoding::Gzip, ContentEncoding::Brotli] {
            for _ in 0..2 {
                for head in [&first, &second] {
                    let body = content.framed(head.as_bytes(), TAIL.as_bytes(), encoding);
                    let decoded = match encoding {
                        ContentEncoding::Gzip => gunzip(&body.unwrap()),
                        _ => unbrotli(&body.unwrap()),
                    };
                    let expected = [head.as_bytes(), content.text(), TAIL.as_bytes()].concat();
                    assert_eq!(decoded, expected, "{encoding:?}");
                }
            }
        }
        assert!(
            HEADS.gzip.get(first.as_bytes()).is_some(),
            "the head is kept"
        );
        assert!(
            HEADS.brotli.get(second.as_bytes()).is_some(),
            "the head is kept"
        );
    }

    #[test]
    fn a_tail_other_than_the_kept_one_is_left_to_whole_page_compression() {
        let content = content();
        content.framed(b"<a>", b"</a>", ContentEncoding::Gzip);
        content.framed(b"<a>", b"</a>", ContentEncoding::Brotli);

        for encoding in [ContentEncoding::Gzip, ContentEncoding::Brotli] {
            assert!(
                content.framed(b"<a>", b"</b>", encoding).is_none(),
                "{encoding:?}"
            );
        }
    }

    #[test]
    fn an_empty_frame_or_content_still_joins() {
        let content = CachedContent::new(String::new());
        for encoding in [ContentEncoding::Gzip, ContentEncoding::Brotli] {
            let body = content.framed(b"", b"x", encoding).unwrap();
            let decoded = match encoding {
                ContentEncoding::Gzip => gunzip(&body),
                _ => unbrotli(&body),
            };
            assert_eq!(decoded, b"x", "{encoding:?}");
        }
    }
}
