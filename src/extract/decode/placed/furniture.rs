//! Page furniture: what a paged document (a PDF, an OFD, a scan read by OCR) prints on
//! every page besides the document, removed so that the running text reads as the
//! document does.
//!
//! * Page numbers at the top or bottom of a page: "— 3 —", "-3-", "·3·", "第 3 页 共 10 页",
//!   "共10页 第3页", "3/10", "Page 3 of 10", and a bare number on a page's first or last
//!   line.
//! * Running headers and footers: a short line at a page's edge that comes back at the edge
//!   of most pages (digits aside, so that "第3页" and "第4页" are the same line).
//!
//! The rest of the text is kept exactly as written (full-width digits included). Pure.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

/// Lines at each end of a page searched for furniture: a header may be two lines plus a
/// page number.
const EDGE_LINES: usize = 3;

/// A running header or footer is short; a body line that happens to repeat is not removed.
const MAX_RUNNING_CHARS: usize = 40;

/// The page texts joined into one, without page furniture. Line breaks inside a page are
/// kept; a page's trailing and the next page's leading blank lines are dropped, so that a
/// paragraph running over a page break continues on the next line.
pub fn strip(pages: &[&str]) -> String {
    let pages: Vec<Vec<&str>> = pages.iter().map(|p| p.lines().collect()).collect();
    let marks = marks(&pages);
    let mut out = String::new();
    for (lines, marks) in pages.iter().zip(&marks) {
        let kept: Vec<&str> = lines
            .iter()
            .zip(marks)
            .filter(|&(_, &furniture)| !furniture)
            .map(|(line, _)| *line)
            .collect();
        let start = kept.iter().position(|l| !l.trim().is_empty());
        let end = kept.iter().rposition(|l| !l.trim().is_empty());
        if let (Some(start), Some(end)) = (start, end) {
            for line in &kept[start..=end] {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// For each line of each page, whether it is furniture (a page number or a running header
/// or footer at the page's edge).
pub fn marks(pages: &[Vec<&str>]) -> Vec<Vec<bool>> {
    let running = running_lines(pages);
    pages
        .iter()
        .map(|lines| {
            let edges = edge_indices(lines);
            (0..lines.len())
                .map(|i| is_furniture(lines, &edges, i, &running))
                .collect()
        })
        .collect()
}

/// Whether line `i` of a page is furniture: a page number or running line at an edge.
fn is_furniture(lines: &[&str], edges: &[usize], i: usize, running: &[String]) -> bool {
    let Some(at) = edges.iter().position(|&e| e == i) else {
        return false;
    };
    let line = lines[i];
    let outermost = at == 0 || at + 1 == edges.len();
    if is_page_number(line, outermost) || running.contains(&key(line)) {
        return true;
    }
    // "— 3 —" whose dashes poppler put on lines of their own (a GBK-EUC-H font whose
    // digits it widens to full width): "—", "３", "—".
    let neighbours: Vec<&str> = [at.checked_sub(1), Some(at + 1)]
        .into_iter()
        .flatten()
        .filter_map(|n| edges.get(n).map(|&e| lines[e]))
        .collect();
    (dashes_only(line) && neighbours.iter().any(|n| bare_number(n)))
        || (bare_number(line) && neighbours.iter().any(|n| dashes_only(n)))
}

/// A line of one to three dashes and nothing else.
fn dashes_only(line: &str) -> bool {
    let t = line.trim();
    (1..=3).contains(&t.chars().count()) && t.chars().all(|c| "-—–－―─~～·•".contains(c))
}

/// A line holding a number of one to four digits (ASCII or full-width) and nothing else.
fn bare_number(line: &str) -> bool {
    let t = line.trim();
    (1..=4).contains(&t.chars().count()) && t.chars().all(|c| ascii_digit(c).is_some())
}

/// Indices of the first and last [`EDGE_LINES`] non-blank lines of a page.
fn edge_indices(lines: &[&str]) -> Vec<usize> {
    let filled: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .collect();
    let mut edges: Vec<usize> = filled.iter().take(EDGE_LINES).copied().collect();
    edges.extend(filled.iter().rev().take(EDGE_LINES));
    edges.sort_unstable();
    edges.dedup();
    edges
}

/// The keys of lines at page edges that recur on most pages (at least two, and three in
/// five): 公文 often leave the running header off the first page.
fn running_lines(pages: &[Vec<&str>]) -> Vec<String> {
    if pages.len() < 2 {
        return Vec::new();
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    for lines in pages {
        let mut keys: Vec<String> = edge_indices(lines)
            .into_iter()
            .map(|i| key(lines[i]))
            .filter(|k| k.chars().count() <= MAX_RUNNING_CHARS)
            .collect();
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            *counts.entry(k).or_default() += 1;
        }
    }
    let needed = (pages.len() * 3).div_ceil(5).max(2);
    counts
        .into_iter()
        .filter(|&(_, n)| n >= needed)
        .map(|(k, _)| k)
        .collect()
}

/// A line as compared across pages: without spaces, every digit as '#'.
fn key(line: &str) -> String {
    line.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if ascii_digit(c).is_some() { '#' } else { c })
        .collect()
}

/// The value of an ASCII or full-width digit.
fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

/// Whether `line` is a page number; a bare number counts only on a page's outermost line.
fn is_page_number(line: &str, outermost: bool) -> bool {
    static DECORATED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            // 一: OCR reads the dashes of "— 3 —" as the character for one.
            r"^(?:[-—–－―─~～·•一]+[0-9]{1,4}[-—–－―─~～·•一]+",
            r"|第[0-9]{1,4}页(?:[,，/／]?共[0-9]{1,4}页)?",
            r"|共[0-9]{1,4}页[,，/／]?第[0-9]{1,4}页",
            r"|[0-9]{1,4}[/／][0-9]{1,4}",
            r"|(?i:page)[0-9]{1,4}(?:(?i:of)[0-9]{1,4})?)$"
        ))
        .expect("valid")
    });
    let compact: String = line
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| ascii_digit(c).unwrap_or(c))
        .collect();
    DECORATED.is_match(&compact)
        || (outermost
            && (1..=4).contains(&compact.len())
            && compact.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_in_the_usual_chinese_forms_are_recognised() {
        for line in [
            "— 3 —",
            "-3-",
            "- 12 -",
            "－３－",
            "·3·",
            "一1一",
            "第 3 页 共 10 页",
            "第3页，共10页",
            "共10页 第3页",
            "3/10",
            "Page 3 of 10",
        ] {
            assert!(is_page_number(line, false), "{line}");
        }
        assert!(is_page_number("3", true));
        assert!(!is_page_number("3", false), "a bare number inside the page");
        for line in ["一、总体要求", "2026年3月", "-", "第三章", "12345"] {
            assert!(!is_page_number(line, true), "{line}");
        }
    }

    #[test]
    fn page_numbers_and_running_headers_leave_the_text_and_the_rest_stays_as_written() {
        let pages = [
            "内部资料\n\n青川市会议纪要\n会议决定：一是于３月底前完成。\n— 1 —\n",
            "内部资料\n\n二是办公室负责\n落实。\n— 2 —\n",
            "",
        ];
        let text = strip(&pages);
        assert_eq!(
            text,
            "青川市会议纪要\n会议决定：一是于３月底前完成。\n二是办公室负责\n落实。\n"
        );
    }

    #[test]
    fn a_single_page_keeps_its_edge_lines_except_the_page_number() {
        assert_eq!(
            strip(&["标题\n正文。\n第 1 页 共 1 页\n"]),
            "标题\n正文。\n"
        );
    }

    #[test]
    fn a_page_number_whose_dashes_stand_on_lines_of_their_own_is_removed() {
        assert_eq!(strip(&["标题\n正文。\n—\n\n３\n\n—\n"]), "标题\n正文。\n");
        assert_eq!(
            strip(&["—\n正文。\n"]),
            "—\n正文。\n",
            "a dash alone is text"
        );
    }

    #[test]
    fn a_line_that_recurs_inside_pages_is_body_text() {
        let body = "第一行\n第二行\n第三行\n会议要求\n第五行\n第六行\n第七行\n";
        let text = strip(&[body, body]);
        assert!(text.contains("会议要求"), "{text}");
    }
}
