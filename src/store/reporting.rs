//! An item's reporting periods (报送情况): each period its duty asked a report for, with
//! the lead units' reports that filled it. The due dates come from the schema's
//! `report_dues`, the same functions the light (`store::light`) reads, so the page and the
//! light agree on which periods are owed.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use sqlx::types::Json;
use sqlx::{FromRow, PgExecutor};

use crate::domain::{ItemId, PeriodState};

/// One reporting period, from the day after the previous due date to its own.
#[derive(Debug, Clone, FromRow)]
pub struct Period {
    pub due: NaiveDate,
    pub starts: NaiveDate,
    pub state: PeriodState,
    /// The lead units' reports made within the window, oldest first.
    pub reports: Json<Vec<PeriodReport>>,
}

/// A lead unit's progress report, as a period lists it.
#[derive(Debug, Clone, Deserialize)]
pub struct PeriodReport {
    pub at: DateTime<Utc>,
    pub unit: String,
    pub author: String,
    pub percent: Option<i16>,
}

/// The latest `limit` periods of a published item's reporting duty, latest first (a
/// weekly duty of two years has a hundred): every due date after
/// 交办 up to the period holding `today` (China dates), none after the deadline or after
/// the day the item was reported done. Empty for an item without a duty or not published.
/// The caller has checked that the viewer may see the item.
pub async fn list_periods(
    ex: impl PgExecutor<'_>,
    item_id: ItemId,
    today: NaiveDate,
    limit: i64,
) -> sqlx::Result<Vec<Period>> {
    sqlx::query_as(
        "WITH it AS ( \
             SELECT recurrence::text AS cycle, report_day::int AS rday, due_date, \
                 (assigned_at AT TIME ZONE 'Asia/Shanghai')::date AS assigned, \
                 CASE WHEN status IN ('reported_done', 'closed') THEN \
                     (coalesce(reported_done_at, closed_at) AT TIME ZONE 'Asia/Shanghai')::date - 1 \
                 END AS done_before \
             FROM items \
             WHERE id = $1 AND recurrence IS NOT NULL AND assigned_at IS NOT NULL \
                 AND status NOT IN ('draft', 'dismissed')), \
         dues AS ( \
             SELECT d.due, report_due_before(it.cycle, it.rday, d.due) + 1 AS starts \
             FROM it, report_dues(it.cycle, it.rday, it.assigned, \
                 least(report_due_from(it.cycle, it.rday, $2), it.due_date, it.done_before)) \
                 AS d(due) \
             ORDER BY d.due DESC LIMIT $3), \
         filled AS ( \
             SELECT dues.due, dues.starts, \
                 coalesce((SELECT jsonb_agg(jsonb_build_object('at', p.created_at, \
                         'unit', u.name, 'author', a.display_name, 'percent', p.percent) \
                         ORDER BY p.created_at) \
                     FROM progress_reports p \
                     JOIN item_units iu ON iu.item_id = p.item_id AND iu.unit_id = p.unit_id \
                         AND iu.role = 'lead' \
                     JOIN units u ON u.id = p.unit_id JOIN users a ON a.id = p.author_id \
                     WHERE p.item_id = $1 AND (p.created_at AT TIME ZONE 'Asia/Shanghai')::date \
                         BETWEEN dues.starts AND dues.due), '[]'::jsonb) AS reports \
             FROM dues) \
         SELECT due, starts, reports, \
             CASE WHEN jsonb_array_length(reports) > 0 THEN 'filled' \
                  WHEN due < $2 THEN 'missed' ELSE 'current' END AS state \
         FROM filled ORDER BY due DESC",
    )
    .bind(item_id)
    .bind(today)
    .bind(limit)
    .fetch_all(ex)
    .await
}
