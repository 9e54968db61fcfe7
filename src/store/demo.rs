//! What seeding the demo writes and reads besides the real workflow: the leader rows of
//! demo users, the demo cast, the figures printed at the end, and the back-dating that
//! spreads each item's story over the past weeks.

use sqlx::{PgConnection, PgExecutor, PgPool};

use crate::domain::{
    DocumentId, ExtensionStatus, ItemId, ItemStatus, LightCause, Role, UnitId, UserId,
};

/// Makes the user `login` the responsible leader `name` (unless a leader has that name).
pub async fn insert_leader_for_user(
    conn: &mut PgConnection,
    name: &str,
    title: &str,
    login: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO leaders (name, title, user_id) \
         SELECT $1, $2, id FROM users WHERE login = $3 ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(title)
    .bind(login)
    .execute(conn)
    .await
    .map(drop)
}

/// (login, id, role, unit) of the users with these logins.
pub async fn users_by_login(
    ex: impl PgExecutor<'_>,
    logins: &[&str],
) -> sqlx::Result<Vec<(String, UserId, Role, Option<UnitId>)>> {
    sqlx::query_as("SELECT login, id, role, unit_id FROM users WHERE login = ANY($1) ORDER BY id")
        .bind(logins)
        .fetch_all(ex)
        .await
}

/// Status and deadline of every item of these documents.
pub async fn item_states(
    ex: impl PgExecutor<'_>,
    document_ids: &[DocumentId],
) -> sqlx::Result<Vec<(ItemStatus, Option<LightCause>)>> {
    sqlx::query_as(&format!(
        "SELECT i.status, {} AS cause FROM items i WHERE i.document_id = ANY($1)",
        *super::light::CAUSE_TODAY
    ))
    .bind(document_ids)
    .fetch_all(ex)
    .await
}

/// Progress reports, pending extension requests and history rows of these documents' items.
pub async fn activity_counts(
    ex: impl PgExecutor<'_>,
    document_ids: &[DocumentId],
) -> sqlx::Result<(i64, i64, i64)> {
    sqlx::query_as(
        "WITH demo AS (SELECT id FROM items WHERE document_id = ANY($1)) SELECT \
             (SELECT count(*) FROM progress_reports WHERE item_id IN (SELECT id FROM demo)), \
             (SELECT count(*) FROM extension_requests \
                 WHERE status = $2 AND item_id IN (SELECT id FROM demo)), \
             (SELECT count(*) FROM item_events WHERE item_id IN (SELECT id FROM demo))",
    )
    .bind(document_ids)
    .bind(ExtensionStatus::Pending)
    .fetch_one(ex)
    .await
}

/// Moves the item's story back in time: assigned `age_days` ago, signed for the next day,
/// progress reports spread evenly since (in office hours), then done, closed and extension
/// requests in turn. The history rows keep the time they were written: that table is
/// append-only.
pub async fn backdate_item(pool: &PgPool, item_id: ItemId, age_days: i32) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    // Times fall in office hours in China (UTC+8): 09:00 is 01:00 UTC.
    sqlx::query(
        "UPDATE items SET assigned_at = date_trunc('day', now() - make_interval(days => $2), 'UTC') \
             + interval '2 hours' + (id % 60) * interval '1 minute' WHERE id = $1",
    )
    .bind(item_id)
    .bind(age_days)
    .execute(&mut *tx)
    .await?;
    let steps = [
        "UPDATE acknowledgements a SET created_at = i.assigned_at + interval '1 day 2 hours' \
         FROM items i WHERE i.id = a.item_id AND a.item_id = $1",
        // The n-th of c reports at n/(c+1) of the way from assignment to now.
        "UPDATE progress_reports p \
         SET created_at = date_trunc('day', \
                 i.assigned_at + (now() - i.assigned_at) * (r.n::float8 / (r.c + 1)), 'UTC') \
             + interval '1 hour' + (p.id * 37 % 480) * interval '1 minute' \
         FROM (SELECT id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS c \
               FROM progress_reports WHERE item_id = $1) r, items i \
         WHERE p.id = r.id AND i.id = $1",
        "UPDATE items SET last_progress_at = \
             (SELECT max(created_at) FROM progress_reports WHERE item_id = $1) \
         WHERE id = $1 AND last_progress_at IS NOT NULL",
        "UPDATE items i SET last_report_at = (SELECT max(p.created_at) FROM progress_reports p \
             JOIN item_units iu ON iu.item_id = p.item_id AND iu.unit_id = p.unit_id \
                 AND iu.role = 'lead' WHERE p.item_id = $1) \
         WHERE id = $1 AND last_report_at IS NOT NULL",
        "UPDATE items SET reported_done_at = last_progress_at + interval '1 day' \
         WHERE id = $1 AND reported_done_at IS NOT NULL",
        "UPDATE items SET closed_at = reported_done_at + interval '2 days' \
         WHERE id = $1 AND closed_at IS NOT NULL",
        "UPDATE extension_requests e SET created_at = i.last_progress_at + interval '1 day', \
             decided_at = CASE WHEN e.decided_at IS NULL THEN NULL \
                 ELSE i.last_progress_at + interval '2 days' END \
         FROM items i WHERE i.id = e.item_id AND e.item_id = $1",
    ];
    for step in steps {
        sqlx::query(step).bind(item_id).execute(&mut *tx).await?;
    }
    tx.commit().await
}
