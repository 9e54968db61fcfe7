//! Enumerated lists of work: 一是…二是…, 一要…, 一是要…, 一是必须要…, 第一，…第二，…,
//! （一）（二）, 1. 2., ①②. A list needs at least two items numbered 1, 2, … in order.
//! An item runs from its marker to the next item's marker; the last one to the end of
//! its paragraph.

use super::charset::CharSet;
use super::normalize::{string_of, Norm, BREAK};
use super::numerals::{cn_numeral, is_cn_numeral_char};
use super::sections::Heading;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// 一是 / 一是要 / 一是必须要
    Shi,
    /// 一要
    Yao,
    /// 第一，
    Di,
    /// （一）
    ParenCn,
    /// （1）/ 1）
    ParenNum,
    /// 1. / 1、
    Num,
    /// ①
    Circled,
}

impl Family {
    /// Whether items of this family start paragraphs (and may run over several).
    fn by_paragraph(self) -> bool {
        matches!(
            self,
            Family::ParenCn | Family::ParenNum | Family::Num | Family::Circled
        )
    }
}

#[derive(Debug, Clone, Copy)]
struct Marker {
    family: Family,
    ordinal: u32,
    start: usize,
    len: usize,
    /// Length of the marker as a clerk names it (二是 of 二是要).
    core: usize,
}

/// One item of a list.
#[derive(Debug, Clone, Copy)]
pub struct ListItem {
    pub ordinal: u32,
    pub start: usize,
    /// Where the item's own marker, as a clerk names it, ends (二是 of 二是要…).
    pub mark: usize,
    /// Where the item's own words begin (after the marker).
    pub body: usize,
    pub end: usize,
}

/// A list: where its first marker stands, and its items (each with its own marker).
#[derive(Debug, Clone)]
pub struct List {
    pub marker_start: usize,
    pub items: Vec<ListItem>,
}

fn is_opening_punct(c: char) -> bool {
    matches!(
        c,
        BREAK
            | ','
            | '。'
            | ';'
            | ':'
            | '!'
            | '?'
            | '、'
            | '“'
            | '"'
            | '('
            | ')'
            | '”'
            | '》'
            | '—'
    )
}

fn starts_with(chars: &[char], pat: &str) -> bool {
    let mut it = chars.iter();
    pat.chars().all(|p| it.next() == Some(&p))
}

/// Whether a marker can start with `c` (the characters [`marker_at`] looks for).
fn may_start_marker(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '第' | '(' | '\u{2460}'..='\u{2473}') || is_cn_numeral_char(c)
}

/// A Chinese character that cannot start a marker.
fn is_plain_han(c: char) -> bool {
    static MARKER_HAN: CharSet = CharSet::new("第一二三四五六七八九十");
    ('\u{4E00}'..='\u{9FFF}').contains(&c) && !MARKER_HAN.contains(c)
}

/// The marker starting at `i`, if there is one.
fn marker_at(chars: &[char], i: usize) -> Option<Marker> {
    let c = chars[i];
    let prev = if i == 0 { BREAK } else { chars[i - 1] };
    let after_punct = is_opening_punct(prev);
    if is_cn_numeral_char(c) {
        if is_cn_numeral_char(prev) || prev == '第' || prev == '(' {
            return None;
        }
        let (n, len) = cn_numeral(chars, i)?;
        let rest = &chars[i + len..];
        let (family, mlen) = if let Some(p) = ["是必须要", "是必须", "是要", "是"]
            .iter()
            .find(|p| starts_with(rest, p))
        {
            (Family::Shi, p.chars().count())
        } else if starts_with(rest, "要")
            && !rest
                .get(1)
                .is_some_and(|&c| matches!(c, '求' | '点' | '素' | '件' | '害' | '闻'))
        {
            (Family::Yao, 1)
        } else {
            return None;
        };
        // 统一要求 / 唯一是: an item other than the first needs punctuation before it;
        // the first may follow running text (…的带动效应一是…).
        let loose_ok = n == 1
            && family == Family::Shi
            && !matches!(
                prev,
                '统' | '唯' | '万' | '同' | '单' | '划' | '之' | '专' | '逐' | '进'
            );
        if !after_punct && !loose_ok {
            return None;
        }
        return Some(Marker {
            family,
            ordinal: n,
            start: i,
            len: len + mlen,
            core: len + 1,
        });
    }
    if c == '第' && after_punct {
        let (n, len) = cn_numeral(chars, i + 1)?;
        if matches!(chars.get(i + 1 + len), Some(',' | '、' | ':')) {
            return Some(Marker {
                family: Family::Di,
                ordinal: n,
                start: i,
                len: len + 2,
                core: len + 1,
            });
        }
        return None;
    }
    if c == '(' {
        if let Some((n, len)) = cn_numeral(chars, i + 1) {
            if chars.get(i + 1 + len) == Some(&')') {
                return Some(Marker {
                    family: Family::ParenCn,
                    ordinal: n,
                    start: i,
                    len: len + 2,
                    core: len + 2,
                });
            }
        }
        if after_punct {
            let d = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if (1..=2).contains(&d) && chars.get(i + 1 + d) == Some(&')') {
                let n = chars[i + 1..=i + d]
                    .iter()
                    .collect::<String>()
                    .parse()
                    .ok()?;
                return Some(Marker {
                    family: Family::ParenNum,
                    ordinal: n,
                    start: i,
                    len: d + 2,
                    core: d + 2,
                });
            }
        }
        return None;
    }
    if ('\u{2460}'..='\u{2473}').contains(&c) {
        return Some(Marker {
            family: Family::Circled,
            ordinal: c as u32 - 0x245F,
            start: i,
            len: 1,
            core: 1,
        });
    }
    if c.is_ascii_digit() && (prev == BREAK || matches!(prev, '。' | ';' | ':')) {
        let d = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if d > 2 {
            return None;
        }
        let n = chars[i..i + d].iter().collect::<String>().parse().ok()?;
        match chars.get(i + d) {
            Some('.' | '、') if !chars.get(i + d + 1).is_some_and(char::is_ascii_digit) => {
                return Some(Marker {
                    family: Family::Num,
                    ordinal: n,
                    start: i,
                    len: d + 1,
                    core: d + 1,
                });
            }
            Some(')') => {
                return Some(Marker {
                    family: Family::ParenNum,
                    ordinal: n,
                    start: i,
                    len: d + 1,
                    core: d + 1,
                })
            }
            _ => {}
        }
    }
    None
}

/// Words before a list that show it recounts what was done rather than what is to be done.
const RETROSPECTIVE: &[&str] = &[
    "取得了",
    "取得积极",
    "取得显著",
    "介绍",
    "通报了",
    "人员:",
    "出席:",
    "参加:",
    "列席:",
    "名单",
    "获奖",
    "结果如下",
    "主要做法",
    "成效",
    "成绩",
    "经验",
    "亮点",
    "回顾",
    "一年来",
    "表现在",
    "原因",
    "开展了以下工作",
    "做了以下工作",
    "主要工作如下",
    "工作情况如下",
    "进展情况如下",
    "完成情况如下",
    "主要做法如下",
    "情况通报如下",
    "情况报告如下",
    "情况汇报如下",
    "存在的问题",
    "存在问题",
    "主要问题",
    "突出问题",
    "问题如下",
    "存在一些问题",
    "存在一些不足",
];

/// Words in the clause right before a list that announce what is to be done (议定了以下
/// 意见：, 提出如下要求：): they outweigh a look back earlier in the lead-in (充分肯定了前期
/// 工作成效，议定了以下意见：).
const PROSPECTIVE: &[&str] = &[
    "意见", "要求", "议定", "确定", "部署", "强调", "任务", "措施",
];

/// Whether the lead-in of a list shows that the list recounts what was done.
fn recounts_lead(lead: &str) -> bool {
    let last = lead
        .trim_end_matches([':', ',', BREAK])
        .rsplit([',', '。', ';'])
        .next()
        .unwrap_or("");
    RETROSPECTIVE.iter().any(|w| lead.contains(w)) && !PROSPECTIVE.iter().any(|w| last.contains(w))
}

/// Finds the enumerated lists in the text.
#[must_use]
pub fn lists(norm: &Norm, headings: &[Heading]) -> Vec<List> {
    let chars = &norm.chars;
    let mut markers: Vec<Marker> = Vec::new();
    let mut depth_quote = 0i32;
    for i in 0..chars.len() {
        // A Chinese character other than a numeral or 第 neither opens a marker nor
        // changes the quote depth: most characters end here.
        if is_plain_han(chars[i]) {
            continue;
        }
        match chars[i] {
            '“' => depth_quote += 1,
            '”' => depth_quote = (depth_quote - 1).max(0),
            BREAK => depth_quote = 0,
            _ => {}
        }
        if depth_quote > 0 || !may_start_marker(chars[i]) {
            continue;
        }
        if let Some(m) = marker_at(chars, i) {
            markers.push(m);
        }
    }
    let heading_starts: Vec<usize> = headings.iter().map(|h| h.start).collect();
    let mut used = vec![false; markers.len()];
    let mut out = Vec::new();
    for k in 0..markers.len() {
        let first = markers[k];
        if used[k] || first.ordinal != 1 {
            continue;
        }
        let mut chain = vec![k];
        let mut last = first;
        for (j, m) in markers.iter().enumerate().skip(k + 1) {
            if used[j] || m.family != first.family {
                continue;
            }
            if m.ordinal == 1 {
                break;
            }
            if m.ordinal != last.ordinal + 1 {
                continue;
            }
            // Items stay within one section and, for inline markers, close together.
            let crosses_heading = heading_starts
                .iter()
                .any(|&h| h > last.start && h <= m.start);
            let breaks = chars[last.start..m.start]
                .iter()
                .filter(|&&c| c == BREAK)
                .count();
            let max_breaks = if first.family.by_paragraph() { 40 } else { 3 };
            if crosses_heading || breaks > max_breaks {
                break;
            }
            chain.push(j);
            last = *m;
        }
        if chain.len() < 2 {
            continue;
        }
        // A list recounting achievements is no work.
        let lead_start = norm
            .paragraph_of(first.start)
            .map_or(0, |p| norm.paragraphs[p].0);
        // The lead-in: the sentence before the first marker and the one it opens; for a
        // marker opening a paragraph, the last sentence of the paragraph before.
        let (from, to) = if lead_start == first.start {
            norm.paragraph_of(first.start)
                .and_then(|p| p.checked_sub(1))
                .map_or((first.start, first.start), |p| norm.paragraphs[p])
        } else {
            (lead_start, first.start)
        };
        let mut lead_from = from;
        let mut seen = 0;
        for q in (from..to.saturating_sub(1)).rev() {
            if chars[q] == '。' {
                seen += 1;
                if seen == 2 || (to != first.start && seen == 1) {
                    lead_from = q + 1;
                    break;
                }
            }
        }
        let lead = string_of(&chars[lead_from..to]);
        if recounts_lead(&lead) {
            continue;
        }
        let mut items = Vec::with_capacity(chain.len());
        for (x, &j) in chain.iter().enumerate() {
            used[j] = true;
            let m = markers[j];
            let end = if let Some(&nj) = chain.get(x + 1) {
                markers[nj].start
            } else {
                let pe = norm
                    .paragraph_of(m.start)
                    .map_or(chars.len(), |p| norm.paragraphs[p].1);
                // The last item stops at the next heading.
                heading_starts
                    .iter()
                    .copied()
                    .find(|&h| h > m.start)
                    .map_or(pe, |h| pe.min(h))
            };
            let mut end = end;
            while end > m.start && chars[end - 1] == BREAK {
                end -= 1;
            }
            items.push(ListItem {
                ordinal: m.ordinal,
                start: m.start,
                mark: m.start + m.core,
                body: m.start + m.len,
                end,
            });
        }
        out.push(List {
            marker_start: first.start,
            items,
        });
    }
    out.sort_by_key(|l| l.marker_start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn items_of(text: &str) -> Vec<String> {
        let n = Norm::new(text);
        let h = super::super::sections::headings(&n);
        lists(&n, &h)
            .iter()
            .flat_map(|l| l.items.iter().map(|i| n.string(i.body, i.end)))
            .collect()
    }

    #[test]
    fn every_marker_family_makes_a_list() {
        let cases: &[(&str, &[&str])] = &[
            ("会议强调，一要学习。二要落实。", &["学习。", "落实。"]),
            ("一是要学习；二是要落实。", &["学习;", "落实。"]),
            ("一是必须要学习。二是必须要落实。", &["学习。", "落实。"]),
            ("第一，学习。第二，落实。", &["学习。", "落实。"]),
            ("（一）学习。\n（二）落实。", &["学习。", "落实。"]),
            ("1.学习。\n2.落实。", &["学习。", "落实。"]),
            ("①学习；②落实。", &["学习;", "落实。"]),
        ];
        for (text, want) in cases {
            assert_eq!(items_of(text), *want, "{text}");
        }
    }

    #[test]
    fn a_lone_first_item_is_no_list() {
        assert!(items_of("要第一时间安排部署，统一要求。").is_empty());
    }

    #[test]
    fn twenty_items_run_in_order() {
        let text: String = [
            "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三",
            "十四", "十五", "十六", "十七", "十八", "十九", "二十",
        ]
        .iter()
        .map(|n| format!("{n}是工作;"))
        .collect();
        assert_eq!(items_of(&text).len(), 20);
    }
}
