//! What the 督办通知单 of a document list: each published item once per unit that leads or
//! helps with it.

use chrono::NaiveDate;
use sqlx::{FromRow, PgExecutor};

use crate::domain::{DocumentId, Recurrence, UnitId, UnitRole};

/// One item as one unit's slip lists it.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct SlipRow {
    pub unit_id: UnitId,
    pub unit_name: String,
    pub role: UnitRole,
    pub register_number: Option<String>,
    pub title: String,
    pub leader: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub recurrence: Option<Recurrence>,
    pub report_day: Option<i16>,
}

/// The document's published items by unit (units leading something first, then by name),
/// each unit's items in register order.
pub async fn list_slip_rows(
    ex: impl PgExecutor<'_>,
    document: DocumentId,
) -> sqlx::Result<Vec<SlipRow>> {
    sqlx::query_as(
        "SELECT u.id AS unit_id, u.name AS unit_name, iu.role, i.register_number, i.title, \
             l.name AS leader, i.due_date, i.recurrence, i.report_day \
         FROM items i JOIN item_units iu ON iu.item_id = i.id JOIN units u ON u.id = iu.unit_id \
         LEFT JOIN leaders l ON l.id = i.leader_id \
         WHERE i.document_id = $1 AND i.status NOT IN ('draft', 'dismissed') \
         ORDER BY bool_or(iu.role = 'lead') OVER (PARTITION BY u.id) DESC, u.name, u.id, \
             iu.role, i.register_year, i.register_seq, i.span_start, i.id",
    )
    .bind(document)
    .fetch_all(ex)
    .await
}
