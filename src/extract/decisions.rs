//! Decisions (决定): what the meeting itself decided — 会议决定 / 会议研究决定 / (原则)同意 /
//! 审议通过 / 表决通过 / 会议通过 / 批准 / 议定. Several titled documents approved in one
//! sentence are one decision each. Not decisions: a contentless 还研究决定了其他事项, and
//! decisions of other bodies that the text reports (会议指出，省委全会审议通过了《…》).

use std::sync::LazyLock;

use super::charset::CharSet;
use super::normalize::{string_of, WordList};

/// A decision found in one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub verdict: String,
    pub title: String,
}

/// Verdict words, longest first.
const VERDICTS: &[&str] = &[
    "原则同意",
    "一致同意",
    "原则通过",
    "审议通过",
    "表决通过",
    "讨论通过",
    "研究通过",
    "会议通过",
    "同意",
    "批准",
    "决定",
    "议定",
];

/// [`VERDICTS`] as characters.
static VERDICT_WORDS: LazyLock<WordList> = LazyLock::new(|| WordList::new(VERDICTS));

/// What may stand before 同意/批准/决定 in its clause (the meeting as subject).
const MEETING_PREFIXES: &[&str] = &[
    "",
    "会议",
    "会上",
    "会议原则",
    "会议一致",
    "会议研究",
    "会议讨论",
    "会议经研究",
    "会议经讨论",
    "经研究",
    "经会议研究",
    "经会议",
    "经会议讨论",
    "经讨论",
    "研究",
    "讨论",
    "会议还",
    "还",
    "并",
    "会议决定",
    "决定",
    "会议研究决定",
    "经研究决定",
    "研究决定",
    "会议审议",
    "会议同意",
    "会议还研究",
    "还研究",
    "与会人员一致",
    "与会同志一致",
    "会议认真研究",
    "会议经认真研究",
    "会议讨论并",
    "会议审议并",
];

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

/// Whether a clause opening names a meeting other than the one recorded (省政府常务会议,
/// 省委常委会会议还): a body's name in front of 会议/全会/常委会.
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

fn starts_with(chars: &[char], pat: &str) -> bool {
    let mut it = chars.iter();
    pat.chars().all(|p| it.next() == Some(&p))
}

/// The decisions in one sentence.
#[must_use]
pub fn decisions_in(sentence: &[char]) -> Vec<Found> {
    let mut out = Vec::new();
    // Every verdict contains one of these characters.
    static IN_VERDICTS: CharSet = CharSet::new("同通批决议");
    // Every verdict starts with one of these.
    static VERDICT_STARTS: CharSet = CharSet::new("原一审表讨研会同批决议");
    let in_verdicts = &IN_VERDICTS;
    if !sentence.iter().any(|&c| in_verdicts.contains(c)) {
        return out;
    }
    let verdict_starts = &VERDICT_STARTS;
    let mut depth = 0i32;
    let mut clause_start = 0;
    let mut i = 0;
    while i < sentence.len() {
        let c = sentence[i];
        match c {
            '《' | '“' | '(' => depth += 1,
            '》' | '”' | ')' => depth = (depth - 1).max(0),
            ',' | ':' | ';' if depth == 0 => clause_start = i + 1,
            _ => {}
        }
        if depth > 0 {
            i += 1;
            continue;
        }
        let quick = verdict_starts.contains(c);
        // Only a verdict's first character can start one: skip the table for the rest.
        let verdict = if quick {
            VERDICT_WORDS
                .prefix_of(&sentence[i..])
                .map(|(k, _)| &VERDICTS[k])
        } else {
            None
        };
        let Some(v) = verdict else {
            i += 1;
            continue;
        };
        let vlen = v.chars().count();
        let prefix = string_of(&sentence[clause_start..i]);
        let prefix = prefix.trim_start_matches(|c: char| {
            c.is_ascii_digit()
                || super::numerals::is_cn_numeral_char(c)
                || matches!(c, '.' | '、' | '(' | ')' | '\u{2460}'..='\u{2473}')
        });
        let before = string_of(&sentence[..i]);
        let after = &sentence[i + vlen..];
        let next = after.first().copied();
        let ok = match *v {
            "审议通过" | "表决通过" | "讨论通过" | "研究通过" | "原则通过" | "会议通过" => {
                next != Some('的') && !starts_with(after, "视频") && !starts_with(after, "线上")
            }
            "决定" | "议定" => {
                MEETING_PREFIXES.contains(&prefix)
                    && !matches!(next, Some('的' | '性' | '书' | '权' | '于' | '着'))
            }
            _ => {
                MEETING_PREFIXES.contains(&prefix)
                    && !matches!(next, Some('的' | '后' | '与' | '和' | '票'))
                    && !next.is_some_and(|c| c.is_ascii_digit())
            }
        };
        if !ok || REPORTED.iter().any(|w| before.contains(w)) {
            i += 1;
            continue;
        }
        // 省政府常务会议审议通过了《…》，…，同意…: another body's meeting is the subject,
        // and everything the sentence goes on to list is that body's too.
        if !MEETING_PREFIXES.contains(&prefix) && another_meeting(prefix) {
            return Vec::new();
        }
        // 会议决定：原则同意… — the verdict that follows speaks for the decision.
        let mut j = i + vlen;
        while j < sentence.len() && matches!(sentence[j], ':' | ',' | '了') {
            j += 1;
        }
        if matches!(*v, "决定" | "议定") && VERDICTS.iter().any(|w| starts_with(&sentence[j..], w))
        {
            i = j;
            clause_start = j;
            continue;
        }
        // The object runs to the end of the sentence, stopping before an assignment (，由X负责).
        let mut end = j;
        let mut d = 0i32;
        while end < sentence.len() {
            match sentence[end] {
                '《' | '“' | '(' => d += 1,
                '》' | '”' | ')' => d = (d - 1).max(0),
                '。' | ';' | '!' | '?' if d == 0 => break,
                ',' if d == 0 => {
                    let rest = &sentence[end + 1..];
                    if [
                        "由",
                        "请",
                        "责成",
                        "要求",
                        "并由",
                        "同时",
                        "同意",
                        "原则同意",
                        "批准",
                        "审议通过",
                    ]
                    .iter()
                    .any(|w| starts_with(rest, w))
                    {
                        break;
                    }
                }
                _ => {}
            }
            end += 1;
        }
        let object = string_of(&sentence[j..end]);
        let object = object.trim_end_matches([',', ':']).to_string();
        if !contentless(&object) {
            let verdict = v.to_string();
            for title in split_titles(&object) {
                out.push(Found {
                    verdict: verdict.clone(),
                    title,
                });
            }
        }
        i = end.max(i + 1);
        clause_start = i;
    }
    out
}

/// One title per document approved: 《A》《B》和C → A, B, C. Without 《》, two long named
/// items joined by 和 are two (…发展任务和…几个关键问题).
fn split_titles(object: &str) -> Vec<String> {
    if object.contains('《') {
        let mut out = Vec::new();
        let mut rest = String::new();
        let mut cur = String::new();
        let mut depth = 0;
        for c in object.chars() {
            match c {
                '《' => {
                    depth += 1;
                    if depth == 1 {
                        cur.clear();
                        continue;
                    }
                }
                '》' => {
                    depth -= 1;
                    if depth == 0 {
                        out.push(std::mem::take(&mut cur));
                        rest.push('|');
                        continue;
                    }
                }
                _ => {}
            }
            if depth > 0 {
                cur.push(c);
            } else {
                rest.push(c);
            }
        }
        for piece in rest.split('|') {
            // After a comma the object has ended: …《B》，会后由各单位负责人签订责任书.
            let piece = piece.split([',', ';']).next().unwrap_or("");
            let p =
                piece.trim_matches(|c| matches!(c, '和' | '及' | '、' | ',' | '与' | '以' | '等'));
            let p = p
                .strip_prefix("以及")
                .unwrap_or(p)
                .strip_prefix("和")
                .unwrap_or(p);
            let p = p.strip_prefix("及").unwrap_or(p);
            if p.chars().count() >= 4 && !contentless(p) {
                out.push(p.to_string());
            }
        }
        return out;
    }
    // Split at a top-level 和 after a named item (…任务和…).
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

    #[test]
    fn decision_sentences_give_their_verdict_and_object() {
        let cases: &[(&str, &[&str])] = &[
            ("会议决定:原则同意学院与某县共建新校区的框架协议。", &["原则同意|学院与某县共建新校区的框架协议"]),
            ("会议还审议通过了学院干部的相关事宜。", &["审议通过|学院干部的相关事宜"]),
            ("会议审议通过了《甲办法》《乙方案》和院长办公会提交的相关议题;还研究决定了其他事项。", &["审议通过|甲办法", "审议通过|乙方案", "审议通过|院长办公会提交的相关议题"]),
            ("会议研究决定,成立招生工作领导小组。", &["决定|成立招生工作领导小组"]),
            ("会议同意追加预算,由财务处负责落实。", &["同意|追加预算"]),
            ("会议批准了年度采购计划。", &["批准|年度采购计划"]),
        ];
        for (s, want) in cases {
            assert_eq!(titles_of(s), *want, "{s}");
        }
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
}
