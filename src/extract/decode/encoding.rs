//! Plain-text encoding detection: UTF-8 (with or without BOM), GB18030/GBK, UTF-16 LE/BE with
//! BOM. Detection is strict: input that is not cleanly one of these is an error, never mojibake.

use super::DecodeError;
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

/// Text decoded from bytes, with the name of the encoding it was in.
#[derive(Debug)]
pub(crate) struct Text {
    pub text: String,
    pub encoding: &'static str,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The Unicode byte order mark at the start of `bytes`, if any, as (encoding name, BOM length).
pub(crate) fn bom(bytes: &[u8]) -> Option<(&'static str, usize)> {
    if bytes.starts_with(UTF8_BOM) {
        Some(("UTF-8", 3))
    } else if bytes.starts_with(b"\xFF\xFE") {
        Some(("UTF-16LE", 2))
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some(("UTF-16BE", 2))
    } else {
        None
    }
}

/// Decodes a text file exactly: the result is the file's characters with only a leading BOM
/// removed (no newline translation, no trimming).
pub(crate) fn decode_text(bytes: &[u8]) -> Result<Text, DecodeError> {
    if let Some((name, len)) = bom(bytes) {
        return decode_with_bom(&bytes[len..], name);
    }
    // Many NUL or other control bytes without a UTF-16 BOM mean binary (or BOM-less
    // UTF-16); a few are what PDF copying leaves where a glyph had no character.
    if looks_binary(bytes) {
        return Err(DecodeError::Binary);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Text {
            text: s.to_owned(),
            encoding: "UTF-8",
        });
    }
    decode_gb18030(bytes).ok_or(DecodeError::UnknownEncoding)
}

/// Decodes the bytes after a BOM strictly in the encoding the BOM names.
pub(crate) fn decode_with_bom(body: &[u8], name: &'static str) -> Result<Text, DecodeError> {
    let text = match name {
        "UTF-16LE" => strict(UTF_16LE, body),
        "UTF-16BE" => strict(UTF_16BE, body),
        _ => std::str::from_utf8(body).ok().map(str::to_owned),
    };
    let text = text.ok_or(DecodeError::UnknownEncoding)?;
    Ok(Text {
        text,
        encoding: name,
    })
}

/// Decodes `bytes` in `encoding` without BOM sniffing; `None` on any malformed sequence.
pub(crate) fn strict(encoding: &'static Encoding, bytes: &[u8]) -> Option<String> {
    if (encoding == UTF_16LE || encoding == UTF_16BE) && !bytes.len().is_multiple_of(2) {
        return None;
    }
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|cow| cow.into_owned())
}

/// Decodes GB18030 (a superset of GBK and GB2312) when the bytes are well-formed GB18030 *and*
/// read like Chinese text rather than another encoding misread as GB18030.
pub(crate) fn decode_gb18030(bytes: &[u8]) -> Option<Text> {
    let stats = scan_gb18030(bytes)?;
    if !stats.plausible() {
        return None;
    }
    let text = strict(GB18030, bytes)?;
    Some(Text {
        text,
        encoding: "GB18030",
    })
}

/// Character classes found while walking GB18030 byte structure.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct GbStats {
    /// Two-byte characters in the GB2312 symbol rows and first (most frequent) hanzi level:
    /// the bulk of any simplified-Chinese text.
    pub common: usize,
    /// Everything else multi-byte: GB2312 level 2, GBK extensions, user-defined areas, four-byte
    /// sequences. Mojibake from Big5, Shift_JIS, UTF-16 or Latin-1 lands mostly here.
    pub rare: usize,
}

impl GbStats {
    /// True when the multi-byte characters are mostly common simplified Chinese. Real GBK text
    /// scores above 0.95; Big5 read as GBK about 0.3, Latin-1 or Shift_JIS near 0.
    pub fn plausible(&self) -> bool {
        let total = self.common + self.rare;
        total > 0 && self.common * 10 >= total * 6
    }
}

/// Walks GB18030 byte structure; `None` if it is not well-formed GB18030.
pub(crate) fn scan_gb18030(bytes: &[u8]) -> Option<GbStats> {
    let mut stats = GbStats::default();
    let mut i = 0;
    while i < bytes.len() {
        let lead = bytes[i];
        if lead < 0x80 {
            i += 1;
            continue;
        }
        if !(0x81..=0xFE).contains(&lead) {
            return None;
        }
        let trail = *bytes.get(i + 1)?;
        if (0x30..=0x39).contains(&trail) {
            let third = *bytes.get(i + 2)?;
            let fourth = *bytes.get(i + 3)?;
            if !(0x81..=0xFE).contains(&third) || !(0x30..=0x39).contains(&fourth) {
                return None;
            }
            stats.rare += 1;
            i += 4;
            continue;
        }
        if !(0x40..=0xFE).contains(&trail) || trail == 0x7F {
            return None;
        }
        let gb2312_symbol = (0xA1..=0xA9).contains(&lead);
        let level1_hanzi = (0xB0..=0xD7).contains(&lead);
        if (gb2312_symbol || level1_hanzi) && trail >= 0xA1 {
            stats.common += 1;
        } else {
            stats.rare += 1;
        }
        i += 2;
    }
    Some(stats)
}

/// Share of control characters above which input is binary, as `total / controls`: one in
/// 32 bytes, or one in 10 characters of decoded text (about the same share for Chinese text,
/// whose characters take three bytes each). Random, compressed and executable data run at
/// 10 % of their bytes and more; text copied out of a PDF keeps a stray control character
/// where a glyph had no Unicode mapping (page numbers, ligatures), a fraction of a percent.
const BYTES_PER_CONTROL: usize = 32;
const CHARS_PER_CONTROL: usize = 10;

/// A NUL weighs as much as this many other control characters: it is the mark of UTF-16
/// without a BOM and of executables, rare (though not absent) in PDF-copied text.
const NUL_WEIGHT: usize = 4;

/// True if control bytes (other than tab, newlines, form feed, SUB, ESC) make up a
/// noticeable share of the input: executables, images, compressed data, UTF-16 without a
/// BOM. A few stray control bytes in a long text are not enough.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let weight = bytes
        .iter()
        .map(|&b| control_weight(u32::from(b)))
        .sum::<usize>();
    too_many_controls(weight, bytes.len(), BYTES_PER_CONTROL)
}

/// True if decoded text holds a noticeable share of the control characters text files do
/// not have: NUL, C0 controls other than tab/newline/vertical tab/form feed/carriage
/// return, DEL, or C1 controls (a sign of Latin-1 style mojibake).
pub(crate) fn text_looks_binary(text: &str) -> bool {
    let mut chars = 0usize;
    let mut weight = 0usize;
    for c in text.chars() {
        chars += 1;
        weight += if ('\u{80}'..='\u{9F}').contains(&c) {
            1
        } else {
            control_weight(c as u32)
        };
    }
    too_many_controls(weight, chars, CHARS_PER_CONTROL)
}

/// Whether control characters of total `weight` among `total` are more than a stray few
/// and more than one in `per_control`.
fn too_many_controls(weight: usize, total: usize, per_control: usize) -> bool {
    weight > 2 && weight * per_control > total
}

/// How much control character `c` counts towards binary: 0 for text characters.
fn control_weight(c: u32) -> usize {
    if c == 0 {
        NUL_WEIGHT
    } else if c == 0x7F || (c < 0x20 && !matches!(c, 0x09..=0x0D | 0x1A | 0x1B)) {
        1
    } else {
        0
    }
}
