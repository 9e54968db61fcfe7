use sqlx::{FromRow, PgExecutor};

use crate::store::sessions::SessionUser;

/// Counts for the start page, within what the user may see.
#[derive(Debug, Clone, Default, FromRow)]
pub struct Overview {
    pub documents: i64,
    pub open_items: i64,
    pub overdue_items: i64,
    pub awaiting_verification: i64,
}

pub async fn overview(ex: impl PgExecutor<'_>, user: &SessionUser) -> sqlx::Result<Overview> {
    // A unit head counts the items their unit leads or helps with; a leader the items
    // they answer for; everyone else all published items.
    sqlx::query_as(
        "WITH visible AS ( \
             SELECT i.* FROM items i \
             WHERE i.status NOT IN ('draft', 'dismissed') AND CASE $1::user_role \
                 WHEN 'unit_head' THEN EXISTS (SELECT 1 FROM item_units iu \
                                               WHERE iu.item_id = i.id AND iu.unit_id = $2) \
                 WHEN 'leader' THEN EXISTS (SELECT 1 FROM leaders l \
                                            WHERE l.id = i.leader_id AND l.user_id = $3) \
                 ELSE true END) \
         SELECT (SELECT count(*) FROM documents) AS documents, \
                count(*) FILTER (WHERE status IN ('assigned', 'in_progress', 'blocked')) AS open_items, \
                count(*) FILTER (WHERE status IN ('assigned', 'in_progress', 'blocked') \
                                   AND due_date < current_date) AS overdue_items, \
                count(*) FILTER (WHERE status = 'reported_done') AS awaiting_verification \
         FROM visible",
    )
    .bind(user.role)
    .bind(user.unit_id)
    .bind(user.user_id)
    .fetch_one(ex)
    .await
}
