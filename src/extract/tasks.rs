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

    /// The assignment of clause `[cs, ce)` (trailing punctuation trimmed), given the start
    /// of the clause after it.
    fn assignment(&self, cs: usize, ce: usize) -> Option<Assignment> {
        // Only a comma keeps the next clause in the same sentence.
        let next = if ce > cs && self.chars[ce - 1] == ',' {
            &self.chars[ce..self.chars.len().min(ce + 4)]
        } else {
            &[]
        };
        self.dir
            .assignment_before(trim_clause(&self.chars[cs..ce]), next)
    }

    /// The assignment of a list item's clause: also a subject before a verb of doing.
    fn item_assignment(&self, cs: usize, ce: usize) -> Option<Assignment> {
        self.assignment(cs, ce)
            .or_else(|| self.dir.subject_of(trim_clause(&self.chars[cs..ce])))
    }
}

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
    // Which clauses open a job, and with what assignment.
    let mut opens: Vec<(usize, Assignment)> = Vec::new();
    // Under 会议确定/明确：… a body named before a verb of doing holds that job too
    // (…，县政府办公室印发实施).
    let decided = DECIDES.iter().any(|o| starts_with(&chars[s..e], o));
    for (k, &(cs, ce)) in cls.iter().enumerate() {
        let found = asg.assignment(cs, ce).or_else(|| {
            decided
                .then(|| asg.dir.subject_of(trim_clause(&chars[cs..ce])))
                .flatten()
        });
        if let Some(a) = found {
            // Y配合 / Y协助: helpers of the job before. X牵头，Y负责…: one job that both lead.
            let joins_lead = opens.last().is_some_and(|(pk, _)| {
                *pk + 1 == k && Directory::leads_only(&chars[cls[*pk].0..cls[*pk].1])
            });
            if a.owners.is_empty() || joins_lead {
                if let Some((_, prev)) = opens.last_mut() {
                    for o in a.owners.iter().filter(|_| joins_lead) {
                        if !prev.owners.contains(o) {
                            prev.owners.push(o.clone());
                        }
                    }
                    for c in a.co_owners {
                        if !prev.co_owners.contains(&c) {
                            prev.co_owners.push(c);
                        }
                    }
                }
                continue;
            }
            opens.push((k, a));
        }
    }
    let mut out = Vec::new();
    for (x, (k, a)) in opens.iter().enumerate() {
        let start = cls[*k].0;
        let end = opens.get(x + 1).map_or(e, |(nk, _)| cls[*nk].0);
        // 各市教育局, 市直各部门: a class of bodies, not a named one.
        let specific = a.owners.iter().any(|o| !o.contains('各'));
        let qualifies = a.explicit || (specific && !observes) || {
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

/// Openings under which a meeting settles who does what.
const DECIDES: &[&str] = &["会议确定", "会议明确", "会议决定", "会议议定"];

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

    #[test]
    fn under_huiyi_queding_a_body_before_a_verb_of_doing_holds_a_job() {
        let jobs = jobs_of("会议确定：县民政局负责核定帮扶对象，县财政局做好资金保障。");
        assert_eq!(jobs.len(), 2);
        assert_eq!(jobs[1].1, ["县财政局"]);
        // Without the meeting's word, a bare subject and verb is a statement.
        assert!(jobs_of("县财政局做好资金保障。").is_empty());
    }
}
