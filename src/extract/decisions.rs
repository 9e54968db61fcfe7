//! Decisions (决定): what the meeting itself decided — 会议决定 / 会议研究决定 / (原则上)同意 /
//! 审议通过 / 表决通过 / 原则通过 / 批准 / 议定, elections, appointments and awards
//! (会议选举/任命/聘任/表彰/授予…). The object may follow the verdict (会议原则同意《…》) or
//! come before it (…提交的《…》，会议原则通过). Several titled documents approved in one
//! sentence are one decision each; an untitled list governed by one verb (A、B、C项目按程序
//! 立项) is one. Not decisions: a contentless 还研究决定了其他事项, a matter only heard or
//! discussed (会议审议了《…》 without a verdict), approval still to come from someone else
//! (报县政府常务会议审议通过后印发), and decisions of other bodies that the text reports
//! (会议指出，省委全会审议通过了《…》). A verdict with no object of its own (关于X。会议原则
//! 同意，由Y…; 会议原则同意该方案) is handed back pointing at the sentence before, which the
//! caller reads ([`named_documents`], [`labelled_topic`]).

use std::sync::LazyLock;

use super::charset::CharSet;
use super::normalize::{string_of, WordList};

/// A decision found in one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub verdict: String,
    pub title: String,
    /// Whether the sentence names the meeting as the one deciding (会议原则同意…,
    /// …，会议同意). A text that otherwise reads as a notice records a meeting's
    /// decision only so.
    pub names_meeting: bool,
    /// Where in the sentence the decision's words begin: the clause of its verdict (with
    /// the 会议决定： that introduced it), or its object where that stands first.
    pub from: usize,
    /// Where in the sentence an object that gives the work to a body starts (同意由X…).
    pub assigns: Option<usize>,
}

/// How much a verdict word needs its subject checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// 审议通过, 表决通过, 原则通过: the word itself records a deliberation or a vote; any
    /// subject but another body's meeting.
    Deliberated,
    /// 同意, 批准, 决定: the meeting is the subject, or no one is (a list item, a clause
    /// after the meeting's account of the matter).
    Meeting,
    /// 通过, 选举, 任命, 表彰, 授予: everyday words elsewhere (通过学院官网…); a verdict only
    /// with the meeting named as their subject.
    Named,
}

/// Verdict words; of two starting alike, the longer first.
const VERDICTS: &[(&str, Class)] = &[
    ("原则上同意", Class::Meeting),
    ("原则上通过", Class::Deliberated),
    ("原则同意", Class::Meeting),
    ("原则通过", Class::Deliberated),
    ("原则批准", Class::Meeting),
    ("一致同意", Class::Meeting),
    ("一致通过", Class::Deliberated),
    ("审议通过", Class::Deliberated),
    ("表决通过", Class::Deliberated),
    ("讨论通过", Class::Deliberated),
    ("研究通过", Class::Deliberated),
    ("审定通过", Class::Deliberated),
    ("同意", Class::Meeting),
    ("批准", Class::Meeting),
    ("决定", Class::Meeting),
    ("议定", Class::Meeting),
    ("通过", Class::Named),
    ("选举", Class::Named),
    ("推选", Class::Named),
    ("增补", Class::Named),
    ("任命", Class::Named),
    ("聘任", Class::Named),
    ("表彰", Class::Named),
    ("授予", Class::Named),
    ("审定", Class::Named),
    ("免去", Class::Named),
    ("推荐", Class::Named),
];

/// [`VERDICTS`] as characters.
static VERDICT_WORDS: LazyLock<WordList> =
    LazyLock::new(|| WordList::new(&VERDICTS.iter().map(|&(w, _)| w).collect::<Vec<_>>()));

/// The words a clause may open with when the meeting itself gives the verdict: the meeting
/// as subject (会议, 会上, 与会同志, 董事会), how it deliberated (经, 研究, 审议, 讨论, 认真),
/// how it voted (一致, 以举手表决方式) and joiners (还, 并, 决定). Any sequence of them
/// makes such an opening: 会议研究审议并, 经会议认真研究, 会议以无记名投票方式一致.
/// Of two starting alike, the longer first.
const MEETING_WORDS: &[&str] = &[
    "本次会议",
    "此次会议",
    "会议上",
    "会议",
    "会上",
    "全体与会人员",
    "全体与会同志",
    "与会人员",
    "与会同志",
    "与会董事",
    "与会委员",
    "与会代表",
    "与会成员",
    "与会",
    "全体委员",
    "全体董事",
    "全体成员",
    "全体参会人员",
    "全体",
    "参会人员",
    "大家",
    "董事会",
    "监事会",
    "理事会",
    "委员会",
    "党委会",
    "党组会",
    "经过",
    "经",
    "研究",
    "讨论",
    "审议",
    "审阅",
    "审查",
    "认真",
    "集体",
    "充分",
    "一致",
    "原则上",
    "原则",
    "还",
    "并",
    "也",
    "又",
    "同时",
    "决定",
    "同意",
    "了",
    "后",
    "表决",
    "投票",
    "举手",
    "无记名",
    "记名",
    "书面",
    "通讯",
    "通过",
    "以",
    "方式",
    "形式",
    "最终",
    "最后",
    "对此",
    "为此",
    "据此",
    "现",
];

/// [`MEETING_WORDS`] as characters.
static MEETING_WORD_LIST: LazyLock<WordList> = LazyLock::new(|| WordList::new(MEETING_WORDS));

/// Whether a clause opening before a verdict has the meeting give it: nothing but
/// [`MEETING_WORDS`] (会议研究审议并), or the meeting having first heard or read the matter
/// (会议听取了…的汇报后, 会议审议了《…》并).
fn meeting_speaks(prefix: &[char]) -> bool {
    let mut i = 0;
    while let Some((_, len)) = MEETING_WORD_LIST.prefix_of(&prefix[i..]) {
        i += len;
    }
    if i == prefix.len() {
        return true;
    }
    let s = string_of(prefix);
    let Some(rest) = ["本次会议", "此次会议", "会议", "会上"]
        .iter()
        .find_map(|w| s.strip_prefix(w))
    else {
        return false;
    };
    let rest = rest.trim_start_matches(['还', '也', '又', '在']);
    ["听取", "审议", "审阅", "研究", "讨论"]
        .iter()
        .any(|w| rest.starts_with(w))
        && ["并", "后", "之后", "基础上"]
            .iter()
            .any(|w| rest.ends_with(w))
}

/// Whether a clause opening names the meeting (会议, 会上, 与会…).
fn names_meeting(prefix: &str) -> bool {
    ["会议", "会上", "与会"].iter().any(|w| prefix.contains(w))
}

/// Words before a verdict showing the sentence reports what someone said or another body did.
const REPORTED: &[&str] = &[
    "指出",
    "强调",
    "认为",
    "表示",
    "传达",
    "介绍",
    "提到",
    "谈到",
    "全会",
    "大会",
    "常委会",
    "代表大会",
    "人大",
    "国务院",
    "党中央",
];

/// Whether the words before a verdict show the sentence reports what someone said or
/// another body did ([`REPORTED`]). A university's or a company's own standing committee
/// (学校党委常委会召开会议，审议通过了…) is the meeting recorded, not another body.
/// Bodies above a school or a company, whose meetings its minutes may report.
const HIGHER: &[&str] = &[
    "中央",
    "国务院",
    "省委",
    "市委",
    "县委",
    "区委",
    "州委",
    "省政府",
    "市政府",
    "县政府",
    "区政府",
    "教育部",
    "教育厅",
    "国资委",
    "上级",
];

/// [`REPORTED`] as characters.
static REPORTED_WORDS: LazyLock<WordList> = LazyLock::new(|| WordList::new(REPORTED));

/// 会议认为…，同意… states the meeting's own view before its verdict.
fn reported(before: &[char], class: Class) -> bool {
    const OWN: &[&str] = &["学校", "校", "学院", "公司", "集团"];
    (0..before.len()).any(|at| {
        let Some((k, _)) = REPORTED_WORDS.prefix_of(&before[at..]) else {
            return false;
        };
        let w = REPORTED[k];
        let head = string_of(&before[..at]);
        // The clause naming the body: its own school or company, no higher level.
        let clause = head.rsplit([',', '。', ';', ':']).next().unwrap_or(&head);
        let own = matches!(w, "常委会" | "全会" | "大会")
            && OWN.iter().any(|o| clause.contains(o))
            && !HIGHER.iter().any(|h| clause.contains(h));
        // 会议认为 / 会议一致认为 / 与会同志认为, opening the sentence.
        let own_view = w == "认为"
            && class == Class::Meeting
            && (head.starts_with("会议") || head.starts_with("与会"))
            && head.chars().count() <= 6;
        !own && !own_view
    })
}

/// Whether a clause opening sends the matter on to be approved (报…审议通过, 提请…,
/// 须经…): the approval is still to come, from someone else.
fn procedure(prefix: &str) -> bool {
    ["报", "提请", "提交", "待", "须", "需", "拟", "将", "按程序"]
        .iter()
        .any(|w| prefix.starts_with(w))
        || ["须经", "需经", "后报", "报请", "提请"]
            .iter()
            .any(|w| prefix.contains(w))
}

/// Whether a clause opening names a meeting other than the one recorded (省政府常务会议,
/// 省委常委会会议还): a body's name in front of 会议/全会/常委会. A university's or a
/// company's own committees and boards (学位评定委员会第三次会议, 董事会第八次会议) record
/// their own verdicts.
fn another_meeting(prefix: &str) -> bool {
    let p = prefix.trim_end_matches(['还', '也', '并', '又']);
    let names_meeting = ["会议", "全会", "常委会", "常务会", "大会"]
        .iter()
        .any(|w| p.ends_with(w));
    names_meeting
        && p.chars().count() > 2
        && !["本次", "此次", "这次", "该次", "今天", "与会"]
            .iter()
            .any(|w| p.starts_with(w))
        && ![
            "学术委员会",
            "学位评定委员会",
            "学位评定分委员会",
            "学位委员会",
            "校务委员会",
            "教授委员会",
            "董事会",
            "监事会",
            "理事会",
        ]
        .iter()
        .any(|w| p.contains(w))
}

/// Contentless objects: nothing to track.
fn contentless(obj: &str) -> bool {
    let o = obj.trim_start_matches('了');
    (o.starts_with("其他") || o.starts_with("其它")) && o.chars().count() <= 8
        || o.starts_with("以下")
        || o.starts_with("如下")
        || o.starts_with("下列")
        || o.ends_with("如下")
        || matches!(
            o,
            "有关事项" | "相关事项" | "如下事项" | "以下事项" | "如下" | ""
        )
}

/// An object that only says how the matter goes on (同意按照会议意见修改完善后印发, 同意
/// 按程序报批): the matter itself was named before the verdict.
fn only_procedure(obj: &str) -> bool {
    [
        "按照会议",
        "根据会议",
        "按会议",
        "依照会议",
        "修改完善后",
        "按程序",
        "按照程序",
        "按规定程序",
        "按有关程序",
    ]
    .iter()
    .any(|w| obj.starts_with(w))
}

/// An object that only points back at a matter named before (该方案, 上述事项, 此项).
fn points_back(obj: &str) -> bool {
    let o = obj.trim_start_matches('了');
    [
        "该", "此", "上述", "以上", "前述", "这一", "这些", "这个", "这项", "其",
    ]
    .iter()
    .any(|w| o.starts_with(w))
        && o.chars().count() <= 8
}

fn starts_with(chars: &[char], pat: &str) -> bool {
    let mut it = chars.iter();
    pat.chars().all(|p| it.next() == Some(&p))
}

/// What may follow a comma that ends a decision's object: its implementation (，由X负责),
/// a requirement, or another verdict.
const OBJECT_STOPS: &[&str] = &[
    "由",
    "具体由",
    "请",
    "责成",
    "要求",
    "并由",
    "并要求",
    "并请",
    "同时",
    "会后",
    "同意",
    "原则同意",
    "原则上同意",
    "批准",
    "审议通过",
];

/// Where a decision's object ends: at the end of the sentence, or before a comma that
/// hands out its implementation (，由X负责).
fn object_end(sentence: &[char], from: usize) -> usize {
    let mut end = from;
    let mut d = 0i32;
    while end < sentence.len() {
        match sentence[end] {
            '《' | '“' | '(' => d += 1,
            '》' | '”' | ')' => d = (d - 1).max(0),
            '。' | ';' | '!' | '?' if d == 0 => break,
            ',' if d == 0 => {
                let rest = &sentence[end + 1..];
                if OBJECT_STOPS.iter().any(|w| starts_with(rest, w)) || opens_verdict(rest) {
                    break;
                }
            }
            _ => {}
        }
        end += 1;
    }
    end
}

/// Whether a clause opens with another verdict of the same speaker (…，聘任X为总经理).
fn opens_verdict(clause: &[char]) -> bool {
    VERDICT_WORDS
        .prefix_of(clause)
        .is_some_and(|(k, _)| VERDICTS[k].0 != "通过")
}

/// The decisions in one sentence.
#[must_use]
pub fn decisions_in(sentence: &[char]) -> Vec<Found> {
    let mut out = Vec::new();
    // Every verdict starts with one of these.
    static VERDICT_STARTS: CharSet = CharSet::new("原一审表讨研同批决议通选推增任聘授免");
    // Most sentences hold no verdict word at all: find that out with the cheap test first.
    let has_verdict = sentence.iter().enumerate().any(|(i, &c)| {
        VERDICT_STARTS.contains(c) && VERDICT_WORDS.prefix_of(&sentence[i..]).is_some()
    });
    if !has_verdict {
        return out;
    }
    let mut depth = 0i32;
    // Where the current clause starts, and where the text not yet given to a decision starts
    // (an object standing before its verdict lies between the two).
    let mut clause_start = 0;
    let mut free_start = 0;
    // A verdict that a 会议决定 before it has already shown to be the meeting's.
    let mut vouched = false;
    // Where the clause of the verdict that vouched starts.
    let mut vouched_from = 0;
    let mut vouched_named = false;
    let mut i = 0;
    while i < sentence.len() {
        let c = sentence[i];
        match c {
            '《' | '“' | '(' => depth += 1,
            '》' | '”' | ')' => depth = (depth - 1).max(0),
            ',' | ':' if depth == 0 => clause_start = i + 1,
            ';' if depth == 0 => {
                clause_start = i + 1;
                free_start = i + 1;
            }
            _ => {}
        }
        // Only a verdict's first character can start one: skip the table for the rest.
        if depth > 0 || !VERDICT_STARTS.contains(c) {
            i += 1;
            continue;
        }
        let Some((k, vlen)) = VERDICT_WORDS.prefix_of(&sentence[i..]) else {
            i += 1;
            continue;
        };
        let (v, class) = VERDICTS[k];
        let prefix = trim_marker(&sentence[clause_start..i]);
        let after = &sentence[i + vlen..];
        let next = after.first().copied();
        // The checks on the words around the verdict come first: they are cheap, and most
        // everyday uses of these words (通过…方式, 同意的, 批准后) fail them.
        let plausible = next != Some('的')
            && match class {
                Class::Deliberated => !starts_with_means(after) && next != Some('后'),
                Class::Meeting => {
                    !matches!(
                        next,
                        Some('性' | '书' | '权' | '着' | '后' | '和' | '票')
                    ) && !after
                        .iter()
                        .find(|&&c| c != ':')
                        .is_some_and(char::is_ascii_digit)
                        // 同意与否; but 同意与某公司签订协议 is a verdict.
                        && !starts_with(after, "与否")
                }
                Class::Named => {
                    (vouched
                        || !prefix.is_empty()
                        || !out.is_empty()
                        || procedural_opener(&sentence[free_start..clause_start]))
                        // 通过 alone records a verdict only on what it passed (通过了, 通过《…》).
                        && (v != "通过" || matches!(next, Some('了' | '《' | '“' | ':')))
                }
            };
        let speaks = plausible
            && (vouched || meeting_speaks(prefix))
            && !(prefix.is_empty() && answered(&sentence[free_start..clause_start]));
        let prefix_text = if plausible {
            string_of(prefix)
        } else {
            String::new()
        };
        let ok = plausible
            && match class {
                Class::Deliberated => !procedure(&prefix_text),
                Class::Meeting | Class::Named => speaks,
            };
        if !ok || reported(&sentence[..i], class) {
            vouched = false;
            i += vlen;
            continue;
        }
        // 省政府常务会议审议通过了《…》，…，同意…: another body's meeting is the subject,
        // and everything the sentence goes on to list is that body's too.
        if !speaks && !procedure(&prefix_text) && another_meeting(&prefix_text) {
            return Vec::new();
        }
        let named = (vouched && vouched_named) || names_meeting(&prefix_text);
        // 会议决定：原则同意… — the verdict that follows speaks for the decision.
        let mut j = i + vlen;
        while j < sentence.len() && matches!(sentence[j], ':' | ',' | '了') {
            j += 1;
        }
        if matches!(v, "决定" | "议定") && VERDICT_WORDS.prefix_of(&sentence[j..]).is_some() {
            if !vouched {
                vouched_from = clause_start;
                vouched_named = named;
            }
            i = j;
            clause_start = j;
            vouched = true;
            continue;
        }
        let from = if vouched { vouched_from } else { clause_start };
        // 经会议研究，批准…: clauses that only say how the meeting went about it open the
        // decision too, and may name the meeting.
        let (from, named) = if from > free_start && procedural_opener(&sentence[free_start..from]) {
            (
                free_start,
                named || names_meeting(&string_of(&sentence[free_start..from])),
            )
        } else {
            (from, named)
        };
        vouched = false;
        // 会议原则通过，由X负责… — nothing after the verdict but its implementation.
        let mut j = i + vlen;
        while j < sentence.len() && matches!(sentence[j], ':' | '了') {
            j += 1;
        }
        if sentence.get(j) == Some(&',')
            && !OBJECT_STOPS
                .iter()
                .any(|w| starts_with(&sentence[j + 1..], w))
        {
            j += 1;
        }
        let end = if sentence.get(j) == Some(&',') {
            j
        } else {
            object_end(sentence, j)
        };
        let after_object = string_of(&sentence[j..end]);
        let after_object = after_object.trim_end_matches([',', ':']);
        // …提交的《…》，会议原则通过 / 会议审议了《…》，原则同意该方案: the object stands before.
        let bare = after_object.trim_start_matches('了').is_empty();
        let before_object = if bare || points_back(after_object) || only_procedure(after_object) {
            object_before(&sentence[free_start..clause_start])
        } else {
            None
        };
        let (object, from) = match before_object {
            Some(o) => (o, free_start),
            None if bare => (String::new(), from),
            None => (after_object.to_string(), from),
        };
        // 同意由X…: the object itself hands the work to X.
        let assigns = (sentence.get(j) == Some(&'由')).then_some(j);
        // 同意《X》，并决定由Y负责 / 通过《X》，决定自1月1日起施行: a 决定 after a decision
        // that only hands it to someone or dates it adds no decision (the task comes from
        // the assignment).
        let elaborates = matches!(v, "决定" | "议定")
            && !out.is_empty()
            && (object.starts_with('由') || object.starts_with('自') && object.contains('起'));
        // 关于X。会议原则同意，由Y负责…: a verdict with no object in its sentence points
        // back at the matter named before it (the caller looks there).
        let titles = if bare && object.is_empty() && !matches!(v, "决定" | "议定") {
            vec![String::new()]
        } else if contentless(&object) || elaborates {
            Vec::new()
        } else {
            objects_of(&object)
        };
        out.extend(titles.into_iter().map(|title| Found {
            verdict: v.to_string(),
            // A title read over a line break (十、…《关于审定⏎…的请示》) is one line.
            title: title.replace(super::normalize::BREAK, ""),
            names_meeting: named,
            from,
            assigns,
        }));
        i = end.max(i + vlen);
        clause_start = i;
        free_start = i;
    }
    out
}

/// A clause opening without its list marker (（二）, 3., ①).
fn trim_marker(prefix: &[char]) -> &[char] {
    let n = prefix
        .iter()
        .take_while(|&&c| {
            c.is_ascii_digit()
                || super::numerals::is_cn_numeral_char(c)
                || matches!(c, '.' | '、' | '(' | ')' | '\u{2460}'..='\u{2473}')
        })
        .count();
    &prefix[n..]
}

/// Whether the clause before an unopened verdict says someone else answered (省发改委已
/// 批复，同意…; 市财政局回复，同意…): the verdict is theirs, reported.
fn answered(before: &[char]) -> bool {
    let s = string_of(before);
    let s = s.trim_end_matches([',', ':']);
    [
        "批复", "回复", "函复", "答复", "复函", "反馈", "表示", "来函",
    ]
    .iter()
    .any(|w| s.ends_with(w))
}

/// Whether the clauses before a verdict's own only say how the meeting went about it
/// (会议以无记名投票方式，选举…; 经会议研究，批准…).
fn procedural_opener(opener: &[char]) -> bool {
    let opener = trim_marker(opener);
    let trailing = opener
        .iter()
        .rev()
        .take_while(|&&c| matches!(c, ',' | ':'))
        .count();
    let opener = &opener[..opener.len() - trailing];
    !opener.is_empty() && (meeting_speaks(opener) || meeting_took_up(opener))
}

/// Whether a clause is the meeting's account of taking up the matter (会议听取了…的汇报,
/// 会议审议了《…》): what a verdict after it decides on.
fn meeting_took_up(clause: &[char]) -> bool {
    let s = string_of(clause);
    let Some(rest) = ["本次会议", "此次会议", "会议", "会上"]
        .iter()
        .find_map(|w| s.strip_prefix(w))
    else {
        return false;
    };
    let rest = rest.trim_start_matches(['还', '也', '又', '在', '首', '先']);
    let rest = rest.strip_prefix("认真").unwrap_or(rest);
    ["听取", "审议", "审阅", "研究", "讨论"]
        .iter()
        .any(|w| rest.starts_with(w))
}

/// 通过视频方式, 通过线上会议: 通过 as "by means of", not a verdict.
fn starts_with_means(after: &[char]) -> bool {
    ["视频", "线上", "网络", "电话", "远程"]
        .iter()
        .any(|w| starts_with(after, w))
}

/// The object of a verdict that comes after it (…提交的《…》，会议原则通过): the clauses
/// before the verdict's, without a leading 对/关于, unless they only say how the meeting
/// went about it (经研究，会议同意).
fn object_before(text: &[char]) -> Option<String> {
    let s = string_of(trim_marker(text));
    let s = s.trim_end_matches([',', ':']);
    let s = ["对于", "关于", "针对", "对", "就"]
        .iter()
        .find_map(|w| s.strip_prefix(w))
        .unwrap_or(s);
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() || meeting_speaks(&chars) || contentless(s) {
        return None;
    }
    // 会议讨论了X: the matter is X.
    let s = if meeting_took_up(&chars) {
        let rest = ["本次会议", "此次会议", "会议", "会上"]
            .iter()
            .find_map(|w| s.strip_prefix(w))
            .unwrap_or(s)
            .trim_start_matches(['还', '也', '又', '在', '首', '先']);
        let rest = rest.strip_prefix("认真").unwrap_or(rest);
        let rest = ["听取", "审议", "审阅", "研究", "讨论"]
            .iter()
            .find_map(|w| rest.strip_prefix(w))
            .unwrap_or(rest);
        rest.trim_start_matches('了')
    } else {
        s
    };
    if s.is_empty() || contentless(s) {
        return None;
    }
    Some(s.to_string())
}

/// The documents a sentence names by title (会议审议了《A》和《B》。), for a verdict in the
/// next sentence that only points back at them (会议原则同意上述文件。).
#[must_use]
pub fn named_documents(sentence: &[char]) -> Vec<String> {
    let Some(first) = sentence.iter().position(|&c| c == '《') else {
        return Vec::new();
    };
    let end = object_end(sentence, first);
    objects_of(&string_of(&sentence[first..end]))
}

/// Whether the words leading into a list say the meeting decided what follows (会议研究
/// 决定如下：, 经研究，决定：): each item is then a decision, verdict or not. 议定/意见
/// leads (议定了以下意见：一是…要…) may lead work, and do not count.
#[must_use]
pub fn decides_what_follows(lead: &[char]) -> bool {
    let s = string_of(lead);
    let Some(s) = s.trim_end_matches(BREAK_OR_SPACE).strip_suffix(':') else {
        return false;
    };
    let s = ["如下", "以下事项", "下列事项", "事项如下"]
        .iter()
        .find_map(|w| s.strip_suffix(w))
        .unwrap_or(s);
    let Some(head) = s.strip_suffix("决定") else {
        return false;
    };
    // Only the clause the verdict opens: 经研究，决定：
    let clause = head
        .rsplit([',', '。', ';', super::normalize::BREAK])
        .next()
        .unwrap_or(head);
    let chars: Vec<char> = clause.chars().collect();
    let head: Vec<char> = head.chars().collect();
    meeting_speaks(trim_marker(&chars)) && !reported(&head, Class::Meeting)
}

/// What may stand between a list's lead and its first item.
const BREAK_OR_SPACE: &[char] = &[super::normalize::BREAK, ' ', '\u{3000}'];

/// Whether a decision's object only points back at a matter named before (该方案), or the
/// verdict has none in its sentence (会议原则同意。).
#[must_use]
pub fn refers_back(found: &Found) -> bool {
    found.title.is_empty() || points_back(&found.title) || only_procedure(&found.title)
}

/// The matter a topic label names (关于东岭物流园地块。 → 东岭物流园地块), for a
/// verdict in the next sentence that has no object of its own.
#[must_use]
pub fn labelled_topic(sentence: &[char]) -> Option<String> {
    let s = string_of(trim_marker(sentence));
    let topic = s.strip_prefix("关于")?.trim_end_matches(['。', ':', ';']);
    (!topic.is_empty() && !topic.contains([',', '。'])).then(|| topic.to_string())
}

/// One object per thing approved. With 《》 titles: one per title, the words right after a
/// title (its 2026年主要目标任务分工方案, its （草案）) staying with it, and an untitled item
/// joined after the titles (《A》和院长办公会提交的相关议题) one more; what stands before
/// the first title (the submitter: 县财政局《…》, 市政府办公室提交的《…》) is no object.
/// Without titles, see [`untitled_objects`].
fn objects_of(object: &str) -> Vec<String> {
    let object = without_aliases(object);
    if !object.contains('《') {
        return untitled_objects(&object);
    }
    let mut out = Vec::new();
    let mut seen_title = false;
    for part in title_parts(&object) {
        if part.contains('《') {
            seen_title = true;
            out.extend(titled_objects(&part));
        } else if seen_title {
            let p = part.trim();
            if p.chars().count() >= 4 && !contentless(p) && !p.starts_with('等') {
                out.push(p.to_string());
            }
        }
    }
    out
}

/// The object without the short names it defines: 《县域经济发展规划》（以下简称《规划》）.
fn without_aliases(object: &str) -> String {
    let mut s = object.to_string();
    for open in ["(以下简称", "(以下称", "(简称", "(下称"] {
        while let Some(a) = s.find(open) {
            let Some(len) = s[a..].find(')') else { break };
            s.replace_range(a..=a + len, "");
        }
    }
    s
}

/// How many characters the separator of listed objects at `i` has (、, 和, 及, 以及, 与, a
/// comma), 0 where there is none. 及 and 与 inside words (涉及, 参与, 与会) do not separate.
fn separator_at(chars: &[char], i: usize) -> usize {
    let prev = i.checked_sub(1).map(|p| chars[p]);
    let next = chars.get(i + 1).copied();
    match chars[i] {
        '、' | ',' | ';' | '和' => 1,
        '以' if next == Some('及') => 2,
        '及' if !matches!(prev, Some('涉' | '普' | '危' | '波' | '顾' | '以'))
            && next != Some('时') =>
        {
            1
        }
        '与' if !matches!(prev, Some('参' | '给' | '赋')) && next != Some('会') => 1,
        _ => 0,
    }
}

/// The listed parts of an object with titles, split at separators outside brackets. After
/// a comma the list goes on only with another title (《A》，《B》); otherwise the object
/// has ended (《B》，会后由各单位负责人签订责任书).
fn title_parts(object: &str) -> Vec<String> {
    let chars: Vec<char> = object.chars().collect();
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '《' | '“' | '(' => depth += 1,
            '》' | '”' | ')' => depth = (depth - 1).max(0),
            _ => {}
        }
        let sep = if depth == 0 {
            separator_at(&chars, i)
        } else {
            0
        };
        if sep == 0 {
            i += 1;
            continue;
        }
        parts.push(chars[start..i].iter().collect());
        if matches!(c, ',' | ';') && chars.get(i + 1) != Some(&'《') {
            return parts;
        }
        i += sep;
        start = i;
    }
    parts.push(chars[start..].iter().collect());
    parts
}

/// The objects of one listed part with titles: each title from its 《, with the words
/// after it up to the next title; a bare title as its name, without brackets.
fn titled_objects(part: &str) -> Vec<String> {
    let mut objects: Vec<(String, String)> = Vec::new();
    let mut depth = 0;
    for c in part.chars() {
        match c {
            '《' => {
                depth += 1;
                if depth == 1 {
                    objects.push((String::new(), String::new()));
                    continue;
                }
            }
            '》' => {
                depth -= 1;
                if depth == 0 {
                    continue;
                }
            }
            _ => {}
        }
        // Words before the first title (its submitter) belong to no object.
        let Some((title, tail)) = objects.last_mut() else {
            continue;
        };
        if depth > 0 {
            title.push(c);
        } else {
            tail.push(c);
        }
    }
    objects
        .into_iter()
        .map(|(title, tail)| {
            // 《A》《B》等文件: the summing-up is no part of B.
            let tail = tail.split('等').next().unwrap_or("").trim();
            // 《A》和《B》两项议案, 《C》3个文件: a count sums the list up.
            let counted = {
                let n = tail
                    .chars()
                    .take_while(|&c| {
                        c.is_ascii_digit() || super::numerals::is_cn_numeral_char(c) || c == '两'
                    })
                    .count();
                n > 0
                    && tail
                        .chars()
                        .nth(n)
                        .is_some_and(|c| matches!(c, '项' | '个' | '份' | '件' | '部' | '条'))
            };
            // 《A》经会议审议 / 对《A》进行了审议: how it was dealt with is no part of it.
            let handled = ["进行", "经", "已经", "已", "作了", "提交", "报"]
                .iter()
                .any(|w| tail.starts_with(w));
            let tail = if counted || handled { "" } else { tail };
            if tail.is_empty() {
                title
            } else {
                format!("《{title}》{tail}")
            }
        })
        .collect()
}

/// Objects without titles. A list of named items governed by one verdict (A、B、C项目按程序
/// 立项; 总体思路、相关项目和资金安排) is one object; two long named items joined by 和,
/// each ending in what names a piece of work (…发展任务和…几个关键问题), are two.
fn untitled_objects(object: &str) -> Vec<String> {
    const ITEM_ENDS: &[char] = &[
        '任', '务', '案', '法', '度', '划', '告', '见', '题', '项', '单', '议', '”', '则', '要',
        '点', '程',
    ];
    let chars: Vec<char> = object.chars().collect();
    let mut depth = 0i32;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '“' | '(' => depth += 1,
            '”' | ')' => depth -= 1,
            '和' if depth == 0
                && i >= 8
                && chars.len() - i > 8
                && ITEM_ENDS.contains(&chars[i - 1]) =>
            {
                let left: String = chars[..i].iter().collect();
                let right: String = chars[i + 1..].iter().collect();
                if left.contains('、') || right.contains('、') {
                    break;
                }
                return vec![left, right];
            }
            _ => {}
        }
    }
    vec![object.to_string()]
}
#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn titles_of(sentence: &str) -> Vec<String> {
        let chars: Vec<char> = sentence.chars().collect();
        decisions_in(&chars)
            .into_iter()
            .map(|f| format!("{}|{}", f.verdict, f.title))
            .collect()
    }

    #[track_caller]
    fn check(cases: &[(&str, &[&str])]) {
        for (s, want) in cases {
            assert_eq!(titles_of(s), *want, "{s}");
        }
    }

    #[test]
    fn decision_sentences_give_their_verdict_and_object() {
        check(&[
            ("会议决定:原则同意学院与某县共建新校区的框架协议。", &["原则同意|学院与某县共建新校区的框架协议"]),
            ("会议还审议通过了学院干部的相关事宜。", &["审议通过|学院干部的相关事宜"]),
            ("会议审议通过了《甲办法》《乙方案》和院长办公会提交的相关议题;还研究决定了其他事项。", &["审议通过|甲办法", "审议通过|乙方案", "审议通过|院长办公会提交的相关议题"]),
            ("会议研究决定,成立招生工作领导小组。", &["决定|成立招生工作领导小组"]),
            ("会议同意追加预算,由财务处负责落实。", &["同意|追加预算"]),
            ("会议批准了年度采购计划。", &["批准|年度采购计划"]),
        ]);
    }

    #[test]
    fn reported_and_contentless_decisions_are_not_decisions() {
        for s in [
            "会议指出,省委全会审议通过《关于某事的意见》。",
            "还研究决定了其他事项。",
            "会议研究决定的主要事项",
            "经上级同意后实施。",
            "专题研讨决定“办学定位”发展任务。",
            "通过学院官网做好宣传。",
        ] {
            assert!(titles_of(s).is_empty(), "{s}");
        }
    }

    #[test]
    fn a_verdict_after_its_object_is_a_decision() {
        check(&[
            (
                "市发改委提交的《城北片区控制性详细规划》,会议原则通过。",
                &["原则通过|城北片区控制性详细规划"],
            ),
            (
                "关于调整公交票价的意见,会议原则同意。",
                &["原则同意|调整公交票价的意见"],
            ),
            (
                "(三)关于新建幼儿园的议案,董事会原则同意,由基建处负责实施。",
                &["原则同意|新建幼儿园的议案"],
            ),
            (
                "会议审议了《校园绿化方案》,原则同意该方案,由后勤处负责实施。",
                &["原则同意|校园绿化方案"],
            ),
        ]);
    }

    #[test]
    fn how_the_meeting_went_about_it_may_stand_before_the_verdict() {
        check(&[
            (
                "原则上同意《乡镇污水处理实施方案》。",
                &["原则上同意|乡镇污水处理实施方案"],
            ),
            ("会议研究同意设立人才发展基金。", &["同意|设立人才发展基金"]),
            (
                "会议研究审议并原则同意《年度预算报告(送审稿)》,责成区财政局修改完善。",
                &["原则同意|年度预算报告(送审稿)"],
            ),
            (
                "会议以举手表决方式一致通过了《工会经费管理办法》。",
                &["一致通过|工会经费管理办法"],
            ),
            (
                "会议听取了县水利局的汇报后原则同意河道整治方案。",
                &["原则同意|河道整治方案"],
            ),
        ]);
    }

    #[test]
    fn a_procedural_object_alone_is_no_decision() {
        for s in ["会议议定了以下意见:", "会议研究决定如下:"] {
            assert!(titles_of(s).is_empty(), "{s}");
        }
        // A bare verdict names nothing itself: its object, if any, is in the sentence before.
        let chars: Vec<char> = "经研究,会议原则同意。".chars().collect();
        assert!(decisions_in(&chars).iter().all(|f| f.title.is_empty()));
    }

    #[test]
    fn each_titled_document_is_one_decision_without_its_submitter() {
        check(&[
            (
                "会议讨论并原则同意县财政局《关于审定国有企业考核办法的请示》。",
                &["原则同意|关于审定国有企业考核办法的请示"],
            ),
            (
                "会议审议并批准《年度投资计划》和《研发费用管理办法》。",
                &["批准|年度投资计划", "批准|研发费用管理办法"],
            ),
            (
                "会议审议通过《甲规则》、《乙细则》等3个文件。",
                &["审议通过|甲规则", "审议通过|乙细则"],
            ),
        ]);
    }

    #[test]
    fn words_after_a_title_stay_with_it_and_short_names_are_dropped() {
        check(&[(
            "会议原则通过县发改局提交的《县域经济发展规划》(以下简称《规划》)2027年重点项目清单。",
            &["原则通过|《县域经济发展规划》2027年重点项目清单"],
        )]);
    }

    #[test]
    fn an_untitled_list_governed_by_one_verb_is_one_decision() {
        check(&[
            (
                "原则上同意城东路改造工程、北湖公园提质项目、西山村饮水工程按程序立项。",
                &["原则上同意|城东路改造工程、北湖公园提质项目、西山村饮水工程按程序立项"],
            ),
            (
                "原则上同意养老服务试点工作总体思路、相关项目和资金安排。",
                &["原则上同意|养老服务试点工作总体思路、相关项目和资金安排"],
            ),
        ]);
    }

    #[test]
    fn elections_appointments_and_awards_are_decisions() {
        check(&[
            (
                "会议选举王某为工会主席,任命李某为秘书长。",
                &["选举|王某为工会主席", "任命|李某为秘书长"],
            ),
            (
                "会议决定授予赵某等5名同志“优秀工匠”称号。",
                &["授予|赵某等5名同志“优秀工匠”称号"],
            ),
            (
                "会议表决通过了第三届职工代表大会的选举结果。",
                &["表决通过|第三届职工代表大会的选举结果"],
            ),
            (
                "会议增补钱某为学术委员会委员。",
                &["增补|钱某为学术委员会委员"],
            ),
        ]);
    }

    #[test]
    fn everyday_uses_of_verdict_words_are_not_decisions() {
        for s in [
            "选举工作要严格依法进行。",
            "要通过多种渠道加强宣传。",
            "会议通过视频方式召开。",
            "会议同意的事项要抓紧落实。",
            "表彰先进要注重基层一线。",
            "会议审议了《章程修正案》,认为需进一步论证,暂不作决定。",
        ] {
            assert!(titles_of(s).is_empty(), "{s}");
        }
    }

    #[test]
    fn matters_only_heard_or_discussed_are_not_decisions() {
        for s in [
            "会议听取了县财政局关于预算执行情况的汇报。",
            "会议审议了《员工持股计划(草案)》。",
            "会议研究了暑期社会实践工作。",
            "会议还研究了其他事项。",
        ] {
            assert!(titles_of(s).is_empty(), "{s}");
        }
    }

    #[test]
    fn other_bodies_decisions_are_only_reported() {
        for s in [
            "国务院常务会议审议通过了《某条例(草案)》。",
            "省政府常务会议审议通过了《全省商业体系建设行动方案》。",
            "省委教育工委已决定开展专项检查。",
            "会议传达了省委关于某事的决定。",
        ] {
            assert!(titles_of(s).is_empty(), "{s}");
        }
    }

    #[test]
    fn a_degree_committee_records_its_own_verdicts() {
        check(&[(
            "学校学位评定委员会第三次会议审议通过了《学位授予工作细则》。",
            &["审议通过|学位授予工作细则"],
        )]);
    }

    #[test]
    fn the_decision_knows_whether_the_meeting_is_named_and_where_it_opens() {
        let chars: Vec<char> = "经会议研究,批准增设专业,由教务处负责。".chars().collect();
        let found = decisions_in(&chars);
        assert_eq!(found.len(), 1);
        assert!(found[0].names_meeting);
        assert_eq!(found[0].from, 0);
        let chars: Vec<char> = "同意由人事科公开招聘护士。".chars().collect();
        let found = decisions_in(&chars);
        assert!(!found[0].names_meeting);
        assert_eq!(found[0].assigns, Some(2));
        let chars: Vec<char> = "果园承包到期后继续发包,会议表决通过了《承包方案》。"
            .chars()
            .collect();
        assert!(decisions_in(&chars)[0].from > 0);
    }

    #[test]
    fn a_school_or_company_standing_committee_is_the_meeting_recorded() {
        check(&[(
            "学校党委常委会召开会议,审议通过了《教师职称评审办法》。",
            &["审议通过|教师职称评审办法"],
        )]);
        assert!(titles_of("会议传达了省委常委会审议通过《某意见》的情况。").is_empty());
    }

    #[test]
    fn agreeing_to_deal_with_a_partner_is_a_verdict() {
        check(&[(
            "会议同意与滨海物流公司签订战略合作协议。",
            &["同意|与滨海物流公司签订战略合作协议"],
        )]);
        assert!(titles_of("同意与否由各单位自定。").is_empty());
    }

    #[test]
    fn a_verdict_pointing_back_finds_the_documents_named_before() {
        let chars: Vec<char> = "会议审阅了《甲办法》和《乙细则》。".chars().collect();
        assert_eq!(named_documents(&chars), ["甲办法", "乙细则"]);
        let chars: Vec<char> = "会议原则同意上述两个文件。".chars().collect();
        let found = decisions_in(&chars);
        assert_eq!(found.len(), 1);
        assert!(refers_back(&found[0]));
    }

    #[test]
    fn review_and_approval_by_the_meeting_is_a_verdict_but_by_others_is_procedure() {
        check(&[("会议审定了《年度考核方案》。", &["审定|年度考核方案"])]);
        assert!(titles_of("请研究生院按程序提交校长办公会审定。").is_empty());
    }

    #[test]
    fn approval_still_to_come_from_another_body_is_procedure() {
        for s in [
            "方案经审议通过后实施。",
            "报县政府常务会议审议通过后印发。",
            "该办法须经职代会审议通过。",
        ] {
            assert!(titles_of(s).is_empty(), "{s}");
        }
        // The verdict of the meeting in the same sentence still counts.
        check(&[(
            "会议原则同意《停车收费办法》,报县政府常务会议审议通过后印发。",
            &["原则同意|停车收费办法"],
        )]);
    }

    #[test]
    fn the_meeting_may_state_its_view_before_its_verdict() {
        check(&[(
            "会议认为,该方案切实可行,同意实施城北道路拓宽工程。",
            &["同意|实施城北道路拓宽工程"],
        )]);
        assert!(titles_of("会议认为,省委全会审议通过的意见十分重要。").is_empty());
    }

    #[test]
    fn a_document_dealt_with_before_its_verdict_is_its_object() {
        check(&[
            (
                "会议对《城区停车场规划》进行了审议,原则通过。",
                &["原则通过|城区停车场规划"],
            ),
            (
                "《农村公路养护办法》经会议审议,原则通过。",
                &["原则通过|农村公路养护办法"],
            ),
            (
                "会议表决通过了《甲议案》和《乙议案》两项议案。",
                &["表决通过|甲议案", "表决通过|乙议案"],
            ),
        ]);
    }

    #[test]
    fn a_verdict_without_an_object_points_back_at_the_topic_before() {
        let chars: Vec<char> = "会议原则同意,由县发改局组织听证。".chars().collect();
        let found = decisions_in(&chars);
        assert_eq!(found.len(), 1);
        assert!(refers_back(&found[0]));
        let label: Vec<char> = "(二)关于供暖价格调整事宜。".chars().collect();
        assert_eq!(labelled_topic(&label).as_deref(), Some("供暖价格调整事宜"));
        let not_label: Vec<char> = "关于供暖,要做好保障。".chars().collect();
        assert_eq!(labelled_topic(&not_label), None);
    }

    #[test]
    fn an_election_after_how_the_vote_was_taken_is_a_decision() {
        check(&[(
            "会议以无记名投票方式,选举产生了新一届职工监事。",
            &["选举|产生了新一届职工监事"],
        )]);
    }

    #[test]
    fn a_school_that_convenes_its_standing_committee_records_its_verdicts() {
        check(&[(
            "5月10日,学校召开党委常委会,审议通过了《实验室安全管理办法》。",
            &["审议通过|实验室安全管理办法"],
        )]);
        assert!(titles_of("会议传达了省委召开常委会审议通过《某规划》的精神。").is_empty());
        check(&[(
            "会上,大家一致同意加快建设创新中心。",
            &["一致同意|加快建设创新中心"],
        )]);
    }

    #[test]
    fn a_meeting_deciding_on_a_date_is_a_decision_but_what_decides_an_outcome_is_not() {
        check(&[(
            "会议决定于6月上旬召开全县招商引资推进会。",
            &["决定|于6月上旬召开全县招商引资推进会"],
        )]);
        assert!(titles_of("项目成败决定于前期准备是否充分。").is_empty());
    }

    #[test]
    fn the_meetings_account_of_the_matter_opens_its_decision() {
        let chars: Vec<char> = "会议听取了市卫健委的汇报,原则同意新建传染病区,由市卫健委负责实施。"
            .chars()
            .collect();
        let found = decisions_in(&chars);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].from, 0);
        let chars: Vec<char> = "果园承包到期后继续发包,会议表决通过了《承包方案》。"
            .chars()
            .collect();
        assert!(decisions_in(&chars)[0].from > 0);
    }

    #[test]
    fn a_decision_that_only_assigns_or_dates_the_one_before_adds_none() {
        check(&[
            (
                "会议审议并一致通过《物业管理办法》,决定自2024年1月1日起施行。",
                &["一致通过|物业管理办法"],
            ),
            (
                "会议原则同意《应急物资储备方案》,并决定由县财政局负责资金保障。",
                &["原则同意|应急物资储备方案"],
            ),
            (
                "会议同意供水管网改造的请示事项,具体由县水务局负责落实。",
                &["同意|供水管网改造的请示事项"],
            ),
        ]);
    }

    #[test]
    fn how_members_vote_is_part_of_the_meetings_voice() {
        check(&[
            (
                "与会成员一致同意设立青年创新基金。",
                &["一致同意|设立青年创新基金"],
            ),
            (
                "会议以通讯表决方式通过了《年度审计计划》。",
                &["通过|年度审计计划"],
            ),
        ]);
    }

    #[test]
    fn of_two_words_starting_alike_the_longer_is_tried_first() {
        // The word tables answer with the first word that matches: a shorter word before a
        // longer one with the same start would hide it (与会 before 与会成员).
        let verdicts: Vec<&str> = VERDICTS.iter().map(|&(w, _)| w).collect();
        for table in [verdicts.as_slice(), MEETING_WORDS] {
            for (a, short) in table.iter().enumerate() {
                for long in &table[a + 1..] {
                    assert!(!long.starts_with(short), "{long} comes after {short}");
                }
            }
        }
    }

    #[test]
    fn another_bodys_answer_is_reported_not_decided() {
        for s in [
            "省发改委已批复,同意城南物流园项目立项。",
            "市财政局回复,同意追加专项资金。",
        ] {
            assert!(titles_of(s).is_empty(), "{s}");
        }
    }

    #[test]
    fn a_vote_count_is_no_decision() {
        for s in ["表决结果:同意7票,反对0票,弃权0票。", "同意:5票;反对:0票。"]
        {
            assert!(titles_of(s).is_empty(), "{s}");
        }
    }

    #[test]
    fn a_verdict_on_how_the_matter_goes_on_approves_the_matter_named_before() {
        check(&[
            (
                "会议讨论了学校“十五五”规划编制工作方案,同意按照会议意见修改完善后印发。",
                &["同意|学校“十五五”规划编制工作方案"],
            ),
            (
                "会议听取了县财政局关于国有资产处置的汇报,同意按程序报批。",
                &["同意|县财政局关于国有资产处置的汇报"],
            ),
        ]);
    }

    #[test]
    fn a_recommendation_by_vote_is_a_decision() {
        check(&[(
            "会议通过无记名投票,推荐李某为省级教学名师候选人。",
            &["推荐|李某为省级教学名师候选人"],
        )]);
        assert!(titles_of("推荐工作要公开透明。").is_empty());
    }

    #[test]
    fn a_lead_saying_the_meeting_decided_makes_its_list_decisions() {
        for lead in ["会议研究决定如下:", "经研究,决定:", "会议决定以下事项:\n"]
        {
            let chars: Vec<char> = lead.chars().collect();
            assert!(decides_what_follows(&chars), "{lead}");
        }
        for lead in [
            "会议议定了以下意见:",
            "会议要求:",
            "省委决定:",
            "会议指出,上级决定:",
        ] {
            let chars: Vec<char> = lead.chars().collect();
            assert!(!decides_what_follows(&chars), "{lead}");
        }
    }
}
