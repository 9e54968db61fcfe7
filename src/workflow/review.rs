//! The secretariat's review of extracted items: correct, dismiss, add, publish (交办).

use chrono::NaiveDate;
use sqlx::PgPool;

use super::{invalid, load_for_update, move_status, require_secretariat, Result, WorkflowError};
use crate::domain::{ItemKind, ItemStatus};
use crate::store::items::{self, ItemFields, Viewer};
use crate::store::units;

/// The review form of one item.
#[derive(Debug, Clone)]
pub struct ItemEdit {
    pub version: i32,
    pub kind: ItemKind,
    pub title: String,
    pub body: String,
    pub lead_unit_ids: Vec<i64>,
    pub co_unit_ids: Vec<i64>,
    /// A responsible leader's name; created as a leader when new.
    pub leader: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub recurrence: Option<String>,
    /// Names not yet in the unit directory, to create and make lead units.
    pub new_lead_names: Vec<String>,
}

/// Saves the clerk's corrections; each changed field gets its own history row.
pub async fn edit_item(pool: &PgPool, actor: &Viewer, item_id: i64, edit: &ItemEdit) -> Result<()> {
    require_secretariat(actor)?;
    if edit.title.trim().is_empty() {
        return invalid("事项名称不能为空。");
    }
    if edit
        .lead_unit_ids
        .iter()
        .any(|u| edit.co_unit_ids.contains(u))
    {
        return invalid("同一单位不能既是牵头单位又是配合单位。");
    }
    let mut tx = pool.begin().await?;
    let item = load_for_update(&mut tx, actor, item_id, Some(edit.version)).await?;
    let leader_id = match edit
        .leader
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        Some(name) => Some(items::find_or_insert_leader(&mut tx, name).await?),
        None => None,
    };
    let fields = ItemFields {
        kind: edit.kind,
        title: edit.title.trim().to_owned(),
        body: edit.body.trim().to_owned(),
        leader_id,
        due_date: edit.due_date,
        recurrence: edit.recurrence.clone().filter(|r| !r.is_empty()),
    };
    items::update_fields(&mut tx, item_id, &fields).await?;
    let mut lead = edit.lead_unit_ids.clone();
    for name in &edit.new_lead_names {
        let (id, _) = units::find_or_insert_unit(&mut *tx, name).await?;
        if !lead.contains(&id) {
            lead.push(id);
        }
    }
    items::set_units(&mut tx, item_id, "lead", &lead).await?;
    items::set_units(&mut tx, item_id, "co", &edit.co_unit_ids).await?;
    let after = items::find_visible_item(&mut *tx, actor, item_id)
        .await?
        .ok_or(WorkflowError::NotFound)?;

    let kind_label = |k: ItemKind| {
        if k == ItemKind::Decision {
            "决定"
        } else {
            "任务"
        }
    };
    let changes = [
        (
            "kind",
            kind_label(item.kind).to_owned(),
            kind_label(after.kind).to_owned(),
        ),
        ("title", item.title.clone(), after.title.clone()),
        ("body", item.body.clone(), after.body.clone()),
        (
            "lead_units",
            item.lead_units.join("、"),
            after.lead_units.join("、"),
        ),
        (
            "co_units",
            item.co_units.join("、"),
            after.co_units.join("、"),
        ),
        (
            "leader",
            item.leader_name.clone().unwrap_or_default(),
            after.leader_name.clone().unwrap_or_default(),
        ),
        (
            "due_date",
            date_text(item.due_date),
            date_text(after.due_date),
        ),
        (
            "recurrence",
            item.recurrence.clone().unwrap_or_default(),
            after.recurrence.clone().unwrap_or_default(),
        ),
    ];
    for (field, before, now) in changes.iter().filter(|(_, b, a)| b != a) {
        let change = (*field, Some(before.as_str()), Some(now.as_str()));
        items::insert_event(
            &mut tx,
            item_id,
            actor.user_id,
            "edited",
            Some(change),
            None,
        )
        .await?;
    }
    crate::store::search::reindex_item(&mut tx, item_id).await?;
    tx.commit().await?;
    Ok(())
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// Marks a draft as not to be tracked (不予督办), or brings a dismissed one back.
pub async fn dismiss_item(
    pool: &PgPool,
    actor: &Viewer,
    item_id: i64,
    version: i32,
    dismiss: bool,
) -> Result<()> {
    require_secretariat(actor)?;
    let mut tx = pool.begin().await?;
    let item = load_for_update(&mut tx, actor, item_id, Some(version)).await?;
    let (from, to) = if dismiss {
        (ItemStatus::Draft, ItemStatus::Dismissed)
    } else {
        (ItemStatus::Dismissed, ItemStatus::Draft)
    };
    if item.status != from {
        return invalid(format!("只有「{}」的事项可以执行此操作。", from.label()));
    }
    move_status(&mut tx, actor, item.id, (item.status, to), None).await?;
    tx.commit().await?;
    Ok(())
}

/// Publishes (交办) the chosen draft items; all or nothing.
pub async fn publish_items(pool: &PgPool, actor: &Viewer, item_ids: &[i64]) -> Result<usize> {
    require_secretariat(actor)?;
    if item_ids.is_empty() {
        return invalid("请至少选择一项要交办的事项。");
    }
    let mut tx = pool.begin().await?;
    let mut published = 0;
    for &id in item_ids {
        let item = load_for_update(&mut tx, actor, id, None).await?;
        if item.status != ItemStatus::Draft {
            continue;
        }
        if item.lead_unit_ids.is_empty() {
            return invalid(format!("「{}」尚未指定牵头单位，不能交办。", item.title));
        }
        move_status(
            &mut tx,
            actor,
            item.id,
            (item.status, ItemStatus::Assigned),
            Some("交办"),
        )
        .await?;
        published += 1;
    }
    tx.commit().await?;
    Ok(published)
}

/// An item the extractor missed, written by the clerk from a passage of the document.
#[derive(Debug, Clone)]
pub struct NewItem {
    pub document_id: i64,
    pub kind: ItemKind,
    pub title: String,
    /// `[start, end)` in characters of the document text.
    pub span: (i32, i32),
}

pub async fn add_item(pool: &PgPool, actor: &Viewer, new: &NewItem) -> Result<i64> {
    require_secretariat(actor)?;
    let mut tx = pool.begin().await?;
    let body: Option<String> = sqlx::query_scalar("SELECT body FROM documents WHERE id = $1")
        .bind(new.document_id)
        .fetch_optional(&mut *tx)
        .await?;
    let body = body.ok_or(WorkflowError::NotFound)?;
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
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO items (document_id, kind, title, body, span_start, span_end, created_by, \
             section_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT id FROM sections WHERE document_id = $1 \
             AND span_start <= $5 ORDER BY span_start DESC LIMIT 1)) RETURNING id",
    )
    .bind(new.document_id)
    .bind(new.kind)
    .bind(&title)
    .bind(&text)
    .bind(start)
    .bind(end)
    .bind(actor.user_id)
    .fetch_one(&mut *tx)
    .await?;
    items::insert_event(
        &mut tx,
        id,
        actor.user_id,
        "added",
        None,
        Some("办公室从原文补录"),
    )
    .await?;
    crate::store::search::reindex_item(&mut tx, id).await?;
    tx.commit().await?;
    Ok(id)
}
