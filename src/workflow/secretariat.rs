//! What only the secretariat does: verify and close (办结) or return (退回), answer
//! extension requests, urge (催办).

use chrono::NaiveDate;
use sqlx::PgPool;

use super::permissions::{check, Action, Standing};
use super::{invalid, load_for_update, move_status, require_secretariat, Result, WorkflowError};
use crate::domain::Actor;
use crate::domain::{
    today_in_china, EventAction, ExtensionStatus, ItemField, ItemId, ItemStatus, MailPurpose,
};
use crate::store::extensions;
use crate::store::items;
use crate::store::outbox::{self, Letter, NewMail};

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

/// Approves (moving the deadline) or rejects an extension request.
pub async fn decide_extension(
    pool: &PgPool,
    actor: &Actor,
    request_id: i64,
    decision: ExtensionDecision,
    note: &str,
) -> Result<()> {
    require_secretariat(actor)?;
    let mut tx = pool.begin().await?;
    let (item_id, new_due) = extensions::lock_pending(&mut tx, request_id)
        .await?
        .ok_or_else(|| WorkflowError::Invalid("该延期申请已处理或不存在。".into()))?;
    let item = load_for_update(&mut tx, actor, item_id, None).await?;
    check(
        actor,
        &Standing::of_item(&item, actor, &[]),
        Action::DecideExtension,
    )?;
    let outcome = decision.outcome();
    extensions::decide(&mut tx, request_id, outcome, actor.user_id(), note.trim()).await?;
    let note = Some(note.trim()).filter(|n| !n.is_empty());
    if outcome == ExtensionStatus::Approved {
        items::set_due_date(&mut tx, item_id, new_due).await?;
        let before = item.due_date.map(|d| d.to_string());
        let after = new_due.to_string();
        let change = (ItemField::DueDate, before.as_deref(), Some(after.as_str()));
        items::insert_event(
            &mut tx,
            item_id,
            actor.user_id(),
            EventAction::ExtensionApproved,
            Some(change),
            note,
        )
        .await?;
    } else {
        items::insert_event(
            &mut tx,
            item_id,
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

/// What an urge (催办) says to a head of a lead unit.
pub struct Urge<'a> {
    pub item_id: ItemId,
    pub title: &'a str,
    pub unit: &'a str,
    pub due: Option<NaiveDate>,
    pub today: NaiveDate,
    /// The secretariat's words, if any.
    pub note: &'a str,
}

/// Why a message could not be written.
pub type ComposeError = Box<dyn std::error::Error + Send + Sync>;

/// Writes the message an urge sends to the head named `to`. The mail layer provides it
/// (`digest::compose::UrgeMail`), so that the 督办 rules decide and record an urge
/// without rendering templates.
pub trait UrgeLetters {
    fn letter(&self, urge: &Urge<'_>, to: &str) -> std::result::Result<Letter, ComposeError>;
}

/// 催办: queues a message to each head of the item's lead units, in the transaction that
/// records the urge. Returns how many messages were queued (heads without an email
/// address get none).
pub async fn urge(
    pool: &PgPool,
    actor: &Actor,
    item_id: ItemId,
    note: &str,
    letters: &(dyn UrgeLetters + Sync),
) -> Result<usize> {
    require_secretariat(actor)?;
    let mut tx = pool.begin().await?;
    let item = load_for_update(&mut tx, actor, item_id, None).await?;
    check(actor, &Standing::of_item(&item, actor, &[]), Action::Urge)?;
    let heads = outbox::list_urge_recipients(&mut *tx, item_id).await?;
    // An urge nobody receives must not be recorded as made.
    if heads.is_empty() {
        return invalid(
            "牵头单位没有能收到催办的部门负责人（在用且填有邮箱的账号），催办未发出，也未记录。\
             请先在「单位与用户」中为该单位添加负责人或补全邮箱。",
        );
    }
    for head in &heads {
        let urge = Urge {
            item_id,
            title: &item.title,
            unit: &head.unit_name,
            due: item.due_date,
            today: today_in_china(),
            note,
        };
        let mail = letters
            .letter(&urge, &head.display_name)
            .map_err(WorkflowError::Compose)?;
        let new = NewMail {
            purpose: MailPurpose::Urge,
            dedup_key: None,
            to_user_id: Some(head.user_id),
            to_address: &head.email,
            subject: &mail.subject,
            body_text: &mail.text,
            body_html: Some(&mail.html),
        };
        outbox::insert_mail(&mut *tx, &new).await?;
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
    Ok(heads.len())
}
