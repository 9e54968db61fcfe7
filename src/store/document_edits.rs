//! Correcting a document's header fields, with their history, and deleting a document
//! none of whose items was published.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{FromRow, PgConnection, PgExecutor};

use crate::domain::{DocumentField, DocumentId, ItemStatus, UserId};

/// The header fields a clerk may correct.
#[derive(Debug, Clone, Default, PartialEq, Eq, FromRow)]
pub struct Header {
    pub title: Option<String>,
    pub doc_number: Option<String>,
    pub org: Option<String>,
    pub meeting_date: Option<NaiveDate>,
    pub issued_date: Option<NaiveDate>,
    pub place: Option<String>,
    pub chair: Option<String>,
    pub attendees: Vec<String>,
    pub observers: Vec<String>,
    pub recorder: Option<String>,
    pub signer: Option<String>,
}

const HEADER_COLUMNS: &str = "title, doc_number, org, meeting_date, issued_date, place, chair, \
     attendees, observers, recorder, signer";

#[derive(FromRow)]
struct HeaderRow {
    #[sqlx(flatten)]
    header: Header,
    updated_at: DateTime<Utc>,
}

async fn header_of(
    ex: impl PgExecutor<'_>,
    id: DocumentId,
    lock: &str,
) -> sqlx::Result<Option<(Header, DateTime<Utc>)>> {
    let row: Option<HeaderRow> = sqlx::query_as(&format!(
        "SELECT {HEADER_COLUMNS}, updated_at FROM documents WHERE id = $1{lock}"
    ))
    .bind(id)
    .fetch_optional(ex)
    .await?;
    Ok(row.map(|r| (r.header, r.updated_at)))
}

/// The header and when it last changed (the version a form was based on), locked.
pub async fn lock_header(
    conn: &mut PgConnection,
    id: DocumentId,
) -> sqlx::Result<Option<(Header, DateTime<Utc>)>> {
    header_of(conn, id, " FOR UPDATE").await
}

/// The header and its version, for the form.
pub async fn find_header(
    ex: impl PgExecutor<'_>,
    id: DocumentId,
) -> sqlx::Result<Option<(Header, DateTime<Utc>)>> {
    header_of(ex, id, "").await
}

pub async fn update_header(
    conn: &mut PgConnection,
    id: DocumentId,
    h: &Header,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE documents SET title = $2, doc_number = $3, org = $4, meeting_date = $5, \
             issued_date = $6, place = $7, chair = $8, attendees = $9, observers = $10, \
             recorder = $11, signer = $12 WHERE id = $1",
    )
    .bind(id)
    .bind(&h.title)
    .bind(&h.doc_number)
    .bind(&h.org)
    .bind(h.meeting_date)
    .bind(h.issued_date)
    .bind(&h.place)
    .bind(&h.chair)
    .bind(&h.attendees)
    .bind(&h.observers)
    .bind(&h.recorder)
    .bind(&h.signer)
    .execute(conn)
    .await
    .map(drop)
}

pub async fn insert_event(
    conn: &mut PgConnection,
    id: DocumentId,
    actor: UserId,
    field: DocumentField,
    (before, after): (&str, &str),
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO document_events (document_id, actor_id, field, before, after) \
         VALUES ($1, $2, $3, nullif($4, ''), nullif($5, ''))",
    )
    .bind(id)
    .bind(actor)
    .bind(field)
    .bind(before)
    .bind(after)
    .execute(conn)
    .await
    .map(drop)
}

/// One correction of a header field.
#[derive(Debug, Clone, FromRow)]
pub struct DocumentEvent {
    pub field: DocumentField,
    pub before: Option<String>,
    pub after: Option<String>,
    pub actor: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// The corrections of a document's header, newest first.
pub async fn list_events(
    ex: impl PgExecutor<'_>,
    id: DocumentId,
) -> sqlx::Result<Vec<DocumentEvent>> {
    sqlx::query_as(
        "SELECT e.field, e.before, e.after, u.display_name AS actor, e.created_at \
         FROM document_events e LEFT JOIN users u ON u.id = e.actor_id \
         WHERE e.document_id = $1 ORDER BY e.created_at DESC, e.id DESC",
    )
    .bind(id)
    .fetch_all(ex)
    .await
}

/// The statuses of the document's items, locked so that none is published meanwhile.
pub async fn lock_item_statuses(
    conn: &mut PgConnection,
    id: DocumentId,
) -> sqlx::Result<Vec<ItemStatus>> {
    sqlx::query_scalar("SELECT status FROM items WHERE document_id = $1 ORDER BY id FOR UPDATE")
        .bind(id)
        .fetch_all(conn)
        .await
}

/// Deletes the document, its sections, its items and their history. Only for a document
/// none of whose items was published: published items have reports, files and answers
/// that must never go.
pub async fn delete_document(conn: &mut PgConnection, id: DocumentId) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM item_events WHERE item_id IN (SELECT id FROM items WHERE document_id = $1)",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM items WHERE document_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM documents WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await
        .map(drop)
}
