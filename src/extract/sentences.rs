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
        while i < pe {
            if ends_sentence(norm.chars[i]) {
                let mut e = i + 1;
                while e < pe && matches!(norm.chars[e], '”' | ')' | '」' | '’') {
                    e += 1;
                }
                out.push((s, e));
                s = e;
                i = e;
                continue;
            }
            i += 1;
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
    for (i, &c) in chars.iter().enumerate().take(e).skip(s) {
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
