//! The filtered item list and the 督办台账 export: one WHERE clause for the page, its counts
//! and the export, so that the three can never disagree, and the traffic light computed in
//! SQL so that filtering by it needs no rows in Rust.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sqlx::postgres::PgArguments;
use sqlx::query::QueryAs;
use sqlx::{FromRow, PgExecutor, Postgres};

use super::light::{CAUSE, LIGHT, MISSED};
use super::visibility::visible;
use crate::domain::filter::{ItemFilter, SortDir, SortKey, EXPORT_CAP, STALE_DAYS};
use crate::domain::Actor;
use crate::domain::{DocumentId, ItemStatus, LightCause, Role, UnitId};

/// An open item with no progress report (nor assignment) since `at`, a parameter holding
/// [`stale_before`].
pub(super) fn stale_sql(at: &str) -> String {
    format!(
        "(i.status IN ('assigned', 'in_progress', 'blocked') \
          AND coalesce(i.last_progress_at, i.assigned_at, i.created_at) < {at})"
    )
}

/// The day an item was closed, in China's calendar.
pub(super) const CLOSED_DAY: &str = "(i.closed_at AT TIME ZONE 'Asia/Shanghai')::date";

/// Every filter is a parameter that switches itself off when null or empty, so the
/// statement text stays fixed. `$1..$3` are the viewer (the same visibility rule as every
/// other page), `$6..$13` and `$16..$21` the filter (`$14`, `$15` are the page's limit and
/// offset).
fn where_clause(viewer: &Actor) -> String {
    format!(
        "{visible} \
         AND ($6::bigint IS NULL OR EXISTS (SELECT 1 FROM item_units iu \
              WHERE iu.item_id = i.id AND iu.unit_id = $6 \
                AND ($17::text IS NULL OR iu.role = $17::unit_role))) \
         AND (NOT $18::boolean OR {stale}) \
         AND (NOT $21::boolean OR {missed}) \
         AND ($19::date IS NULL OR {CLOSED_DAY} >= $19) \
         AND ($20::date IS NULL OR {CLOSED_DAY} <= $20) \
         AND (cardinality($7::text[]) = 0 OR i.status = ANY($7::text[]::item_status[])) \
         AND (cardinality($8::text[]) = 0 OR {light} = ANY($8::text[])) \
         AND ($9::bigint IS NULL OR i.document_id = $9) \
         AND ($10::bigint IS NULL OR i.leader_id = $10) \
         AND ($11::date IS NULL OR i.due_date >= $11) \
         AND ($12::date IS NULL OR i.due_date <= $12) \
         AND ($13::text IS NULL OR i.title ILIKE $13 OR i.body ILIKE $13)",
        stale = stale_sql("$16"),
        missed = *MISSED,
        light = *LIGHT,
        visible = visible(viewer.role())
    )
}

/// The ORDER BY of a sort; `i.id` last so that pages never overlap.
fn order_by(key: SortKey, dir: SortDir) -> String {
    let dir = match dir {
        SortDir::Asc => "ASC",
        SortDir::Desc => "DESC",
    };
    match key {
        SortKey::Due => format!("i.due_date {dir} NULLS LAST, i.id {dir}"),
        SortKey::Updated => format!("i.updated_at {dir}, i.id {dir}"),
        // The enum's declaration order is the lifecycle order.
        SortKey::Status => format!("i.status {dir}, i.due_date NULLS LAST, i.id"),
        SortKey::Unit => format!(
            "(SELECT min(u.name) FROM item_units iu JOIN units u ON u.id = iu.unit_id \
              WHERE iu.item_id = i.id AND iu.role = 'lead') {dir} NULLS LAST, \
             i.due_date NULLS LAST, i.id"
        ),
    }
}

/// One line of the list and of the ledger.
#[derive(Debug, Clone, FromRow)]
pub struct LedgerRow {
    /// 序号: the position in the whole filtered list, not in the page.
    pub ord: i64,
    pub id: i64,
    pub title: String,
    pub document_title: Option<String>,
    pub doc_number: Option<String>,
    pub document_date: Option<NaiveDate>,
    pub lead_units: Vec<String>,
    pub co_units: Vec<String>,
    pub leader_name: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub status: ItemStatus,
    pub latest_progress: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub register_number: Option<String>,
    /// Why it is lit; none for drafts and dismissed items.
    pub cause: Option<LightCause>,
}

/// How many items match, in total and by light.
#[derive(Debug, Clone, Copy, Default, FromRow, PartialEq, Eq)]
pub struct LedgerCounts {
    pub total: i64,
    pub red: i64,
    pub yellow: i64,
    pub green: i64,
    pub done: i64,
}

type Query<'q, O> = QueryAs<'q, Postgres, O, PgArguments>;

/// Binds `$1..$13` and `$16..$21`; `$14`, `$15` (limit and offset) are bound by the caller,
/// or given as nulls here when the statement has none.
fn bind_filter<'q, O>(
    q: Query<'q, O>,
    viewer: &Actor,
    f: &ItemFilter,
    today: NaiveDate,
    page: Option<(i64, i64)>,
) -> Query<'q, O> {
    // No status asked for: the ledger is of published items; drafts and 不予督办 items are
    // the secretariat's working material, listed when their statuses are asked for.
    let statuses = if f.statuses.is_empty() {
        &ItemStatus::PUBLISHED[..]
    } else {
        &f.statuses[..]
    };
    let statuses: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    let lights: Vec<&str> = f.lights.iter().map(|l| l.as_str()).collect();
    q.bind(viewer.role())
        .bind(viewer.unit_id())
        .bind(viewer.user_id())
        .bind(today)
        // `$5` is read no more (the light's warning days are the item's level's); bound so
        // that the numbers after it stay put.
        .bind(today)
        .bind(f.unit)
        .bind(statuses)
        .bind(lights)
        .bind(f.document)
        .bind(f.leader)
        .bind(f.due_from)
        .bind(f.due_to)
        .bind(f.text_pattern())
        .bind(page.map(|p| p.0))
        .bind(page.map(|p| p.1))
        .bind(stale_before(today))
        .bind(f.unit_role.map(|r| r.as_str()))
        .bind(f.stale)
        .bind(f.closed_from)
        .bind(f.closed_to)
        .bind(f.missed)
}

/// The moment before which an open item without news is stale: the start of the day
/// [`STALE_DAYS`] before `today`, in China, so that the answer holds for the whole day (the
/// dashboard caches its figures per day).
pub(super) fn stale_before(today: NaiveDate) -> DateTime<Utc> {
    crate::domain::china_time::start_of_day(today - Duration::days(STALE_DAYS))
}

/// The totals of the filtered list, counted by the database.
#[tracing::instrument(skip_all)]
pub async fn count_items(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    filter: &ItemFilter,
    today: NaiveDate,
) -> sqlx::Result<LedgerCounts> {
    let sql = format!(
        "SELECT count(*) AS total, \
             count(*) FILTER (WHERE light = 'red') AS red, \
             count(*) FILTER (WHERE light = 'yellow') AS yellow, \
             count(*) FILTER (WHERE light = 'green') AS green, \
             count(*) FILTER (WHERE light = 'done') AS done \
         FROM (SELECT {} AS light FROM items i WHERE {}) t",
        *LIGHT,
        where_clause(viewer)
    );
    bind_filter(sqlx::query_as(&sql), viewer, filter, today, None)
        .fetch_one(ex)
        .await
}

/// One page of the filtered list.
#[tracing::instrument(skip_all, fields(page = filter.page))]
pub async fn list_page(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    filter: &ItemFilter,
    today: NaiveDate,
) -> sqlx::Result<Vec<LedgerRow>> {
    use crate::domain::filter::PAGE_SIZE;
    list(ex, viewer, filter, today, PAGE_SIZE, filter.offset()).await
}

/// The whole filtered list from the first row, at most `limit` rows and never more than
/// [`EXPORT_CAP`].
#[tracing::instrument(skip_all)]
pub async fn list_all(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    filter: &ItemFilter,
    today: NaiveDate,
    limit: i64,
) -> sqlx::Result<Vec<LedgerRow>> {
    list(ex, viewer, filter, today, limit.min(EXPORT_CAP), 0).await
}

async fn list(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    filter: &ItemFilter,
    today: NaiveDate,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<LedgerRow>> {
    let order = order_by(filter.sort, filter.dir);
    // Filter, sort and cut the page on bare item rows first; only the rows of the page
    // then pay for their units, document and latest progress.
    let sql = format!(
        "WITH page AS ( \
             SELECT i.id, row_number() OVER (ORDER BY {order}) AS ord \
             FROM items i WHERE {where_} ORDER BY {order} LIMIT $14 OFFSET $15) \
         SELECT page.ord, i.id, i.title, coalesce(d.title, d.file_name) AS document_title, \
             d.doc_number, coalesce(d.meeting_date, d.issued_date) AS document_date, \
             coalesce(array(SELECT u.name FROM item_units iu JOIN units u ON u.id = iu.unit_id \
                 WHERE iu.item_id = i.id AND iu.role = 'lead' ORDER BY u.name), '{{}}') AS lead_units, \
             coalesce(array(SELECT u.name FROM item_units iu JOIN units u ON u.id = iu.unit_id \
                 WHERE iu.item_id = i.id AND iu.role = 'co' ORDER BY u.name), '{{}}') AS co_units, \
             l.name AS leader_name, i.due_date, i.status, p.note AS latest_progress, i.updated_at, \
             i.register_number, {cause} AS cause \
         FROM page JOIN items i ON i.id = page.id \
         LEFT JOIN documents d ON d.id = i.document_id \
         LEFT JOIN leaders l ON l.id = i.leader_id \
         {latest} \
         ORDER BY page.ord",
        where_ = where_clause(viewer),
        cause = *CAUSE,
        latest = super::latest_note_join!()
    );
    bind_filter(
        sqlx::query_as(&sql),
        viewer,
        filter,
        today,
        Some((limit, offset)),
    )
    .fetch_all(ex)
    .await
}

/// A choice in the filter form: the id of a unit, document or leader, and its name.
#[derive(Debug, Clone, FromRow)]
pub struct Choice<Id = i64> {
    pub id: Id,
    pub label: String,
}

/// Units that can own items (merged ones are gone), by name.
pub async fn list_unit_choices(ex: impl PgExecutor<'_>) -> sqlx::Result<Vec<Choice<UnitId>>> {
    sqlx::query_as("SELECT id, name AS label FROM units WHERE merged_into IS NULL ORDER BY name")
        .fetch_all(ex)
        .await
}

/// The documents `viewer` may name: every document for the secretariat (drafts are their
/// work); for anyone else only documents with at least one item they may see, which are
/// published ones, so that a title or number of a draft or of another unit's document never
/// reaches them (`visible` over `$1..$3`).
fn documents_seen_by(viewer: &Actor) -> String {
    match viewer.role() {
        Role::Admin | Role::Secretariat => "true".to_owned(),
        role => format!(
            "EXISTS (SELECT 1 FROM items i WHERE i.document_id = d.id AND {})",
            visible(role)
        ),
    }
}

/// The newest `limit` documents `viewer` may see, newest first, and `also` wherever it
/// falls when they may see it.
pub async fn list_document_choices(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    limit: i64,
    also: Option<DocumentId>,
) -> sqlx::Result<Vec<Choice<DocumentId>>> {
    sqlx::query_as(&format!(
        "SELECT id, label FROM ( \
             SELECT d.id, coalesce(d.title, d.file_name) \
                 || coalesce('（' || d.doc_number || '）', '') AS label, \
                 row_number() OVER (ORDER BY coalesce(d.meeting_date, d.issued_date) DESC \
                     NULLS LAST, d.id DESC) AS n \
             FROM documents d WHERE {}) d \
         WHERE n <= $4 OR id = $5 ORDER BY n",
        documents_seen_by(viewer)
    ))
    .bind(viewer.role())
    .bind(viewer.unit_id())
    .bind(viewer.user_id())
    .bind(limit)
    .bind(also)
    .fetch_all(ex)
    .await
}

/// Whether document `id` exists and `viewer` may see it (see [`documents_seen_by`]).
pub async fn document_visible(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    id: DocumentId,
) -> sqlx::Result<bool> {
    sqlx::query_scalar(&format!(
        "SELECT EXISTS (SELECT 1 FROM documents d WHERE d.id = $4 AND {})",
        documents_seen_by(viewer)
    ))
    .bind(viewer.role())
    .bind(viewer.unit_id())
    .bind(viewer.user_id())
    .bind(id)
    .fetch_one(ex)
    .await
}

/// Responsible leaders, by name.
pub async fn list_leader_choices(ex: impl PgExecutor<'_>) -> sqlx::Result<Vec<Choice>> {
    sqlx::query_as("SELECT id, name AS label FROM leaders ORDER BY name")
        .fetch_all(ex)
        .await
}
