//! The 督办 rules: who may do what to an item, in which status, and what it records.
//!
//! Every operation runs in one transaction: it locks the item as it reads it within the
//! actor's scope (an item the actor may not see is "not found"), checks the rule, compares
//! the version the actor's form was based on, changes the item and appends one history row
//! per change. The secretariat's operations read the whole item; a unit head's read only
//! its state and their unit's part in it.

mod documents;
pub mod ladder;
mod leader;
mod notify;
mod parts;
mod permissions;
mod review;
mod secretariat;
mod unit;

pub use documents::{delete_document, edit_document};
pub use leader::{instruct, MAX_INSTRUCTION_CHARS};
pub use notify::{ComposeError, Letters, Notice, NoticeItem, NoticeKind};
pub use parts::{split_item, PartRequest, Split, MAX_PART_TITLE_CHARS};
pub use permissions::{allowed_actions, check, Action, Allowed, Standing, UnitPart};
pub use review::{
    add_item, adopt_unit_names, batch_edit, changes, dismiss_item, dismiss_items, edit_item,
    publish_items, BatchEdit, ItemEdit, NewItem, Published,
};
pub use secretariat::{decide_extension, urge, verify, ExtensionDecision, Verdict};
pub use unit::{
    acknowledge, change_status, may_report_progress, per_report_exceeded, report_progress,
    request_extension, Evidence, MAX_EVIDENCE_BYTES,
};

use sqlx::PgConnection;

use crate::domain::Actor;
use crate::domain::{EventAction, ItemField, ItemId, ItemStatus};
use crate::store::items::{self, Item};

#[derive(Debug, thiserror::Error)]
pub enum WorkflowError {
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    /// The form was based on an older version; nothing was changed.
    #[error("changed by someone else")]
    Stale { current: Box<Item> },
    /// A rule was broken; the message is Chinese, for the form.
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    /// A message to queue could not be written.
    #[error("composing a message")]
    Compose(#[source] notify::ComposeError),
}

pub type Result<T> = std::result::Result<T, WorkflowError>;

fn invalid<T>(msg: impl Into<String>) -> Result<T> {
    Err(WorkflowError::Invalid(msg.into()))
}

/// The item as `viewer` may see it, locked, with its version checked against `expected`
/// (when the operation edits what the form showed).
async fn load_for_update(
    conn: &mut PgConnection,
    viewer: &Actor,
    item_id: ItemId,
    expected_version: Option<i32>,
) -> Result<Item> {
    let item = items::lock_visible_item(conn, viewer, item_id)
        .await?
        .ok_or(WorkflowError::NotFound)?;
    if expected_version.is_some_and(|v| v != item.version) {
        return Err(WorkflowError::Stale {
            current: Box::new(item),
        });
    }
    Ok(item)
}

fn require_secretariat(viewer: &Actor) -> Result<()> {
    if viewer.role().is_secretariat() {
        Ok(())
    } else {
        Err(WorkflowError::Forbidden)
    }
}

/// Records a status change with its history row.
async fn move_status(
    conn: &mut PgConnection,
    actor: &Actor,
    item_id: ItemId,
    (from, to): (ItemStatus, ItemStatus),
    note: Option<&str>,
) -> Result<()> {
    items::set_status(conn, item_id, to).await?;
    let change = (ItemField::Status, Some(from.label()), Some(to.label()));
    items::insert_event(
        conn,
        item_id,
        actor.user_id(),
        EventAction::Status,
        Some(change),
        note,
    )
    .await?;
    Ok(())
}
