//! The dashboard's figures (督办看板), each one SQL aggregate over the published items the
//! viewer may see. They use the list's own light, stale and closed-day expressions
//! ([`super::ledger`]), so that every figure equals the count of the list it links to.
//!
//! Parameters common to every statement: `$1..$3` the viewer, `$4` today in China, `$5`
//! unused (kept so that the numbers after it stay put), `$6` the stale threshold.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use sqlx::postgres::PgArguments;
use sqlx::query::QueryAs;
use sqlx::{FromRow, PgExecutor, Postgres};

use super::ledger::{stale_before, stale_sql, CLOSED_DAY};
use super::light::{CAUSE, LIGHT, MISSED};
use super::visibility::published_and_visible;
use crate::domain::Actor;
use crate::domain::{DocumentId, ItemStatus, UnitId};

/// The published items the viewer may see, with their light and whether they are stale
/// or missing a periodic report (缺报).
fn visible_items(viewer: &Actor) -> String {
    format!(
        "SELECT i.id, i.document_id, i.title, i.status, i.due_date, i.updated_at, \
             i.created_at, i.assigned_at, i.last_progress_at, i.last_report_at, \
             i.reported_done_at, i.closed_at, \
             {light} AS light, {cause} AS cause, {stale} AS stale, {missed} AS missed, \
             {CLOSED_DAY} AS closed_day FROM items i \
         WHERE {visible}",
        light = *LIGHT,
        cause = *CAUSE,
        missed = *MISSED,
        stale = stale_sql("$6"),
        visible = published_and_visible(viewer.role())
    )
}

/// A closed item was finished on time when the unit reported it done (or, if it never
/// did, the secretariat closed it) no later than its deadline, in China's calendar.
const ON_TIME: &str = "(v.due_date IS NULL OR (coalesce(v.reported_done_at, v.closed_at) \
     AT TIME ZONE 'Asia/Shanghai')::date <= v.due_date)";

type Query<'q, O> = QueryAs<'q, Postgres, O, PgArguments>;

fn bind_scope<'q, O>(q: Query<'q, O>, viewer: &Actor, today: NaiveDate) -> Query<'q, O> {
    q.bind(viewer.role())
        .bind(viewer.unit_id())
        .bind(viewer.user_id())
        .bind(today)
        .bind(today)
        .bind(stale_before(today))
}

/// How many items have a status and a light.
#[derive(Debug, Clone, FromRow)]
pub struct StatusLightCount {
    pub status: ItemStatus,
    /// "red", "yellow", "green" or "done".
    pub light: String,
    pub n: i64,
}

pub async fn status_light_counts(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    today: NaiveDate,
) -> sqlx::Result<Vec<StatusLightCount>> {
    let sql = format!(
        "SELECT v.status, v.light, count(*) AS n FROM ({}) v GROUP BY 1, 2 ORDER BY 1, 2",
        visible_items(viewer)
    );
    bind_scope(sqlx::query_as(&sql), viewer, today)
        .fetch_all(ex)
        .await
}

/// One lead unit's line of the per-unit table.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct UnitFigures {
    pub unit_id: UnitId,
    pub name: String,
    pub total: i64,
    pub assigned: i64,
    pub in_progress: i64,
    pub blocked: i64,
    pub reported_done: i64,
    pub closed: i64,
    pub closed_on_time: i64,
    pub red: i64,
    pub yellow: i64,
    pub green: i64,
    pub done: i64,
    /// The last change to any of its items.
    pub latest: Option<DateTime<Utc>>,
}

/// Figures per lead unit (牵头单位), the units with most overdue items first.
pub async fn unit_figures(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    today: NaiveDate,
) -> sqlx::Result<Vec<UnitFigures>> {
    let sql = format!(
        "SELECT u.id AS unit_id, u.name, count(*) AS total, \
             count(*) FILTER (WHERE v.status = 'assigned') AS assigned, \
             count(*) FILTER (WHERE v.status = 'in_progress') AS in_progress, \
             count(*) FILTER (WHERE v.status = 'blocked') AS blocked, \
             count(*) FILTER (WHERE v.status = 'reported_done') AS reported_done, \
             count(*) FILTER (WHERE v.status = 'closed') AS closed, \
             count(*) FILTER (WHERE v.status = 'closed' AND {on_time}) AS closed_on_time, \
             count(*) FILTER (WHERE v.light = 'red') AS red, \
             count(*) FILTER (WHERE v.light = 'yellow') AS yellow, \
             count(*) FILTER (WHERE v.light = 'green') AS green, \
             count(*) FILTER (WHERE v.light = 'done') AS done, \
             max(v.updated_at) AS latest \
         FROM ({visible}) v \
         JOIN item_units iu ON iu.item_id = v.id AND iu.role = 'lead' \
         JOIN units u ON u.id = iu.unit_id \
         GROUP BY u.id, u.name ORDER BY red DESC, yellow DESC, u.name",
        on_time = ON_TIME,
        visible = visible_items(viewer)
    );
    bind_scope(sqlx::query_as(&sql), viewer, today)
        .fetch_all(ex)
        .await
}

/// One document's progress line.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct DocumentFigures {
    pub document_id: DocumentId,
    pub title: String,
    pub doc_number: Option<String>,
    pub date: Option<NaiveDate>,
    pub total: i64,
    pub closed: i64,
    pub red: i64,
}

/// Progress per source document, newest first, at most `limit` documents.
pub async fn document_figures(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    today: NaiveDate,
    limit: i64,
) -> sqlx::Result<Vec<DocumentFigures>> {
    let sql = format!(
        "SELECT d.id AS document_id, coalesce(d.title, d.file_name) AS title, d.doc_number, \
             coalesce(d.meeting_date, d.issued_date) AS date, count(*) AS total, \
             count(*) FILTER (WHERE v.status = 'closed') AS closed, \
             count(*) FILTER (WHERE v.light = 'red') AS red \
         FROM ({}) v JOIN documents d ON d.id = v.document_id \
         GROUP BY d.id ORDER BY date DESC NULLS LAST, d.id DESC LIMIT $7",
        visible_items(viewer)
    );
    bind_scope(sqlx::query_as(&sql), viewer, today)
        .bind(limit)
        .fetch_all(ex)
        .await
}

/// How many published documents the viewer has items from.
pub async fn count_documents(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    today: NaiveDate,
) -> sqlx::Result<i64> {
    let sql = format!(
        "SELECT count(DISTINCT v.document_id) FROM ({}) v",
        visible_items(viewer)
    );
    let (n,): (i64,) = bind_scope(sqlx::query_as(&sql), viewer, today)
        .fetch_one(ex)
        .await?;
    Ok(n)
}

/// An item named on the dashboard.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct ItemLine {
    pub id: i64,
    pub title: String,
    pub status: ItemStatus,
    pub due_date: Option<NaiveDate>,
    pub lead_units: Vec<String>,
    /// The last progress report, or the assignment when there is none.
    pub last_news: Option<DateTime<Utc>>,
}

/// Which items a short list on the dashboard shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watch {
    /// Open items due from today to `today + days`, soonest first.
    DueWithin { days: i64 },
    /// Stale items, longest without news first.
    Stale,
    /// Items that missed a periodic report (缺报), longest without a report first.
    Missed,
}

/// A count and the first `limit` items of a [`Watch`] list.
pub async fn watch_list(
    ex: impl PgExecutor<'_> + Copy,
    viewer: &Actor,
    today: NaiveDate,
    watch: Watch,
    limit: i64,
) -> sqlx::Result<(i64, Vec<ItemLine>)> {
    let (condition, order) = match watch {
        Watch::DueWithin { .. } => (
            "v.status IN ('assigned', 'in_progress', 'blocked') \
             AND v.due_date >= $4 AND v.due_date <= $7",
            "v.due_date, v.id",
        ),
        Watch::Stale => (
            "v.stale",
            "coalesce(v.last_progress_at, v.assigned_at, v.created_at), v.id",
        ),
        Watch::Missed => (
            "v.missed",
            "coalesce(v.last_report_at, v.assigned_at, v.created_at), v.id",
        ),
    };
    let until = match watch {
        Watch::DueWithin { days } => today + Duration::days(days),
        Watch::Stale | Watch::Missed => today,
    };
    let visible = visible_items(viewer);
    let count_sql = format!("SELECT count(*) FROM ({visible}) v WHERE {condition}");
    let (count,): (i64,) = bind_scope(sqlx::query_as(&count_sql), viewer, today)
        .bind(until)
        .fetch_one(ex)
        .await?;
    let list_sql = format!(
        "SELECT v.id, v.title, v.status, v.due_date, \
             coalesce(array(SELECT u.name FROM item_units iu JOIN units u ON u.id = iu.unit_id \
                 WHERE iu.item_id = v.id AND iu.role = 'lead' ORDER BY u.name), '{{}}') \
                 AS lead_units, \
             coalesce(v.last_progress_at, v.assigned_at) AS last_news \
         FROM ({visible}) v WHERE {condition} ORDER BY {order} LIMIT $8"
    );
    let items = bind_scope(sqlx::query_as(&list_sql), viewer, today)
        .bind(until)
        .bind(limit)
        .fetch_all(ex)
        .await?;
    Ok((count, items))
}

/// Items closed in one week (Monday to Sunday, China's calendar).
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct WeekFigures {
    pub monday: NaiveDate,
    pub closed: i64,
    pub on_time: i64,
}

/// Items closed per week for the `weeks` weeks up to this one, oldest first; weeks with
/// nothing closed are included with zeros.
pub async fn closed_by_week(
    ex: impl PgExecutor<'_>,
    viewer: &Actor,
    today: NaiveDate,
    weeks: i64,
) -> sqlx::Result<Vec<WeekFigures>> {
    let sql = format!(
        "WITH weeks AS ( \
             SELECT generate_series($7::timestamp, $4::timestamp, interval '1 week')::date \
                 AS monday), \
         closed AS ( \
             SELECT date_trunc('week', v.closed_day::timestamp)::date AS monday, \
                 count(*) AS closed, count(*) FILTER (WHERE {on_time}) AS on_time \
             FROM ({visible}) v WHERE v.status = 'closed' AND v.closed_day >= $7 \
             GROUP BY 1) \
         SELECT w.monday, coalesce(c.closed, 0) AS closed, coalesce(c.on_time, 0) AS on_time \
         FROM weeks w LEFT JOIN closed c USING (monday) ORDER BY w.monday",
        on_time = ON_TIME,
        visible = visible_items(viewer)
    );
    let this_monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let first_monday = this_monday - Duration::weeks(weeks.max(1) - 1);
    bind_scope(sqlx::query_as(&sql), viewer, today)
        .bind(first_monday)
        .fetch_all(ex)
        .await
}
