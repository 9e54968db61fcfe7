//! Everything the item page shows, read in one statement: the item, its latest history,
//! who acknowledged it, its evidence files, its extension requests and leaders' 批示. Five statements
//! per view made the page cost PostgreSQL about twice as much. The short lists come as
//! JSON; the history, the bulk of the page, as an array of a composite type, which travels
//! in binary.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use sqlx::types::Json;
use sqlx::{FromRow, PgExecutor};

use crate::domain::{EventAction, ExtensionStatus, ItemField, ItemId, UnitId};

use super::items::{Item, SELECT_ITEM};
use super::visibility::visible;
use crate::domain::Actor;

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
    /// The leaders' 批示, newest first.
    pub instructions: Vec<Instruction>,
    /// Whether the ladder has told the responsible leader that the item is overdue
    /// against its current deadline.
    pub escalated: bool,
}

/// The statement's row, with the events one past the limit.
#[derive(FromRow)]
struct Row {
    #[sqlx(flatten)]
    item: Item,
    events: Vec<Event>,
    acknowledgements: Json<Vec<Acknowledgement>>,
    attachments: Json<Vec<AttachmentInfo>>,
    extensions: Json<Vec<ExtensionRequest>>,
    instructions: Json<Vec<Instruction>>,
    escalated: bool,
}

/// A leader's 批示 on the item.
#[derive(Debug, Clone, Deserialize)]
pub struct Instruction {
    pub text: String,
    pub by: Option<String>,
    pub at: DateTime<Utc>,
}

/// One row of an item's history (the SQL type `history_entry`, fields in its order).
#[derive(Debug, Clone, sqlx::Type)]
#[sqlx(type_name = "history_entry")]
pub struct Event {
    pub action: EventAction,
    pub field: Option<ItemField>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub note: Option<String>,
    pub actor: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A unit that acknowledged (签收) the item.
#[derive(Debug, Clone, Deserialize)]
pub struct Acknowledgement {
    pub unit_id: UnitId,
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
    /// The secretariat said yes; the responsible leader's answer is awaited.
    pub awaiting_leader: bool,
    pub office_note: Option<String>,
    pub new_due: NaiveDate,
    pub reason: String,
    pub status: ExtensionStatus,
    pub requested_by: String,
    pub decision_note: Option<String>,
}

/// The item if `viewer` may see it, with its latest `history` events (all when None).
pub async fn find(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    item_id: ItemId,
    history: Option<i64>,
) -> sqlx::Result<Option<ItemRecord>> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT it.*, \
             (SELECT coalesce(array_agg(ROW(e.action, e.field, e.before, e.after, e.note, \
                  u.display_name, e.created_at)::history_entry \
                  ORDER BY e.created_at DESC, e.id DESC), '{{}}') \
              FROM (SELECT * FROM item_events WHERE item_id = it.id \
                    ORDER BY created_at DESC, id DESC LIMIT $5 + 1) e \
              LEFT JOIN users u ON u.id = e.actor_id) AS events, \
             (SELECT coalesce(json_agg(json_build_object('unit_id', a.unit_id, 'unit_name', \
                  (SELECT u.name FROM units u WHERE u.id = a.unit_id)) ORDER BY a.created_at), '[]') \
              FROM acknowledgements a WHERE a.item_id = it.id) AS acknowledgements, \
             (SELECT coalesce(json_agg(json_build_object('id', a.id, 'file_name', a.file_name, \
                  'size_bytes', a.size_bytes) ORDER BY a.created_at, a.id), '[]') \
              FROM attachments a WHERE a.item_id = it.id) AS attachments, \
             (SELECT coalesce(json_agg(json_build_object('id', r.id, 'new_due', r.new_due, \
                  'awaiting_leader', r.status = 'pending' AND r.office_approved_at IS NOT NULL, \
                  'office_note', r.office_note, \
                  'reason', r.reason, 'status', r.status, 'requested_by', u.display_name, \
                  'decision_note', r.decision_note) ORDER BY r.created_at DESC), '[]') \
              FROM extension_requests r JOIN users u ON u.id = r.requested_by \
              WHERE r.item_id = it.id) AS extensions, \
             (SELECT coalesce(json_agg(json_build_object('text', e.note, 'by', u.display_name, \
                  'at', e.created_at) ORDER BY e.created_at DESC, e.id DESC), '[]') \
              FROM item_events e LEFT JOIN users u ON u.id = e.actor_id \
              WHERE e.item_id = it.id AND e.action = 'instructed') AS instructions, \
             EXISTS (SELECT 1 FROM ladder_steps s WHERE s.item_id = it.id \
                 AND s.step = 'escalate' AND s.due_date = it.due_date) AS escalated \
         FROM ({select_item} WHERE i.id = $4 AND {}) it",
        visible(viewer.role()),
        select_item = *SELECT_ITEM
    ))
    .bind(viewer.role())
    .bind(viewer.unit_id())
    .bind(viewer.user_id())
    .bind(item_id)
    .bind(history)
    .fetch_optional(ex)
    .await?;
    Ok(row.map(|row| {
        let mut events = row.events;
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
            instructions: row.instructions.0,
            escalated: row.escalated,
        }
    }))
}
