//! Chinese full-text search, the pure half: word segmentation with jieba and highlighted
//! snippets. PostgreSQL has no Chinese parser, so text is segmented here into space-separated
//! words and PostgreSQL's `simple` configuration only splits on the spaces. The same
//! [`segment`] runs over stored text and over the user's query, so both sides agree.
//!
//! Snippets are computed here too: `ts_headline` cannot find words in unsegmented Chinese.
//! A [`Snippet`] is plain text cut into parts marked hit or not; the template escapes every
//! part and wraps hits in `<mark>`, so no HTML is assembled from stored text.

use std::collections::{BTreeSet, HashSet};
use std::sync::LazyLock;

use jieba_rs::Jieba;

/// Loading the dictionary takes a fraction of a second; do it once.
static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// What one segmented text may cost its tsvector, in bytes. PostgreSQL refuses a tsvector
/// whose lexemes and positions take more than 1 MB ("string is too long for tsvector"),
/// and a document or an item with enough distinct words (random tokens, a pasted table of
/// codes) would otherwise fail its whole import. A vector joins up to three segmented texts
/// (title, body, names), each bounded by this, plus at most 32 KB of positions each
/// (PostgreSQL numbers positions only up to 16,383): 3 × (256 + 32) KB stays under 1 MB. A
/// real document costs a few tens of KB; beyond the budget the rest of a text is not indexed,
/// so its leading text is still found.
pub const MAX_INDEXED_COST: usize = 256 * 1024;

/// Longest lexeme PostgreSQL indexes; it drops longer words with a notice.
const MAX_WORD_BYTES: usize = 2047;

/// Characters of context kept before the first hit of a fragment.
const LEAD_CHARS: usize = 20;
/// Characters of a fragment.
const FRAGMENT_CHARS: usize = 80;
/// Fragments of a snippet at most.
const MAX_FRAGMENTS: usize = 2;

/// The words of `text` in search mode, space-separated: every word jieba finds plus the
/// shorter dictionary words inside long ones, so that 新校区 is found by 新校区 and by 校区.
/// Punctuation and spaces are dropped; ASCII is lower-cased. The words stop where their
/// tsvector would cost more than [`MAX_INDEXED_COST`].
///
/// ```
/// let words = duban::search::segment("学院与清徐县共建新校区。");
/// assert!(words.split(' ').any(|w| w == "校区"));
/// assert!(!words.contains('。'));
/// ```
pub fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut seen: HashSet<String> = HashSet::new();
    let mut cost = 0;
    let mut lower = String::new();
    for word in JIEBA.cut_for_search(text, true) {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty()
            || word.len() > MAX_WORD_BYTES
            || !word.chars().all(char::is_alphanumeric)
        {
            continue;
        }
        lower.clear();
        lower.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        if !seen.contains(&lower) {
            cost += lexeme_cost(&lower);
            if cost > MAX_INDEXED_COST {
                break;
            }
            seen.insert(lower.clone());
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&lower);
    }
    out
}

/// An upper bound of what a distinct word adds to a tsvector: its bytes, and per lexeme a
/// position count, one position and alignment (5 bytes), charged per character in case
/// PostgreSQL's parser splits the word where jieba did not.
fn lexeme_cost(word: &str) -> usize {
    word.len() + 5 * word.chars().count()
}

/// The distinct words of a query, longest first, as [`Snippet`] looks for them: the
/// space-separated pieces the user typed, whole, and the words jieba cuts them into (新校区
/// is cut into 新 and 校区, and the whole phrase should still light up as one).
pub fn query_terms(query: &str) -> Vec<String> {
    let segmented = segment(query);
    let mut set: BTreeSet<&str> = segmented.split(' ').filter(|w| !w.is_empty()).collect();
    set.extend(
        query
            .split_whitespace()
            .map(|piece| piece.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|piece| !piece.is_empty()),
    );
    let mut terms: Vec<String> = set.into_iter().map(str::to_owned).collect();
    terms.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    terms
}

/// One run of snippet text; `hit` runs are shown marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub text: String,
    pub hit: bool,
}

/// Text with the query's words marked, ready for a template to escape and render.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippet {
    pub parts: Vec<Part>,
}

impl Snippet {
    /// The whole of `text` (whitespace collapsed), with every occurrence of `terms` marked.
    pub fn whole(text: &str, terms: &[String]) -> Self {
        let chars: Vec<char> = collapse_whitespace(text).chars().collect();
        let hits = find_hits(&chars, terms);
        Self::from_range(&chars, &hits, 0, chars.len())
    }

    /// Up to two fragments of `text` around the first hits, joined by "…"; the opening of
    /// the text when nothing matches (e.g. the hit was in the title or a unit name).
    pub fn fragments(text: &str, terms: &[String]) -> Self {
        let chars: Vec<char> = collapse_whitespace(text).chars().collect();
        let hits = find_hits(&chars, terms);
        let mut windows: Vec<(usize, usize)> = Vec::new();
        for &(start, _) in &hits {
            if windows.len() == MAX_FRAGMENTS {
                break;
            }
            if windows.last().is_some_and(|&(_, end)| start < end) {
                continue;
            }
            let from = start.saturating_sub(LEAD_CHARS);
            windows.push((from, (from + FRAGMENT_CHARS).min(chars.len())));
        }
        if windows.is_empty() {
            windows.push((0, FRAGMENT_CHARS.min(chars.len())));
        }
        let mut snippet = Self::default();
        for (n, &(from, to)) in windows.iter().enumerate() {
            if from > 0 || n > 0 {
                snippet.push("…", false);
            }
            snippet
                .parts
                .extend(Self::from_range(&chars, &hits, from, to).parts);
        }
        if windows.last().is_some_and(|&(_, to)| to < chars.len()) {
            snippet.push("…", false);
        }
        snippet
    }

    /// Whether any word was marked.
    pub fn has_hits(&self) -> bool {
        self.parts.iter().any(|p| p.hit)
    }

    /// `chars[from..to]`, marking the hits inside; a hit cut by the window edge is cut too.
    fn from_range(chars: &[char], hits: &[(usize, usize)], from: usize, to: usize) -> Self {
        let mut snippet = Self::default();
        let mut at = from;
        for &(start, end) in hits.iter().filter(|&&(s, e)| e > from && s < to) {
            let (start, end) = (start.max(from), end.min(to));
            snippet.push_chars(&chars[at..start], false);
            snippet.push_chars(&chars[start..end], true);
            at = end;
        }
        snippet.push_chars(&chars[at..to], false);
        snippet
    }

    fn push_chars(&mut self, chars: &[char], hit: bool) {
        if !chars.is_empty() {
            self.push(&chars.iter().collect::<String>(), hit);
        }
    }

    fn push(&mut self, text: &str, hit: bool) {
        self.parts.push(Part {
            text: text.to_owned(),
            hit,
        });
    }
}

/// Non-overlapping `[start, end)` character ranges where a term occurs, left to right,
/// preferring the longest term at each position; touching ranges are merged so a phrase
/// reads as one mark. ASCII is compared case-insensitively.
fn find_hits(chars: &[char], terms: &[String]) -> Vec<(usize, usize)> {
    let terms: Vec<Vec<char>> = terms
        .iter()
        .filter(|t| !t.is_empty())
        .map(|t| t.chars().collect())
        .collect();
    let mut hits = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let found = terms.iter().find(|t| {
            chars.len() - i >= t.len()
                && t.iter()
                    .zip(&chars[i..])
                    .all(|(a, b)| a.eq_ignore_ascii_case(b))
        });
        match found {
            Some(t) => {
                match hits.last_mut() {
                    Some((_, end)) if *end == i => *end = i + t.len(),
                    _ => hits.push((i, i + t.len())),
                }
                i += t.len();
            }
            None => i += 1,
        }
    }
    hits
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        segment(text).split(' ').map(str::to_owned).collect()
    }

    fn marked(s: &Snippet) -> String {
        s.parts
            .iter()
            .map(|p| {
                if p.hit {
                    format!("[{}]", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn search_mode_keeps_both_the_compound_and_its_parts() {
        let w = words("原则同意学院与清徐县共建新校区的框架协议。");
        assert!(w.contains(&"校区".to_owned()), "{w:?}");
        assert!(w.contains(&"框架协议".to_owned()) || w.contains(&"框架".to_owned()));
    }

    #[test]
    fn punctuation_and_spaces_are_dropped_and_ascii_lower_cased() {
        let s = segment("关于“5G校园”建设， 要求：ABC！");
        assert!(!s.contains(['“', '”', '，', '：', '！']), "{s}");
        assert!(!s.contains("  "));
        assert!(s.contains("abc"), "{s}");
        assert_eq!(segment("。，、！"), "");
        assert_eq!(segment(""), "");
    }

    #[test]
    fn a_query_segments_the_same_way_as_the_text() {
        let text = words("坚决打赢校园疫情防控这场没有硝烟的战争");
        for term in words("疫情防控") {
            assert!(text.contains(&term), "{term} not in {text:?}");
        }
    }

    #[test]
    fn words_past_the_index_budget_are_left_out_and_repeats_cost_nothing() {
        let tokens: Vec<String> = (0..20_000).map(|n| format!("w{n:07}")).collect();
        let text = tokens.join(" ");
        let kept = words(&text);
        assert!(kept.len() < tokens.len());
        assert_eq!(
            kept,
            tokens[..kept.len()],
            "the leading words are kept, in order"
        );
        let cost: usize = kept.iter().map(|w| lexeme_cost(w)).sum();
        assert!(cost <= MAX_INDEXED_COST);
        let repeated = "校区 ".repeat(100_000);
        assert_eq!(words(&repeated).len(), 100_000);
    }

    #[test]
    fn query_terms_are_distinct_and_longest_first() {
        let terms = query_terms("新校区 新校区");
        assert_eq!(terms.iter().filter(|t| *t == "校区").count(), 1);
        assert!(terms
            .windows(2)
            .all(|w| w[0].chars().count() >= w[1].chars().count()));
    }

    #[test]
    fn whole_marks_every_occurrence_preferring_longer_terms() {
        let terms = vec!["新校区".to_owned(), "校区".to_owned()];
        let s = Snippet::whole("坞城校区与新校区", &terms);
        assert_eq!(marked(&s), "坞城[校区]与[新校区]");
    }

    #[test]
    fn touching_hits_merge_into_one_mark() {
        let s = Snippet::whole("共建新校区", &query_terms("新校区"));
        assert_eq!(marked(&s), "共建[新校区]");
        let s = Snippet::whole("新的校区", &["校区".to_owned(), "新".to_owned()]);
        assert_eq!(marked(&s), "[新]的[校区]");
    }

    #[test]
    fn matching_ignores_ascii_case_but_keeps_the_original_text() {
        let s = Snippet::whole("推进5G建设", &["5g".to_owned()]);
        assert_eq!(marked(&s), "推进[5G]建设");
    }

    #[test]
    fn fragments_cut_around_hits_with_ellipses() {
        let text = format!("{}新校区{}", "甲".repeat(50), "乙".repeat(200));
        let s = Snippet::fragments(&text, &["新校区".to_owned()]);
        let m = marked(&s);
        assert!(m.starts_with('…') && m.ends_with('…'), "{m}");
        assert!(
            m.contains(&format!("{}[新校区]", "甲".repeat(LEAD_CHARS))),
            "{m}"
        );
        assert_eq!(m.chars().count(), FRAGMENT_CHARS + 2 + 2);
    }

    #[test]
    fn at_most_two_fragments_and_the_opening_when_nothing_matches() {
        let far = "乙".repeat(100);
        let text = format!("甲{far}甲{far}甲{far}");
        let s = Snippet::fragments(&text, &["甲".to_owned()]);
        assert_eq!(s.parts.iter().filter(|p| p.hit).count(), 2);
        let none = Snippet::fragments("短文本\n\n第二行", &["无".to_owned()]);
        assert_eq!(marked(&none), "短文本 第二行");
        assert!(!none.has_hits());
    }

    #[test]
    fn markup_in_the_text_stays_text_for_the_template_to_escape() {
        let s = Snippet::whole("<b>新校区</b>", &["新校区".to_owned()]);
        assert_eq!(s.parts[0].text, "<b>");
        assert!(!s.parts[0].hit);
        assert!(s.parts[1].hit);
    }
}
