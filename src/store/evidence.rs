//! What hangs off an item: acknowledgements, attachments, extension requests.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{FromRow, PgExecutor};

/// Names of the units that acknowledged (签收) the item.
pub async fn acknowledged_units(
    ex: impl PgExecutor<'_>,
    item_id: i64,
) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT u.id, u.name FROM acknowledgements a JOIN units u ON u.id = a.unit_id \
         WHERE a.item_id = $1 ORDER BY a.created_at",
    )
    .bind(item_id)
    .fetch_all(ex)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct AttachmentInfo {
    pub id: i64,
    pub item_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i32,
    pub created_at: DateTime<Utc>,
}

pub async fn list_attachments(
    ex: impl PgExecutor<'_>,
    item_id: i64,
) -> sqlx::Result<Vec<AttachmentInfo>> {
    sqlx::query_as(
        "SELECT id, item_id, file_name, content_type, size_bytes, created_at FROM attachments \
         WHERE item_id = $1 ORDER BY created_at, id",
    )
    .bind(item_id)
    .fetch_all(ex)
    .await
}

/// The attachment's item id, name, type and bytes.
pub async fn find_attachment(
    ex: impl PgExecutor<'_>,
    id: i64,
) -> sqlx::Result<Option<(i64, String, String, Vec<u8>)>> {
    sqlx::query_as(
        "SELECT item_id, file_name, content_type, content FROM attachments WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(ex)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct ExtensionRequest {
    pub id: i64,
    pub old_due: Option<NaiveDate>,
    pub new_due: NaiveDate,
    pub reason: String,
    pub status: String,
    pub requested_by: String,
    pub decision_note: Option<String>,
    pub created_at: DateTime<Utc>,
}

pub async fn list_extension_requests(
    ex: impl PgExecutor<'_>,
    item_id: i64,
) -> sqlx::Result<Vec<ExtensionRequest>> {
    sqlx::query_as(
        "SELECT r.id, r.old_due, r.new_due, r.reason, r.status::text AS status, \
             u.display_name AS requested_by, r.decision_note, r.created_at \
         FROM extension_requests r JOIN users u ON u.id = r.requested_by \
         WHERE r.item_id = $1 ORDER BY r.created_at DESC",
    )
    .bind(item_id)
    .fetch_all(ex)
    .await
}

/// Every unit that is not merged away, for pickers.
pub async fn list_units(ex: impl PgExecutor<'_>) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as("SELECT id, name FROM units WHERE merged_into IS NULL ORDER BY name")
        .fetch_all(ex)
        .await
}
