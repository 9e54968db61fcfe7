//! 分解: an open item split into parts (子任务), each with its own lead unit and deadline,
//! published at once and told to its unit.

use chrono::{Datelike, NaiveDate};
use sqlx::PgPool;

use super::notify::{self, Letters};
use super::permissions::{check, Action, Standing};
use super::review::assign;
use super::{invalid, load_for_update, Result, WorkflowError};
use crate::domain::{today_in_china, Actor, EventAction, ItemId, UnitId};
use crate::format::cn_date;
use crate::store::parts::{self, NewPart};
use crate::store::{items, register, search, supervision};

/// Longest part name, in characters.
pub const MAX_PART_TITLE_CHARS: usize = 200;

/// A part as the form gives it.
#[derive(Debug, Clone)]
pub struct PartRequest {
    pub title: String,
    pub body: String,
    pub lead_unit: Option<UnitId>,
    pub due_date: Option<NaiveDate>,
}

/// What splitting did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    pub part: ItemId,
    /// Heads of the part's unit who were told.
    pub notified: usize,
}

/// Splits a part off `parent_id`: the part is published (已交办, with its own 立项编号)
/// to its lead unit, whose heads are told; both items record it in their history. A part's deadline may not fall
/// after its parent's.
pub async fn split_item(
    pool: &PgPool,
    actor: &Actor,
    parent_id: ItemId,
    request: &PartRequest,
    letters: &(dyn Letters + Sync),
) -> Result<Split> {
    let title = request.title.trim();
    if title.is_empty() {
        return invalid("请填写子任务名称。");
    }
    if title.chars().count() > MAX_PART_TITLE_CHARS {
        return invalid(format!("子任务名称不能超过 {MAX_PART_TITLE_CHARS} 字。"));
    }
    let Some(lead_unit) = request.lead_unit else {
        return invalid("请选择子任务的牵头单位。");
    };
    let Some(due_date) = request.due_date else {
        return invalid("请填写子任务的完成时限。");
    };
    let mut tx = pool.begin().await?;
    let parent = load_for_update(&mut tx, actor, parent_id, None).await?;
    let lead_may_split = supervision::settings(&mut *tx).await?.0.parts_by_lead;
    check(
        actor,
        &Standing::of_item(&parent, actor, &[]).with_lead_split(lead_may_split),
        Action::Split,
    )?;
    if parent.due_date.is_some_and(|d| due_date > d) {
        return invalid(format!(
            "子任务的完成时限不能晚于事项的完成时限（{}）。",
            cn_date(parent.due_date.unwrap_or(due_date))
        ));
    }
    if !parts::unit_exists(&mut *tx, lead_unit).await? {
        return invalid("所选牵头单位不存在，请刷新页面后重选。");
    }
    let body = match request.body.trim() {
        "" => title,
        body => body,
    };
    let new = NewPart {
        title,
        body,
        lead_unit,
        due_date,
    };
    let part_id = parts::insert_part(&mut tx, parent_id, &new, actor.user_id()).await?;
    search::reindex_item(&mut tx, part_id).await?;
    // Read as the office: a part a lead unit writes goes to another unit.
    let mut part = items::find_visible_item(&mut *tx, &Actor::office(), part_id)
        .await?
        .ok_or(WorkflowError::NotFound)?;
    let format = register::format(&mut *tx).await?;
    assign(&mut tx, actor, &mut part, &format, today_in_china().year()).await?;
    let unit = part.lead_units.join("、");
    let due = cn_date(due_date);
    let on_parent = format!("分解出子任务「{title}」（牵头：{unit}，时限：{due}）");
    items::insert_event(
        &mut tx,
        parent_id,
        actor.user_id(),
        EventAction::Split,
        None,
        Some(&on_parent),
    )
    .await?;
    let on_part = format!("由「{}」分解而来", parent.title);
    items::insert_event(
        &mut tx,
        part_id,
        actor.user_id(),
        EventAction::Split,
        None,
        Some(&on_part),
    )
    .await?;
    let notified = notify::assigned(&mut tx, letters, std::slice::from_ref(&part)).await?;
    tx.commit().await?;
    Ok(Split {
        part: part_id,
        notified,
    })
}
