//! Tasks (任务 / 督办事项) outside enumerated lists: a sentence that gives a specific named
//! body a concrete job (由X负责…, X牵头…, 责成X…, 请X…, X要/须…), one task per job, and a
//! sentence that gives any body, a class such as 各市教育局 included, a job with a
//! deadline or a recurrence. Exhortations to a whole collective are not tasks.

use std::sync::LazyLock;

use super::due::{due_of, DueBase};
use super::normalize::{string_of, WordList};
use super::owners::{Assignment, Directory};
use super::sentences::clauses;

/// The normalised text and the unit directory that jobs and owners are read against.
pub struct Assigner<'a> {
    pub chars: &'a [char],
    dir: &'a Directory,
}

impl<'a> Assigner<'a> {
    #[must_use]
    pub fn new(chars: &'a [char], dir: &'a Directory) -> Self {
        Self { chars, dir }
    }

    /// The assignment of clause `[cs, ce)` (trailing punctuation trimmed).
    fn assignment(&self, cs: usize, ce: usize) -> Option<Assignment> {
        let clause = trim_clause(&self.chars[cs..ce]);
        // Only a comma keeps the next clause in the same sentence.
        let next = if ce > cs && self.chars[ce - 1] == ',' {
            &self.chars[ce..self.chars.len().min(ce + 4)]
        } else {
            &[]
        };
        self.dir.assignment_before(clause, next).or_else(|| {
            // X具体负责 / X全面负责: an adverb between the body and its verb.
            // The verb first: it is rare, and cheaper to test than five adverbs.
            let at = (1..clause.len().saturating_sub(3)).find(|&i| {
                matches!(clause[i + 2..], ['负', '责', ..] | ['牵', '头', ..])
                    && ADVERBS.iter().any(|a| starts_with(&clause[i..], a))
            })?;
            let mut plain = clause[..at].to_vec();
            plain.extend_from_slice(&clause[at + 2..]);
            self.dir.assignment(&plain)
        })
    }

    /// The assignment of a list item's clause: also a subject before a verb of doing.
    fn item_assignment(&self, cs: usize, ce: usize) -> Option<Assignment> {
        self.assignment(cs, ce)
            .or_else(|| self.dir.subject_of(trim_clause(&self.chars[cs..ce])))
    }
}

/// Openings under which a meeting settles who does what (会议确定：X负责…，Y做好…).
const DETERMINES: &[&str] = &["会议确定", "会议决定", "会议议定", "会议明确", "经研究确定"];

impl Assigner<'_> {
    /// A job handed to a body inside a clause (剩余款项在地块出让后由县财政局拨付): 由, a
    /// named body, then its verb.
    fn inner_by(&self, cs: usize, ce: usize) -> Option<Assignment> {
        let clause = trim_clause(&self.chars[cs..ce]);
        let at = clause
            .iter()
            .enumerate()
            .skip(1)
            .find(|&(i, &c)| c == '由' && !matches!(clause[i - 1], '经' | '自' | '理' | '缘'))
            .map(|(i, _)| i)?;
        let rest = &clause[at + 1..];
        if matches!(rest.first(), Some('于' | '此')) || appoints(rest) {
            return None;
        }
        let units = self.dir.leading_units(rest);
        let last = units.last()?;
        let text = string_of(rest);
        let after = &text[text.find(last.as_str())? + last.len()..];
        let verb = after
            .chars()
            .next()
            .is_some_and(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
            && !["组成", "构成", "主持"]
                .iter()
                .any(|w| after.starts_with(w));
        (verb && !units.iter().any(|u| is_class(u))).then(|| Assignment {
            owners: units,
            co_owners: Vec::new(),
            explicit: true,
        })
    }

    /// The bodies that open clause `[cs, ce)` right before a verb of doing (县政府办公室印发
    /// 实施, 县交通运输局做好…).
    fn bare_subject(&self, cs: usize, ce: usize) -> Option<Assignment> {
        let clause = trim_clause(&self.chars[cs..ce]);
        let units = self.dir.leading_units(clause);
        let last = units.last()?;
        let text = string_of(clause);
        let rest: Vec<char> = text[text.find(last.as_str())? + last.len()..]
            .chars()
            .collect();
        static CUES: LazyLock<WordList> = LazyLock::new(|| WordList::new(WORK_CUES));
        let acts = CUES.prefix_of(&rest).is_some() || starts_with(&rest, "印发");
        // A name never opens with a verb (研究制定全县…).
        let named = units.iter().all(|u| {
            let u: Vec<char> = u.chars().collect();
            CUES.prefix_of(&u).is_none()
                && !["研究", "同意", "批准", "原则", "通过"]
                    .iter()
                    .any(|v| starts_with(&u, v))
        });
        (acts && named && !units.iter().any(|u| is_class(u))).then(|| Assignment {
            owners: units,
            co_owners: Vec::new(),
            explicit: true,
        })
    }
}

/// Adverbs that may stand between a body and 负责/牵头 (县住建局具体负责).
const ADVERBS: &[&str] = &["具体", "全面", "主要", "统一", "共同"];

/// A job found in a sentence: its normalised range and who holds it.
#[derive(Debug, Clone)]
pub struct Job {
    pub start: usize,
    pub end: usize,
    pub owners: Vec<String>,
    pub co_owners: Vec<String>,
}

/// The jobs a sentence `[s, e)` hands out.
#[must_use]
pub fn jobs_in(asg: &Assigner<'_>, s: usize, e: usize, base: DueBase) -> Vec<Job> {
    let chars = asg.chars;
    let cls = clauses(chars, s, e);
    let observes = OBSERVES.iter().any(|o| starts_with(&chars[s..e], o));
    // Under 会议确定：… a body named before its verb is given that job (县交通运输局做好项目
    // 监管工作), with no 要 or 负责 needed.
    let determined = DETERMINES.iter().any(|o| starts_with(&chars[s..e], o)) || {
        // 会议确定：⏎X负责…: the opening may stand on the line before.
        let mut b = s;
        while b > 0 && matches!(chars[b - 1], '\n' | ':') {
            b -= 1;
        }
        let head = &chars[b.saturating_sub(6)..b];
        b < s
            && DETERMINES.iter().any(|o| {
                let o: Vec<char> = o.chars().collect();
                head.ends_with(&o)
            })
    };
    // Which clauses open a job, and with what assignment.
    let mut opens: Vec<(usize, Assignment)> = Vec::new();
    for (k, &(cs, ce)) in cls.iter().enumerate() {
        // 同意由X…: a verdict that hands its implementation to X.
        let cs = cs + after_verdict(&chars[cs..ce]);
        // X牵头，会同Y，…: Y helps the job before.
        if let Some((_, prev)) = opens.last_mut() {
            let clause = trim_clause(&chars[cs..ce]);
            if PARTNERING.iter().any(|p| starts_with(clause, p)) {
                for c in asg.dir.co_owners(clause) {
                    if !prev.co_owners.contains(&c) && !prev.owners.contains(&c) {
                        prev.co_owners.push(c);
                    }
                }
                continue;
            }
        }
        let Some(mut a) = asg
            .assignment(cs, ce)
            .or_else(|| determined.then(|| asg.bare_subject(cs, ce)).flatten())
            .or_else(|| asg.inner_by(cs, ce))
        else {
            continue;
        };
        // Y要协助X… / Y配合…: helpers of the job before, not a job of their own (read either
        // as Y helping, or as X's job with Y as helper where X already holds the job before).
        let same_holders = opens.last().is_some_and(|(_, prev)| {
            !a.co_owners.is_empty() && a.owners.iter().all(|o| prev.owners.contains(o))
        });
        if a.owners.is_empty()
            || same_holders
            || (!opens.is_empty() && helps(&chars[cs..ce], &a.owners))
        {
            if let Some((_, prev)) = opens.last_mut() {
                let helpers = if a.owners.is_empty() || same_holders {
                    a.co_owners
                } else {
                    std::mem::take(&mut a.owners)
                };
                for c in helpers {
                    if !prev.co_owners.contains(&c) && !prev.owners.contains(&c) {
                        prev.co_owners.push(c);
                    }
                }
            }
            continue;
        }
        // X牵头，Y要/负责…: the lead and the bodies after it share one job.
        if let Some((pk, prev)) = opens.last_mut() {
            if *pk + 1 == k && leads_only(trim_clause(&chars[cls[*pk].0..cls[*pk].1])) {
                for o in a.owners {
                    if !prev.owners.contains(&o) {
                        prev.owners.push(o);
                    }
                }
                for c in a.co_owners {
                    if !prev.co_owners.contains(&c) && !prev.owners.contains(&c) {
                        prev.co_owners.push(c);
                    }
                }
                prev.explicit |= a.explicit;
                continue;
            }
        }
        opens.push((k, a));
    }
    let mut out = Vec::new();
    for (x, (k, a)) in opens.iter().enumerate() {
        let start = cls[*k].0;
        let end = opens.get(x + 1).map_or(e, |(nk, _)| cls[*nk].0);
        // 各市教育局, 相关单位, 责任单位: a class of bodies, not a named one. A named helper
        // makes the job concrete all the same.
        let specific = a
            .owners
            .iter()
            .chain(a.co_owners.iter())
            .any(|o| !is_class(o));
        // 由县住建局牵头，完成了…改造: an account of work done, not a job.
        if recounts_plainly(&chars[start..end]) {
            continue;
        }
        // Under 会议指出 a named body is given work when the sentence says what it must do
        // (会议指出，区建设管理委要发挥好牵头统筹作用), not when it is only described.
        let told = !observes || (*k == 1 && must_do(&chars[start..end], &a.owners));
        let qualifies = a.explicit || (specific && told) || {
            let (due, rec) = due_of(&chars[start..end], base);
            due.is_some() || rec.is_some()
        };
        if !qualifies {
            continue;
        }
        let mut end = end;
        while end > start && matches!(chars[end - 1], ',' | '\n') {
            end -= 1;
        }
        out.push(Job {
            start,
            end,
            owners: a.owners.clone(),
            co_owners: a.co_owners.clone(),
        });
    }
    out
}

/// How many characters of a clause a leading verdict takes when the verdict hands the
/// work to a body (同意由X…, 原则上同意由X…): the assignment starts after it.
fn after_verdict(clause: &[char]) -> usize {
    const VERDICTS: &[&str] = &["会议原则同意", "会议同意", "原则上同意", "原则同意", "同意"];
    VERDICTS
        .iter()
        .find(|v| starts_with(clause, v))
        .map(|v| v.chars().count())
        .filter(|&n| clause.get(n) == Some(&'由'))
        .unwrap_or(0)
}

/// Words that end a clause which only names who leads (X牵头，… / 由X牵头调度，…): the job
/// itself, and often more bodies, follow in the next clause.
const LEAD_ONLY_ENDS: &[&str] = &[
    "牵头",
    "牵头调度",
    "牵头抓总",
    "总牵头",
    "牵头协调",
    "牵头负责",
];

/// Words that open a clause naming the partner of the job before (X牵头，会同Y，…).
const PARTNERING: &[&str] = &["会同", "联合", "协同"];

/// Whether a clause (trimmed) only names who leads.
fn leads_only(clause: &[char]) -> bool {
    LEAD_ONLY_ENDS.iter().any(|w| {
        let n = w.chars().count();
        clause.len() >= n && clause[clause.len() - n..].iter().copied().eq(w.chars())
    })
}

/// Whether a clause whose subject is `owners` only helps another body (市发改局要协助业主单位…,
/// 县公安局全力配合…): its bodies are helpers of the job before it.
fn helps(clause: &[char], owners: &[String]) -> bool {
    const MODALS: &[&str] = &[
        "要积极",
        "要主动",
        "要全力",
        "要",
        "须",
        "应当",
        "应",
        "积极",
        "主动",
        "全力",
        "",
    ];
    let Some(last) = owners.last() else {
        return false;
    };
    let text = string_of(clause);
    let Some(at) = text.find(last.as_str()) else {
        return false;
    };
    let rest = &text[at + last.len()..];
    MODALS.iter().any(|m| {
        rest.strip_prefix(m)
            .is_some_and(|r| r.starts_with("协助") || r.starts_with("配合"))
    })
}

/// Nouns a framing clause ends with (根据会议讨论意见，按照上级要求，).
const FRAME_ENDS: &[&str] = &["意见", "要求", "精神", "部署", "安排", "实际", "规定"];

/// How many characters open `chars` before the job's own words: clauses that only name
/// who leads (由X负责，/ X牵头，/ 副县长X牵头，Y负责，) and a framing clause after them
/// (根据会议意见，). Nothing when no words would be left.
#[must_use]
pub fn leading_assignment(chars: &[char]) -> usize {
    const FRAMES: &[&str] = &["根据", "按照", "结合", "对照", "围绕"];
    let mut at = 0;
    let mut led = false;
    while let Some(p) = chars[at..]
        .iter()
        .position(|&c| matches!(c, ',' | '。' | ';'))
    {
        if chars[at + p] != ',' {
            break;
        }
        let clause = &chars[at..at + p];
        let names_only = |end: [char; 2]| {
            clause.len() <= 20 && clause.ends_with(&end) && !clause.contains(&'要')
        };
        let partner_only = led
            && clause.len() <= 20
            && !clause.contains(&'要')
            && PARTNERING.iter().any(|w| starts_with(clause, w));
        let lead_only = leads_only(clause)
            || names_only(['负', '责'])
            || (led && (names_only(['配', '合']) || names_only(['协', '助'])))
            || partner_only;
        // 根据会议意见，: a frame with no verb of its own (not 根据会议意见修改完善).
        let frame = led
            && FRAMES.iter().any(|f| starts_with(clause, f))
            && FRAME_ENDS.iter().any(|w| {
                let n = w.chars().count();
                clause.len() >= n && clause[clause.len() - n..].iter().copied().eq(w.chars())
            });
        if !(lead_only || frame) {
            break;
        }
        led = true;
        at += p + 1;
    }
    if chars[at..].iter().filter(|&&c| c != '。').count() < 4 {
        return 0;
    }
    at
}

/// Labels of the parts of a plan that only describe it (培训对象。…, 活动时间：…).
const PLAN_PARTS: &[&str] = &[
    "对象",
    "方式",
    "形式",
    "内容",
    "时间",
    "地点",
    "安排",
    "师资",
    "费用",
    "经费",
    "规模",
    "范围",
    "名额",
    "日程",
    "议程",
    "主题",
    "条件",
    "资格",
    "奖项",
    "课程",
    "方法",
    "指导思想",
    "目标",
    "基本原则",
    "总体思路",
    "背景",
];

/// Whether a list item opens with the label of a part of a plan (（二）培训对象。面向…):
/// it describes the plan, it gives nobody work.
#[must_use]
pub fn describes_plan(body: &[char]) -> bool {
    let Some(p) = body.iter().take(9).position(|&c| matches!(c, '。' | ':')) else {
        return false;
    };
    plan_label(&body[..p])
}

/// Whether a label names a part of a plan (培训对象, 活动时间, 报名方式).
#[must_use]
pub fn plan_label(label: &[char]) -> bool {
    (2..=8).contains(&label.len())
        && label.iter().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        && PLAN_PARTS.iter().any(|w| {
            let n = w.chars().count();
            label.len() >= n && label[label.len() - n..].iter().copied().eq(w.chars())
        })
}

/// Whether a section heading labels a part of the plan whose items only describe it
/// (一、督查内容, 二、活动时间): a plan's 安排 is where its work is handed out.
#[must_use]
pub fn plan_heading(label: &[char]) -> bool {
    plan_label(label) && !label.ends_with(&['安', '排'])
}

/// Words that recount work already done (开展了, 累计, 已完成).
const DONE: &[&str] = &[
    "截至",
    "先后",
    "开展了",
    "完成了",
    "组织了",
    "召开了",
    "举办了",
    "出台了",
    "制定了",
    "建立了",
    "印发了",
    "实现了",
    "取得了",
    "推动了",
    "落实了",
    "开通了",
    "建成了",
    "累计",
    "共计",
    "已完成",
    "已建成",
    "已经",
    "同比",
];

/// Words that ask for work still to do (须, 确保, 下一步): a text with one of them is not
/// only an account.
const AHEAD: &[&str] = &[
    "须",
    "应当",
    "务必",
    "确保",
    "力争",
    "下一步",
    "请",
    "计划于",
];

/// Whether a text recounts what was done (一是…开展了…；累计…) and asks for nothing.
#[must_use]
pub fn recounts(text: &[char]) -> bool {
    static DONE_WORDS: LazyLock<WordList> = LazyLock::new(|| WordList::new(DONE));
    let done = (0..text.len()).any(|i| DONE_WORDS.prefix_of(&text[i..]).is_some());
    done && !asks_ahead(text)
}

/// Whether a text says in so many words that something was done (开展了, 已完成) and asks
/// for nothing: a count alone (累计两次…的，予以通报) may stand in a rule for the future.
#[must_use]
pub fn recounts_plainly(text: &[char]) -> bool {
    let done = (1..text.len()).any(|i| {
        (text[i] == '了'
            && DONE
                .iter()
                .any(|w| w.ends_with('了') && ends_at(text, i + 1, w)))
            // 已 (已完成, 已经) but not 已有.
            || (text[i - 1] == '已' && text[i] != '有')
    });
    done && !asks_ahead(text)
}

/// Whether `w` ends at `end` in `text`.
fn ends_at(text: &[char], end: usize, w: &str) -> bool {
    let n = w.chars().count();
    end >= n && text[end - n..end].iter().copied().eq(w.chars())
}

/// Whether a text asks for work still to do (要…, 须, 确保, 下一步).
fn asks_ahead(text: &[char]) -> bool {
    static AHEAD_WORDS: LazyLock<WordList> = LazyLock::new(|| WordList::new(AHEAD));
    (0..text.len()).any(|i| AHEAD_WORDS.prefix_of(&text[i..]).is_some() || asks(text, i))
}

/// Whether the 要 at `i` is a modal (要加强…), not part of a word (重要, 需要, 要求, 主要).
fn asks(text: &[char], i: usize) -> bool {
    text[i] == '要'
        && !(i > 0
            && matches!(
                text[i - 1],
                '重' | '需' | '主' | '只' | '纲' | '摘' | '提' | '概' | '必'
            ))
        && !text
            .get(i + 1)
            .is_some_and(|c| matches!(c, '求' | '点' | '素' | '件' | '闻' | '害' | '领'))
}

/// Clauses of a list item `[s, e)` that open with a deadline other than the item's own
/// (请于6月9日前报送…，6月20日前汇总反馈…): each is a further job, up to the end of its
/// sentence.
#[must_use]
pub fn later_deadlines(
    asg: &Assigner<'_>,
    s: usize,
    e: usize,
    first: Option<chrono::NaiveDate>,
    base: DueBase,
) -> Vec<(usize, usize)> {
    let chars = asg.chars;
    let Some(first) = first else {
        return Vec::new();
    };
    let mut seen = vec![first];
    let mut out = Vec::new();
    for (cs, ce) in clauses(chars, s, e) {
        if out.last().is_some_and(|&(_, oe)| cs < oe) || !opens_with_date(&chars[cs..ce]) {
            continue;
        }
        let Some(due) = due_of(&chars[cs..ce], base).0 else {
            continue;
        };
        if seen.contains(&due) {
            continue;
        }
        seen.push(due);
        let mut end = chars[cs..e]
            .iter()
            .position(|&c| matches!(c, '。' | ';' | '!' | '\n'))
            .map_or(e, |p| cs + p + 1);
        while end > cs && chars[end - 1] == '\n' {
            end -= 1;
        }
        out.push((cs, end));
    }
    out
}

/// Whether a clause opens with a date (6月20日前…, 并于7月底前…).
fn opens_with_date(clause: &[char]) -> bool {
    let skip = ["请于", "并于", "须于", "需于", "于", "在"]
        .iter()
        .find(|p| starts_with(clause, p))
        .map_or(0, |p| p.chars().count());
    clause
        .get(skip)
        .is_some_and(|c| c.is_ascii_digit() || super::numerals::is_cn_numeral_char(*c))
        && clause.iter().skip(skip).take(6).any(|&c| c == '月')
}

/// Whether the bodies `owners` that open a clause are told what they must do (X要…, X须…).
fn must_do(clause: &[char], owners: &[String]) -> bool {
    let Some(last) = owners.last() else {
        return false;
    };
    let text = string_of(clause);
    let Some(at) = text.find(last.as_str()) else {
        return false;
    };
    let rest = &text[at + last.len()..];
    ["要", "须", "必须", "务必", "应当"]
        .iter()
        .any(|m| rest.starts_with(m))
        && !rest.starts_with("要求")
}

/// 由X任组长 / 由X担任…: an appointment to a post, not a job.
fn appoints(rest: &[char]) -> bool {
    let head = string_of(&rest[..rest.len().min(14)]);
    ["任组长", "任副组长", "担任", "任主任", "兼任"]
        .iter()
        .any(|w| head.contains(w))
}

/// Whether two jobs given to the same bodies by the same deadline ask for the same thing:
/// they share words (意见, 反馈) besides the bodies' names and the deadline's.
#[must_use]
pub fn same_requirement(a: &[char], b: &[char], owners: &[String]) -> bool {
    const PLAIN: &[&str] = &[
        "要于", "要在", "日前", "月底", "底前", "工作", "一个", "个工", "作日", "日内", "务必",
        "确保", "完成", "前完", "相关", "有关", "各项",
    ];
    let han = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
    let words = |t: &[char]| -> Vec<[char; 2]> {
        t.windows(2)
            .filter(|w| {
                w.iter()
                    .all(|&c| han(c) && !"要在于须将的和及前内一个".contains(c))
            })
            .map(|w| [w[0], w[1]])
            .filter(|w| {
                let s: String = w.iter().collect();
                !PLAIN.contains(&s.as_str()) && !owners.iter().any(|o| o.contains(&s))
            })
            .collect()
    };
    let (wa, mut wb) = (words(a), words(b));
    wb.sort_unstable();
    wb.dedup();
    wb.iter().filter(|w| wa.contains(w)).count() >= 2
}

/// Role words that name whichever bodies hold a role, not one body (责任单位, 牵头部门).
const ROLE_CLASSES: &[&str] = &[
    "责任领导",
    "责任单位",
    "责任部门",
    "牵头单位",
    "牵头部门",
    "承办单位",
    "主办单位",
    "协办单位",
    "配合单位",
    "配合部门",
    "主管部门",
    "职能部门",
    "行业主管部门",
    "业主单位",
    "建设单位",
    "参建单位",
    "成员单位",
];

/// Whether an owner is a class of bodies (各部门, 相关单位, 有关部门, 责任单位) rather than
/// a body the text names.
#[must_use]
pub fn is_class(owner: &str) -> bool {
    // 责任领导及牵头部门: classes joined are a class.
    let mut parts: Vec<&str> = Vec::new();
    let (mut depth, mut from) = (0i32, 0);
    for (i, c) in owner.char_indices() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth -= 1,
            '、' | '及' | '和' | '与' if depth == 0 => {
                parts.push(&owner[from..i]);
                from = i + c.len_utf8();
            }
            _ => {}
        }
    }
    if from > 0 {
        parts.push(&owner[from..]);
        return parts.iter().filter(|p| !p.is_empty()).all(|p| is_class(p));
    }
    owner.contains('各')
        || ["相关", "有关", "其他", "其它", "所有", "涉及"]
            .iter()
            .any(|p| owner.starts_with(p))
        || ROLE_CLASSES.contains(&owner)
        || ["成员", "干部", "人员", "负责人", "同志们", "党员", "职工"]
            .iter()
            .any(|w| owner.ends_with(w))
}

/// Words that make a text a piece of work: a modal (要, 须, 应), an assignment (负责,
/// 牵头) or a verb of doing (完成, 做好, 加强, 推进, 落实…).
const WORK_CUES: &[&str] = &[
    "要",
    "须",
    "应",
    "负责",
    "牵头",
    "完成",
    "做好",
    "抓好",
    "抓实",
    "加强",
    "推进",
    "落实",
    "确保",
    "开展",
    "组织",
    "建立",
    "建设",
    "建成",
    "制定",
    "实施",
    "提升",
    "强化",
    "优化",
    "加快",
    "推动",
    "严格",
    "规范",
    "健全",
    "完善",
    "提高",
    "深化",
    "扎实",
    "持续",
    "切实",
    "坚持",
    "积极",
    "认真",
    "着力",
    "全面",
    "进一步",
    "报送",
    "上报",
    "整改",
    "配合",
    "协助",
    "督促",
    "及时",
    "按时",
    "保障",
    "加大",
    "压实",
    "筑牢",
    "守住",
    "聚焦",
    "围绕",
    "营造",
    "打造",
    "构建",
    "用好",
    "管好",
    "办好",
    "抓紧",
    "启动",
    "召开",
    "举办",
    "修订",
    "编制",
    "排查",
    "检查",
    "清理",
    "治理",
    "巡查",
    "监督",
    "培训",
    "宣传",
    "部署",
    "落地",
    "提交",
];

/// Whether a text asks for something to be done rather than stating a fact.
#[must_use]
pub fn is_work(text: &[char]) -> bool {
    static CUES: LazyLock<WordList> = LazyLock::new(|| WordList::new(WORK_CUES));
    let cues = &*CUES;
    (0..text.len()).any(|i| cues.prefix_of(&text[i..]).is_some())
}

fn starts_with(chars: &[char], pat: &str) -> bool {
    let mut it = chars.iter();
    pat.chars().all(|p| it.next() == Some(&p))
}

/// Openings under which a meeting states its view rather than hands out work (会议指出,
/// 会议认为): a body named there holds a job only when it is given one explicitly or
/// with a deadline.
const OBSERVES: &[&str] = &["会议指出", "会议认为", "会议分析", "会议肯定"];

fn trim_clause(c: &[char]) -> &[char] {
    let mut e = c.len();
    while e > 0 && matches!(c[e - 1], ',' | ':' | ';' | '。' | '!' | '?' | '\n') {
        e -= 1;
    }
    &c[..e]
}

/// Owners and helpers named anywhere in a list item's text.
#[must_use]
pub fn owners_in(asg: &Assigner<'_>, s: usize, e: usize) -> (Vec<String>, Vec<String>) {
    let chars = asg.chars;
    let found: Vec<Assignment> = clauses(chars, s, e)
        .into_iter()
        .filter_map(|(cs, ce)| asg.item_assignment(cs, ce))
        .collect();
    let (owners, co) = super::owners::settle(&found);
    // Labelled owners (牵头单位：X) need a 单位: or 部门: label.
    let item = &chars[s..e];
    let labelled = (2..item.len())
        .any(|k| item[k] == ':' && matches!(item[k - 2..k], ['单', '位'] | ['部', '门']));
    if !labelled {
        return (owners, co);
    }
    let text = string_of(&chars[s..e]);
    if let Some((lo, lc)) = asg.dir.labelled(&text) {
        return (if lo.is_empty() { owners } else { lo }, lc);
    }
    (owners, co)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn jobs_of(text: &str) -> Vec<(String, Vec<String>, Vec<String>)> {
        let chars: Vec<char> = super::super::normalize::squeeze(text).chars().collect();
        let base = DueBase {
            year: Some(2022),
            anchor: chrono::NaiveDate::from_ymd_opt(2022, 3, 1),
        };
        let dir = Directory::default();
        jobs_in(&Assigner::new(&chars, &dir), 0, chars.len(), base)
            .into_iter()
            .map(|j| {
                (
                    chars[j.start..j.end].iter().collect(),
                    j.owners,
                    j.co_owners,
                )
            })
            .collect()
    }

    #[test]
    fn each_body_given_a_job_makes_one_task() {
        let jobs = jobs_of("教务处负责制定方案，学生处负责组织报名。");
        assert_eq!(jobs.len(), 2);
        assert_eq!(jobs[0].1, ["教务处"]);
        assert_eq!(jobs[1].1, ["学生处"]);
    }

    #[test]
    fn a_class_of_bodies_needs_a_deadline() {
        assert!(jobs_of("各部门要积极响应，快速反应。").is_empty());
        assert_eq!(
            jobs_of("各市教育局于每月底前报告筹备情况。")[0].1,
            ["各市教育局"]
        );
    }

    #[test]
    fn exhortations_to_everyone_are_not_tasks() {
        assert!(jobs_of("全院上下要把学习贯彻会议精神作为首要政治任务。").is_empty());
        assert!(jobs_of("学院要坚持立德树人。").is_empty());
    }

    #[test]
    fn helpers_join_the_job_before_them() {
        let jobs = jobs_of("由教务处牵头，学生处、团委配合，做好迎新工作。");
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].2, ["学生处", "团委"]);
    }

    /// A task as the tests look at it: (title, list marker, owners, co-owners).
    type Found = (String, Option<String>, Vec<String>, Vec<String>);

    /// The tasks `extract` finds in `text`.
    #[track_caller]
    fn tasks_of(text: &str) -> Vec<Found> {
        let ctx = super::super::DocContext {
            reference_date: chrono::NaiveDate::from_ymd_opt(2024, 3, 1),
            ..Default::default()
        };
        super::super::extract(text, &ctx)
            .items
            .into_iter()
            .filter(|i| i.kind == super::super::ItemKind::Task)
            .map(|i| (i.title, i.list, i.owners, i.co_owners))
            .collect()
    }

    #[test]
    fn a_lead_official_and_the_body_after_it_share_one_job() {
        let jobs = jobs_of("副县长刘明牵头，县水利局要组织开展汛前隐患排查。");
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].1, ["副县长刘明", "县水利局"]);
    }

    #[test]
    fn a_body_told_to_help_another_is_its_co_owner() {
        let jobs = jobs_of("县水利局要组织汛前排查，县气象局要协助县水利局做好预警。");
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].2, ["县气象局"]);
    }

    #[test]
    fn role_classes_without_a_deadline_are_not_given_work() {
        assert!(jobs_of("相关审批单位要主动跨前，加快审批。").is_empty());
        assert!(jobs_of("责任领导及牵头部门要切实履行主体责任。").is_empty());
        assert!(jobs_of("县政府班子成员和各乡镇要结合实际抓好落实。").is_empty());
        assert_eq!(jobs_of("有关部门要于4月底前报送方案。").len(), 1);
    }

    #[test]
    fn a_named_body_told_what_to_do_after_huiyi_zhichu_is_given_work() {
        assert_eq!(jobs_of("会议指出，区住建委要发挥好统筹作用。").len(), 1);
        assert!(jobs_of("会议指出，区住建委在项目推进中做了大量工作。").is_empty());
    }

    #[test]
    fn a_verdict_that_hands_the_work_to_a_body_gives_it_a_job() {
        let jobs = jobs_of("同意由县自然资源局收回地块使用权。");
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].1, ["县自然资源局"]);
        assert!(jobs_of("同意县城投公司启动债券发行前期工作。").is_empty());
    }

    #[test]
    fn under_huiyi_queding_a_body_before_its_verb_holds_the_job() {
        let jobs = jobs_of("会议确定：县财政局负责修改完善，县土地储备中心做好收储工作。");
        assert_eq!(jobs.len(), 2);
        assert_eq!(jobs[1].1, ["县土地储备中心"]);
        // Without the meeting's word, a bare subject and verb is a statement.
        assert!(jobs_of("县土地储备中心做好收储工作。").is_empty());
    }

    #[test]
    fn a_body_after_you_inside_a_clause_holds_the_job() {
        let jobs = jobs_of("剩余补偿款在地块出让后由县财政局拨付。");
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].1, ["县财政局"]);
    }

    #[test]
    fn an_adverb_before_fuze_does_not_hide_the_body() {
        assert_eq!(jobs_of("县住建局具体负责组织招标。")[0].1, ["县住建局"]);
    }

    #[test]
    fn parts_of_a_plan_describe_it_and_give_no_work() {
        assert!(describes_plan(
            &"培训对象。各区推荐的企业负责人。"
                .chars()
                .collect::<Vec<_>>()
        ));
        assert!(describes_plan(
            &"活动时间:10月14日".chars().collect::<Vec<_>>()
        ));
        assert!(!describes_plan(
            &"工作要求。各区要做好推荐。".chars().collect::<Vec<_>>()
        ));
    }

    #[test]
    fn an_account_of_work_done_asks_for_nothing() {
        assert!(recounts(
            &"开展了村庄清洁行动,累计清理垃圾4300吨。"
                .chars()
                .collect::<Vec<_>>()
        ));
        assert!(!recounts(
            &"已完成一半,下一步要加快进度。".chars().collect::<Vec<_>>()
        ));
    }

    #[test]
    fn a_list_that_recounts_work_done_gives_no_tasks() {
        let text = "会上汇报了去年工作。一是开展了食堂提质工程；二是完成了公寓空调安装；\
                    三是累计处理报修8600件。";
        assert!(tasks_of(text).is_empty());
    }

    #[test]
    fn each_list_item_carries_its_own_marker() {
        let text = "会议强调，一是要加强排查，县应急局要牵头。二是要落实整改，县住建局要跟进。";
        let lists: Vec<_> = tasks_of(text).into_iter().map(|t| t.1).collect();
        assert_eq!(lists, [Some("一是".to_string()), Some("二是".to_string())]);
    }

    #[test]
    fn titles_keep_the_documents_own_punctuation() {
        let text =
            "会议强调，一要提高站位，压实责任。县应急局要牵头。二要跟踪问效（按月），加强督查。";
        let titles: Vec<_> = tasks_of(text).into_iter().map(|t| t.0).collect();
        assert_eq!(titles[1], "跟踪问效（按月）");
    }

    #[test]
    fn a_title_is_the_job_not_the_clause_naming_its_lead() {
        let text = "会议确定：由区司法局负责，组织开展法律顾问培训。";
        assert_eq!(tasks_of(text)[0].0, "组织开展法律顾问培训");
    }

    #[test]
    fn a_list_item_recording_a_verdict_is_a_decision_not_a_task() {
        let text = "会议提出以下要求：（一）会议原则同意《安全生产检查方案》。\n\
                    （二）区应急局要牵头组建检查组。\n（三）区市场监管局要加强监管。";
        let titles: Vec<_> = tasks_of(text).into_iter().map(|t| t.0).collect();
        assert_eq!(titles.len(), 2, "{titles:?}");
    }

    #[test]
    fn a_second_deadline_in_a_list_item_is_a_job_of_its_own() {
        let text =
            "工作要求如下：（一）各区要做好推荐，于9月20日前报送汇总表，9月27日前报送承诺书。\n\
                    （二）市服务中心负责组织实施。";
        let titles: Vec<_> = tasks_of(text).into_iter().map(|t| t.0).collect();
        assert_eq!(titles.len(), 3, "{titles:?}");
        assert!(titles.iter().any(|t| t.starts_with("9月27日前")));
    }

    #[test]
    fn huiyi_queding_on_the_line_before_still_settles_who_does_what() {
        let text = "会议确定：\n县财政局负责，修改完善考核办法，县政府办公室印发实施。";
        let owners: Vec<_> = tasks_of(text).into_iter().map(|t| t.2).collect();
        assert_eq!(
            owners,
            [
                vec!["县财政局".to_string()],
                vec!["县政府办公室".to_string()]
            ]
        );
    }

    #[test]
    fn a_section_naming_a_part_of_the_plan_is_no_task_but_its_jobs_are() {
        let text = "关于举办业务培训的通知\n各区科技局：\n一、参训对象\n市科技中心要选派2名业务骨干参加培训。\n\
                    二、培训内容\n科技政策解读、项目管理。\n";
        let tasks = tasks_of(text);
        assert_eq!(tasks.len(), 1, "{tasks:?}");
        assert_eq!(tasks[0].1, None);
        assert_eq!(tasks[0].2, ["市科技中心"]);
    }

    #[test]
    fn a_body_credited_with_work_done_is_not_given_a_job() {
        assert!(jobs_of("由县住建局牵头，完成了老旧小区改造27个。").is_empty());
        assert_eq!(jobs_of("由县住建局牵头，完成老旧小区改造。").len(), 1);
    }

    /// The title `opening_phrase` gives a job's normalised text.
    fn title_of(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let (s, e) = super::super::opening_phrase(&chars);
        chars[s..e].iter().collect()
    }

    #[test]
    fn a_title_names_the_job_not_its_subject_or_framing() {
        assert_eq!(
            title_of("住建、交通等部门,要认真履行监管职责,做好源头防控。"),
            "住建、交通等部门,要认真履行监管职责"
        );
        assert_eq!(
            title_of("县交通运输局负责,发展改革部门配合,根据会议讨论意见,对项目规模再行核实。"),
            "对项目规模再行核实"
        );
        assert_eq!(
            title_of("由市住建局负责,根据会议意见进一步修改完善,依规印发。"),
            "根据会议意见进一步修改完善"
        );
    }

    #[test]
    fn a_count_in_a_rule_for_the_future_is_no_account() {
        let rule: Vec<char> = "强化考核问责,对累计两次排名末位的单位予以通报。"
            .chars()
            .collect();
        assert!(!recounts_plainly(&rule));
        let done: Vec<char> = "开展了专项检查,已整改问题32个。".chars().collect();
        assert!(recounts_plainly(&done));
    }

    #[test]
    fn a_class_given_the_same_deadline_for_another_thing_keeps_both_jobs() {
        let a: Vec<char> = "各部门要在一个工作日内完成意见梳理及反馈".chars().collect();
        let b: Vec<char> = "各部门要在一个工作日内将相关意见反馈至区政府办公室"
            .chars()
            .collect();
        let c: Vec<char> = "各部门要在一个工作日内报送值班表".chars().collect();
        let owners = ["各部门".to_string()];
        assert!(same_requirement(&a, &b, &owners));
        assert!(!same_requirement(&a, &c, &owners));
    }

    #[test]
    fn a_heading_that_labels_what_a_plan_is_describes_but_its_arrangements_are_work() {
        let heading = |s: &str| plan_heading(&s.chars().collect::<Vec<_>>());
        assert!(heading("督查内容"));
        assert!(heading("活动时间"));
        assert!(!heading("培训安排"));
        assert!(!heading("工作要求"));
    }

    #[test]
    fn a_partner_named_in_a_clause_of_its_own_helps_the_job_before() {
        let jobs = jobs_of("区文旅局牵头，会同区公安分局，于5月10日前制定景区客流疏导方案。");
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].1, ["区文旅局"]);
        assert_eq!(jobs[0].2, ["区公安分局"]);
        let chars: Vec<char> = "区文旅局牵头,会同区公安分局,于5月10日前制定景区客流疏导方案。"
            .chars()
            .collect();
        assert_eq!(leading_assignment(&chars), 15);
    }

    #[test]
    fn a_clause_that_only_names_the_lead_waits_for_the_job() {
        let leads = |s: &str| leads_only(trim_clause(&s.chars().collect::<Vec<_>>()));
        assert!(leads("由李明华同志牵头调度,"));
        assert!(leads("副县长石晶牵头,"));
        assert!(!leads("县人社局负责,摸排梳理欠薪隐患"));
        assert!(!leads("由教务处牵头制定方案"));
    }
}
