//! What a unit head does with their unit's items: 签收, progress reports with evidence,
//! status changes, extension requests.

use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};

use super::notify::{self, Letters, NoticeKind};
use super::permissions::{check, Action, Standing};
use super::{invalid, move_status, Result, WorkflowError};
use crate::config::EvidenceQuota;
use crate::domain::Actor;
use crate::domain::{EventAction, ItemField, ItemId, ItemStatus, Role};
use crate::store::extensions;
use crate::store::items::{self, ItemState};
pub use crate::store::progress::Evidence;
use crate::store::progress::{self, ReportRule};

/// Largest evidence file, in bytes.
pub const MAX_EVIDENCE_BYTES: usize = 20 * 1024 * 1024;

/// The item's state as the actor's unit stands to it, locked; only unit heads get this far.
async fn lock_for_unit(
    conn: &mut PgConnection,
    actor: &Actor,
    item_id: ItemId,
) -> Result<ItemState> {
    if actor.role() != Role::UnitHead {
        return Err(WorkflowError::Forbidden);
    }
    items::lock_visible_state(conn, actor, item_id)
        .await?
        .ok_or(WorkflowError::NotFound)
}

/// 签收: the unit confirms it has received the assignment.
pub async fn acknowledge(pool: &PgPool, actor: &Actor, item_id: ItemId) -> Result<()> {
    let mut tx = pool.begin().await?;
    let state = lock_for_unit(&mut tx, actor, item_id).await?;
    check(actor, &Standing::of_state(&state), Action::Acknowledge)?;
    let unit_id = actor.unit_id().ok_or(WorkflowError::Forbidden)?;
    if extensions::acknowledge(&mut tx, item_id, unit_id, actor.user_id()).await? {
        items::insert_event(
            &mut tx,
            item_id,
            actor.user_id(),
            EventAction::Acknowledged,
            None,
            Some("签收"),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Whether `actor` may report progress on the item now: a unit head who sees it, while it
/// is open. Asked before a report's files are received; [`report_progress`] decides again.
pub async fn may_report_progress(pool: &PgPool, actor: &Actor, item_id: ItemId) -> Result<()> {
    if actor.role() != Role::UnitHead {
        return Err(WorkflowError::Forbidden);
    }
    let state = items::find_visible_state(pool, actor, item_id)
        .await?
        .ok_or(WorkflowError::NotFound)?;
    check(actor, &Standing::of_state(&state), Action::Report)
}

fn closed_to_reports(status: ItemStatus) -> String {
    format!("事项当前为「{}」，不能再报送进展。", status.label())
}

/// Whole megabytes, for quota messages.
fn mb(bytes: u64) -> u64 {
    bytes / (1024 * 1024)
}

/// A progress report (进展情况) by the head of a lead or helping unit, on an open item; the
/// first one moves an assigned item to in progress. Its files together stay within
/// `quota.per_report`, and the unit's stored files within `quota.per_unit`; otherwise
/// nothing is stored.
pub async fn report_progress(
    pool: &PgPool,
    actor: &Actor,
    item_id: ItemId,
    note: &str,
    percent: Option<i16>,
    evidence: &[Evidence],
    quota: EvidenceQuota,
) -> Result<()> {
    let note = note.trim();
    if note.is_empty() {
        return invalid("请填写进展情况。");
    }
    if percent.is_some_and(|p| !(0..=100).contains(&p)) {
        return invalid("完成进度须为 0 到 100 之间的整数。");
    }
    if let Some(big) = evidence.iter().find(|e| e.bytes.len() > MAX_EVIDENCE_BYTES) {
        return invalid(format!("附件「{}」超过 20 MB。", big.file_name));
    }
    let total: u64 = evidence.iter().map(|e| e.bytes.len() as u64).sum();
    if total > quota.per_report {
        return invalid(per_report_exceeded(quota));
    }
    if actor.role() != Role::UnitHead {
        return Err(WorkflowError::Forbidden);
    }
    let rule = ReportRule {
        accepted: &ItemStatus::OPEN,
        moves: (ItemStatus::Assigned, ItemStatus::InProgress),
    };
    let outcome = if total == 0 {
        // Most reports carry no file: one statement, no transaction (see store::progress).
        progress::record_progress(pool, actor, item_id, note, percent, evidence, rule).await?
    } else {
        let unit_id = actor.unit_id().ok_or(WorkflowError::Forbidden)?;
        let mut tx = pool.begin().await?;
        let stored =
            u64::try_from(progress::lock_unit_evidence(&mut tx, unit_id).await?).unwrap_or(0);
        if stored + total > quota.per_unit {
            return invalid(format!(
                "本单位已存储佐证材料 {} MB，加上本次 {} MB 将超过 {} MB 的上限，未报送。\
                 请精简附件后重新报送，或联系督查督办办公室。",
                mb(stored),
                mb(total).max(1),
                mb(quota.per_unit)
            ));
        }
        let outcome =
            progress::record_progress(&mut *tx, actor, item_id, note, percent, evidence, rule)
                .await?;
        tx.commit().await?;
        outcome
    };
    let outcome = outcome.ok_or(WorkflowError::NotFound)?;
    if !outcome.recorded {
        return invalid(closed_to_reports(outcome.status));
    }
    Ok(())
}

/// What a report whose files exceed `quota.per_report` together is told.
pub fn per_report_exceeded(quota: EvidenceQuota) -> String {
    format!(
        "一次报送的佐证材料合计不能超过 {} MB，未报送。请分次报送或精简附件。",
        mb(quota.per_report)
    )
}

/// The lead unit sets in progress, blocked, or done (已完成，待核验); done is told to the
/// secretariat.
pub async fn change_status(
    pool: &PgPool,
    actor: &Actor,
    item_id: ItemId,
    version: i32,
    to: ItemStatus,
    note: &str,
    letters: &(dyn Letters + Sync),
) -> Result<()> {
    if !matches!(
        to,
        ItemStatus::InProgress | ItemStatus::Blocked | ItemStatus::ReportedDone
    ) {
        return Err(WorkflowError::Forbidden);
    }
    let mut tx = pool.begin().await?;
    let item = lock_for_unit(&mut tx, actor, item_id).await?;
    if item.version != version {
        let current = items::find_visible_item(&mut *tx, actor, item_id)
            .await?
            .ok_or(WorkflowError::NotFound)?;
        return Err(WorkflowError::Stale {
            current: Box::new(current),
        });
    }
    check(actor, &Standing::of_state(&item), Action::SetStatus)?;
    if to == ItemStatus::Blocked && note.trim().is_empty() {
        return invalid("标记受阻时请说明原因。");
    }
    if item.status == to {
        return Ok(());
    }
    let note = Some(note.trim()).filter(|n| !n.is_empty());
    move_status(&mut tx, actor, item_id, (item.status, to), note).await?;
    if to == ItemStatus::ReportedDone {
        let item = items::find_visible_item(&mut *tx, actor, item_id)
            .await?
            .ok_or(WorkflowError::NotFound)?;
        let note = note.unwrap_or_default();
        notify::to_secretariat(
            &mut tx,
            letters,
            NoticeKind::ReportedDone,
            &item,
            note,
            None,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Asks the secretariat for a later deadline, and tells them; one open request at a time.
pub async fn request_extension(
    pool: &PgPool,
    actor: &Actor,
    item_id: ItemId,
    new_due: NaiveDate,
    reason: &str,
    today: NaiveDate,
    letters: &(dyn Letters + Sync),
) -> Result<()> {
    if reason.trim().is_empty() {
        return invalid("请填写延期理由。");
    }
    if new_due < today {
        return invalid("新的完成时限不能早于今天。");
    }
    let mut tx = pool.begin().await?;
    let item = lock_for_unit(&mut tx, actor, item_id).await?;
    check(actor, &Standing::of_state(&item), Action::RequestExtension)?;
    if item.due_date.is_some_and(|d| new_due <= d) {
        return invalid("新的完成时限应晚于现有时限。");
    }
    if extensions::has_pending(&mut *tx, item_id).await? {
        return invalid("已有一份延期申请待审批。");
    }
    extensions::insert_request(
        &mut tx,
        item_id,
        actor.user_id(),
        item.due_date,
        new_due,
        reason.trim(),
    )
    .await?;
    let change = (
        ItemField::DueDate,
        item.due_date.map(|d| d.to_string()),
        Some(new_due.to_string()),
    );
    items::insert_event(
        &mut tx,
        item_id,
        actor.user_id(),
        EventAction::ExtensionRequested,
        Some((change.0, change.1.as_deref(), change.2.as_deref())),
        Some(reason.trim()),
    )
    .await?;
    let item = items::find_visible_item(&mut *tx, actor, item_id)
        .await?
        .ok_or(WorkflowError::NotFound)?;
    let kind = NoticeKind::ExtensionRequested;
    notify::to_secretariat(&mut tx, letters, kind, &item, reason.trim(), Some(new_due)).await?;
    tx.commit().await?;
    Ok(())
}
