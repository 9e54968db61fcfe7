//! Chinese numerals as used in headings and list markers (一 … 九十九).

/// The value of a single Chinese digit 一…九 (〇/零 are not list ordinals).
#[must_use]
pub fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Parses a Chinese numeral 一…九十九 at `chars[at..]`: its value and length in characters.
#[must_use]
pub fn cn_numeral(chars: &[char], at: usize) -> Option<(u32, usize)> {
    let c0 = *chars.get(at)?;
    let c1 = chars.get(at + 1).copied();
    let c2 = chars.get(at + 2).copied();
    if c0 == '十' {
        return Some(match c1.and_then(cn_digit) {
            Some(d) => (10 + d, 2),
            None => (10, 1),
        });
    }
    let d = cn_digit(c0)?;
    if c1 == Some('十') {
        return Some(match c2.and_then(cn_digit) {
            Some(u) => (d * 10 + u, 3),
            None => (d * 10, 2),
        });
    }
    Some((d, 1))
}

/// Parses a number written with Chinese or ASCII digits (三, 两, 10, 十五) at `chars[at..]`.
#[must_use]
pub fn any_number(chars: &[char], at: usize) -> Option<(u32, usize)> {
    let c0 = *chars.get(at)?;
    if c0.is_ascii_digit() {
        let len = chars[at..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
            .min(6);
        let v = chars[at..at + len]
            .iter()
            .fold(0u32, |v, c| v * 10 + c.to_digit(10).unwrap_or(0));
        return Some((v, len));
    }
    if c0 == '两' {
        return Some((2, 1));
    }
    if c0 == '半' {
        return None;
    }
    cn_numeral(chars, at)
}

/// Whether `c` can be part of a Chinese numeral.
#[must_use]
pub fn is_cn_numeral_char(c: char) -> bool {
    // A plain set test: this runs on nearly every character of a text.
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_up_to_ninety_nine_parse() {
        let cases = [
            ("一、", 1, 1),
            ("十、", 10, 1),
            ("十一是", 11, 2),
            ("二十是", 20, 2),
            ("九十九、", 99, 3),
        ];
        for (text, value, len) in cases {
            let chars: Vec<char> = text.chars().collect();
            assert_eq!(cn_numeral(&chars, 0), Some((value, len)), "{text}");
        }
    }
}
