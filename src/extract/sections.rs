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

/// The agenda heading (一、…, or 一．… as some offices and PDF converters write it) opening
/// the paragraph `[s, e)`, if any: ordinal and marker length.
#[must_use]
pub fn agenda_heading(chars: &[char], s: usize, e: usize) -> Option<(u32, usize)> {
    let (n, len) = cn_numeral(&chars[..e], s)?;
    let next = chars.get(s + len + 1).copied();
    let ok = match chars.get(s + len) {
        Some('、') => !next.is_some_and(is_cn_numeral_char),
        // 一.五 would be a number, not a heading.
        Some('.') => !next.is_some_and(|c| is_cn_numeral_char(c) || c.is_ascii_digit()),
        _ => false,
    };
    ok.then_some((n, len + 1))
}

/// A paragraph that is nothing but an agenda number: a bare numeral (一) or a marker with
/// its title on the next line (一、). Its ordinal.
fn bare_number(chars: &[char], s: usize, e: usize) -> Option<u32> {
    let (n, len) = cn_numeral(&chars[..e], s)?;
    let rest = &chars[s + len..e];
    (rest.is_empty() || rest == ['、']).then_some(n)
}

/// Whether the paragraph `[s, e)` can give a bare number's title: running text, not another
/// number (a column of numbers in a table is no agenda).
fn is_title_paragraph(chars: &[char], s: usize, e: usize) -> bool {
    let para = &chars[s..e];
    // A table's cells are short names without punctuation; an agenda item is a sentence
    // (会议听取了…。) or a topic line (关于…).
    let sentence = para.len() >= 20 || para.iter().any(|&c| matches!(c, '。' | ',' | ';'));
    let topic = para.starts_with(&['关', '于']) || para.starts_with(&['会', '议']);
    para.len() >= 6 && (sentence || topic) && bare_number(chars, s, e).is_none()
}

/// A bare number heading (一 alone on its line) at paragraph `k`: a heading only inside a
/// run of such lines counting 一, 二, 三 … each followed by running text, so a lone numeral
/// (a page number, a table cell) is not one.
fn bare_heading(norm: &Norm, k: usize, expected: u32, prev_bare: bool) -> Option<Heading> {
    let chars = &norm.chars;
    let &(s, e) = norm.paragraphs.get(k)?;
    let n = bare_number(chars, s, e)?;
    let &(ts, te) = norm.paragraphs.get(k + 1)?;
    if n != expected || !is_title_paragraph(chars, ts, te) {
        return None;
    }
    // The run goes on (the next bare number follows later) or this one continues it.
    let continues = norm.paragraphs[k + 2..]
        .iter()
        .take(400)
        .any(|&(ns, ne)| bare_number(chars, ns, ne) == Some(n + 1));
    if !(continues || prev_bare) {
        return None;
    }
    Some(Heading {
        ordinal: n,
        start: s,
        title_start: ts,
        title_end: title_end(chars, ts, te),
        para_end: te,
    })
}

/// The end of a heading's title: its first sentence, at most 120 characters.
fn title_end(chars: &[char], title_start: usize, e: usize) -> usize {
    let stop = chars[title_start..e]
        .iter()
        .position(|&c| c == '。')
        .map_or(e, |p| title_start + p);
    stop.min(title_start + 120)
}

/// All headings numbered 一、二、三… in order; a heading out of sequence is ordinary text.
/// Agenda numbers may also stand alone on their own lines (一 / 二 …), the title being the
/// first sentence of the paragraph under them.
#[must_use]
pub fn headings(norm: &Norm) -> Vec<Heading> {
    let mut out: Vec<Heading> = Vec::new();
    // Whether the agenda's numbers stand alone (一 on its line); fixed by the first heading,
    // so a 二、 item inside a bare-numbered section (or a bare 二 inside a 一、 agenda) is
    // not taken for the next heading.
    let mut bare: Option<bool> = None;
    for (k, &(s, e)) in norm.paragraphs.iter().enumerate() {
        let expected = out.len() as u32 + 1;
        if bare != Some(false) {
            if let Some(h) = bare_heading(norm, k, expected, bare == Some(true)) {
                out.push(h);
                bare = Some(true);
                continue;
            }
        }
        if bare == Some(true) {
            continue;
        }
        let Some((n, mlen)) = agenda_heading(&norm.chars, s, e) else {
            continue;
        };
        if n != expected {
            continue;
        }
        let title_start = s + mlen;
        let title_end = title_end(&norm.chars, title_start, e);
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
        bare = Some(false);
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

    fn ordinals_and_titles(text: &str) -> Vec<(u32, String)> {
        let n = Norm::new(text);
        headings(&n)
            .iter()
            .map(|h| (h.ordinal, n.string(h.title_start, h.title_end)))
            .collect()
    }

    #[test]
    fn agenda_numbers_alone_on_their_lines_open_sections_titled_by_the_next_sentence() {
        let text = "2024年3月5日，县长主持召开常务会议。\n一\n会议听取了甲项目进展汇报。会议要求，县住建局抓紧推进。\n二\n会议审议了《乙办法》。会议原则同意。\n三\n会议研究了丙事项。";
        assert_eq!(
            ordinals_and_titles(text),
            [
                (1, "会议听取了甲项目进展汇报".to_string()),
                (2, "会议审议了《乙办法》".to_string()),
                (3, "会议研究了丙事项".to_string()),
            ]
        );
    }

    #[test]
    fn a_marker_with_its_title_on_the_next_line_is_a_heading() {
        let text = "一、\n关于甲项目建设的汇报。\n二、\n关于乙办法的审议意见。";
        let ords: Vec<u32> = ordinals_and_titles(text).iter().map(|h| h.0).collect();
        assert_eq!(ords, [1, 2]);
    }

    #[test]
    fn a_lone_numeral_line_is_not_a_heading() {
        // A single 一 (no 二 after it) and a column of numerals (a table) open no section.
        let lone = "会议纪要\n一\n会议听取了甲项目进展汇报，要求抓紧推进。";
        assert!(ordinals_and_titles(lone).is_empty());
        let column = "序号\n一\n二\n三\n项目名称很长的一段说明文字";
        assert!(ordinals_and_titles(column).is_empty());
        let table =
            "序号\n项目名称\n一\n城东片区棚户区改造\n二\n城西污水处理厂扩建\n三\n农村公路提质";
        assert!(ordinals_and_titles(table).is_empty());
    }

    #[test]
    fn a_numeral_with_a_full_width_point_is_a_heading_too() {
        let text = "一．加强组织领导\n各单位要明确专人负责。\n二．严格督查考核\n年底前开展考核。";
        let ords: Vec<u32> = ordinals_and_titles(text).iter().map(|h| h.0).collect();
        assert_eq!(ords, [1, 2]);
    }

    #[test]
    fn a_marked_item_inside_a_bare_numbered_section_is_not_the_next_heading() {
        let text = "一\n会议研究了甲事项。会议要求：\n一、县住建局抓紧推进。\n二、县财政局保障资金。\n二\n会议研究了乙事项。";
        let ords: Vec<(u32, String)> = ordinals_and_titles(text);
        assert_eq!(
            ords,
            [
                (1, "会议研究了甲事项".to_string()),
                (2, "会议研究了乙事项".to_string())
            ]
        );
    }
}
