//! The sample documents: imported through the real import path, then reviewed and
//! published (交办) by the demo secretariat the way a clerk would.

use chrono::NaiveDate;
use sqlx::PgPool;

use super::accounts::Cast;
use super::progress::{self, Plan};
use crate::domain::{Actor, DocumentId, ItemId, UnitId};
use crate::import::{import_document, Imported};
use crate::store::items::{self, Item};
use crate::store::units;
use crate::workflow::{self, ItemEdit};

/// The five samples shipped under `demo/`, embedded so the binary works from anywhere.
const DOCUMENTS: [(&str, &[u8]); 5] = [
    (
        "000_1d08707988aae3b8.txt",
        include_bytes!("../../demo/000_1d08707988aae3b8.txt"),
    ),
    (
        "001_067ee195c98f81a7.txt",
        include_bytes!("../../demo/001_067ee195c98f81a7.txt"),
    ),
    (
        "002_5bc6ffdc26148477.txt",
        include_bytes!("../../demo/002_5bc6ffdc26148477.txt"),
    ),
    (
        "003_6c0452b3eb4df4e5.txt",
        include_bytes!("../../demo/003_6c0452b3eb4df4e5.txt"),
    ),
    (
        "004_547bee0a6f9a3551.txt",
        include_bytes!("../../demo/004_547bee0a6f9a3551.txt"),
    ),
];

/// The document left under review, so the review page has work on it.
const DRAFT_DOCUMENT: usize = 0;

/// How many of the draft document's items the clerk has already dismissed.
const DISMISSED: usize = 2;

/// Responsible leaders who are not users; they alternate with the demo leader.
const OTHER_LEADERS: &[&str] = &["张副院长", "刘副书记", "杨副院长"];

/// Running positions across documents, so units, leaders and plans spread evenly.
#[derive(Default)]
struct Counters {
    /// Published items so far.
    published: usize,
    /// Items given a lead unit because their owners matched none.
    round_robin: usize,
    /// Items with a demo head to act on them.
    acted: usize,
    /// Items whose lead units have no demo head.
    unattended: usize,
}

/// Imports the samples; documents imported before are left exactly as they are.
/// Returns the ids of all demo documents.
pub(super) async fn seed_documents(pool: &PgPool, cast: &Cast) -> anyhow::Result<Vec<DocumentId>> {
    let today = crate::domain::today_in_china();
    let mut counters = Counters::default();
    let mut ids = Vec::with_capacity(DOCUMENTS.len());
    for (n, (file_name, bytes)) in DOCUMENTS.iter().enumerate() {
        let imported = import_document(
            pool,
            file_name,
            bytes,
            Some(cast.secretariat.user_id()),
            Some(today),
        )
        .await?;
        ids.push(imported.document_id());
        let Imported::New { document_id, .. } = imported else {
            continue;
        };
        let drafts = items::list_document_items(pool, &cast.secretariat, document_id).await?;
        if n == DRAFT_DOCUMENT {
            dismiss_some(pool, &cast.secretariat, &drafts).await?;
        } else {
            publish_document(pool, cast, &drafts, &mut counters, today).await?;
        }
    }
    Ok(ids)
}

/// The clerk has started on the draft document: a couple of general exhortations are
/// not items to track (不予督办).
async fn dismiss_some(pool: &PgPool, actor: &Actor, drafts: &[Item]) -> anyhow::Result<()> {
    let general = drafts.iter().filter(|i| i.extracted_owners.is_empty());
    for item in general.take(DISMISSED) {
        workflow::dismiss_item(pool, actor, item.id, item.version, true).await?;
    }
    Ok(())
}

/// Reviews every item (units, leader, deadline), publishes them all, then plays each
/// item's plan.
async fn publish_document(
    pool: &PgPool,
    cast: &Cast,
    drafts: &[Item],
    counters: &mut Counters,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let mut drafts = drafts.to_vec();
    drafts.sort_by_key(|i| i.id);
    let mut plans = Vec::with_capacity(drafts.len());
    for item in &drafts {
        let edit = review(pool, cast, item, counters).await?;
        let head = cast.head_of(&edit.lead_unit_ids);
        let plan = match head {
            Some(_) => {
                counters.acted += 1;
                Plan::for_attended(counters.acted - 1)
            }
            None => {
                counters.unattended += 1;
                Plan::for_unattended(counters.unattended - 1)
            }
        };
        let position = counters.published - 1;
        let edit = ItemEdit {
            due_date: Some(plan.due_date(position, today)),
            ..plan.duty(edit)
        };
        workflow::edit_item(pool, &cast.secretariat, item.id, &edit).await?;
        plans.push((item.id, plan, head, position));
    }
    let ids: Vec<ItemId> = drafts.iter().map(|i| i.id).collect();
    workflow::publish_items(pool, &cast.secretariat, &ids, true, &progress::DEMO_MAIL).await?;
    for (item_id, plan, head, position) in plans {
        progress::play(pool, cast, item_id, plan, head, position, today).await?;
    }
    Ok(())
}

/// The clerk's corrections to one item: units the document names, a lead unit where it
/// named none, sometimes a helping unit, and a responsible leader.
async fn review(
    pool: &PgPool,
    cast: &Cast,
    item: &Item,
    counters: &mut Counters,
) -> anyhow::Result<ItemEdit> {
    let position = counters.published;
    counters.published += 1;
    let mut lead = item.lead_unit_ids.clone();
    for name in item.extracted_owners.iter().filter(|n| names_one_body(n)) {
        push_new(&mut lead, units::find_or_insert_unit(pool, name).await?.0);
    }
    let mut co = item.co_unit_ids.clone();
    for name in item
        .extracted_co_owners
        .iter()
        .filter(|n| names_one_body(n))
    {
        push_new(&mut co, units::find_or_insert_unit(pool, name).await?.0);
    }
    let head_units: Vec<UnitId> = cast.heads.iter().filter_map(|h| h.unit_id()).collect();
    if lead.is_empty() && !head_units.is_empty() {
        lead.push(head_units[counters.round_robin % head_units.len()]);
        counters.round_robin += 1;
    }
    co.retain(|u| !lead.contains(u));
    if co.is_empty() && position % 3 == 1 {
        let helper = (0..cast.units.len())
            .map(|n| cast.units[(position / 3 + n) % cast.units.len()])
            .find(|u| !lead.contains(u));
        co.extend(helper);
    }
    let leader = if answers_to_demo_leader(position) {
        cast.leader
    } else {
        OTHER_LEADERS[(position / 2) % OTHER_LEADERS.len()]
    };
    Ok(ItemEdit {
        version: item.version,
        kind: item.kind,
        title: item.title.clone(),
        body: item.body.clone(),
        lead_unit_ids: lead,
        co_unit_ids: co,
        leader: Some(leader.to_owned()),
        due_date: item.due_date,
        recurrence: item.recurrence,
        report_day: item.report_day,
        level: item.level,
        new_lead_names: Vec::new(),
    })
}

/// Whether an owner name is one body of the organisation rather than a class of them
/// (各部门, 各系部, 学校各级党组织, 全院).
fn names_one_body(name: &str) -> bool {
    !name.contains('各') && !name.contains('全')
}

fn push_new(ids: &mut Vec<UnitId>, id: UnitId) {
    if !ids.contains(&id) {
        ids.push(id);
    }
}

/// Whether the item at `position` answers to the demo leader (who can act on it) rather
/// than to a leader without an account.
pub(super) fn answers_to_demo_leader(position: usize) -> bool {
    position.is_multiple_of(2)
}

#[cfg(test)]
mod tests {
    use super::names_one_body;

    #[test]
    fn classes_of_units_are_not_units() {
        assert!(names_one_body("组织人事部"));
        assert!(names_one_body("宣传统战部"));
        for class in [
            "各部门",
            "各党总支",
            "各系部",
            "学校各级党组织",
            "全院各单位",
        ] {
            assert!(!names_one_body(class), "{class}");
        }
    }
}
