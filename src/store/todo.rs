//! What waits for someone (待办): per role, the things to do and where, each list cut to
//! its first rows with the whole count beside them.

use chrono::NaiveDate;
use sqlx::{FromRow, PgExecutor};

use super::light::LIGHT;
use super::visibility::visible;
use crate::domain::{Actor, ItemStatus, UnitId, UserId};

/// Rows each list shows; the count says how many there are.
pub const SHOWN: i64 = 5;

/// One thing to do: what it is about (an item or a document), and a date or words to show.
#[derive(Debug, Clone, FromRow)]
pub struct TodoRow {
    /// An item's id, or a document's for documents awaiting review.
    pub id: i64,
    pub title: String,
    /// A deadline, or the date asked for in an extension request.
    pub date: Option<NaiveDate>,
    /// A unit's name, a reason or an answer.
    pub note: Option<String>,
    /// Rows in the whole list.
    pub total: i64,
}

const LEAD_UNITS: &str = "(SELECT string_agg(u.name, '、' ORDER BY u.name) FROM item_units x \
     JOIN units u ON u.id = x.unit_id WHERE x.item_id = i.id AND x.role = 'lead')";

/// Documents with items still in draft, newest import first; the note counts the drafts.
pub async fn documents_to_review(ex: impl PgExecutor<'_>) -> sqlx::Result<Vec<TodoRow>> {
    let sql = "SELECT d.id, coalesce(d.title, d.file_name) AS title, NULL::date AS date, \
             count(*)::text AS note, count(*) OVER () AS total \
         FROM documents d JOIN items i ON i.document_id = d.id AND i.status = 'draft' \
         GROUP BY d.id ORDER BY d.imported_at DESC, d.id DESC LIMIT $1";
    sqlx::query_as(sql).bind(SHOWN).fetch_all(ex).await
}

/// Items reported done, waiting for verification, oldest report first.
pub async fn awaiting_verification(ex: impl PgExecutor<'_>) -> sqlx::Result<Vec<TodoRow>> {
    let sql = format!(
        "SELECT i.id, i.title, i.due_date AS date, {LEAD_UNITS} AS note, \
             count(*) OVER () AS total \
         FROM items i WHERE i.status = 'reported_done' \
         ORDER BY i.reported_done_at NULLS FIRST, i.id LIMIT $1"
    );
    sqlx::query_as(&sql).bind(SHOWN).fetch_all(ex).await
}

/// Extension requests waiting for an answer, oldest first; the date is the one asked for.
pub async fn pending_extensions(ex: impl PgExecutor<'_>) -> sqlx::Result<Vec<TodoRow>> {
    let sql = format!(
        "SELECT i.id, i.title, e.new_due AS date, {LEAD_UNITS} AS note, \
             count(*) OVER () AS total \
         FROM extension_requests e JOIN items i ON i.id = e.item_id \
         WHERE e.status = 'pending' AND e.office_approved_at IS NULL \
         ORDER BY e.created_at, e.id LIMIT $1"
    );
    sqlx::query_as(&sql).bind(SHOWN).fetch_all(ex).await
}

/// Open items past their deadline that nobody urged in the last seven days, longest
/// overdue first.
pub async fn overdue_not_urged(
    ex: impl PgExecutor<'_>,
    today: NaiveDate,
) -> sqlx::Result<Vec<TodoRow>> {
    let sql = format!(
        "SELECT i.id, i.title, i.due_date AS date, {LEAD_UNITS} AS note, \
             count(*) OVER () AS total \
         FROM items i \
         WHERE i.status IN ('assigned', 'in_progress', 'blocked') AND i.due_date < $2 \
           AND NOT EXISTS (SELECT 1 FROM item_events e WHERE e.item_id = i.id \
               AND e.action = 'urged' AND e.created_at > now() - interval '7 days') \
         ORDER BY i.due_date, i.id LIMIT $1"
    );
    sqlx::query_as(&sql)
        .bind(SHOWN)
        .bind(today)
        .fetch_all(ex)
        .await
}

/// Open items of the unit it has not signed for (签收), oldest assignment first.
pub async fn unit_to_acknowledge(
    ex: impl PgExecutor<'_>,
    unit: UnitId,
) -> sqlx::Result<Vec<TodoRow>> {
    let sql = "SELECT i.id, i.title, i.due_date AS date, \
             CASE iu.role WHEN 'lead' THEN '牵头' ELSE '配合' END AS note, \
             count(*) OVER () AS total \
         FROM items i JOIN item_units iu ON iu.item_id = i.id AND iu.unit_id = $2 \
         WHERE i.status IN ('assigned', 'in_progress', 'blocked') \
           AND NOT EXISTS (SELECT 1 FROM acknowledgements a \
               WHERE a.item_id = i.id AND a.unit_id = $2) \
         ORDER BY i.assigned_at NULLS LAST, i.id LIMIT $1";
    sqlx::query_as(sql)
        .bind(SHOWN)
        .bind(unit)
        .fetch_all(ex)
        .await
}

/// Items of the unit the secretariat sent back (退回) in the last 30 days and not yet
/// reported done again; the note is the reason.
pub async fn unit_returned(ex: impl PgExecutor<'_>, unit: UnitId) -> sqlx::Result<Vec<TodoRow>> {
    let sql = "SELECT i.id, i.title, i.due_date AS date, e.note, count(*) OVER () AS total \
         FROM items i JOIN LATERAL ( \
             SELECT e.note, e.created_at FROM item_events e \
             WHERE e.item_id = i.id AND e.action = 'status' AND e.before = $3 AND e.after = $4 \
               AND e.created_at > now() - interval '30 days' \
             ORDER BY e.created_at DESC LIMIT 1) e ON true \
         WHERE i.status IN ('in_progress', 'blocked') \
           AND EXISTS (SELECT 1 FROM item_units iu WHERE iu.item_id = i.id AND iu.unit_id = $2) \
         ORDER BY e.created_at DESC, i.id LIMIT $1";
    sqlx::query_as(sql)
        .bind(SHOWN)
        .bind(unit)
        .bind(ItemStatus::ReportedDone.label())
        .bind(ItemStatus::InProgress.label())
        .fetch_all(ex)
        .await
}

/// Open items the unit leads that are overdue or due by `until`, soonest first.
pub async fn unit_due_soon(
    ex: impl PgExecutor<'_>,
    unit: UnitId,
    until: NaiveDate,
) -> sqlx::Result<Vec<TodoRow>> {
    let sql = "SELECT i.id, i.title, i.due_date AS date, NULL::text AS note, \
             count(*) OVER () AS total \
         FROM items i JOIN item_units iu ON iu.item_id = i.id AND iu.unit_id = $2 \
             AND iu.role = 'lead' \
         WHERE i.status IN ('assigned', 'in_progress', 'blocked') AND i.due_date <= $3 \
         ORDER BY i.due_date, i.id LIMIT $1";
    sqlx::query_as(sql)
        .bind(SHOWN)
        .bind(unit)
        .bind(until)
        .fetch_all(ex)
        .await
}

/// Answers to the unit's extension requests in the last 14 days; the note is the answer.
pub async fn unit_extension_answers(
    ex: impl PgExecutor<'_>,
    unit: UnitId,
) -> sqlx::Result<Vec<TodoRow>> {
    let sql = "SELECT i.id, i.title, e.new_due AS date, \
             CASE e.status WHEN 'approved' THEN '已同意' ELSE '未同意' END \
                 || coalesce('：' || nullif(e.decision_note, ''), '') AS note, \
             count(*) OVER () AS total \
         FROM extension_requests e JOIN items i ON i.id = e.item_id \
         WHERE e.status <> 'pending' AND e.decided_at > now() - interval '14 days' \
           AND EXISTS (SELECT 1 FROM item_units iu WHERE iu.item_id = i.id AND iu.unit_id = $2) \
         ORDER BY e.decided_at DESC, e.id DESC LIMIT $1";
    sqlx::query_as(sql)
        .bind(SHOWN)
        .bind(unit)
        .fetch_all(ex)
        .await
}

/// Items the leader answers for that are lit red or yellow on `today` (the list's own
/// light), most urgent first; the note names the lead units.
pub async fn leader_lit(
    ex: impl PgExecutor<'_>,
    leader: &Actor,
    today: NaiveDate,
) -> sqlx::Result<Vec<TodoRow>> {
    let sql = format!(
        "SELECT i.id, i.title, i.due_date AS date, {LEAD_UNITS} AS note, \
             count(*) OVER () AS total \
         FROM items i WHERE {visible} AND {light} IN ('red', 'yellow') \
         ORDER BY i.due_date NULLS LAST, i.id LIMIT $5",
        light = *LIGHT,
        visible = visible(leader.role()),
    );
    sqlx::query_as(&sql)
        .bind(leader.role())
        .bind(leader.unit_id())
        .bind(leader.user_id())
        .bind(today)
        .bind(SHOWN)
        .fetch_all(ex)
        .await
}

/// Extension requests the secretariat approved that wait for this leader's answer.
pub async fn leader_extensions(
    ex: impl PgExecutor<'_>,
    user: UserId,
) -> sqlx::Result<Vec<TodoRow>> {
    let sql = format!(
        "SELECT i.id, i.title, e.new_due AS date, {LEAD_UNITS} AS note, \
             count(*) OVER () AS total \
         FROM extension_requests e JOIN items i ON i.id = e.item_id \
         JOIN leaders l ON l.id = i.leader_id AND l.user_id = $2 \
         WHERE e.status = 'pending' AND e.office_approved_at IS NOT NULL \
         ORDER BY e.office_approved_at, e.id LIMIT $1"
    );
    sqlx::query_as(&sql)
        .bind(SHOWN)
        .bind(user)
        .fetch_all(ex)
        .await
}
