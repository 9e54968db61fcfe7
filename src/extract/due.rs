//! Deadlines (完成时限) and recurring reports.
//!
//! Forms: 2022年4月底前, 4月底前 (year of the document), 5月20日前 (also 18时前, 下午5点前,
//! 12:00前), 确保10月建成, 月中/上旬/中旬/下旬, 年底前/年内, 上半年/下半年, 第一季度, holidays
//! (元旦, 春节 and the other lunar holidays from a table, 五一, 国庆, 年前), this or next week or
//! month (本周五前, 下月底前), 于25日前, 2025.12.31, and relative ones counted from the
//! meeting date (一周内, 三个工作日内, 两个月内). A month-day far before the meeting is next
//! year's. Recurrence: 每周, 每月 (每月底前), 每季度, 每半年, 每年, 按月 — where work repeats,
//! with the day its report is due when the text names one (每月28日前, 每周五).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use std::sync::LazyLock;

use super::charset::CharSet;
use super::model::{Recurrence, ReportDuty};
use super::normalize::WordList;
use super::numerals::{any_number, cn_digit, cn_numeral};

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

/// The first year of [`LUNAR_HOLIDAYS`].
const FIRST_TABLE_YEAR: i32 = 2000;

/// Gregorian (month, day) of 春节, 元宵节, 清明, 端午节 and 中秋节 for 2000–2050: the lunar
/// holidays (and the solar term 清明) have no simple rule, so their dates are data. Produced
/// offline with the Python packages `lunarcalendar` and `lunardate`, which agree on every
/// lunar date of the range.
#[rustfmt::skip]
const LUNAR_HOLIDAYS: [[(u32, u32); 5]; 51] = [
    [(2, 5), (2, 19), (4, 4), (6, 6), (9, 12)], // 2000
    [(1, 24), (2, 7), (4, 5), (6, 25), (10, 1)], // 2001
    [(2, 12), (2, 26), (4, 5), (6, 15), (9, 21)], // 2002
    [(2, 1), (2, 15), (4, 5), (6, 4), (9, 11)], // 2003
    [(1, 22), (2, 5), (4, 4), (6, 22), (9, 28)], // 2004
    [(2, 9), (2, 23), (4, 5), (6, 11), (9, 18)], // 2005
    [(1, 29), (2, 12), (4, 5), (5, 31), (10, 6)], // 2006
    [(2, 18), (3, 4), (4, 5), (6, 19), (9, 25)], // 2007
    [(2, 7), (2, 21), (4, 4), (6, 8), (9, 14)], // 2008
    [(1, 26), (2, 9), (4, 4), (5, 28), (10, 3)], // 2009
    [(2, 14), (2, 28), (4, 5), (6, 16), (9, 22)], // 2010
    [(2, 3), (2, 17), (4, 5), (6, 6), (9, 12)], // 2011
    [(1, 23), (2, 6), (4, 4), (6, 23), (9, 30)], // 2012
    [(2, 10), (2, 24), (4, 4), (6, 12), (9, 19)], // 2013
    [(1, 31), (2, 14), (4, 5), (6, 2), (9, 8)], // 2014
    [(2, 19), (3, 5), (4, 5), (6, 20), (9, 27)], // 2015
    [(2, 8), (2, 22), (4, 4), (6, 9), (9, 15)], // 2016
    [(1, 28), (2, 11), (4, 4), (5, 30), (10, 4)], // 2017
    [(2, 16), (3, 2), (4, 5), (6, 18), (9, 24)], // 2018
    [(2, 5), (2, 19), (4, 5), (6, 7), (9, 13)], // 2019
    [(1, 25), (2, 8), (4, 4), (6, 25), (10, 1)], // 2020
    [(2, 12), (2, 26), (4, 4), (6, 14), (9, 21)], // 2021
    [(2, 1), (2, 15), (4, 5), (6, 3), (9, 10)], // 2022
    [(1, 22), (2, 5), (4, 5), (6, 22), (9, 29)], // 2023
    [(2, 10), (2, 24), (4, 4), (6, 10), (9, 17)], // 2024
    [(1, 29), (2, 12), (4, 4), (5, 31), (10, 6)], // 2025
    [(2, 17), (3, 3), (4, 5), (6, 19), (9, 25)], // 2026
    [(2, 6), (2, 20), (4, 5), (6, 9), (9, 15)], // 2027
    [(1, 26), (2, 9), (4, 4), (5, 28), (10, 3)], // 2028
    [(2, 13), (2, 27), (4, 4), (6, 16), (9, 22)], // 2029
    [(2, 3), (2, 17), (4, 5), (6, 5), (9, 12)], // 2030
    [(1, 23), (2, 6), (4, 5), (6, 24), (10, 1)], // 2031
    [(2, 11), (2, 25), (4, 4), (6, 12), (9, 19)], // 2032
    [(1, 31), (2, 14), (4, 4), (6, 1), (9, 8)], // 2033
    [(2, 19), (3, 5), (4, 5), (6, 20), (9, 27)], // 2034
    [(2, 8), (2, 22), (4, 5), (6, 10), (9, 16)], // 2035
    [(1, 28), (2, 11), (4, 4), (5, 30), (10, 4)], // 2036
    [(2, 15), (3, 1), (4, 4), (6, 18), (9, 24)], // 2037
    [(2, 4), (2, 18), (4, 5), (6, 7), (9, 13)], // 2038
    [(1, 24), (2, 7), (4, 5), (5, 27), (10, 2)], // 2039
    [(2, 12), (2, 26), (4, 4), (6, 14), (9, 20)], // 2040
    [(2, 1), (2, 15), (4, 4), (6, 3), (9, 10)], // 2041
    [(1, 22), (2, 5), (4, 4), (6, 22), (9, 28)], // 2042
    [(2, 10), (2, 24), (4, 5), (6, 11), (9, 17)], // 2043
    [(1, 30), (2, 13), (4, 4), (5, 31), (10, 5)], // 2044
    [(2, 17), (3, 3), (4, 4), (6, 19), (9, 25)], // 2045
    [(2, 6), (2, 20), (4, 4), (6, 8), (9, 15)], // 2046
    [(1, 26), (2, 9), (4, 5), (5, 29), (10, 4)], // 2047
    [(2, 14), (2, 28), (4, 4), (6, 15), (9, 22)], // 2048
    [(2, 2), (2, 16), (4, 4), (6, 4), (9, 11)], // 2049
    [(1, 23), (2, 6), (4, 4), (6, 23), (9, 30)], // 2050
];

/// A holiday a deadline can name: fixed in the Gregorian calendar, a column of
/// [`LUNAR_HOLIDAYS`], or 除夕 (the eve of 春节).
#[derive(Clone, Copy)]
enum Holiday {
    Fixed(u32, u32),
    Table(usize),
    Eve,
}

/// Holiday names as deadlines write them, longer names before their prefixes.
const HOLIDAY_NAMES: &[(&str, Holiday)] = &[
    ("元旦", Holiday::Fixed(1, 1)),
    ("春节", Holiday::Table(0)),
    ("除夕", Holiday::Eve),
    ("元宵节", Holiday::Table(1)),
    ("元宵", Holiday::Table(1)),
    ("清明节", Holiday::Table(2)),
    ("清明", Holiday::Table(2)),
    ("五一国际劳动节", Holiday::Fixed(5, 1)),
    ("五一劳动节", Holiday::Fixed(5, 1)),
    ("劳动节", Holiday::Fixed(5, 1)),
    ("五一", Holiday::Fixed(5, 1)),
    ("端午节", Holiday::Table(3)),
    ("端午", Holiday::Table(3)),
    ("中秋节", Holiday::Table(4)),
    ("中秋", Holiday::Table(4)),
    ("国庆节", Holiday::Fixed(10, 1)),
    ("国庆", Holiday::Fixed(10, 1)),
];

impl Holiday {
    fn date(self, year: i32) -> Option<NaiveDate> {
        let row = |y: i32| {
            usize::try_from(y - FIRST_TABLE_YEAR)
                .ok()
                .and_then(|k| LUNAR_HOLIDAYS.get(k))
        };
        match self {
            Self::Fixed(m, d) => NaiveDate::from_ymd_opt(year, m, d),
            Self::Table(c) => {
                let (m, d) = row(year)?[c];
                NaiveDate::from_ymd_opt(year, m, d)
            }
            Self::Eve => {
                let (m, d) = row(year + 1)?[0];
                NaiveDate::from_ymd_opt(year + 1, m, d)?.pred_opt()
            }
        }
    }

    /// The holiday's date in the year a text names, else its first date on or after the
    /// meeting (春节前 in a December meeting is next year's).
    fn resolve(self, year: Option<i32>, base: DueBase) -> Option<NaiveDate> {
        if let Some(y) = year {
            return self.date(y);
        }
        let a = base
            .anchor
            .or_else(|| NaiveDate::from_ymd_opt(base.year?, 1, 1))?;
        match self.date(a.year()) {
            Some(d) if d >= a => Some(d),
            _ => self.date(a.year() + 1),
        }
    }
}

/// The holiday named at `chars[i..]` and the length of its name (with a trailing 节, 假期 or
/// 放假 and closing quotes: “五一”节前, 春节假期前).
fn holiday_at(chars: &[char], i: usize) -> Option<(Holiday, usize)> {
    // Most places name no holiday: the table's first characters answer that at once.
    static NAMES: LazyLock<WordList> =
        LazyLock::new(|| WordList::new(&HOLIDAY_NAMES.iter().map(|&(n, _)| n).collect::<Vec<_>>()));
    let (k, _) = NAMES.prefix_of(&chars[i..])?;
    let (name, h) = HOLIDAY_NAMES[k];
    // 十五一 / 第五一: part of a number, not 五一.
    if i > 0 && (super::numerals::is_cn_numeral_char(chars[i - 1]) || chars[i - 1] == '第') {
        return None;
    }
    let mut j = i + name.chars().count();
    while matches!(chars.get(j), Some('”' | '"' | '\'' | '’')) {
        j += 1;
    }
    if let Some(p) = starts_with_any(
        &chars[j..],
        &["节假期", "节放假", "假期", "放假", "长假", "节"],
    ) {
        j += p.chars().count();
    }
    Some((h, j - i))
}

/// A deadline set by holidays: 春节前, 国庆节前, “五一”前, 元旦春节前 / 中秋、国庆前 (the
/// earlier one), 截至端午节. 春节期间 and 春节前后 are seasons, not deadlines.
fn holiday_deadline(chars: &[char], i: usize, base: DueBase) -> Option<NaiveDate> {
    let year = year_before(chars, i)
        .map(|(y, _)| y)
        .or_else(|| relative_year_before(chars, i, base));
    // 双节 (中秋 and 国庆) and 两节 (元旦 and 春节) name two holidays at once.
    let pair = |p: &str| match p {
        "双节" => [Holiday::Table(4), Holiday::Fixed(10, 1)],
        _ => [Holiday::Fixed(1, 1), Holiday::Table(0)],
    };
    let (mut earliest, mut j) = if let Some(p) = starts_with_any(&chars[i..], &["双节", "两节"])
    {
        let [a, b] = pair(p);
        (a.resolve(year, base)?.min(b.resolve(year, base)?), i + 2)
    } else {
        let (first, len) = holiday_at(chars, i)?;
        (first.resolve(year, base)?, i + len)
    };
    // A chain of holidays closed by one 前.
    loop {
        let sep = usize::from(matches!(
            chars.get(j),
            Some('、' | '和' | '及' | '与' | '/')
        ));
        let Some((h, l)) = holiday_at(chars, j + sep) else {
            break;
        };
        earliest = earliest.min(h.resolve(year, base)?);
        j += sep + l;
    }
    // 中秋国庆双节前: the pair named again.
    if let Some(p) = starts_with_any(&chars[j..], &["双节", "两节"]) {
        j += p.chars().count();
        if chars.get(j) == Some(&'期') {
            return None;
        }
    }
    if starts_with(&chars[j..], "前后") {
        return None;
    }
    let closed = starts_with_any(&chars[j..], BEFORE).is_some() || preceded_by_limit(chars, i);
    closed.then_some(earliest)
}

/// Words before a date that make it a limit on their own (截至春节, 最迟不晚于国庆).
fn preceded_by_limit(chars: &[char], at: usize) -> bool {
    let before: String = chars[at.saturating_sub(4)..at].iter().collect();
    ["截至", "截止", "截止到", "最迟", "不晚于"]
        .iter()
        .any(|m| before.ends_with(m))
}

/// A year named in words right before `at`: 今年/本年 → the document's year, 明年/次年/来年 →
/// the year after the meeting's.
fn relative_year_before(chars: &[char], at: usize, base: DueBase) -> Option<i32> {
    if at < 2 {
        return None;
    }
    let this = base.year.or(base.anchor.map(|a| a.year()));
    match [chars[at - 2], chars[at - 1]] {
        ['今' | '本', '年'] => this,
        ['明' | '次' | '来', '年'] => Some(base.anchor.map(|a| a.year()).or(base.year)? + 1),
        _ => None,
    }
}

/// A month and day without a year takes the document's year, except that a date well
/// before the meeting belongs to the next year (1月10日前 in a December notice) and one
/// almost a year after it to the year before (12月31日前 in minutes of late December
/// issued in January).
fn roll_year(date: NaiveDate, base: DueBase) -> NaiveDate {
    let Some(a) = base.anchor else {
        return date;
    };
    let days = (date - a).num_days();
    let shifted = if days < -150 {
        date.with_year(date.year() + 1)
    } else if days > 330 {
        date.with_year(date.year() - 1).filter(|d| *d >= a)
    } else {
        None
    };
    // 2月29日 of a year without one keeps its year.
    shifted.unwrap_or(date)
}

/// The recurrence a text asks for, if any, with the day its report is due.
#[must_use]
fn recurrence(chars: &[char], starts: &[usize]) -> Option<(ReportDuty, usize, usize)> {
    for &i in starts {
        // 每月 / 按月报送 / 逐月通报
        if !matches!(chars[i], '每' | '按' | '逐') {
            continue;
        }
        if let Some((r, p)) = period(&chars[i + 1..]) {
            let end = i + 1 + p.chars().count();
            let (day, len) = report_day(r, &chars[end..]);
            let end = end + len;
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
            // 每年都要重视 / 每月补贴500元: a period that repeats no work is no recurrence; a
            // deadline inside the period (每月5日前) is a submission.
            let within = chars[end..e]
                .iter()
                .any(|c| matches!(c, '前' | '底' | '末' | '日' | '号' | '初'));
            if within || recurring_work(&chars[e..]) {
                let duty = ReportDuty::new(r, day).unwrap_or(ReportDuty::at_period_end(r));
                return Some((duty, i, e));
            }
        }
    }
    None
}

/// The period named at the start of `rest` (after 每, 按 or 逐): 周, 季度, 月, 半年, 年.
fn period(rest: &[char]) -> Option<(Recurrence, &'static str)> {
    if let Some(p) = starts_with_any(rest, &["周", "星期", "个星期"]) {
        Some((Recurrence::Weekly, p))
    } else if let Some(p) = starts_with_any(rest, &["季度", "个季度", "季"]) {
        Some((Recurrence::Quarterly, p))
    } else if let Some(p) = starts_with_any(rest, &["半年度", "半年"]) {
        Some((Recurrence::HalfYearly, p))
    } else if let Some(p) = starts_with_any(rest, &["个月", "月"]) {
        Some((Recurrence::Monthly, p))
    } else {
        starts_with_any(rest, &["年度", "年", "学年"]).map(|p| (Recurrence::Yearly, p))
    }
}

/// The day of the period right after its name (`rest` follows 每周 or 每月) and how many
/// characters name it: a weekday for a week (每周五 → 5, 每周日 → 7), a day of the month
/// for a month (每月28日前, 每月5号 → 5). None for the period's end (每月底) and for a
/// count (每周一次, 每周三天, 每月5个工作日内) or several days (每周一、三); other periods
/// name a day in one of their months (每季度第一个月10日前), which a duty cannot hold.
fn report_day(r: Recurrence, rest: &[char]) -> (Option<i16>, usize) {
    let none = (None, 0);
    match r {
        Recurrence::Weekly => {
            let Some(&c) = rest.first() else { return none };
            let day = match c {
                '日' => 7,
                c => match cn_digit(c) {
                    Some(d) if d <= 6 => d,
                    _ => return none,
                },
            };
            let counted = rest.get(1).is_some_and(|n| {
                matches!(
                    n,
                    '次' | '天'
                        | '日'
                        | '个'
                        | '轮'
                        | '遍'
                        | '期'
                        | '批'
                        | '场'
                        | '篇'
                        | '份'
                        | '名'
                        | '人'
                        | '条'
                        | '、'
                        | '至'
                        | '到'
                        | '和'
                        | '及'
                        | '或'
                )
            });
            if counted {
                return none;
            }
            (i16::try_from(day).ok(), 1)
        }
        Recurrence::Monthly => {
            let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            let (day, len) = if digits > 0 {
                let s: String = rest[..digits].iter().collect();
                (s.parse::<u32>().ok(), digits)
            } else {
                match cn_numeral(rest, 0) {
                    Some((n, len)) => (Some(n), len),
                    None => return none,
                }
            };
            match (day, rest.get(len)) {
                (Some(d @ 1..=31), Some('日' | '号')) => (i16::try_from(d).ok(), len + 1),
                _ => none,
            }
        }
        _ => none,
    }
}

/// The period a deadline column's cell gives the work (每季度, 按月): in a 完成时限 column
/// the period alone repeats the row's task, which a sentence would have to name.
#[must_use]
pub fn period_of(cell: &[char]) -> Option<Recurrence> {
    let at = cell.iter().position(|c| matches!(c, '每' | '按' | '逐'))?;
    period(&cell[at + 1..]).map(|(r, _)| r)
}

/// Work a recurrence repeats, found in the clause after 每月…: a report (报送, 通报, 汇总),
/// a meeting, a check or drill, a training (each as the corpus labels them: 每月开展一次检查
/// is monthly). The 每 of a volume (每年新增) or of an exhortation (每年都要高度重视) is not.
fn recurring_work(after: &[char]) -> bool {
    const VERBS: &[&str] = &[
        "报", "汇总", "提交", "提供", "发布", "公布", "公示", "更新", "召开", "开展", "组织",
        "举办", "举行", "进行", "调度", "督查", "督导", "督办", "检查", "排查", "巡查", "抽查",
        "核查", "自查", "研判", "分析", "评估", "考核", "讲评", "听取", "研究", "会商", "演练",
        "培训", "梳理", "盘点", "对账", "填报", "统计", "反馈",
    ];
    let clause = after
        .iter()
        .take(30)
        .take_while(|&&c| !matches!(c, ',' | '。' | ';' | '\n'))
        .count();
    let clause = &after[..clause];
    (0..clause.len()).any(|k| starts_with_any(&clause[k..], VERBS).is_some())
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

/// A label of a time limit earlier in the clause: 完成时限：12月31日, 截止时间为5月10日.
fn limit_label_before(chars: &[char], at: usize) -> bool {
    let from = at.saturating_sub(8);
    let clause = chars[from..at]
        .iter()
        .rposition(|&c| matches!(c, ',' | '。' | ';' | '\n'))
        .map_or(from, |p| from + p + 1);
    let window = &chars[clause..at];
    (0..window.len())
        .any(|k| starts_with_any(&window[k..], &["时限", "期限", "截止", "截至"]).is_some())
}

/// Verbs of completion right after a date make it a deadline (确保6月30日建成).
const DONE_BY: &[&str] = &[
    "完成", "建成", "办结", "竣工", "投用", "投运", "交付", "到位", "报送", "上报", "提交",
];

/// Whether `after` starts with a verb of completion (not an account of it: 完成了).
fn finishes(after: &[char]) -> bool {
    starts_with_any(after, DONE_BY).is_some_and(|p| after.get(p.chars().count()) != Some(&'了'))
}

fn preceded_by_marker(chars: &[char], at: usize) -> bool {
    let before: String = chars[at.saturating_sub(4)..at].iter().collect();
    [
        "于",
        "在",
        "截至",
        "截止",
        "截止到",
        "最迟",
        "不晚于",
        "到",
        "至",
        "确保",
        "力争",
        "务必",
    ]
    .iter()
    .any(|m| before.ends_with(m))
        || limit_label_before(chars, at)
}

fn deadline_at(chars: &[char], i: usize, base: DueBase) -> Option<NaiveDate> {
    if let Some(d) = month_deadline(chars, i, base) {
        return Some(d);
    }
    if let Some(d) = holiday_deadline(chars, i, base) {
        return Some(d);
    }
    if let Some(d) = near_period(chars, i, base) {
        return Some(d);
    }
    if let Some(d) = day_or_weekday(chars, i, base) {
        return Some(d);
    }
    if let Some(d) = numeric_date(chars, i) {
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
        let (year, start, explicit) = match year_before(chars, i) {
            Some((y, s)) => (Some(y), s, true),
            None => match relative_year_before(chars, i, base) {
                Some(y) => (Some(y), i - 2, true),
                None => (base.year, i, false),
            },
        };
        let year = year?;
        // 已于3月5日完成初验: an account of work done, not a limit.
        if chars[start.saturating_sub(2)..start].contains(&'已') {
            return None;
        }
        let settle = |d: NaiveDate| if explicit { d } else { roll_year(d, base) };
        let mut j = i + len + 1;
        let rest = &chars[j..];
        let date = if let Some(p) =
            starts_with_any(rest, &["底", "末", "下旬", "中下旬", "份底", "份末"])
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
            j = skip_clock(chars, j + dl + 1);
            NaiveDate::from_ymd_opt(year, month, day)
        } else if starts_with_any(rest, &["前", "之前", "以前", "份前"]).is_some() {
            // 6月前: before June begins.
            return NaiveDate::from_ymd_opt(year, month, 1)?
                .pred_opt()
                .map(settle);
        } else if finishes(&chars[j + usize::from(chars.get(j) == Some(&'份'))..]) {
            // 确保10月建成 / 9月份完成: by the end of that month.
            return last_day(year, month).map(settle);
        } else {
            return None;
        };
        let date = date?;
        // 5月31日前后: around a day, not by it; 5月10日至20日: the range's end is the limit.
        if starts_with(&chars[j..], "前后")
            || starts_with_any(&chars[j..], &["至", "到", "—", "-", "~", "～"]).is_some()
        {
            return None;
        }
        let closed = starts_with_any(&chars[j..], BEFORE).is_some()
            || finishes(&chars[j..])
            || chars[j - 1] == '底'
            || chars[j - 1] == '末'
            || chars[j - 1] == '旬'
            || preceded_by_marker(chars, start);
        return closed.then_some(settle(date));
    }
    None
}

/// A day of the month or a weekday without a month: 于25日前 (this month's 25th, or next
/// month's if it has passed; 5月10日至15日前 keeps the month named before), 周五前 (the
/// next Friday from the meeting).
fn day_or_weekday(chars: &[char], i: usize, base: DueBase) -> Option<NaiveDate> {
    let a = base.anchor?;
    let c = chars[i];
    let prev = if i > 0 { chars[i - 1] } else { ' ' };
    if matches!(c, '周' | '星') {
        if matches!(
            prev,
            '每' | '本' | '这' | '下' | '上' | '个' | '两' | '几' | '半'
        ) || super::numerals::is_cn_numeral_char(prev)
            || prev.is_ascii_digit()
        {
            return None;
        }
        let k = i + if c == '星' {
            usize::from(starts_with(&chars[i..], "星期")) * 2
        } else {
            1
        };
        if k == i {
            return None;
        }
        let day = match chars.get(k)? {
            '日' | '天' => 6,
            &w => super::numerals::cn_digit(w).filter(|&d| d <= 6)? - 1,
        };
        let after = &chars[k + 1..];
        if starts_with_any(after, BEFORE).is_none() || starts_with(after, "前后") {
            return None;
        }
        let ahead = (7 + i64::from(day) - i64::from(a.weekday().num_days_from_monday())) % 7;
        return a.checked_add_signed(Duration::days(ahead));
    }
    if prev.is_ascii_digit()
        || super::numerals::is_cn_numeral_char(prev)
        || matches!(prev, '月' | '第' | '每')
    {
        return None;
    }
    let (n, len) = any_number(chars, i)?;
    if !matches!(chars.get(i + len), Some('日' | '号')) || !(1..=31).contains(&n) {
        return None;
    }
    let after = &chars[i + len + 1..];
    if starts_with_any(after, BEFORE).is_none()
        || starts_with(after, "前后")
        || !preceded_by_marker(chars, i)
    {
        return None;
    }
    // 5月10日至15日前: the month named just before.
    let from = i.saturating_sub(8);
    let named = chars[from..i]
        .iter()
        .rposition(|&c| c == '月')
        .and_then(|p| {
            let m_end = from + p;
            let m_start = (from..m_end)
                .rev()
                .take_while(|&k| chars[k].is_ascii_digit())
                .last()?;
            any_number(chars, m_start).map(|(m, _)| m)
        });
    if let Some(m) = named {
        let d = NaiveDate::from_ymd_opt(a.year(), m, n)?;
        return Some(roll_year(d, base));
    }
    let d = NaiveDate::from_ymd_opt(a.year(), a.month(), n);
    match d {
        Some(d) if d >= a => Some(d),
        _ => {
            let next = NaiveDate::from_ymd_opt(a.year(), a.month(), 1)?
                .checked_add_months(chrono::Months::new(1))?;
            NaiveDate::from_ymd_opt(next.year(), next.month(), n)
        }
    }
}

/// A date in figures, as tables and forms write it: 2025.12.31 / 2025-12-31 / 2025/12/31,
/// a deadline where a limit label or a marker comes before it or 前 after it.
fn numeric_date(chars: &[char], i: usize) -> Option<NaiveDate> {
    if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_digit()) {
        return None;
    }
    let year = chars.get(i..i + 4)?;
    let sep = *chars.get(i + 4)?;
    if !year.iter().all(char::is_ascii_digit) || !matches!(sep, '.' | '-' | '/') {
        return None;
    }
    let y: i32 = year.iter().collect::<String>().parse().ok()?;
    let (m, ml) = any_number(chars, i + 5).filter(|&(_, l)| l <= 2)?;
    if chars.get(i + 5 + ml) != Some(&sep) {
        return None;
    }
    let (d, dl) = any_number(chars, i + 6 + ml).filter(|&(_, l)| l <= 2)?;
    let end = i + 6 + ml + dl;
    if chars.get(end).is_some_and(char::is_ascii_digit) {
        return None;
    }
    let closed = starts_with_any(&chars[end..], BEFORE).is_some() || preceded_by_marker(chars, i);
    closed.then(|| NaiveDate::from_ymd_opt(y, m, d)).flatten()
}

/// Skips the time of day after a date (5月20日18时前, 5月20日下午5点前, 5月20日12:00前,
/// 5月20日（星期五）下班前): the deadline is the day.
fn skip_clock(chars: &[char], mut j: usize) -> usize {
    // (星期五) / (周五)
    if chars.get(j) == Some(&'(') {
        if let Some(p) = chars[j + 1..].iter().take(5).position(|&c| c == ')') {
            if matches!(chars.get(j + 1), Some('星' | '周' | '礼')) {
                j += p + 2;
            }
        }
    }
    let part = [
        "上午", "下午", "中午", "晚上", "早上", "凌晨", "傍晚", "下班", "午", "晚",
    ];
    if let Some(p) = starts_with_any(&chars[j..], &part) {
        j += p.chars().count();
    }
    let Some((_, len)) = any_number(chars, j) else {
        return j;
    };
    let mut k = j + len;
    match chars.get(k) {
        Some('时' | '点') => k += 1,
        Some(':') if chars.get(k + 1).is_some_and(char::is_ascii_digit) => {
            k += 1;
            k += chars[k..].iter().take_while(|c| c.is_ascii_digit()).count();
        }
        _ => return j,
    }
    // 18时30分 / 5点半 / 12:00整
    k += chars[k..].iter().take_while(|c| c.is_ascii_digit()).count();
    if matches!(chars.get(k), Some('分' | '半' | '整')) {
        k += 1;
    }
    k
}

fn deadline_other(chars: &[char], i: usize, base: DueBase) -> Option<NaiveDate> {
    let c = chars[i];
    // Every form below starts with one of these.
    if !(c.is_ascii_digit() || matches!(c, '年' | '元' | '上' | '下' | '本' | '当' | '月')) {
        return None;
    }
    let rest = &chars[i..];
    let explicit_year = year_before(chars, i).map(|(y, _)| y);
    if let Some(p) = starts_with_any(rest, &["年底", "年末", "年内", "年度内", "年前"]) {
        if p == "年前" {
            return before_new_year(chars, i, base);
        }
        // 年底前 / 今年底 / 于年底: a deadline; 年末岁初 alone is a season.
        let closed = p.ends_with('内')
            || starts_with_any(&rest[2..], BEFORE).is_some()
            || preceded_by_marker(chars, i)
            || (i > 0 && matches!(chars[i - 1], '今' | '本'));
        if !closed {
            return None;
        }
        // Only on its own (年底前) or after a year or 今/本 (今年底), not inside 2022年底; 两年内
        // and 三年内 are horizons of a plan, not deadlines.
        if i > 0
            && (chars[i - 1].is_ascii_digit()
                || super::numerals::is_cn_numeral_char(chars[i - 1])
                || matches!(chars[i - 1], '两' | '几' | '多' | '半'))
        {
            return None;
        }
        // 明年底前 is next year's; 今年底 the document's; a bare 年底 in minutes of late
        // December issued in January is the meeting's year.
        let prev = if i > 0 { chars[i - 1] } else { ' ' };
        return match prev {
            '明' | '次' | '来' => {
                let y = base.anchor.map(|a| a.year()).or(base.year)? + 1;
                NaiveDate::from_ymd_opt(y, 12, 31)
            }
            '去' => None,
            '今' | '本' => NaiveDate::from_ymd_opt(base.year?, 12, 31),
            _ => NaiveDate::from_ymd_opt(base.year?, 12, 31).map(|d| roll_year(d, base)),
        };
    }
    if chars[i].is_ascii_digit()
        && i + 4 < chars.len()
        && chars[i..i + 4].iter().all(char::is_ascii_digit)
    {
        if i > 0 && chars[i - 1].is_ascii_digit() {
            return None;
        }
        let y: i32 = chars[i..i + 4].iter().collect::<String>().parse().ok()?;
        if starts_with_any(&chars[i + 4..], &["年底", "年末", "年内", "年度内"]).is_some()
        {
            return NaiveDate::from_ymd_opt(y, 12, 31);
        }
    }
    if let Some(p) = starts_with_any(rest, &["上半年", "下半年"]) {
        let named = explicit_year.or_else(|| relative_year_before(chars, i, base));
        let y = named.or(base.year)?;
        let date = if p == "上半年" {
            NaiveDate::from_ymd_opt(y, 6, 30)?
        } else {
            NaiveDate::from_ymd_opt(y, 12, 31)?
        };
        return Some(if named.is_some() {
            date
        } else {
            roll_year(date, base)
        });
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
        } else if starts_with(after, "内") {
            // 月内完成: within the meeting's month.
            return last_day(a.year(), a.month());
        } else if starts_with(after, "中") && !starts_with(after, "中旬") {
            (NaiveDate::from_ymd_opt(y, a.month(), 15), 1)
        } else {
            return None;
        };
        let closed =
            starts_with_any(&after[len..], BEFORE).is_some() || preceded_by_marker(chars, i);
        return if closed { date } else { None };
    }
    None
}

/// 年前 as a deadline means before the (lunar) new year, 春节; only where it opens a clause
/// or follows 在/于/要/确保/过 (三年前 and 去年前 are other words).
fn before_new_year(chars: &[char], i: usize, base: DueBase) -> Option<NaiveDate> {
    // What may stand before it: a clause's start or a word that sets a limit.
    const OPENERS: &str = ",。;:\n在于要保争须必务过";
    let opens = i == 0 || OPENERS.contains(chars[i - 1]);
    if !opens || chars.get(i + 2) == Some(&'后') {
        return None;
    }
    Holiday::Table(0).resolve(None, base)
}

/// Deadlines in this or the next week or month, counted from the meeting: 本周内 (its
/// Friday), 本周五前, 下周一前, 下周内, 本月底, 本月内, 下月底前, 下个月10日前.
fn near_period(chars: &[char], i: usize, base: DueBase) -> Option<NaiveDate> {
    let (next, p) = if let Some(p) = starts_with_any(&chars[i..], &["本", "这", "当"]) {
        (false, p)
    } else {
        (true, starts_with_any(&chars[i..], &["下个", "下"])?)
    };
    let a = base.anchor?;
    let j = i + p.chars().count();
    if let Some(w) = starts_with_any(&chars[j..], &["周", "星期", "个星期"]) {
        let back = i64::from(a.weekday().num_days_from_monday());
        let monday = a.checked_add_signed(Duration::days(if next { 7 - back } else { -back }))?;
        return week_deadline(chars, j + w.chars().count(), monday).map(|d| d.max(a));
    }
    if let Some(q) = starts_with_any(&chars[j..], &["季度", "个季度", "季"]) {
        return quarter_deadline(chars, j + q.chars().count(), a, next);
    }
    let m = starts_with_any(&chars[j..], &["个月", "月"])?;
    if !next && m == "个月" {
        return None;
    }
    let first = NaiveDate::from_ymd_opt(a.year(), a.month(), 1)?;
    let first = if next {
        first.checked_add_months(chrono::Months::new(1))?
    } else {
        first
    };
    let k = j + m.chars().count();
    let after = &chars[k..];
    if let Some(p) = starts_with_any(after, &["底", "末", "内", "中下旬", "下旬"]) {
        // 下月底 wants a 前 (下月底召开 is a date of an event); 本月底 and 本月内 stand alone.
        let closed =
            !next || p == "内" || starts_with_any(&after[p.chars().count()..], BEFORE).is_some();
        return if closed {
            last_day(first.year(), first.month())
        } else {
            None
        };
    }
    let (day, dl) = any_number(chars, k)?;
    let closed = matches!(chars.get(k + dl), Some('日' | '号'))
        && starts_with_any(&chars[k + dl + 1..], BEFORE).is_some();
    if closed {
        NaiveDate::from_ymd_opt(first.year(), first.month(), day)
    } else {
        None
    }
}

/// 本季度内 / 本季度末 / 下季度末前: the last day of the meeting's quarter or the next.
fn quarter_deadline(chars: &[char], at: usize, a: NaiveDate, next: bool) -> Option<NaiveDate> {
    let after = &chars[at..];
    let p = starts_with_any(after, &["内", "以内", "之内", "末", "底"])?;
    // 下季度末召开 is an event's date; 本季度末 and …内 stand alone.
    if next && !p.ends_with('内') && starts_with_any(&after[p.chars().count()..], BEFORE).is_none()
    {
        return None;
    }
    let q = (a.month() - 1) / 3 + u32::from(next);
    let (y, q) = if q == 4 {
        (a.year() + 1, 0)
    } else {
        (a.year(), q)
    };
    last_day(y, q * 3 + 3)
}

/// The deadline after 本周/下周 (`at` just after 周), given the week's Monday: 内 → its
/// Friday, 五前 → that weekday.
fn week_deadline(chars: &[char], at: usize, monday: NaiveDate) -> Option<NaiveDate> {
    let after = &chars[at..];
    if starts_with_any(after, &["内", "以内", "之内"]).is_some() {
        return monday.checked_add_signed(Duration::days(4));
    }
    let day = match after.first()? {
        '日' | '天' => 6,
        &c => super::numerals::cn_digit(c).filter(|&d| d <= 6)? - 1,
    };
    let closed =
        starts_with_any(&after[1..], BEFORE).is_some() && !starts_with(&after[1..], "前后");
    if closed {
        monday.checked_add_signed(Duration::days(i64::from(day)))
    } else {
        None
    }
}

/// Quarter ends and relative deadlines (一周内, 三个工作日内, 两个月内).
fn relative_or_quarter(
    chars: &[char],
    starts: &[usize],
    base: DueBase,
    skip: (usize, usize),
) -> Option<NaiveDate> {
    for &i in starts {
        if i >= skip.0 && i < skip.1 {
            continue;
        }
        // Only a digit, a Chinese numeral or 两 starts a number; 半个月内 is half a month.
        let c = chars[i];
        if c == '半' {
            if let Some(p) = starts_with_any(&chars[i + 1..], &["个月", "月"]) {
                let after = &chars[i + 1 + p.chars().count()..];
                if starts_with_any(after, &["内", "以内", "之内"]).is_some() {
                    return base.anchor?.checked_add_signed(Duration::days(15));
                }
            }
            continue;
        }
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
            let named = year_before(chars, from)
                .map(|(y, _)| y)
                .or_else(|| relative_year_before(chars, from, base));
            let end = last_day(named.or(base.year)?, n * 3)?;
            return Some(if named.is_some() {
                end
            } else {
                roll_year(end, base)
            });
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
/// start with: a digit, a Chinese numeral, 两, 半, a holiday (元旦, 春节, 除夕, 清明, 劳动节,
/// 端午, 中秋, 国庆) or a word such as 年底, 上半年, 本月, 当月, 月底.
static TIME_STARTS: CharSet =
    CharSet::new("0123456789一二三四五六七八九十两每年元上下本当月春除清劳端中国半这周星按逐双");

/// The deadline and reporting duty a task's text gives.
#[must_use]
pub fn due_of(chars: &[char], base: DueBase) -> (Option<NaiveDate>, Option<ReportDuty>) {
    // The searches below only ever match where a time expression can start: find those
    // places once instead of testing every character three times.
    let time_starts = &TIME_STARTS;
    let mut starts = Vec::with_capacity(chars.len() / 4);
    for (i, &c) in chars.iter().enumerate() {
        if time_starts.contains(c) {
            starts.push(i);
        }
    }
    let rec = recurrence(chars, &starts);
    let skip = rec.map_or((0, 0), |(_, s, e)| (s, e));
    // A first deadline and a recurring report may stand together (三个工作日内报送，此后每周
    // 报送): the recurrence's own words are skipped.
    let due = deadline(chars, &starts, base, skip)
        .or_else(|| relative_or_quarter(chars, &starts, base, skip));
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
            let (got_due, duty) = due_of(&chars, base);
            assert_eq!(
                (got_due, duty.map(ReportDuty::cycle)),
                (*due, *rec),
                "{text}"
            );
        }
    }

    /// The due date and recurrence of `text` in a document dated `y-m-day`.
    fn due_in(text: &str, y: i32, m: u32, day: u32) -> (Option<NaiveDate>, Option<Recurrence>) {
        let base = DueBase {
            year: Some(y),
            anchor: d(y, m, day),
        };
        let chars: Vec<char> = text.chars().collect();
        let (due, duty) = due_of(&chars, base);
        (due, duty.map(ReportDuty::cycle))
    }

    /// A reporting duty as cycle and day.
    type Duty = Option<(Recurrence, Option<i16>)>;

    /// The reporting duty of `text`.
    fn duty_of(text: &str) -> Duty {
        let chars: Vec<char> = text.chars().collect();
        let base = DueBase {
            year: Some(2025),
            anchor: d(2025, 12, 10),
        };
        due_of(&chars, base).1.map(|d| (d.cycle(), d.day()))
    }

    #[test]
    fn a_recurrence_keeps_the_day_its_report_is_due() {
        use Recurrence::{HalfYearly, Monthly, Quarterly, Weekly};
        let cases: &[(&str, Duty)] = &[
            ("每月28日前报送工作进展", Some((Monthly, Some(28)))),
            ("每月5号前报送上月进展", Some((Monthly, Some(5)))),
            ("每月二十日前报送", Some((Monthly, Some(20)))),
            ("每月底前报送进展", Some((Monthly, None))),
            ("每月末报送", Some((Monthly, None))),
            ("每月5个工作日内报送", Some((Monthly, None))),
            ("每月32日前报送", Some((Monthly, None))),
            ("每季度末报送进展", Some((Quarterly, None))),
            ("每季度结束后10日内报送工作情况", Some((Quarterly, None))),
            ("每半年报送一次工作进展", Some((HalfYearly, None))),
            ("每半年度开展一次评估", Some((HalfYearly, None))),
            ("每周五前报送本周进展", Some((Weekly, Some(5)))),
            ("每周日报送", Some((Weekly, Some(7)))),
            ("每星期一通报", Some((Weekly, Some(1)))),
            ("每周一次调度", Some((Weekly, None))),
            ("每周三天开展巡查", Some((Weekly, None))),
            ("每周一、三、五开展巡查", Some((Weekly, None))),
            ("每周报送进展", Some((Weekly, None))),
            ("每半年补贴一次", None),
        ];
        for (text, want) in cases {
            assert_eq!(duty_of(text), *want, "{text}");
        }
    }

    #[test]
    fn a_spring_festival_deadline_uses_the_lunar_calendar() {
        assert_eq!(due_in("春节前完成清欠", 2025, 12, 10).0, d(2026, 2, 17));
        assert_eq!(
            due_in("务必于春节假期前发放到位", 2026, 1, 5).0,
            d(2026, 2, 17)
        );
        // After this year's 春节 the next one is meant.
        assert_eq!(due_in("春节前完成", 2026, 3, 2).0, d(2027, 2, 6));
        assert_eq!(due_in("2025年春节前完成", 2024, 12, 2).0, d(2025, 1, 29));
        assert_eq!(due_in("除夕前完成走访", 2025, 12, 10).0, d(2026, 2, 16));
    }

    #[test]
    fn other_holidays_give_their_dates() {
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("清明节前完成排查", d(2026, 4, 5)),
            ("“五一”前完成", d(2026, 5, 1)),
            ("劳动节前报送", d(2026, 5, 1)),
            ("端午节前完成", d(2026, 6, 19)),
            ("中秋前完成", d(2026, 9, 25)),
            ("国庆节前完成", d(2026, 10, 1)),
            // A chain closed by one 前: the earlier holiday.
            ("中秋、国庆前完成", d(2026, 9, 25)),
            ("元旦春节前完成", d(2027, 1, 1)),
            ("中秋国庆双节前完成", d(2026, 9, 25)),
            ("双节前完成", d(2026, 9, 25)),
            ("两节前完成", d(2027, 1, 1)),
        ];
        for (text, due) in cases {
            assert_eq!(due_in(text, 2026, 3, 2).0, *due, "{text}");
        }
    }

    #[test]
    fn a_holiday_named_as_a_season_is_no_deadline() {
        for text in ["春节期间加强值守", "国庆前后开展宣传", "中秋节慰问困难群众"]
        {
            assert_eq!(due_in(text, 2026, 3, 2), (None, None), "{text}");
        }
    }

    #[test]
    fn a_time_of_day_after_a_date_keeps_the_date() {
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("于12月19日18时前报送", d(2025, 12, 19)),
            ("12月22日下午5点前报送", d(2025, 12, 22)),
            ("12月23日12:00前反馈", d(2025, 12, 23)),
            ("12月24日(星期三)下班前报送", d(2025, 12, 24)),
            ("12月26日17时30分前提交", d(2025, 12, 26)),
        ];
        for (text, due) in cases {
            assert_eq!(due_in(text, 2025, 12, 10).0, *due, "{text}");
        }
    }

    #[test]
    fn working_days_skip_weekends_from_the_meeting_date() {
        // 2025-12-10 is a Wednesday.
        assert_eq!(due_in("三个工作日内报送", 2025, 12, 10).0, d(2025, 12, 15));
        assert_eq!(due_in("5个工作日内反馈", 2025, 12, 10).0, d(2025, 12, 17));
        assert_eq!(due_in("半个月内完成", 2025, 12, 10).0, d(2025, 12, 25));
    }

    #[test]
    fn a_january_deadline_in_a_december_notice_is_next_year() {
        assert_eq!(due_in("于1月10日前报送", 2025, 12, 10).0, d(2026, 1, 10));
        assert_eq!(due_in("2月底前完成", 2025, 11, 20).0, d(2026, 2, 28));
        assert_eq!(due_in("一季度完成", 2025, 12, 10).0, d(2026, 3, 31));
        // A date shortly before the meeting stays in its year (an account, not next year's).
        assert_eq!(due_in("11月30日前完成", 2025, 12, 10).0, d(2025, 11, 30));
        // 12月31日前 in late-December minutes issued in January is that December.
        let base = DueBase {
            year: Some(2026),
            anchor: d(2025, 12, 29),
        };
        let chars: Vec<char> = "12月31日前完成".chars().collect();
        assert_eq!(due_of(&chars, base).0, d(2025, 12, 31));
    }

    #[test]
    fn a_year_named_in_words_sets_the_year() {
        assert_eq!(due_in("明年3月底前完成", 2025, 6, 10).0, d(2026, 3, 31));
        assert_eq!(due_in("今年9月底前完成", 2025, 6, 10).0, d(2025, 9, 30));
        assert_eq!(due_in("明年上半年建成", 2025, 6, 10).0, d(2026, 6, 30));
    }

    #[test]
    fn urgency_and_horizons_give_no_date() {
        for text in [
            "尽快完成",
            "及时报送",
            "抓紧推进",
            "两年内建成",
            "三年内实现全覆盖",
        ] {
            assert_eq!(due_in(text, 2025, 12, 10), (None, None), "{text}");
        }
    }

    #[test]
    fn a_recurrence_needs_recurring_work() {
        let cases: &[(&str, Option<Recurrence>)] = &[
            ("每月底前报送进展", Some(Recurrence::Monthly)),
            ("每月开展一次专项检查", Some(Recurrence::Monthly)),
            ("每周五通报", Some(Recurrence::Weekly)),
            ("每季度至少组织一次演练", Some(Recurrence::Quarterly)),
            ("每年都要高度重视", None),
            ("每月补贴500元", None),
            ("常态化开展巡查", None),
            ("每年中央财政安排资金", None),
            ("按月报送工作进展", Some(Recurrence::Monthly)),
            ("逐月通报排名", Some(Recurrence::Monthly)),
            ("按季度召开调度会", Some(Recurrence::Quarterly)),
            ("按年度计划推进", None),
            ("每季度末报送", Some(Recurrence::Quarterly)),
        ];
        for (text, rec) in cases {
            assert_eq!(due_in(text, 2025, 12, 10).1, *rec, "{text}");
        }
    }

    #[test]
    fn this_and_next_week_or_month_count_from_the_meeting() {
        // 2025-12-10 is a Wednesday.
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("本周内报送", d(2025, 12, 12)),
            ("本周五前报送", d(2025, 12, 12)),
            ("下周一前提交", d(2025, 12, 15)),
            ("下周内完成", d(2025, 12, 19)),
            ("本月内完成", d(2025, 12, 31)),
            ("月内完成", d(2025, 12, 31)),
            ("下月底前完成", d(2026, 1, 31)),
            ("下个月10日前报送", d(2026, 1, 10)),
            ("下月底召开总结会", None),
            ("本季度内完成", d(2025, 12, 31)),
            ("下季度末前完成", d(2026, 3, 31)),
            ("本年度内完成", d(2025, 12, 31)),
        ];
        for (text, due) in cases {
            assert_eq!(due_in(text, 2025, 12, 10).0, *due, "{text}");
        }
    }

    #[test]
    fn a_limit_label_or_a_completion_verb_makes_a_date_a_deadline() {
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("完成时限：9月30日", d(2025, 9, 30)),
            ("截止时间为8月15日", d(2025, 8, 15)),
            ("确保9月30日建成投用", d(2025, 9, 30)),
            ("即日起至8月31日开展专项整治", d(2025, 8, 31)),
            ("10月中下旬完成", d(2025, 10, 31)),
            ("7月9日完成了验收", None),
            ("7月9日召开推进会", None),
            ("已于7月5日完成初验，要求9月底前完成整改", d(2025, 9, 30)),
        ];
        for (text, due) in cases {
            assert_eq!(due_in(text, 2025, 7, 1).0, *due, "{text}");
        }
    }

    #[test]
    fn nian_qian_means_before_the_spring_festival() {
        assert_eq!(due_in("年前完成拨付", 2025, 12, 10).0, d(2026, 2, 17));
        assert_eq!(due_in("要在年前全部兑付", 2025, 12, 10).0, d(2026, 2, 17));
        assert_eq!(due_in("过年前发放到位", 2025, 12, 10).0, d(2026, 2, 17));
        assert_eq!(due_in("三年前建成的", 2025, 12, 10).0, None);
    }

    #[test]
    fn a_day_or_weekday_without_a_month_is_the_next_one() {
        // 2025-12-10 is a Wednesday.
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("请于25日前报送", d(2025, 12, 25)),
            ("请于5日前报送", d(2026, 1, 5)),
            ("于12月10日至15日前报送", d(2025, 12, 15)),
            ("周五前报送", d(2025, 12, 12)),
            ("星期一前完成", d(2025, 12, 15)),
            ("一周内完成", d(2025, 12, 17)),
            ("15日前后", None),
            ("每周五前报送", None),
        ];
        for (text, due) in cases {
            assert_eq!(due_in(text, 2025, 12, 10).0, *due, "{text}");
        }
    }

    #[test]
    fn a_date_in_figures_with_a_limit_is_a_deadline() {
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("完成时限：2025.12.31", d(2025, 12, 31)),
            ("于2026-01-15前报送", d(2026, 1, 15)),
            ("2025/11/30前完成", d(2025, 11, 30)),
            ("2025.12.10召开", None),
        ];
        for (text, due) in cases {
            assert_eq!(due_in(text, 2025, 11, 1).0, *due, "{text}");
        }
    }

    #[test]
    fn a_month_with_a_completion_verb_is_its_last_day() {
        assert_eq!(due_in("确保10月建成投用", 2025, 6, 1).0, d(2025, 10, 31));
        assert_eq!(due_in("9月份完成招标", 2025, 6, 1).0, d(2025, 9, 30));
        assert_eq!(due_in("明年底前完成", 2025, 6, 1).0, d(2026, 12, 31));
    }

    proptest::proptest! {
        /// Any mix of time words, at any meeting date chrono can hold, gives an answer.
        #[test]
        fn time_words_in_any_order_never_panic(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "春节", "除夕", "五一", "国庆", "中秋", "、", "前", "前后", "年前", "明年",
                "本周", "下周", "周五", "星期日", "内", "下月", "月底", "12月", "31日", "18时",
                "下午5点", "12:00", "(星期五)", "2025.12.31", "于", "至", "每月", "按月", "报送",
                "三个工作日", "半个月", "一季度", "上半年", "年底", "9", "十五一", "第",
            ]), 0..12),
            year in -262_143i32..262_143,
            ordinal in 1u32..366,
        ) {
            let text: String = parts.concat();
            let chars: Vec<char> = text.chars().collect();
            let anchor = NaiveDate::from_yo_opt(year, ordinal);
            let _ = due_of(&chars, DueBase { year: Some(year), anchor });
            let _ = due_of(&chars, DueBase { year: None, anchor: None });
        }
    }

    #[test]
    fn a_first_relative_deadline_stands_beside_a_recurrence() {
        assert_eq!(
            due_in("三个工作日内报送方案，此后每周一报送进展", 2025, 12, 10),
            (d(2025, 12, 15), Some(Recurrence::Weekly))
        );
        assert_eq!(
            due_in("每季度报送一次", 2025, 12, 10),
            (None, Some(Recurrence::Quarterly))
        );
    }
}
