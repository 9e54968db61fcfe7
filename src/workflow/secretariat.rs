//! What only the secretariat does: verify and close (办结) or return (退回), answer
//! extension requests, urge (催办).

use sqlx::PgPool;

use super::notify::{self, Letters};
use super::permissions::{check, Action, Standing};
use super::{invalid, load_for_update, move_status, require_secretariat, Result, WorkflowError};
use crate::domain::Actor;
use crate::domain::{EventAction, ExtensionStatus, ItemField, ItemId, ItemStatus, Role};
use crate::store::items;
use crate::store::{extensions, parts, register};

/// The outcome of verifying an item reported done; its form value is `close` or `return`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// 办结.
    Close,
    /// 退回: back to in progress, with a reason.
    Return,
}

pub async fn verify(
    pool: &PgPool,
    actor: &Actor,
    item_id: ItemId,
    version: i32,
    verdict: Verdict,
    note: &str,
) -> Result<()> {
    require_secretariat(actor)?;
    let mut tx = pool.begin().await?;
    let item = load_for_update(&mut tx, actor, item_id, Some(version)).await?;
    check(actor, &Standing::of_item(&item, actor, &[]), Action::Verify)?;
    let note = note.trim();
    let to = match verdict {
        Verdict::Close if item.has_parts => {
            let open = parts::count_unfinished(&mut *tx, item.id).await?;
            if open > 0 {
                return invalid(format!(
                    "尚有 {open} 项子任务未办结，请先核验办结子任务，再办结本事项。"
                ));
            }
            ItemStatus::Closed
        }
        Verdict::Close => ItemStatus::Closed,
        Verdict::Return if note.is_empty() => return invalid("退回时请说明理由。"),
        Verdict::Return => ItemStatus::InProgress,
    };
    let action_note = Some(note).filter(|n| !n.is_empty());
    move_status(&mut tx, actor, item.id, (item.status, to), action_note).await?;
    tx.commit().await?;
    Ok(())
}

/// The secretariat's answer to a request for more time; its form value is `approve` or
/// `reject`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtensionDecision {
    Approve,
    Reject,
}

impl ExtensionDecision {
    fn outcome(self) -> ExtensionStatus {
        match self {
            ExtensionDecision::Approve => ExtensionStatus::Approved,
            ExtensionDecision::Reject => ExtensionStatus::Rejected,
        }
    }
}

/// Approves (moving the deadline) or rejects an extension request. The secretariat answers
/// first; when the office's setting (督办设置) asks for it and the item's leader has an
/// account, its yes goes to the leader, who answers last. A leader answers only requests
/// the secretariat forwarded, on items they answer for.
pub async fn decide_extension(
    pool: &PgPool,
    actor: &Actor,
    request_id: i64,
    decision: ExtensionDecision,
    note: &str,
) -> Result<()> {
    let by_leader = actor.role() == Role::Leader;
    if !by_leader {
        require_secretariat(actor)?;
    }
    let mut tx = pool.begin().await?;
    let pending = extensions::lock_pending(&mut tx, request_id)
        .await?
        .ok_or_else(|| WorkflowError::Invalid("该延期申请已处理或不存在。".into()))?;
    let item = load_for_update(&mut tx, actor, pending.item_id, None).await?;
    let standing = Standing::of_item(&item, actor, &[]);
    if by_leader {
        check(actor, &standing, Action::DecideExtensionAsLeader)?;
        if !pending.awaiting_leader {
            return invalid("该延期申请尚待办公室审核。");
        }
    } else {
        check(actor, &standing, Action::DecideExtension)?;
        if pending.awaiting_leader {
            return invalid("办公室已同意，该延期申请正待责任领导审批。");
        }
    }
    let note = note.trim();
    let forward = !by_leader
        && decision == ExtensionDecision::Approve
        && register::leader_approves_extensions(&mut *tx).await?
        && extensions::leader_has_account(&mut *tx, item.id).await?;
    if forward {
        extensions::forward_to_leader(&mut tx, request_id, actor.user_id(), note).await?;
        let text = Some(note).filter(|n| !n.is_empty());
        let action = EventAction::ExtensionForwarded;
        items::insert_event(&mut tx, item.id, actor.user_id(), action, None, text).await?;
        tx.commit().await?;
        return Ok(());
    }
    let outcome = decision.outcome();
    extensions::decide(&mut tx, request_id, outcome, actor.user_id(), note).await?;
    let note = Some(note).filter(|n| !n.is_empty());
    if outcome == ExtensionStatus::Approved {
        items::set_due_date(&mut tx, item.id, pending.new_due).await?;
        let before = item.due_date.map(|d| d.to_string());
        let after = pending.new_due.to_string();
        let change = (ItemField::DueDate, before.as_deref(), Some(after.as_str()));
        items::insert_event(
            &mut tx,
            item.id,
            actor.user_id(),
            EventAction::ExtensionApproved,
            Some(change),
            note,
        )
        .await?;
    } else {
        items::insert_event(
            &mut tx,
            item.id,
            actor.user_id(),
            EventAction::ExtensionRejected,
            None,
            note,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// 催办: queues a message to each head of the item's lead units, in the transaction that
/// records the urge. Returns how many messages were queued; an urge nobody would receive is
/// refused.
pub async fn urge(
    pool: &PgPool,
    actor: &Actor,
    item_id: ItemId,
    note: &str,
    letters: &(dyn Letters + Sync),
) -> Result<usize> {
    require_secretariat(actor)?;
    let mut tx = pool.begin().await?;
    let item = load_for_update(&mut tx, actor, item_id, None).await?;
    check(actor, &Standing::of_item(&item, actor, &[]), Action::Urge)?;
    let sent = notify::urge(&mut tx, letters, &item, note).await?;
    // An urge nobody receives must not be recorded as made.
    if sent == 0 {
        return invalid(
            "牵头单位没有能收到催办的部门负责人（在用且填有邮箱的账号），催办未发出，也未记录。\
             请先在「单位与用户」中为该单位添加负责人或补全邮箱。",
        );
    }
    let note = if note.trim().is_empty() {
        "催办".to_owned()
    } else {
        note.trim().to_owned()
    };
    items::insert_event(
        &mut tx,
        item_id,
        actor.user_id(),
        EventAction::Urged,
        None,
        Some(&note),
    )
    .await?;
    tx.commit().await?;
    Ok(sent)
}
