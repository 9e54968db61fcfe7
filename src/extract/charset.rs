//! Sets of characters tested with one bit lookup.
//!
//! The scans that look at every character of a text (list markers, verdicts, assignment
//! verbs, time expressions) each test a handful of Chinese characters. Written as a `match`,
//! such a test is a chain of comparisons that keeps mispredicting on running Chinese text;
//! a bit per character answers at once. Sets are built at compile time.

/// CJK Unified Ideographs U+4E00..=U+9FFF: one bit each.
const HAN_FIRST: u32 = 0x4E00;
const HAN_COUNT: u32 = 0x9FFF - 0x4E00 + 1;
const HAN_WORDS: usize = HAN_COUNT.div_ceil(64) as usize;
/// Room for members that are neither ASCII nor Chinese characters (building a set with more
/// panics, at compile time for the static sets and on first use for word lists).
const OTHER_MAX: usize = 16;

/// A set of characters.
pub struct CharSet {
    /// Bit `c` for ASCII `c`.
    ascii: u128,
    /// Bit `c - U+4E00` for Chinese characters.
    han: [u64; HAN_WORDS],
    /// Everything else, few in any set: `other[..others]`.
    other: [char; OTHER_MAX],
    others: usize,
}

impl CharSet {
    /// The set of the characters of `chars` (at most sixteen of them neither ASCII nor
    /// Chinese characters).
    #[must_use]
    pub const fn new(chars: &str) -> Self {
        let mut set = Self {
            ascii: 0,
            han: [0; HAN_WORDS],
            other: ['\0'; OTHER_MAX],
            others: 0,
        };
        let bytes = chars.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let (u, len) = decode(bytes, i);
            i += len;
            if u < 128 {
                set.ascii |= 1 << u;
            } else if u.wrapping_sub(HAN_FIRST) < HAN_COUNT {
                let k = (u - HAN_FIRST) as usize;
                set.han[k / 64] |= 1 << (k % 64);
            } else {
                assert!(set.others < OTHER_MAX, "too many other characters");
                set.other[set.others] = match char::from_u32(u) {
                    Some(c) => c,
                    None => panic!("not a character"),
                };
                set.others += 1;
            }
        }
        set
    }

    /// Whether `c` is in the set.
    #[inline]
    #[must_use]
    pub fn contains(&self, c: char) -> bool {
        let k = (c as u32).wrapping_sub(HAN_FIRST);
        if k < HAN_COUNT {
            let k = k as usize;
            return (self.han[k / 64] >> (k % 64)) & 1 != 0;
        }
        self.contains_non_han(c)
    }

    /// [`Self::contains`] for a character that is not a Chinese character (rarer; kept out
    /// of line so that the common test stays small).
    #[inline(never)]
    fn contains_non_han(&self, c: char) -> bool {
        let u = c as u32;
        if u < 128 {
            return (self.ascii >> u) & 1 != 0;
        }
        self.other[..self.others].contains(&c)
    }
}

/// The code point of the UTF-8 character starting at `bytes[i]`, and its length.
const fn decode(bytes: &[u8], i: usize) -> (u32, usize) {
    let b = bytes[i] as u32;
    if b < 0x80 {
        (b, 1)
    } else if b < 0xE0 {
        (((b & 0x1F) << 6) | (bytes[i + 1] as u32 & 0x3F), 2)
    } else if b < 0xF0 {
        let u = ((b & 0x0F) << 12) | ((bytes[i + 1] as u32 & 0x3F) << 6);
        (u | (bytes[i + 2] as u32 & 0x3F), 3)
    } else {
        let u = ((b & 0x07) << 18) | ((bytes[i + 1] as u32 & 0x3F) << 12);
        let u = u | ((bytes[i + 2] as u32 & 0x3F) << 6);
        (u | (bytes[i + 3] as u32 & 0x3F), 4)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_and_non_members() {
        const SET: CharSet = CharSet::new("同议0(“②é");
        for c in ['同', '议', '0', '(', '“', '②', 'é'] {
            assert!(SET.contains(c), "{c}");
        }
        for c in ['会', '1', ')', '”', '一', '\u{9FFF}', '\u{4E00}', 'x', '😀'] {
            assert!(!SET.contains(c), "{c}");
        }
    }
}
