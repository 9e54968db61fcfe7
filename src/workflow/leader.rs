//! What a responsible leader does with the items they answer for: 批示.

use sqlx::PgPool;

use super::notify::{self, Letters};
use super::permissions::{check, Action, Standing};
use super::{invalid, load_for_update, Result};
use crate::domain::{Actor, EventAction, ItemId};
use crate::store::items;

/// Longest 批示, in characters.
pub const MAX_INSTRUCTION_CHARS: usize = 2000;

/// 批示: the leader's words join the item's history and go to the heads of its lead and
/// helping units. Returns how many heads were told.
pub async fn instruct(
    pool: &PgPool,
    actor: &Actor,
    item_id: ItemId,
    text: &str,
    letters: &(dyn Letters + Sync),
) -> Result<usize> {
    let text = text.trim();
    if text.is_empty() {
        return invalid("请填写批示内容。");
    }
    if text.chars().count() > MAX_INSTRUCTION_CHARS {
        return invalid(format!("批示不能超过 {MAX_INSTRUCTION_CHARS} 字。"));
    }
    let mut tx = pool.begin().await?;
    let item = load_for_update(&mut tx, actor, item_id, None).await?;
    check(
        actor,
        &Standing::of_item(&item, actor, &[]),
        Action::Instruct,
    )?;
    items::insert_event(
        &mut tx,
        item_id,
        actor.user_id(),
        EventAction::Instructed,
        None,
        Some(text),
    )
    .await?;
    let told = notify::instructed(&mut tx, letters, &item, text).await?;
    tx.commit().await?;
    Ok(told)
}
