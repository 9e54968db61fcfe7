//! Everything the item page shows, read in one statement: the item, its latest history,
//! who acknowledged it, its evidence files and its extension requests. Five statements
//! per view made the page cost PostgreSQL about twice as much.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use sqlx::types::Json;
use sqlx::{FromRow, PgExecutor};

use super::items::{Item, Viewer, SELECT_ITEM};
use super::visibility::visible;

/// The item with what hangs off it.
#[derive(Debug, Clone, FromRow)]
pub struct ItemRecord {
    #[sqlx(flatten)]
    pub item: Item,
    /// Newest first; one more than asked for when there are more.
    pub events: Json<Vec<Event>>,
    /// In the order the units acknowledged.
    pub acknowledgements: Json<Vec<Acknowledgement>>,
    pub attachments: Json<Vec<AttachmentInfo>>,
    /// Newest first.
    pub extensions: Json<Vec<ExtensionRequest>>,
}

/// One row of an item's history.
#[derive(Debug, Clone, Deserialize)]
pub struct Event {
    pub action: String,
    pub field: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub note: Option<String>,
    pub actor: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A unit that acknowledged (签收) the item.
#[derive(Debug, Clone, Deserialize)]
pub struct Acknowledgement {
    pub unit_id: i64,
    pub unit_name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AttachmentInfo {
    pub id: i64,
    pub item_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i32,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Deserialize)]
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

/// The item if `viewer` may see it, with its latest `history` events (all when None) and,
/// when there are more, one extra to tell so.
pub async fn find(
    ex: impl PgExecutor<'_>,
    viewer: &Viewer,
    item_id: i64,
    history: Option<i64>,
) -> sqlx::Result<Option<ItemRecord>> {
    sqlx::query_as(&format!(
        "SELECT it.*, \
             (SELECT coalesce(json_agg(json_build_object('action', e.action, 'field', e.field, \
                  'before', e.before, 'after', e.after, 'note', e.note, \
                  'created_at', e.created_at, 'actor', \
                  (SELECT u.display_name FROM users u WHERE u.id = e.actor_id)) \
                  ORDER BY e.created_at DESC, e.id DESC), '[]') \
              FROM (SELECT * FROM item_events WHERE item_id = it.id \
                    ORDER BY created_at DESC, id DESC LIMIT $5 + 1) e) AS events, \
             (SELECT coalesce(json_agg(json_build_object('unit_id', a.unit_id, 'unit_name', \
                  (SELECT u.name FROM units u WHERE u.id = a.unit_id)) ORDER BY a.created_at), '[]') \
              FROM acknowledgements a WHERE a.item_id = it.id) AS acknowledgements, \
             (SELECT coalesce(json_agg(x ORDER BY x.created_at, x.id), '[]') \
              FROM (SELECT id, item_id, file_name, content_type, size_bytes, created_at \
                    FROM attachments WHERE item_id = it.id) x) AS attachments, \
             (SELECT coalesce(json_agg(x ORDER BY x.created_at DESC), '[]') \
              FROM (SELECT r.id, r.old_due, r.new_due, r.reason, r.status::text AS status, \
                        u.display_name AS requested_by, r.decision_note, r.created_at \
                    FROM extension_requests r JOIN users u ON u.id = r.requested_by \
                    WHERE r.item_id = it.id) x) AS extensions \
         FROM ({SELECT_ITEM} WHERE i.id = $4 AND {}) it",
        visible(viewer.role)
    ))
    .bind(viewer.role)
    .bind(viewer.unit_id)
    .bind(viewer.user_id)
    .bind(item_id)
    .bind(history)
    .fetch_optional(ex)
    .await
}
