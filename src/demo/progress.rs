//! What happens to a published demo item: the unit head signs for it, reports progress,
//! marks it blocked or done, asks for more time; the secretariat closes, decides, urges.
//! Everything goes through `crate::workflow`, so the history is what real use records;
//! afterwards the time stamps the workflow set to "now" are spread over the past weeks
//! (all but the append-only history's own).

use chrono::{Duration, NaiveDate};
use sqlx::PgPool;

use super::accounts::Cast;
use super::documents::answers_to_demo_leader;
use crate::digest::compose::NoticeMail;
use crate::domain::ItemStatus;
use crate::domain::Recurrence;
use crate::domain::{Actor, ItemId};
use crate::store::items;
use crate::store::{demo, extensions};
use crate::workflow::{self, ExtensionDecision, ItemEdit, PartRequest, Verdict};

/// The links in the demo's mails: the default listen address (the demo's mail is written
/// before the server starts and never leaves the outbox folder unless SMTP is set).
pub(super) const DEMO_MAIL: NoticeMail<'static> = NoticeMail {
    base_url: "http://127.0.0.1:8080",
};

/// The demo leader's 批示 on a late item.
const INSTRUCTION: &str = "此事拖延不得，请牵头单位本周内拿出整改方案，按月报送进展。";

/// Where a demo item ends up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Plan {
    /// Assigned a few days ago, not yet signed for; green.
    Fresh,
    /// In progress, due weeks ahead; green.
    OnTrack,
    /// In progress, due within 7 days; yellow.
    DueSoon,
    /// In progress or unsigned, past its deadline, urged; red.
    Overdue,
    /// 受阻; yellow.
    Blocked,
    /// 已完成，待核验.
    ReportedDone,
    /// 办结.
    Closed,
    /// Due soon, with an extension request waiting for the secretariat.
    PendingExtension,
    /// Was due soon; the secretariat granted a later deadline.
    ApprovedExtension,
    /// A weekly report (每周五) that stopped coming: 缺报, red.
    MissedReport,
    /// Two thirds of its time gone and 10% done: 进度滞后, yellow.
    Behind,
    /// Split into two parts for two units (分解), one of them reporting 40%.
    Split,
    /// Three weeks late and urged: the ladder has told its leader.
    Escalated,
}

/// The usual run of items with a demo head; most are on track.
const CYCLE: [Plan; 10] = [
    Plan::OnTrack,
    Plan::Overdue,
    Plan::OnTrack,
    Plan::DueSoon,
    Plan::Closed,
    Plan::OnTrack,
    Plan::ReportedDone,
    Plan::Fresh,
    Plan::OnTrack,
    Plan::Closed,
];

impl Plan {
    /// The plan of the `n`th item that has a demo head to act on it.
    pub fn for_attended(n: usize) -> Plan {
        match n {
            11 | 24 => Plan::Blocked,
            13 => Plan::PendingExtension,
            18 => Plan::ApprovedExtension,
            5 => Plan::MissedReport,
            7 => Plan::Behind,
            9 => Plan::Split,
            15 => Plan::Escalated,
            _ => CYCLE[n % CYCLE.len()],
        }
    }

    /// The plan of the `n`th item whose units have no demo head: nobody can act but the
    /// secretariat, so it stays assigned; some of them are late.
    pub fn for_unattended(n: usize) -> Plan {
        if n.is_multiple_of(3) {
            Plan::Overdue
        } else {
            Plan::Fresh
        }
    }

    /// The deadline the clerk sets, around `today`; `k` varies it between items.
    pub fn due_date(self, k: usize, today: NaiveDate) -> NaiveDate {
        let k = i64::try_from(k).unwrap_or(0);
        let days = match self {
            Plan::Overdue => -(2 + k % 12),
            Plan::DueSoon => 1 + k % 6,
            Plan::PendingExtension | Plan::ApprovedExtension => 3,
            Plan::Blocked => 14 + k % 10,
            Plan::ReportedDone => 5 + k % 20,
            Plan::Closed => -12 + k % 30,
            Plan::Fresh | Plan::OnTrack => 21 + (k * 5) % 40,
            Plan::MissedReport | Plan::Split => 50,
            Plan::Behind => 20,
            Plan::Escalated => -21,
        };
        today + Duration::days(days)
    }

    /// The clerk's edit with the reporting duty the plan needs: 每周五 for the item whose
    /// reports stopped.
    pub fn duty(self, edit: ItemEdit) -> ItemEdit {
        match self {
            Plan::MissedReport => ItemEdit {
                recurrence: Some(Recurrence::Weekly),
                report_day: Some(5),
                ..edit
            },
            _ => edit,
        }
    }

    fn progress_notes(self, k: usize) -> usize {
        match self {
            Plan::Fresh => 0,
            Plan::OnTrack => 1 + k % 2,
            Plan::DueSoon | Plan::ReportedDone | Plan::Closed => 2,
            Plan::Overdue | Plan::Blocked | Plan::PendingExtension | Plan::ApprovedExtension => 1,
            Plan::MissedReport | Plan::Behind | Plan::Escalated => 1,
            Plan::Split => 0,
        }
    }

    /// How long ago it was published.
    fn age_days(self, k: usize) -> usize {
        match self {
            Plan::MissedReport => 30,
            Plan::Behind => 40,
            Plan::Escalated => 60,
            _ => 20 + (k * 7) % 30,
        }
    }

    /// The 完成进度 its unit states with its reports.
    fn percent(self) -> Option<i16> {
        (self == Plan::Behind).then_some(10)
    }
}

/// First reports: the work has been taken up.
const STARTED: &[&str] = &[
    "已召开专题会议传达学习，制定了工作方案，明确责任人和时间节点。",
    "已成立工作专班，梳理任务清单，分解落实到各科室。",
    "已完成前期调研，形成初步方案，正在征求相关单位意见。",
    "已部署落实，近期将召开推进会进一步细化措施。",
    "已对照任务要求开展自查，列出问题清单，正在逐项整改。",
];

/// Later reports: the work is under way.
const UNDER_WAY: &[&str] = &[
    "方案已经党委会研究通过，各项措施按计划推进，已完成约六成工作量。",
    "已组织两场专题培训，覆盖师生三百余人次，相关材料已归档。",
    "与相关部门召开协调会，解决了经费和场地问题，下一步集中推进。",
    "阶段性任务已完成，已报送阶段小结，正在推进后续环节。",
    "已在学院官网和公众号开设专栏，发布稿件十余篇。",
];

/// Last reports of finished items.
const DONE: &[&str] = &[
    "各项任务已全部完成，总结材料和佐证资料已整理上报，请核验。",
    "已按期完成，相关制度已印发执行，请办公室核验。",
];

const BLOCKED: &[&str] = &[
    "所需经费未列入本年度预算，需待预算调整后落实，已报计划财务处协调。",
    "涉及上级主管部门审批，目前仍在等待批复，工作暂时无法推进。",
];

const EXTENSION_REASON: &str = "该项工作需与上级主管部门对接，审批意见尚未返回，申请延长完成时限。";

/// Takes one published item to its plan, as its unit head and the secretariat.
pub(super) async fn play(
    pool: &PgPool,
    cast: &Cast,
    item_id: ItemId,
    plan: Plan,
    head: Option<Actor>,
    k: usize,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let sec = &cast.secretariat;
    let Some(head) = head.filter(|_| plan != Plan::Fresh) else {
        // A unit without a head is not urged: an urge that would reach nobody is refused.
        return backdate(pool, item_id, 2 + k % 4).await;
    };
    workflow::acknowledge(pool, &head, item_id).await?;
    let finished = matches!(plan, Plan::ReportedDone | Plan::Closed);
    let notes = plan.progress_notes(k);
    for n in 0..notes {
        let pool_of_notes = match n {
            0 => STARTED,
            _ if finished && n + 1 == notes => DONE,
            _ => UNDER_WAY,
        };
        let note = pool_of_notes[(k + n) % pool_of_notes.len()];
        let percent = plan.percent();
        workflow::report_progress(pool, &head, item_id, note, percent, &[], Default::default())
            .await?;
    }
    match plan {
        Plan::Blocked => {
            let note = BLOCKED[k % BLOCKED.len()];
            set_status(pool, &head, item_id, ItemStatus::Blocked, note).await?;
        }
        Plan::ReportedDone | Plan::Closed => {
            let note = "已完成，报请核验。";
            set_status(pool, &head, item_id, ItemStatus::ReportedDone, note).await?;
            if plan == Plan::Closed {
                let version = version_of(pool, sec, item_id).await?;
                let note = "经核验，已按要求完成，同意办结。";
                workflow::verify(pool, sec, item_id, version, Verdict::Close, note).await?;
            }
        }
        Plan::PendingExtension | Plan::ApprovedExtension => {
            let days = if plan == Plan::PendingExtension {
                30
            } else {
                35
            };
            let new_due = today + Duration::days(days);
            workflow::request_extension(
                pool,
                &head,
                item_id,
                new_due,
                EXTENSION_REASON,
                today,
                &DEMO_MAIL,
            )
            .await?;
            if plan == Plan::ApprovedExtension {
                let request = extensions::pending_of_item(pool, item_id)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("demo item {item_id} has no pending request"))?;
                let approve = ExtensionDecision::Approve;
                workflow::decide_extension(
                    pool,
                    sec,
                    request,
                    approve,
                    "同意延期，请按新时限完成。",
                )
                .await?;
            }
        }
        Plan::Split => split(pool, cast, item_id, &head, today).await?,
        Plan::Overdue | Plan::Escalated => {
            workflow::urge(
                pool,
                sec,
                item_id,
                "该事项已逾期，请抓紧办理并及时报送进展。",
                &DEMO_MAIL,
            )
            .await?;
            // The responsible leader, when they have an account, steps in with a 批示.
            if let Some(leader) = cast.leader_actor.filter(|_| answers_to_demo_leader(k)) {
                workflow::instruct(pool, &leader, item_id, INSTRUCTION, &DEMO_MAIL).await?;
            }
        }
        Plan::Fresh | Plan::OnTrack | Plan::DueSoon | Plan::MissedReport | Plan::Behind => {}
    }
    backdate(pool, item_id, plan.age_days(k)).await
}

/// The secretariat splits the item in two: a first part for another demo unit, due in
/// three weeks, which reports 40%; a second for the item's own unit.
async fn split(
    pool: &PgPool,
    cast: &Cast,
    item_id: ItemId,
    head: &Actor,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let other = cast
        .heads
        .iter()
        .find(|h| h.unit_id() != head.unit_id())
        .copied()
        .unwrap_or(*head);
    let parts = [
        ("完成前期调研和方案论证", other, 21),
        ("组织实施并形成总结报告", *head, 45),
    ];
    for (title, by, days) in parts {
        let request = PartRequest {
            title: title.to_owned(),
            body: String::new(),
            lead_unit: by.unit_id(),
            due_date: Some(today + Duration::days(days)),
        };
        let split =
            workflow::split_item(pool, &cast.secretariat, item_id, &request, &DEMO_MAIL).await?;
        if days == 21 {
            workflow::acknowledge(pool, &by, split.part).await?;
            let note = "调研已完成大半，方案初稿正在征求意见。";
            workflow::report_progress(
                pool,
                &by,
                split.part,
                note,
                Some(40),
                &[],
                Default::default(),
            )
            .await?;
        }
    }
    Ok(())
}

async fn set_status(
    pool: &PgPool,
    head: &Actor,
    item_id: ItemId,
    to: ItemStatus,
    note: &str,
) -> anyhow::Result<()> {
    let version = version_of(pool, head, item_id).await?;
    workflow::change_status(pool, head, item_id, version, to, note, &DEMO_MAIL).await?;
    Ok(())
}

async fn version_of(pool: &PgPool, viewer: &Actor, item_id: ItemId) -> anyhow::Result<i32> {
    let item = items::find_visible_item(pool, viewer, item_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo item {item_id} is not visible to its actor"))?;
    Ok(item.version)
}

async fn backdate(pool: &PgPool, item_id: ItemId, age_days: usize) -> anyhow::Result<()> {
    let age = i32::try_from(age_days).unwrap_or(30);
    Ok(demo::backdate_item(pool, item_id, age).await?)
}
