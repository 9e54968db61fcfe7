//! Items: reading them within a user's scope, and changing them with optimistic
//! concurrency (every update names the version it read) and a history row per change.

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{FromRow, PgConnection, PgExecutor};

use super::visibility::{published_and_visible, visible};
use crate::domain::{
    Actor, DocumentId, EventAction, ItemField, ItemId, ItemKind, ItemStatus, Level, LightCause,
    Recurrence, UnitId, UnitRole, UserId,
};

/// An item with everything its pages show.
#[derive(Debug, Clone, FromRow)]
pub struct Item {
    pub id: ItemId,
    pub document_id: Option<DocumentId>,
    pub document_title: Option<String>,
    pub doc_number: Option<String>,
    pub document_date: Option<NaiveDate>,
    pub kind: ItemKind,
    pub verdict: Option<String>,
    pub title: String,
    pub body: String,
    pub span_start: Option<i32>,
    pub span_end: Option<i32>,
    pub list_marker: Option<String>,
    pub list_ordinal: Option<i32>,
    pub extracted_owners: Vec<String>,
    pub extracted_co_owners: Vec<String>,
    /// Why the extractor found it (`list:二是`); `None` for an item a clerk added.
    pub extracted_basis: Option<String>,
    /// Whether it names an owner, a deliverable or a deadline: the review pre-ticks these.
    pub trackable: bool,
    pub leader_id: Option<i64>,
    pub leader_name: Option<String>,
    /// The responsible leader a task table named for it, as written (whether or not the
    /// import found that leader).
    pub extracted_leader: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub recurrence: Option<Recurrence>,
    pub status: ItemStatus,
    pub version: i32,
    pub lead_unit_ids: Vec<UnitId>,
    pub lead_units: Vec<String>,
    pub co_unit_ids: Vec<UnitId>,
    pub co_units: Vec<String>,
    pub latest_progress: Option<String>,
    pub latest_progress_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    /// 立项编号, given when published (督〔2026〕第15号).
    pub register_number: Option<String>,
    /// Why it is lit today; none for drafts and dismissed items.
    pub cause: Option<LightCause>,
    pub level: Level,
    /// The day of the reporting period a report is due on (see `report_day` in the
    /// schema); none for the period's last day.
    pub report_day: Option<i16>,
    /// 完成进度: stated by a lead unit, or its parts' average for a split item.
    pub progress: Option<i32>,
    /// The item this one is a part of (分解).
    pub parent_id: Option<ItemId>,
    pub has_parts: bool,
}

pub(super) static SELECT_ITEM: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{SELECT_ITEM_HEAD}{} AS cause, {} AS progress {SELECT_ITEM_FROM}",
        *super::light::CAUSE_TODAY,
        super::light::PROGRESS,
    )
});

const SELECT_ITEM_HEAD: &str = "\
    SELECT i.id, i.document_id, coalesce(d.title, d.file_name) AS document_title, d.doc_number, \
        coalesce(d.meeting_date, d.issued_date) AS document_date, i.kind, i.verdict, i.title, \
        i.body, i.span_start, i.span_end, i.list_marker, i.list_ordinal, i.extracted_owners, \
        i.extracted_co_owners, i.extracted_basis, i.trackable, i.leader_id, \
        l.name AS leader_name, i.extracted_leader, i.due_date, i.recurrence, i.status, i.version, \
        un.lead_unit_ids, un.lead_units, un.co_unit_ids, un.co_units, \
        p.note AS latest_progress, p.created_at AS latest_progress_at, i.updated_at, \
        i.register_number, i.level, i.report_day, i.parent_id, i.has_parts, ";

const SELECT_ITEM_FROM: &str = concat!(
    "\
    FROM items i \
    LEFT JOIN documents d ON d.id = i.document_id \
    LEFT JOIN leaders l ON l.id = i.leader_id \
    CROSS JOIN LATERAL (SELECT \
        coalesce(array_agg(u.id ORDER BY u.name) FILTER (WHERE iu.role = 'lead'), '{}') \
            AS lead_unit_ids, \
        coalesce(array_agg(u.name ORDER BY u.name) FILTER (WHERE iu.role = 'lead'), '{}') \
            AS lead_units, \
        coalesce(array_agg(u.id ORDER BY u.name) FILTER (WHERE iu.role = 'co'), '{}') \
            AS co_unit_ids, \
        coalesce(array_agg(u.name ORDER BY u.name) FILTER (WHERE iu.role = 'co'), '{}') \
            AS co_units \
        FROM item_units iu JOIN units u ON u.id = iu.unit_id WHERE iu.item_id = i.id) un ",
    super::latest_note_join!()
);

/// The item, if `viewer` may see it.
pub async fn find_visible_item(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    item_id: ItemId,
) -> sqlx::Result<Option<Item>> {
    visible_item(ex, viewer, item_id, "").await
}

/// The item, if `viewer` may see it, locked until the transaction ends. One statement, so
/// the version and status returned are the ones the lock holds.
pub async fn lock_visible_item(
    conn: &mut PgConnection,
    viewer: &Actor,
    item_id: ItemId,
) -> sqlx::Result<Option<Item>> {
    visible_item(conn, viewer, item_id, " FOR UPDATE OF i").await
}

async fn visible_item(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    item_id: ItemId,
    locking: &str,
) -> sqlx::Result<Option<Item>> {
    sqlx::query_as(&format!(
        "{select_item} WHERE i.id = $4 AND {}{locking}",
        visible(viewer.role()),
        select_item = *SELECT_ITEM
    ))
    .bind(viewer.role())
    .bind(viewer.unit_id())
    .bind(viewer.user_id())
    .bind(item_id)
    .fetch_optional(ex)
    .await
}

/// What deciding on an item needs, without what showing it needs: its state and the
/// viewer's unit's part in it.
#[derive(Debug, Clone, FromRow)]
pub struct ItemState {
    pub status: ItemStatus,
    pub version: i32,
    pub due_date: Option<NaiveDate>,
    /// Whether the viewer's unit leads the item (true) or helps (false); None when it is
    /// not named on it.
    pub unit_leads: Option<bool>,
    /// Whether the viewer's unit has acknowledged (签收) the item.
    pub acknowledged: bool,
}

/// The item's state, if `viewer` may see it, locked until the transaction ends. Unit heads'
/// reports are duban's most frequent writes; reading the whole item under the lock made
/// them queue on PostgreSQL.
pub async fn lock_visible_state(
    conn: &mut PgConnection,
    viewer: &Actor,
    item_id: ItemId,
) -> sqlx::Result<Option<ItemState>> {
    visible_state(conn, viewer, item_id, " FOR UPDATE OF i").await
}

/// The item's state, if `viewer` may see it, unlocked: whether a request is worth reading
/// before the operation itself decides under the lock.
pub async fn find_visible_state(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    item_id: ItemId,
) -> sqlx::Result<Option<ItemState>> {
    visible_state(ex, viewer, item_id, "").await
}

async fn visible_state(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    item_id: ItemId,
    locking: &str,
) -> sqlx::Result<Option<ItemState>> {
    sqlx::query_as(&format!(
        "SELECT i.status, i.version, i.due_date, iu.role = 'lead' AS unit_leads, \
             EXISTS (SELECT 1 FROM acknowledgements a \
                     WHERE a.item_id = i.id AND a.unit_id = $2) AS acknowledged \
         FROM items i LEFT JOIN item_units iu ON iu.item_id = i.id AND iu.unit_id = $2 \
         WHERE i.id = $4 AND {}{locking}",
        visible(viewer.role())
    ))
    .bind(viewer.role())
    .bind(viewer.unit_id())
    .bind(viewer.user_id())
    .bind(item_id)
    .fetch_optional(ex)
    .await
}

/// The items of a document that `viewer` may see, in document order.
pub async fn list_document_items(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    document_id: DocumentId,
) -> sqlx::Result<Vec<Item>> {
    sqlx::query_as(&format!(
        "{select_item} WHERE i.document_id = $4 AND {} \
         ORDER BY i.span_start NULLS LAST, i.id",
        visible(viewer.role()),
        select_item = *SELECT_ITEM
    ))
    .bind(viewer.role())
    .bind(viewer.unit_id())
    .bind(viewer.user_id())
    .bind(document_id)
    .fetch_all(ex)
    .await
}

/// The groups of 我的督办, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MyGroup {
    Red,
    Yellow,
    Green,
    ReportedDone,
    Closed,
}

impl MyGroup {
    pub const ALL: [MyGroup; 5] = [
        MyGroup::Red,
        MyGroup::Yellow,
        MyGroup::Green,
        MyGroup::ReportedDone,
        MyGroup::Closed,
    ];
}

/// An item of 我的督办 with its group and the group's size.
#[derive(Debug, Clone, FromRow)]
pub struct GroupedItem {
    pub group_no: i32,
    pub group_total: i64,
    #[sqlx(flatten)]
    pub item: Item,
}

impl GroupedItem {
    pub fn group(&self) -> MyGroup {
        MyGroup::ALL[usize::try_from(self.group_no).unwrap_or(2).min(4)]
    }
}

/// The published items the viewer works on (a unit head: their unit's, lead or helping; a
/// leader: those they answer for; anyone else: all), grouped as [`MyGroup`] by the list's
/// own light rule, each group cut to its first `per_group` (soonest deadline first; closed
/// ones latest first) and carrying its full size.
pub async fn list_my_items(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    today: NaiveDate,
    per_group: i64,
) -> sqlx::Result<Vec<GroupedItem>> {
    let scope = published_and_visible(viewer.role());
    let light = &*super::light::LIGHT;
    let select_item = &*SELECT_ITEM;
    let sql = format!(
        "WITH scope AS ( \
             SELECT i.id, i.status, i.closed_at, i.due_date, \
                 CASE WHEN i.status = 'closed' THEN 4 WHEN i.status = 'reported_done' THEN 3 \
                      WHEN {light} = 'red' THEN 0 WHEN {light} = 'yellow' THEN 1 ELSE 2 END \
                     AS group_no \
             FROM items i WHERE {scope}), \
         ranked AS ( \
             SELECT id, group_no, count(*) OVER (PARTITION BY group_no) AS group_total, \
                 row_number() OVER (PARTITION BY group_no \
                     ORDER BY (CASE WHEN status = 'closed' THEN closed_at END) DESC NULLS LAST, \
                         due_date NULLS LAST, id) AS rn \
             FROM scope) \
         SELECT r.group_no, r.group_total, x.* FROM ranked r \
         CROSS JOIN LATERAL ({select_item} WHERE i.id = r.id) x \
         WHERE r.rn <= $5 ORDER BY r.group_no, r.rn"
    );
    sqlx::query_as(&sql)
        .bind(viewer.role())
        .bind(viewer.unit_id())
        .bind(viewer.user_id())
        .bind(today)
        .bind(per_group)
        .fetch_all(ex)
        .await
}

/// Appends one history row.
pub async fn insert_event(
    conn: &mut PgConnection,
    item_id: ItemId,
    actor_id: UserId,
    action: EventAction,
    change: Option<(ItemField, Option<&str>, Option<&str>)>,
    note: Option<&str>,
) -> sqlx::Result<()> {
    let (field, before, after) = match change {
        Some((field, before, after)) => (Some(field), before, after),
        None => (None, None, None),
    };
    sqlx::query(
        "INSERT INTO item_events (item_id, actor_id, action, field, before, after, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(item_id)
    .bind(actor_id)
    .bind(action)
    .bind(field)
    .bind(before)
    .bind(after)
    .bind(note)
    .execute(conn)
    .await
    .map(drop)
}

/// Sets the status and the time stamp that goes with it, bumping the version.
pub async fn set_status(
    conn: &mut PgConnection,
    item_id: ItemId,
    status: ItemStatus,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE items SET status = $2, version = version + 1, \
             assigned_at = CASE WHEN $2 = 'assigned' THEN now() ELSE assigned_at END, \
             reported_done_at = CASE WHEN $2 = 'reported_done' THEN now() ELSE reported_done_at END, \
             closed_at = CASE WHEN $2 = 'closed' THEN now() ELSE NULL END \
         WHERE id = $1",
    )
    .bind(item_id)
    .bind(status)
    .execute(conn)
    .await
    .map(drop)
}

/// An item the secretariat adds from a passage of a document the extractor missed.
pub struct AddedItem<'a> {
    pub document_id: DocumentId,
    pub kind: ItemKind,
    pub title: &'a str,
    pub body: &'a str,
    /// `[start, end)` in characters of the document text.
    pub span: (i32, i32),
    pub created_by: UserId,
}

/// Inserts a draft item in the section its passage starts in; returns its id.
pub async fn insert_added_item(
    conn: &mut PgConnection,
    item: &AddedItem<'_>,
) -> sqlx::Result<ItemId> {
    sqlx::query_scalar(
        "INSERT INTO items (document_id, kind, title, body, span_start, span_end, created_by, \
             section_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT id FROM sections WHERE document_id = $1 \
             AND span_start <= $5 ORDER BY span_start DESC LIMIT 1)) RETURNING id",
    )
    .bind(item.document_id)
    .bind(item.kind)
    .bind(item.title)
    .bind(item.body)
    .bind(item.span.0)
    .bind(item.span.1)
    .bind(item.created_by)
    .fetch_one(conn)
    .await
}

/// Moves the deadline, bumping the version.
pub async fn set_due_date(
    conn: &mut PgConnection,
    item_id: ItemId,
    due: NaiveDate,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE items SET due_date = $2, version = version + 1 WHERE id = $1")
        .bind(item_id)
        .bind(due)
        .execute(conn)
        .await
        .map(drop)
}

/// The editable fields of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemFields {
    pub kind: ItemKind,
    pub title: String,
    pub body: String,
    pub leader_id: Option<i64>,
    pub due_date: Option<NaiveDate>,
    pub recurrence: Option<Recurrence>,
    pub report_day: Option<i16>,
    pub level: Level,
}

pub async fn update_fields(
    conn: &mut PgConnection,
    item_id: ItemId,
    f: &ItemFields,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE items SET kind = $2, title = $3, body = $4, leader_id = $5, due_date = $6, \
             recurrence = $7, report_day = $8, level = $9, version = version + 1 WHERE id = $1",
    )
    .bind(item_id)
    .bind(f.kind)
    .bind(&f.title)
    .bind(&f.body)
    .bind(f.leader_id)
    .bind(f.due_date)
    .bind(f.recurrence)
    .bind(f.report_day)
    .bind(f.level)
    .execute(conn)
    .await
    .map(drop)
}

/// Replaces the lead or helping units of an item.
pub async fn set_units(
    conn: &mut PgConnection,
    item_id: ItemId,
    role: UnitRole,
    unit_ids: &[UnitId],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM item_units WHERE item_id = $1 AND role = $2")
        .bind(item_id)
        .bind(role)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO item_units (item_id, unit_id, role) \
         SELECT $1, unnest($3::bigint[]), $2 ON CONFLICT (item_id, unit_id) \
         DO UPDATE SET role = EXCLUDED.role",
    )
    .bind(item_id)
    .bind(role)
    .bind(unit_ids)
    .execute(conn)
    .await
    .map(drop)
}

/// The document's draft items, in text order.
pub async fn list_document_draft_ids(
    ex: impl PgExecutor<'_>,
    document_id: DocumentId,
) -> sqlx::Result<Vec<ItemId>> {
    sqlx::query_scalar(
        "SELECT id FROM items WHERE document_id = $1 AND status = 'draft' \
         ORDER BY span_start NULLS LAST, id",
    )
    .bind(document_id)
    .fetch_all(ex)
    .await
}

/// Which of `names` the unit directory knows, by a unit's name or an alias.
pub async fn known_unit_names(
    ex: impl PgExecutor<'_>,
    names: &[String],
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT n FROM unnest($1::text[]) AS n WHERE EXISTS ( \
             SELECT 1 FROM units u WHERE u.name = n AND u.merged_into IS NULL) \
           OR EXISTS (SELECT 1 FROM unit_aliases a WHERE a.alias = n)",
    )
    .bind(names)
    .fetch_all(ex)
    .await
}

/// The leader of that name, created when new (responsible leaders need not be users).
pub async fn find_or_insert_leader(conn: &mut PgConnection, name: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO leaders (name) VALUES ($1) \
         ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id",
    )
    .bind(name.trim())
    .fetch_one(conn)
    .await
}
