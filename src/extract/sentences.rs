//! Sentences (。！？；) and clauses (，：) of the normalised text.

use super::normalize::Norm;

/// Characters that end a sentence.
#[must_use]
pub fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '!' | '?' | ';')
}

/// `[start, end)` of every sentence, terminator included; a closing quote or bracket right
/// after the terminator stays with the sentence.
#[must_use]
pub fn sentences(norm: &Norm) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for &(ps, pe) in &norm.paragraphs {
        let mut s = ps;
        let mut i = ps;
        while let Some(p) = norm.chars[i..pe].iter().position(|&c| ends_sentence(c)) {
            let mut e = i + p + 1;
            while e < pe && matches!(norm.chars[e], '”' | ')' | '」' | '’') {
                e += 1;
            }
            out.push((s, e));
            s = e;
            i = e;
        }
        if s < pe {
            out.push((s, pe));
        }
    }
    out
}

/// `[start, end)` of the clauses of `[s, e)`, split after ， ： ； and paragraph breaks (the
/// separator stays with the clause before it).
#[must_use]
pub fn clauses(chars: &[char], s: usize, e: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = s;
    let stop = e.min(chars.len());
    for (i, &c) in chars[s.min(stop)..stop]
        .iter()
        .enumerate()
        .map(|(k, c)| (s + k, c))
    {
        // Chinese characters, most of the text, are neither brackets nor separators.
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            continue;
        }
        match c {
            '(' | '《' | '“' => depth += 1,
            ')' | '》' | '”' => depth = (depth - 1).max(0),
            ',' | ':' | ';' | '。' | '!' | '?' | '\n' if depth == 0 => {
                out.push((start, i + 1));
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < e {
        out.push((start, e));
    }
    out
}
