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
#[derive(Debug, Clone)]
pub struct ItemRecord {
    pub item: Item,
    /// Newest first: the latest `history` events asked for, or all.
    pub events: Vec<Event>,
    /// Whether older events were left out.
    pub more_events: bool,
    /// In the order the units acknowledged.
    pub acknowledgements: Vec<Acknowledgement>,
    pub attachments: Vec<AttachmentInfo>,
    /// Newest first.
    pub extensions: Vec<ExtensionRequest>,
}

/// The statement's row: the lists come as JSON, the events one past the limit.
#[derive(FromRow)]
struct Row {
    #[sqlx(flatten)]
    item: Item,
    events: Json<Vec<Event>>,
    acknowledgements: Json<Vec<Acknowledgement>>,
    attachments: Json<Vec<AttachmentInfo>>,
    extensions: Json<Vec<ExtensionRequest>>,
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

/// An evidence file, as listed (the bytes are fetched on download).
#[derive(Debug, Clone, Deserialize)]
pub struct AttachmentInfo {
    pub id: i64,
    pub file_name: String,
    pub size_bytes: i32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ExtensionRequest {
    pub id: i64,
    pub new_due: NaiveDate,
    pub reason: String,
    pub status: String,
    pub requested_by: String,
    pub decision_note: Option<String>,
}

/// The item if `viewer` may see it, with its latest `history` events (all when None).
pub async fn find(
    ex: impl PgExecutor<'_>,
    viewer: &Viewer,
    item_id: i64,
    history: Option<i64>,
) -> sqlx::Result<Option<ItemRecord>> {
    let row: Option<Row> = sqlx::query_as(&format!(
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
             (SELECT coalesce(json_agg(json_build_object('id', a.id, 'file_name', a.file_name, \
                  'size_bytes', a.size_bytes) ORDER BY a.created_at, a.id), '[]') \
              FROM attachments a WHERE a.item_id = it.id) AS attachments, \
             (SELECT coalesce(json_agg(json_build_object('id', r.id, 'new_due', r.new_due, \
                  'reason', r.reason, 'status', r.status, 'requested_by', u.display_name, \
                  'decision_note', r.decision_note) ORDER BY r.created_at DESC), '[]') \
              FROM extension_requests r JOIN users u ON u.id = r.requested_by \
              WHERE r.item_id = it.id) AS extensions \
         FROM ({SELECT_ITEM} WHERE i.id = $4 AND {}) it",
        visible(viewer.role)
    ))
    .bind(viewer.role)
    .bind(viewer.unit_id)
    .bind(viewer.user_id)
    .bind(item_id)
    .bind(history)
    .fetch_optional(ex)
    .await?;
    Ok(row.map(|row| {
        let mut events = row.events.0;
        let shown = history.map_or(events.len(), |n| usize::try_from(n).unwrap_or(0));
        let more_events = events.len() > shown;
        events.truncate(shown);
        ItemRecord {
            item: row.item,
            events,
            more_events,
            acknowledgements: row.acknowledgements.0,
            attachments: row.attachments.0,
            extensions: row.extensions.0,
        }
    }))
}
