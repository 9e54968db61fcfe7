//! Top-level agenda headings: 一、… 二、… (Chinese numerals up to 九十九), in sequence.

use super::normalize::Norm;
use super::numerals::{cn_numeral, is_cn_numeral_char};

/// A heading found in the normalised text.
#[derive(Debug, Clone, Copy)]
pub struct Heading {
    pub ordinal: u32,
    /// Start of the marker (一、) in the normalised text.
    pub start: usize,
    /// `[title_start, title_end)`: the heading text after the marker.
    pub title_start: usize,
    pub title_end: usize,
    /// End of the paragraph the heading opens.
    pub para_end: usize,
}

/// The agenda heading (一、…) opening the paragraph `[s, e)`, if any: ordinal and marker length.
#[must_use]
pub fn agenda_heading(chars: &[char], s: usize, e: usize) -> Option<(u32, usize)> {
    let (n, len) = cn_numeral(&chars[..e], s)?;
    (chars.get(s + len) == Some(&'、')
        && !chars
            .get(s + len + 1)
            .is_some_and(|&c| is_cn_numeral_char(c)))
    .then_some((n, len + 1))
}

/// All headings numbered 一、二、三… in order; a heading out of sequence is ordinary text.
#[must_use]
pub fn headings(norm: &Norm) -> Vec<Heading> {
    let mut out: Vec<Heading> = Vec::new();
    for &(s, e) in &norm.paragraphs {
        let Some((n, mlen)) = agenda_heading(&norm.chars, s, e) else {
            continue;
        };
        if n != out.len() as u32 + 1 {
            continue;
        }
        let title_start = s + mlen;
        let stop = norm.chars[title_start..e]
            .iter()
            .position(|&c| c == '。')
            .map_or(e, |p| title_start + p);
        let title_end = stop.min(title_start + 120);
        if title_end <= title_start {
            continue;
        }
        out.push(Heading {
            ordinal: n,
            start: s,
            title_start,
            title_end,
            para_end: e,
        });
    }
    out
}

/// The ordinal of the section containing normalised position `at`.
#[must_use]
pub fn section_at(headings: &[Heading], at: usize) -> Option<u32> {
    let k = headings.partition_point(|h| h.start <= at);
    (k > 0).then(|| headings[k - 1].ordinal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_must_run_in_sequence() {
        let text = "一、甲事项\n正文。\n三、不在序列\n二、乙事项\n十一、不算";
        let n = Norm::new(text);
        let ords: Vec<u32> = headings(&n).iter().map(|h| h.ordinal).collect();
        assert_eq!(ords, [1, 2]);
    }
}
