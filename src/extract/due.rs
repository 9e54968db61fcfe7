//! Deadlines (完成时限) and recurring reports.
//!
//! Forms: 2022年4月底前, 4月底前 (year of the document), 5月20日前, 月中/上旬/中旬/下旬,
//! 年底前/年内, 元旦, 上半年/下半年, 第一季度, and relative ones counted from the meeting
//! date (一周内, 三个工作日内, 两个月内). Recurrence: 每周, 每月 (每月底前), 每季度, 每年.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::charset::CharSet;
use super::model::Recurrence;
use super::numerals::any_number;

/// Where dates without a year or relative dates are counted from.
#[derive(Debug, Clone, Copy, Default)]
pub struct DueBase {
    /// The document's year (issued, published or meeting date, else the reference date).
    pub year: Option<i32>,
    /// The date relative deadlines count from (meeting date, else the document's date).
    pub anchor: Option<NaiveDate>,
}

fn last_day(year: i32, month: u32) -> Option<NaiveDate> {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

fn starts_with(chars: &[char], pat: &str) -> bool {
    let mut it = chars.iter();
    pat.chars().all(|p| it.next() == Some(&p))
}

fn starts_with_any<'p>(chars: &[char], pats: &[&'p str]) -> Option<&'p str> {
    pats.iter().copied().find(|p| starts_with(chars, p))
}

const BEFORE: &[&str] = &["之前", "以前", "为止", "前", "止"];

/// Reads a 4-digit year ending right before `at` (`2022年` → 2022), skipping one space-free 年.
fn year_before(chars: &[char], at: usize) -> Option<(i32, usize)> {
    if at < 5 || chars[at - 1] != '年' {
        return None;
    }
    let digits = &chars[at - 5..at - 1];
    if digits.iter().all(char::is_ascii_digit) {
        let y = digits.iter().collect::<String>().parse().ok()?;
        return Some((y, at - 5));
    }
    None
}

/// The recurrence a text asks for, if any.
#[must_use]
fn recurrence(chars: &[char], starts: &[usize]) -> Option<(Recurrence, usize, usize)> {
    for &i in starts {
        if chars[i] != '每' {
            continue;
        }
        let rest = &chars[i + 1..];
        let found = if let Some(p) = starts_with_any(rest, &["周", "星期", "个星期"]) {
            Some((Recurrence::Weekly, p))
        } else if let Some(p) = starts_with_any(rest, &["季度", "个季度", "季"]) {
            Some((Recurrence::Quarterly, p))
        } else if let Some(p) = starts_with_any(rest, &["个月", "月"]) {
            Some((Recurrence::Monthly, p))
        } else {
            starts_with_any(rest, &["年度", "年", "学年"]).map(|p| (Recurrence::Yearly, p))
        };
        if let Some((r, p)) = found {
            let end = i + 1 + p.chars().count();
            // 每月底前 / 每月10日前: the deadline inside the period belongs to the recurrence.
            let mut e = end;
            while e < chars.len()
                && (chars[e].is_ascii_digit()
                    || matches!(
                        chars[e],
                        '底' | '末'
                            | '日'
                            | '号'
                            | '初'
                            | '中'
                            | '前'
                            | '之'
                            | '以'
                            | '第'
                            | '个'
                            | '工'
                            | '作'
                            | '天'
                    ))
            {
                e += 1;
                if e - end > 8 {
                    break;
                }
            }
            return Some((r, i, e));
        }
    }
    None
}

/// The first deadline in `chars`, skipping the range `[skip.0, skip.1)`.
fn deadline(
    chars: &[char],
    starts: &[usize],
    base: DueBase,
    skip: (usize, usize),
) -> Option<NaiveDate> {
    for &i in starts {
        if i >= skip.0 && i < skip.1 {
            continue;
        }
        if let Some(d) = deadline_at(chars, i, base) {
            return Some(d);
        }
    }
    None
}

fn preceded_by_marker(chars: &[char], at: usize) -> bool {
    let before: String = chars[at.saturating_sub(4)..at].iter().collect();
    ["于", "在", "截至", "截止", "截止到", "最迟", "不晚于", "到"]
        .iter()
        .any(|m| before.ends_with(m))
}

fn deadline_at(chars: &[char], i: usize, base: DueBase) -> Option<NaiveDate> {
    if let Some(d) = month_deadline(chars, i, base) {
        return Some(d);
    }
    deadline_other(chars, i, base)
}

/// X月底前, X月X日前, X月中旬 … (with or without a year in front).
fn month_deadline(chars: &[char], i: usize, base: DueBase) -> Option<NaiveDate> {
    let c = chars[i];
    if c.is_ascii_digit() || super::numerals::is_cn_numeral_char(c) {
        if i > 0
            && (chars[i - 1].is_ascii_digit() || super::numerals::is_cn_numeral_char(chars[i - 1]))
        {
            return None;
        }
        let (month, len) = any_number(chars, i)?;
        if chars.get(i + len) != Some(&'月') || !(1..=12).contains(&month) {
            return None;
        }
        if c.is_ascii_digit() && chars[i..i + len].len() > 2 {
            return None;
        }
        let (year, start) = match year_before(chars, i) {
            Some((y, s)) => (Some(y), s),
            None => (base.year, i),
        };
        let year = year?;
        let mut j = i + len + 1;
        let rest = &chars[j..];
        let date = if let Some(p) = starts_with_any(rest, &["底", "末", "下旬", "份底", "份末"])
        {
            j += p.chars().count();
            last_day(year, month)
        } else if let Some(p) = starts_with_any(rest, &["上旬"]) {
            j += p.chars().count();
            NaiveDate::from_ymd_opt(year, month, 10)
        } else if let Some(p) = starts_with_any(rest, &["中旬", "中"]) {
            j += p.chars().count();
            NaiveDate::from_ymd_opt(year, month, if p == "中" { 15 } else { 20 })
        } else if let Some((day, dl)) = any_number(chars, j) {
            if !matches!(chars.get(j + dl), Some('日' | '号')) {
                return None;
            }
            j += dl + 1;
            NaiveDate::from_ymd_opt(year, month, day)
        } else if starts_with_any(rest, &["前", "之前", "以前", "份前"]).is_some() {
            // 6月前: before June begins.
            return NaiveDate::from_ymd_opt(year, month, 1)?.pred_opt();
        } else {
            return None;
        };
        let date = date?;
        // 5月31日前后: around a day, not by it.
        if starts_with(&chars[j..], "前后") {
            return None;
        }
        let closed = starts_with_any(&chars[j..], BEFORE).is_some()
            || chars[j - 1] == '底'
            || chars[j - 1] == '末'
            || chars[j - 1] == '旬'
            || preceded_by_marker(chars, start);
        return closed.then_some(date);
    }
    None
}

fn deadline_other(chars: &[char], i: usize, base: DueBase) -> Option<NaiveDate> {
    let c = chars[i];
    // Every form below starts with one of these.
    if !(c.is_ascii_digit() || matches!(c, '年' | '元' | '上' | '下' | '本' | '当' | '月')) {
        return None;
    }
    let rest = &chars[i..];
    let explicit_year = year_before(chars, i).map(|(y, _)| y);
    if let Some(p) = starts_with_any(rest, &["年底", "年末", "年内", "年前"]) {
        if p == "年前" {
            return None;
        }
        // 年底前 / 今年底 / 于年底: a deadline; 年末岁初 alone is a season.
        if p != "年内"
            && starts_with_any(&rest[2..], BEFORE).is_none()
            && !preceded_by_marker(chars, i)
            && !(i > 0 && matches!(chars[i - 1], '今' | '本'))
        {
            return None;
        }
        // Only on its own (年底前) or after a year or 今/本 (今年底), not inside 2022年底.
        if i > 0 && chars[i - 1].is_ascii_digit() {
            return None;
        }
        let y = base.year?;
        return NaiveDate::from_ymd_opt(y, 12, 31);
    }
    if chars[i].is_ascii_digit()
        && i + 4 < chars.len()
        && chars[i..i + 4].iter().all(char::is_ascii_digit)
    {
        if i > 0 && chars[i - 1].is_ascii_digit() {
            return None;
        }
        let y: i32 = chars[i..i + 4].iter().collect::<String>().parse().ok()?;
        if starts_with_any(&chars[i + 4..], &["年底", "年末", "年内"]).is_some() {
            return NaiveDate::from_ymd_opt(y, 12, 31);
        }
    }
    if starts_with(rest, "元旦") {
        return match explicit_year {
            Some(y) => NaiveDate::from_ymd_opt(y, 1, 1),
            None => match base.anchor {
                Some(a) if a.month() == 1 && a.day() == 1 => Some(a),
                Some(a) => NaiveDate::from_ymd_opt(a.year() + 1, 1, 1),
                None => NaiveDate::from_ymd_opt(base.year? + 1, 1, 1),
            },
        };
    }
    if let Some(p) = starts_with_any(rest, &["上半年", "下半年"]) {
        let y = explicit_year.or(base.year)?;
        return if p == "上半年" {
            NaiveDate::from_ymd_opt(y, 6, 30)
        } else {
            NaiveDate::from_ymd_opt(y, 12, 31)
        };
    }
    // 第一季度 / 一季度 / 1季度
    if c == '第' || c == '季' {
        return None;
    }
    // 月底前 / 月中前 without a month: the meeting's month.
    if c == '月'
        && (i == 0
            || !(chars[i - 1].is_ascii_digit()
                || super::numerals::is_cn_numeral_char(chars[i - 1])
                || matches!(
                    chars[i - 1],
                    '每' | '个' | '本' | '当' | '按' | '逐' | '年' | '份'
                )))
    {
        let a = base.anchor?;
        let y = base.year.unwrap_or(a.year());
        let after = &rest[1..];
        let (date, len) = if let Some(p) = starts_with_any(after, &["底", "末"]) {
            (last_day(y, a.month()), p.chars().count())
        } else if starts_with(after, "中") && !starts_with(after, "中旬") {
            (NaiveDate::from_ymd_opt(y, a.month(), 15), 1)
        } else {
            return None;
        };
        let closed =
            starts_with_any(&after[len..], BEFORE).is_some() || preceded_by_marker(chars, i);
        return if closed { date } else { None };
    }
    if matches!(c, '本' | '当') {
        let y = base.year?;
        let a = base.anchor?;
        if starts_with(&rest[1..], "月底") || starts_with(&rest[1..], "月末") {
            return last_day(y, a.month());
        }
        return None;
    }
    None
}

/// Quarter ends and relative deadlines (一周内, 三个工作日内, 两个月内).
fn relative_or_quarter(chars: &[char], starts: &[usize], base: DueBase) -> Option<NaiveDate> {
    for &i in starts {
        // Only a digit, a Chinese numeral or 两 starts a number.
        let c = chars[i];
        if !(c.is_ascii_digit() || c == '两' || super::numerals::is_cn_numeral_char(c)) {
            continue;
        }
        let Some((n, len)) = any_number(chars, i) else {
            continue;
        };
        if i > 0
            && (chars[i - 1].is_ascii_digit() || super::numerals::is_cn_numeral_char(chars[i - 1]))
        {
            continue;
        }
        let rest = &chars[i + len..];
        if let Some(p) = starts_with_any(rest, &["季度"]) {
            let _ = p;
            if !(1..=4).contains(&n) {
                continue;
            }
            // 冲刺四季度 / 决战四季度: the quarter is what is worked on, not a deadline.
            let from = if i > 0 && chars[i - 1] == '第' {
                i - 1
            } else {
                i
            };
            let verb: String = chars[from.saturating_sub(2)..from].iter().collect();
            if matches!(
                verb.as_str(),
                "冲刺" | "决战" | "抓好" | "谋划" | "部署" | "做好"
            ) {
                continue;
            }
            let y = year_before(
                chars,
                if i > 0 && chars[i - 1] == '第' {
                    i - 1
                } else {
                    i
                },
            )
            .map(|(y, _)| y)
            .or(base.year)?;
            return last_day(y, n * 3);
        }
        let units: &[(&str, char)] = &[
            ("个工作日", 'w'),
            ("工作日", 'w'),
            ("个自然日", 'd'),
            ("天", 'd'),
            ("日", 'd'),
            ("周", 'k'),
            ("个星期", 'k'),
            ("星期", 'k'),
            ("个月", 'm'),
        ];
        for (u, kind) in units {
            if !starts_with(rest, u) {
                continue;
            }
            let after = &rest[u.chars().count()..];
            if starts_with_any(after, &["内", "以内", "之内"]).is_none() {
                continue;
            }
            let a = base.anchor?;
            return match kind {
                'w' => Some(add_working_days(a, n)),
                'd' => a.checked_add_signed(Duration::days(i64::from(n))),
                'k' => a.checked_add_signed(Duration::days(7 * i64::from(n))),
                _ => a.checked_add_months(chrono::Months::new(n)),
            };
        }
    }
    None
}

fn add_working_days(mut d: NaiveDate, n: u32) -> NaiveDate {
    let mut left = n.min(400);
    while left > 0 {
        d = d.succ_opt().unwrap_or(d);
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    d
}

/// The characters a recurrence (每…), a deadline or a relative or quarter deadline can
/// start with: a digit, a Chinese numeral, 两, or a word such as 年底, 元旦, 上半年, 本月, 当月,
/// 月底.
static TIME_STARTS: CharSet = CharSet::new("0123456789一二三四五六七八九十两每年元上下本当月");

/// The deadline and recurrence a task's text gives.
#[must_use]
pub fn due_of(chars: &[char], base: DueBase) -> (Option<NaiveDate>, Option<Recurrence>) {
    // The searches below only ever match where a time expression can start: find those
    // places once instead of testing every character three times.
    let time_starts = &TIME_STARTS;
    let mut starts = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if time_starts.contains(c) {
            starts.push(i);
        }
    }
    let rec = recurrence(chars, &starts);
    let skip = rec.map_or((0, 0), |(_, s, e)| (s, e));
    let due = deadline(chars, &starts, base, skip).or_else(|| {
        if rec.is_some() {
            None
        } else {
            relative_or_quarter(chars, &starts, base)
        }
    });
    (due, rec.map(|(r, _, _)| r))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn deadline_forms_resolve_to_dates() {
        let base = DueBase {
            year: Some(2022),
            anchor: d(2022, 3, 4),
        };
        let cases: &[(&str, Option<NaiveDate>, Option<Recurrence>)] = &[
            ("确保在2022年4月底前召开", d(2022, 4, 30), None),
            ("4月底前完成", d(2022, 4, 30), None),
            ("于5月20日前报送", d(2022, 5, 20), None),
            ("年底前完成", d(2022, 12, 31), None),
            ("年内建成", d(2022, 12, 31), None),
            ("元旦前完成", d(2023, 1, 1), None),
            ("上半年完成", d(2022, 6, 30), None),
            ("第一季度完成", d(2022, 3, 31), None),
            ("6月中旬前", d(2022, 6, 20), None),
            ("7月上旬", d(2022, 7, 10), None),
            ("一周内报送", d(2022, 3, 11), None),
            ("三个工作日内报送", d(2022, 3, 9), None),
            ("两个月内完成", d(2022, 5, 4), None),
            ("于每月底前报告", None, Some(Recurrence::Monthly)),
            ("每周报送进展", None, Some(Recurrence::Weekly)),
            ("每季度报告一次", None, Some(Recurrence::Quarterly)),
            ("每年报告", None, Some(Recurrence::Yearly)),
            ("月底前组织实施", d(2022, 3, 31), None),
            ("月中前完成", d(2022, 3, 15), None),
            ("在5月31日前后开展宣传", None, None),
            ("全力以赴冲刺四季度", None, None),
            ("每季度末报送", None, Some(Recurrence::Quarterly)),
            ("及时报送", None, None),
            ("尽快完成", None, None),
            ("5月17日,学院召开会议", None, None),
        ];
        for (text, due, rec) in cases {
            let chars: Vec<char> = text.chars().collect();
            assert_eq!(due_of(&chars, base), (*due, *rec), "{text}");
        }
    }
}
