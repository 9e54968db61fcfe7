//! Evidence files, as downloaded; units, for pickers.

use crate::domain::{ItemId, UnitId};
use sqlx::PgExecutor;

/// The attachment's item id, name, type and bytes.
pub async fn find_attachment(
    ex: impl PgExecutor<'_>,
    id: i64,
) -> sqlx::Result<Option<(ItemId, String, String, Vec<u8>)>> {
    sqlx::query_as(
        "SELECT item_id, file_name, content_type, content FROM attachments WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(ex)
    .await
}

/// Every unit that is not merged away, for pickers.
pub async fn list_units(ex: impl PgExecutor<'_>) -> sqlx::Result<Vec<(UnitId, String)>> {
    sqlx::query_as("SELECT id, name FROM units WHERE merged_into IS NULL ORDER BY name")
        .fetch_all(ex)
        .await
}
