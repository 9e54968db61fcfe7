//! What a unit head does with their unit's items: 签收, progress reports with evidence,
//! status changes, extension requests.

use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};

use super::{invalid, move_status, Result, UnitPart, WorkflowError};
use crate::config::EvidenceQuota;
use crate::domain::{ItemStatus, Role};
use crate::store::items::{self, ItemState, Viewer};
pub use crate::store::progress::Evidence;
use crate::store::progress::{self, ReportRule};

/// Largest evidence file, in bytes.
pub const MAX_EVIDENCE_BYTES: usize = 20 * 1024 * 1024;

/// The item's state, locked, if the actor is the head of its lead unit or (unless
/// `lead_only`) of a helping unit.
async fn lock_for_unit(
    conn: &mut PgConnection,
    actor: &Viewer,
    item_id: i64,
    lead_only: bool,
) -> Result<ItemState> {
    if actor.role != Role::UnitHead {
        return Err(WorkflowError::Forbidden);
    }
    let state = items::lock_visible_state(conn, actor, item_id)
        .await?
        .ok_or(WorkflowError::NotFound)?;
    match UnitPart::of(&state) {
        UnitPart::Lead => Ok(state),
        UnitPart::Helping if !lead_only => Ok(state),
        UnitPart::Helping => invalid("此操作由牵头单位办理。"),
        UnitPart::None => Err(WorkflowError::NotFound),
    }
}

/// 签收: the unit confirms it has received the assignment.
pub async fn acknowledge(pool: &PgPool, actor: &Viewer, item_id: i64) -> Result<()> {
    let mut tx = pool.begin().await?;
    lock_for_unit(&mut tx, actor, item_id, false).await?;
    let unit_id = actor.unit_id.ok_or(WorkflowError::Forbidden)?;
    let inserted = sqlx::query(
        "INSERT INTO acknowledgements (item_id, unit_id, user_id) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING",
    )
    .bind(item_id)
    .bind(unit_id)
    .bind(actor.user_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 1 {
        items::insert_event(
            &mut tx,
            item_id,
            actor.user_id,
            "acknowledged",
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
pub async fn may_report_progress(pool: &PgPool, actor: &Viewer, item_id: i64) -> Result<()> {
    if actor.role != Role::UnitHead {
        return Err(WorkflowError::Forbidden);
    }
    let status = progress::report_target(pool, actor, item_id)
        .await?
        .ok_or(WorkflowError::NotFound)?;
    if !ItemStatus::OPEN.contains(&status) {
        return invalid(closed_to_reports(status));
    }
    Ok(())
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
    actor: &Viewer,
    item_id: i64,
    note: &str,
    evidence: &[Evidence],
    quota: EvidenceQuota,
) -> Result<()> {
    let note = note.trim();
    if note.is_empty() {
        return invalid("请填写进展情况。");
    }
    if let Some(big) = evidence.iter().find(|e| e.bytes.len() > MAX_EVIDENCE_BYTES) {
        return invalid(format!("附件「{}」超过 20 MB。", big.file_name));
    }
    let total: u64 = evidence.iter().map(|e| e.bytes.len() as u64).sum();
    if total > quota.per_report {
        return invalid(per_report_exceeded(quota));
    }
    if actor.role != Role::UnitHead {
        return Err(WorkflowError::Forbidden);
    }
    let rule = ReportRule {
        accepted: &ItemStatus::OPEN,
        moves: (ItemStatus::Assigned, ItemStatus::InProgress),
    };
    let outcome = if total == 0 {
        // Most reports carry no file: one statement, no transaction (see store::progress).
        progress::record_progress(pool, actor, item_id, note, evidence, rule).await?
    } else {
        let unit_id = actor.unit_id.ok_or(WorkflowError::Forbidden)?;
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
            progress::record_progress(&mut *tx, actor, item_id, note, evidence, rule).await?;
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

/// The lead unit sets in progress, blocked, or done (已完成，待核验).
pub async fn change_status(
    pool: &PgPool,
    actor: &Viewer,
    item_id: i64,
    version: i32,
    to: ItemStatus,
    note: &str,
) -> Result<()> {
    if !matches!(
        to,
        ItemStatus::InProgress | ItemStatus::Blocked | ItemStatus::ReportedDone
    ) {
        return Err(WorkflowError::Forbidden);
    }
    let mut tx = pool.begin().await?;
    let item = lock_for_unit(&mut tx, actor, item_id, true).await?;
    if item.version != version {
        let current = items::find_visible_item(&mut *tx, actor, item_id)
            .await?
            .ok_or(WorkflowError::NotFound)?;
        return Err(WorkflowError::Stale {
            current: Box::new(current),
        });
    }
    if !item.status.is_open() {
        return invalid(format!(
            "事项当前为「{}」，不能更改状态。",
            item.status.label()
        ));
    }
    if to == ItemStatus::Blocked && note.trim().is_empty() {
        return invalid("标记受阻时请说明原因。");
    }
    if item.status == to {
        return Ok(());
    }
    let note = Some(note.trim()).filter(|n| !n.is_empty());
    move_status(&mut tx, actor, item_id, (item.status, to), note).await?;
    tx.commit().await?;
    Ok(())
}

/// Asks the secretariat for a later deadline; one open request at a time.
pub async fn request_extension(
    pool: &PgPool,
    actor: &Viewer,
    item_id: i64,
    new_due: NaiveDate,
    reason: &str,
    today: NaiveDate,
) -> Result<()> {
    if reason.trim().is_empty() {
        return invalid("请填写延期理由。");
    }
    if new_due < today {
        return invalid("新的完成时限不能早于今天。");
    }
    let mut tx = pool.begin().await?;
    let item = lock_for_unit(&mut tx, actor, item_id, true).await?;
    if !item.status.is_open() {
        return invalid(format!(
            "事项当前为「{}」，不能申请延期。",
            item.status.label()
        ));
    }
    if item.due_date.is_some_and(|d| new_due <= d) {
        return invalid("新的完成时限应晚于现有时限。");
    }
    let pending: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM extension_requests WHERE item_id = $1 AND status = 'pending')",
    )
    .bind(item_id)
    .fetch_one(&mut *tx)
    .await?;
    if pending {
        return invalid("已有一份延期申请待审批。");
    }
    sqlx::query(
        "INSERT INTO extension_requests (item_id, requested_by, old_due, new_due, reason) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(item_id)
    .bind(actor.user_id)
    .bind(item.due_date)
    .bind(new_due)
    .bind(reason.trim())
    .execute(&mut *tx)
    .await?;
    let change = (
        "due_date",
        item.due_date.map(|d| d.to_string()),
        Some(new_due.to_string()),
    );
    items::insert_event(
        &mut tx,
        item_id,
        actor.user_id,
        "extension_requested",
        Some((change.0, change.1.as_deref(), change.2.as_deref())),
        Some(reason.trim()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
