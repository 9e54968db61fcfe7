//! Why an item was found, and whether it names something a clerk can track.
//!
//! Both are read off the finished item: the rule from how it was found (a list marker, a
//! verdict, an assignment, a deadline), the trackability from what its wording names (an
//! owner, a deadline or recurrence, a deliverable). The review page shows the rule and
//! pre-ticks only trackable items, so a clerk's attention goes to the exhortations first.

use std::sync::LazyLock;

use super::model::{Basis, Item, ItemKind, Rule};
use super::normalize::WordList;

/// Words before a body that hand it the job (the longest first), and the cue shown.
const BEFORE_BODY: &[(&str, &str)] = &[("责成", "责成X"), ("请", "请X"), ("由", "由X")];

/// Words right after a body that give it the job, and the cue shown.
const AFTER_BODY: &[(&str, &str)] = &[
    ("牵头", "X牵头"),
    ("负责", "X负责"),
    ("会同", "X会同Y"),
    ("务必", "X务必"),
    ("必须", "X必须"),
    ("要", "X要"),
    ("须", "X须"),
];

/// Things a job can deliver: a paper, a plan, an agreement, a list.
const DELIVERABLES: &[&str] = &[
    "方案", "报告", "计划", "办法", "制度", "细则", "清单", "台账", "规划", "意见", "总结", "材料",
    "协议", "合同", "标准", "指南", "名单", "预案", "手续", "文件", "简报", "数据",
];

/// Verbs that produce or hand in a deliverable.
const DELIVERING: &[&str] = &[
    "制定", "出台", "印发", "编制", "起草", "修订", "修改", "完善", "提交", "报送", "上报", "报",
    "形成", "签订", "建立", "填写", "汇总", "反馈", "办理", "拨付", "解除",
];

static DELIVERABLE_WORDS: LazyLock<WordList> = LazyLock::new(|| WordList::new(DELIVERABLES));
static DELIVERING_WORDS: LazyLock<WordList> = LazyLock::new(|| WordList::new(DELIVERING));

/// How far after a delivering verb its deliverable may stand.
const DELIVERABLE_REACH: usize = 16;

/// Fills in `basis` and `trackable` of every item.
pub fn annotate(items: &mut [Item]) {
    for item in items {
        // Room for every character at once (a text has no more characters than bytes).
        let mut chars: Vec<char> = Vec::with_capacity(item.text.len());
        chars.extend(item.text.chars());
        item.basis = basis_of(item);
        item.trackable = trackable(item, &chars);
    }
}

fn basis_of(item: &Item) -> Basis {
    if item.kind == ItemKind::Decision {
        return Basis::new(Rule::Decision, item.verdict.as_deref().unwrap_or_default());
    }
    if item.row.is_some() {
        return Basis::new(Rule::Table, "");
    }
    if let Some(marker) = &item.list {
        return Basis::new(Rule::List, marker.trim());
    }
    if let Some(cue) = assignment_cue(&item.text, &item.owners) {
        return Basis::new(Rule::Assignment, &cue);
    }
    if item.due.is_some() || item.recurrence.is_some() {
        return Basis::new(Rule::Deadline, "");
    }
    Basis::new(Rule::Assignment, "")
}

/// How the wording hands the job to its first owner: the words around that owner's name
/// (由X负责, X牵头, 责成X, X要), not any such word elsewhere in the text (重要 is no 要).
fn assignment_cue(text: &str, owners: &[String]) -> Option<String> {
    let owner = owners.first()?;
    let at = text.find(owner.as_str())?;
    let (before, after) = (&text[..at], &text[at + owner.len()..]);
    // 由X具体负责: an adverb may stand between the body and its verb.
    let after = ["具体", "全面", "主要"]
        .iter()
        .find_map(|a| after.strip_prefix(a))
        .unwrap_or(after);
    let lead = AFTER_BODY
        .iter()
        .find(|(w, _)| after.starts_with(w))
        .map(|&(_, cue)| cue);
    match BEFORE_BODY.iter().find(|(w, _)| before.ends_with(w)) {
        Some(("由", _)) => Some(format!("由X{}", lead.map_or("负责", |c| &c["X".len()..]))),
        Some((_, cue)) => Some((*cue).to_owned()),
        None => lead.map(str::to_owned),
    }
}

/// A decision always records something; a task is trackable when it names an owner, a
/// deadline or recurrence, or a deliverable. What is left is a general exhortation.
fn trackable(item: &Item, chars: &[char]) -> bool {
    // A table row names its owner and deadline in their own columns: its task cell's
    // wording is not searched for a deliverable.
    if item.row.is_some() {
        return !item.owners.is_empty() || item.due.is_some() || item.recurrence.is_some();
    }
    item.kind == ItemKind::Decision
        || !item.owners.is_empty()
        || item.due.is_some()
        || item.recurrence.is_some()
        || names_deliverable(chars)
}

/// A titled document (《…》) or a delivering verb with its deliverable close behind.
fn names_deliverable(chars: &[char]) -> bool {
    if chars.contains(&'《') {
        return true;
    }
    let (verbs, papers) = (&*DELIVERING_WORDS, &*DELIVERABLE_WORDS);
    (0..chars.len()).any(|i| {
        verbs.prefix_of(&chars[i..]).is_some_and(|(_, n)| {
            let after = i + n;
            let reach = &chars[after..chars.len().min(after + DELIVERABLE_REACH)];
            (0..reach.len()).any(|j| papers.prefix_of(&reach[j..]).is_some())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{extract, DocContext};

    fn items(text: &str) -> Vec<Item> {
        extract(text, &DocContext::default()).items
    }

    #[test]
    fn a_list_item_is_found_by_its_own_marker() {
        let found =
            items("会议要求：一是组织部要在3月底前制定培训计划。二是宣传部要做好宣传报道工作。");
        let second = found.iter().find(|i| i.ordinal == Some(2)).expect("二是");
        assert_eq!(second.basis.to_string(), "list:二是");
    }

    #[test]
    fn a_decision_is_found_by_its_verdict() {
        let found = items("会议原则同意《校园安全管理办法》。");
        assert_eq!(found[0].basis.to_string(), "decision:原则同意");
        assert!(found[0].trackable);
    }

    #[test]
    fn an_assignment_names_the_way_the_job_was_handed_out() {
        let found = items("会议确定，由财务处负责编制下一年度预算方案。");
        let task = found
            .iter()
            .find(|i| i.kind == ItemKind::Task)
            .expect("task");
        assert_eq!(task.basis.to_string(), "assignment:由X负责");
        assert!(task.trackable);
    }

    #[test]
    fn the_cue_is_read_around_the_owner_not_anywhere_in_the_text() {
        let owners = ["县财政局".to_string()];
        let cue = |t: &str| assignment_cue(t, &owners);
        assert_eq!(
            cue("县财政局负责做好重要资金保障").as_deref(),
            Some("X负责")
        );
        assert_eq!(cue("由县财政局具体负责拨付").as_deref(), Some("由X负责"));
        assert_eq!(cue("责成县财政局于月底前拨付").as_deref(), Some("责成X"));
        assert_eq!(cue("县财政局做好重要保障").as_deref(), None);
        assert_eq!(assignment_cue("这很重要", &[]), None);
    }

    #[test]
    fn an_exhortation_without_owner_deadline_or_deliverable_is_not_trackable() {
        let item = Item {
            kind: ItemKind::Task,
            verdict: None,
            title: "提高政治站位".into(),
            text: "二要提高政治站位，切实增强责任感和使命感。".into(),
            section: None,
            list: Some("二要".into()),
            ordinal: Some(2),
            owners: Vec::new(),
            co_owners: Vec::new(),
            due: None,
            recurrence: None,
            report_day: None,
            span: [0, 0],
            basis: Basis::default(),
            trackable: true,
            row: None,
            category: None,
            leader: None,
        };
        let mut one = [item];
        annotate(&mut one);
        assert!(!one[0].trackable);
        assert_eq!(one[0].basis.to_string(), "list:二要");
    }

    #[test]
    fn a_job_that_hands_in_a_paper_is_trackable_without_an_owner() {
        let chars: Vec<char> = "要尽快修改完善实施方案并按程序报批".chars().collect();
        assert!(names_deliverable(&chars));
        let chars: Vec<char> = "要进一步提高认识、压实责任".chars().collect();
        assert!(!names_deliverable(&chars));
    }
}
