//! A normalised view of the text with a map back to the original characters.
//!
//! Matching runs over this view: full-width ASCII becomes half-width (NFKC), horizontal white
//! space and control characters are dropped, and hard line breaks inside a paragraph (text
//! copied out of PDFs) are joined. So are the lines of text copied out of a PDF that are not
//! text: page furniture (page numbers, running headers) standing between two halves of a
//! sentence is left out and the sentence joined; a label or a name that the layout spread
//! one character per line (`出` / `席：`, `郭` / `强`) is joined. Each normalised character
//! remembers the index of the original character it came from, so every match turns back into
//! an exact `[start, end)` span of the input.

mod furniture;

use unicode_normalization::UnicodeNormalization;

use furniture::LineInfo;

use super::charset::CharSet;

/// Paragraph break in the normalised view.
pub const BREAK: char = '\n';

/// The normalised text, its map to original character indices, and its paragraphs.
#[derive(Debug, Default)]
pub struct Norm {
    /// Normalised characters.
    pub chars: Vec<char>,
    /// `map[i]` is the original character index `chars[i]` came from.
    pub map: Vec<usize>,
    /// Byte offset of every original character, plus the text length at the end.
    byte_at: Vec<usize>,
    /// `[start, end)` ranges of paragraphs in `chars` (breaks excluded).
    pub paragraphs: Vec<(usize, usize)>,
}

/// Normalises one character for matching: `None` drops it, otherwise the characters to emit.
pub fn fold(c: char, out: &mut Vec<char>) {
    match c {
        // Full-width ASCII (，：；（）！？ and full-width letters and digits).
        '\u{FF01}'..='\u{FF5E}' => {
            out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c));
        }
        // Circled numbers stay as they are: they are list markers (①②).
        '\u{2460}'..='\u{2473}' => out.push(c),
        c if c.is_ascii() || ('\u{4E00}'..='\u{9FFF}').contains(&c) => out.push(c),
        // Common Chinese punctuation that NFKC keeps.
        '、' | '。' | '《' | '》' | '〔' | '〕' | '【' | '】' | '“' | '”' | '‘' | '’' | '—'
        | '「' | '」' | '『' | '』' | '·' => out.push(c),
        c => out.extend(std::iter::once(c).nfkc()),
    }
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{0B}' | '\u{0C}'
    )
}

/// A control character standing in running text, or the replacement character the decoder
/// puts for a NUL: what PDF copying leaves where a glyph had no character.
fn is_stray_control(c: char) -> bool {
    (c.is_control() && !c.is_whitespace()) || c == '\u{FFFD}'
}

fn is_dropped(c: char) -> bool {
    c.is_whitespace()
        || is_stray_control(c)
        || matches!(
            c,
            '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{00AD}' | '\u{2060}'
        )
}

/// Characters after which a line break ends a paragraph.
fn ends_paragraph(c: char) -> bool {
    matches!(
        c,
        '。' | '!' | '?' | ';' | ':' | '”' | '"' | ')' | '」' | '』' | '】' | '…' | '.' | '》'
    )
}

/// Characters after which a line break never ends a paragraph.
fn continues_paragraph(c: char) -> bool {
    matches!(c, ',' | '、' | '(' | '“' | '《' | '【' | '「' | '—' | '-')
}

/// The view before paragraphs are decided: folded characters with a [`BREAK`] for every
/// run of line breaks, their original character indices, and every original character's
/// byte offset.
struct Folded {
    chars: Vec<char>,
    map: Vec<usize>,
    byte_at: Vec<usize>,
    /// Where the [`BREAK`]s are in `chars`.
    breaks: Vec<usize>,
    /// Original index of the first line break of a run not yet emitted: the break is
    /// written only before the next kept character (never at the start).
    pending_break: Option<usize>,
    /// What is known of each line (`breaks.len() + 1` lines) besides its characters.
    info: Vec<LineInfo>,
}

impl Folded {
    fn of(text: &str) -> Self {
        let cap = text.len() / 2 + 1;
        let mut f = Folded {
            chars: Vec::with_capacity(cap),
            map: Vec::with_capacity(cap),
            byte_at: Vec::with_capacity(cap),
            breaks: Vec::new(),
            pending_break: None,
            info: Vec::new(),
        };
        let mut buf = Vec::with_capacity(4);
        for (ci, (bi, c)) in text.char_indices().enumerate() {
            f.byte_at.push(bi);
            match simple_fold(c) {
                Some(k) => {
                    if f.pending_break.is_some() {
                        f.flush_break();
                    }
                    f.chars.push(k);
                    f.map.push(ci);
                }
                None => f.other(c, ci, &mut buf),
            }
        }
        f.byte_at.push(text.len());
        f.info.resize(f.breaks.len() + 1, LineInfo::default());
        f
    }

    /// What is known of the line the next kept character will belong to.
    fn next_line_info(&mut self) -> &mut LineInfo {
        let pending = self.pending_break.is_some() && !self.chars.is_empty();
        let k = self.breaks.len() + usize::from(pending);
        if self.info.len() <= k {
            self.info.resize(k + 1, LineInfo::default());
        }
        &mut self.info[k]
    }

    /// Writes the pending line break, if any, before a kept character.
    fn flush_break(&mut self) {
        if let Some(b) = self.pending_break.take() {
            if !self.chars.is_empty() {
                self.breaks.push(self.chars.len());
                self.chars.push(BREAK);
                self.map.push(b);
            }
        }
    }

    /// Any other character: a line break, dropped space, or folded.
    fn other(&mut self, c: char, ci: usize, buf: &mut Vec<char>) {
        if is_line_break(c) {
            if self.pending_break.is_none() {
                self.pending_break = Some(ci);
            }
            if c == '\u{0C}' {
                self.next_line_info().after_feed = true;
            }
            return;
        }
        if is_stray_control(c) {
            // Where a PDF glyph had no character (often a page number's digits).
            self.next_line_info().had_control = true;
            return;
        }
        if is_dropped(c) {
            return;
        }
        buf.clear();
        fold(c, buf);
        let mut first = true;
        for &f in buf.iter() {
            if is_dropped(f) || is_line_break(f) {
                continue;
            }
            if first {
                self.flush_break();
                first = false;
            }
            self.chars.push(f);
            self.map.push(ci);
        }
    }
}

/// The one character `c` stands for in the view when that needs no table: Chinese
/// characters, visible ASCII, full-width ASCII and the common Chinese punctuation (almost
/// all of a text). `None` for anything else (white space, line breaks, rarer characters).
#[inline]
fn simple_fold(c: char) -> Option<char> {
    match c {
        '\u{4E00}'..='\u{9FFF}' | '!'..='~' => Some(c),
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        '、' | '。' | '《' | '》' | '〔' | '〕' | '【' | '】' | '“' | '”' | '‘' | '’' | '—'
        | '「' | '」' | '『' | '』' | '·' => Some(c),
        _ => None,
    }
}

impl Norm {
    /// Builds the normalised view of `text`.
    #[must_use]
    pub fn new(text: &str) -> Self {
        // Pass 1: fold characters, drop horizontal space, collapse line-break runs to one
        // marker (and remember where each line starts).
        let Folded {
            chars: raw,
            map: raw_map,
            byte_at,
            breaks,
            info,
            ..
        } = Folded::of(text);

        // Pass 2: drop the lines that are page furniture, and decide for every remaining
        // line break whether it ends a paragraph, compacting the view in place (the write
        // position never passes the read position).
        let mut chars = raw;
        let mut map = raw_map;
        let lines = line_ranges(&breaks, chars.len());
        let drop =
            furniture::furniture(&chars, &lines, &info, |a, b| !keeps_break(a, b, &|| false));
        let mut paragraphs = Vec::new();
        let mut para_start = 0usize; // write index of the current paragraph's start
        let mut prev_line: Option<usize> = None; // write index of the last kept line's start
        let mut paired = false; // the last kept line was joined as the end of a spread word
        let wrap_width = std::cell::OnceCell::new();
        let mut w = 0usize; // write index
        for (&(s, e), _) in lines.iter().zip(&drop).filter(|(_, &d)| !d) {
            if let Some(ls) = prev_line {
                // chars[s - 1] is the line break before this line (not yet overwritten:
                // w <= s - 1).
                let (line, next) = (&chars[ls..w], &chars[s..e]);
                let spread = spread_word(line, next, paired);
                paired = spread == Some(true);
                // A line as wide as the text's wrapped lines, give or take two characters.
                let fills_line = || {
                    let full = *wrap_width.get_or_init(|| wrapped_width(text));
                    let width = page_width(&text[byte_at[map[ls]]..byte_at[map[w - 1] + 1]]);
                    width + 4 >= full
                };
                if spread.is_none() && keeps_break(line, next, &fills_line) {
                    chars[w] = BREAK;
                    map[w] = map[s - 1];
                    if w > para_start {
                        paragraphs.push((para_start, w));
                    }
                    w += 1;
                    para_start = w;
                }
            }
            if w != s {
                chars.copy_within(s..e, w);
                map.copy_within(s..e, w);
            }
            prev_line = Some(w);
            w += e - s;
        }
        chars.truncate(w);
        map.truncate(w);
        if w > para_start {
            paragraphs.push((para_start, w));
        }
        Self {
            chars,
            map,
            byte_at,
            paragraphs,
        }
    }

    /// The `[start, end)` span in original characters of normalised range `[s, e)`.
    #[must_use]
    pub fn span(&self, s: usize, e: usize) -> [usize; 2] {
        if s >= e || e > self.map.len() {
            return [0, 0];
        }
        [self.map[s], self.map[e - 1] + 1]
    }

    /// The original text covered by normalised range `[s, e)`.
    #[must_use]
    pub fn original<'t>(&self, text: &'t str, s: usize, e: usize) -> &'t str {
        let [a, b] = self.span(s, e);
        if a >= b {
            return "";
        }
        &text[self.byte_at[a]..self.byte_at[b]]
    }

    /// The normalised characters `[s, e)` as a string.
    #[must_use]
    pub fn string(&self, s: usize, e: usize) -> String {
        string_of(&self.chars[s..e])
    }

    /// Index of the paragraph containing normalised position `i`.
    #[must_use]
    pub fn paragraph_of(&self, i: usize) -> Option<usize> {
        let k = self.paragraphs.partition_point(|&(_, e)| e <= i);
        (k < self.paragraphs.len() && self.paragraphs[k].0 <= i).then_some(k)
    }
}

/// Whether a line that starts with a list or heading marker and has no full stop is the
/// first line of a numbered paragraph that wraps onto `next` (`一、会议听取了…情况汇报，并`
/// / `安排部署了相关工作。`) rather than a heading: it breaks off inside a bracket, a
/// number or date, or after a word that cannot end a title; it is a sentence of the
/// meeting's (`一、会议审议了…`); or it fills the line as the text's wrapped lines do.
fn heading_runs_on(line: &[char], next: &[char], fills_line: &dyn Fn() -> bool) -> bool {
    /// Characters that never end a heading: particles, conjunctions, prepositions (not those
    /// that also end words: 普及, 参与, 合并, 方向, 成就).
    const OPEN_ENDED: &[char] = &['的', '了', '和', '把', '将'];
    if starts_with_marker(next) || is_field_line(next) {
        return false;
    }
    let long = line.len() >= 16;
    // 于4 / 月30日前: a number or a date cut by the wrap.
    let cut_number = line.last().is_some_and(char::is_ascii_digit)
        && next
            .first()
            .is_some_and(|&c| c.is_ascii_digit() || matches!(c, '年' | '月' | '日' | '号' | '时'));
    let mut depth = 0i32;
    for &c in line {
        match c {
            '(' | '《' | '“' | '【' | '「' | '〔' => depth += 1,
            ')' | '》' | '”' | '】' | '」' | '〕' => depth -= 1,
            _ => {}
        }
    }
    depth > 0
        || cut_number
        || line.last().is_some_and(|c| OPEN_ENDED.contains(c))
        || (long && meeting_sentence(line))
        || (long && fills_line())
}

/// The width on the page (see [`page_width`]) of a text's hard-wrapped lines: the median
/// width of its lines of sixteen characters or more, where at least four lines are that
/// wide (give or take two characters). Text without hard wraps has no such width
/// (`usize::MAX`): its long lines are whole paragraphs of all widths.
fn wrapped_width(text: &str) -> usize {
    let mut widths: Vec<usize> = text
        .split(is_line_break)
        .map(|l| page_width(l.trim()))
        .filter(|&w| w >= 32)
        .collect();
    if widths.len() < 4 {
        return usize::MAX;
    }
    let mid = widths.len() / 2;
    let median = *widths.select_nth_unstable(mid).1;
    let alike = widths.iter().filter(|&&w| w.abs_diff(median) <= 4).count();
    if alike >= 4 {
        median
    } else {
        usize::MAX
    }
}

/// Whether a numbered line is a sentence with the meeting as its subject (`一、会议听取了…`,
/// `（二）会议审议…`): minutes number their paragraphs so, and a title never reads so.
fn meeting_sentence(line: &[char]) -> bool {
    /// First characters of what a meeting does: 听取 审议 传达 研究 讨论 指出 强调 要求
    /// 决定 认为 同意 通过 原则 学习 确定 明确 部署 提出 还 集体.
    const VERBS: CharSet = CharSet::new("听审传研讨指强要决认同通原学确明部提还集");
    let body = line
        .iter()
        .position(|&c| {
            !(super::numerals::cn_digit(c).is_some()
                || matches!(c, '十' | '第' | '、' | '.' | '(' | ')' | ',')
                || c.is_ascii_digit())
        })
        .unwrap_or(line.len());
    body <= 5
        && line[body..].starts_with(&['会', '议'])
        && line.get(body + 2).is_some_and(|&c| VERBS.contains(c))
}

/// The width of `s` on a page, in half-width columns: a space, a digit or a Latin letter
/// takes one, a Chinese character or punctuation mark two.
fn page_width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) < 0x2000 { 1 } else { 2 })
        .sum()
}

/// `[start, end)` of every line of a folded view of `n` characters with line breaks at
/// `breaks`.
fn line_ranges(breaks: &[usize], n: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(breaks.len() + 1);
    let mut start = 0;
    for &b in breaks.iter().chain(std::iter::once(&n)) {
        out.push((start, b));
        start = b + 1;
    }
    out
}

/// Whether `line` and `next` are parts of one word that a layout spread over lines, one
/// character per line: `Some(false)` for a label (`出` / `席:`), `Some(true)` for the second
/// half of a name (`郭` / `强`, `录:周` / `军`; not chained on: `何` / `跃` / `何` / `润` is two
/// names), `None` otherwise.
fn spread_word(line: &[char], next: &[char], paired: bool) -> Option<bool> {
    let han = |c: Option<&char>| c.is_some_and(|c| ('\u{4E00}'..='\u{9FFF}').contains(c));
    let single = |l: &[char]| l.len() == 1 && han(l.first());
    if single(line) && !paired && next.len() >= 2 && han(next.first()) && next[1] == ':' {
        return Some(false);
    }
    if !single(next) {
        return None;
    }
    let after_label = line.len() >= 2 && line[line.len() - 2] == ':' && han(line.last());
    ((single(line) && !paired) || after_label).then_some(true)
}

/// Whether the line break between `line` and `next` ends a paragraph. `fills_line` tells
/// (when asked) whether `line` is as wide on the page as the text's wrapped lines.
fn keeps_break(line: &[char], next: &[char], fills_line: &dyn Fn() -> bool) -> bool {
    let Some(&last) = line.last() else {
        return true;
    };
    if next.is_empty() {
        return true;
    }
    if ends_paragraph(last) {
        return true;
    }
    if starts_with_marker(next) || (is_field_line(next) && !sentence_tail(line, next)) {
        return true;
    }
    // A heading line (一、… / （一）…) without a full stop is a paragraph of its own,
    // unless it is the first line of a numbered paragraph that wraps.
    if starts_with_marker(line) && !line.contains(&'。') {
        return !heading_runs_on(line, next, fills_line);
    }
    if continues_paragraph(last) {
        return false;
    }
    // A header field (发布时间：…) or a line ending in a full date (an issuer and its date)
    // ends its paragraph.
    if is_field_line(line) || ends_with_full_date(line) {
        return true;
    }
    // Short lines are titles, dates, signatures and header fields, not wrapped text.
    line.len() < 16
}

/// Whether `next`, which reads like a short field without a value (`下决议：`), is the end of the
/// sentence that wraps from `line` (`…会议审议并形成如` / `下决议：`): a field stands on its own
/// line after other fields, not after a line of running text.
fn sentence_tail(line: &[char], next: &[char]) -> bool {
    next.len() <= 6 && next.last() == Some(&':') && line.len() >= 16 && !is_field_line(line)
}

/// Whether a line ends with a full date: …2023年5月29日 (or …日印发).
fn ends_with_full_date(line: &[char]) -> bool {
    let mut l = line;
    for w in [['印', '发'], ['发', '布']] {
        if l.ends_with(&w) {
            l = &l[..l.len() - 2];
        }
    }
    let Some(p) = l.iter().rposition(|&c| c == '年') else {
        return false;
    };
    p >= 4
        && l[p - 4..p].iter().all(char::is_ascii_digit)
        && l.last() == Some(&'日')
        && l.len() - p <= 7
        && l[p + 1..].contains(&'月')
}

/// A header field line such as 时间：… or 主持：….
fn is_field_line(line: &[char]) -> bool {
    let head = &line[..line.len().min(6)];
    head.iter().position(|&c| c == ':').is_some_and(|p| {
        p > 0
            && head[..p]
                .iter()
                .all(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
    })
}

/// Whether a line starts with a heading or list marker (一、 （一） 1. 一是 第一，…).
#[must_use]
pub fn starts_with_marker(line: &[char]) -> bool {
    if let Some((_, len)) = super::numerals::cn_numeral(line, 0) {
        return matches!(line.get(len), Some('、' | '是' | '要' | '.'));
    }
    match line.first() {
        Some('(') => line
            .get(1)
            .is_some_and(|&c| super::numerals::cn_digit(c).is_some() || c.is_ascii_digit()),
        Some('第') => super::numerals::cn_numeral(line, 1)
            .is_some_and(|(_, l)| matches!(line.get(1 + l), Some(',' | '、' | ':' | '是'))),
        Some(c) if c.is_ascii_digit() => {
            let d = line.iter().take_while(|c| c.is_ascii_digit()).count();
            d <= 2
                && matches!(line.get(d), Some('、' | '.' | ')'))
                && !line.get(d + 1).is_some_and(char::is_ascii_digit)
        }
        Some('\u{2460}'..='\u{2473}') => true,
        _ => false,
    }
}

/// A table of words as characters, matched against the view without decoding them again
/// at every position, and with the set of their first characters for a quick rejection
/// (most positions start none of the words).
pub struct WordList {
    words: Vec<Vec<char>>,
    firsts: CharSet,
    /// The indices of the words, in table order, grouped by first character (sorted).
    by_first: Vec<(char, Vec<usize>)>,
}

impl WordList {
    #[must_use]
    pub fn new(words: &[&str]) -> Self {
        let words: Vec<Vec<char>> = words.iter().map(|w| w.chars().collect()).collect();
        let mut by_first: Vec<(char, Vec<usize>)> = Vec::new();
        for (k, w) in words.iter().enumerate() {
            let Some(&c) = w.first() else { continue };
            match by_first.iter_mut().find(|(f, _)| *f == c) {
                Some((_, ks)) => ks.push(k),
                None => by_first.push((c, vec![k])),
            }
        }
        by_first.sort_unstable_by_key(|&(c, _)| c);
        let firsts: String = by_first.iter().map(|&(c, _)| c).collect();
        Self {
            words,
            firsts: CharSet::new(&firsts),
            by_first,
        }
    }

    /// The index of the first word in the table that `chars` starts with, and its length.
    ///
    /// Inlined: callers test every position of a text, and almost every one fails at the
    /// first character; only the rare rest pays for a call.
    #[inline]
    #[must_use]
    pub fn prefix_of(&self, chars: &[char]) -> Option<(usize, usize)> {
        let &first = chars.first()?;
        if !self.firsts.contains(first) {
            return None;
        }
        self.prefix_from(chars, first)
    }

    /// [`Self::prefix_of`] once the first character is known to start a word.
    #[inline(never)]
    fn prefix_from(&self, chars: &[char], first: char) -> Option<(usize, usize)> {
        let g = self
            .by_first
            .binary_search_by_key(&first, |&(c, _)| c)
            .ok()?;
        self.by_first[g]
            .1
            .iter()
            .find(|&&k| starts_with_chars(chars, &self.words[k]))
            .map(|&k| (k, self.words[k].len()))
    }
}

/// Whether `chars` begins with `word` (most calls fail at the first character).
#[must_use]
pub fn starts_with_chars(chars: &[char], word: &[char]) -> bool {
    match (chars.first(), word.first()) {
        (Some(a), Some(b)) if a != b => false,
        _ => chars.len() >= word.len() && chars.iter().zip(word).all(|(a, b)| a == b),
    }
}

/// `chars` as a string, allocated once (collecting into a string grows it step by step).
#[must_use]
pub fn string_of(chars: &[char]) -> String {
    let mut s = String::with_capacity(chars.len() * 3);
    s.extend(chars);
    s
}

/// A short string normalised for matching: folded, with all white space removed.
#[must_use]
pub fn squeeze(s: &str) -> String {
    squeeze_head(s, usize::MAX)
}

/// [`squeeze`] of the first `limit` characters of `s`.
#[must_use]
pub fn squeeze_head(s: &str, limit: usize) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len().min(limit.saturating_mul(4)));
    let mut buf = Vec::with_capacity(4);
    // Start of the current run of characters that stay as they are.
    let mut run = 0;
    let mut i = 0;
    let mut n = 0; // characters read
    while i < bytes.len() && n < limit {
        n += 1;
        let b = bytes[i];
        // Visible ASCII and U+4E00..=U+9FFF (E4 B8 80 ..= E9 BF BF) stay as they are.
        if b.is_ascii_graphic() {
            i += 1;
            continue;
        }
        if (0xE5..=0xE9).contains(&b) || (b == 0xE4 && bytes[i + 1] >= 0xB8) {
            i += 3;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or_default();
        out.push_str(&s[run..i]);
        i += c.len_utf8();
        run = i;
        if let Some(k) = simple_fold(c) {
            out.push(k);
            continue;
        }
        if is_dropped(c) || is_line_break(c) {
            continue;
        }
        buf.clear();
        fold(c, &mut buf);
        out.extend(buf.iter().filter(|c| !c.is_whitespace()));
    }
    out.push_str(&s[run..i]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn norm_of(text: &str) -> String {
        Norm::new(text).chars.iter().collect()
    }

    #[test]
    fn full_width_punctuation_becomes_half_width_and_spaces_go() {
        assert_eq!(
            norm_of("会议决定：原则 同意（试行）"),
            "会议决定:原则同意(试行)"
        );
    }

    #[test]
    fn a_line_broken_mid_word_is_joined() {
        assert_eq!(
            norm_of("会议指出，全省职业教育工作大会的召开，充分体现了省\n\n委、省政府的重视。"),
            "会议指出,全省职业教育工作大会的召开,充分体现了省委、省政府的重视。"
        );
    }

    #[test]
    fn a_heading_line_stays_its_own_paragraph() {
        assert_eq!(
            norm_of("一、传达贯彻全省职业教育大会精神\n\n会议指出，要学习。"),
            "一、传达贯彻全省职业教育大会精神\n会议指出,要学习。"
        );
    }

    /// The paragraphs of the view of `text`.
    #[track_caller]
    fn paragraphs(text: &str) -> Vec<String> {
        let n = Norm::new(text);
        n.paragraphs.iter().map(|&(s, e)| n.string(s, e)).collect()
    }

    const BEFORE: &str = "会议强调，县林草局要会同各乡镇加强巡护值守，严防野外用火，确";
    const AFTER: &str = "保不发生重大火情。";
    const JOINED: &str =
        "会议强调,县林草局要会同各乡镇加强巡护值守,严防野外用火,确保不发生重大火情。";

    #[test]
    fn a_page_number_line_between_two_halves_of_a_sentence_is_dropped_and_the_sentence_joined() {
        for furniture in [
            "— 3 —",
            "- 3 -",
            "—3—",
            "－ 12 －",
            "第3页 共8页",
            "共 8 页 第 3 页",
            "第 3 页",
            "第三页",
            "3 / 8",
            "— \u{1} —",
            "—  \u{3}\u{7}  —",
            "第\u{3}页 共\u{8}页",
            "Page 3 of 8",
        ] {
            let text = format!("{BEFORE}\n{furniture}\n{AFTER}\n");
            assert_eq!(paragraphs(&text), [JOINED], "{furniture:?}");
            let text = format!("{BEFORE}\r\n\r\n{furniture}\r\n\r\n{AFTER}");
            assert_eq!(paragraphs(&text), [JOINED], "{furniture:?}");
        }
    }

    #[test]
    fn a_bare_page_number_before_a_form_feed_is_dropped() {
        let text = format!("{BEFORE}\n\n3\n\n\u{c}{AFTER}\n");
        assert_eq!(paragraphs(&text), [JOINED]);
    }

    #[test]
    fn a_sentence_broken_by_a_page_break_spans_the_furniture_in_the_original() {
        let text = format!("{BEFORE}\n— \u{2} —\n{AFTER}");
        let n = Norm::new(&text);
        assert_eq!(n.original(&text, 0, n.chars.len()), text);
    }

    #[test]
    fn a_lone_number_or_a_dash_rule_without_control_characters_is_text() {
        // A number alone on a line may be a table cell; a rule of dashes is not a page
        // number unless a control character stands where the digits were.
        let text = format!("{BEFORE}\n——\n{AFTER}");
        assert_ne!(paragraphs(&text), [JOINED]);
        let text = format!("{BEFORE}\n3\n{AFTER}");
        assert_ne!(paragraphs(&text), [JOINED]);
    }

    #[test]
    fn control_characters_in_running_text_are_dropped() {
        assert_eq!(
            paragraphs(
                "某某县人民政府常务会议\u{0}纪要\u{1}\n会议要求\u{7f}各部门\u{1b}抓紧落实。"
            ),
            ["某某县人民政府常务会议纪要", "会议要求各部门抓紧落实。"]
        );
    }

    #[test]
    fn a_running_header_repeated_at_page_breaks_is_dropped() {
        let page = |k: usize| format!("- {k} -");
        let text = format!(
            "某某市文旅局局长办公会议纪要\n{BEFORE}\n{}\n某某市文旅局会议纪要\n{AFTER}\n\
             会议要求，市文化馆要在国庆前完成场馆检修，市图书馆要同步做好延时开放的\n{}\n\
             某某市文旅局会议纪要\n准备工作。\n",
            page(1),
            page(2)
        );
        assert_eq!(
            paragraphs(&text),
            [
                "某某市文旅局局长办公会议纪要",
                JOINED,
                "会议要求,市文化馆要在国庆前完成场馆检修,市图书馆要同步做好延时开放的准备工作。"
            ]
        );
    }

    #[test]
    fn a_running_header_after_form_feeds_or_inside_sentences_is_dropped() {
        let header = "二〇二四年第五期";
        let second = "会议要求，县应急管理局要牵头开展冬季安全生产大检查，";
        let second_end = "发现隐患立即整改。";
        let joined_second = "会议要求,县应急管理局要牵头开展冬季安全生产大检查,发现隐患立即整改。";
        let text = format!("{BEFORE}\u{c}{header}\n{AFTER}\n{second}\u{c}{header}\n{second_end}\n");
        assert_eq!(paragraphs(&text), [JOINED, joined_second]);
        // No page numbers and no form feeds: a line that repeats the title cuts sentences.
        let text = format!(
            "某县安全生产简报\n{header}\n{BEFORE}\n{header}\n{AFTER}\n{second}\n{header}\n{second_end}\n"
        );
        assert_eq!(
            paragraphs(&text),
            ["某县安全生产简报", header, JOINED, joined_second]
        );
    }

    #[test]
    fn the_same_unit_in_every_row_of_a_table_is_kept() {
        let text = "序号\n任务\n责任单位\n完成时限\n1\n修订完善全县森林草原火灾应急预案并组织开展实战演练\n县林草局\n2025年3月底前\n2\n组织开展重点林区和景区野外火源专项排查整治行动\n县林草局\n2025年4月底前\n";
        let p = paragraphs(text);
        assert_eq!(
            p.iter().filter(|l| l.contains("县林草局")).count(),
            2,
            "{p:?}"
        );
    }

    #[test]
    fn a_running_header_that_repeats_the_title_is_dropped_at_its_only_page_break() {
        let text = format!(
            "青禾县水务局\n局务会议纪要\n{BEFORE}\n\n1/2\n\n\u{c}青禾县水务局局务会议纪要\n\n{AFTER}\n"
        );
        assert_eq!(paragraphs(&text), ["青禾县水务局", "局务会议纪要", JOINED]);
    }

    #[test]
    fn a_short_field_without_a_value_after_running_text_ends_the_sentence() {
        assert_eq!(
            paragraphs("会议的召集、召开程序符合公司章程的规定。会议审议并形成如\n下决议：\n一、审议通过年度经营计划"),
            ["会议的召集、召开程序符合公司章程的规定。会议审议并形成如下决议:", "一、审议通过年度经营计划"]
        );
        assert_eq!(
            paragraphs("地点：行政楼第一会议室\n出席：\n张三 李四"),
            ["地点:行政楼第一会议室", "出席:", "张三李四"]
        );
    }

    #[test]
    fn a_short_line_that_recurs_in_running_text_is_kept() {
        // Field lines and headings recur too; they are not at page breaks.
        let text =
            "1.修订森林防火预案。\n责任单位：县林草局\n2.开展防火巡查。\n责任单位：县林草局\n";
        assert_eq!(
            paragraphs(text),
            [
                "1.修订森林防火预案。",
                "责任单位:县林草局",
                "2.开展防火巡查。",
                "责任单位:县林草局"
            ]
        );
        // Once only, a short line between two halves of a sentence stays (it may be text).
        let text = format!("{BEFORE}\n二〇二四年第五期\n{AFTER}\n");
        assert_eq!(
            paragraphs(&text).concat(),
            format!(
                "{}二〇二四年第五期{}",
                &JOINED[..JOINED.len() - AFTER.len()],
                "保不发生重大火情。"
            )
        );
    }

    #[test]
    fn digits_split_by_spaces_read_as_one_number() {
        assert_eq!(
            norm_of("202 6年1 1 月3 日，区长主持召开第 9 6 次常务会议。"),
            "2026年11月3日,区长主持召开第96次常务会议。"
        );
    }

    #[test]
    fn spaced_labels_read_as_the_label() {
        assert_eq!(
            paragraphs("出 席：张三 李四\n列　席：王五\n记 录：赵六"),
            ["出席:张三李四", "列席:王五", "记录:赵六"]
        );
        // The label's characters on two lines.
        assert_eq!(
            paragraphs("出\n席：张三\n请\n假：李四（出差）\n记\n录：赵六"),
            ["出席:张三", "请假:李四(出差)", "记录:赵六"]
        );
    }

    #[test]
    fn names_broken_one_character_per_line_are_joined() {
        assert_eq!(
            paragraphs("出\n席：柴国栋\n晏\n平\n芦伟华\n何\n跃\n何\n润\n记\n录：卜\n静\n发：各局"),
            [
                "出席:柴国栋",
                "晏平",
                "芦伟华",
                "何跃",
                "何润",
                "记录:卜静",
                "发:各局"
            ]
        );
    }

    #[test]
    fn a_wrapped_first_line_of_a_numbered_paragraph_is_joined() {
        let body = "相关工作。会议要求，各乡镇要压实属地责任，认真落实巡查制度。";
        for first in [
            "三、会议听取了全县文物保护工作情况汇报，并安排部署",
            "四、会议传达学习了《某某市公平竞争审查工作制度》（某",
            "五、研究了全县秋冬季森林防火工作，并安排部署了",
        ] {
            let p = paragraphs(&format!("{first}\n{body}"));
            assert_eq!(p.len(), 1, "{p:?}");
        }
    }

    #[test]
    fn a_numbered_line_cut_inside_a_date_runs_on() {
        assert_eq!(
            paragraphs("（一）各区县要结合实际制定排查工作方案，于4\n月30 日前报市局备案。"),
            ["(一)各区县要结合实际制定排查工作方案,于4月30日前报市局备案。"]
        );
    }

    #[test]
    fn a_numbered_line_as_wide_as_the_wrapped_lines_runs_on() {
        // Hard-wrapped text: the first line of item (二) fills the line as the others do.
        let text = "（一）各区县应急管理局要结合辖区实际制定排查工作方案，按时报送\n\
                    市应急管理局备案，并同步抄送市防汛抗旱指挥部办公室各成员单位。\n\
                    （二）各有关单位要建立隐患整改台账，实行闭环管理，每月按时向市\n\
                    应急管理局报送整改进展，重大隐患要同步报告属地政府和主管部门。\n\
                    （三）市应急管理局将适时组织督查。\n";
        assert_eq!(paragraphs(text).len(), 3, "{:?}", paragraphs(text));
        // Not hard-wrapped: a heading as long as the only other long line stays a heading.
        assert_eq!(
            paragraphs("一、传达贯彻全省职业教育大会精神\n会议指出，全省上下要认真学习大会精神。")
                .len(),
            2
        );
    }

    #[test]
    fn a_heading_line_with_a_comma_stays_its_own_paragraph() {
        assert_eq!(
            paragraphs("一、提高政治站位，切实把思想和行动统一到大会精神上来\n《实施方案》印发以来，全省职业教育改革取得明显成效，各地要认真总结经验。"),
            [
                "一、提高政治站位,切实把思想和行动统一到大会精神上来",
                "《实施方案》印发以来,全省职业教育改革取得明显成效,各地要认真总结经验。"
            ]
        );
    }

    #[test]
    fn spans_map_back_to_the_original_text() {
        let text = "甲　乙\r\n\r\n丙，丁";
        let n = Norm::new(text);
        let s = n.chars.iter().position(|&c| c == '乙').unwrap();
        let e = n.chars.iter().position(|&c| c == '丁').unwrap() + 1;
        assert_eq!(n.original(text, s, e), "乙\r\n\r\n丙，丁");
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        fn fragment() -> impl Strategy<Value = String> {
            prop_oneof![
                Just("\n".to_string()),
                Just("\r\n\r\n".to_string()),
                Just("\u{c}".to_string()),
                Just("— 3 —".to_string()),
                Just("\n— \u{1} —\n".to_string()),
                Just("\n第\u{2}页 共\u{3}页\n".to_string()),
                Just("\n- 12 -\n".to_string()),
                Just("\n某某县政府常务会议纪要\n".to_string()),
                Just("\u{0}".to_string()),
                Just("郭\n".to_string()),
                Just("出\n席：".to_string()),
                Just("录：周\n军\n".to_string()),
                Just("一、会议听取了".to_string()),
                Just("（二）".to_string()),
                Just("《".to_string()),
                Just("，".to_string()),
                Just("。".to_string()),
                Just(" ".to_string()),
                Just("\u{3000}".to_string()),
                Just("㈠".to_string()),
                "[\\u4e00-\\u9fff]{0,30}",
                "[0-9]{1,4}",
                any::<char>().prop_map(String::from),
            ]
        }

        fn document() -> impl Strategy<Value = String> {
            prop::collection::vec(fragment(), 0..80).prop_map(|v| v.concat())
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

            /// Every character of the view comes from the original character it maps to,
            /// in order, so that every normalised range is an exact span of the input.
            #[test]
            fn every_view_character_maps_back_to_its_original(text in document()) {
                let original: Vec<char> = text.chars().collect();
                let n = Norm::new(&text);
                prop_assert_eq!(n.chars.len(), n.map.len());
                let mut folded = Vec::new();
                for (i, (&c, &o)) in n.chars.iter().zip(&n.map).enumerate() {
                    prop_assert!(o < original.len());
                    prop_assert!(i == 0 || n.map[i - 1] <= o, "map goes back at {}", i);
                    if c == BREAK {
                        prop_assert!(is_line_break(original[o]), "break from {:?}", original[o]);
                        prop_assert!(i > 0 && n.map[i - 1] < o);
                    } else {
                        folded.clear();
                        fold(original[o], &mut folded);
                        prop_assert!(folded.contains(&c), "{:?} from {:?}", c, original[o]);
                        prop_assert!(!c.is_control());
                    }
                }
                let mut end = 0;
                for &(s, e) in &n.paragraphs {
                    prop_assert!(end <= s && s < e && e <= n.chars.len());
                    prop_assert!(!n.chars[s..e].contains(&BREAK));
                    let [a, b] = n.span(s, e);
                    prop_assert!(a < b && b <= original.len());
                    end = e;
                }
            }
        }
    }
}
