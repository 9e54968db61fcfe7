//! The secretariat's review of extracted items: correct, dismiss, add, publish (交办).

use chrono::{Datelike, NaiveDate};
use sqlx::{PgConnection, PgPool};

use super::notify::{self, Letters};
use super::permissions::{check, Action, Standing};
use super::{invalid, load_for_update, move_status, require_secretariat, Result, WorkflowError};
use crate::domain::{today_in_china, Actor};
use crate::domain::{
    DocumentId, EventAction, ItemField, ItemId, ItemKind, ItemStatus, Level, Recurrence,
    RegisterFormat, ReportDuty, UnitId, UnitRole,
};
use crate::format::cn_date;
use crate::store::items::{self, Item, ItemFields};
use crate::store::{documents, register, units};

/// The review form of one item.
#[derive(Debug, Clone)]
pub struct ItemEdit {
    pub version: i32,
    pub kind: ItemKind,
    pub title: String,
    pub body: String,
    pub lead_unit_ids: Vec<UnitId>,
    pub co_unit_ids: Vec<UnitId>,
    /// A responsible leader's name; created as a leader when new.
    pub leader: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub recurrence: Option<Recurrence>,
    /// The day of the period the report is due on (see [`ReportDuty`]); none for the
    /// period's last day.
    pub report_day: Option<i16>,
    /// 督办等级.
    pub level: Level,
    /// Names not yet in the unit directory, to create and make lead units.
    pub new_lead_names: Vec<String>,
}

/// Saves the clerk's corrections; each changed field gets its own history row.
pub async fn edit_item(
    pool: &PgPool,
    actor: &Actor,
    item_id: ItemId,
    edit: &ItemEdit,
) -> Result<()> {
    require_secretariat(actor)?;
    let mut tx = pool.begin().await?;
    let item = load_for_update(&mut tx, actor, item_id, Some(edit.version)).await?;
    apply_edit(&mut tx, actor, &item, edit).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether `edit` would change `item`: a form sent back unchanged must not touch it.
pub fn changes(item: &Item, edit: &ItemEdit) -> bool {
    let leader = edit
        .leader
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let mut lead = item.lead_unit_ids.clone();
    let mut new_lead = edit.lead_unit_ids.clone();
    let mut co = item.co_unit_ids.clone();
    let mut new_co = edit.co_unit_ids.clone();
    for v in [&mut lead, &mut new_lead, &mut co, &mut new_co] {
        v.sort_unstable();
        v.dedup();
    }
    item.kind != edit.kind
        || item.title != edit.title.trim()
        || item.body != edit.body.trim()
        || lead != new_lead
        || co != new_co
        || item.leader_name.as_deref() != leader
        || item.due_date != edit.due_date
        || item.recurrence != edit.recurrence
        || item.report_day != edit.report_day
        || item.level != edit.level
        || !edit.new_lead_names.is_empty()
}

/// The form of `item` as it stands, to change a field or two of.
fn edit_of(item: &Item) -> ItemEdit {
    ItemEdit {
        version: item.version,
        kind: item.kind,
        title: item.title.clone(),
        body: item.body.clone(),
        lead_unit_ids: item.lead_unit_ids.clone(),
        co_unit_ids: item.co_unit_ids.clone(),
        leader: item.leader_name.clone(),
        due_date: item.due_date,
        recurrence: item.recurrence,
        report_day: item.report_day,
        level: item.level,
        new_lead_names: Vec::new(),
    }
}

/// The edit of a locked item, in the caller's transaction.
async fn apply_edit(
    tx: &mut PgConnection,
    actor: &Actor,
    item: &Item,
    edit: &ItemEdit,
) -> Result<()> {
    let item_id = item.id;
    if edit.title.trim().is_empty() {
        return invalid("事项名称不能为空。");
    }
    if edit
        .lead_unit_ids
        .iter()
        .any(|u| edit.co_unit_ids.contains(u))
    {
        return invalid(format!(
            "「{}」：同一单位不能既是牵头单位又是配合单位。",
            edit.title.trim()
        ));
    }
    let duty = ReportDuty::of(edit.recurrence, edit.report_day)
        .map_err(|e| WorkflowError::Invalid(format!("「{}」：{e}", edit.title.trim())))?;
    check(actor, &Standing::of_item(item, actor, &[]), Action::Edit)?;
    let leader_id = match edit
        .leader
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        Some(name) => Some(items::find_or_insert_leader(&mut *tx, name).await?),
        None => None,
    };
    let fields = ItemFields {
        kind: edit.kind,
        title: edit.title.trim().to_owned(),
        body: edit.body.trim().to_owned(),
        leader_id,
        due_date: edit.due_date,
        recurrence: edit.recurrence,
        report_day: duty.and_then(ReportDuty::day),
        level: edit.level,
    };
    items::update_fields(&mut *tx, item_id, &fields).await?;
    let mut lead = edit.lead_unit_ids.clone();
    for name in &edit.new_lead_names {
        let (id, _) = units::find_or_insert_unit(&mut *tx, name).await?;
        if !lead.contains(&id) {
            lead.push(id);
        }
    }
    items::set_units(&mut *tx, item_id, UnitRole::Lead, &lead).await?;
    items::set_units(&mut *tx, item_id, UnitRole::Co, &edit.co_unit_ids).await?;
    let after = items::find_visible_item(&mut *tx, actor, item_id)
        .await?
        .ok_or(WorkflowError::NotFound)?;

    let changes = [
        (
            ItemField::Kind,
            item.kind.label().to_owned(),
            after.kind.label().to_owned(),
        ),
        (ItemField::Title, item.title.clone(), after.title.clone()),
        (ItemField::Body, item.body.clone(), after.body.clone()),
        (
            ItemField::LeadUnits,
            item.lead_units.join("、"),
            after.lead_units.join("、"),
        ),
        (
            ItemField::CoUnits,
            item.co_units.join("、"),
            after.co_units.join("、"),
        ),
        (
            ItemField::Leader,
            item.leader_name.clone().unwrap_or_default(),
            after.leader_name.clone().unwrap_or_default(),
        ),
        (
            ItemField::DueDate,
            date_text(item.due_date),
            date_text(after.due_date),
        ),
        (
            ItemField::Recurrence,
            duty_text(item.recurrence, item.report_day),
            duty_text(after.recurrence, after.report_day),
        ),
        (
            ItemField::Level,
            item.level.label().to_owned(),
            after.level.label().to_owned(),
        ),
    ];
    for (field, before, now) in changes.iter().filter(|(_, b, a)| b != a) {
        let change = (*field, Some(before.as_str()), Some(now.as_str()));
        items::insert_event(
            &mut *tx,
            item_id,
            actor.user_id(),
            EventAction::Edited,
            Some(change),
            None,
        )
        .await?;
    }
    crate::store::search::reindex_item(&mut *tx, item_id).await?;
    Ok(())
}

/// What a batch sets on every ticked item; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct BatchEdit {
    /// The one lead unit (replacing those there were).
    pub lead: Option<UnitId>,
    pub due_date: Option<NaiveDate>,
    pub leader: Option<String>,
}

/// Sets the batch's fields on every item of `item_ids`, all or none.
pub async fn batch_edit(
    pool: &PgPool,
    actor: &Actor,
    item_ids: &[ItemId],
    batch: &BatchEdit,
) -> Result<usize> {
    require_secretariat(actor)?;
    if item_ids.is_empty() {
        return invalid("请先勾选要批量设置的事项。");
    }
    if batch.lead.is_none() && batch.due_date.is_none() && batch.leader.is_none() {
        return invalid("请选择要批量设置的牵头单位、完成时限或责任领导。");
    }
    let mut tx = pool.begin().await?;
    for &id in item_ids {
        let item = load_for_update(&mut tx, actor, id, None).await?;
        let mut edit = edit_of(&item);
        if let Some(unit) = batch.lead {
            edit.lead_unit_ids = vec![unit];
            edit.co_unit_ids.retain(|u| *u != unit);
        }
        if let Some(due) = batch.due_date {
            edit.due_date = Some(due);
        }
        if let Some(leader) = &batch.leader {
            edit.leader = Some(leader.clone());
        }
        if changes(&item, &edit) {
            apply_edit(&mut tx, actor, &item, &edit).await?;
        }
    }
    tx.commit().await?;
    Ok(item_ids.len())
}

/// 不予督办 for every ticked draft, all or none; items no longer drafts are left alone.
pub async fn dismiss_items(pool: &PgPool, actor: &Actor, item_ids: &[ItemId]) -> Result<usize> {
    require_secretariat(actor)?;
    if item_ids.is_empty() {
        return invalid("请先勾选不予督办的事项。");
    }
    let mut tx = pool.begin().await?;
    let mut dismissed = 0;
    for &id in item_ids {
        let item = load_for_update(&mut tx, actor, id, None).await?;
        if check(
            actor,
            &Standing::of_item(&item, actor, &[]),
            Action::Dismiss,
        )
        .is_ok()
        {
            let change = (item.status, ItemStatus::Dismissed);
            move_status(&mut tx, actor, item.id, change, None).await?;
            dismissed += 1;
        }
    }
    tx.commit().await?;
    Ok(dismissed)
}

/// Owners the text names that the unit directory lacks: each is created, and becomes a lead
/// (or helping) unit of every draft of the document that names it so. Returns how many
/// items gained a unit.
pub async fn adopt_unit_names(
    pool: &PgPool,
    actor: &Actor,
    document_id: DocumentId,
    names: &[String],
) -> Result<usize> {
    require_secretariat(actor)?;
    let names: Vec<&str> = names
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .collect();
    if names.is_empty() {
        return invalid("没有要新建的单位。");
    }
    let mut tx = pool.begin().await?;
    let mut made = Vec::new();
    for name in &names {
        let (id, _) = units::find_or_insert_unit(&mut *tx, name).await?;
        made.push((*name, id));
    }
    let mut changed = 0;
    for id in items::list_document_draft_ids(&mut *tx, document_id).await? {
        let item = load_for_update(&mut tx, actor, id, None).await?;
        let mut edit = edit_of(&item);
        for (name, unit) in &made {
            let taken = edit.lead_unit_ids.contains(unit) || edit.co_unit_ids.contains(unit);
            if taken {
                continue;
            }
            if item.extracted_owners.iter().any(|o| o == name) {
                edit.lead_unit_ids.push(*unit);
            } else if item.extracted_co_owners.iter().any(|o| o == name) {
                edit.co_unit_ids.push(*unit);
            }
        }
        if changes(&item, &edit) {
            apply_edit(&mut tx, actor, &item, &edit).await?;
            changed += 1;
        }
    }
    tx.commit().await?;
    Ok(changed)
}

/// The reporting duty as the history records it: 每月28日, 每季度末; empty for none.
fn duty_text(cycle: Option<Recurrence>, day: Option<i16>) -> String {
    ReportDuty::stored(cycle, day).map_or_else(String::new, |d| d.to_string())
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// Marks a draft as not to be tracked (不予督办), or brings a dismissed one back.
pub async fn dismiss_item(
    pool: &PgPool,
    actor: &Actor,
    item_id: ItemId,
    version: i32,
    dismiss: bool,
) -> Result<()> {
    require_secretariat(actor)?;
    let mut tx = pool.begin().await?;
    let item = load_for_update(&mut tx, actor, item_id, Some(version)).await?;
    let (action, to) = if dismiss {
        (Action::Dismiss, ItemStatus::Dismissed)
    } else {
        (Action::Restore, ItemStatus::Draft)
    };
    check(actor, &Standing::of_item(&item, actor, &[]), action)?;
    move_status(&mut tx, actor, item.id, (item.status, to), None).await?;
    tx.commit().await?;
    Ok(())
}

/// What 交办 did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub items: Vec<ItemId>,
    /// Unit heads told, one message each.
    pub notified: usize,
}

/// Publishes (交办) the chosen draft items, all or nothing, and tells the heads of their
/// lead and helping units. Every item that cannot go is named at once: those without a
/// lead unit, and those whose deadline has passed unless `past_due_confirmed`.
pub async fn publish_items(
    pool: &PgPool,
    actor: &Actor,
    item_ids: &[ItemId],
    past_due_confirmed: bool,
    letters: &(dyn Letters + Sync),
) -> Result<Published> {
    require_secretariat(actor)?;
    if item_ids.is_empty() {
        return invalid("请至少选择一项要交办的事项。");
    }
    let today = today_in_china();
    let mut tx = pool.begin().await?;
    // Locked in one order, so that two clerks publishing overlapping ticks cannot deadlock.
    let mut ids = item_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut drafts = Vec::new();
    for &id in &ids {
        let item = load_for_update(&mut tx, actor, id, None).await?;
        // Items published meanwhile (by another clerk) are left as they are.
        if check(
            actor,
            &Standing::of_item(&item, actor, &[]),
            Action::Publish,
        )
        .is_ok()
        {
            drafts.push(item);
        }
    }
    let headless: Vec<String> = drafts
        .iter()
        .filter(|i| i.lead_unit_ids.is_empty())
        .map(|i| format!("「{}」", i.title))
        .collect();
    let past: Vec<String> = drafts
        .iter()
        .filter_map(|i| match i.due_date {
            Some(d) if !past_due_confirmed && d < today => {
                Some(format!("「{}」（{}）", i.title, cn_date(d)))
            }
            _ => None,
        })
        .collect();
    let mut problems = Vec::new();
    if !headless.is_empty() {
        problems.push(format!(
            "以下 {} 项尚未指定牵头单位：{}。",
            headless.len(),
            headless.concat()
        ));
    }
    if !past.is_empty() {
        problems.push(format!(
            "以下 {} 项的完成时限已过：{}。请修改时限，或勾选「时限已过，仍然交办」。",
            past.len(),
            past.concat()
        ));
    }
    if !problems.is_empty() {
        return invalid(format!("未交办任何事项。{}", problems.join("")));
    }
    // Numbered in the order of the document, gapless within the year.
    drafts.sort_by_key(|i| (i.document_id, i.span_start, i.id));
    let format = register::format(&mut *tx).await?;
    for item in &mut drafts {
        assign(&mut tx, actor, item, &format, today.year()).await?;
    }
    let notified = notify::assigned(&mut tx, letters, &drafts).await?;
    tx.commit().await?;
    Ok(Published {
        items: drafts.iter().map(|i| i.id).collect(),
        notified,
    })
}

/// 交办 of one draft in the publishing transaction: its status with its history row, and
/// its 立项编号, the year's next.
pub(super) async fn assign(
    tx: &mut PgConnection,
    actor: &Actor,
    item: &mut Item,
    format: &RegisterFormat,
    year: i32,
) -> Result<()> {
    // No note: the status change says 交办, and a note would read as the item's 最新进展.
    let change = (item.status, ItemStatus::Assigned);
    move_status(&mut *tx, actor, item.id, change, None).await?;
    let seq = register::next_seq(&mut *tx, year).await?;
    let number = format.number(year, seq);
    register::set_number(&mut *tx, item.id, (year, seq), &number).await?;
    item.register_number = Some(number);
    item.status = ItemStatus::Assigned;
    Ok(())
}

/// An item the extractor missed, written by the clerk from a passage of the document.
#[derive(Debug, Clone)]
pub struct NewItem {
    pub document_id: DocumentId,
    pub kind: ItemKind,
    pub title: String,
    /// `[start, end)` in characters of the document text.
    pub span: (i32, i32),
}

pub async fn add_item(pool: &PgPool, actor: &Actor, new: &NewItem) -> Result<ItemId> {
    require_secretariat(actor)?;
    let mut tx = pool.begin().await?;
    let body = documents::find_document(&mut *tx, new.document_id)
        .await?
        .ok_or(WorkflowError::NotFound)?
        .body;
    let (start, end) = new.span;
    let len = i32::try_from(body.chars().count()).unwrap_or(i32::MAX);
    if start < 0 || end <= start || end > len {
        return invalid("请先在原文中选定这一事项的文字。");
    }
    let text: String = body
        .chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect();
    let title = if new.title.trim().is_empty() {
        text.chars().take(30).collect()
    } else {
        new.title.trim().to_owned()
    };
    let added = items::AddedItem {
        document_id: new.document_id,
        kind: new.kind,
        title: &title,
        body: &text,
        span: (start, end),
        created_by: actor.user_id(),
    };
    let id = items::insert_added_item(&mut tx, &added).await?;
    items::insert_event(
        &mut tx,
        id,
        actor.user_id(),
        EventAction::Added,
        None,
        Some("办公室从原文补录"),
    )
    .await?;
    crate::store::search::reindex_item(&mut tx, id).await?;
    tx.commit().await?;
    Ok(id)
}
