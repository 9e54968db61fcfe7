//! Requests for more time (延期申请) and acknowledgements (签收): the small writes of the
//! 督办 workflow besides status and progress. The workflow holds the item's lock while it
//! calls these.

use chrono::NaiveDate;
use sqlx::{PgConnection, PgExecutor};

use crate::domain::{ExtensionStatus, ItemId, UnitId, UserId};

/// Records that the unit acknowledged the item; false when it already had.
pub async fn acknowledge(
    conn: &mut PgConnection,
    item_id: ItemId,
    unit_id: UnitId,
    user_id: UserId,
) -> sqlx::Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO acknowledgements (item_id, unit_id, user_id) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING",
    )
    .bind(item_id)
    .bind(unit_id)
    .bind(user_id)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// Whether the item has a request still waiting for a decision.
pub async fn has_pending(ex: impl PgExecutor<'_>, item_id: ItemId) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM extension_requests WHERE item_id = $1 AND status = $2)",
    )
    .bind(item_id)
    .bind(ExtensionStatus::Pending)
    .fetch_one(ex)
    .await
}

/// The item's pending request, if any.
pub async fn pending_of_item(
    ex: impl PgExecutor<'_>,
    item_id: ItemId,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM extension_requests WHERE item_id = $1 AND status = $2")
        .bind(item_id)
        .bind(ExtensionStatus::Pending)
        .fetch_optional(ex)
        .await
}

/// A new pending request.
pub async fn insert_request(
    conn: &mut PgConnection,
    item_id: ItemId,
    requested_by: UserId,
    old_due: Option<NaiveDate>,
    new_due: NaiveDate,
    reason: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO extension_requests (item_id, requested_by, old_due, new_due, reason) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(item_id)
    .bind(requested_by)
    .bind(old_due)
    .bind(new_due)
    .bind(reason)
    .execute(conn)
    .await
    .map(drop)
}

/// A pending request, locked until the transaction ends.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct Pending {
    pub item_id: ItemId,
    pub new_due: NaiveDate,
    /// Whether the secretariat said yes and the leader's answer is awaited.
    pub awaiting_leader: bool,
}

/// The pending request, locked until the transaction ends; None when it was decided
/// already or never existed.
pub async fn lock_pending(
    conn: &mut PgConnection,
    request_id: i64,
) -> sqlx::Result<Option<Pending>> {
    sqlx::query_as(
        "SELECT item_id, new_due, office_approved_at IS NOT NULL AS awaiting_leader \
         FROM extension_requests WHERE id = $1 AND status = $2 FOR UPDATE",
    )
    .bind(request_id)
    .bind(ExtensionStatus::Pending)
    .fetch_optional(conn)
    .await
}

/// The secretariat's yes, with the request left pending for the leader.
pub async fn forward_to_leader(
    conn: &mut PgConnection,
    request_id: i64,
    by: UserId,
    note: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE extension_requests SET office_approved_by = $2, office_approved_at = now(), \
             office_note = NULLIF($3, '') WHERE id = $1",
    )
    .bind(request_id)
    .bind(by)
    .bind(note)
    .execute(conn)
    .await
    .map(drop)
}

/// Whether the item's responsible leader has an account to answer with.
pub async fn leader_has_account(
    ex: impl sqlx::PgExecutor<'_>,
    item_id: ItemId,
) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM items i JOIN leaders l ON l.id = i.leader_id \
             JOIN users u ON u.id = l.user_id AND u.active WHERE i.id = $1)",
    )
    .bind(item_id)
    .fetch_one(ex)
    .await
}

/// Records the decision on a request.
pub async fn decide(
    conn: &mut PgConnection,
    request_id: i64,
    outcome: ExtensionStatus,
    decided_by: UserId,
    note: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE extension_requests SET status = $2, decided_by = $3, decided_at = now(), \
             decision_note = NULLIF($4, '') WHERE id = $1",
    )
    .bind(request_id)
    .bind(outcome)
    .bind(decided_by)
    .bind(note)
    .execute(conn)
    .await
    .map(drop)
}
