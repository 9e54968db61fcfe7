//! Page furniture in text copied out of a PDF: page-number lines and running headers (and
//! the markup comments that text exported from web pages keeps).
//!
//! Copying a PDF puts the furniture of every page (`— 3 —`, `第3页 共8页`, the document's
//! short title or the issuer's name at the top of each page) between the last line of one
//! page and the first line of the next, in the middle of whatever sentence runs across the
//! page break. Such lines are found here so that the normalised view can leave them out and
//! join the sentence again.
//!
//! Lines are the normalised view's lines: folded, without spaces or control characters. A
//! PDF whose page-number glyphs have no Unicode mapping leaves a control character where the
//! digits were (`— \x01 —`); the caller says which lines had one.

use super::super::numerals::cn_numeral;

/// The longest line that can be a page number (`第12页共108页`, `Page 12 of 108`).
const MAX_PAGE_NUMBER: usize = 16;
/// The longest line that can be a running header (a short title or an issuer's name).
const MAX_RUNNING_HEADER: usize = 30;
/// How many lines at the top of a document may hold its title.
const OPENING_LINES: usize = 8;
/// A line at least this long is wrapped running text (as in `keeps_break`).
const WRAPPED_LINE: usize = 16;

/// What the caller knows of a line besides its characters.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct LineInfo {
    /// The line held a control character (dropped from the view).
    pub had_control: bool,
    /// A form feed (a page break) stands right before the line.
    pub after_feed: bool,
}

/// Which of `lines` (`[start, end)` ranges of `chars`, none empty) are page furniture.
/// `joined(a, b)` says whether line `a` would run on into line `b` (no paragraph break).
pub(super) fn furniture(
    chars: &[char],
    lines: &[(usize, usize)],
    info: &[LineInfo],
    joined: impl Fn(&[char], &[char]) -> bool,
) -> Vec<bool> {
    let line = |k: usize| &chars[lines[k].0..lines[k].1];
    // A bare number is a page number only next to a form feed (pdftotext's page break).
    let at_feed = |k: usize| info[k].after_feed || info.get(k + 1).is_some_and(|i| i.after_feed);
    let mut drop: Vec<bool> = (0..lines.len())
        .map(|k| {
            let l = line(k);
            (l.len() <= MAX_PAGE_NUMBER && is_page_number(l, info[k].had_control))
                || is_markup_comment(l)
                || (l.len() <= 4 && l.iter().all(char::is_ascii_digit) && at_feed(k))
        })
        .collect();

    // Lines next to a page break: the page-number lines, form feeds, and short lines that
    // interrupt a sentence running from one line to the next.
    let mut edges: Vec<usize> = Vec::new();
    let mut last_text: Option<usize> = None;
    for k in 0..lines.len() {
        if drop[k] {
            continue;
        }
        // A page break between `last_text` and `k`: a page-number line or a form feed.
        if let Some(p) = last_text {
            if info[k].after_feed || (p + 1..k).any(|j| drop[j]) {
                edges.extend([p, k]);
            }
        }
        last_text = Some(k);
    }
    // Short lines that interrupt a sentence running from the line before to the line after
    // (a running header where the page break left no other mark).
    let interrupting: Vec<usize> = (1..lines.len().saturating_sub(1))
        .filter(|&k| {
            let (prev, this, next) = (line(k - 1), line(k), line(k + 1));
            !drop[k - 1]
                && !drop[k + 1]
                && prev.len() >= WRAPPED_LINE
                && may_be_running_header(this)
                && joined(prev, next)
        })
        .collect();

    // A running header recurs at page breaks: the same short line at two breaks or more.
    edges.retain(|&k| may_be_running_header(line(k)));
    edges.sort_unstable_by(|&a, &b| line(a).cmp(line(b)).then(a.cmp(&b)));
    edges.dedup();
    let mut headers: Vec<&[char]> = Vec::new();
    for group in edges.chunk_by(|&a, &b| line(a) == line(b)) {
        if group.len() >= 2 {
            headers.push(line(group[0]));
            for &k in group {
                drop[k] = true;
            }
        }
    }
    // A running header also repeats the document's title: one of its first lines, or two of
    // them in one. So it is known at a single page break (a two-page document) and where it
    // cuts a sentence; a short line that merely recurs there (the same unit in every row of
    // a table) is not enough.
    // The title block: the short lines before the first page break or line of running text
    // (after a page number that the copy put first).
    let opening_start = drop.iter().take_while(|&&d| d).count();
    let opening_end = (opening_start..lines.len())
        .find(|&k| drop[k] || info[k].after_feed || line(k).len() >= WRAPPED_LINE)
        .unwrap_or(lines.len())
        .min(opening_start + OPENING_LINES);
    let opening: Vec<&[char]> = (opening_start..opening_end).map(line).collect();
    let is_title = |l: &[char]| {
        opening.contains(&l)
            || opening.windows(2).any(|w| {
                l.len() == w[0].len() + w[1].len() && l.starts_with(w[0]) && l.ends_with(w[1])
            })
    };
    for k in edges.into_iter().chain(interrupting) {
        let l = line(k);
        if k >= opening_end && (headers.contains(&l) || is_title(l)) {
            drop[k] = true;
        }
    }
    drop
}

/// Whether a line can be a running header: short, and not the end of a sentence or a
/// heading or field label (which recur in running text too).
fn may_be_running_header(line: &[char]) -> bool {
    (2..=MAX_RUNNING_HEADER).contains(&line.len())
        && !line
            .last()
            .is_some_and(|c| matches!(c, '。' | '!' | '?' | ';' | ':' | ',' | '、'))
        && !super::starts_with_marker(line)
        && !line.contains(&':')
}

/// A line that is only a markup comment, as web pages exported to text keep them
/// (`<!--more-->`, the excerpt mark of blog engines, often in the middle of a sentence).
fn is_markup_comment(line: &[char]) -> bool {
    line.starts_with(&['<', '!', '-', '-']) && line.ends_with(&['-', '-', '>'])
}

/// Characters that frame a page number: `— 3 —`, `- 3 -`, `–3–`.
fn is_frame(c: char) -> bool {
    matches!(
        c,
        '—' | '-'
            | '–'
            | '―'
            | '─'
            | '‒'
            | '−'
            | '﹣'
            | '·'
            | '•'
            | '〔'
            | '〕'
            | '['
            | ']'
    )
}

/// Whether a whole line is a page number: `— 3 —`, `-3-`, `— \x01 —` (its digits lost),
/// `第3页`, `第3页共8页`, `共8页第3页`, `第3/8页`, `3/8`, `Page 3 of 8`.
pub(super) fn is_page_number(line: &[char], had_control: bool) -> bool {
    let lead = line.iter().take_while(|&&c| is_frame(c)).count();
    let trail = line[lead..]
        .iter()
        .rev()
        .take_while(|&&c| is_frame(c))
        .count();
    let core = &line[lead..line.len() - trail];
    if core.is_empty() {
        // `— —`: only a frame, where the digits were control characters.
        return lead >= 2 && had_control;
    }
    let framed = lead > 0 && trail > 0;
    if core.iter().all(char::is_ascii_digit) {
        return framed && core.len() <= 4;
    }
    page_of_pages(core, had_control) || fraction(core) || english_page(core)
}

/// `第3页`, `第3页共8页`, `共8页第3页`, `第3页/共8页`, `第三页`, `第3/8页`; with the
/// numbers lost to control characters, `第页共页`.
fn page_of_pages(core: &[char], had_control: bool) -> bool {
    let mut i = 0;
    let mut pages = 0;
    let mut current = false;
    while i < core.len() {
        if pages > 0 && matches!(core[i], ',' | '/' | '、' | '|') {
            i += 1;
        }
        let Some(&word) = core.get(i) else {
            return false;
        };
        if word != '第' && word != '共' {
            return false;
        }
        current |= word == '第';
        i += 1;
        let n = number_len(&core[i..]);
        // 第3/8页
        let n = if word == '第' && core.get(i + n) == Some(&'/') {
            let m = number_len(&core[i + n + 1..]);
            if m == 0 {
                return false;
            }
            n + 1 + m
        } else {
            n
        };
        if n == 0 && !had_control {
            return false;
        }
        i += n;
        if core.get(i) != Some(&'页') {
            return false;
        }
        i += 1;
        pages += 1;
    }
    current && pages <= 2
}

/// The length of the number (ASCII digits or a Chinese numeral) at the start of `chars`.
fn number_len(chars: &[char]) -> usize {
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 {
        return if digits <= 4 { digits } else { 0 };
    }
    cn_numeral(chars, 0).map_or(0, |(_, len)| len)
}

/// `3/8`: page 3 of 8.
fn fraction(core: &[char]) -> bool {
    let Some(slash) = core.iter().position(|&c| c == '/') else {
        return false;
    };
    let (a, b) = (&core[..slash], &core[slash + 1..]);
    let number = |s: &[char]| (1..=4).contains(&s.len()) && s.iter().all(char::is_ascii_digit);
    number(a) && number(b) && value(a) <= value(b)
}

fn value(digits: &[char]) -> u32 {
    digits
        .iter()
        .fold(0, |v, c| v * 10 + c.to_digit(10).unwrap_or(0))
}

/// `Page 3`, `Page 3 of 8` (spaces are already gone: `Page3of8`).
fn english_page(core: &[char]) -> bool {
    let lower: String = core.iter().map(char::to_ascii_lowercase).collect();
    let Some(rest) = lower.strip_prefix("page") else {
        return false;
    };
    let (n, total) = rest.split_once("of").unwrap_or((rest, "1"));
    let digits = |s: &str| (1..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    digits(n) && digits(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(s: &str) -> bool {
        let chars: Vec<char> = s.chars().collect();
        is_page_number(&chars, false)
    }

    #[test]
    fn a_markup_comment_line_is_furniture() {
        let chars: Vec<char> = "<!--more-->".chars().collect();
        assert!(is_markup_comment(&chars));
        let chars: Vec<char> = "<!--more-->安全管理".chars().collect();
        assert!(!is_markup_comment(&chars));
    }

    #[test]
    fn page_number_lines_of_every_usual_style_are_page_numbers() {
        for s in [
            "—3—",
            "-3-",
            "–12–",
            "第3页",
            "第3页共8页",
            "共8页第3页",
            "第3页/共8页",
            "第三页",
            "第3/8页",
            "3/8",
            "Page3of8",
            "page12",
            "-第3页-",
        ] {
            assert!(page(s), "{s}");
        }
    }

    #[test]
    fn running_text_and_numbers_that_stand_alone_are_not_page_numbers() {
        for s in [
            "3",
            "2025",
            "——",
            "第三",
            "共8页",
            "第3条",
            "8/3",
            "3/",
            "第3页要求各部门",
            "-",
            "一、",
            "—12345—",
        ] {
            assert!(!page(s), "{s}");
        }
    }

    #[test]
    fn a_frame_or_page_words_without_digits_are_a_page_number_only_where_a_control_character_was() {
        let chars: Vec<char> = "——".chars().collect();
        assert!(is_page_number(&chars, true));
        assert!(!is_page_number(&chars, false));
        let chars: Vec<char> = "第页共页".chars().collect();
        assert!(is_page_number(&chars, true));
        assert!(!is_page_number(&chars, false));
    }
}
