//! The header block: org, 文号, title, dates, place, chair, attendees (出席), observers
//! (列席), recorder (记录), signer (签发人), and the document kind.
//!
//! Minutes carry a header of `key：value` lines, or only a 纪要 line and an opening
//! sentence "…X主持召开区政府第96次常务会议", and often a roster at the end (出 席：…,
//! 列 席：… by sub-group or agenda item, 请假, 记 录：…) and the issuing office's dated
//! signature (…办公室整理 / 2026年3月14日); notices carry 发文机关+文件, 文号, a title ending
//! in 通知/意见/…, 主送 and a dated signature, or a document page's table (发文机关,
//! 标题, 发文字号, 成文日期); web reports carry a headline (or a saved page's front matter),
//! 发布时间 and an opening sentence "5月17日，…X主持召开…", with the people attending
//! named before 出席会议.

use std::borrow::Cow;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use super::model::{DocumentKind, DocumentMeta};
use super::normalize::{squeeze, squeeze_head, starts_with_marker, string_of, Norm, BREAK};
use super::numerals::cn_numeral;

/// One line of the original text and its squeezed form.
struct Line<'t> {
    orig: Cow<'t, str>,
    sq: String,
}

static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{Han}]{0,10}[〔\[【(]\d{4}[〕\]】)]第?\d{1,5}[号期]")
        .expect("doc number regex")
});
static WIDE_GAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[ \t]{2,}|\u{3000}+").expect("gap regex"));
static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})").expect("date regex")
});
static MONTH_DAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,2})月(\d{1,2})[日号]").expect("month-day regex"));
static CN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
        .expect("chinese date regex")
});
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([\p{Han}()]{0,30}?)(\d{4}年\d{1,2}月\d{1,2}日|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)(?:印发|发布|制发)?$")
        .expect("date line regex")
});
/// Where a meeting was held: 在图书馆报告厅召开, 在县政府二楼会议室主持召开,
/// 在公司总部三楼会议室以现场结合通讯方式召开.
static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"在([^,;。:在]{2,24}?(?:会议室|报告厅|会议厅|礼堂|大厅|中心|室|厅|馆|楼))(?:以[^,;。]{1,16}?方式)?(?:主持)?(?:召开|举行)")
        .expect("place regex")
});
static PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(发布时间|发布日期|发表时间|发文时间|更新时间|日期|时间)[:]?(\d{4})[年\-/.](\d{1,2})[月\-/.](\d{1,2})")
        .expect("published regex")
});

/// Header field names and the field they fill.
const FIELDS: &[(&str, Field)] = &[
    ("会议名称", Field::Title),
    ("名称", Field::Title),
    ("会议时间", Field::Time),
    ("时间", Field::Time),
    ("日期", Field::Time),
    ("会议地点", Field::Place),
    ("地点", Field::Place),
    ("主持人", Field::Chair),
    ("主持", Field::Chair),
    ("出席人员", Field::Attendees),
    ("出席人", Field::Attendees),
    ("出席", Field::Attendees),
    ("参会人员", Field::Attendees),
    ("参加人员", Field::Attendees),
    ("参会", Field::Attendees),
    ("参加", Field::Attendees),
    ("与会人员", Field::Attendees),
    ("列席人员", Field::Observers),
    ("列席", Field::Observers),
    ("记录人", Field::Recorder),
    ("记录", Field::Recorder),
    ("签发人", Field::Signer),
    ("签发", Field::Signer),
    ("出席会议人员", Field::Attendees),
    ("出席会议", Field::Attendees),
    ("参加会议人员", Field::Attendees),
    ("参加会议", Field::Attendees),
    ("列席会议人员", Field::Observers),
    ("列席会议", Field::Observers),
    ("请假人员", Field::Absent),
    ("请假", Field::Absent),
    ("缺席人员", Field::Absent),
    ("缺席", Field::Absent),
    ("记录员", Field::Recorder),
    ("发文机关", Field::Org),
    ("发文单位", Field::Org),
    ("标题", Field::Title),
    ("成文日期", Field::Issued),
    ("成文时间", Field::Issued),
    ("印发日期", Field::Issued),
    ("发文日期", Field::Issued),
    ("发文字号", Field::DocNumber),
    ("文号", Field::DocNumber),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Time,
    Place,
    Chair,
    Attendees,
    Observers,
    Recorder,
    Signer,
    /// 请假/缺席: read so that its names are not taken for anything else.
    Absent,
    /// 发文机关 of a government site's document page.
    Org,
    /// 成文日期: the document's own date, before any web publication date.
    Issued,
    /// 发文字号 of a government site's document page.
    DocNumber,
}

impl Field {
    /// Fields of the roster at the end of minutes (出席, 列席, 请假, 记录).
    fn is_roster(self) -> bool {
        matches!(
            self,
            Self::Attendees | Self::Observers | Self::Absent | Self::Recorder
        )
    }
}

/// A `key：value` header line: the field and the original value text.
fn field_line<'a>(line: &'a Line<'_>) -> Option<(Field, &'a str)> {
    let sq = &line.sq;
    let colon = sq.find(':')?;
    let field = field_of(&sq[..colon])?;
    // The value in the original, after the first colon of either width.
    let orig: &str = &line.orig;
    let vpos = orig.find(['：', ':']).map_or(orig.len(), |p| {
        p + orig[p..].chars().next().map_or(1, char::len_utf8)
    });
    Some((field, orig[vpos..].trim()))
}

/// The field a key names: 主持人, 会议主持, 会议记录 (a key may carry a 会议 prefix).
fn field_of(key: &str) -> Option<Field> {
    let find = |k: &str| FIELDS.iter().find(|(f, _)| *f == k).map(|(_, f)| *f);
    // 出席会议的有：…
    let key = key.strip_suffix("的有").unwrap_or(key);
    find(key)
        .or_else(|| key.strip_prefix("会议").and_then(find))
        .or_else(|| {
            // 固定列席, 邀请列席, （一）特邀列席: a kind of observer, as a short label.
            (key.ends_with("列席") && key.chars().count() <= 8).then_some(Field::Observers)
        })
}

/// Trims and removes the spaces PDF copying puts between Chinese characters.
fn clean(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let prev = out.chars().last();
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            let both_ascii = prev.is_some_and(|p| p.is_ascii_alphanumeric())
                && next.is_some_and(char::is_ascii_alphanumeric);
            // PDF copying splits digits of one number (202 6年); words stay apart.
            let split_number =
                prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(char::is_ascii_digit);
            if both_ascii && !split_number && !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// One person from a field value: 董事长 柏正阳 → 柏正阳; 卓文海 2024年3月14日 → 卓文海.
fn person(raw: &str) -> Option<String> {
    let tokens: Vec<&str> = raw.split_whitespace().collect();
    let first = *tokens.first()?;
    let pick = if tokens.len() > 1
        && (POSTS.iter().any(|p| first.ends_with(p)) || ends_with_any(first, POST_ENDS))
    {
        tokens[1]
    } else {
        first
    };
    let pick = strip_paren(pick);
    // 董事长柏正阳 → 柏正阳
    let name = POSTS
        .iter()
        .filter_map(|p| pick.rfind(p).map(|i| &pick[i + p.len()..]))
        .find(|rest| (2..=4).contains(&rest.chars().count()))
        .unwrap_or(pick);
    Some(name.to_string()).filter(|n| !n.is_empty())
}

/// 郝佳（纪委） → 郝佳
fn strip_paren(s: &str) -> &str {
    s.split(['（', '(']).next().unwrap_or(s).trim()
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// How a post ends (…长, 书记, 主任, 常委): the part of a roster entry before a name, or an
/// entry that names no one (区委常委, 县政府在家领导).
const POST_ENDS: &[&str] = &[
    "长",
    "书记",
    "主任",
    "委员",
    "常委",
    "主席",
    "成员",
    "领导",
    "助理",
    "经理",
    "总监",
    "顾问",
    "同志",
    "负责人",
    "调研员",
    "巡视员",
    "专员",
    "秘书",
    "总师",
    "工程师",
    "总裁",
    "董事",
    "监事",
    "干部",
    "代表",
    "人员",
];

/// How a unit's name ends (…局, …中心, …街道): the part of a roster entry before a name
/// (发改局陈志强, 石湾镇赵明), or an entry that names no one.
const UNIT_ENDS: &[&str] = &[
    "局", "委", "办", "室", "处", "科", "股", "部", "厅", "院", "所", "站", "队", "中心", "公司",
    "集团", "镇", "乡", "街道", "村", "区", "县", "市", "会", "社", "银行", "校", "馆", "组", "团",
    "厂", "政府",
];

/// Characters a personal name does not hold: function words of a clause.
const NOT_IN_NAMES: &str = "的了要等将把是按及与或各该、";

fn ends_with_any(s: &str, ends: &[&str]) -> bool {
    ends.iter().any(|e| s.ends_with(e))
}

/// Words of a clause, never of a roster entry: 主持召开…会议 is not a post before a name.
const CLAUSE_WORDS: &[&str] = &[
    "会议", "主持", "召开", "出席", "参加", "列席", "通过", "同意", "要求",
];

/// A personal name: two to four Han characters, not a post, a unit or a clause.
fn is_person_name(s: &str) -> bool {
    let n = s.chars().count();
    if !(2..=4).contains(&n)
        || !s.chars().all(|c| is_han(c) && !NOT_IN_NAMES.contains(c))
        || CLAUSE_WORDS.iter().any(|w| s.contains(w))
    {
        return false;
    }
    (n <= 3 && s.ends_with(NAME_ENDS))
        || (!ends_with_any(s, POST_ENDS) && !ends_with_any(s, UNIT_ENDS))
}

/// Ends of units that also end many personal names (唐泽科, 王立团): an entry of two or
/// three characters ending in one of them is a name.
const NAME_ENDS: [char; 3] = ['科', '股', '团'];

/// One entry of a roster.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    /// A person, with any post or unit before the name dropped.
    Person(String),
    /// A post or unit that names no one (区委常委, 各乡镇).
    Role,
    /// Not part of a roster.
    Other,
}

/// Reads one entry of a roster: 王建平, 政府副区长李秀兰, 发改局陈志强, 区委常委,
/// 张克孟（赴…对接工作）.
/// Endings of words for groups of people (负责同志, 负责人, 班子成员).
const GROUP_ENDS: &[&str] = &[
    "负责同志",
    "负责人",
    "有关同志",
    "成员",
    "代表",
    "干部",
    "同志们",
];

fn roster_entry(token: &str) -> Entry {
    let t = strip_paren(token.trim_matches(|c: char| c.is_whitespace() || c == '。'));
    // 相关部门负责同志, 各单位负责人: a group of people, not a unit followed by a name.
    if GROUP_ENDS.iter().any(|w| t.ends_with(w)) {
        return Entry::Role;
    }
    // 石晶同志, 李四等: the name without the address or the "and others".
    let t = ["等同志", "同志", "等"]
        .iter()
        .find_map(|w| t.strip_suffix(w).filter(|r| r.chars().count() >= 2))
        .unwrap_or(t);
    // 买买提·艾力: a transcribed name keeps its dot.
    if t.contains('·')
        && t.chars().count() <= 12
        && t.split('·').all(|p| !p.is_empty() && p.chars().all(is_han))
    {
        return Entry::Person(t.to_string());
    }
    if is_person_name(t) {
        return Entry::Person(t.to_string());
    }
    if t.is_empty() || !t.chars().all(is_han) || CLAUSE_WORDS.iter().any(|w| t.contains(w)) {
        return Entry::Other;
    }
    // The shortest name after a post or a unit: 副区长朱丽华 → 朱丽华, 市场监管局李旺 → 李旺.
    let name = t.char_indices().rev().skip(1).take(3).find_map(|(i, _)| {
        let (before, name) = t.split_at(i);
        ((ends_with_any(before, POST_ENDS) || ends_with_any(before, UNIT_ENDS))
            && is_person_name(name))
        .then_some(name)
    });
    match name {
        Some(n) => Entry::Person(n.to_string()),
        None if t.chars().count() <= 24
            && (ends_with_any(t, POST_ENDS) || ends_with_any(t, UNIT_ENDS))
            && !t.chars().any(|c| NOT_IN_NAMES.contains(c) && c != '各') =>
        {
            Entry::Role
        }
        None => Entry::Other,
    }
}

/// The entries of a roster value, split at 、，； and spaces.
fn roster_entries(s: &str) -> impl Iterator<Item = Entry> + '_ {
    s.split(|c: char| c.is_whitespace() || matches!(c, '、' | '，' | ',' | '；' | ';'))
        .filter(|t| !t.trim_matches('。').is_empty())
        .map(roster_entry)
}

/// The people of a field value (出席：…), whatever else it holds.
fn names(s: &str) -> Vec<String> {
    roster_entries(s)
        .filter_map(|e| match e {
            Entry::Person(p) => Some(p),
            _ => None,
        })
        .collect()
}

/// The people of a line that continues a roster, or `None` when the line is something
/// else: names (罗贵隆 宋海宏), a sub-group under its own label or marker (（一）邀请列席：…,
/// 第一至五议题：…, （三）发改局周雄伟，教体局郭永恒), but every entry a person or a role.
fn roster_line(line: &str) -> Option<Vec<String>> {
    let mut t = line.trim();
    // A bracketed marker: （一）, (2).
    if let Some(rest) = t.strip_prefix(['（', '(']) {
        let close = rest.find(['）', ')'])?;
        let inner = &rest[..close];
        if inner.chars().count() <= 3
            && inner
                .chars()
                .all(|c| c.is_ascii_digit() || super::numerals::cn_digit(c).is_some())
        {
            t = rest[close..].trim_start_matches(['）', ')']).trim_start();
        }
    }
    // A short label before a colon: 政府办：, 第六至七议题：.
    if let Some(p) = t.find(['：', ':']) {
        let label = &t[..p];
        if label.chars().count() > 12 || !label.chars().all(|c| is_han(c) || c.is_ascii_digit()) {
            return None;
        }
        t = t[p..].trim_start_matches(['：', ':']);
    }
    let mut people = Vec::new();
    let mut others = 0;
    for e in roster_entries(t) {
        match e {
            Entry::Person(p) => people.push(p),
            Entry::Role => {}
            Entry::Other => others += 1,
        }
    }
    // A long roster may hold an entry of an odd shape; a sentence is mostly odd shapes.
    (!people.is_empty() && others * 5 <= people.len()).then_some(people)
}

/// Parses a date, taking the year from `year` when the text gives none.
pub fn parse_date(s: &str, year: Option<i32>, not_after: Option<NaiveDate>) -> Option<NaiveDate> {
    if let Some(c) = FULL_DATE.captures(s) {
        return NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    if let Some(c) = CN_DATE.captures(s) {
        let y: String = c[1]
            .chars()
            .map(|d| match d {
                '〇' | '零' => '0',
                d => char::from_digit(super::numerals::cn_digit(d).unwrap_or(0), 10).unwrap_or('0'),
            })
            .collect();
        let m: Vec<char> = c[2].chars().collect();
        let d: Vec<char> = c[3].chars().collect();
        return NaiveDate::from_ymd_opt(
            y.parse().ok()?,
            cn_numeral(&m, 0)?.0,
            cn_numeral(&d, 0)?.0,
        );
    }
    let c = MONTH_DAY.captures(s)?;
    let (m, d): (u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?);
    let y = year?;
    let date = NaiveDate::from_ymd_opt(y, m, d)?;
    // A meeting in December minuted in January belongs to the year before.
    if let Some(limit) = not_after {
        if date > limit && limit.month() < m {
            return NaiveDate::from_ymd_opt(y - 1, m, d);
        }
    }
    Some(date)
}

fn is_org_name(s: &str) -> bool {
    const ORG_ENDS: &[&str] = &[
        "学院",
        "大学",
        "学校",
        "院校",
        "职院",
        "局",
        "厅",
        "委员会",
        "委",
        "公司",
        "集团",
        "中心",
        "政府",
        "办公室",
        "部",
        "院",
        "校",
        "所",
        "会",
        "党委",
        "支部",
        "党组",
        "处",
        "馆",
        "总支",
    ];
    let n = s.chars().count();
    (3..=30).contains(&n)
        && s.chars()
            .all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || matches!(c, '(' | ')'))
        && ORG_ENDS.iter().any(|e| s.ends_with(e))
}

/// The longest start of `s` that is an organisation's name: 云岭市人民政府常务会议 →
/// 云岭市人民政府; 中共某某学院委员会 → itself.
fn org_prefix(s: &str) -> Option<String> {
    let idx: Vec<usize> = s
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()))
        .collect();
    let p = idx.iter().rev().map(|&e| &s[..e]).find(|p| {
        is_org_name(p)
            && (!p.ends_with('会')
                || ["委员会", "协会", "学会", "工会"]
                    .iter()
                    .any(|w| p.ends_with(w)))
    })?;
    // 松阳县教育局局务会议, 某学院院长办公会: the last 局 or 院 begins the meeting's name
    // (局务, 院长), it does not end the body's.
    let rest = &s[p.len()..];
    let mut body = p.chars();
    let last = body.next_back();
    let next = rest.chars().next();
    if let (Some(l), Some(n)) = (last, next) {
        let joined: String = [l, n].iter().collect();
        if n == '务' || MEETING_STARTS.contains(&joined.as_str()) {
            return Some(body.as_str().to_string()).filter(|o| is_org_name(o));
        }
    }
    // 中共某区委员会常委会会议纪要, 党委常委会会议纪要: 常委会 is the meeting, not a body
    // named …常委; what stands before it may be the body.
    if p.ends_with("常委") && rest.starts_with('会') {
        let before = &p[..p.len() - "常委".len()];
        return Some(before.to_string()).filter(|o| is_org_name(o));
    }
    Some(p.to_string())
}

/// A body's last character and the next one, where together they begin the name of its
/// meeting (院长办公会, 校长办公会; any X务会 too: 局务, 馆务).
const MEETING_STARTS: &[&str] = &[
    "院长", "校长", "局长", "所长", "处长", "厂长", "行长", "社长", "站长", "馆长",
];

const GENERIC_SUBJECTS: &[&str] = &[
    "学院", "学校", "我院", "我校", "本院", "本校", "公司", "我局", "本局", "大学",
];

/// Title words that end the title of a notice or other official document.
const TITLE_ENDS: &[&str] = &[
    "通知", "通报", "决定", "意见", "办法", "方案", "规定", "细则", "纪要", "报告", "请示", "批复",
    "函", "要点", "计划", "规划", "公告", "通告",
];

/// How many lines from the top and the bottom of a document hold its header and its
/// signature; the body in between is never read here.
const HEAD_LINES: usize = 40;
const TAIL_LINES: usize = 8;

/// How many pieces of the head lines (split at wide gaps) the header is read from.
const HEAD_PIECES: usize = 30;

/// The first [`HEAD_PIECES`] non-empty lines of `text`, split further at wide gaps (a header
/// line may carry two fields, 时间：…　　地点：…, or an issuer and a date), and the raw lines
/// of the signature at the bottom, to be split by [`tail_lines`] only when needed (a short
/// text's signature lines are its head lines). A date broken over two lines by PDF copying
/// (…2024年3月14 / 日) is joined again.
fn header_lines(text: &str) -> (Vec<Line<'_>>, Vec<Cow<'_, str>>) {
    fn raw_lines<'t>(it: impl Iterator<Item = &'t str>) -> Vec<Cow<'t, str>> {
        let mut out: Vec<Cow<'t, str>> = Vec::new();
        for l in it {
            push_raw_line(&mut out, l);
        }
        out
    }
    // One pass over the top of the text gives the head lines and whether there are more
    // than HEAD_LINES non-empty lines (all that matters of their number).
    let mut total = 0;
    let mut head: Vec<Cow<'_, str>> = Vec::new();
    for (k, l) in text.lines().enumerate() {
        if total <= HEAD_LINES && !l.trim().is_empty() {
            total += 1;
        }
        // The first HEAD_LINES head lines are settled once one more has begun: a later
        // line can only be joined to the last one.
        if k < HEAD_LINES * 3 && head.len() <= HEAD_LINES {
            push_raw_line(&mut head, l);
        }
        if total > HEAD_LINES && (head.len() > HEAD_LINES || k + 1 >= HEAD_LINES * 3) {
            break;
        }
    }
    head.truncate(HEAD_LINES);
    let tail = if total > HEAD_LINES {
        let mut t = raw_lines(
            text.lines()
                .rev()
                .filter(|l| !l.trim().is_empty())
                .take(TAIL_LINES)
                .collect::<Vec<_>>()
                .into_iter()
                .rev(),
        );
        t.truncate(TAIL_LINES);
        t
    } else {
        head.clone()
    };
    (split(head, HEAD_PIECES), tail)
}

/// Adds line `l` to the non-empty raw lines `out`, joining a date that PDF copying broke
/// over two lines (…2024年3月14 / 日).
fn push_raw_line<'t>(out: &mut Vec<Cow<'t, str>>, l: &'t str) {
    let t = l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if t.is_empty() {
        return;
    }
    let wrapped_date = out.last().is_some_and(|prev| {
        prev.trim_end()
            .ends_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
    }) && t.starts_with(['日', '月', '年', '号'])
        && t.chars().count() <= 3;
    if wrapped_date {
        let prev = out.pop().unwrap_or_default();
        out.push(Cow::Owned(format!("{}{t}", prev.trim_end())));
    } else {
        out.push(Cow::Borrowed(l));
    }
}

/// The signature lines [`header_lines`] left raw, split at wide gaps.
fn tail_lines(raw: Vec<Cow<'_, str>>) -> Vec<Line<'_>> {
    split(raw, usize::MAX)
}

/// Splits raw lines at wide gaps into at most `limit` pieces with a squeezed form.
fn split(raw: Vec<Cow<'_, str>>, limit: usize) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    for l in raw {
        // Only a line with spaces can have a wide gap.
        // (A one-character string pattern searches faster than a `char` one for U+3000.)
        let spaced = l.contains(' ') || l.contains('\t') || l.contains("\u{3000}");
        let pieces: Vec<Cow<'_, str>> = match l {
            Cow::Borrowed(b) if !spaced => vec![Cow::Borrowed(b)],
            Cow::Owned(o) if !spaced => vec![Cow::Owned(o)],
            Cow::Borrowed(b) => join_spaced_labels(WIDE_GAP.split(b).map(Cow::Borrowed)),
            Cow::Owned(o) => {
                join_spaced_labels(WIDE_GAP.split(&o).map(|x| Cow::Owned(x.to_string())))
            }
        };
        for piece in pieces {
            // A line longer than any header field is body text: its start is enough.
            let sq = squeeze_head(&piece, 120);
            if sq.is_empty() {
                continue;
            }
            let orig = match piece {
                Cow::Borrowed(b) => {
                    Cow::Borrowed(b.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'))
                }
                Cow::Owned(o) => Cow::Owned(
                    o.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
                        .to_string(),
                ),
            };
            out.push(Line { orig, sq });
            if out.len() == limit {
                return out;
            }
        }
    }
    out
}

/// Joins the pieces of a label spaced out to the width of the others (出　　席：…, 记　录：…),
/// which a wide gap would otherwise split.
fn join_spaced_labels<'t>(pieces: impl Iterator<Item = Cow<'t, str>>) -> Vec<Cow<'t, str>> {
    let mut out: Vec<Cow<'t, str>> = Vec::new();
    for p in pieces {
        let joined = out
            .last()
            .filter(|last| single_han(last.trim()))
            .and_then(|last| {
                let j = format!("{}{}", last.trim(), p.trim_start());
                roster_key(&j)
                    .or_else(|| {
                        let colon = j.find(['：', ':'])?;
                        field_of(&j[..colon])
                    })
                    .map(|_| j)
            });
        match joined {
            Some(j) => {
                out.pop();
                out.push(Cow::Owned(j));
            }
            None => out.push(p),
        }
    }
    out
}

/// What the `key：value` lines state beyond the fields of [`DocumentMeta`].
#[derive(Default)]
struct Stated {
    /// The value of 时间/会议时间, a date to be read with the document's year.
    time: Option<String>,
    /// 成文日期: the document's own date.
    issued: Option<NaiveDate>,
}

/// Reads the `key：value` lines of `lines` into `meta` (a field already filled keeps its
/// value); with `roster_only`, only 出席/列席/请假/记录.
fn read_fields(lines: &[Line<'_>], meta: &mut DocumentMeta, roster_only: bool) -> Stated {
    let mut stated = Stated::default();
    let mut i = 0;
    while i < lines.len() {
        // A table cell holding only the key, its value in the next cell (会议名称 | …).
        let cell = (!lines[i].sq.contains(':'))
            .then(|| field_of(&lines[i].sq))
            .flatten()
            .filter(|_| {
                lines
                    .get(i + 1)
                    .is_some_and(|n| field_of(&n.sq).is_none() && field_line(n).is_none())
            });
        let found = match cell {
            Some(f) => {
                i += 1;
                Some((f, &*lines[i].orig))
            }
            None => field_line(&lines[i]),
        };
        let Some((field, mut raw)) = found.filter(|(f, _)| !roster_only || f.is_roster()) else {
            i += 1;
            continue;
        };
        // 发文机关：　工业和信息化部办公厅: a wide gap after the colon puts the value in the
        // next piece.
        let lone = !matches!(field, Field::Attendees | Field::Observers | Field::Absent);
        if lone && raw.trim().is_empty() {
            if let Some(next) = lines.get(i + 1).filter(|n| {
                field_line(n).is_none() && field_of(&n.sq).is_none() && n.sq.chars().count() <= 60
            }) {
                i += 1;
                raw = &next.orig;
            }
        }
        let value = clean(raw);
        let value = Some(value).filter(|v| !v.is_empty());
        match field {
            Field::Title => meta.title = meta.title.take().or(value),
            Field::Time => stated.time = stated.time.take().or(value),
            Field::Place => meta.place = meta.place.take().or(value),
            Field::Chair => meta.chair = meta.chair.take().or_else(|| person(raw)),
            Field::Recorder => meta.recorder = meta.recorder.take().or_else(|| person(raw)),
            Field::Signer => meta.signer = meta.signer.take().or_else(|| person(raw)),
            Field::Org => meta.org = meta.org.take().or(value.filter(|v| is_org_name(v))),
            Field::DocNumber => {
                meta.doc_number = meta.doc_number.take().or_else(|| {
                    DOC_NUMBER
                        .find(&squeeze(raw))
                        .map(|m| m.as_str().to_string())
                });
            }
            Field::Issued => {
                stated.issued = stated
                    .issued
                    .or_else(|| parse_date(&squeeze(raw), None, None));
            }
            Field::Attendees | Field::Observers | Field::Absent => {
                let mut list = names(raw);
                // The roster goes on over lines: names, sub-groups, units with names.
                while let Some(more) = lines
                    .get(i + 1)
                    .filter(|l| field_line(l).is_none())
                    .and_then(|l| roster_line(&l.orig))
                {
                    i += 1;
                    list.extend(more);
                }
                match field {
                    Field::Attendees => meta.attendees.extend(list),
                    Field::Observers => meta.observers.extend(list),
                    _ => {}
                }
            }
        }
        i += 1;
    }
    stated
}

/// The roster key (出席, 列 席, 固定列席, 记录, 请假) that `line` starts with, if any: a cheap
/// look at its first characters.
fn roster_key(line: &str) -> Option<Field> {
    let t = line.trim_start();
    let (colon, _) = t
        .char_indices()
        .take(14)
        .find(|&(_, c)| matches!(c, '：' | ':'))?;
    field_of(&squeeze(&t[..colon])).filter(|f| f.is_roster())
}

/// A line of page furniture inside a roster (— 3 —, - 3 -): no Han character, short.
fn is_furniture(line: &str) -> bool {
    line.chars().count() <= 16 && !line.chars().any(is_han)
}

fn single_han(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next().is_some_and(is_han) && cs.next().is_none()
}

/// The roster that closes many minutes (出 席：…, 列 席：… over many lines, 请假, 记 录：…),
/// read wherever it stands, into the fields the header left empty. PDF copying breaks a
/// two-character name or a spaced label over two lines (郭 / 强, 出 / 席：黄国杰): a lone
/// character is joined to the next line when together they make a name or a label.
fn closing_roster(text: &str, meta: &mut DocumentMeta) {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut k = 0;
    while k < lines.len() {
        let broken_key = single_han(lines[k])
            && lines
                .get(k + 1)
                .is_some_and(|n| roster_key(&format!("{}{n}", lines[k])).is_some());
        if !broken_key && roster_key(lines[k]).is_none() {
            k += 1;
            continue;
        }
        // The block: key lines, roster lines, fragments and page furniture.
        let mut block: Vec<String> = Vec::new();
        while k < lines.len() {
            let l = lines[k];
            let joins = block.last().is_some_and(|last| {
                (single_han(last) && (single_han(l) || roster_key(&format!("{last}{l}")).is_some()))
                    || (single_han(l)
                        && last
                            .rsplit(['：', ':'])
                            .next()
                            .is_some_and(|v| single_han(v) && last.len() > v.len()))
            });
            if joins {
                if let Some(last) = block.last_mut() {
                    last.push_str(l);
                }
            } else if l.is_empty() || is_furniture(l) {
                // skipped
            } else if roster_key(l).is_some() || single_han(l) || roster_line(l).is_some() {
                block.push(l.to_string());
            } else {
                break;
            }
            k += 1;
        }
        let raw: Vec<Cow<'_, str>> = block.into_iter().map(Cow::Owned).collect();
        let mut found = DocumentMeta::default();
        read_fields(&split(raw, usize::MAX), &mut found, true);
        // The header may have read the start of the same roster.
        if found.attendees.len() > meta.attendees.len() {
            meta.attendees = found.attendees;
        }
        if found.observers.len() > meta.observers.len() {
            meta.observers = found.observers;
        }
        meta.recorder = meta.recorder.take().or(found.recorder);
    }
}

/// Reads the header of `text`.
pub fn header(text: &str, norm: &Norm, reference: Option<NaiveDate>) -> DocumentMeta {
    // A page saved with its front matter (---, title:, date:, ---): the body follows it.
    let (front, body) = front_matter(text).map_or((None, text), |(f, b)| (Some(f), b));
    let from = text[..text.len() - body.len()].chars().count();
    // Lines, split further at wide gaps: a header line may carry two fields
    // (时间：…　　地点：…) or an issuer and a date.
    let (lines, tail) = header_lines(body);
    let head = &lines[..lines.len().min(HEAD_PIECES)];
    let mut meta = DocumentMeta::default();

    // Fields written as `key：value`, at the top and in a roster at the end.
    let stated = read_fields(head, &mut meta, false);
    closing_roster(text, &mut meta);

    // The first paragraphs of the body, where a report names its date, chair and people.
    let opening: Vec<&[char]> = opening_paragraphs(norm, from).collect();
    let cues = Cues::of(head);
    let has_roster = !meta.attendees.is_empty() || !meta.observers.is_empty();
    meta.kind = cues.kind(text, &opening, front.is_some(), has_roster);
    if let Some(k) = cues.numbered.filter(|_| meta.doc_number.is_none()) {
        meta.doc_number = DOC_NUMBER.find(&head[k].sq).map(|m| m.as_str().to_string());
    }
    let stated_org = meta.org.take();
    meta.org = stated_org
        .or_else(|| header_org(meta.kind, head, &cues))
        .or_else(|| front.as_ref().and_then(|f| f.org.clone()))
        .or_else(|| site_banner(head));
    if meta.title.is_none() {
        meta.title = header_title(&mut meta, head, &cues, front.as_ref(), &opening);
    }
    if meta.org.is_none() && meta.kind == DocumentKind::Report {
        meta.org = meta.title.as_deref().and_then(|t| headline_org(head, t));
    }

    // Issued date: 成文日期 as stated, else the dated signature, in the head
    // (…办公室　2023年9月4日) or at the end (…办公室整理 / 2026年3月14日), or the web
    // page's 发布时间.
    let signature = (stated.issued.is_none() || meta.org.is_none())
        .then(|| {
            (1..=head.len().min(12))
                .find_map(|k| dated_issuer(&head[..k]))
                .or_else(|| {
                    let tail = tail_lines(tail);
                    (1..=tail.len())
                        .rev()
                        .find_map(|k| dated_issuer(&tail[..k]))
                })
        })
        .flatten();
    let published = cues.published;
    let signed = signature.as_ref().map(|s| s.0);
    // A document dates itself by its signature; a page's 发布时间 dates only a report.
    meta.issued_date = stated.issued.or(match meta.kind {
        DocumentKind::Minutes | DocumentKind::Notice => signed.or(published),
        DocumentKind::Report | DocumentKind::Unknown => published.or(signed),
    });
    if meta.org.is_none() {
        meta.org = signature.and_then(|s| s.1);
    }

    // Meeting date, with the year of the document's own date or the page's.
    let page_date = front.as_ref().and_then(|f| f.date);
    let limit = meta.issued_date.or(page_date);
    let year = limit.or(reference).map(|d| d.year());
    meta.meeting_date = stated
        .time
        .as_deref()
        .and_then(|v| parse_date(&squeeze(v), year, limit));
    if meta.kind != DocumentKind::Notice {
        from_opening(&mut meta, &opening, year, limit);
    }
    dedup(&mut meta.attendees);
    dedup(&mut meta.observers);
    meta
}

/// What the head lines show of the document's kind.
struct Cues {
    /// A 纪要 / 会议记录 line.
    has_minutes: bool,
    /// The 发文机关 line (…文件).
    file_line: Option<usize>,
    /// The 文号 line.
    numbered: Option<usize>,
    /// A line that reads as a document's title (…的通知, …纪要).
    title_line: Option<usize>,
    /// Words of a web page around the text (发布时间, 来源, 阅读).
    web_page: bool,
    /// 发布时间 of a web page.
    published: Option<NaiveDate>,
    /// A short line with 召开: a report's headline.
    convened: bool,
}

impl Cues {
    fn of(head: &[Line<'_>]) -> Self {
        let has_minutes = head
            .iter()
            .take(12)
            .any(|l| minutes_word(&l.sq).is_some() && l.sq.chars().count() <= 40);
        Self {
            has_minutes,
            file_line: head
                .iter()
                .take(12)
                .position(|l| l.sq.ends_with("文件") && l.sq.chars().count() <= 24),
            numbered: head
                .iter()
                .position(|l| DOC_NUMBER.is_match(&l.sq) && l.sq.chars().count() <= 24),
            title_line: head.iter().position(|l| {
                let n = l.sq.chars().count();
                n >= 6
                    && TITLE_ENDS.iter().any(|e| l.sq.ends_with(e))
                    && (l.sq.contains("关于") || n <= 40)
                    && !l.sq.contains(':')
                    // A sentence of the body (会议听取了…的报告) is not a title.
                    && !l.sq.starts_with("会议")
                    && !l.sq.contains([',', '。'])
                    // An agenda heading (二、审议…方案) is not the document's title.
                    && !starts_with_marker(&l.sq.chars().take(8).collect::<Vec<_>>())
            }),
            web_page: head.iter().any(|l| {
                [
                    "发布时间",
                    "发布日期",
                    "发布人",
                    "来源:",
                    "阅读",
                    "点击",
                    "浏览",
                ]
                .iter()
                .any(|c| l.sq.contains(c))
            }),
            published: published_date(head, has_minutes),
            convened: head
                .iter()
                .any(|l| l.sq.contains("召开") && l.sq.chars().count() <= 60),
        }
    }

    fn kind(
        &self,
        text: &str,
        opening: &[&[char]],
        front_matter: bool,
        has_roster: bool,
    ) -> DocumentKind {
        // Minutes without the word in their header: a roster, or an opening that records
        // what was agreed (会议议定以下意见, 现纪要如下).
        let minutes_body = !self.web_page
            && (has_roster
                || opening.iter().take(1).any(|p| {
                    let s = string_of(&p[..p.len().min(400)]);
                    ["纪要如下", "议定以下", "议定事项", "议定如下"]
                        .iter()
                        .any(|w| s.contains(w))
                }));
        if self.has_minutes {
            DocumentKind::Minutes
        } else if front_matter {
            DocumentKind::Report
        } else if minutes_body && self.file_line.is_none() {
            DocumentKind::Minutes
        } else if self.file_line.is_some() || (self.numbered.is_some() && self.title_line.is_some())
        {
            DocumentKind::Notice
        } else if self.web_page || self.convened {
            DocumentKind::Report
        } else if self.title_line.is_some() {
            DocumentKind::Notice
        } else if text.contains("会议") {
            DocumentKind::Report
        } else {
            DocumentKind::Unknown
        }
    }
}

/// 发布时间 of a web page; a bare 时间/日期 only at the start of a line outside minutes
/// (会议时间 is the meeting's date, never the publication date).
fn published_date(head: &[Line<'_>], has_minutes: bool) -> Option<NaiveDate> {
    let c = head.iter().find_map(|l| {
        // Every key PUBLISHED knows ends in 时间 or 日期: most lines need no regex.
        let keyed = l.sq.contains("时间") || l.sq.contains("日期");
        keyed
            .then(|| PUBLISHED.captures(&l.sq))
            .flatten()
            .filter(|c| {
                let key = c.get(1).map_or("", |m| m.as_str());
                let at = c.get(0).map_or(0, |m| m.start());
                !l.sq[..at].ends_with("会议")
                    && (!matches!(key, "时间" | "日期") || (at == 0 && !has_minutes))
            })
    })?;
    NaiveDate::from_ymd_opt(c[2].parse().ok()?, c[3].parse().ok()?, c[4].parse().ok()?)
}

/// The issuer as the header of minutes or a notice names it.
fn header_org(kind: DocumentKind, head: &[Line<'_>], cues: &Cues) -> Option<String> {
    match kind {
        DocumentKind::Minutes => {
            let k = head
                .iter()
                .take(12)
                .position(|l| minutes_word(&l.sq).is_some())?;
            let o = minutes_word(&head[k].sq).map_or("", |p| &head[k].sq[..p]);
            org_prefix(strip_web_prefix(o)).or_else(|| {
                // The issuer on a line of its own, before the 纪要 line or beside the date.
                head[..k]
                    .iter()
                    .rev()
                    .chain(head[k + 1..].iter().take(4))
                    .find_map(|l| {
                        let t = clean(&l.orig);
                        (is_org_name(&t) && minutes_word(&t).is_none()).then_some(t)
                    })
            })
        }
        // 发文机关 on a 文件 line, else the issuer's name alone on the first line.
        DocumentKind::Notice => cues
            .file_line
            .map(|k| clean(head[k].orig.trim_end_matches("文件").trim()))
            .filter(|o| !o.is_empty())
            .or_else(|| {
                let first = clean(&head.first()?.orig);
                is_org_name(&first).then_some(first)
            }),
        _ => None,
    }
}

/// A site banner (欢迎访问山西职业技术学院!) or a news site's dateline (某某大学新闻网讯).
fn site_banner(head: &[Line<'_>]) -> Option<String> {
    head.iter().take(6).find_map(|l| {
        if let Some(p) = l.sq.find("网讯") {
            let site = l.sq[..p].trim_start_matches(|c: char| !is_han(c));
            let o = site_org(&format!("{site}网")).to_string();
            if is_org_name(&o) {
                return Some(o);
            }
        }
        let rest =
            l.sq.strip_prefix("欢迎访问")
                .or_else(|| l.sq.strip_prefix("欢迎来到"))?;
        let o = rest
            .trim_end_matches(['!', '。', '.', '~'])
            .trim_end_matches("网站")
            .trim_end_matches("官网");
        is_org_name(o).then(|| o.to_string())
    })
}

/// The title of the document by its kind; a report's page title may give its org too.
fn header_title(
    meta: &mut DocumentMeta,
    head: &[Line<'_>],
    cues: &Cues,
    front: Option<&FrontMatter>,
    opening: &[&[char]],
) -> Option<String> {
    let named = || opening_meeting_name(opening);
    match meta.kind {
        DocumentKind::Minutes => match head
            .iter()
            .find(|l| l.sq.contains("关于") && l.sq.ends_with("纪要"))
        {
            Some(l) => Some(clean(&l.orig)),
            None => minutes_title(
                cues.title_line
                    .map(|k| strip_web_prefix(&clean(&head[k].orig)).to_string()),
                named(),
            )
            .or_else(|| headline(head)),
        },
        DocumentKind::Notice => cues.title_line.map(|k| {
            let mut t = clean(&head[k].orig);
            // A title wrapped over two lines: the first does not end in a title word.
            if k > 0
                && !TITLE_ENDS.iter().any(|e| head[k - 1].sq.ends_with(e))
                && head[k - 1].sq.contains("关于")
                && !head[k].sq.contains("关于")
            {
                t = clean(&head[k - 1].orig) + &t;
            }
            // 【通知公告】关于…的通知: the site's section is not part of the title.
            strip_web_prefix(&t).to_string()
        }),
        _ => front
            .and_then(|f| f.title.clone())
            .or_else(|| {
                // A page title keeps the site's name after the headline
                // (…会议_某某大学新闻网) or its breadcrumb before it.
                let (site, title) = site_title(&headline(head)?);
                if meta.org.is_none() {
                    meta.org = site;
                }
                Some(strip_web_prefix(&title).to_string()).filter(|t| !t.is_empty())
            })
            .or_else(named),
    }
}

/// A report's org from its headline: 嘉职院召开党委(扩大)会议.
fn headline_org(head: &[Line<'_>], title: &str) -> Option<String> {
    // The headline as written: its spaces separate phrases.
    let raw = head
        .iter()
        .find(|l| clean(&l.orig) == title)
        .map_or(title, |l| &l.orig);
    let before = &raw[..raw.find("召开")?];
    let start = before.rfind(|c: char| !is_han(c)).map_or(0, |q| {
        q + before[q..].chars().next().map_or(1, char::len_utf8)
    });
    let subject = &before[start..];
    (is_org_name(subject) && !GENERIC_SUBJECTS.contains(&subject)).then(|| subject.to_string())
}

/// What the opening sentence says where no field did: the date (with `year` where it gives
/// none), the chair (X主持召开, 会议由X主持), the place (在Y召开) and the attendees (副市长X、
/// Y，…Z出席会议).
fn from_opening(
    meta: &mut DocumentMeta,
    opening: &[&[char]],
    year: Option<i32>,
    limit: Option<NaiveDate>,
) {
    if meta.meeting_date.is_none() {
        meta.meeting_date = opening_date(opening, year, limit);
    }
    if meta.chair.is_none() {
        meta.chair = chair_in_opening(opening);
    }
    if meta.place.is_none() {
        meta.place = opening.iter().find_map(|p| {
            let s: String = p.iter().take(160).collect();
            PLACE.captures(&s).map(|c| c[1].to_string())
        });
    }
    if meta.attendees.is_empty() && meta.observers.is_empty() {
        meta.attendees = opening_attendees(opening);
        meta.observers = opening_observers(opening);
    }
}

/// Drops repeated names, keeping the first: a roster by agenda item names some people
/// more than once.
fn dedup(names: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(n.clone()));
}

/// The date of a dated signature ending `lines`, and its issuer where stated: the issuer
/// beside the date (…办公室　2023年9月4日) or on the line before it, with a closing verb
/// (青川市人民政府办公室整理 / 2026年3月14日).
fn dated_issuer(lines: &[Line<'_>]) -> Option<(NaiveDate, Option<String>)> {
    let (last, before) = lines.split_last()?;
    // A date line ends in 日, 印发, 发布 or 制发: most lines need no regex.
    if !last.sq.ends_with(['日', '发', '布']) {
        return None;
    }
    let c = DATE_LINE.captures(&last.sq)?;
    let issuer = c.get(1).map_or("", |m| m.as_str());
    if !issuer.is_empty() && !is_org_name(issuer) {
        return None;
    }
    let date = parse_date(&c[2], None, None)?;
    let issuer = Some(issuer.to_string())
        .filter(|i| !i.is_empty())
        .or_else(|| {
            let prev = &before.last()?.sq;
            let o = ["整理", "印发", "制发", "编发", "编印", "(章)", "(印章)"]
                .iter()
                .find_map(|v| prev.strip_suffix(v))
                .unwrap_or(prev);
            is_org_name(o).then(|| o.to_string())
        });
    Some((date, issuer))
}

/// Web prefixes before a title: 【媒体解读】, 政策原文：.
fn strip_web_prefix(s: &str) -> &str {
    let mut t = s.trim();
    loop {
        if let Some(rest) = t.strip_prefix('【') {
            match rest.find('】') {
                Some(p) if rest[..p].chars().count() <= 10 => {
                    t = rest[p..].trim_start_matches('】').trim_start();
                    continue;
                }
                _ => {}
            }
        }
        let label = t
            .find(['：', ':'])
            .filter(|&p| (2..=6).contains(&t[..p].chars().count()) && t[..p].chars().all(is_han));
        match label {
            Some(p) if t[p..].chars().count() > 6 => {
                t = t[p..].trim_start_matches(['：', ':']).trim_start();
            }
            _ => return t,
        }
    }
}

/// A meeting's ordinal: 第96次, 第二十四次.
static ORDINAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"第[0-9一二三四五六七八九十百零〇]+次").expect("ordinal regex"));

/// The title of minutes from its header line (…纪要) and the meeting's name in the opening
/// sentence: the name with its number (区政府常务会议纪要 + …召开区政府第96次常务会议 →
/// 区政府第96次常务会议); of two names with their number where one extends the other
/// (江宁市白沙区人民政府…会议 / 白沙区人民政府…会议), the shorter, as the longer
/// carries the issuer or its place; a numbered header line without its issuer names the
/// meeting (2026年第1次常务会议纪要 → 2026年第1次常务会议), one that starts with the
/// issuer is the document's own title and stays as written.
fn minutes_title(header: Option<String>, opening: Option<String>) -> Option<String> {
    let numbered = |t: &String| ORDINAL.is_match(t);
    let Some(h) = header else {
        return opening;
    };
    if !numbered(&h) {
        return opening.filter(numbered).or(Some(h));
    }
    let Some(name) = h.strip_suffix("纪要") else {
        return Some(h);
    };
    let hs = squeeze(name);
    if let Some(o) = opening.filter(|o| {
        let os = squeeze(o);
        os.len() < hs.len() && hs.ends_with(&os)
    }) {
        return Some(o);
    }
    if org_prefix(&hs).is_some() {
        return Some(h);
    }
    Some(name.to_string())
}

/// The meeting's name in the opening sentence when it carries the meeting's number:
/// …主持召开区政府第96次常务会议。
fn opening_meeting_name(opening: &[&[char]]) -> Option<String> {
    opening.iter().find_map(|p| {
        let s: String = p.iter().take(160).collect();
        let at = s.find("召开")? + "召开".len();
        let rest = &s[at..];
        let end = rest
            .find([',', '。', ';', ':', '!', '?'])
            .unwrap_or(rest.len());
        let clause = &rest[..end];
        let last = clause.rfind("会议").map(|p| p + "会议".len())?;
        let name = &clause[..last];
        ORDINAL.is_match(name).then(|| name.to_string())
    })
}

/// The people named as attending in the opening paragraphs: the roster clauses before
/// 出席会议, 参加会议, 参加学习 (副市长梁曦、万资平，…办公室主任巫刚出席会议).
fn opening_attendees(opening: &[&[char]]) -> Vec<String> {
    opening_people(
        opening,
        &["出席会议", "参加会议", "参加学习", "出席"],
        false,
    )
}

/// The people named as sitting in or invited: the roster clauses before 列席会议, or
/// before 应邀参加会议 (县人大常委会副主任X、县政协副主席Y应邀参加会议).
fn opening_observers(opening: &[&[char]]) -> Vec<String> {
    let mut people = opening_people(opening, &["列席会议", "列席"], false);
    people.extend(opening_people(
        opening,
        &["参加会议", "出席会议", "参加"],
        true,
    ));
    people
}

/// The roster clauses before the first of `verbs` in the opening paragraphs, the verb
/// preceded by 应邀 (an invitation) exactly when `invited`.
fn opening_people(opening: &[&[char]], verbs: &[&str], invited: bool) -> Vec<String> {
    let verbs: Vec<Vec<char>> = verbs.iter().map(|v| v.chars().collect()).collect();
    const INVITED: [char; 2] = ['应', '邀'];
    opening
        .iter()
        .find_map(|p| {
            let p = &p[..p.len().min(600)];
            // The first verb, found in the characters: most paragraphs name no one.
            let at = p.iter().enumerate().position(|(i, c)| {
                verbs
                    .iter()
                    .any(|v| v.first() == Some(c) && p[i..].starts_with(v))
                    && p[..i].ends_with(&INVITED) == invited
            })?;
            let before = &p[..at];
            let before = before.strip_suffix(&INVITED).unwrap_or(before);
            let sentence = before
                .rsplit(|c| matches!(c, '。' | ';' | ':'))
                .next()
                .unwrap_or(before);
            let mut people: Vec<String> = Vec::new();
            for clause in sentence.rsplit(|&c| c == ',') {
                let clause = string_of(clause);
                match roster_line(&clause) {
                    Some(mut names) => {
                        names.extend(people);
                        people = names;
                    }
                    // A clause of posts only (在校党委常委) names no one but ends nothing.
                    None if roster_entries(&clause).all(|e| e == Entry::Role) => {}
                    None => break,
                }
            }
            (!people.is_empty()).then_some(people)
        })
        .unwrap_or_default()
}

/// A page's front matter: its headline (the part after the site's breadcrumb, before its
/// name: 东岭理工大学->党委常委会专题部署学校安全工作 | example.edu.cn), the site's
/// organisation (the breadcrumb or a tag), and its date.
#[derive(Default)]
struct FrontMatter {
    title: Option<String>,
    org: Option<String>,
    date: Option<NaiveDate>,
}

fn front_matter(text: &str) -> Option<(FrontMatter, &str)> {
    let t = text.trim_start_matches('\u{feff}');
    let mut lines = t.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim() != "---" {
        return None;
    }
    let mut fm = FrontMatter::default();
    let mut consumed = first.len();
    for l in lines.take(60) {
        consumed += l.len();
        let l = l.trim();
        if l == "---" {
            return Some((fm, &t[consumed..]));
        }
        if let Some(v) = l.strip_prefix("title:") {
            let (org, title) = site_title(v.trim().trim_matches(['"', '\'']));
            fm.org = fm.org.or(org);
            fm.title = Some(title).filter(|t| !t.is_empty());
        } else if let Some(v) = l.strip_prefix("date:") {
            fm.date = parse_date(v, None, None);
        } else if let Some(v) = l.strip_prefix("- ") {
            let v = site_org(v.trim());
            if fm.org.is_none() && is_org_name(v) {
                fm.org = Some(v.to_string());
            }
        }
    }
    None
}

/// A site's name as an organisation: 东岭大学新闻网 → 东岭大学.
fn site_org(s: &str) -> &str {
    ["新闻网", "门户网站", "官方网站", "官网", "网站", "网"]
        .iter()
        .find_map(|w| s.strip_suffix(w))
        .unwrap_or(s)
        .trim()
}

/// A web page's title split into the site's organisation and the headline: breadcrumbs
/// (学校->…, 首页>…) before it, the site's name after it (… | site, …_东岭大学新闻网).
fn site_title(v: &str) -> (Option<String>, String) {
    let main = v.split(['|', '｜']).next().unwrap_or(v).trim();
    let mut parts: Vec<&str> = main
        .split("->")
        .flat_map(|p| p.split(['»', '›', '>', '＞']))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut headline = parts.pop().unwrap_or("");
    let mut site: Vec<&str> = parts;
    if let Some((h, s)) = headline.split_once('_') {
        headline = h.trim();
        site.push(s.trim());
    }
    let org = site
        .iter()
        .map(|s| site_org(s))
        .find(|s| is_org_name(s))
        .map(str::to_string);
    (org, clean(headline))
}

/// Where the word naming a record of a meeting begins: 纪要, 会议记录, 决议公告.
fn minutes_word(sq: &str) -> Option<usize> {
    // `contains` is a quick scan; `find` sets up a full substring search.
    ["纪要", "会议记录", "决议公告"]
        .iter()
        .filter(|w| sq.contains(*w))
        .filter_map(|w| sq.find(w))
        .min()
}

/// The headline of a web page: the line before 发布时间/来源, else the first line with 召开.
fn headline(head: &[Line<'_>]) -> Option<String> {
    let cue = head.iter().position(|l| {
        [
            "发布时间",
            "发布日期",
            "发布人",
            "来源:",
            "作者:",
            "点击",
            "阅读数",
        ]
        .iter()
        .any(|c| l.sq.contains(c))
    });
    if let Some(k) = cue {
        let cue_line = &head[k];
        // The headline may share the line with the cue.
        let before_cue = ["发布时间", "发布日期", "发布人", "来源:", "作者:"]
            .iter()
            .filter_map(|c| cue_line.sq.find(c))
            .min()
            .map(|p| &cue_line.sq[..p]);
        if let Some(b) = before_cue.filter(|b| b.chars().count() >= 6) {
            return Some(b.to_string());
        }
        return head[..k]
            .iter()
            .rev()
            .find(|l| !l.sq.contains('>') && l.sq.chars().count() >= 6)
            .map(|l| clean(&l.orig));
    }
    // A short line with 召开, but not the opening sentence (2025年7月30日，…召开…。).
    head.iter()
        .find(|l| {
            l.sq.contains("召开")
                && l.sq.chars().count() <= 60
                && !l.sq.ends_with('。')
                && !FULL_DATE.is_match(&l.sq)
                && !MONTH_DAY.is_match(&l.sq[..l.sq.find("召开").unwrap_or(0)])
        })
        .map(|l| clean(&l.orig))
}

/// The first paragraphs of the body: where a report names its date and chair.
fn opening_paragraphs(norm: &Norm, from: usize) -> impl Iterator<Item = &[char]> {
    norm.paragraphs
        .iter()
        // Paragraphs of the body, not of a page's front matter (its closing --- may join
        // the first line of the body).
        .filter(move |&&(_, e)| e > 0 && norm.map.get(e - 1).is_some_and(|&o| o >= from))
        .take(12)
        .map(move |&(s, e)| {
            let s = (s..e).find(|&i| norm.map[i] >= from).unwrap_or(s);
            &norm.chars[s..e]
        })
        .filter(|p| {
            p[..p.len().min(80)]
                .windows(2)
                .any(|w| matches!(w, ['召', '开'] | ['主', '持'] | ['举', '行']))
        })
}

fn opening_date(
    opening: &[&[char]],
    year: Option<i32>,
    limit: Option<NaiveDate>,
) -> Option<NaiveDate> {
    opening.iter().find_map(|p| {
        let s: String = p.iter().take(60).filter(|&&c| c != BREAK).collect();
        if s.contains("发布") {
            return None;
        }
        parse_date(&s, year, limit)
    })
}

const POSTS: &[&str] = &[
    "书记",
    "院长",
    "校长",
    "主任",
    "局长",
    "部长",
    "厅长",
    "处长",
    "县长",
    "市长",
    "省长",
    "主席",
    "经理",
    "董事长",
    "委员",
    "组长",
    "秘书长",
    "同志",
    "区长",
    "镇长",
    "总监",
];

fn chair_in_opening(opening: &[&[char]]) -> Option<String> {
    opening.iter().find_map(|p| {
        let s = string_of(p);
        let at = s.find("主持")?;
        let mut before = &s[..at];
        // 会议由董事长X召集和主持 / X在Y主持召开
        for w in ["召集和", "召集并", "召集"] {
            before = before.strip_suffix(w).unwrap_or(before);
        }
        if let Some(m) = PLACE.find(&s) {
            if m.end() >= at && m.start() <= at {
                before = &s[..m.start()];
            }
        }
        let run_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !('\u{4E00}'..='\u{9FFF}').contains(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let run = &before[run_start..];
        let name = POSTS
            .iter()
            .filter_map(|p| run.rfind(p).map(|i| (i + p.len(), p)))
            .max_by_key(|(i, _)| *i)
            .map_or(run, |(i, _)| &run[i..]);
        let n = name.chars().count();
        ((2..=4).contains(&n) && !name.contains("会议")).then(|| name.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn meta_of(text: &str) -> DocumentMeta {
        header(text, &Norm::new(text), None)
    }

    #[test]
    fn a_group_of_people_sitting_in_is_no_observer() {
        let meta = meta_of(
            "学院召开党委会\n11月8日，学院党委书记王建平主持召开党委会。学院党委委员参加会议，相关部门负责同志列席会议。\n",
        );
        assert!(meta.observers.is_empty(), "{:?}", meta.observers);
    }

    #[test]
    fn a_minutes_series_number_is_its_doc_number() {
        let meta = meta_of("某县人民政府常务会议纪要\n〔2026〕第12期\n");
        assert_eq!(meta.doc_number.as_deref(), Some("〔2026〕第12期"));
    }

    #[test]
    fn the_body_ends_where_its_meetings_name_begins() {
        let org = |s: &str| org_prefix(s);
        assert_eq!(
            org("东岭理工学院院长办公会纪要").as_deref(),
            Some("东岭理工学院")
        );
        assert_eq!(
            org("东岭大学校长办公会会议纪要").as_deref(),
            Some("东岭大学")
        );
        assert_eq!(
            org("松阳县教育局局务会议纪要").as_deref(),
            Some("松阳县教育局")
        );
        assert_eq!(
            org("中共东湖区委员会常委会会议纪要").as_deref(),
            Some("中共东湖区委员会")
        );
        assert_eq!(org("党委常委会会议纪要"), None);
    }

    #[test]
    fn a_minutes_header_gives_every_field() {
        let m = meta_of(
            "中共某某学院委员会 会议纪要\n\n〔2021〕第24号\n\n2021年12月29日\n\n签发人：雷承锋\n\n名称：2021年第二十四次党委（扩大）会议\n\n时间：12月24日下午3:00\n\n地点：办公楼二层会议室\n\n主持：雷承锋\n\n出席：秦华伟 李高斗\n\n罗贵隆 宋海宏\n\n列席：蒋鸣\n\n记录：张鹏\n\n一、传达精神\n",
        );
        assert_eq!(m.kind, DocumentKind::Minutes);
        assert_eq!(m.org.as_deref(), Some("中共某某学院委员会"));
        assert_eq!(m.doc_number.as_deref(), Some("〔2021〕第24号"));
        assert_eq!(m.meeting_date, NaiveDate::from_ymd_opt(2021, 12, 24));
        assert_eq!(m.issued_date, NaiveDate::from_ymd_opt(2021, 12, 29));
        assert_eq!(m.attendees, ["秦华伟", "李高斗", "罗贵隆", "宋海宏"]);
        assert_eq!(m.observers, ["蒋鸣"]);
        assert_eq!(m.recorder.as_deref(), Some("张鹏"));
        assert_eq!(m.signer.as_deref(), Some("雷承锋"));
    }

    #[test]
    fn a_post_before_a_recorder_name_is_dropped() {
        let m = meta_of("某某股份有限公司\n第三届董事会第七次会议纪要\n主持：董事长 柏某\n记录：董事会秘书 尹某某\n");
        assert_eq!(m.recorder.as_deref(), Some("尹某某"));
        assert_eq!(m.chair.as_deref(), Some("柏某"));
    }

    #[test]
    fn a_report_takes_its_date_and_chair_from_the_opening_sentence() {
        let m = meta_of("欢迎访问某某职业技术学院!\n\n学院召开党委会议\n\n发布时间:2023-05-18阅读数:\n\n5月17日,学院党委书记张三主持召开党委会议。\n");
        assert_eq!(m.kind, DocumentKind::Report);
        assert_eq!(m.org.as_deref(), Some("某某职业技术学院"));
        assert_eq!(m.title.as_deref(), Some("学院召开党委会议"));
        assert_eq!(m.meeting_date, NaiveDate::from_ymd_opt(2023, 5, 17));
        assert_eq!(m.chair.as_deref(), Some("张三"));
    }

    #[test]
    fn a_december_meeting_minuted_in_january_keeps_its_year() {
        assert_eq!(
            parse_date("12月28日", Some(2022), NaiveDate::from_ymd_opt(2022, 1, 5)),
            NaiveDate::from_ymd_opt(2021, 12, 28)
        );
    }

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn a_roster_at_the_end_of_minutes_gives_attendees_observers_and_recorder() {
        let body = "会议研究了防汛工作。\n".repeat(60);
        let m = meta_of(&format!(
            "某县人民政府常务会议纪要\n{body}出 席：甲一鸣、乙二、丙三川\n列 席：\n（一）邀请列席：丁四海、戊五\n（二）政府办：己六、庚七\n（三）发改局辛八，教体局壬九、癸十，营商服务中心子丑寅\n记 录：卯辰\n"
        ));
        assert_eq!(m.attendees, ["甲一鸣", "乙二", "丙三川"]);
        assert_eq!(
            m.observers,
            [
                "丁四海",
                "戊五",
                "己六",
                "庚七",
                "辛八",
                "壬九",
                "癸十",
                "子丑寅"
            ]
        );
        assert_eq!(m.recorder.as_deref(), Some("卯辰"));
    }

    #[test]
    fn names_and_labels_broken_one_character_per_line_are_joined_and_leave_is_not_attendance() {
        let body = "会议研究了防汛工作。\n".repeat(60);
        let m = meta_of(&format!(
            "某县人民政府常务会议纪要\n{body}出\n席：郝大同\n贺\n明\n请\n假：严\n正（外出学习）\n—  —\n列\n席：柏\n松\n记\n录：霍\n然\n—  —\n某县人民政府办公室\n2024 年3 月5 日印发\n"
        ));
        assert_eq!(m.attendees, ["郝大同", "贺明"]);
        assert_eq!(m.observers, ["柏松"]);
        assert_eq!(m.recorder.as_deref(), Some("霍然"));
        assert_eq!(m.issued_date, day(2024, 3, 5));
    }

    #[test]
    fn a_roster_entry_drops_the_post_or_unit_before_a_name() {
        let person = |s: &str| Entry::Person(s.to_string());
        assert_eq!(roster_entry("政府副区长朱甲乙"), person("朱甲乙"));
        assert_eq!(roster_entry("市场监管局李丙"), person("李丙"));
        assert_eq!(roster_entry("新华街道办事处武丁戊"), person("武丁戊"));
        assert_eq!(roster_entry("张己庚（赴省城对接工作）"), person("张己庚"));
        assert_eq!(roster_entry("副县长石庚同志"), person("石庚"));
        assert_eq!(roster_entry("买买提·艾力"), person("买买提·艾力"));
        assert_eq!(roster_entry("区委常委"), Entry::Role);
        assert_eq!(roster_entry("各乡镇"), Entry::Role);
        assert_eq!(roster_entry("根据会议意见修改完善"), Entry::Other);
    }

    #[test]
    fn a_sentence_with_a_colon_is_not_a_roster_line() {
        assert_eq!(
            roster_line("会议决定：成立县域医共体建设工作专班，由副局长柴某任组长。"),
            None
        );
        assert_eq!(
            roster_line("第二至三议题：区教育局雷甲、区城投公司祁乙"),
            Some(vec!["雷甲".to_string(), "祁乙".to_string()])
        );
    }

    #[test]
    fn per_agenda_observers_continue_a_fixed_observer_list_without_repeats() {
        let m = meta_of(
            "某区人民政府2025年第3次常务会议纪要\n出 席：区委常委、政府副区长甲乙、丙丁，政府副区长戊己。\n固定列席：区政府办公室庚辛、区司法局壬癸。\n第一议题：区住建局子丑、区城投公司寅卯。\n第二议题：区住建局子丑、区公安分局辰巳。\n",
        );
        assert_eq!(m.attendees, ["甲乙", "丙丁", "戊己"]);
        assert_eq!(m.observers, ["庚辛", "壬癸", "子丑", "寅卯", "辰巳"]);
    }

    #[test]
    fn who_attended_may_be_stated_as_those_present_were() {
        let m =
            meta_of("某村村民委员会会议纪要\n出席会议的有：甲一、乙二、丙三\n列席会议的有：丁四\n");
        assert_eq!(m.attendees, ["甲一", "乙二", "丙三"]);
        assert_eq!(m.observers, ["丁四"]);
    }

    #[test]
    fn a_spaced_label_cut_by_a_wide_gap_is_still_one_field() {
        let m = meta_of("某局局务会议纪要\n出　　席：甲乙　丙丁\n记　　录：戊己\n");
        assert_eq!(m.attendees, ["甲乙", "丙丁"]);
        assert_eq!(m.recorder.as_deref(), Some("戊己"));
    }

    #[test]
    fn minutes_without_a_numbered_header_take_the_numbered_meeting_name_of_the_opening() {
        let m = meta_of(
            "区政府常务会议纪要\n长府会议纪要〔2025〕2号\n2025年1月21日下午，区长某甲主持召开区政府第96\n次常务会议。\n会议听取了汇报。\n",
        );
        assert_eq!(m.title.as_deref(), Some("区政府第96次常务会议"));
        assert_eq!(m.org.as_deref(), Some("区政府"));
    }

    #[test]
    fn of_two_numbered_names_where_one_extends_the_other_the_shorter_is_the_title() {
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            minutes_title(
                some("2026年第1次常务会议纪要"),
                some("区人民政府2026年第1次常务会议")
            ),
            some("2026年第1次常务会议")
        );
        assert_eq!(
            minutes_title(
                some("某市某区人民政府2026年第2次常务会议纪要"),
                some("某区人民政府2026年第2次常务会议")
            ),
            some("某区人民政府2026年第2次常务会议")
        );
        // A numbered title that starts with the issuer is the document's own.
        assert_eq!(
            minutes_title(some("某某科技有限公司第二届董事会第五次会议纪要"), None),
            some("某某科技有限公司第二届董事会第五次会议纪要")
        );
        assert_eq!(
            minutes_title(some("第三届董事会第七次会议纪要"), None),
            some("第三届董事会第七次会议")
        );
        // Without a number the header's title stays as written.
        assert_eq!(
            minutes_title(some("某县教育局局务会议纪要"), None),
            some("某县教育局局务会议纪要")
        );
    }

    #[test]
    fn a_party_committee_meeting_names_the_committee_as_org() {
        let m = meta_of("某某职业技术学院党委会会议纪要\n时间：2024年5月28日上午\n");
        assert_eq!(m.org.as_deref(), Some("某某职业技术学院党委"));
    }

    #[test]
    fn a_meeting_type_before_the_minutes_word_is_not_the_org() {
        let m = meta_of("中共某某大学委员会\n党委常委会会议纪要\n第12期\n5月30日，校党委书记某甲主持召开2024年第12次党委常委会会议。\n");
        assert_eq!(m.org.as_deref(), Some("中共某某大学委员会"));
        assert_eq!(m.title.as_deref(), Some("2024年第12次党委常委会会议"));
    }

    #[test]
    fn a_web_prefix_before_the_minutes_line_is_neither_title_nor_org() {
        let m = meta_of(
            "政策原文：\n【媒体解读】某市某区人民政府2026年第2次常务会议纪要\n2026年2月11日，区长某甲主持召开某区人民政府2026年第2次常务会议。\n",
        );
        assert_eq!(m.org.as_deref(), Some("某市某区人民政府"));
        assert_eq!(m.title.as_deref(), Some("某区人民政府2026年第2次常务会议"));
    }

    #[test]
    fn digits_split_by_a_space_are_one_number() {
        assert_eq!(clean("202 6 年第 1 次 常务 会议"), "2026年第1次常务会议");
        assert_eq!(clean("PM 2.5"), "PM 2.5");
    }

    #[test]
    fn the_stated_date_of_writing_comes_before_the_web_publication_date() {
        let m = meta_of(
            "发文机关：　某部办公厅\n标　　题：　某部办公厅关于做好培训工作的通知\n成文日期：　2025-05-29\n发布日期：　2025-05-30\n某部办公厅关于做好培训工作的通知\n各有关单位：\n",
        );
        assert_eq!(m.org.as_deref(), Some("某部办公厅"));
        assert_eq!(m.title.as_deref(), Some("某部办公厅关于做好培训工作的通知"));
        assert_eq!(m.issued_date, day(2025, 5, 29));
    }

    #[test]
    fn a_document_page_table_gives_number_and_date_of_issue() {
        let m = meta_of("索引号：　0001-2025-00012\n发文字号：　某府办发〔2025〕12号\n发文日期：　2025年03月04日\n名　　称：　某县人民政府办公室关于做好春耕工作的通知\n各乡镇人民政府：\n");
        assert_eq!(m.doc_number.as_deref(), Some("某府办发〔2025〕12号"));
        assert_eq!(m.issued_date, day(2025, 3, 4));
        assert_eq!(
            m.title.as_deref(),
            Some("某县人民政府办公室关于做好春耕工作的通知")
        );
    }

    #[test]
    fn the_office_that_signs_at_the_end_is_the_org_of_minutes_without_a_header() {
        let body = "会议强调，要抓好落实。\n".repeat(50);
        let m = meta_of(&format!(
            "2026年3月6日下午，市长某甲在市政府501会议室主持召开市政府第64次常务会议。副市长乙丙、丁戊，市政府秘书长己庚出席会议。会议议定以下意见：\n{body}某市人民政府办公室整理\n2026年3月14日\n（此件公开发布）\n"
        ));
        assert_eq!(m.kind, DocumentKind::Minutes);
        assert_eq!(m.org.as_deref(), Some("某市人民政府办公室"));
        assert_eq!(m.issued_date, day(2026, 3, 14));
        assert_eq!(m.title.as_deref(), Some("市政府第64次常务会议"));
        assert_eq!(m.meeting_date, day(2026, 3, 6));
        assert_eq!(m.place.as_deref(), Some("市政府501会议室"));
        assert_eq!(m.chair.as_deref(), Some("某甲"));
        assert_eq!(m.attendees, ["乙丙", "丁戊", "己庚"]);
    }

    #[test]
    fn front_matter_gives_the_headline_the_site_org_and_the_year() {
        let m = meta_of(
            "---\ntitle: 某某理工大学->党委常委会专题部署安全工作 | abc.edu.cn\ndate: 2021-11-03 01:22:13.9\ntags: \n- 某某理工大学\n---\n11月2日，学校在主楼会议室召开党委常委会会议。校党委书记某甲主持会议，校领导乙丙、丁戊，校长助理己庚参加会议。\n",
        );
        assert_eq!(m.kind, DocumentKind::Report);
        assert_eq!(m.org.as_deref(), Some("某某理工大学"));
        assert_eq!(m.title.as_deref(), Some("党委常委会专题部署安全工作"));
        assert_eq!(m.meeting_date, day(2021, 11, 2));
        assert_eq!(m.chair.as_deref(), Some("某甲"));
        assert_eq!(m.attendees, ["乙丙", "丁戊", "己庚"]);
    }

    #[test]
    fn a_headline_with_the_site_name_gives_the_headline_and_the_site_org() {
        let m = meta_of("学院召开2023年第12次院长办公会_某某职业技术学院新闻网\n发布时间：2023-06-30\n6月28日下午，院长某甲主持召开2023年第12次院长办公会。\n");
        assert_eq!(m.title.as_deref(), Some("学院召开2023年第12次院长办公会"));
        assert_eq!(m.org.as_deref(), Some("某某职业技术学院"));
    }

    #[test]
    fn invited_and_sitting_in_people_of_the_opening_are_observers() {
        let m = meta_of("4月2日，县长某甲主持召开县政府第9次常务会议。副县长甲乙、丙丁出席会议，县人大常委会副主任戊己应邀参加会议，县财政局局长庚辛、县审计局局长壬癸列席会议。\n");
        assert_eq!(m.attendees, ["甲乙", "丙丁"]);
        assert_eq!(m.observers, ["庚辛", "壬癸", "戊己"]);
    }

    #[test]
    fn a_site_section_before_a_title_is_not_part_of_it() {
        let m =
            meta_of("【通知公告】关于做好2024年防汛工作的通知\n某府办发〔2024〕3号\n各乡镇：\n");
        assert_eq!(m.title.as_deref(), Some("关于做好2024年防汛工作的通知"));
        let m = meta_of("【学校要闻】学校召开2024年安全工作会议\n发布时间：2024-03-02\n3月1日，学校召开2024年安全工作会议。\n");
        assert_eq!(m.title.as_deref(), Some("学校召开2024年安全工作会议"));
    }

    #[test]
    fn a_news_dateline_names_the_site_org() {
        let m = meta_of("学校召开党委常委会会议\n发布时间：2024-04-12\n某某理工大学新闻网讯（通讯员 甲乙）4月10日，学校召开党委常委会会议。\n");
        assert_eq!(m.org.as_deref(), Some("某某理工大学"));
    }

    #[test]
    fn a_body_sentence_ending_in_a_title_word_is_not_a_title() {
        let m = meta_of("2024年3月5日，县长某甲主持召开县政府常务会议。\n会议听取了县财政局关于预算执行情况的报告\n会议议定以下意见：\n");
        assert_ne!(
            m.title.as_deref(),
            Some("会议听取了县财政局关于预算执行情况的报告")
        );
    }

    #[test]
    fn posts_alone_before_the_attendance_verb_name_no_attendees() {
        let m = meta_of("学院召开党委会议\n发布时间：2023-05-18\n5月17日，学院党委书记某甲主持召开党委会议，全体党委委员出席会议。\n");
        assert!(m.attendees.is_empty(), "{:?}", m.attendees);
    }

    #[test]
    fn an_agenda_heading_is_not_the_title_of_a_notice() {
        let m = meta_of(
            "2026年3月6日下午，市长某甲主持召开市政府第64次常务会议。\n二、审议2026年主要目标任务分工方案\n（一）会议原则通过该方案。\n",
        );
        assert_ne!(m.kind, DocumentKind::Notice);
        assert_eq!(m.title.as_deref(), Some("市政府第64次常务会议"));
    }

    mod never_panics {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

            #[test]
            fn on_text_made_of_header_pieces(s in "(出 席：|列\n席：|记\n录：|请假：|---\n|title: |date: 2024-01-02\n|- |->| \\| |_|纪要|第1次|召开|会议|主持|出席会议|应邀参加|列席会议|2024年3月5日|印发|整理|【|】|（一）|（|）|·|发文机关：|成文日期：|[甲乙丙丁局办镇长委常：:，,、。\n 　\t]){0,120}") {
                let _ = header(&s, &Norm::new(&s), None);
            }

            #[test]
            fn on_arbitrary_text(s in "\\PC{0,300}") {
                let _ = header(&s, &Norm::new(&s), None);
            }
        }
    }
}
