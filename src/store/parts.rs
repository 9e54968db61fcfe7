//! 分解: the parts (子任务) an item is split into. A part is an item of its own (its units,
//! deadline, status, reports and light) that names its parent; the parent's light and
//! progress follow its parts (`store::light`).

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{FromRow, PgConnection, PgExecutor};

use super::visibility::visible;
use crate::domain::{Actor, ItemId, ItemStatus, LightCause, UnitId, UserId};

/// A part as the secretariat or a lead unit writes it.
#[derive(Debug, Clone)]
pub struct NewPart<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub lead_unit: UnitId,
    pub due_date: NaiveDate,
}

/// Writes `part` of `parent` as a draft, to be published in the same transaction: it
/// inherits the parent's document, section, leader and level, and the parent is marked as
/// split.
pub async fn insert_part(
    conn: &mut PgConnection,
    parent: ItemId,
    part: &NewPart<'_>,
    by: UserId,
) -> sqlx::Result<ItemId> {
    let id: ItemId = sqlx::query_scalar(
        "INSERT INTO items (document_id, section_id, kind, title, body, leader_id, due_date, \
             level, parent_id, trackable, created_by) \
         SELECT p.document_id, p.section_id, 'task', $2, $3, p.leader_id, $4, p.level, p.id, \
             true, $5 \
         FROM items p WHERE p.id = $1 RETURNING id",
    )
    .bind(parent)
    .bind(part.title)
    .bind(part.body)
    .bind(part.due_date)
    .bind(by)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("INSERT INTO item_units (item_id, unit_id, role) VALUES ($1, $2, 'lead')")
        .bind(id)
        .bind(part.lead_unit)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE items SET has_parts = true WHERE id = $1 AND NOT has_parts")
        .bind(parent)
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

/// How many parts of `parent` are not yet closed (办结).
pub async fn count_unfinished(ex: impl PgExecutor<'_>, parent: ItemId) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT count(*) FROM items WHERE parent_id = $1 \
         AND status NOT IN ('closed', 'dismissed', 'draft')",
    )
    .bind(parent)
    .fetch_one(ex)
    .await
}

/// Whether a unit with this id exists and is not merged away.
pub async fn unit_exists(ex: impl PgExecutor<'_>, unit: UnitId) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT EXISTS (SELECT FROM units WHERE id = $1 AND merged_into IS NULL)")
        .bind(unit)
        .fetch_one(ex)
        .await
}

/// A part as its parent's page lists it.
#[derive(Debug, Clone, FromRow)]
pub struct PartRow {
    pub id: ItemId,
    pub title: String,
    pub lead_units: Vec<String>,
    pub due_date: Option<NaiveDate>,
    pub status: ItemStatus,
    pub cause: Option<LightCause>,
    pub progress: Option<i32>,
    pub updated_at: DateTime<Utc>,
}

/// The parts of `parent`, in the order they were written.
pub async fn list_parts(ex: impl PgExecutor<'_>, parent: ItemId) -> sqlx::Result<Vec<PartRow>> {
    sqlx::query_as(&format!(
        "SELECT i.id, i.title, \
             coalesce(array(SELECT u.name FROM item_units iu JOIN units u ON u.id = iu.unit_id \
                 WHERE iu.item_id = i.id AND iu.role = 'lead' ORDER BY u.name), '{{}}') \
                 AS lead_units, \
             i.due_date, i.status, {cause} AS cause, {progress} AS progress, i.updated_at \
         FROM items i WHERE i.parent_id = $1 ORDER BY i.id",
        cause = *super::light::CAUSE_TODAY,
        progress = super::light::PROGRESS,
    ))
    .bind(parent)
    .fetch_all(ex)
    .await
}

/// The item a part belongs to, as the part's page quotes it: its wording is shown to
/// whoever sees the part, and `visible` says whether they may open the parent itself.
#[derive(Debug, Clone, FromRow)]
pub struct ParentWording {
    pub id: ItemId,
    pub register_number: Option<String>,
    pub title: String,
    pub body: String,
    pub visible: bool,
}

pub async fn find_parent(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    parent: ItemId,
) -> sqlx::Result<Option<ParentWording>> {
    sqlx::query_as(&format!(
        "SELECT i.id, i.register_number, i.title, i.body, ({}) AS visible \
         FROM items i WHERE i.id = $4",
        visible(viewer.role())
    ))
    .bind(viewer.role())
    .bind(viewer.unit_id())
    .bind(viewer.user_id())
    .bind(parent)
    .fetch_optional(ex)
    .await
}
